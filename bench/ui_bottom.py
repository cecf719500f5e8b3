"""`G` on a big headline list: how long the event loop stalls, and how long until the cursor is at the end.

    python bench/ui_bottom.py [--feeds 200] [--per-feed 100] [--runs 3] [--peer /work/main/src]

`G` on "All articles" reads up to 5,000 more rows (`BOTTOM_STEP`). Each run is a fresh process (`--child`)
that builds the app through `create_app`, runs it headless at 100x32 with Textual's Pilot, opens All
articles, and then, with a ticker task on the event loop (it sleeps 1 ms and records the longest gap
between its wake-ups: the longest time no key, frame or timer could run), presses `G` and waits until
the cursor has moved to the last row `G` loaded. The same store is measured with this checkout's code and
with the peer's (`--peer`: another checkout's `src`, e.g. main before the change) in the same run,
alternating.
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

HERE = Path(__file__).resolve().parent.parent / "src"


def child(db: Path) -> None:
    import asyncio

    from newsreader.config import Config
    from newsreader.store import Store
    from newsreader.ui.app import create_app
    from newsreader.ui.screens.headlines import HeadlinesScreen

    async def run() -> None:
        app = create_app(Store.open(db), Config(images=False))
        async with app.run_test(size=(100, 32)) as pilot:
            await pilot.pause()
            await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, HeadlinesScreen)
            gaps: list[float] = []
            stop = False

            async def ticker() -> None:
                last = time.perf_counter()
                while not stop:
                    await asyncio.sleep(0.001)
                    now = time.perf_counter()
                    gaps.append(now - last)
                    last = now

            task = asyncio.create_task(ticker())
            await asyncio.sleep(0.05)
            start = time.perf_counter()
            app.simulate_key("G")  # no Pilot wait: the ticker sees what the key costs the loop
            while screen.table.cursor_row < 200:  # G moved it to the last row it loaded
                await asyncio.sleep(0.001)
            done = time.perf_counter() - start
            await asyncio.sleep(0.05)
            stop = True
            await task
            rows = screen.table.cursor_row + 1
            print(json.dumps({"end_ms": done * 1000, "stall_ms": max(gaps) * 1000, "rows": rows}), flush=True)
            await pilot.press("Q")

    asyncio.run(run())


def measure(db: Path, src: Path) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(src), "TZ": "UTC"}
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(db)], env=env, capture_output=True, text=True, check=True
    )
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--feeds", type=int, default=200)
    p.add_argument("--per-feed", type=int, default=100)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--peer", default="/work/main/src", help="another checkout's src, measured alongside")
    p.add_argument("--child", metavar="DB")
    args = p.parse_args()
    if args.child:
        child(Path(args.child))
        return 0
    from headlines import build_with_store

    work = Path(tempfile.mkdtemp(prefix="ui-bottom-"))
    try:
        print(f"building {args.feeds} x {args.per_feed} entries ...", flush=True)
        build_with_store(work, args.feeds, args.per_feed, seed=1)
        db = work / "newsreader.db"
        sides = {"this checkout": HERE, f"peer ({args.peer})": Path(args.peer)}
        results: dict[str, list[dict[str, float]]] = {name: [] for name in sides}
        for _ in range(args.runs):
            for name, src in sides.items():
                results[name].append(measure(db, src))
        print(f"\n`G` on All articles ({args.feeds * args.per_feed:,} entries), median of {args.runs} runs")
        print("| code | rows after G | longest event-loop stall (ms) | G to cursor at the end (ms) |")
        print("|---|---:|---:|---:|")
        for name, runs in results.items():
            stall = statistics.median(r["stall_ms"] for r in runs)
            end = statistics.median(r["end_ms"] for r in runs)
            print(f"| {name} | {int(runs[0]['rows']):,} | {stall:.0f} | {end:.0f} |")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    start = time.perf_counter()
    code = main()
    sys.exit(code)
