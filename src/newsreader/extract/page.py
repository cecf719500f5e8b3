"""The extraction pipeline: bytes -> tree -> metadata, story links, cleaned body -> Article.

Order matters: metadata is read from the untouched tree (JSON-LD lives in scripts), Read Next / related
links are collected before the chrome that holds them is stripped, and the lead image is chosen after the
blocks exist so it is never shown twice.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from urllib.parse import urlsplit

from lxml import etree
from lxml import html as lhtml

from newsreader.dates import FLOATING, normalize_date, parse_text_date
from newsreader.errors import ExtractError
from newsreader.extract.blocks import BlockBuilder
from newsreader.extract.clean import prepare, strip_chrome
from newsreader.extract.content import drop_other_stories, measure, select_content, standfirst
from newsreader.extract.dom import Element, tag_of, text_of
from newsreader.extract.figures import (
    build_figure,
    gallery_slides,
    image_src,
    is_thumbnail,
    marked_as_figure,
    outer_figure,
    reads_like_caption,
)
from newsreader.extract.html_input import check_text, decode_html, tame, tame_markup
from newsreader.extract.metadata import read_metadata
from newsreader.extract.story import find_stories, is_cue_label
from newsreader.extract.videopage import video_blocks
from newsreader.models import Article, Block, Figure, Heading, Image, Paragraph, block_text
from newsreader.text import clean_line, clean_text
from newsreader.urls import absolutize

# huge_tree lifts libxml2's nesting limit from 256 to 2048: without it a page nested 300 deep loses all text
# after the limit. Input size is capped before parsing, so the other "huge" allowances cost nothing.
_PARSER = lhtml.HTMLParser(
    remove_comments=True, remove_pis=True, no_network=True, default_doctype=False, huge_tree=True
)
# Every element is a plain HtmlElement, chosen inside lxml: lxml.html's own lookup picks form, input and
# label classes in Python for each element proxy made (about a tenth of extraction time); the extractor
# reads attributes, never those classes' form helpers.
_PARSER.set_element_class_lookup(
    etree.ElementDefaultClassLookup(
        element=lhtml.HtmlElement,
        comment=lhtml.HtmlComment,
        pi=lhtml.HtmlProcessingInstruction,
        entity=lhtml.HtmlEntity,
    )
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
_REPEAT_PROBE = 12
_MAX_LABEL = 60
_DEK_SEEN = 6
_LEAD_LOOKBACK = 6
_LEAD_HOPS = 4
_SHARE_IMAGE_HOPS = 7
_PICTURE_ID = re.compile(r"[a-z0-9]*\d[a-z0-9]*", re.I)
_SIZE = re.compile(r"^\d+x\d+$|^[whq]?\d{2,4}$", re.I)
_MAX_HEADER_BLOCKS = 8
_FIGURE_COPY_GAP = 3
# A file name's size or quality part: "1600", "s1200", "c85", "w640", "2040x1530".
_NAME_PART = re.compile(r"[a-z0-9]+", re.I)
_RENDITION = re.compile(r"^[a-z]?\d+x\d+$|^\d{3,4}$|^[a-z]\d{2,4}$", re.I)
_MAX_HEADER_LINE = 120
_MAX_DATE_LINE = 80
_BYLINE_SLACK = 40
# The label an advert slot shows in the text, alone on its line, in the languages the reader meets most.
_AD_LABEL = re.compile(
    r"(?:advertisement|advertising|ad|sponsored|anzeige|werbung|publicit[ée]|publicidad|pubblicit[àa]|"
    r"publicidade|advertentie|reclame|annonse|annons|annonce|mainos|reklam|reklama|広告|广告|광고|"
    r"(?:the )?(?:story|article) continues (?:below|after)(?: (?:this |the )?(?:advertisement|ad|advert))?|"
    r"continue reading (?:below|after (?:the |this )?(?:advertisement|ad))|"
    r"scroll (?:down )?to continue(?: with (?:the )?content)?|"
    r"(?:weiterlesen|lesen sie weiter) nach der (?:anzeige|werbung)|"
    r"(?:la suite|l'article continue) (?:apr[èe]s|sous) (?:cette |la )?publicit[ée]|"
    r"(?:el )?art[íi]culo contin[úu]a (?:debajo|tras la publicidad)|"
    r"l'articolo continua (?:sotto|dopo la pubblicit[àa]))",
    re.I,
)
_READING_TIME = re.compile(
    r"\b\d+\s*(?:-\s*)?min(?:ute)?s?\.?\s+(?:read|lesezeit|de lecture|lectura)|lesezeit|temps de lecture",
    re.I,
)


def extract_article(data: bytes | str, url: str, *, charset: str | None = None) -> Article:
    """Extract the article of one page; raises ExtractError for binary data or a page without one."""
    try:
        return _extract_article(data, url, charset)
    except RecursionError:  # some passes recurse per level of nesting (hundreds of nested quotes)
        raise ExtractError("the page is nested too deeply to read") from None


def _extract_article(data: bytes | str, url: str, charset: str | None) -> Article:
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
    blocks, content, dek = _body(root, base, meta.title, url)
    if retry and _text_len(blocks) < WEAK_BODY_CHARS:
        # Second pass on a fresh tree with nothing removed by name, by visibility or by story-list search:
        # a class such as "widget", an <aside> wrapper or a streamed `hidden` block may hold the article.
        lenient = _parse(markup)
        prepare(lenient, keep_hidden=True)
        blocks2, content2, dek2 = _body(lenient, base, meta.title, url)
        if _text_len(blocks2) > max(2 * _text_len(blocks), WEAK_BODY_CHARS // 2):
            log.info("extract %s: body from the lenient pass (%d chars)", url, _text_len(blocks2))
            blocks, content, dek = blocks2, content2, dek2
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
    blocks = _drop_header_lines(blocks, meta.byline, meta.title)
    blocks = _drop_orphan_labels(_drop_picture_copies(_drop_repeats(blocks)))
    if dek is not None and not any(
        dek.text.casefold() in block_text(b).casefold() for b in blocks[:_DEK_SEEN]
    ):
        blocks.insert(0, dek)  # after the header lines went: the standfirst is prose, not the body's start
    if meta.video is not None:
        weak = _text_len(blocks) < WEAK_BODY_CHARS
        blocks = video_blocks(meta.video, meta.title, blocks, url, base, weak=weak)
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


def _body(
    root: Element, base: str | None, title: str | None, url: str | None = None
) -> tuple[list[Block], Element | None, Paragraph | None]:
    """The container's blocks, the container, and the standfirst found above it (or None)."""
    body = root.find("body")
    if body is None:
        return [], None, None
    drop_other_stories(body, title)
    stats = measure(body, url or base)
    content = select_content(body, stats)
    blocks = BlockBuilder(base, stats, title).build(content)
    found = standfirst(body, content[0], stats, title)
    text = clean_text(" ".join(found.text_content().split())) if found is not None else ""
    return blocks, content[0], Paragraph(text, []) if text else None


