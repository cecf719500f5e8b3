"""Pilot tests of the power-reading screens: query feeds in the tree, F / S on a list, the feed detail
view with its settings, pipe and bookmark from the article (real demo server, real store)."""

from __future__ import annotations

import json
import sys
import threading
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Unpack

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from newsreader.config import Config
from newsreader.demo.server import DemoServer
from newsreader.layout import long_date
from newsreader.query import Expr, parse_filter
from newsreader.refresh import refresh
from newsreader.store import EntryFilter, Store
from newsreader.ui.app import create_app
from newsreader.ui.screens.article import ArticleScreen
from newsreader.ui.screens.feeds import FeedsScreen
from newsreader.ui.screens.headlines import HeadlinesScreen
from newsreader.ui.screens.power import CheckedPrompt as PromptScreen
from newsreader.ui.screens.power import FeedDetailScreen
from tests.test_ui_support import screen_text

SIZE = (110, 34)
FERRY = 'title =~ "ferry|harbour"'


@pytest.fixture
def store(demo_store: Store) -> Store:
    """The demo feeds, refreshed once (`conftest.demo_store`)."""
    return demo_store


async def settle(pilot: Pilot[None]) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def row_text(screen: FeedsScreen, key: str) -> str:
    index = [k for k, _ in screen.table.data].index(key)
    return " ".join(c.plain for c in screen.table.data[index][1])


async def type_in_prompt(pilot: Pilot[None], text: str) -> None:
    assert isinstance(pilot.app.screen, PromptScreen)
    pilot.app.screen.query_one(Input).value = text
    await pilot.press("enter")
    await settle(pilot)


