"""The refresh pipeline against the loopback server: results as values, no lost state, body-hash skip."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from newsreader.config import Config
from newsreader.refresh import FeedResult, refresh, subscribe
from newsreader.store import Store
from tests.conftest import feed_bytes
from tests.server import LoopbackServer, Reply, hang, redirect


async def _run(store: Store, config: Config | None = None, **kw: object) -> dict[str, FeedResult]:
    results = refresh(store, config or Config(deadline=2.0, read_timeout=1.0), **kw)  # type: ignore[arg-type]
    return {r.url: r async for r in results}


async def test_one_bad_feed_never_stops_the_batch(tmp_path: Path, server: LoopbackServer) -> None:
    server.routes["/good"] = Reply(feed_bytes("rss2.xml"), gzip=True)
    server.routes["/atom"] = Reply(feed_bytes("atom.xml"))
    server.routes["/html"] = Reply(b"<!doctype html><html><body>x</body></html>", content_type="text/html")
    server.routes["/500"] = Reply(b"oops", 500)
    server.routes["/hang"] = hang(server)
    server.routes["/loop"] = redirect("/loop")
    server.routes["/garbage"] = Reply(b"\x00\xff\x00 not xml")
    store = Store.open(tmp_path / "db")
    for path in ("/good", "/atom", "/html", "/500", "/hang", "/loop", "/garbage", "/missing"):
        store.add_feed(server.url(path))
    results = await _run(store)
    assert results[server.url("/good")] == FeedResult(server.url("/good"), "updated", new=3)
    assert results[server.url("/atom")].new == 2
    errors = {path: results[server.url(path)].error for path in ("/html", "/500", "/hang", "/loop")}
    assert errors == {
        "/html": "not a feed: the server sent an HTML page",
        "/500": "HTTP 500 Internal Server Error",
        "/hang": "server stopped sending data (read timeout)",
        "/loop": "redirect loop",
    }
    assert results[server.url("/missing")].error == "HTTP 404 Not Found"
    assert (results[server.url("/garbage")].error or "").startswith("not a feed")
    assert store.counts()[0] == 5
    feeds = {f.url: f for f in store.feeds()}
    assert feeds[server.url("/500")].last_error == "HTTP 500 Internal Server Error"
    assert feeds[server.url("/good")].title == "Harbour & Hills News"


async def test_304_and_same_bytes_skip_parsing(tmp_path: Path, server: LoopbackServer) -> None:
    server.routes["/f"] = Reply(feed_bytes("rss2.xml"))
    store = Store.open(tmp_path / "db")
    store.add_feed(server.url("/f"))
    assert (await _run(store))[server.url("/f")].status == "updated"
    assert (await _run(store))[server.url("/f")].status == "unchanged"
    assert "if-none-match" in server.seen("/f")[1].headers
    server.routes["/f"] = Reply(feed_bytes("rss2.xml"), conditional=False)  # ignores validators
    assert (await _run(store))[server.url("/f")].status == "unchanged"


async def test_failure_keeps_what_was_stored(tmp_path: Path, server: LoopbackServer) -> None:
    server.routes["/f"] = Reply(feed_bytes("rss2.xml"))
    store = Store.open(tmp_path / "db")
    store.add_feed(server.url("/f"))
    await _run(store)
    entry = store.headlines()[0]
    store.update_entry(entry.id, read=True)
    store.update_entry(entry.id, starred=True)
    server.routes["/f"] = Reply(b"<rss><channel><title>broken", conditional=False)
    assert (await _run(store))[server.url("/f")].status == "error"
    kept = store.entry(entry.id)
    assert kept is not None and kept.read and kept.starred and store.counts()[0] == 3
    assert store.feeds()[0].last_error is not None
    server.routes["/f"] = Reply(feed_bytes("rss2.xml"))  # back, and unchanged: 304
    assert (await _run(store))[server.url("/f")].status == "unchanged"
    assert store.feeds()[0].last_error is None  # the batched write of unchanged feeds is done at the end


async def test_retry_after_is_honoured(tmp_path: Path, server: LoopbackServer) -> None:
    server.routes["/busy"] = Reply(b"", 429, headers={"Retry-After": "3600"}, conditional=False)
    store = Store.open(tmp_path / "db")
    store.add_feed(server.url("/busy"))
    assert (await _run(store))[server.url("/busy")].status == "error"
    assert (await _run(store))[server.url("/busy")].status == "skipped"
    assert len(server.seen("/busy")) == 1
    assert (await _run(store, force=True))[server.url("/busy")].status == "error"


async def test_subscribe_discovers_a_feed_from_a_page(tmp_path: Path, server: LoopbackServer) -> None:
    server.routes["/page"] = Reply(feed_bytes("page.html"), content_type="text/html")
    server.routes["/feeds/rss2.xml"] = Reply(feed_bytes("rss2.xml"))
    store = Store.open(tmp_path / "db")
    feed, new = await subscribe(store, Config(), server.url("/page"), tags=["local"])
    assert (feed.url, feed.title, feed.tags, new) == (
        server.url("/feeds/rss2.xml"),
        "Harbour & Hills News",
        ["local"],
        3,
    )


async def test_a_big_batch_decodes_in_the_worker_within_the_caps(
    tmp_path: Path, server: LoopbackServer
) -> None:
    """Past the pool threshold compressed bodies go to the parsing process as sent: a bomb or corrupt gzip is
    still one feed's one-line error, and unchanged bytes are recognised without decompressing them."""
    import gzip
    import zlib

    from newsreader.refresh import POOL_THRESHOLD

    n = POOL_THRESHOLD + 6
    for i in range(n):
        body = feed_bytes("rss2.xml").replace(b"Harbour &amp; Hills News", b"Feed %d" % i)
        server.routes[f"/f{i}"] = Reply(body, gzip=True, conditional=False)
    bomb = zlib.compressobj(wbits=31)
    server.routes["/bomb"] = Reply(
        bomb.compress(b"<rss>" + b" " * 50_000_000) + bomb.flush(),
        headers={"Content-Encoding": "gzip"},
        conditional=False,
    )
    corrupt = gzip.compress(b"<rss/>")[:10] + b"\xff" * 64  # a gzip header, then no deflate stream
    server.routes["/corrupt"] = Reply(corrupt, headers={"Content-Encoding": "gzip"})
    store = Store.open(tmp_path / "db")
    for path in [*(f"/f{i}" for i in range(n)), "/bomb", "/corrupt"]:
        store.add_feed(server.url(path))
    config = Config(deadline=10.0, max_bytes=5_000_000)
    results = await _run(store, config)
    assert [r.status for u, r in results.items() if "/f" in u] == ["updated"] * n
    assert "larger than" in (results[server.url("/bomb")].error or "")
    assert "corrupt gzip" in (results[server.url("/corrupt")].error or "")
    assert store.counts()[0] == 3 * n
    assert {f.title for f in store.feeds()} >= {f"Feed {i}" for i in range(n)}
    again = await _run(store, config)
    assert [r.status for u, r in again.items() if "/f" in u] == ["unchanged"] * n


