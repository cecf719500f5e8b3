"""The one HTTP client: limits, deadlines, redirects and politeness in one place.

Every request newsreader makes (feeds, pages, images) goes through `Fetcher.get`, so the rules hold
everywhere: only http/https (also on redirects, at most 10), a total deadline however slowly the bytes
drip, a cap on the decoded size, bounded concurrency overall and per host, conditional GET.
"""

from __future__ import annotations

import asyncio
import logging
import os
import ssl
import sys
import threading
import time
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from types import TracebackType
from typing import Any
from urllib.parse import urljoin

# httpcore imports trio, when it is installed, at import time to offer it as a backend; newsreader runs on
# asyncio only, and that import alone was a tenth of a refresh of 1,000 unchanged feeds. Marking trio as
# unavailable (unless something already imported it) makes httpcore skip it.
if "trio" not in sys.modules:
    sys.modules["trio"] = None  # type: ignore[assignment]
# Likewise httpx imports its command-line tool when it can (click, and Rich's syntax highlighting with
# Pygments: half of httpx's import time); newsreader never runs it.
if "httpx" not in sys.modules:
    sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]

import httpx  # noqa: E402

from newsreader import __version__
from newsreader.config import Config
from newsreader.errors import FetchError, NotAPageError, TooLargeError
from newsreader.fetch.content_encoding import BodyDecoder, decode_body
from newsreader.fetch.http11 import Http11Transport
from newsreader.text import NAME, SHORT, shorten
from newsreader.urls import host_of, is_web_url

log = logging.getLogger(__name__)
USER_AGENT = f"newsreader/{__version__} (+terminal newsreader)"
MAX_REDIRECTS = 10
MAX_HINT = 7 * 24 * 3600  # never believe a server asking us to wait more than a week
_REDIRECTS = {301, 302, 303, 307, 308}
# A request unanswered this long (a twentieth of the deadline, at most STALL seconds) stops counting against
# `jobs`; up to PARKED x `jobs` requests may be parked so (see GlobalSlots).
STALL = 3.0
PARKED = 4
# Sent with every request unless the request says otherwise (what httpx.AsyncClient would add).
_HEADERS = {
    "Accept": "*/*",
    "Accept-Encoding": "gzip, deflate",
    "Connection": "keep-alive",
    "User-Agent": USER_AGENT,
}
# Takes the body of a successful answer as it streams (a download to a file) instead of it being read.
Sink = Callable[[httpx.Response], Awaitable[None]]


@dataclass(slots=True)
class Response:
    url: str  # final URL after redirects
    status: int  # 200 or 304
    body: bytes  # as it came over the wire: still compressed when `coding` is set
    headers: httpx.Headers
    coding: str | None = None  # a Content-Encoding not undone yet (`Fetcher.get(..., decode=False)`)
    limit: int = 0  # the decoded size cap that applies when it is
    _decoded: bytes | None = None

    @property
    def content(self) -> bytes:
        """The decoded body (decoded on first use, within the size cap: FetchError past it)."""
        if self.coding is None:
            return self.body
        if self._decoded is None:
            self._decoded = decode_body(self.body, self.coding, self.limit)
        return self._decoded

    @property
    def etag(self) -> str | None:
        return validator(self.headers.get("etag"))

    @property
    def last_modified(self) -> str | None:
        return validator(self.headers.get("last-modified"))

    @property
    def charset(self) -> str | None:
        for part in self.headers.get("content-type", "").split(";")[1:]:
            key, _, value = part.partition("=")
            if key.strip().lower() == "charset":
                return value.strip().strip('"') or None
        return None

    def next_update(self, now: float) -> float:
        """When the server says it is worth asking again (Cache-Control max-age), else now."""
        return now + (cache_max_age(self.headers) or 0)


def stall_after(deadline: float) -> float:
    """Seconds after which an unanswered request is parked (see GlobalSlots): with a twentieth of the
    deadline, hosts that never answer add (their number / jobs) / 20 deadlines to a refresh, as long as
    they are no more than can be parked (PARKED x jobs, besides `jobs` in motion)."""
    return min(deadline / 20, STALL)


