"""The core objects the screens use, bundled once per app, and the app API screens may call.

Screens reach the app through the `AppApi` protocol rather than importing `app.py`, which keeps the import
graph one-directional (app -> screens) and lets a screen be tested against any app that provides it.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from newsreader.articles import ArticleService
from newsreader.config import Config
from newsreader.errors import NewsreaderError
from newsreader.fetch import Fetcher
from newsreader.models import Entry
from newsreader.store import Store

if TYPE_CHECKING:
    from collections.abc import Callable

    from newsreader.ui.refresher import Refresher
    from newsreader.ui.undo import Change

IMAGE_ACCEPT = "image/png, image/jpeg, image/gif, image/webp;q=0.9, */*;q=0.1"
MAX_IMAGE = 5 * 1024 * 1024


class ImageCache:
    """Image bytes fetched through the core Fetcher (same limits and URL policy), kept in memory (LRU)."""

    def __init__(self, fetcher: Fetcher, max_items: int = 64) -> None:
        self.fetcher = fetcher
        self.max_items = max_items
        self._items: OrderedDict[str, bytes | None] = OrderedDict()

    async def get(self, url: str) -> bytes | None:
        """The image at `url`, or None when it cannot be fetched (a failed image is not retried)."""
        if url in self._items:
            self._items.move_to_end(url)
            return self._items[url]
        try:
            data: bytes | None = (
                await self.fetcher.get(url, accept=IMAGE_ACCEPT, max_bytes=MAX_IMAGE)
            ).content
        except NewsreaderError:
            data = None
        self._items[url] = data
        while len(self._items) > self.max_items:
            self._items.popitem(last=False)
        return data


@dataclass
class Services:
    """Everything a screen needs from the core; one instance per app."""

    store: Store
    config: Config
    fetcher: Fetcher
    articles: ArticleService = field(init=False)
    images: ImageCache = field(init=False)

    def __post_init__(self) -> None:
        self.articles = ArticleService(self.store, self.fetcher)
        self.images = ImageCache(self.fetcher)

    @property
    def home(self) -> Path:
        """The home directory (where the database lives; downloads go under it)."""
        return self.store.home

    async def aclose(self) -> None:
        await self.fetcher.aclose()


class AppApi(Protocol):
    """What screens may ask of the app (implemented by `NewsreaderApp`)."""

    services: Services
    refresher: Refresher

    def data_changed(self) -> None:
        """Entries or feeds changed (refresh, mark read): every screen re-reads what it shows."""

    def entry_changed(self, entry: Entry) -> None:
        """One entry's read/starred state changed: lists update that row in place."""

    def show_counts(self, counts: tuple[int, int, int]) -> None:
        """(entries, unread, starred) a screen has just read from the store: the status line shows them,
        so it agrees with the list beside it when another program (`mark`, a sync) changed the state."""

    def open_in_browser(self, url: str) -> None:
        """Hand a http(s) URL to the configured browser (anything else is refused)."""

    def open_outside(self, url: str, what: str = "", *, player: bool = False) -> None:
        """Hand a http(s) URL to the configured player (`player`: audio or video, when one is set) or else
        the browser; the status line says which opened `what`, or why it could not."""

    def set_status(
        self,
        message: str,
        error: bool = False,
        *,
        everywhere: bool = False,
        keys: str = "",
        lasting: bool = False,
    ) -> None:
        """Show a one-line message for a few seconds in the status line of the current screen; `keys` (a
        key hint such as "(^z undoes)") follows it and stays whole when a narrow window cuts the line.
        A `lasting` message (work in progress: "Opening …") stays until the next one replaces it."""

    def record(self, change: Change) -> None:
        """A change the reader may undo: remembered, and said in the status line."""

    def confirm(self, question: str, then: Callable[[], None]) -> None:
        """Ask a yes/no question; `then` runs on yes."""

    def show_help(self) -> None: ...
