"""Daily-use polish a Newsboat user expects (issue 13, "state is sacred"): one article read in one feed is
read in every feed that carries it; every hint names the key as bound now (real SQLite file, Pilot)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from newsreader.models import Article, Entry, Paragraph, ParsedEntry, ParsedFeed
from newsreader.rules import add_rule, remove_rule
from newsreader.store import Store
from newsreader.ui.app import NewsreaderApp
from newsreader.ui.screens.article import ArticleScreen
from newsreader.ui.screens.feeds import FeedsScreen
from newsreader.ui.screens.headlines import BOTTOM_STEP, PAGE, HeadlinesScreen
from newsreader.ui.screens.help import HelpScreen
from tests.server import LoopbackServer
from tests.test_ui import SIZE, article_text, make_app, settle
from tests.test_ui_daily import big_store, feeds_at
from tests.test_ui_enclosures import _podcast_store
from tests.test_ui_review import _open_first
from tests.test_ui_support import BASE, fixed_store, screen_text

SHARED = f"{BASE}/shared-story.html"


def two_feeds_one_story(path: Path) -> Store:
    """Alpha and Beta both carry SHARED (their own entry each); Beta also has a story of its own."""
    store = Store.open(path)
    for name in ("Alpha", "Beta"):
        feed = store.add_feed(f"{BASE}/{name}.xml", title=name)
        entries = [
            ParsedEntry(key=name, title=f"Shared in {name}", link=SHARED, published="2026-01-02T00:00:00Z")
        ]
        if name == "Beta":
            own = f"{BASE}/beta-only.html"
            entries.append(
                ParsedEntry(key="own", title="Beta only", link=own, published="2026-01-01T00:00:00Z")
            )
        parsed = ParsedFeed(name, None, entries)
        store.store_feed(feed.id, parsed, etag=None, last_modified=None, body_hash=name, next_update=0)
    store.put_article(
        [SHARED], Article(url=SHARED, title="Shared story", blocks=[Paragraph("Text.")]).to_json()
    )
    return store


def counts(screen: FeedsScreen) -> dict[str, str]:
    return {cells[1].plain.strip(): cells[2].plain.strip() for _, cells in screen.table.data}


async def test_opening_an_article_reads_it_in_every_feed_that_carries_it(tmp_path: Path) -> None:
    """`mark URL`'s rule in the TUI: opening the story from All articles marks both feeds' copies read; the
    list updates both rows in place and the Feeds screen's counts follow."""
    store = two_feeds_one_story(tmp_path / "db.sqlite")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        feeds = await feeds_at(pilot, "All articles")
        assert counts(feeds)["Alpha"] == "1/1" and counts(feeds)["Beta"] == "2/2"
        await pilot.press("enter")
        await settle(pilot)
        headlines = app.screen
        assert isinstance(headlines, HeadlinesScreen)
        headlines.table.move_cursor(row=[e.title for e in headlines.entries].index("Shared in Beta"))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)
        copies = store.entries_by_link(SHARED)
        assert len(copies) == 2 and all(e.read for e in copies)
        beta_only = store.entries_by_link(f"{BASE}/beta-only.html")
        assert [e.read for e in beta_only] == [False]  # another article stays unread
        assert [e.read for e in headlines.entries if e.link == SHARED] == [True, True]  # both rows
        assert app.counts[1] == 1
        await pilot.press("q", "q")
        await settle(pilot)
        assert isinstance(app.screen, FeedsScreen) and app.screen is feeds
        assert counts(feeds)["Alpha"] == "0/1" and counts(feeds)["Beta"] == "1/2"
        assert counts(feeds)["All articles"] == "1/3"


