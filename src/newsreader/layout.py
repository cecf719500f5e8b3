"""Article -> display blocks: the one layout every front end renders (the TUI, `read --plain`).

The rules that must read the same everywhere live here and nowhere else:
- **Link numbering**: body links in reading order, then Read Next, then Related; a link's number follows
  its text (`see here[1] and here[2] too`: each label is searched for after the previous one), or ends the
  paragraph when its text is not in it.
- **URL policy**: only web URLs (`urls.is_web_url`) get a number; any other scheme stays plain text.
- **Display sanitising**: this is the display boundary (docs/DESIGN.md, "Sanitising"). Every string of an
  article's layout is cleaned here, and every other line a front end shows goes through `display_line`
  (the TUI's table cells, status line, title bar and dialogs; the CLI's lines) or `display_url`, so front
  ends only style and never clean.

Blocks are plain data (no Textual): `Run`s of text with a semantic `role` and an optional link number.
The TUI maps roles to styles and can re-render one block to highlight a link; `plain.py` maps them to
text decoration.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from newsreader.models import (
    Article,
    Block,
    Enclosure,
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
from newsreader.text import (
    ITEM,
    LINE,
    MESSAGE,
    NAME,
    SHORT,
    SUMMARY,
    clean_line,
    clean_pre,
    clean_text,
    escape_suspects,
    strip_controls,
)
from newsreader.urls import is_web_url

Section = Literal["body", "read-next", "related"]
# What a run is, for the front end to style: "" plain text, "link" a link's label, "number" its `[n]`.
Role = Literal[
    "",
    "link",
    "number",
    "quote",
    "cite",
    "author",
    "bullet",
    "caption",
    "credit",
    "placeholder",
    "story",
    "summary",
    "em",
    "strong",
    "code",
]
SECTION_TITLES: dict[Section, str] = {"read-next": "Read next", "related": "Related"}


@dataclass(slots=True)
class LinkRef:
    """A numbered link the reader can follow (`3 enter`) or open in the browser (`3 o`)."""

    number: int
    url: str
    title: str
    section: Section = "body"


@dataclass(slots=True)
class Run:
    """A piece of text with a role; `link` makes it part of link number `link`."""

    text: str
    role: Role = ""
    link: int | None = None


@dataclass(slots=True)
class TextBlock:
    """A block of text; `kind` names what it is (title, byline, paragraph, heading h2, quote tweet, …)."""

    kind: str
    runs: list[Run]

    @property
    def links(self) -> set[int]:
        return {r.link for r in self.runs if r.link is not None}

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)

    def offset_of_link(self, number: int) -> int:
        """Where link `number`'s first run starts in `text` (0 when it is not in this block)."""
        pos = 0
        for run in self.runs:
            if run.link == number:
                return pos
            pos += len(run.text)
        return 0

    def parts(self, role: Role) -> list[str]:
        """The texts of the runs with `role` (the whitespace that only separates runs removed)."""
        return [r.text.strip() for r in self.runs if r.role == role]


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
class ArticleLayout:
    blocks: list[DisplayBlock] = field(default_factory=list)
    links: list[LinkRef] = field(default_factory=list)

    def link(self, number: int) -> LinkRef | None:
        return self.links[number - 1] if 0 < number <= len(self.links) else None


def display_line(text: str | None, limit: int = MESSAGE) -> str:
    """Untrusted text as one line fit to show, cut with "…" at `limit` (a limit from `newsreader.text`).

    The display boundary for everything outside an article: front ends pass raw strings (a feed name, a
    server's error, a URL in a message) to the place that shows them, and that place calls this."""
    return clean_line(text, max_len=limit)


def display_lines(text: str | None, limit: int = MESSAGE) -> str:
    """`display_line` for each line of a message shown on several lines (a toast, a details pane)."""
    return "\n".join(display_line(line, limit) for line in (text or "").split("\n"))


def display_value(text: str | None) -> str:
    """Untrusted text put in an input field to edit (a filter, a feed's name): what a terminal would act on
    goes (controls, escapes, bidi and invisible characters), but spaces and length stay as they are, since
    the reader submits the value back."""
    return strip_controls(text or "").replace("\n", " ")


