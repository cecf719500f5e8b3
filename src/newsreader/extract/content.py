"""Finding the article's container: Readability-style scoring of text-bearing ancestors.

Every paragraph-sized run of text votes for its parent and (decreasingly) for further ancestors, weighted
by length and commas; class/id names and link density adjust the votes. The best container wins, and its
siblings join when they score well or read like prose, because bodies are often split across siblings
("intro", ad slot, "rest of the story").
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain, islice

from lxml import etree

from newsreader.dates import parse_text_date
from newsreader.extract.dom import (
    BLOCK_TAGS,
    PROSE_BESIDE_BODY,
    PROSE_IN_BODY,
    PROSE_IN_DEK,
    Element,
    class_weight,
    drop,
    in_figure,
    mostly_unlinked,
    signature,
    tag_of,
    text_of,
)
from newsreader.extract.figures import is_figure_like, reads_like_caption

log = logging.getLogger(__name__)
_TAG_BASE = {
    "div": 5, "article": 8, "main": 5, "section": 3, "pre": 3, "td": 3, "blockquote": 3,
    "address": -3, "ol": -3, "ul": -3, "dl": -3, "dd": -3, "dt": -3, "li": -3, "form": -3,
    "h1": -5, "h2": -5, "h3": -5, "h4": -5, "h5": -5, "h6": -5, "th": -5,
}  # fmt: skip
_SCORED = frozenset(("p", "pre", "td", "div", "section", "article", "blockquote", "li", "dd", "span"))
_MIN_PARAGRAPH = 25
_ANCESTOR_LEVELS = 5
_MIN_LEAD = 100
_MIN_VOTES = 5.0
_PROSE_RUN = 100
_PROSE_SHARE = 0.6
_EARLIER_LEVELS = 4
_ROW_LEVELS = 3
_MIN_ROW_TEXT = 200
_MIN_STORY = 500
_EARLIER_SIBLINGS = 3
_CAPTION_DEPTH = 4  # a caption paragraph sits in its figcaption, a level or two below the figure
_DEK_MIN = 40
_WORDS = re.compile(r"\w+")
_SAME_HEADLINE = 0.8
_CAPTION_WORD = re.compile(r"caption|credit|legend|copyright")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_DEK_MAX = 1000
_DEK_LOOKAHEAD = 4
_DEK_BOX_LEVELS = 4
_DEK_STOP = frozenset(
    ("figure", "figcaption", "ul", "ol", "li", "table", "nav", "aside", "form", "blockquote")
)


@dataclass(slots=True)
class Stats:
    """Per-element text length, linked-text length and "has block descendants", from one pass."""

    text: dict[Element, int]
    linked: dict[Element, int]
    has_block: set[Element]
    inline_text: dict[Element, int]

    def density(self, el: Element) -> float:
        total = self.text.get(el, 0)
        return min(1.0, self.linked.get(el, 0) / total) if total else 0.0

    def unlinked(self, el: Element, limit: float = PROSE_IN_BODY) -> bool:
        """`el`'s text is mostly unlinked (`dom.mostly_unlinked`)."""
        return mostly_unlinked(self.text.get(el, 0), self.linked.get(el, 0), limit)


def _len(text: str | None) -> int:
    """Length with whitespace runs counted as one character (indentation is not text)."""
    return len(" ".join(text.split())) if text else 0


def measure(root: Element, page: str | None = None) -> Stats:
    """Bottom-up totals for every element under `root` in O(n); `page` is the page's own URL (a link
    to a place on the page itself, `page#note-12`, is an in-page anchor)."""
    here = _page_key(page)
    elements = list(root.iter())
    text: dict[Element, int] = {}
    linked: dict[Element, int] = {}
    inline: dict[Element, int] = {}
    has_block: set[Element] = set()
    for el in reversed(elements):
        tag = tag_of(el)
        own = _len(el.text)
        total, link, direct = own, 0, own
        for child in el:
            tail = _len(child.tail)
            total += text.get(child, 0) + tail
            link += linked.get(child, 0)
            direct += tail
            ctag = tag_of(child)
            if ctag in BLOCK_TAGS or child in has_block:
                has_block.add(el)
            else:
                direct += text.get(child, 0)
        text[el] = total
        linked[el] = int(total * _link_weight(el, here)) if tag == "a" else link
        inline[el] = direct
    return Stats(text, linked, has_block, inline)