def test_mark_link_names_every_copy_and_an_empty_link_names_none(tmp_path: Path) -> None:
    """The store's one rule for "this article" (CLI `mark URL`, the TUI on open): every entry with the
    link, hidden ones keeping read (their state waits in `hidden`); entries without a link are never one
    article together."""
    store = two_feeds_one_story(tmp_path / "db.sqlite")
    feed = store.add_feed(f"{BASE}/linkless.xml", title="Linkless")
    bare = [ParsedEntry(key=k, title=k, link=None, published="2026-01-03T00:00:00Z") for k in ("x", "y")]
    store.store_feed(
        feed.id, ParsedFeed("L", None, bare), etag=None, last_modified=None, body_hash="l", next_update=0
    )
    assert store.mark_link("", read=True) == []
    assert store.count(unread=True) == 5
    marked = store.mark_link(SHARED, starred=True)
    assert [(e.title, e.read, e.starred) for e in marked] == [
        ("Shared in Alpha", False, True),
        ("Shared in Beta", False, True),
    ]
    assert store.count(unread=True) == 5 and store.counts()[2] == 2
    store.mark_link(SHARED, starred=False)  # a starred entry is never hidden
    rule, hidden = add_rule(store, 'title =~ "in Alpha"', "hide")
    assert hidden == 1
    assert [(e.title, e.read) for e in store.mark_link(SHARED, read=False)] == [
        ("Shared in Alpha", True),  # hidden: stays read, its unread state kept for when the rule goes
        ("Shared in Beta", False),
    ]
    remove_rule(store, rule.id)
    assert [e.read for e in store.entries_by_link(SHARED)] == [False, False]


async def test_every_hint_names_the_key_as_bound_in_the_keymap(
    tmp_path: Path, server: LoopbackServer
) -> None:
    """Enclosures played with p and downloaded with D, links followed with ctrl+f, undo on ctrl+u: the
    article's line under Enclosures, the status lines and help say those keys, never the defaults."""
    keymap = {
        "play-enclosure": "p",
        "download-enclosure": "D",
        "follow-link": "ctrl+f",
        "undo": "ctrl+u",
        "prev-match": "P",
    }
    app = make_app(_podcast_store(tmp_path, server), keymap=keymap)

    def said() -> str:
        return app.status.text if app.status else ""

    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_first(pilot, app)
        assert said() == "1 enclosure: p plays it, D downloads it"
        assert "p plays, D downloads; a number first picks one" in article_text(screen)
        await pilot.press("L")
        assert said() == "This article has no links (p plays its enclosure)"
        await pilot.press("1")
        assert (
            said() == "Link 1: ^f follows it here, o opens it in the browser, p/D plays/downloads enclosure 1"
        )
        await pilot.press("escape", "m")
        assert said().endswith("unread (^u undoes)")
        await pilot.press("slash", *"tides", "enter")
        assert said().endswith("n/P next/previous · esc ends")
        await pilot.press("escape", "question_mark")
        await settle(pilot)
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        (numbers, number_keys), (find, find_keys) = help_screen.extra
        assert "then ^f to follow it here" in number_keys and find == "n, P" and "esc ends" in find_keys
        assert "p" in [k for k, b in help_screen.here if b.id == "play-enclosure"]


def footer_hints(app: NewsreaderApp) -> tuple[str, list[str], list[str]]:
    """(the footer's row left of the palette's `^p`, the hints shown, the hints dropped)."""
    keys = [k for k in app.screen.query("FooterKey") if not k.has_class("-command-palette")]
    hints = [(str(k.render()).strip(), k.display) for k in keys]  # "? Help": the key, then what it does
    row = " ".join(screen_text(app).splitlines()[-1].split("▏")[0].split())  # wide: two spaces between
    return row, [h for h, shown in hints if shown], [h for h, shown in hints if not shown]


async def test_at_80_columns_the_footer_shows_whole_hints_and_drops_the_last_ones(tmp_path: Path) -> None:
    """Textual's footer cut its last hint at the window's edge ("q Ba"): every hint shown is whole, the
    ones that do not fit are the last ones, and a wider window brings them back."""
    app = make_app(fixed_store(tmp_path / "db.sqlite"))
    async with app.run_test(size=(80, 24)) as pilot:
        seen = []
        for keys in ([], ["enter"], ["enter"], ["H"], ["question_mark"]):  # feeds, list, article, …
            await pilot.press(*keys)
            await settle(pilot)
            row, shown, dropped = footer_hints(app)
            assert row == " ".join(shown) and shown[0] in ("? Help", "q Close"), (row, shown)
            assert not any(hint in row for hint in dropped)
            seen.append(dropped)
            if keys == ["H"]:
                await pilot.press("q")
                await settle(pilot)
        assert seen[1] == ["q Back"] and "o Browser" in seen[2]  # at 80 columns, what did not fit
        await pilot.press("q")
        await settle(pilot)
        await pilot.resize_terminal(160, 40)
        await settle(pilot)
        row, shown, dropped = footer_hints(app)
        assert dropped == [] and row == " ".join(shown) and shown[-1] == "q Back"


