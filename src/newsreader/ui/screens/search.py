"""One-line prompts: the search (`/`), and renaming or retagging a feed; the answer is the typed line."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from newsreader.layout import display_line, display_value
from newsreader.ui.keys import DIALOG_BINDINGS


class PromptScreen(ModalScreen[str | None]):
    """Dismissed with the line typed (stripped; "" when emptied), or None when cancelled with escape.

    The label and the value to edit are raw text (a feed's name): cleaned here, where they are shown."""

    BINDINGS = DIALOG_BINDINGS

    def __init__(self, label: str, placeholder: str, value: str = "", *, allow_empty: bool = True) -> None:
        super().__init__()
        self.label, self.placeholder, self.value = label, placeholder, value
        self.allow_empty = allow_empty

    def compose(self) -> ComposeResult:
        with Vertical(id="search-box"):
            yield Label(Content(display_line(self.label)), id="dialog-title")
            yield Input(value=display_value(self.value), placeholder=self.placeholder, id="query")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        line = event.value.strip()
        self.dismiss(line if line or self.allow_empty else None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class SearchScreen(PromptScreen):
    """Dismissed with the query, or None when cancelled or empty."""

    def __init__(self) -> None:
        super().__init__("Search titles, summaries and saved articles", "words to find", allow_empty=False)
