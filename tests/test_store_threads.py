"""The store shared by threads (real file, real threads): a read never waits for another thread's write
transaction, a transaction reads its own writes, read-only homes read, `close` closes every connection."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

from newsreader.errors import StoreError
from newsreader.models import Feed, ParsedEntry, ParsedFeed
from newsreader.query import parse_filter
from newsreader.store import Store

T = TypeVar("T")
URL = "https://x.example/feed"
HOLD = 20.0  # seconds a writer waits to be released; reaching it fails the test, never passes it


def _store(tmp_path: Path, n: int = 300) -> Store:
    store = Store.open(tmp_path / "db.sqlite")
    feed = store.add_feed(URL)
    entries = [
        ParsedEntry(key=f"k{i}", title=f"Story {i} kelp", link=f"https://x.example/{i}") for i in range(n)
    ]
    store.store_feed(
        feed.id,
        ParsedFeed("Feed", None, entries),
        etag=None,
        last_modified=None,
        body_hash="h",
        next_update=0,
    )
    return store


def _in_thread(fn: Callable[[], T]) -> T:
    """`fn()` on another thread, its result (or exception) here."""
    out: list[T] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            out.append(fn())
        except BaseException as err:
            errors.append(err)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(HOLD)
    assert not thread.is_alive(), "the read waited for the writer"
    if errors:
        raise errors[0]
    return out[0]


class _HeldWriter:
    """A thread inside `subscribe`'s transaction (a second feed written, uncommitted) until released."""

    def __init__(self, store: Store) -> None:
        self.inside, self.release = threading.Event(), threading.Event()
        self.seen: list[Feed | None] = []
        self.thread = threading.Thread(
            target=store.subscribe, args=("https://y.example/feed",), kwargs={"then": self._hold}
        )
        self.store = store

    def _hold(self, feed: Feed) -> None:
        self.seen.append(self.store.feed(feed.url))  # inside the transaction: its own write
        self.inside.set()
        self.release.wait(HOLD)

    def __enter__(self) -> _HeldWriter:
        self.thread.start()
        assert self.inside.wait(HOLD)
        return self

    def __exit__(self, *_: object) -> None:
        self.release.set()
        self.thread.join(HOLD)


def test_a_read_does_not_wait_for_another_threads_write_transaction(tmp_path: Path) -> None:
    store = _store(tmp_path)
    regex = parse_filter('title =~ "story 1[0-9]+"')
    with _HeldWriter(store) as writer:
        page = store.headlines(limit=200)  # on this thread, while the writer holds its transaction
        matches = store.count(filter=regex)  # the regexp function works on a read connection
        other = _in_thread(lambda: store.headlines(limit=200))  # and on another thread's
        assert writer.thread.is_alive() and not writer.release.is_set()  # the writer still holds it
        assert store.feed("https://y.example/feed") is None  # its write is not committed yet
        assert writer.seen and writer.seen[0] is not None  # ... but the transaction reads it
    assert not writer.thread.is_alive()
    assert len(page) == len(other) == 200
    assert matches == 10 + 100  # Story 10..19, 100..199
    assert store.feed("https://y.example/feed") is not None  # committed: the next read sees it at once
    store.close()


def test_a_read_sees_a_commit_from_another_thread_at_once(tmp_path: Path) -> None:
    store = _store(tmp_path, 10)
    assert store.counts()[1] == 10  # this thread's read connection is open now
    _in_thread(lambda: store.mark_read())
    assert store.counts()[1] == 0
    _in_thread(lambda: store.mark_read(read=False))
    assert store.counts()[1] == 10
    store.close()


def test_a_read_only_home_reads_on_every_thread(tmp_path: Path) -> None:
    _store(tmp_path, 20).close()
    store = Store.open(tmp_path / "db.sqlite", read_only=True)
    assert len(store.headlines(limit=50)) == 20
    assert _in_thread(lambda: store.count(filter=parse_filter('title =~ "kelp"'))) == 20
    with pytest.raises(StoreError):
        store.mark_read()
    store.close()


def _open_files(path: Path) -> int:
    """How many descriptors of this process point at the database file."""
    fds = Path("/proc/self/fd")
    return sum(1 for fd in fds.iterdir() if os.path.realpath(fd) == str(path.resolve()))


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")
def test_close_closes_every_connection_and_ended_threads_keep_none(tmp_path: Path) -> None:
    store = _store(tmp_path, 10)
    path = tmp_path / "db.sqlite"
    for _ in range(8):  # threads that read and end: their connections do not pile up
        _in_thread(lambda: store.headlines())
    assert _open_files(path) <= 3  # the write connection, this thread's and at most one ended thread's
    waiting, go, done = threading.Event(), threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def reader() -> None:  # a live thread with an open read connection, reading again after the close
        store.headlines()
        waiting.set()
        go.wait(HOLD)
        try:
            store.headlines()
        except StoreError as err:
            errors.append(err)
        done.set()

    thread = threading.Thread(target=reader)
    thread.start()
    assert waiting.wait(HOLD)
    store.headlines()
    store.close()
    assert _open_files(path) == 0
    go.set()
    assert done.wait(HOLD)
    thread.join(HOLD)
    assert len(errors) == 1 and "\n" not in str(errors[0])
    with pytest.raises(StoreError):
        store.headlines()
