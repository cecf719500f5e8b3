"""The CLI contract (DESIGN.md): commands, exit codes, one-line errors, JSON on stdout only."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from newsreader.cli import main
from tests.conftest import FEEDS, feed_bytes
from tests.server import LoopbackServer, Reply


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_add_refresh_headlines_search(capsys: pytest.CaptureFixture[str], server: LoopbackServer) -> None:
    server.routes["/rss"] = Reply(feed_bytes("rss2.xml"))
    server.routes["/atom"] = Reply(feed_bytes("atom.xml"))
    assert run(capsys, "add", server.url("/rss"), "--tag", "news")[0] == 0
    code, out, _ = run(capsys, "add", server.url("/atom"), "--title", "My Science")
    assert code == 0 and "My Science" in out and "2 entries" in out
    code, out, err = run(capsys, "refresh")
    assert (code, err) == (0, "")
    assert out == "refreshed 2 feeds: 0 new entries, 0 updated, 2 unchanged, 0 skipped, 0 failed\n"
    code, out, _ = run(capsys, "headlines", "--json", "--limit", "4")
    entries = json.loads(out)
    assert [e["title"] for e in entries] == [
        "Bad link is dropped",  # no date: sorted by when it was first seen, i.e. now
        "Kelp forests recover",
        "Ferry service resumes after storm",
        "Relative link story",
    ]
    assert entries[1]["feed"] == "My Science" and entries[1]["published"] == "2026-11-03T13:15:00+00:00"
    code, out, _ = run(capsys, "search", "kelp", "--json")
    assert [e["title"] for e in json.loads(out)] == ["Kelp forests recover"]
    code, out, _ = run(capsys, "feeds", "--json")
    assert {f["title"]: f["tags"] for f in json.loads(out)} == {
        "Harbour & Hills News": ["news"],
        "My Science": [],
    }
    code, out, _ = run(capsys, "headlines", "--feed", server.url("/rss"), "--unread")
    assert code == 0 and len(out.splitlines()) == 3


def test_refresh_failure_exit_1_names_the_feed(
    capsys: pytest.CaptureFixture[str], server: LoopbackServer
) -> None:
    server.routes["/rss"] = Reply(feed_bytes("rss2.xml"))
    run(capsys, "add", server.url("/rss"))
    server.routes["/rss"] = Reply(b"gone", 410, conditional=False)
    code, out, err = run(capsys, "refresh", "--quiet")
    assert code == 1
    assert err == f"newsreader: {server.url('/rss')}: nothing is at that address (HTTP 410 Gone)\n"
    assert out == ""  # quiet means quiet: the failure is on stderr and in the exit status


def test_import_export_round_trip(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "import", str(FEEDS / "subs.opml"))
    assert code == 1  # one outline skipped: a file: URL
    assert (
        out.startswith("Imported 3 new feeds from ") and "(1 skipped)" in out and "file:///etc/passwd" in err
    )
    code, out, _ = run(capsys, "import", str(FEEDS / "subs.opml"))  # again: nothing new, and it says so
    assert out.startswith("All 3 feeds in ") and out.rstrip().endswith(
        "are already subscribed: nothing new (1 skipped)"
    )
    code, out, _ = run(capsys, "feeds", "--json")
    before = {f["url"]: (f["title"], f["tags"]) for f in json.loads(out)}
    assert before["https://news.example/rss.xml"] == ("Harbour & Hills", ["Local", "News"])
    assert before["https://science.example/feed.atom"] == ("Science", ["News", "science", "weekly"])
    assert before["https://json.example/feed.json"] == ("Untagged", [])
    exported = tmp_path / "out.opml"
    assert run(capsys, "export", "-o", str(exported))[0] == 0
    other = tmp_path / "other-home"
    assert run(capsys, "--home", str(other), "import", str(exported))[0] == 0
    code, out, _ = run(capsys, "--home", str(other), "feeds", "--json")
    assert {f["url"]: (f["title"], f["tags"]) for f in json.loads(out)} == before


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["frobnicate"], "invalid choice"),
        (["headlines", "--limit", "-3"], "expected a positive whole number"),
        (["refresh", "--jobs", "many"], "expected a positive whole number"),
        (["add", "ftp://x.example/feed"], "not an http(s) URL"),
        (["import", "/nonexistent/file.opml"], "No such file or directory"),
        (["import", "/"], "is a directory"),
        (["remove", "https://x.example/never"], "not subscribed"),
        (["headlines", "--feed", "https://x.example/never"], "not subscribed"),
        (["read", "javascript:alert(1)"], "not an http(s) URL"),
        (["search", "   "], "empty search"),
        # An option the command does not take points at that command's --help, not the top level's.
        (["mark", "1", "--json"], "unrecognized arguments: --json (see: newsreader mark --help)"),
        (["rules", "list", "--x"], "unrecognized arguments: --x (see: newsreader rules list --help)"),
        (["--bogus"], "unrecognized arguments: --bogus (see: newsreader --help)"),
    ],
)
def test_usage_errors_exit_2_with_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and message in err and "Traceback" not in err


def test_bad_opml_and_bad_config(capsys: pytest.CaptureFixture[str], tmp_path: Path, home: Path) -> None:
    bad = tmp_path / "bad.opml"
    bad.write_text("<opml><body><outline")
    code, _, err = run(capsys, "import", str(bad))
    assert code == 2 and "not valid OPML" in err
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text("[refresh]\njobs = 4\njobs = = 5\n")
    code, _, err = run(capsys, "feeds")
    assert code == 2 and "config.toml" in err and "line 3" in err


def test_add_of_unreachable_url(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "add", "http://127.0.0.1:9/feed")
    assert code == 1 and "cannot connect" in err
    assert json.loads(run(capsys, "feeds", "--json")[1]) == []


def test_python_dash_m_works(home: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "newsreader", "feeds", "--json"], capture_output=True, text=True, timeout=60
    )
    assert (result.returncode, result.stdout.strip()) == (0, "[]")


def test_search_takes_a_limit_like_headlines(
    capsys: pytest.CaptureFixture[str], server: LoopbackServer
) -> None:
    """150 matches: the default shows the newest 100 (as its help says), `--limit` shows more; it used to
    stop at 100 with no way to get the rest."""
    items = "".join(
        f"<item><title>Zebra {i}</title><link>http://example.com/zebra-story-{i}</link><guid>z{i}</guid>"
        f"<description>zebra crossing</description></item>"
        for i in range(150)
    )
    server.routes["/z"] = Reply(
        f'<rss version="2.0"><channel><title>Z</title>{items}</channel></rss>'.encode()
    )
    assert run(capsys, "add", server.url("/z"))[0] == 0
    code, out, _ = run(capsys, "search", "zebra", "--format", "{title}")
    assert code == 0 and len(out.splitlines()) == 100
    code, out, _ = run(capsys, "search", "zebra", "--limit", "200", "--format", "{title}")
    assert code == 0 and len(set(out.splitlines())) == 150
    code, _, err = run(capsys, "search", "zebra", "--limit", "0")
    assert code == 2 and "--limit" in err
    assert "default 100" in run(capsys, "search", "--help")[1]


def test_refresh_on_a_terminal_draws_a_bar_and_still_names_each_failure_once(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, server: LoopbackServer
) -> None:
    """Where a bar can be drawn (a terminal; FORCE_COLOR makes Rich treat the capture as one) the failures
    are printed above it, one line each, and the summary still goes to stdout."""
    server.routes["/ok"] = Reply(feed_bytes("rss2.xml"))
    assert main(["add", server.url("/ok")]) == 0
    server.routes["/ok"] = Reply(b"", 500, conditional=False)
    capsys.readouterr()
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert main(["refresh"]) == 1
    out, err = capsys.readouterr()
    assert out == "refreshed 1 feeds: 0 new entries, 0 updated, 0 unchanged, 0 skipped, 1 failed\n"
    assert err.count(f"newsreader: {server.url('/ok')}: ") == 1 and "refreshing" in err
