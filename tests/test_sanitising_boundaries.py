"""Untrusted text is cleaned at two boundaries only: ingest and display (docs/DESIGN.md, "Sanitising").

A source scan keeps the sanitisers' callers to the boundary modules; a feed and a page full of hostile text
(escape sequences, an OSC 52 clipboard write, C1 controls, bidi overrides, zero-width and soft hyphens,
markup-looking brackets) go through the real path (loopback server, refresh, store, extraction) into the CLI
and the TUI, and none of it reaches what either shows, while the brackets stay literal text. Then the same
text is written straight into the database (a file another program wrote), past the ingest boundary: the
display boundary alone must keep it off the screen.
"""

from __future__ import annotations

import ast
import json
import sqlite3
from pathlib import Path

import pytest

from newsreader.cli import main
from newsreader.config import Config
from newsreader.refresh import subscribe
from newsreader.store import Store
from newsreader.ui.app import create_app
from newsreader.ui.screens.article import ArticleScreen
from newsreader.ui.screens.headlines import HeadlinesScreen
from newsreader.ui.textual_private import notifications
from tests.conftest import is_clean
from tests.server import LoopbackServer, Reply
from tests.test_ui_support import screen_text

SRC = Path(__file__).resolve().parents[1] / "src" / "newsreader"
SANITISERS = {"clean_line", "clean_text", "clean_pre", "strip_controls"}
# The modules that may call them, and why each is a boundary.
ALLOWED = {
    "text.py": "where they are defined",
    "feeds/": "ingest: feed parsing",
    "extract/": "ingest: the extractor's output",
    "store/": "ingest: the store's writes of web text",
    "errors.py": "ingest: an error's message, which quotes servers, pages and the user",
    "queryfeeds.py": "ingest: a query feed's name from the user's config or command, checked as it enters",
    "layout.py": "display: the article layout and display_line/display_url, which every front end uses",
}

MARKUP = "[bold]Markup[/bold] [@click=app.quit]Quit[/]"
PAYLOAD = "cGF5bG9hZA=="  # the OSC 52 clipboard payload: the whole sequence must go, not only its ESC
# (A C1 control in a feed's text is read as the Windows-1252 character it stands for there: "›".)
HOSTILE = (
    "C1\x9b2J Esc\x1b[31mRed\x1b[0m \x1b]52;c;" + PAYLOAD + "\x07Clip \u202eevil\u202c "
    "Zero\u200bWidth Soft\u00adHyphen " + MARKUP
)
SEEN = "EscRed Clip evil ZeroWidth SoftHyphen "  # what is left of HOSTILE's text just ahead of MARKUP


def _calls(tree: ast.AST) -> list[int]:
    """Lines where a sanitiser is called (by name or as an attribute)."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in SANITISERS:
                lines.append(node.lineno)
    return lines


def test_only_the_boundaries_call_the_sanitisers() -> None:
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        name = path.relative_to(SRC).as_posix()
        if name in ALLOWED or name.startswith(tuple(p for p in ALLOWED if p.endswith("/"))):
            continue
        offenders += [f"{name}:{line}" for line in _calls(ast.parse(path.read_text(), name))]
    assert offenders == [], "clean text at a boundary (ingest or layout.display_line), not here"


def test_the_scan_finds_a_call() -> None:
    tree = ast.parse("from newsreader import text\nx = text.clean_line(y)\nz = clean_pre(w)\n")
    assert _calls(tree) == [2, 3]


def test_ui_has_no_sanitiser_of_its_own() -> None:
    """The issue's "done when": the screens pass raw text to the display helpers."""
    hits = [p for p in (SRC / "ui").rglob("*.py") if "clean_line" in p.read_text()]
    assert hits == []


def _no_hostile(text: str, *, exact: bool = False) -> None:
    """Nothing of HOSTILE's controls in `text`; `exact`: a JSON document, whose values are what is stored
    (hostile characters there only as `\\u` escapes, so nothing raw reaches the terminal)."""
    assert is_clean(text), [c for c in text if not is_clean(c)]
    if not exact:
        assert PAYLOAD not in text and "\\u001b" not in text and "\\u202e" not in text


def _serve(server: LoopbackServer) -> str:
    page = (
        f"<html><head><title>{HOSTILE}</title></head><body><article>"
        f"<h1>{HOSTILE}</h1><p class='byline'>By {HOSTILE}</p>"
        + "".join(
            f"<p>Paragraph {i}: {HOSTILE} and <a href='/next{i}'>{HOSTILE}</a> in the middle of the story,"
            " with enough words around it that the extractor takes it for the body of the article.</p>"
            for i in range(6)
        )
        + "</article></body></html>"
    )
    server.routes["/page"] = Reply(page.encode(), content_type="text/html; charset=utf-8")
    item = {
        "id": "1",
        "url": server.url("/page"),
        "title": HOSTILE,
        "summary": HOSTILE,
        "authors": [{"name": HOSTILE}],
        "date_published": "2026-03-01T10:00:00Z",
        "attachments": [{"url": server.url("/ep.mp3"), "mime_type": "audio/mpeg\u202e\x1b[2J"}],
    }
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": HOSTILE, "items": [item]}
    server.routes["/feed.json"] = Reply(json.dumps(feed).encode(), content_type="application/feed+json")
    return server.url("/feed.json")


