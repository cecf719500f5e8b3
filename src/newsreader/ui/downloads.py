"""Enclosure downloads from the TUI: a background worker on the app (it goes on while the reader moves
between screens) whose progress bar is the status line; the core does the fetching (newsreader.enclosures).
"""

from __future__ import annotations

import time

from newsreader.enclosures import fetch_enclosure, pick, target_path
from newsreader.errors import NewsreaderError
from newsreader.models import Entry
from newsreader.text import NAME, shorten
from newsreader.ui.formatting import download_line
from newsreader.ui.services import AppApi

EVERY = 0.2  # seconds between status line updates


async def download_enclosure(api: AppApi, entry: Entry, number: int) -> None:
    """Download enclosure `number` of `entry` under the home, showing progress, then where it was saved."""
    services = api.services
    try:
        enclosure = pick(entry, number)  # the entry may have changed since the article was shown
    except NewsreaderError as err:
        api.set_status(err.message, error=True)
        return
    target = target_path(services.home, entry, number, enclosure)
    name = shorten(target.name, NAME)  # the status line cleans it; cut so the bar stays in view
    shown = 0.0

    def progress(done: int, total: int | None) -> None:
        nonlocal shown
        if time.monotonic() - shown > EVERY:
            shown = time.monotonic()
            api.set_status(download_line(name, done, total))

    try:
        saved = await fetch_enclosure(
            services.fetcher, services.config, services.home, entry, number, progress
        )
    except NewsreaderError as err:
        api.set_status(f"Download of {name} failed: {err.message}", error=True)
        return
    verb = "Saved" if saved.fetched else "Already downloaded:"
    api.set_status(f"{verb} {saved.path}")
