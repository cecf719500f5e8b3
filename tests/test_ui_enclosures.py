"""The article view shows an entry's enclosures; `e` plays one, `E` downloads it under the home."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from newsreader.models import Article, Block, Enclosure, Link, Paragraph, ParsedEntry, ParsedFeed
from newsreader.store import Store
from newsreader.ui.app import NewsreaderApp
from tests.server import LoopbackServer, Reply, ranged
from tests.test_ui import SIZE, article_text, make_app, settle
from tests.test_ui_review import _open_first

AUDIO = b"ID3" + bytes(range(256)) * 100


def _podcast_store(tmp_path: Path, server: LoopbackServer) -> Store:
    store = Store.open(tmp_path / "newsreader.db")
    feed = store.add_feed(server.url("/feed"), title="Harbour Podcast")
    page = server.url("/ep1.html")
    episode = ParsedEntry(
        "ep1",
        "Episode 1: tides",
        page,
        published="2026-03-01T08:00:00+00:00",
        enclosures=[Enclosure(server.url("/media/ep%201.mp3"), "audio/mpeg", len(AUDIO), 1530)],
    )
    store.store_feed(
        feed.id,
        ParsedFeed("Harbour Podcast", None, [episode]),
        etag=None,
        last_modified=None,
        body_hash="h",
        next_update=0,
    )
    store.put_article(
        [page], Article(url=page, title="Episode 1", blocks=[Paragraph("Tides explained.")]).to_json()
    )
    return store


def _status(app: NewsreaderApp) -> str:
    return app.status.text if app.status else ""


async def test_enclosure_is_shown_played_and_downloaded(tmp_path: Path, server: LoopbackServer) -> None:
    server.routes["/media/ep%201.mp3"] = ranged(AUDIO)  # the path as sent, percent-encoded
    store = _podcast_store(tmp_path, server)
    app = make_app(store, player="true")
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_first(pilot, app)
        assert _status(app) == "1 enclosure: e plays it, E downloads it"
        text = article_text(screen)
        assert (
            "Enclosures" in text
            and f"[1] audio/mpeg · 25:30 · 26 kB  {server.url('/media/ep%201.mp3')}" in text
        )
        await pilot.press("L")
        assert _status(app) == "This article has no links (e plays its enclosure)"
        await pilot.press("2", "e")
        assert _status(app) == "There is no enclosure 2 (this article has 1)"
        await pilot.press("e")
        assert _status(app).startswith("Opened enclosure 1")
        await pilot.press("E")
        await settle(pilot)
        saved = tmp_path / "downloads" / f"{screen.entry.id if screen.entry else 0}-1-ep_1.mp3"
        assert _status(app) == f"Saved {saved}"
        assert saved.read_bytes() == AUDIO


async def test_a_player_that_cannot_run_is_named_as_the_player(
    tmp_path: Path, server: LoopbackServer
) -> None:
    store = _podcast_store(tmp_path, server)
    app = make_app(store, player="no-such-player-here %s")
    async with app.run_test(size=SIZE) as pilot:
        await _open_first(pilot, app)
        await pilot.press("e")
        assert app.status is not None and app.status.error
        assert _status(app).startswith("Cannot run the player command set in config.toml: ")


async def test_a_failed_download_is_one_status_line(tmp_path: Path, server: LoopbackServer) -> None:
    store = _podcast_store(tmp_path, server)  # no route: the server answers 404
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await _open_first(pilot, app)
        await pilot.press("E")
        await settle(pilot)
        assert app.status is not None and app.status.error
        assert _status(app).startswith("Download of") and "HTTP 404" in _status(app)
        assert not (tmp_path / "downloads").exists() or not any((tmp_path / "downloads").glob("*.mp3"))


async def test_the_enclosures_shown_are_those_of_the_entry_read(
    tmp_path: Path, server: LoopbackServer
) -> None:
    """The same page linked by a second feed's entry without enclosures: that entry's article offers none,
    and `E` says so rather than failing on the other entry's list."""
    store = _podcast_store(tmp_path, server)
    blog = store.add_feed(server.url("/blog"), title="A harbour blog")  # listed first
    post = ParsedEntry(
        "post", "About episode 1", server.url("/ep1.html"), published="2026-03-02T08:00:00+00:00"
    )
    store.store_feed(
        blog.id,
        ParsedFeed("A harbour blog", None, [post]),
        etag=None,
        last_modified=None,
        body_hash="b",
        next_update=0,
    )
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_first(pilot, app)
        assert screen.entry is not None and screen.entry.title == "About episode 1"
        assert "Enclosures" not in article_text(screen)
        await pilot.press("E")
        await settle(pilot)
        assert _status(app) == "This article has no enclosures"
        assert app.is_running