def display_json(data: Any, *, ascii_only: bool = False) -> str:
    """`data` as an indented JSON document for a terminal or a pipe: every value exact (a script reads what
    is stored), but a control, bidi or invisible character only ever as a `\\uXXXX` escape, never raw."""
    return escape_suspects(json.dumps(data, ensure_ascii=ascii_only, indent=2))


def display_url(url: str, *, max_len: int = MESSAGE) -> str:
    """`url` for showing, exactly as it will be fetched, with a warning in front when it could mislead.

    The URL is shown from the parse the HTTP client makes (so the host shown is the host connected to), with
    its host in ASCII: `https://good.example\\@evil.test/` shows as `https://good.example%5C@evil.test/`
    behind "goes to evil.test", and a look-alike international name (`аpple.com`, Cyrillic а) shows as
    `xn--pple-43d.com` behind its Unicode form.
    """
    import httpx  # the client's own parser; imported here, as headless commands start without httpx

    try:
        parsed = httpx.URL(url)
        host = parsed.raw_host.decode("ascii")
    except (httpx.InvalidURL, UnicodeError, TypeError, ValueError):
        return clean_line(url, max_len=max_len)
    warnings = []
    if parsed.userinfo:
        before = clean_line(parsed.userinfo.decode("ascii", "replace"), max_len=NAME)
        warnings.append(f"goes to {host}, not {before}")
    if any(label.startswith("xn--") for label in host.split(".")):
        warnings.append(f"international name {clean_line(parsed.host, max_len=NAME)}")
    shown = clean_line(str(parsed), max_len=max_len)
    return f"⚠ {'; '.join(warnings)}: {shown}" if warnings else shown


def parse_time(iso: str | None) -> datetime | None:
    """An ISO 8601 timestamp as a local datetime, or None when absent or unreadable.

    Dates are absolute (never "3 hours ago"): a list that reads the same tomorrow is easier to scan, and
    the snapshot tests stay deterministic. They are shown in the local time zone."""
    if not iso:
        return None
    try:
        when = datetime.fromisoformat(iso)
    except ValueError:
        return None
    return when.astimezone() if when.tzinfo else when


def short_date(iso: str | None) -> str:
    """`2026-03-06` (10 columns), or blanks: the headline list's date column."""
    when = parse_time(iso)
    return when.strftime("%Y-%m-%d") if when else " " * 10


def long_date(iso: str | None) -> str:
    """`6 March 2026, 07:45` for the article byline."""
    when = parse_time(iso)
    if when is None:
        return ""
    return f"{when.day} {when:%B %Y, %H:%M}"


def megabytes(size: int) -> str:
    """A byte count as people read file sizes: "52.3 MB" (decimal megabytes, one decimal)."""
    return f"{size / 1_000_000:.1f} MB"


def file_size(size: int) -> str:
    """A file's size to read at a glance: "52.3 MB", and below a megabyte "48 kB" or "512 bytes" (a podcast
    trailer's 48,000 bytes is not "0.0 MB")."""
    if size >= 999_500:  # what would round to "1000 kB"
        return megabytes(size)
    if size >= 1000:
        return f"{size / 1000:.0f} kB"
    return "1 byte" if size == 1 else f"{size} bytes"


def describe_enclosure(enclosure: Enclosure) -> str:
    """One line: type, duration, size (what is known), e.g. "audio/mpeg · 1:02:03 · 52.3 MB"."""
    parts = [clean_line(enclosure.type, max_len=NAME) or "file"]
    if enclosure.duration:
        hours, rest = divmod(enclosure.duration, 3600)
        parts.append(f"{hours}:{rest // 60:02}:{rest % 60:02}" if hours else f"{rest // 60}:{rest % 60:02}")
    if enclosure.length:
        parts.append(file_size(enclosure.length))
    return " · ".join(parts)