def validator(value: str | None) -> str | None:
    """An ETag or Last-Modified worth storing and sending back: short printable ASCII, else None.

    Headers arrive as latin-1; a value we could not put back into a request header (httpx encodes them as
    ASCII) would break every later refresh of the feed.
    """
    if value and len(value) < 1024 and value.isascii() and value.isprintable():
        return value
    return None


def _seconds(value: str) -> float | None:
    """A delta-seconds header value; `isdecimal`, not `isdigit`, which also accepts "²"."""
    value = value.strip()
    return min(float(value), MAX_HINT) if value.isascii() and value.isdecimal() else None


def cache_max_age(headers: httpx.Headers) -> float | None:
    for directive in headers.get("cache-control", "").split(","):
        key, _, value = directive.strip().partition("=")
        if key.lower() == "max-age":
            return _seconds(value)
    return None


def retry_after(headers: httpx.Headers, now: float) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    value = headers.get("retry-after", "").strip()
    if not value:
        return None
    if (seconds := _seconds(value)) is not None:
        return seconds
    try:
        return min(max(parsedate_to_datetime(value).timestamp() - now, 0.0), MAX_HINT)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


class ConnectFailed(FetchError):
    """No connection could be made (refused, unreachable, no TLS where https was asked, timed out).

    A certificate that fails its check is not this: something answered over TLS and could not prove who
    it is, and that is never a reason to try the address over plain http (`refresh.subscribe`'s `also`)."""


