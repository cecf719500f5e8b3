"""Headlines of a feed, a tag, All, Starred or a search: newest first, loaded a page at a time.

Pages come from the store's keyset cursor (`after=(sort_time, id)`), so opening a list of 100,000 entries
costs one 200-row query; the next page is read when the cursor gets near the end of what is loaded.
"""

from __future__ import annotations

import asyncio
from functools import partial

from textual import work
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import DataTable, Static

from newsreader.errors import NewsreaderError
from newsreader.layout import display_line
from newsreader.models import Entry
from newsreader.ui.formatting import entry_url
from newsreader.ui.headline_layout import RowLayout, row_layout
from newsreader.ui.keyhints import key_of
from newsreader.ui.keys import HEADLINES_BINDINGS
from newsreader.ui.screens.add_feed import AddFeedScreen
from newsreader.ui.screens.base import ListScreen
from newsreader.ui.screens.filtering import FilterActions
from newsreader.ui.source import Source
from newsreader.ui.widgets.table import ListTable, Row

PAGE = 200
LOAD_MARGIN = 40  # load the next page when the cursor is this close to the end
BOTTOM_STEP = 5000  # rows G may load at once (read in a thread)
APPEND_STEP = 200  # rows G adds to the table between two frames
SEARCH_LIMIT = 500


