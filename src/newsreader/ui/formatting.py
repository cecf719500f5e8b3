"""Small, pure formatting helpers shared by the screens (dates, counts, names).

Dates are absolute (never "3 hours ago"): a list that reads the same tomorrow is easier to scan, and the
snapshot tests stay deterministic. They are shown in the local time zone.
"""

from __future__ import annotations

from datetime import datetime

from newsreader.models import Entry
from newsreader.text import clean_line


def parse_time(iso: str | None) -> datetime | None:
    """An ISO 8601 timestamp as a local datetime, or None when absent or unreadable."""
    if not iso:
        return None
    try:
        when = datetime.fromisoformat(iso)
    except ValueError:
        return None
    return when.astimezone() if when.tzinfo else when


def short_date(iso: str | None) -> str:
    """`2026-03-06` (10 columns), or blanks: the headline list's date column."""
    when = parse_time(iso)
    return when.strftime("%Y-%m-%d") if when else " " * 10


def long_date(iso: str | None) -> str:
    """`6 March 2026, 07:45` for the article byline."""
    when = parse_time(iso)
    if when is None:
        return ""
    return f"{when.day} {when:%B %Y, %H:%M}"


def one_line(text: str | None, max_len: int = 300) -> str:
    """Web text made safe for a single line (controls, escapes and bidi overrides removed)."""
    return clean_line(text, max_len=max_len)


def count_label(unread: int, total: int | None = None) -> str:
    """`12` or `12/40`: unread first, because that is what a reader scans for."""
    return str(unread) if total is None else f"{unread}/{total}"


def entry_url(entry: Entry) -> str:
    """Where the reader opens an entry: its link, or "entry:<id>" for an entry that has none (its feed
    text is shown). Never a web URL, so it is never fetched or handed to a browser."""
    return entry.link or f"entry:{entry.id}"


def download_line(name: str, done: int, total: int | None, width: int = 16) -> str:
    """`Downloading ep1.mp3 ━━━━━━╌╌╌╌ 40% 2.1/5.3 MB` for the status line (no bar without a size)."""
    mb = f"{done / 1_000_000:.1f}"
    if not total:
        return f"Downloading {name} {mb} MB"
    filled = min(width, round(width * done / total))
    bar = "━" * filled + "╌" * (width - filled)
    return f"Downloading {name} {bar} {100 * done // total}% {mb}/{total / 1_000_000:.1f} MB"
