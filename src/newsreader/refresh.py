"""The refresh pipeline: fetch, parse and store many feeds concurrently, yielding one result per feed.

Results are values (lemon24/reader's habit): one bad feed is a `FeedResult` with an error, never an exception
that stops the batch. The CLI's progress bar and the TUI's indicator both consume the same stream.
Each feed is written in one transaction (a worker's batch of feeds in one), so an interrupted refresh leaves
every feed updated or untouched.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import multiprocessing
import os
import pickle
import time
from collections.abc import AsyncIterator, Iterable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import AbstractContextManager
from dataclasses import dataclass
from functools import partial
from itertools import zip_longest
from pathlib import Path
from typing import Literal

from newsreader import feeds  # its parts are imported when first used: a 304 parses nothing
from newsreader.config import Config
from newsreader.errors import FeedError, NewsreaderError, NotAPageError, UsageError
from newsreader.fetch import Fetcher, HTTPStatusError, Response
from newsreader.fetch.client import PARKED, file_type
from newsreader.fetch.content_encoding import decode_body
from newsreader.models import Feed, ParsedFeed
from newsreader.rules import RefreshPolicy
from newsreader.store import FeedState, FeedWrite, Store
from newsreader.text import SHORT, shorten
from newsreader.urls import host_of

FEED_ACCEPT = (
    "application/atom+xml, application/rss+xml, application/feed+json, application/xml;q=0.9,"
    " text/xml;q=0.9, */*;q=0.5"
)
# updated: new bytes parsed and stored; unchanged: 304 or the same bytes; skipped: the server asked to wait.
Status = Literal["updated", "unchanged", "error", "skipped"]
log = logging.getLogger(__name__)
# Below this many feeds a worker process costs more to start than it saves.
POOL_THRESHOLD = 64
# Worker processes for parsing and storing: one per core (the fetching process mostly waits on the
# network), at most this many (they take turns to write: SQLite has one writer at a time).
MAX_WORKERS = 4


@dataclass(slots=True, frozen=True)
class FeedResult:
    url: str
    status: Status
    new: int = 0
    error: str | None = None
    note: str | None = None  # a notice that is not a failure (entries past refresh.max_items were cut)

    @property
    def ok(self) -> bool:
        return self.status != "error"


def body_hash(data: bytes) -> str:
    """The hash of a body as sent; a gzip header's timestamp (bytes 4-7, set anew by servers that compress
    each answer) is left out, so the same feed compressed again is still the same bytes."""
    digest = hashlib.blake2b(digest_size=16)
    if data[:2] == b"\x1f\x8b" and len(data) > 10:
        digest.update(data[:4])
        digest.update(memoryview(data)[8:])
    else:
        digest.update(data)
    return digest.hexdigest()


async def refresh(
    store: Store,
    config: Config,
    urls: Iterable[str] | None = None,
    *,
    force: bool = False,
    fetcher: Fetcher | None = None,
) -> AsyncIterator[FeedResult]:
    """Refresh the given feeds (all when None), yielding each result as it finishes.

    Feeds whose server asked us to wait (Retry-After, Cache-Control max-age) are skipped unless `force`.
    """
    states = _interleave_hosts(store.feed_states(urls))
    own = fetcher is None
    fetcher = fetcher or Fetcher(config)
    now = time.time()
    due = {s.id for s in states if force or s.next_update <= now}
    policy = RefreshPolicy(store, config)  # kill rules and per-feed settings (issue 11)
    ingest = _Ingest(store, policy, config, len(due))
    if sum(1 for s in states if s.id in due and s.body_hash is None) >= POOL_THRESHOLD:
        ingest.start()  # feeds never fetched are all parsed: the workers start with the first requests
    try:
        # Downloads outrun parsing and storing: a bound on the feeds in flight, each from its request until
        # its body is stored, bounds the bodies held in memory. It leaves room for every request the fetcher
        # may have in motion (`jobs`, and as many parked ones: those that never answer hold no place another
        # feed needs) besides 2 x `jobs` bodies being stored.
        slots = asyncio.Semaphore((1 + PARKED + 2) * max(config.jobs, 1))
        unchanged = _UnchangedFeeds(store)
        tasks = [
            asyncio.create_task(_one(slots, store, fetcher, ingest, unchanged, s, s.id in due, policy))
            for s in states
        ]
        try:
            for next_done in asyncio.as_completed(tasks):
                yield await next_done
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await unchanged.flush()
    finally:
        ingest.close()
        if own:
            await fetcher.aclose()


class _UnchangedFeeds:
    """Unchanged feeds written in batches, one transaction for many (a thread hop and a transaction per feed
    were a tenth of a refresh where nothing changed). Only validators and times are written, so a batch
    lost to a crash costs one unconditional request next time, never an entry or its state."""

    BATCH = 100

    def __init__(self, store: Store) -> None:
        self.store = store
        self.pending: list[tuple[int, float, str | None, str | None]] = []

    async def add(self, feed_id: int, next_update: float, response: Response) -> None:
        self.pending.append((feed_id, next_update, response.etag, response.last_modified))
        if len(self.pending) >= self.BATCH:
            await self.flush()

    async def flush(self) -> None:
        batch, self.pending = self.pending, []
        if batch:
            await asyncio.to_thread(self.store.record_unchanged_many, batch)


def _interleave_hosts(states: list[FeedState]) -> list[FeedState]:
    """One feed of each host in turn: the feeds in flight then spread over hosts, and the many feeds of one
    host do not take every place in the queue while other hosts wait."""
    by_host: dict[str, list[FeedState]] = {}
    for state in states:
        by_host.setdefault(host_of(state.url), []).append(state)
    rounds = zip_longest(*by_host.values())
    return [state for turn in rounds for state in turn if state is not None]


@dataclass(slots=True, frozen=True)
class _Changed:
    """A feed whose bytes changed, on its way to be parsed and stored; plain values, so that it can go to a
    worker process as it is (the body still compressed as sent: a third of the decoded size)."""

    feed_id: int
    url: str  # as subscribed: the rules and settings are the subscription's
    final_url: str  # after redirects: the base of relative links
    body: bytes
    coding: str | None
    limit: int
    headers: dict[str, str]
    etag: str | None
    last_modified: str | None
    digest: str
    next_update: float


@dataclass(slots=True, frozen=True)
class _Stored:
    entries: int  # read from the document (after drop rules)
    new: int
    note: str | None


def _parse_job(policy: RefreshPolicy, max_items: int | None, job: _Changed) -> ParsedFeed:
    """Decode and parse one changed feed, its drop rules applied."""
    content = decode_body(job.body, job.coding, job.limit) if job.coding else job.body
    parsed = feeds.parse_feed(content, job.final_url, job.headers, max_items=max_items)
    return policy.before_store(job.url, parsed)


def _store_job(store: Store, policy: RefreshPolicy, job: _Changed, parsed: ParsedFeed) -> _Stored:
    """Store one parsed feed (one transaction) and apply its hide rules and settings."""
    with store.transaction():
        write = _write(job, parsed)
        new = store.store_feed(
            write.feed_id,
            parsed,
            etag=write.etag,
            last_modified=write.last_modified,
            body_hash=write.body_hash,
            next_update=write.next_update,
        )
        return _after_store(policy, job, parsed, new)


def _write(job: _Changed, parsed: ParsedFeed) -> FeedWrite:
    body_hash = stored_hash(job.digest, parsed)
    return FeedWrite(job.feed_id, parsed, job.etag, job.last_modified, body_hash, job.next_update)


def _after_store(policy: RefreshPolicy, job: _Changed, parsed: ParsedFeed, new: int) -> _Stored:
    """A stored feed's hide rules and settings applied; what became of it."""
    if policy.acts_after_store(job.url):
        policy.after_store(job.feed_id, job.url)
    return _Stored(len(parsed.entries), new, cap_note(parsed))


