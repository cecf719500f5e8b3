"""The extraction pipeline: bytes -> tree -> metadata, story links, cleaned body -> Article.

Order matters: metadata is read from the untouched tree (JSON-LD lives in scripts), Read Next / related
links are collected before the chrome that holds them is stripped, and the lead image is chosen after the
blocks exist so it is never shown twice.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import urlsplit

from lxml import etree
from lxml import html as lhtml

from newsreader.errors import ExtractError
from newsreader.extract.blocks import BlockBuilder
from newsreader.extract.clean import prepare, strip_chrome
from newsreader.extract.content import measure, select_content
from newsreader.extract.dom import Element, tag_of, text_of
from newsreader.extract.figures import (
    build_figure,
    is_thumbnail,
    marked_as_figure,
    outer_figure,
    reads_like_caption,
)
from newsreader.extract.html_input import check_text, decode_html, tame, tame_markup
from newsreader.extract.metadata import normalize_date, parse_text_date, read_metadata
from newsreader.extract.story import find_stories
from newsreader.models import Article, Block, Figure, Heading, Image, Paragraph
from newsreader.text import clean_line, clean_text
from newsreader.urls import absolutize

# huge_tree lifts libxml2's nesting limit from 256 to 2048: without it a page nested 300 deep loses all text
# after the limit. Input size is capped before parsing, so the other "huge" allowances cost nothing.
_PARSER = lhtml.HTMLParser(
    remove_comments=True, remove_pis=True, no_network=True, default_doctype=False, huge_tree=True
)


log = logging.getLogger(__name__)

# A body shorter than this (characters of text) is "weak": the page is extracted again with less removed
# (as Readability does), and JSON-LD `articleBody` is considered. Real articles are longer; teaser pages
# and failed picks are shorter.
WEAK_BODY_CHARS = 500
MAX_RETRY_ELEMENTS = 6000
# trafilatura takes about three times our time per element: a smaller page limit keeps it under budget.
MAX_SECOND_OPINION_ELEMENTS = 3000
_PROSE_LINE = 150
_MIN_REPEAT = 40
_MAX_LABEL = 60
_MAX_HEADER_BLOCKS = 8
_MAX_HEADER_LINE = 120
_MAX_DATE_LINE = 80
_BYLINE_SLACK = 40
_READING_TIME = re.compile(
    r"\b\d+\s*(?:-\s*)?min(?:ute)?s?\.?\s+(?:read|lesezeit|de lecture|lectura)|lesezeit|temps de lecture",
    re.I,
)


def extract_article(data: bytes | str, url: str, *, charset: str | None = None) -> Article:
    """Extract the article of one page; raises ExtractError for binary data or a page without one."""
    check_text(data)
    text = decode_html(data, charset) if isinstance(data, bytes) else data
    markup, cut = tame(text)
    root = _parse(markup)
    # Extra passes cost about one more extraction each; pages past this size (real articles stay under
    # ~5,000 elements; tag floods reach the 40,000 cap) get one pass, which keeps every page under 1 s.
    elements = sum(1 for _ in root.iter())
    retry = elements <= MAX_RETRY_ELEMENTS
    base = _base_url(root, url)
    meta = read_metadata(root)
    prepare(root)
    stories = find_stories(root, url, base)
    strip_chrome(root)
    blocks, content = _body(root, base, meta.title)
    if retry and _text_len(blocks) < WEAK_BODY_CHARS:
        # Second pass on a fresh tree with nothing removed by name, by visibility or by story-list search:
        # a class such as "widget", an <aside> wrapper or a streamed `hidden` block may hold the article.
        lenient = _parse(markup)
        prepare(lenient, keep_hidden=True)
        blocks2, content2 = _body(lenient, base, meta.title)
        if _text_len(blocks2) > max(2 * _text_len(blocks), WEAK_BODY_CHARS // 2):
            log.info("extract %s: body from the lenient pass (%d chars)", url, _text_len(blocks2))
            blocks, content = blocks2, content2
    if meta.article_body and _text_len(blocks) < WEAK_BODY_CHARS:
        ld_blocks = _article_body_blocks(meta.article_body, base, meta.title)
        if _text_len(ld_blocks) > max(2 * _text_len(blocks), WEAK_BODY_CHARS // 2):
            log.info("extract %s: body from JSON-LD articleBody (%d chars)", url, _text_len(ld_blocks))
            blocks, content = ld_blocks, None
    if elements <= MAX_SECOND_OPINION_ELEMENTS and _text_len(blocks) < WEAK_BODY_CHARS:
        second = _second_opinion(markup, url)
        if _text_len(second) > max(2 * _text_len(blocks), WEAK_BODY_CHARS // 2):
            log.info("extract %s: body from trafilatura (%d chars)", url, _text_len(second))
            blocks, content = second, None
    blocks = _drop_orphan_headings(_drop_repeats(_drop_header_lines(blocks, meta.byline)))
    if not any(w.isalnum() for b in blocks for w in _block_words(b)):
        raise ExtractError("no article text found on the page")
    og_image = absolutize(meta.image, base) if meta.image else None
    lead, blocks = _lead_image(blocks, og_image, meta.image_alt, content, base)
    return Article(
        url=url,
        title=meta.title,
        byline=meta.byline,
        published=meta.published,
        site_name=meta.site_name,
        lead_image=lead,
        blocks=blocks,
        read_next=stories.read_next,
        related=stories.related,
        note=cut,
    )


def _body(root: Element, base: str | None, title: str | None) -> tuple[list[Block], Element | None]:
    body = root.find("body")
    if body is None:
        return [], None
    stats = measure(body)
    content = select_content(body, stats)
    return BlockBuilder(base, stats, title).build(content), content[0]


def _drop_header_lines(blocks: list[Block], byline: str | None) -> list[Block]:
    """The byline, dateline and reading-time lines above the first paragraph of prose: the reader shows
    byline and date in the header already."""
    names = [n for n in re.split(r",\s*|\s+(?:and|und|et|y|e|en|&)\s+", byline or "") if len(n) > 2]
    out: list[Block] = []
    for i, block in enumerate(blocks):
        if isinstance(block, Paragraph) and len(block.text) >= _PROSE_LINE or i >= _MAX_HEADER_BLOCKS:
            return out + blocks[i:]
        if isinstance(block, Paragraph) and _is_header_line(block.text, names):
            continue
        out.append(block)
    return out


def _is_header_line(text: str, names: list[str]) -> bool:
    if len(text) > _MAX_HEADER_LINE:
        return False
    if any(name in text for name in names) and len(text) <= len(" ".join(names)) + _BYLINE_SLACK:
        return True
    return bool(_READING_TIME.search(text)) or (
        len(text) <= _MAX_DATE_LINE and parse_text_date(text) is not None
    )


def _drop_orphan_headings(blocks: list[Block]) -> list[Block]:
    """A heading with nothing under it (its tag list or "recommended" cards were removed) is furniture."""
    out: list[Block] = []
    for i, block in enumerate(blocks):
        if isinstance(block, Heading) and len(block.text) <= _MAX_LABEL:  # longer "headings" are prose
            following = next((b for b in blocks[i + 1 :]), None)
            if following is None or (isinstance(following, Heading) and following.level <= block.level):
                continue
        out.append(block)
    return out


def _drop_repeats(blocks: list[Block]) -> list[Block]:
    """A run of paragraphs the page prints twice (a mobile and a desktop copy of the story) once.

    Only runs of two or more in the same order count: one sentence said twice can be the writer's choice.
    """
    from newsreader.models import block_text

    keys = [" ".join(block_text(b).split()).casefold() if isinstance(b, Paragraph) else "" for b in blocks]
    seen: set[tuple[str, str]] = set()
    drop: set[int] = set()
    for i in range(len(keys) - 1):
        pair = (keys[i], keys[i + 1])
        if len(pair[0]) < _MIN_REPEAT or len(pair[1]) < _MIN_REPEAT or pair[0] == pair[1]:
            continue  # one paragraph over and over is what the page says, not a second copy
        if pair in seen:
            drop.update((i, i + 1))
        seen.add(pair)
    return [b for i, b in enumerate(blocks) if i not in drop]


def _text_len(blocks: list[Block]) -> int:
    from newsreader.models import block_text

    return sum(len(block_text(b)) for b in blocks if not isinstance(b, Figure))


def _second_opinion(markup: str, url: str) -> list[Block]:
    """trafilatura's text, for the few pages where our own passes found next to nothing."""
    import trafilatura

    quiet = logging.getLogger("trafilatura")
    if not quiet.handlers:  # its warnings must not reach a terminal the TUI owns
        quiet.addHandler(logging.NullHandler())
        quiet.propagate = False
    doc = trafilatura.bare_extraction(
        markup, url=url, fast=True, include_comments=False, include_tables=True, with_metadata=False
    )
    text = getattr(doc, "text", None) if doc is not None else None
    if not text:
        return []
    return [Paragraph(p, []) for p in (clean_text(line) for line in text.splitlines()) if p]


