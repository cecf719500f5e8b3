"""Network: hostile servers get a clear one-line error in bounded time, and nothing partial is stored.

(The basic limits — deadline against a dripping server, decompression bomb, redirect loops and schemes,
unknown encodings — are in test_fetch.py; these are the nastier variants.)
"""

from __future__ import annotations

import socket
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from newsreader.config import Config
from newsreader.errors import FetchError
from newsreader.fetch import Fetcher
from newsreader.refresh import refresh
from newsreader.store import Store
from tests.conftest import feed_bytes
from tests.server import LoopbackServer, Reply, drip, hang, sleep_then


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
        with pytest.raises(FetchError, match="once decoded"):
            await f.get(server.url("/d"))
        with pytest.raises(FetchError, match="more than one"):  # stacked encodings multiply the work
            await f.get(server.url("/dd"))


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


def _raw_headers(
    *lines: bytes, status: bytes = b"200 OK", body: bytes = b""
) -> Callable[[BaseHTTPRequestHandler], None]:
    """A handler that writes its status line and headers as raw bytes (latin-1 oddities included)."""

    def handler(h: BaseHTTPRequestHandler) -> None:
        h.wfile.write(b"HTTP/1.1 " + status + b"\r\n" + b"".join(line + b"\r\n" for line in lines))
        h.wfile.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    return handler


async def test_odd_header_values_never_crash_a_refresh(tmp_path: Path, server: LoopbackServer) -> None:
    feed = feed_bytes("rss2.xml")
    server.routes["/sup"] = _raw_headers(b"Retry-After: \xb2", status=b"503 Busy")
    server.routes["/age"] = _raw_headers(
        b"Cache-Control: max-age=\xb2", b"Content-Type: application/rss+xml", body=feed
    )
    server.routes["/etag"] = _raw_headers(b'ETag: "caf\xe9"', b"Last-Modified: \xff\xfe", body=feed)
    store = Store.open(tmp_path / "db")
    for path in ("/sup", "/age", "/etag"):
        store.add_feed(server.url(path))
    config = Config(deadline=3.0)
    first = {r.url: r async for r in refresh(store, config)}
    assert first[server.url("/sup")].error == "HTTP 503 Busy"
    assert first[server.url("/age")].status == first[server.url("/etag")].status == "updated"
    again = {r.url: r async for r in refresh(store, config, force=True)}  # validators are sent back
    assert again[server.url("/etag")].status == "unchanged"
    sent = server.seen("/etag")[-1].headers
    assert "if-none-match" not in sent and "if-modified-since" not in sent


async def test_urls_httpx_refuses_are_a_clean_error() -> None:
    async with _fetcher() as f:
        with pytest.raises(FetchError, match="invalid URL: Invalid IDNA hostname"):
            await f.get("http://a\u2488com/")  # "⒈": passes our policy, fails IDNA in httpx


async def test_queueing_for_a_slot_does_not_count_against_the_deadline(server: LoopbackServer) -> None:
    import asyncio

    def slow(h: BaseHTTPRequestHandler) -> None:
        time.sleep(0.6)
        h.send_response(200)
        h.send_header("Content-Length", "2")
        h.end_headers()
        h.wfile.write(b"ok")

    server.routes["/slow"] = slow
    async with _fetcher(deadline=1.0, per_host=1) as f:  # three requests, one at a time: 1.8 s in all
        results = await asyncio.gather(*(f.get(server.url("/slow")) for _ in range(3)))
    assert [r.content for r in results] == [b"ok"] * 3


