"""What every newsreader screen shares: a title bar, the status line and footer, and access to the core."""

from __future__ import annotations

import asyncio
from functools import partial
from typing import Unpack, cast

from textual.app import ComposeResult, RenderResult
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget

from newsreader.errors import NewsreaderError
from newsreader.layout import display_line
from newsreader.models import Entry
from newsreader.store import EntryFilter, Store
from newsreader.text import SHORT
from newsreader.ui.services import AppApi, Services
from newsreader.ui.undo import CONFIRM_ABOVE, Change, articles
from newsreader.ui.widgets.footer import FittedFooter
from newsreader.ui.widgets.status import StatusLine
from newsreader.ui.widgets.table import ListTable

COMPACT_BELOW = 100


class TitleBar(Widget):
    """The top line: where the reader is (`Feeds › The Harbour Gazette: World`). Its parts are raw text
    (a feed's name, an article's title), cleaned here (a display boundary) and shown literally; a
    breadcrumb too long for the window ends in an ellipsis."""

    crumbs: reactive[tuple[str, ...]] = reactive(())

    def show(self, *parts: str) -> None:
        self.crumbs = tuple(c for c in (display_line(p, SHORT) for p in parts) if c)

    def render(self) -> RenderResult:
        pieces: list[str | tuple[str, str]] = [("newsreader", "bold")]
        for crumb in self.crumbs:
            pieces += [(" › ", "dim"), crumb]
        return Content.assemble(*pieces).truncate(self.content_size.width, ellipsis=True)


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
        yield FittedFooter()

    def on_resize(self) -> None:
        """A narrow window gets the compact footer, so more of the keys fit (`?` is always first)."""
        for footer in self.query(FittedFooter):
            footer.compact = self.size.width < COMPACT_BELOW

    def set_title(self, *parts: str) -> None:
        self.query_one(TitleBar).show(*parts)

    def reload(self) -> None:
        """Re-read from the store what this screen shows (default: nothing)."""
        self.stale = False

    def mark_many_read(
        self, what: str, *, entry_ids: list[int] | None = None, **where: Unpack[EntryFilter]
    ) -> None:
        """Mark read the unread articles `where` covers (only those of `entry_ids`, when given), asking
        first when there are more than CONFIRM_ABOVE; undoable. Counting and marking run in a thread: over
        a whole archive they take longer than a frame (see "Threading" in docs/DESIGN.md)."""
        self.app.run_worker(self._mark_many_read(what, entry_ids, where), group="mark-read")

    async def _mark_many_read(self, what: str, entry_ids: list[int] | None, where: EntryFilter) -> None:
        store = self.services.store
        unread: EntryFilter = {**where, "unread": True}
        try:
            if entry_ids is not None:
                count = len(entry_ids)
            else:
                count = await asyncio.to_thread(partial(store.count, **unread))
        except NewsreaderError as err:
            self.api.set_status(err.message, error=True)
            return
        if count <= 0:
            self.api.set_status(f"Nothing unread in {what}")
            return

        async def run() -> None:
            try:
                ids = await asyncio.to_thread(partial(store.mark_read, entry_ids, **where))
            except NewsreaderError as err:
                self.api.set_status(err.message, error=True)
                return
            revert = partial(store.mark_read, ids, read=False)
            self.api.data_changed()
            self.api.record(Change(f"Marked {articles(len(ids))} in {what} read", revert))

        def confirmed() -> None:
            self.app.run_worker(run(), group="mark-read")

        if count > CONFIRM_ABOVE:
            self.api.confirm(f"Mark {articles(count)} in {what} read?", confirmed)
        else:
            await run()

    def update_entry(self, entry: Entry, *, read: bool | None = None, starred: bool | None = None) -> Entry:
        """Set one entry's read or starred state, undoably; the entry as it is now (unchanged on error)."""
        store = self.services.store
        try:
            store.update_entry(entry.id, read=read, starred=starred)
            fresh = store.entry(entry.id)
        except NewsreaderError as err:  # e.g. another program holds the database for too long
            self.api.set_status(err.message, error=True)
            return entry
        if fresh is None:
            return entry
        self.api.entry_changed(fresh)
        self.api.record(_entry_change(store, entry, read=read, starred=starred))
        return fresh


def _entry_change(store: Store, entry: Entry, *, read: bool | None, starred: bool | None) -> Change:
    """The undoable record of one entry's change (`entry` as it was before)."""
    title = entry.title or "(untitled)"
    if starred is not None:
        return Change(
            f"{'Starred' if starred else 'Unstarred'} “{title}”",
            partial(store.update_entry, entry.id, starred=entry.starred),
        )
    what = f"Marked “{title}” {'read' if read else 'unread'}"
    return Change(what, partial(store.update_entry, entry.id, read=entry.read))


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
