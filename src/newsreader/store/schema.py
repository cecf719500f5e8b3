"""Schema migrations, one function per `PRAGMA user_version` step, each run in one transaction.

A database newer than the code is refused rather than guessed at (see lemon24/reader's _schema.py).
"""

from __future__ import annotations

import sqlite3

from newsreader.errors import StoreError

APPLICATION_ID = 0x4E577352  # "NWsR"


# Each step is one SQL script; migrate() runs its statements in one BEGIN IMMEDIATE ... COMMIT.
_V1 = """
        CREATE TABLE feeds (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL UNIQUE,
            title TEXT,
            custom_title INTEGER NOT NULL DEFAULT 0,
            site_url TEXT,
            tags TEXT NOT NULL DEFAULT '[]',
            etag TEXT,
            last_modified TEXT,
            body_hash TEXT,
            last_error TEXT,
            last_updated TEXT,
            next_update REAL NOT NULL DEFAULT 0,
            added TEXT NOT NULL
        );
        CREATE TABLE entries (
            id INTEGER PRIMARY KEY,
            feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
            key TEXT NOT NULL,
            link TEXT,
            title TEXT NOT NULL,
            author TEXT,
            published TEXT,
            summary TEXT,
            content TEXT,
            read INTEGER NOT NULL DEFAULT 0,
            starred INTEGER NOT NULL DEFAULT 0,
            first_seen TEXT NOT NULL,
            sort_time TEXT NOT NULL,
            UNIQUE (feed_id, key)
        );
        CREATE INDEX entries_by_time ON entries (sort_time DESC, id DESC);
        CREATE INDEX entries_by_feed_time ON entries (feed_id, sort_time DESC, id DESC);
        CREATE INDEX entries_unread ON entries (sort_time DESC, id DESC) WHERE read = 0;
        CREATE INDEX entries_starred ON entries (sort_time DESC, id DESC) WHERE starred = 1;
        CREATE INDEX entries_link ON entries (link);
        CREATE INDEX entries_feed_unread ON entries (feed_id) WHERE read = 0;

        CREATE VIRTUAL TABLE entries_fts USING fts5(
            title, summary, content='entries', content_rowid='id', tokenize='unicode61'
        );
        -- New entries are indexed in bulk by Store.store_feed (one INSERT ... SELECT per feed costs about
        -- half of a per-row trigger); updates and deletes keep the index in step through triggers.
        CREATE TRIGGER entries_ad AFTER DELETE ON entries BEGIN
            INSERT INTO entries_fts(entries_fts, rowid, title, summary)
            VALUES ('delete', old.id, old.title, old.summary);
        END;
        CREATE TRIGGER entries_au AFTER UPDATE OF title, summary ON entries BEGIN
            INSERT INTO entries_fts(entries_fts, rowid, title, summary)
            VALUES ('delete', old.id, old.title, old.summary);
            INSERT INTO entries_fts(rowid, title, summary) VALUES (new.id, new.title, new.summary);
        END;

        CREATE TABLE articles (
            url TEXT PRIMARY KEY,
            doc TEXT NOT NULL,
            fetched TEXT NOT NULL
        );
        CREATE TABLE positions (
            url TEXT PRIMARY KEY,
            scroll REAL NOT NULL DEFAULT 0,
            updated TEXT NOT NULL
        );
        CREATE TABLE history (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL,
            title TEXT,
            visited TEXT NOT NULL
        );
        CREATE INDEX history_by_url ON history (url);
"""

# Search covers the cached article text too (issue 10): one row per cached article, rowid = articles.rowid.
_V2_ARTICLE_TEXT = """
        CREATE VIRTUAL TABLE articles_fts USING fts5(text, tokenize='unicode61');
        INSERT INTO articles_fts (rowid, text)
            SELECT rowid, coalesce(json_extract(doc, '$.text'), '') FROM articles WHERE json_valid(doc);
"""

# Enclosures (podcast audio, video) of each entry, as a JSON list of {"url", "type", "length", "duration"};
# entries stored before keep their data and get an empty list until their feed next changes.
_V3_ENCLOSURES = """
        ALTER TABLE entries ADD COLUMN enclosures TEXT NOT NULL DEFAULT '[]';
"""

