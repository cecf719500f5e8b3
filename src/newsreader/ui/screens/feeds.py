"""The first screen: All / Starred, then feeds grouped by tag, with unread counts and error marks."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import NamedTuple

from textual import work
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import DataTable, Static

from newsreader.errors import NewsreaderError
from newsreader.failures import describe_failure
from newsreader.models import Feed
from newsreader.query import Expr, parse_filter
from newsreader.queryfeeds import query_feeds
from newsreader.rules import add_rule
from newsreader.ui.keyhints import key_of
from newsreader.ui.keys import FEEDS_BINDINGS
from newsreader.ui.screens.add_feed import AddFeedScreen
from newsreader.ui.screens.base import ListScreen
from newsreader.ui.screens.filtering import quoted
from newsreader.ui.screens.headlines import HeadlinesScreen
from newsreader.ui.screens.power import CheckedPrompt, FeedDetailScreen, check_with
from newsreader.ui.screens.search import PromptScreen
from newsreader.ui.source import Source
from newsreader.ui.undo import Change, articles
from newsreader.ui.widgets.table import ColumnSpec, ListTable, Row, cell

# "unread/total" up to 999999/999999 fits: a big archive must not read "99999/10…".
COLUMNS = [ColumnSpec("mark", 1), ColumnSpec("name", 0), ColumnSpec("count", 13)]


class Loaded(NamedTuple):
    """What the Feeds screen reads from the store for one reload."""

    feeds: list[Feed]
    counts: tuple[int, int, int]  # entries, unread, starred
    last_entry_id: int


@dataclass(frozen=True, slots=True)
class Item:
    """What a row of the list stands for: a source of headlines plus the feeds it covers."""

    source: Source
    feeds: tuple[Feed, ...]
    unread: int

    @property
    def urls(self) -> list[str]:
        return [f.url for f in self.feeds]


def _row(
    key: str,
    name: str,
    unread: int,
    total: int | None,
    *,
    indent: int,
    header: bool = False,
    folded: bool = False,
) -> Row:
    mark = cell(("▸" if folded else "▾") if header else "", "dim")
    style = "bold" if unread else "dim"
    if header:
        style = "bold italic"
    count = f"{unread}/{total}" if total is not None else str(unread) if unread >= 0 else "…"
    return key, [mark, cell(name, style, indent=2 * indent), cell(count, style, justify="right")]


def feed_order(feeds: list[Feed]) -> list[Feed]:
    """The feeds as the Feeds screen lists them (untagged first, then by tag), each once: the order `n`
    moves through from one feed to the next."""
    untagged = [f for f in feeds if not f.tags]
    tagged = sorted((f for f in feeds if f.tags), key=lambda f: min(t.lower() for t in f.tags))
    return untagged + tagged


class FeedsScreen(ListScreen):
    """Subscriptions: untagged feeds first, then a group per tag (a feed with several tags is in each)."""

    BINDINGS = FEEDS_BINDINGS

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[str, Item] = {}
        self.query_counts: dict[str, int] = {}  # query feed key -> unread, from the last count
        self.counted_at: tuple[object, ...] = ()
        self.folded: set[str] = set()  # tags whose feeds are hidden (space folds and unfolds)
        self._highlighted: str | None = None
        self.loaded: Loaded | None = None  # what the last load read (None: not loaded yet)

    def compose(self) -> ComposeResult:
        yield from self.compose_top()
        empty = Static("", id="empty", markup=False)
        empty.display = False  # until the first load says there are no feeds
        yield empty
        yield ListTable(COLUMNS, id="feeds")
        yield from self.compose_bottom()

    def on_mount(self) -> None:
        self.set_title("Feeds")
        add = key_of(self, "add-feed")
        self.query_one("#empty", Static).update(
            Content(f"No subscriptions yet. Press {add} to add a feed (or import an OPML file).")
        )

    def on_screen_resume(self) -> None:
        # Also sent when the screen is first shown, so this is the one load at start-up; afterwards it
        # picks up counts that changed while reading (one cheap query).
        self.reload()

    @property
    def table(self) -> ListTable:
        return self.query_one("#feeds", ListTable)

    def reload(self) -> None:
        """Re-read feeds and counts, then show them; the cursor stays on the same row.

        The first load is read before the first frame (there is nothing to show without it); every later
        one in a thread, the old rows staying usable meanwhile: per-feed counts over a big archive take
        longer than a frame (see "Threading" in docs/DESIGN.md)."""
        self.stale = False
        if self.loaded is None:
            try:
                self.loaded = self._read()
            except NewsreaderError as err:
                self.api.set_status(err.message, error=True)
                return
            self.show()
        else:
            self._load()

    def _read(self) -> Loaded:
        store = self.services.store
        return Loaded(store.feeds(), store.counts(), store.last_entry_id())

    @work(exclusive=True, group="feeds-load")
    async def _load(self) -> None:
        try:
            self.loaded = await asyncio.to_thread(self._read)
        except NewsreaderError as err:
            self.api.set_status(err.message, error=True)
            return
        self.show()

    def show(self) -> None:
        """Build the rows from what the last load read (folding a tag needs no new load)."""
        if self.loaded is None:
            return
        feeds, (total, unread, starred), last_entry_id = self.loaded
        self.api.show_counts((total, unread, starred))
        self.items = {}
        rows: list[Row] = []
        self._add(rows, "all", Item(Source("All articles"), tuple(feeds), unread), total)
        self._add(rows, "starred", Item(Source("Starred", starred=True), (), starred), None)
        queries = self._add_queries(rows)
        for feed in (f for f in feeds if not f.tags):
            self._add_feed(rows, f"feed:{feed.id}", feed, indent=0)
        tags = sorted({t for f in feeds for t in f.tags}, key=str.lower)
        for tag in tags:
            members = tuple(f for f in feeds if tag in f.tags)
            item = Item(Source(tag, tag=tag), members, sum(f.unread for f in members))
            folded = tag in self.folded
            self._add(rows, f"tag:{tag}", item, sum(f.total for f in members), header=True, folded=folded)
            for feed in () if folded else members:
                self._add_feed(rows, f"feed:{feed.id}:{tag}", feed, indent=1)

        self.table.set_rows(rows)
        # A reload is not a move: the row it lands on says nothing (else it would talk over the message
        # of the action that caused it, e.g. "Removed …" when the next feed takes the removed one's row).
        self._highlighted = self.table.current_key
        self.query_one("#empty").display = not feeds
        # Recount only when something a count depends on may have changed (entries, read/starred state,
        # the queries themselves, or a minute of `age`), after the frame that shows the list: a regex over
        # 100k titles must neither delay the first paint nor run again on every return to this screen.
        stamp = (total, unread, starred, last_entry_id, tuple(queries), int(time.time() // 60))
        if queries and (stamp != self.counted_at or any(k not in self.query_counts for k in queries)):
            self.counted_at = stamp
            self.call_after_refresh(self._count_queries, queries)

    # -- query feeds (issue 11) -------------------------------------------------------------------------

    def _add_queries(self, rows: list[Row]) -> dict[str, Expr]:
        """A row per query feed, with the count from the last time (or … until the worker has counted)."""
        try:
            found = query_feeds(self.services.store, self.services.config)
        except NewsreaderError as err:
            self.api.set_status(err.message, error=True)
            return {}
        exprs = {}
        for query in found:
            key = f"query:{query.name}"
            exprs[key] = query.expr
            item = Item(Source(query.name, filter=query.text), (), self.query_counts.get(key, -1))
            self.items[key] = item
            row_key, cells = _row(key, query.name, item.unread, None, indent=0)
            cells[0] = cell("≡", "dim")
            rows.append((row_key, cells))
        return exprs

    @work(thread=True, exclusive=True, group="query-counts")
    def _count_queries(self, queries: dict[str, Expr]) -> None:
        """Count each query feed's unread entries off the UI thread, so the list shows at once."""
        store = self.services.store
        for key, expr in queries.items():
            try:
                unread = store.count(filter=expr, unread=True)
            except NewsreaderError:
                continue
            self.app.call_from_thread(self._show_count, key, unread)

    def _show_count(self, key: str, unread: int) -> None:
        self.query_counts[key] = unread
        item = self.items.get(key)
        if item is None:
            return
        self.items[key] = Item(item.source, item.feeds, unread)
        row_key, cells = _row(key, item.source.title, unread, None, indent=0)
        cells[0] = cell("≡", "dim")
        self.table.update_row(row_key, cells)

    def _add(
        self,
        rows: list[Row],
        key: str,
        item: Item,
        total: int | None,
        header: bool = False,
        folded: bool = False,
    ) -> None:
        self.items[key] = item
        rows.append(_row(key, item.source.title, item.unread, total, indent=0, header=header, folded=folded))

    def _add_feed(self, rows: list[Row], key: str, feed: Feed, indent: int) -> None:
        self.items[key] = Item(Source(feed.name, feed_id=feed.id, feed_url=feed.url), (feed,), feed.unread)
        key, cells = _row(key, feed.name, feed.unread, feed.total, indent=indent)
        if feed.url in self.api.refresher.pending:
            cells[0] = cell("…", "bold $accent")  # waiting for (or in) the running refresh
        elif feed.last_error:
            cells[0] = cell("!", "bold red")
            cells[1].stylize("red")
        elif (result := self.api.refresher.results.get(feed.url)) is not None and result.new:
            cells[0] = cell("+", "bold green")  # the last refresh brought new entries
        rows.append((key, cells))

    @property
    def current(self) -> Item | None:
        key = self.table.current_key
        return self.items.get(key) if key else None

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """Moving onto a feed says how its refresh went (a reload says nothing, see `reload`)."""
        key = self.table.current_key
        if key == self._highlighted:
            return
        self._highlighted = key
        if (feed := self.current_feed) is None:
            return
        if feed.url in self.api.refresher.pending:
            self.api.set_status(f"{feed.name}: refreshing…")
        elif feed.last_error:
            self.api.set_status(
                describe_failure(feed.url, feed.last_error, verb="Cannot refresh"), error=True
            )
        elif (result := self.api.refresher.results.get(feed.url)) is not None:
            self.api.set_status(f"{feed.name}: {result.new} new in the last refresh")

    @property
    def current_feed(self) -> Feed | None:
        """The feed on the cursor's row (None on All, Starred or a tag)."""
        item = self.current
        return item.feeds[0] if item and item.source.feed_id is not None else None

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    # -- actions ---------------------------------------------------------------------------------------

    def action_open(self) -> None:
        if (item := self.current) is not None:
            self.app.push_screen(HeadlinesScreen(item.source))

    def _jump_unread(self, step: int) -> None:
        keys = [key for key, _ in self.table.data]
        row = self.table.cursor_row + step
        while 0 <= row < len(keys):
            item = self.items[keys[row]]
            if item.unread and item.source.feed_id is not None:
                self.table.move_cursor(row=row)
                return
            row += step
        self.api.set_status("No more unread feeds")

    def action_next_unread(self) -> None:
        self._jump_unread(1)

    def action_prev_unread(self) -> None:
        self._jump_unread(-1)

    def action_mark_all_read(self) -> None:
        if (item := self.current) is None:
            return
        self.mark_many_read(item.source.what, **item.source.covers)  # a query feed: what it matches

    def action_open_browser(self) -> None:
        item = self.current
        if item and len(item.feeds) == 1 and item.source.feed_id is not None:
            self.api.open_in_browser(item.feeds[0].site_url or item.feeds[0].url)

    def action_add_feed(self) -> None:
        self.app.push_screen(AddFeedScreen())

    def action_kill(self) -> None:
        """`K`: a hide rule for this tag or feed (edit the expression first; `newsreader rules` lists it)."""
        item = self.current
        if item is None or (item.source.tag is None and item.source.feed_url is None):
            self.api.set_status("K hides a tag or a feed with a kill rule: move to one first")
            return
        src = item.source
        text = (
            f"tags # {quoted(src.tag)}" if src.tag is not None else f"feedurl = {quoted(src.feed_url or '')}"
        )

        def done(expr_text: str | None) -> None:
            if expr_text:
                self._add_hide_rule(expr_text)

        self.app.push_screen(
            CheckedPrompt(
                "Hide what matches (a kill rule)", "an expression", text, check=check_with(parse_filter)
            ),
            done,
        )

    @work(group="kill-rule")
    async def _add_hide_rule(self, expr_text: str) -> None:
        """Store the rule and hide what it matches in a thread: the rule is tested against the whole archive,
        which takes longer than a frame (see "Threading" in docs/DESIGN.md)."""
        self.api.set_status("Adding the hide rule…")
        try:
            rule, hidden = await asyncio.to_thread(add_rule, self.services.store, expr_text, "hide")
        except NewsreaderError as err:
            self.api.set_status(err.message, error=True)
            return
        self.api.set_status(
            f"Rule {rule.id} hid {hidden} entries (newsreader rules remove {rule.id} undoes it)"
        )
        self.api.data_changed()

    def action_details(self) -> None:
        item = self.current
        if item and len(item.feeds) == 1 and item.source.feed_id is not None:
            self.app.push_screen(FeedDetailScreen(item.feeds[0]))
        else:
            self.api.set_status("Details are for one feed: move to a feed first")

    def action_toggle_fold(self) -> None:
        """On a tag: hide or show its feeds (the cursor stays on the tag)."""
        key = self.table.current_key or ""
        if not key.startswith("tag:"):
            self.api.set_status("Folding works on a tag's row (▾)")
            return
        self.folded ^= {key.removeprefix("tag:")}
        self.show()

    def action_remove_feed(self) -> None:
        if (feed := self.current_feed) is None:
            self.api.set_status("Put the cursor on a feed to remove it")
            return
        store = self.services.store
        if (found := store.feed_account(feed.url)) is not None:
            question = (
                f"Unsubscribe from {feed.name} on the server account {found[0].name}?"
                " This cannot be undone here (add the feed again to get it back)."
            )

            def remove() -> None:
                self._remove_on_server(feed)

            self.api.confirm(question, remove)
            return
        try:
            removed = store.remove_feed_undoably(feed.url)
        except NewsreaderError as err:
            self.api.set_status(err.message, error=True)
            return
        self.api.data_changed()
        what = f"Removed {feed.name} and its {articles(len(removed.entries))}"
        self.api.record(Change(what, partial(store.restore_feed, removed)))

    @work(exclusive=True, group="remove-feed")
    async def _remove_on_server(self, feed: Feed) -> None:
        """A server account's feed is removed on the server first, then here (sync/engine.py)."""
        from newsreader.sync.engine import unsubscribe_on_server

        services = self.services
        self.api.set_status(f"Unsubscribing from {feed.name} on its server…")
        try:
            await unsubscribe_on_server(services.store, services.fetcher, feed.url)
        except NewsreaderError as err:
            self.api.set_status(describe_failure(feed.url, err.message, verb="Cannot remove"), error=True)
            return
        self.api.data_changed()
        self.api.set_status(f"Unsubscribed from {feed.name} on its server account")

    def action_rename_feed(self) -> None:
        if (feed := self.current_feed) is None:
            self.api.set_status("Put the cursor on a feed to rename it")
            return

        def renamed(title: str | None) -> None:
            if title is None:
                return
            store = self.services.store
            before: list[tuple[str | None, bool]] = []
            if not self._change(lambda: before.append(store.rename_feed(feed.url, title))):
                return
            old_title, custom = before[0]
            what = f"Renamed {feed.name} to {title.strip() or 'its own title'}"
            self.api.record(
                Change(what, partial(store.rename_feed, feed.url, old_title or "", custom=custom))
            )

        label = "New name (empty: the feed's own title at the next refresh)"
        self.app.push_screen(PromptScreen(label, "name", feed.name), renamed)

    def action_edit_tags(self) -> None:
        if (feed := self.current_feed) is None:
            self.api.set_status("Put the cursor on a feed to change its tags")
            return

        def retagged(line: str | None) -> None:
            if line is None:
                return
            tags = [t.strip() for t in line.split(",") if t.strip()]
            if not self._change(lambda: self.services.store.set_tags(feed.url, tags)):
                return
            what = f"Tagged {feed.name}: {', '.join(tags) or 'no tags'}"
            self.api.record(Change(what, partial(self.services.store.set_tags, feed.url, feed.tags)))

        self.app.push_screen(PromptScreen("Tags, comma separated", "tags", ", ".join(feed.tags)), retagged)

    def _change(self, write: Callable[[], None]) -> bool:
        try:
            write()
        except NewsreaderError as err:
            self.api.set_status(err.message, error=True)
            return False
        self.api.data_changed()
        return True

    def action_refresh_feed(self) -> None:
        item = self.current
        if item is None or not item.feeds:
            self.api.refresher.start()
        else:
            self.api.refresher.start(item.urls)
