"""The status line above the footer: refresh progress or the last message on the left, counts on the right.

It watches the app's reactive state instead of being told what to show, so every screen's status line agrees
and a refresh started on one screen is visible on the next one pushed. A message belongs to the screen it
was said on and expires (the app clears it): a summary from minutes ago, or another screen's error, must
not read as the current state.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import RenderResult
from textual.content import Content
from textual.widget import Widget


@dataclass(frozen=True, slots=True)
class Progress:
    """A refresh in progress: how many feeds are done out of how many, and how many failed."""

    done: int
    total: int
    failed: int = 0

    def bar(self, width: int = 16) -> str:
        filled = round(width * self.done / self.total) if self.total else width
        return "━" * filled + "╌" * (width - filled)


@dataclass(frozen=True, slots=True)
class StatusMessage:
    """One line of feedback; `screen` is the id of the screen it belongs to (None: any screen); the last
    `keep` characters of `text` are a key hint, kept whole when the line is cut."""

    text: str
    error: bool = False
    screen: int | None = None
    keep: int = 0

    def shown_on(self, screen: object) -> bool:
        return self.screen is None or self.screen == id(screen)


class StatusLine(Widget):
    """One line: progress or message (left), unread/starred counts (right)."""

    def on_mount(self) -> None:
        for name in ("progress", "status", "counts"):
            self.watch(self.app, name, self._changed, init=False)

    def _changed(self) -> None:
        self.refresh()

    def fits(self, text: str) -> bool:
        """`text` shows whole beside the counts (an error that does not is also shown whole in a toast)."""
        counts: tuple[int, int, int] = getattr(self.app, "counts", (0, 0, 0))
        return Content(text).cell_length <= self.size.width - len(_counts(counts)) - 1

    def render(self) -> RenderResult:
        app = self.app
        progress: Progress | None = getattr(app, "progress", None)
        status: StatusMessage | None = getattr(app, "status", None)
        counts: tuple[int, int, int] = getattr(app, "counts", (0, 0, 0))
        if progress is not None:
            left = Content.assemble(
                ("Refreshing ", "bold"),
                f"{progress.done}/{progress.total} ",
                (progress.bar(), "$accent"),
                (f"  {progress.failed} failed" if progress.failed else "", "$text-error"),
            )
        elif status is not None and status.shown_on(self.screen):
            left = Content.assemble((status.text, "$text-error" if status.error else ""))
        else:
            left = Content("")
        right = Content(_counts(counts))
        width = self.size.width
        left = _cut(
            left, max(width - right.cell_length - 1, 0), status.keep if status and not progress else 0
        )
        gap = max(width - left.cell_length - right.cell_length, 1)
        return Content.assemble(left, " " * gap, right)


def _counts(counts: tuple[int, int, int]) -> str:
    _total, unread, starred = counts
    return f"{unread} unread · {starred} starred"


def _cut(line: Content, room: int, keep: int) -> Content:
    """`line` in `room` cells, cut with an ellipsis before its last `keep` characters (a key hint, which
    says what to press next: cutting it would leave "(^z undoe…"), unless they alone do not fit."""
    if line.cell_length <= room:
        return line
    head, tail = line[: len(line.plain) - keep], line[len(line.plain) - keep :]
    if not keep or tail.cell_length + 2 > room:
        return line.truncate(room, ellipsis=True)
    return Content.assemble(head.rstrip().truncate(room - tail.cell_length - 1, ellipsis=True), " ", tail)