def _ingest(store: Store, policy: RefreshPolicy, max_items: int | None, job: _Changed) -> _Stored:
    """Decode, parse and store one changed feed (one transaction), applying its rules and settings."""
    return _store_job(store, policy, job, _parse_job(policy, max_items, job))


# What became of one feed of a batch: stored, or the error it raised (raised again for that feed alone).
_Outcome = _Stored | Exception


def _ingest_batch(
    store: Store,
    policy: RefreshPolicy,
    max_items: int | None,
    jobs: list[_Changed],
    writing: AbstractContextManager[object],
) -> list[_Outcome]:
    """`_ingest` for several feeds, stored in one transaction holding `writing` (the workers' shared turn).

    One commit for many feeds writes each page they share once (the time indexes, the search index)
    instead of once per feed. A feed that fails is that feed's error alone: one that does not parse is
    left out, and when the batch cannot be stored each feed is stored again in its own transaction."""
    outcomes: dict[int, _Outcome] = {}
    parsed: list[tuple[int, _Changed, ParsedFeed]] = []
    for i, job in enumerate(jobs):
        try:
            parsed.append((i, job, _parse_job(policy, max_items, job)))
        except Exception as err:  # noqa: BLE001 - the feed's own error, raised for it in the refresh
            outcomes[i] = err
    stored: dict[int, _Outcome]
    with writing:
        try:
            with store.transaction():
                news = store.store_feeds([_write(job, feed) for _, job, feed in parsed])
                stored = {
                    i: _after_store(policy, job, feed, new)
                    for (i, job, feed), new in zip(parsed, news, strict=True)
                }
        except Exception:  # noqa: BLE001 - which feed failed is found by storing each on its own
            stored = {}
            for i, job, feed in parsed:
                try:
                    stored[i] = _store_job(store, policy, job, feed)
                except Exception as err:  # noqa: BLE001 - as above
                    stored[i] = err
    outcomes.update(stored)
    return [_sendable(outcomes[i]) for i in range(len(jobs))]


