"""Back/forward history for the reader: a plain, bounded list with a cursor (frogmouth's habit).

It holds no UI state beyond what a visit needs to be restored (the URL and the scroll offset), so it is
trivial to test and the article screen stays a thin user of it. The bound keeps a long reading session
from growing without limit: the oldest visits fall off the back.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class Visit:
    """One place in the history: an article URL and how far down it the reader was."""

    url: str
    scroll: float = 0.0
    # The feed entry the visit was opened for, when it came from a headline list: two entries may share
    # a link, and an entry without a link is visited as "entry:<id>".
    entry_id: int | None = None


class History:
    """Visits in order with a cursor; visiting from the middle drops the forward part (like a browser)."""

    def __init__(self, limit: int = 100) -> None:
        if limit < 1:
            raise ValueError("limit must be at least 1")
        self.limit = limit
        self._visits: list[Visit] = []
        self._index = -1

    def __len__(self) -> int:
        return len(self._visits)

    @property
    def current(self) -> Visit | None:
        """The visit being shown, or None before the first one."""
        return self._visits[self._index] if self._visits else None

    @property
    def can_go_back(self) -> bool:
        return self._index > 0

    @property
    def can_go_forward(self) -> bool:
        return 0 <= self._index < len(self._visits) - 1

    def visit(self, url: str, scroll: float = 0.0, entry_id: int | None = None) -> Visit:
        """Add a visit after the current one, forgetting anything that was forward of it."""
        del self._visits[self._index + 1 :]
        self._visits.append(Visit(url, scroll, entry_id))
        overflow = len(self._visits) - self.limit
        if overflow > 0:
            del self._visits[:overflow]
        self._index = len(self._visits) - 1
        return self._visits[self._index]

    def back(self) -> Visit | None:
        """Move to the previous visit and return it; None (and no move) at the start."""
        if not self.can_go_back:
            return None
        self._index -= 1
        return self._visits[self._index]

    def forward(self) -> Visit | None:
        """Move to the next visit and return it; None (and no move) at the end."""
        if not self.can_go_forward:
            return None
        self._index += 1
        return self._visits[self._index]