@pytest.mark.parametrize("stall", ["hang", "drip"])
def test_a_host_that_stops_answering_costs_one_deadline(
    capsys: pytest.CaptureFixture[str], home: Path, server: LoopbackServer, stall: str
) -> None:
    """Twenty feeds on a host that never answers (or only drips), beside a feed on a host that does: the
    refresh ends within about one deadline (it took three); every failed feed is named once, in one line."""
    from newsreader.cli import main

    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text("[network]\ndeadline = 1.5\n")
    dead = [server.url(f"/dead{i}") for i in range(20)]
    for url in dead:
        server.routes[url.removeprefix(server.base)] = hang(server) if stall == "hang" else drip(server, 0.2)
    server.routes["/alive"] = Reply(feed_bytes("rss2.xml"))
    alive = server.url("/alive").replace("127.0.0.1", "localhost")  # the same server under another name
    opml = home / "feeds.opml"
    outlines = "".join(f'<outline xmlUrl="{u}"/>' for u in [*dead, alive])
    opml.write_text(f'<opml version="2.0"><body>{outlines}</body></opml>')
    assert main(["import", str(opml)]) == 0
    capsys.readouterr()
    start = time.monotonic()
    assert main(["refresh"]) == 1
    elapsed = time.monotonic() - start
    out, err = capsys.readouterr()
    assert elapsed < 1.5 * 1.6, f"took {elapsed:.1f} s"
    lines = err.splitlines()
    assert sorted(line.split(": ")[1] for line in lines) == sorted(dead)
    assert sum("stopped answering" in line for line in lines) >= 10
    # One clean line each: no reason wrapped in the brackets of another ("… (… (…))").
    assert all(line.count("(") <= 1 and line.count(")") <= 1 for line in lines), lines
    assert "1 updated" in out and "20 failed" in out


async def test_one_hanging_url_does_not_condemn_a_host_that_answers(server: LoopbackServer) -> None:
    import asyncio

    server.routes["/hang"] = hang(server)
    server.routes["/ok"] = Reply(b"ok", conditional=False)
    async with _fetcher(deadline=1.0) as f:
        results = await asyncio.gather(
            f.get(server.url("/hang")), *(f.get(server.url("/ok")) for _ in range(3)), return_exceptions=True
        )
        assert isinstance(results[0], FetchError) and "within 1 s" in str(results[0])
        assert [getattr(r, "content", r) for r in results[1:]] == [b"ok"] * 3
        assert (await f.get(server.url("/ok"))).content == b"ok"  # after the timeout too


async def test_a_server_that_stops_answering_does_not_condemn_another_port_of_its_host(
    server: LoopbackServer,
) -> None:
    """Two servers on one machine (127.0.0.1, two ports): the one that hangs is given up on, the other is
    still fetched (a self-hosted feed server beside a stuck one, an ssh tunnel beside another)."""
    other = LoopbackServer().start()
    try:
        server.routes["/hang"] = hang(server)
        other.routes["/ok"] = Reply(b"ok", conditional=False)
        async with _fetcher(deadline=1.0) as f:
            with pytest.raises(FetchError, match="within 1 s"):
                await f.get(server.url("/hang"))
            assert (await f.get(other.url("/ok"))).content == b"ok"
            with pytest.raises(FetchError, match=r"another request to 127\.0\.0\.1:\d+ timed out"):
                await f.get(server.url("/hang"))  # the port that hung is the one given up on, and named
    finally:
        other.stop()


def _counting(server: LoopbackServer, peak: dict[str, int], status: int = 200) -> Callable[..., None]:
    """Answer after 50 ms, recording how many requests were being answered at once."""

    def handler(h: BaseHTTPRequestHandler) -> None:
        with server.lock:
            peak["now"] = peak.get("now", 0) + 1
            peak["max"] = max(peak.get("max", 0), peak["now"])
        time.sleep(0.05)
        with server.lock:
            peak["now"] -= 1
        h.send_response(status)
        h.send_header("Content-Length", "2")
        h.end_headers()
        h.wfile.write(b"ok")

    return handler


async def test_one_host_gets_more_connections_only_while_it_keeps_up(server: LoopbackServer) -> None:
    import asyncio

    from newsreader.fetch.client import HostSlots

    peak: dict[str, int] = {}
    server.routes["/ok"] = _counting(server, peak)
    async with _fetcher(per_host=8, jobs=16) as f:
        await asyncio.gather(*(f.get(server.url("/ok")) for _ in range(60)))
        assert peak["max"] == 8 > HostSlots.START  # grew from the polite start to the ceiling, not past it
        busy: dict[str, int] = {}
        server.routes["/busy"] = _counting(server, busy, status=503)
        results = await asyncio.gather(
            *(f.get(server.url("/busy")) for _ in range(12)), return_exceptions=True
        )
        assert all(isinstance(r, FetchError) and "503" in str(r) for r in results)
        assert f._hosts[f"127.0.0.1:{server.port}"].limit == 1  # every 503 halved it


