"""Small, shared facts about elements: what is a block, what looks like boilerplate, how much text.

Class names are unreliable on modern sites (hashed "sc-1x2y3z"), so the "signature" that boilerplate
patterns match also includes id, role, aria-label and data-testid/data-component, which survive bundlers.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from itertools import islice

from lxml import html as lhtml

Element = lhtml.HtmlElement

BLOCK_TAGS = frozenset(
    "address article aside blockquote center dd details div dl dt fieldset figcaption figure footer form "
    "h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table tbody thead tfoot tr td th ul "
    "picture summary".split()
)
HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
# Elements that never hold article text.
JUNK_TAGS = (
    "script style template svg canvas iframe object embed noscript button input select textarea "
    "option label dialog audio video track map area meta link head title "
    # AMP's advertising, tracking and consent elements
    "amp-ad amp-embed amp-sticky-ad amp-auto-ads amp-analytics amp-pixel amp-consent "
    "amp-user-notification".split()
)
# Semantic page chrome: dropped unless it is a pull quote or holds most of the page's text.
CHROME_TAGS = frozenset(("nav", "footer", "aside", "menu"))

# Matched against the signature, lowercased; `\b` is not enough for "share-bar" vs "sharebar", so the
# distinctive words match as substrings and the short ones only as whole tokens.
_BOILER_SUBSTR = (
    r"comment(?!ary)|disqus|share|sharing|social|newsletter|subscri|signup|sign-up|related|recommend|"
    r"trending|popular|most-read|mostread|sidebar|breadcrumb|footer|promo|sponsor|advert|outbrain|taboola|"
    r"cookie|consent|gdpr|paywall|author-bio|authorbio|about-the-author|about-author|pagination|skip-link|skiplink|skip-to|skipto|"
    r"masthead|navbar|navigation|toolbar|more-from|morefrom|read-next|readnext|up-next|upnext|jump-link|"
    r"dropdown|flyout|tooltip|popover"
)
_BOILER_TOKEN = r"nav|menu|ad|ads|adslot|bio|tags|tag-list|meta|header|widget|print|banner|popup|modal|byline"
BOILERPLATE = re.compile(rf"(?:{_BOILER_SUBSTR})|(?:^|[^a-z0-9])(?:{_BOILER_TOKEN})(?:$|[^a-z0-9])")
# Words that say "this is the article" and outweigh a weak boilerplate hit ("post-header" is not).
CONTENT_HINT = re.compile(
    r"article|body|content|entry|main|story|post-text|text|prose|rich-text|column|mathjax", re.I
)
STRONG_BOILER = re.compile(r"comment(?!ary)|share|sharing|social|newsletter|related|recommend|trending|promo")
PULLQUOTE = re.compile(r"pull-?quote|pullout|quote|quotation|zitat", re.I)
_PULL_NAME = re.compile(r"pull-?quote|pullout", re.I)
_OPENING_QUOTE = '“"«„「『‘‹»‚'
_MAX_PULL_QUOTE = 300
TWEET = re.compile(r"twitter-tweet|tweet|mastodon|bluesky|threads-post|x-post", re.I)
POSITIVE = re.compile(r"article|body|content|entry|hentry|h-entry|main|page|post|text|blog|story|prose", re.I)
NEGATIVE = re.compile(
    r"-ad-|hidden|banner|combx|comment|com-|contact|footer|gdpr|masthead|media|meta|outbrain|promo|"
    r"related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|widget|newsletter|byline",
    re.I,
)
_HIDDEN_CLASS = re.compile(r"(?:^|\s)(?:hidden|d-none|is-hidden|u-hidden)(?:$|\s)")
_SHOWN_AT_SIZE = re.compile(
    r"(?:^|\s)(?:\w+:(?:block|flex|inline|grid|table)\S*|d-\w+-(?:block|flex|inline)\S*)"
)
# A paragraph this long is prose whatever its name or aria-hidden says (is_hidden, strip_chrome).
PROSE_PARAGRAPH_CHARS = 200
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def signature(el: Element) -> str:
    """class, id, role, aria-label and test ids in one lowercase string."""
    parts = [
        el.get("class"),
        el.get("id"),
        el.get("role"),
        el.get("aria-label"),
        el.get("data-testid"),
        el.get("data-component"),
        el.get("data-module"),
    ]
    return " ".join(p for p in parts if p)[:500].lower()


def class_weight(el: Element) -> int:
    """Readability's class/id weight: +25 for article-ish names, -25 for chrome-ish ones."""
    sig = " ".join(p for p in (el.get("class"), el.get("id")) if p)[:500]
    if not sig:
        return 0
    weight = 0
    if NEGATIVE.search(sig):
        weight -= 25
    if POSITIVE.search(sig):
        weight += 25
    return weight


