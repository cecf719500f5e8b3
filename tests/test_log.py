"""The log file under the home records each fetch decision and each extraction fallback; -v mirrors it."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from newsreader.cli import main
from newsreader.log import LOG_NAME, logging_to
from tests.conftest import feed_bytes
from tests.server import LoopbackServer, Reply


def _log(home: Path) -> str:
    return (home / LOG_NAME).read_text(encoding="utf-8")


def test_refresh_decisions_are_logged(
    home: Path, server: LoopbackServer, capsys: pytest.CaptureFixture[str]
) -> None:
    server.routes["/rss"] = Reply(feed_bytes("rss2.xml"))
    server.routes["/broken"] = Reply(feed_bytes("broken.xml"))
    server.routes["/busy"] = Reply(feed_bytes("atom.xml"))
    for path in ("/rss", "/broken", "/busy"):
        assert main(["add", server.url(path)]) == 0
    server.routes["/busy"] = Reply(b"", 429, headers={"Retry-After": "3600"}, conditional=False)
    assert main(["refresh", "--force"]) == 1  # 304 for /rss, 304 for /broken, 429 for /busy
    assert main(["refresh"]) == 0  # /busy is skipped: its server asked to wait
    capsys.readouterr()
    log = _log(home)
    assert (
        f"GET {server.url('/rss')}: HTTP 200 in " in log and f"GET {server.url('/rss')}: HTTP 304 in " in log
    )
    assert f"unchanged {server.url('/rss')}: 304" in log
    assert f"parse {server.url('/broken')}: feedparser" in log
    assert f"failed {server.url('/busy')}: HTTP 429" in log and "asked to wait until" in log
    assert f"skipped {server.url('/busy')}: the server asked to wait until" in log


def test_verbose_mirrors_the_log_to_stderr(
    home: Path, server: LoopbackServer, capsys: pytest.CaptureFixture[str]
) -> None:
    server.routes["/rss"] = Reply(feed_bytes("rss2.xml"))
    assert main(["add", server.url("/rss")]) == 0
    assert capsys.readouterr().err == ""  # quiet without -v ...
    assert main(["refresh", "-v"]) == 0
    err = capsys.readouterr().err
    assert f"unchanged {server.url('/rss')}: 304" in err  # ... and the same lines with it
    assert _log(home).endswith(err)


def test_extraction_fallback_is_logged(
    home: Path, server: LoopbackServer, capsys: pytest.CaptureFixture[str]
) -> None:
    server.routes["/gone"] = Reply(b"missing", 404, content_type="text/html", conditional=False)
    assert main(["read", server.url("/gone")]) == 1
    capsys.readouterr()
    assert f"page {server.url('/gone')} unusable (HTTP 404" in _log(home)


def test_log_lines_are_sanitised(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Log arguments can be web text (reasons, titles): no escape sequence reaches the terminal or file."""
    with logging_to(tmp_path, verbose=True):
        logging.getLogger("newsreader.test").warning("reason: %s", "\x1b[31mred\x1b]0;title\x07 text")
    err = capsys.readouterr().err
    assert err.endswith(" WARNING newsreader.test: reason: red text\n")
    assert "\x1b" not in err and "\x1b" not in _log(tmp_path)


def test_a_failed_request_is_logged_with_its_reason(
    home: Path, server: LoopbackServer, capsys: pytest.CaptureFixture[str]
) -> None:
    """`add` of a missing feed or of a server that never answers: the log says which request failed and
    why (it had no line at all, so a user reading the log after a failed add found nothing)."""
    from tests.server import hang

    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text("[network]\ndeadline = 1.0\nread_timeout = 1.0\n")
    server.routes["/missing.xml"] = Reply(b"no", 404, conditional=False)
    server.routes["/hang.xml"] = hang(server)
    assert main(["add", server.url("/missing.xml")]) == 1
    assert main(["add", server.url("/hang.xml")]) == 1
    capsys.readouterr()
    log = _log(home)
    assert f"GET {server.url('/missing.xml')}: HTTP 404" in log
    assert f"GET {server.url('/hang.xml')}: failed: " in log


def test_each_line_is_cleaned_once_and_rotation_still_counts_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rotating handler formats a record twice (once to measure it): the cleaning is done once per
    line (it was a tenth of the CPU of a refresh where nothing changed), and the size cap still holds."""
    import newsreader.log as nlog
    from newsreader.layout import display_line as clean

    calls: list[str] = []

    def counting(text: str, limit: int) -> str:
        calls.append(text)
        return clean(text, limit)

    monkeypatch.setattr(nlog, "display_line", counting)
    monkeypatch.setattr(nlog, "MAX_BYTES", 2000)
    with logging_to(tmp_path):
        for i in range(40):
            logging.getLogger("newsreader.refresh").info("unchanged http://example.test/%d\x1b[31m: 304", i)
    assert len(calls) == 40
    lines = [line for path in tmp_path.glob(f"{LOG_NAME}*") for line in path.read_text().splitlines()]
    assert len(lines) == 40 and all(line.endswith(": 304") and "\x1b" not in line for line in lines)
    assert 2 <= len(list(tmp_path.glob(f"{LOG_NAME}*"))) <= 4
    assert all(p.stat().st_size <= 2000 for p in tmp_path.glob(f"{LOG_NAME}*"))


def test_the_size_of_a_log_already_there_counts_towards_rotation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The handler counts the size as it writes instead of asking the file each time: it starts from the
    size the file already has (an earlier run's lines), so the cap holds across runs."""
    import newsreader.log as nlog

    monkeypatch.setattr(nlog, "MAX_BYTES", 2000)
    (tmp_path / LOG_NAME).write_text("x" * 1990 + "\n")
    with logging_to(tmp_path):
        logging.getLogger("newsreader.refresh").info("unchanged http://example.test/: 304")
    assert (tmp_path / f"{LOG_NAME}.1").read_text() == "x" * 1990 + "\n"
    assert (tmp_path / LOG_NAME).read_text().endswith("unchanged http://example.test/: 304\n")
