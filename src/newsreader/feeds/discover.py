"""Feed autodiscovery: the feed links an HTML page advertises (RSS/Atom/JSON Feed `<link rel=alternate>`),
then, failing that, `<a>` links that look like feeds."""

from __future__ import annotations

import lxml.html
from lxml import etree

from newsreader.urls import absolutize

FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/json",
    "application/rdf+xml",
    "text/xml",
    "application/xml",
)
_HINTS = ("rss", "atom", "feed", ".xml")


def looks_like_html(data: bytes) -> bool:
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1024].lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head or b"<head" in head


def discover_feeds(data: bytes, url: str) -> list[str]:
    """Feed URLs linked from the HTML page at `url`, the advertised ones first, no duplicates."""
    try:
        doc = lxml.html.document_fromstring(data[:2_000_000])
    except (etree.ParserError, ValueError):
        return []
    base = doc.base_url or url
    base_el = doc.find(".//base[@href]")
    if base_el is not None:
        base = absolutize(base_el.get("href"), url) or url
    found: list[str] = []
    for link in doc.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").lower().split(";")[0].strip()
        if "alternate" in rel and kind in FEED_TYPES:
            _add(found, absolutize(link.get("href"), base))
    if not found:
        for anchor in doc.iter("a"):
            href = (anchor.get("href") or "").lower()
            if any(h in href for h in _HINTS):
                _add(found, absolutize(anchor.get("href"), base))
    return found


def _add(found: list[str], url: str | None) -> None:
    if url and url not in found:
        found.append(url)
