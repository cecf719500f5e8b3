"""What a new user meets first, found by using the app end to end (issue 8's review): each test here
failed before its fix."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from textual.pilot import Pilot

from newsreader.config import Config
from newsreader.store import Store
from newsreader.ui.app import NewsreaderApp, create_app
from newsreader.ui.screens.feeds import FeedsScreen
from newsreader.ui.screens.headlines import HeadlinesScreen
from tests.server import LoopbackServer, hang
from tests.test_ui import open_article, settle
from tests.test_ui_support import screen_text

SIZE = (80, 24)
PROSE = b"<p>The harbour wall was measured again, and the keepers logged every reading of the tide.</p>" * 6


@pytest.fixture
def store(demo_store: Store) -> Store:
    """The demo feeds, refreshed once (`conftest.demo_store`)."""
    return demo_store


def make_app(store: Store) -> NewsreaderApp:
    return create_app(store, Config(images=False))


async def test_the_status_counts_agree_with_the_feeds_list_after_another_program_marks(
    store: Store, tmp_path: Path
) -> None:
    """`newsreader mark`, a sync or a second window marks articles read: back on the feeds screen, the
    status line's count is the list's, not the count from when the app started."""
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "12 unread" in screen_text(app)
        other = Store.open(tmp_path / "db.sqlite")  # another process on the same home
        other.mark_read()
        other.close()
        await pilot.press("enter")  # All articles, then back: the feeds screen reads its counts again
        await settle(pilot)
        assert isinstance(app.screen, HeadlinesScreen)
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(app.screen, FeedsScreen)
        text = screen_text(app)
        assert "0/12" in text and "0 unread" in text and "12 unread" not in text


async def test_opening_a_slow_link_says_so_until_it_answers(
    store: Store, server: LoopbackServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A link to a server that takes its time: "Opening …" stays on the status line while the page is
    fetched (it expired after 6 s, leaving the old article with no sign that anything was happening)."""
    monkeypatch.setattr("newsreader.ui.app.STATUS_SECONDS", 0.2)
    answer = threading.Event()

    def slow(h: BaseHTTPRequestHandler) -> None:
        answer.wait(10)
        body = b"<html><head><title>Late</title></head><body><article><h1>Late</h1>" + PROSE + b"</article>"
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    server.routes["/slow"] = slow
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_article(pilot, store, "plankton-bloom-glow.html")
        await screen.go(server.url("/slow"))
        await _wait(pilot, 0.6)
        assert "Opening http://127.0.0.1" in status_line(app)
        answer.set()
        await settle(pilot)
        assert screen.article is not None and screen.article.title == "Late"
        assert "Opening" not in status_line(app)


def status_line(app: NewsreaderApp) -> str:
    return screen_text(app).splitlines()[-2]


async def _wait(pilot: Pilot[None], seconds: float) -> None:
    await pilot.pause(seconds)
    await pilot.pause()


async def test_a_very_long_article_opens_with_a_bounded_number_of_widgets(store: Store) -> None:
    """A page of thousands of paragraphs (the extractor keeps up to 40,000 tags) froze the reader for
    half a minute to open and again to close: one widget per block. Paragraphs now share widgets past a
    bound, and find, links and the end of the page still work as on a short article."""
    from newsreader.models import Article, Block, Link, Paragraph
    from newsreader.ui.screens.article import ArticleScreen
    from newsreader.ui.widgets.article_view import MAX_BLOCK_WIDGETS, BlockView

    url = "https://long.example/report"
    blocks: list[Block] = [
        Paragraph(f"Paragraph {i}: the keepers logged the tide at Gull Point again.", []) for i in range(5000)
    ]
    blocks[3000] = Paragraph(
        "The full logbook is online for anyone to read.", [Link("logbook", "https://long.example/log")]
    )
    blocks[4200] = Paragraph("Nobody expected the cormorant census to matter.", [])
    store.put_article([url], Article(url=url, title="Long report", blocks=blocks).to_json())
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(ArticleScreen(url))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ArticleScreen)
        assert len(list(screen.view.page.children)) <= MAX_BLOCK_WIDGETS + 2
        await pilot.press("slash", *"cormorant census", "enter")
        await settle(pilot)
        assert "cormorant census to matter" in screen_text(app)
        await pilot.press("escape", "tab")  # the only link, in the middle of the page, is selected
        await settle(pilot)
        assert "The full logbook[1] is online" in screen_text(app)
        assert screen.selected == 1 and "https://long.example/log" in status_line(app)
        await pilot.press("G")
        await pilot.pause()
        assert "Paragraph 4999:" in screen_text(app)
        assert "Paragraph 4998:" in " ".join(v.block.text for v in screen.view.query(BlockView))


