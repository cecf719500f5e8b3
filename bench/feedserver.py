"""Deterministic loopback feed server for the refresh benchmarks.

Importable (``FeedServer`` starts it in a child process and talks to it) and runnable::

    python bench/feedserver.py --feeds 1000 --latency-ms 50

The server is a raw asyncio HTTP/1.1 server with keep-alive. Every feed body is generated once
at start-up from a seeded random generator (so every run serves the same bytes), pre-gzipped, and
served with ETag and Last-Modified. A request carrying a matching ``If-None-Match`` (or, without
one, an ``If-Modified-Since`` not older than Last-Modified) gets ``304 Not Modified`` unless the
server is in "ignore validators" mode, in which case it answers 200 with the same bytes. Each feed
request waits ``latency`` seconds (``asyncio.sleep``, never blocking) before the answer.

Feeds are spread round-robin over several loopback addresses (127.0.0.1 .. 127.0.0.4 by default),
each bound explicitly (never 0.0.0.0), so that per-host politeness limits in a client see several
hosts. Set FEEDSERVER_LOG=1 to log every request head to stderr.

Control endpoints (no latency, not counted in the stats), on any of the addresses:

    GET /_bench/mode?ignore_validators=1|0    switch "ignore validators" mode
    GET /_bench/stats                         JSON counters since the last reset
    GET /_bench/reset                         reset the counters
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import hashlib
import html
import json
import os
import random
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

DEFAULT_HOSTS = ("127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4")
DEFAULT_SEED = 20240601
BASE_TIME = 1_717_200_000  # 2024-06-01T00:00:00Z, the newest entry of feed 0

ENTRIES_RANGE = (20, 100)
SIZE_RANGE = (20_000, 200_000)


# --------------------------------------------------------------------------- feed content


@dataclass(frozen=True)
class FeedPlan:
    """What feed ``index`` looks like; cheap to compute (no body generated)."""

    index: int
    kind: str  # "rss" or "atom"
    entries: int
    target_bytes: int

    @property
    def path(self) -> str:
        return f"/feed/{self.index}.{'xml' if self.kind == 'rss' else 'atom'}"


def feed_plan(
    index: int,
    seed: int = DEFAULT_SEED,
    entries_range: tuple[int, int] = ENTRIES_RANGE,
    size_range: tuple[int, int] = SIZE_RANGE,
) -> FeedPlan:
    rng = random.Random(f"{seed}/plan/{index}")
    kind = "atom" if rng.random() < 0.4 else "rss"
    entries = rng.randint(*entries_range)
    target = rng.randint(*size_range)
    return FeedPlan(index, kind, entries, target)


def feed_url(index: int, endpoints: list[tuple[str, int]], plan: FeedPlan) -> str:
    host, port = endpoints[index % len(endpoints)]
    return f"http://{host}:{port}{plan.path}"


def _vocabulary(seed: int) -> list[str]:
    rng = random.Random(f"{seed}/vocab")
    letters = "etaoinshrdlcumwfgypbvkjxqz"
    weights = [26 - i for i in range(26)]
    words: set[str] = set()
    while len(words) < 800:
        words.add("".join(rng.choices(letters, weights, k=rng.randint(2, 11))))
    return sorted(words)


class FeedGenerator:
    def __init__(self, seed: int = DEFAULT_SEED) -> None:
        self.seed = seed
        self.words = _vocabulary(seed)

    def _text(self, rng: random.Random, n_words: int) -> str:
        return " ".join(rng.choices(self.words, k=max(1, n_words)))

    def _title(self, rng: random.Random) -> str:
        title = self._text(rng, rng.randint(3, 10)).capitalize()
        if rng.random() < 0.1:
            title += " & " + self._text(rng, 2)
        if rng.random() < 0.05:
            title += ' "quoted" <b>'
        return title

    def _html(self, rng: random.Random, host: str, feed: int, n_chars: int) -> str:
        """Some HTML of about ``n_chars`` characters: paragraphs, links, emphasis, code, lists."""
        parts: list[str] = []
        size = 0
        while size < n_chars:
            words = self._text(rng, rng.randint(20, 90)).split(" ")
            roll = rng.random()
            if roll < 0.3:
                i = rng.randrange(len(words))
                words[i] = f'<a href="http://{host}/item/{feed}/{rng.randint(0, 99)}">{words[i]}</a>'
            if rng.random() < 0.3:
                i = rng.randrange(len(words))
                words[i] = f"<em>{words[i]}</em>"
            if rng.random() < 0.15:
                i = rng.randrange(len(words))
                words[i] = f"<strong>{words[i]}</strong> &amp; <code>x&lt;y</code>"
            if roll > 0.93:
                chunk = "<ul>" + "".join(f"<li>{w}</li>" for w in words[:6]) + "</ul>"
            elif roll > 0.9:
                chunk = f'<p><img src="http://{host}/img/{feed}.png" alt="{words[0]}"></p>'
            else:
                chunk = "<p>" + " ".join(words).capitalize() + ".</p>"
            parts.append(chunk)
            size += len(chunk)
        return "\n".join(parts)

    def render(self, plan: FeedPlan, host: str) -> bytes:
        """The feed document for ``plan`` served from ``host`` ("addr:port")."""
        rng = random.Random(f"{self.seed}/feed/{plan.index}")
        i = plan.index
        feed_title = f"Feed {i}: " + self._title(rng)
        overhead = 600 if plan.kind == "rss" else 800
        per_entry = max(150, (plan.target_bytes - 700) // plan.entries - overhead)
        newest = BASE_TIME - i * 3600
        items: list[str] = []
        for n in range(plan.entries):
            link = f"http://{host}/item/{i}/{n}"
            title = self._title(rng)
            ts = newest - n * 7200 - rng.randint(0, 3000)
            full = rng.random() < 0.35  # summary + full content for some entries
            if full:
                summary = self._html(rng, host, i, min(400, per_entry // 4))
                content = self._html(rng, host, i, per_entry - len(summary))
            else:
                summary = self._html(rng, host, i, per_entry)
                content = ""
            author = self._text(rng, 2).title()
            if plan.kind == "rss":
                extra = f"<content:encoded><![CDATA[{content}]]></content:encoded>" if full else ""
                items.append(
                    "<item>"
                    f"<title>{html.escape(title, quote=False)}</title>"
                    f"<link>{link}</link>"
                    f'<guid isPermaLink="true">{link}</guid>'
                    f"<pubDate>{formatdate(ts, usegmt=True)}</pubDate>"
                    f"<dc:creator>{html.escape(author)}</dc:creator>"
                    f"<category>{self._text(rng, 1)}</category>"
                    f"<description>{html.escape(summary, quote=False)}</description>"
                    f"{extra}</item>\n"
                )
            else:
                stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts))
                extra = f'<content type="html">{html.escape(content, quote=False)}</content>' if full else ""
                items.append(
                    "<entry>"
                    f'<title type="text">{html.escape(title, quote=False)}</title>'
                    f'<link rel="alternate" type="text/html" href={quoteattr(link)}/>'
                    f"<id>{link}</id>"
                    f"<published>{stamp}</published><updated>{stamp}</updated>"
                    f"<author><name>{html.escape(author)}</name></author>"
                    f'<summary type="html">{html.escape(summary, quote=False)}</summary>'
                    f"{extra}</entry>\n"
                )
        site = f"http://{host}/site/{i}/"
        self_url = f"http://{host}{plan.path}"
        if plan.kind == "rss":
            doc = (
                '<?xml version="1.0" encoding="utf-8"?>\n'
                '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"'
                ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
                ' xmlns:atom="http://www.w3.org/2005/Atom">\n<channel>'
                f"<title>{html.escape(feed_title, quote=False)}</title>"
                f"<link>{site}</link>"
                f'<atom:link href="{self_url}" rel="self" type="application/rss+xml"/>'
                f"<description>Benchmark feed {i}</description><language>en</language>"
                f"<lastBuildDate>{formatdate(newest, usegmt=True)}</lastBuildDate>\n"
                + "".join(items)
                + "</channel>\n</rss>\n"
            )
        else:
            stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(newest))
            doc = (
                '<?xml version="1.0" encoding="utf-8"?>\n'
                '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">\n'
                f'<title type="text">{html.escape(feed_title, quote=False)}</title>'
                f"<id>urn:bench:feed:{i}</id><updated>{stamp}</updated>"
                f'<link rel="alternate" type="text/html" href="{site}"/>'
                f'<link rel="self" type="application/atom+xml" href="{self_url}"/>\n'
                + "".join(items)
                + "</feed>\n"
            )
        return doc.encode("utf-8")


@dataclass(frozen=True)
class Resource:
    body: bytes
    gzipped: bytes
    etag: str
    last_modified: str
    last_modified_ts: float
    content_type: str


def build_resources(
    n_feeds: int,
    endpoints: list[tuple[str, int]],
    seed: int = DEFAULT_SEED,
    entries_range: tuple[int, int] = ENTRIES_RANGE,
    size_range: tuple[int, int] = SIZE_RANGE,
) -> dict[tuple[int, str], Resource]:
    """Every feed body, keyed by (endpoint index, path)."""
    gen = FeedGenerator(seed)
    out: dict[tuple[int, str], Resource] = {}
    for i in range(n_feeds):
        plan = feed_plan(i, seed, entries_range, size_range)
        ep = i % len(endpoints)
        host, port = endpoints[ep]
        body = gen.render(plan, f"{host}:{port}")
        lm_ts = float(BASE_TIME - i * 3600)
        ctype = "application/rss+xml" if plan.kind == "rss" else "application/atom+xml"
        out[(ep, plan.path)] = Resource(
            body=body,
            gzipped=gzip.compress(body, compresslevel=6, mtime=0),
            etag='"' + hashlib.sha1(body).hexdigest()[:20] + '"',
            last_modified=formatdate(lm_ts, usegmt=True),
            last_modified_ts=lm_ts,
            content_type=ctype + "; charset=utf-8",
        )
    return out


# --------------------------------------------------------------------------- HTTP server

_REASONS = {200: "OK", 304: "Not Modified", 404: "Not Found", 400: "Bad Request"}


class Server:
    def __init__(self, latency: float) -> None:
        self.latency = latency
        self.ignore_validators = False
        self.resources: dict[tuple[int, str], Resource] = {}
        self.stats: Counter[str] = Counter()
        self.open_connections = 0
        # Requests being answered now (during the latency wait), overall and per address: the peaks say how
        # concurrent a client really was, globally and towards one host.
        self.in_flight = 0
        self.in_flight_ep: Counter[int] = Counter()
        self.log = bool(os.environ.get("FEEDSERVER_LOG"))

    # ---- validators
    def _not_modified(self, res: Resource, headers: dict[str, str]) -> bool:
        if self.ignore_validators:
            return False
        inm = headers.get("if-none-match")
        if inm is not None:
            tags = [t.strip().removeprefix("W/") for t in inm.split(",")]
            return "*" in tags or res.etag in tags
        ims = headers.get("if-modified-since")
        if ims:
            try:
                return parsedate_to_datetime(ims).timestamp() >= res.last_modified_ts
            except (TypeError, ValueError, IndexError):
                return False
        return False

    def _control(self, target: str) -> tuple[int, bytes]:
        parsed = urllib.parse.urlsplit(target)
        query = urllib.parse.parse_qs(parsed.query)
        if parsed.path == "/_bench/mode":
            if "ignore_validators" in query:
                self.ignore_validators = query["ignore_validators"][0] in ("1", "true", "yes")
            return 200, json.dumps({"ignore_validators": self.ignore_validators}).encode()
        if parsed.path == "/_bench/stats":
            data: dict[str, Any] = dict(self.stats)
            data["open_connections"] = self.open_connections
            data["peak_in_flight_host"] = max(
                (v for k, v in data.items() if k.startswith("peak_in_flight_ep")), default=0
            )
            data["ignore_validators"] = self.ignore_validators
            return 200, json.dumps(data).encode()
        if parsed.path == "/_bench/reset":
            self.stats.clear()
            return 200, b"{}"
        return 404, b"unknown control path\n"

    async def handle(self, ep: int, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.stats["connections"] += 1
        self.open_connections += 1
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
                    break
                lines = head.decode("latin-1").split("\r\n")
                try:
                    method, target, version = lines[0].split(" ", 2)
                except ValueError:
                    writer.write(self._head(400, "text/plain", 0, False, {}))
                    break
                headers: dict[str, str] = {}
                for line in lines[1:]:
                    if line:
                        key, _, value = line.partition(":")
                        headers[key.strip().lower()] = value.strip()
                if self.log:
                    print(head.decode("latin-1").rstrip(), file=sys.stderr, flush=True)
                length = int(headers.get("content-length") or 0)
                if length:
                    await reader.readexactly(length)
                conn = headers.get("connection", "").lower()
                keep = ("close" not in conn) if version == "HTTP/1.1" else ("keep-alive" in conn)
                await self._respond(ep, method, target, headers, keep, writer)
                await writer.drain()
                if not keep:
                    break
        except ConnectionError:
            pass
        finally:
            self.open_connections -= 1
            writer.close()

    def _head(self, status: int, ctype: str, length: int, keep: bool, extra: dict[str, str]) -> bytes:
        lines = [
            f"HTTP/1.1 {status} {_REASONS.get(status, 'X')}",
            f"Date: {formatdate(usegmt=True)}",
        ]
        lines.append("Server: newsreader-bench")
        if status != 304:
            lines.append(f"Content-Type: {ctype}")
            lines.append(f"Content-Length: {length}")
        lines.extend(f"{k}: {v}" for k, v in extra.items())
        lines.append("Connection: keep-alive" if keep else "Connection: close")
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")

    async def _respond(
        self,
        ep: int,
        method: str,
        target: str,
        headers: dict[str, str],
        keep: bool,
        writer: asyncio.StreamWriter,
    ) -> None:
        if target.startswith("/_bench/"):
            status, body = self._control(target)
            writer.write(self._head(status, "application/json", len(body), keep, {}) + body)
            return
        self.in_flight += 1
        self.in_flight_ep[ep] += 1
        self.stats["peak_in_flight"] = max(self.stats["peak_in_flight"], self.in_flight)
        key = f"peak_in_flight_ep{ep}"
        self.stats[key] = max(self.stats[key], self.in_flight_ep[ep])
        try:
            if self.latency:
                await asyncio.sleep(self.latency)
        finally:
            self.in_flight -= 1
            self.in_flight_ep[ep] -= 1
        self.stats["requests"] += 1
        path = urllib.parse.urlsplit(target).path
        res = self.resources.get((ep, path))
        if res is None:
            if path.startswith("/item/"):
                body = f"<!doctype html><title>{html.escape(path)}</title><p>item".encode()
                self.stats["200_item"] += 1
                writer.write(self._head(200, "text/html; charset=utf-8", len(body), keep, {}))
            else:
                body = b"not found\n"
                self.stats["404"] += 1
                writer.write(self._head(404, "text/plain", len(body), keep, {}))
            if method != "HEAD":
                writer.write(body)
            return
        validators = {
            "ETag": res.etag,
            "Last-Modified": res.last_modified,
            "Cache-Control": "max-age=0",
            "Vary": "Accept-Encoding",
        }
        if self._not_modified(res, headers):
            self.stats["304"] += 1
            writer.write(self._head(304, res.content_type, 0, keep, validators))
            return
        accept = headers.get("accept-encoding", "").lower()
        if "gzip" in accept:
            body = res.gzipped
            validators["Content-Encoding"] = "gzip"
            self.stats["200_gzip"] += 1
        else:
            body = res.body
            self.stats["200_identity"] += 1
        self.stats["200"] += 1
        self.stats["bytes_sent"] += len(body)
        writer.write(self._head(200, res.content_type, len(body), keep, validators))
        if method != "HEAD":
            writer.write(body)


async def serve(args: argparse.Namespace) -> None:
    server = Server(args.latency_ms / 1000.0)
    server.ignore_validators = args.ignore_validators
    listeners: list[asyncio.Server] = []
    endpoints: list[tuple[str, int]] = []
    for ep, host in enumerate(args.hosts):
        if host in ("0.0.0.0", "::", ""):
            raise SystemExit("refusing to bind a wildcard address")

        def factory(r: asyncio.StreamReader, w: asyncio.StreamWriter, ep: int = ep) -> Any:
            return server.handle(ep, r, w)

        srv = await asyncio.start_server(factory, host, args.port, backlog=4096, limit=65536)
        listeners.append(srv)
        endpoints.append((host, srv.sockets[0].getsockname()[1]))
    t0 = time.perf_counter()
    server.resources = build_resources(
        args.feeds,
        endpoints,
        args.seed,
        (args.min_entries, args.max_entries),
        (args.min_bytes, args.max_bytes),
    )
    ready = {
        "endpoints": endpoints,
        "feeds": args.feeds,
        "entries": sum(feed_plan_args(i, args).entries for i in range(args.feeds)),
        "bytes": sum(r.body.__len__() for r in server.resources.values()),
        "gzip_bytes": sum(r.gzipped.__len__() for r in server.resources.values()),
        "build_s": round(time.perf_counter() - t0, 2),
        "pid": os.getpid(),
    }
    print("READY " + json.dumps(ready), flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    for srv in listeners:
        srv.close()


def feed_plan_args(index: int, args: argparse.Namespace) -> FeedPlan:
    return feed_plan(index, args.seed, (args.min_entries, args.max_entries), (args.min_bytes, args.max_bytes))


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--feeds", type=int, default=1000)
    p.add_argument("--latency-ms", type=float, default=50.0)
    p.add_argument("--hosts", nargs="+", default=list(DEFAULT_HOSTS))
    p.add_argument("--port", type=int, default=0, help="0: an ephemeral port per address")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED)
    p.add_argument("--min-entries", type=int, default=ENTRIES_RANGE[0])
    p.add_argument("--max-entries", type=int, default=ENTRIES_RANGE[1])
    p.add_argument("--min-bytes", type=int, default=SIZE_RANGE[0])
    p.add_argument("--max-bytes", type=int, default=SIZE_RANGE[1])
    p.add_argument("--ignore-validators", action="store_true")
    return p


def main(argv: list[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    asyncio.run(serve(args))


# --------------------------------------------------------------------------- client side


class FeedServer:
    """Run ``feedserver.py`` in a child process; a context manager."""

    def __init__(
        self,
        feeds: int,
        latency_ms: float = 0.0,
        *,
        seed: int = DEFAULT_SEED,
        hosts: tuple[str, ...] = DEFAULT_HOSTS,
        entries_range: tuple[int, int] = ENTRIES_RANGE,
        size_range: tuple[int, int] = SIZE_RANGE,
        startup_timeout: float = 600.0,
    ) -> None:
        self.feeds = feeds
        self.seed = seed
        self.entries_range = entries_range
        self.size_range = size_range
        cmd = [
            sys.executable,
            str(Path(__file__).resolve()),
            "--feeds", str(feeds),
            "--latency-ms", str(latency_ms),
            "--seed", str(seed),
            "--min-entries", str(entries_range[0]),
            "--max-entries", str(entries_range[1]),
            "--min-bytes", str(size_range[0]),
            "--max-bytes", str(size_range[1]),
            "--hosts", *hosts,
        ]  # fmt: skip
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout is not None
        deadline = time.monotonic() + startup_timeout
        line = ""
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if not line or line.startswith("READY "):
                break
        if not line.startswith("READY "):
            self.proc.kill()
            raise RuntimeError(f"feed server did not start (exit {self.proc.poll()})")
        self.info: dict[str, Any] = json.loads(line[6:])
        self.endpoints: list[tuple[str, int]] = [(h, int(p)) for h, p in self.info["endpoints"]]
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    # ---- what is served
    def plan(self, index: int) -> FeedPlan:
        return feed_plan(index, self.seed, self.entries_range, self.size_range)

    def urls(self) -> list[str]:
        return [feed_url(i, self.endpoints, self.plan(i)) for i in range(self.feeds)]

    @property
    def total_entries(self) -> int:
        return int(self.info["entries"])

    def write_opml(self, path: Path) -> None:
        outlines = []
        for i, url in enumerate(self.urls()):
            kind = self.plan(i).kind
            outlines.append(
                f'    <outline type="rss" text="Feed {i}" title="Feed {i}" '
                f'xmlUrl={quoteattr(url)} version="{kind.upper()}"/>'
            )
        path.write_text(
            '<?xml version="1.0" encoding="utf-8"?>\n<opml version="2.0">\n'
            "  <head><title>newsreader refresh benchmark</title></head>\n  <body>\n"
            + "\n".join(outlines)
            + "\n  </body>\n</opml>\n",
            encoding="utf-8",
        )

    def write_urls(self, path: Path) -> None:
        path.write_text("\n".join(self.urls()) + "\n", encoding="utf-8")

    # ---- control
    def _get(self, path: str) -> dict[str, Any]:
        host, port = self.endpoints[0]
        with self._opener.open(f"http://{host}:{port}{path}", timeout=30) as resp:
            data: dict[str, Any] = json.loads(resp.read())
            return data

    def set_ignore_validators(self, on: bool) -> None:
        self._get(f"/_bench/mode?ignore_validators={int(on)}")

    def stats(self) -> dict[str, Any]:
        return self._get("/_bench/stats")

    def reset_stats(self) -> None:
        self._get("/_bench/reset")

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def __enter__(self) -> FeedServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


if __name__ == "__main__":
    main()
