"""The store's own SQLite connection, for tests only: pragmas, query plans, a full disk, a held write lock,
and rows no operation of `Store` shows. Code under src/ never reaches it (`Store._db` is private)."""

from __future__ import annotations

from newsreader.store import Store
from newsreader.store.db import Database


def raw_db(store: Store) -> Database:
    return store._db
