"""Daily use (issue 10): undo and confirmation, messages that expire and belong to a screen, a link to an
unreachable host, a typed link number cancelled with escape."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from newsreader.demo.server import DemoServer, site_root
from newsreader.layout import LinkRef, TextBlock
from newsreader.models import Article, Entry, Link, Paragraph, ParsedEntry, ParsedFeed
from newsreader.store import Store
from newsreader.ui.app import NewsreaderApp
from newsreader.ui.find import PageFind, find_all
from newsreader.ui.headline_layout import row_layout, short_names
from newsreader.ui.palette import NewsreaderCommands
from newsreader.ui.run import subscribe_demo
from newsreader.ui.screens.article import ArticleScreen
from newsreader.ui.screens.confirm import ConfirmScreen
from newsreader.ui.screens.feeds import FeedsScreen
from newsreader.ui.screens.headlines import HeadlinesScreen
from newsreader.ui.screens.links import LinksScreen
from newsreader.ui.source import Source
from newsreader.ui.textual_private import notifications
from newsreader.ui.widgets.article_view import BlockView
from tests.raw_db import raw_db
from tests.test_ui import make_app, open_article, settle
from tests.test_ui_support import fixed_store, screen_text, utc  # noqa: F401 (utc is a fixture)

SIZE = (100, 32)
BASE = "https://gazette.example"


def big_store(path: Path, count: int) -> Store:
    store = Store.open(path)
    feed = store.add_feed(f"{BASE}/big.xml", title="Big")
    entries = [
        ParsedEntry(
            key=str(i), title=f"Entry {i}", link=f"{BASE}/{i}", published=f"2026-01-01T00:00:{i % 60:02d}Z"
        )
        for i in range(count)
    ]
    store.store_feed(
        feed.id, ParsedFeed("Big", None, entries), etag=None, last_modified=None, body_hash="b", next_update=0
    )
    return store


def status(app: NewsreaderApp) -> str:
    return app.status.text if app.status else ""


async def test_mark_all_read_is_undone_with_ctrl_z_and_u(tmp_path: Path) -> None:
    store = fixed_store(tmp_path / "db.sqlite")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.counts[1] == 7
        await pilot.press("A")  # on "All articles": 7 articles, below the threshold: no question
        await settle(pilot)
        assert app.counts[1] == 0
        assert "Marked 7 articles in all feeds read" in status(app)
        assert "Marked 7 articles" in screen_text(app)
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert app.counts[1] == 7
        assert status(app).startswith("Undone: marked 7 articles")
        await pilot.press("u")  # nothing left
        await pilot.pause()
        assert status(app) == "Nothing to undo"


async def test_star_and_mark_read_in_a_list_are_undone(tmp_path: Path) -> None:
    store = fixed_store(tmp_path / "db.sqlite")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HeadlinesScreen)
        first = screen.entries[0]
        await pilot.press("s", "m")
        assert "Marked “Harbour wall vote” read" in status(app)
        await pilot.press("ctrl+z")
        await settle(pilot)
        entry = store.entry(first.id)
        assert entry is not None and not entry.read and entry.starred
        await pilot.press("ctrl+z")
        await settle(pilot)
        entry = store.entry(first.id)
        assert entry is not None and not entry.starred
        assert not screen.entries[0].starred  # the list shows the undone state


async def test_marking_many_asks_first(tmp_path: Path) -> None:
    store = big_store(tmp_path / "db.sqlite", 60)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # All articles
        await settle(pilot)
        await pilot.press("A")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "Mark 60 articles in all feeds read?" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, HeadlinesScreen)
        assert store.counts()[1] == 60 and status(app) == "Nothing changed"
        await pilot.press("A", "y")
        await settle(pilot)
        assert store.counts()[1] == 0
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert store.counts()[1] == 60


async def test_messages_belong_to_their_screen_and_expire(tmp_path: Path) -> None:
    store = fixed_store(tmp_path / "db.sqlite")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.set_status("Refreshed 3 feeds")
        await pilot.pause()
        assert "Refreshed 3 feeds" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert "Refreshed 3 feeds" not in screen_text(app)  # another screen's message
        await pilot.press("q")
        await pilot.pause()
        assert "Refreshed 3 feeds" in screen_text(app)
        app._expire_status()  # what the timer does
        await pilot.pause()
        assert "Refreshed 3 feeds" not in screen_text(app)
        assert app._status_timer is None


async def test_link_to_an_unreachable_host_keeps_the_article(tmp_path: Path) -> None:
    store = fixed_store(tmp_path / "db.sqlite")
    url = f"{BASE}/world/0.html"
    article = Article(
        url=url,
        title="Links",
        blocks=[Paragraph("A dead link here.", [Link("dead link", "http://127.0.0.1:9/gone")])],
    )
    store.put_article([url], article.to_json())
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ArticleScreen)
        await pilot.press("1", "enter")
        await settle(pilot)
        assert screen.url == url and screen.article is not None  # still on the article
        assert status(app).startswith("Cannot open 127.0.0.1:9: the server refused to connect (")
        assert "A dead link[1] here" in screen_text(app)
        await pilot.press("backspace")
        await pilot.pause()
        assert status(app) == "Nothing further back"  # the failure is not in the history


async def test_escape_cancels_a_typed_link_number(tmp_path: Path) -> None:
    store = fixed_store(tmp_path / "db.sqlite")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ArticleScreen)
        await pilot.press("1", "2", "escape")
        await pilot.pause()
        assert screen.number == ""
        assert app.screen is screen
        assert status(app) == "Cancelled link 12"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HeadlinesScreen)


async def test_feeds_screen_is_first(tmp_path: Path) -> None:
    app = make_app(fixed_store(tmp_path / "db.sqlite"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, FeedsScreen)


def _entry(feed: str, title: str = "A headline") -> Entry:
    return Entry(
        id=1,
        feed_id=1,
        feed_title=feed,
        link=None,
        title=title,
        author=None,
        published=None,
        sort_time="2026-03-06T08:00:00+00:00",
        read=False,
        starred=False,
        summary=None,
    )


def test_the_headline_gets_the_width_first() -> None:
    world, science = _entry("The Harbour Gazette: World"), _entry("The Harbour Gazette: Science")
    assert row_layout([world, world], 120).feed_width == 0  # every row from one feed
    narrow = row_layout([world, science], 80)
    assert narrow.feed_width == len("Science")
    assert narrow.date_width == 6 and narrow.cells(world)[1].plain == "Mar 06"
    assert [c.plain for c in narrow.cells(world)][2:] == ["World", "A headline"]
    wide = row_layout([_entry("Ars Technica"), _entry("Hacker News front page")], 120)
    assert wide.feed_width == 18 and wide.date_width == 10
    assert row_layout([_entry("Ars Technica"), _entry("Hacker News front page")], 40).feed_width == 0
    names = ["BBC News - World", "BBC News - UK", "Ars Technica", "Alps: Weather"]
    assert list(short_names(names).values()) == ["World", "UK", "Ars Technica", "Alps: Weather"]


async def test_80_columns_keep_help_in_the_footer_and_cut_the_breadcrumb_with_an_ellipsis(
    tmp_path: Path,
) -> None:
    store = fixed_store(tmp_path / "db.sqlite")
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        lines = screen_text(app).splitlines()
        assert lines[-1].lstrip().startswith("? Help")
        assert "Harbour Tech" in lines[1] or "World" in lines[1]  # several feeds: a feed column
        await pilot.press("enter")
        await settle(pilot)
        top = screen_text(app).splitlines()[0].rstrip()
        assert top.endswith("…") and len(top) <= 80
        assert screen_text(app).splitlines()[-1].lstrip().startswith("? Help")


async def test_the_history_footer_starts_with_help_and_says_back_once(tmp_path: Path) -> None:
    app = make_app(fixed_store(tmp_path / "db.sqlite"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("H")
        await settle(pilot)
        footer = screen_text(app).splitlines()[-1]
        assert footer.lstrip().startswith("? Help") and footer.count("Back") == 1
        await pilot.press("h")  # still goes back, unshown
        await settle(pilot)
        assert isinstance(app.screen, FeedsScreen)


def test_find_all_is_case_insensitive_in_reading_order() -> None:
    texts = ["Harbour wall", "the harbour, the HARBOUR", "nothing"]
    assert find_all(texts, "harbour") == [(0, 0, 7), (1, 4, 11), (1, 17, 24)]
    find = PageFind()
    assert find.start("harbour", texts, first_block=1) == (1, 4, 11)
    assert find.step(1) == (1, 17, 24) and find.step(1) == (0, 0, 7)  # wraps around
    assert find.step(-1) == (1, 17, 24) and find.where() == "match 3 of 3"
    assert find_all(texts, "") == []
    # Folding changes lengths (ß -> ss, İ -> i + dot): matches are still offsets into the text as shown.
    assert find_all(["Die Straße, die STRASSE"], "strasse") == [(0, 4, 10), (0, 16, 23)]
    assert find_all(["İstanbul und Istanbul"], "istanbul") == [(0, 13, 21)]
    assert find_all(["İİ x"], "x") == [(0, 3, 4)]


async def open_sample(pilot: Pilot[None]) -> ArticleScreen:
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ArticleScreen)
    return screen


async def test_find_in_page_with_next_previous_and_escape(tmp_path: Path) -> None:
    app = make_app(fixed_store(tmp_path / "db.sqlite"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_sample(pilot)
        await pilot.press("slash", *"HARBOUR", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ArticleScreen)  # not the global search
        assert len(screen.finder.matches) == 3  # title, lead paragraph ("harbour report"), byline site
        assert status(app) == "“HARBOUR”: match 1 of 3 · n/N next/previous · esc ends"
        marked = [v for v in screen.query(BlockView) if v.found]
        assert marked and any(v.current for v in marked)
        await pilot.press("n")
        assert screen.finder.current == 1 and isinstance(app.screen, ArticleScreen)
        await pilot.press("N", "N")
        assert screen.finder.current == 2
        await pilot.press("escape")
        await pilot.pause()
        assert not screen.finder.active and not any(v.found for v in screen.query(BlockView))
        assert app.screen is screen  # escape ended the find, it did not leave the article
        await pilot.press("slash", *"zebra", "enter")
        await pilot.pause()
        assert status(app) == "“zebra” is not in this article"


async def test_links_view_lists_full_urls_and_follows_one(tmp_path: Path) -> None:
    app = make_app(fixed_store(tmp_path / "db.sqlite"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_sample(pilot)
        await pilot.press("L")
        await settle(pilot)
        assert type(app.screen).__name__ == LinksScreen.__name__
        text = screen_text(app)
        for link in screen.rendered.links:
            assert link.url in text
        assert "(Read next)" in text
        await pilot.press("j", "enter")  # link 2: the Read Next story, cached
        await settle(pilot)
        assert app.screen is screen
        assert screen.url == f"{BASE}/world/1.html"


async def test_links_view_indents_every_line_of_a_long_url(tmp_path: Path) -> None:
    path = "/".join(["harbour-wall-tide-data"] * 8)
    url = f"https://paper.example/{path}.html"
    app = make_app(fixed_store(tmp_path / "db.sqlite"))
    async with app.run_test(size=(60, 24)) as pilot:
        await settle(pilot)
        app.push_screen(LinksScreen([LinkRef(1, url, "Tide data"), LinkRef(2, url, "Again")], "Links"))
        await settle(pilot)
        lines = screen_text(app).splitlines()
        start = next(i for i, line in enumerate(lines) if "[1] Tide data" in line)
        end = next(i for i, line in enumerate(lines) if "[2] Again" in line)
        shown = lines[start + 1 : end]
        assert len(shown) > 2 and all(line.startswith("     ") for line in shown)  # under the title
        assert "".join(line.strip() for line in shown) == url  # whole, and exactly as it is fetched


async def test_links_view_keeps_a_long_titles_wrapped_lines_under_its_first_word(tmp_path: Path) -> None:
    title = "Skerrin ferry restores its winter timetable after a year of cancellations and delays"
    app = make_app(fixed_store(tmp_path / "db.sqlite"))
    async with app.run_test(size=(60, 24)) as pilot:
        await settle(pilot)
        app.push_screen(LinksScreen([LinkRef(1, "https://paper.example/f.html", title, "related")], "Links"))
        await settle(pilot)
        lines = screen_text(app).splitlines()
        start = next(i for i, line in enumerate(lines) if "[1] Skerrin" in line)
        column = lines[start].index("Skerrin")
        wrapped = lines[start + 1 : next(i for i, line in enumerate(lines) if "paper.example" in line)]
        assert wrapped and all(line[:column].strip() == "" and line[column] != " " for line in wrapped)
        assert "(Related)" in " ".join(wrapped)


async def test_search_covers_cached_article_text_and_says_when_nothing_matches(tmp_path: Path) -> None:
    store = fixed_store(tmp_path / "db.sqlite")
    # "railings" is only in the text of the two cached articles
    assert [e.title for e in store.search("railings")] == ["Harbour wall vote", "Seagrass returns"]
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"zebra", "enter")
        await settle(pilot)
        assert "Nothing matches “zebra” in titles, summaries or saved articles." in screen_text(app)


def test_the_migration_indexes_articles_cached_before_it(tmp_path: Path) -> None:
    import sqlite3

    from newsreader.store.schema import MIGRATIONS, _statements

    path = tmp_path / "db.sqlite"
    fixed_store(path).close()
    step = next(i for i, script in enumerate(MIGRATIONS) if "articles_fts" in script)
    conn = sqlite3.connect(path)  # the table as before the step, articles still cached; then the step's SQL
    conn.execute("DROP TABLE articles_fts")
    for statement in _statements(MIGRATIONS[step]):
        conn.execute(statement)
    conn.commit()
    conn.close()
    store = Store.open(path)
    assert [e.title for e in store.search("railings")] == ["Harbour wall vote", "Seagrass returns"]


async def test_command_palette_has_no_duplicates_and_the_screens_own_actions(tmp_path: Path) -> None:
    app = make_app(fixed_store(tmp_path / "db.sqlite"))
    async with app.run_test(size=SIZE) as pilot:
        await open_sample(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert len(titles) == len(set(titles))
        for screen in app.screen_stack:  # nothing listed twice, in other words either, on any screen
            ours = [name for name, _, _ in NewsreaderCommands(screen)._commands()]
            mine = [c.title for c in app.get_system_commands(screen)]
            assert not {t.lower() for t in mine} & {t.lower() for t in ours}, screen
            assert not {"Refresh all", "Add feed", "Search", "History"} & set(mine), screen
        for action in ("Star", "Read/unread", "Read next", "Browser", "Copy URL", "Links", "Find"):
            assert action in titles
        assert "Down" not in titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"star", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)
        assert app.screen.entry is not None and app.screen.entry.starred


async def test_n_at_the_end_of_a_feed_goes_to_the_next_feed_with_unread(tmp_path: Path) -> None:
    store = fixed_store(tmp_path / "db.sqlite")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        feeds = app.screen
        assert isinstance(feeds, FeedsScreen)
        tech = next(
            i
            for i, (key, _) in enumerate(feeds.table.data)
            if key.startswith("feed:") and "Tech" in feeds.items[key].source.title
        )
        feeds.table.move_cursor(row=tech)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HeadlinesScreen) and screen.source.title == "Harbour Tech"
        await pilot.press("n", "n")  # past the last of Harbour Tech's two
        await pilot.pause()
        assert screen.source.title == "The Harbour Gazette: Science"
        assert status(app) == "Next feed with unread articles: The Harbour Gazette: Science"
        assert screen.current is not None and not screen.current.read


async def test_n_in_a_list_of_several_feeds_starts_again_from_the_top(tmp_path: Path) -> None:
    app = make_app(fixed_store(tmp_path / "db.sqlite"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HeadlinesScreen)
        await pilot.press("G", "n")
        assert screen.table.cursor_row == 0


async def test_adding_a_present_feed_or_importing_present_feeds_says_so(tmp_path: Path) -> None:
    from newsreader.subscriptions import import_summary

    assert (
        import_summary(0, 40, 0, "subs.opml")
        == "All 40 feeds in subs.opml are already subscribed: nothing new"
    )
    assert (
        import_summary(2, 38, 1, "subs.opml")
        == "Imported 2 new feeds from subs.opml; 38 already subscribed (1 skipped)"
    )
    assert import_summary(1, 0, 0, "a.opml") == "Imported 1 new feed from a.opml"


def row_names(screen: FeedsScreen) -> list[str]:
    return [cells[1].plain.strip() for _, cells in screen.table.data]


async def feeds_at(pilot: Pilot[None], name: str) -> FeedsScreen:
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, FeedsScreen)
    screen.table.move_cursor(row=row_names(screen).index(name))
    await pilot.pause()
    return screen


async def test_fold_and_unfold_a_tag(tmp_path: Path) -> None:
    app = make_app(fixed_store(tmp_path / "db.sqlite"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await feeds_at(pilot, "News")
        assert "The Harbour Gazette: World" in row_names(screen)
        await pilot.press("space")
        assert "The Harbour Gazette: World" not in row_names(screen)
        assert screen.table.data[screen.table.cursor_row][1][0].plain == "▸"
        assert screen.table.current_key == "tag:News"
        await pilot.press("space")
        assert "The Harbour Gazette: World" in row_names(screen)


async def test_remove_a_feed_and_undo_it(tmp_path: Path) -> None:
    store = fixed_store(tmp_path / "db.sqlite")
    world = store.feed(f"{BASE}/world.xml")
    assert world is not None
    before = store.headlines(feed_id=world.id)
    store.update_entry(before[0].id, starred=True)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await feeds_at(pilot, "The Harbour Gazette: World")
        await pilot.press("d")
        await pilot.pause()
        assert store.feed(world.url) is None
        assert "The Harbour Gazette: World" not in row_names(screen)
        assert status(app) == "Removed The Harbour Gazette: World and its 3 articles (^z undoes)"
        await pilot.press("u")
        await settle(pilot)
        assert "The Harbour Gazette: World" in row_names(screen)
        after = store.headlines(feed_id=world.id)
        assert [(e.id, e.title, e.starred) for e in after] == [
            (e.id, e.title, e.id == before[0].id) for e in before
        ]
        assert [e.title for e in store.search("Harbour wall")] == ["Harbour wall vote"]  # searchable again


async def test_rename_and_retag_a_feed(tmp_path: Path) -> None:
    store = fixed_store(tmp_path / "db.sqlite")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await feeds_at(pilot, "Harbour Tech")
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one(Input).value = "Tech desk"
        await pilot.press("enter")
        await settle(pilot)
        assert "Tech desk" in row_names(screen)
        assert store.feed(f"{BASE}/tech.xml").name == "Tech desk"  # type: ignore[union-attr]
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert "Harbour Tech" in row_names(screen)  # the feed's own title, still its own (not custom)
        custom = raw_db(store).query("SELECT custom_title FROM feeds WHERE url = ?", (f"{BASE}/tech.xml",))
        assert custom[0][0] == 0
        screen.table.move_cursor(row=row_names(screen).index("Harbour Tech"))
        await pilot.press("t")
        await pilot.pause()
        app.screen.query_one(Input).value = "Gadgets, News"
        await pilot.press("enter")
        await settle(pilot)
        assert store.feed(f"{BASE}/tech.xml").tags == ["Gadgets", "News"]  # type: ignore[union-attr]
        assert "Gadgets" in row_names(screen)
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert store.feed(f"{BASE}/tech.xml").tags == []  # type: ignore[union-attr]


async def test_the_feeds_list_marks_feeds_waiting_for_the_refresh(tmp_path: Path) -> None:
    app = make_app(fixed_store(tmp_path / "db.sqlite"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await feeds_at(pilot, "Harbour Tech")
        app.refresher.pending = {f"{BASE}/tech.xml"}
        screen.reload()
        await settle(pilot)
        row = screen.table.data[screen.table.cursor_row][1]
        assert row[0].plain == "…"
        app.refresher.pending = set()
        screen.reload()
        await settle(pilot)
        assert screen.table.data[screen.table.cursor_row][1][0].plain == ""


async def test_after_a_refresh_each_feed_says_how_it_went(tmp_path: Path, demo: DemoServer) -> None:  # noqa: F811
    store = Store.open(tmp_path / "db.sqlite")
    subscribe_demo(store, demo.base_url, site_root() / "demo.opml")
    store.add_feed(demo.url("feeds/missing.xml"), title="Broken feed")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("R")
        await settle(pilot)
        screen = await feeds_at(pilot, "The Harbour Gazette: World")
        marks = {cells[1].plain.strip(): cells[0].plain for _, cells in screen.table.data}
        assert marks["The Harbour Gazette: World"] == "+" and marks["Broken feed"] == "!"
        assert status(app) == "The Harbour Gazette: World: 4 new in the last refresh"
        await feeds_at(pilot, "Broken feed")
        assert status(app).startswith(
            f"Cannot refresh 127.0.0.1:{demo.port}: nothing is at that address (HTTP 404"
        )


async def test_remove_and_retag_after_a_refresh_keep_their_own_message(
    tmp_path: Path,
    demo: DemoServer,  # noqa: F811
) -> None:
    store = Store.open(tmp_path / "db.sqlite")
    subscribe_demo(store, demo.base_url, site_root() / "demo.opml")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("R")
        await settle(pilot)
        screen = await feeds_at(pilot, "The Harbour Gazette: Science")
        await pilot.press("d")
        await settle(pilot)
        # The next feed takes the removed one's row: it must not talk over what `d` did.
        assert status(app).startswith("Removed The Harbour Gazette: Science and its 4 articles")
        await pilot.press("ctrl+z")
        await settle(pilot)
        screen.table.move_cursor(row=row_names(screen).index("The Harbour Gazette: World"))
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        app.screen.query_one(Input).value = "Local"
        await pilot.press("enter")
        await settle(pilot)
        assert status(app) == "Tagged The Harbour Gazette: World: Local (^z undoes)"
        screen.table.move_cursor(row=row_names(screen).index("The Harbour Gazette: Tech"))
        await pilot.pause()
        assert status(app) == "The Harbour Gazette: Tech: 4 new in the last refresh"  # a move still says


def test_marks_and_embedded_posts_in_the_layout() -> None:
    from newsreader.layout import layout_article
    from newsreader.models import Mark, Quote

    article = Article(
        url=f"{BASE}/a",
        title="T",
        blocks=[
            Paragraph(
                "Run make test, then read the report twice.",
                [Link("the report", f"{BASE}/r")],
                marks=[Mark("make test", "code"), Mark("report", "strong"), Mark("twice", "em")],
            ),
            Quote("Fog all day.", "tweet", "Museum (@museum)", url=f"{BASE}/status/1", date="5 March 2026"),
        ],
    )
    layout = layout_article(article)
    paragraph, post = [b for b in layout.blocks if isinstance(b, TextBlock) and b.kind != "title"][:2]
    assert [(r.text, r.role) for r in paragraph.runs if r.role] == [
        ("make test", "code"),
        ("the report", "link"),  # the mark inside the link gives way to it
        ("[1]", "number"),
        ("twice", "em"),
    ]
    assert post.text.split("\n")[0] == "Museum (@museum) · 5 March 2026 [2]"
    assert layout.link(2) is not None and layout.link(2).url == f"{BASE}/status/1"  # type: ignore[union-attr]
    assert Article.from_json(article.to_json()) == article  # the additions survive the cache


def test_code_lines_wrap_with_a_marker() -> None:
    from textual.content import Content

    from newsreader.ui.widgets.article_view import WRAP_MARKER, wrap_code

    lines = [str(c) for c in wrap_code(Content("a" * 25 + "\nshort"), 10)]
    assert lines == ["a" * 10, WRAP_MARKER + "a" * 8, WRAP_MARKER + "a" * 7, "short"]


async def test_lists_hang_and_code_wraps_in_the_reader(tmp_path: Path) -> None:
    from newsreader.models import ListBlock, Preformatted

    store = fixed_store(tmp_path / "db.sqlite")
    url = f"{BASE}/world/0.html"
    item = "A list item long enough to wrap onto a second line at this narrow width, surely"
    code = "copy C:\\CATALOG\\BOOKS.DAT E:\\BACKUP\\BOOKS.DAT /Y && echo Backed up >> E:\\BACKUP\\LOG.TXT"
    article = Article(url=url, title="Lists", blocks=[ListBlock([item, "Two"]), Preformatted(code)])
    store.put_article([url], article.to_json())
    app = make_app(store)
    async with app.run_test(size=(60, 24)) as pilot:
        await open_sample(pilot)
        lines = screen_text(app).splitlines()
        first = next(i for i, line in enumerate(lines) if "• A list item" in line)
        indent = lines[first].index("A list item")
        assert lines[first + 1][:indent].strip() == "" and lines[first + 1][indent] != " "  # hangs
        assert any(line.strip().startswith("▌ ↪ ") for line in lines)  # the code line's continuation


async def test_a_digit_that_is_not_a_decimal_digit_is_no_link_number(tmp_path: Path) -> None:
    """`²` is a digit to Python's isdigit but no number to int(): typing it then `e` must not crash."""
    app = make_app(fixed_store(tmp_path / "db.sqlite"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ArticleScreen)
        await pilot.press("²", "e", "enter")
        await settle(pilot)
        assert screen.number == "" and app.is_running


async def test_the_breadcrumb_names_the_feed_the_article_was_opened_from(tmp_path: Path) -> None:
    """Two feeds carry the same story (one link): the reader names the feed the headline was in, not the
    first feed that has that link."""
    store = Store.open(tmp_path / "db.sqlite")
    url = f"{BASE}/shared-story-of-two-feeds.html"
    for name in ("Alpha", "Beta"):
        feed = store.add_feed(f"{BASE}/{name}.xml", title=name)
        entry = ParsedEntry(key=name, title=f"Shared in {name}", link=url, published="2026-01-01T00:00:00Z")
        store.store_feed(
            feed.id,
            ParsedFeed(name, None, [entry]),
            etag=None,
            last_modified=None,
            body_hash=name,
            next_update=0,
        )
    store.put_article([url], Article(url=url, title="Shared story", blocks=[Paragraph("Text.")]).to_json())
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "down", "down", "enter")  # All articles, Starred, Alpha, Beta
        await settle(pilot)
        assert "Beta" in screen_text(app).splitlines()[0]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)
        top = screen_text(app).splitlines()[0]
        assert "Beta › Shared story" in top and "Alpha" not in top


