"""HTTP/1.1 over asyncio's own transports: the connections `Fetcher` sends its requests on.

An `httpx.AsyncBaseTransport`, so the fetcher's rules (redirects, deadlines, caps, cookies) and its error
words stay where they are; only the wire is here. h11 (the HTTP/1.1 state machine httpcore uses) reads and
writes the messages; connections are asyncio protocols, kept alive per (scheme, host, port).

Why not httpcore's pool: for each request it walks every connection it holds (a system call per idle one),
takes anyio locks and cancel scopes, and wraps each read in a timeout scope; at a refresh's pace (a
thousand requests in a few seconds on one core) that was three quarters of the refresh process's CPU, a
millisecond per answer; the same request here costs about a fifth of that.

What it keeps from httpcore: the same parser and limits (h11, response heads up to 100 KiB), the same
exception types and words (httpx's: ConnectError, ConnectTimeout, ReadTimeout, WriteTimeout,
RemoteProtocolError), "keep-alive" connections closed after 5 s idle, a connection reused only after a
response read to its end. What it adds: a kept-alive connection the server closed meanwhile is noticed
when the close arrives (no system call per reuse), and a GET or HEAD that finds its reused connection
closed under it before any answer is sent again once on a new one. It speaks HTTP/1.1 only (no HTTP/2):
`per_host` connections to one host, as browsers and curl do without HTTP/2.
"""

from __future__ import annotations

import asyncio
import ssl
import time
from collections import deque
from collections.abc import AsyncIterator

import h11
import httpx

KEEP_ALIVE_S = 5.0  # an idle connection older than this is closed rather than reused (httpcore's default)
MAX_HEAD = 100 * 1024  # the largest response head read (httpcore's limit; h11 says "Receive buffer too long")
HIGH_WATER = 256 * 1024  # received bytes held unread before the socket stops being read
_DEFAULT_PORTS = {"http": 80, "https": 443}
_IDEMPOTENT = {b"GET", b"HEAD"}
_Key = tuple[str, str, int]


class _Closed(Exception):
    """A reused connection was found closed before any answer: the request may be sent again."""


class _Connection(asyncio.Protocol):
    """One HTTP/1.1 connection: bytes in from asyncio, events out through h11, one request at a time."""

    def __init__(self) -> None:
        self.loop = asyncio.get_running_loop()  # a connection serves the event loop it was made in
        self.h11 = h11.Connection(h11.CLIENT, max_incomplete_event_size=MAX_HEAD)
        self.transport: asyncio.Transport | None = None
        self.received: deque[bytes] = deque()
        self.held = 0  # bytes in `received`
        self.eof = False
        self.lost: BaseException | None = None  # why the connection went (None: closed cleanly)
        self.closed = False
        self.paused = False  # reading paused: `received` is full
        self.waiter: asyncio.Future[None] | None = None
        self.writable: asyncio.Future[None] | None = None  # set while asyncio asks us to stop writing
        self.idle_since = 0.0
        self.answered = False  # some bytes of the current answer arrived

    # -- asyncio.Protocol -------------------------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.received.append(data)
        self.held += len(data)
        self.answered = True
        if self.held > HIGH_WATER and not self.paused and self.transport is not None:
            self.paused = True
            self.transport.pause_reading()
        self._wake()

    def eof_received(self) -> bool:
        self.eof = True
        self._wake()
        return False  # close our side too

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = self.eof = True
        self.lost = exc
        self._wake()
        if self.writable is not None and not self.writable.done():
            self.writable.set_result(None)

    def pause_writing(self) -> None:
        if self.writable is None or self.writable.done():
            self.writable = asyncio.get_running_loop().create_future()

    def resume_writing(self) -> None:
        if self.writable is not None and not self.writable.done():
            self.writable.set_result(None)

    def _wake(self) -> None:
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_result(None)

    # -- the request's side -----------------------------------------------------------------------------

    def close(self) -> None:
        self.closed = True
        if self.transport is not None:
            try:
                self.transport.close()
            except RuntimeError:  # its event loop is closed: so is the connection
                pass

    async def send(self, data: bytes, timeout: float | None) -> None:
        """Write `data`; wait while asyncio's buffer is full (a large body), at most `timeout` each time."""
        if self.transport is None or self.closed:
            return  # the answer (or its absence) says what happened, as httpcore does on a write error
        self.transport.write(data)
        if self.writable is not None and not self.writable.done():
            await _within(self.writable, timeout, httpx.WriteTimeout)

    async def next_event(self, timeout: float | None) -> h11.Event | type[h11.PAUSED]:
        """The next event of the answer, waiting at most `timeout` for each piece of it."""
        while True:
            try:
                event = self.h11.next_event()
            except h11.RemoteProtocolError as err:
                raise httpx.RemoteProtocolError(str(err)) from err
            if event is not h11.NEED_DATA:
                return event  # type: ignore[return-value]  # mypy does not narrow a sentinel class
            if self.received:
                data = self.received.popleft()
                self.held -= len(data)
                if self.paused and self.held <= HIGH_WATER // 2 and self.transport is not None:
                    self.paused = False
                    self.transport.resume_reading()
                self.h11.receive_data(data)
            elif self.eof:
                if self.h11.their_state is h11.SEND_RESPONSE:
                    if self.lost is not None:
                        raise httpx.ReadError(str(self.lost) or type(self.lost).__name__)
                    raise httpx.RemoteProtocolError("Server disconnected without sending a response.")
                self.h11.receive_data(b"")
            else:
                self.waiter = asyncio.get_running_loop().create_future()
                try:
                    await _within(self.waiter, timeout, httpx.ReadTimeout)
                finally:
                    self.waiter = None

    def reusable(self) -> bool:
        """Whether the answer was read to its end and the connection may carry another request."""
        state = self.h11
        return not self.closed and state.our_state is h11.DONE and state.their_state is h11.DONE