def test_more_hosts_that_never_answer_than_connections_cost_one_deadline(
    capsys: pytest.CaptureFixture[str], home: Path, server: LoopbackServer
) -> None:
    """Twelve servers that never answer - eight accept the connection and stay silent, four never complete
    it - and one that drips, with three feeds, all at once with 4 connections in all, beside six feeds that
    answer: the refresh ends within about one deadline (each wave of 4 silent servers cost a deadline
    of its own: four in all), every good feed is stored and every failed one named once, in one line."""
    from newsreader.cli import main

    deadline = 1.5
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text(f"[network]\ndeadline = {deadline}\n[refresh]\njobs = 4\n")
    listeners: list[socket.socket] = []
    dead: list[str] = []
    for i in range(12):
        listener = socket.create_server(("127.0.0.1", 0), backlog=64 if i < 8 else 0)
        listeners.append(listener)
        port = listener.getsockname()[1]
        if i >= 8:  # the one place in the accept queue taken: every other connection attempt goes unanswered
            filler = socket.create_connection(("127.0.0.1", port))
            listeners.append(filler)
        dead.append(f"http://127.0.0.1:{port}/feed.xml")
    dripping = LoopbackServer().start()
    try:
        for i in range(3):
            dripping.routes[f"/d{i}"] = drip(dripping, 0.2)
            dead.append(dripping.url(f"/d{i}"))
        good = []
        for i in range(6):
            server.routes[f"/good{i}"] = sleep_then(Reply(feed_bytes("rss2.xml")), 0.05)
            good.append(server.url(f"/good{i}"))
        outlines = "".join(f'<outline xmlUrl="{u}"/>' for u in [*dead, *good])
        opml = home / "feeds.opml"
        opml.write_text(f'<opml version="2.0"><body>{outlines}</body></opml>')
        assert main(["import", str(opml)]) == 0
        capsys.readouterr()
        start = time.monotonic()
        assert main(["refresh"]) == 1
        elapsed = time.monotonic() - start
    finally:
        dripping.stop()
        for sock in listeners:
            sock.close()
    out, err = capsys.readouterr()
    assert elapsed < 1.6 * deadline, f"took {elapsed:.1f} s"
    named = sorted(line.split(": ")[1] for line in err.splitlines())
    assert named == sorted(dead), err
    assert "6 updated" in out and f"{len(dead)} failed" in out


class _Silent:
    """Servers (one port each) that accept every connection and never answer; counts the connections
    open at once."""

    def __init__(self, count: int) -> None:
        self.listeners = [socket.create_server(("127.0.0.1", 0)) for _ in range(count)]
        self.open = self.peak = 0
        self.lock = threading.Lock()
        self.held: list[socket.socket] = []
        for listener in self.listeners:
            threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            with self.lock:
                self.held.append(conn)
                self.open += 1
                self.peak = max(self.peak, self.open)
            threading.Thread(target=self._until_closed, args=(conn,), daemon=True).start()

    def _until_closed(self, conn: socket.socket) -> None:
        try:
            while conn.recv(4096):
                pass
        except OSError:
            pass
        with self.lock:
            self.open -= 1

    def urls(self) -> list[str]:
        return [f"http://127.0.0.1:{listener.getsockname()[1]}/feed.xml" for listener in self.listeners]

    def close(self) -> None:
        for sock in [*self.listeners, *self.held]:
            sock.close()


