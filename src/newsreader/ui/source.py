"""What a headlines list shows: a feed, a tag, Starred, a search or a query feed (none of them: All).

Screens, the command palette and the app build one and hand it to `HeadlinesScreen`; it is plain data.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsreader.query import parse_filter
from newsreader.store import EntryFilter


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

    @property
    def covers(self) -> EntryFilter:
        """The entries this list stands for (all of them, not the rows loaded). A search stands for its
        results, which no filter names: asking raises ValueError rather than answer "every entry"."""
        if self.query is not None:
            raise ValueError(
                f"a search ({self.query!r}) covers its results, not a filter: use the rows listed"
            )
        expr = parse_filter(self.filter) if self.filter else None
        return EntryFilter(feed_id=self.feed_id, tag=self.tag, starred=self.starred, filter=expr)

    @property
    def what(self) -> str:
        """How a message names the list ("all feeds" for All articles)."""
        everything = self.feed_id is None and self.tag is None and not self.starred
        return "all feeds" if everything and self.query is None and self.filter is None else self.title