async def test_a_big_batch_is_stored_by_the_workers_under_the_rules_and_settings(
    tmp_path: Path, server: LoopbackServer
) -> None:
    """Past the pool threshold, worker processes parse and store with their own connection to the store:
    drop rules, hide rules and a feed's own max_items apply there as they do in the refresh's process."""
    from newsreader.refresh import POOL_THRESHOLD
    from newsreader.rules import add_rule

    n = POOL_THRESHOLD + 2
    store = Store.open(tmp_path / "db")
    for i in range(n):
        server.routes[f"/f{i}"] = Reply(feed_bytes("rss2.xml").replace(b"Harbour", b"Feed %d" % i))
        store.add_feed(server.url(f"/f{i}"))
    add_rule(store, 'title =~ "Bad link"', "drop")
    add_rule(store, 'title =~ "Relative"', "hide")
    store.set_feed_setting(server.url("/f0"), "max_items", 1)
    results = await _run(store)
    assert [r.status for r in results.values()] == ["updated"] * n
    assert {r.new for u, r in results.items() if u != server.url("/f0")} == {
        2
    }  # the dropped one never stored
    assert {f.title for f in store.feeds()} == {f"Feed {i} & Hills News" for i in range(n)}
    shown = store.headlines(limit=1000)
    assert {e.title for e in shown} == {"Ferry service resumes after storm"}  # "Relative ..." hidden
    assert len(shown) == n
    assert store.counts()[0] == n  # hidden entries are not counted; f0 kept 1 of its 2 entries
    assert (await _run(store))[server.url("/f1")].status == "unchanged"
    store.close()


