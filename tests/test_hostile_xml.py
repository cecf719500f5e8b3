"""XML: hostile feeds are refused or repaired in bounded time, never expanded, never fetched."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from newsreader.config import MAX_ITEMS
from newsreader.errors import FeedError
from newsreader.feeds import parse_feed, parse_opml

_RSS = b'<rss version="2.0"><channel><title>%s</title>%s</channel></rss>'
_ENTITIES = '<!ENTITY a0 "lol">' + "".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10))

CASES: dict[str, tuple[Callable[[], bytes], str | None]] = {
    # name: (make bytes, expected FeedError text or None for "parses, sanely")
    "billion laughs": (
        lambda: (
            f'<?xml version="1.0"?><!DOCTYPE rss [{_ENTITIES}]>'.encode()
            + _RSS % (b"&a9;", b"<item><title>t</title></item>")
        ),
        "entity expansion too large",
    ),
    "deep nesting": (
        lambda: _RSS % (b"d", b"<item><title>t</title>" + b"<x>" * 100_000 + b"</x>" * 100_000 + b"</item>"),
        "nesting too deep",
    ),
    "10 MB text node": (
        lambda: (
            _RSS
            % (b"b", b"<item><title>t</title><description>" + b"x" * 11_000_000 + b"</description></item>")
        ),
        "text node too large",
    ),
    "100k attributes": (
        lambda: (
            _RSS
            % (
                b"a",
                b"<item " + b" ".join(b'a%d="v"' % i for i in range(100_000)) + b"><title>t</title></item>",
            )
        ),
        None,
    ),
    "200k items": (lambda: _RSS % (b"many", b"<item><title>t</title></item>" * 200_000), None),
    "broken and big": (
        lambda: _RSS % (b"b &", b"<item><title>t</title><description>a & b</description></item>" * 50_000),
        None,
    ),
    "broken and deep": (
        lambda: _RSS % (b"b &", b"<item><title>t</title>" + b"<a>" * 40_000 + b"</a>" * 40_000 + b"</item>"),
        None,
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_hostile_feed_is_bounded(name: str) -> None:
    make, error = CASES[name]
    data = make()
    start = time.process_time()  # CPU time: the machine is shared
    if error:
        with pytest.raises(FeedError, match=error):
            parse_feed(data, "https://x.example/feed")
    else:
        feed = parse_feed(data, "https://x.example/feed")
        assert 1 <= len(feed.entries) <= MAX_ITEMS
        if name == "200k items":  # cut at the cap, and the cut is counted (refresh reports it)
            assert (len(feed.entries), feed.dropped) == (MAX_ITEMS, 200_000 - MAX_ITEMS)
    assert time.process_time() - start < 2.0


def test_external_entities_are_never_read() -> None:
    data = b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + _RSS % (
        b"&x;",
        b"<item><title>t &x;</title><description>&x;</description></item>",
    )
    feed = parse_feed(data, "https://x.example/feed")
    text = f"{feed.title} {feed.entries[0].title} {feed.entries[0].summary}"
    assert "root:" not in text


def test_escape_sequences_in_broken_xml_go_whole() -> None:
    data = _RSS % (b"Evil\x1b]0;pwned\x07 feed & co", b"<item><title>x\x1b[2Jy</title></item>")
    feed = parse_feed(data, "https://x.example/feed")
    assert feed.title is not None and "pwned" not in feed.title
    assert feed.entries[0].title == "xy"


def test_hostile_opml_is_refused_quickly() -> None:
    start = time.monotonic()
    bomb = (
        f'<?xml version="1.0"?><!DOCTYPE opml [{_ENTITIES}]><opml><body><outline text="&a9;"/></body></opml>'
    )
    with pytest.raises(Exception, match="OPML"):
        parse_opml(bomb.encode())
    assert time.monotonic() - start < 2.0


def test_json_feed_with_lone_surrogates_and_noncharacters_stores_and_exports(tmp_path: Path) -> None:
    from newsreader.feeds import export_opml
    from newsreader.store import Store

    data = b'{"version": "https://jsonfeed.org/version/1.1", "title": "bad \\ufffe title \\ud800",' + (
        b' "items": [{"id": "\\ud800x", "title": "t \\udfff", "content_html": "<p>\\ud800</p>"}]}'
    )
    feed = parse_feed(data, "https://x.example/feed.json")
    store = Store.open(tmp_path / "db")
    stored = store.add_feed("https://x.example/feed.json")
    store.store_feed(stored.id, feed, etag=None, last_modified=None, body_hash="h", next_update=0)
    assert store.headlines()[0].title == "t"
    assert b"bad title" in export_opml(store.feeds())
