"""`F` filters a headline list on the fly, `S` saves the list's filter as a query feed (issue 11).

A list's filter is its source's expression (a query feed) and the one typed with `F`, both in the core's
filter language; the store applies them in SQL, page by page, like any other list.
"""

from __future__ import annotations

from newsreader.errors import NewsreaderError
from newsreader.query import Expr, parse_filter
from newsreader.queryfeeds import check_name, save_query
from newsreader.ui.keyhints import key_of
from newsreader.ui.screens.base import BaseScreen
from newsreader.ui.screens.power import CheckedPrompt, check_with


def quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def conjunction(*parts: str | None) -> str | None:
    present = [p for p in parts if p]
    if not present:
        return None
    return present[0] if len(present) == 1 else " and ".join(f"({p})" for p in present)


class FilterActions(BaseScreen):
    """For the headline list: expects `source` (with `filter`, `query`, `feed_url`, `tag`) and `reload`."""

    live_filter: str | None = None

    @property
    def filter_text(self) -> str | None:
        """The whole expression this list applies (None: no filter)."""
        src = self.source  # type: ignore[attr-defined]
        words = f"content # {quoted(src.query)}" if src.query is not None and self.live_filter else None
        return conjunction(src.filter, words, self.live_filter)

    @property
    def filter_expr(self) -> Expr | None:
        text = self.filter_text
        return parse_filter(text) if text else None

    def scoped_filter(self) -> Expr | None:
        """The filter limited to what the list stands for (feed, tag, starred): what "all read" touches."""
        text = self.filter_text
        return parse_filter(self.scoped_text(text)) if text else None

    def action_filter(self) -> None:
        def done(text: str | None) -> None:
            if text is None:
                return
            self.live_filter = text or None
            self._set_title()  # type: ignore[attr-defined]
            self.reload()
            if text:
                self.api.set_status("Filtered: S saves this as a query feed; F and an empty line clear it")

        prompt = CheckedPrompt(
            "Filter this list",
            'e.g. unread = "yes" and title =~ "storm" and age < 7 (empty: no filter)',
            self.live_filter or "",
            check=check_with(lambda t: parse_filter(t) if t else None),
        )
        self.app.push_screen(prompt, done)

    def action_save_query(self) -> None:
        text = self.filter_text
        if text is None:
            press = key_of(self, "filter")
            self.api.set_status(f"No filter to save: press {press} to filter this list first", error=True)
            return

        def done(name: str | None) -> None:
            if not name:
                return
            try:
                feed = save_query(self.services.store, name, self.scoped_text(text))
            except NewsreaderError as err:
                self.api.set_status(err.message, error=True)
                return
            self.api.set_status(f"Saved the query feed {feed.name!r}: it is listed on the Feeds screen")
            self.api.data_changed()

        self.app.push_screen(
            CheckedPrompt("Save as query feed", "a name", check=check_with(check_name)), done
        )

    def scoped_text(self, text: str) -> str:
        src = self.source  # type: ignore[attr-defined]
        if src.feed_url:
            return conjunction(text, f"feedurl = {quoted(src.feed_url)}") or text
        if src.tag is not None:
            return conjunction(text, f"tags # {quoted(src.tag)}") or text
        if src.starred:
            return conjunction(text, 'starred = "yes"') or text
        return text
