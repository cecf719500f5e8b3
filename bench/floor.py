"""The network floor for the refresh benchmark: plain concurrent GETs, bodies read and dropped.

    python bench/floor.py URLS_FILE --connections 16 [--state FILE]

A raw asyncio HTTP/1.1 client, the least work a refresh can do: `--connections` workers take URLs from one
queue, each keeping one keep-alive connection per host; every response body is read in full and dropped.
It sends what a reader sends (Accept-Encoding: gzip, and the ETag / Last-Modified of the previous run, kept
in `--state`), so each phase of bench/refresh.py has its own floor: cold (no validators), 200s with the same
bytes, 304s. No parsing, no storing: what is left between this and a reader is the reader's own cost.
Prints one JSON line: requests, statuses, bytes.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit


async def _get(
    conns: dict[tuple[str, int], tuple[asyncio.StreamReader, asyncio.StreamWriter]],
    url: str,
    validators: dict[str, tuple[str | None, str | None]],
    counts: Counter[str],
) -> None:
    parts = urlsplit(url)
    host, port = parts.hostname or "", parts.port or 80
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    etag, modified = validators.get(url, (None, None))
    head = [f"GET {path or '/'} HTTP/1.1", f"Host: {parts.netloc}", "Accept-Encoding: gzip", "Accept: */*"]
    if etag:
        head.append(f"If-None-Match: {etag}")
    if modified:
        head.append(f"If-Modified-Since: {modified}")
    request = ("\r\n".join(head) + "\r\n\r\n").encode("latin-1")
    for attempt in (0, 1):  # a kept-alive connection the server closed: reconnect once
        if (host, port) not in conns:
            conns[(host, port)] = await asyncio.open_connection(host, port)
        reader, writer = conns[(host, port)]
        try:
            writer.write(request)
            await writer.drain()
            status_head = await reader.readuntil(b"\r\n\r\n")
            break
        except (ConnectionError, asyncio.IncompleteReadError):
            writer.close()
            del conns[(host, port)]
            if attempt:
                raise
    lines = status_head.decode("latin-1").split("\r\n")
    status = lines[0].split(" ", 2)[1]
    headers = {}
    for line in lines[1:]:
        key, _, value = line.partition(":")
        headers[key.strip().lower()] = value.strip()
    length = int(headers.get("content-length") or 0)
    while length:  # read and drop
        chunk = await reader.read(min(length, 1 << 16))
        if not chunk:
            raise ConnectionError("short body")
        length -= len(chunk)
        counts["bytes"] += len(chunk)
    counts["requests"] += 1
    counts[status] += 1
    if status == "200":
        validators[url] = (headers.get("etag"), headers.get("last-modified"))
    if "close" in headers.get("connection", "").lower():
        writer.close()
        del conns[(host, port)]


async def run(
    urls: list[str], connections: int, validators: dict[str, tuple[str | None, str | None]]
) -> Counter[str]:
    queue: asyncio.Queue[str] = asyncio.Queue()
    for url in urls:
        queue.put_nowait(url)
    counts: Counter[str] = Counter()

    async def worker() -> None:
        conns: dict[tuple[str, int], tuple[asyncio.StreamReader, asyncio.StreamWriter]] = {}
        try:
            while not queue.empty():
                url = queue.get_nowait()
                try:
                    await _get(conns, url, validators, counts)
                except (OSError, asyncio.IncompleteReadError, ValueError, IndexError):
                    counts["errors"] += 1
        finally:
            for _, writer in conns.values():
                writer.close()

    await asyncio.gather(*(worker() for _ in range(connections)))
    return counts


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("urls", type=Path)
    p.add_argument("--connections", type=int, default=16)
    p.add_argument("--state", type=Path, help="validators kept between runs (JSON)")
    args = p.parse_args(argv)
    urls = [u for u in args.urls.read_text().split() if u]
    validators: dict[str, tuple[str | None, str | None]] = {}
    if args.state and args.state.exists():
        validators = {k: (v[0], v[1]) for k, v in json.loads(args.state.read_text()).items()}
    counts = asyncio.run(run(urls, args.connections, validators))
    if args.state:
        args.state.write_text(json.dumps(validators))
    print(json.dumps(dict(counts)))
    return 1 if counts["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
