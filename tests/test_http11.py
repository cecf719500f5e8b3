"""The fetcher's own HTTP/1.1 transport (fetch/http11.py) against a real loopback server: connections kept
alive and given up at the right times, a closed kept-alive connection retried once, large bodies read with
back-pressure, bodies cut short said plainly."""

from __future__ import annotations

import asyncio
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from newsreader.config import Config
from newsreader.errors import FetchError
from newsreader.fetch import Fetcher, http11
from tests.server import LoopbackServer


def _fetcher(**kw: float | int) -> Fetcher:
    return Fetcher(Config(**{"deadline": 5.0, "read_timeout": 2.0, **kw}))  # type: ignore[arg-type]


class _Ports:
    """Answers "ok", recording the client port (the connection) of each request; `close_after` closes each
    connection after that many answers (Connection: close), `drop_second` makes the second request on a
    connection find it closed with no answer (the race of a server closing a kept-alive connection)."""

    def __init__(self, server: LoopbackServer, *, close_after: int = 0, drop_second: bool = False) -> None:
        self.server = server
        self.ports: list[int] = []
        self.close_after = close_after
        self.drop_second = drop_second

    def __call__(self, h: BaseHTTPRequestHandler) -> None:
        port = h.client_address[1]
        with self.server.lock:
            self.ports.append(port)
            count = self.ports.count(port)
        if self.drop_second and count == 2:
            h.close_connection = True  # no answer: the connection just closes
            return
        h.send_response(200)
        h.send_header("Content-Length", "2")
        if self.close_after and count >= self.close_after:
            h.send_header("Connection", "close")
        h.end_headers()
        h.wfile.write(b"ok")


async def test_a_connection_is_kept_alive_and_reused(server: LoopbackServer) -> None:
    answers = server.routes["/ok"] = _Ports(server)
    async with _fetcher() as f:
        for _ in range(5):
            assert (await f.get(server.url("/ok"))).content == b"ok"
    assert len(answers.ports) == 5 and len(set(answers.ports)) == 1


async def test_connection_close_is_honoured(server: LoopbackServer) -> None:
    answers = server.routes["/ok"] = _Ports(server, close_after=2)
    async with _fetcher() as f:
        for _ in range(6):
            assert (await f.get(server.url("/ok"))).content == b"ok"
    assert len(set(answers.ports)) == 3  # two answers per connection


async def test_a_kept_alive_connection_closed_under_a_get_is_retried_once_anew(
    server: LoopbackServer,
) -> None:
    """The server closes a kept-alive connection as the next request arrives (before any answer): the GET
    goes again on a new connection, and succeeds."""
    answers = server.routes["/ok"] = _Ports(server, drop_second=True)
    async with _fetcher() as f:
        assert (await f.get(server.url("/ok"))).content == b"ok"
        await asyncio.sleep(0.05)  # the idle connection stays open on the server's side
        assert (await f.get(server.url("/ok"))).content == b"ok"
    first, dropped, retried = answers.ports
    assert first == dropped != retried


async def test_a_new_connection_closed_without_an_answer_is_an_error(server: LoopbackServer) -> None:
    def close(h: BaseHTTPRequestHandler) -> None:
        h.close_connection = True

    server.routes["/close"] = close
    async with _fetcher() as f:
        with pytest.raises(FetchError, match="Server disconnected without sending a response"):
            await f.get(server.url("/close"))
    assert len(server.seen("/close")) == 1  # a fresh connection is never retried


