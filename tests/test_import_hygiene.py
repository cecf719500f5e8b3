"""The core never imports Textual: each core module is imported in a fresh interpreter and checked."""

from __future__ import annotations

import subprocess
import sys

import pytest

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
