"""Reading values out of feed XML: namespaces, text constructs, the base URL of an element.

RSS says nothing about whether a title or description is HTML and sometimes carries markup written
straight into the element; Atom says it with `type` (and Atom 0.3 with `mode`, including base64). Both end
here as a `Text`: the string and whether it is HTML, which the field cleaners in `util` then honour.
"""

from __future__ import annotations

import base64
import binascii
import html
import re
from collections.abc import Iterable
from itertools import islice
from typing import NamedTuple

from lxml import etree

from newsreader.feeds.fields import duration_seconds, enclosure, looks_like_html
from newsreader.models import Enclosure
from newsreader.urls import absolutize

ATOM = "{http://www.w3.org/2005/Atom}"
ATOM03 = "{http://purl.org/atom/ns#}"
RSS1 = "{http://purl.org/rss/1.0/}"
RSS090 = "{http://my.netscape.com/rdf/simple/0.9/}"
RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
DC = "{http://purl.org/dc/elements/1.1/}"
DCTERMS = "{http://purl.org/dc/terms/}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
ITUNES_OLD = "{http://www.itunes.com/DTDs/Podcast-1.0.dtd}"  # the spelling Apple's early examples used
MEDIA = "{http://search.yahoo.com/mrss/}"
XHTML = "{http://www.w3.org/1999/xhtml}"


_XMLNS = re.compile(r"""\sxmlns(?::[\w.-]+)?=(?:"[^"]*"|'[^']*')""")


class Text(NamedTuple):
    value: str
    html: bool


def children(el: etree._Element) -> dict[str, etree._Element]:
    """An element's child elements by tag, the first of each (one pass instead of many finds)."""
    found: dict[str, etree._Element] = {}
    for child in el:
        tag = child.tag
        if isinstance(tag, str) and tag not in found:
            found[tag] = child
    return found


def pick(parent: etree._Element, tag: str, limit: int | None) -> tuple[list[etree._Element], int]:
    """The first `limit` `tag` children of `parent` (all when None), and how many more there are,
    counted without building the rest (a hostile feed may hold hundreds of thousands)."""
    chosen = list(islice(parent.iterfind(tag), limit))
    if limit is None or len(chosen) < limit:
        return chosen, 0
    name = etree.QName(tag)
    total = parent.xpath(
        "count(*[namespace-uri() = $ns and local-name() = $name])",
        ns=name.namespace or "",
        name=name.localname,
    )
    return chosen, int(total) - len(chosen) if isinstance(total, float) else 0


def first(kids: dict[str, etree._Element], tags: Iterable[str]) -> etree._Element | None:
    """The first of `tags` present with some content."""
    for tag in tags:
        el = kids.get(tag)
        if el is not None and (len(el) or ((text := el.text) and not text.isspace())):
            return el
    return None


def plain(el: etree._Element | None) -> str | None:
    """An element's text (a URL, an id, a date): all its text nodes, stripped."""
    if el is None:
        return None
    text = "".join(el.itertext()) if len(el) else el.text
    return text.strip() if text else None


def inner_markup(el: etree._Element) -> str:
    """The markup inside an element, as written (child elements serialised with their tails, without
    the namespace declarations lxml repeats on each of them)."""
    parts = [html.escape(el.text, quote=False) if el.text else ""]
    parts.extend(etree.tostring(child, encoding="unicode", with_tail=True) for child in el)
    return _XMLNS.sub("", "".join(parts))


def rss_text(el: etree._Element | None, *, title: bool = False) -> Text | None:
    """RSS text: markup written straight into the element is HTML, and so is a description (RSS 2.0:
    "suitable for presentation as HTML"); a title is HTML only when it looks like it with its tags
    closed, so `&lt;b&gt; Tom &amp;amp; Jerry` is decoded once and shown as written."""
    if el is None:
        return None
    if len(el):
        return Text(inner_markup(el).strip(), True)
    value = (el.text or "").strip()
    return Text(value, not title or looks_like_html(value, balanced=True)) if value else None


def atom_text(el: etree._Element | None) -> Text | None:
    """An Atom 1.0 or 0.3 text construct (`type` text/html/xhtml or a MIME type; 0.3 `mode`)."""
    if el is None:
        return None
    kind = (el.get("type") or "text").strip().lower()
    mode = (el.get("mode") or "").strip().lower()
    if kind in ("xhtml", "application/xhtml+xml") or mode == "xml" and len(el):
        return _xhtml(el)
    is_html = kind not in ("text", "text/plain")
    if mode == "base64" or not (kind in ("text", "html") or kind.startswith("text/") or "xml" in kind):
        value = _base64(el.text or "")
    else:
        value = "".join(el.itertext()) if len(el) else el.text or ""
    value = value.strip()
    return Text(value, is_html) if value else None


def _xhtml(el: etree._Element) -> Text | None:
    """XHTML content: the markup inside its wrapping div."""
    kids = list(el)
    if len(kids) == 1 and kids[0].tag in (XHTML + "div", "div") and not (el.text or "").strip():
        el = kids[0]
    value = inner_markup(el).strip()
    return Text(value, True) if value else None


def _base64(value: str) -> str:
    try:
        return base64.b64decode(value.encode("ascii"), validate=False).decode("utf-8")
    except (binascii.Error, UnicodeError, ValueError):
        return ""


def id_link(value: str | None, base: str) -> str | None:
    """An id (RSS guid, Atom id) that is a web URL, as the link of an item that has none."""
    if value and value[:6].lower().startswith(("http:", "https:")):
        return absolutize(value, base)
    return None


def base_of(el: etree._Element, default: str, has_base: bool) -> str:
    """The base URL for links in `el`: its xml:base (nested ones resolved) when the feed uses any."""
    if not has_base:
        return default
    return el.base or default


def media_description(item: etree._Element) -> Text | None:
    """Media RSS description (a podcast's show notes), in the item or its media:group."""
    el = item.find(MEDIA + "description")
    if el is None:
        el = item.find(f"{MEDIA}group/{MEDIA}description")
    value = plain(el)
    return Text(value, el.get("type") == "html") if el is not None and value else None


def media_enclosures(item: etree._Element, kids: dict[str, etree._Element], base: str) -> list[Enclosure]:
    """Media RSS content of an item or entry (directly or in a media:group), with its duration."""
    if MEDIA + "content" not in kids and MEDIA + "group" not in kids:
        return []
    found = []
    for el in item.iter(MEDIA + "content"):
        duration = duration_seconds(el.get("duration"))
        if item_ := enclosure(el.get("url"), base, el.get("type"), el.get("fileSize"), duration):
            found.append(item_)
    return found
