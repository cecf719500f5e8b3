"""`A` on a tag, on Starred and on a search's results marks what the row or list stands for, through the
store's one mark_read (in a worker thread), undoably; `u` on a search's results keeps the unread ones the
store finds, not the unread ones among the newest found (real store, Pilot)."""

from __future__ import annotations

from pathlib import Path

from newsreader.ui.screens.headlines import HeadlinesScreen
from tests.test_ui import SIZE, make_app, settle
from tests.test_ui_daily import feeds_at, status
from tests.test_ui_support import fixed_store


async def test_all_read_on_a_tag_reads_its_feeds_only_and_undoes(tmp_path: Path) -> None:
    store = fixed_store(tmp_path / "db.sqlite")
    news = {f.id for f in store.feeds(tag="News")}
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await feeds_at(pilot, "News")
        await pilot.press("A")
        await settle(pilot)
        unread = store.headlines(unread=True, limit=100)
        assert unread and all(e.feed_id not in news for e in unread)  # Harbour Tech keeps its own
        assert store.count(tag="News", unread=True) == 0
        assert "Marked 5 articles in News read" in status(app)
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert store.count(tag="News", unread=True) == 5


async def test_all_read_on_starred_reads_the_unread_starred_ones(tmp_path: Path) -> None:
    store = fixed_store(tmp_path / "db.sqlite")
    first, second, third = store.headlines(limit=3)
    store.update_entry(first.id, starred=True)
    store.update_entry(second.id, starred=True, read=True)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await feeds_at(pilot, "Starred")
        await pilot.press("A")
        await settle(pilot)
        assert "Marked 1 article in Starred read" in status(app)
        fresh = store.entry(first.id)
        assert fresh is not None and fresh.read
        untouched = store.entry(third.id)
        assert untouched is not None and not untouched.read


async def test_unread_only_search_results_come_from_the_store(tmp_path: Path) -> None:
    store = fixed_store(tmp_path / "db.sqlite")
    found = store.search("harbour", limit=100)
    assert len(found) >= 2
    store.update_entry(found[0].id, read=True)  # the newest match is read
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"harbour", "enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HeadlinesScreen)
        assert [e.id for e in screen.entries] == [e.id for e in found]
        await pilot.press("u")
        await settle(pilot)
        assert [e.id for e in screen.entries] == [e.id for e in found[1:]]
        await pilot.press("A")  # the results listed, nothing else
        await settle(pilot)
        assert all(e.read for e in store.search("harbour", limit=100))
        assert store.count(unread=True) == 7 - len(found)  # the read one, then the rest it listed
