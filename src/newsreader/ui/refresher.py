"""Background refresh and prefetch, driven by the core's `FeedResult` stream.

The refresh runs as an async worker on the app, so the UI never blocks: each result advances the progress
shown in the status line; lists are re-read at most once a second while it runs (and once at the end), and
the article being read is never touched. Failures become one notification (markup off: the reasons come
from servers) and the per-feed error mark that the Feeds list reads from the store.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from textual.notifications import SeverityLevel
from textual.worker import Worker

from newsreader.errors import NewsreaderError
from newsreader.failures import explain
from newsreader.hooks import run_after_refresh
from newsreader.refresh import FeedResult, refresh
from newsreader.refresh_run import RefreshRun
from newsreader.sitefetch import prefetch_links
from newsreader.ui.keyhints import bound_key
from newsreader.ui.widgets.status import Progress

if TYPE_CHECKING:
    from newsreader.ui.app import NewsreaderApp

RELOAD_EVERY = 1.0  # seconds between list reloads during a refresh
MAX_LISTED_FAILURES = 4


class Refresher:
    """Starts at most one refresh at a time; optional prefetch of unread articles afterwards."""

    def __init__(self, app: NewsreaderApp) -> None:
        self.app = app
        self.worker: Worker[None] | None = None
        self.pending: set[str] = set()  # feeds of the running refresh not yet done (the Feeds list marks)
        self.results: dict[str, FeedResult] = {}  # each feed's latest result in this session

    @property
    def running(self) -> bool:
        return self.worker is not None and not self.worker.is_finished

    def start(self, urls: Sequence[str] | None = None, *, force: bool = True) -> bool:
        """Start refreshing `urls` (all feeds when None); False if a refresh is already running."""
        if self.running:
            self.app.set_status("A refresh is already running")
            return False
        self.worker = self.app.run_worker(self._run(urls, force), group="refresh")
        return True

    async def _run(self, urls: Sequence[str] | None, force: bool) -> None:
        services = self.app.services
        synced = urls is None and await self._sync_accounts()
        states = services.store.feed_states(urls)
        total = len(states)
        if total == 0:
            if not synced:
                add = bound_key(self.app.screen, "add-feed")
                self.app.set_status("No feeds to refresh" + (f": press {add} to add one" if add else ""))
            return
        run = RefreshRun(total)
        last_id = services.store.last_entry_id()  # the after_refresh hook gets what comes after it
        self.app.progress = Progress(0, total)
        self.pending = {s.url for s in states}
        self.app.data_changed()
        last_reload = time.monotonic()
        try:
            async for result in refresh(
                services.store, services.config, urls, force=force, fetcher=services.fetcher
            ):
                run.add(result)
                self.pending.discard(result.url)
                self.results[result.url] = result
                self.app.progress = Progress(run.done, total, len(run.failures))
                if time.monotonic() - last_reload > RELOAD_EVERY:
                    last_reload = time.monotonic()
                    self.app.data_changed()
        except NewsreaderError as err:  # e.g. the store could not be written
            self.app.notify(err.message, title="Refresh failed", severity="error", markup=False)
        finally:
            self.app.progress = None
            self.pending = set()
        self.app.data_changed()
        self._report(run)
        self._notes(run.notes)
        await self._after_refresh_hook(last_id)
        self.app.run_worker(self._prefetch(services.config.prefetch), group="prefetch", exclusive=True)

    async def _after_refresh_hook(self, last_id: int) -> None:
        services = self.app.services
        try:
            await asyncio.to_thread(run_after_refresh, services.store, services.config, last_id)
        except NewsreaderError as err:
            self.app.notify(err.message, title="after_refresh hook", severity="error", markup=False)

    async def _sync_accounts(self) -> bool:
        """Refreshing everything syncs the server accounts first (queued read/star changes go out, the
        server's entries and state come in); False when there are none. Failures: one line per account."""
        from newsreader.sync.engine import sync_all

        services = self.app.services
        if not services.store.accounts():
            return False
        self.app.set_status("Syncing accounts…")
        results = [r async for r in sync_all(services.store, services.config, fetcher=services.fetcher)]
        self.app.data_changed()
        errors = [r.error for r in results if r.error]
        new = sum(r.new for r in results)
        self.app.set_status(f"Synced {len(results)} account(s): {new} new entries", error=bool(errors))
        if errors:
            lines = "\n".join(errors[:MAX_LISTED_FAILURES])
            self.app.notify(lines, title="Sync failed", severity="error", timeout=8, markup=False)
        return True

    def _report(self, run: RefreshRun) -> None:
        failures = run.failures
        self.app.set_status(run.short_summary(), error=bool(failures))
        if failures:
            title = f"{len(failures)} feed{'s' * (len(failures) != 1)} failed"
            self._list(failures, lambda f: explain(f.error or ""), title, "error")

    def _notes(self, notes: list[FeedResult]) -> None:
        """Notices that are not failures (a feed cut at refresh.max_items), one line per feed."""
        if notes:
            self._list(notes, lambda n: n.note or "", "Feeds cut", "warning")

    def _list(
        self, results: list[FeedResult], say: Callable[[FeedResult], str], title: str, severity: SeverityLevel
    ) -> None:
        """One notification, a line per feed (`name: what`), the first MAX_LISTED_FAILURES of them (raw
        text: the app's `notify` cleans each line)."""
        names = {f.url: f.name for f in self.app.services.store.feeds(counted=False)}
        lines = [f"{names.get(r.url, r.url)}: {say(r)}" for r in results[:MAX_LISTED_FAILURES]]
        if len(results) > MAX_LISTED_FAILURES:
            lines.append(f"… and {len(results) - MAX_LISTED_FAILURES} more")
        self.app.notify("\n".join(lines), title=title, severity=severity, timeout=8, markup=False)

    async def _prefetch(self, limit: int) -> None:
        """Fetch the full articles of the newest unread entries not yet cached, one at a time (which feeds:
        the global count and each feed's own `prefetch` setting, see `prefetch_links`)."""
        services = self.app.services
        links = await asyncio.to_thread(prefetch_links, services.store, services.config, limit)
        cached = services.store.cached_urls(links)
        for url in links:
            if url in cached:
                continue
            try:
                await services.articles.get(url)
            except NewsreaderError:
                continue  # a page that cannot be read now will be tried again when opened
