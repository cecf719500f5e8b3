"""Accounts on feed servers, their feeds and entries, and the queue of local changes (mixed into `Store`).

A server account's feeds are rows of `feeds` with `account_id` and the server's `remote_id`; their entries
are rows of `entries` keyed by the server's entry id, so headlines, search, history and the article cache
work on them unchanged. Triggers (schema v2) queue every read/starred change of such an entry in
`sync_queue`; the sync engine pushes the queue and deletes what the server accepted. A write that comes
from the server deletes the queue rows it caused itself, in the same transaction.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from newsreader.errors import UsageError
from newsreader.feeds.fields import content_html, summary_text, title_text
from newsreader.store.db import Database, now_iso
from newsreader.sync.records import Account, RemoteEntry, RemoteFeed, RemoteState
from newsreader.text import NAME, SHORT, TITLE, URL, clean_line
from newsreader.urls import is_web_url


@dataclass(slots=True, frozen=True)
class QueuedChange:
    id: int
    remote_id: str
    field: str
    value: bool
    queued: str  # when the change was made here (ISO 8601 UTC)


def _account(row: sqlite3.Row) -> Account:
    return Account(
        id=row["id"],
        name=row["name"],
        kind=row["kind"],
        url=row["url"],
        username=row["username"],
        secret=row["secret"],
        password_command=row["password_command"],
        state=json.loads(row["state"]),
        last_sync=row["last_sync"],
        last_error=row["last_error"],
    )


class AccountsMixin:
    _db: Database

    # -- accounts ------------------------------------------------------------------------------------

    def add_account(
        self, name: str, kind: str, url: str, username: str, secret: str, password_command: str | None
    ) -> Account:
        with self._db.tx() as conn:
            try:
                conn.execute(
                    "INSERT INTO accounts (name, kind, url, username, secret, password_command, added)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (name, kind, url, username, secret, password_command, now_iso()),
                )
            except sqlite3.IntegrityError:
                raise UsageError(f"an account named {name!r} exists already") from None
        account = self.account(name)
        assert account is not None
        return account

    def accounts(self) -> list[Account]:
        return [_account(r) for r in self._db.query("SELECT * FROM accounts ORDER BY name")]

    def account(self, name: str) -> Account | None:
        rows = self._db.query("SELECT * FROM accounts WHERE name = ?", (name,))
        return _account(rows[0]) if rows else None

    def remove_account(self, name: str) -> None:
        """The account, its feeds, their entries and its queue go (foreign keys cascade)."""
        with self._db.tx() as conn:
            if conn.execute("DELETE FROM accounts WHERE name = ?", (name,)).rowcount == 0:
                raise UsageError(f"no account named {name!r}")

    def record_sync(self, account_id: int, error: str | None) -> None:
        with self._db.tx() as conn:
            if error is None:
                conn.execute(
                    "UPDATE accounts SET last_error = NULL, last_sync = ? WHERE id = ?",
                    (now_iso(), account_id),
                )
            else:
                conn.execute("UPDATE accounts SET last_error = ? WHERE id = ?", (error, account_id))

    def feed_account(self, url: str) -> tuple[Account, str] | None:
        """The account a subscription belongs to and the server's id of the feed; None for a local feed."""
        rows = self._db.query(
            "SELECT a.*, f.remote_id AS feed_remote_id FROM feeds f JOIN accounts a ON a.id = f.account_id"
            " WHERE f.url = ?",
            (url,),
        )
        return (_account(rows[0]), rows[0]["feed_remote_id"]) if rows else None

    # -- feeds -----------------------------------------------------------------------------------------

    def sync_feeds(self, account: Account, feeds: list[RemoteFeed]) -> None:
        """Make the account's subscriptions the server's list, in one transaction.

        Feeds gone from the server go with their entries (the server removed them, or the user did on
        another machine). A feed URL already taken by a local subscription or another account gets this
        account's name as a fragment, so both live side by side.
        """
        with self._db.tx() as conn:
            mine = {
                r["remote_id"]: r["id"]
                for r in conn.execute("SELECT id, remote_id FROM feeds WHERE account_id = ?", (account.id,))
            }
            seen: set[str] = set()
            for feed in feeds:
                if feed.remote_id in seen:
                    continue
                seen.add(feed.remote_id)
                title = clean_line(feed.title, max_len=TITLE) or None
                site = feed.site_url if feed.site_url and is_web_url(feed.site_url) else None
                tags = json.dumps(sorted({t for t in (clean_line(x, max_len=NAME) for x in feed.tags) if t}))
                if feed.remote_id in mine:
                    conn.execute(
                        "UPDATE feeds SET title = CASE WHEN custom_title THEN title ELSE ? END,"
                        " site_url = coalesce(?, site_url), tags = ? WHERE id = ?",
                        (title, site, tags, mine[feed.remote_id]),
                    )
                    continue
                url = self._free_url(conn, feed.url, account.name)
                conn.execute(
                    "INSERT INTO feeds (url, title, site_url, tags, added, account_id, remote_id,"
                    " last_updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (url, title, site, tags, now_iso(), account.id, feed.remote_id, now_iso()),
                )
            gone = [(fid,) for rid, fid in mine.items() if rid not in seen]
            conn.executemany("DELETE FROM feeds WHERE id = ?", gone)

    @staticmethod
    def _free_url(conn: sqlite3.Connection, url: str, account: str) -> str:
        url = clean_line(url, max_len=URL) or "about:blank"
        taken = conn.execute("SELECT 1 FROM feeds WHERE url = ?", (url,)).fetchone()
        return f"{url}#account={account}" if taken else url

    def account_unread(self, account_id: int) -> dict[str, int]:
        """Unread entries per remote feed id."""
        rows = self._db.query(
            "SELECT f.remote_id, (SELECT count(*) FROM entries e WHERE e.feed_id = f.id AND e.read = 0) AS n"
            " FROM feeds f WHERE f.account_id = ?",
            (account_id,),
        )
        return {r["remote_id"]: r["n"] for r in rows}

    def account_keys(self, account_id: int) -> set[str]:
        """The server ids of every entry of the account stored here."""
        rows = self._db.query(
            "SELECT e.key FROM entries e JOIN feeds f ON f.id = e.feed_id WHERE f.account_id = ?",
            (account_id,),
        )
        return {r[0] for r in rows}

    # -- entries ---------------------------------------------------------------------------------------

    def store_remote_entries(
        self, account: Account, entries: Iterable[RemoteEntry], cursor: dict[str, Any]
    ) -> int:
        """Store one page of the server's entries and the cursor after it, in one transaction.

        Returns how many entries are new. An entry with a local change still queued keeps its local
        read/starred state (it is pushed on the next sync); text and links always follow the server.
        """
        now = now_iso()
        with self._db.tx() as conn:
            feeds = {
                r["remote_id"]: r["id"]
                for r in conn.execute("SELECT id, remote_id FROM feeds WHERE account_id = ?", (account.id,))
            }
            rows = []
            seen: set[tuple[int, str]] = set()
            for e in entries:
                feed_id = feeds.get(e.feed_remote_id)
                if feed_id is None or (feed_id, e.remote_id) in seen:
                    continue  # an entry of a feed the account no longer has (or repeated in the page)
                seen.add((feed_id, e.remote_id))
                link = e.link if e.link and is_web_url(e.link) else None
                content = content_html(e.content)
                rows.append(
                    (feed_id, e.remote_id, link, title_text(e.title) or "(untitled)")
                    + (clean_line(e.author, max_len=SHORT) or None, e.published, summary_text(e.content))
                    + (content, int(e.read), int(e.starred), now, e.published, now)
                )
            top = conn.execute("SELECT coalesce(max(id), 0) FROM entries").fetchone()[0]
            queue_top = conn.execute("SELECT coalesce(max(id), 0) FROM sync_queue").fetchone()[0]
            conn.executemany(
                """INSERT INTO entries (feed_id, key, link, title, author, published, summary, content,
                       read, starred, first_seen, sort_time)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, coalesce(?, ?))
                   ON CONFLICT(feed_id, key) DO UPDATE SET
                       link = excluded.link, title = excluded.title, author = excluded.author,
                       published = excluded.published, summary = excluded.summary,
                       content = excluded.content,
                       sort_time = coalesce(excluded.published, entries.first_seen),
                       read = CASE WHEN EXISTS (SELECT 1 FROM sync_queue q WHERE q.entry_id = entries.id)
                                   THEN entries.read ELSE excluded.read END,
                       starred = CASE WHEN EXISTS (SELECT 1 FROM sync_queue q WHERE q.entry_id = entries.id)
                                      THEN entries.starred ELSE excluded.starred END
                   WHERE entries.title IS NOT excluded.title
                       OR entries.summary IS NOT excluded.summary
                       OR entries.content IS NOT excluded.content
                       OR entries.link IS NOT excluded.link
                       OR entries.published IS NOT excluded.published
                       OR entries.read IS NOT excluded.read
                       OR entries.starred IS NOT excluded.starred""",
                rows,
            )
            new = conn.execute("SELECT count(*) FROM entries WHERE id > ?", (top,)).fetchone()[0]
            conn.execute(
                "INSERT INTO entries_fts (rowid, title, summary)"
                " SELECT id, title, summary FROM entries WHERE id > ?",
                (top,),
            )
            # The server's state is not a local change: drop what the triggers queued for it.
            conn.execute("DELETE FROM sync_queue WHERE id > ?", (queue_top,))
            conn.execute("UPDATE accounts SET state = ? WHERE id = ?", (json.dumps(cursor), account.id))
        return int(new)

    def apply_remote_state(self, account: Account, state: RemoteState) -> int:
        """Take the server's read/starred state for every entry without a queued local change.

        Returns how many entries changed. One transaction; the queue rows it causes are deleted in it.
        """
        changed = 0
        with self._db.tx() as conn:
            queue_top = conn.execute("SELECT coalesce(max(id), 0) FROM sync_queue").fetchone()[0]
            rows = conn.execute(
                "SELECT e.id, e.key, e.read, e.starred, f.remote_id FROM entries e"
                " JOIN feeds f ON f.id = e.feed_id WHERE f.account_id = ?"
                " AND NOT EXISTS (SELECT 1 FROM sync_queue q WHERE q.entry_id = e.id)",
                (account.id,),
            ).fetchall()
            read_updates: list[tuple[int, int]] = []
            star_updates: list[tuple[int, int]] = []
            for r in rows:
                if state.unread is not None and (
                    state.unread_feeds is None or r["remote_id"] in state.unread_feeds
                ):
                    read = int(r["key"] not in state.unread)
                    if read != r["read"]:
                        read_updates.append((read, r["id"]))
                if state.starred is not None:
                    starred = int(r["key"] in state.starred)
                    if starred != r["starred"]:
                        star_updates.append((starred, r["id"]))
                if state.entries is not None and (known := state.entries.get(r["key"])) is not None:
                    if int(known[0]) != r["read"]:
                        read_updates.append((int(known[0]), r["id"]))
                    if int(known[1]) != r["starred"]:
                        star_updates.append((int(known[1]), r["id"]))
            conn.executemany("UPDATE entries SET read = ? WHERE id = ?", read_updates)
            conn.executemany("UPDATE entries SET starred = ? WHERE id = ?", star_updates)
            conn.execute("DELETE FROM sync_queue WHERE id > ?", (queue_top,))
            changed = len({i for _, i in read_updates} | {i for _, i in star_updates})
        return changed

    # -- the queue of local changes --------------------------------------------------------------------

    def queued_changes(self, account_id: int) -> list[QueuedChange]:
        rows = self._db.query(
            "SELECT id, remote_id, field, value, queued FROM sync_queue WHERE account_id = ? ORDER BY id",
            (account_id,),
        )
        return [
            QueuedChange(r["id"], r["remote_id"], r["field"], bool(r["value"]), r["queued"]) for r in rows
        ]

    def drop_changes(self, queue_ids: Iterable[int]) -> None:
        """Forget queued changes the server has accepted (or that lost to a newer server change)."""
        with self._db.tx() as conn:
            conn.executemany("DELETE FROM sync_queue WHERE id = ?", [(i,) for i in queue_ids])

    def queue_length(self, account_id: int) -> int:
        rows = self._db.query("SELECT count(*) FROM sync_queue WHERE account_id = ?", (account_id,))
        return int(rows[0][0])
