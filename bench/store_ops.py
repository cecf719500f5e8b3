"""Store operations benchmark (issue 9 step 2): the operations as the UI used them before, beside the store's
named operations now, side by side in one run on one 100k-entry store (1,000 feeds, 100 of them tagged
"news", half the entries read, 2,000 cached articles).

    python bench/store_ops.py [--entries 100000] [--runs 7]

"Before" is the code this replaced, kept here to compare: search without filters and the unread filter
applied in Python after its LIMIT (so it finds fewer), "feeds of a tag" computed in Python from
`feeds()` with its counts then one UPDATE per feed, mark-all-read without the hidden check. Each row
prints both results' sizes so a faster row that returns less is visible. Times: median ms.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from search import build  # noqa: E402

from newsreader.query import parse_filter, to_sql  # noqa: E402
from newsreader.store import Store  # noqa: E402
from newsreader.store.store import _ENTRY_COLUMNS, _entry  # noqa: E402

QUERY_FEEDS = [  # bench/tui.py's query feeds
    'title =~ "storm|harbour|ferry"',
    'content # "council"',
    'tags !# "sport" and unread = "yes"',
    'unread = "yes" and age > 30',
    'tags # "news" and unread = "yes"',
]


def before_search(store: Store, word: str, limit: int, unread: bool) -> list[Any]:
    db = store._db  # the private connection: benchmarks and tests only
    terms = f'"{word}"'
    order = " ORDER BY e.sort_time DESC, e.id DESC LIMIT ?"
    rows = db.query(
        f"SELECT {_ENTRY_COLUMNS} FROM entries_fts s JOIN entries e ON e.id = s.rowid"
        " JOIN feeds f ON f.id = e.feed_id WHERE entries_fts MATCH ? AND e.hidden = 0" + order,
        (terms, limit),
    ) + db.query(
        f"SELECT {_ENTRY_COLUMNS} FROM entries e JOIN feeds f ON f.id = e.feed_id"
        " WHERE e.hidden = 0 AND e.link IN"
        " (SELECT a.url FROM articles_fts s JOIN articles a ON a.rowid = s.rowid WHERE articles_fts MATCH ?)"
        + order,
        (terms, limit),
    )
    unique = {r["id"]: r for r in rows}
    found = [
        _entry(r) for r in sorted(unique.values(), key=lambda r: (r["sort_time"], r["id"]), reverse=True)
    ]
    return [e for e in found[:limit] if not (unread and e.read)]  # the UI's filter, after the LIMIT


def before_mark_tag(store: Store, tag: str) -> list[int]:
    ids = [f.id for f in store.feeds() if tag in f.tags]
    changed: list[int] = []
    with store._db.tx() as conn:
        for feed_id in ids:
            rows = conn.execute(
                "UPDATE entries SET read = 1 WHERE read = 0 AND feed_id = ? RETURNING id", (feed_id,)
            ).fetchall()
            changed += [r[0] for r in rows]
    return changed


def before_mark_all(store: Store) -> list[int]:
    with store._db.tx() as conn:
        return [r[0] for r in conn.execute("UPDATE entries SET read = 1 WHERE read = 0 RETURNING id")]


def before_count(store: Store, text: str) -> int:
    """The count statement as it was (join, hidden test) around today's SQL for the filter itself."""
    condition, params = to_sql(parse_filter(text), datetime.now(UTC))
    sql = "SELECT count(*) FROM entries e JOIN feeds f ON f.id = e.feed_id"
    return int(store._db.query(f"{sql} WHERE e.read = 0 AND e.hidden = 0 AND {condition}", params)[0][0])


def timed(
    before: Callable[[], Any], now: Callable[[], Any], runs: int, reset: Callable[[], object] | None = None
) -> tuple[float, Any, float, Any]:
    """Median ms and last result of each, the two run in turn, which one first alternating (a busy machine
    slows both alike, and neither always follows the other)."""
    times: tuple[list[float], list[float]] = ([], [])
    results: list[Any] = [None, None]
    for run in range(runs):
        for i in (0, 1) if run % 2 == 0 else (1, 0):
            fn = (before, now)[i]
            if reset:
                reset()
            start = time.perf_counter()
            results[i] = fn()
            times[i].append((time.perf_counter() - start) * 1000)
    return statistics.median(times[0]), results[0], statistics.median(times[1]), results[1]


def size(result: Any) -> int:
    return result if isinstance(result, int) else len(result)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store, _ = build(Path(tmp) / "db.sqlite", args.entries, 2_000)
        db = store._db
        with db.tx() as conn:
            conn.execute("UPDATE feeds SET tags = ? WHERE id % 10 = 0", (json.dumps(["news"]),))
        half = "UPDATE entries SET read = ((id * 7919) % 13 < 6) WHERE hidden = 0"  # about half, spread
        unread_all = "UPDATE entries SET read = 0 WHERE hidden = 0"

        def reset(sql: str) -> Callable[[], object]:
            """Put the state back, then empty the WAL: a checkpoint must not land in one side's timing."""
            return lambda: (db.conn.execute(sql), db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)"))

        db.conn.execute(half)
        print(f"unread after the reset: {store.count(unread=True):,}")
        rows: list[tuple[str, Callable[[], Any], Callable[[], Any], Callable[[], object] | None]] = [
            (
                "search 'harbour', unread only, 500",
                lambda: before_search(store, "harbour", 500, True),
                lambda: store.search("harbour", limit=500, unread=True),
                None,
            ),
            (
                "search 'harbour', all, 500",
                lambda: before_search(store, "harbour", 500, False),
                lambda: store.search("harbour", limit=500),
                None,
            ),
            *(
                (
                    f"count a query feed: {text}",
                    partial(before_count, store, text),
                    partial(store.count, filter=parse_filter(text), unread=True),
                    None,
                )
                for text in QUERY_FEEDS
            ),
            (
                "mark a tag read (100 feeds)",
                lambda: before_mark_tag(store, "news"),
                lambda: store.mark_read(tag="news"),
                reset(half),
            ),
            ("mark all read", lambda: before_mark_all(store), lambda: store.mark_read(), reset(unread_all)),
        ]
        print(f"{args.entries:,} entries; median of {args.runs} runs, ms\n")
        print("| operation | before, ms | now, ms | results (before / now) |")
        print("|---|---|---|---|")
        for name, before, now, again in rows:
            before_ms, before_result, now_ms, now_result = timed(before, now, args.runs, again)
            print(f"| {name} | {before_ms:.1f} | {now_ms:.1f} | {size(before_result)} / {size(now_result)} |")
        store.close()


if __name__ == "__main__":
    main()
