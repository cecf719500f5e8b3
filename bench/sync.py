"""Sync speed against the real servers: newsreader's first sync of 10,000 entries in 200 feeds, side by side
with the plain HTTP requests that sync needs (the same requests, replayed with a bare httpx client, answers
read and thrown away), and the requests of an incremental sync with nothing new.

    python bench/sync.py [--feeds 200] [--entries 50] [--servers ttrss,fever]

Needs the servers of ../shared/sync (tests/sync_servers.py starts them; as root it installs TT-RSS).
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from newsreader.config import Config  # noqa: E402
from newsreader.fetch import Fetcher, Response  # noqa: E402
from newsreader.store import Store  # noqa: E402
from newsreader.sync.engine import sync_account  # noqa: E402
from tests.sync_servers import start_fever, start_ttrss, stop_fever, stop_ttrss  # noqa: E402

PARAGRAPH = "The harbour wall held through the night while the tide gauge logged a record. " * 6


def feed_xml(feed: int, entries: int) -> bytes:
    items = "".join(
        f"<item><title>Feed {feed} story {i}</title><link>http://example.com/f{feed}/{i}</link>"
        f"<guid isPermaLink='false'>bench-f{feed}-{i}</guid>"
        f"<pubDate>Mon, {1 + i % 28:02d} Jun 2026 {i % 24:02d}:{feed % 60:02d}:00 GMT</pubDate>"
        f"<description>&lt;p&gt;{PARAGRAPH} {feed}/{i}&lt;/p&gt;</description></item>"
        for i in range(entries)
    )
    return (
        f"<?xml version='1.0'?><rss version='2.0'><channel><title>Bench feed {feed}</title>"
        f"<link>http://example.com/f{feed}/</link>{items}</channel></rss>"
    ).encode()


def serve_feeds(count: int, entries: int) -> tuple[ThreadingHTTPServer, list[str]]:
    bodies = {f"/f{i}.xml": feed_xml(i, entries) for i in range(count)}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

        def do_GET(self) -> None:  # noqa: N802
            body = bodies.get(self.path, b"")
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    return httpd, [base + path for path in bodies]


@dataclass
class Recorded:
    method: str
    url: str
    content: bytes | None
    headers: dict[str, str]


class RecordingFetcher(Fetcher):
    """The real Fetcher, noting each request so the floor can replay exactly the same ones."""

    def __init__(self, config: Config) -> None:
        super().__init__(config)
        self.log: list[Recorded] = []

    async def request(
        self,
        method: str,
        url: str,
        *,
        content: bytes | None = None,
        headers: dict[str, str] | None = None,
        max_bytes: int | None = None,
    ) -> Response:
        self.log.append(Recorded(method, url, content, dict(headers or {})))
        return await super().request(method, url, content=content, headers=headers, max_bytes=max_bytes)


async def replay(log: list[Recorded], fix: Any = None) -> tuple[float, int]:
    """The same requests, one after another as sync makes them, with a bare httpx client."""
    async with httpx.AsyncClient(http2=False, timeout=120) as client:
        start = time.perf_counter()
        total = 0
        session: dict[str, str] = {}
        for r in log:
            content = fix(r.content, session) if fix and r.content else r.content
            answer = await client.request(r.method, r.url, content=content, headers=r.headers)
            total += len(answer.content)
            if fix:
                fix(None, session, answer.content)
        return time.perf_counter() - start, total


def ttrss_fix(content: bytes | None, session: dict[str, str], answer: bytes | None = None) -> bytes | None:
    """Replayed TT-RSS requests carry the replay's own session id."""
    import json
    import re

    if answer is not None:
        if b"session_id" in answer:
            session["sid"] = json.loads(answer)["content"]["session_id"]
        return None
    if content and "sid" in session:
        return re.sub(rb'"sid": "[^"]*"', f'"sid": "{session["sid"]}"'.encode(), content)
    return content


