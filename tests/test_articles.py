"""The article service and `newsreader read`: cache first, both URLs cached, offline, feed fallback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsreader.articles import ArticleService
from newsreader.cli import main
from newsreader.config import Config
from newsreader.demo.server import DemoServer
from newsreader.errors import FetchError, NotCachedError
from newsreader.fetch import Fetcher
from newsreader.models import ParsedEntry, ParsedFeed
from newsreader.store import Store
from tests.server import LoopbackServer, Reply, redirect

ARTICLE = "/articles/lighthouse-logbooks-online.html"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store.open(tmp_path / "db")


async def test_fetch_extract_cache_then_offline(
    demo: DemoServer, server: LoopbackServer, store: Store
) -> None:
    page = (Path(__file__).parents[1] / "src/newsreader/demo/site" / ARTICLE.lstrip("/")).read_bytes()
    server.routes["/final"] = Reply(page.replace(b"{BASE}", demo.base_url.encode()), content_type="text/html")
    server.routes["/short"] = redirect("/final")
    async with Fetcher(Config()) as fetcher:
        service = ArticleService(store, fetcher)
        article = await service.get(server.url("/short"))
        assert article.title == "A century of lighthouse logbooks goes online, fog bells and all"
        assert article.url == server.url("/final")
        assert any(b.type == "quote" and b.kind == "tweet" for b in article.blocks)
        assert article.read_next[0].url == server.url("/articles/tide-gauge-record.html")  # root-relative
        assert len(server.seen("/final")) == 1
        for url in (server.url("/short"), server.url("/final"), server.url("/final#comments")):
            again = await service.get(url, offline=True)
            assert again.to_json() == article.to_json()
        assert len(server.seen("/final")) == 1  # served from the cache
        with pytest.raises(NotCachedError, match="not in the cache"):
            await service.get(server.url("/elsewhere"), offline=True)


async def test_feed_entry_fallback_when_the_page_fails(server: LoopbackServer, store: Store) -> None:
    server.routes["/gone"] = Reply(b"", 500, conditional=False)
    feed = store.add_feed("https://feeds.example/rss")
    entry = ParsedEntry(
        key="k",
        title="Ferry resumes",
        link=server.url("/gone"),
        author="Ana",
        published="2026-11-02T08:30:00+00:00",
        summary="The ferry sailed.",
        content="<p>The <b>ferry</b> sailed again after three days.</p><blockquote>We are back.</blockquote>",
    )
    store.store_feed(
        feed.id, ParsedFeed("F", None, [entry]), etag=None, last_modified=None, body_hash="h", next_update=0
    )
    async with Fetcher(Config()) as fetcher:
        service = ArticleService(store, fetcher)
        article = await service.get(server.url("/gone"))
        assert article.source == "feed" and "HTTP 500" in (article.note or "")
        assert (article.title, article.byline) == ("Ferry resumes", "Ana")
        assert "ferry sailed again after three days" in article.text
        assert store.get_article(server.url("/gone")) is None  # a fallback is not cached as the page
        with pytest.raises(FetchError):
            await service.get(server.url("/also-gone"))


def test_read_json_and_plain_and_offline(demo: DemoServer, capsys: pytest.CaptureFixture[str]) -> None:
    url = demo.url(ARTICLE)
    assert main(["read", url, "--json"]) == 0
    out, err = capsys.readouterr()
    doc = json.loads(out)
    assert err == ""
    assert set(doc) >= {"url", "title", "byline", "published", "site_name", "lead_image", "blocks"}
    assert set(doc) >= {"read_next", "related", "text"}
    assert doc["lead_image"]["caption"] and doc["lead_image"]["credit"] == "Photo: Wenlow Maritime Museum"
    assert main(["read", url, "--plain", "--offline"]) == 0
    plain = capsys.readouterr().out
    assert "Caption: Gull Point lighthouse" in plain and "Read Next" in plain and "(Tweet)" in plain
    code = main(["read", demo.url("/articles/not-fetched.html"), "--offline"])
    assert code == 1 and "not in the cache (offline)" in capsys.readouterr().err


def test_read_a_saved_file_with_base_url(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "saved.html"
    page.write_text(
        "<html><head><title>Saved story</title></head><body><article><h1>Saved story</h1>"
        + "<p>A paragraph that is long enough to count as the body of an article, with words. </p>" * 4
        + '<p>See <a href="/next.html">the next one</a>.</p></article></body></html>'
    )
    assert main(["read", str(page), "--json", "--base-url", "https://news.example/a/"]) == 0
    doc = json.loads(capsys.readouterr().out)
    links = [link for block in doc["blocks"] for link in block.get("links", [])]
    assert {"text": "the next one", "url": "https://news.example/next.html"} in links


def test_every_demo_article_keeps_captions_quotes_and_story_links(demo: DemoServer) -> None:
    """The demo site's features all survive extraction (a cue that is the whole section included)."""
    from newsreader.extract import extract_article

    site = Path(__file__).parents[1] / "src/newsreader/demo/site/articles"
    kinds: set[str] = set()
    for page in sorted(site.glob("*.html")):
        url = demo.url(f"/articles/{page.name}")
        article = extract_article(page.read_bytes().replace(b"{BASE}", demo.base_url.encode()), url)
        assert article.lead_image and article.lead_image.caption and article.lead_image.credit, page.name
        assert any(b.type == "figure" and b.caption and b.credit for b in article.blocks), page.name
        assert len(article.read_next) == 1 and article.read_next[0].url.startswith(demo.base_url)
        assert "Read Next" not in article.text and "Newsletter" not in article.text
        assert 3 <= len(article.related) <= 4, page.name
        assert all(r.title and r.summary and r.url != url for r in article.related), page.name
        kinds |= {b.kind for b in article.blocks if b.type == "quote"}
    assert kinds == {"blockquote", "pullquote", "tweet"}


