"""Undo for the changes a reader makes by a single key (mark read, mark all read, star, remove, rename or
retag a feed).

Each change is recorded with the function that reverses it, so the screens say what they did in one place
and `ctrl+z` (or `u` where it is free) puts it back. Bounded: only the recent past is worth undoing.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

MAX_UNDO = 50
CONFIRM_ABOVE = 50  # marking more articles read than this asks first


@dataclass(frozen=True, slots=True)
class Change:
    """What was done (`"Marked 12 articles read"`) and how to reverse it."""

    description: str
    revert: Callable[[], object]


class UndoStack:
    """The most recent changes, newest last."""

    def __init__(self, limit: int = MAX_UNDO) -> None:
        self._changes: deque[Change] = deque(maxlen=limit)

    def push(self, change: Change) -> None:
        self._changes.append(change)

    def pop(self) -> Change | None:
        return self._changes.pop() if self._changes else None

    def __len__(self) -> int:
        return len(self._changes)


def articles(count: int) -> str:
    """`1 article`, `12 articles`."""
    return f"{count:,} article{'s' * (count != 1)}"
