"""A yes/no question before a change that touches many articles (`y`/`enter` yes, `n`/`escape` no)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from newsreader.layout import display_line
from newsreader.text import LINE
from newsreader.ui.keyhints import key_of


class ConfirmScreen(ModalScreen[bool]):
    """Dismissed with True (yes) or False (no); the question is raw text, cleaned here and shown literally."""

    BINDINGS = [
        Binding("y,enter", "answer(True)", "Yes", id="confirm-yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm-no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(Content(display_line(self.question, LINE)), id="confirm-question")
            keys = f"y: yes   n: no (undo afterwards with {key_of(self, 'undo', prefer='ctrl+z')})"
            yield Label(keys, id="confirm-keys", markup=False)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
