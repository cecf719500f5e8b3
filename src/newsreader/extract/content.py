"""Finding the article's container: Readability-style scoring of text-bearing ancestors.

Every paragraph-sized run of text votes for its parent and (decreasingly) for further ancestors, weighted
by length and commas; class/id names and link density adjust the votes. The best container wins, and its
siblings join when they score well or read like prose, because bodies are often split across siblings
("intro", ad slot, "rest of the story").
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from newsreader.extract.dom import BLOCK_TAGS, Element, class_weight, tag_of

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


def _len(text: str | None) -> int:
    """Length with whitespace runs counted as one character (indentation is not text)."""
    return len(" ".join(text.split())) if text else 0


def measure(root: Element) -> Stats:
    """Bottom-up totals for every element under `root` in O(n)."""
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
        linked[el] = int(total * _link_weight(el)) if tag == "a" else link
        inline[el] = direct
    return Stats(text, linked, has_block, inline)


def _link_weight(a: Element) -> float:
    """javascript: "links" are text to the reader; in-page anchors (footnotes, TOC) count a little."""
    href = (a.get("href") or "").strip().lower()
    if not href or href.startswith(("javascript:", "data:", "file:", "mailto:")):
        return 0.0
    return 0.3 if href.startswith("#") else 1.0


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
        for level, anc in enumerate(_ancestors(el)):
            if anc not in scores:
                scores[anc] = _TAG_BASE.get(tag_of(anc), 0) + class_weight(anc)
            scores[anc] += vote / (1 if level == 0 else 2 if level == 1 else level * 3)
    if not scores:
        log.info("no paragraph-sized text: taking the whole body as the article")
        return [body]
    final = {el: s * (1 - stats.density(el)) for el, s in scores.items()}
    top = max(final, key=lambda e: final[e])
    top = _promote(top, final, body)
    return _with_siblings(top, final, stats, body)


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


def _paragraphs(el: Element, stats: Stats) -> bool:
    """Unlinked text that is all paragraphs: a wrapper of prose, however short."""
    total = stats.text.get(el, 0)
    if total < _MIN_LEAD or stats.density(el) >= 0.2:
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
        if final.get(sib, -1e9) + bonus >= threshold:
            out.append(sib)
        elif tag in ("p", "figure", "blockquote", "pre", "ul", "ol", "table") or (
            tag == "div" and sib not in stats.has_block
        ):
            length, density = stats.text.get(sib, 0), stats.density(sib)
            if (length > 80 and density < 0.25) or (0 < length <= 80 and density == 0 and tag == "p"):
                out.append(sib)
            elif tag in ("figure", "blockquote"):
                out.append(sib)  # a figure or an embedded post between the paragraphs is part of them
        elif stats.text.get(sib, 0) > 400 and stats.density(sib) < 0.2:
            # Prose split into a sibling wrapper too deep for the votes to reach it.
            out.append(sib)
        elif tag in ("div", "section") and _paragraphs(sib, stats):
            # A lead paragraph in its own wrapper ("intro", "first-par") beside the body.
            out.append(sib)
    return out