def _sendable(outcome: _Outcome) -> _Outcome:
    """An outcome that survives the trip back to the refresh's process (an exception that cannot be
    pickled is sent as its type and words)."""
    if isinstance(outcome, Exception):
        try:
            pickle.loads(pickle.dumps(outcome))
        except Exception:  # noqa: BLE001 - any failure to round-trip
            return RuntimeError(f"{type(outcome).__name__}: {outcome}")
    return outcome


class _Ingest:
    """Where changed feeds are parsed and stored: in worker processes when the batch is big and there is a
    second core, else in a thread.

    Parsing and storing are CPU work in Python; in the refresh's own process the GIL serialises them with
    the HTTP client (and every handover slows the event loop), so a large refresh on two cores gives them
    to worker processes, each with its own connection to the store (SQLite serialises the writes). The
    refresh's process then only fetches. A free worker takes every changed feed that is waiting (at most
    BATCH, about BATCH_BYTES): one at a time while the workers keep up, several to one transaction when
    they fall behind, so a feed never waits for others to arrive.
    """

    BATCH = 16
    BATCH_BYTES = 4 * 1024 * 1024  # bodies as sent; the parsed feeds of a batch are held until stored

    def __init__(self, store: Store, policy: RefreshPolicy, config: Config, feeds: int) -> None:
        self.store = store
        self.policy = policy
        self.config = config
        self.max_items = config.max_items or None
        cores = os.cpu_count() or 1
        self.workers = min(cores, MAX_WORKERS) if feeds >= POOL_THRESHOLD and cores >= 2 else 0
        self.pool: Executor | None = None  # started with the first changed feed (none: no processes)
        self.starting: asyncio.Future[Executor] | None = None  # the pool being started in a thread
        self.waiting: list[tuple[_Changed, asyncio.Future[_Stored]]] = []
        self.busy = 0  # batches given to the workers and not finished
        self.closed = False

    async def __call__(self, job: _Changed) -> _Stored:
        if not self.workers:
            return await asyncio.to_thread(_ingest, self.store, self.policy, self.max_items, job)
        done: asyncio.Future[_Stored] = asyncio.get_running_loop().create_future()
        self.waiting.append((job, done))
        self._dispatch()
        return await done

    def _dispatch(self) -> None:
        """Give each free worker a batch of the feeds waiting (once the workers are up)."""
        if self.pool is None:
            self.start()
            return
        while self.waiting and self.busy < self.workers and not self.closed:
            size, count = 0, 0
            for job, _ in self.waiting[: self.BATCH]:
                size += len(job.body)
                count += 1
                if size >= self.BATCH_BYTES:
                    break
            batch, self.waiting = self.waiting[:count], self.waiting[count:]
            self.busy += 1
            run = asyncio.get_running_loop().run_in_executor(
                self.pool, _ingest_in_worker, [job for job, _ in batch]
            )
            run.add_done_callback(partial(self._finished, batch))

    def _finished(
        self, batch: list[tuple[_Changed, asyncio.Future[_Stored]]], run: asyncio.Future[list[_Outcome]]
    ) -> None:
        """Each feed of a finished batch gets its own outcome (all of them the batch's error, if it has
        one: a worker that died)."""
        self.busy -= 1
        failed = None if run.cancelled() else run.exception()
        for i, (_, done) in enumerate(batch):
            if done.done():
                continue  # the refresh stopped waiting for it
            if run.cancelled():
                done.cancel()
            elif failed is not None:
                done.set_exception(failed)
            elif isinstance(outcome := run.result()[i], Exception):
                done.set_exception(outcome)
            else:
                done.set_result(outcome)
        self._dispatch()

    def start(self) -> None:
        """Start the worker processes (unless they are started or not wanted) without holding up the
        event loop: starting them takes a quarter of a second (the process server, its imports, each
        worker's connection to the store), which the fetches in flight spent waiting when it ran in the
        loop. The feeds that arrive meanwhile wait, and go to the workers once they are up. A refresh
        starts them at once when many feeds were never fetched (they will all be parsed), else with the
        first changed feed (a refresh where nothing changed starts no process)."""
        if self.starting is None and self.workers and not self.closed:
            self.starting = asyncio.ensure_future(asyncio.to_thread(self._new_pool))
            self.starting.add_done_callback(self._started)

    def _new_pool(self) -> Executor:
        """A started pool (in a worker thread): each worker up, its store open."""
        context = multiprocessing.get_context("forkserver")
        # imported once in the server, not in each worker
        context.set_forkserver_preload([__name__, "newsreader.feeds.parse"])
        pool = ProcessPoolExecutor(
            self.workers,
            mp_context=context,
            initializer=_start_worker,
            initargs=(self.store.path, self.config, context.Lock()),
        )
        try:
            for ready in [pool.submit(_ready) for _ in range(self.workers)]:
                ready.result()
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        if self.closed:  # the refresh ended meanwhile
            pool.shutdown(wait=False, cancel_futures=True)
        return pool

    def _started(self, starting: asyncio.Future[Executor]) -> None:
        if starting.cancelled() or self.closed:
            if not starting.cancelled() and starting.exception() is None:
                starting.result().shutdown(wait=False, cancel_futures=True)
            return
        if (failed := starting.exception()) is not None:
            # As a pool that fails to start a batch: the feeds waiting get its error; the next feed
            # tries again.
            self.starting = None
            waiting, self.waiting = self.waiting, []
            for _, done in waiting:
                if not done.done():
                    done.set_exception(failed)
            return
        self.pool = starting.result()
        self._dispatch()

    def close(self) -> None:
        self.closed = True
        for _, done in self.waiting:
            done.cancel()
        self.waiting.clear()
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)


