"""Headlines benchmark: a 100k-entry store, then ``newsreader headlines`` and the query behind it.

    python bench/headlines.py                      # 1000 feeds x 100 entries, built via the store API
    python bench/headlines.py --build cli          # built by `newsreader refresh` on the feed server
    python bench/headlines.py --keep /tmp/hl --reuse   # time an existing store again

Building: by default the feeds of ``bench/feedserver.py`` (same generator, 100 entries each) are
parsed with ``newsreader.feeds.parse.parse_feed`` and written with ``Store.store_feed``, in process
(no HTTP); ``--build cli`` (or a store API that is not there) runs the feed server and
``newsreader import`` + ``newsreader refresh`` instead.

Timing: ``newsreader --home DIR headlines --limit 50 --json`` as a process (wall, CPU, peak RSS;
``newsreader --version`` alongside as the start-up baseline), and the query in process through
``Store.headlines`` (median of ``--runs``): the first page, pages deep in the list reached with the
keyset cursor ``after=(sort_time, id)``, the first unread page and one feed's first page.
Target: the query under 50 ms.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from feedserver import DEFAULT_SEED, SIZE_RANGE, FeedGenerator, FeedServer, feed_plan  # noqa: E402
from refresh import clean_env, count_rows, fmt_table, measure, newsreader_cmd, versions  # noqa: E402

QUERY_TARGET_MS = 50.0
MARKER = ".headlines-bench"


def build_with_store(home: Path, feeds: int, per_feed: int, seed: int) -> None:
    """Parse the generated feeds and store them through the store API, in process."""
    from newsreader.feeds.parse import parse_feed
    from newsreader.store import Store

    gen = FeedGenerator(seed)
    store = Store.open(home / "newsreader.db")
    parse_s = store_s = 0.0
    try:
        for i in range(feeds):
            plan = feed_plan(i, seed, (per_feed, per_feed), SIZE_RANGE)
            host = f"127.0.0.{i % 4 + 1}:8080"
            url = f"http://{host}{plan.path}"
            body = gen.render(plan, host)
            t0 = time.perf_counter()
            parsed = parse_feed(body, url)
            t1 = time.perf_counter()
            feed = store.add_feed(url)
            store.store_feed(
                feed.id,
                parsed,
                etag=None,
                last_modified=None,
                body_hash=hashlib.sha256(body).hexdigest(),
                next_update=0.0,
            )
            t2 = time.perf_counter()
            parse_s += t1 - t0
            store_s += t2 - t1
            if (i + 1) % 200 == 0:
                print(f"  stored {i + 1}/{feeds} feeds", flush=True)
    finally:
        store.close()
    print(f"  parse_feed {parse_s:.1f} s, add_feed + store_feed {store_s:.1f} s (one thread)")


def build_with_cli(home: Path, feeds: int, per_feed: int, seed: int, cmd: list[str]) -> None:
    env = clean_env()
    with FeedServer(feeds, 0.0, seed=seed, entries_range=(per_feed, per_feed)) as server:
        opml = home.parent / "feeds.opml"
        server.write_opml(opml)
        subprocess.run([*cmd, "--home", str(home), "import", str(opml)], env=env, check=True)
        res = subprocess.run([*cmd, "--home", str(home), "refresh", "--jobs", "16", "--quiet"], env=env)
        if res.returncode not in (0, 1):
            raise SystemExit(f"newsreader refresh failed with exit {res.returncode}")


def timed(fn: Callable[[], object], runs: int) -> tuple[list[float], object]:
    """Milliseconds of `runs` calls of `fn` after one warm-up call; the warm-up's result."""
    result = fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000.0)
    return times, result


