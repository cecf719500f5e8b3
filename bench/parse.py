"""Feed parse speed: newsreader's parser beside feedparser, on the refresh benchmark's generated feeds.

    python bench/parse.py [--feeds 200] [--big-entries 2000] [--repeat 3]

Two workloads: `--feeds` typical feeds (RSS 2.0 and Atom, 20-100 entries, 20-200 KB, the same bytes
bench/refresh.py serves) and one big RSS feed of `--big-entries` entries. Each is parsed `--repeat` times
and the best CPU time is reported (single thread). feedparser runs on a sample of the typical
feeds only, it is ~50x slower. Run it with PYTHONPATH pointing at another checkout to compare versions.
"""

from __future__ import annotations

import argparse
import inspect
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from feedserver import FeedGenerator, FeedPlan, feed_plan  # noqa: E402

from newsreader.feeds import parse_feed  # noqa: E402

HOST = "127.0.0.1:8000"


def _feeds(n: int) -> list[tuple[str, bytes]]:
    gen = FeedGenerator()
    return [(f"http://{HOST}{(p := feed_plan(i)).path}", gen.render(p, HOST)) for i in range(n)]


def _big(entries: int) -> tuple[str, bytes]:
    plan = FeedPlan(0, "rss", entries, entries * 2_000)
    return f"http://{HOST}{plan.path}", FeedGenerator().render(plan, HOST)


def _best(repeat: int, work: Callable[[], int]) -> tuple[float, int]:
    best, count = float("inf"), 0
    for _ in range(repeat):
        start = time.process_time()  # CPU time: other processes on the machine do not count
        count = work()
        best = min(best, time.process_time() - start)
    return best, count


def _newsreader(docs: list[tuple[str, bytes]]) -> Callable[[], int]:
    takes_headers = "headers" in inspect.signature(parse_feed).parameters
    headers = {"content-type": "application/rss+xml; charset=utf-8"}

    def work() -> int:
        total = 0
        for url, body in docs:
            parsed = parse_feed(body, url, headers) if takes_headers else parse_feed(body, url)
            total += len(parsed.entries)
        return total

    return work


def _feedparser(docs: list[tuple[str, bytes]]) -> Callable[[], int]:
    import feedparser

    def work() -> int:
        return sum(len(feedparser.parse(body, sanitize_html=False).entries) for _, body in docs)

    return work


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--feeds", type=int, default=200)
    p.add_argument("--big-entries", type=int, default=2000)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--feedparser-sample", type=int, default=20)
    args = p.parse_args(argv)
    typical = _feeds(args.feeds)
    big = [_big(args.big_entries)]
    sample = typical[: args.feedparser_sample]
    rows: list[tuple[str, str, float, int, int]] = []
    for label, docs in ((f"{args.feeds} typical feeds", typical), ("1 big feed", big)):
        seconds, entries = _best(args.repeat, _newsreader(docs))
        rows.append(("newsreader", label, seconds, sum(len(b) for _, b in docs), entries))
    seconds, entries = _best(1, _newsreader(sample))
    rows.append(
        ("newsreader", f"{len(sample)} typical feeds", seconds, sum(len(b) for _, b in sample), entries)
    )
    seconds, entries = _best(1, _feedparser(sample))
    rows.append(
        ("feedparser", f"{len(sample)} typical feeds", seconds, sum(len(b) for _, b in sample), entries)
    )
    print("| parser | workload | MB | entries | seconds | MB/s | µs/entry |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for who, label, sec, size, n in rows:
        mb = size / 1e6
        print(
            f"| {who} | {label} | {mb:.1f} | {n} | {sec:.3f} | {mb / sec:.1f} | {sec / max(n, 1) * 1e6:.0f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
