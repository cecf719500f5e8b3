"""Removing what is never article text, in two passes around the story-link search.

`prepare` drops scripts, widgets, hidden elements and newsletter boxes, and rescues `<noscript>` image
fallbacks. `strip_chrome` (run after Read Next / related links were collected, since they live in exactly
the chrome it removes) drops navigation, sidebars, share bars, comments, bios and footers.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from itertools import islice

from lxml import etree

from newsreader.extract.dom import (
    BLOCK_TAGS,
    BOILERPLATE,
    CHROME_TAGS,
    CONTENT_HINT,
    HEADINGS,
    JUNK_TAGS,
    PROSE_IN_NOTICE,
    PROSE_PARAGRAPH_CHARS,
    STRONG_BOILER,
    TWEET,
    Element,
    drop,
    in_figure,
    is_hidden,
    is_pull_quote,
    prose_length,
    signature,
    tag_of,
    text_of,
)
from newsreader.extract.embeds import INTERNAL_ATTR_PREFIX, is_embed, mark_frames
from newsreader.extract.figures import (
    LAZY_SRC_ATTRS,
    has_real_src,
    is_media_box,
    is_thumbnail,
    is_tiny,
    one_captioned_picture,
)

_NEWSLETTER_BOX_CHARS = 400
_NOT_WORD = " -_:./|"  # what may stand around a boilerplate token in a signature
_CONSENT_BOX_CHARS = 800
_MAX_CONSENT_BOXES = 50
_FOOTER_PROSE_CHARS = 2000
_QUOTE_BOX_CHARS = 1500
PROSE_CHARS = 600
_BOX_IMAGES = 4
# A chrome-named part of a figure ("meta", "credit-byline") sits deep in its wrappers: figure > div > div >
# figcaption > div > span.
_FIGURE_PART_DEPTH = 6


def prepare(root: Element, *, keep_hidden: bool = False) -> None:
    """First pass: scripts, embeds, hidden elements, forms' boxes; noscript images rescued.

    `keep_hidden` keeps elements hidden by attribute or style: streamed server rendering (React's
    `<div hidden id="S:1">`) ships the whole article hidden until a script moves it into place.
    """
    _drop_internal_marks(root)
    # iframe posts and players, before iframes go with the junk; a noscript fallback of one goes with it
    mark_frames(root)
    _rescue_noscript_images(root)
    _amp_pictures(root)
    _drop_signup_boxes(root)
    for el in list(root.iter(*JUNK_TAGS)):
        if el.getparent() is None:
            continue
        if tag_of(el) == "button" and el.find(".//img") is not None:
            el.drop_tag()  # a lightbox trigger around a figure: keep the figure
        else:
            drop(el)
    _prune(root, lambda el: tag_of(el) == "" or (not keep_hidden and is_hidden(el)))


# Any element with a `data-newsreader-*` attribute (the HTML parser writes attribute names in lower case).
_MARKED = etree.XPath("//*[@*[starts-with(name(), $p)]]")


def _drop_internal_marks(root: Element) -> None:
    """The page's own `data-newsreader-*` attributes go: only the extractor may set them (a forged
    `data-newsreader-embed` would otherwise show as a Video or post line of the page's choosing)."""
    for el in _MARKED(root, p=INTERNAL_ATTR_PREFIX):  # by libxml2: cheaper than a loop in Python
        for name in [a for a in el.attrib if a.lower().startswith(INTERNAL_ATTR_PREFIX)]:
            del el.attrib[name]