async def test_a_query_feed_is_a_feed_with_its_count_and_reads_the_real_entries(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Counts are redone each minute too (age-based queries change with time): hold the clock still, so a
    # slow run crossing a minute does not count as "something changed".
    import newsreader.ui.screens.feeds as feeds_module

    monkeypatch.setattr(feeds_module, "time", SimpleNamespace(time=lambda: 1_800_000_000.0))
    app = create_app(store, Config(images=False, queries={"Harbour life": FERRY}))
    assert store.count(filter=parse_filter(FERRY), unread=True) == 3
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        feeds = app.screen
        assert isinstance(feeds, FeedsScreen)
        assert row_text(feeds, "query:Harbour life").endswith(" 3")
        assert "Harbour life" in screen_text(app)
        feeds.table.move_cursor(row=[k for k, _ in feeds.table.data].index("query:Harbour life"))
        await pilot.press("enter")
        await settle(pilot)
        headlines = app.screen
        assert isinstance(headlines, HeadlinesScreen)
        assert len(headlines.entries) == 3
        # back to Feeds with nothing changed: the counts shown are still right, so nothing is recounted
        counted: list[Expr] = []
        real_count = store.count

        def counting(**where: Unpack[EntryFilter]) -> int:
            if (expr := where.get("filter")) is not None:
                counted.append(expr)
            return real_count(**where)

        store.count = counting  # type: ignore[method-assign]
        await pilot.press("h")
        await settle(pilot)
        assert counted == [] and row_text(feeds, "query:Harbour life").endswith(" 3")
        await pilot.press("enter")
        await settle(pilot)
        headlines = app.screen
        assert isinstance(headlines, HeadlinesScreen)
        assert all(("ferry" in e.title.lower() or "harbour" in e.title.lower()) for e in headlines.entries)
        first = headlines.entries[0]
        await pilot.press("m")  # read in the query feed: the entry itself is read
        await settle(pilot)
        fresh = store.entry(first.id)
        assert fresh is not None and fresh.read
        await pilot.press("h")
        await settle(pilot)
        assert row_text(feeds, "query:Harbour life").endswith(" 2") and len(counted) == 1
        # A on the query row reads everything it matches, nothing else
        unread_before = store.counts()[1]
        await pilot.press("A")
        await settle(pilot)
        assert row_text(feeds, "query:Harbour life").endswith(" 0")
        assert store.counts()[1] == unread_before - 2


async def test_filter_a_list_on_the_fly_then_save_it_as_a_query_feed(store: Store) -> None:
    app = create_app(store, Config(images=False))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # All articles
        await settle(pilot)
        headlines = app.screen
        assert isinstance(headlines, HeadlinesScreen)
        everything = len(headlines.entries)
        await pilot.press("F")
        await settle(pilot)
        await type_in_prompt(pilot, "title =~")  # a bad expression: the dialog stays and says where
        assert isinstance(app.screen, PromptScreen)
        assert "expected a value after '=~' at 9" in screen_text(app)
        await type_in_prompt(pilot, FERRY)
        assert not isinstance(app.screen, PromptScreen)
        assert len(headlines.entries) == 3 < everything
        assert "filter: " + FERRY in screen_text(app)
        await pilot.press("S")
        await settle(pilot)
        await type_in_prompt(pilot, "Ferries")
        assert store.saved_queries() == {"Ferries": FERRY}
        await pilot.press("F")
        await settle(pilot)
        await type_in_prompt(pilot, "")  # an empty filter shows the whole list again
        assert len(headlines.entries) == everything
        await pilot.press("h")
        await settle(pilot)
        feeds = app.screen
        assert isinstance(feeds, FeedsScreen)
        assert row_text(feeds, "query:Ferries").endswith(" 3")


async def test_the_filter_hints_name_the_keys_as_remapped_and_fit_80_columns(store: Store) -> None:
    """The status line said "S saves … F … clear it" whatever [keymap] said; the prompt's example was cut
    at 80 columns ("… (empty: no")."""
    keymap = {"filter": "ctrl+f", "save-query": "ctrl+s", "cancel": "ctrl+g"}
    app = create_app(store, Config(images=False, keymap=keymap))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+f")
        await settle(pilot)
        assert "(empty: no filter)" in screen_text(app) and "enter: accept · ^g: cancel" in screen_text(app)
        await type_in_prompt(pilot, FERRY)
        said = app.status.text if app.status else ""
        assert said == "Filtered: ^s saves this as a query feed; ^f and an empty line clear it"


async def test_the_filter_prompt_offers_the_filter_as_typed(store: Store) -> None:
    """F again edits the filter as it is: two spaces inside a quoted value are two (the prompt's value is
    data the reader submits back, not a line to tidy)."""
    typed = 'title =~ "ferry|harbour  " or title =~ "' + "x" * 1200 + '"'
    app = create_app(store, Config(images=False))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # All articles
        await settle(pilot)
        await pilot.press("F")
        await settle(pilot)
        await type_in_prompt(pilot, typed)
        await pilot.press("F")
        await settle(pilot)
        assert isinstance(app.screen, PromptScreen) and app.screen.query_one(Input).value == typed


async def test_feed_detail_says_the_last_error_in_plain_words(store: Store, demo: DemoServer) -> None:
    broken = store.add_feed(demo.url("feeds/missing.xml"), title="Broken feed")
    async for _ in refresh(store, Config(), [broken.url]):
        pass
    app = create_app(store, Config(images=False))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        feeds = app.screen
        assert isinstance(feeds, FeedsScreen)
        feeds.table.move_cursor(row=[k for k, _ in feeds.table.data].index(f"feed:{broken.id}"))
        await pilot.press("i")
        await settle(pilot)
        assert "Last error: nothing is at that address (HTTP 404" in screen_text(app)


async def test_feed_detail_shows_and_edits_settings(store: Store) -> None:
    world = next(f for f in store.feeds() if f.name.endswith("World"))
    config = Config(images=False, feed_settings={world.url: {"max_items": 50}})
    app = create_app(store, config)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        feeds = app.screen
        assert isinstance(feeds, FeedsScreen)
        key = next(k for k, _ in feeds.table.data if k.startswith(f"feed:{world.id}"))
        feeds.table.move_cursor(row=[k for k, _ in feeds.table.data].index(key))
        await pilot.press("i")
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, FeedDetailScreen)
        text = screen_text(app)
        assert world.url in text and "max_items" in text and "config.toml [feed]" in text
        # The date as the article's byline writes it, not the stored ISO timestamp.
        when = world.last_updated
        assert when and f"Last updated: {long_date(when)}" in text and when not in text
        detail.table.move_cursor(row=[k for k, _ in detail.table.data].index("full_article"))
        await pilot.press("enter")
        await settle(pilot)
        await type_in_prompt(pilot, "maybe")  # refused, with the reason
        assert "full_article must be true or false" in screen_text(app)
        await type_in_prompt(pilot, "false")
        assert store.stored_feed_settings() == {world.url: {"full_article": False}}
        assert "set here" in screen_text(app)


