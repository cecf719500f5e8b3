"""A "Read Next:" paragraph on a short page: what the body would show is what `>` follows."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsreader.config import Config
from newsreader.refresh import refresh
from newsreader.store import Store
from tests.server import LoopbackServer, Reply
from tests.test_ui import SIZE, article_text, make_app, open_article, settle

_SHORT = """<!doctype html><html><head><title>Wall vote</title></head><body><article><h1>Wall vote</h1>
<p>The harbour wall vote is on Tuesday; the council expects a full hall.</p>{cue}</article></body></html>"""
_NEXT = """<!doctype html><html><head><title>Ferry times</title></head><body><article><h1>Ferry times</h1>
<p>The winter ferry timetable starts on Monday, with two sailings a day.</p></article></body></html>"""


async def _subscribed(tmp_path: Path, server: LoopbackServer, cue: str) -> Store:
    """A feed of one entry linking the short page (with `cue` after its paragraph), refreshed."""
    server.routes["/short"] = Reply(_SHORT.format(cue=cue).encode(), content_type="text/html")
    server.routes["/next"] = Reply(_NEXT.encode(), content_type="text/html")
    server.routes["/feed"] = Reply(
        f"<rss version='2.0'><channel><title>Harbour</title><item><title>Wall vote</title>"
        f"<link>{server.url('/short')}</link></item></channel></rss>".encode()
    )
    store = Store.open(tmp_path / "db")
    store.add_feed(server.url("/feed"))
    async for result in refresh(store, Config()):
        assert result.ok
    return store


@pytest.mark.parametrize(
    "cue",
    [
        '<p>Read Next: <a href="/next">The winter ferry timetable</a></p>',
        '<p><strong>Up next:</strong> <a href="/next">The winter ferry timetable</a></p>',
    ],
)
async def test_read_next_on_a_short_page_is_followed(
    tmp_path: Path, server: LoopbackServer, cue: str
) -> None:
    store = await _subscribed(tmp_path, server, cue)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_article(pilot, store, "/short")
        text = article_text(screen)
        assert "The winter ferry timetable" in text  # shown, in the Read Next section
        assert "full hall" in text
        await pilot.press("greater_than_sign")
        await settle(pilot)
        assert screen.url == server.url("/next")
        assert "two sailings a day" in article_text(screen)


async def test_following_a_link_shows_the_host_it_fetches(tmp_path: Path, server: LoopbackServer) -> None:
    """The "Opening …" line names the URL as the HTTP client reads it (`layout.display_url`): a link with
    userinfo says which host it goes to, as the links view and the status line of a selected link do."""
    store = await _subscribed(tmp_path, server, "")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_article(pilot, store, "/short")
        disguised = server.url("/next").replace("://", "://good.example@")
        await screen.go(disguised)
        assert app.status is not None and "⚠ goes to 127.0.0.1, not good.example" in app.status.text
        await settle(pilot)
        assert "two sailings a day" in article_text(screen)
