"""JSON Feed 1.x (jsonfeed.org): items, their HTML or text content, authors and attachments."""

from __future__ import annotations

import json
from typing import Any

from newsreader.dates import to_utc_iso as _date
from newsreader.errors import FeedError
from newsreader.feeds.fields import author_name, content_html, enclosure, entry_key, summary_text, title_text
from newsreader.models import Enclosure, ParsedEntry, ParsedFeed
from newsreader.urls import absolutize


def parse_json_feed(data: bytes, url: str, limit: int | None) -> ParsedFeed:
    try:
        doc = json.loads(data)
    except (ValueError, RecursionError) as err:
        raise FeedError(f"not a feed: invalid JSON ({err})") from None
    if not isinstance(doc, dict) or "jsonfeed.org" not in str(doc.get("version", "")):
        raise FeedError("not a feed: JSON that is not a JSON Feed")
    raw_items = doc.get("items")
    items = [i for i in raw_items if isinstance(i, dict)] if isinstance(raw_items, list) else []
    chosen = items if limit is None else items[:limit]
    return ParsedFeed(
        title_text(_str(doc.get("title")), is_html=False) or None,
        absolutize(_str(doc.get("home_page_url")), url),
        [_item(i, url) for i in chosen],
        dropped=len(items) - len(chosen),
    )


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _item(item: dict[str, Any], url: str) -> ParsedEntry:
    title = title_text(_str(item.get("title")), is_html=False)
    link = absolutize(_str(item.get("url")), url)
    html = _str(item.get("content_html"))
    text = _str(item.get("content_text"))
    explicit = _str(item.get("summary"))
    summary = summary_text(explicit, is_html=False) if explicit else summary_text(html or text, bool(html))
    return ParsedEntry(
        key=entry_key(str(item.get("id", "")) or None, link, title, summary),
        title=title or (summary or "")[:80] or "(untitled)",
        link=link,
        author=author_name(_author(item)),
        published=_date(_str(item.get("date_published")) or _str(item.get("date_modified"))),
        summary=summary,
        content=content_html(html, True) if html else content_html(text, False),
        enclosures=_attachments(item, url),
    )


def _author(item: dict[str, Any]) -> str | None:
    raw = item.get("authors")
    people: list[Any] = raw if isinstance(raw, list) else [item.get("author")]
    return next((_str(p.get("name")) for p in people if isinstance(p, dict) and p.get("name")), None)


def _attachments(item: dict[str, Any], url: str) -> list[Enclosure]:
    raw = item.get("attachments")
    found: list[Enclosure] = []
    for att in raw if isinstance(raw, list) else []:
        if not isinstance(att, dict):
            continue
        seconds = att.get("duration_in_seconds")
        duration = int(seconds) if isinstance(seconds, int | float) and 0 < seconds < 1e9 else None
        size = att.get("size_in_bytes")
        length = str(int(size)) if isinstance(size, int | float) and 0 < size < 1e18 else None
        if found_item := enclosure(_str(att.get("url")), url, _str(att.get("mime_type")), length, duration):
            found.append(found_item)
    return found