def _article_body_blocks(text: str, base: str | None, title: str | None) -> list[Block]:
    """Blocks from JSON-LD `articleBody`: plain text split at line breaks, or an HTML fragment."""
    if "<" in text and re.search(r"</?(?:p|br|div|h[1-6]|ul|li)\b", text, re.I):
        try:
            root = lhtml.fragment_fromstring(tame_markup(text), create_parent="div", parser=_PARSER)
        except (etree.ParserError, ValueError):
            return []
        prepare(root)
        return BlockBuilder(base, measure(root), title).build([root])
    paras = (clean_text(p) for p in re.split(r"\n\s*\n|\n", text))
    return [Paragraph(p, []) for p in paras if p]


def article_from_html_fragment(
    html: str, url: str, *, title: str | None, byline: str | None, published: str | None
) -> Article:
    """Blocks from a feed entry's HTML (no boilerplate to remove: the feed already chose the content)."""
    try:
        root = lhtml.fragment_fromstring(tame_markup(html or ""), create_parent="div", parser=_PARSER)
    except (etree.ParserError, ValueError):
        root = lhtml.Element("div")
    prepare(root)
    blocks = BlockBuilder(url, measure(root), title).build([root])
    lead, blocks = _lead_image(blocks, None, None, None, url)
    return Article(
        url=url,
        title=clean_line(title) or None,
        byline=clean_line(byline) or None,
        published=normalize_date(published) or (clean_line(published) or None),
        lead_image=lead,
        blocks=blocks,
        source="feed",
    )