def _link_weight(a: Element, here: str | None = None) -> float:
    """javascript: "links" are text to the reader; in-page anchors (footnotes, TOC, annotations) count a
    little."""
    href = (a.get("href") or "").strip().lower()
    if not href or href.startswith(("javascript:", "data:", "file:", "mailto:")):
        return 0.0
    if href.startswith("#") or (here is not None and "#" in href and _page_key(href) == here):
        return 0.3
    return 1.0


def _page_key(url: str | None) -> str | None:
    """host and path, without scheme, query and fragment: "//site/a#x" and "https://site/a" agree."""
    if not url:
        return None
    rest = url.lower().split("#", 1)[0].split("?", 1)[0].split("//", 1)[-1]
    return rest.rstrip("/") or None


def select_content(body: Element, stats: Stats) -> list[Element]:
    """The article container (and any sibling parts of it), in document order."""
    scores: dict[Element, float] = {}
    for el in body.iter(*_SCORED):
        length = stats.inline_text.get(el, 0)
        if length < _MIN_PARAGRAPH or (
            tag_of(el) == "span" and el.getparent() is not None and tag_of(el.getparent()) == "p"
        ):
            continue
        vote = 1.0 + _commas(el) + min(length // 100, 3)
        # Text written straight into a table cell beside its block children (`<td>Text<br><br>Text<center>`,
        # old layout tables) is the cell's own paragraphs: they vote for the cell itself.
        voters = (
            chain([el], _ancestors(el)) if tag_of(el) == "td" and el in stats.has_block else _ancestors(el)
        )
        for level, anc in enumerate(islice(voters, _ANCESTOR_LEVELS)):
            if anc not in scores:
                scores[anc] = _TAG_BASE.get(tag_of(anc), 0) + class_weight(anc)
            scores[anc] += vote / (1 if level == 0 else 2 if level == 1 else level * 3)
    if not scores:
        log.info("no paragraph-sized text: taking the whole body as the article")
        return [body]
    final = {el: s * (1 - stats.density(el)) for el, s in scores.items()}
    top = max(final, key=lambda e: final[e])
    top = _promote(top, final, body)
    parts = _with_siblings(top, final, stats, body)
    before, after = _repeated_rows(top, parts, stats, body)
    parts = [*before, *parts, *after]
    lead = _earlier_part(parts, stats, body)
    return [lead, *parts] if lead is not None else parts


_SEVERAL_STORIES = etree.XPath("count(.//h1) > 1 and count(.//article) > 1")


def drop_other_stories(body: Element, title: str | None) -> None:
    """Where the page holds several stories, each an `<article>` with its own headline and running text
    (the next stories loaded below this one), all but the one whose `<h1>` says the title (else the
    first) go."""
    if _SEVERAL_STORIES(body) is not True:  # counted by libxml2: most pages have one headline
        return
    stories = [
        a
        for a in _outermost(body, "article")
        if a.find(".//h1") is not None and sum(len(text_of(p)) for p in a.iter("p")) >= _MIN_STORY
    ]
    if len(stories) < 2:
        return
    keep = next(
        (a for a in stories if title and any(_is_headline(h, title, own=True) for h in a.iter("h1"))),
        stories[0],
    )
    for story in stories:
        if story is not keep:
            drop(story)


def _outermost(root: Element, tag: str) -> list[Element]:
    """The `tag` elements below `root` that are not inside another one, in document order (one walk that
    does not descend into them: nested thousands deep, they cost no more than a flat page)."""
    found: list[Element] = []
    stack = list(reversed(root))
    while stack:
        el = stack.pop()
        if tag_of(el) == tag:
            found.append(el)
        else:
            stack.extend(reversed(el))
    return found


def _ancestors(el: Element) -> Iterable[Element]:
    parent = el.getparent()
    for _ in range(_ANCESTOR_LEVELS):
        if parent is None or tag_of(parent) in ("html",):
            return
        yield parent
        parent = parent.getparent()


def _commas(el: Element) -> int:
    count = (el.text or "").count(",")
    for child in el:
        count += (child.tail or "").count(",")
        if tag_of(child) not in BLOCK_TAGS:
            count += sum(t.count(",") for t in child.itertext())
    return min(count, 50)


def _promote(top: Element, final: dict[Element, float], body: Element) -> Element:
    """Move up when the parent is also strong (the body split across several scored children)."""
    best = final[top]
    alternatives = [e for e, s in final.items() if e is not top and s >= best * 0.75]
    if len(alternatives) >= 3:
        tops = set(top.iterancestors())
        for anc in top.iterancestors():
            shared = sum(1 for alt in alternatives if anc in set(alt.iterancestors()))
            if shared >= 3 and anc in tops:
                top = anc
                break
    last = final.get(top, best)
    parent = top.getparent()
    while parent is not None and parent is not body and tag_of(parent) != "html":
        score = final.get(parent)
        if score is None:
            parent = parent.getparent()
            continue
        if score < best / 3:
            break
        if score > last:
            top = parent
            break
        last = score
        parent = parent.getparent()
    while (parent := top.getparent()) is not None and parent is not body and len(parent) == 1:
        top = parent
    return top


def _voted(el: Element, final: dict[Element, float], stats: Stats) -> bool:
    """Scored for the text inside it, not only for its name: "article__report" beside "article__body"
    is a notice box whatever its class says."""
    named = (_TAG_BASE.get(tag_of(el), 0) + class_weight(el)) * (1 - stats.density(el))
    return final.get(el, 0.0) - named >= _MIN_VOTES


def _mostly_list(el: Element, stats: Stats) -> bool:
    """Bullet points: a summary box ("Key points") above the story, not the story's first part."""
    return sum(stats.text.get(li, 0) for li in el.iter("li")) >= 0.5 * stats.text.get(el, 0)


def _runs_of_prose(el: Element, stats: Stats) -> bool:
    """Most of the text in paragraph-sized runs, not in a data sheet's short labels and values."""
    long = sum(
        length
        for d in el.iter()
        if tag_of(d) in BLOCK_TAGS
        and d not in stats.has_block
        and (length := stats.text.get(d, 0)) >= _PROSE_RUN
    )
    return long >= _PROSE_SHARE * stats.text.get(el, 0)


def _paragraphs(el: Element, stats: Stats) -> bool:
    """Unlinked text that is all paragraphs: a wrapper of prose, however short."""
    total = stats.text.get(el, 0)
    if total < _MIN_LEAD or not stats.unlinked(el):
        return False
    in_p = sum(stats.text.get(p, 0) for p in el.iter("p"))
    return in_p >= 0.9 * total and _commas(el) + sum(_commas(p) for p in el.iter("p")) > 0


def _with_siblings(top: Element, final: dict[Element, float], stats: Stats, body: Element) -> list[Element]:
    parent = top.getparent()
    if parent is None or top is body:
        return [top]
    threshold = max(10.0, final.get(top, 0) * 0.2)
    cls = top.get("class")
    out: list[Element] = []
    for sib in parent:
        if sib is top:
            out.append(sib)
            continue
        tag = tag_of(sib)
        if not tag:
            continue
        bonus = final.get(top, 0) * 0.2 if cls and sib.get("class") == cls else 0.0
        if final.get(sib, -1e9) + bonus >= threshold and _voted(sib, final, stats):
            out.append(sib)
        elif tag in ("p", "figure", "blockquote", "pre", "ul", "ol", "table") or (
            tag == "div" and sib not in stats.has_block
        ):
            length, density = stats.text.get(sib, 0), stats.density(sib)
            if (length > 80 and stats.unlinked(sib, PROSE_BESIDE_BODY)) or (
                0 < length <= 80 and density == 0 and tag == "p"
            ):
                out.append(sib)
            elif tag in ("figure", "blockquote"):
                out.append(sib)  # a figure or an embedded post between the paragraphs is part of them
        elif (
            stats.text.get(sib, 0) > 400
            and stats.unlinked(sib)
            and _runs_of_prose(sib, stats)
            and (top in out or not (_mostly_list(sib, stats) or sib.find(".//h1") is not None))
        ):
            # Prose split into a sibling wrapper too deep for the votes to reach it (not a box of
            # labels and values such as a study's or a product's data sheet; above the story, not the
            # headline's box, whose standfirst and picture are found on their own, nor key points).
            out.append(sib)
        elif tag in ("div", "section") and top not in out and _paragraphs(sib, stats):
            # A lead paragraph in its own wrapper ("intro", "first-par") above the body (below it, a
            # short box of sentences is a notice: "Spotted a mistake? Select it and press Ctrl+Enter").
            out.append(sib)
    if len(out) > 1:
        # A captioned picture between two parts of the body is part of it, whatever wraps it.
        first, last = parent.index(out[0]), parent.index(out[-1])
        chosen = set(out)
        out = [
            sib
            for sib in parent[first : last + 1]
            if sib in chosen or (tag_of(sib) and is_figure_like(sib, stats.text.get(sib, 0)))
        ]
    return out


def _repeated_rows(
    top: Element, parts: list[Element], stats: Stats, body: Element
) -> tuple[list[Element], list[Element]]:
    """The body's other parts in layout rows of the same shape as the chosen container's own row.

    Page builders put an ad column beside each stretch of the story, so the story runs on in a second and
    third row: siblings of a wrapper a few levels above the container, with the wrapper's tag and class,
    each holding a container of the chosen one's tag and class. A headline (`<h1>`) between ends the search
    in its direction: past it is the story's header, or the next story.
    """
    key = (tag_of(top), top.get("class") or "")
    if not key[1]:
        return [], []  # a bare container has no shape to know its other stretches by (any bare <div> is one)
    node = top
    for _ in range(_ROW_LEVELS):
        row = node.getparent()
        if row is None or row is body:
            break
        shape = (tag_of(row), row.get("class") or "")
        found: tuple[list[Element], list[Element]] = ([], [])
        for side, preceding in ((0, True), (1, False)):
            for sib in row.itersiblings(preceding=preceding):
                if tag_of(sib) == "h1" or sib.find(".//h1") is not None:
                    break
                if (tag_of(sib), sib.get("class") or "") != shape:
                    continue
                part = next((d for d in sib.iter(key[0]) if (d.get("class") or "") == key[1]), None)
                if part is not None and _reads_on(part, stats):
                    found[side].append(part)
        if found[0] or found[1]:
            return found[0][::-1], found[1]
        node = row
    return [], []


def _reads_on(el: Element, stats: Stats) -> bool:
    """Running text: enough of it, little of it linked, in paragraph-sized runs."""
    return stats.text.get(el, 0) >= _MIN_ROW_TEXT and stats.unlinked(el) and _runs_of_prose(el, stats)


def _earlier_part(parts: list[Element], stats: Stats, body: Element) -> Element | None:
    """The body's first paragraphs in a layout box of their own above the chosen container.

    Page builders put the headline, the lead image and the first paragraphs in one row and the rest of the
    story in the next: the earlier paragraphs carry the same paragraph class as the chosen ones.
    """
    classes = {
        cls
        for part in parts
        for p in part.iter("p")
        if (cls := " ".join((p.get("class") or "").split()))
        and stats.text.get(p, 0) >= _MIN_PARAGRAPH
        and not in_figure(p, _CAPTION_DEPTH)
    }
    if not classes:
        return None
    anc = parts[0]
    total = sum(stats.text.get(part, 0) for part in parts)
    for _ in range(_EARLIER_LEVELS):
        for sib in islice(anc.itersiblings(preceding=True), _EARLIER_SIBLINGS):
            found = [
                p
                for p in sib.iter("p")
                if " ".join((p.get("class") or "").split()) in classes and not in_figure(p, _CAPTION_DEPTH)
            ]
            text = sum(stats.text.get(p, 0) for p in found)
            linked = sum(stats.linked.get(p, 0) for p in found)
            if text >= _MIN_LEAD and mostly_unlinked(text, linked, PROSE_IN_BODY):
                return _common_ancestor(found, sib)
        parent = anc.getparent()
        if parent is None or parent is body or stats.text.get(parent, 0) > total * 1.25:
            return None
        anc = parent
    return None


def _common_ancestor(els: list[Element], limit: Element) -> Element:
    node = els[0].getparent()
    while node is not None and node is not limit and not all(node in set(e.iterancestors()) for e in els):
        node = node.getparent()
    return node if node is not None else limit


def standfirst(body: Element, first: Element, stats: Stats, title: str | None = None) -> Element | None:
    """The standfirst (dek, summary) under the headline when it sits outside the chosen container.

    It is the first sentence-sized block of unlinked text after the last `<h1>` above the container, in
    the headline's own box: not a caption, a list item, a byline or a date line (nor a line holding a
    `<time>`, whose parts the page may set without a space between them).
    """
    h1: Element | None = None
    seen = 0
    holds_first = set(first.iterancestors())
    stack = [body]
    while stack:
        el = stack.pop()
        if el is first:
            return None
        tag = tag_of(el)
        if tag == "h1":
            if _is_headline(el, title):  # not a site name or logo in an <h1>
                h1, seen = el, 0
            continue
        descend = el in holds_first or (el in stats.has_block and tag not in _DEK_STOP)
        if descend:
            stack.extend(reversed(el))
            continue
        if h1 is None or seen >= _DEK_LOOKAHEAD or tag in _DEK_STOP or not (length := stats.text.get(el, 0)):
            continue
        seen += 1
        text = " ".join(el.text_content().split())
        sized = (len(text) >= _DEK_MIN and len(text.split()) >= 6) or len(_CJK.findall(text)) >= _DEK_MIN // 3
        if (
            sized
            and length <= _DEK_MAX
            and stats.unlinked(el, PROSE_IN_DEK)
            and reads_like_caption(text)
            and parse_text_date(text) is None
            and next(el.iter("time"), None) is None  # a dateline ("March 12, 2025<span>7:12 AM GMT")
            and _near(el, h1)
            and not _CAPTION_WORD.search(signature(el))
            and not _beside_image(el, stats)
            and not (
                title and _is_headline(el, title, _SAME_HEADLINE, own=True)
            )  # the headline again, as a kicker
        ):
            return el
    return None


def _is_headline(el: Element, title: str | None, share: float = 0.5, *, own: bool = False) -> bool:
    """The element says what the page's title says: `share` of the shorter one's words in the other
    (`own`: of the element's own words), or the page has no title."""
    if not title:
        return True
    mine = set(_WORDS.findall(el.text_content().casefold()))
    theirs = set(_WORDS.findall(title.casefold()))
    return bool(mine) and len(mine & theirs) >= share * (len(mine) if own else min(len(mine), len(theirs)))


def _beside_image(el: Element, stats: Stats) -> bool:
    """Text in a small box with a picture is the picture's caption."""
    own = stats.text.get(el, 0)
    for anc in islice(el.iterancestors(), 2):
        if stats.text.get(anc, 0) > own + _DEK_MIN * 2:
            return False
        if anc.find(".//img") is not None:
            return True
    return False


def _near(el: Element, h1: Element | None) -> bool:
    """Within the headline's box: a common ancestor a few levels above the `<h1>`."""
    if h1 is None:
        return False
    mine = set(el.iterancestors())
    return any(anc in mine for anc in islice(h1.iterancestors(), _DEK_BOX_LEVELS))
