"""Pilot tests of the TUI against the real demo server and a real store in tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from newsreader.config import Config
from newsreader.demo.server import DemoServer, site_root
from newsreader.refresh import refresh
from newsreader.store import Store
from newsreader.store.cache import HISTORY_KEPT
from newsreader.ui.app import NewsreaderApp, create_app
from newsreader.ui.render import block_content
from newsreader.ui.run import subscribe_demo
from newsreader.ui.screens.article import ArticleScreen
from newsreader.ui.screens.feeds import FeedsScreen
from newsreader.ui.screens.headlines import HeadlinesScreen
from newsreader.ui.screens.help import HelpScreen
from newsreader.ui.screens.history import HistoryScreen
from newsreader.ui.textual_private import notifications
from newsreader.ui.widgets.article_view import BlockView
from tests.raw_db import raw_db
from tests.test_ui_support import INJECTION, screen_text, utc  # noqa: F401 (utc is a fixture)

SIZE = (100, 32)


@pytest.fixture
def store(demo_store: Store) -> Store:
    """The demo feeds, refreshed once (`conftest.demo_store`)."""
    return demo_store


def make_app(store: Store, **config: object) -> NewsreaderApp:
    return create_app(store, Config(images=False, **config))  # type: ignore[arg-type]


async def settle(pilot: Pilot[None]) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_article(pilot: Pilot[None], store: Store, slug: str) -> ArticleScreen:
    """From the feeds screen: All articles, then the headline whose link ends with `slug`."""
    await pilot.press("enter")
    await settle(pilot)
    headlines = pilot.app.screen
    assert isinstance(headlines, HeadlinesScreen)
    index = next(i for i, e in enumerate(headlines.entries) if (e.link or "").endswith(slug))
    headlines.table.move_cursor(row=index)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ArticleScreen)
    return pilot.app.screen


def article_text(screen: ArticleScreen) -> str:
    return "\n".join(str(block_content(view.block).plain) for view in screen.query(BlockView))


async def test_navigation_between_screens(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, FeedsScreen)
        await pilot.press("j", "j", "k")
        assert app.screen.table.cursor_row == 1
        await pilot.press("g", "enter")
        await settle(pilot)
        assert isinstance(app.screen, HeadlinesScreen)
        assert len(app.screen.entries) == 12
        await pilot.press("j", "l")
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)
        await pilot.press("h")
        assert isinstance(app.screen, HeadlinesScreen)
        assert app.screen.table.cursor_row == 1
        await pilot.press("q")
        assert isinstance(app.screen, FeedsScreen)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_article_shows_caption_quote_and_tweet(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_article(pilot, store, "lighthouse-logbooks-online.html")
        text = article_text(screen)
        assert "A century of lighthouse logbooks goes online" in text
        assert "Gull Point lighthouse, automated in 1967" in text  # the lead image caption
        assert "Wenlow Maritime Museum (@WenlowMuseum) · February 23, 2026" in text  # author and date
        assert "[image: " in text  # images off: placeholders
        assert "Read next" in text
        entry = store.entry_by_link(screen.url or "")
        assert entry is not None and entry.read
        visible = screen_text(app)
        assert "A century of lighthouse logbooks" in visible


async def test_read_next_back_and_forward_keep_scroll(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_article(pilot, store, "harbour-wall-vote.html")
        assert "Councillor Ruth Penhallow" in article_text(screen)
        first = screen.url
        await pilot.press("space", "j", "j")
        await pilot.pause()
        scrolled = screen.view.scroll_y
        assert scrolled > 0
        await pilot.press("greater_than_sign")
        await settle(pilot)
        assert screen.url is not None and screen.url.endswith("seagrass-meadow-returns.html")
        assert screen.view.scroll_y == 0
        await pilot.press("backspace")
        await settle(pilot)
        assert screen.url == first
        assert screen.view.scroll_y == scrolled
        await pilot.press("ctrl+right")
        await settle(pilot)
        assert screen.url is not None and screen.url.endswith("seagrass-meadow-returns.html")
        await pilot.press("ctrl+left")
        await settle(pilot)
        assert screen.url == first


async def test_numbered_link_and_tab_follow_inside_reader(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_article(pilot, store, "offline-charts-for-skippers.html")
        links = screen.rendered.links
        assert len(links) >= 3
        local = next(link for link in links[1:] if link.url.startswith("http://127.0.0.1"))
        await pilot.press(*str(local.number), "enter")
        await settle(pilot)
        assert screen.url == local.url
        await pilot.press("backspace")
        await settle(pilot)
        await pilot.press("tab", "enter")
        await settle(pilot)
        assert screen.url == links[0].url


async def test_position_is_remembered_when_reopened(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_article(pilot, store, "harbour-wall-vote.html")
        await pilot.press("space")
        await pilot.pause()
        scrolled = screen.view.scroll_y
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)
        assert app.screen.view.scroll_y == scrolled


async def test_mark_read_star_and_next_article(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        headlines = app.screen
        assert isinstance(headlines, HeadlinesScreen)
        first = headlines.entries[0]
        await pilot.press("m", "s")
        entry = store.entry(first.id)
        assert entry is not None and entry.read and entry.starred
        assert app.counts[2] == 1
        await pilot.press("m")
        assert not store.entry(first.id).read  # type: ignore[union-attr]
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("J")
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)
        assert app.screen.url == headlines.entries[1].link
        await pilot.press("q")
        assert headlines.table.cursor_row == 1
        assert headlines.entries[1].read


async def test_refresh_shows_progress_and_reports_a_failing_feed(store: Store, demo: DemoServer) -> None:
    store.add_feed(demo.url("feeds/missing.xml"), title="Broken feed")
    app = make_app(store)
    seen: list[object] = []
    async with app.run_test(size=SIZE) as pilot:
        app.watch(app, "progress", lambda value: seen.append(value), init=False)
        await pilot.press("R")
        await settle(pilot)
        assert any(p is not None for p in seen)  # progress was shown ...
        assert app.progress is None  # ... and cleared at the end
        notes = [n for n in notifications(app)]
        assert any(n.severity == "error" and "Broken feed" in n.message for n in notes)
        feeds = app.screen
        assert isinstance(feeds, FeedsScreen)
        broken = [row for row in feeds.table.data if "Broken feed" in row[1][1].plain]
        assert broken and broken[0][1][0].plain == "!"
        assert "failed" in screen_text(app)


async def test_markup_in_web_text_stays_literal(tmp_path: Path, demo: DemoServer) -> None:
    store = Store.open(tmp_path / "db.sqlite")
    feed = store.add_feed(demo.url("feeds/tech.xml"), title=INJECTION)
    async for _ in refresh(store, Config()):
        pass
    assert store.feed(feed.url) is not None
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert INJECTION in screen_text(app)
        screen = await open_article(pilot, store, "markup-in-headlines.html")
        assert 'Why "[bold]" and [/] tags confuse parsers' in screen_text(app)
        await pilot.click(BlockView, offset=(2, 0))  # a click on the title must do nothing
        await pilot.pause()
        assert app.is_running
        assert isinstance(app.screen, ArticleScreen) and screen is app.screen


async def test_keymap_from_config_and_unknown_ids(store: Store) -> None:
    app = make_app(store, keymap={"down": "x", "no-such-binding": "z"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("x", "x")
        assert app.screen.table.cursor_row == 2  # type: ignore[attr-defined]
        assert any("no-such-binding" in n.message for n in notifications(app))
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        keys = {b.id: k for k, b in app.screen.here}
        assert keys["down"] == "x"


async def test_help_lists_the_bindings_of_the_screen(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_article(pilot, store, "harbour-wall-vote.html")
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for expected in ("follow-link", "read-next", "history-back", "Follow link"):
            assert expected in text
        assert "refresh-all" in {b.id for _, b in app.screen.everywhere}
        await pilot.press("escape")
        assert isinstance(app.screen, ArticleScreen)


async def test_search_and_unread_only(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"lighthouse", "enter")
        await settle(pilot)
        assert isinstance(app.screen, HeadlinesScreen)
        assert [e.title for e in app.screen.entries][0].startswith("A century of lighthouse")
        await pilot.press("m", "u")
        await settle(pilot)
        assert app.screen.entries == []


async def test_unreachable_article_shows_one_line_error(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "db.sqlite")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(ArticleScreen("http://127.0.0.1:9/nothing.html"))
        await settle(pilot)
        assert "cannot connect" in screen_text(app) or "refused" in screen_text(app).lower()
        assert app.is_running


async def test_headlines_load_lazily(tmp_path: Path) -> None:
    from newsreader.models import ParsedEntry, ParsedFeed

    store = Store.open(tmp_path / "db.sqlite")
    feed = store.add_feed("https://big.example/feed.xml", title="Big")
    entries = [
        ParsedEntry(
            key=str(i),
            title=f"Entry {i}",
            link=f"https://big.example/{i}",
            published=f"2025-01-01T00:{i // 60 % 60:02d}:{i % 60:02d}+00:00",
        )
        for i in range(1000)
    ]
    store.store_feed(
        feed.id, ParsedFeed("Big", None, entries), etag=None, last_modified=None, body_hash="x", next_update=0
    )
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HeadlinesScreen)
        assert len(screen.entries) == 200
        await pilot.press("G")  # the real end of the list, read in a worker
        await settle(pilot)
        assert len(screen.entries) == 1000 and screen.table.cursor_row == 999
        assert screen.entries[-1].title == "Entry 0"
        assert len({e.id for e in screen.entries}) == len(screen.entries)


async def test_refresh_prefetches_unread_articles_when_asked(tmp_path: Path, demo: DemoServer) -> None:
    store = Store.open(tmp_path / "db.sqlite")
    subscribe_demo(store, demo.base_url, site_root() / "demo.opml")
    app = make_app(store, prefetch=3)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("R")
        await settle(pilot)
        await settle(pilot)
        links = [e.link or "" for e in store.headlines(unread=True, limit=3)]
        assert store.cached_urls(links) == set(links)
        assert len(store.cached_urls([e.link or "" for e in store.headlines(limit=50)])) == 3


async def test_history_lists_read_articles_newest_first_and_reopens_them(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_article(pilot, store, "harbour-wall-vote.html")
        await pilot.press("greater_than_sign")  # Read Next: the seagrass story
        await settle(pilot)
        await pilot.press("backspace")  # the harbour wall again: listed once, now newest
        await settle(pilot)
        first = screen.url
        await pilot.press("H")
        await settle(pilot)
        history = app.screen
        assert isinstance(history, HistoryScreen)
        assert [key for key, _ in history.table.data] == [
            first,
            next(k for k, _ in history.table.data if k.endswith("seagrass-meadow-returns.html")),
        ]
        assert "Port Wenlow votes to rebuild its storm-battered harbour wall" in screen_text(app)
        await pilot.press("j", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen) and app.screen.url is not None
        assert app.screen.url.endswith("seagrass-meadow-returns.html")


def test_history_is_bounded_in_the_store(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "db.sqlite")
    for i in range(HISTORY_KEPT + 20):
        store.add_history(f"https://site.example/{i % 1500}", f"Story {i}")
    store.add_history("https://site.example/5", "Story 5 again")
    (kept,) = raw_db(store).query("SELECT COUNT(*) FROM history")[0]
    assert kept == HISTORY_KEPT
    recent = store.recent_history(3)
    assert [(url, title) for url, title, _ in recent] == [
        ("https://site.example/5", "Story 5 again"),
        (f"https://site.example/{HISTORY_KEPT + 19}", f"Story {HISTORY_KEPT + 19}"),
        (f"https://site.example/{HISTORY_KEPT + 18}", f"Story {HISTORY_KEPT + 18}"),
    ]
