"""Opening the SQLite file: pragmas, migrations, one lock, and clear errors for damaged files."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from newsreader.errors import StoreError
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
    """One connection shared by threads under a lock; writes in explicit IMMEDIATE transactions.

    Autocommit mode (isolation_level=None) so that every transaction is ours: a feed's update is exactly one
    BEGIN IMMEDIATE ... COMMIT, and a crash mid-refresh leaves each feed fully updated or untouched.
    """

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        """`read_only`: for a home that cannot be written (the file is opened `mode=ro`, nothing is
        migrated; reading commands work, writing ones get a clear error)."""
        self.path = path
        self.lock = threading.RLock()
        self._depth = 0
        target = f"{path.resolve().as_uri()}?mode=ro" if read_only else str(path)
        try:
            self.conn = sqlite3.connect(
                target, isolation_level=None, check_same_thread=False, timeout=10.0, uri=read_only
            )
        except sqlite3.Error as err:
            raise StoreError(f"cannot open database {path}: {err}") from err
        self.conn.row_factory = sqlite3.Row
        try:
            self.conn.execute("PRAGMA busy_timeout = 10000")
            version = check(self.conn)  # before anything writes: a foreign or newer file stays untouched
            if read_only:
                if version < VERSION:
                    raise StoreError(f"database {path} needs an upgrade, and its home is read-only")
                return
            self.conn.execute("PRAGMA foreign_keys = ON")
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

    def close(self) -> None:
        with self.lock:
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
            try:
                yield from self._outer_tx()
            finally:
                self._depth = 0

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
        with self.lock:
            try:
                return self.conn.execute(sql, params).fetchall()
            except sqlite3.Error as err:
                raise _store_error(self.path, err) from err
