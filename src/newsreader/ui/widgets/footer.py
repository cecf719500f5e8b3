"""The footer: Textual's, except that a hint which would be cut at the window's edge is dropped instead.

Textual's footer scrolls sideways, so at 80 columns its last hint showed half ("q Ba"). Hints are listed
in order of importance (each screen's bindings start with `?` Help and its main actions), so the ones that
do not fit whole are dropped from the end; `?` lists them all. The command palette's `^p` is docked at the
right and is kept.
"""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget
from textual.widgets import Footer


def hint_width(key: Widget) -> int:
    """The cells a hint takes in the footer's row: its text, its own padding and border, its margin.
    Worked out from its styles, so a hint hidden at the last fit is measured as well as a shown one."""
    styles = key.styles
    rendered = key.render()  # FooterKey renders a Text of its key and description, with their padding
    cells = rendered.cell_len if isinstance(rendered, Text) else key.outer_size.width
    return cells + styles.gutter.width + styles.margin.width


def fit(widths: list[int], room: int) -> int:
    """How many of the hints (their widths, in order) fit whole in `room` cells."""
    used = 0
    for count, width in enumerate(widths):
        used += width
        if used > room:
            return count
    return len(widths)


class FittedFooter(Footer):
    """A `Footer` that shows only the hints that fit whole, dropping the last ones first."""

    async def recompose(self) -> None:
        await super().recompose()  # the screen's bindings changed: new hints
        self.call_after_refresh(self.fit_hints)

    def on_resize(self) -> None:
        self.call_after_refresh(self.fit_hints)

    def watch_compact(self) -> None:
        self.call_after_refresh(self.fit_hints)

    def fit_hints(self) -> None:
        keys = list(self.query("FooterKey"))  # by its CSS type name: the class itself is private
        palette = [k for k in keys if k.has_class("-command-palette")]
        hints = [k for k in keys if not k.has_class("-command-palette")]
        room = self.size.width - sum(hint_width(k) for k in palette)
        shown = fit([hint_width(k) for k in hints], room)
        for index, key in enumerate(hints):
            key.display = index < shown
