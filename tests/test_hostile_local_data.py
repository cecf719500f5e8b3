"""Local data: concurrent instances, SIGKILL mid-refresh, damaged files, a full disk, an unusable home."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from newsreader.cli import main
from newsreader.errors import StoreError, UsageError
from newsreader.models import ParsedEntry, ParsedFeed
from newsreader.paths import ensure_home
from newsreader.store import Store
from tests.raw_db import raw_db
from tests.server import LoopbackServer, Reply, sleep_then

N_FEEDS = 20
PER_FEED = 30


def _feed(i: int) -> bytes:
    items = b"".join(
        b"<item><title>f%d item %d</title><guid>f%d-%d</guid><link>https://x.example/%d/%d</link></item>"
        % (i, n, i, n, i, n)
        for n in range(PER_FEED)
    )
    return b'<rss version="2.0"><channel><title>Feed %d</title>%s</channel></rss>' % (i, items)


def _subscribe_all(server: LoopbackServer, home: Path, delay: float) -> None:
    store = Store.open(ensure_home(home) / "newsreader.db")
    for i in range(N_FEEDS):
        server.routes[f"/f{i}"] = sleep_then(Reply(_feed(i)), delay)
        store.add_feed(server.url(f"/f{i}"))
    store.close()


def _refresh_process(home: Path, *extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "newsreader", "--home", str(home), "refresh", "--jobs", "4", *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def test_sigkill_mid_refresh_loses_at_most_that_refresh(server: LoopbackServer, home: Path) -> None:
    _subscribe_all(server, home, delay=0.15)
    proc = _refresh_process(home)
    db = home / "newsreader.db"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with sqlite3.connect(db, timeout=10) as conn:
            if conn.execute("SELECT count(*) FROM entries").fetchone()[0] >= 3 * PER_FEED:
                break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    store = Store.open(db)
    assert raw_db(store).query("PRAGMA integrity_check")[0][0] == "ok"
    per_feed = [f.total for f in store.feeds()]
    assert set(per_feed) <= {0, PER_FEED}, per_feed  # every feed fully written or untouched
    assert 3 <= per_feed.count(PER_FEED) < N_FEEDS


def test_two_instances_at_once_lose_nothing(server: LoopbackServer, home: Path) -> None:
    _subscribe_all(server, home, delay=0.0)
    assert main(["refresh", "--quiet"]) == 0
    store = Store.open(home / "newsreader.db")
    ids = [e.id for e in store.headlines(limit=N_FEEDS * PER_FEED)]
    for i in range(N_FEEDS):
        server.routes[f"/f{i}"] = sleep_then(Reply(_feed(i) + b" "), 0.05)  # changed bytes: full rewrite
    procs = [_refresh_process(home, "--quiet") for _ in range(2)]
    errors: list[BaseException] = []

    def mark() -> None:  # the TUI's part: read/star writes while others refresh
        try:
            for n, entry_id in enumerate(ids):
                store.update_entry(entry_id, read=True)
                if n % 10 == 0:
                    store.update_entry(entry_id, starred=True)
        except BaseException as err:  # pragma: no cover - reported below
            errors.append(err)

    thread = threading.Thread(target=mark)
    thread.start()
    outs = [p.communicate(timeout=60) for p in procs]
    thread.join(60)
    assert errors == []
    assert [p.returncode for p in procs] == [0, 0], outs
    assert store.counts() == (N_FEEDS * PER_FEED, 0, N_FEEDS * PER_FEED // 10)
    assert raw_db(store).query("PRAGMA integrity_check")[0][0] == "ok"


def test_truncated_database_gives_a_clear_error_and_is_kept(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ensure_home(home)
    store = Store.open(home / "newsreader.db")
    feed = store.add_feed("https://x.example/rss")
    entries = [ParsedEntry(key=str(i), title="t" * 200, summary="s" * 2000) for i in range(500)]
    store.store_feed(
        feed.id, ParsedFeed("F", None, entries), etag=None, last_modified=None, body_hash="h", next_update=0
    )
    raw_db(store).conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    db = home / "newsreader.db"
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 3])
    truncated = db.read_bytes()
    code = main(["headlines"])
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1 and "malformed" in err and "Traceback" not in err
    assert db.read_bytes() == truncated


def test_garbage_database_is_refused_and_kept(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ensure_home(home)
    db = home / "newsreader.db"
    db.write_bytes(os.urandom(8192))
    before = db.read_bytes()
    assert main(["feeds"]) == 1
    assert "damaged or not a newsreader database" in capsys.readouterr().err
    assert db.read_bytes() == before


def test_zero_byte_database_is_initialised(home: Path) -> None:
    ensure_home(home)
    (home / "newsreader.db").write_bytes(b"")
    assert main(["feeds", "--json"]) == 0


def test_full_disk_is_a_clear_error_and_keeps_data(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "db")
    feed = store.add_feed("https://x.example/rss")
    store.set_position("https://x.example/a", 5.0)
    pages = raw_db(store).query("PRAGMA page_count")[0][0]
    raw_db(store).conn.execute(f"PRAGMA max_page_count = {pages + 2}")  # the disk is now "full"
    big = [ParsedEntry(key=str(i), title="t", summary="s" * 4000) for i in range(200)]
    with pytest.raises(StoreError, match="full"):
        store.store_feed(
            feed.id, ParsedFeed("F", None, big), etag=None, last_modified=None, body_hash="h", next_update=0
        )
    assert store.counts() == (0, 0, 0)
    assert store.get_position("https://x.example/a") == 5.0


def test_unusable_home_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    afile = tmp_path / "file"
    afile.write_text("x")
    with pytest.raises(UsageError, match="not a directory"):
        ensure_home(afile)
    assert main(["--home", str(afile / "sub"), "feeds"]) == 2
    assert "cannot create home" in capsys.readouterr().err
    if os.geteuid() != 0:  # root can write anywhere; the check only means something for users
        ro = tmp_path / "ro"
        ro.mkdir(mode=0o500)
        with pytest.raises(UsageError, match="not writable"):
            ensure_home(ro)
