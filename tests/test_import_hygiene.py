"""The core never imports Textual: each core module is imported in a fresh interpreter and checked."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import feed_bytes
from tests.server import LoopbackServer, Reply

CORE = [
    "newsreader.store",
    "newsreader.fetch",
    "newsreader.feeds",
    "newsreader.extract",
    "newsreader.articles",
    "newsreader.refresh",
    "newsreader.text",
    "newsreader.config",
    "newsreader.paths",
    "newsreader.models",
    "newsreader.layout",
    "newsreader.plain",
    "newsreader.cli_commands",
    "newsreader.cli",
    "newsreader.query",
    "newsreader.rules",
    "newsreader.queryfeeds",
    "newsreader.feedsettings",
    "newsreader.hooks",
    "newsreader.sitefetch",
    "newsreader.powercli",
    "newsreader.extract.siterules",
]


@pytest.mark.parametrize("module", CORE)
def test_core_module_does_not_import_textual(module: str) -> None:
    code = (
        f"import sys, {module}; "
        "print([m for m in sys.modules if m == 'textual' or m.startswith(('textual.', 'newsreader.ui'))])"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_commands_do_not_import_the_cli() -> None:
    """cli.py parses and dispatches to cli_commands.py; the other way round would be a cycle."""
    code = "import sys, newsreader.cli_commands; print('newsreader.cli' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_a_refresh_where_nothing_changed_imports_only_what_it_uses(
    home: Path, server: LoopbackServer
) -> None:
    """A refresh of feeds that answer 304 is mostly start-up: it parses nothing and draws no bar, so it
    imports neither the feed parser (nor lxml, feedparser), nor Rich, nor the extractor or the UI."""
    from newsreader.cli import main

    server.routes["/f"] = Reply(feed_bytes("rss2.xml"))
    assert main(["add", server.url("/f")]) == 0
    code = (
        "import sys; from newsreader.cli import main; code = main(['refresh']); "
        "heavy = ('rich', 'lxml', 'feedparser', 'textual', 'newsreader.feeds.parse', 'newsreader.extract'); "
        "print(code, sorted({m.split('.')[0] if m.startswith(heavy[:4]) else m "
        "for m in sys.modules if m.startswith(heavy)}))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "refreshed 1 feeds: 0 new entries, 0 updated, 1 unchanged, 0 skipped, 0 failed",
        "0 []",
    ]
    assert len(server.seen("/f")) == 2 and server.seen("/f")[-1].headers.get("if-none-match")  # a 304