async def test_requests_that_get_no_answer_stop_holding_the_connections_others_need(
    server: LoopbackServer,
) -> None:
    """Two connections in all, six hosts that never answer asked first: a request to a host that answers
    still gets through in a fraction of the deadline (it waited for all of it), and the silent ones each
    fail at their own timeout."""
    import asyncio

    silent = _Silent(6)
    server.routes["/ok"] = Reply(b"ok", conditional=False)
    try:
        async with _fetcher(jobs=2, deadline=2.0) as f:
            stuck = [asyncio.create_task(f.get(url)) for url in silent.urls()]
            await asyncio.sleep(0.05)
            start = time.monotonic()
            assert (await f.get(server.url("/ok"))).content == b"ok"
            assert time.monotonic() - start < 0.6  # parked after a twentieth of the deadline: 0.1 s
            results = await asyncio.gather(*stuck, return_exceptions=True)
            assert all(isinstance(r, FetchError) and "read timeout" in str(r) for r in results), results
            assert f._all.parked == 0
    finally:
        silent.close()


async def test_parked_requests_are_bounded() -> None:
    """One connection in motion and at most four parked (each holds a connection, a file descriptor): ten
    hosts that never answer have at most five connections open at once, and all fail within two
    deadlines (the sixth waits for a place, then has a deadline of its own)."""
    import asyncio

    from newsreader.fetch.client import PARKED

    silent = _Silent(10)
    try:
        async with _fetcher(jobs=1, deadline=1.0) as f:
            start = time.monotonic()
            results = await asyncio.gather(*(f.get(url) for url in silent.urls()), return_exceptions=True)
            elapsed = time.monotonic() - start
        assert all(isinstance(r, FetchError) for r in results)
        assert silent.peak == 1 + PARKED
        assert 2.0 <= elapsed < 3.2
    finally:
        silent.close()


async def test_connections_are_kept_alive_while_requests_are_parked(server: LoopbackServer) -> None:
    """Two hosts that never answer park their requests (two connections in all): meanwhile a host that
    answers gets its requests over one kept-alive connection, not a new one (and TLS handshake) each."""
    import asyncio

    ports: list[int] = []

    def answer(h: BaseHTTPRequestHandler) -> None:
        with server.lock:
            ports.append(h.client_address[1])
        h.send_response(200)
        h.send_header("Content-Length", "2")
        h.end_headers()
        h.wfile.write(b"ok")

    server.routes["/ok"] = answer
    silent = _Silent(2)
    try:
        async with _fetcher(jobs=2, deadline=2.0, read_timeout=2.0) as f:
            stuck = [asyncio.create_task(f.get(url)) for url in silent.urls()]
            await asyncio.sleep(0.3)
            assert f._all.parked == 2
            for _ in range(6):
                assert (await f.get(server.url("/ok"))).content == b"ok"
            await asyncio.gather(*stuck, return_exceptions=True)
        assert len(ports) == 6 and len(set(ports)) == 1, ports
    finally:
        silent.close()


async def test_two_hundred_requests_reuse_at_most_jobs_connections(server: LoopbackServer) -> None:
    """200 requests to one host, 16 at a time, go over at most 16 connections, each reused (the fetcher's
    own HTTP/1.1 transport, fetch/http11.py), and no more than 16 are kept idle afterwards."""
    import asyncio

    from newsreader.fetch.http11 import Http11Transport

    ports: list[int] = []

    def answer(h: BaseHTTPRequestHandler) -> None:
        time.sleep(0.005)
        with server.lock:
            ports.append(h.client_address[1])
        h.send_response(200)
        h.send_header("Content-Length", "2")
        h.end_headers()
        h.wfile.write(b"ok")

    server.routes["/ok"] = answer
    async with _fetcher(jobs=16, per_host=16) as f:
        assert isinstance(f.transport, Http11Transport)
        results = await asyncio.gather(*(f.get(server.url("/ok")) for _ in range(200)))
        assert f.transport.connections_made == len(set(ports)) <= 16
        assert sum(len(idle) for idle in f.transport._idle.values()) <= 16
    assert [r.content for r in results] == [b"ok"] * 200
    assert len(ports) == 200 and len(set(ports)) <= 16
