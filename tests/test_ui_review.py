"""UI regressions from review: state that outlives its article, shared links, linkless entries, a locked
database, and a typed link number that outlives its moment."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from newsreader.models import Article, Paragraph, ParsedEntry, ParsedFeed
from newsreader.store import Store
from newsreader.ui.screens.article import ArticleScreen
from newsreader.ui.screens.headlines import HeadlinesScreen
from tests.raw_db import raw_db
from tests.test_ui import SIZE, article_text, make_app, settle
from tests.test_ui_support import screen_text

BASE = "https://gazette.example"


def _store(tmp_path: Path, entries: list[ParsedEntry]) -> Store:
    store = Store.open(tmp_path / "db.sqlite")
    feed = store.add_feed(f"{BASE}/rss", title="Gazette")
    store.store_feed(
        feed.id,
        ParsedFeed("Gazette", None, entries),
        etag=None,
        last_modified=None,
        body_hash="h",
        next_update=0,
    )
    return store


def _entry(key: str, day: int, link: str | None, content: str | None = None) -> ParsedEntry:
    return ParsedEntry(
        key, f"Story {key}", link, published=f"2026-03-{day:02d}T08:00:00+00:00", content=content
    )


def _cache(store: Store, url: str, words: str, links: int = 0) -> None:
    from newsreader.models import Link

    paragraphs = [
        Paragraph(f"{words} paragraph {i}.", [Link(f"l{i}", f"{BASE}/l{i}")] if i < links else [])
        for i in range(3)
    ]
    store.put_article([url], Article(url=url, title=words, blocks=list(paragraphs)).to_json())


async def _open_first(pilot, app) -> ArticleScreen:  # type: ignore[no-untyped-def]
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(app.screen, HeadlinesScreen)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(app.screen, ArticleScreen)
    return app.screen


async def test_two_entries_sharing_a_link_are_both_reached_and_marked(tmp_path: Path) -> None:
    shared = f"{BASE}/shared.html"
    store = _store(
        tmp_path, [_entry("a", 9, shared), _entry("b", 8, shared), _entry("c", 7, f"{BASE}/c.html")]
    )
    _cache(store, shared, "Shared")
    _cache(store, f"{BASE}/c.html", "Third")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_first(pilot, app)
        assert screen.entry is not None and screen.entry.title == "Story a"
        assert store.counts()[1] == 1  # reading the link read both of its entries (`mark URL`'s rule)
        await pilot.press("J")
        await settle(pilot)
        assert screen.entry is not None and screen.entry.title == "Story b"
        await pilot.press("K", "n")  # back on a, `n` skips b: it was read with a
        await settle(pilot)
        assert "Third paragraph 0." in article_text(screen)
    assert store.counts()[1] == 0  # a, b and c are all read


async def test_an_entry_without_a_link_opens_its_feed_text(tmp_path: Path) -> None:
    store = _store(tmp_path, [_entry("x", 9, None, "<p>Only in the feed, <b>but</b> readable.</p>")])
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_first(pilot, app)
        assert "Only in the feed, but readable." in article_text(screen)
        assert "no web page" in screen_text(app)
    assert store.counts()[1] == 0


async def test_a_failed_link_keeps_the_article_and_its_links(tmp_path: Path) -> None:
    url = f"{BASE}/a.html"
    store = _store(tmp_path, [_entry("a", 9, url)])
    store.put_article(
        [url],
        Article(url=url, title="A", blocks=[Paragraph("See it.", [])] * 1).to_json()
        | {
            "blocks": [
                {
                    "type": "paragraph",
                    "text": "Go there now.",
                    "links": [
                        {"text": "there", "url": "http://127.0.0.1:9/x"},
                        {"text": "now", "url": f"{BASE}/now"},
                    ],
                }
            ]
        },
    )
    app = make_app(store, connect_timeout=0.5, deadline=2.0)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_first(pilot, app)
        await pilot.press("1", "enter")  # an unreachable link: a status line, the article stays
        await settle(pilot)
        assert screen.url == url and len(screen.rendered.links) == 2
        assert "Cannot open 127.0.0.1:9: " in screen_text(app)
        await pilot.press("3", "enter")
        await settle(pilot)
        assert screen.url == url
        assert "There is no link 3" in screen_text(app)


async def test_a_typed_number_gives_way_to_the_selected_link(tmp_path: Path) -> None:
    url = f"{BASE}/a.html"
    store = _store(tmp_path, [_entry("a", 9, url)])
    _cache(store, url, "Linked", links=3)
    _cache(store, f"{BASE}/l0", "Zero")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_first(pilot, app)
        await pilot.press("3", "j", "tab", "enter")  # the 3 is forgotten at j; tab selects link 1
        await settle(pilot)
        assert screen.url == f"{BASE}/l0"


async def test_a_locked_database_is_a_status_line_not_a_crash(tmp_path: Path) -> None:
    store = _store(tmp_path, [_entry("a", 9, f"{BASE}/a.html")])
    raw_db(store).conn.execute("PRAGMA busy_timeout = 200")
    other = sqlite3.connect(tmp_path / "db.sqlite", isolation_level=None)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
        await pilot.press("m")
        await settle(pilot)
        assert "the database is busy" in screen_text(app)
        other.execute("ROLLBACK")
        await pilot.press("m")
        await settle(pilot)
    assert store.counts()[1] == 0
