"""Enclosures end to end on the loopback server: stored, shown in `--json`, listed and downloaded by the
CLI (progress, resume with Range, size cap), and kept across the schema migration that added them."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from newsreader.cli import main
from newsreader.store import Store
from newsreader.store.schema import APPLICATION_ID, MIGRATIONS, _statements
from tests.server import LoopbackServer, Reply, ranged

AUDIO = bytes(range(256)) * 400  # 102,400 bytes


def _podcast(server: LoopbackServer, extra: str = "") -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">
<channel><title>Harbour Podcast</title><link>{server.url("/")}</link>
<item><title>Episode 1: tides</title><link>{server.url("/ep1.html")}</link><guid>ep1</guid>
<pubDate>Mon, 02 Nov 2026 08:00:00 +0100</pubDate><description>Tides explained.</description>
<enclosure url="{server.url("/media/ep1.mp3")}" type="audio/mpeg" length="{len(AUDIO)}"/>
<itunes:duration>25:30</itunes:duration>{extra}</item>
</channel></rss>""".encode()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def podcast(server: LoopbackServer, capsys: pytest.CaptureFixture[str]) -> int:
    """A subscribed podcast feed; returns the id of its entry."""
    server.routes["/feed"] = Reply(_podcast(server))
    server.routes["/ep1.html"] = Reply(
        b"<html><head><title>Episode 1</title></head><body><article><h1>Episode 1: tides</h1>"
        + b"<p>The tide tables for the harbour, explained at length for listeners. </p>" * 8
        + b"</article></body></html>",
        content_type="text/html",
    )
    assert run(capsys, "add", server.url("/feed"))[0] == 0
    code, out, _ = run(capsys, "headlines", "--json")
    (entry,) = json.loads(out)
    return int(entry["id"])


def test_enclosures_in_headlines_and_read_json(
    capsys: pytest.CaptureFixture[str], server: LoopbackServer, podcast: int
) -> None:
    expected = [
        {"url": server.url("/media/ep1.mp3"), "type": "audio/mpeg", "length": len(AUDIO), "duration": 1530}
    ]
    code, out, _ = run(capsys, "headlines", "--json")
    assert json.loads(out)[0]["enclosures"] == expected
    code, out, _ = run(capsys, "read", server.url("/ep1.html"), "--json")
    assert code == 0 and json.loads(out)["enclosures"] == expected
    code, out, _ = run(capsys, "enclosure", str(podcast))
    assert (code, out) == (0, f"  1  audio/mpeg · 25:30 · 102 kB  {server.url('/media/ep1.mp3')}\n")
    # An unknown id is reported as `read` and `mark` report it: one line, exit 2.
    missing = [run(capsys, command, "999999")[::2] for command in ("enclosure", "read", "mark")]
    assert missing == [(2, "newsreader: error: no entry '999999' (ids are in `newsreader headlines`)\n")] * 3


def test_an_episode_page_without_a_date_shows_the_entrys_and_plain_names_no_keys(
    capsys: pytest.CaptureFixture[str], server: LoopbackServer, podcast: int
) -> None:
    # The episode page names no date: the feed's date of the entry is the article's (not cached with the
    # page: reading the same page as a bare URL of no entry would not have it).
    code, out, _ = run(capsys, "read", str(podcast), "--json")
    assert code == 0 and json.loads(out)["published"] == "2026-11-02T07:00:00+00:00"
    code, out, _ = run(capsys, "read", str(podcast), "--plain")
    lines = out.splitlines()
    assert lines[3].startswith("2 November 2026, ")  # the reader's own clock, as every date shown
    # `read --plain` lists the enclosures without the TUI's keys (a pager has no `e` or `E`).
    assert "Enclosures" in lines and "plays" not in out and "E downloads" not in out


