"""One refresh run, tallied once: what the CLI's summary line and the TUI's status line both show.

`refresh()` yields a `FeedResult` per feed; a front end feeds each one to `RefreshRun.add` and renders
`progress`, `failures` and `summary()` from it, so the totals are counted in one place.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from newsreader.refresh import FeedResult


@dataclass(slots=True)
class RefreshRun:
    total: int  # feeds in the run
    done: int = 0
    new_entries: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    failures: list[FeedResult] = field(default_factory=list)
    notes: list[FeedResult] = field(default_factory=list)  # not failures: feeds cut at refresh.max_items

    def add(self, result: FeedResult) -> None:
        self.done += 1
        self.new_entries += result.new
        self.statuses[result.status] += 1
        if not result.ok:
            self.failures.append(result)
        elif result.note:
            self.notes.append(result)

    def summary(self) -> str:
        """`refreshed 3 feeds: 5 new entries, 1 updated, 1 unchanged, 0 skipped, 1 failed`."""
        counts = self.statuses
        return (
            f"refreshed {self.total} feeds: {self.new_entries} new entries, {counts['updated']} updated,"
            f" {counts['unchanged']} unchanged, {counts['skipped']} skipped, {len(self.failures)} failed"
        )

    def short_summary(self) -> str:
        """`Refreshed 3 feeds: 5 new entries, 1 failed`: the status line's version."""
        feeds = f"{self.done} feed{'s' * (self.done != 1)}"
        entries = f"{self.new_entries} new entr{'y' if self.new_entries == 1 else 'ies'}"
        text = f"Refreshed {feeds}: {entries}"
        return f"{text}, {len(self.failures)} failed" if self.failures else text
