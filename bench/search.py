"""Search benchmark: the TUI's `/` and `newsreader search` on a 100k-entry store with 2,000 cached articles.

    python bench/search.py [--entries 100000] [--articles 2000] [--runs 20]

Side by side in one run: the previous query (titles and summaries only: `entries_fts`) and
`Store.search` as it is now (also the text of cached articles: `articles_fts`), for a word in many
titles, a rare word, and a word that is only in article text. Also the cost `put_article` now pays to
index an article's text. Target: a search under 50 ms.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from newsreader.models import Article, Entry, Paragraph, ParsedEntry, ParsedFeed
from newsreader.store import Store
from newsreader.store.store import _ENTRY_COLUMNS, _entry

WORDS = "harbour tide ferry storm kelp council bay survey crab library mesh fog bell wall chart".split()


def old_search(store: Store, word: str, limit: int = 500) -> list[Entry]:
    """`Store.search` before it covered article text (titles and summaries only), kept to compare."""
    sql = (
        f"SELECT {_ENTRY_COLUMNS} FROM entries_fts s JOIN entries e ON e.id = s.rowid"
        " JOIN feeds f ON f.id = e.feed_id WHERE entries_fts MATCH ?"
        " ORDER BY e.sort_time DESC, e.id DESC LIMIT ?"
    )
    db = store._db  # the private connection: benchmarks only
    return [_entry(r) for r in db.query(sql, (f'"{word}"', limit))]


def build(path: Path, entries: int, articles: int) -> tuple[Store, float]:
    rng = random.Random(7)
    store = Store.open(path)
    per_feed = 100
    links: list[str] = []
    for f in range(entries // per_feed):
        feed = store.add_feed(f"https://site{f}.example/feed.xml", title=f"Site {f}")
        items = []
        for i in range(per_feed):
            title = " ".join(rng.choices(WORDS, k=6)) + (" zeppelin" if rng.random() < 0.001 else "")
            link = f"https://site{f}.example/{i}.html"
            links.append(link)
            items.append(ParsedEntry(str(i), title, link, published=f"2026-01-{i % 28 + 1:02d}T00:00:00Z"))
        parsed = ParsedFeed(f"Site {f}", None, items)
        store.store_feed(feed.id, parsed, etag=None, last_modified=None, body_hash=str(f), next_update=0)
    start = time.perf_counter()
    for link in rng.sample(links, articles):
        body = " ".join(rng.choices(WORDS, k=400)) + " quayside"
        store.put_article([link], Article(url=link, title="t", blocks=[Paragraph(body)]).to_json())
    return store, (time.perf_counter() - start) / articles * 1000


def median_ms(fn: Callable[[str], object], word: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn(word)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--articles", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store, put_ms = build(Path(tmp) / "db.sqlite", args.entries, args.articles)
        print(
            f"{args.entries:,} entries, {args.articles:,} cached articles; put_article {put_ms:.2f} ms each\n"
        )
        print("| query | results (old / now) | old: titles+summaries, ms | now: + article text, ms |")
        print("|---|---|---|---|")
        for word in ("harbour", "zeppelin", "quayside"):
            old = old_search(store, word)
            now = store.search(word, limit=500)
            old_ms = median_ms(lambda w: old_search(store, w), word, args.runs)
            now_ms = median_ms(lambda w: store.search(w, limit=500), word, args.runs)
            print(f"| {word} | {len(old)} / {len(now)} | {old_ms:.1f} | {now_ms:.1f} |")
        store.close()


if __name__ == "__main__":
    main()