def test_a_number_past_the_entrys_enclosures_is_one_line_and_exit_2_when_listing_too(
    capsys: pytest.CaptureFixture[str], server: LoopbackServer, podcast: int
) -> None:
    wrong = f"newsreader: error: entry {podcast} has 1 enclosure(s), not 2\n"
    assert run(capsys, "enclosure", str(podcast), "2") == (2, "", wrong)
    assert run(capsys, "enclosure", str(podcast), "2", "--json") == (2, "", wrong)
    # N in range lists that one enclosure.
    code, out, err = run(capsys, "enclosure", str(podcast), "1", "--json")
    assert (code, err) == (0, "") and [x["url"] for x in json.loads(out)] == [server.url("/media/ep1.mp3")]
    code, out, _ = run(capsys, "enclosure", str(podcast), "1")
    assert (code, out.split()[0]) == (0, "1")


def test_download_resumes_with_range(
    capsys: pytest.CaptureFixture[str], server: LoopbackServer, podcast: int, home: Path
) -> None:
    server.routes["/media/ep1.mp3"] = ranged(AUDIO, cut_at=30_000)
    code, out, err = run(capsys, "enclosure", str(podcast), "--download")
    assert code == 1 and out == "" and len(err.splitlines()) == 1  # one line, nothing claimed as done
    (part,) = (home / "downloads").iterdir()
    assert part.name.endswith(".part") and part.stat().st_size == 30_000
    code, out, err = run(capsys, "enclosure", str(podcast), "--download", "--json")
    assert (code, err) == (0, "")
    done = json.loads(out)
    assert (done["resumed_from"], done["size"], done["fetched"]) == (30_000, len(AUDIO), True)
    saved = Path(done["path"])
    assert saved.parent == home / "downloads" and saved.name == f"{podcast}-1-ep1.mp3"
    assert saved.read_bytes() == AUDIO and not part.exists()
    assert server.seen("/media/ep1.mp3")[-1].headers["range"] == "bytes=30000-"
    # Already complete: nothing is fetched again.
    requests = len(server.seen("/media/ep1.mp3"))
    assert run(capsys, "enclosure", str(podcast), "--download")[1] == f"{saved}\n"
    assert len(server.seen("/media/ep1.mp3")) == requests


def test_download_respects_the_size_cap_and_bad_numbers(
    capsys: pytest.CaptureFixture[str], server: LoopbackServer, podcast: int, home: Path
) -> None:
    (home / "config.toml").write_text("[network]\nmax_download = 50000\n")
    server.routes["/media/ep1.mp3"] = ranged(AUDIO)
    code, _, err = run(capsys, "enclosure", str(podcast), "--download")
    assert code == 1 and "download cap" in err and not list((home / "downloads").iterdir())
    code, _, err = run(capsys, "enclosure", str(podcast), "2", "--download")
    assert code == 2 and "has 1 enclosure(s), not 2" in err
    assert run(capsys, "enclosure", "999")[0] == 2
    server.routes["/feed"] = Reply(_podcast(server).replace(b"<enclosure", b"<x"), conditional=False)
    assert run(capsys, "refresh")[0] == 0  # the enclosure is gone from the feed, and from the entry
    assert run(capsys, "enclosure", str(podcast)) == (
        0,
        "",
        f"newsreader: entry {podcast} has no enclosures\n",
    )
    assert run(capsys, "enclosure", str(podcast), "1") == (
        2,
        "",
        f"newsreader: error: entry {podcast} has no enclosures\n",
    )


def test_migration_keeps_existing_entries(tmp_path: Path) -> None:
    """A database made by the version before enclosures opens with its entries and state intact."""
    path = tmp_path / "old.db"
    db = sqlite3.connect(path, isolation_level=None)
    for statement in _statements(MIGRATIONS[0]):
        db.execute(statement)
    db.execute("PRAGMA user_version = 1")
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute("INSERT INTO feeds (url, added) VALUES ('https://old.example/rss', '2026-01-01')")
    db.execute(
        "INSERT INTO entries (feed_id, key, title, first_seen, sort_time, starred)"
        " VALUES (1, 'k', 'Old entry', '2026-01-01', '2026-01-01', 1)"
    )
    db.close()
    store = Store.open(path)
    (entry,) = store.headlines()
    assert (entry.title, entry.starred, entry.enclosures) == ("Old entry", True, [])
    store.close()
