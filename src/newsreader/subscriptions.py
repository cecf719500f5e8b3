"""Subscribing in bulk from OPML: one place for the CLI's `import`, the TUI's Add dialog and the demo."""

from __future__ import annotations

from collections.abc import Sequence

from newsreader.feeds.opml import parse_opml
from newsreader.store import Store


def import_opml(
    store: Store, data: bytes, name: str, *, tags: Sequence[str] = ()
) -> tuple[list[str], list[str]]:
    """Subscribe to every feed in the OPML `data` in one transaction (all or none), adding `tags`.

    Returns the URLs subscribed to and one line per outline that was skipped. Feeds already
    subscribed keep their state and gain the OPML's title and tags.
    """
    feeds, skipped = parse_opml(data, name)
    store.subscribe_all((feed.url, feed.title, [*feed.tags, *tags]) for feed in feeds)
    return [feed.url for feed in feeds], skipped


def import_summary(added: int, present: int, skipped: int, name: str) -> str:
    """What an OPML import did, honestly: new feeds, feeds already there, outlines skipped."""
    if added == 0 and present:
        text = f"All {present} feeds in {name} are already subscribed: nothing new"
    else:
        text = f"Imported {added} new feed{'s' * (added != 1)} from {name}"
        if present:
            text += f"; {present} already subscribed"
    return text + (f" ({skipped} skipped)" if skipped else "")