def test_a_search_source_does_not_claim_to_cover_every_entry() -> None:
    """A search stands for its results, which no EntryFilter names: `covers` refuses, never "everything"."""
    assert Source("Harbour", feed_id=3).covers["feed_id"] == 3
    with pytest.raises(ValueError, match="search"):
        _ = Source("Search: harbour", query="harbour").covers


async def test_clearing_f_on_a_search_adds_no_unrelated_page_before_the_results(tmp_path: Path) -> None:
    """With F cleared the list is a search again; until its worker answers, scrolling to the end must not
    append the next page of the whole archive to the rows the filter left."""
    store = Store.open(tmp_path / "db.sqlite")
    feed = store.add_feed("http://127.0.0.1:9/port.xml")
    harbour = [  # newer: the search's matches, more than a page
        ParsedEntry(
            key=f"h{i}",
            title=f"Harbour note {i}",
            link=f"http://127.0.0.1:9/h/{i}",
            published=f"2026-03-20T{i // 60:02d}:{i % 60:02d}:00+00:00",
        )
        for i in range(300)
    ]
    other = [  # older, never matching
        ParsedEntry(
            key=f"o{i}",
            title=f"Lighthouse log {i}",
            link=f"http://127.0.0.1:9/o/{i}",
            published=f"2026-03-01T{i // 60:02d}:{i % 60:02d}:00+00:00",
        )
        for i in range(50)
    ]
    parsed = ParsedFeed("Port", None, harbour + other)
    store.store_feed(feed.id, parsed, etag=None, last_modified=None, body_hash="x", next_update=0)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(HeadlinesScreen(Source("Search: harbour", query="harbour")))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HeadlinesScreen)
        screen.live_filter = 'unread = "yes"'
        screen.reload()  # the filtered list: a first page of the matches, more to come
        assert len(screen.entries) == 200 and not screen.exhausted
        screen.live_filter = None
        screen.reload()  # a search again: its worker has not answered yet
        assert screen.load_more() is False
        assert all(e.title.startswith("Harbour") for e in screen.entries)
        await settle(pilot)
        assert len(screen.entries) == 300 and all(e.title.startswith("Harbour") for e in screen.entries)


