"""History (`H`): the articles read most recently, newest first, each once; enter opens one again.

Bounded twice: the store keeps the newest 1,000 visits, and the screen shows the newest `SHOWN` articles.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from newsreader.layout import short_date
from newsreader.ui.formatting import entry_id_of
from newsreader.ui.keys import HISTORY_BINDINGS
from newsreader.ui.screens.article import ArticleScreen
from newsreader.ui.screens.base import ListScreen
from newsreader.ui.widgets.table import ColumnSpec, ListTable, Row, cell

SHOWN = 200
COLUMNS = [ColumnSpec("date", 10), ColumnSpec("title", 0)]


class HistoryScreen(ListScreen):
    BINDINGS = HISTORY_BINDINGS

    def compose(self) -> ComposeResult:
        yield from self.compose_top()
        yield Static("", id="empty", markup=False)
        yield ListTable(COLUMNS, id="history")
        yield from self.compose_bottom()

    @property
    def table(self) -> ListTable:
        return self.query_one("#history", ListTable)

    def on_mount(self) -> None:
        self.set_title("History")
        self.reload()
        self.table.focus()

    def reload(self) -> None:
        super().reload()
        rows: list[Row] = [
            (url, [cell(short_date(visited), "dim"), cell(title or url)])
            for url, title, visited in self.services.store.recent_history(SHOWN)
        ]
        self.table.set_rows(rows)
        empty = self.query_one("#empty", Static)
        empty.update("Nothing read yet: the articles you open are listed here.")
        empty.display = not rows

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def action_open(self) -> None:
        url = self.table.current_key
        if url is not None:
            self.app.push_screen(ArticleScreen(url, entry_id=entry_id_of(url)))

    def action_close(self) -> None:
        self.dismiss()