def _drop_header_lines(blocks: list[Block], byline: str | None, title: str | None = None) -> list[Block]:
    """The byline, dateline, reading-time and headline lines above the first paragraph of prose: the
    reader shows title, byline and date in the header already."""
    heading = " ".join((title or "").split()).casefold()
    names = [n for n in re.split(r",\s*|\s+(?:and|und|et|y|e|en|&)\s+", byline or "") if len(n) > 2]
    out: list[Block] = []
    for i, block in enumerate(blocks):
        if isinstance(block, Paragraph) and len(block.text) >= _PROSE_LINE or i >= _MAX_HEADER_BLOCKS:
            return out + blocks[i:]
        if isinstance(block, Paragraph) and (
            _is_header_line(block.text, names) or (heading and block.text.casefold() == heading)
        ):
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


def _drop_orphan_labels(blocks: list[Block]) -> list[Block]:
    """A heading with nothing under it (its tag list or "recommended" cards were removed) is furniture, and
    so is a story list's label ("Read next:") left with no list (taken, or to be filled by a script)."""
    out: list[Block] = []
    for i, block in enumerate(blocks):
        following = blocks[i + 1] if i + 1 < len(blocks) else None
        if isinstance(block, Heading) and len(block.text) <= _MAX_LABEL:  # longer "headings" are prose
            if following is None or (isinstance(following, Heading) and following.level <= block.level):
                continue
        if isinstance(block, Paragraph) and not block.links and is_cue_label(block.text):
            if following is None or isinstance(following, Heading):
                continue
        if (
            isinstance(block, Paragraph)
            and not block.links
            and _AD_LABEL.fullmatch(block.text.strip(" .:-–—…"))
        ):
            continue  # an advert slot's label, its advert gone ("Advertisement", "Story continues below ad")
        out.append(block)
    return out