def strip_chrome(root: Element) -> None:
    """Second pass: navigation, sidebars and other page furniture, by tag and by signature."""
    body = root.find("body")
    total = len(text_of(body)) if body is not None else 0
    runs: dict[Element, Counter[str]] = {}  # per parent, its paragraphs' boilerplate words (counted once)

    def in_run(p: Element, word: str) -> bool:
        """Another paragraph beside `p` is named by the same boilerplate word: a run the page marks alike
        (each gated `<p class="paywall">` of a story, ads between them), not one notice."""
        parent = p.getparent()
        if parent is None:
            return False
        if parent not in runs:
            runs[parent] = Counter(_chrome_word(c) for c in parent if tag_of(c) == "p")
        return runs[parent][word] > 1

    def is_chrome(el: Element) -> bool:
        tag = tag_of(el)
        if tag in ("body", "html", "main") or tag == "":
            return tag == ""
        sig = signature(el)
        if _is_quote_embed(el, sig):
            return False
        if tag in CHROME_TAGS:
            # <blockquote><footer>— Name</footer> is the quote's attribution, not the page footer; a
            # "footer" of long running text (a video's transcript under its player) is no page footer.
            parent = el.getparent()
            return not (
                tag == "footer"
                and (
                    (parent is not None and tag_of(parent) in ("blockquote", "figure"))
                    or (not STRONG_BOILER.search(sig) and _holds_prose(el, _FOOTER_PROSE_CHARS))
                )
            )
        if tag == "form":
            return len(text_of(el)) < _NEWSLETTER_BOX_CHARS
        match = BOILERPLATE.search(sig) if sig else None
        if match is None:
            return False
        strong = STRONG_BOILER.search(sig) is not None
        if CONTENT_HINT.search(sig) and not strong:
            return False
        if not strong and (
            in_figure(el, _FIGURE_PART_DEPTH)
            or _in_prose(el, tag)
            or (tag == "figure" and el.find(".//figcaption") is not None)
            or (tag not in ("header", "footer") and el.find(".//h1") is not None)
        ):
            # A captioned <figure> ("image video widget") is content; "meta", "credit-byline" inside a
            # figure name the caption's parts; a "popup" link inside a sentence is part of the sentence.
            return False
        # A wrapper named after the sidebar it sits beside ("layout-with-sidebar") holds the article.
        if len(text_of(el)) >= total * 0.5 and tag not in ("header", "footer"):
            return False
        # Gated text ("paywall", "premium") and the like is named like chrome but is prose: paragraphs of
        # it, or one paragraph of a run (sites mark each gated `<p class="paywall">` of the story; one such
        # paragraph alone is a notice: an author's bio, a cookie or subscription box).
        return strong or not _holds_prose(
            el, PROSE_PARAGRAPH_CHARS if tag == "p" and in_run(el, _word(match)) else PROSE_CHARS
        )

    def is_furniture(el: Element) -> bool:
        # A captioned image is content whatever its wrapper is called ("widget", "shareable", "modal",
        # "ads-top-after"), its caption inside the box or beside the picture's own wrapper.
        return (
            is_chrome(el)
            and tag_of(el) != "figcaption"
            and not is_media_box(el)
            and not _quote_box(el)
            and not one_captioned_picture(el)
            and not _named_picture(el)
        )

    _prune(root, is_furniture)


def _named_picture(el: Element) -> bool:
    """A picture of the article's size named after where it sits ("header-image", "top-banner"): a name
    of the page's parts on the `<img>` itself does not make the picture chrome (a logo or icon does)."""
    if tag_of(el) != "img" or is_tiny(el) or is_thumbnail(el):
        return False
    return not STRONG_BOILER.search(signature(el))


def _in_prose(el: Element, tag: str) -> bool:
    parent = el.getparent()
    return tag not in BLOCK_TAGS and parent is not None and tag_of(parent) in ("p", "li", "dd", "blockquote")


def _chrome_word(el: Element) -> str:
    """The boilerplate word the element's signature holds ("paywall"), "" for none."""
    return _word(BOILERPLATE.search(signature(el)))


def _word(match: re.Match[str] | None) -> str:
    return match.group().strip(_NOT_WORD) if match else ""


def _holds_prose(el: Element, enough: int = PROSE_CHARS) -> bool:
    """Paragraphs of unlinked text, more than a notice box holds (`enough` characters of it)."""
    prose = 0
    for p in el.iter("p"):
        text, linked = prose_length(p, PROSE_IN_NOTICE)
        if text:
            prose += text - linked
            if prose >= enough:
                return True
    return False


def _is_quote_embed(el: Element, sig: str) -> bool:
    """Pull quotes and embedded posts look like asides and share widgets, but are content."""
    tag = tag_of(el)
    if tag == "blockquote" or is_pull_quote(el, sig):
        return True
    if TWEET.search(sig) or is_embed(el, sig):
        return True
    return any(TWEET.search(q.get("class") or "") for q in el.iter("blockquote"))


def _quote_box(el: Element) -> bool:
    """A wrapper ("widget", "embed") around one quote and its attribution is the quote."""
    quote = el.find(".//blockquote")
    if quote is None:
        return False
    total = len(text_of(el))
    return total < _QUOTE_BOX_CHARS and len(text_of(quote)) >= 0.5 * total


def _prune(root: Element, predicate: Callable[[Element], bool]) -> None:
    """Drop every element matching `predicate`, without looking inside dropped subtrees."""
    stack = list(root)
    while stack:
        el = stack.pop()
        if predicate(el):
            drop(el)
        else:
            stack.extend(el)


def _rescue_noscript_images(root: Element) -> None:
    """`<noscript><img src=real></noscript>` next to a lazy placeholder: give the placeholder the src."""
    for ns in list(root.iter("noscript")):
        img = ns.find(".//img")
        if img is None:
            continue
        src = img.get("src")
        prev = ns.getprevious()
        target = prev if prev is not None and tag_of(prev) == "img" else None
        if target is None and prev is not None:
            target = prev.find(".//img")
        if target is None or has_real_src(target):
            # The placeholder may sit a sibling or two before (`<img placeholder><span icon/><noscript>`),
            # in the same small box: a page-level tracking pixel's <noscript> is no image's fallback.
            parent = ns.getparent()
            target = (
                next(
                    (i for i in parent.iter("img") if not has_real_src(i) and ns not in i.iterancestors()),
                    target,
                )
                if parent is not None
                and sum(1 for _ in islice(parent.iter("img"), _BOX_IMAGES + 1)) <= _BOX_IMAGES
                else target
            )
        if target is not None and not has_real_src(target) and src:
            target.set("src", src)
            for attr in LAZY_SRC_ATTRS:
                target.attrib.pop(attr, None)
            drop(ns)
        elif target is None and src:
            ns.drop_tag()