async def _within(
    future: asyncio.Future[None], timeout: float | None, error: type[httpx.TimeoutException]
) -> None:
    """Wait for `future` at most `timeout` seconds (a timer, not a timeout scope: this is per read)."""
    if timeout is None:
        await future
        return
    timer = asyncio.get_running_loop().call_later(timeout, _expire, future, error)
    try:
        await future
    finally:
        timer.cancel()


def _expire(future: asyncio.Future[None], error: type[httpx.TimeoutException]) -> None:
    if not future.done():
        future.set_exception(error("timed out"))


class _Body(httpx.AsyncByteStream):
    """A response body as it arrives; closing it gives the connection back, or closes it if unread."""

    def __init__(self, transport: Http11Transport, key: _Key, conn: _Connection, timeout: float | None):
        self.transport = transport
        self.key = key
        self.conn = conn
        self.timeout = timeout
        self.done = False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        conn = self.conn
        while not self.done:
            event = await conn.next_event(self.timeout)
            kind = type(event)
            if kind is h11.Data:
                yield bytes(event.data)  # type: ignore[union-attr]
            elif kind is h11.EndOfMessage or event is h11.PAUSED:
                self.done = True
            elif kind is h11.ConnectionClosed:
                raise httpx.RemoteProtocolError("Server disconnected before the end of the response.")

    async def aclose(self) -> None:
        if self.conn is not None:
            conn, self.conn = self.conn, None  # type: ignore[assignment]
            self.transport._release(self.key, conn)


