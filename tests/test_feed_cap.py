"""No silent cap: entries past `[refresh] max_items` are cut in document order and the cut is reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsreader.cli import main
from tests.server import LoopbackServer, Reply


def _feed(count: int) -> bytes:
    items = "".join(f"<item><guid>g{i}</guid><title>Item {i}</title></item>" for i in range(count))
    return f'<rss version="2.0"><channel><title>Many</title>{items}</channel></rss>'.encode()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cut_is_reported_and_configurable(
    capsys: pytest.CaptureFixture[str], server: LoopbackServer, home: Path
) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text("[refresh]\nmax_items = 3\n")
    server.routes["/rss"] = Reply(_feed(5), conditional=False)
    code, out, err = run(capsys, "add", server.url("/rss"))
    assert code == 0 and "3 entries" in out
    note = "kept the first 3 of 5 entries (refresh.max_items in config.toml; 0 keeps all)"
    assert err == f"newsreader: {server.url('/rss')}: {note}\n"
    server.routes["/rss"] = Reply(_feed(6), conditional=False)
    code, out, err = run(capsys, "refresh")
    assert code == 0 and "kept the first 3 of 6 entries" in err and "0 failed" in out
    (home / "config.toml").write_text("[refresh]\nmax_items = 0\n")
    code, out, err = run(capsys, "refresh")  # the same bytes: parsed again, as they were cut before
    assert (code, err) == (0, "")
    assert len(json.loads(run(capsys, "headlines", "--json")[1])) == 6
