"""The extraction pipeline: bytes -> tree -> metadata, story links, cleaned body -> Article.

Order matters: metadata is read from the untouched tree (JSON-LD lives in scripts), Read Next / related
links are collected before the chrome that holds them is stripped, and the lead image is chosen after the
blocks exist so it is never shown twice.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from lxml import etree
from lxml import html as lhtml

from newsreader.errors import ExtractError
from newsreader.extract.blocks import BlockBuilder
from newsreader.extract.clean import prepare, strip_chrome
from newsreader.extract.content import measure, select_content
from newsreader.extract.decode import check_text, decode_html, tame, tame_markup
from newsreader.extract.dom import Element, tag_of
from newsreader.extract.figures import build_figure
from newsreader.extract.metadata import normalize_date, read_metadata
from newsreader.extract.story import find_stories
from newsreader.models import Article, Block, Figure, Image, Paragraph
from newsreader.text import clean_line
from newsreader.urls import absolutize

# huge_tree lifts libxml2's nesting limit from 256 to 2048: without it a page nested 300 deep loses all text
# after the limit. Input size is capped before parsing, so the other "huge" allowances cost nothing.
_PARSER = lhtml.HTMLParser(
    remove_comments=True, remove_pis=True, no_network=True, default_doctype=False, huge_tree=True
)


def extract_article(data: bytes | str, url: str, *, charset: str | None = None) -> Article:
    """Extract the article of one page; raises ExtractError for binary data or a page without one."""
    check_text(data)
    text = decode_html(data, charset) if isinstance(data, bytes) else data
    tamed, cut = tame(text)
    root = _parse(tamed)
    base = _base_url(root, url)
    meta = read_metadata(root)
    prepare(root)
    stories = find_stories(root, url, base)
    strip_chrome(root)
    body = root.find("body")
    if body is None:
        raise ExtractError("the page has no body")
    stats = measure(body)
    content = select_content(body, stats)
    blocks = BlockBuilder(base, stats, meta.title).build(content)
    if not any(w.isalnum() for b in blocks for w in _block_words(b)):
        raise ExtractError("no article text found on the page")
    og_image = absolutize(meta.image, base) if meta.image else None
    lead, blocks = _lead_image(blocks, og_image, meta.image_alt, content[0], base)
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
    if og_image is None:
        return None, blocks
    key = _image_key(og_image)
    for i, block in enumerate(blocks):
        if isinstance(block, Figure) and block.src and _image_key(block.src) == key:
            return _image(block), blocks[:i] + blocks[i + 1 :]
    header_fig = _preceding_figure(content, base)
    if header_fig is not None and header_fig.src and _image_key(header_fig.src) == key:
        return _image(header_fig), blocks
    return Image(src=og_image, alt=clean_line(og_alt) or None), blocks


def _image(fig: Figure) -> Image:
    return Image(src=fig.src or "", alt=fig.alt, caption=fig.caption, credit=fig.credit)


def _image_key(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.hostname}{parts.path}"


def _preceding_figure(content: Element | None, base: str | None) -> Figure | None:
    """A hero figure just above the body (in the article header) carries the lead image's caption."""
    if content is None:
        return None
    found = content.xpath("preceding::figure[1]")
    if not found or not isinstance(found[0], lhtml.HtmlElement):
        return None
    fig_el = found[0]
    shared = set(content.iterancestors())
    hops = 0
    for anc in fig_el.iterancestors():
        hops += 1
        if anc in shared:
            return build_figure(fig_el, base)[0] if hops <= 4 and tag_of(anc) != "html" else None
    return None