def _bad_certificate(err: BaseException) -> bool:
    """Whether a connection failed on the server's certificate (anywhere in its chain of causes)."""
    seen: BaseException | None = err
    for _ in range(8):  # httpx -> ssl (-> httpcore between them with a transport of httpx): a short chain
        if seen is None:
            return False
        if isinstance(seen, ssl.SSLCertVerificationError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


class HTTPStatusError(FetchError):
    """A 4xx/5xx answer; `retry_at` is set when the server said when to come back."""

    def __init__(self, message: str, status: int, retry_at: float | None) -> None:
        super().__init__(message)
        self.status = status
        self.retry_at = retry_at


class HostSlots:
    """How many requests may go to one host at once: polite at first, more while the host keeps up.

    It starts at START (or the ceiling, config `per_host`, if lower) and grows by one with every answer that
    comes about as fast as the host's best so far, up to the ceiling; an answer that is much slower stops
    the growth, and a sign of strain (429 Too Many Requests, 503, a timeout) halves it. A host serving a
    thousand feeds promptly gets the full ceiling within a few dozen answers; one that struggles gets less.
    """

    START = 4

    def __init__(self, ceiling: int) -> None:
        self.ceiling = ceiling
        self.limit = min(self.START, ceiling)
        self.active = 0
        self.best = float("inf")
        self._turn = asyncio.Condition()

    async def __aenter__(self) -> None:
        async with self._turn:
            await self._turn.wait_for(lambda: self.active < self.limit)
            self.active += 1

    async def __aexit__(self, *exc: object) -> None:
        async with self._turn:
            self.active -= 1
            self._turn.notify(max(self.limit - self.active, 0))

    def answered(self, seconds: float) -> None:
        self.best = min(self.best, seconds)
        if seconds <= 2 * self.best + 0.05 and self.limit < self.ceiling:
            self.limit += 1

    def strained(self) -> None:
        self.limit = max(1, self.limit // 2)


class GlobalSlots:
    """The cap on requests in motion at once (config `jobs`), which a host that never answers cannot hold.

    A request still unanswered after `stall` seconds stops counting (it is parked): it keeps its connection,
    its deadline and its host's slot (politeness holds), but no longer keeps a request to another host
    waiting. Without this, each `jobs` hosts that never answer held every slot for a whole deadline, and a
    refresh with more of them than `jobs` took a deadline per such wave. At most `parked` requests are
    parked at once (each holds a connection: a file descriptor); past that a slow request keeps its slot.
    """

    def __init__(self, jobs: int, stall: float, parked: int) -> None:
        self.stall = stall
        self.most_parked = parked
        self.parked = 0
        self._free = asyncio.Semaphore(jobs)

    @asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        await self._free.acquire()
        held = True

        def park() -> None:
            nonlocal held
            if held and self.parked < self.most_parked:
                held = False
                self.parked += 1
                self._free.release()

        timer = asyncio.get_running_loop().call_later(self.stall, park)
        try:
            yield
        finally:
            timer.cancel()
            if held:
                self._free.release()
            else:
                self.parked -= 1


class TrustOnFirstUse(ssl.SSLContext):
    """httpx's default TLS context (`ssl.create_default_context` trusting certifi's CAs), except that the CAs
    are loaded when the first TLS connection needs them, once, under a lock (connections may be wrapped in
    worker threads). Loading them took 20-60 ms of every start-up, though most refreshes of plain-http
    feeds never need them, and a refresh of 304s is mostly start-up."""

    def __new__(cls, cafile: str | None = None) -> TrustOnFirstUse:
        return super().__new__(cls, ssl.PROTOCOL_TLS_CLIENT)

    def __init__(self, cafile: str | None = None) -> None:
        super().__init__()
        # What create_default_context sets besides the CAs (PROTOCOL_TLS_CLIENT already verifies the
        # certificate and the host name).
        self.verify_mode = ssl.CERT_REQUIRED
        self.check_hostname = True
        if sys.version_info >= (3, 13):  # create_default_context is stricter there (RFC 5280 chains)
            self.verify_flags |= ssl.VERIFY_X509_PARTIAL_CHAIN | ssl.VERIFY_X509_STRICT
        keylog = os.environ.get("SSLKEYLOGFILE")
        if keylog and not sys.flags.ignore_environment:
            self.keylog_filename = keylog
        self._cafile = cafile
        self._lock = threading.Lock()
        self.trusted = False  # whether the CAs are loaded

    def trust(self) -> None:
        """Load the CAs unless done."""
        with self._lock:
            if not self.trusted:
                if self._cafile is None:
                    import certifi

                    self._cafile = certifi.where()
                self.load_verify_locations(cafile=self._cafile)
                self.trusted = True

    def wrap_bio(self, *args: Any, **kwargs: Any) -> ssl.SSLObject:
        if not self.trusted:
            self.trust()
        return super().wrap_bio(*args, **kwargs)

    def wrap_socket(self, *args: Any, **kwargs: Any) -> ssl.SSLSocket:
        if not self.trusted:
            self.trust()
        return super().wrap_socket(*args, **kwargs)


class Fetcher:
    """An httpx.AsyncClient with newsreader's rules. Use as `async with Fetcher(config) as f`."""

    def __init__(self, config: Config, *, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.config = config
        # Requests go to the transport directly: redirects are followed here, there is no auth, and the
        # client's per-request work (merging its defaults, the auth and redirect machinery, a cookie pass
        # over every response) was a seventh of the CPU of a refresh where nothing changed. Its cookie
        # handling is kept (a site that sets a cookie and redirects still gets it back). The transport is
        # newsreader's own HTTP/1.1 (fetch/http11.py) unless one is given (tests).
        jobs = max(config.jobs, 1)
        self.tls: TrustOnFirstUse | None = None  # a transport given brings its own
        if transport is None:
            self.tls = TrustOnFirstUse()
            transport = Http11Transport(self.tls, keep_alive=jobs)
        self.transport = transport
        self.cookies = httpx.Cookies()
        self._timeout = httpx.Timeout(
            config.read_timeout, connect=config.connect_timeout, pool=config.deadline
        ).as_dict()
        self._all = GlobalSlots(jobs, stall_after(config.deadline), jobs * PARKED)
        self._hosts: defaultdict[str, HostSlots] = defaultdict(lambda: HostSlots(max(config.per_host, 1)))
        # Server health (loop time), by scheme and host: when each last gave a complete answer, and until
        # when one that stopped answering (or only drips) is given up on (see `_timed_out`). The scheme is
        # part of the key: https and http are two ports, and a silent https one says nothing of the other
        # (`add` of a bare host tries http:// after https:// timed out).
        self._answered: dict[tuple[str, str], float] = {}
        self._down: dict[tuple[str, str], float] = {}

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(
        self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self.transport.aclose()

    async def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str = "*/*",
        max_bytes: int | None = None,
        user_agent: str | None = None,
        decode: bool = True,
        pages_only: bool = False,
    ) -> Response:
        """GET `url` within the deadline; 304 comes back as a Response with status 304.

        With `pages_only`, an answer whose type names a file (`file_type`: a picture, audio, video, a PDF)
        is NotAPageError as soon as its headers arrive, its body never read.

        `user_agent` replaces the default for this request (a per-feed setting). With `decode=False` a
        compressed body is kept as received and decoded when `content` is first read (same cap): a caller
        that only compares bytes, or decodes in another process, skips the work here.
        """
        headers = {"Accept": accept}
        if user_agent:
            headers["User-Agent"] = user_agent
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        limit = max_bytes or self.config.max_bytes
        return await self._follow(url, headers, limit, decode=decode, pages_only=pages_only)

    async def get_first(
        self,
        urls: Sequence[str],
        *,
        accept: str = "*/*",
        max_bytes: int | None = None,
        user_agent: str | None = None,
        decode: bool = True,
        pages_only: bool = False,
    ) -> tuple[Response, str]:
        """`get` of the first of `urls` a connection can be made to, and that URL: what a person typed as a
        bare host is tried as https://, then http:// (`urls.typed_web_urls`). When none can be reached, one
        failure says each address's reason by its scheme ("https: …; http: …"), a reason they share once
        ("https and http: …")."""
        failed: list[tuple[str, str]] = []  # (scheme, reason)
        for candidate in urls:
            try:
                response = await self.get(
                    candidate,
                    accept=accept,
                    max_bytes=max_bytes,
                    user_agent=user_agent,
                    decode=decode,
                    pages_only=pages_only,
                )
                return response, candidate
            except ConnectFailed as err:
                if len(urls) == 1:
                    raise
                failed.append((candidate.split("://", 1)[0], err.message))
        if len({reason for _, reason in failed}) == 1:
            raise ConnectFailed(f"{' and '.join(scheme for scheme, _ in failed)}: {failed[0][1]}")
        raise ConnectFailed("; ".join(f"{scheme}: {reason}" for scheme, reason in failed))

    async def stream(self, url: str, sink: Sink, headers: dict[str, str]) -> Response:
        """GET `url` under the rules of `get` (http(s) only, redirects, concurrency, timeouts), handing
        the open 2xx response to `sink` to stream its body (a download to a file, fetch/download.py).
        There is no total deadline, as a large file may take long; the read timeout still catches a
        server that stops sending, and the sink enforces its own size cap."""
        return await self._follow(url, headers, 0, sink=sink)

    async def request(
        self,
        method: str,
        url: str,
        *,
        content: bytes | None = None,
        headers: dict[str, str] | None = None,
        max_bytes: int | None = None,
    ) -> Response:
        """Any method (the sync APIs POST), under the same deadline, size cap and URL policy as `get`.

        A redirect of a request with a body is not followed (the body would be lost or resent somewhere
        else): it is an error naming where the server points, so the user can fix the account's URL.
        """
        limit = max_bytes or self.config.max_bytes
        return await self._follow(url, dict(headers or {}), limit, method=method, content=content)

    async def _follow(
        self,
        url: str,
        headers: dict[str, str],
        limit: int,
        *,
        sink: Sink | None = None,
        method: str = "GET",
        content: bytes | None = None,
        decode: bool = True,
        pages_only: bool = False,
    ) -> Response:
        """Follow redirects by hand (only to http/https), each httpx error as one FetchError line."""
        if not is_web_url(url):
            raise FetchError(f"refusing to fetch {url!r}: only http and https URLs")
        try:
            try:
                return await self._hops(url, headers, limit, sink, method, content, decode, pages_only)
            except httpx.InvalidURL as err:
                raise FetchError(f"invalid URL: {err}") from None  # FetchError cleans its message
            except (httpx.ConnectError, httpx.ConnectTimeout) as err:
                raise (FetchError if _bad_certificate(err) else ConnectFailed)(_describe(err)) from None
            except httpx.HTTPError as err:
                raise FetchError(_describe(err)) from None
        except FetchError as err:  # every request's outcome is in the log, a failure too
            if isinstance(err, HTTPStatusError):
                log.info("%s %s: %s", method, url, err)
            else:
                log.info("%s %s: failed: %s", method, url, err)
            raise

    async def _hops(
        self,
        url: str,
        headers: dict[str, str],
        limit: int,
        sink: Sink | None,
        method: str,
        content: bytes | None,
        decode: bool,
        pages_only: bool = False,
    ) -> Response:
        """The hops of one request: the deadline covers the time spent on the network across all hops, not
        the time spent waiting for a free slot under the concurrency caps."""
        seen = {url}
        budget = self.config.deadline
        loop = asyncio.get_running_loop()
        for _ in range(MAX_REDIRECTS + 1):
            parsed = httpx.URL(url)  # parsed once: for the host's counts and for the request
            host = server_of(parsed)
            server = (parsed.scheme, host)
            self._check_up(server)
            slots = self._hosts[host]
            # The host's turn first, then a global one: a request queued for a busy host holds no slot
            # that a request to another host could use.
            async with slots, self._all.turn():
                self._check_up(server)  # it may have been given up on while this request waited its turn
                start = loop.time()
                try:
                    async with asyncio.timeout(max(budget, 0.001) if sink is None else None):
                        response = await self._once(
                            parsed, headers, limit, sink, method, content, decode, pages_only
                        )
                except TimeoutError:
                    slots.strained()
                    self._timed_out(server, start)
                    raise FetchError(f"no complete response within {self.config.deadline:g} s") from None
                except httpx.TimeoutException:
                    slots.strained()
                    self._timed_out(server, start)
                    raise
                except HTTPStatusError as err:
                    self._answered[server] = loop.time()
                    if err.status in (429, 503):
                        slots.strained()
                    raise
                self._answered[server] = loop.time()
                slots.answered(loop.time() - start)
                budget -= loop.time() - start
            log.info("%s %s: HTTP %d in %.3f s", method, url, response.status, loop.time() - start)
            if response.status not in _REDIRECTS:
                return response
            location = response.headers.get("location")
            if not location:
                raise FetchError(f"HTTP {response.status} redirect without a Location")
            target = urljoin(url, location.strip())
            if content is not None:
                raise FetchError(f"the server redirects to {shorten(target, SHORT)}: use that URL")
            if not is_web_url(target):
                raise FetchError(f"redirect to a non-http(s) URL {shorten(target, NAME)!r}")
            if target in seen:
                raise FetchError("redirect loop")
            seen.add(target)
            url = target
        raise FetchError(f"more than {MAX_REDIRECTS} redirects")

    def _check_up(self, server: tuple[str, str]) -> None:
        """Fail at once when `server` (scheme, host) was given up on in the last deadline."""
        until = self._down.get(server)
        if until is not None and asyncio.get_running_loop().time() < until:
            raise FetchError(f"not fetched: another request to {server[1]} timed out")

    def _timed_out(self, server: tuple[str, str], start: float) -> None:
        """A request that began at `start` timed out. If the host has not answered anything since then, it
        has stopped answering: its other requests fail fast for one deadline instead of each waiting for a
        turn and then a timeout of its own (twenty feeds on a dead host took three deadlines)."""
        now = asyncio.get_running_loop().time()
        if self._answered.get(server, float("-inf")) < start:
            self._down[server] = now + self.config.deadline

    async def _once(
        self,
        url: httpx.URL,
        headers: dict[str, str],
        limit: int,
        sink: Sink | None,
        method: str,
        content: bytes | None,
        decode: bool = True,
        pages_only: bool = False,
    ) -> Response:
        # The defaults the request does not name itself (case-insensitively, as the client would merge them),
        # as one list: the request builds its headers from it once.
        named = {key.lower() for key in headers}
        merged = [(key, value) for key, value in _HEADERS.items() if key.lower() not in named]
        merged.extend(headers.items())
        request = httpx.Request(
            method, url, headers=merged, content=content, extensions={"timeout": self._timeout}
        )
        if self.cookies:
            self.cookies.set_cookie_header(request)
        response = await self.transport.handle_async_request(request)
        response.request = request
        try:
            if "set-cookie" in response.headers:
                self.cookies.extract_cookies(response)
            status = response.status_code
            if status == 304:
                async for _ in response.aiter_raw():  # empty by definition; reading it lets the connection
                    pass  # be reused (raw: none of aread's decoding machinery for no bytes)
                return Response(str(response.url), status, b"", response.headers)
            if status in _REDIRECTS:
                return Response(str(response.url), status, b"", response.headers)
            if status >= 400 or status < 200:
                retry = retry_after(response.headers, time.time())
                raise HTTPStatusError(
                    f"HTTP {status} {response.reason_phrase}".strip(),
                    status,
                    time.time() + retry if retry is not None else None,
                )
            if pages_only and (kind := file_type(response.headers)) is not None:
                raise NotAPageError(f"not a web page: the address serves {kind}", kind)
            if sink is not None:
                await sink(response)
                return Response(str(response.url), status, b"", response.headers)
            length = response.headers.get("content-length", "")
            if not response.headers.get("content-encoding") and length.isdigit():
                if int(length) > limit:
                    raise TooLargeError(f"response larger than {limit // 1024} KiB")
            coding = response.headers.get("content-encoding")
            decoder = BodyDecoder(coding, limit)  # refuses an unknown encoding before reading the body
            if decode or not decoder.decodes:
                async for chunk in response.aiter_raw():
                    decoder.feed(chunk)
                return Response(str(response.url), status, decoder.finish(), response.headers)
            raw = BodyDecoder(None, limit)  # the compressed bytes, under the same cap
            async for chunk in response.aiter_raw():
                raw.feed(chunk)
            return Response(str(response.url), status, raw.finish(), response.headers, coding, limit)
        finally:
            await response.aclose()


# Media types that name a file, which is never a page or a feed.
FILE_TYPES = ("image/", "audio/", "video/", "font/", "application/pdf", "application/zip")


def file_type(headers: httpx.Headers) -> str | None:
    """The answer's media type when it names a file (a picture, audio, video, a PDF), else None."""
    return named_file_type(headers.get("content-type"))


def named_file_type(media_type: str | None) -> str | None:
    """`media_type` (a Content-Type, an enclosure's type) without its parameters when it names a file, else
    None."""
    kind = (media_type or "").split(";")[0].strip().lower()
    return shorten(kind, SHORT) if kind.startswith(FILE_TYPES) else None


def server_of(url: str | httpx.URL) -> str:
    """The server a request to `url` goes to, from the client's own parse (what politeness and health count,
    and what a failure names): its host, and its port when the URL names one other than the scheme's
    ("news.example", "127.0.0.1:8080": two servers on one host are told apart)."""
    try:
        parsed = httpx.URL(url) if isinstance(url, str) else url
        host = parsed.raw_host.decode("ascii")
        if parsed.port is None:
            return host
        return f"[{host}]:{parsed.port}" if ":" in host else f"{host}:{parsed.port}"
    except (httpx.InvalidURL, UnicodeError):
        return host_of(str(url))


def _describe(err: httpx.HTTPError) -> str:
    """One line for an httpx error, without the stack of causes."""
    reason = shorten(str(err).strip(), SHORT) or type(err).__name__  # FetchError cleans the line
    if isinstance(err, httpx.ConnectTimeout):
        return "connection timed out"
    if isinstance(err, httpx.ConnectError):
        return f"cannot connect: {reason}"
    if isinstance(err, httpx.ReadTimeout):
        return "server stopped sending data (read timeout)"
    if "Receive buffer too long" in reason:  # h11's cap on the size of the response head
        return "response headers too large"
    if isinstance(err, httpx.RemoteProtocolError):
        return f"malformed HTTP response: {reason}"
    if isinstance(err, httpx.TooManyRedirects):
        return "too many redirects"
    return reason
