"""TUI benchmark: time to the first usable frame and to a cached article, with 0 and 100k entries.

    python bench/tui.py [--feeds 1000] [--per-feed 100] [--runs 5] [--keep DIR]

Each run is a fresh process (`--child`) that builds the app through the same factory as `newsreader`
(`create_app`), runs it headless at 100x32 with Textual's Pilot, and prints when the Feeds screen shows
its counts (the first usable frame), then opens "All articles" and a cached article several times. The
parent measures the process's wall time to the first usable frame (interpreter start and imports
included) and its peak RSS (wait4). Targets: first frame with 100k entries <= 1.3x the empty one;
a cached article opens in < 100 ms (median of the opens; the slowest is printed too);
peak RSS with 100k entries < 200 MB.

With `--queries N` (default 3) both stores get N query feeds (issue 11): their rows show at once and are
counted in a worker after the first frame; the time until every count is shown is printed too.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


QUERIES = {
    "Unread this week": 'unread = "yes" and age < 7',
    "Regex in titles": 'title =~ "storm|harbour|ferry"',
    "Full text": 'content # "council"',
    "Not this tag": 'tags !# "sport" and unread = "yes"',
    "Old unread": 'unread = "yes" and age > 30',
}


def child(db: Path, opens: int) -> None:
    """Run the app headless and time real events, not Pilot's waits (a press waits for idle afterwards).

    A frame is a compositor refresh of the screen: "first usable frame" is the first one after the Feeds
    screen loaded its rows; an article is "open" at the first frame after it was rendered into the view.
    """
    import asyncio

    from textual.screen import Screen

    from newsreader.config import Config
    from newsreader.store import Store
    from newsreader.ui.app import create_app
    from newsreader.ui.screens.article import ArticleScreen
    from newsreader.ui.screens.feeds import FeedsScreen
    from newsreader.ui.screens.headlines import HeadlinesScreen

    marks: dict[str, float] = {}
    frames: list[float] = []

    def after(cls: type, name: str, mark: str) -> None:
        original = getattr(cls, name)
        if asyncio.iscoroutinefunction(original):

            async def wrapped_async(self: object, *a: object, **kw: object) -> object:
                result = await original(self, *a, **kw)
                marks[mark] = time.perf_counter()
                return result

            setattr(cls, name, wrapped_async)
        else:

            def wrapped(self: object, *a: object, **kw: object) -> object:
                result = original(self, *a, **kw)
                marks[mark] = time.perf_counter()
                if mark == "frame":
                    frames.append(marks[mark])
                return result

            setattr(cls, name, wrapped)

    after(FeedsScreen, "show", "feeds")  # what reload read, shown
    after(HeadlinesScreen, "reload", "headlines")
    after(ArticleScreen, "show_loaded", "article")
    after(Screen, "_compositor_refresh", "frame")  # partial updates
    after(Screen, "_refresh_layout", "frame")  # full layouts (a new screen, new widgets)

    async def frame_after(mark: str) -> float:
        """Wait (cheaply) for the first frame drawn after `mark` was set; return its time."""
        for _ in range(20000):
            if mark in marks:
                later = [t for t in frames if t > marks[mark]]
                if later:
                    return later[0]
            await asyncio.sleep(0.0005)
        raise SystemExit(f"no frame after {mark}")

    async def run() -> None:
        store = Store.open(db)
        app = create_app(store, Config(images=False))
        async with app.run_test(size=(100, 32)) as pilot:
            await frame_after("feeds")
            print("ready", flush=True)
            result: dict[str, object] = {}
            feeds = app.screen
            assert isinstance(feeds, FeedsScreen)
            start = time.perf_counter()
            while any(k.startswith("query:") and i.unread < 0 for k, i in feeds.items.items()):
                await asyncio.sleep(0.001)
            if any(k.startswith("query:") for k in feeds.items):
                result["query_counts_ms"] = (time.perf_counter() - start) * 1000
            if store.counts()[0]:
                marks.pop("headlines", None)
                start = time.perf_counter()
                await pilot.press("enter")
                result["headlines_ms"] = (await frame_after("headlines") - start) * 1000
                times = []
                for _ in range(opens):
                    marks.pop("article", None)
                    start = time.perf_counter()
                    await pilot.press("enter")
                    times.append((await frame_after("article") - start) * 1000)
                    await pilot.press("q")
                    await pilot.pause()
                result["article_ms"] = times
            print(json.dumps(result), flush=True)
            await pilot.press("Q")

    asyncio.run(run())


def build(home: Path, feeds: int, per_feed: int, queries: int = 0) -> Path:
    from headlines import build_with_store

    from newsreader.models import Article, Paragraph
    from newsreader.store import Store

    home.mkdir(parents=True, exist_ok=True)
    if feeds:
        build_with_store(home, feeds, per_feed, seed=1)
    store = Store.open(home / "newsreader.db")
    newest = store.headlines(limit=1)
    if newest and newest[0].link:
        body = [
            Paragraph(f"Bench article body, paragraph {i}. " + "Words in a sentence. " * 30)
            for i in range(40)
        ]
        article = Article(url=newest[0].link, title=newest[0].title, blocks=list(body))
        store.put_article([newest[0].link], article.to_json())
    for name, expr in list(QUERIES.items())[:queries]:
        store.save_query(name, expr)
    store.close()
    return home / "newsreader.db"


def _ms(value: object) -> float:
    """A timing the child reported in its JSON line."""
    assert isinstance(value, int | float), value
    return float(value)


def _times(value: object) -> list[float]:
    assert isinstance(value, list), value
    return [_ms(v) for v in value]


def measure(db: Path, opens: int) -> tuple[float, float, dict[str, object]]:
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, __file__, "--child", str(db), "--opens", str(opens)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "TZ": "UTC"},
    )
    assert proc.stdout is not None
    first = proc.stdout.readline()
    ready = time.perf_counter() - start
    if first.strip() != "ready":
        raise SystemExit(f"child failed: {first!r}")
    result = json.loads(proc.stdout.readline())
    _, status, usage = os.wait4(proc.pid, 0)
    if status:
        raise SystemExit(f"child exited with status {status}")
    return ready, usage.ru_maxrss / 1024, result


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--feeds", type=int, default=1000)
    p.add_argument("--per-feed", type=int, default=100)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--opens", type=int, default=5)
    p.add_argument("--keep", metavar="DIR")
    p.add_argument("--queries", type=int, default=3, help="query feeds in both stores (0-5)")
    p.add_argument("--child", metavar="DB")
    args = p.parse_args()
    if args.child:
        child(Path(args.child), args.opens)
        return 0
    work = Path(args.keep or tempfile.mkdtemp(prefix="tui-bench-"))
    try:
        empty = (
            build(work / "empty", 0, 0, args.queries)
            if not (work / "empty/newsreader.db").exists()
            else work / "empty/newsreader.db"
        )
        big_home = work / "big"
        big = big_home / "newsreader.db"
        if not big.exists():
            print(f"building {args.feeds} x {args.per_feed} entries ...", flush=True)
            build(big_home, args.feeds, args.per_feed, args.queries)
        print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, {args.queries} query feeds")
        rows = {}
        for name, db in (("empty", empty), (f"{args.feeds * args.per_feed // 1000}k entries", big)):
            runs = [measure(db, args.opens) for _ in range(args.runs)]
            rows[name] = runs
        print(
            f"\n{'store':14} {'first frame s':>14} {'peak RSS MB':>12} {'All list ms':>12}"
            f" {'cached article ms (first / median)':>36} {'query counts ms':>16}"
        )
        for name, runs in rows.items():
            ready = statistics.median(r[0] for r in runs)
            rss = max(r[1] for r in runs)
            lists = [_ms(r[2]["headlines_ms"]) for r in runs if "headlines_ms" in r[2]]
            arts = [_times(r[2]["article_ms"]) for r in runs if "article_ms" in r[2]]
            firsts = [a[0] for a in arts if a]
            rest = [x for a in arts for x in a[1:]]
            art = f"{statistics.median(firsts):.0f} / {statistics.median(rest):.0f}" if arts else "-"
            lst = f"{statistics.median(lists):.0f}" if lists else "-"
            counted = [_ms(r[2]["query_counts_ms"]) for r in runs if "query_counts_ms" in r[2]]
            qc = f"{statistics.median(counted):.0f}" if counted else "-"
            print(f"{name:14} {ready:14.3f} {rss:12.0f} {lst:>12} {art:>36} {qc:>16}")
        names = list(rows)
        ratio = statistics.median(r[0] for r in rows[names[1]]) / statistics.median(
            r[0] for r in rows[names[0]]
        )
        opens = [x for r in rows[names[1]] for x in r[2]["article_ms"]]  # type: ignore[attr-defined]
        median_art, worst_art = statistics.median(opens), max(opens)
        rss_big = max(r[1] for r in rows[names[1]])
        print()
        print(
            f"first frame ratio 100k/empty  {ratio:.2f}  target <= 1.3   {'PASS' if ratio <= 1.3 else 'FAIL'}"
        )
        print(
            f"cached article, median open   {median_art:.0f} ms  target < 100"
            f"   {'PASS' if median_art < 100 else 'FAIL'}   (slowest of {len(opens)}: {worst_art:.0f} ms)"
        )
        print(
            f"peak RSS with 100k entries    {rss_big:.0f} MB  target < 200"
            f"   {'PASS' if rss_big < 200 else 'FAIL'}"
        )
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
