"""`Store`: the one API over the database (feeds and entries here; articles and history in cache.py)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar, Unpack

from newsreader.errors import UsageError
from newsreader.models import Enclosure, Entry, Feed, ParsedEntry, ParsedFeed
from newsreader.query.sql import FEEDS_WITH_TAG
from newsreader.store.accounts import AccountsMixin
from newsreader.store.cache import CacheMixin
from newsreader.store.db import Database, now_iso
from newsreader.store.entry_query import EntryFilter, entry_query
from newsreader.store.power import PowerMixin
from newsreader.text import NAME, TITLE, clean_line

# A keyset cursor: (sort_time, id) of the last row of the previous page.
Cursor = tuple[str, int]
T = TypeVar("T")


@dataclass(slots=True)
class FeedState:
    """What the refresh pipeline needs to make a polite request for one feed."""

    id: int
    url: str
    etag: str | None
    last_modified: str | None
    body_hash: str | None
    next_update: float


_ENTRY_COLUMNS = """e.id, e.feed_id, coalesce(f.title, f.url) AS feed_title, e.link, e.title, e.author,
    e.published, e.sort_time, e.read, e.starred, e.summary, e.enclosures"""


def _entry(row: sqlite3.Row) -> Entry:
    return Entry(
        id=row["id"],
        feed_id=row["feed_id"],
        feed_title=row["feed_title"],
        link=row["link"],
        title=row["title"],
        author=row["author"],
        published=row["published"],
        sort_time=row["sort_time"],
        read=bool(row["read"]),
        starred=bool(row["starred"]),
        summary=row["summary"],
        enclosures=_enclosures(row["enclosures"]),
    )


def _enclosures(raw: str | None) -> list[Enclosure]:
    """The stored enclosure list; a damaged value reads as none rather than failing the whole list."""
    try:
        return [Enclosure.from_json(x) for x in json.loads(raw or "[]")]
    except (ValueError, TypeError, KeyError, AttributeError):
        return []


class Store(CacheMixin, AccountsMixin, PowerMixin):
    """The database of one home. Safe to share between threads; open one per process.

    Callers never see the connection: each operation is one transaction, named for what it means."""

    def __init__(self, db: Database) -> None:
        self._db = db

    @classmethod
    def open(cls, path: Path, *, read_only: bool = False) -> Store:
        return cls(Database(path, read_only=read_only))

    @property
    def home(self) -> Path:
        """The directory the database file is in (the home: site rules, downloads and the log live there)."""
        return self._db.path.parent

    @property
    def path(self) -> Path:
        """The database file (a refresh's worker processes open their own connections to it)."""
        return self._db.path

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """The writes made inside as one transaction, all or none (each operation joins it): a refresh's
        worker stores several feeds so, with one commit for all of them."""
        with self._db.tx():
            yield

    # -- feeds ---------------------------------------------------------------------------------------

    def add_feed(self, url: str, title: str | None = None, tags: Sequence[str] = ()) -> Feed:
        """Subscribe to `url`; adding an existing URL sets its title and adds the tags instead.

        Title and tags may come from the command line or an OPML file: they are sanitised here, once.
        """
        title = clean_line(title, max_len=TITLE) or None
        tag_set = {t for t in (clean_line(tag, max_len=NAME) for tag in tags) if t}
        with self._db.tx() as conn:
            # Read and write in one transaction, so tags another process adds meanwhile are not lost.
            if (existing := self.feed(url)) is not None:
                tag_set |= set(existing.tags)
            conn.execute(
                "INSERT INTO feeds (url, title, custom_title, tags, added) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT(url) DO UPDATE SET"
                " title = coalesce(excluded.title, title),"
                " custom_title = max(custom_title, excluded.custom_title), tags = excluded.tags",
                (url, title, int(title is not None), json.dumps(sorted(tag_set)), now_iso()),
            )
        feed = self.feed(url)
        assert feed is not None
        return feed

    def subscribe(
        self, url: str, *, title: str | None = None, tags: Sequence[str] = (), then: Callable[[Feed], T]
    ) -> T:
        """`add_feed`, and `then(feed)` (storing its first entries) in the same transaction: a feed is
        subscribed with its entries, or not at all."""
        with self._db.tx():
            return then(self.add_feed(url, title, tags))

    def subscribe_all(self, feeds: Iterable[tuple[str, str | None, Sequence[str]]]) -> list[Feed]:
        """`add_feed` for each (url, title, tags), in one transaction: all of them or none (an OPML file)."""
        with self._db.tx():
            return [self.add_feed(url, title, tags) for url, title, tags in feeds]

    def remove_feed(self, url: str) -> None:
        with self._db.tx() as conn:
            if conn.execute("DELETE FROM feeds WHERE url = ?", (url,)).rowcount == 0:
                raise UsageError(f"not subscribed to {url}")

    def remove_feed_undoably(self, url: str) -> RemovedFeed:
        """Unsubscribe, returning the feed's rows and its entries' rows so `restore_feed` can put them back
        exactly (ids, read and starred state, validators)."""
        with self._db.tx() as conn:
            feed = conn.execute("SELECT * FROM feeds WHERE url = ?", (url,)).fetchone()
            if feed is None:
                raise UsageError(f"not subscribed to {url}")
            entries = conn.execute("SELECT * FROM entries WHERE feed_id = ?", (feed["id"],)).fetchall()
            conn.execute("DELETE FROM feeds WHERE id = ?", (feed["id"],))
        return RemovedFeed(dict(feed), [dict(e) for e in entries])

    def restore_feed(self, removed: RemovedFeed) -> None:
        """Undo `remove_feed_undoably` (the search index is rebuilt for the restored entries)."""
        with self._db.tx() as conn:
            _insert_row(conn, "feeds", removed.feed)
            for entry in removed.entries:
                _insert_row(conn, "entries", entry)
            conn.execute(
                "INSERT INTO entries_fts (rowid, title, summary)"
                " SELECT id, title, summary FROM entries WHERE feed_id = ?",
                (removed.feed["id"],),
            )

    def rename_feed(self, url: str, title: str, *, custom: bool | None = None) -> tuple[str | None, bool]:
        """A title of the reader's choosing, kept over the feed's own on refresh (empty: the feed's own
        title comes back at the next refresh). Returns the (title, custom) it replaced, for undo."""
        title = clean_line(title, max_len=TITLE)
        with self._db.tx() as conn:
            row = conn.execute("SELECT title, custom_title FROM feeds WHERE url = ?", (url,)).fetchone()
            conn.execute(
                "UPDATE feeds SET title = ?, custom_title = ? WHERE url = ?",
                (title or None, int(bool(title) if custom is None else custom), url),
            )
        return (row[0], bool(row[1])) if row else (None, False)

    def set_tags(self, url: str, tags: Sequence[str]) -> None:
        """Replace the feed's tags (sanitised as `add_feed` does)."""
        tag_set = {t for t in (clean_line(tag, max_len=NAME) for tag in tags) if t}
        with self._db.tx() as conn:
            conn.execute("UPDATE feeds SET tags = ? WHERE url = ?", (json.dumps(sorted(tag_set)), url))

    def feeds(self, tag: str | None = None, *, counted: bool = True) -> list[Feed]:
        """The subscriptions (those with `tag` only, when given), by title; with unread and total counts
        unless `counted` is False (cheaper on a big archive: the counts are then 0)."""
        counts = (
            """(SELECT count(*) FROM entries e WHERE e.feed_id = f.id AND e.read = 0) AS unread,
                 (SELECT count(*) FROM entries e WHERE e.feed_id = f.id)
                 - (SELECT count(*) FROM entries e WHERE e.feed_id = f.id AND e.hidden <> 0) AS total"""
            if counted
            else "0 AS unread, 0 AS total"
        )
        where = f" WHERE f.id IN ({FEEDS_WITH_TAG})" if tag is not None else ""
        rows = self._db.query(
            f"SELECT f.*, {counts} FROM feeds f{where} ORDER BY lower(coalesce(f.title, f.url)), f.id",
            () if tag is None else (tag,),
        )
        return [self._feed(r) for r in rows]

    def feed(self, url: str) -> Feed | None:
        rows = self._db.query("SELECT f.*, 0 AS unread, 0 AS total FROM feeds f WHERE url = ?", (url,))
        return self._feed(rows[0]) if rows else None

    @staticmethod
    def _feed(row: sqlite3.Row) -> Feed:
        return Feed(
            id=row["id"],
            url=row["url"],
            title=row["title"],
            site_url=row["site_url"],
            tags=json.loads(row["tags"]),
            last_error=row["last_error"],
            last_updated=row["last_updated"],
            unread=row["unread"],
            total=row["total"],
        )

    def feed_states(self, urls: Iterable[str] | None = None) -> list[FeedState]:
        rows = self._db.query(
            "SELECT id, url, etag, last_modified, body_hash, next_update FROM feeds"
            " WHERE account_id IS NULL ORDER BY id"  # a server account's feeds are fetched by the server
        )
        wanted = set(urls) if urls is not None else None
        return [
            FeedState(r["id"], r["url"], r["etag"], r["last_modified"], r["body_hash"], r["next_update"])
            for r in rows
            if wanted is None or r["url"] in wanted
        ]

    def record_error(self, feed_id: int, error: str, next_update: float = 0) -> None:
        with self._db.tx() as conn:
            conn.execute(
                "UPDATE feeds SET last_error = ?, next_update = ? WHERE id = ?",
                (error, next_update, feed_id),
            )

    def record_unchanged_many(self, feeds: Sequence[tuple[int, float, str | None, str | None]]) -> None:
        """Feeds that answered 304 or an identical body, in one transaction: only validators and timing
        change. Each item: (id, next update, etag, last modified)."""
        now = now_iso()
        with self._db.tx() as conn:
            conn.executemany(
                "UPDATE feeds SET last_error = NULL, next_update = ?, last_updated = ?,"
                " etag = coalesce(?, etag), last_modified = coalesce(?, last_modified) WHERE id = ?",
                [
                    (next_update, now, etag, modified, feed_id)
                    for feed_id, next_update, etag, modified in feeds
                ],
            )

    def store_feed(
        self,
        feed_id: int,
        parsed: ParsedFeed,
        *,
        etag: str | None,
        last_modified: str | None,
        body_hash: str,
        next_update: float,
    ) -> int:
        """Write a parsed feed in one transaction; return how many entries are new.

        Entries seen before keep their read/starred state, reading position and first-seen time; only their
        text changes (`_keep_identity`).
        """
        write = FeedWrite(feed_id, parsed, etag, last_modified, body_hash, next_update)
        return self.store_feeds([write])[0]

    def store_feeds(self, feeds: Sequence[FeedWrite]) -> list[int]:
        """`store_feed` for several feeds in one transaction (all or none); how many entries of each are new.

        The search index takes the new entries of all of them in one statement: FTS5 writes a segment per
        statement, and one for many feeds is about a third cheaper to write and merge than one per feed.
        """
        now = now_iso()
        with self._db.tx() as conn:
            top = _top_entry(conn)
            counts = []
            written: set[int] = set()
            for feed in feeds:
                if feed.feed_id in written:  # its entries of this batch are indexed before they change
                    _index_entries_after(conn, top)
                    top, written = _top_entry(conn), set()
                written.add(feed.feed_id)
                counts.append(_write_feed(conn, feed, now))
            _index_entries_after(conn, top)
        return counts

    # -- entries -------------------------------------------------------------------------------------

    def headlines(
        self, *, limit: int = 50, after: Cursor | None = None, **where: Unpack[EntryFilter]
    ) -> list[Entry]:
        """Newest first, one page; pass the last entry's (sort_time, id) as `after` for the next."""
        query = entry_query(**where)
        if after is not None:
            query.where("(e.sort_time, e.id) < (?, ?)", *after)
        return [_entry(r) for r in self._db.query(*query.select(_ENTRY_COLUMNS, limit=limit))]

    def count(self, **where: Unpack[EntryFilter]) -> int:
        """How many entries `where` covers (a query feed's unread count, a rule's preview)."""
        return int(self._db.query(*entry_query(**where).count())[0][0])

    def search(self, text: str, *, limit: int = 100, **where: Unpack[EntryFilter]) -> list[Entry]:
        """Full-text search over titles, summaries and the text of cached articles, newest first, narrowed
        by the same filters as `headlines`.

        Two indexed queries, each newest first and limited, merged here: one query joining both indexes
        through a UNION sorts every match of a common word (about twice the time on 100k entries)."""
        terms = " ".join('"' + t.replace('"', '""') + '"' for t in text.split())
        if not terms:
            raise UsageError("empty search")
        by_entry = entry_query(**where).join("JOIN entries_fts s ON s.rowid = e.id")
        by_entry.where("entries_fts MATCH ?", terms)
        by_article = entry_query(**where).where(
            "e.link IN (SELECT a.url FROM articles_fts s JOIN articles a ON a.rowid = s.rowid"
            " WHERE articles_fts MATCH ?)",
            terms,
        )
        pages = [self._db.query(*q.select(_ENTRY_COLUMNS, limit=limit)) for q in (by_entry, by_article)]
        unique = {r["id"]: r for page in pages for r in page}
        newest = sorted(unique.values(), key=lambda r: (r["sort_time"], r["id"]), reverse=True)
        return [_entry(r) for r in newest[:limit]]

    def entry(self, entry_id: int) -> Entry | None:
        if not -(2**63) <= entry_id < 2**63:  # no such id; SQLite would refuse the number (OverflowError)
            return None
        rows = self._db.query(
            f"SELECT {_ENTRY_COLUMNS} FROM entries e JOIN feeds f ON f.id = e.feed_id WHERE e.id = ?",
            (entry_id,),
        )
        return _entry(rows[0]) if rows else None

    def entry_content(self, entry_id: int) -> str | None:
        rows = self._db.query("SELECT content, summary FROM entries WHERE id = ?", (entry_id,))
        return (rows[0]["content"] or rows[0]["summary"]) if rows else None

    def entry_by_link(self, url: str) -> Entry | None:
        """The first entry (the oldest stored) whose link is `url`."""
        entries = self.entries_by_link(url, limit=1)
        return entries[0] if entries else None

    def entries_by_link(self, url: str, *, limit: int = -1) -> list[Entry]:
        """Every entry whose link is `url` (one article in several feeds), oldest stored first."""
        rows = self._db.query(
            f"SELECT {_ENTRY_COLUMNS} FROM entries e JOIN feeds f ON f.id = e.feed_id"
            " WHERE e.link = ? ORDER BY e.id LIMIT ?",
            (url, limit),
        )
        return [_entry(row) for row in rows]

    def update_entry(self, entry_id: int, *, read: bool | None = None, starred: bool | None = None) -> None:
        """Set one entry's read and/or starred state (None: leave it).

        A hidden entry stays read (every unread list and count relies on it, see store/power.py): its read
        state is kept in `hidden` (1 unread, 2 read) and comes back when its hide rule goes."""
        with self._db.tx() as conn:
            conn.execute(_SET_STATE + "id = :id", _state(read, starred) | {"id": entry_id})

    def mark_link(self, url: str, *, read: bool | None = None, starred: bool | None = None) -> list[Entry]:
        """Set the read and/or starred state of every entry whose link is `url`, in one transaction: one
        article in several feeds is read (or starred) once, wherever it is listed (`mark URL`, and opening
        an article in the TUI). The entries as they are now, oldest stored first; none for an empty link
        (entries without a link are each their own article)."""
        if not url:
            return []
        with self._db.tx() as conn:
            conn.execute(_SET_STATE + "link = :link", _state(read, starred) | {"link": url})
        return self.entries_by_link(url)

    def mark_read(
        self, entry_ids: Iterable[int] | None = None, *, read: bool = True, **where: Unpack[EntryFilter]
    ) -> list[int]:
        """Mark read (or, with `read=False`, unread) every shown entry `where` covers, only those of
        `entry_ids` when given: all of a feed, a tag, a query feed, Starred, or a list of ids. Returns the
        ids that changed, for undo."""
        # Marking read covers the unread ones (and they are never hidden: the unread index answers alone).
        unread: EntryFilter = {**where, "unread": True}
        query = entry_query(**unread) if read else entry_query(**where).where("e.read = 1")
        if entry_ids is not None:
            query.where("e.id IN (SELECT value FROM json_each(?))", json.dumps(list(entry_ids)))
        with self._db.tx() as conn:
            return [r[0] for r in conn.execute(*query.update("read = ?", int(read))).fetchall()]

    def counts(self) -> tuple[int, int, int]:
        """(entries, unread, starred) over all feeds: three index-only counts, not a table scan."""
        row = self._db.query(
            "SELECT (SELECT count(*) FROM entries) - (SELECT count(*) FROM entries WHERE hidden <> 0),"
            " (SELECT count(*) FROM entries WHERE read = 0),"
            " (SELECT count(*) FROM entries WHERE starred = 1)"
        )[0]
        return row[0], row[1], row[2]


# Read/starred of the entries a WHERE clause names (see `update_entry` for `hidden`); None leaves a field.
_SET_STATE = (
    "UPDATE entries SET read = CASE WHEN hidden <> 0 THEN 1 ELSE coalesce(:read, read) END,"
    " hidden = CASE WHEN hidden <> 0 AND :read IS NOT NULL THEN 1 + :read ELSE hidden END,"
    " starred = coalesce(:starred, starred) WHERE "
)


def _state(read: bool | None, starred: bool | None) -> dict[str, int | None]:
    return {"read": None if read is None else int(read), "starred": None if starred is None else int(starred)}


@dataclass(slots=True, frozen=True)
class FeedWrite:
    """One parsed feed to store (`Store.store_feeds`), with the validators and times of its response."""

    feed_id: int
    parsed: ParsedFeed
    etag: str | None
    last_modified: str | None
    body_hash: str
    next_update: float


def _top_entry(conn: sqlite3.Connection) -> int:
    top: int = conn.execute("SELECT coalesce(max(id), 0) FROM entries").fetchone()[0]
    return top


def _index_entries_after(conn: sqlite3.Connection, top: int) -> None:
    """Index the entries above id `top` for search: inside the write transaction, those just inserted
    (updates and deletes keep the index in step through triggers)."""
    conn.execute(
        "INSERT INTO entries_fts (rowid, title, summary) SELECT id, title, summary FROM entries WHERE id > ?",
        (top,),
    )


def _write_feed(conn: sqlite3.Connection, feed: FeedWrite, now: str) -> int:
    """Write one feed's entries and state (the search index is the caller's); how many entries are new."""
    parsed, feed_id = feed.parsed, feed.feed_id
    # Real feeds repeat a guid now and then; the first (newest) wins, and the FTS index stays in step.
    entries = _first_per_key(parsed.entries)
    known = _keep_identity(conn, feed_id, entries)
    # Known entries change only when their text did (the update trigger keeps the index in step); the
    # others are plain inserts. One upsert for both cost twice the writes: a statement that may update
    # makes SQLite copy every page it touches to a statement journal first.
    rows = [_entry_row(feed_id, e) for e in entries]
    conn.executemany(
        """UPDATE entries SET
               link = ?3, title = ?4, author = ?5, published = ?6, summary = ?7, content = ?8,
               enclosures = ?9, sort_time = coalesce(?6, first_seen)
           WHERE feed_id = ?1 AND key = ?2 AND (title IS NOT ?4 OR summary IS NOT ?7
               OR content IS NOT ?8 OR link IS NOT ?3 OR published IS NOT ?6 OR enclosures IS NOT ?9)""",
        [row for row in rows if row[1] in known],
    )
    conn.executemany(
        """INSERT INTO entries (feed_id, key, link, title, author, published, summary, content,
               enclosures, first_seen, sort_time)
           VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, coalesce(?6, ?10))""",
        [(*row, now) for row in rows if row[1] not in known],
    )
    conn.execute(
        """UPDATE feeds SET
               title = CASE WHEN custom_title THEN title ELSE coalesce(?, title) END,
               site_url = coalesce(?, site_url), etag = ?, last_modified = ?,
               body_hash = ?, last_error = NULL, last_updated = ?, next_update = ?
           WHERE id = ?""",
        (parsed.title, parsed.site_url, feed.etag, feed.last_modified, feed.body_hash, now)
        + (feed.next_update, feed_id),
    )
    return len({e.key for e in entries} - known)


def _keep_identity(conn: sqlite3.Connection, feed_id: int, entries: list[ParsedEntry]) -> set[str]:
    """Carry the reader's state over to the entries as they arrive now; return the keys known before.

    An entry with a known key keeps its row (the upsert changes only its text). Two more cases keep it:
    - its link changed: the reading position (stored per URL) moves to the new link;
    - its key changed while the story stayed (a feed that starts sending guids, a guid rewritten, a
      hash-keyed item whose summary was edited): an entry no longer in the feed with the same link and the
      same title (or one keyed only by its link or text) takes the new key, so read, starred and position
      stay on one row instead of a fresh unread duplicate.
    """
    rows = conn.execute("SELECT id, key, link, title FROM entries WHERE feed_id = ?", (feed_id,)).fetchall()
    by_key = {r["key"]: r for r in rows}
    present = {e.key for e in entries}
    # Entries the feed no longer lists, by link (or by title when they have none): candidates for a new key.
    gone: dict[tuple[str, str], list[sqlite3.Row]] = {}
    for r in rows:
        if r["key"] not in present:
            gone.setdefault(("link", r["link"]) if r["link"] else ("title", r["title"]), []).append(r)
    moved: list[tuple[str, str]] = []  # (old link, new link) for the reading position
    for entry in entries:
        row = by_key.get(entry.key)
        if row is None and gone:
            slot = ("link", entry.link) if entry.link else ("title", entry.title)
            candidates = gone.get(slot, [])
            row = next((r for r in candidates if _same_story(r, entry)), None)
            if row is not None:
                candidates.remove(row)
                conn.execute("UPDATE entries SET key = ? WHERE id = ?", (entry.key, row["id"]))
                by_key[entry.key] = row
        if row is not None and row["link"] and entry.link and row["link"] != entry.link:
            moved.append((row["link"], entry.link))
    if moved:
        conn.executemany(
            "INSERT OR IGNORE INTO positions (url, scroll, updated)"
            " SELECT ?, scroll, updated FROM positions WHERE url = ?",
            [(new, old) for old, new in moved],
        )
    return set(by_key)


def _same_story(row: sqlite3.Row, entry: ParsedEntry) -> bool:
    """Whether a stored entry the feed no longer lists is `entry` under a new key: same link and same title,
    or same link (or, without links, same title) when the old key was only the link or a hash of the text."""
    key: str = row["key"]
    weak_key = key == row["link"] or key.startswith("sha1:")
    if row["link"]:
        return bool(row["link"] == entry.link and (row["title"] == entry.title or weak_key))
    return bool(not entry.link and weak_key and row["title"] == entry.title)


@dataclass(slots=True)
class RemovedFeed:
    """A removed feed's row and its entries' rows, as they were (see `Store.remove_feed_undoably`)."""

    feed: dict[str, object]
    entries: list[dict[str, object]]


def _insert_row(conn: sqlite3.Connection, table: str, row: dict[str, object]) -> None:
    columns = ", ".join(row)
    marks = ", ".join("?" * len(row))
    conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(row.values()))


def _entry_row(feed_id: int, e: ParsedEntry) -> tuple[object, ...]:
    """One entry's values as `_write_feed` binds them (?1 to ?9)."""
    enclosures = json.dumps([x.to_json() for x in e.enclosures]) if e.enclosures else "[]"
    return (feed_id, e.key, e.link, e.title, e.author, e.published, e.summary, e.content, enclosures)


def _first_per_key(entries: list[ParsedEntry]) -> list[ParsedEntry]:
    seen: set[str] = set()
    unique = []
    for entry in entries:
        if entry.key not in seen:
            seen.add(entry.key)
            unique.append(entry)
    return unique
