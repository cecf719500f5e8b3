"""Every use of a private Textual API, in one place.

Textual's underscored names can change in any release, so nothing else in `newsreader` (or its tests)
touches them: they go through the functions and the base class below, and `tests/test_textual_private.py`
checks each one against the installed Textual, so an upgrade that breaks one fails there, by name, rather
than somewhere in a screen. pyproject bounds Textual's version for the same reason.

What is used, and why:
- `DataTable._update_dimensions` (overridden) and `DataTable._total_row_height`: the list tables have
  fixed-width columns and one-line rows, so measuring every new cell is wasted work (0.1 s for a
  1,000-feed list).
- `DataTable._clear_caches`: after a column's width is changed in place, the rendered rows are stale.
- `DOMNode._bindings` and `App._keymap`: the screen's and the app's binding maps with the user's keymap
  applied, which the help screen lists and key hints name (`active_bindings` and `Screen._binding_chain`
  let the focused widget shadow a key: an open find box would hide `n`).
- `App._filters`: with `NO_COLOR`, colour is dropped rather than turned grey (`colourless`).
- `App._notifications` and `Screen._compositor` (tests only): what was notified and what the terminal shows.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from textual.app import App
from textual.binding import BindingsMap
from textual.dom import DOMNode
from textual.geometry import Size
from textual.notifications import Notification
from textual.screen import Screen
from textual.widgets import DataTable
from textual.widgets._data_table import CellType
from textual.widgets.data_table import RowKey


class FixedRowsTable(DataTable[CellType]):
    """A `DataTable` whose columns all have set widths and whose rows are one line each."""

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        """DataTable measures each new cell here (about a tenth of a millisecond each); with set widths
        and one-line rows that changes nothing, so set the scrollable size directly."""
        self.virtual_size = Size(self.content_width(), self._total_row_height + self._header_rows())

    def content_width(self) -> int:
        return sum(column.get_render_width(self) for column in self.columns.values())

    def _header_rows(self) -> int:
        return self.header_height if self.show_header else 0

    def clear_render_caches(self) -> None:
        """Forget rendered rows and cells (after a column's width changed in place)."""
        self._clear_caches()


def keymapped_bindings(screen: Screen[Any]) -> list[tuple[DOMNode, BindingsMap]]:
    """The screen's own binding map and the app's, with the user keymap applied (as Textual applies it
    when it looks a key up), whatever has the focus."""
    maps = [(screen, screen._bindings.copy()), (screen.app, screen.app._bindings.copy())]
    for _, bindings in maps:
        bindings.apply_keymap(screen.app._keymap)
    return maps


def notifications(app: App[Any]) -> Iterator[Notification]:
    """The notifications the app is showing now."""
    return iter(app._notifications)


def screen_lines(app: App[Any]) -> list[str]:
    """What the terminal shows right now, one string per line."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def colourless(app: App[Any]) -> None:
    """`NO_COLOR`: Textual honours it by turning colours grey (still 256-colour codes); drop colour
    altogether instead, as the convention asks (https://no-color.org). Styles (bold, reverse) remain."""
    from textual.filter import Monochrome, NoColor

    app._filters = [f for f in app._filters if not isinstance(f, Monochrome)] + [NoColor()]


def line_filters(app: App[Any]) -> list[Any]:
    """The filters every rendered line goes through (tests: what `colourless` left)."""
    return list(app._filters)
