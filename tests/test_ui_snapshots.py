"""Snapshots of the key screens on fixed data (no server, frozen dates, no URLs or ports on screen).

Regenerate with `pytest tests/test_ui_snapshots.py --snapshot-update` after an intended visual change.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from newsreader.config import Config
from newsreader.ui.app import NewsreaderApp, create_app
from tests.test_ui_support import fixed_store, utc  # noqa: F401 (fixture)

SIZE = (100, 32)
SnapCompare = Callable[..., bool]


@pytest.fixture
def app(tmp_path: Path, utc: None) -> NewsreaderApp:  # noqa: F811
    return create_app(fixed_store(tmp_path / "db.sqlite"), Config(images=False))


async def _settle(pilot: Pilot[None]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_feeds_screen(snap_compare: SnapCompare, app: NewsreaderApp) -> None:
    assert snap_compare(app, terminal_size=SIZE, run_before=_settle)


def test_headlines_screen(snap_compare: SnapCompare, app: NewsreaderApp) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press("enter", "j")
        await _settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_article_screen(snap_compare: SnapCompare, app: NewsreaderApp) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press("j", "j", "j", "j", "j", "enter", "enter")
        await _settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_article_screen_scrolled_to_quotes(snap_compare: SnapCompare, app: NewsreaderApp) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press("j", "j", "j", "j", "j", "enter", "enter")
        await _settle(pilot)
        await pilot.press("space")
        await _settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_help_screen(snap_compare: SnapCompare, app: NewsreaderApp) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press("enter", "question_mark")
        await _settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


# Issue 10: every list and reader screen at 80×24 (the narrowest a reader should need) and at 120×40.
SIZES = [(80, 24), (120, 40)]
KEYS: dict[str, list[str]] = {
    "feeds": [],
    "feeds-folded": ["j", "j", "j", "space"],  # the News tag folded
    "headlines-all": ["enter"],
    "headlines-feed": ["j", "j", "enter"],  # one feed: no feed column
    "article": ["enter", "enter"],
    "article-find": ["enter", "enter", "slash", *"harbour", "enter", "n"],
    "links": ["enter", "enter", "L"],
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("screen", list(KEYS))
def test_daily_screens(
    snap_compare: SnapCompare, app: NewsreaderApp, screen: str, size: tuple[int, int]
) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await _settle(pilot)
        for key in KEYS[screen]:
            await pilot.press(key)
            await _settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_confirm_dialog(snap_compare: SnapCompare, app: NewsreaderApp, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await _settle(pilot)
        app.confirm("Mark 1,204 articles in all feeds read?", lambda: None)
        await _settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)
