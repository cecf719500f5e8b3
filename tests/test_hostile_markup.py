"""Markup: no web text reaches a markup parser. A guard over the source, and the CLI's own outputs."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from newsreader.cli import main
from tests.conftest import feed_bytes
from tests.server import LoopbackServer, Reply

SRC = Path(__file__).resolve().parents[1] / "src" / "newsreader"
# Calls that parse Rich/Textual markup in their first argument unless told otherwise.
MARKUP_SINKS = {"Static", "Label", "notify", "update", "from_markup", "print", "log", "Button", "Markdown"}


def _is_dynamic(node: ast.expr) -> bool:
    """An f-string, a concatenation or a %/format() call: text that may carry web content."""
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(v, ast.FormattedValue) for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod):
        return True
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format"


def _offenders(tree: ast.AST, name: str) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        callee = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if callee not in MARKUP_SINKS or not _is_dynamic(node.args[0]):
            continue
        safe = any(
            kw.arg == "markup" and isinstance(kw.value, ast.Constant) and kw.value.value is False
            for kw in node.keywords
        )
        if not safe:
            found.append(f"{name}:{node.lineno}: {callee}(<dynamic string>) without markup=False")
    return found


def test_no_dynamic_string_reaches_a_markup_sink() -> None:
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        if path.name == "__main__.py":
            continue
        tree = ast.parse(path.read_text(), str(path))
        offenders += _offenders(tree, str(path.relative_to(SRC)))
    # print() of the builtin kind writes plain text to a pipe: allowed only in the CLI modules.
    offenders = [
        o
        for o in offenders
        if not (
            o.startswith(("cli_commands.py", "cli.py", "sync/cli_commands.py", "powercli.py"))
            and ": print(" in o
        )
    ]
    assert offenders == []


def test_the_guard_catches_an_fstring() -> None:
    tree = ast.parse('self.notify(f"failed: {title}")\nLabel(f"x{y}", markup=False)\nStatic("plain")')
    assert _offenders(tree, "x.py") == ["x.py:1: notify(<dynamic string>) without markup=False"]


MARKUP_FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>[bold]Feed[/bold]</title>
<link>https://m.example/</link><item><title>[ @click=app.quit]x [/] [link=file:///etc]y[/link]</title>
<link>https://m.example/a</link><guid>a</guid><description>[red]red?[/red]</description></item></channel></rss>"""


def test_cli_prints_markup_like_text_literally(
    capsys: pytest.CaptureFixture[str], server: LoopbackServer
) -> None:
    server.routes["/m"] = Reply(MARKUP_FEED)
    assert main(["add", server.url("/m")]) == 0
    capsys.readouterr()
    main(["headlines"])
    out = capsys.readouterr().out
    assert "[ @click=app.quit]x [/] [link=file:///etc]y[/link]" in out
    main(["feeds"])
    assert "[bold]Feed[/bold]" in capsys.readouterr().out


def test_refresh_errors_print_markup_literally(
    capsys: pytest.CaptureFixture[str], server: LoopbackServer
) -> None:
    server.routes["/ok"] = Reply(feed_bytes("rss2.xml"))
    main(["add", server.url("/ok")])
    server.routes["/ok"] = Reply(b"", 500, headers={}, conditional=False)
    capsys.readouterr()
    main(["refresh", "--quiet"])
    assert "HTTP 500 Internal Server Error" in capsys.readouterr().err
