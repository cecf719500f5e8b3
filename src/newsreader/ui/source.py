"""What a headlines list shows: a feed, a tag, Starred, a search or a query feed (none of them: All).

Screens, the command palette and the app build one and hand it to `HeadlinesScreen`; it is plain data.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Source:
    """Which headlines a list shows (one of feed, tag, starred, query; none of them: all)."""

    title: str
    feed_id: int | None = None
    feed_url: str | None = None
    tag: str | None = None
    starred: bool = False
    query: str | None = None
    filter: str | None = None  # a query feed's expression (issue 11)
