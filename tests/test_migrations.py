"""A database written by the first schema upgrades through every step with everything the user had kept."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from newsreader.store import Store
from newsreader.store.schema import APPLICATION_ID, MIGRATIONS, VERSION, _statements
from tests.raw_db import raw_db


def _version_1_database(path: Path) -> None:
    """What the first released schema wrote: feeds, read and starred entries, a cached article, a reading
    position and history, with the entries indexed for search as Store.store_feed did then."""
    db = sqlite3.connect(path, isolation_level=None)
    for statement in _statements(MIGRATIONS[0]):
        db.execute(statement)
    db.execute("PRAGMA user_version = 1")
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute(
        "INSERT INTO feeds (url, title, custom_title, tags, etag, added)"
        " VALUES ('https://old.example/rss', 'My name', 1, '[\"News\"]', 'W/\"1\"', '2026-01-01')"
    )
    for key, title, read, starred in (("a", "Harbour vote", 1, 0), ("b", "Seagrass returns", 0, 1)):
        db.execute(
            "INSERT INTO entries (feed_id, key, link, title, summary, read, starred, first_seen, sort_time)"
            " VALUES (1, ?, ?, ?, 'a summary', ?, ?, '2026-01-01', ?)",
            (key, f"https://old.example/{key}", title, read, starred, f"2026-01-0{1 + read}"),
        )
    db.execute("INSERT INTO entries_fts (rowid, title, summary) SELECT id, title, summary FROM entries")
    doc = {"title": "Seagrass returns", "text": "The meadow spread past the railings."}
    db.execute(
        "INSERT INTO articles (url, doc, fetched) VALUES ('https://old.example/b', ?, '2026-01-02')",
        (json.dumps(doc),),
    )
    db.execute("INSERT INTO positions (url, scroll, updated) VALUES ('https://old.example/b', 0.5, 'x')")
    db.execute("INSERT INTO history (url, title, visited) VALUES ('https://old.example/b', 'Seagrass', 'x')")
    db.close()


def test_a_version_1_database_upgrades_through_every_step_and_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _version_1_database(path)
    store = Store.open(path)
    assert raw_db(store).query("PRAGMA user_version")[0][0] == VERSION > 1
    assert raw_db(store).query("PRAGMA integrity_check")[0][0] == "ok"
    (feed,) = store.feeds()
    assert (feed.url, feed.title, feed.tags) == ("https://old.example/rss", "My name", ["News"])
    by_title = {e.title: e for e in store.headlines(limit=10)}
    assert {t: (e.read, e.starred, e.enclosures) for t, e in by_title.items()} == {
        "Harbour vote": (True, False, []),
        "Seagrass returns": (False, True, []),
    }
    assert [e.title for e in store.search("harbour")] == ["Harbour vote"]  # the old entry index
    assert [e.title for e in store.search("railings")] == ["Seagrass returns"]  # article text, by V2
    cached = store.get_article("https://old.example/b")
    assert cached is not None and cached[0]["text"] == "The meadow spread past the railings."
    assert store.get_position("https://old.example/b") == 0.5
    assert [h[0] for h in store.recent_history()] == ["https://old.example/b"]
    assert store.accounts() == []
    # local feeds' entries still change state as before, and queue nothing for a server
    store.update_entry(by_title["Seagrass returns"].id, read=True)
    assert store.entry(by_title["Seagrass returns"].id).read  # type: ignore[union-attr]
    assert raw_db(store).query("SELECT count(*) FROM sync_queue")[0][0] == 0
    store.close()
    Store.open(path).close()  # opening again runs no step twice


def test_every_step_runs_on_its_own_from_each_earlier_version(tmp_path: Path) -> None:
    """A database left at any intermediate version (an older release) upgrades to the newest."""
    for start in range(1, VERSION):
        path = tmp_path / f"v{start}.db"
        db = sqlite3.connect(path, isolation_level=None)
        for script in MIGRATIONS[:start]:
            for statement in _statements(script):
                db.execute(statement)
        db.execute(f"PRAGMA user_version = {start}")
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute("INSERT INTO feeds (url, added) VALUES ('https://old.example/rss', '2026-01-01')")
        db.close()
        store = Store.open(path)
        assert raw_db(store).query("PRAGMA user_version")[0][0] == VERSION
        assert [f.url for f in store.feeds()] == ["https://old.example/rss"]
        store.close()