def _drop_repeats(blocks: list[Block]) -> list[Block]:
    """A run of blocks the page prints twice (a mobile and a desktop copy, a paged and a whole copy of the
    story) once.

    The run is compared block by block, whatever is between its paragraphs (the short subheads, labels and
    pictures of a listicle); it counts as a copy only when it holds two different paragraphs of some length,
    in the same order: one sentence said twice, or one paragraph over and over, is what the page says.
    """
    keys = [_repeat_key(b) for b in blocks]
    first: dict[str, int] = {}
    drop: set[int] = set()
    j = 0
    while j < len(keys):
        # A copy starts where a long block matches an earlier one (not inside a streak of one block).
        i = first.get(keys[j], -1) if _long(keys[j]) and (j == 0 or keys[j - 1] != keys[j]) else -1
        run, longs = 0, set()
        while i >= 0 and i + run < j and j + run < len(keys) and keys[i + run] == keys[j + run]:
            if _long(keys[j + run]):
                longs.add(keys[j + run])
            run += 1
            if len(longs) < 2 and run >= _REPEAT_PROBE:
                break  # no second paragraph soon: not a copy (and a flood of one block stays linear)
        if len(longs) >= 2:
            drop.update(range(j, j + run))
            j += run
            continue
        first.setdefault(keys[j], j)
        j += 1
    return [b for i, b in enumerate(blocks) if i not in drop]


def _drop_picture_copies(blocks: list[Block]) -> list[Block]:
    """A picture shown twice within a few blocks (its lightbox or enlarged copy) once, with the caption and
    credit either copy has."""
    out = list(blocks)
    drop: set[int] = set()
    for i, block in enumerate(out):
        if not isinstance(block, Figure) or not block.src or i in drop:
            continue
        key = _image_key(block.src)
        for j in range(i + 1, min(i + 1 + _FIGURE_COPY_GAP, len(out))):
            other = out[j]
            if isinstance(other, Figure) and other.src and _same_file(key, _image_key(other.src)):
                if not block.caption and not block.credit:
                    out[i] = block = replace(block, caption=other.caption, credit=other.credit)
                drop.add(j)
    return [b for i, b in enumerate(out) if i not in drop]


def _long(key: str) -> bool:
    return len(key) >= _MIN_REPEAT and not key.startswith("\0")


def _repeat_key(block: Block) -> str:
    """What two copies of one block share: its text, or a picture's address."""
    if isinstance(block, Figure):
        return f"\0{block.src or ''}"
    return " ".join(block_text(block).split()).casefold()


def _text_len(blocks: list[Block]) -> int:
    return sum(len(block_text(b)) for b in blocks if not isinstance(b, Figure))


def _second_opinion(markup: str, url: str) -> list[Block]:
    """trafilatura's text, for the few pages where our own passes found next to nothing."""
    import trafilatura

    quiet = logging.getLogger("trafilatura")
    if not quiet.handlers:  # its warnings must not reach a terminal the TUI owns
        quiet.addHandler(logging.NullHandler())
        quiet.propagate = False
    doc = trafilatura.bare_extraction(
        markup,
        url=url,
        fast=True,
        include_comments=False,
        include_tables=True,
        include_links=True,
        with_metadata=False,
    )
    body = getattr(doc, "body", None) if doc is not None else None
    if body is None or not len(body):
        return []
    root = lhtml.Element("div")
    root.append(_as_html(body))
    return _fragment_blocks(root, url, None)


