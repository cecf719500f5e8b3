"""The fetcher against a real loopback server: conditional GET on the wire, limits, redirects, deadlines."""

from __future__ import annotations

import gzip
import time
import zlib
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest

from newsreader.config import Config
from newsreader.errors import FetchError
from newsreader.fetch import Fetcher, HTTPStatusError
from tests.server import LoopbackServer, Reply, drip, hang, redirect


def _fetcher(**overrides: float | int) -> Fetcher:
    return Fetcher(Config(**{"deadline": 3.0, "read_timeout": 2.0, **overrides}))  # type: ignore[arg-type]


async def test_conditional_get_on_the_wire(server: LoopbackServer) -> None:
    server.routes["/f"] = Reply(b"<rss/>")
    async with _fetcher() as f:
        first = await f.get(server.url("/f"))
        assert first.status == 200 and first.content == b"<rss/>"
        second = await f.get(server.url("/f"), etag=first.etag, last_modified=first.last_modified)
    assert second.status == 304
    sent = server.seen("/f")[1].headers
    assert sent["if-none-match"] == first.etag
    assert sent["if-modified-since"] == first.last_modified
    assert sent["user-agent"].startswith("newsreader/")
    assert sent["accept-encoding"] == "gzip, deflate"


async def test_gzip_and_deflate_are_decoded(server: LoopbackServer) -> None:
    server.routes["/g"] = Reply(b"hello gzip" * 100, gzip=True)
    raw = zlib.compress(b"hello deflate")
    server.routes["/d"] = Reply(raw, headers={"Content-Encoding": "deflate"}, conditional=False)
    server.routes["/rawd"] = Reply(
        zlib.compress(b"raw deflate")[2:-4], headers={"Content-Encoding": "deflate"}, conditional=False
    )
    async with _fetcher() as f:
        assert (await f.get(server.url("/g"))).content == b"hello gzip" * 100
        assert (await f.get(server.url("/d"))).content == b"hello deflate"
        assert (await f.get(server.url("/rawd"))).content == b"raw deflate"


async def test_decompression_bomb_is_capped_while_decoding(server: LoopbackServer) -> None:
    bomb = gzip.compress(b"\0" * (64 * 1024 * 1024), 1)  # 64 MB of zeros in a few hundred KB
    server.routes["/bomb"] = Reply(bomb, headers={"Content-Encoding": "gzip"}, conditional=False)
    async with _fetcher(max_bytes=1024 * 1024) as f:
        with pytest.raises(FetchError, match="larger than 1024 KiB once decoded"):
            await f.get(server.url("/bomb"))


async def test_unknown_encoding_and_oversize_are_refused(server: LoopbackServer) -> None:
    server.routes["/br"] = Reply(b"xx", headers={"Content-Encoding": "br"}, conditional=False)
    server.routes["/big"] = Reply(b"x" * 5000, conditional=False)
    async with _fetcher(max_bytes=1000) as f:
        with pytest.raises(FetchError, match="unsupported Content-Encoding 'br'"):
            await f.get(server.url("/br"))
        with pytest.raises(FetchError, match="larger than"):
            await f.get(server.url("/big"))


async def test_dripping_server_hits_the_total_deadline(server: LoopbackServer) -> None:
    server.routes["/drip"] = drip(server, interval=0.2)
    start = time.monotonic()
    async with _fetcher(deadline=1.0) as f:
        with pytest.raises(FetchError, match="no complete response within 1 s"):
            await f.get(server.url("/drip"))
    assert time.monotonic() - start < 3


async def test_hanging_server_times_out(server: LoopbackServer) -> None:
    server.routes["/hang"] = hang(server)
    async with _fetcher(deadline=5.0, read_timeout=0.5) as f:
        with pytest.raises(FetchError, match="read timeout"):
            await f.get(server.url("/hang"))


async def test_redirects(server: LoopbackServer) -> None:
    server.routes["/a"] = redirect("/b", 301)
    server.routes["/b"] = Reply(b"final")
    server.routes["/loop1"] = redirect("/loop2")
    server.routes["/loop2"] = redirect("/loop1")
    server.routes["/file"] = redirect("file:///etc/passwd")
    for i in range(12):
        server.routes[f"/chain{i}"] = redirect(f"/chain{i + 1}")
    async with _fetcher() as f:
        response = await f.get(server.url("/a"))
        assert (response.url, response.content) == (server.url("/b"), b"final")
        with pytest.raises(FetchError, match="redirect loop"):
            await f.get(server.url("/loop1"))
        with pytest.raises(FetchError, match="non-http"):
            await f.get(server.url("/file"))
        with pytest.raises(FetchError, match="more than 10 redirects"):
            await f.get(server.url("/chain0"))


async def test_a_cookie_set_on_a_redirect_is_sent_back(server: LoopbackServer) -> None:
    """A site that sets a cookie and redirects (a consent or session wall) gets it back, on that host only."""
    server.routes["/consent"] = Reply(
        b"", 302, headers={"Location": "/page", "Set-Cookie": "seen=1; Path=/"}, conditional=False
    )
    server.routes["/page"] = Reply(b"page")
    async with _fetcher() as f:
        assert (await f.get(server.url("/consent"))).content == b"page"
        await f.get(server.url("/page"))
        await f.get(server.url("/page").replace("127.0.0.1", "localhost"))
    sent = [r.headers.get("cookie") for r in server.seen("/page")]
    assert sent == ["seen=1", "seen=1", None]
    assert server.seen("/consent")[0].headers.get("cookie") is None