# A worker process's own store and policy, and the workers' turn to write (set by `_start_worker`).
_WORKER: tuple[Store, RefreshPolicy, int | None, AbstractContextManager[object]] | None = None


def _start_worker(path: Path, config: Config, writing: AbstractContextManager[object]) -> None:
    global _WORKER
    store = Store.open(path)
    _WORKER = (store, RefreshPolicy(store, config), config.max_items or None, writing)


def _ready() -> None:
    """Nothing: run once by each new worker, so that it is up (and its store open) before any feed."""


def _ingest_in_worker(jobs: list[_Changed]) -> list[_Outcome]:
    """`_ingest_batch` in a worker. The workers take turns to write through a lock they share: SQLite would
    make one wait by sleeping and polling (naps of 1 to 100 ms), the lock wakes it when the other is done."""
    assert _WORKER is not None, "the worker's initializer did not run"
    store, policy, max_items, writing = _WORKER
    return _ingest_batch(store, policy, max_items, jobs, writing)


async def _one(
    slots: asyncio.Semaphore,
    store: Store,
    fetcher: Fetcher,
    ingest: _Ingest,
    unchanged: _UnchangedFeeds,
    state: FeedState,
    due: bool,
    policy: RefreshPolicy,
) -> FeedResult:
    """One feed's result: every failure becomes a value, so one feed never stops the batch."""
    if not due:
        log.info("skipped %s: the server asked to wait until %s", state.url, time.ctime(state.next_update))
        return FeedResult(state.url, "skipped")
    try:
        async with slots:  # a place among the feeds in flight, from the request until the body is stored
            return await _update(store, fetcher, ingest, unchanged, state, policy)
    except HTTPStatusError as err:
        wait = f" (asked to wait until {time.ctime(err.retry_at)})" if err.retry_at else ""
        log.warning("failed %s: %s%s", state.url, err.message, wait)
        await asyncio.to_thread(store.record_error, state.id, err.message, err.retry_at or 0)
        return FeedResult(state.url, "error", error=err.message)
    except NewsreaderError as err:
        log.warning("failed %s: %s", state.url, err.message)
        await asyncio.to_thread(store.record_error, state.id, err.message)
        return FeedResult(state.url, "error", error=err.message)
    except Exception as err:  # noqa: BLE001 - a surprise in one feed must not stop the batch (a bug: say so)
        # Raw words, shortened: whoever shows them cleans them (explain(), the log).
        message = f"internal error: {type(err).__name__}: {shorten(str(err), SHORT)}"
        log.exception("failed %s: %s", state.url, message)
        return FeedResult(state.url, "error", error=message)


