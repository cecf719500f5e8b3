"""The sync tables on a real SQLite file: the v1 → v2 migration keeps data, the triggers queue only local
changes of server entries, server writes leave no queue rows, and the queue collapses in order."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from newsreader.store import Store
from newsreader.store.schema import APPLICATION_ID, MIGRATIONS
from newsreader.sync.engine import collapse
from newsreader.sync.records import RemoteEntry, RemoteFeed, RemoteState
from newsreader.urls import is_web_url
from tests.raw_db import raw_db


def test_a_version_1_database_gains_the_sync_tables_and_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[0])
    conn.execute("INSERT INTO feeds (url, added) VALUES ('http://example.com/f.xml', '2026-01-01')")
    conn.execute("PRAGMA user_version = 1")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.commit()
    conn.close()
    store = Store.open(path)
    assert [f.url for f in store.feeds()] == ["http://example.com/f.xml"]
    assert [s.url for s in store.feed_states()] == ["http://example.com/f.xml"]
    assert store.accounts() == []
    store.close()


def _setup(tmp_path: Path) -> tuple[Store, int, dict[str, int]]:
    store = Store.open(tmp_path / "db.sqlite")
    account = store.add_account("acct", "fever", "http://127.0.0.1:9/", "me", "command", "true")
    store.sync_feeds(account, [RemoteFeed("7", "http://example.com/a.xml", "A", None, ["Tech"])])
    entries = [
        RemoteEntry(str(i), "7", f"Story {i}", f"http://example.com/{i}", content="<p>x</p>") for i in (1, 2)
    ]
    assert store.store_remote_entries(account, entries, {"since_id": 2}) == 2
    local = store.add_feed("http://example.com/local.xml")
    with raw_db(store).tx() as conn:
        conn.execute(
            "INSERT INTO entries (feed_id, key, title, first_seen, sort_time)"
            " VALUES (?, 'k', 'Local', 'x', 'x')",
            (local.id,),
        )
    ids = {e.title: e.id for e in store.headlines(limit=10)}
    return store, account.id, ids


def test_only_local_changes_of_server_entries_are_queued(tmp_path: Path) -> None:
    store, account_id, ids = _setup(tmp_path)
    assert store.queue_length(account_id) == 0  # storing the server's entries queues nothing
    store.update_entry(ids["Local"], read=True)  # a local feed: nothing to send anywhere
    assert store.queue_length(account_id) == 0
    store.update_entry(ids["Story 1"], read=True)
    store.update_entry(ids["Story 1"], starred=True)
    store.update_entry(ids["Story 1"], read=False)
    store.update_entry(ids["Story 2"], starred=False)  # no change: no row
    changes = store.queued_changes(account_id)
    assert [(c.remote_id, c.field, c.value) for c in changes] == [
        ("1", "read", True), ("1", "starred", True), ("1", "read", False),
    ]  # fmt: skip
    groups = collapse(changes)
    assert {k: [c.remote_id for c in v] for k, v in groups.items()} == {
        ("read", False): ["1"], ("starred", True): ["1"],
    }  # fmt: skip
    store.close()


def test_server_state_skips_entries_with_queued_changes_and_queues_nothing(tmp_path: Path) -> None:
    store, account_id, ids = _setup(tmp_path)
    account = store.accounts()[0]
    store.update_entry(ids["Story 1"], starred=True)  # queued: the server's older view must not undo it
    changed = store.apply_remote_state(account, RemoteState(unread=set(), starred=set()))
    assert changed == 1  # Story 2 becomes read; Story 1 keeps its queued local state
    assert store.entry(ids["Story 1"]).starred is True  # type: ignore[union-attr]
    assert store.entry(ids["Story 1"]).read is False  # type: ignore[union-attr]
    assert store.entry(ids["Story 2"]).read is True  # type: ignore[union-attr]
    assert store.queue_length(account_id) == 1  # only the local change, none from the server's write
    # Feeds the server no longer lists go, with their entries and their queued changes; local feeds stay.
    store.sync_feeds(account, [])
    assert [f.url for f in store.feeds()] == ["http://example.com/local.xml"]
    assert store.queue_length(account_id) == 0
    store.close()


def test_a_long_server_feed_url_is_stored_whole(tmp_path: Path) -> None:
    """A feed URL as long as the URL policy accepts (3,000 characters here) is kept whole, never cut with
    "…": the store's URL limit is the one `is_web_url` applies; a taken URL still gains the account's name."""
    url = "https://news.example/feeds/" + "a" * (3000 - len("https://news.example/feeds/"))
    assert is_web_url(url) and len(url) == 3000
    store = Store.open(tmp_path / "db.sqlite")
    store.add_feed(url)
    account = store.add_account("acct", "fever", "http://127.0.0.1:9/", "me", "command", "true")
    store.sync_feeds(account, [RemoteFeed("7", url, "Long", None, [])])
    assert sorted(f.url for f in store.feeds()) == [url, f"{url}#account=acct"]
    store.close()
