"""The Add dialog: a feed URL, a page URL (the feed it links is found), or an OPML file to import."""

from __future__ import annotations

import asyncio
from functools import partial
from pathlib import Path
from typing import cast

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from newsreader.errors import NewsreaderError, UsageError
from newsreader.failures import describe_failure
from newsreader.layout import display_line
from newsreader.paths import read_user_file
from newsreader.refresh import subscribe
from newsreader.subscriptions import import_opml, import_summary
from newsreader.text import SHORT
from newsreader.ui.keys import DIALOG_BINDINGS
from newsreader.ui.services import AppApi
from newsreader.urls import typed_web_urls


class AddFeedScreen(ModalScreen[None]):
    BINDINGS = DIALOG_BINDINGS

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("Add a feed", id="dialog-title")
            yield Input(placeholder="Feed or web page URL, or the path of an OPML file", id="target")
            yield Input(placeholder="Tags, comma separated (optional)", id="tags")
            accounts = [a.name for a in self.api.services.store.accounts()]
            if accounts:  # server accounts: the feed can be added on one of them instead of locally
                hint = f"Server account ({', '.join(accounts)}), or empty for a local feed"
                yield Input(placeholder=display_line(hint, SHORT), id="account")
            yield Static("", id="dialog-message", markup=False)
            with Horizontal(id="dialog-buttons"):
                yield Button("Add", variant="primary", id="add")
                yield Button("Cancel", id="cancel")

    @property
    def api(self) -> AppApi:
        return cast(AppApi, self.app)

    def say(self, text: str, error: bool = False) -> None:
        """The dialog's message line: raw text (a server's error, a feed's name), cleaned here."""
        message = self.query_one("#dialog-message", Static)
        message.set_class(error, "error")
        message.update(Content(display_line(text)))

    def action_cancel(self) -> None:
        self.dismiss()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "cancel":
            self.dismiss()
        else:
            self.submit()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.submit()

    def submit(self) -> None:
        target = self.query_one("#target", Input).value.strip()
        tags = [t.strip() for t in self.query_one("#tags", Input).value.split(",") if t.strip()]
        path = Path(target).expanduser()
        urls = [] if not target or path.is_file() else typed_web_urls(target)  # a file here is the OPML
        if not target:
            self.say("Type a URL or a file path first", error=True)
        elif urls and (account := self._account()):
            self.say(f"Subscribing on {account}…")
            self.subscribe_on_server(account, urls[0], tags)
        elif urls:
            self.say("Looking for the feed…")
            self.subscribe(urls, tags)
        else:
            self.import_opml(path, tags)

    @work(exclusive=True, group="add-feed")
    async def subscribe(self, urls: list[str], tags: list[str]) -> None:
        url, *also = urls
        services = self.api.services
        known = {f.url for f in services.store.feeds(counted=False)}
        notes: list[str] = []
        try:
            feed, new = await subscribe(
                services.store,
                services.config,
                url,
                tags=tags,
                fetcher=services.fetcher,
                notes=notes,
                also=also,
            )
        except NewsreaderError as err:
            self.say(describe_failure(url, err.message, verb="Cannot add"), error=True)
            return
        name = feed.name
        if feed.url in known:
            message = f"Already subscribed to {name}" + (
                f" (tags now: {', '.join(feed.tags)})" if tags else ""
            )
        else:
            message = f"Subscribed to {name}: {new} entr{'y' if new == 1 else 'ies'}"
        message = "\n".join([message, *notes])
        self.app.notify(message, markup=False)
        self.api.data_changed()
        self.dismiss()

    def _account(self) -> str:
        fields = self.query("#account")
        return fields.first(Input).value.strip() if fields else ""

    @work(exclusive=True, group="add-feed")
    async def subscribe_on_server(self, name: str, url: str, tags: list[str]) -> None:
        """On a server account the server subscribes (and fetches); a sync brings the feed here."""
        from newsreader.sync.engine import subscribe_on_server

        services = self.api.services
        try:
            account = services.store.account(name)
            if account is None:
                raise UsageError(f"no account named {name!r}")
            result = await subscribe_on_server(
                services.store, services.fetcher, account, url, tags[0] if tags else None
            )
        except NewsreaderError as err:
            self.say(err.message, error=True)
            return
        self.api.data_changed()
        if result.error:
            self.say(result.error, error=True)
            return
        self.app.notify(f"Subscribed on {name}: {result.new} new entries", markup=False)
        self.dismiss()

    @work(exclusive=True, group="add-feed")
    async def import_opml(self, path: Path, tags: list[str]) -> None:
        """In a thread: an OPML file of hundreds of feeds is subscribed to in one transaction."""
        try:
            if not path.exists():
                raise UsageError(f"{path}: not an http(s) URL, and no such file")
            store = self.api.services.store
            known = {f.url for f in store.feeds(counted=False)}
            data = read_user_file(path)
            urls, skipped = await asyncio.to_thread(partial(import_opml, store, data, str(path), tags=tags))
        except NewsreaderError as err:
            self.say(err.message, error=True)
            return
        added = [u for u in urls if u not in known]
        message = import_summary(len(added), len(urls) - len(added), len(skipped), path.name)
        self.app.notify(message, markup=False)
        self.api.data_changed()
        if added:
            self.api.refresher.start(added)
        self.dismiss()