async def _update(
    store: Store,
    fetcher: Fetcher,
    ingest: _Ingest,
    unchanged: _UnchangedFeeds,
    state: FeedState,
    policy: RefreshPolicy,
) -> FeedResult:
    """Fetch one feed; parse and store it only when its bytes changed (each write one transaction)."""
    response = await fetcher.get(
        state.url,
        etag=state.etag,
        last_modified=state.last_modified,
        accept=FEED_ACCEPT,
        decode=False,
        user_agent=policy.user_agent(state.url),
    )
    next_update = policy.next_update(state.url, response.next_update(time.time()))
    # The hash of the bytes as sent: an unchanged feed is recognised without decompressing it.
    digest = None if response.status == 304 else body_hash(response.body)
    if digest is None or digest == state.body_hash:
        # A 304, or a server that ignored our validators but sent the same bytes: nothing to parse.
        log.info("unchanged %s: %s", state.url, "304" if digest is None else "the same bytes as before")
        await unchanged.add(state.id, next_update, response)
        return FeedResult(state.url, "unchanged")
    job = _Changed(
        state.id,
        state.url,
        response.url,
        response.body,
        response.coding,
        response.limit,
        dict(response.headers),
        response.etag,
        response.last_modified,
        digest,
        next_update,
    )
    stored = await ingest(job)
    log.info("updated %s: %d entries read, %d new", state.url, stored.entries, stored.new)
    return FeedResult(state.url, "updated", new=stored.new, note=stored.note)


