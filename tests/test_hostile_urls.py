"""URLs: only absolute http(s) URLs with a host are fetched, followed or opened; the rest stays text."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsreader.articles import ArticleService
from newsreader.config import Config
from newsreader.fetch import Fetcher
from newsreader.layout import display_url
from newsreader.models import Article, Link, Paragraph, StoryLink
from newsreader.plain import render_plain
from newsreader.refresh import refresh
from newsreader.store import Store
from newsreader.urls import absolutize, is_web_url, registered_domain
from tests.server import LoopbackServer, Reply


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "data:text/html,<script>",
        "file:///etc/passwd",
        "ftp://x.example/",
        "mailto:a@x.example",
        "//x.example/path",
        "/relative",
        "http://",
        "http:///nohost",
        "-http://x.example/",
        "--remote-debugging-port=9222",
        "http://x.example/\x1b[2J",
        "http://x.example/a b",
        "http://x.example/x\u202etxt.exe",  # displays as ".../xexe.txt"
        "http://x.example/zero\u200bwidth",
        "http://ab\u00ad.example/",  # soft hyphen in the host: httpx rejects it
        "http://x.example/\ud800",
        "http://x.example:99999/",
        "http://[::1",
        "",
        "h" * 5000,
    ],
)
def test_rejected(url: str) -> None:
    assert not is_web_url(url)


@pytest.mark.parametrize("url", ["http://x.example/", "https://x.example/a?b=c#d", "http://127.0.0.1:8080/"])
def test_accepted(url: str) -> None:
    assert is_web_url(url)


def test_absolutize_keeps_policy() -> None:
    base = "https://news.example/a/b.html"
    assert absolutize("../c.html", base) == "https://news.example/c.html"
    assert absolutize("  javascript:alert(1)", base) is None
    assert absolutize("data:image/png;base64,xx", base) is None
    assert absolutize("//cdn.example/i.png", base) == "https://cdn.example/i.png"
    assert absolutize(None, base) is None


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (
            "https://good.example\\@evil.test/",
            "⚠ goes to evil.test, not good.example%5C: https://good.example%5C@evil.test/",
        ),
        (
            "https://good.example:443@evil.test/a",
            "⚠ goes to evil.test, not good.example:443: https://good.example:443@evil.test/a",
        ),
        (
            "https://\u0430pple.com/",
            "⚠ international name \u0430pple.com: https://xn--pple-43d.com/",
        ),  # Cyrillic а
        ("https://xn--pple-43d.com/", "⚠ international name \u0430pple.com: https://xn--pple-43d.com/"),
        ("HTTPS://News.Example/a b", "https://news.example/a%20b"),
        ("https://news.example/a?b=c#d", "https://news.example/a?b=c#d"),
    ],
)
def test_urls_are_shown_as_they_will_be_fetched(url: str, shown: str) -> None:
    assert display_url(url) == shown


def test_the_host_shown_is_the_host_connected_to() -> None:
    """The fetcher counts (politeness, health) the same host that is shown."""
    from newsreader.fetch.client import server_of

    assert server_of("https://good.example\\@evil.test/") == "evil.test"
    assert server_of("https://\u0430pple.com/") == "xn--pple-43d.com"


def test_plain_text_lists_links_as_fetched() -> None:
    article = Article(
        url="https://news.example/a",
        title="T",
        blocks=[Paragraph("See the report.", [Link("the report", "https://good.example\\@evil.test/r")])],
        read_next=[StoryLink("Next", "https://\u0430pple.com/next")],
    )
    text = render_plain(article)
    assert "[1] ⚠ goes to evil.test, not good.example%5C: https://good.example%5C@evil.test/r" in text
    assert "⚠ international name \u0430pple.com: https://xn--pple-43d.com/next" in text


def test_a_link_broken_over_lines_is_the_link_without_the_break() -> None:
    assert absolutize("https://news.example/2026/\n    long-story.html", None) == (
        "https://news.example/2026/long-story.html"
    )
    assert absolutize("/a\r\n\tb", "https://news.example/") == "https://news.example/ab"


async def test_an_entry_whose_link_has_a_newline_opens(tmp_path: Path, server: LoopbackServer) -> None:
    page = b"<html><head><title>Story</title></head><body><article><h1>Story</h1>" + b"<p>Body text.</p>" * 20
    server.routes["/story/one"] = Reply(page + b"</article></body></html>", content_type="text/html")
    link = server.url("/story/\n      one")
    server.routes["/feed"] = Reply(
        f"<rss version='2.0'><channel><title>T</title><item><title>Wrapped</title><link>{link}</link>"
        "<description>Teaser.</description></item></channel></rss>".encode()
    )
    store = Store.open(tmp_path / "db")
    store.add_feed(server.url("/feed"))
    async for result in refresh(store, Config()):
        assert result.ok
    (entry,) = store.headlines()
    assert entry.link == server.url("/story/one")
    async with Fetcher(Config()) as fetcher:
        article = await ArticleService(store, fetcher).get(entry.link)
    assert article.source == "page" and "Body text." in article.text


@pytest.mark.parametrize(
    ("host", "domain"),
    [
        ("news.bbc.co.uk", "bbc.co.uk"),
        ("careers.site.co.uk", "site.co.uk"),
        ("jobs.example.com", "example.com"),
        ("example-jobs.com", "example-jobs.com"),
        ("www.abc.net.au", "abc.net.au"),
        ("jobs.ac.uk", "jobs.ac.uk"),
        ("www.themarket.ch", "themarket.ch"),
        ("co.uk", "co.uk"),
        ("localhost", "localhost"),
        ("127.0.0.1", "127.0.0.1"),
        ("WWW.Example.ORG.", "example.org"),
    ],
)
def test_registered_domain(host: str, domain: str) -> None:
    assert registered_domain(host) == domain
