"""The SQLite store: subscriptions, entries and their state, HTTP validators, cached articles, history.

Everything is behind `Store`; callers never see SQL. Headlines use keyset pagination on
(sort_time, id) so page 1,000 costs the same as page 1.
"""

from __future__ import annotations

from newsreader.store.db import now_iso
from newsreader.store.entry_query import EntryFilter
from newsreader.store.store import Cursor, FeedState, FeedWrite, Store

__all__ = ["Cursor", "EntryFilter", "FeedState", "FeedWrite", "Store", "now_iso"]
