"""RSS 0.9x, 1.0 (RDF) and 2.0 on the lxml path, with the modules readers meet: Dublin Core and DC terms,
content:encoded, XHTML bodies, iTunes and Media RSS (enclosures, durations), xml:base."""

from __future__ import annotations

from lxml import etree

from newsreader.dates import to_utc_iso
from newsreader.errors import FeedError
from newsreader.feeds.fields import (
    author_name,
    content_html,
    duration_seconds,
    enclosure,
    entry_key,
    merge_enclosures,
    summary_text,
    title_text,
)
from newsreader.feeds.xml import (
    ATOM,
    CONTENT,
    DC,
    DCTERMS,
    ITUNES,
    ITUNES_OLD,
    MEDIA,
    RDF,
    RSS090,
    RSS1,
    XHTML,
    Text,
    base_of,
    children,
    first,
    id_link,
    media_description,
    media_enclosures,
    pick,
    plain,
    rss_text,
)
from newsreader.models import Enclosure, ParsedEntry, ParsedFeed
from newsreader.urls import absolutize

_DATES = ("pubDate", DCTERMS + "issued", DC + "date", DCTERMS + "modified", DCTERMS + "created")
_AUTHORS = (
    "author", DC + "creator", DC + "author", ITUNES + "author", ITUNES_OLD + "author", DCTERMS + "creator"
)  # fmt: skip
_SUMMARIES = (ITUNES + "summary", ITUNES_OLD + "summary")


def parse_rss(root: etree._Element, url: str, has_base: bool, limit: int | None) -> ParsedFeed:
    """RSS 2.0 and 0.9x (`<rss>`, items in the channel or, loosely, beside it)."""
    channel = root.find("channel")
    scope = channel if channel is not None else root
    items, dropped = pick(scope, "item", limit)
    if not items:  # loosely placed items (feedparser reads them too)
        items = list(root.iter("item"))
        items, dropped = items[:limit], len(items[limit:] if limit is not None else [])
    return _feed(scope, items, dropped, url, "", has_base)


def parse_rdf(root: etree._Element, url: str, has_base: bool, limit: int | None) -> ParsedFeed:
    """RSS 1.0 and 0.90 (`<rdf:RDF>`: channel and items are siblings)."""
    ns = RSS090 if root.find(RSS090 + "channel") is not None or root.find(RSS090 + "item") else RSS1
    channel = root.find(ns + "channel")
    items, dropped = pick(root, ns + "item", limit)
    if channel is None and not items:
        raise FeedError("not a feed: RDF without an RSS channel or items")
    return _feed(channel if channel is not None else root, items, dropped, url, ns, has_base)


def _feed(
    channel: etree._Element,
    items: list[etree._Element],
    dropped: int,
    url: str,
    ns: str,
    has_base: bool,
) -> ParsedFeed:
    kids = children(channel)
    base = base_of(channel, url, has_base)
    title = rss_text(first(kids, (ns + "title", DC + "title")), title=True)
    link_el = first(kids, (ns + "link",))
    site = absolutize(plain(link_el), base_of(link_el, base, has_base)) if link_el is not None else None
    if site is None:
        site = _atom_alternate(channel, base)
    entries = [_item(item, base, ns, has_base) for item in items]
    return ParsedFeed(_title(title), site, entries, dropped=dropped)


def _title(text: Text | None) -> str | None:
    return title_text(text.value, text.html) or None if text else None


def _atom_alternate(el: etree._Element, base: str) -> str | None:
    for link in el.iterfind(ATOM + "link"):
        if link.get("rel", "alternate") == "alternate":
            return absolutize(link.get("href"), base)
    return None


def _item(item: etree._Element, base: str, ns: str, has_base: bool) -> ParsedEntry:
    kids = children(item)
    base = base_of(item, base, has_base)
    title = _title(rss_text(first(kids, (ns + "title", DC + "title", MEDIA + "title")), title=True))
    guid_el = kids.get("guid")
    guid = plain(guid_el)
    link_el = first(kids, (ns + "link",))
    link = absolutize(plain(link_el), base_of(link_el, base, has_base)) if link_el is not None else None
    if link is None:
        link = _atom_alternate(item, base)
    if link is None and guid_el is not None and guid_el.get("isPermaLink", "").strip().lower() != "false":
        link = id_link(guid, base)  # RSS 2.0: a guid is the permalink unless it says otherwise
    body = _body(kids)
    description = rss_text(first(kids, (ns + "description", DC + "description")))
    summary_src = description or rss_text(first(kids, _SUMMARIES)) or body or media_description(item)
    summary = summary_text(summary_src.value, summary_src.html) if summary_src else None
    content_src = body or summary_src
    date = _date(kids)
    author_el = first(kids, _AUTHORS)
    return ParsedEntry(
        key=entry_key(guid or item.get(RDF + "about"), link, title or "", summary),
        title=title or (summary or "")[:80] or "(untitled)",
        link=link,
        author=author_name(plain(author_el)),
        published=date,
        summary=summary,
        content=content_html(content_src.value, content_src.html, base if has_base else None)
        if content_src
        else None,
        enclosures=_enclosures(item, kids, base),
    )


def _date(kids: dict[str, etree._Element]) -> str | None:
    for tag in _DATES:
        if date := to_utc_iso(plain(kids.get(tag))):
            return date
    return None


def _body(kids: dict[str, etree._Element]) -> Text | None:
    """The full text: content:encoded, else an XHTML body written into the item."""
    encoded = first(kids, (CONTENT + "encoded",))
    if encoded is not None:
        text = rss_text(encoded)
        return Text(text.value, True) if text else None
    body = first(kids, (XHTML + "body", "body", XHTML + "div", "fullitem"))
    return rss_text(body) if body is not None else None


def _enclosures(item: etree._Element, kids: dict[str, etree._Element], base: str) -> list[Enclosure]:
    """RSS enclosures, Media RSS content (also in a media:group) and Atom rel=enclosure links."""
    found: list[Enclosure | None] = []
    if "enclosure" in kids:
        found.extend(
            enclosure(el.get("url"), base, el.get("type"), el.get("length"))
            for el in item.iterfind("enclosure")
        )
    found.extend(media_enclosures(item, kids, base))
    if ATOM + "link" in kids:
        for link in item.iterfind(ATOM + "link"):
            if link.get("rel") == "enclosure":
                found.append(enclosure(link.get("href"), base, link.get("type"), link.get("length")))
    duration = duration_seconds(plain(first(kids, (ITUNES + "duration", ITUNES_OLD + "duration"))))
    return merge_enclosures([e for e in found if e is not None], duration)