def _poison(db: Path) -> None:
    """Hostile text in every stored field a list shows, as no ingest of ours would have written it."""
    with sqlite3.connect(db) as conn:
        conn.execute(
            "UPDATE feeds SET title = ?, last_error = ?, tags = ?", (HOSTILE, HOSTILE, json.dumps([HOSTILE]))
        )
        conn.execute("UPDATE entries SET title = ?, author = ?, summary = ?", (HOSTILE, HOSTILE, HOSTILE))
    conn.close()


@pytest.mark.parametrize("poisoned", [False, True], ids=["ingested", "written-past-ingest"])
def test_the_cli_shows_no_hostile_text(
    capsys: pytest.CaptureFixture[str], server: LoopbackServer, home: Path, poisoned: bool
) -> None:
    url = _serve(server)
    assert main(["add", url]) == 0
    _no_hostile("".join(capsys.readouterr()))
    if poisoned:
        _poison(home / "newsreader.db")
    runs = [
        ["feeds"],
        ["headlines"],
        ["headlines", "--json"],
        ["headlines", "--format", "{id} {feed} {title} {author} {summary} {link}"],
        ["search", "Markup"],
        ["read", "1"],
        ["read", "1", "--json"],
        ["enclosure", "1"],
        ["mark", "1"],
    ]
    for argv in runs:
        code = main(argv)
        out, err = capsys.readouterr()
        assert code == 0, (argv, err)
        _no_hostile(out + err, exact=poisoned and "--json" in argv)
        if "--json" in argv:
            assert json.loads(out)
        if argv in (["feeds"], ["headlines"], ["mark", "1"]):
            assert SEEN + MARKUP in out, argv  # the brackets are text, shown as they were written
    main(["read", "1"])
    assert MARKUP in capsys.readouterr().out


@pytest.mark.parametrize("poisoned", [False, True], ids=["ingested", "written-past-ingest"])
async def test_the_tui_shows_no_hostile_text(tmp_path: Path, server: LoopbackServer, poisoned: bool) -> None:
    url = _serve(server)
    store = Store.open(tmp_path / "db.sqlite")
    config = Config(images=False)
    await subscribe(store, config, url)
    if poisoned:
        _poison(tmp_path / "db.sqlite")
    app = create_app(store, config)
    async with app.run_test(size=(160, 40)) as pilot:
        shown: list[str] = []

        async def look() -> None:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            shown.append(screen_text(app))
            shown.append(app.status.text if app.status else "")

        await look()  # the feeds list: the feed's name and its tag in cells
        await pilot.press("j", "j", "j", "j")  # onto the feed's row: its name or its error in the status line
        await look()
        await pilot.press("enter")  # its headlines: the title in the breadcrumb and in a cell
        await look()
        assert isinstance(app.screen, HeadlinesScreen)
        await pilot.press("s")  # starred: "Starred “<title>”" in the status line
        await look()
        await pilot.press("enter")  # the article, fetched and extracted
        await look()
        assert isinstance(app.screen, ArticleScreen) and app.screen.article is not None
        await pilot.press("tab")  # the first link: its title and URL in the status line
        await look()
        await pilot.press("L")  # the links list
        await look()
        shown += [n.message + n.title for n in notifications(app)]
    text = "\n".join(shown)
    _no_hostile(text)
    assert MARKUP in text and "Paragraph 5" in text
    assert app.return_code in (None, 0)


async def test_a_toast_shows_its_text_as_written_not_as_markup(tmp_path: Path) -> None:
    """The app's `notify` is a display boundary: a message holding markup-looking brackets (a feed's name,
    a server's error) is shown literally, also when it comes from a screen (Textual's `Widget.notify` passes
    its own default, markup=True)."""
    app = create_app(Store.open(tmp_path / "db.sqlite"), Config(images=False))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.notify("Fetched [b]Skerry[/b] [link=https://win.example]news[/link]", title="[i]Keepers[/i]")
        app.screen.notify("Renamed to [@click=app.quit]x[/]")
        await pilot.pause()
        # Textual's toast parses its text as markup exactly when the notification says so.
        assert [(n.message, n.title, n.markup) for n in notifications(app)] == [
            ("Fetched [b]Skerry[/b] [link=https://win.example]news[/link]", "[i]Keepers[/i]", False),
            ("Renamed to [@click=app.quit]x[/]", "", False),
        ]
