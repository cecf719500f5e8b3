"""The private Textual APIs `newsreader.ui.textual_private` wraps still exist and still mean what it assumes.

If one of these fails after a Textual upgrade, fix `textual_private.py` (and only it), then move the upper
bound on `textual` in pyproject.
"""

from __future__ import annotations

import inspect
from typing import Any

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingsMap
from textual.screen import Screen
from textual.widgets import DataTable, Static

from newsreader.ui.textual_private import FixedRowsTable, keymapped_bindings, notifications, screen_lines

SIZE = (60, 12)


class Counting(FixedRowsTable[Text]):
    calls = 0

    def _update_dimensions(self, new_rows: Any) -> None:
        Counting.calls += 1
        super()._update_dimensions(new_rows)


class Probe(App[None]):
    BINDINGS = [Binding("x", "bell", "Ring", id="ring")]

    def compose(self) -> ComposeResult:
        yield Static("hello from the probe", id="hello")
        yield Counting(id="fixed", show_header=False)
        yield DataTable[Text](id="plain", show_header=False)

    def on_mount(self) -> None:
        for name in ("fixed", "plain"):
            table = self.query_one(f"#{name}", DataTable)
            table.add_column("", width=12, key="title")
            table.add_column("", width=4, key="n")
            for i in range(5):
                table.add_row(Text(f"{name} row {i} is long"), Text(str(i)), key=str(i))


def test_the_overridden_and_called_names_exist_with_the_assumed_shapes() -> None:
    assert list(inspect.signature(DataTable._update_dimensions).parameters) == ["self", "new_rows"]
    assert callable(DataTable._clear_caches)
    assert isinstance(inspect.getattr_static(DataTable, "_total_row_height"), property)
    assert isinstance(Screen()._bindings, BindingsMap) and isinstance(App()._keymap, dict)
    assert callable(BindingsMap.apply_keymap)


async def test_fixed_rows_table_is_measured_through_the_override_and_sizes_like_datatable() -> None:
    Counting.calls = 0
    app = Probe()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        fixed, plain = app.query_one("#fixed", DataTable), app.query_one("#plain", DataTable)
        assert Counting.calls > 0, "DataTable no longer calls _update_dimensions"
        assert fixed.virtual_size == plain.virtual_size


async def test_a_column_width_changed_in_place_shows_after_clearing_render_caches() -> None:
    app = Probe()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.query_one("#fixed", Counting)
        assert any("fixed row 0" in line for line in screen_lines(app))
        for column in table.columns.values():
            column.width = 3
        table.clear_render_caches()
        table.refresh()
        await pilot.pause()
        assert not any("fixed row 0" in line for line in screen_lines(app))


async def test_keymapped_bindings_notifications_and_screen_lines() -> None:
    app = Probe()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        chain = keymapped_bindings(app.screen)
        assert all(isinstance(bindings, BindingsMap) for _, bindings in chain)
        app_maps = [bindings for node, bindings in chain if node is app]
        assert app_maps and "x" in app_maps[0].key_to_bindings
        app.set_keymap({"ring": "y"})
        app_maps = [bindings for node, bindings in keymapped_bindings(app.screen) if node is app]
        assert "y" in app_maps[0].key_to_bindings and "x" not in app_maps[0].key_to_bindings
        app.notify("a note for the probe")
        await pilot.pause()
        assert [n.message for n in notifications(app)] == ["a note for the probe"]
        assert any("hello from the probe" in line for line in screen_lines(app))