def test_json_and_reader_view_show_the_same_captions_quotes_and_story_links(demo: DemoServer) -> None:
    """What `read --json` holds, the article view renders: captions, credits, quotes, posts, story lists."""
    from newsreader.extract import extract_article
    from newsreader.layout import ImageBlock, TextBlock, layout_article
    from newsreader.models import Article

    site = Path(__file__).parents[1] / "src/newsreader/demo/site/articles"
    for page in sorted(site.glob("*.html")):
        url = demo.url(f"/articles/{page.name}")
        doc = extract_article(page.read_bytes().replace(b"{BASE}", demo.base_url.encode()), url).to_json()
        rendered = layout_article(Article.from_json(doc))
        shown = "\n".join(
            "".join(r.text for r in (b.placeholder if isinstance(b, ImageBlock) else b).runs)
            for b in rendered.blocks
            if isinstance(b, TextBlock | ImageBlock)
        )
        figures = [doc["lead_image"], *(b for b in doc["blocks"] if b["type"] == "figure")]
        want = [f[k] for f in figures for k in ("caption", "credit") if f[k]]
        for quote in (b for b in doc["blocks"] if b["type"] == "quote"):
            want += [v for v in (quote["text"], quote["cite"], quote.get("date")) if v]
            if quote.get("url"):  # a post's permalink is a numbered link of the body
                assert any(ref.url == quote["url"] for ref in rendered.links), page.name
        want += [s["title"] for s in doc["read_next"] + doc["related"]]
        want += [s["summary"] for s in doc["related"] if s["summary"]]
        assert want and [w for w in want if w not in shown] == [], page.name
        assert [(ref.url, ref.section) for ref in rendered.links if ref.section != "body"] == [
            *((s["url"], "read-next") for s in doc["read_next"]),
            *((s["url"], "related") for s in doc["related"]),
        ]


async def test_a_page_cut_at_the_size_cap_says_so_when_read_over_http(
    server: LoopbackServer, store: Store
) -> None:
    """The extractor's note (the page was cut) reaches the reader: the service does not drop it."""
    prose = "<p>The harbour wall was measured again, and the keepers logged every reading of the tide.</p>"
    page = f"<html><head><title>Long</title></head><body><article>{prose * 41_000}</article></body></html>"
    server.routes["/long"] = Reply(page.encode(), content_type="text/html")
    async with Fetcher(Config()) as fetcher:
        article = await ArticleService(store, fetcher).get(server.url("/long"))
    assert article.source == "page" and not article.page_failed
    assert article.note == "The page was cut at 40,000 tags: the end of the article may be missing"
    assert (await ArticleService(store, fetcher).get(server.url("/long"), offline=True)).note == article.note


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (
            b'<?xml version="1.0"?>\n<!-- a comment -->\n<rss version="2.0"><channel><title>Harbour news'
            b"</title><item><title>Ferry resumes</title><link>https://h.example/ferry</link></item>"
            b"</channel></rss>",
            "text/xml",
        ),
        (
            b'<?xml version="1.0" encoding="utf-8"?><?xml-stylesheet href="feed.xsl"?>'
            b'<feed xmlns="http://www.w3.org/2005/Atom"><title>Harbour</title><entry><title>Ferry</title>'
            b"</entry></feed>",
            "application/atom+xml",
        ),
        (
            b'{"version": "https://jsonfeed.org/version/1.1", "title": "Harbour", "items": []}',
            "application/json",
        ),
    ],
)
def test_reading_a_feed_address_says_it_is_a_feed(
    server: LoopbackServer, body: bytes, content_type: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A feed's address given to `read` (or followed from an article: a "Subscribe via RSS" link) was read
    as a page: its XML came out as one paragraph of run-together titles and URLs."""
    server.routes["/feed"] = Reply(body, content_type=content_type)
    assert main(["read", server.url("/feed")]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.strip().splitlines() == [
        f"newsreader: error: cannot read 127.0.0.1:{server.port}: the address serves a feed, not a web page:"
        " subscribe to it"
    ]
