"""State is sacred: read, starred and reading position survive every kind of update of an entry, concurrent
processes and a crash mid-write. Feeds come from the loopback server through the real refresh pipeline."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from newsreader.config import Config
from newsreader.refresh import refresh
from newsreader.store import Store
from tests.raw_db import raw_db
from tests.server import LoopbackServer, Reply

ROOT = Path(__file__).resolve().parents[1]


def _rss(*items: str) -> bytes:
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>State</title><link>https://s.example/</link>'
        + "".join(items)
        + "</channel></rss>"
    ).encode()


def _item(title: str, link: str | None = None, guid: str | None = None, text: str = "Body.") -> str:
    parts = [f"<title>{title}</title>", f"<description>{text}</description>"]
    if link:
        parts.append(f"<link>{link}</link>")
    if guid:
        parts.append(f'<guid isPermaLink="false">{guid}</guid>')
    return "<item>" + "".join(parts) + "</item>"


async def _refresh(store: Store) -> None:
    async for result in refresh(store, Config(deadline=5.0)):
        assert result.ok, result.error


async def _serve(server: LoopbackServer, store: Store, body: bytes) -> None:
    server.routes["/feed"] = Reply(body)
    await _refresh(store)


def _mark(store: Store, title: str, *, position: float = 0.4) -> int:
    entry = next(e for e in store.headlines(limit=100) if e.title == title)
    store.update_entry(entry.id, starred=True)
    store.update_entry(entry.id, read=True)
    assert entry.link
    store.set_position(entry.link, position)
    return entry.id


def _assert_kept(store: Store, entry_id: int, *, title: str, position: float = 0.4) -> None:
    entries = store.headlines(limit=100)
    matching = [e for e in entries if e.title == title]
    assert [e.id for e in matching] == [entry_id], "one row for the story, the same one"
    entry = matching[0]
    assert entry.starred and entry.read
    assert entry.link and store.get_position(entry.link) == position


async def test_same_guid_changed_link_and_title_keeps_state(tmp_path: Path, server: LoopbackServer) -> None:
    store = Store.open(tmp_path / "db")
    store.add_feed(server.url("/feed"))
    await _serve(server, store, _rss(_item("First", "https://s.example/1", "g1"), _item("Other", guid="g2")))
    entry_id = _mark(store, "First")
    changed = _item("First, corrected", "https://s.example/1?v=2", "g1", text="New body.")
    await _serve(server, store, _rss(changed, _item("Other", guid="g2")))
    _assert_kept(store, entry_id, title="First, corrected")
    assert store.counts() == (2, 1, 1)


async def test_an_item_dropped_and_added_again_keeps_state(tmp_path: Path, server: LoopbackServer) -> None:
    store = Store.open(tmp_path / "db")
    store.add_feed(server.url("/feed"))
    kept = _item("Kept", "https://s.example/k", "k")
    await _serve(server, store, _rss(kept, _item("Plain", "https://s.example/p")))
    kept_id, plain_id = _mark(store, "Kept"), _mark(store, "Plain", position=0.7)
    await _serve(server, store, _rss(_item("Something else", "https://s.example/x", "x")))
    await _serve(server, store, _rss(kept, _item("Plain", "https://s.example/p")))
    _assert_kept(store, kept_id, title="Kept")
    _assert_kept(store, plain_id, title="Plain", position=0.7)


async def test_a_new_identity_for_the_same_story_keeps_state(tmp_path: Path, server: LoopbackServer) -> None:
    """A feed that starts sending guids, and an item without guid or link whose text was edited."""
    store = Store.open(tmp_path / "db")
    store.add_feed(server.url("/feed"))
    await _serve(server, store, _rss(_item("Linked", "https://s.example/l"), _item("Bare", text="v1")))
    linked_id = _mark(store, "Linked")
    bare = next(e for e in store.headlines() if e.title == "Bare")
    store.update_entry(bare.id, starred=True)
    await _serve(
        server, store, _rss(_item("Linked", "https://s.example/l", "urn:uuid:1"), _item("Bare", text="v2"))
    )
    _assert_kept(store, linked_id, title="Linked")
    assert [(e.id, e.starred) for e in store.headlines() if e.title == "Bare"] == [(bare.id, True)]
    assert store.entry_content(bare.id) == "v2"


async def test_different_stories_sharing_a_link_stay_apart(tmp_path: Path, server: LoopbackServer) -> None:
    """An aggregator that links every item to its home page: each guid is its own story."""
    store = Store.open(tmp_path / "db")
    store.add_feed(server.url("/feed"))
    await _serve(server, store, _rss(_item("Monday", "https://s.example/", "mon")))
    _mark(store, "Monday")
    await _serve(server, store, _rss(_item("Tuesday", "https://s.example/", "tue")))
    by_title = {e.title: e for e in store.headlines()}
    assert by_title["Monday"].starred and not by_title["Tuesday"].starred and not by_title["Tuesday"].read


_CHILD_REFRESH = """
import asyncio, sys
from pathlib import Path
from newsreader.config import Config
from newsreader.refresh import refresh
from newsreader.store import Store

