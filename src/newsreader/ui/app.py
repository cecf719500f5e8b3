"""The Textual app: thin on purpose. Screens do the work; this wires services, keys, refresh and status.

`create_app` is the one factory: `run.py` (the `newsreader` and `newsreader demo` commands) and the tests
build the app through it, so what is tested is what runs.
"""

from __future__ import annotations

from textual.app import App
from textual.reactive import reactive
from textual.screen import Screen

from newsreader.config import Config
from newsreader.fetch import Fetcher
from newsreader.models import Entry
from newsreader.store import Store
from newsreader.text import clean_line
from newsreader.ui.browser import open_url
from newsreader.ui.commands import NewsreaderCommands
from newsreader.ui.keys import GLOBAL_BINDINGS, split_keymap
from newsreader.ui.refresher import Refresher
from newsreader.ui.screens.base import BaseScreen
from newsreader.ui.screens.feeds import FeedsScreen
from newsreader.ui.screens.headlines import HeadlinesScreen, Source
from newsreader.ui.screens.help import HelpScreen
from newsreader.ui.screens.history import HistoryScreen
from newsreader.ui.screens.search import SearchScreen
from newsreader.ui.services import Services
from newsreader.ui.widgets.status import Progress, StatusMessage


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

    def get_default_screen(self) -> Screen[None]:
        return FeedsScreen()

    def on_mount(self) -> None:
        config = self.services.config
        if config.theme in self.available_themes:
            self.theme = config.theme
        else:
            message = f"config.toml: unknown theme {config.theme!r}"
            self.notify(message, severity="warning", markup=False)
        keymap, unknown = split_keymap(config.keymap)
        self.set_keymap(keymap)
        if unknown:
            names = ", ".join(unknown)
            message = f"config.toml [keymap]: no binding has the id {names} (see ? for the ids)"
            self.notify(message, title="Keymap", severity="error", timeout=10, markup=False)
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

    def set_status(self, message: str, error: bool = False) -> None:
        self.status = StatusMessage(clean_line(message, max_len=300), error) if message else None

    def open_in_browser(self, url: str) -> None:
        problem = open_url(self, url, self.services.config.browser)
        if problem:
            self.set_status(problem, error=True)
        else:
            self.set_status(f"Opened in the browser: {clean_line(url, max_len=200)}")

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