async def test_following_a_link_to_a_video_or_a_pdf_hands_it_to_the_player_or_the_browser(
    tmp_path: Path, server: LoopbackServer
) -> None:
    """A "Video: …" line (or any link) that leads to a file opens in `[ui] player` (audio, video) or the
    browser (a PDF, a picture): the reader stays on the article, and the status line says which."""
    server.routes["/media/dawn.mp4"] = Reply(
        b"\x00\x00\x00\x18ftypmp42" + bytes(5000), content_type="video/mp4"
    )
    server.routes["/plan.pdf"] = Reply(b"%PDF-1.7\n" + bytes(5000), content_type="application/pdf")
    store = Store.open(tmp_path / "newsreader.db")
    feed = store.add_feed(server.url("/feed"), title="Harbour News")
    page = server.url("/dawn.html")
    entry = ParsedEntry("dawn", "Harbour at dawn", page, published="2026-03-01T08:00:00+00:00")
    store.store_feed(
        feed.id,
        ParsedFeed("Harbour News", None, [entry]),
        etag=None,
        last_modified=None,
        body_hash="h",
        next_update=0,
    )
    film, plan = server.url("/media/dawn.mp4"), server.url("/plan.pdf")
    blocks: list[Block] = [
        Paragraph("Video: Harbour at dawn", [Link("Harbour at dawn", film)]),
        Paragraph("The harbour plan is published.", [Link("harbour plan", plan)]),
    ]
    store.put_article([page], Article(url=page, title="Harbour at dawn", blocks=blocks).to_json())
    played, browsed = tmp_path / "played.txt", tmp_path / "browsed.txt"
    record = "{python} -c 'import sys; open(sys.argv[1], \"w\").write(sys.argv[2])' {out} %s"
    app = make_app(
        store,
        player=record.format(python=sys.executable, out=played),
        browser=record.format(python=sys.executable, out=browsed),
    )
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_first(pilot, app)
        await pilot.press("1", "enter")
        await settle(pilot)
        assert _status(app) == f"Opened the video in the player: {film}"
        await pilot.press("2", "enter")
        await settle(pilot)
        assert _status(app) == f"Opened application/pdf in the browser: {plan}"
        assert app.screen is screen and screen.url == page  # still reading the article
        assert screen.history.current is not None and screen.history.current.url == page
    for out, url in ((played, film), (browsed, plan)):
        for _ in range(200):  # the commands run detached
            if out.exists() and out.read_text():
                break
            time.sleep(0.01)
        assert out.read_text() == url


def _linked_file_store(tmp_path: Path, server: LoopbackServer) -> tuple[Store, str, str]:
    """A podcast episode whose own link is its mp3, and a report whose link is its PDF (no enclosure)."""
    store = Store.open(tmp_path / "newsreader.db")
    feed = store.add_feed(server.url("/feed"), title="Harbour Podcast")
    mp3, pdf = server.url("/media/ep1.mp3"), server.url("/board/report.pdf")
    entries = [
        ParsedEntry(
            "ep1",
            "Episode 1: tides",
            mp3,
            published="2026-03-02T08:00:00+00:00",
            content="<p>We walk the north pier with the keeper of the tide gauge.</p>",
            enclosures=[Enclosure(mp3, "audio/mpeg", len(AUDIO), 1530)],
        ),
        ParsedEntry(
            "report",
            "The board's report",
            pdf,
            published="2026-03-01T08:00:00+00:00",
            content="<p>The harbour board's report for the year, as a PDF.</p>",
        ),
    ]
    store.store_feed(
        feed.id,
        ParsedFeed("Harbour Podcast", None, entries),
        etag=None,
        last_modified=None,
        body_hash="h",
        next_update=0,
    )
    return store, mp3, pdf


async def test_an_entry_whose_link_is_a_file_shows_its_text_and_a_line_that_opens_the_file(
    tmp_path: Path, server: LoopbackServer
) -> None:
    """An episode whose own link is its mp3 has no page: the view is the feed's text under "Audio: ep1.mp3"
    (its enclosure says it is audio, so nothing is fetched), the status line is no error, and following
    the line plays the file; a report linking its PDF (no enclosure to say so) reads the same way."""
    server.routes["/media/ep1.mp3"] = Reply(AUDIO, content_type="audio/mpeg")
    server.routes["/board/report.pdf"] = Reply(b"%PDF-1.7\n" + bytes(5000), content_type="application/pdf")
    store, mp3, pdf = _linked_file_store(tmp_path, server)
    played = tmp_path / "played.txt"
    record = "{python} -c 'import sys; open(sys.argv[1], \"w\").write(sys.argv[2])' {out} %s"
    app = make_app(store, player=record.format(python=sys.executable, out=played))
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_first(pilot, app)
        text = article_text(screen)
        assert "Audio: ep1.mp3[1]" in text
        assert "We walk the north pier with the keeper of the tide gauge." in text
        assert "This entry links an audio file (audio/mpeg), not a web page: showing the feed's text" in text
        assert app.status is not None and not app.status.error
        assert _status(app) == "1 enclosure: e plays it, E downloads it"
        assert server.seen("/media/ep1.mp3") == []  # the enclosure said what it is
        await pilot.press("1", "enter")
        await settle(pilot)
        assert _status(app) == f"Opened the audio in the player: {mp3}"
        assert app.screen is screen and screen.history.current is not None
        await pilot.press("J")  # the next article: the report
        await settle(pilot)
        text = article_text(screen)
        assert "File: report.pdf[1]" in text and "as a PDF." in text
        assert app.status is not None and not app.status.error
        assert (
            _status(app)
            == "This entry links a PDF (application/pdf), not a web page: showing the feed's text"
        )
    for _ in range(200):  # the player runs detached
        if played.exists() and played.read_text():
            break
        time.sleep(0.01)
    assert played.read_text() == mp3