# trafilatura's XML (its TEI-like tags) -> the HTML tags our block builder reads; any other is a span.
_FROM_TRAFILATURA = {
    "p": "p",
    "list": "ul",
    "item": "li",
    "quote": "blockquote",
    "ref": "a",
    "lb": "br",
    "graphic": "img",
    "table": "table",
    "row": "tr",
    "cell": "td",
    "code": "pre",
    "div": "div",
    "body": "div",
}


def _as_html(el: etree._Element) -> Element:
    """A copy of trafilatura's result tree in HTML: its paragraphs, headings (`head rend="h3"`), lists,
    quotes, tables, pictures and links (`ref target=`) as the page had them, so the reader can follow its
    links and a sentence is not cut at each one."""
    tag = el.tag if isinstance(el.tag, str) else ""
    rend = el.get("rend") or ""
    if tag == "head":
        name = rend if re.fullmatch(r"h[1-6]", rend) else "h2"
    elif tag == "list" and rend == "ol":
        name = "ol"
    elif tag == "cell" and el.get("role") == "head":
        name = "th"
    else:
        name = _FROM_TRAFILATURA.get(tag, "span")
    attrs = {"href": el.get("target") or ""} if name == "a" else {}
    if name == "img":
        attrs = {k: v for k in ("src", "alt", "title") if (v := el.get(k))}
    out = lhtml.Element(name, attrs)
    out.text = el.text
    for child in el:
        if isinstance(child.tag, str):
            out.append(_as_html(child))
            out[-1].tail = child.tail
        elif child.tail:  # a comment or processing instruction: its tail text stays
            if len(out):
                out[-1].tail = (out[-1].tail or "") + child.tail
            else:
                out.text = (out.text or "") + child.tail
    return out


def _fragment_blocks(root: Element, base: str | None, title: str | None) -> list[Block]:
    """Blocks of HTML whose content was chosen already (a feed entry, JSON-LD `articleBody`, trafilatura's
    result): cleaned as a page is, with no boilerplate to look for."""
    prepare(root)
    return BlockBuilder(base, measure(root), title).build([root])