def _parse(text: str) -> Element:
    if not text.strip():
        raise ExtractError("the page is empty")
    try:
        root = lhtml.document_fromstring(text, parser=_PARSER)
    except (etree.ParserError, ValueError) as exc:
        raise ExtractError(f"the page could not be parsed as HTML: {exc}") from None
    if not isinstance(root, lhtml.HtmlElement):
        raise ExtractError("the page could not be parsed as HTML")
    return root


def _base_url(root: Element, url: str) -> str:
    base = root.find(".//base[@href]")
    if base is not None:
        resolved = absolutize(base.get("href"), url)
        if resolved:
            return resolved
    return url


def _block_words(block: Block) -> str:
    from newsreader.models import block_text

    return block_text(block)[:200]


def _lead_image(
    blocks: list[Block], og_image: str | None, og_alt: str | None, content: Element | None, base: str | None
) -> tuple[Image | None, list[Block]]:
    """og:image or the first figure before the body text; whichever it is leaves the blocks."""
    first_text = next((i for i, b in enumerate(blocks) if isinstance(b, Paragraph)), len(blocks))
    for i, block in enumerate(blocks[:first_text]):
        if isinstance(block, Figure) and block.src:
            return _image(block), blocks[:i] + blocks[i + 1 :]
    header_fig = _preceding_figure(content, base)
    if og_image is None:
        # A captioned hero figure in the article header, just above the body, is the lead image.
        if header_fig is not None and header_fig.src and _reads_like_caption(header_fig):
            return _image(header_fig), blocks
        return None, blocks
    key = _image_key(og_image)
    for i, block in enumerate(blocks):
        if isinstance(block, Figure) and block.src and _image_key(block.src) == key:
            return _image(block), blocks[:i] + blocks[i + 1 :]
    if header_fig is not None and header_fig.src:
        # The share image is often another rendition (size, crop) of the hero figure the page shows.
        if _image_key(header_fig.src) == key or _reads_like_caption(header_fig):
            return _image(header_fig), blocks
    return Image(src=og_image, alt=clean_line(og_alt) or None), blocks


def _reads_like_caption(fig: Figure) -> bool:
    """A sentence or a credit, not a player's label ("Video", "vor 14 Minuten")."""
    caption = fig.caption or ""
    if caption and not reads_like_caption(caption):
        return False
    return bool(fig.credit) or len(caption.split()) >= 4 or (len(caption) >= 12 and not caption.isascii())


def _image(fig: Figure) -> Image:
    return Image(src=fig.src or "", alt=fig.alt, caption=fig.caption, credit=fig.credit)


def _image_key(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.hostname}{parts.path}"


def _preceding_figure(content: Element | None, base: str | None) -> Figure | None:
    """A hero figure just above the body (in the article header) carries the lead image's caption."""
    if content is None:
        return None
    found = content.xpath("preceding::figure[1] | preceding::img[1]")
    if not found or not isinstance(found[-1], lhtml.HtmlElement):
        return None
    img = found[-1] if tag_of(found[-1]) == "img" else found[-1].find(".//img")
    if img is None or is_thumbnail(img):
        return None
    fig_el = outer_figure(found[-1])
    if not marked_as_figure(fig_el) or any(text_of(a) for a in fig_el.iter("a")):
        return None  # a teaser card ("RELATED: …"), an author box or a player, not the article's picture
    shared = set(content.iterancestors())
    hops = 0
    for anc in fig_el.iterancestors():
        hops += 1
        if anc in shared:
            return build_figure(fig_el, base)[0] if hops <= 4 and tag_of(anc) != "html" else None
    return None
