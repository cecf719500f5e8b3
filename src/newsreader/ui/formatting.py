"""Small, pure formatting helpers shared by the screens (counts, names); dates are in `layout`."""

from __future__ import annotations

from newsreader.layout import megabytes
from newsreader.models import Entry


def entry_url(entry: Entry) -> str:
    """Where the reader opens an entry: its link, or "entry:<id>" for an entry that has none (its feed
    text is shown). Never a web URL, so it is never fetched or handed to a browser."""
    return entry.link or f"entry:{entry.id}"


def download_line(name: str, done: int, total: int | None, width: int = 16) -> str:
    """`Downloading ep1.mp3 ━━━━━━╌╌╌╌ 40% 2.1/5.3 MB` for the status line (no bar without a size)."""
    if not total:
        return f"Downloading {name} {megabytes(done)}"
    filled = min(width, round(width * done / total))
    bar = "━" * filled + "╌" * (width - filled)
    so_far = megabytes(done).removesuffix(" MB")
    return f"Downloading {name} {bar} {100 * done // total}% {so_far}/{megabytes(total)}"


def entry_id_of(url: str) -> int | None:
    """The entry id of an "entry:<id>" URL (see `entry_url`), else None."""
    prefix, _, rest = url.partition(":")
    return int(rest) if prefix == "entry" and rest.isdigit() else None
