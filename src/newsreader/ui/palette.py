"""The command palette (ctrl+p): the current screen's own actions (star, mark read, Read Next, open,
copy… with their keys), the app's actions, and "Open feed: …" for every subscription. Textual's system
commands are kept except its "Keys" panel, which our help screen replaces, so nothing is listed twice.

Feed names come from the web, so they are passed as `Content` (literal) and only ever matched, never parsed.
(Textual's `Matcher.highlight` parses its candidate as markup, so we highlight the match offsets ourselves.)
A command's help is a string Textual always parses as markup, so every help we give goes through `literal`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import Any, cast

from textual.app import App, SystemCommand
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.screen import Screen

from newsreader.layout import display_line
from newsreader.queryfeeds import query_feeds
from newsreader.text import SHORT
from newsreader.ui.keyhints import bound_key
from newsreader.ui.services import AppApi

Command = tuple[str, str, Callable[[], object]]


def literal(text: str) -> str:
    """`text` as markup that shows exactly `text`: a query's words, a tag from a server and "[keymap]" keep
    their brackets instead of becoming styles or click actions (in Textual's markup `\\[` is a literal `[`,
    and no other character is special)."""
    return text.replace("[", "\\[")


# Moving around is what keys are for; the palette lists what a screen can *do*.
_PROVIDED = {"add-feed", "search", "refresh-all", "history"}
_NOT_COMMANDS = {"down", "up", "top", "bottom", "page-down", "page-up", "close", "help", "back", "undo"}


def screen_commands(screen: Screen[Any]) -> Iterator[SystemCommand]:
    """The screen's own bindings as palette commands, each with its keys (keymap applied)."""
    from newsreader.ui.screens.help import collect

    here, _ = collect(screen)
    seen: set[str] = set()
    for keys, binding in here:
        if binding.id in _NOT_COMMANDS or not binding.description or binding.description in seen:
            continue
        if binding.action.startswith("app.") or binding.id in _PROVIDED:
            continue  # the app's own commands list these once, on every screen
        seen.add(binding.description)
        yield SystemCommand(
            binding.description,
            literal(f"On this screen ({keys})"),
            partial(screen.run_action, binding.action),
        )


def _with_key(screen: Screen[Any], text: str, binding_id: str, prefer: str = "") -> str:
    """`text (key)` with the key bound to `binding_id` on `screen` now; `text` alone where none is."""
    key = bound_key(screen, binding_id, prefer)
    return f"{text} ({key})" if key else text


def system_commands(
    app: App[Any], screen: Screen[Any], inherited: Iterable[SystemCommand]
) -> Iterator[SystemCommand]:
    """Textual's system commands without its "Keys" panel, then our help and the screen's actions."""
    for command in inherited:
        if command.title != "Keys":
            yield command
    about = literal(_with_key(screen, "The keys of this screen, and their ids for [keymap]", "help"))
    yield SystemCommand("Keys", about, partial(app.run_action, "help"))
    yield from screen_commands(screen)


class NewsreaderCommands(Provider):
    """Actions that work from any screen, and jumping straight to a feed's headlines."""

    def _commands(self) -> list[Command]:
        app = self.app
        api = cast(AppApi, app)
        keys = partial(_with_key, self.screen)
        commands: list[Command] = [
            (
                "Refresh all feeds",
                keys("Fetch new entries for every feed", "refresh-all"),
                api.refresher.start,
            ),
            (
                "Add a feed or import OPML",
                keys("Subscribe by URL or import an OPML file", "add-feed"),
                self._add_feed,
            ),
            (
                "Search",
                keys("Search titles, summaries and saved articles", "search"),
                partial(app.run_action, "search"),
            ),
            (
                "Undo",
                keys(
                    "Undo the last mark read, mark all read, star, remove, rename or retag", "undo", "ctrl+z"
                ),
                partial(app.run_action, "undo"),
            ),
            (
                "History",
                keys("The articles read most recently", "history"),
                partial(app.run_action, "history"),
            ),
        ]
        # The palette shows these labels as they are (and matches typed text against them), so names from
        # feeds are cleaned here, where they become labels: a display boundary.
        for feed in api.services.store.feeds(counted=False):
            label = display_line(f"Open feed: {feed.name}", SHORT)
            commands.append((label, "Show this feed's headlines", partial(self._open, feed.id)))
        for query in query_feeds(api.services.store, api.services.config):
            label = display_line(f"Open query feed: {query.name}", SHORT)
            about = display_line(query.text, SHORT)
            commands.append((label, about, partial(self._open_query, query.name, query.text)))
        return commands

    def _open_query(self, name: str, text: str) -> None:
        from newsreader.ui.screens.headlines import HeadlinesScreen
        from newsreader.ui.source import Source

        self.app.push_screen(HeadlinesScreen(Source(name, filter=text)))

    def _add_feed(self) -> None:
        from newsreader.ui.screens.add_feed import AddFeedScreen

        self.app.push_screen(AddFeedScreen())

    def _open(self, feed_id: int) -> None:
        from newsreader.ui.screens.headlines import HeadlinesScreen
        from newsreader.ui.source import Source

        feeds = cast(AppApi, self.app).services.store.feeds(counted=False)
        feed = next((f for f in feeds if f.id == feed_id), None)
        if feed is not None:
            source = Source(feed.name, feed_id=feed.id, feed_url=feed.url)
            self.app.push_screen(HeadlinesScreen(source))

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(Content(name), callback, text=name, help=literal(help_text))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score, offsets = matcher.fuzzy_search.match(query, name)
            if score > 0:
                display = Content(name)
                for offset in offsets:
                    display = display.stylize("bold underline", offset, offset + 1)
                yield Hit(score, display, callback, text=name, help=literal(help_text))
