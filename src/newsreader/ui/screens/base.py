"""What every newsreader screen shares: a title bar, the status line and footer, and access to the core."""

from __future__ import annotations

from typing import cast

from textual.app import ComposeResult
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from newsreader.text import clean_line
from newsreader.ui.services import AppApi, Services
from newsreader.ui.widgets.status import StatusLine
from newsreader.ui.widgets.table import ListTable


class TitleBar(Static):
    """The top line: where the reader is (`Feeds › The Harbour Gazette: World`). Web text stays literal."""

    def show(self, *parts: str) -> None:
        crumbs = [clean_line(p, max_len=120) for p in parts if p]
        pieces: list[str | tuple[str, str]] = [("newsreader", "bold")]
        for crumb in crumbs:
            pieces += [(" › ", "dim"), crumb]
        self.update(Content.assemble(*pieces))


class BaseScreen(Screen[None]):
    """A full screen of the app; `reload()` is called when the data under it changed.

    Screens under the current one are only marked `stale` and reload when they are shown again, so a
    refresh costs one screen's reload, not one per screen in the stack.
    """

    stale = False

    def on_screen_resume(self) -> None:
        if self.stale:
            self.reload()

    @property
    def api(self) -> AppApi:
        return cast(AppApi, self.app)

    @property
    def services(self) -> Services:
        return self.api.services

    def compose_top(self) -> ComposeResult:
        yield TitleBar(id="title-bar")

    def compose_bottom(self) -> ComposeResult:
        yield StatusLine(id="status-line")
        yield Footer()

    def set_title(self, *parts: str) -> None:
        self.query_one(TitleBar).show(*parts)

    def reload(self) -> None:
        """Re-read from the store what this screen shows (default: nothing)."""
        self.stale = False


class ListScreen(BaseScreen):
    """A screen built around one `ListTable`: the cursor keys mean the same on every list."""

    @property
    def table(self) -> ListTable:
        raise NotImplementedError

    def action_down(self) -> None:
        self.table.action_cursor_down()

    def action_up(self) -> None:
        self.table.action_cursor_up()

    def action_top(self) -> None:
        self.table.move_cursor(row=0)

    def action_bottom(self) -> None:
        self.table.move_cursor(row=len(self.table.data) - 1)
