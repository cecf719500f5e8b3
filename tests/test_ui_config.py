"""Config and terminal (issue 10): every config problem at once, the config path in messages, a key bound
twice, NO_COLOR, and the TUI refusing a non-terminal in one line."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.filter import Monochrome, NoColor

from newsreader.config import Config, load_config
from newsreader.errors import ConfigError
from newsreader.ui.app import create_app
from newsreader.ui.keys import keymap_clashes
from newsreader.ui.screens.headlines import HeadlinesScreen
from newsreader.ui.textual_private import line_filters, notifications
from newsreader.ui.widgets.table import ListTable
from tests.test_ui import make_app, settle
from tests.test_ui_support import fixed_store


def test_every_config_problem_is_reported_at_once(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[ui]\nimages = 3\ncolour = 'red'\n[refresh]\njobs = -1\n[sound]\nx = 1\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = caught.value.message
    assert message.startswith(f"{path}: ")
    for problem in (
        "[ui] images must be of type bool",
        "[ui] unknown key 'colour'",
        "jobs must not be negative",
    ):
        assert problem in message
    assert "unknown section [sound]" in message and "\n" not in message
    assert load_config(tmp_path / "absent.toml").path == tmp_path / "absent.toml"


def test_a_key_bound_twice_on_one_screen_is_found() -> None:
    assert keymap_clashes({}) == []
    assert keymap_clashes({"down": "x"}) == []
    assert keymap_clashes({"search": "slash,ctrl+f"}) == []  # `/` finding in the article is by design
    clashes = keymap_clashes({"star": "m"})
    assert "'m' is both star and toggle-read on the headlines screen" in clashes


async def test_the_app_warns_of_a_key_bound_twice_naming_the_config_file(tmp_path: Path) -> None:
    config = Config(images=False, keymap={"star": "m"}, path=tmp_path / "config.toml")
    app = create_app(fixed_store(tmp_path / "db.sqlite"), config)
    async with app.run_test() as pilot:
        await settle(pilot)
        warnings = [n.message for n in notifications(app) if n.severity == "warning"]
        assert warnings and warnings[0].startswith(f"{tmp_path / 'config.toml'} [keymap]: 'm' is both star")


async def test_named_keys_in_the_keymap_work_in_any_case(tmp_path: Path) -> None:
    """`help = "F1"` (as a manual writes it) bound nothing while the footer said "F1 Help"."""
    keymap = {"help": "F1", "star": "Ctrl+T,X"}
    app = create_app(fixed_store(tmp_path / "db.sqlite"), Config(images=False, keymap=keymap))
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        headlines = app.screen
        assert isinstance(headlines, HeadlinesScreen)
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert headlines.entries[0].starred
        await pilot.press("x")  # a single character keeps its case: `X` is shift+x, not x
        await settle(pilot)
        assert headlines.entries[0].starred
        await pilot.press("f1")
        await settle(pilot)
        assert type(app.screen).__name__ == "HelpScreen"


async def test_no_browser_message_names_the_config_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import webbrowser

    def no_browser(using: str | None = None) -> webbrowser.BaseBrowser:
        raise webbrowser.Error("could not locate runnable browser")

    monkeypatch.setattr(webbrowser, "get", no_browser)
    config = Config(images=False, path=tmp_path / "config.toml")
    app = create_app(fixed_store(tmp_path / "db.sqlite"), config)
    async with app.run_test() as pilot:
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("o")
        assert app.status is not None and str(tmp_path / "config.toml") in app.status.text


async def test_no_color_drops_colour_instead_of_greying_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(fixed_store(tmp_path / "db.sqlite"))
    async with app.run_test() as pilot:
        await settle(pilot)
        filters = line_filters(app)
        assert any(isinstance(f, NoColor) for f in filters)
        assert not any(isinstance(f, Monochrome) for f in filters)
        cursor = app.screen.query_one(ListTable).get_component_styles("datatable--cursor")
        assert "reverse" in str(cursor.text_style)  # the cursor row still shows, without colour


def test_the_tui_refuses_a_non_terminal_in_one_line(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from newsreader.ui.run import run_tui

    assert run_tui(None) == 2  # pytest's stdout is not a terminal
    err = capsys.readouterr().err
    assert err.startswith("newsreader: error: the TUI needs a terminal") and err.count("\n") == 1
