"""Turning the chosen container into typed blocks, keeping the structure a reader needs.

Inline content accumulates into a paragraph (with its links, in order) until a block-level element ends
it; block elements map to their block types. Containers that are mostly links (tag clouds, "more" lists
that survived cleaning) are skipped. Every string goes through the text.py cleaners here.
"""

from __future__ import annotations

import re
from dataclasses import replace

from newsreader.extract.content import Stats
from newsreader.extract.dom import (
    HEADINGS,
    Element,
    class_weight,
    is_pull_quote,
    signature,
    spaced_text,
    tag_of,
)
from newsreader.extract.embeds import embedded_post, holds_embed, is_embed
from newsreader.extract.figures import (
    build_figure,
    gallery_caption,
    gallery_parts,
    is_figure_like,
    is_media_box,
    is_tiny,
    main_image,
)
from newsreader.models import (
    Block,
    Figure,
    Heading,
    Link,
    ListBlock,
    Mark,
    MarkStyle,
    Paragraph,
    Preformatted,
    Quote,
    QuoteKind,
    Table,
)
from newsreader.text import ITEM, clean_line, clean_pre, clean_text
from newsreader.urls import absolutize

_WS = re.compile(r"\s+")
_MAX_DEPTH = 180
_CONTAINER_SKIP = frozenset(("nav", "footer", "aside", "form", "menu"))
_PROSE_CHARS = 500
_MAX_SPEAKER = 80


