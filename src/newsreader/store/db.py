"""Opening the SQLite file: pragmas, migrations, one write lock, a read connection per thread, and clear
errors for damaged files."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from newsreader.errors import StoreError
from newsreader.query import install
from newsreader.store.schema import VERSION, check, migrate


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _store_error(path: Path, err: sqlite3.Error) -> StoreError:
    """One line for a SQLite error; "locked" (another program kept the write lock past the busy timeout)
    is said in words a reader can act on."""
    if "locked" in str(err) or "busy" in str(err):
        return StoreError("the database is busy (another newsreader is writing to it): try again")
    return StoreError(f"database {path}: {err}")


class Database:
    """One write connection shared by threads under a lock, writes in explicit IMMEDIATE transactions; reads
    on a read connection of their own thread, so a read never waits for another thread's write.

    Autocommit mode (isolation_level=None) so that every transaction is ours: a feed's update is exactly one
    BEGIN IMMEDIATE ... COMMIT, and a crash mid-refresh leaves each feed fully updated or untouched. A read
    connection in autocommit takes its WAL snapshot per statement: it sees every write committed before the
    statement began. A read by the thread inside a transaction goes to the write connection instead, to see
    that transaction's own writes (`_reader`).
    """

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        """`read_only`: for a home that cannot be written (the file is opened `mode=ro`, nothing is
        migrated; reading commands work, writing ones get a clear error)."""
        self.path = path
        self.lock = threading.RLock()
        self._depth = 0
        self._writer: int | None = None  # the thread inside the write transaction
        self._read_only = read_only
        self._local = threading.local()  # `conn`: this thread's read connection, opened at its first read
        self._readers: list[tuple[threading.Thread, sqlite3.Connection]] = []
        self._readers_lock = threading.Lock()  # never held while SQLite runs a statement
        self._closed = False
        try:
            self.conn = self._connect()
        except sqlite3.Error as err:
            raise StoreError(f"cannot open database {path}: {err}") from err
        try:
            version = check(self.conn)  # before anything writes: a foreign or newer file stays untouched
            if read_only:
                if version < VERSION:
                    raise StoreError(f"database {path} needs an upgrade, and its home is read-only")
                return
            mode = self.conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode != "wal":
                raise StoreError(f"database {path}: cannot use WAL journal mode")
            self.conn.execute("PRAGMA synchronous = NORMAL")
            # Checkpoint every ~40 MB of WAL rather than every 4 MB: index pages rewritten by many feeds in
            # one refresh are copied back once, not each time (about 8% of the store's time in a big
            # refresh); the WAL file is cut back to 64 MB afterwards.
            self.conn.execute("PRAGMA wal_autocheckpoint = 10000")
            self.conn.execute("PRAGMA journal_size_limit = 67108864")
            migrate(self.conn)
        except sqlite3.DatabaseError as err:
            self.conn.close()
            raise StoreError(
                f"database {path} is damaged or not a newsreader database ({err}); it was left untouched"
            ) from err
        except BaseException:
            self.conn.close()
            raise

    def _connect(self, *, reader: bool = False) -> sqlite3.Connection:
        """A connection to the file, set up alike for writing and reading: the per-connection pragmas and
        the SQL functions the store's queries use (`regexp` for the filter language)."""
        target = f"{self.path.resolve().as_uri()}?mode=ro" if self._read_only else str(self.path)
        conn = sqlite3.connect(
            target, isolation_level=None, check_same_thread=False, timeout=10.0, uri=self._read_only
        )
        try:
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA busy_timeout = 10000")
            if not self._read_only:
                conn.execute("PRAGMA foreign_keys = ON")
            if reader:
                conn.execute("PRAGMA query_only = ON")  # writes belong to the write connection
            install(conn)
        except BaseException:
            conn.close()
            raise
        return conn

    def _reader(self) -> sqlite3.Connection:
        """The connection a read on this thread runs on: the write connection inside this thread's
        transaction (it sees its own uncommitted writes), else this thread's read connection."""
        if self._writer == threading.get_ident():
            return self.conn
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is not None:
            return conn
        with self._readers_lock:
            if self._closed:
                return self.conn  # closed: the read fails as on a closed connection
            # A thread that ended cannot be reading any more: its connection is closed now, not kept open.
            for thread, old in [r for r in self._readers if not r[0].is_alive()]:
                old.close()
                self._readers.remove((thread, old))
            conn = self._connect(reader=True)
            self._readers.append((threading.current_thread(), conn))
        self._local.conn = conn
        return conn

    def close(self) -> None:
        """Close every connection (the write connection after any transaction in progress)."""
        with self.lock, self._readers_lock:
            self._closed = True
            for _, conn in self._readers:
                conn.close()
            self._readers.clear()
            self.conn.close()

    @contextmanager
    def tx(self) -> Iterator[sqlite3.Connection]:
        """A write transaction: all or nothing. Nested calls join the outer transaction."""
        with self.lock:
            if self._depth:
                self._depth += 1
                try:
                    yield self.conn
                finally:
                    self._depth -= 1
                return
            self._depth = 1
            self._writer = threading.get_ident()
            try:
                yield from self._outer_tx()
            finally:
                self._depth = 0
                self._writer = None

    def _outer_tx(self) -> Iterator[sqlite3.Connection]:
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as err:
            raise _store_error(self.path, err) from err
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except sqlite3.Error as err:
            self._rollback()
            raise _store_error(self.path, err) from err
        except BaseException:
            self._rollback()
            raise

    def _rollback(self) -> None:
        # SQLite rolls back by itself after some errors (SQLITE_FULL, SQLITE_IOERR): nothing left to undo.
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    def query(self, sql: str, params: tuple[object, ...] | list[object] = ()) -> list[sqlite3.Row]:
        """Every row of one read (the one way the store reads: see `_reader` for which connection)."""
        try:
            return self._reader().execute(sql, params).fetchall()
        except sqlite3.Error as err:
            raise _store_error(self.path, err) from err
