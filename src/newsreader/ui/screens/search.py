"""The search prompt (`/`): one line of input; the results open as a headline list."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from newsreader.ui.keys import DIALOG_BINDINGS


class SearchScreen(ModalScreen[str | None]):
    """Dismissed with the query (stripped), or None when cancelled or empty."""

    BINDINGS = DIALOG_BINDINGS

    def compose(self) -> ComposeResult:
        with Vertical(id="search-box"):
            yield Label("Search titles, summaries and saved articles", id="dialog-title")
            yield Input(placeholder="words to find", id="query")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