class BlockBuilder:
    """Walks elements in document order and emits blocks."""

    def __init__(self, base: str | None, stats: Stats | None, title: str | None) -> None:
        self.base = base
        self.stats = stats
        self.title = (title or "").casefold()
        self.blocks: list[Block] = []
        self._parts: list[str] = []
        self._links: list[Link] = []
        self._marks: list[Mark] = []
        self._skip: set[Element] = set()

    def build(self, roots: list[Element]) -> list[Block]:
        for root in roots:
            if is_figure_like(root, self._text_len(root)):
                self._figure(root)  # a captioned image beside the body's paragraphs
            elif tag_of(root) in ("body", "div", "section", "article", "main", "td"):
                self._container(root, 0)  # chosen as content: never second-guessed as a link farm
            else:
                self._block(root, 0)
        self._flush()
        return self.blocks

    # paragraphs -------------------------------------------------------------------------------
    def _flush(self) -> None:
        text = clean_text("".join(self._parts))
        if text:
            self.blocks.append(Paragraph(text, self._links, marks=self._marks))
        self._parts, self._links, self._marks = [], [], []

    def _add_text(self, text: str | None) -> None:
        if text:
            self._parts.append(_WS.sub(" ", text))

    def _container(self, el: Element, depth: int) -> None:
        self._add_text(el.text)
        last_br = False
        for child in el:
            tag = tag_of(child)
            if tag == "br":
                if last_br:
                    self._flush()
                else:
                    self._parts.append("\n")
                last_br = True
                self._add_text(child.tail)
                if (child.tail or "").strip():
                    last_br = False
                continue
            last_br = False
            if child in self._skip:
                pass
            elif self._is_block(child):
                self._flush()
                self._block(child, depth + 1)
            else:
                self._inline(child, depth + 1)
            self._add_text(child.tail)

    def _is_block(self, el: Element) -> bool:
        tag = tag_of(el)
        if tag in ("img", "picture") or is_figure_like(el, self._text_len(el)):
            return True
        if self.stats is not None:
            return tag in _BLOCKISH or el in self.stats.has_block
        return tag in _BLOCKISH or any(tag_of(d) in _BLOCKISH for d in el.iterdescendants())

    def _inline(self, el: Element, depth: int) -> None:
        tag = tag_of(el)
        if not tag or depth > _MAX_DEPTH:
            self._add_text(el.text_content() if tag else None)
            return
        if tag == "a":
            # A <br> inside the link still parts words ("… $9<br></a>Zack Morris" is not "$9Zack").
            words = _link_words(el)
            text = clean_line(words)
            url = absolutize(el.get("href"), self.base)
            if url and text:
                self._links.append(Link(text, url))
            self._add_text(words)
            return
        if (style := _MARKS.get(tag)) and (text := clean_line(el.text_content())):
            self._marks.append(Mark(text, style))
        self._container(el, depth)

    # blocks -------------------------------------------------------------------------------------
    def _block(self, el: Element, depth: int) -> None:
        tag = tag_of(el)
        if not tag:
            return
        if depth > _MAX_DEPTH:
            self._flush()
            self._add_text(el.text_content())
            self._flush()
            return
        sig = signature(el)
        if tag in ("blockquote", "div", "figure", "aside") and is_embed(el, sig):
            self._embed(el)
        elif tag == "blockquote" or is_pull_quote(el, sig):
            self._quote(el, sig)
        elif tag in ("div", "figure") and (speaker := _speaker_beside(el)) is not None:
            self._quote(el, sig, speaker)
        elif tag == "figure" and el.find(".//img") is None and holds_embed(el):
            self._container(el, depth)  # WordPress's embed figure: the post or player, then its caption
            self._flush()
        elif tag == "figure" and el.find(".//img") is None and el.find(".//blockquote") is not None:
            self._quote(el, sig)  # <figure><blockquote>…</blockquote><figcaption>Who</figcaption></figure>
        elif is_figure_like(el, self._text_len(el)):
            self._figure(el)
        elif tag in HEADINGS:
            self._heading(el, int(tag[1]))
        elif tag in ("ul", "ol"):
            self._list(el, depth)
        elif tag == "pre":
            text = clean_pre(el.text_content())
            if text:
                self.blocks.append(Preformatted(text))
        elif tag == "table":
            self._table(el, depth)
        elif tag == "hr" or tag in _CONTAINER_SKIP:
            return
        elif tag in ("p", "li", "dd", "dt", "td", "th", "figcaption", "summary"):
            self._container(el, depth)
            self._flush()
        elif not self._link_farm(el):
            self._container(el, depth)
            self._flush()

    def _text_len(self, el: Element) -> int | None:
        return self.stats.text.get(el) if self.stats is not None else None

    def _link_farm(self, el: Element) -> bool:
        """A container that is mostly links (or named like chrome and short) is not article text."""
        if self.stats is None:
            return False
        density = self.stats.density(el)
        weight = class_weight(el)
        if density > (0.6 if weight >= 25 else 0.45):
            # A wrapper with a lot of unlinked text around its link lists holds prose: descend, and let
            # each child be judged on its own.
            total = self.stats.text.get(el, 0)
            return not (el in self.stats.has_block and total - self.stats.linked.get(el, 0) >= _PROSE_CHARS)
        return weight < 0 and self.stats.text.get(el, 0) < 200 and el.find(".//img") is None

    def _heading(self, el: Element, level: int) -> None:
        text = clean_line(el.text_content())
        if not text:
            return
        if text.casefold() == self.title:
            # The title is shown above the body; a kicker link right before it is page furniture.
            if self.blocks and _is_kicker(self.blocks[-1]) and len(self.blocks) == 1:
                self.blocks.pop()
            return
        self.blocks.append(Heading(level, text))

    def _figure(self, el: Element) -> None:
        if parts := gallery_parts(el):
            # A gallery in one figure: each picture with its own caption, then the caption of them all
            # (on the last picture, when none has one of its own).
            start = len(self.blocks)
            for part in parts:
                self._figure(part)
            shared = gallery_caption(el, parts)
            pictures = [b for b in self.blocks[start:] if isinstance(b, Figure)]
            if shared is not None and pictures and not any(f.caption or f.credit for f in pictures):
                i = len(self.blocks) - 1 - self.blocks[::-1].index(pictures[-1])
                self.blocks[i] = replace(pictures[-1], caption=shared.caption, credit=shared.credit)
            elif shared is not None:
                self.blocks.append(shared)
            return
        img = main_image(el)
        if img is not None and is_tiny(img):
            return
        figure, consumed = build_figure(el, self.base)
        self._skip.update(consumed)
        if figure is not None:
            self.blocks.append(figure)

    def _list(self, el: Element, depth: int) -> None:
        if self._link_farm(el):
            return
        if not any(tag_of(c) == "li" for c in el):
            # `<ul>` used for indentation (old hand-written pages): it is ordinary content.
            self._container(el, depth)
            self._flush()
            return
        lis = [li for li in el if tag_of(li) == "li"]
        if len(lis) >= 2 and all(is_media_box(li, self._text_len(li)) for li in lis):
            for li in lis:  # a gallery: every item one captioned picture
                self._figure(li)
            return
        items: list[str] = []
        for li in lis:
            nested = [c for c in li if tag_of(c) in ("ul", "ol")]
            text = clean_line(spaced_text(li, nested), max_len=ITEM)
            if text:
                items.append(text)
            for sub in nested:
                items.extend(clean_line(spaced_text(s), max_len=ITEM) for s in sub.iter("li"))
        items = [i for i in items if i]
        if items:
            self.blocks.append(ListBlock(items, ordered=tag_of(el) == "ol"))

    def _table(self, el: Element, depth: int) -> None:
        rows: list[list[str]] = []
        layout = el.find(".//table") is not None
        for tr in el.iter("tr"):
            cells = [c for c in tr if tag_of(c) in ("td", "th")]
            if any(len(c.text_content()) > 400 or c.find(".//p") is not None for c in cells):
                layout = True
                break
            row = [clean_line(c.text_content()) for c in cells]
            if any(row):
                rows.append(row)
        if layout or (rows and max(len(r) for r in rows) == 1):
            self._container(el, depth)
            self._flush()
        elif rows:
            self.blocks.append(Table(rows))

    def _quote(self, el: Element, sig: str, speaker: Element | None = None) -> None:
        tag = tag_of(el)
        cite_el = speaker
        if cite_el is None:
            cite_el = next((c for c in el.iter("footer", "cite", "figcaption") if c is not el), None)
        if cite_el is None:
            cite_el = _attribution(el)
        cite = clean_line(cite_el.text_content()).lstrip("—–- ") if cite_el is not None else ""
        if cite_el is not None:
            cite_el.drop_tree()
        if not cite and el.get("cite"):
            cite = absolutize(el.get("cite"), self.base) or ""
        inner = BlockBuilder(self.base, self.stats, None)
        inner._container(el, 0)
        inner._flush()
        text = "\n\n".join(_block_text(b) for b in inner.blocks if _block_text(b))
        if not text:
            return
        said = [b.cite for b in inner.blocks if isinstance(b, Quote) and b.cite]
        if not cite and len(said) == 1:
            cite = said[0]  # a quote box around the quote and its speaker, in wrappers of their own
        strong_pull = re.search(r"pull-?quote|pullout", sig)
        boxed = tag not in ("blockquote", "figure") and speaker is None  # an aside or div set apart
        kind: QuoteKind = "pullquote" if boxed or strong_pull else "blockquote"
        self.blocks.append(Quote(text=clean_text(text), kind=kind, cite=cite or None))

    def _embed(self, el: Element) -> None:
        above = self.blocks[-1] if self.blocks else None
        shown = {self.title, *([above.text.casefold()] if isinstance(above, Heading) else [])}
        block = embedded_post(el, self.base, shown)
        if block is not None:
            self.blocks.append(block)