async def _parse(response: Response, config: Config) -> ParsedFeed:
    """Decode and parse in a thread (zlib and lxml release the GIL); the parser gets the response headers
    (the Content-Type charset) and the entry cap of the config."""
    return await asyncio.to_thread(_decode_and_parse, response, config.max_items or None)


def _decode_and_parse(response: Response, max_items: int | None) -> ParsedFeed:
    return feeds.parse_feed(response.content, response.url, dict(response.headers), max_items=max_items)


def stored_hash(digest: str, parsed: ParsedFeed) -> str:
    """The body hash to remember: a feed cut at the cap never matches it, so the same bytes are parsed
    again next time (a raised refresh.max_items takes effect without waiting for the feed to change)."""
    return f"{digest}/cut" if parsed.dropped else digest


def cap_note(parsed: ParsedFeed) -> str | None:
    """The notice for a feed cut at refresh.max_items (None when nothing was cut)."""
    if not parsed.dropped:
        return None
    kept = len(parsed.entries)
    return (
        f"kept the first {kept} of {kept + parsed.dropped} entries"
        " (refresh.max_items in config.toml; 0 keeps all)"
    )


async def subscribe(
    store: Store,
    config: Config,
    url: str,
    *,
    title: str | None = None,
    tags: Iterable[str] = (),
    fetcher: Fetcher | None = None,
    notes: list[str] | None = None,
    also: Sequence[str] = (),
) -> tuple[Feed, int]:
    """Subscribe to a feed URL or to the first feed a page links to; store its entries at once.

    `also`: addresses tried in turn when no connection can be made to `url` (what a person typed as a
    bare host: https:// first, then http://, see `urls.typed_web_urls`).
    Returns the feed and how many entries it brought. Nothing is stored when the URL leads to no feed.
    Notices that are not failures (entries cut at refresh.max_items) are appended to `notes`.
    """
    own = fetcher is None
    fetcher = fetcher or Fetcher(config)
    try:
        response, url = await fetcher.get_first([url, *also], accept=FEED_ACCEPT, decode=False)
        parsed, feed_url, response = await _find_feed(fetcher, url, response)
    finally:
        if own:
            await fetcher.aclose()

    def first_entries(feed: Feed) -> tuple[Feed, int]:
        policy = RefreshPolicy(store, config)  # kill rules and settings apply from the first fetch
        new = store.store_feed(
            feed.id,
            policy.before_store(feed_url, parsed),
            etag=response.etag,
            last_modified=response.last_modified,
            body_hash=stored_hash(body_hash(response.body), parsed),
            next_update=policy.next_update(feed_url, response.next_update(time.time())),
        )
        policy.after_store(feed.id, feed_url)
        return feed, new

    # In a thread, as a refresh stores a feed: a big feed's first entries take longer than a frame.
    subscribe_here = partial(store.subscribe, feed_url, title=title, tags=list(tags), then=first_entries)
    feed, new = await asyncio.to_thread(subscribe_here)
    if notes is not None and (note := cap_note(parsed)):
        notes.append(note)
    return store.feed(feed_url) or feed, new


async def _find_feed(fetcher: Fetcher, url: str, response: Response) -> tuple[ParsedFeed, str, Response]:
    try:
        return await _parse(response, fetcher.config), url, response
    except FeedError:
        if (kind := file_type(response.headers)) is not None:  # a file: say so, not the XML error
            raise NotAPageError(f"not a feed: the address serves {kind}", kind) from None
        if not feeds.looks_like_html(response.content):
            raise
    candidates = feeds.discover_feeds(response.content, response.url)
    if not candidates:
        raise UsageError(f"{url}: no feed found (not a feed, and the page links none)")
    errors = []
    for candidate in candidates[:5]:
        try:
            found = await fetcher.get(candidate, accept=FEED_ACCEPT, decode=False)
            return await _parse(found, fetcher.config), candidate, found
        except NewsreaderError as err:
            errors.append(f"{candidate}: {err.message}")
    raise UsageError(f"{url}: the feeds the page links could not be read ({errors[0]})")
