"""Small, pure formatting helpers shared by the screens (counts, names); dates are in `layout`."""

from __future__ import annotations

from newsreader.models import Entry
from newsreader.text import clean_line


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
