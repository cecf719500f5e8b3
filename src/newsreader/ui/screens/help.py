"""Help: the keys of the screen it was opened from, generated from that screen's active bindings.

Generated rather than written, so a remapped key (config `[keymap]`) shows as the user set it, and the
binding ids to remap are listed next to each action.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from newsreader.ui.screens.article import ArticleScreen
from newsreader.ui.screens.base import TitleBar
from newsreader.ui.textual_private import binding_chain

EXTRA_ARTICLE_KEYS = [
    ("1-9…", "type a link number, then enter to follow it here or o to open it in the browser"),
    ("n, N", "after a find (/): the next and previous match; escape ends the find"),
]


def collect(screen: Screen[object]) -> tuple[list[tuple[str, Binding]], list[tuple[str, Binding]]]:
    """(this screen's bindings, app-wide bindings) as (keys, binding), for bindings with an id.

    Reads the screen's and the app's own binding maps (with the user keymap applied), not
    `active_bindings`, which lets the focused widget shadow a key (e.g. `down` in a scroll view).
    """
    app = screen.app
    keys: tuple[dict[str, list[str]], dict[str, list[str]]] = ({}, {})
    found: tuple[dict[str, Binding], dict[str, Binding]] = ({}, {})
    for node, bindings_map in binding_chain(screen):  # the keymap-applied maps
        if node is not screen and node is not app:
            continue
        group = 1 if node is app else 0
        for key, key_bindings in bindings_map.key_to_bindings.items():
            for binding in key_bindings:
                if binding.id and not binding.system:
                    keys[group].setdefault(binding.id, []).append(app.get_key_display(binding.with_key(key)))
                    found[group].setdefault(binding.id, binding)
    here = [(", ".join(dict.fromkeys(k)), found[0][i]) for i, k in keys[0].items()]
    everywhere = [(", ".join(dict.fromkeys(k)), found[1][i]) for i, k in keys[1].items() if i not in keys[0]]
    return here, everywhere


def bindings_table(title: str, rows: list[tuple[str, Binding]]) -> Table:
    table = Table(
        title=title, title_justify="left", title_style="bold", box=None, expand=True, pad_edge=False
    )
    table.add_column("keys", style="bold cyan", no_wrap=True, min_width=14)
    table.add_column("action", ratio=1)
    table.add_column(Text("id (for [keymap])"), style="dim", no_wrap=True)
    for keys, binding in rows:
        table.add_row(Text(keys), Text(binding.description), Text(binding.id or ""))
    return table


class HelpScreen(Screen[None]):
    BINDINGS = [
        Binding("q,escape,question_mark", "close", "Close", id="close-help"),
        Binding("j,down", "scroll('down')", "Down", show=False),
        Binding("k,up", "scroll('up')", "Up", show=False),
    ]

    def __init__(self, screen: Screen[object]) -> None:
        super().__init__()
        self.here, self.everywhere = collect(screen)
        self.article = isinstance(screen, ArticleScreen)

    def compose(self) -> ComposeResult:
        yield TitleBar(id="title-bar")
        with VerticalScroll(id="help"):
            yield Static(bindings_table("On this screen", self.here), classes="help-table")
            if self.article:
                extra = Table(box=None, show_header=False, expand=True, pad_edge=False)
                extra.add_column(style="bold cyan", min_width=14)
                extra.add_column(ratio=1)
                for keys, text in EXTRA_ARTICLE_KEYS:
                    extra.add_row(keys, text)
                yield Static(extra, classes="help-table")
            yield Static(bindings_table("Everywhere", self.everywhere), classes="help-table")
            yield Static(
                Text('Remap keys in config.toml, e.g.\n[keymap]\ndown = "j,down,ctrl+n"'), classes="help-note"
            )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(TitleBar).show("Help")

    def action_close(self) -> None:
        self.dismiss()

    def action_scroll(self, direction: str) -> None:
        view = self.query_one("#help", VerticalScroll)
        view.scroll_down(animate=False) if direction == "down" else view.scroll_up(animate=False)