async def test_g_reads_the_rest_of_a_big_list_off_the_event_loop(tmp_path: Path) -> None:
    """`G` on 6,000 headlines: the 5,000 rows it may add are read in a worker thread (on the event loop
    they froze the app for half a second), then the cursor is on the last of them and the status line
    says `G` again goes further."""
    store = big_store(tmp_path / "db.sqlite", 6000)
    threads: list[bool] = []
    headlines = store.headlines

    def spied(**where: Any) -> list[Entry]:
        if where.get("limit") == BOTTOM_STEP:
            threads.append(threading.current_thread() is threading.main_thread())
        return headlines(**where)

    store.headlines = spied  # type: ignore[method-assign]
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HeadlinesScreen) and len(screen.entries) == PAGE
        await pilot.press("G")
        await settle(pilot)
        assert threads == [False]  # read once, not on the event loop's thread
        assert screen.table.cursor_row == PAGE + BOTTOM_STEP - 1
        assert [e.id for e in screen.entries] == [e.id for e in headlines(limit=len(screen.entries))]
        assert "G again loads more" in (app.status.text if app.status else "")
        await pilot.press("G")
        await settle(pilot)
        assert screen.exhausted and screen.table.cursor_row == 5999 == len(screen.entries) - 1


async def test_a_remapped_key_keeps_its_place_among_the_hints_that_fit(tmp_path: Path) -> None:
    """Textual moves a binding remapped in [keymap] to the end of the footer; at 80 columns it must not be
    the first dropped: hints are dropped least important first (each screen's bindings list, in order)."""
    app = make_app(fixed_store(tmp_path / "db.sqlite"), keymap={"follow-link": "ctrl+f"})
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)
        row, shown, dropped = footer_hints(app)
        assert "^f Follow link" in shown and row.endswith("^f Follow link")  # shown where Textual puts it
        assert "o Browser" in dropped and "q Back" in dropped and row == " ".join(shown)


async def test_opening_an_article_read_in_one_feed_reads_the_copy_left_unread_in_another(
    tmp_path: Path,
) -> None:
    """Alpha's copy was read already (mark all read there, or an older version that marked one copy):
    opening it still reads Beta's copy, as the rule says - not only when the copy opened was unread."""
    store = two_feeds_one_story(tmp_path / "db.sqlite")
    alpha = next(e for e in store.entries_by_link(SHARED) if e.title == "Shared in Alpha")
    store.update_entry(alpha.id, read=True)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await feeds_at(pilot, "Alpha")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen) and app.screen.entry is not None
        assert app.screen.entry.id == alpha.id
        assert [(e.title, e.read) for e in store.entries_by_link(SHARED)] == [
            ("Shared in Alpha", True),
            ("Shared in Beta", True),
        ]
        assert [e.read for e in store.entries_by_link(f"{BASE}/beta-only.html")] == [False]


async def test_a_list_read_again_while_g_reads_keeps_its_own_end(tmp_path: Path) -> None:
    """A refresh reads the list again while `G`'s thread reads what came after the old last row: `G`'s
    answer (nothing more) is the old list's, so the new list, longer than its first page, must not be
    called complete - its last rows stay reachable."""
    store = big_store(tmp_path / "db.sqlite", PAGE)
    feed = store.feeds()[0]
    reading, release = threading.Event(), threading.Event()
    headlines = store.headlines

    def held(**where: Any) -> list[Entry]:
        if where.get("limit") == BOTTOM_STEP:
            reading.set()
            release.wait(10)
        return headlines(**where)

    store.headlines = held  # type: ignore[method-assign]
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HeadlinesScreen) and len(screen.entries) == PAGE
        await pilot.press("G")
        for _ in range(500):
            if reading.is_set():
                break
            await pilot.pause(0.01)
        newer = [
            ParsedEntry(key=f"n{i}", title=f"New {i}", link=f"{BASE}/n{i}", published="2026-02-01T00:00:00Z")
            for i in range(50)
        ]
        parsed = ParsedFeed("Big", None, newer)
        store.store_feed(feed.id, parsed, etag=None, last_modified=None, body_hash="n", next_update=0)
        screen.reload()  # as a refresh that ends now does
        assert len(screen.entries) == PAGE and not screen.exhausted
        release.set()
        await settle(pilot)
        await pilot.press("G")
        await settle(pilot)
        assert len(screen.entries) == PAGE + 50 and screen.table.cursor_row == PAGE + 49
