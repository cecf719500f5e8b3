"""The command palette (ctrl+p): the app's actions, plus "Open feed: …" for every subscription.

Feed names come from the web, so they are passed as `Content` (literal) and only ever matched, never parsed.
(Textual's `Matcher.highlight` parses its candidate as markup, so we highlight the match offsets ourselves.)
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from newsreader.queryfeeds import query_feeds
from newsreader.text import clean_line
from newsreader.ui.services import AppApi

Command = tuple[str, str, Callable[[], object]]


class NewsreaderCommands(Provider):
    """Actions that work from any screen, and jumping straight to a feed's headlines."""

    def _commands(self) -> list[Command]:
        app = self.app
        api = cast(AppApi, app)
        commands: list[Command] = [
            ("Refresh all feeds", "Fetch new entries for every feed (R)", api.refresher.start),
            ("Add a feed or import OPML", "Subscribe by URL or import an OPML file (a)", self._add_feed),
            ("Search", "Search titles and summaries (/)", partial(app.run_action, "search")),
            ("History", "The articles read most recently (H)", partial(app.run_action, "history")),
            ("Show keys", "The keys of the current screen (?)", api.show_help),
            ("Quit", "Leave newsreader (Q)", app.exit),
        ]
        for feed in api.services.store.feeds():
            name = clean_line(feed.name, max_len=100)
            commands.append(
                (f"Open feed: {name}", "Show this feed's headlines", partial(self._open, feed.id))
            )
        for query in query_feeds(api.services.store, api.services.config):
            name = clean_line(query.name, max_len=100)
            about = clean_line(query.text, max_len=200)
            commands.append((f"Open query feed: {name}", about, partial(self._open_query, name, query.text)))
        return commands

    def _open_query(self, name: str, text: str) -> None:
        from newsreader.ui.screens.headlines import HeadlinesScreen, Source

        self.app.push_screen(HeadlinesScreen(Source(name, filter=text)))

    def _add_feed(self) -> None:
        from newsreader.ui.screens.add_feed import AddFeedScreen

        self.app.push_screen(AddFeedScreen())

    def _open(self, feed_id: int) -> None:
        from newsreader.ui.screens.headlines import HeadlinesScreen, Source

        feed = next((f for f in cast(AppApi, self.app).services.store.feeds() if f.id == feed_id), None)
        if feed is not None:
            source = Source(clean_line(feed.name, max_len=120), feed_id=feed.id, feed_url=feed.url)
            self.app.push_screen(HeadlinesScreen(source))

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(Content(name), callback, text=name, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score, offsets = matcher.fuzzy_search.match(query, name)
            if score > 0:
                display = Content(name)
                for offset in offsets:
                    display = display.stylize("bold underline", offset, offset + 1)
                yield Hit(score, display, callback, text=name, help=help_text)