async def test_a_narrow_status_line_cuts_the_message_and_keeps_the_undo_key(tmp_path: Path) -> None:
    """At 80 columns a starred headline's name filled the line and the hint came out as "(^z undoe…"."""
    store = big_store(tmp_path / "db.sqlite", 1)
    feed = store.feeds()[0]
    long_title = "Lighthouse keeper retires after forty years on the rock, and the town turns out to wave"
    parsed = ParsedFeed("Big", None, [ParsedEntry(key="0", title=long_title, link=f"{BASE}/0")])
    store.store_feed(feed.id, parsed, etag=None, last_modified=None, body_hash="c", next_update=0)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("s")
        await pilot.pause()
        line = screen_text(app).splitlines()[-2]
        assert status(app) == f"Starred “{long_title}” (^z undoes)"
        assert "Starred “Lighthouse keeper" in line and "… (^z undoes)" in line
        assert line.rstrip().endswith("1 unread · 1 starred")


async def test_a_toast_leaves_the_status_line_readable(tmp_path: Path) -> None:
    """A config warning's toast (shown for 10 s) covered the status line: "Marked 3 articles read (U▌"."""
    app = make_app(fixed_store(tmp_path / "db.sqlite"))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        app.notify("A warning long enough to need a toast of a few lines: " + "words " * 20, timeout=30)
        await pilot.press("A")
        await settle(pilot)
        lines = screen_text(app).splitlines()
        assert status(app).startswith("Marked 7 articles") and status(app).endswith("(^z undoes)")
        assert lines[-2].strip().startswith(status(app)) and "▌" not in lines[-2]
        assert any("A warning long enough" in line for line in lines[:-2])


async def test_an_error_too_long_for_the_status_line_is_also_shown_whole(tmp_path: Path) -> None:
    """At 80 columns `|` without a pipe hook said 'no pipe command configured: add [hooks] pipe = ["program…':
    the part that says what to do was cut. A short error stays in the status line alone."""
    store = fixed_store(tmp_path / "db.sqlite")
    app = make_app(store)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_article(pilot, store, "world/0.html")
        await pilot.press("vertical_line")
        await settle(pilot)
        whole = 'no pipe command configured: add [hooks] pipe = ["program", "arg"] to config.toml'
        assert status(app) == whole and whole not in screen_text(app).splitlines()[-2]
        assert [n.message for n in notifications(app)] == [whole]
        await pilot.pause(0.1)
        assert any("config.toml" in line for line in screen_text(app).splitlines()[:-2])  # the toast
        await pilot.press("9", "9", "enter")
        await settle(pilot)
        assert status(app) == "There is no link 99" and len(list(notifications(app))) == 1