_MARKS: dict[str, MarkStyle] = {
    "em": "em",
    "i": "em",
    "cite": "em",
    "strong": "strong",
    "b": "strong",
    "code": "code",
    "kbd": "code",
    "samp": "code",
    "tt": "code",
}


_BLOCKISH = frozenset(
    "address article aside blockquote center dd details div dl dt fieldset figcaption figure footer form "
    "h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table tr td th ul summary".split()
)


def _speaker_beside(el: Element) -> Element | None:
    """`<div><blockquote>…</blockquote><div>Name, role</div></div>`: a quote with its speaker in the element
    after it, as pages with generated class names write it (no `<cite>`, `<footer>` or `<figcaption>`)."""
    kids = [c for c in el if tag_of(c)]
    if len(kids) != 2 or tag_of(kids[0]) != "blockquote" or (el.text or "").strip():
        return None
    quote, who = kids
    if is_embed(quote, signature(quote)) or (quote.tail or "").strip() or (who.tail or "").strip():
        return None
    text = clean_line(who.text_content())
    if (
        not text
        or len(text) > _MAX_SPEAKER
        or text[-1] in ".!?:"
        or len(who.xpath(".//*[self::a or self::img]"))
    ):
        return None
    return who


_ATTRIBUTION = re.compile(r"author|attribution|source|speaker|byline|autor|auteur", re.I)
_DASHES = "—–"


def _attribution(quote: Element) -> Element | None:
    """The quote's last line when it names the speaker: an element named so ("quote-author",
    "Quote-attribution", "zitat-autor") or a short paragraph opening with a dash ("— Mayor Ann Berg")."""
    last = next((c for c in reversed(quote) if tag_of(c) and c.text_content().strip()), None)
    if last is None or last is quote[0] or (last.tail or "").strip():
        return None  # the quote itself, or words after it
    text = clean_line(last.text_content())
    if not text or len(text) > _MAX_SPEAKER or last.find(".//img") is not None:
        return None  # no words once cleaned (a zero-width space), too long, or a picture
    named = _ATTRIBUTION.search(last.get("class") or "")
    return last if named or (tag_of(last) == "p" and text[0] in _DASHES) else None


def _link_words(a: Element) -> str:
    """The link's text, with a space where a `<br>` inside it parts two lines (text_content() drops it)."""
    if a.find(".//br") is None:
        return a.text_content()
    *_, last = a.iter()
    ends = tag_of(last) == "br" and not (last.tail or "").strip()
    return spaced_text(a) + (" " if ends else "")


def _is_kicker(block: Block) -> bool:
    """A section label such as "Features" above the headline: one short paragraph that is one link."""
    return (
        isinstance(block, Paragraph)
        and len(block.links) == 1
        and block.links[0].text == block.text
        and len(block.text.split()) <= 4
    )


def _block_text(block: Block) -> str:
    from newsreader.models import block_text

    return block_text(block)