async def test_every_j_press_scrolls_a_line_even_in_a_burst(store: Store) -> None:
    """Keys that arrive together (a held key under load, tmux send-keys, a paste) each count: twenty j
    scrolled the article one line and the help screen one line, as every scroll waited for the next frame
    and started from where the last frame left it."""
    from newsreader.ui.screens.help import HelpScreen

    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_article(pilot, store, "plankton-bloom-glow.html")
        for _ in range(20):  # actions called back to back: no frame between them, as in a burst of keys
            screen.action_down()
        await pilot.pause()
        assert screen.view.scroll_y == 20
        for _ in range(3):
            screen.action_page_down()
        await pilot.pause()
        assert screen.view.scroll_y == min(
            20 + 3 * screen.view.scrollable_content_region.height, screen.view.max_scroll_y
        )
        await pilot.press("question_mark")
        await pilot.pause()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        for _ in range(5):
            help_screen.action_scroll("down")
        await pilot.pause()
        help_view = help_screen.query_one("#help")
        assert help_view.scroll_y == 5
        await pilot.press("space")  # a pager's page down, as in the article
        assert (
            help_view.scroll_y
            == min(5 + help_view.scrollable_content_region.height, help_view.max_scroll_y)
            > 5
        )
        await pilot.press("b")
        assert help_view.scroll_y == 5


async def test_following_a_typed_link_number_clears_its_hint(store: Store) -> None:
    """`3 enter` to an article in the cache: the status line said "Link 3: enter follows it here" on the
    article it led to, where link 3 is another link."""
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_article(pilot, store, "plankton-bloom-glow.html")
        first = screen.url
        for _ in range(2):  # the first time fetches the page; the second finds it in the cache
            await pilot.press("4")
            assert "Link 4:" in status_line(app)
            await pilot.press("enter")
            await settle(pilot)
            assert screen.url != first and "Link 4" not in status_line(app)
            await pilot.press("backspace")
            await settle(pilot)
            assert screen.url == first


async def test_opening_an_article_read_elsewhere_updates_the_counts(store: Store, tmp_path: Path) -> None:
    """An article another program marked read (`newsreader mark`, a sync, a second window) is opened:
    the status line's unread count is the store's, not the one from when the app started."""
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "12 unread" in status_line(app)
        other = Store.open(tmp_path / "db.sqlite")
        other.mark_read()  # every article, the one opened below too
        other.close()
        await open_article(pilot, store, "plankton-bloom-glow.html")
        assert "0 unread" in status_line(app)


async def test_leaving_the_reader_while_a_link_opens_takes_its_line_away(
    store: Store, server: LoopbackServer
) -> None:
    """`q` while a slow link is being opened: the "Opening …" line (which stays until the page answers)
    goes with the reader, so no later screen can show it (a new screen may even reuse the old one's id)."""
    server.routes["/slow"] = hang(server)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_article(pilot, store, "plankton-bloom-glow.html")
        await screen.go(server.url("/slow"))
        await pilot.pause()
        assert app.status is not None and "Opening" in app.status.text
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, HeadlinesScreen)
        assert app.status is None


async def test_moving_on_while_a_link_opens_takes_its_line_away(store: Store, server: LoopbackServer) -> None:
    """A slow link is being opened, and the reader goes elsewhere meanwhile (a cached page, history): the
    link will never be shown, so its "Opening …" line (which stays until the page answers) goes."""
    server.routes["/slow"] = hang(server)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_article(pilot, store, "plankton-bloom-glow.html")
        here = screen.history.current
        assert here is not None
        await screen.go(server.url("/slow"))
        await pilot.pause()
        assert app.status is not None and "Opening" in app.status.text
        await screen.go(here.url)  # cached: shown at once, while the slow link's fetch still waits
        await pilot.pause()
        now = screen.history.current
        assert now is not None and now is not here and now.url == here.url
        assert app.status is None or "Opening" not in app.status.text