async def test_an_idle_connection_past_its_keep_alive_is_not_reused(
    server: LoopbackServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(http11, "KEEP_ALIVE_S", 0.1)
    answers = server.routes["/ok"] = _Ports(server)
    async with _fetcher() as f:
        await f.get(server.url("/ok"))
        await f.get(server.url("/ok"))
        time.sleep(0.2)  # noqa: ASYNC251 - idle time, nothing to run meanwhile
        await f.get(server.url("/ok"))
    assert answers.ports[0] == answers.ports[1] != answers.ports[2]


async def test_a_large_body_arrives_whole_and_the_connection_is_reused(server: LoopbackServer) -> None:
    """8 MB read with back-pressure (reading pauses past a few hundred KB unread) arrives byte for byte,
    and the connection carries the next request."""
    body = bytes(range(256)) * (8 * 4096)
    ports: list[int] = []

    def big(h: BaseHTTPRequestHandler) -> None:
        ports.append(h.client_address[1])
        h.send_response(200)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    server.routes["/big"] = big
    async with _fetcher(max_bytes=16 * 1024 * 1024) as f:
        assert (await f.get(server.url("/big"))).content == body
        assert (await f.get(server.url("/big"))).content == body
    assert len(ports) == 2 and ports[0] == ports[1]


async def test_a_body_cut_short_is_a_clear_error_and_its_connection_is_not_reused(
    server: LoopbackServer,
) -> None:
    ports: list[int] = []

    def short(h: BaseHTTPRequestHandler) -> None:
        ports.append(h.client_address[1])
        h.send_response(200)
        h.send_header("Content-Length", "1000")
        h.end_headers()
        h.wfile.write(b"only this")
        h.close_connection = True

    server.routes["/short"] = short
    async with _fetcher() as f:
        for _ in range(2):
            with pytest.raises(FetchError, match="malformed HTTP response: peer closed connection"):
                await f.get(server.url("/short"))
    assert len(ports) == 2 and ports[0] != ports[1]


async def test_a_cancelled_request_closes_its_connection(server: LoopbackServer) -> None:
    """A request given up mid-answer (the deadline, a closed screen) never leaves its connection to be
    reused with the rest of that answer still to come."""
    ports: list[int] = []

    def slow(h: BaseHTTPRequestHandler) -> None:
        ports.append(h.client_address[1])
        h.send_response(200)
        h.send_header("Content-Length", "4")
        h.end_headers()
        h.wfile.write(b"ok")
        h.wfile.flush()
        if len(ports) == 1:
            server.stop_event.wait(0.5)  # the rest comes too late for the first request
        h.wfile.write(b"!!")

    server.routes["/slow"] = slow
    async with _fetcher() as f:
        with pytest.raises(TimeoutError):
            async with asyncio.timeout(0.2):
                await f.get(server.url("/slow"))
        assert (await f.get(server.url("/slow"))).content == b"ok!!"
    assert len(ports) == 2 and ports[0] != ports[1]


async def test_bodies_framed_by_chunks_or_by_the_close_arrive_whole(server: LoopbackServer) -> None:
    def chunked(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Transfer-Encoding", "chunked")
        h.end_headers()
        for part in (b"<rss>", b"x" * 70000, b"</rss>"):
            h.wfile.write(f"{len(part):x}\r\n".encode() + part + b"\r\n")
        h.wfile.write(b"0\r\n\r\n")

    def until_close(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Connection", "close")
        h.end_headers()
        h.wfile.write(b"<rss>" + b"y" * 70000 + b"</rss>")
        h.close_connection = True

    server.routes["/chunked"] = chunked
    server.routes["/close"] = until_close
    async with _fetcher() as f:
        assert (await f.get(server.url("/chunked"))).content == b"<rss>" + b"x" * 70000 + b"</rss>"
        assert (await f.get(server.url("/close"))).content == b"<rss>" + b"y" * 70000 + b"</rss>"
        assert (await f.get(server.url("/chunked"))).content.endswith(b"x</rss>")


async def test_https_with_a_trusted_certificate_keeps_its_connection(tmp_path: Path) -> None:
    """TLS through asyncio with the fetcher's own context: the certificate is checked against the CAs it
    trusts, and one connection (one handshake) carries several requests."""
    from newsreader.fetch.client import TrustOnFirstUse
    from tests.server import Reply, tls_pair

    context, ca = tls_pair(tmp_path)
    secure = LoopbackServer(tls=context).start()
    secure.routes["/f"] = Reply(b"secret", conditional=False)
    try:
        tls = TrustOnFirstUse(cafile=str(ca))
        transport = http11.Http11Transport(tls, keep_alive=4)
        async with Fetcher(Config(deadline=5.0), transport=transport) as f:
            for _ in range(3):
                assert (await f.get(secure.url("/f"))).content == b"secret"
        assert tls.trusted and transport.connections_made == 1
    finally:
        secure.stop()


async def test_a_header_no_request_may_carry_is_one_clear_error(server: LoopbackServer) -> None:
    """A per-feed User-Agent with a line break in it (a header injected) fails that request with one line; the
    connection machinery is left as it was."""
    server.routes["/ok"] = _Ports(server)
    async with _fetcher() as f:
        with pytest.raises(FetchError):
            await f.get(server.url("/ok"), user_agent="bad\r\nX-Injected: 1")
        assert (await f.get(server.url("/ok"))).content == b"ok"


def test_a_connection_is_reused_only_in_the_event_loop_it_was_made_in(server: LoopbackServer) -> None:
    """One fetcher used by two event loops in turn (each `asyncio.run` makes its own): the second gets a
    connection of its own instead of one tied to the first loop, now closed."""
    answers = server.routes["/ok"] = _Ports(server)
    fetcher = _fetcher()

    async def get() -> bytes:
        return (await fetcher.get(server.url("/ok"))).content

    assert asyncio.run(get()) == b"ok"
    assert asyncio.run(get()) == b"ok"
    asyncio.run(fetcher.aclose())
    assert len(set(answers.ports)) == 2
