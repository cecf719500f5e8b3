"""Store contention benchmark: how long the UI's read of a 200-row headlines page takes while another thread
runs a long store operation (as the TUI's workers do: mark all read, a regex count, a search), on one
100k-entry store (bench/search.py's builder).

    python bench/store_contention.py [--entries 100000] [--runs 7]

Side by side in one run: "one connection" is the store's reads as they were (every read on the one write
connection, under its lock) and "read connections" the store as it is now (a read connection per thread).
The page is read on the main thread 20 ms after the other thread started its operation; each row also gives
the page alone and how long the operation itself took, so a faster page that slows the operation is
visible. Times: median ms (and the worst run) over `--runs`, the two sides run in turn.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from search import build  # noqa: E402

from newsreader.query import parse_filter  # noqa: E402
from newsreader.store import Store  # noqa: E402
from newsreader.store.db import Database  # noqa: E402

LEAD = 0.02  # seconds the operation runs before the page is read


def one_connection(db: Database) -> Callable[..., list[sqlite3.Row]]:
    """`Database.query` as it was: the write connection, under the lock (kept here to compare)."""

    def query(sql: str, params: tuple[object, ...] | list[object] = ()) -> list[sqlite3.Row]:
        with db.lock:
            return db.conn.execute(sql, params).fetchall()

    return query


def page_during(store: Store, operation: Callable[[], object]) -> tuple[float, float]:
    """(ms for a 200-row page read on this thread while `operation` runs on another, ms of the operation)."""
    started = threading.Event()
    took: list[float] = []

    def run() -> None:
        start = time.perf_counter()
        started.set()
        operation()
        took.append((time.perf_counter() - start) * 1000)

    thread = threading.Thread(target=run)
    thread.start()
    started.wait()
    time.sleep(LEAD)
    start = time.perf_counter()
    store.headlines(limit=200)
    page = (time.perf_counter() - start) * 1000
    thread.join()
    return page, took[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store, _ = build(Path(tmp) / "db.sqlite", args.entries, 2_000)
        db = store._db  # the private connection: benchmarks and tests only
        now_query = db.query
        sides = {"one connection": one_connection(db), "read connections": now_query}

        def unread_all() -> None:
            db.conn.execute("UPDATE entries SET read = 0 WHERE hidden = 0")
            db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

        rows: list[tuple[str, Callable[[], object], Callable[[], object] | None]] = [
            ("nothing (page alone)", lambda: None, None),
            ("mark all read", store.mark_read, unread_all),
            (
                "count 'title =~ \"storm|harbour|ferry\"'",
                lambda: store.count(filter=parse_filter('title =~ "storm|harbour|ferry"')),
                None,
            ),
            ("search 'harbour', 500", lambda: store.search("harbour", limit=500), None),
        ]
        print(f"{args.entries:,} entries; a 200-row page on the main thread while another thread runs the")
        print(f"operation; median (worst) of {args.runs} runs, ms\n")
        print(
            "| other thread runs | page, one connection | page, read connections "
            "| operation, one connection | operation, read connections |"
        )
        print("|---|---|---|---|---|")
        for name, operation, reset in rows:
            pages: dict[str, list[float]] = {side: [] for side in sides}
            ops: dict[str, list[float]] = {side: [] for side in sides}
            for run in range(args.runs):
                for side in list(sides) if run % 2 == 0 else list(reversed(sides)):
                    if reset:
                        reset()
                    db.query = sides[side]  # type: ignore[method-assign]
                    page, took = page_during(store, operation)
                    pages[side].append(page)
                    ops[side].append(took)
            db.query = now_query  # type: ignore[method-assign]

            def cell(values: list[float]) -> str:
                return f"{statistics.median(values):.1f} ({max(values):.1f})"

            print(f"| {name} | " + " | ".join(cell(v[s]) for v in (pages, ops) for s in sides) + " |")
        store.close()


if __name__ == "__main__":
    main()
