"""Small helpers shared by the feed parsers: dates, HTML to text, stable keys."""

from __future__ import annotations

import hashlib
import html
import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from newsreader.text import clean_line, clean_text, strip_controls

_SCRIPTS = re.compile(r"<(script|style)\b.*?</\1\s*>", re.I | re.S)
_BREAKS = re.compile(r"<(?:br|/p|/div|/li|/h\d|/blockquote)\b[^>]*>", re.I)
_TAGS = re.compile(r"<[^>]*>")
MAX_SUMMARY = 600  # a teaser for lists and search; the full HTML is kept in `content`
MAX_CONTENT = 1_000_000


def html_to_text(fragment: str | None) -> str:
    """Plain text of an HTML fragment, cheaply (summaries and titles; the extractor does real work)."""
    if not fragment:
        return ""
    if "<" in fragment:
        fragment = _SCRIPTS.sub(" ", fragment)
        fragment = _BREAKS.sub("\n", fragment)
        fragment = _TAGS.sub("", fragment)
    return html.unescape(fragment) if "&" in fragment else fragment


def title_text(raw: str | None) -> str:
    return clean_line(html_to_text(raw), max_len=500)


def summary_text(raw: str | None) -> str | None:
    # Markup is rarely more than 4x the text it wraps; cutting first keeps long entries cheap.
    text = clean_text(html_to_text(raw[: 8 * MAX_SUMMARY] if raw else raw), max_len=MAX_SUMMARY)
    return text or None


def content_html(raw: str | None) -> str | None:
    """Entry HTML kept for the article fallback: controls stripped, size capped, never rendered as HTML."""
    if not raw or not raw.strip():
        return None
    return strip_controls(raw[:MAX_CONTENT])


def to_utc_iso(value: str | None) -> str | None:
    """RFC 822 or ISO 8601 (or what feedparser understands) as ISO 8601 UTC; None if unparseable."""
    if not value:
        return None
    value = value.strip()
    parsed: datetime | None = None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        try:
            parsed = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            parsed = _feedparser_date(value)
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    try:
        return parsed.astimezone(UTC).isoformat(timespec="seconds")
    except (OverflowError, ValueError):
        return None


def _feedparser_date(value: str) -> datetime | None:
    from feedparser.datetimes import _parse_date

    st = _parse_date(value)
    if st is None:
        return None
    try:
        year, month, day, hour, minute, second = st[:6]
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except ValueError:
        return None


def entry_key(guid: str | None, link: str | None, title: str, summary: str | None) -> str:
    """A stable id within a feed: guid, else link, else a hash of the text."""
    if guid and (key := clean_line(guid, max_len=2000)):
        return key
    if link:
        return link
    return "sha1:" + hashlib.sha1(f"{title}\n{summary or ''}".encode()).hexdigest()
