"""Atom 1.0 and 0.3 on the lxml path: text constructs by their type, links by rel (alternate, enclosure),
dates, authors, xml:base, and the iTunes / Media RSS extensions podcasts add to Atom."""

from __future__ import annotations

from lxml import etree

from newsreader.dates import to_utc_iso
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
    ATOM03,
    DC,
    ITUNES,
    Text,
    atom_text,
    base_of,
    children,
    id_link,
    media_description,
    media_enclosures,
    pick,
    plain,
)
from newsreader.models import Enclosure, ParsedEntry, ParsedFeed
from newsreader.urls import absolutize


class _Names:
    """The element names of one Atom namespace, joined once (not joined and hashed again for each entry)."""

    def __init__(self, ns: str) -> None:
        self.title = ns + "title"
        self.link = ns + "link"
        self.id = ns + "id"
        self.summary = ns + "summary"
        self.content = ns + "content"
        self.author = ns + "author"
        self.name = ns + "name"
        self.email = ns + "email"
        self.dates = tuple(ns + tag for tag in ("published", "issued", "updated", "modified", "created"))


_NAMES = {ATOM: _Names(ATOM), ATOM03: _Names(ATOM03)}


def parse_atom(root: etree._Element, url: str, has_base: bool, limit: int | None) -> ParsedFeed:
    ns = ATOM03 if root.tag == ATOM03 + "feed" else ATOM
    base = base_of(root, url, has_base)
    kids = children(root)
    title = _line(atom_text(kids.get(ns + "title")) or atom_text(kids.get(DC + "title")))
    chosen, dropped = pick(root, ns + "entry", limit)
    entries = [_entry(e, ns, base, has_base) for e in chosen]
    site = _links(root, ns, base, has_base)[0] or _id_link(kids, ns, base)
    return ParsedFeed(title, site, entries, dropped=dropped)


def _id_link(kids: dict[str, etree._Element], ns: str, base: str) -> str | None:
    """An id that is a web URL stands in for a missing alternate link (as an RSS permalink guid does)."""
    return id_link(plain(kids.get(ns + "id")), base)


def _line(text: Text | None) -> str | None:
    return title_text(text.value, text.html) or None if text else None


def _links(el: etree._Element, ns: str, base: str, has_base: bool) -> tuple[str | None, list[Enclosure]]:
    """The alternate link (rel absent means alternate) and the enclosures among an element's links."""
    alternate: str | None = None
    found: list[Enclosure] = []
    for link in el.iterfind(_NAMES[ns].link):
        rel = (link.get("rel") or "alternate").strip().lower()
        href = link.get("href") or plain(link)  # a URL written as the element's text: read it too
        if rel == "alternate" and alternate is None and href:
            alternate = absolutize(href, base_of(link, base, has_base))
        elif rel == "enclosure" and (item := _enclosure(link, base, has_base)):
            found.append(item)
    return alternate, found


def _enclosure(link: etree._Element, base: str, has_base: bool) -> Enclosure | None:
    href = link.get("href") or plain(link)
    return enclosure(href, base_of(link, base, has_base), link.get("type"), link.get("length"))


def _entry(entry: etree._Element, ns: str, base: str, has_base: bool) -> ParsedEntry:
    names = _NAMES[ns]
    kids = children(entry)
    base = base_of(entry, base, has_base)
    title = _line(atom_text(kids.get(names.title)))
    link, found = _links(entry, ns, base, has_base)
    link = link or id_link(plain(kids.get(names.id)), base)
    summary_src = atom_text(kids.get(names.summary))
    content_el = kids.get(names.content)
    content_src = atom_text(content_el) if content_el is not None and not content_el.get("src") else None
    if summary_src is None:
        summary_src = content_src or atom_text(kids.get(ITUNES + "summary")) or media_description(entry)
    summary = summary_text(summary_src.value, summary_src.html) if summary_src else None
    body = content_src or summary_src
    found.extend(media_enclosures(entry, kids, base))
    return ParsedEntry(
        key=entry_key(plain(kids.get(names.id)), link, title or "", summary),
        title=title or (summary or "")[:80] or "(untitled)",
        link=link,
        author=_author(kids, names),
        published=_date(kids, names),
        summary=summary,
        content=content_html(body.value, body.html, _content_base(content_el, base, has_base))
        if body
        else None,
        enclosures=merge_enclosures(found, duration_seconds(plain(kids.get(ITUNES + "duration")))),
    )


def _content_base(content: etree._Element | None, base: str, has_base: bool) -> str | None:
    """The base relative links in the content are resolved against, when the feed sets any xml:base
    (otherwise they are left for the article fallback, which resolves them against the entry's page)."""
    if not has_base:
        return None
    return base_of(content, base, has_base) if content is not None else base


def _date(kids: dict[str, etree._Element], names: _Names) -> str | None:
    for tag in names.dates:
        if date := to_utc_iso(plain(kids.get(tag))):
            return date
    return to_utc_iso(plain(kids.get(DC + "date")))


def _author(kids: dict[str, etree._Element], names: _Names) -> str | None:
    person = kids.get(names.author)
    if person is not None:
        name = author_name(plain(person.find(names.name))) or author_name(plain(person.find(names.email)))
        if name:
            return name
    return author_name(plain(kids.get(DC + "creator")) or plain(kids.get(ITUNES + "author")))