async def one_sync(store: Store, account_name: str) -> tuple[float, int, int, list[Recorded]]:
    account = store.account(account_name)
    assert account is not None
    fetcher = RecordingFetcher(Config())
    try:
        start = time.perf_counter()
        result = await sync_account(store, fetcher, account)
        elapsed = time.perf_counter() - start
    finally:
        await fetcher.aclose()
    if result.error:
        raise SystemExit(f"sync failed: {result.error}")
    return elapsed, result.new, result.requests, fetcher.log


def bench_server(kind: str, urls: list[str], rows: list[list[str]]) -> None:
    work = Path(tempfile.mkdtemp(prefix="nr-bench-sync-"))
    if kind == "ttrss":
        server = start_ttrss()
        for url in urls:
            server.call("subscribeToFeed", feed_url=url, category_id=0)
        t = time.perf_counter()
        server.update()
        print(f"ttrss: server fetched {len(urls)} feeds in {time.perf_counter() - t:.1f} s", file=sys.stderr)
        address, user, password, fix = (
            f"http://127.0.0.1:{server.port}/",
            server.user,
            server.password,
            ttrss_fix,
        )
    else:
        fv = start_fever()
        opml = work / "feeds.opml"
        outlines = "".join(f'<outline type="rss" xmlUrl="{u}"/>' for u in urls)
        opml.write_text(f'<?xml version="1.0"?><opml version="1.0"><body>{outlines}</body></opml>')
        t = time.perf_counter()
        import subprocess

        subprocess.run(
            [str(fv.dir / "coldsweat"), "import", str(opml), fv.email, "-f"], check=True, capture_output=True
        )
        print(f"fever: server fetched {len(urls)} feeds in {time.perf_counter() - t:.1f} s", file=sys.stderr)
        address, user, password, fix = fv.url, fv.email, fv.password, None
    try:
        # A warm-up sync records the requests; then the floor, newsreader on a fresh database, the floor
        # again: both sides meet the server equally warm, and the floor is the mean of the two.
        warm = Store.open(work / "warm.db")
        warm.add_account("bench", kind, address, user, "command", f"printf %s {password}")
        log = asyncio.run(one_sync(warm, "bench"))[3]
        warm.close()
        floor_a, size = asyncio.run(replay(log, fix))
        store = Store.open(work / "newsreader.db")
        store.add_account("bench", kind, address, user, "command", f"printf %s {password}")
        first, new, requests, log = asyncio.run(one_sync(store, "bench"))
        floor_b, _ = asyncio.run(replay(log, fix))
        floor = (floor_a + floor_b) / 2
        rows.append(
            [
                kind,
                "first sync",
                f"{new:,}",
                str(requests),
                f"{first:.2f}",
                f"{floor:.2f}",
                f"{first / floor:.2f}x",
            ]
        )
        again, new2, requests2, log2 = asyncio.run(one_sync(store, "bench"))
        floor2, _ = asyncio.run(replay(log2, fix))
        rows.append(
            [
                kind,
                "nothing new",
                str(new2),
                str(requests2),
                f"{again:.2f}",
                f"{floor2:.2f}",
                f"{again / floor2:.2f}x",
            ]
        )
        print(f"{kind}: first sync downloaded {size / 1e6:.1f} MB of JSON", file=sys.stderr)
        store.close()
    finally:
        if kind == "ttrss":
            stop_ttrss(server)
        else:
            stop_fever(fv)
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--entries", type=int, default=50, help="entries per feed")
    parser.add_argument("--servers", default="ttrss,fever")
    args = parser.parse_args()
    httpd, urls = serve_feeds(args.feeds, args.entries)
    rows: list[list[str]] = []
    try:
        for kind in args.servers.split(","):
            bench_server(kind, urls, rows)
    finally:
        httpd.shutdown()
    head = ["server", "sync", "new entries", "requests", "newsreader s", "plain HTTP s", "ratio"]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
