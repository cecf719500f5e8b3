"""Help: the keys of the screen it was opened from, generated from that screen's active bindings.

Generated rather than written, so a remapped key (config `[keymap]`) shows as the user set it, and the
binding ids to remap are listed next to each action.
"""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from newsreader.ui.keyhints import bound_keys, key_of
from newsreader.ui.screens.article import ArticleScreen
from newsreader.ui.screens.base import TitleBar
from newsreader.ui.widgets.footer import FittedFooter


def extra_article_keys(screen: Screen[Any]) -> list[tuple[str, str]]:
    """What the article's keys do beyond their bindings' descriptions, naming the keys as bound now."""
    follow, browser = key_of(screen, "follow-link"), key_of(screen, "open-browser")
    find, close = key_of(screen, "find"), key_of(screen, "close", prefer="escape")
    return [
        (
            "1-9…",
            f"type a link number, then {follow} to follow it here or {browser} to open it in the browser",
        ),
        (
            f"{key_of(screen, 'next-unread')}, {key_of(screen, 'prev-match')}",
            f"after a find ({find}): the next and previous match; {close} ends the find",
        ),
    ]


def collect(screen: Screen[object]) -> tuple[list[tuple[str, Binding]], list[tuple[str, Binding]]]:
    """(this screen's bindings, app-wide bindings not shadowed by the screen's) as (keys, binding), for
    bindings with an id, the keys as bound now (`keyhints.bound_keys`)."""
    here, everywhere = bound_keys(screen)
    own = [(", ".join(names), binding) for names, binding in here.values()]
    rest = [(", ".join(names), binding) for i, (names, binding) in everywhere.items() if i not in here]
    return own, rest


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
        Binding("space,pagedown", "page('down')", "Page down", show=False),  # as in the article and a pager
        Binding("b,pageup", "page('up')", "Page up", show=False),
    ]

    def __init__(self, screen: Screen[object]) -> None:
        super().__init__()
        self.here, self.everywhere = collect(screen)
        self.extra = extra_article_keys(screen) if isinstance(screen, ArticleScreen) else []

    def compose(self) -> ComposeResult:
        yield TitleBar(id="title-bar")
        with VerticalScroll(id="help"):
            yield Static(bindings_table("On this screen", self.here), classes="help-table")
            if self.extra:
                extra = Table(box=None, show_header=False, expand=True, pad_edge=False)
                extra.add_column(style="bold cyan", min_width=14)
                extra.add_column(ratio=1)
                for keys, text in self.extra:
                    extra.add_row(Text(keys), Text(text))
                yield Static(extra, classes="help-table")
            yield Static(bindings_table("Everywhere", self.everywhere), classes="help-table")
            yield Static(
                Text('Remap keys in config.toml, e.g.\n[keymap]\ndown = "j,down,ctrl+n"'), classes="help-note"
            )
        yield FittedFooter()

    def on_mount(self) -> None:
        self.query_one(TitleBar).show("Help")

    def action_close(self) -> None:
        self.dismiss()

    def action_page(self, direction: str) -> None:
        view = self.query_one("#help", VerticalScroll)
        height = view.scrollable_content_region.height
        view.scroll_to(
            y=view.scroll_y + (height if direction == "down" else -height), animate=False, immediate=True
        )

    def action_scroll(self, direction: str) -> None:
        view = self.query_one("#help", VerticalScroll)
        # Immediate, as the article's scrolls: keys that arrive together each move a line.
        if direction == "down":
            view.scroll_down(animate=False, immediate=True)
        else:
            view.scroll_up(animate=False, immediate=True)
