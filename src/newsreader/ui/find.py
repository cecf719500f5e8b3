"""Find in page (`/` in the article): every place a phrase occurs in the shown text blocks, and which one
is current. Pure data over block texts, so it is tested without an app; the screen highlights and scrolls.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

Match = tuple[int, int, int]  # (block index, start, end) in the block's text


def find_all(texts: Sequence[str], query: str) -> list[Match]:
    """Case-insensitive (case-folded: "strasse" finds "Straße"), non-overlapping occurrences of `query` in
    reading order, as offsets into the block's own text."""
    needle = query.casefold()
    if not needle:
        return []
    found: list[Match] = []
    for index, text in enumerate(texts):
        hay, origin = _folded(text)
        pos = hay.find(needle)
        while pos >= 0:
            found.append((index, origin[pos], origin[pos + len(needle) - 1] + 1))
            pos = hay.find(needle, pos + len(needle))
    return found


def _folded(text: str) -> tuple[str, list[int]]:
    """`text` case-folded, and for each folded character the index of the character it came from (folding
    can change lengths: ß -> ss, İ -> i̇), so a match maps back onto the text as shown."""
    folded = text.casefold()
    if len(folded) == len(text):
        return folded, list(range(len(text)))
    parts: list[str] = []
    origin: list[int] = []
    for i, char in enumerate(text):
        part = char.casefold()
        parts.append(part)
        origin.extend([i] * len(part))
    return "".join(parts), origin


@dataclass(slots=True)
class PageFind:
    """The current search: its matches and the one the reader is on."""

    query: str = ""
    matches: list[Match] = field(default_factory=list)
    current: int = 0

    @property
    def active(self) -> bool:
        return bool(self.query)

    def start(self, query: str, texts: Sequence[str], first_block: int = 0) -> Match | None:
        """Search `texts`; the current match is the first in or after block `first_block`."""
        self.query, self.matches = query, find_all(texts, query)
        self.current = next((i for i, m in enumerate(self.matches) if m[0] >= first_block), 0)
        return self.matches[self.current] if self.matches else None

    def step(self, delta: int) -> Match | None:
        """The next (`delta` 1) or previous (-1) match, wrapping around the page."""
        if not self.matches:
            return None
        self.current = (self.current + delta) % len(self.matches)
        return self.matches[self.current]

    def in_block(self, block: int) -> list[tuple[int, int]]:
        return [(start, end) for b, start, end in self.matches if b == block]

    def clear(self) -> None:
        self.query, self.matches, self.current = "", [], 0

    def where(self) -> str:
        """`match 2 of 5` for the status line."""
        return f"match {self.current + 1} of {len(self.matches)}" if self.matches else "no match"
