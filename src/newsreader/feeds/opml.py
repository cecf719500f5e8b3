"""OPML import and export. Nested outlines become tags; export writes each feed under its first tag and all
its tags in the OPML 2.0 `category` attribute, so a round trip keeps titles and tags."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime

from lxml import etree

from newsreader.errors import UsageError
from newsreader.models import Feed
from newsreader.text import NAME, SHORT, clean_line, shorten
from newsreader.urls import is_web_url

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


@dataclass(slots=True)
class OpmlFeed:
    url: str
    title: str | None = None
    tags: list[str] = field(default_factory=list)


def parse_opml(data: bytes, name: str = "OPML file") -> tuple[list[OpmlFeed], list[str]]:
    """Feeds in an OPML document, and one line for each outline skipped (bad URL)."""
    try:
        root = etree.fromstring(data, _PARSER)
    except (etree.XMLSyntaxError, ValueError) as err:
        raise UsageError(f"{name}: not valid OPML: {err}") from None
    body = root.find("body") if root.tag == "opml" else None
    if body is None:
        raise UsageError(f"{name}: not an OPML document (no <opml><body>)")
    feeds: dict[str, OpmlFeed] = {}
    skipped: list[str] = []
    _walk(body, [], feeds, skipped)
    return list(feeds.values()), skipped


def _walk(node: etree._Element, tags: list[str], feeds: dict[str, OpmlFeed], skipped: list[str]) -> None:
    for outline in node.iterfind("outline"):
        label = clean_line(outline.get("title") or outline.get("text"), max_len=SHORT) or None
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        if url:
            if not is_web_url(url):
                skipped.append(f"skipped {shorten(url, NAME)!r}: not an http(s) URL")
                continue
            extra = [
                clean_line(c.strip("/ "), max_len=NAME) for c in (outline.get("category") or "").split(",")
            ]
            all_tags = list(dict.fromkeys([*tags, *(t for t in extra if t)]))
            feeds.setdefault(url, OpmlFeed(url, label, all_tags))
        else:
            _walk(outline, [*tags, label] if label else tags, feeds, skipped)


def export_opml(feeds: Iterable[Feed]) -> bytes:
    root = etree.Element("opml", version="2.0")
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = "newsreader subscriptions"
    etree.SubElement(head, "dateCreated").text = format_datetime(datetime.now(UTC))
    body = etree.SubElement(root, "body")
    groups: dict[str, etree._Element] = {}
    for feed in feeds:
        parent = body
        if feed.tags:
            first = feed.tags[0]
            if first not in groups:
                groups[first] = etree.SubElement(body, "outline", text=first, title=first)
            parent = groups[first]
        attrs = {"type": "rss", "text": feed.name, "title": feed.name, "xmlUrl": feed.url}
        if feed.site_url:
            attrs["htmlUrl"] = feed.site_url
        if feed.tags:
            attrs["category"] = ",".join("/" + t for t in feed.tags)
        etree.SubElement(parent, "outline", attrs)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
