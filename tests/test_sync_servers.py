"""Sync end to end against the real servers: Tiny Tiny RSS (PostgreSQL) and Coldsweat (Fever).

The servers start once per session (tests/sync_servers.py); every test uses its own feeds (own paths and
guids) and its own newsreader home, so the tests are independent although the servers are shared.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsreader.cli import main
from newsreader.paths import db_path
from newsreader.store import Store
from tests.raw_db import raw_db
from tests.server import LoopbackServer, Reply
from tests.sync_servers import Fever, Ttrss, start_fever, start_ttrss, stop_fever, stop_ttrss

_counter = itertools.count()


@pytest.fixture(scope="session")
def ttrss() -> Iterator[Ttrss]:
    server = start_ttrss()
    try:
        yield server
    finally:
        stop_ttrss(server)


@pytest.fixture(scope="session")
def fever() -> Iterator[Fever]:
    server = start_fever()
    try:
        yield server
    finally:
        stop_fever(server)


@pytest.fixture(scope="session")
def feeds() -> Iterator[LoopbackServer]:
    server = LoopbackServer().start()
    try:
        yield server
    finally:
        server.stop()


def rss(title: str, items: int, tag: str) -> bytes:
    """A feed of `items` entries whose guids and links are unique to `tag` (Coldsweat's guids are global)."""
    body = "".join(
        f"<item><title>{title} story {i}</title><link>http://example.com/{tag}/{i}</link>"
        f"<guid isPermaLink='false'>{tag}-{i}</guid>"
        f"<pubDate>Mon, 0{1 + i % 9} Jun 2026 10:{i % 60:02d}:00 GMT</pubDate>"
        f"<description>&lt;p&gt;Body of {title} {i} with word{tag}&lt;/p&gt;</description></item>"
        for i in range(items)
    )
    return (
        f"<?xml version='1.0'?><rss version='2.0'><channel><title>{title}</title>"
        f"<link>http://example.com/{tag}/</link>{body}</channel></rss>"
    ).encode()


def serve_feed(feeds: LoopbackServer, title: str, items: int) -> tuple[str, str]:
    tag = f"t{next(_counter)}x{feeds.port}"
    path = f"/{tag}.xml"
    feeds.routes[path] = Reply(rss(title, items, tag), conditional=False)
    return feeds.url(path), tag


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def store_of(home: Path) -> Store:
    return Store.open(db_path(home))


def entries_of(store: Store, word: str) -> dict[str, tuple[int, bool, bool]]:
    """{link: (entry id, read, starred)} of the entries whose text holds `word`."""
    return {e.link or "": (e.id, e.read, e.starred) for e in store.search(word, limit=1000)}


def add_ttrss_account(capsys: pytest.CaptureFixture[str], ttrss: Ttrss, name: str = "tt") -> None:
    code, out, err = cli(
        capsys,
        "account", "add", "ttrss", f"http://127.0.0.1:{ttrss.port}/", "--user", ttrss.user,
        "--name", name, "--password-command", f"printf %s {ttrss.password}",
    )  # fmt: skip
    assert code == 0, err
    assert f"added account {name}" in out


def ttrss_state(ttrss: Ttrss, feed_id: int) -> dict[str, tuple[bool, bool]]:
    """{link: (read, starred)} on the server."""
    return {h["link"]: (not h["unread"], bool(h["marked"])) for h in ttrss.headlines(feed_id)}


# -- Tiny Tiny RSS -----------------------------------------------------------------------------------------


def test_ttrss_round_trip_read_star_and_server_changes(
    ttrss: Ttrss, feeds: LoopbackServer, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url, tag = serve_feed(feeds, "Harbour", 5)
    fid = ttrss.subscribe(url)
    add_ttrss_account(capsys, ttrss)
    code, out, err = cli(capsys, "sync")
    assert code == 0, err
    store = store_of(home)
    local = entries_of(store, f"word{tag}")
    assert len(local) == 5 and not any(read or starred for _, read, starred in local.values())
    link = [f"http://example.com/{tag}/{i}" for i in range(5)]
    # The feed's text came with the entry (search and offline reading work on it).
    assert store.entry_content(local[link[0]][0]) == f"<p>Body of Harbour 0 with word{tag}</p>"

    # Read and star here (what the TUI's m and s call), change another entry on the server.
    store.update_entry(local[link[0]][0], read=True)
    store.update_entry(local[link[1]][0], starred=True)
    ids = {h["link"]: h["id"] for h in ttrss.headlines(fid)}
    ttrss.call("updateArticle", article_ids=str(ids[link[2]]), mode=0, field=2)
    code, out, err = cli(capsys, "sync", "--json")
    assert code == 0, err
    result = json.loads(out)[0]
    assert result["pushed"] == 2 and result["error"] is None
    server = ttrss_state(ttrss, fid)
    assert server[link[0]] == (True, False) and server[link[1]] == (False, True)
    local = entries_of(store, f"word{tag}")
    assert local[link[2]][1] is True  # the server's change came down
    assert [local[link[i]][1:] for i in (3, 4)] == [(False, False), (False, False)]

    # Nothing new: a handful of requests (login, categories, feeds, new headlines, starred, logout).
    code, out, err = cli(capsys, "sync", "--json")
    assert json.loads(out)[0]["requests"] <= 6 and json.loads(out)[0]["new"] == 0
    # New entries on the server arrive on the next sync, and only those are fetched.
    feeds.routes[f"/{tag}.xml"] = Reply(rss("Harbour", 7, tag), conditional=False)
    ttrss.update(fid)
    code, out, err = cli(capsys, "sync", "--json")
    assert json.loads(out)[0]["new"] == 2
    assert len(entries_of(store, f"word{tag}")) == 7
    store.close()


def test_ttrss_offline_changes_are_queued_and_sent_in_order(
    ttrss: Ttrss, feeds: LoopbackServer, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url, tag = serve_feed(feeds, "Lighthouse", 4)
    fid = ttrss.subscribe(url)
    add_ttrss_account(capsys, ttrss)
    assert cli(capsys, "sync")[0] == 0
    store = store_of(home)
    local = entries_of(store, f"word{tag}")
    link = [f"http://example.com/{tag}/{i}" for i in range(4)]

    # Offline: the server is gone (nothing listens on the account's address any more).
    with raw_db(store).tx() as conn:
        conn.execute("UPDATE accounts SET url = 'http://127.0.0.1:9/'")
    store.update_entry(local[link[0]][0], read=True)
    store.update_entry(local[link[1]][0], starred=True)
    store.update_entry(local[link[2]][0], read=True)
    store.update_entry(local[link[2]][0], read=False)  # read then unread again: the last change counts
    store.update_entry(local[link[3]][0], read=True)
    code, out, err = cli(capsys, "sync")
    assert code == 1
    assert err.count("\n") == 1 and err.startswith("newsreader: account tt: cannot connect")
    assert store.queue_length(store.accounts()[0].id) == 5  # nothing lost, nothing sent
    assert entries_of(store, f"word{tag}")[link[0]][1] is True

    # Meanwhile another client marks entry 3 unread-then-read... and entry 2 read on the server.
    ids = {h["link"]: h["id"] for h in ttrss.headlines(fid)}
    ttrss.call("updateArticle", article_ids=str(ids[link[2]]), mode=0, field=2)
    # Back online: the queue goes out in order, the local changes (newer than the server's view) win.
    with raw_db(store).tx() as conn:
        conn.execute("UPDATE accounts SET url = ?", (f"http://127.0.0.1:{ttrss.port}/",))
    code, out, err = cli(capsys, "sync")
    assert code == 0, err
    server = ttrss_state(ttrss, fid)
    assert server[link[0]] == (True, False)
    assert server[link[1]] == (False, True)
    assert server[link[2]] == (False, False)  # the local "unread again" was the last change
    assert server[link[3]] == (True, False)
    assert store.queue_length(store.accounts()[0].id) == 0
    store.close()


def test_ttrss_add_and_remove_a_feed_on_the_server(
    ttrss: Ttrss, feeds: LoopbackServer, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_ttrss_account(capsys, ttrss)
    url, tag = serve_feed(feeds, "Ferry", 3)
    code, out, err = cli(capsys, "add", url, "--account", "tt")
    assert code == 0, err
    assert url in {f["feed_url"] for f in ttrss.call("getFeeds", cat_id=-3)}
    store = store_of(home)
    assert store.feed_account(url) is not None
    # Local and server feeds side by side: a local subscription is untouched by the account.
    local_url, _ = serve_feed(feeds, "Local", 2)
    assert cli(capsys, "add", local_url)[0] == 0
    ttrss.update(next(int(f["id"]) for f in ttrss.call("getFeeds", cat_id=-3) if f["feed_url"] == url))
    assert cli(capsys, "sync")[0] == 0
    assert len(entries_of(store, f"word{tag}")) == 3
    code, out, err = cli(capsys, "remove", url)
    assert code == 0, err
    assert url not in {f["feed_url"] for f in ttrss.call("getFeeds", cat_id=-3)}
    assert store.feed(url) is None and store.feed(local_url) is not None
    # A refresh of local feeds never fetches the account's feeds itself (the server does).
    assert all(s.url != url for s in store.feed_states())
    store.close()


def test_ttrss_interrupted_first_sync_resumes_where_it_stopped(
    ttrss: Ttrss, feeds: LoopbackServer, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.sync_proxy import FailingProxy

    url, tag = serve_feed(feeds, "Tide", 450)  # three pages of 200
    ttrss.subscribe(url)
    proxy = FailingProxy(f"http://127.0.0.1:{ttrss.port}").start()
    try:
        code, out, err = cli(
            capsys, "account", "add", "ttrss", proxy.base + "/", "--user", ttrss.user, "--name", "tt",
            "--password-command", f"printf %s {ttrss.password}",
        )  # fmt: skip
        assert code == 0, err
        proxy.fail_when = lambda body, n: b"getHeadlines" in body and proxy.count(b"getHeadlines") == 2
        proxy.failure = "truncated"
        code, out, err = cli(capsys, "sync")
        assert code == 1 and err.startswith("newsreader: account tt: a truncated or invalid JSON answer")
        store = store_of(home)
        state = store.accounts()[0].state
        assert state.get("skip") == 200  # the first page is stored with its cursor
        got = len(entries_of(store, f"word{tag}"))
        proxy.fail_when = None
        before = len(proxy.bodies)
        assert cli(capsys, "sync")[0] == 0
        assert 0 < got < 450 and len(entries_of(store, f"word{tag}")) == 450
        # The resumed sync asked for the rest, not the first page again.
        pages = [b for b in proxy.bodies[before:] if b"getHeadlines" in b and b'"feed_id": -4' in b]
        assert b'"skip": 200' in pages[0]
        store.close()
    finally:
        proxy.stop()


# -- Fever (Coldsweat) -------------------------------------------------------------------------------------


def add_fever_account(capsys: pytest.CaptureFixture[str], fever: Fever, name: str = "fv") -> None:
    code, out, err = cli(
        capsys, "account", "add", "fever", fever.url, "--user", fever.email, "--name", name,
        "--password-command", f"printf %s {fever.password}",
    )  # fmt: skip
    assert code == 0, err


def test_fever_round_trip_groups_read_star_and_new_entries(
    fever: Fever, feeds: LoopbackServer, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url, tag = serve_feed(feeds, "Seagrass", 4)
    fever.add_feed(url, "Science")
    add_fever_account(capsys, fever)
    code, out, err = cli(capsys, "sync")
    assert code == 0, err
    store = store_of(home)
    feed = store.feed(url)
    assert feed is not None and feed.tags == ["Science"]
    local = entries_of(store, f"word{tag}")
    link = [f"http://example.com/{tag}/{i}" for i in range(4)]
    assert len(local) == 4

    store.update_entry(local[link[0]][0], read=True)
    store.update_entry(local[link[1]][0], starred=True)
    code, out, err = cli(capsys, "sync", "--json")
    assert code == 0, err
    ids = {e.link: e for e in store.search(f"word{tag}")}
    sql = raw_db(store)
    remote = {k: sql.query("SELECT key FROM entries WHERE id = ?", (e.id,))[0][0] for k, e in ids.items()}
    unread, saved = fever.ids("unread_item_ids"), fever.ids("saved_item_ids")
    assert remote[link[0]] not in unread and remote[link[1]] in saved
    assert remote[link[2]] in unread and remote[link[2]] not in saved

    # A change made on the server (another client) comes down.
    fever.api(mark="item", id=remote[link[3]], **{"as": "saved"})
    code, out, err = cli(capsys, "sync", "--json")
    result = json.loads(out)[0]
    assert entries_of(store, f"word{tag}")[link[3]][2] is True
    # Nothing new: three requests (auth check, groups&feeds, items since the last id, state).
    assert result["new"] == 0 and result["requests"] <= 4
    feeds.routes[f"/{tag}.xml"] = Reply(rss("Seagrass", 6, tag), conditional=False)
    fever.fetch()
    code, out, err = cli(capsys, "sync", "--json")
    assert json.loads(out)[0]["new"] == 2
    store.close()


def test_fever_cannot_add_feeds_and_says_so(
    fever: Fever, feeds: LoopbackServer, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_fever_account(capsys, fever)
    url, _ = serve_feed(feeds, "Nope", 1)
    code, out, err = cli(capsys, "add", url, "--account", "fv")
    assert code == 1
    assert err.startswith("newsreader: error: account fv: this server's API cannot add feeds")
    assert err.count("\n") == 1


# -- bad answers: one line naming the account, nothing local lost, the next sync carries on ---------------

BAD = {
    "html": "the server answered with a web page, not the API",
    "401": "the server refused the login (HTTP 401",
    "500": "HTTP 500",
    "truncated": "a truncated or invalid JSON answer",
    "huge": "response larger than",
    "hang": "no complete response within",
}


def _snapshot(store: Store) -> list[tuple[object, ...]]:
    rows = raw_db(store).query("SELECT id, key, read, starred, title FROM entries ORDER BY id")
    return [tuple(r) for r in rows] + [("queue", store.queue_length(store.accounts()[0].id))]


@pytest.mark.parametrize("kind", ["ttrss", "fever"])
@pytest.mark.parametrize("failure", list(BAD))
def test_bad_answers_leave_local_state_and_the_next_sync_resumes(
    request: pytest.FixtureRequest,
    feeds: LoopbackServer,
    home: Path,
    capsys: pytest.CaptureFixture[str],
    kind: str,
    failure: str,
) -> None:
    from tests.sync_proxy import FailingProxy

    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text("[network]\ndeadline = 2.0\nmax_bytes = 1000000\n")
    url, tag = serve_feed(feeds, "Storm", 3)
    if kind == "ttrss":
        server: Ttrss | Fever = request.getfixturevalue("ttrss")
        assert isinstance(server, Ttrss)
        server.subscribe(url)
        upstream, path, user = f"http://127.0.0.1:{server.port}", "/", server.user
        # The entries request of the second sync fails (after the login and the subscriptions).
        marker = b"getHeadlines"
    else:
        server = request.getfixturevalue("fever")
        assert isinstance(server, Fever)
        server.add_feed(url)
        upstream, path, user = f"http://127.0.0.1:{server.port}", "/fever/", server.email
        marker = b"items&since_id"
    proxy = FailingProxy(upstream).start()
    try:
        code, out, err = cli(
            capsys, "account", "add", kind, proxy.base + path, "--user", user, "--name", "acct",
            "--password-command", f"printf %s {server.password}",
        )  # fmt: skip
        assert code == 0, err
        assert cli(capsys, "sync")[0] == 0
        store = store_of(home)
        local = entries_of(store, f"word{tag}")
        assert len(local) == 3
        store.update_entry(local[f"http://example.com/{tag}/0"][0], read=True)  # queued, not yet sent
        before = _snapshot(store)

        proxy.failure = failure
        proxy.fail_when = lambda body, n: marker in body
        if failure == "401":  # a refused login fails the very first request
            proxy.fail_when = lambda body, n: True
        code, out, err = cli(capsys, "sync")
        assert code == 1
        assert err.count("\n") == 1 and err.startswith("newsreader: account acct: "), err
        assert BAD[failure] in err, err
        assert _snapshot(store)[:-1] == before[:-1]  # entries and their state untouched
        if failure == "401":
            assert _snapshot(store) == before  # the change is still queued for the next sync
        assert store.accounts()[0].last_error == err.removeprefix("newsreader: ").strip()

        proxy.fail_when = None
        code, out, err = cli(capsys, "sync")
        assert code == 0, err
        assert store.queue_length(store.accounts()[0].id) == 0
        assert entries_of(store, f"word{tag}")[f"http://example.com/{tag}/0"][1] is True
        assert store.accounts()[0].last_error is None
        store.close()
    finally:
        proxy.stop()


# -- the TUI: read and star, go offline, come back -----------------------------------------------------------


@pytest.mark.parametrize("kind", ["ttrss", "fever"])
async def test_tui_read_star_offline_and_back_reach_the_server(
    request: pytest.FixtureRequest, kind: str, feeds: LoopbackServer, tmp_path: Path
) -> None:
    from textual.widgets import Input

    from newsreader.config import Config
    from newsreader.ui.app import create_app
    from newsreader.ui.screens.add_feed import AddFeedScreen
    from newsreader.ui.screens.feeds import FeedsScreen
    from newsreader.ui.screens.headlines import HeadlinesScreen
    from newsreader.ui.textual_private import notifications

    url, tag = serve_feed(feeds, "Petrel", 3)
    store = Store.open(tmp_path / "db.sqlite")
    server = request.getfixturevalue(kind)
    if isinstance(server, Ttrss):
        fid = server.subscribe(url)
        address, user = f"http://127.0.0.1:{server.port}/", server.user

        def on_server() -> dict[str, tuple[bool, bool]]:
            return ttrss_state(server, fid)
    else:
        assert isinstance(server, Fever)
        server.add_feed(url)
        address, user = server.url, server.email

        def on_server() -> dict[str, tuple[bool, bool]]:
            keys = {e.link: str(raw_db(store).query("SELECT key FROM entries WHERE id = ?", (e.id,))[0][0])
                    for e in store.search(f"word{tag}")}  # fmt: skip
            unread, saved = server.ids("unread_item_ids"), server.ids("saved_item_ids")
            return {link or "": (key not in unread, key in saved) for link, key in keys.items()}

    store.add_account("acct", kind, address, user, "command", f"printf %s {server.password}")
    app = create_app(store, Config(images=False))

    async def settle() -> None:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()

    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("R")  # refresh all = sync the account
        await settle()
        assert len(entries_of(store, f"word{tag}")) == 3
        feed = store.feed(url)
        assert feed is not None
        feeds_screen = app.screen
        assert isinstance(feeds_screen, FeedsScreen)  # open this feed (the server holds other tests' too)
        keys = [k.split(":")[:2] for k, _ in feeds_screen.table.data]  # feed:ID, or feed:ID:TAG under a tag
        feeds_screen.table.move_cursor(row=keys.index(["feed", str(feed.id)]))
        await pilot.press("enter")
        await settle()
        headlines = app.screen
        assert isinstance(headlines, HeadlinesScreen)
        row = {e.link: n for n, e in enumerate(headlines.entries)}
        link = [f"http://example.com/{tag}/{i}" for i in range(3)]
        headlines.table.move_cursor(row=row[link[0]])
        await pilot.press("m")
        headlines.table.move_cursor(row=row[link[1]])
        await pilot.press("s")
        await pilot.press("R")
        await settle()
        state = on_server()
        assert state[link[0]] == (True, False) and state[link[1]] == (False, True)

        # Offline: the sync fails with one line naming the account; the change waits in the queue.
        with raw_db(store).tx() as conn:
            conn.execute("UPDATE accounts SET url = 'http://127.0.0.1:9/'")
        headlines.table.move_cursor(row=row[link[2]])
        await pilot.press("s")
        await pilot.press("R")
        await settle()
        errors = [n.message for n in notifications(app) if n.severity == "error"]
        assert any(m.startswith("account acct: cannot connect") for m in errors), errors
        assert store.queue_length(store.accounts()[0].id) == 1
        assert on_server()[link[2]] == (False, False)

        # Back online: the next R sends it.
        with raw_db(store).tx() as conn:
            conn.execute("UPDATE accounts SET url = ?", (address,))
        await pilot.press("R")
        await settle()
        assert on_server()[link[2]] == (False, True)
        assert store.queue_length(store.accounts()[0].id) == 0

        # Adding a feed with the account chosen subscribes on the server (Fever's API cannot: one line).
        new_url, _ = serve_feed(feeds, "Gauge", 2)
        await pilot.press("a")
        await settle()
        dialog = app.screen
        assert isinstance(dialog, AddFeedScreen)
        dialog.query_one("#target", Input).value = new_url
        dialog.query_one("#account", Input).value = "acct"
        dialog.submit()
        await settle()
        if kind == "ttrss":
            assert isinstance(server, Ttrss)
            assert new_url in {f["feed_url"] for f in server.call("getFeeds", cat_id=-3)}
            assert store.feed_account(new_url) is not None
            assert not isinstance(app.screen, AddFeedScreen)
            # Removing it in the TUI (d, then yes) unsubscribes on the server first, then here.
            await pilot.press("escape")
            await settle()
            feeds_screen = app.screen
            assert isinstance(feeds_screen, FeedsScreen)
            new_feed = store.feed(new_url)
            assert new_feed is not None
            keys = [k.split(":")[:2] for k, _ in feeds_screen.table.data]
            feeds_screen.table.move_cursor(row=keys.index(["feed", str(new_feed.id)]))
            await pilot.press("d")
            await settle()
            await pilot.press("y")
            await settle()
            assert new_url not in {f["feed_url"] for f in server.call("getFeeds", cat_id=-3)}
            assert store.feed(new_url) is None
        else:
            assert isinstance(app.screen, AddFeedScreen)
            message = str(app.screen.query_one("#dialog-message").render())
            assert "account acct: this server's API cannot add feeds" in message
    store.close()


def test_ttrss_a_page_over_the_size_cap_is_asked_again_smaller(
    ttrss: Ttrss, feeds: LoopbackServer, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.sync_proxy import FailingProxy

    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text("[network]\nmax_bytes = 1000000\n")
    url, tag = serve_feed(feeds, "Longread", 3)
    ttrss.subscribe(url)
    proxy = FailingProxy(f"http://127.0.0.1:{ttrss.port}").start()
    try:
        code, out, err = cli(
            capsys, "account", "add", "ttrss", proxy.base + "/", "--user", ttrss.user, "--name", "tt",
            "--password-command", f"printf %s {ttrss.password}",
        )  # fmt: skip
        assert code == 0, err
        # Full pages of this server's articles are "too long": the sync asks for fewer per page.
        proxy.failure = "huge"
        proxy.fail_when = lambda body, n: b"getHeadlines" in body and b'"limit": 200' in body
        code, out, err = cli(capsys, "sync")
        assert code == 0, err
        assert proxy.failed >= 1 and proxy.count(b'"limit": 100') >= 1
        store = store_of(home)
        assert len(entries_of(store, f"word{tag}")) == 3
        store.close()
    finally:
        proxy.stop()