def cursor_at(db: Path, offset: int, where: str = "") -> tuple[str, int] | None:
    """The keyset cursor (sort_time, id) of the row at `offset` in headline order."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        row = con.execute(
            f"SELECT sort_time, id FROM entries {where} ORDER BY sort_time DESC, id DESC LIMIT 1 OFFSET ?",
            (offset,),
        ).fetchone()
        return (str(row[0]), int(row[1])) if row else None
    finally:
        con.close()


def query_plans(store: Any, calls: list[tuple[str, Callable[[], object]]]) -> list[str]:
    """EXPLAIN QUERY PLAN of the SQL each call runs (captured with a trace callback)."""
    # The store's own connection (private: benchmarks and tests only), for its trace callback.
    conn: sqlite3.Connection | None = getattr(getattr(store, "_db", None), "conn", None)
    if conn is None:
        return ["(no store._db.conn: plans not available)"]
    out: list[str] = []
    for name, fn in calls:
        seen: list[str] = []
        conn.set_trace_callback(seen.append)
        try:
            fn()
        finally:
            conn.set_trace_callback(None)
        for sql in seen:
            if sql.lstrip().upper().startswith("SELECT"):
                try:
                    plan = conn.execute("EXPLAIN QUERY PLAN " + sql).fetchall()
                except sqlite3.Error as err:
                    out.append(f"{name}: cannot explain ({err})")
                    continue
                out.append(f"{name}:")
                out.extend(f"    {row[-1]}" for row in plan)
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--feeds", type=int, default=1000)
    p.add_argument("--per-feed", type=int, default=100, help="entries per feed")
    p.add_argument("--build", choices=("store", "cli"), default="store")
    p.add_argument("--runs", type=int, default=20, help="in-process runs per query (median)")
    p.add_argument("--process-runs", type=int, default=5)
    p.add_argument("--keep", metavar="DIR", help="build the store in DIR and keep it")
    p.add_argument("--reuse", action="store_true", help="with --keep: reuse a store built before")
    p.add_argument("--newsreader", help="newsreader command (default: `newsreader` on PATH)")
    p.add_argument("--newsboat", default="newsboat", help=argparse.SUPPRESS)
    p.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = p.parse_args(argv)

    info = versions(args)
    print(
        f"machine: nproc={info['nproc']} python={info['python']} newsboat={info['newsboat']} "
        f"newsreader={info['newsreader']} ({info['platform']})",
        flush=True,
    )
    cmd = newsreader_cmd(args)
    expected = args.feeds * args.per_feed

    if args.keep:
        work = Path(args.keep).resolve()
        home = work / "home"
        reuse = args.reuse and count_rows(home / "newsreader.db", "entries") == expected
        if not reuse and work.exists() and any(work.iterdir()):
            if not (work / MARKER).exists():
                raise SystemExit(f"--keep {work}: directory exists, is not empty and not ours")
            shutil.rmtree(work)
    else:
        work = Path(tempfile.mkdtemp(prefix="nr-headlines-bench-"))
        home = work / "home"
        reuse = False
    try:
        if not reuse:
            home.mkdir(parents=True, exist_ok=True)
            (work / MARKER).write_text("made by bench/headlines.py\n")
            t0 = time.perf_counter()
            how = args.build
            if how == "store":
                try:
                    build_with_store(home, args.feeds, args.per_feed, args.seed)
                except (ImportError, AttributeError, TypeError) as err:
                    print(f"store API not usable ({err!r}); building with the CLI instead")
                    shutil.rmtree(home)
                    home.mkdir()
                    how = "cli"
            if how == "cli":
                build_with_cli(home, args.feeds, args.per_feed, args.seed, cmd)
            print(f"built via {how} in {time.perf_counter() - t0:.1f} s", flush=True)
        db = home / "newsreader.db"
        n = count_rows(db, "entries")
        size_mb = sum(f.stat().st_size for f in home.glob("newsreader.db*")) / 1e6
        print(f"store: {db} with {n} entries ({size_mb:.0f} MB)", flush=True)
        if n != expected:
            print(f"warning: expected {expected} entries")
        ok = run_timings(args, home, db, cmd, n)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


def run_timings(args: argparse.Namespace, home: Path, db: Path, cmd: list[str], n: int) -> bool:
    from newsreader.store import Store

    rows: list[list[str]] = []
    ok = True

    def add(what: str, times: list[float], target: float | None, note: str = "") -> None:
        nonlocal ok
        med = statistics.median(times)
        result = ""
        if target is not None:
            result = "PASS" if med < target else "FAIL"
            ok &= med < target
        rows.append(
            [what, f"{med:.1f}", f"{min(times):.1f}", f"{max(times):.1f}", str(len(times))]
            + [f"< {target:g}" if target is not None else "", result, note]
        )

    # ---- as a process
    env = clean_env()
    log = home.parent / "headlines.log"
    out = home.parent / "headlines.json"
    for label, argv in (
        ("process: newsreader --version", ["--version"]),
        (
            "process: newsreader headlines --limit 50 --json",
            ["headlines", "--limit", "50", "--json"],
        ),
    ):
        walls, cpus, rss = [], [], []
        for _ in range(args.process_runs):
            m = measure(
                [*cmd, "--home", str(home), *argv],
                env=env,
                cwd=home.parent,
                log=log,
                timeout=300,
                stdout=out,
            )
            if m.exit != 0:
                raise SystemExit(f"{label} exited {m.exit}; see {log}")
            walls.append(m.wall_s * 1000)
            cpus.append(m.cpu_s * 1000)
            rss.append(m.rss_mb)
        note = f"cpu {statistics.median(cpus):.0f} ms, rss {max(rss):.0f} MB"
        if argv[0] == "headlines":
            try:
                doc = json.loads(out.read_bytes())
                items = doc if isinstance(doc, list) else next(v for v in doc.values() if isinstance(v, list))
                note += f", {len(items)} items"
            except (ValueError, StopIteration, AttributeError) as err:
                note += f", output not a JSON list ({err.__class__.__name__})"
                ok = False
        add(label, walls, None, note)

    # ---- in process
    opens = []
    for _ in range(5):
        t0 = time.perf_counter()
        s = Store.open(db)
        opens.append((time.perf_counter() - t0) * 1000)
        s.close()
    add("Store.open", opens, None)

    store = Store.open(db)
    try:
        deep = cursor_at(db, n // 2)
        deeper = cursor_at(db, max(n - 60, 0))
        first = store.headlines(limit=1)
        feed_id = first[0].feed_id if first else None
        calls: list[tuple[str, Callable[[], object]]] = [
            ("headlines(limit=50) first page", lambda: store.headlines(limit=50)),
        ]
        if deep:
            calls.append(
                (
                    f"headlines(after=cursor @ {n // 2})",
                    lambda: store.headlines(limit=50, after=deep),
                )
            )
        if deeper:
            calls.append(
                (
                    f"headlines(after=cursor @ {n - 60})",
                    lambda: store.headlines(limit=50, after=deeper),
                )
            )
        calls.append(("headlines(unread=True) first page", lambda: store.headlines(unread=True)))
        if deep:
            calls.append(
                (
                    f"headlines(unread=True, after=cursor @ {n // 2})",
                    lambda: store.headlines(unread=True, after=deep),
                )
            )
        if feed_id is not None:
            calls.append((f"headlines(feed_id={feed_id})", lambda: store.headlines(feed_id=feed_id)))
        for name, fn in calls:
            times, result = timed(fn, args.runs)
            count = len(result) if isinstance(result, list) else "?"
            add("query: " + name, times, QUERY_TARGET_MS, f"{count} rows")
        plans = query_plans(store, calls)
    finally:
        store.close()

    print()
    print(f"entries={n} runs={args.runs} process_runs={args.process_runs} (times in ms)")
    headers = ["what", "median", "min", "max", "runs", "target", "result", "note"]
    print(fmt_table(headers, rows, left=1))
    print("\nquery plans:")
    print("\n".join(plans))
    print(f"\noverall: {'PASS' if ok else 'FAIL'}")
    return ok


if __name__ == "__main__":
    sys.exit(main())
