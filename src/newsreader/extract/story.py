"""Read Next and related stories: the links a page offers as "what to read after this one".

Found by a cue (a heading or label such as "Read Next:", "Up next", "More from X", "You might also like",
or a container named that way) plus structure (cards linking to article-like URLs of the same site).
The containers are removed afterwards so they do not leak into the body; that includes the in-paragraph
form `<p><strong>Read Next:</strong> <a href=…>Title</a></p>`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import islice
from urllib.parse import urlsplit

from newsreader.extract.dom import HEADINGS, Element, drop, tag_of, text_of
from newsreader.models import StoryLink
from newsreader.text import clean_line
from newsreader.urls import absolutize, host_of, without_fragment

READ_NEXT_CUE = re.compile(
    r"^(?:read next|read this next|what to read next|up next|next up|next article|next story|"
    r"next post|read more\s*[:：]|more reading\s*[:：]|continue reading\s*[:：])",
    re.I,
)
RELATED_CUE = re.compile(
    r"^(?:related|recommended|more from|more stories|more on this|more like this|more in |more news|"
    r"you (?:might|may|will) (?:also )?(?:like|enjoy)|also read|read also|see also|further reading|"
    r"more to read|more coverage|keep reading|recommended for you|don't miss|also on)",
    re.I,
)
_SIG_NEXT = re.compile(r"read-?next|up-?next|next-?(?:article|story|post)", re.I)
_SIG_RELATED = re.compile(r"related|recommend|more-?from|you-?might|also-?like|more-?stories", re.I)
_NON_ARTICLE_SEGMENTS = frozenset(
    "tag tags category categories topic topics author authors section sections user users profile login "
    "signin signup register subscribe subscription newsletter newsletters search about contact privacy "
    "terms feed rss share comments account help faq shop store advertise careers jobs".split()
)
_SHARE_HOSTS = re.compile(r"(?:^|\.)(?:twitter|x|facebook|linkedin|pinterest|reddit|whatsapp|t)\.(?:com|me)$")
_MAX_CUE_CHARS = 60
_LABEL_ENDS = (":", "：", "→", "»", "›", ">", "-", "–", "—")
_LABEL_TAGS = HEADINGS | {"span", "strong", "b", "em", "label", "header", "small", "a"}
_MAX_COLLECTION_CHARS = 3000
_MAX_LINKS = 12


@dataclass(slots=True)
class Stories:
    read_next: list[StoryLink] = field(default_factory=list)
    related: list[StoryLink] = field(default_factory=list)


def find_stories(root: Element, page_url: str, base: str | None) -> Stories:
    """Collect Read Next and related links, removing the elements they came from."""
    out = Stories()
    seen = {without_fragment(page_url)}
    used: list[Element] = []
    for cue_el, kind in _cues(root):
        if any(_inside(cue_el, u) for u in used):
            continue
        container = _collection(cue_el, base)
        label = None
        if container is None and kind == "next":
            # "Read Next:" alone in a paragraph or heading, the link in the element after it.
            container, label = _next_sibling_collection(cue_el, base), cue_el
        if container is None:
            continue
        # A link under an explicit "Read Next" label is the next story whatever its URL looks like.
        explicit = kind == "next" and container.xpath("string-length(normalize-space())") < 300
        cards = _cards(container, cue_el, base, page_url, same_site=kind == "related", explicit=explicit)
        fresh = [c for c in cards if without_fragment(c.url) not in seen]
        if not fresh:
            continue
        seen.update(without_fragment(c.url) for c in fresh)
        if kind == "next":
            out.read_next.extend(StoryLink(c.title, c.url) for c in fresh[:3])
        else:
            out.related.extend(fresh)
        used.append(container)
        if label is not None:
            used.append(label)
    for container in used:
        drop(container)
    out.related = out.related[: _MAX_LINKS * 2]
    return out


def _inside(el: Element, container: Element) -> bool:
    return el is container or any(a is container for a in el.iterancestors())


def _cues(root: Element) -> list[tuple[Element, str]]:
    found: list[tuple[Element, str]] = []
    for el in root.iter():
        tag = tag_of(el)
        if tag in ("", "html", "body", "script", "style"):
            continue
        sig = f"{el.get('class') or ''} {el.get('id') or ''} {el.get('data-testid') or ''}"
        if _SIG_NEXT.search(sig):
            found.append((el, "next"))
            continue
        if _SIG_RELATED.search(sig) and tag not in ("a", "span"):
            found.append((el, "related"))
            continue
        head = _leading_text(el)
        if not head:
            continue
        if READ_NEXT_CUE.match(head) and not _is_bare_link(el, head):
            found.append((el, "next"))
        elif RELATED_CUE.match(head) and (tag in HEADINGS or len(head) <= 40) and tag != "a":
            found.append((el, "related"))
    return found


def _leading_text(el: Element) -> str:
    """The element's own short label text (for `<p><b>Read Next:</b> …`, the `<b>`'s text)."""
    tag = tag_of(el)
    if tag in ("p", "div", "li"):
        first = el[0] if len(el) else None
        label = first is not None and tag_of(first) in ("strong", "b", "em", "span")
        own = (el.text or "").strip()
        if first is not None and label and not own:
            return _short_text(first)
        # `<p>Read Next: <a href=…>Title</a></p>`: the label is the paragraph's own leading text, when it is
        # only a label ("Read Next:", "Up next →"; not "Read next week, …").
        label_only = tag == "p" and len(own) <= _MAX_CUE_CHARS and own.endswith(_LABEL_ENDS)
        return clean_line(own) if label_only else ""
    return _short_text(el) if tag in _LABEL_TAGS else ""


def _short_text(el: Element) -> str:
    """Text of a label, or "" when it is longer than a label can be (read no further than that)."""
    # A label is a leaf or nearly so; looking no deeper keeps deep nesting from costing O(depth²).
    if sum(1 for _ in islice(el.iterdescendants(), 6)) > 5:
        return ""
    raw = el.text_content()
    if len(raw) > _MAX_CUE_CHARS * 8:
        return ""
    text = clean_line(raw)
    return text if len(text) <= _MAX_CUE_CHARS else ""


def _is_bare_link(el: Element, head: str) -> bool:
    """A "Read more" link on a teaser card is a continuation link, not a Read Next cue."""
    return tag_of(el) == "a" or any(tag_of(a) == "a" for a in el.iterancestors())


def _collection(cue: Element, base: str | None) -> Element | None:
    """The smallest link-dense element around the cue that holds story links besides the cue itself."""
    el: Element | None = cue if tag_of(cue) not in _LABEL_TAGS else cue.getparent()
    for _ in range(5):
        if el is None or tag_of(el) in ("body", "html", "article", "main"):
            return None
        text_len = len(text_of(el))
        if text_len > _MAX_COLLECTION_CHARS:
            return None
        links = [a for a in el.iter("a") if el is cue or not _inside(a, cue)]
        if any(absolutize(a.get("href"), base) for a in links):
            linked = sum(len(text_of(a)) for a in links)
            return el if linked >= 0.25 * text_len else None
        el = el.getparent()
    return None


def _next_sibling_collection(cue: Element, base: str | None) -> Element | None:
    """For a label with no links of its own: the element right after it, when that is a short run of links."""
    if tag_of(cue) not in HEADINGS | {"p", "strong", "b"} or any(True for _ in cue.iter("a")):
        return None
    after = cue.getnext()
    if after is None or tag_of(after) not in ("p", "ul", "ol", "div"):
        return None
    text_len = len(text_of(after))
    links = [a for a in after.iter("a") if absolutize(a.get("href"), base)]
    if not links or text_len > _MAX_COLLECTION_CHARS:
        return None
    return after if sum(len(text_of(a)) for a in links) >= 0.5 * text_len else None


def _cards(
    container: Element,
    cue: Element,
    base: str | None,
    page_url: str,
    *,
    same_site: bool,
    explicit: bool = False,
) -> list[StoryLink]:
    cards: dict[str, StoryLink] = {}
    site = _site(page_url)
    for a in container.iter("a"):
        url = absolutize(a.get("href"), base)
        story = url is not None and (is_story_url(url) if explicit else is_article_url(url))
        if not url or not story or (same_site and _site(url) != site):
            continue
        key = without_fragment(url)
        card = _card_of(a, container)
        title = _card_title(card, a, cue)
        if key in cards:
            if not cards[key].title and title:
                cards[key].title = title
                cards[key].summary = cards[key].summary or _summary(card, title)
            continue
        cards[key] = StoryLink(title=title, url=url, summary=_summary(card, title))
        if len(cards) >= _MAX_LINKS:
            break
    return [c for c in cards.values() if c.title]


def _card_of(a: Element, container: Element) -> Element:
    """The largest element around link `a` whose links all go to the same story (image + title)."""
    href = (a.get("href") or "").strip()
    el = a
    parent = a.getparent()
    while parent is not None and parent is not container:
        if any((other.get("href") or "").strip() != href for other in parent.iter("a")):
            break
        el, parent = parent, parent.getparent()
    return el


def _card_title(card: Element, a: Element, cue: Element) -> str:
    for h in card.iter(*HEADINGS):
        # Skip the cue heading itself ("More from ...") and headings around it, but not card headings
        # inside a cue that is the whole collection (a section with a "related" class).
        if not _inside(cue, h):
            text = clean_line(h.text_content())
            if text:
                return text
    text = clean_line(a.text_content())
    if READ_NEXT_CUE.match(text) or RELATED_CUE.match(text):
        text = READ_NEXT_CUE.sub("", RELATED_CUE.sub("", text)).strip(" :")
    return text if len(text.split()) >= 2 or len(text) > 12 else ""


def _summary(card: Element, title: str) -> str | None:
    for p in card.iter("p", "div", "span"):
        if len(p) and tag_of(p) != "p":
            continue
        text = clean_line(p.text_content())
        if len(text) > 30 and text != title and (not title or title not in text):
            return text
    return None


def is_story_url(url: str) -> bool:
    """Could be one story: a path that is not a section, tag, author or share page."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if _SHARE_HOSTS.search(host) or "share" in parts.query.lower():
        return False
    segments = [s for s in parts.path.lower().split("/") if s]
    return bool(segments) and not any(s in _NON_ARTICLE_SEGMENTS for s in segments)


def is_article_url(url: str) -> bool:
    """Looks like one story: a slug or id in the path, not a section, tag, author or share page."""
    if not is_story_url(url):
        return False
    segments = [s for s in urlsplit(url).path.lower().split("/") if s]
    last = re.sub(r"\.(?:html?|php|aspx?)$", "", segments[-1])
    return last.count("-") >= 2 or bool(re.search(r"\d{4,}", last)) or len(segments) >= 3


def _site(url: str) -> str:
    host = host_of(url)
    return ".".join(host.split(".")[-2:])
