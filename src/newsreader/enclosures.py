"""Enclosures (podcast audio, video) of stored entries: how one is described, picked and downloaded.

Downloads go under the home's `downloads/` folder through the one HTTP client (fetch/download.py), so the
URL policy, redirects, timeouts and a size cap (`[network] max_download`) hold as for every other fetch.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from newsreader.config import Config
from newsreader.errors import UsageError
from newsreader.fetch import Fetcher
from newsreader.fetch.download import Downloaded, Progress, download
from newsreader.models import Enclosure, Entry

DOWNLOADS = "downloads"
_UNSAFE = re.compile(r"[^\w.+-]+")


def pick(entry: Entry, number: int = 1) -> Enclosure:
    """Enclosure `number` (from 1) of `entry`, or a one-line UsageError."""
    if not entry.enclosures:
        raise UsageError(f"entry {entry.id} has no enclosures")
    if not 1 <= number <= len(entry.enclosures):
        raise UsageError(f"entry {entry.id} has {len(entry.enclosures)} enclosure(s), not {number}")
    return entry.enclosures[number - 1]


def target_path(home: Path, entry: Entry, number: int, enclosure: Enclosure) -> Path:
    """Where an enclosure is saved: `<home>/downloads/<entry id>-<n>-<file name from the URL>`.

    Only the last path segment of the URL is used, reduced to safe characters, so no URL can name a
    file outside the folder (or a hidden one)."""
    name = unquote(urlsplit(enclosure.url).path.rsplit("/", 1)[-1])
    name = _UNSAFE.sub("_", name).strip("._")[:120] or "enclosure"
    return home / DOWNLOADS / f"{entry.id}-{number}-{name}"


async def fetch_enclosure(
    fetcher: Fetcher,
    config: Config,
    home: Path,
    entry: Entry,
    number: int = 1,
    progress: Progress | None = None,
) -> Downloaded:
    """Download enclosure `number` of `entry` under the home (resuming an interrupted download)."""
    enclosure = pick(entry, number)
    target = target_path(home, entry, number, enclosure)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise UsageError(f"cannot create {target.parent}: {err.strerror or err}") from None
    return await download(fetcher, enclosure.url, target, limit=config.max_download, progress=progress)
