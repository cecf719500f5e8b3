"""The Add dialog (URL with autodiscovery, OPML import), the command palette and the render module."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from newsreader.config import Config
from newsreader.demo.server import DemoServer, site_root
from newsreader.layout import TextBlock, layout_article
from newsreader.models import Article, Link, Paragraph, StoryLink
from newsreader.store import Store
from newsreader.ui.app import create_app
from newsreader.ui.render import block_content
from newsreader.ui.screens.add_feed import AddFeedScreen
from newsreader.ui.screens.feeds import FeedsScreen
from newsreader.ui.screens.headlines import HeadlinesScreen
from newsreader.ui.textual_private import notifications
from tests.test_ui_support import INJECTION

SIZE = (100, 32)


async def settle(pilot: Pilot[None]) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_add_feed_from_a_page_url(tmp_path: Path, demo: DemoServer) -> None:
    store = Store.open(tmp_path / "db.sqlite")
    app = create_app(store, Config(images=False))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AddFeedScreen)
        app.screen.query_one("#target").value = demo.url("sections/tech.html")  # type: ignore[attr-defined]
        app.screen.query_one("#tags").value = "Tech, Local"  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FeedsScreen)
        feeds = store.feeds()
        assert [f.url for f in feeds] == [demo.url("feeds/tech.xml")]
        assert feeds[0].tags == ["Local", "Tech"] and feeds[0].total == 4
        assert any("Subscribed" in n.message for n in notifications(app))


async def test_add_dialog_reports_errors_in_place(tmp_path: Path, demo: DemoServer) -> None:
    app = create_app(Store.open(tmp_path / "db.sqlite"), Config(images=False))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await pilot.press(*"nothing-here", "enter")
        await settle(pilot)
        assert isinstance(app.screen, AddFeedScreen)
        assert "no such file" in str(app.screen.query_one("#dialog-message").render())
        await pilot.press("escape")
        assert isinstance(app.screen, FeedsScreen)


async def test_import_opml_file_and_refresh(tmp_path: Path, demo: DemoServer) -> None:
    opml = tmp_path / "subs.opml"
    data = (site_root() / "demo.opml").read_bytes().replace(b"{BASE}", demo.base_url.encode())
    opml.write_bytes(data)
    store = Store.open(tmp_path / "db.sqlite")
    app = create_app(store, Config(images=False))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        app.screen.query_one("#target").value = str(opml)  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)
        assert len(store.feeds()) == 3
        assert store.counts()[0] == 12
        assert isinstance(app.screen, FeedsScreen)
        assert any("Tech" in row[1][1].plain for row in app.screen.table.data)


async def test_command_palette_opens_a_feed(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "db.sqlite")
    store.add_feed("https://example.org/feed.xml", title=INJECTION)
    app = create_app(store, Config(images=False))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"open feed", "down", "enter")
        await settle(pilot)
        assert app.is_running
        assert isinstance(app.screen, HeadlinesScreen)
        assert app.screen.source.title == INJECTION


def test_render_numbers_links_and_keeps_markup_literal() -> None:
    article = Article(
        url="https://example.org/a",
        title=INJECTION,
        blocks=[
            Paragraph(
                "See [bold]the report[/bold] and the map.",
                [
                    Link("the report", "https://example.org/r"),
                    Link("the map", "https://example.org/m"),
                    Link("bad", "javascript:alert(1)"),
                ],
            )
        ],
        read_next=[StoryLink("Next story", "https://example.org/n")],
        related=[StoryLink("Other", "https://example.org/o", "Why")],
    )
    rendered = layout_article(article)
    assert [(x.number, x.section) for x in rendered.links] == [
        (1, "body"),
        (2, "body"),
        (3, "read-next"),
        (4, "related"),
    ]
    blocks = [b for b in rendered.blocks if isinstance(b, TextBlock)]
    assert block_content(blocks[0]).plain == INJECTION
    paragraph = next(b for b in blocks if b.kind == "paragraph")
    assert block_content(paragraph).plain == "See [bold]the report[1][/bold] and the map[2]."
    actions = {
        s.style.meta.get("@click") for s in block_content(paragraph).spans if not isinstance(s.style, str)
    }
    assert actions == {"screen.follow_link(1)", "screen.follow_link(2)"}


def test_run_tui_reports_a_bad_config_in_one_line(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from newsreader.ui.run import run_tui

    home.mkdir(parents=True)
    (home / "config.toml").write_text("[ui]\nimages = 'yes'\n")
    assert run_tui(None) == 2
    err = capsys.readouterr().err
    assert err.startswith("newsreader: error: ") and err.count("\n") == 1 and "images" in err


async def test_adding_a_feed_already_subscribed_says_so(tmp_path: Path, demo: DemoServer) -> None:
    store = Store.open(tmp_path / "db.sqlite")
    store.add_feed(demo.url("feeds/tech.xml"), title="Tech")
    app = create_app(store, Config(images=False))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await pilot.pause()
        app.screen.query_one("#target").value = demo.url("sections/tech.html")  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)
        assert [n.message for n in notifications(app)] == ["Already subscribed to Tech"]
        assert len(store.feeds()) == 1


async def test_importing_an_opml_whose_feeds_are_all_present_says_so(
    tmp_path: Path, demo: DemoServer
) -> None:
    opml = tmp_path / "subs.opml"
    opml.write_bytes((site_root() / "demo.opml").read_bytes().replace(b"{BASE}", demo.base_url.encode()))
    store = Store.open(tmp_path / "db.sqlite")
    app = create_app(store, Config(images=False))
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(2):
            await pilot.press("a")
            app.screen.query_one("#target").value = str(opml)  # type: ignore[attr-defined]
            await pilot.press("enter")
            await settle(pilot)
        messages = [n.message for n in notifications(app)]
        assert messages[0] == "Imported 3 new feeds from subs.opml"
        assert messages[-1] == "All 3 feeds in subs.opml are already subscribed: nothing new"


async def test_add_dialog_takes_a_bare_host_as_the_cli_does(tmp_path: Path, demo: DemoServer) -> None:
    """`example.com` in the Add dialog is an address tried as https://, then http:// (as `newsreader add
    example.com`), not a missing OPML file; a file of that name in the working directory is still imported."""
    from newsreader.urls import typed_web_url, typed_web_urls

    assert typed_web_url("example.com/news") == "https://example.com/news"
    assert typed_web_urls("localhost:8080/feed") == [
        "https://localhost:8080/feed",
        "http://localhost:8080/feed",
    ]
    assert typed_web_urls("http://a.example/f") == ["http://a.example/f"]
    assert typed_web_url("nothing-here") is None and typed_web_url("./a.opml") is None
    store = Store.open(tmp_path / "db.sqlite")
    app = create_app(store, Config(images=False))
    bare = demo.base_url.removeprefix("http://") + "/feeds/tech.xml"  # plain http: https cannot connect
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await pilot.pause()
        app.screen.query_one("#target").value = bare  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, AddFeedScreen)
        assert [f.url for f in store.feeds()] == [f"http://{bare}"]