class Http11Transport(httpx.AsyncBaseTransport):
    """Kept-alive HTTP/1.1 connections by (scheme, host, port), at most `keep_alive` of them idle at once.

    It bounds nothing else: the fetcher's slots bound the requests (and so the connections) in motion."""

    def __init__(self, tls: ssl.SSLContext, keep_alive: int) -> None:
        self.tls = tls
        self.keep_alive = keep_alive
        self._idle: dict[_Key, list[_Connection]] = {}
        self._idle_count = 0
        self._open: set[_Connection] = set()
        self.connections_made = 0  # how many were opened (tests, benchmarks)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        scheme = url.scheme
        if scheme not in _DEFAULT_PORTS:
            raise httpx.UnsupportedProtocol(f"Request URL has an unsupported protocol '{scheme}://'.")
        host = url.raw_host.decode("ascii")
        key = (scheme, host, url.port or _DEFAULT_PORTS[scheme])
        timeouts: dict[str, float | None] = request.extensions.get("timeout", {})
        try:
            head = h11.Request(method=request.method, target=url.raw_path, headers=request.headers.raw)
        except h11.LocalProtocolError as err:  # a header no request may carry (a newline in a value)
            raise httpx.LocalProtocolError(str(err)) from err
        body = request.content
        conn = self._idle_connection(key)
        if conn is not None:
            try:
                return await self._exchange(key, conn, head, body, timeouts, may_retry=True)
            except _Closed:
                pass  # the server closed the kept-alive connection as we sent: once more, anew
        conn = await self._connect(key, timeouts.get("connect"))
        return await self._exchange(key, conn, head, body, timeouts, may_retry=False)

    async def _exchange(
        self,
        key: _Key,
        conn: _Connection,
        head: h11.Request,
        body: bytes,
        timeouts: dict[str, float | None],
        may_retry: bool,
    ) -> httpx.Response:
        """Send the request on `conn` and read the answer's head (the body is read as it is iterated)."""
        read = timeouts.get("read")
        try:
            data = conn.h11.send(head) or b""
            if body:
                data += conn.h11.send(h11.Data(data=body)) or b""
            data += conn.h11.send(h11.EndOfMessage()) or b""
            conn.answered = False
            await conn.send(data, timeouts.get("write"))
            while True:
                event = await conn.next_event(read)
                if isinstance(event, h11.Response) or (
                    isinstance(event, h11.InformationalResponse) and event.status_code == 101
                ):
                    break
        except (httpx.RemoteProtocolError, httpx.ReadError) as err:
            self._drop(conn)
            if may_retry and head.method in _IDEMPOTENT and not conn.answered:
                raise _Closed from err
            raise
        except h11.LocalProtocolError as err:
            self._drop(conn)
            raise httpx.LocalProtocolError(str(err)) from err
        except BaseException:
            self._drop(conn)
            raise
        response: h11.Response = event  # type: ignore[assignment]
        return httpx.Response(
            response.status_code,
            headers=response.headers.raw_items(),
            stream=_Body(self, key, conn, read),
            extensions={"http_version": b"HTTP/" + response.http_version, "reason_phrase": response.reason},
        )

    def _idle_connection(self, key: _Key) -> _Connection | None:
        """A kept-alive connection to `key` still open and not idle too long, if there is one."""
        idle = self._idle.get(key)
        if not idle:
            return None
        stale = time.monotonic() - KEEP_ALIVE_S
        loop = asyncio.get_running_loop()
        found = None
        while idle and found is None:
            conn = idle.pop()
            self._idle_count -= 1
            fresh = conn.idle_since >= stale and conn.loop is loop
            if fresh and not (conn.closed or conn.eof or conn.received):
                found = conn
            else:
                self._drop(conn)
        if not idle:
            del self._idle[key]  # only servers with idle connections are kept (see `_close_oldest_idle`)
        return found

    async def _connect(self, key: _Key, timeout: float | None) -> _Connection:
        scheme, host, port = key
        loop = asyncio.get_running_loop()
        secure = scheme == "https"
        try:
            async with asyncio.timeout(timeout):
                _, conn = await loop.create_connection(
                    _Connection,
                    host,
                    port,
                    ssl=self.tls if secure else None,
                    server_hostname=host if secure else None,
                    happy_eyeballs_delay=0.25,  # as anyio's connect_tcp (RFC 8305)
                )
        except TimeoutError as err:
            raise httpx.ConnectTimeout("connection timed out") from err
        except (OSError, ssl.SSLError) as err:  # refused, unreachable, no such name, certificate
            raise httpx.ConnectError(str(err) or type(err).__name__) from err
        self._open.add(conn)
        self.connections_made += 1
        return conn

    def _release(self, key: _Key, conn: _Connection) -> None:
        """A response closed: its connection is kept for the next request to `key`, or closed."""
        if not conn.reusable() or self.keep_alive <= 0:
            self._drop(conn)
            return
        conn.h11.start_next_cycle()
        conn.idle_since = time.monotonic()
        if self._idle_count >= self.keep_alive:
            self._close_oldest_idle()
        self._idle.setdefault(key, []).append(conn)
        self._idle_count += 1

    def _close_oldest_idle(self) -> None:
        key, oldest = min(
            ((k, c) for k, conns in self._idle.items() for c in conns[:1]), key=lambda kc: kc[1].idle_since
        )
        self._idle[key].remove(oldest)
        if not self._idle[key]:
            del self._idle[key]  # the search above goes over the servers with idle connections only
        self._idle_count -= 1
        self._drop(oldest)

    def _drop(self, conn: _Connection) -> None:
        conn.close()
        self._open.discard(conn)

    async def aclose(self) -> None:
        for conn in list(self._open):
            self._drop(conn)
        self._idle.clear()
        self._idle_count = 0