class _Builder:
    """Walks an Article once, numbering links in reading order (body, then Read Next, then Related)."""

    def __init__(self, inline_images: bool, enclosure_hint: str = "") -> None:
        self.inline_images = inline_images
        self.enclosure_hint = enclosure_hint
        self.out = ArticleLayout()

    def add_link(self, url: str, title: str, section: Section) -> int | None:
        if not is_web_url(url):
            return None
        number = len(self.out.links) + 1
        self.out.links.append(LinkRef(number, url, clean_line(title, max_len=SHORT) or url, section))
        return number

    def text(self, kind: str, *runs: Run) -> None:
        if any(r.text for r in runs):
            self.out.blocks.append(TextBlock(kind, list(runs)))

    def header(self, article: Article) -> None:
        self.text("title", Run(clean_line(article.title) or clean_line(article.url)))
        byline = clean_line(article.byline, max_len=SHORT)
        parts = [f"By {byline}" if byline and not byline.lower().startswith("by ") else byline]
        parts += [long_date(article.published), clean_line(article.site_name, max_len=NAME)]
        self.text("byline", Run(" · ".join(p for p in parts if p)))
        if article.note:
            self.text("note", Run(clean_line(article.note, max_len=MESSAGE)))
        self.enclosures(article.enclosures)
        if article.lead_image:
            self.figure(_as_figure(article.lead_image), lead=True)

    def enclosures(self, enclosures: list[Enclosure]) -> None:
        """The entry's media files, numbered for `e` (play) and `E` (download), URLs as they are fetched."""
        if not enclosures:
            return
        runs = [Run("Enclosures", "author")]
        if self.enclosure_hint:  # the TUI's keys; `read --plain` names none (its reader has no keys)
            runs += [Run("  "), Run(self.enclosure_hint, "summary")]
        for n, item in enumerate(enclosures, start=1):
            runs.append(Run(f"\n[{n}] ", "number"))
            runs.append(Run(describe_enclosure(item) + "  "))
            runs.append(Run(clean_line(item.url, max_len=MESSAGE), "summary"))
        self.text("enclosures", *runs)

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
            rows = [[clean_line(cell, max_len=SHORT) for cell in row] for row in block.rows]
            self.out.blocks.append(TableBlock(rows))

    def paragraph(self, block: Paragraph) -> None:
        """Links and marks (emphasis, strong, code) are found in the text in order; a link whose text is
        not there (and every link after it) is numbered at the end of the paragraph."""
        text = clean_text(block.text)
        spans: list[tuple[int, int, Role, int | None]] = []
        tail: list[int] = []
        pos = 0
        for link in block.links:
            number = self.add_link(link.url, link.text or link.url, "body")
            if number is None:
                continue
            label = clean_line(link.text)
            found = text.find(label, pos) if label and not tail else -1
            if found < 0:
                tail.append(number)
                continue
            spans.append((found, found + len(label), "link", number))
            pos = found + len(label)
        spans += _mark_spans(text, block, [(s, e) for s, e, _, _ in spans])
        runs: list[Run] = []
        pos = 0
        for start, end, role, number in sorted(spans, key=lambda span: span[0]):
            if start < pos:
                continue  # a mark inside another one: the outer one shows
            runs += [Run(text[pos:start]), Run(text[start:end], role, number)]
            if number is not None:
                runs.append(Run(f"[{number}]", "number", number))
            pos = end
        runs.append(Run(text[pos:]))
        for number in tail:
            runs += [Run(" "), Run(f"[{number}]", "number", number)]
        self.text("paragraph", *runs)

    def quote(self, block: Quote) -> None:
        cite = clean_line(block.cite, max_len=SHORT)
        body = Run(clean_text(block.text), "quote")
        if block.kind in ("tweet", "post"):  # an embedded post (X, Instagram, Mastodon, Bluesky, …)
            kind = "quote tweet" if block.kind == "tweet" else "quote tweet post"
            header = self._post_header(block, cite, bool(body.text))
            # An embed with no text of its own (an iframe) is its header line alone.
            self.text(kind, *(header + [Run("\n"), body] if body.text else header))
            return
        attribution = [Run(f"\n— {cite}", "cite")] if cite else []
        self.text(f"quote {block.kind}", body, *attribution)

    def _post_header(self, block: Quote, cite: str, has_text: bool) -> list[Run]:
        """An embedded post's author, its network (for a post; a tweet says it already), its date and its
        numbered permalink, on one line above the text; a post with no text of its own says what it is
        instead ("Instagram post by @name"), the label its link carries too."""
        platform = clean_line(block.platform, max_len=NAME)
        title = post_label(block)
        runs = [Run((cite or platform or "Post") if has_text else title, "author")]
        if has_text and platform and cite and block.kind == "post":
            runs.append(Run(f" · {platform}", "cite"))
        if date := clean_line(block.date, max_len=NAME):
            runs.append(Run(f" · {date}", "cite"))
        if block.url and (number := self.add_link(block.url, title, "body")):
            runs += [Run(" "), Run(f"[{number}]", "number", number)]
        return runs

    def figure(self, block: Figure, lead: bool = False) -> None:
        alt = clean_line(block.alt, max_len=SHORT)
        caption = clean_line(block.caption, max_len=LINE)
        credit = clean_line(block.credit, max_len=SHORT)
        runs = [Run(f"[image: {alt or 'picture'}]", "placeholder")]
        if caption:
            runs.append(Run("\n" + caption, "caption"))
        if credit:
            runs.append(Run(("  " if caption else "\n") + credit, "credit"))
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
            runs.append(Run(("\n" if runs else "") + bullet, "bullet"))
            runs.append(Run(clean_line(item, max_len=ITEM)))
        self.text("list", *runs)

    def stories(self, section: Section, stories: list[StoryLink]) -> None:
        numbered = [(self.add_link(s.url, s.title, section), s) for s in stories]
        shown = [(n, s) for n, s in numbered if n is not None]
        if not shown:
            return
        self.text("section-title", Run(SECTION_TITLES[section]))
        for number, story in shown:
            runs = [Run(f"[{number}] ", "number", number), Run(clean_line(story.title), "story", number)]
            summary = clean_line(story.summary, max_len=SUMMARY)
            if summary:
                runs.append(Run("\n" + summary, "summary"))
            self.text("story", *runs)