def _amp_pictures(root: Element) -> None:
    """AMP's `<amp-img>` (and `<amp-anim>`) is its `<img>`: the picture, with its `src` and `srcset`. One
    that holds an `<img>` (its `<noscript>` fallback, rescued above) leaves that image in its place; its
    placeholder and fallback children go. One with no address yet is a skeleton, no picture."""
    for el in list(root.iter("amp-img", "amp-anim")):
        if el.getparent() is None:
            continue
        if el.find(".//img") is not None:
            el.drop_tag()
            continue
        if not (el.get("src") or el.get("srcset")):
            continue  # a skeleton a script fills (a recirculation widget's card): no picture yet
        for child in list(el):
            el.remove(child)
        el.text = None
        el.tag = "img"


def _drop_signup_boxes(root: Element) -> None:
    """An email field sits in a newsletter box (or its "Sign up" link, where the field is on the sign-up
    page and the box has a heading), a lone checkbox in a consent box ("Recommended editorial content. I
    agree that content from YouTube is shown to me."): remove the largest small box around it. A consent
    box is one only where it holds the embed it stands for (its frame, put in place by `mark_frames`),
    which stays."""
    consent = 0
    for field in [*root.iter("input"), *_signup_links(root)]:
        kind = "email" if tag_of(field) == "a" else (field.get("type") or "").lower()
        if kind not in ("email", "checkbox") or field.getparent() is None:
            continue
        if kind == "checkbox" and (consent := consent + 1) > _MAX_CONSENT_BOXES:
            continue  # a page has a few; thousands are a flood, left to the junk pass
        limit = _NEWSLETTER_BOX_CHARS if kind == "email" else _CONSENT_BOX_CHARS
        box: Element = field
        parent = box.getparent()
        while parent is not None and tag_of(parent) not in ("body", "article", "main"):
            if kind == "checkbox" and _checklist(parent):
                break  # a checklist's many boxes are content (asked first: it stops at the second box)
            if len(text_of(parent)) > limit or (kind == "checkbox" and _pictured(parent)):
                break
            if tag_of(field) == "a" and next(parent.iter("h1"), None) is not None:
                break  # the story's header, with a "Save" or "Register" link in its tools
            box, parent = parent, parent.getparent()
        if box is field:
            continue
        embeds = [m for m in box.iter("blockquote") if is_embed(m, "")]
        # A consent notice stands for the embed it holds (its frame, or an address kept in the box's own
        # data until the reader agrees); a lone toggle's box without one (a share menu, a "more" switch
        # beside the standfirst) is the page's own, and a bare toggle goes with the junk.
        if tag_of(field) == "a" and next(box.iter(*HEADINGS), None) is None:
            continue  # a sign-up link in a line of text, not a box headed "Sign up for …"
        if kind == "email" or ((embeds or _holds_address(box)) and text_of(box)):
            _drop_keeping(box, embeds)


# A newsletter's sign-up page, by a segment of its path.
_SIGNUP_PAGE = re.compile(
    r"/(?:newsletters?|subscribe|signup|sign-up|abonnieren|newsletter-anmeldung|inscription|"
    r"suscribete|suscripcion|iscriviti|nieuwsbrief|aanmelden)(?:[/?#._-]|$)",
    re.I,
)
_MAX_CALL = 40


def _signup_links(root: Element) -> list[Element]:
    """The call-to-action links of newsletter boxes that have no email field on the page (it opens on the
    sign-up page): a short link to a sign-up page."""
    return [
        a
        for a in root.iter("a")
        if _SIGNUP_PAGE.search(a.get("href") or "") and 0 < len(text_of(a)) <= _MAX_CALL
    ]


def _holds_address(box: Element) -> bool:
    """The box keeps a web address in a data attribute of its own (a held embed's, in its code or props)."""
    return any(name.startswith("data-") and "://" in value for name, value in box.attrib.items())


def _checklist(el: Element) -> bool:
    """More than one checkbox: a list to tick, not a consent notice."""
    boxes = (i for i in el.iter("input") if (i.get("type") or "").lower() == "checkbox")
    return sum(1 for _ in islice(boxes, 2)) > 1


def _pictured(el: Element) -> bool:
    """A picture or headline: a header that a toggle (an author card's "more") sits in, not a notice."""
    return next(el.iter("img", "picture", "figure", "h1"), None) is not None


def _drop_keeping(box: Element, embeds: list[Element]) -> None:
    """Remove `box`, leaving the embed placeholders inside it (`embeds`) where it was."""
    parent = box.getparent()
    if parent is None:
        return
    at = parent.index(box)
    for mark in embeds:
        mark.tail = None
        parent.insert(at, mark)
        at += 1
    drop(box)
