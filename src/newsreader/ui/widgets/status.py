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
    """One line of feedback; `screen` is the id of the screen it belongs to (None: any screen)."""

    text: str
    error: bool = False
    screen: int | None = None

    def shown_on(self, screen: object) -> bool:
        return self.screen is None or self.screen == id(screen)


class StatusLine(Widget):
    """One line: progress or message (left), unread/starred counts (right)."""

    def on_mount(self) -> None:
        for name in ("progress", "status", "counts"):
            self.watch(self.app, name, self._changed, init=False)

    def _changed(self) -> None:
        self.refresh()

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
        _total, unread, starred = counts
        right = Content(f"{unread} unread · {starred} starred")
        width = self.size.width
        left = left.truncate(max(width - right.cell_length - 1, 0), ellipsis=True)
        gap = max(width - left.cell_length - right.cell_length, 1)
        return Content.assemble(left, " " * gap, right)