class HeadlinesScreen(FilterActions, ListScreen):  # FilterActions: F, S and query feeds (issue 11)
    """One list of headlines; also the `Navigator` the article screen uses for J, K and n."""

    BINDINGS = HEADLINES_BINDINGS

    def __init__(self, source: Source) -> None:
        super().__init__()
        self.source = source
        self.unread_only = False
        self.entries: list[Entry] = []
        self.exhausted = False
        self.appending = False  # G is adding rows (`_load_to_bottom`)
        self.shape = RowLayout(10, 0)

    def compose(self) -> ComposeResult:
        yield from self.compose_top()
        yield Static("", id="empty", markup=False)
        yield ListTable(self.shape.columns(), id="headlines")
        yield from self.compose_bottom()

    def on_mount(self) -> None:
        self._set_title()
        self.reload()

    def _set_title(self) -> None:
        live = f"filter: {self.live_filter}" if self.live_filter else ""
        self.set_title(self.source.title, live, "unread only" if self.unread_only else "")

    @property
    def table(self) -> ListTable:
        return self.query_one("#headlines", ListTable)

    @property
    def current(self) -> Entry | None:
        row = self.table.cursor_row
        return self.entries[row] if self.entries and 0 <= row < len(self.entries) else None

    # -- loading ---------------------------------------------------------------------------------------

    @property
    def searching(self) -> bool:
        """Whether this list is a search's results (a filter typed with F makes it a filtered list)."""
        return self.source.query is not None and not self.live_filter

    def _page(self, after: tuple[str, int] | None, limit: int) -> list[Entry]:
        store, src = self.services.store, self.source
        return store.headlines(
            filter=self.filter_expr,
            feed_id=src.feed_id,
            tag=src.tag,
            starred=src.starred,
            unread=self.unread_only,
            limit=limit,
            after=after,
        )

    def _rows(self, entries: list[Entry]) -> list[Row]:
        return [(str(e.id), self.shape.cells(e)) for e in entries]

    def _fit(self) -> bool:
        """Choose the columns for the rows loaded and the width there is; True when they changed."""
        layout = row_layout(self.entries, self.size.width, one_feed=self.source.feed_id is not None)
        if layout == self.shape:
            return False
        self.shape = layout
        self.table.specs = layout.columns()
        return True

    def on_resize(self) -> None:
        super().on_resize()
        if self.entries and self._fit():
            self.table.set_rows(self._rows(self.entries))

    def reload(self) -> None:
        """Re-read the rows up to just past the cursor (at least a page), keeping the cursor on its entry.

        Rows further down are dropped and read again when scrolled to: rebuilding thousands of table rows
        after every refresh would make a deep list stutter.
        """
        self.stale = False
        if self.searching:
            self._search()
            return
        limit = max(self.table.cursor_row + 2 * LOAD_MARGIN, PAGE)
        keep = self.current
        entries = self._page(None, limit)
        self._show(entries, keep, exhausted=len(entries) < limit)

    @work(exclusive=True, group="search")
    async def _search(self) -> None:
        """A search's results, read in a thread: a common word over a big archive takes longer than a frame
        (see "Threading" in docs/DESIGN.md)."""
        store, query, keep = self.services.store, self.source.query or "", self.current
        try:
            found = await asyncio.to_thread(
                partial(store.search, query, unread=self.unread_only, limit=SEARCH_LIMIT)
            )
        except NewsreaderError as err:
            self.api.set_status(err.message, error=True)
            found = []
        self._show(found, keep, exhausted=True)

    def _show(self, entries: list[Entry], keep: Entry | None, *, exhausted: bool) -> None:
        self.entries = entries
        self.exhausted = exhausted
        self._fit()
        self.table.set_rows(self._rows(self.entries), keep=str(keep.id) if keep else None)
        empty = self.query_one("#empty", Static)
        empty.display = not self.entries
        if self.unread_only:
            empty.update(Content(f"No unread entries here ({key_of(self, 'unread-only')} shows all)."))
        elif self.source.query is not None:
            nothing = f"Nothing matches “{self.source.query}” in titles, summaries or saved articles."
            empty.update(Content(display_line(nothing)))
        elif self.source.starred:
            star = key_of(self, "star")  # one id on both screens: a keymap line remaps it on both
            empty.update(
                Content(f"Nothing starred yet: press {star} on a headline or in an article to star it.")
            )
        else:
            empty.update("No entries here yet.")

    def load_more(self) -> bool:
        """Append the next page; False when there is none. A search's results come whole from its worker:
        until it is done the rows are another list's (F just cleared), with no next page to add."""
        if self.exhausted or not self.entries or self.searching or self.appending:
            return False
        last = self.entries[-1]
        page = self._page((last.sort_time, last.id), PAGE)
        self.exhausted = len(page) < PAGE
        self.entries.extend(page)
        self.table.append_rows(self._rows(page))
        return bool(page)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row >= len(self.entries) - LOAD_MARGIN:
            self.load_more()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    # -- the Navigator the article screen uses -----------------------------------------------------------

    def step(self, entry_id: int | None, url: str | None, delta: int, unread: bool = False) -> Entry | None:
        """The entry `delta` rows from the current one (found by id, else by link; skipping read ones if
        `unread`); selects it. By id first: two entries of a feed may share one link."""
        index = next((i for i, e in enumerate(self.entries) if e.id == entry_id), None)
        if index is None:
            index = next((i for i, e in enumerate(self.entries) if e.link == url), self.table.cursor_row)
        found = self._scan(index + delta, delta, unread)
        if found is None and unread and delta > 0:
            # Newsboat's habit: at the end, `n` goes on to the next feed with unread entries; a list of
            # several feeds starts again from its top.
            found = self._next_feed_unread() if self.source.feed_id is not None else self._scan(0, 1, True)
        return found

    def _scan(self, index: int, delta: int, unread: bool) -> Entry | None:
        while 0 <= index:
            if index >= len(self.entries) and not self.load_more():
                break
            entry = self.entries[index]
            if not (unread and entry.read):
                self.table.move_cursor(row=index, animate=False)
                return entry
            index += delta
        return None

    def _next_feed_unread(self) -> Entry | None:
        """Switch this list to the next feed (in the Feeds screen's order) that has unread entries, on its
        first unread one; None when no other feed has any."""
        from newsreader.ui.screens.feeds import feed_order

        order = feed_order(self.services.store.feeds())
        at = next((i for i, f in enumerate(order) if f.id == self.source.feed_id), -1)
        feed = next(
            (f for f in order[at + 1 :] + order[: at + 1] if f.unread and f.id != self.source.feed_id), None
        )
        if feed is None:
            return None
        self.source = Source(feed.name, feed_id=feed.id, feed_url=feed.url)
        self._set_title()
        self.reload()
        self.api.set_status(f"Next feed with unread articles: {self.source.title}")
        return self._scan(0, 1, True)

    def entry_changed(self, entry: Entry) -> None:
        """The reader marked or starred `entry`: update its row in place (no reload, no cursor move)."""
        for i, known in enumerate(self.entries):
            if known.id == entry.id:
                self.entries[i] = entry
                self.table.update_row(str(entry.id), self.shape.cells(entry))

    # -- actions ---------------------------------------------------------------------------------------

    def action_bottom(self) -> None:
        """The real end of the list. What is not loaded yet is read in a worker thread, up to BOTTOM_STEP
        more rows (press again to go further): on a big archive that read takes longer than a frame, and
        the list stays usable meanwhile (see "Threading" in docs/DESIGN.md)."""
        if self.exhausted or not self.entries or self.searching:
            super().action_bottom()
        else:
            self._load_to_bottom(self.entries[-1])

    @work(exclusive=True, group="bottom")
    async def _load_to_bottom(self, last: Entry) -> None:
        entries, shape = self.entries, self.shape

        def read() -> tuple[list[Entry], list[Row]]:
            page = self._page((last.sort_time, last.id), BOTTOM_STEP)
            return page, self._rows(page)  # the rows' text too: 5,000 of them take longer than a frame

        self.appending = True  # a move adds no page meanwhile (its rows would come twice)
        try:
            page, rows = await asyncio.to_thread(read)
            for start in range(0, len(page), APPEND_STEP):  # in steps, with frames between them
                if self.entries is not entries:
                    return  # the list was read again meanwhile (a refresh, `u`): G starts from there
                chunk = page[start : start + APPEND_STEP]
                entries.extend(chunk)
                self.table.append_rows(
                    rows[start : start + APPEND_STEP] if self.shape is shape else self._rows(chunk)
                )
                await asyncio.sleep(0)
        except NewsreaderError as err:
            self.api.set_status(err.message, error=True)
            return
        finally:
            self.appending = False
        if self.entries is not entries:
            return  # read again meanwhile (after the last step, or while nothing more was found)
        self.exhausted = len(page) < BOTTOM_STEP
        if not self.exhausted:
            again = key_of(self, "bottom")
            self.api.set_status(f"Showing the newest {len(self.entries):,}: {again} again loads more")
        super().action_bottom()

    def action_close(self) -> None:
        self.dismiss()

    def action_open(self) -> None:
        from newsreader.ui.screens.article import ArticleScreen

        entry = self.current
        if entry is None:
            return
        self.app.push_screen(ArticleScreen(entry_url(entry), navigator=self, entry_id=entry.id))

    def action_next_unread(self) -> None:
        entry = self.current
        found = self.step(entry.id if entry else None, entry.link if entry else None, 1, unread=True)
        if found is None:
            self.api.set_status("No more unread entries")

    def action_prev_unread(self) -> None:
        entry = self.current
        if self.step(entry.id if entry else None, entry.link if entry else None, -1, unread=True) is None:
            self.api.set_status("No earlier unread entries")

    def action_toggle_read(self) -> None:
        if (entry := self.current) is not None:
            self.update_entry(entry, read=not entry.read)

    def action_star(self) -> None:
        if (entry := self.current) is not None:
            self.update_entry(entry, starred=not entry.starred)

    def action_mark_all_read(self) -> None:
        """Everything this list stands for (a whole feed or tag, not just the loaded rows) becomes read."""
        src = self.source
        if (scoped := self.scoped_filter()) is not None:  # a query feed or an F filter: what it matches
            self.mark_many_read(src.what, filter=scoped)
        elif self.searching:  # a search: the results listed
            self.mark_many_read(src.what, entry_ids=[e.id for e in self.entries if not e.read])
        else:
            self.mark_many_read(src.what, **src.covers)

    def action_unread_only(self) -> None:
        self.unread_only = not self.unread_only
        self._set_title()
        self.reload()

    def action_open_browser(self) -> None:
        if (entry := self.current) is not None and entry.link:
            self.api.open_in_browser(entry.link)

    def action_add_feed(self) -> None:
        self.app.push_screen(AddFeedScreen())

    def action_refresh_feed(self) -> None:
        src = self.source
        if src.feed_url:
            self.api.refresher.start([src.feed_url])
        elif src.tag is not None:
            self.api.refresher.start([f.url for f in self.services.store.feeds(src.tag, counted=False)])
        else:
            self.api.refresher.start(None)  # All, Starred, a search: every feed