def test_a_workers_batch_is_one_transaction_and_each_failure_stays_its_feeds(tmp_path: Path) -> None:
    """A worker stores its batch of changed feeds in one transaction; a feed that does not parse, or that
    cannot be stored (which fails the batch's transaction), is that feed's error alone: the others are
    stored, each again on its own."""
    from contextlib import nullcontext

    from newsreader.errors import FeedError, StoreError
    from newsreader.refresh import _Changed, _ingest_batch, _Stored
    from newsreader.rules import RefreshPolicy

    store = Store.open(tmp_path / "db")
    feeds = [store.add_feed(f"https://f{i}.example/feed") for i in range(2)]

    def job(feed_id: int, body: bytes) -> _Changed:
        return _Changed(
            feed_id,
            f"https://f{feed_id}.example/feed",
            "https://x.example/",
            body,
            None,
            0,
            {},
            None,
            None,
            "d",
            0,
        )

    policy = RefreshPolicy(store, Config())
    good = [job(feeds[0].id, feed_bytes("rss2.xml")), job(feeds[1].id, feed_bytes("atom.xml"))]
    assert _ingest_batch(store, policy, None, good, nullcontext()) == [
        _Stored(3, 3, None),
        _Stored(2, 2, None),
    ]
    assert store.counts()[0] == 5

    broken = [
        job(feeds[0].id, b"<!doctype html><html><body>x</body></html>"),
        job(9999, feed_bytes("rss2.xml")),
    ]
    changed = feed_bytes("atom.xml").replace(
        b"</feed>", b"<entry><id>new</id><title>Sea otters</title></entry></feed>"
    )
    outcomes = _ingest_batch(store, policy, None, [*broken, job(feeds[1].id, changed)], nullcontext())
    assert isinstance(outcomes[0], FeedError) and isinstance(outcomes[1], StoreError)
    assert outcomes[2] == _Stored(3, 1, None)
    assert store.counts()[0] == 6 and [e.title for e in store.search("otters")] == ["Sea otters"]
    assert store.feeds()[0].last_error is None  # the refresh records the errors it is given back


def test_an_error_that_cannot_travel_back_from_a_worker_is_sent_as_its_words() -> None:
    from newsreader.refresh import _sendable

    class Odd(Exception):
        def __init__(self, a: int, b: int) -> None:
            super().__init__(f"{a}-{b}")  # unpickling calls Odd("1-2"): a TypeError

    sent = _sendable(Odd(1, 2))
    assert type(sent) is RuntimeError and str(sent) == "Odd: 1-2"


async def test_bodies_waiting_to_be_stored_are_bounded(tmp_path: Path, server: LoopbackServer) -> None:
    """Downloads outrun a slow store: the feeds in flight (a request, then its body until stored) stay
    within the bound, as many as the fetcher may have requests in motion (`jobs` and the parked ones) and
    2 x `jobs` bodies being stored, however many feeds changed (34 of 40 bodies were held at once)."""
    import threading
    import time

    from newsreader.fetch.client import PARKED

    store = Store.open(tmp_path / "db")
    for i in range(40):
        server.routes[f"/f{i}"] = Reply(feed_bytes("rss2.xml").replace(b"Harbour", b"Port %d" % i))
        store.add_feed(server.url(f"/f{i}"))
    stored, peak, lock = [0], [0], threading.Lock()
    store_feed = store.store_feed

    def slow_store_feed(*args: Any, **kwargs: Any) -> int:
        with lock:  # bodies fetched and not stored yet (or requests on their way)
            peak[0] = max(peak[0], len(server.requests) - stored[0])
        time.sleep(0.3)  # a slow disk
        new = store_feed(*args, **kwargs)
        with lock:
            stored[0] += 1
        return new

    store.store_feed = slow_store_feed  # type: ignore[method-assign]
    results = await _run(store, Config(jobs=1, deadline=10.0))
    assert [r.status for r in results.values()] == ["updated"] * 40
    assert 2 <= peak[0] <= (1 + PARKED + 2) * 1, peak[0]


