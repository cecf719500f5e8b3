"""Golden feed files through the parser: expected entries, fallbacks, sanitising."""

from __future__ import annotations

import time

import pytest

from newsreader.errors import FeedError
from newsreader.feeds import discover_feeds, parse_feed
from tests.conftest import feed_bytes, is_clean


def test_rss2_golden() -> None:
    feed = parse_feed(feed_bytes("rss2.xml"), "https://news.example/rss.xml")
    assert feed.title == "Harbour & Hills News"
    assert feed.site_url == "https://news.example/"
    first, second, third = feed.entries
    assert (first.key, first.title, first.link) == (
        "ferry-2026-11-02",
        "Ferry service resumes after storm",
        "https://news.example/2026/ferry.html",
    )
    assert first.published == "2026-11-02T08:30:00+00:00"  # +0100 in UTC
    assert first.author == "Ana Reyes"
    assert first.summary == "The morning ferry sailed again."
    assert first.content is not None and "<b>morning</b> ferry sailed again after three days" in first.content
    assert second.key == second.link == "https://news.example/2026/relative.html"
    assert second.published == "2026-11-01T18:00:00+00:00"
    assert third.link is None  # javascript: is never a link
    assert third.key.startswith("sha1:")


def test_atom_golden() -> None:
    feed = parse_feed(feed_bytes("atom.xml"), "https://science.example/feed.atom")
    assert feed.title == "Science Desk"
    kelp, updated = feed.entries
    assert kelp.key == "tag:science.example,2026:kelp"
    assert kelp.link == "https://science.example/kelp.html"
    assert kelp.published == "2026-11-03T13:15:00+00:00"
    assert kelp.author == "Dr. Mei Lin"
    assert kelp.summary == "Kelp is back."
    assert kelp.content is not None and "<em>back</em>" in kelp.content
    assert updated.published == "2026-11-01T00:00:00+00:00"
    assert updated.summary == "Only an updated date."


def test_rss1_and_json_feed() -> None:
    rdf = parse_feed(feed_bytes("rss1.rdf"), "https://old.example/rss")
    assert rdf.title == "Old School"
    assert [(e.key, e.author, e.published) for e in rdf.entries] == [
        ("https://old.example/one", "Sam", "2026-10-30T10:00:00+00:00")
    ]
    js = parse_feed(feed_bytes("feed.json"), "https://json.example/feed.json")
    assert js.title == "JSON Desk"
    (entry,) = js.entries
    assert (entry.key, entry.title, entry.author, entry.summary) == ("j1", "JSON entry", "Jo", "Hello json")


def test_broken_xml_falls_back_to_feedparser() -> None:
    feed = parse_feed(feed_bytes("broken.xml"), "https://broken.example/rss")
    assert [e.title for e in feed.entries] == ["Still readable & fine"]
    assert feed.entries[0].link == "https://broken.example/a"


def test_hostile_text_is_sanitised() -> None:
    feed = parse_feed(feed_bytes("hostile.xml"), "https://evil.example/rss")
    assert feed.title == "Evil Feed"
    (entry,) = feed.entries
    assert entry.title == "Clear screen reversed"
    assert entry.summary == "ok red"
    for text in (feed.title or "", entry.title, entry.summary):
        assert is_clean(text)
    assert "\x1b" not in (entry.content or "")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"<!doctype html><html><body>hi</body></html>", "HTML page"),
        (b"", "not a feed"),
        (b"\x00\x01\x02garbage", "not a feed"),
        (b'{"hello": 1}', "JSON that is not a JSON Feed"),
        (b"<?xml version='1.0'?><nothing/>", "not a feed"),
    ],
)
def test_not_a_feed(data: bytes, reason: str) -> None:
    with pytest.raises(FeedError, match=reason):
        parse_feed(data, "https://x.example/feed")


def test_billion_laughs_is_bounded() -> None:
    entities = '<!ENTITY a0 "lol">' + "".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10))
    data = (
        f'<?xml version="1.0"?><!DOCTYPE rss [{entities}]><rss version="2.0"><channel>'
        "<title>&a9;</title><item><title>t</title></item></channel></rss>"
    ).encode()
    start = time.monotonic()
    try:
        feed = parse_feed(data, "https://x.example/feed")
        assert len(feed.title or "") < 100_000
    except FeedError:
        pass
    assert time.monotonic() - start < 2


def test_discovery_finds_advertised_feeds() -> None:
    found = discover_feeds(feed_bytes("page.html"), "https://news.example/page")
    assert found == ["https://news.example/feeds/rss2.xml"]
