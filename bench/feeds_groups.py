"""The Feeds screen's grouping of feeds by tag, on a big subscription list: is it worth moving into SQL?

    python bench/feeds_groups.py [--feeds 1000] [--tags 100] [--per-feed 20] [--runs 5]

A temporary store gets `--feeds` feeds, each with one to three of `--tags` tags and `--per-feed` entries
(a third read). Timed, in process, median of `--runs`: `Store.feeds()` (the one query that reads feeds
with their tags and unread/total counts, run in a thread by the screen), the screen's grouping of those
feeds by tag in Python (`FeedsScreen.show`: the sorted tag set, then each tag's members and sums), and the
whole `show()` (grouping plus building the table's rows) in the app at 100x32. The frame budget is 16 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path


def build(path: Path, feeds: int, tags: int, per_feed: int) -> None:
    from newsreader.models import ParsedEntry, ParsedFeed
    from newsreader.store import Store

    rng = random.Random(1)
    store = Store.open(path)
    names = [f"Tag {t:03d}" for t in range(tags)]
    for f in range(feeds):
        feed = store.add_feed(
            f"https://feeds{f % 40}.example/{f}.xml", tags=rng.sample(names, rng.randint(1, 3))
        )
        entries = [
            ParsedEntry(
                key=f"{f}-{i}",
                title=f"Story {i} of feed {f}",
                link=f"https://feeds{f % 40}.example/{f}/{i}",
                published=f"2026-01-{1 + i % 28:02d}T08:00:00Z",
            )
            for i in range(per_feed)
        ]
        parsed = ParsedFeed(f"Feed {f}", None, entries)
        store.store_feed(feed.id, parsed, etag=None, last_modified=None, body_hash=str(f), next_update=0)
        for entry in store.headlines(feed_id=feed.id, limit=per_feed // 3):
            store.update_entry(entry.id, read=True)
    store.close()


def group(feeds: list) -> list[tuple[str, tuple, int, int]]:  # type: ignore[type-arg]
    """What `FeedsScreen.show` computes per tag (the same expressions)."""
    out = []
    for tag in sorted({t for f in feeds for t in f.tags}, key=str.lower):
        members = tuple(f for f in feeds if tag in f.tags)
        out.append((tag, members, sum(f.unread for f in members), sum(f.total for f in members)))
    return out


def median_ms(fn, runs: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


async def show_ms(db: Path, runs: int) -> tuple[float, int]:
    from newsreader.config import Config
    from newsreader.store import Store
    from newsreader.ui.app import create_app
    from newsreader.ui.screens.feeds import FeedsScreen

    app = create_app(Store.open(db), Config(images=False))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, FeedsScreen)
        result = median_ms(screen.show, runs), len(screen.table.data)
        await pilot.press("Q")
    return result


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--feeds", type=int, default=1000)
    p.add_argument("--tags", type=int, default=100)
    p.add_argument("--per-feed", type=int, default=20)
    p.add_argument("--runs", type=int, default=5)
    args = p.parse_args()
    from newsreader.store import Store

    work = Path(tempfile.mkdtemp(prefix="feeds-groups-"))
    try:
        db = work / "newsreader.db"
        build(db, args.feeds, args.tags, args.per_feed)
        store = Store.open(db)
        feeds = store.feeds()
        rows = sum(len(f.tags) for f in feeds)
        query = median_ms(store.feeds, args.runs)
        grouping = median_ms(lambda: group(feeds), args.runs)
        whole, table_rows = asyncio.run(show_ms(db, args.runs))
        entries = args.feeds * args.per_feed
        print(f"{args.feeds} feeds, {args.tags} tags ({rows} feed-tag pairs), {entries:,} entries")
        print(f"| step (median of {args.runs}) | ms |")
        print("|---|---:|")
        print(f"| `Store.feeds()` (SQL, in a worker thread) | {query:.1f} |")
        print(f"| grouping by tag in Python (on the event loop) | {grouping:.1f} |")
        print(f"| whole `FeedsScreen.show()` (grouping + {table_rows:,} table rows) | {whole:.1f} |")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