def post_label(block: Quote) -> str:
    """What an embedded post is, in words: "Instagram post by @name", "X post", "Embedded post" - the one
    label of a post everywhere it is named (its link, and the line of a post that has no text)."""
    platform = clean_line(block.platform, max_len=NAME)
    cite = clean_line(block.cite, max_len=SHORT)
    noun = f"{platform} post" if platform else ("Post" if cite else "Embedded post")
    return f"{noun} by {cite}" if cite else noun


def _mark_spans(
    text: str, block: Paragraph, taken: list[tuple[int, int]]
) -> list[tuple[int, int, Role, int | None]]:
    """Where the paragraph's marks are, in order, leaving out any that overlap a link."""
    spans: list[tuple[int, int, Role, int | None]] = []
    pos = 0
    for mark in block.marks:
        label = clean_line(mark.text)
        found = text.find(label, pos) if label else -1
        if found < 0:
            continue
        end = found + len(label)
        if not any(start < end and found < stop for start, stop in taken):
            spans.append((found, end, mark.style, None))
        pos = end
    return spans


def _as_figure(image: Image) -> Figure:
    return Figure(image.src, image.alt, image.caption, image.credit)


def numbered_links(article: Article) -> list[dict[str, Any]]:
    """The reader's numbered links as `read --json` gives them: `[n]` in the text output and the TUI is
    `n` here (`section`: body, read-next or related), so a script needs no numbering of its own."""
    return [
        {"n": ref.number, "section": ref.section, "title": ref.title, "url": ref.url}
        for ref in layout_article(article).links
    ]


def layout_article(
    article: Article, *, inline_images: bool = False, enclosure_hint: str = ""
) -> ArticleLayout:
    """The display blocks and numbered links of `article` (pure: no I/O, no widgets); `enclosure_hint`
    follows the "Enclosures" label (the TUI's keys for them)."""
    builder = _Builder(inline_images, enclosure_hint)
    builder.header(article)
    for block in article.blocks:
        builder.block(block)
    builder.stories("read-next", article.read_next)
    builder.stories("related", article.related)
    return builder.out