async def test_subscribe_names_the_reason_of_each_address_it_could_not_reach(
    tmp_path: Path, server: LoopbackServer
) -> None:
    """`add` of a bare host tries https:// then http://: when neither connects and for different reasons
    (no TLS there; nothing listening), the one failure says both, each by its scheme."""
    import socket

    import pytest

    from newsreader.fetch import ConnectFailed

    closed = socket.create_server(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    store = Store.open(tmp_path / "db")
    secure = server.url("/rss").replace("http://", "https://")  # a plain http server: no TLS handshake
    with pytest.raises(ConnectFailed) as caught:
        await subscribe(store, Config(), secure, also=[f"http://127.0.0.1:{port}/rss"])
    https, _, http = caught.value.message.partition("; ")
    assert https.startswith("https: cannot connect: ") and "SSL" in https, https
    assert http.startswith("http: cannot connect: ") and "SSL" not in http, http
    assert store.feeds() == []


async def test_a_certificate_that_fails_its_check_is_never_retried_over_http(
    tmp_path: Path, server: LoopbackServer
) -> None:
    """https:// that answers with a certificate nobody vouches for is a failure to say, not an address to
    downgrade: the http:// alternative (which would work) is not tried, and nothing is subscribed."""
    import pytest

    from newsreader.errors import FetchError
    from newsreader.fetch import ConnectFailed
    from tests.server import tls_pair

    server.routes["/rss"] = Reply(feed_bytes("rss2.xml"))
    context, _ca = tls_pair(tmp_path)
    secure = LoopbackServer(tls=context).start()
    try:
        store = Store.open(tmp_path / "db")
        with pytest.raises(FetchError) as caught:
            await subscribe(store, Config(), secure.url("/rss"), also=[server.url("/rss")])
        assert not isinstance(caught.value, ConnectFailed)
        assert "CERTIFICATE_VERIFY_FAILED" in caught.value.message
        assert server.seen("/rss") == [] and store.feeds() == []
    finally:
        secure.stop()


async def test_the_worker_processes_start_without_holding_up_the_event_loop(tmp_path: Path) -> None:
    """Starting the workers (the process server, its imports, each worker's store) takes a quarter of a
    second; it runs beside the event loop (the fetches in flight go on), and a feed handed over meanwhile
    is stored once they are up."""
    import asyncio
    import time

    import pytest

    from newsreader.refresh import POOL_THRESHOLD, _Changed, _Ingest, _Stored
    from newsreader.rules import RefreshPolicy

    store = Store.open(tmp_path / "db")
    feed = store.add_feed("https://f.example/feed")
    config = Config()
    ingest = _Ingest(store, RefreshPolicy(store, config), config, POOL_THRESHOLD)
    if not ingest.workers:
        pytest.skip("one core: no worker processes")
    try:
        began = time.perf_counter()
        ingest.start()
        assert time.perf_counter() - began < 0.05
        job = _Changed(feed.id, feed.url, feed.url, feed_bytes("rss2.xml"), None, 0, {}, None, None, "d", 0)
        stored = asyncio.ensure_future(ingest(job))
        ticks = 0
        while ingest.pool is None:
            await asyncio.sleep(0.01)
            ticks += 1
        assert ticks >= 2  # the loop ran while the workers started
        assert await stored == _Stored(3, 3, None)
    finally:
        ingest.close()
        store.close()
    assert Store.open(tmp_path / "db").counts()[0] == 3