async def test_status_errors_and_retry_after(server: LoopbackServer) -> None:
    server.routes["/gone"] = Reply(b"", 410, conditional=False)
    server.routes["/busy"] = Reply(b"", 503, headers={"Retry-After": "120"}, conditional=False)
    async with _fetcher() as f:
        with pytest.raises(HTTPStatusError, match="HTTP 410"):
            await f.get(server.url("/gone"))
        with pytest.raises(HTTPStatusError) as info:
            await f.get(server.url("/busy"))
    assert info.value.retry_at is not None and 100 < info.value.retry_at - time.time() <= 120


async def test_non_http_urls_and_refused_connections() -> None:
    async with _fetcher() as f:
        for url in ("file:///etc/passwd", "javascript:alert(1)", "ftp://x.example/", "-http://x"):
            with pytest.raises(FetchError, match="only http and https"):
                await f.get(url)
        with pytest.raises(FetchError, match="cannot connect"):
            await f.get("http://127.0.0.1:9/")


def _slow(h: BaseHTTPRequestHandler) -> None:
    time.sleep(0.3)
    h.send_response(200)
    h.send_header("Content-Length", "2")
    h.end_headers()
    h.wfile.write(b"ok")


async def test_per_host_concurrency_is_bounded(server: LoopbackServer) -> None:
    import asyncio

    server.routes["/slow"] = _slow
    start = time.monotonic()
    async with _fetcher(jobs=16, per_host=2) as f:
        await asyncio.gather(*(f.get(server.url("/slow")) for _ in range(4)))
    assert time.monotonic() - start >= 0.55  # 4 requests, 2 at a time, 0.3 s each


def test_the_tls_context_is_httpx_default_once_trusted() -> None:
    """The lazily trusting context is what httpx would have made (`create_default_context` with certifi's
    CAs): same protocol, options, checks and, once loaded, the same CAs."""
    import ssl

    import certifi

    from newsreader.fetch.client import TrustOnFirstUse

    lazy, reference = TrustOnFirstUse(), ssl.create_default_context(cafile=certifi.where())
    settings = ["protocol", "options", "verify_flags", "verify_mode", "check_hostname", "minimum_version"]
    settings += ["maximum_version", "post_handshake_auth", "security_level", "hostname_checks_common_name"]
    assert [getattr(lazy, k) for k in settings] == [getattr(reference, k) for k in settings]
    assert lazy.get_ciphers() == reference.get_ciphers()
    assert not lazy.trusted and lazy.cert_store_stats()["x509_ca"] == 0
    lazy.trust()
    assert lazy.trusted and lazy.get_ca_certs() == reference.get_ca_certs()


async def test_tls_trust_is_loaded_by_the_first_https_request_not_before(
    server: LoopbackServer, tmp_path: Path
) -> None:
    """Plain http never loads the CAs (a tenth of the start-up of a refresh of 304s); the first https
    request does, and certificates are checked: a server whose CA is not trusted is refused."""
    from tests.server import tls_pair

    server.routes["/f"] = Reply(b"plain", conditional=False)
    context, _ca = tls_pair(tmp_path)
    secure = LoopbackServer(tls=context).start()
    try:
        async with _fetcher() as f:
            assert f.tls is not None
            assert (await f.get(server.url("/f"))).content == b"plain"
            assert not f.tls.trusted
            with pytest.raises(FetchError, match="CERTIFICATE_VERIFY_FAILED"):
                await f.get(secure.url("/f"))
            assert f.tls.trusted and f.tls.cert_store_stats()["x509_ca"] > 100
    finally:
        secure.stop()


async def test_tls_trust_is_loaded_once_under_concurrent_connections(tmp_path: Path) -> None:
    """Eight https requests at once, each on its own connection (contexts are wrapped in worker threads):
    the CAs are loaded once, and every request is answered over TLS with the certificate checked."""
    import asyncio
    import threading

    import httpx

    from newsreader.fetch.client import TrustOnFirstUse
    from tests.server import tls_pair

    class Counting(TrustOnFirstUse):
        loads = 0

        def load_verify_locations(self, *args: Any, **kwargs: Any) -> None:
            Counting.loads += 1
            time.sleep(0.05)  # a slow load: the others must wait for it, not load again
            super().load_verify_locations(*args, **kwargs)

    context, ca = tls_pair(tmp_path)
    secure = LoopbackServer(tls=context).start()
    secure.routes["/f"] = Reply(b"secret", conditional=False)
    try:
        tls = Counting(cafile=str(ca))
        transport = httpx.AsyncHTTPTransport(verify=tls, limits=httpx.Limits(max_connections=8))
        async with Fetcher(Config(jobs=8, per_host=8), transport=transport) as f:
            f._hosts[f"127.0.0.1:{secure.port}"].limit = 8  # all eight at once, not the polite start
            answers = await asyncio.gather(*(f.get(secure.url("/f")) for _ in range(8)))
        assert [a.content for a in answers] == [b"secret"] * 8 and Counting.loads == 1
        again = Counting(cafile=str(ca))
        threads = [threading.Thread(target=again.trust) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert Counting.loads == 2 and again.trusted
    finally:
        secure.stop()
