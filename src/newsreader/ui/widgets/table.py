"""A row-cursor table whose one flexible column takes the width left over (titles), truncated with "…".

DataTable sizes columns to their content, which makes long titles scroll sideways; a newsreader list
should instead fit the window like Newsboat's. Rows are kept as data so the table can be rebuilt at a new
width without going back to the store. Cells are Rich `Text` built from plain strings (never markup).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.console import JustifyMethod
from rich.text import Text
from textual.events import Resize
from textual.geometry import Size
from textual.widgets.data_table import ColumnKey, RowDoesNotExist

from newsreader.layout import display_line
from newsreader.text import TITLE
from newsreader.ui.textual_private import FixedRowsTable


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    key: str
    width: int  # 0: the flexible column


Row = tuple[str, list[Text]]


def cell(text: str | None, style: str = "", justify: JustifyMethod = "left", *, indent: int = 0) -> Text:
    """One table cell: raw text shown literally on one line (cleaned here: a display boundary), after
    `indent` spaces, cut with an ellipsis."""
    shown = display_line(text, TITLE)
    return Text(" " * indent + shown, style=style, no_wrap=True, overflow="ellipsis", justify=justify)


class ListTable(FixedRowsTable[Text]):
    """A list with a row cursor, keyed by string; `set_rows` keeps the cursor on the same key."""

    def __init__(self, columns: Sequence[ColumnSpec], *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, cursor_type="row", show_header=False, zebra_stripes=False)
        self.specs = list(columns)
        self.data: list[Row] = []
        self._built_width = -1

    @property
    def current_key(self) -> str | None:
        if not self.data or not 0 <= self.cursor_row < len(self.data):
            return None
        return self.data[self.cursor_row][0]

    def _flex_width(self) -> int:
        fixed = sum(s.width for s in self.specs) + 2 * self.cell_padding * len(self.specs)
        return max(self.scrollable_content_region.width - fixed - 1, 10)

    def set_rows(self, rows: list[Row], keep: str | None = None) -> None:
        """Replace all rows; the cursor stays on `keep` (or the same key as before) when it still exists."""
        keep = keep if keep is not None else self.current_key
        index = self.cursor_row
        self.data = rows
        self._rebuild()
        position = next((i for i, (key, _) in enumerate(rows) if key == keep), min(index, len(rows) - 1))
        if position >= 0:
            self.move_cursor(row=position, animate=False, scroll=True)

    def append_rows(self, rows: list[Row]) -> None:
        self.data.extend(rows)
        self._add(rows)

    def update_row(self, key: str, cells: list[Text]) -> None:
        for i, (row_key, _) in enumerate(self.data):
            if row_key == key:
                self.data[i] = (key, cells)
                break
        try:
            for spec, value in zip(self.specs, cells, strict=True):
                self.update_cell(key, spec.key, value)
        except RowDoesNotExist:
            pass

    def _rebuild(self) -> None:
        self._built_width = self.size.width
        self.clear(columns=True)
        flex = self._flex_width()
        for spec in self.specs:
            self.add_column("", width=spec.width or flex, key=spec.key)
        self._add(self.data)

    def _add(self, rows: list[Row]) -> None:
        for key, cells in rows:
            self.add_row(*cells, key=key)

    def on_resize(self, event: Resize) -> None:
        if event.size.width != self._built_width and self.specs and not self._resize_flex_column():
            keep, row, offset = self.current_key, self.cursor_row, self.scroll_y
            self._rebuild()
            if keep is not None:
                self.move_cursor(row=row, animate=False, scroll=False)
                self.scroll_to(y=offset, animate=False)

    def _resize_flex_column(self) -> bool:
        """Give the flexible column the width left over, without re-adding every row (a 1,000-feed list
        costs tens of milliseconds to rebuild). False when the columns are not there yet."""
        flex = self._flex_width()
        for spec in self.specs:
            if not spec.width:
                column = self.columns.get(ColumnKey(spec.key))
                if column is None:
                    return False
                column.width = flex
        self._built_width = self.size.width
        self.clear_render_caches()
        self.virtual_size = Size(self.content_width(), self.virtual_size.height)
        self.refresh()
        return True
