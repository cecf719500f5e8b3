"""The footer: Textual's, except that a hint which would be cut at the window's edge is dropped instead.

Textual's footer scrolls sideways, so at 80 columns its last hint showed half ("q Ba"). Each screen lists
its bindings most important first (`?` Help, then its main actions; the app's `q` Back after them), so
the hints that do not fit whole are dropped least important first; `?` lists them all. The command
palette's `^p` is docked at the right and is kept.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer


def hint_width(key: Widget) -> int:
    """The cells a hint takes in the footer's row: its text, its own padding and border, its margin.
    Worked out from its styles, so a hint hidden at the last fit is measured as well as a shown one."""
    styles = key.styles
    rendered = key.render()  # FooterKey renders a Text of its key and description, with their padding
    cells = rendered.cell_len if isinstance(rendered, Text) else key.outer_size.width
    return cells + styles.gutter.width + styles.margin.width


def fit(widths: list[int], ranks: list[int], room: int) -> set[int]:
    """Which hints (their widths, and their ranks: 0 the most important) to show in `room` cells: the most
    important ones, as many as fit whole; the first that does not fit and every one after it are dropped."""
    shown: set[int] = set()
    used = 0
    for index in sorted(range(len(widths)), key=lambda i: ranks[i]):
        used += widths[index]
        if used > room:
            break
        shown.add(index)
    return shown


def importance(screen: Screen[Any]) -> dict[str, int]:
    """Each action's rank: its place in the screen's bindings list (`ui/keys.py` lists a screen's keys
    most important first), then in the app's. The footer's own order cannot say it: Textual moves a
    binding remapped in `[keymap]` to the end."""
    ranks: dict[str, int] = {}
    for binding in [*screen.BINDINGS, *screen.app.BINDINGS]:
        if isinstance(binding, Binding):
            ranks.setdefault(binding.action.removeprefix("app."), len(ranks))
    return ranks


class FittedFooter(Footer):
    """A `Footer` that shows only the hints that fit whole, dropping the least important first."""

    async def recompose(self) -> None:
        await super().recompose()  # the screen's bindings changed: new hints
        self.call_after_refresh(self.fit_hints)

    def on_resize(self) -> None:
        self.call_after_refresh(self.fit_hints)

    def watch_compact(self) -> None:
        self.call_after_refresh(self.fit_hints)

    def fit_hints(self) -> None:
        if not self.is_attached:
            return  # its screen was closed meanwhile
        keys = list(self.query("FooterKey"))  # by its CSS type name: the class itself is private
        palette = [k for k in keys if k.has_class("-command-palette")]
        hints = [k for k in keys if not k.has_class("-command-palette")]
        room = self.size.width - sum(hint_width(k) for k in palette)
        ranks = importance(self.screen)
        order = [ranks.get(str(getattr(k, "action", "")).removeprefix("app."), len(ranks)) for k in hints]
        shown = fit([hint_width(k) for k in hints], order, room)
        for index, key in enumerate(hints):
            key.display = index in shown
