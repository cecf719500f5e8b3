"""The SQLite store on real files: migrations, refusals, state kept across updates, keyset pages, plans."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from newsreader.errors import StoreError
from newsreader.models import ParsedEntry, ParsedFeed
from newsreader.store import Store
from newsreader.store.schema import VERSION
from tests.raw_db import raw_db


def _parsed(n: int, prefix: str = "e", title: str = "T") -> ParsedFeed:
    entries = [
        ParsedEntry(
            key=f"{prefix}{i}",
            title=f"{title} {i}",
            link=f"https://x.example/{prefix}{i}",
            published=f"2026-10-{1 + i % 28:02d}T{i % 24:02d}:00:00+00:00",
            summary=f"summary {i} kelp" if i % 2 else f"summary {i}",
        )
        for i in range(n)
    ]
    return ParsedFeed("Feed", "https://x.example/", entries)


def _store(tmp_path: Path) -> Store:
    return Store.open(tmp_path / "db.sqlite")


def _write(store: Store, feed_id: int, parsed: ParsedFeed) -> int:
    return store.store_feed(
        feed_id, parsed, etag='"e"', last_modified=None, body_hash=str(id(parsed)), next_update=0
    )


def test_pragmas_and_version(tmp_path: Path) -> None:
    store = _store(tmp_path)
    conn = raw_db(store).conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA user_version").fetchone()[0] == VERSION
    assert conn.execute("PRAGMA application_id").fetchone()[0] != 0
    store.close()
    Store.open(tmp_path / "db.sqlite").close()  # reopening migrates nothing and works


def test_newer_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    _store(tmp_path).close()
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {VERSION + 5}")
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer newsreader"):
        Store.open(path)
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    "content", [b"this is not sqlite at all" * 100, b"SQLite format 3\x00" + b"\xff" * 50]
)
def test_garbage_file_is_refused_untouched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "db.sqlite"
    path.write_bytes(content)
    with pytest.raises(StoreError, match="damaged or not a newsreader database"):
        Store.open(path)
    assert path.read_bytes() == content


def test_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE mine (x)")
    with pytest.raises(StoreError, match="not a newsreader database"):
        Store.open(path)


def test_entries_keep_state_when_they_come_back(tmp_path: Path) -> None:
    store = _store(tmp_path)
    feed = store.add_feed("https://x.example/rss", tags=["news"])
    assert _write(store, feed.id, _parsed(5)) == 5
    first = store.headlines(limit=10)
    store.update_entry(first[0].id, read=True)
    store.update_entry(first[1].id, starred=True)
    assert _write(store, feed.id, _parsed(6, title="Changed")) == 1
    again = {e.id: e for e in store.headlines(limit=10)}
    assert again[first[0].id].read and again[first[0].id].title.startswith("Changed")
    assert again[first[1].id].starred
    assert store.counts() == (6, 5, 1)


def test_custom_title_survives_refresh(tmp_path: Path) -> None:
    store = _store(tmp_path)
    feed = store.add_feed("https://x.example/rss", title="Mine")
    _write(store, feed.id, _parsed(1))
    assert store.feeds()[0].title == "Mine"
    other = store.add_feed("https://y.example/rss")
    _write(store, other.id, _parsed(1, prefix="y"))
    assert store.feed("https://y.example/rss").title == "Feed"  # type: ignore[union-attr]


def test_keyset_pagination_walks_everything_once(tmp_path: Path) -> None:
    store = _store(tmp_path)
    feed = store.add_feed("https://x.example/rss")
    _write(store, feed.id, _parsed(130))
    seen, after = [], None
    while page := store.headlines(limit=25, after=after):
        seen += [e.id for e in page]
        after = (page[-1].sort_time, page[-1].id)
    assert len(seen) == len(set(seen)) == 130
    times = [store.entry(i).sort_time for i in seen]  # type: ignore[union-attr]
    assert times == sorted(times, reverse=True)


def test_headline_queries_use_indexes(tmp_path: Path) -> None:
    store = _store(tmp_path)
    sql = (
        "SELECT e.id FROM entries e JOIN feeds f ON f.id = e.feed_id WHERE {} "
        "ORDER BY e.sort_time DESC, e.id DESC LIMIT 50"
    )
    for where in ("1", "e.read = 0", "e.feed_id = 1", "(e.sort_time, e.id) < ('2026', 5)"):
        plan = " ".join(r[3] for r in raw_db(store).conn.execute("EXPLAIN QUERY PLAN " + sql.format(where)))
        assert "USE TEMP B-TREE" not in plan, (where, plan)


def test_search_and_mark_all_read(tmp_path: Path) -> None:
    store = _store(tmp_path)
    feed = store.add_feed("https://x.example/rss")
    _write(store, feed.id, _parsed(10))
    assert len(store.search("kelp")) == 5
    assert store.search('"unbalanced') == []  # quotes in a query are text, not syntax
    assert len(store.mark_read(feed_id=feed.id)) == 10
    assert store.counts()[1] == 0


def test_remove_feed_cascades(tmp_path: Path) -> None:
    store = _store(tmp_path)
    feed = store.add_feed("https://x.example/rss")
    _write(store, feed.id, _parsed(3))
    store.remove_feed("https://x.example/rss")
    assert store.counts() == (0, 0, 0)
    assert store.search("summary") == []


def test_articles_cache_and_positions(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.put_article(["https://a.example/1", "https://a.example/final"], {"url": "u", "title": "T"})
    assert store.get_article("https://a.example/final")[0]["title"] == "T"  # type: ignore[index]
    assert store.cached_urls(["https://a.example/1", "https://b.example/"]) == {"https://a.example/1"}
    store.set_position("https://a.example/1", 42.0)
    assert store.get_position("https://a.example/1") == 42.0


def test_duplicate_keys_in_one_feed_keep_the_first(tmp_path: Path) -> None:
    store = _store(tmp_path)
    feed = store.add_feed("https://x.example/rss")
    parsed = ParsedFeed(
        "F", None, [ParsedEntry("k", "alpha first"), ParsedEntry("j", "b"), ParsedEntry("k", "beta")]
    )
    assert _write(store, feed.id, parsed) == 2
    assert sorted(e.title for e in store.headlines()) == ["alpha first", "b"]
    assert [e.title for e in store.search("alpha")] == ["alpha first"]


def test_add_feed_sanitises_title_and_merges_tags(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.add_feed("https://x.example/rss", title="Evil\x1b]0;pwned\x07 feed", tags=["a\x01", "news"])
    feed = store.add_feed("https://x.example/rss", tags=["tech"])
    assert (feed.title, feed.tags) == ("Evil feed", ["a", "news", "tech"])


def test_several_feeds_in_one_transaction_store_and_index_as_one_by_one(tmp_path: Path) -> None:
    """`store_feeds` (a refresh worker's batch) leaves the rows, counts and search results that storing the
    feeds one by one leaves, also when a feed comes twice in a batch (its own new entries change before
    the batch's one index statement), and the search index stays consistent."""
    from dataclasses import replace

    from newsreader.store import FeedWrite

    def fill(store: Store, batched: bool) -> list[int]:
        feeds = [store.add_feed(f"https://f{n}.example/feed").id for n in range(3)]
        first = [(feeds[n], _parsed(5, prefix=f"f{n}-", title=f"Feed{n}")) for n in range(3)]
        second = replace(
            first[1][1], entries=[replace(e, title=e.title + " kelp") for e in first[1][1].entries]
        )
        writes = [*first, (feeds[1], second), (feeds[2], _parsed(6, prefix="f2-", title="Again"))]
        if batched:
            return store.store_feeds([FeedWrite(i, p, None, None, "h", 0) for i, p in writes])
        return [_write(store, i, p) for i, p in writes]

    Seen = tuple[list[tuple[object, ...]], dict[str, list[tuple[int, str]]], tuple[int, int, int]]

    def seen(store: Store) -> Seen:
        conn = raw_db(store).conn
        conn.execute("INSERT INTO entries_fts(entries_fts) VALUES ('integrity-check')")
        rows = conn.execute(
            "SELECT feed_id, key, title, summary, sort_time FROM entries ORDER BY feed_id, key"
        ).fetchall()
        found = {
            word: [(e.feed_id, e.title) for e in store.search(word)] for word in ("kelp", "Again", "Feed0")
        }
        return [tuple(r) for r in rows], found, store.counts()

    one_by_one, batched = Store.open(tmp_path / "a.sqlite"), Store.open(tmp_path / "b.sqlite")
    assert fill(one_by_one, batched=False) == fill(batched, batched=True) == [5, 5, 5, 0, 1]
    assert seen(one_by_one) == seen(batched)
    rows, found, _ = seen(batched)
    assert len(rows) == 16 and len(found["kelp"]) == 5 + 2 + 3  # f1 retitled; the odd summaries of f0 and f2
    assert sorted(title for _, title in found["Again"]) == [
        f"Again {i}" for i in range(6)
    ]  # retitled, one new


def test_a_failed_batch_stores_nothing(tmp_path: Path) -> None:
    from newsreader.store import FeedWrite

    store = _store(tmp_path)
    feed = store.add_feed("https://f.example/feed")
    with pytest.raises(StoreError):
        store.store_feeds(
            [
                FeedWrite(feed.id, _parsed(3), None, None, "h", 0),
                FeedWrite(9999, _parsed(2), None, None, "h", 0),
            ]
        )
    assert store.counts() == (0, 0, 0)
    assert store.search("summary") == []
