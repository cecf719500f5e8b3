"""The links view (`L` in the article, Newsboat's URL view): every numbered link with its full URL.

`enter` follows the chosen link inside the reader, `o` opens it in the browser, `y` copies its URL. The
URLs are shown exactly as they will be fetched (literal text, wrapped, never cut; ⚠ and the real host for
userinfo and international names), so the reader sees where a link goes before following it.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from newsreader.layout import SECTION_TITLES, LinkRef, display_url
from newsreader.ui.screens.base import TitleBar
from newsreader.ui.widgets.footer import FittedFooter
from newsreader.urls import MAX_URL_LEN

URL_INDENT = 4
# (what to do, link number): "follow" in the reader or "open" in the browser.
LinkChoice = tuple[str, int]


def link_prompt(link: LinkRef) -> Group:
    """`[3] Title  (Read next)` then the full URL on the next lines, each wrapped line indented under the
    title (web text stays literal)."""
    title = Text(link.title, "bold")
    if link.section in SECTION_TITLES:
        title.append(f"  ({SECTION_TITLES[link.section]})", "dim")
    head = Table.grid()  # the number apart, so a long title's wrapped lines stay under its first word
    head.add_column(no_wrap=True)
    head.add_column(ratio=1)
    head.add_row(Text(f"[{link.number}] ", "bold cyan"), title)
    url = Text(display_url(link.url, max_len=MAX_URL_LEN), "underline")  # as fetched, ⚠ if misleading
    return Group(head, Padding(url, (0, 0, 0, URL_INDENT)))


class LinksScreen(Screen[LinkChoice | None]):
    BINDINGS = [
        Binding("question_mark", "app.help", "Help", id="help"),
        Binding("enter,l", "choose('follow')", "Follow", id="follow-link"),
        Binding("o", "choose('open')", "Browser", id="open-browser"),
        Binding("y", "copy", "Copy URL", id="copy-url"),
        Binding("q,escape,L,h", "close", "Back", id="close"),
        Binding("j", "move(1)", "Down", id="down", show=False),
        Binding("k", "move(-1)", "Up", id="up", show=False),
    ]

    def __init__(self, links: Sequence[LinkRef], title: str) -> None:
        super().__init__()
        self.links = list(links)
        self.title_text = title

    def compose(self) -> ComposeResult:
        yield TitleBar(id="title-bar")
        yield OptionList(*(Option(link_prompt(link), id=str(link.number)) for link in self.links), id="links")
        yield FittedFooter()

    def on_mount(self) -> None:
        self.query_one(TitleBar).show(self.title_text, f"{len(self.links)} links")
        self.query_one(OptionList).focus()

    def _current(self) -> LinkRef | None:
        index = self.query_one(OptionList).highlighted
        return self.links[index] if index is not None and 0 <= index < len(self.links) else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_choose("follow")

    def action_choose(self, what: str) -> None:
        if (link := self._current()) is not None:
            self.dismiss((what, link.number))

    def action_copy(self) -> None:
        if (link := self._current()) is not None:
            self.app.copy_to_clipboard(link.url)
            self.notify(f"Copied link {link.number}", markup=False, timeout=3)

    def action_move(self, delta: int) -> None:
        options = self.query_one(OptionList)
        options.action_cursor_down() if delta > 0 else options.action_cursor_up()

    def action_close(self) -> None:
        self.dismiss(None)
