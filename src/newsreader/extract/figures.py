"""Images with their captions and credits: `<figure>`, WordPress `wp-caption`, `<picture>`, lazy images.

Publishers hide the real image URL in many places (srcset, data-src, data-srcset, a `<noscript>` copy) and
put the placeholder in `src`, so the best candidate is chosen rather than the first. Credits are split
from captions only where the page says which part is the credit (a credit-like class, or a trailing
"Photo: X" / "(Credit: X)"); otherwise the caption is left whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import islice
from urllib.parse import urlsplit

from newsreader.extract.dom import BLOCK_TAGS, HEADINGS, Element, tag_of
from newsreader.models import Figure
from newsreader.text import clean_line
from newsreader.urls import absolutize

LAZY_SRC_ATTRS = (
    "data-src",
    "data-lazy-src",
    "data-original",
    "data-lazy",
    "data-url",
    "data-hi-res-src",
    "data-full-src",
    "datasrc",
)
_SRCSET_ATTRS = ("srcset", "data-srcset", "data-lazy-srcset")
_PLACEHOLDER = re.compile(
    r"^data:|blank\.|spacer\.|placeholder|lazy[-_]?load|transparent[._-]|pixel\.gif", re.I
)
_CAPTION_CLASS = re.compile(r"caption|wp-caption-text|legend|figcaption", re.I)
_CREDIT_CLASS = re.compile(r"credit|copyright|rights|byline|source|attribution|photographer|author", re.I)
_CREDIT_TAIL = re.compile(
    r"\s*[(\[]?\s*((?:(?:photo(?:graph(?:er)?)?s?|images?|pictures?|credits?|illustrations?|fotos?|bild|"
    # "Photo: X", "Photo by X", "Credit...X", "© X"
    r"bildrechte|source|quelle|photo credit|crédit(?: photo)?)(?:\s*:|\s+by\b|\s*(?:\.{3}|…))|©)"
    r"\s*[^()\[\]©]{2,120}?)\s*[)\]]?\s*$",
    re.I,
)
_WIDTH = re.compile(r"^(\d+(?:\.\d+)?)([wx])$")
_SCREEN_READER = re.compile(r"sr-only|visually-?hidden|screen-?reader|assistive|offscreen", re.I)
_SENTENCE_END = re.compile(r"[.!?)]$")
# A caption box is small: one image and a line or two of text (Readability's figure heuristics agree).
_BOX_TAGS = frozenset(("div", "span", "a", "section", "aside", "figure", "button", "li"))
_SIDE_LEVELS = 3
_SIDE_INNER = 12
_SIDE_WRAPPER_CHILDREN = 4
_BOX_MAX_CHARS = 400
_BOX_MAX_NODES = 60
_BOX_NOT_INSIDE = HEADINGS | {"ul", "ol", "table", "blockquote", "article", "iframe", "video", "form"}
_NOT_A_CAPTION = re.compile(
    r"^(?:by|von|par|por|di|door|av|af)\s|^(?:published|updated|posted|veröffentlicht|aktualisiert|publié|"
    r"mis à jour|publicado|actualizado|pubblicato|aggiornato|gepubliceerd)\b|"
    r"^\W*\d{1,4}[./年-]\d{1,2}[./月-]",
    re.I,
)
_IMAGE_URL = re.compile(r"\.(?:jpe?g|png|gif|webp|avif)(?:$|[?#])|/(?:photo|image|gallery|media)s?/", re.I)
# Beside a picture, "byline"/"author" name the article's author box, not the photographer.
_SIDE_CREDIT_CLASS = re.compile(r"credit|copyright|rights|photographer|attribution", re.I)
# Right after a picture, its "description" ("img-description", "image__desc") is its caption.
_SIDE_DESCRIPTION = re.compile(r"(?:^|[\s_-])desc(?:ription)?(?:$|[\s_-])", re.I)
_SIDE_CAPTION_TAGS = frozenset(("figcaption", "small", "cite"))
_INLINE_CAPTION_TAGS = frozenset(("span", "em", "i", "b", "strong", "font"))
# A carousel's "2 of 12 |" in front of each slide's caption is the slideshow's label, not the caption.
_SLIDE_COUNT = re.compile(
    r"^\(?\d{1,3}\s*(?:of|/|von|de|di|sur|van|av|af|z|из)\s*\d{1,3}\)?(?:\s*[|:·•–—-]\s*|\s+)"
)
TINY_PX = 48
# Picture proportions pages declare as width and height instead of pixels (sorted: short side first).
_ASPECT_RATIOS = frozenset(((9, 16), (3, 4), (2, 3), (9, 21), (10, 16)))
_MAX_SLIDES = 60
_THUMB_PX = 100
# Read in the picture's path ("/img/footerLogo.png"), never in the site's name ("mexiconewsdaily.com"); a host
# that serves nothing else ("avatars.example.com") says it too. "silicon", "lexicon" are not icons.
_DECORATION = re.compile(r"logo|(?<!sil)(?<!lex)icon|avatar|headshot|symbol|sprite|\.svg$", re.I)
_DECORATION_HOST = re.compile(r"^(?:logo|icon|avatar|sprite)s?\.", re.I)


def has_real_src(img: Element) -> bool:
    src = (img.get("src") or "").strip()
    return bool(src) and not _PLACEHOLDER.search(src)


def image_src(img: Element, base: str | None) -> str | None:
    """The best absolute URL for an <img>: largest srcset entry, lazy attribute, then src."""
    candidates: list[str] = []
    # libxml2 does not know <source> is void, so the <img> may sit inside one: look for the <picture>.
    picture = next((a for a in img.iterancestors() if tag_of(a) == "picture"), None)
    sources = list(picture.iter("source")) if picture is not None else []
    for el in (img, *sources):
        # srcset, data-srcset, and the lazy loaders' own names (data-flickity-lazyload-srcset, …)
        for attr in (
            *_SRCSET_ATTRS,
            *(a for a in el.attrib if a.endswith("srcset") and a not in _SRCSET_ATTRS),
        ):
            best = _largest(el.get(attr))
            if best:
                candidates.append(best)
    candidates.extend(v for a in LAZY_SRC_ATTRS if (v := img.get(a)))
    candidates.extend(v for a, v in img.attrib.items() if a.startswith("data-") and a.endswith("-src"))
    if has_real_src(img):
        candidates.append(img.get("src") or "")
    for raw in candidates:
        url = absolutize(raw.strip(), base)
        if url and not _PLACEHOLDER.search(raw):
            return url
    return None


def _largest(srcset: str | None) -> str | None:
    """The widest candidate of a srcset ("a.jpg 400w, b.jpg 800w" -> b.jpg)."""
    if not srcset:
        return None
    best: tuple[float, str] | None = None
    for part in re.split(r",\s+(?=\S)", srcset.strip())[:40]:
        bits = part.split()
        if not bits:
            continue
        size = 1.0
        if len(bits) > 1 and (m := _WIDTH.match(bits[-1])):
            size = float(m.group(1))
        if best is None or size > best[0]:
            best = (size, bits[0])
    return best[1] if best else None


def main_image(el: Element) -> Element | None:
    """The figure's picture: the first image that is not an icon (a slideshow's arrows come first) nor a
    logo or favicon (a link card's site icon comes before its picture)."""
    if tag_of(el) == "img":
        return el
    first = sized = None
    for img in islice(el.iter("img"), 20):
        if not is_tiny(img):
            if not is_thumbnail(img):
                return img
            sized = sized if sized is not None else img  # a logo or an icon: the picture may follow
        first = first if first is not None else img
    return sized if sized is not None else first


def is_figure_like(el: Element, text_len: int | None = None) -> bool:
    """An element that is one image with an optional caption (so it becomes one Figure block)."""
    tag = tag_of(el)
    if tag in ("figure", "picture", "img"):
        return True
    if not len(el):
        return False
    if tag == "a" and not _words(el):
        return _picture_link(el)
    cls = el.get("class") or ""
    if "wp-caption" in cls and el.find(".//img") is not None:
        return True
    return is_media_box(el, text_len)


def _picture_link(a: Element) -> bool:
    """A link that shows one picture and no text, and leads to no story (`<a href="…/s1600/photo.jpg">
    <img src="…/s640/photo.jpg"></a>`, the enlargement a blog or a classic WordPress post links every
    picture to): the picture. A thumbnail linked to another story is that story's teaser."""
    images = [i for i in islice(a.iter("img"), 3) if not is_tiny(i)]
    return len(images) == 1 and not is_thumbnail(images[0]) and not _links_a_story(a)


def is_tiny(img: Element) -> bool:
    """An icon, avatar or tracking pixel by its declared size."""
    return any(side < TINY_PX for side in _declared_size(img))


def _declared_size(img: Element) -> list[int]:
    """The width and height the page declares in pixels; none where they are an aspect ratio
    (`width="16" height="9"`: the picture is laid out by CSS at that ratio, whatever its size)."""
    sides = [(img.get(attr) or "").strip().removesuffix("px") for attr in ("width", "height")]
    size = [int(v) for v in sides if v.isdigit()]
    if len(size) == 2 and tuple(sorted(size)) in _ASPECT_RATIOS:
        return []
    return size


def is_thumbnail(img: Element) -> bool:
    """Declared smaller than a picture worth a caption (an author photo, a logo, a teaser thumbnail)."""
    try:
        src = urlsplit((img.get("src") or "").strip())
    except ValueError:  # "http://[bad" from a hostile page: no path to read
        src = urlsplit("")
    if _DECORATION.search(src.path) or _DECORATION_HOST.match(src.netloc):
        return True
    return any(side < _THUMB_PX for side in _declared_size(img))


def is_media_box(el: Element, text_len: int | None = None, shown: Element | None = None) -> bool:
    """One image and a short text that belongs to it, whatever the class names say.

    The structure of a captioned image on sites with generated class names (`css-1x2y3z`): a small box
    holding exactly one real image, a line or two of text, no headings, lists or story links. The text
    is the caption; the box is never page chrome. With `shown` (a player or chart the box holds, marked by
    the embed pass), the same box around it instead of an image: no picture beside it, and its text, if
    any, is a caption's.
    """
    if not len(el) or (text_len is not None and text_len > _BOX_MAX_CHARS):
        return False
    tag = tag_of(el)
    if tag not in _BOX_TAGS or (shown is None and el.find(".//img") is None):
        return False
    nodes = list(islice(el.iterdescendants(), _BOX_MAX_NODES + 1))
    if len(nodes) > _BOX_MAX_NODES:
        return False
    images: list[Element] = [] if shown is None else [shown]
    linked = 0
    for node in nodes:
        ntag = tag_of(node)
        if node is shown:
            continue
        if ntag in _BOX_NOT_INSIDE or (shown is not None and ntag == "img"):
            return False
        if ntag == "img" and not is_tiny(node):
            if is_thumbnail(node):
                return False  # an author's photo beside the byline, a logo, a teaser's thumbnail
            images.append(node)
        elif ntag == "a" and node.get("href") and not _IMAGE_URL.search(node.get("href") or ""):
            # (a link that opens the picture, its file or its page, is the lightbox, not a story link)
            words = _words(node)
            if words and _links_a_story(node):
                return False  # a teaser card ("RELATED: <a>Another story</a>")
            linked += len(words)
    if len(images) != 1:
        return False
    text = _words(el)
    if shown is not None and not text:
        return True  # a player's own wrapper
    if len(text) > _BOX_MAX_CHARS or (not text and tag != "figure"):
        return False
    if tag != "figure" and not reads_like_caption(text):
        return False
    # The caption is the text nearest the image: above the first element holding text, a wrapper that
    # adds running text of its own (`<p><span>img caption</span>Paragraph text</p>`) holds a paragraph.
    holder_found = False
    for anc in images[0].iterancestors():
        if holder_found and _direct_text(anc):
            return False
        holder_found = holder_found or bool(_words(anc))
        if anc is el:
            break
    # A box around a <figure>/<figcaption> holds nothing else: text beside them is the page's, not theirs.
    marked = [n for n in nodes if tag_of(n) in ("figure", "figcaption")]
    if marked and tag != "figure":
        inside = sum(len(_words(n)) for n in marked if not any(a in marked for a in n.iterancestors()))
        if len(text) - inside > 3:
            return False
    # A story card (image + linked title) is not a captioned image.
    return linked <= 0.5 * len(text)


def reads_like_caption(text: str) -> bool:
    """Not an author box, a dateline or a one-word label ("Image", "Video")."""
    return bool(text) and not _NOT_A_CAPTION.match(text) and (" " in text or not text.isascii())


def _links_a_story(a: Element) -> bool:
    from newsreader.extract.story import is_article_url
    from newsreader.urls import absolutize

    url = absolutize(a.get("href"), "https://page.invalid/")
    return url is not None and is_article_url(url) and not _IMAGE_URL.search(url)


def _direct_text(el: Element) -> bool:
    """Text written straight into `el` (its own text or its children's tails), not inside a child."""
    return bool((el.text or "").strip()) or any((c.tail or "").strip() for c in el)


def _words(el: Element) -> str:
    return " ".join(el.text_content().split())


def outer_figure(el: Element) -> Element:
    """The whole captioned figure around an image or <figure>: its largest enclosing media box."""
    best = el
    # libxml2 nests an <img> inside every unclosed <source> of its <picture>: those levels do not count,
    # and the <picture> stands for the image (its caption may sit right after it).
    picture = next((a for a in el.iterancestors() if tag_of(a) != "source"), None)
    if tag_of(el) == "img" and picture is not None and tag_of(picture) == "picture":
        best = el = picture
    boxes = (a for a in el.iterancestors() if tag_of(a) != "source")
    for anc in islice(boxes, 6):
        if tag_of(anc) == "figure" or is_media_box(anc):
            best = anc
        elif best is not el and tag_of(best) not in ("img", "picture"):
            break
    return best


def gallery_slides(el: Element) -> list[Element]:
    """The pictures of the carousel `el` belongs to: it and its siblings of the same kind (tag and first
    class: the slide on show adds a state, "slide slide--active") that are each one captioned picture;
    [] when `el` is not one of several such slides."""
    parent = el.getparent()
    if parent is None:
        return []
    kind = _kind(el)
    same = [s for s in parent if _kind(s) == kind]
    if len(same) > _MAX_SLIDES:
        return []
    slides = [s for s in same if is_figure_like(s)]  # a video slide among them has no picture
    return slides if len(slides) >= 2 and 3 * len(slides) >= 2 * len(same) else []


def gallery_parts(el: Element) -> list[Element]:
    """The pictures of a gallery shown as one figure (`<figure class="wp-block-gallery">` around a
    `<figure>` per picture, Ghost's rows of `kg-gallery-image` boxes): for each picture, the largest
    element inside `el` that holds it and no other picture; [] when `el` shows fewer than two, or when
    the pictures are not alike."""
    images = [i for i in islice(el.iter("img"), _MAX_SLIDES + 1) if not is_tiny(i) and not is_thumbnail(i)]
    if not 2 <= len(images) <= _MAX_SLIDES:
        return []
    held: dict[Element, int] = {}
    for img in images:
        for anc in img.iterancestors():
            if anc is el:
                break
            held[anc] = held.get(anc, 0) + 1
    parts: list[Element] = []
    wrappers: list[set[tuple[str, str]]] = []  # the kinds of the boxes around each picture alone
    for img in images:
        part, kinds = img, set()
        while (parent := part.getparent()) is not None and parent is not el and held.get(parent) == 1:
            part = parent
            kinds.add(_kind(part))
        parts.append(part)
        wrappers.append(kinds)
    # A gallery's pictures are alike: each in a box of one kind (a figure each, a "gallery-image" each),
    # or all bare pictures side by side. A picture and its enlarged copy, or an icon in the caption, are not.
    if set.intersection(*wrappers) or (not any(wrappers) and len({_kind(i) for i in images}) == 1):
        return parts
    return []


def gallery_caption(el: Element, parts: list[Element]) -> Figure | None:
    """The caption the gallery `el` gives all its pictures (its own `figcaption` or caption box, outside
    every picture's part), as a figure without a picture of its own."""
    inside = set(parts)
    for cap in el.iter():
        if cap is el or not (tag_of(cap) == "figcaption" or _CAPTION_CLASS.search(cap.get("class") or "")):
            continue
        if any(a in inside for a in (cap, *cap.iterancestors())) or cap.find(".//img") is not None:
            continue
        caption, credit = _caption_and_credit(cap, cap)
        if caption and not credit:
            caption, credit = split_credit(caption)
        return Figure(src=None, caption=caption, credit=credit) if caption or credit else None
    return None


def _kind(el: Element) -> tuple[str, str]:
    return tag_of(el), next(iter((el.get("class") or "").split()), "")


def marked_as_figure(el: Element) -> bool:
    """A <figure>, or a box whose caption the page marks (figcaption, a caption class, beside or inside) or
    places next to the picture inside the same small box (generated class names)."""
    return (
        tag_of(el) == "figure"
        or _caption_element(el) is not None
        or side_caption(el) is not None
        or caption_beside_image(el) is not None
    )


def caption_beside_image(box: Element) -> Element | None:
    """In a media box, the block of text right next to the picture's own branch: a caption by structure.

    `<div><div><img></div><div><span>Caption</span> <span>Photo: X</span></div></div>` with hashed class
    names. The block is short, holds no picture and no link (an author box links the author's page), and
    reads like a caption, not a byline or a dateline.
    """
    if tag_of(box) in ("img", "picture") or not is_media_box(box):
        return None
    return _text_beside(box, main_image(box))


def _text_beside(box: Element, shown: Element | None) -> Element | None:
    """The block of text right next to the branch of `box` that holds `shown` (a picture, a player)."""
    branch = shown
    while branch is not None and branch.getparent() is not box:
        branch = branch.getparent()
    if branch is None:
        return None
    for sibling in (branch.getnext(), branch.getprevious()):
        if sibling is None or not tag_of(sibling) or sibling.find(".//img") is not None:
            continue
        if sibling.get("href") is not None or sibling.find(".//a[@href]") is not None:
            continue
        text = _words(sibling)
        if text and len(text) <= _BOX_MAX_CHARS and reads_like_caption(text):
            return sibling
    return None


def side_caption(el: Element) -> Element | None:
    """A caption or credit element placed right after the image box rather than inside it, or right after
    a wrapper that shows nothing but the box (`<div class="media"><figure>…</figure><div class="overlay">
    </div></div><div class="caption">…`); empty siblings (an overlay, a zoom button) are passed over."""
    box = el
    for _ in range(_SIDE_LEVELS):
        found = _caption_after(box)
        parent = box.getparent()
        if found is not None or parent is None or not _wraps_only(parent, box):
            return found  # a wrapper that shows more than the picture: what follows it is not its caption
        box = parent
    return None


def _wraps_only(parent: Element, box: Element) -> bool:
    """`parent` is a small wrapper around `box` whose other children show nothing (no text, no picture).
    Only a few children are looked at: a long list of them is no wrapper."""
    if (
        tag_of(parent) in ("body", "html")
        or sum(1 for _ in islice(parent, _SIDE_WRAPPER_CHILDREN + 1))
        > _SIDE_WRAPPER_CHILDREN  # len() counts all
        or (parent.text or "").strip()
    ):
        return False
    return not any(
        (c.tail or "").strip()
        or (c is not box and (tag_of(c) in ("img", "picture") or c.find(".//img") is not None or _words(c)))
        for c in parent
    )


def _caption_after(el: Element) -> Element | None:
    if (el.tail or "").strip():
        return None
    nxt = el.getnext()
    while nxt is not None and _is_empty(nxt) and not (nxt.tail or "").strip():
        nxt = nxt.getnext()
    if nxt is None:
        return None
    # The caption box may sit inside layout wrappers it alone fills (`<div class="row"><div class="col">
    # <div class="image-caption">…`).
    nxt = next((w for w in _filled_wrappers(nxt) if _named_caption(w)), nxt)
    if len(nxt) >= 5:
        return None
    named = _named_caption(nxt) or any(
        _CAPTION_CLASS.search(d.get("class") or "") for d in islice(nxt.iterdescendants(), _SIDE_INNER)
    )  # `<div class="image__metadata"><div class="image__caption">…</div><figcaption class="image__credit">`
    if not named and tag_of(nxt) not in _SIDE_CAPTION_TAGS and not _line_beside(el, nxt):
        return None
    text = _words(nxt)
    if len(text) > _BOX_MAX_CHARS or not reads_like_caption(text) or nxt.find(".//img") is not None:
        return None
    return nxt


def _credit_after(cap: Element) -> Element | None:
    """The credit set right after a picture's side caption, in an element of its own named so
    ("field--name-field-image-credit", "photo-credit"): a short line without links or pictures."""
    nxt = cap.getnext()
    while nxt is not None and _is_empty(nxt) and not (cap.tail or "").strip():
        nxt = nxt.getnext()
    if nxt is None or (cap.tail or "").strip() or not _SIDE_CREDIT_CLASS.search(nxt.get("class") or ""):
        return None
    text = _words(nxt)
    if not text or len(text) > _BOX_MAX_CHARS or nxt.find(".//img") is not None:
        return None
    return None if nxt.find(".//a[@href]") is not None else nxt


def _named_caption(el: Element) -> bool:
    cls = el.get("class") or ""
    return bool(_CAPTION_CLASS.search(cls) or _SIDE_DESCRIPTION.search(cls) or _SIDE_CREDIT_CLASS.search(cls))


def _filled_wrappers(el: Element) -> list[Element]:
    """`el` and the elements nested in it that each fill their parent alone (no text of the parent's own,
    every other child empty), outermost first."""
    out = [el]
    for _ in range(_SIDE_LEVELS + 1):
        kids = [c for c in out[-1] if tag_of(c) and not _is_empty(c)]
        if len(kids) != 1 or not _wraps_only(out[-1], kids[0]):
            break
        out.append(kids[0])
    return out


def _line_beside(node: Element, nxt: Element) -> bool:
    """`<p><span><picture>…</picture></span><span>Caption</span></p>`: an unlinked line of inline text set
    right after the picture, the two alone in their parent: the picture's caption, whatever it is called."""
    parent = node.getparent()
    if parent is None or tag_of(nxt) not in _INLINE_CAPTION_TAGS or nxt.find(".//a[@href]") is not None:
        return False
    if (parent.text or "").strip() or (nxt.tail or "").strip():
        return False
    return all(c is node or c is nxt or not tag_of(c) or _is_empty(c) for c in parent)


def one_captioned_picture(el: Element) -> bool:
    """`el` shows one picture and that picture's caption (inside its figure or beside it), nothing else:
    the box around a captioned picture, whatever its wrappers make of its size or its name."""
    images = [i for i in islice(el.iter("img"), 4) if not is_tiny(i)]
    if len(images) != 1 or is_thumbnail(images[0]):
        return False
    fig = outer_figure(images[0])
    cap = _caption_element(fig) if tag_of(fig) not in ("img", "picture") else None
    if cap is None:
        cap = side_caption(fig)
    if cap is None or el not in cap.iterancestors():
        return False
    shown = len(_words(fig)) + (0 if fig in cap.iterancestors() else len(_words(cap)))
    return 0 <= len(_words(el)) - shown <= 3 and len(_words(cap)) <= _BOX_MAX_CHARS


def _is_empty(el: Element) -> bool:
    """An element that shows nothing: no text, no picture (an overlay, a zoom button's icon holder)."""
    return bool(tag_of(el)) and not el.text_content().strip() and el.find(".//img") is None


def build_figure(el: Element, base: str | None) -> tuple[Figure | None, list[Element]]:
    """A Figure for `el`, plus the following siblings consumed as its caption and credit (if any)."""
    img = main_image(el)
    src = image_src(img, base) if img is not None else None
    cap_el = _caption_element(el)
    credit_el = None
    if cap_el is not None and tag_of(cap_el) == "figcaption" and _only_credit(cap_el):
        # The figcaption says only who took the picture; the caption is the figure's other caption box.
        other = _caption_element(el, besides=cap_el)
        if other is not None:
            credit_el, cap_el = cap_el, other
    consumed: list[Element] = []
    if cap_el is None and (cap_el := side_caption(el)) is not None:
        consumed.append(cap_el)
        if credit_el is None and (credit_el := _credit_after(cap_el)) is not None:
            consumed.append(credit_el)  # `<div class="caption">…</div><div class="credit">…</div>`
    if cap_el is None and tag_of(el) not in ("img", "picture") and el.find(".//img") is not None:
        # No caption element: the box's own text is the caption (generated class names), if any.
        if reads_like_caption(_words(el)):
            cap_el = el
    caption, credit = _caption_and_credit(el, cap_el)
    if credit_el is not None and not credit:
        credit = clean_line(_text(credit_el)) or None
    if consumed and caption is None and credit is None:
        consumed = []
    if caption is None and img is not None:
        caption = clean_line(img.get("data-caption") or el.get("data-caption")) or None
    if caption:
        caption = _SLIDE_COUNT.sub("", caption) or None
    if caption and not credit:
        caption, credit = split_credit(caption)
    alt = clean_line(img.get("alt")) if img is not None else ""
    if src is None and not caption:
        return None, consumed
    return Figure(src=src, alt=alt or None, caption=caption, credit=credit), consumed


def _caption_element(el: Element, besides: Element | None = None) -> Element | None:
    if tag_of(el) == "img":
        return None
    cap = el.find(".//figcaption") if besides is None else None
    if cap is not None:
        return cap
    for child in el.iter():
        if child is el or tag_of(child) == "img" or not _CAPTION_CLASS.search(child.get("class") or ""):
            continue
        if besides is not None and (child is besides or besides in child.iterancestors()):
            continue
        # "withoutCaption" around the picture is not the caption: a caption has text and no image.
        if child.find(".//img") is None and _words(child):
            return child
    return None


def caption_of(box: Element, shown: Element) -> Element | None:
    """The caption of the one thing `box` shows (`shown`: a player or chart in its figure or small box), by
    the rules a picture's caption is found by: inside the box (`figcaption`, a caption class), the caption
    or credit element right after it (`side_caption`), else the text right next to `shown`'s own branch
    (generated class names); None when there is none, or the caption-classed element wraps `shown`. Inside
    a `<figure>`, what follows the box is the figure's caption: the figure says whose it is."""
    if tag_of(box) != "figure" and box is not shown and not is_media_box(box, shown=shown):
        return None
    cap = _caption_element(box) if box is not shown else None
    parent = box.getparent()
    if cap is None and parent is not None and tag_of(parent) != "figure":
        cap = side_caption(box)
    if cap is None and box is not shown:
        cap = _text_beside(box, shown)
    return None if cap is None or cap in shown.iterancestors() else cap


def caption_as_name(cap: Element, name: Callable[[str], str], max_len: int) -> str:
    """A caption (`caption_of`) as the name of the one thing it is the caption of (a player, a chart):
    `name` of the caption's text without its credits, "" when it names nothing, the caption says more
    than a name (over `max_len` characters) or is a credit line (a credit names who made it). A caption
    taken as the name is not shown again: its element keeps only the credits, credit-classed parts and
    a trailing "Photo: X" alike."""
    if _is_credit(cap):
        return ""
    caption, credit = split_credit(clean_line(_text_without_credits(cap)))
    found = name(caption) if caption and len(caption) <= max_len else ""
    if found:
        kept = [
            n for n in cap.iterdescendants() if _is_credit(n) and not any(map(_is_credit, _between(n, cap)))
        ]
        for child in list(cap):
            cap.remove(child)
        cap.text = credit
        for node in kept:
            node.tail = " "
            cap.append(node)
    return found


def _only_credit(cap: Element) -> bool:
    """A caption element that holds a credit and nothing else ("Photographer: Jane Doe/Agency")."""
    text = clean_line(_text(cap))
    return bool(text) and (_is_credit(cap) or split_credit(text)[0] is None)


def _is_credit(el: Element) -> bool:
    return _credit_named(_credit_sig(el))


def _credit_sig(el: Element) -> str:
    """Where a page names a caption's parts: the class, and on generated class names the test id, the
    schema.org property ("copyrightHolder") or the label said to screen readers ("Image credit")."""
    return " ".join(v for a in ("class", "data-testid", "itemprop", "aria-label") if (v := el.get(a)))


def _credit_named(cls: str) -> bool:
    """A class that names a credit ("credit", "image__credit", "caption-credit", "figcaption
    figcaption--author"), unless its credit word stands apart from a name that says caption alone
    ("image__caption attribution" is the caption)."""
    if not _CREDIT_CLASS.search(cls):
        return False
    tokens = cls.split()
    if any(_CREDIT_CLASS.search(t) and _CAPTION_CLASS.search(t) for t in tokens):
        return True  # the caption's credit part: "ContentCaption_contentcredit", "figcaption--author"
    return not any(_CAPTION_CLASS.search(t) for t in tokens)


def _caption_and_credit(fig: Element, cap_el: Element | None) -> tuple[str | None, str | None]:
    credit_parts: list[str] = []
    caption_parts: list[str] = []
    # A credit may sit in the caption or beside it inside the figure ("caption" and "credit" siblings).
    scopes = [fig] if cap_el is None or cap_el is fig or fig in cap_el.iterancestors() else [fig, cap_el]
    for scope in scopes:
        for node in scope.iter():
            if node is not scope and _is_credit(node):
                if not any(_is_credit(a) for a in _between(node, scope)):
                    credit_parts.append(_text(node))
    if cap_el is not None:
        caption_parts.append(_text_without_credits(cap_el))
    caption = clean_line(" ".join(caption_parts)) or None
    credit = clean_line(" ".join(p for p in credit_parts if p)).strip("()[] ") or None
    return caption, credit


def _between(node: Element, scope: Element) -> list[Element]:
    out: list[Element] = []
    parent = node.getparent()
    while parent is not None and parent is not scope:
        out.append(parent)
        parent = parent.getparent()
    return out


def _text(el: Element) -> str:
    """Text with <br> and block edges as a space; figure captions are one line."""
    return " ".join(_raw_text(el, 0, keep_credits=True).split())


def _text_without_credits(cap: Element) -> str:
    return " ".join(_raw_text(cap, 0, keep_credits=False).split())


def _raw_text(el: Element, depth: int, *, keep_credits: bool) -> str:
    """Inline markup joins without a space ("<b>Brett</b>, USA" -> "Brett, USA"); <br> and blocks break."""
    if depth > 50:
        return " ".join(el.itertext())
    parts: list[str] = [el.text or ""]
    for child in el:
        tag = tag_of(child)
        cls = child.get("class") or ""
        if _SCREEN_READER.search(cls):  # "Image caption, " said to screen readers only
            parts.append(child.tail or "")
            continue
        gap = " " if tag == "br" or tag in BLOCK_TAGS else ""
        if tag and (keep_credits or not _is_credit(child)):
            inner = _raw_text(child, depth + 1, keep_credits=keep_credits)
            if not gap and _SENTENCE_END.search("".join(parts[-2:])) and inner[:1].isalnum():
                gap = " "  # two lines set apart by the page's styles: "Caption.</span><span>NAME (EFE)"
            parts.append(gap + inner + gap)
        parts.append(child.tail or "")
    return "".join(parts)


def split_credit(caption: str) -> tuple[str | None, str | None]:
    """ "A cat. Photo: Jane Doe" -> ("A cat.", "Photo: Jane Doe"), "A cat | © Jane Doe" -> ("A cat", "© Jane
    Doe"); a whole-credit caption stays a credit."""
    match = _CREDIT_TAIL.search(caption)
    if not match:
        return caption, None
    rest = caption[: match.start()].strip().rstrip("|/·•–—").rstrip()  # "Caption | Photo: X"
    return (rest or None), match.group(1).strip()
