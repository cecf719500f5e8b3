"""Network: hostile servers get a clear one-line error in bounded time, and nothing partial is stored.

(The basic limits — deadline against a dripping server, decompression bomb, redirect loops and schemes,
unknown encodings — are in test_fetch.py; these are the nastier variants.)
"""

from __future__ import annotations

import socket
import threading
import time
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from newsreader.config import Config
from newsreader.errors import FetchError
from newsreader.fetch import Fetcher
from newsreader.refresh import refresh
from newsreader.store import Store
from tests.conftest import feed_bytes
from tests.server import LoopbackServer, Reply


def _fetcher(**kw: float | int) -> Fetcher:
    return Fetcher(Config(**{"deadline": 2.0, "read_timeout": 1.0, **kw}))  # type: ignore[arg-type]


def _huge_header(h: BaseHTTPRequestHandler) -> None:
    h.send_response(200)
    for i in range(2000):
        h.send_header(f"X-Junk-{i}", "y" * 100)
    h.send_header("Content-Length", "0")
    h.end_headers()


async def test_oversized_headers_are_refused(server: LoopbackServer) -> None:
    server.routes["/h"] = _huge_header
    async with _fetcher() as f:
        with pytest.raises(FetchError, match="response headers too large"):
            await f.get(server.url("/h"))


async def test_deflate_bomb_is_capped(server: LoopbackServer) -> None:
    bomb = zlib.compress(b"A" * (50 * 1024 * 1024), 9)
    server.routes["/d"] = Reply(bomb, headers={"Content-Encoding": "deflate"}, conditional=False)
    server.routes["/dd"] = Reply(
        zlib.compress(bomb), headers={"Content-Encoding": "deflate, deflate"}, conditional=False
    )
    async with _fetcher(max_bytes=2 * 1024 * 1024) as f:
        for path in ("/d", "/dd"):
            with pytest.raises(FetchError, match="once decoded"):
                await f.get(server.url(path))


async def test_corrupt_gzip_is_a_clear_error(server: LoopbackServer) -> None:
    server.routes["/bad"] = Reply(b"\x1f\x8bnot really gzip", headers={"Content-Encoding": "gzip"})
    async with _fetcher() as f:
        with pytest.raises(FetchError, match="corrupt gzip data"):
            await f.get(server.url("/bad"))


@pytest.fixture
def slow_headers_server() -> Iterator[str]:
    """A raw socket server that sends its status line and headers one byte at a time (slowloris)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(4)
    stop = threading.Event()

    def serve() -> None:
        sock.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except OSError:
                continue
            with conn:
                conn.recv(65536)
                for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"z" * 1000:
                    if stop.wait(0.05):
                        break
                    try:
                        conn.send(bytes([byte]))
                    except OSError:
                        break

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{sock.getsockname()[1]}/"
    stop.set()
    thread.join(2)
    sock.close()


async def test_slow_headers_hit_the_deadline(slow_headers_server: str) -> None:
    start = time.monotonic()
    async with _fetcher(deadline=1.0) as f:
        with pytest.raises(FetchError, match="no complete response within 1 s"):
            await f.get(slow_headers_server)
    assert time.monotonic() - start < 2.5


async def test_oversize_feed_stores_nothing_partial(tmp_path: Path, server: LoopbackServer) -> None:
    server.routes["/f"] = Reply(feed_bytes("rss2.xml"))
    store = Store.open(tmp_path / "db")
    store.add_feed(server.url("/f"))
    config = Config(deadline=2.0, max_bytes=100_000)
    _ = [r async for r in refresh(store, config)]
    assert store.counts()[0] == 3
    items = b"".join(
        b"<item><title>t%d</title><guid>g%d</guid><description>%s</description></item>" % (i, i, b"x" * 500)
        for i in range(400)
    )
    server.routes["/f"] = Reply(
        b'<rss version="2.0"><channel><title>Big</title>' + items + b"</channel></rss>"
    )
    (result,) = [r async for r in refresh(store, config)]
    assert result.status == "error" and "larger than" in (result.error or "")
    assert store.counts()[0] == 3
    assert store.feeds()[0].title == "Harbour & Hills News"