async def test_pipe_and_bookmark_from_the_article(store: Store, tmp_path: Path) -> None:
    piped, marked = tmp_path / "piped.txt", tmp_path / "marked.txt"
    save_stdin = f"import sys; open({str(piped)!r}, 'w').write(sys.stdin.read())"
    save_args = f"import sys; open({str(marked)!r}, 'w').write(json.dumps(sys.argv[1:]))"
    hooks = {
        "pipe": [sys.executable, "-c", save_stdin],
        "pipe_format": ["url"],
        "bookmark": [sys.executable, "-c", "import json; " + save_args, "{title}"],
    }
    app = create_app(store, Config(images=False, hooks=hooks))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        article = app.screen
        assert isinstance(article, ArticleScreen) and article.article is not None
        await pilot.press("vertical_line")
        await settle(pilot)
        assert piped.read_text() == article.article.url + "\n"
        await pilot.press("B")
        await settle(pilot)
        assert json.loads(marked.read_text()) == [article.article.title]
        assert "Bookmarked" in screen_text(app)


async def test_command_palette_opens_a_query_feed(store: Store) -> None:
    app = create_app(store, Config(images=False, queries={"Harbour life": FERRY}))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"open query feed harbour", "down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, HeadlinesScreen)
        assert app.screen.source.filter == FERRY and len(app.screen.entries) == 3


async def test_command_palette_shows_a_query_feeds_text_literally(store: Store) -> None:
    """The palette reads a command's help as markup: a query's text (a tag or URL from a server, a word the
    reader typed) must show as written, brackets and all, and never become a style or a click action."""
    text = 'title =~ "[b]ferry[/b]" or tags # "[@click=app.quit]x[/]"'
    app = create_app(store, Config(images=False, queries={"Marked up": text}))
    async with app.run_test(size=(160, 34)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"open query feed marked")
        await settle(pilot)
        assert text in screen_text(app)
        await pilot.press("escape", "ctrl+p")
        await pilot.pause()
        await pilot.press(*"keys")
        await settle(pilot)
        assert "their ids for [keymap] (?)" in screen_text(app)  # our own help text too


async def test_k_hides_a_feed_with_a_kill_rule(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """The rule is tested against the whole archive in a worker thread (a regex per row can take longer
    than a frame); the status line and the list change once it is done."""
    import newsreader.rules
    import newsreader.ui.screens.feeds as feeds_module

    tech = next(f for f in store.feeds() if f.name.endswith("Tech"))
    threads: list[bool] = []
    real_add_rule = newsreader.rules.add_rule

    def watched(*args: Any) -> Any:
        threads.append(threading.current_thread() is threading.main_thread())
        return real_add_rule(*args)

    monkeypatch.setattr(feeds_module, "add_rule", watched)
    app = create_app(store, Config(images=False))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        feeds = app.screen
        assert isinstance(feeds, FeedsScreen)
        key = next(k for k, _ in feeds.table.data if k.startswith(f"feed:{tech.id}"))
        feeds.table.move_cursor(row=[k for k, _ in feeds.table.data].index(key))
        await pilot.press("K")
        await settle(pilot)
        prompt = app.screen
        assert isinstance(prompt, PromptScreen)
        assert prompt.query_one(Input).value == f'feedurl = "{tech.url}"'
        await pilot.press("enter")
        await settle(pilot)
        assert threads == [False]  # off the event loop
        assert [r.expr for r in store.kill_rules()] == [f'feedurl = "{tech.url}"']
        assert row_text(feeds, key).endswith("0/0")
        assert "Rule 1 hid" in screen_text(app) and "undoes it" in screen_text(app)
        assert all(e.feed_id != tech.id for e in store.headlines(limit=100))