def is_hidden(el: Element) -> bool:
    if el.get("hidden") is not None:
        return True
    cls = el.get("class")
    if cls and _HIDDEN_CLASS.search(cls) and not _SHOWN_AT_SIZE.search(cls):
        # CSS frameworks' "hidden"/"d-none" utility, unless a breakpoint shows it ("hidden lg:block").
        return True
    style = el.get("style")
    if style and _HIDDEN_STYLE.search(style):
        return True
    if el.get("aria-hidden") != "true" or el.find(".//img") is not None:
        return False
    if tag_of(el) == "p" and len(text_of(el)) >= PROSE_PARAGRAPH_CHARS:
        # aria-hidden keeps text from screen readers, not from the screen: a paragraph of prose under it
        # is gated text shown (blurred or in full) in the story, not a decorative copy.
        return False
    # Captions are often aria-hidden (the image's alt says it to screen readers) yet shown on screen.
    return not any(tag_of(a) == "figcaption" for a in (el, *el.iterancestors()))


def is_pull_quote(el: Element, sig: str) -> bool:
    """A pull quote by its name (a box named "quote", a paragraph or heading named "pullquote"), or by
    structure where names are generated (`css-1x2y3z`): an `<aside>`
    holding one short quoted passage and nothing else (no links, pictures or headings)."""
    tag = tag_of(el)
    if tag in ("aside", "figure", "div", "section") and PULLQUOTE.search(sig):
        return True
    if (tag == "p" or tag in HEADINGS) and _PULL_NAME.search(sig):
        return True  # `<p class="pullquote">`: a paragraph named a pull quote, not one named after "quote"
    if tag != "aside" or any(tag_of(d) in ("a", "img", *HEADINGS) for d in el.iterdescendants()):
        return False
    text = text_of(el)
    return 0 < len(text) <= _MAX_PULL_QUOTE and text[0] in _OPENING_QUOTE


def text_of(el: Element) -> str:
    """All text below `el`, whitespace collapsed."""
    return " ".join(el.text_content().split())


# How much of a text its links may hold and still be running text (prose) rather than links, by what asks:
PROSE_IN_NOTICE = 0.5  # a box named like chrome still holds prose (`clean`): half of it unlinked
PROSE_AROUND_CARDS = 0.3  # the article's paragraphs beside story cards (`story`)
PROSE_IN_BODY = 0.2  # the body's container and its siblings (`content`)
PROSE_BESIDE_BODY = 0.25  # a lone paragraph beside the body's container (`content`)
PROSE_IN_DEK = 0.1  # a standfirst under the headline (`content`)


def mostly_unlinked(text: int, linked: int, limit: float) -> bool:
    """The one test of prose against links: less than `limit` of its `text` characters are in links (the
    share as `content.Stats.density` reads it: no text, no links)."""
    return (linked / text if text else 0.0) < limit


def prose_length(p: Element, limit: float, min_chars: int = 1) -> tuple[int, int]:
    """(length, linked length) of a paragraph of running text: at least `min_chars` long and mostly
    unlinked (`mostly_unlinked` under `limit`); (0, 0) for any other."""
    text = len(text_of(p))
    if text < min_chars:
        return 0, 0
    linked = sum(len(text_of(a)) for a in p.iter("a"))
    return (text, linked) if mostly_unlinked(text, linked, limit) else (0, 0)


def spaced_text(el: Element, skip: Collection[Element] = ()) -> str:
    """The text below `el` (without the subtrees in `skip`), whitespace collapsed, with a space wherever a
    block or `<br>` starts or ends: a list item's `<h3>` and `<p>` do not run together ("High waterThe…").
    A loop over a stack, not recursion: hostile pages nest thousands deep."""
    parts = [el.text or ""]
    stack = [iter(el)]
    open_: list[Element] = []  # the element of each stack level below the first, for its tail
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            if open_:
                done = open_.pop()
                parts.append(_apart(done) + (done.tail or ""))
        elif not tag_of(child) or child in skip:  # a comment holds no text; a skipped subtree none here
            parts.append(_apart(child) + (child.tail or ""))
        else:
            parts.append(_apart(child) + (child.text or ""))
            stack.append(iter(child))
            open_.append(child)
    return " ".join("".join(parts).split())


def _apart(el: Element) -> str:
    tag = tag_of(el)
    return " " if tag in BLOCK_TAGS or tag == "br" else ""


def tag_of(el: object) -> str:
    """The tag name, or "" for comments and processing instructions."""
    tag = getattr(el, "tag", None)
    return tag.lower() if isinstance(tag, str) else ""


def in_figure(el: Element, depth: int) -> bool:
    """`el` sits inside a `<figure>` or `<figcaption>` at most `depth` levels up: part of an image's box or
    caption. Each caller names its depth (how far its elements sit from the figure they belong to)."""
    return any(tag_of(a) in ("figure", "figcaption") for a in islice(el.iterancestors(), depth))


def drop(el: Element) -> None:
    """Remove `el` but keep its tail text in place."""
    parent = el.getparent()
    if parent is not None:
        el.drop_tree()
