"""CLI and config: unknown commands and flags, missing or wrong files, broken config: exit 2, one line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from newsreader.cli import main
from newsreader.config import load_config
from newsreader.errors import ConfigError
from tests.server import LoopbackServer, Reply


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    try:
        code = main(list(argv))
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, err


@pytest.mark.parametrize(
    "argv",
    [
        ["nonsense"],
        ["feeds", "--bogus"],
        ["--home"],
        ["refresh", "--jobs", "0"],
        ["refresh", "--jobs", "1e9"],
        ["headlines", "--limit", "ten"],
        ["headlines", "--limit", "99999999999999999999"],
        ["headlines", "--limit", "-1"],
        ["refresh", "--jobs", "99999999999999999999"],
        ["refresh", "--jobs", "100000"],
        ["read"],
        ["read", "https://x.example/", "--json", "--plain"],
        ["add"],
        ["import", "/definitely/missing.opml"],
        ["read", "/definitely/missing.html"],
        ["read", "a" * 300],  # too long a name for a file, and no web address
        ["read", "news.example/" + "a" * 300, "--base-url", "https://news.example/"],  # a file's name
        ["read", "nul\x00.example/story"],
        ["read", "/"],
        ["read", "file:///etc/passwd"],
        ["read", "x.html", "--base-url", "javascript:alert(1)"],
        ["export", "-o", "/definitely/missing/dir/out.opml"],
        ["refresh", "--feed", "https://not.subscribed.example/"],
    ],
)
def test_bad_arguments_exit_2_with_one_line(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, err = _run(capsys, *argv)
    assert code == 2, err
    assert err.count("\n") == 1 and err.startswith("newsreader: error: ") and "Traceback" not in err


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("[refresh]\njobs = \n", "line 2"),
        ("[refresh\n", "line 1"),
        ("[refresh]\njobs = 'many'\n", "jobs must be of type int"),
        ("[refresh]\njobs = -1\n", "must not be negative"),
        ("[network]\ndeadline = 0\n", "must be positive"),
        ("[refresh]\nprefetch = 99999999999999999999\n", "prefetch must be at most 10000"),
        ("[refresh]\njobs = 100000\n", "jobs must be at most 256"),
        ("[network]\ndeadline = 1e300\n", "deadline must be at most 86400"),
        ("[ui]\nimages = 'yes'\n", "must be of type bool"),
        ("[colours]\nx = 1\n", "unknown section [colours]"),
        ("[refresh]\nspeed = 1\n", "unknown key 'speed'"),
        ("[keymap]\ncursor-down = 3\n", "[keymap]"),
        ("\xff\xfe bad bytes", "not UTF-8"),
    ],
)
def test_broken_config_names_the_problem(tmp_path: Path, text: str, needle: str) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(text.encode("latin-1") if "\xff" in text else text.encode())
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert needle in str(info.value) and str(path) in str(info.value) and "\n" not in str(info.value)


def test_config_that_is_a_directory(tmp_path: Path) -> None:
    (tmp_path / "config.toml").mkdir()
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(tmp_path / "config.toml")


def test_no_traceback_from_the_real_entry_point(tmp_path: Path) -> None:
    home = tmp_path / "h"
    home.mkdir()
    (home / "config.toml").write_text("[refresh]\njobs = = 3\n")
    result = subprocess.run(
        [sys.executable, "-m", "newsreader", "--home", str(home), "feeds"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "line 2" in result.stderr and "Traceback" not in result.stderr


def test_keymap_with_unknown_binding_ids_exits_2(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text('[keymap]\ncursor-sideways = "x"\ndown = "j,down"\n')
    assert main([]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no binding has the id cursor-sideways" in err


def test_a_refresh_failure_is_one_line_however_long_the_url(
    capsys: pytest.CaptureFixture[str], server: LoopbackServer
) -> None:
    from tests.conftest import feed_bytes

    long = "/" + "x" * 150 + "/rss.xml"
    server.routes[long] = Reply(feed_bytes("rss2.xml"))
    main(["add", server.url(long)])
    server.routes[long] = Reply(b"", 404, conditional=False)
    capsys.readouterr()
    assert main(["refresh", "--quiet"]) == 1
    err = capsys.readouterr().err
    assert err == f"newsreader: {server.url(long)}: nothing is at that address (HTTP 404 Not Found)\n"


@pytest.mark.parametrize(
    "env",
    [
        {"LANG": "C", "LC_ALL": "C", "PYTHONUTF8": "0"},
        {"PYTHONIOENCODING": "ascii"},
        {"PYTHONIOENCODING": "latin-1"},
    ],
)
def test_any_terminal_encoding_prints_every_title(
    tmp_path: Path, server: LoopbackServer, env: dict[str, str]
) -> None:
    """ "café", "日本" and an emoji on a terminal that cannot show them: replaced, never a traceback."""
    server.routes["/feed"] = Reply(
        "<rss version='2.0'><channel><title>Caf\u00e9 \u65e5\u672c</title><item>"
        "<title>Caf\u00e9 \u65e5\u672c 👩\u200d💻</title><link>https://c.example/1</link></item></channel></rss>".encode()
    )
    base = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "PYTHONIO"))}
    run_env = base | {"NEWSREADER_HOME": str(tmp_path / "h")} | env

    def run(*argv: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            [sys.executable, "-m", "newsreader", *argv], capture_output=True, env=run_env, timeout=60
        )

    added = run("add", server.url("/feed"))
    assert added.returncode == 0 and b"Traceback" not in added.stderr, added.stderr
    listed = run("headlines")
    assert listed.returncode == 0 and b"Caf" in listed.stdout and b"Traceback" not in listed.stderr
    searched = run("search", "caf\u00e9", "--json")
    assert searched.returncode == 0, searched.stderr
    assert json.loads(searched.stdout)[0]["title"] == "Caf\u00e9 \u65e5\u672c 👩\u200d💻"
    assert run("feeds").returncode == 0
