"""Article -> display blocks: plain data first, then Textual `Content` built from plain strings.

Web text is never parsed as markup: every string goes through `clean_text`/`clean_line` and into `Content`
as literal text, and styles are attached as spans we create. The only action string we ever build is
`screen.follow_link(<int>)`, from a number we assigned, so a title such as `[@click=app.quit]` stays text.

Blocks are kept as data (`Run`s with an optional link number) so the article screen can re-render one block
to highlight the selected link without rebuilding the whole article.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from textual.content import Content, Span
from textual.style import Style

from newsreader.models import (
    Article,
    Block,
    Figure,
    Heading,
    Image,
    ListBlock,
    Paragraph,
    Preformatted,
    Quote,
    StoryLink,
    Table,
)
from newsreader.text import clean_line, clean_pre, clean_text
from newsreader.ui.formatting import long_date
from newsreader.urls import is_web_url

LINK_STYLE = "underline"
NUMBER_STYLE = "bold $text-accent"
HIGHLIGHT_STYLE = "reverse"
Section = Literal["body", "read-next", "related"]


@dataclass(slots=True)
class LinkRef:
    """A numbered link the reader can follow (`3 enter`) or open in the browser (`3 o`)."""

    number: int
    url: str
    title: str
    section: Section = "body"


@dataclass(slots=True)
class Run:
    """A piece of text with a style; `link` makes it part of link number `link` (clickable)."""

    text: str
    style: str = ""
    link: int | None = None


@dataclass(slots=True)
class TextBlock:
    """A block shown as one widget; `kind` becomes its CSS class (styles live in app.tcss)."""

    kind: str
    runs: list[Run]

    @property
    def links(self) -> set[int]:
        return {r.link for r in self.runs if r.link is not None}

    def content(self, highlight: int | None = None) -> Content:
        """The block as Content; the runs of link `highlight` are shown reversed."""
        text = "".join(r.text for r in self.runs)
        spans: list[Span] = []
        pos = 0
        for run in self.runs:
            end = pos + len(run.text)
            if run.style:
                spans.append(Span(pos, end, run.style))
            if run.link is not None:
                spans.append(Span(pos, end, Style.from_meta({"@click": f"screen.follow_link({run.link})"})))
                if run.link == highlight:
                    spans.append(Span(pos, end, HIGHLIGHT_STYLE))
            pos = end
        return Content(text, spans)


@dataclass(slots=True)
class ImageBlock:
    """A figure whose image may be shown inline; `placeholder` is what shows until (or unless) it loads."""

    src: str
    alt: str
    placeholder: TextBlock


@dataclass(slots=True)
class TableBlock:
    rows: list[list[str]]


DisplayBlock = TextBlock | ImageBlock | TableBlock


@dataclass(slots=True)
class RenderedArticle:
    blocks: list[DisplayBlock] = field(default_factory=list)
    links: list[LinkRef] = field(default_factory=list)

    def link(self, number: int) -> LinkRef | None:
        return self.links[number - 1] if 0 < number <= len(self.links) else None


class _Builder:
    """Walks an Article once, numbering links in reading order (body, then Read Next, then Related)."""

    def __init__(self, inline_images: bool) -> None:
        self.inline_images = inline_images
        self.out = RenderedArticle()

    def add_link(self, url: str, title: str, section: Section) -> int | None:
        if not is_web_url(url):
            return None
        number = len(self.out.links) + 1
        self.out.links.append(LinkRef(number, url, clean_line(title, max_len=200) or url, section))
        return number

    def text(self, kind: str, *runs: Run) -> None:
        if any(r.text for r in runs):
            self.out.blocks.append(TextBlock(kind, list(runs)))

    def header(self, article: Article) -> None:
        self.text("title", Run(clean_line(article.title) or clean_line(article.url)))
        byline = clean_line(article.byline, max_len=200)
        parts = [f"By {byline}" if byline and not byline.lower().startswith("by ") else byline]
        parts += [long_date(article.published), clean_line(article.site_name, max_len=100)]
        self.text("byline", Run(" · ".join(p for p in parts if p)))
        if article.note:
            self.text("note", Run(clean_line(article.note, max_len=300)))
        if article.lead_image:
            self.figure(_as_figure(article.lead_image), lead=True)

    def block(self, block: Block) -> None:
        if isinstance(block, Paragraph):
            self.paragraph(block)
        elif isinstance(block, Heading):
            self.text(f"heading h{min(max(block.level, 1), 4)}", Run(clean_line(block.text)))
        elif isinstance(block, Quote):
            self.quote(block)
        elif isinstance(block, Figure):
            self.figure(block)
        elif isinstance(block, ListBlock):
            self.list_block(block)
        elif isinstance(block, Preformatted):
            self.text("pre", Run(clean_pre(block.text)))
        elif isinstance(block, Table) and block.rows:
            rows = [[clean_line(cell, max_len=200) for cell in row] for row in block.rows]
            self.out.blocks.append(TableBlock(rows))

    def paragraph(self, block: Paragraph) -> None:
        text = clean_text(block.text)
        runs: list[Run] = []
        pos = 0
        for link in block.links:
            number = self.add_link(link.url, link.text or link.url, "body")
            if number is None:
                continue
            label = clean_line(link.text)
            found = text.find(label, pos) if label else -1
            if found < 0:  # link text not in the paragraph: number it at the end
                runs.append(Run(text[pos:]))
                pos = len(text)
                runs.append(Run(" "))
            else:
                runs.append(Run(text[pos:found]))
                runs.append(Run(label, LINK_STYLE, number))
                pos = found + len(label)
            runs.append(Run(f"[{number}]", NUMBER_STYLE, number))
        runs.append(Run(text[pos:]))
        self.text("paragraph", *runs)

    def quote(self, block: Quote) -> None:
        cite = clean_line(block.cite, max_len=200)
        body = Run(clean_text(block.text), "italic")
        if block.kind in ("tweet", "post"):
            # An embedded post: who and when, the text, then its permalink exactly as the page gave it.
            who = cite or ("Tweet" if block.kind == "tweet" else "Post")
            author = Run(" · ".join(p for p in (who, clean_line(block.date)[:10]) if p) + "\n", "bold")
            link = [Run("\n" + clean_line(block.url, max_len=500), "dim")] if block.url else []
            self.text("quote tweet", author, body, *link)
            return
        attribution = [Run(f"\n— {cite}", "dim")] if cite else []
        self.text(f"quote {block.kind}", body, *attribution)

    def figure(self, block: Figure, lead: bool = False) -> None:
        alt = clean_line(block.alt, max_len=200)
        caption = clean_line(block.caption, max_len=1000)
        credit = clean_line(block.credit, max_len=200)
        runs = [Run(f"[image: {alt or 'picture'}]", "dim")]
        if caption:
            runs.append(Run("\n" + caption))
        if credit:
            runs.append(Run(("  " if caption else "\n") + credit, "dim italic"))
        kind = "figure lead" if lead else "figure"
        placeholder = TextBlock(kind, runs)
        if self.inline_images and block.src and is_web_url(block.src):
            self.out.blocks.append(ImageBlock(block.src, alt, placeholder))
        else:
            self.out.blocks.append(placeholder)

    def list_block(self, block: ListBlock) -> None:
        runs: list[Run] = []
        for i, item in enumerate(block.items, start=1):
            bullet = f"{i}. " if block.ordered else "• "
            runs.append(Run(("\n" if runs else "") + bullet, "$text-accent"))
            runs.append(Run(clean_line(item, max_len=2000)))
        self.text("list", *runs)

    def stories(self, title: str, kind: Section, stories: list[StoryLink]) -> None:
        numbered = [(self.add_link(s.url, s.title, kind), s) for s in stories]
        shown = [(n, s) for n, s in numbered if n is not None]
        if not shown:
            return
        self.text("section-title", Run(title))
        for number, story in shown:
            runs = [Run(f"[{number}] ", NUMBER_STYLE, number), Run(clean_line(story.title), "bold", number)]
            summary = clean_line(story.summary, max_len=400)
            if summary:
                runs.append(Run("\n" + summary, "dim"))
            self.text("story", *runs)


def _as_figure(image: Image) -> Figure:
    return Figure(image.src, image.alt, image.caption, image.credit)


def render_article(article: Article, *, inline_images: bool = False) -> RenderedArticle:
    """The display blocks and numbered links of `article` (pure: no I/O, no widgets)."""
    builder = _Builder(inline_images)
    builder.header(article)
    for block in article.blocks:
        builder.block(block)
    builder.stories("Read next", "read-next", article.read_next)
    builder.stories("Related", "related", article.related)
    return builder.out