def _article_body_blocks(text: str, base: str | None, title: str | None) -> list[Block]:
    """Blocks from JSON-LD `articleBody`: plain text split at line breaks, or an HTML fragment."""
    if "<" in text and re.search(r"</?(?:p|br|div|h[1-6]|ul|li)\b", text, re.I):
        try:
            root = lhtml.fragment_fromstring(tame_markup(text), create_parent="div", parser=_PARSER)
        except (etree.ParserError, ValueError):
            return []
        return _fragment_blocks(root, base, title)
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
    blocks = _fragment_blocks(root, url, title)
    lead, blocks = _lead_image(blocks, None, None, None, url)
    return Article(
        url=url,
        title=clean_line(title) or None,
        byline=clean_line(byline) or None,
        # A time without an offset (a site rule's page that names no clock) stays as written, not UTC.
        published=normalize_date(published, FLOATING) or (clean_line(published) or None),
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
    return block_text(block)[:200]


def _lead_image(
    blocks: list[Block], og_image: str | None, og_alt: str | None, content: Element | None, base: str | None
) -> tuple[Image | None, list[Block]]:
    """og:image or the first figure before the body text; whichever it is leaves the blocks."""
    first_text = next((i for i, b in enumerate(blocks) if isinstance(b, Paragraph)), len(blocks))
    for i, block in enumerate(blocks[:first_text]):
        if isinstance(block, Figure) and block.src:
            return _image(block), blocks[:i] + blocks[i + 1 :]
    og_key = _image_key(og_image) if og_image else None
    gallery = _preceding_figures(content, base, og_key)
    header_fig = gallery[0] if gallery else None
    # The rest of a lead gallery (a carousel above the body) leads the blocks, after the lead image.
    rest: list[Block] = [f for f in gallery[1:] if not _shown(f, blocks)]
    if og_image is None:
        # A captioned hero figure in the article header, just above the body, is the lead image.
        if header_fig is not None and header_fig.src and _reads_like_caption(header_fig):
            return _image(header_fig), rest + blocks
        return None, blocks
    key = _image_key(og_image)
    if header_fig is not None and header_fig.src:
        # The share image is often another rendition (size, crop) of the hero figure the page shows.
        if _same_picture(_image_key(header_fig.src), key) or _reads_like_caption(header_fig):
            return _image(header_fig), rest + blocks
    for i, block in enumerate(blocks):
        if isinstance(block, Figure) and block.src and _image_key(block.src) == key:
            return _image(block), blocks[:i] + blocks[i + 1 :]
    return Image(src=og_image, alt=clean_line(og_alt) or None), blocks


def _reads_like_caption(fig: Figure) -> bool:
    """A sentence or a credit, not a player's label ("Video", "vor 14 Minuten")."""
    caption = fig.caption or ""
    if caption and not reads_like_caption(caption):
        return False
    return bool(fig.credit) or len(caption.split()) >= 4 or (len(caption) >= 12 and not caption.isascii())


def _image(fig: Figure) -> Image:
    return Image(src=fig.src or "", alt=fig.alt, caption=fig.caption, credit=fig.credit)


def _same_picture(key: str, other: str) -> bool:
    """Two renditions of one picture: the same path, or the same long id in it (`/img/1100/222615.jpg`
    and `/img/2200/222615.jpg`), sizes aside."""
    if key == other:
        return True
    ids = {t for t in _PICTURE_ID.findall(key.partition("/")[2]) if len(t) >= 5 and not _SIZE.match(t)}
    return any(t in ids for t in _PICTURE_ID.findall(other.partition("/")[2]))


def _same_file(key: str, other: str) -> bool:
    """Two renditions of one picture file: the same key, or the same name but for its size and quality
    (`…/540681598-s1600-c85.webp`, `…/540681598-s1200.jpg`; not `…/shot15-2.jpg`, `…/shot15-3.jpg`)."""
    if key == other:
        return True
    stems = (k.rpartition("/")[2].rpartition(".")[0] or k.rpartition("/")[2] for k in (key, other))
    names = [[t for t in _NAME_PART.findall(stem) if not _RENDITION.match(t)] for stem in stems]
    return names[0] == names[1] and any(len(t) >= 5 and _PICTURE_ID.fullmatch(t) for t in names[0])


def _image_key(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.hostname}{parts.path}"


def _shown(fig: Figure, blocks: list[Block]) -> bool:
    key = _image_key(fig.src) if fig.src else None
    return any(isinstance(b, Figure) and b.src and _image_key(b.src) == key for b in blocks)


def _preceding_figures(content: Element | None, base: str | None, og_key: str | None = None) -> list[Figure]:
    """A hero figure (or a carousel of them) just above the body, in the article header: the lead image
    with its caption, and the gallery's other slides."""
    if content is None:
        return []
    # The nearest picture above the body, past tracking pixels and icons.
    found = content.xpath(f"preceding::img[position() <= {_LEAD_LOOKBACK}]")
    img = next((i for i in reversed(found) if isinstance(i, lhtml.HtmlElement) and not is_thumbnail(i)), None)
    if img is None:
        return []
    fig_el = outer_figure(img)
    slides = gallery_slides(fig_el)
    src = image_src(img, base)
    shared_image = og_key is not None and src is not None and _same_picture(_image_key(src), og_key)
    if not (slides or marked_as_figure(fig_el) or (shared_image and fig_el is not img)):
        return []  # an author box or a player, not the article's picture
    if any(len(text_of(a).split()) >= 3 for a in fig_el.iter("a")):
        return []  # a teaser card ("RELATED: <a>Another story</a>")
    shared = set(content.iterancestors())
    hops = 0
    for anc in fig_el.iterancestors():
        hops += 1
        if anc in shared:
            if hops > (_SHARE_IMAGE_HOPS if shared_image else _LEAD_HOPS) or tag_of(anc) == "html":
                return []
            built = (build_figure(el, base)[0] for el in (slides or [fig_el]))
            return [f for f in built if f is not None]
    return []
