"""Power reading in the TUI (issue 11): a one-line prompt, the feed detail view with its settings, and the
pipe / bookmark actions of the article screen. The core does the work (`queryfeeds`, `feedsettings`,
`hooks`); these screens only ask and show.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import DataTable, Input, Static

from newsreader.errors import NewsreaderError
from newsreader.failures import explain
from newsreader.feedsettings import KEYS, SettingsResolver, check_setting, parse_value
from newsreader.hooks import FORMATS, Format, HookResult, bookmark, pipe_article
from newsreader.layout import display_line, display_lines, long_date
from newsreader.models import Article, Feed
from newsreader.ui.keyhints import key_of
from newsreader.ui.keys import DETAIL_BINDINGS
from newsreader.ui.screens.base import BaseScreen, ListScreen
from newsreader.ui.screens.search import PromptScreen
from newsreader.ui.widgets.table import ColumnSpec, ListTable, Row, cell

# Returns an error to show (the prompt stays open), or None to accept the value.
Check = Callable[[str], str | None]


class CheckedPrompt(PromptScreen):
    """A prompt whose line is checked before it is accepted; the reason shows under the input."""

    def __init__(self, label: str, placeholder: str, value: str = "", *, check: Check | None = None) -> None:
        super().__init__(label, placeholder, value)
        self.check = check

    def on_mount(self) -> None:
        cancel = key_of(self, "cancel", prefer="escape")
        hint = Static(f"enter: accept · {cancel}: cancel", id="dialog-message", markup=False)
        self.query_one("#search-box").mount(hint)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Runs before PromptScreen's handler (Textual calls each class's), which accepts the line unless
        this one prevents it."""
        problem = self.check(event.value.strip()) if self.check else None
        if problem:
            event.prevent_default()
            message = self.query_one("#dialog-message", Static)
            message.add_class("error")
            message.update(Content(display_line(problem)))  # a display boundary


def check_with(fn: Callable[[str], Any]) -> Check:
    """A Check from a function that raises NewsreaderError for bad input."""

    def check(text: str) -> str | None:
        try:
            fn(text)
        except NewsreaderError as err:
            return err.message
        return None

    return check


class FeedDetailScreen(ListScreen):
    """A feed's details and its own settings (where each comes from); enter edits the setting under the
    cursor (an empty value removes what was set here, so config.toml or the default applies again)."""

    BINDINGS = DETAIL_BINDINGS
    COLUMNS = [ColumnSpec("key", 18), ColumnSpec("value", 0), ColumnSpec("from", 28)]

    def __init__(self, feed: Feed) -> None:
        super().__init__()
        self.feed = feed

    def compose(self) -> ComposeResult:
        yield from self.compose_top()
        yield Static("", id="feed-info", markup=False)
        yield ListTable(self.COLUMNS, id="settings")
        yield from self.compose_bottom()

    @property
    def table(self) -> ListTable:
        return self.query_one("#settings", ListTable)

    def on_mount(self) -> None:
        self.set_title("Feeds", self.feed.name, "Details")
        self.reload()

    def reload(self) -> None:
        self.stale = False
        store, config = self.services.store, self.services.config
        feed = store.feed(self.feed.url) or self.feed
        lines = [
            f"URL: {feed.url}",
            f"Site: {feed.site_url or '-'}",
            f"Tags: {', '.join(feed.tags) or '-'}",
            f"Last updated: {long_date(feed.last_updated) or 'never'}",  # as the article's date reads
        ]
        if feed.last_error:
            lines.append(f"Last error: {explain(feed.last_error)}")
        self.query_one("#feed-info", Static).update(
            Content(display_lines("\n".join(lines)))  # raw lines, cleaned here (a display boundary)
        )
        resolver = SettingsResolver(config.feed_settings, config.tag_settings, store.stored_feed_settings())
        values = resolver.for_feed(feed.url, feed.tags).to_json()
        sources = resolver.sources(feed.url, feed.tags)
        rows: list[Row] = []
        for key in KEYS:
            value = values.get(key)
            shown = "" if value is None else str(value).lower() if isinstance(value, bool) else str(value)
            rows.append((key, [cell(key, "bold"), cell(shown), cell(sources.get(key, "default"), "dim")]))
        self.table.set_rows(rows, keep=self.table.current_key)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_edit()

    def action_edit(self) -> None:
        key = self.table.current_key
        if key is None:
            return

        def checked(text: str) -> None:
            if text:
                check_setting(key, parse_value(key, text))

        def done(text: str | None) -> None:
            if text is None:
                return
            value = check_setting(key, parse_value(key, text)) if text else None
            self.services.store.set_feed_setting(self.feed.url, key, value)
            self.api.set_status(f"{key}: {'cleared' if value is None else value}")
            self.reload()

        hint = KEYS[key][1] + " (empty: clear)"
        title = f"{key} for {self.feed.name}"
        self.app.push_screen(CheckedPrompt(title, hint, check=check_with(checked)), done)

    def action_close(self) -> None:
        self.dismiss()


class HookActions(BaseScreen):
    """`|` pipe and `B` bookmark for a screen that shows an `article` (the article screen's base)."""

    article: Article | None = None

    def action_pipe(self) -> None:
        article = self.article
        if article is None:
            return
        hooks = self.services.config.hooks
        fmt = (hooks.get("pipe_format") or ["text"])[0]
        kind: Format = next((f for f in FORMATS if f == fmt), "text")
        self._run(lambda: pipe_article(hooks, article, kind), "Piped")

    def action_bookmark(self) -> None:
        article = self.article
        if article is None:
            return
        hooks = self.services.config.hooks
        self._run(lambda: bookmark(hooks, article.url, article.title, article.site_name), "Bookmarked")

    def _run(self, call: Callable[[], HookResult], done: str) -> None:
        """Hooks may take seconds (up to their timeout): run them off the event loop."""

        async def work() -> None:
            try:
                result = await asyncio.to_thread(call)
            except NewsreaderError as err:
                self.api.set_status(err.message, error=True)
                return
            self.api.set_status(f"{done}: {result.output}" if result.output else f"{done} ({result.command})")

        self.run_worker(work(), group="hook")
