"""The bundled demo site and its loopback server."""

from __future__ import annotations

import gzip
import http.client
import json
import time
from collections.abc import Iterator
from email.utils import formatdate
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import feedparser
import httpx
import pytest
from lxml import etree, html

from newsreader.demo.server import FEED_PATHS, DemoServer, site_root


def feed_urls(server: DemoServer) -> list[str]:
    """Absolute URLs of the demo feeds present under the server's root."""
    return [server.url(p) for p in FEED_PATHS if (server.root / p).is_file()]


SITE = site_root()
ARTICLES = sorted(p.name for p in (SITE / "articles").glob("*.html"))
PUBLISHER = "The Harbour Gazette"


@pytest.fixture(scope="module")
def server() -> Iterator[DemoServer]:
    with DemoServer() as srv:
        yield srv


@pytest.fixture(scope="module")
def client(server: DemoServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.base_url, timeout=5) as c:
        yield c


def page(client: httpx.Client, path: str) -> html.HtmlElement:
    response = client.get(path)
    assert response.status_code == 200, path
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert "{BASE}" not in response.text
    return html.fromstring(response.content, base_url=str(response.url))


def raw_get(
    server: DemoServer, path: str, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    """A request with the path sent exactly as given (no client-side normalisation)."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    try:
        conn.request("GET", path, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, dict(resp.getheaders()), resp.read()
    finally:
        conn.close()


def test_site_layout() -> None:
    assert 10 <= len(ARTICLES) <= 14
    for rel in ("index.html", "demo.opml", "feeds/world.xml", "feeds/science.atom"):
        assert (SITE / rel).is_file(), rel
    assert not (SITE / "__init__.py").exists()
    pngs = {p.read_bytes() for p in (SITE / "images").glob("*.png")}
    assert len(pngs) >= 4
    assert all(b.startswith(b"\x89PNG\r\n\x1a\n") for b in pngs)


def test_server_api(server: DemoServer) -> None:
    assert server.base_url == f"http://127.0.0.1:{server.port}"
    assert feed_urls(server) == [
        f"{server.base_url}/feeds/world.xml",
        f"{server.base_url}/feeds/science.atom",
        f"{server.base_url}/feeds/tech.xml",
    ]
    assert server.url("/articles/x.html") == f"{server.base_url}/articles/x.html"


@pytest.mark.parametrize(
    ("index", "version", "ctype"),
    [(0, "rss20", "application/rss+xml"), (1, "atom10", "application/atom+xml"), (2, "rss20", "")],
)
def test_feeds(server: DemoServer, client: httpx.Client, index: int, version: str, ctype: str) -> None:
    response = client.get(feed_urls(server)[index])
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(ctype or "application/rss+xml")
    assert b"{BASE}" not in response.content
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == version
    assert 4 <= len(parsed.entries) <= 6
    assert any("content" in e for e in parsed.entries)
    for entry in parsed.entries:
        assert entry.title and entry.id and entry.author and entry.summary
        assert entry.published_parsed.tm_year == 2026
        assert entry.link.startswith(f"{server.base_url}/articles/")
        assert client.get(entry.link).status_code == 200


def test_opml(server: DemoServer, client: httpx.Client) -> None:
    response = client.get("/demo.opml")
    assert response.headers["content-type"].startswith("text/x-opml")
    root = etree.fromstring(response.content)
    groups = root.findall("body/outline")
    assert [g.get("text") for g in groups] == ["News", "Tech"]
    urls = [o.get("xmlUrl", "") for g in groups for o in g.findall("outline")]
    assert sorted(urls) == sorted(feed_urls(server))


def test_home_autodiscovery(server: DemoServer, client: httpx.Client) -> None:
    doc = page(client, "/")
    links = doc.xpath('//head/link[@rel="alternate"]')
    found = {urljoin(server.base_url + "/", link.get("href")) for link in links}
    assert found == set(feed_urls(server))
    assert {link.get("type") for link in links} == {"application/rss+xml", "application/atom+xml"}
    listed = {urlsplit(h).path for h in doc.xpath("//main//a/@href")}
    assert {f"/articles/{name}" for name in ARTICLES} <= listed


@pytest.mark.parametrize("name", ARTICLES)
def test_article_page(client: httpx.Client, name: str) -> None:
    doc = page(client, f"/articles/{name}")
    assert len(doc.xpath("//h1")) == 1
    assert doc.xpath("//a[@rel='author']")
    assert doc.xpath("//article//time/@datetime")[0].startswith("2026-")
    meta = {m.get("property"): m.get("content") for m in doc.xpath("//meta[@property]")}
    assert meta["og:site_name"] == PUBLISHER
    assert meta["og:title"] == doc.xpath("string(//h1)")
    assert meta["og:image"].startswith("http://127.0.0.1:")
    (ld,) = [json.loads(s) for s in doc.xpath("//script[@type='application/ld+json']/text()")]
    assert ld["@type"] == "NewsArticle"
    assert ld["headline"] == doc.xpath("string(//h1)")
    assert ld["publisher"]["name"] == PUBLISHER
    assert ld["author"][0]["name"] and ld["datePublished"].startswith("2026-")
    lead = doc.xpath("//figure[contains(@class, 'lead-image')]")[0]
    assert lead.xpath("img/@src") and lead.xpath("figcaption/span[@class='credit']")
    body = doc.xpath("//div[@class='story-body']")[0]
    assert 5 <= len(body.xpath("p[not(@class)]")) <= 12
    assert body.xpath("h2")
    assert body.xpath("figure/figcaption/span[@class='credit']")
    hrefs = body.xpath("./*[not(@class='read-next')]//a/@href")
    assert any(h.startswith("https://example.com/") for h in hrefs)
    assert any(h.startswith("/articles/") for h in hrefs)
    assert body.xpath("p[last()][@class='read-next']/strong/text()") == ["Read Next:"]
    more = doc.xpath("//section[@class='more-from']")[0]
    assert more.xpath("string(h2)") == f"More from {PUBLISHER}"
    cards = more.xpath("article[@class='card']")
    assert 3 <= len(cards) <= 4
    for card in cards:
        assert card.xpath("a/img") and card.xpath("h3/a/@href") and card.xpath("p[@class='teaser']")
    assert doc.xpath("//aside[@class='newsletter']") and doc.xpath("//section[@id='comments']")
    footer = doc.xpath("//footer[@class='site-footer']//a/@href")
    assert {"/about.html", "/contact.html", "/privacy.html"} <= set(footer)
    assert any(h.startswith("/tags/") for h in footer)


def test_features_across_articles(client: httpx.Client) -> None:
    docs = {name: page(client, f"/articles/{name}") for name in ARTICLES}

    def having(xpath: str) -> set[str]:
        return {name for name, doc in docs.items() if doc.xpath(xpath)}

    assert having("//div[@class='story-body']/blockquote[footer/cite]")
    assert having("//aside[@class='pullquote']")
    tweets = having("//blockquote[@class='twitter-tweet']")
    assert len(tweets) == 1
    assert having("//div[@class='story-body']/ul") and having("//div[@class='story-body']/ol")
    assert having("//div[@class='story-body']/table")
    assert having("//div[@class='story-body']/pre")
    titles = [doc.xpath("string(//h1)") for doc in docs.values()]
    assert 'Why "[bold]" and [/] tags confuse parsers' in titles
    assert sum("[" in t for t in titles) == 1


def test_read_next_chain_covers_every_article(client: httpx.Client) -> None:
    seen: list[str] = []
    current = ARTICLES[0]
    while current not in seen:
        seen.append(current)
        doc = page(client, f"/articles/{current}")
        (href,) = doc.xpath("//p[@class='read-next']/a/@href")
        assert href.startswith("/articles/")
        current = href.removeprefix("/articles/")
        assert (SITE / "articles" / current).is_file(), href
    assert sorted(seen) == ARTICLES
    assert current == ARTICLES[0] or len(seen) == len(ARTICLES)


def test_every_internal_link_resolves() -> None:
    for path in SITE.rglob("*.html"):
        doc = html.fromstring(path.read_bytes())
        refs = doc.xpath("//a/@href | //img/@src | //link/@href")
        for ref in refs:
            target = urlsplit(ref.replace("{BASE}", "")).path
            if ref.startswith(("http", "mailto:", "#")) or not target:
                continue
            if target == "/":
                target = "/index.html"
            assert (SITE / target.lstrip("/")).is_file(), f"{path.name}: {ref}"


def test_conditional_get(client: httpx.Client) -> None:
    first = client.get("/articles/" + ARTICLES[0])
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    assert etag.startswith('"') and not etag.startswith("W/")
    again = client.get("/articles/" + ARTICLES[0], headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag
    other = client.get("/articles/" + ARTICLES[0], headers={"If-None-Match": '"nope"'})
    assert other.status_code == 200 and other.content == first.content
    since = client.get("/articles/" + ARTICLES[0], headers={"If-Modified-Since": modified})
    assert since.status_code == 304
    old = formatdate(0, usegmt=True)
    assert client.get("/articles/" + ARTICLES[0], headers={"If-Modified-Since": old}).status_code == 200


def test_gzip_and_identity(server: DemoServer) -> None:
    status, headers, body = raw_get(server, "/index.html", {"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert int(headers["Content-Length"]) == len(body)
    plain_status, plain_headers, plain = raw_get(server, "/index.html")
    assert plain_status == 200 and "Content-Encoding" not in plain_headers
    assert gzip.decompress(body) == plain
    assert server.base_url.encode() in plain and b"{BASE}" not in plain
    _, _, refused = raw_get(server, "/index.html", {"Accept-Encoding": "gzip;q=0"})
    assert refused == plain


def test_images_are_served_verbatim(server: DemoServer) -> None:
    image = next((SITE / "images").glob("*.png"))
    status, headers, body = raw_get(server, f"/images/{image.name}", {"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Type"] == "image/png"
    assert body == image.read_bytes()


@pytest.mark.parametrize("path", ["/missing.html", "/articles/nope.html", "/feeds/", "/images"])
def test_not_found_and_no_listing(server: DemoServer, path: str) -> None:
    status, _, body = raw_get(server, path)
    assert status == 404
    assert b"world.xml" not in body and b".png" not in body


@pytest.mark.parametrize(
    "path",
    [
        "/../server.py",
        "/articles/../../server.py",
        "/%2e%2e/server.py",
        "/articles/..%2f..%2fserver.py",
        "/..%5cserver.py",
    ],
)
def test_path_traversal_refused(server: DemoServer, path: str) -> None:
    status, _, body = raw_get(server, path)
    assert status in (400, 403, 404)
    assert b"DemoServer" not in body


def test_keep_alive_and_head(server: DemoServer) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    try:
        for path in ("/", "/feeds/tech.xml", "/missing", "/demo.opml"):
            conn.request("GET", path)
            resp = conn.getresponse()
            assert resp.getheader("Content-Length") is not None
            assert len(resp.read()) == int(resp.getheader("Content-Length", "-1"))
        conn.request("HEAD", "/index.html")
        resp = conn.getresponse()
        assert resp.status == 200 and resp.read() == b""
        assert int(resp.getheader("Content-Length", "0")) > 0
    finally:
        conn.close()


def test_requests_are_recorded(server: DemoServer, client: httpx.Client) -> None:
    client.get("/about.html", headers={"X-Probe": "yes"})
    entry = next(r for r in reversed(server.requests) if r["path"] == "/about.html")
    assert entry["method"] == "GET"
    assert entry["headers"]["x-probe"] == "yes"


def test_quiet_latency_and_custom_root(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.html").write_text("<p>{BASE}</p>", encoding="utf-8")
    with DemoServer(root=tmp_path, latency=0.2) as srv:
        assert feed_urls(srv) == []
        started = time.monotonic()
        response = httpx.get(srv.url("a.html"))
        assert time.monotonic() - started >= 0.2
        assert response.text == f"<p>{srv.base_url}</p>"
        assert httpx.get(srv.url("b.html")).status_code == 404
    assert capfd.readouterr().err == ""