async def main() -> None:
    store = Store.open(Path(sys.argv[1]))
    for _ in range(int(sys.argv[2])):
        async for result in refresh(store, Config(deadline=5.0), force=True):
            assert result.ok, result.error

asyncio.run(main())
"""


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), str(ROOT), env.get("PYTHONPATH", "")])
    return env


async def test_state_set_while_another_process_refreshes_is_kept(
    tmp_path: Path, server: LoopbackServer
) -> None:
    versions = [
        _rss(*(_item(f"Story {i} v{v}", f"https://s.example/{i}/{v}", f"g{i}") for i in range(40)))
        for v in range(2)
    ]
    count = {"n": 0}

    def alternate(h: object) -> None:  # every request gets the other version: every refresh rewrites all
        count["n"] += 1
        from tests.server import _send

        _send(h, Reply(versions[count["n"] % 2], conditional=False))  # type: ignore[arg-type]

    server.routes["/feed"] = alternate
    db = tmp_path / "db"
    store = Store.open(db)
    store.add_feed(server.url("/feed"))
    await _refresh(store)
    ids = sorted(e.id for e in store.headlines(limit=100))
    child = subprocess.Popen([sys.executable, "-c", _CHILD_REFRESH, str(db), "15"], env=_child_env())
    try:
        for i, entry_id in enumerate(ids):  # star, read and unstar while the other process rewrites
            store.update_entry(entry_id, starred=i % 2 == 0)
            store.update_entry(entry_id, read=i % 3 == 0)
    finally:
        assert child.wait(timeout=120) == 0
    assert count["n"] >= 10
    after = {e.id: e for e in store.headlines(limit=100)}
    assert sorted(after) == ids
    assert all(after[i].starred == (n % 2 == 0) and after[i].read == (n % 3 == 0) for n, i in enumerate(ids))


_CHILD_CRASH = """
import sys, time
from pathlib import Path
from newsreader.models import ParsedEntry, ParsedFeed
from newsreader.store import Store

store = Store.open(Path(sys.argv[1]))

def trace(sql: str) -> None:  # stop forever in the middle of the feed's transaction
    if sql.lstrip().startswith("INSERT INTO entries_fts"):
        print("inside", flush=True)
        time.sleep(600)

store._db.conn.set_trace_callback(trace)  # a test's child process
entries = [
    ParsedEntry(key=f"g{i}", title=f"Rewritten {i}", link=f"https://s.example/new/{i}") for i in range(500)
]
store.store_feed(1, ParsedFeed("Rewritten", None, entries), etag=None, last_modified=None,
                 body_hash="x", next_update=0)
"""


async def test_a_crash_mid_write_loses_nothing(tmp_path: Path, server: LoopbackServer) -> None:
    store = Store.open(tmp_path / "db")
    store.add_feed(server.url("/feed"))
    await _serve(
        server, store, _rss(*(_item(f"Story {i}", f"https://s.example/{i}", f"g{i}") for i in range(5)))
    )
    entry_id = _mark(store, "Story 3")
    child = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(_CHILD_CRASH), str(tmp_path / "db")],
        env=_child_env(),
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "inside"
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    store.close()
    store = Store.open(tmp_path / "db")  # recovers the WAL: the half-written transaction is gone
    assert raw_db(store).query("PRAGMA integrity_check")[0][0] == "ok"
    _assert_kept(store, entry_id, title="Story 3")
    assert store.counts() == (5, 4, 1)
    assert not store.search("Rewritten")
