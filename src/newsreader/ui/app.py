"""The Textual app: thin on purpose. Screens do the work; this wires services, keys, refresh and status.

`create_app` is the one factory: `run.py` (the `newsreader` and `newsreader demo` commands) and the tests
build the app through it, so what is tested is what runs.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from typing import Any

from textual.app import App, SystemCommand
from textual.notifications import SeverityLevel
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer

from newsreader.config import Config
from newsreader.errors import NewsreaderError
from newsreader.fetch import Fetcher
from newsreader.layout import display_line, display_lines
from newsreader.models import Entry
from newsreader.store import Store
from newsreader.text import NAME
from newsreader.ui.browser import open_url
from newsreader.ui.keyhints import key_of
from newsreader.ui.keys import GLOBAL_BINDINGS, keymap_clashes, split_keymap
from newsreader.ui.palette import NewsreaderCommands, system_commands
from newsreader.ui.refresher import Refresher
from newsreader.ui.screens.base import BaseScreen
from newsreader.ui.screens.confirm import ConfirmScreen
from newsreader.ui.screens.feeds import FeedsScreen
from newsreader.ui.screens.headlines import HeadlinesScreen
from newsreader.ui.screens.help import HelpScreen
from newsreader.ui.screens.history import HistoryScreen
from newsreader.ui.screens.search import SearchScreen
from newsreader.ui.services import Services
from newsreader.ui.source import Source
from newsreader.ui.textual_private import colourless
from newsreader.ui.undo import Change, UndoStack
from newsreader.ui.widgets.status import Progress, StatusLine, StatusMessage

STATUS_SECONDS = 6.0  # how long a message stays in the status line
ERROR_SECONDS = 12.0


class NewsreaderApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "newsreader"
    BINDINGS = GLOBAL_BINDINGS
    COMMANDS = App.COMMANDS | {NewsreaderCommands}
    ENABLE_COMMAND_PALETTE = True

    progress: reactive[Progress | None] = reactive(None, init=False)
    status: reactive[StatusMessage | None] = reactive(None, init=False)
    counts: reactive[tuple[int, int, int]] = reactive((0, 0, 0), init=False)

    def __init__(self, services: Services, *, refresh_on_start: bool = False) -> None:
        super().__init__()
        self.services = services
        self.refresher = Refresher(self)
        self.refresh_on_start = refresh_on_start
        self._status_timer: Timer | None = None
        self.undo = UndoStack()
        self._undoing = asyncio.Lock()
        if self.no_color:
            colourless(self)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        return system_commands(self, screen, super().get_system_commands(screen))

    def get_default_screen(self) -> Screen[None]:
        return FeedsScreen()

    def on_mount(self) -> None:
        config = self.services.config
        if config.theme in self.available_themes:
            self.theme = config.theme
        else:
            message = f"{config.path or 'config.toml'}: unknown theme {config.theme!r}"
            self.notify(message, severity="warning", markup=False)
        keymap, unknown = split_keymap(config.keymap)
        self.set_keymap(keymap)
        where = str(config.path or "config.toml")
        if unknown:
            names = ", ".join(unknown)
            message = f"{where} [keymap]: no binding has the id {names} (see ? for the ids)"
            self.notify(message, title="Keymap", severity="error", timeout=10, markup=False)
        if clashes := keymap_clashes(keymap):
            message = f"{where} [keymap]: " + "; ".join(clashes)
            self.notify(message, title="Keymap", severity="warning", timeout=10, markup=False)
        self.update_counts()
        if config.refresh_interval > 0:
            self.set_interval(config.refresh_interval * 60, self._timed_refresh)
        if self.refresh_on_start:
            self.refresher.start()

    async def on_unmount(self) -> None:
        await self.services.aclose()

    def _timed_refresh(self) -> None:
        if not self.refresher.running:
            self.refresher.start(force=False)

    # -- the AppApi the screens use ------------------------------------------------------------------

    def update_counts(self) -> None:
        self.counts = self.services.store.counts()

    def show_counts(self, counts: tuple[int, int, int]) -> None:
        self.counts = counts

    def data_changed(self) -> None:
        self.update_counts()
        current = self.screen
        for screen in self.screen_stack:
            if isinstance(screen, BaseScreen):
                screen.stale = True
        if isinstance(current, BaseScreen):
            current.reload()

    def entry_changed(self, entry: Entry) -> None:
        self.update_counts()
        for screen in self.screen_stack:
            if isinstance(screen, HeadlinesScreen):
                screen.entry_changed(entry)

    def set_status(
        self,
        message: str,
        error: bool = False,
        *,
        everywhere: bool = False,
        keys: str = "",
        lasting: bool = False,
    ) -> None:
        """Say `message` on the current screen's status line (on every screen if `everywhere`) for a few
        seconds (until the next message if `lasting`); an empty message clears the line. `message` is raw
        text (a feed's name, a server's error): the status line is a display boundary, so it is cleaned
        here and nowhere before. `keys`, a key hint, follows it and is what a narrow window keeps: the
        message is cut before it."""
        if self._status_timer is not None:
            self._status_timer.stop()
            self._status_timer = None
        if not message:
            self.status = None
            return
        owner = None if everywhere else id(self.screen)
        hint = display_line(keys)
        text = f"{display_line(message)} {hint}" if hint else display_line(message)
        self.status = StatusMessage(text, error, owner, keep=len(hint))
        seconds = ERROR_SECONDS if error else STATUS_SECONDS
        if error and any(not line.fits(text) for line in self.screen.query(StatusLine)):
            self.notify(text, severity="error", timeout=seconds)  # what went wrong, whole at 80 columns
        if not lasting:
            self._status_timer = self.set_timer(seconds, self._expire_status)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every toast (the app's and the screens') comes through here: its raw text is cleaned line by
        line, as the status line cleans its message (a display boundary), and is shown as written: never
        parsed as markup, whatever `markup` says (a screen's `notify` passes Textual's default, True)."""
        del markup  # toasts carry text from the web and the user: never markup
        title = display_line(title, NAME)
        super().notify(display_lines(message), title=title, severity=severity, timeout=timeout, markup=False)

    def _expire_status(self) -> None:
        self._status_timer = None
        self.status = None

    def record(self, change: Change) -> None:
        """A change was made: remember how to undo it and say what happened."""
        self.undo.push(change)
        self.set_status(change.description, keys=f"({key_of(self.screen, 'undo', prefer='ctrl+z')} undoes)")

    def confirm(self, question: str, then: Callable[[], None]) -> None:
        """Ask `question`; run `then` only on yes."""

        def answered(yes: bool | None) -> None:
            if yes:
                then()
            else:
                self.set_status("Nothing changed")

        self.push_screen(ConfirmScreen(question), answered)

    def open_in_browser(self, url: str) -> None:
        self.open_outside(url)

    def open_outside(self, url: str, what: str = "", *, player: bool = False) -> None:
        config = self.services.config
        setting = "player" if player and config.player else "browser"
        command = config.player if setting == "player" else config.browser
        problem = open_url(self, url, command, str(config.path or "config.toml"), setting)
        if problem:
            self.set_status(problem, error=True)
        else:
            self.set_status(f"Opened {what + ' ' if what else ''}in the {setting}: {url}")

    def show_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    # -- global actions --------------------------------------------------------------------------------

    async def action_back(self) -> None:
        """`q`: close the current screen; on the first screen, quit."""
        if len(self.screen_stack) <= 1:
            self.exit()
        else:
            self.screen.dismiss()

    def action_help(self) -> None:
        self.show_help()

    def action_undo(self) -> None:
        change = self.undo.pop()
        if change is None:
            self.set_status("Nothing to undo")
            return
        self.run_worker(self._undo(change), group="undo")

    async def _undo(self, change: Change) -> None:
        """In a thread: undoing "mark all read" or a removed feed writes as many rows as the change did.
        One at a time, in the order asked (the lock serves its waiters first come, first served)."""
        async with self._undoing:
            try:
                await asyncio.to_thread(change.revert)
            except NewsreaderError as err:
                self.set_status(f"Cannot undo: {err.message}", error=True)
                return
        self.data_changed()
        what = change.description
        self.set_status(f"Undone: {what[:1].lower()}{what[1:]}")

    def action_refresh_all(self) -> None:
        self.refresher.start()

    def action_history(self) -> None:
        if not isinstance(self.screen, HistoryScreen):
            self.push_screen(HistoryScreen())

    def action_search(self) -> None:
        def found(query: str | None) -> None:
            if query:
                self.push_screen(HeadlinesScreen(Source(f"Search: {query}", query=query)))

        self.push_screen(SearchScreen(), found)


def create_app(store: Store, config: Config, *, refresh_on_start: bool = False) -> NewsreaderApp:
    """The one way to build the app (run.py and tests): a Fetcher for pages, images and refresh."""
    return NewsreaderApp(Services(store, config, Fetcher(config)), refresh_on_start=refresh_on_start)