# Accounts on feed servers (sync/): their feeds and entries live in the same tables as local ones, marked by
# account_id and the server's own ids; local read/star changes of their entries are queued by triggers.
_V4_ACCOUNTS = """
        CREATE TABLE accounts (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            url TEXT NOT NULL,
            username TEXT NOT NULL,
            secret TEXT NOT NULL,
            password_command TEXT,
            state TEXT NOT NULL DEFAULT '{}',
            last_sync TEXT,
            last_error TEXT,
            added TEXT NOT NULL
        );
        ALTER TABLE feeds ADD COLUMN account_id INTEGER REFERENCES accounts(id) ON DELETE CASCADE;
        ALTER TABLE feeds ADD COLUMN remote_id TEXT;
        CREATE UNIQUE INDEX feeds_remote ON feeds (account_id, remote_id) WHERE account_id IS NOT NULL;
        CREATE TABLE sync_queue (
            id INTEGER PRIMARY KEY,
            account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
            entry_id INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
            remote_id TEXT NOT NULL,
            field TEXT NOT NULL,
            value INTEGER NOT NULL,
            queued TEXT NOT NULL
        );
        CREATE INDEX sync_queue_entry ON sync_queue (entry_id);
        CREATE TRIGGER entries_queue_read AFTER UPDATE OF read ON entries
        WHEN old.read IS NOT new.read
            AND (SELECT account_id FROM feeds WHERE id = new.feed_id) IS NOT NULL BEGIN
            INSERT INTO sync_queue (account_id, entry_id, remote_id, field, value, queued)
            VALUES ((SELECT account_id FROM feeds WHERE id = new.feed_id), new.id, new.key, 'read',
                    new.read, strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now'));
        END;
        CREATE TRIGGER entries_queue_starred AFTER UPDATE OF starred ON entries
        WHEN old.starred IS NOT new.starred
            AND (SELECT account_id FROM feeds WHERE id = new.feed_id) IS NOT NULL BEGIN
            INSERT INTO sync_queue (account_id, entry_id, remote_id, field, value, queued)
            VALUES ((SELECT account_id FROM feeds WHERE id = new.feed_id), new.id, new.key, 'starred',
                    new.starred, strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now'));
        END;
"""

# Power reading (issue 11): hidden entries (kill rules), saved queries, kill rules, per-feed settings.
# `hidden` is 0 (shown), 1 (hidden, was unread) or 2 (hidden, was read): a hidden entry is also marked read,
# so the unread counts keep using their partial indexes, and removing the rule restores its read state.
_V5_POWER = """
        ALTER TABLE entries ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX entries_hidden ON entries (feed_id) WHERE hidden <> 0;
        CREATE TABLE queries (
            name TEXT PRIMARY KEY,
            expr TEXT NOT NULL,
            added TEXT NOT NULL
        );
        CREATE TABLE rules (
            id INTEGER PRIMARY KEY,
            expr TEXT NOT NULL,
            action TEXT NOT NULL CHECK (action IN ('hide', 'drop')),
            feed_url TEXT,
            added TEXT NOT NULL
        );
        CREATE TABLE feed_settings (
            url TEXT PRIMARY KEY,
            settings TEXT NOT NULL DEFAULT '{}'
        );
"""

MIGRATIONS: list[str] = [_V1, _V2_ARTICLE_TEXT, _V3_ENCLOSURES, _V4_ACCOUNTS, _V5_POWER]
VERSION = len(MIGRATIONS)


def _statements(script: str) -> list[str]:
    """Split a script into statements (sqlite3.complete_statement copes with trigger bodies)."""
    out: list[str] = []
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    return out


def migrate(db: sqlite3.Connection) -> None:
    """Bring the schema to VERSION, one transaction per step; refuse newer or foreign databases.

    The version is read again inside each write transaction, so two processes opening a new database at
    once do not both run a step.
    """
    for step in range(check(db), VERSION):
        db.execute("BEGIN IMMEDIATE")
        try:
            if check(db) == step:
                for statement in _statements(MIGRATIONS[step]):
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {step + 1}")
                db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise


def check(db: sqlite3.Connection) -> int:
    """The schema version of `db`; StoreError for a newer or foreign database (reads only)."""
    app_id = db.execute("PRAGMA application_id").fetchone()[0]
    version: int = db.execute("PRAGMA user_version").fetchone()[0]
    if app_id not in (0, APPLICATION_ID):
        raise StoreError("the database file belongs to another application")
    if version > VERSION:
        raise StoreError(
            f"the database is from a newer newsreader (schema {version}, this one knows {VERSION});"
            " upgrade newsreader"
        )
    if app_id == 0 and version == 0:
        tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if tables:
            raise StoreError("the database file is not a newsreader database")
    return version
