"""The article reader: cache-first loading, numbered links followed in place, back/forward history.

Every URL, whether a headline or a link inside an article, goes through `ArticleService`: a cached article
shows at once (synchronously, no flicker), an uncached one shows a loading line while a worker fetches it,
and a failure becomes one line in the view. The reading position is saved per URL when the reader leaves an
article (history move or closing the screen) and restored when it is shown again.
"""

from __future__ import annotations

from typing import Protocol

from textual import events, work
from textual.app import ComposeResult
from textual.widgets import Input

from newsreader.errors import NewsreaderError, NotAPageError
from newsreader.failures import describe_failure
from newsreader.history import History, Visit
from newsreader.layout import ArticleLayout, LinkRef, display_url, layout_article
from newsreader.models import Article, Entry
from newsreader.text import SHORT
from newsreader.ui.downloads import download_enclosure
from newsreader.ui.find import Match, PageFind
from newsreader.ui.formatting import entry_url
from newsreader.ui.keyhints import key_of
from newsreader.ui.keys import ARTICLE_BINDINGS
from newsreader.ui.screens.links import LinkChoice, LinksScreen
from newsreader.ui.screens.power import HookActions
from newsreader.ui.widgets.article_view import ArticleView, BlockView, image_widget_class
from newsreader.urls import is_web_url

MAX_LINK_DIGITS = 4


class Navigator(Protocol):
    """The headline list an article was opened from (for J, K and n)."""

    def step(
        self, entry_id: int | None, url: str | None, delta: int, unread: bool = False
    ) -> Entry | None: ...


class ArticleScreen(HookActions):  # HookActions: | pipe, B bookmark (issue 11)
    BINDINGS = ARTICLE_BINDINGS

    def __init__(self, url: str, navigator: Navigator | None = None, entry_id: int | None = None) -> None:
        super().__init__()
        self.start_url = url
        self.start_entry = entry_id
        self.navigator = navigator
        self.history = History()
        self.article: Article | None = None
        self.rendered = ArticleLayout()
        self.entry: Entry | None = None
        self.selected: int | None = None
        self.number = ""
        self.finder = PageFind()
        self.view = ArticleView(id="reader")  # kept: the position is saved after the children are gone
        self.opening = False  # a link is being fetched: its "Opening …" line stays until it answers

    def compose(self) -> ComposeResult:
        yield from self.compose_top()
        yield self.view
        yield Input(placeholder="find in this article (enter: find, esc: cancel)", id="find")
        yield from self.compose_bottom()

    @property
    def url(self) -> str | None:
        return visit.url if (visit := self.history.current) else None

    async def on_mount(self) -> None:
        self.view.focus()
        await self.go(self.start_url, self.start_entry)

    def on_unmount(self) -> None:
        self._save_position()
        if self.opening:  # the fetch goes with the screen, and so does its line
            self.api.set_status("")

    # -- loading ---------------------------------------------------------------------------------------

    def _save_position(self) -> None:
        visit = self.history.current
        if visit is None or self.article is None:
            return
        visit.scroll = self.view.scroll_y
        try:
            self.services.store.set_position(visit.url, visit.scroll)
        except NewsreaderError:
            pass  # a position that cannot be saved is not worth interrupting the reader for

    async def go(self, url: str, entry_id: int | None = None) -> None:
        """Open `url` as a new visit (forward history is dropped, as in a browser).

        From an article on screen, a page not in the cache is fetched first and becomes a visit only once
        it is there: a link to a host that cannot be reached is one status line, and the reader stays
        where they were (no error page in the history).
        """
        if self.article is not None and is_web_url(url) and self.services.articles.cached(url) is None:
            # As the client reads it; it stays while the page is fetched (a slow server takes seconds).
            self.api.set_status(f"Opening {display_url(url, max_len=SHORT)} …", lasting=True)
            self.opening = True
            self.fetch_then_visit(url, entry_id)
            return
        self._save_position()
        visit = self.history.visit(url, self.services.store.get_position(url), entry_id)
        await self.load(visit)

    async def load(self, visit: Visit) -> None:
        if self.opening:  # the reader moved on: the link being fetched will not be shown, nor its line
            self.opening = False
            self.api.set_status("")
        # Nothing of the previous article may answer keys while this one loads (or fails to).
        self.selected, self.number, self.article = None, "", None
        self.rendered, self.entry = ArticleLayout(), None
        self.set_title(self._title_hint(visit))
        if visit.entry_id is not None and not is_web_url(visit.url):
            article = self.services.articles.linkless_article(visit.entry_id)  # an entry without a link
            if article is None:
                await self.view.show_message("This entry is no longer in the database", error=True)
                return
        else:
            article = self.services.articles.cached(visit.url, visit.entry_id)
        if article is not None:
            await self.show_loaded(article, visit)
            return
        await self.view.show_message(f"Loading {display_url(visit.url, max_len=SHORT)} …")
        self.fetch(visit)

    @work(exclusive=True, group="article")
    async def fetch_then_visit(self, url: str, entry_id: int | None) -> None:
        shown = self.history.current
        failure: NewsreaderError | None = None
        try:
            article = await self.services.articles.get(url, entry_id=entry_id)
        except NewsreaderError as err:
            failure = err
        self.opening = False
        self.api.set_status("")  # the "Opening …" line: its fetch is over
        if self.history.current is not shown:
            return  # the reader moved on meanwhile
        if isinstance(failure, NotAPageError):  # a video, a picture, a PDF: its player or the browser
            kind = failure.media_type.split("/")[0]
            what = f"the {kind}" if kind in ("audio", "video") else failure.media_type
            self.api.open_outside(url, what, player=kind in ("audio", "video"))
            return
        if failure is not None:
            self.api.set_status(describe_failure(url, failure.message), error=True)
            return
        self._save_position()
        await self.show_loaded(
            article, self.history.visit(url, self.services.store.get_position(url), entry_id)
        )

    @work(exclusive=True, group="article")
    async def fetch(self, visit: Visit) -> None:
        try:
            article = await self.services.articles.get(visit.url, entry_id=visit.entry_id)
        except NewsreaderError as err:
            if self.history.current is visit:
                message = describe_failure(visit.url, err.message)
                await self.view.show_message(message, error=True)
                self.api.set_status(message, error=True)
            return
        if self.history.current is visit:
            await self.show_loaded(article, visit)

    async def show_loaded(self, article: Article, visit: Visit) -> None:
        inline = self.services.config.images and image_widget_class() is not None
        self.selected, self.number = None, ""
        self.finder.clear()
        self.article = article
        play, download = self._key("play-enclosure"), self._key("download-enclosure")
        hint = f"{play} plays, {download} downloads; a number first picks one"
        self.rendered = layout_article(article, inline_images=inline, enclosure_hint=hint)
        await self.view.show_article(self.rendered)
        self.view.scroll_to(y=visit.scroll, animate=False)
        self.set_title(self._title_hint(visit), article.title or "")
        self._mark_read(visit, article)
        if article.note and article.page_failed:
            self.api.set_status(article.note, error=True)
        elif count := len(article.enclosures):
            which = "it" if count == 1 else "one (a number first picks which)"
            self.api.set_status(
                f"{count} enclosure{'s' * (count > 1)}: {play} plays {which}, {download} downloads it"
            )
        elif article.note:  # no failure: why the feed's text is shown (its view says it too)
            self.api.set_status(article.note)

    def _title_hint(self, visit: Visit) -> str:
        """The feed the visit's entry is in (two feeds may carry one link), else the first with that link."""
        store = self.services.store
        by_id = store.entry(visit.entry_id) if visit.entry_id is not None else None
        entry = by_id or store.entry_by_link(visit.url)
        return entry.feed_title if entry else "Article"

    def _mark_read(self, visit: Visit, article: Article) -> None:
        store = self.services.store
        try:
            store.add_history(visit.url, article.title or None)  # clean: extract/ or the feed's parse
            by_id = store.entry(visit.entry_id) if visit.entry_id is not None else None
            self.entry = by_id or store.entry_by_link(visit.url)
            entry = self.entry
            # A copy in another feed may be unread though this one is read (mark all read in one feed)
            copies = store.entries_by_link(entry.link) if entry is not None and entry.link else []
        except NewsreaderError as err:
            self.api.set_status(err.message, error=True)
            return
        if entry is not None and (not entry.read or any(not e.read for e in copies)):
            self._mark_opened_read(entry)
        elif entry is not None:  # read already, maybe by another program: the list and counts say so too
            self.api.entry_changed(entry)

    def _mark_opened_read(self, entry: Entry) -> None:
        """Opening an article reads it, in every feed that carries it (`mark URL`'s rule, the store's
        `mark_link`): not a change to undo or announce."""
        store = self.services.store
        try:
            if entry.link:
                copies = store.mark_link(entry.link, read=True)
            else:  # an entry without a link is its own article
                store.update_entry(entry.id, read=True)
                copies = [store.entry(entry.id) or entry]
        except NewsreaderError as err:
            self.api.set_status(err.message, error=True)
            return
        self.entry = next((e for e in copies if e.id == entry.id), entry)
        for copy in copies:
            self.api.entry_changed(copy)

    def _update_entry(self, *, read: bool | None = None, starred: bool | None = None) -> None:
        if self.entry is None:
            self.api.set_status("This page is not a feed entry")
            return
        self.entry = self.update_entry(self.entry, read=read, starred=starred)

    # -- links -----------------------------------------------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        """Digits build a link number: `12 enter` follows link 12, `12 o` opens it in the browser."""
        if isinstance(self.focused, Input):
            return
        char = event.character or ""
        if len(char) == 1 and char in "0123456789" and len(self.number) < MAX_LINK_DIGITS:  # not "²"
            event.stop()
            self.number += char
            hint = (
                f", {self._key('play-enclosure')}/{self._key('download-enclosure')} plays/downloads"
                f" enclosure {self.number}"
                if self.article and self.article.enclosures
                else ""
            )
            follow, browser = self._key("follow-link"), self._key("open-browser")
            self.api.set_status(
                f"Link {self.number}: {follow} follows it here, {browser} opens it in the browser{hint}"
            )
        elif self.number and event.key not in self._number_keys():
            self.number = ""  # a typed number only counts for the very next follow or open
            self.api.set_status("")

    def _key(self, binding_id: str) -> str:
        """The key bound to `binding_id` now, as a hint names it (`keyhints.key_of`)."""
        return key_of(self, binding_id)

    def _number_keys(self) -> set[str]:
        """The keys that act on a typed link number (as bound now, keymap included)."""
        actions = ("follow", "open_browser", "close", "play_enclosure", "download_enclosure")
        return {key for key, active in self.active_bindings.items() if active.binding.action in actions}

    def _take_link(self) -> LinkRef | None:
        """The link named by the typed number, else the selected one; a status line when there is none."""
        if self.number:
            number, self.number = int(self.number), ""
            link = self.rendered.link(number)
            if link is None:
                self.api.set_status(f"There is no link {number}", error=True)
            else:
                self.api.set_status("")  # the typed number's hint is done with (a next article has its own)
            return link
        return self.rendered.link(self.selected) if self.selected else None

    async def follow(self, number: int) -> None:
        """Follow link `number` inside the reader (used by clicks on a link)."""
        if (link := self.rendered.link(number)) is not None:
            await self.go(link.url)

    async def action_follow_link(self, number: int) -> None:
        await self.follow(number)

    async def action_follow(self) -> None:
        link = self._take_link()
        if link is not None:
            await self.go(link.url)

    def _select(self, number: int | None) -> None:
        self.number = ""
        old, self.selected = self.selected, number
        for n in {old, number} - {None}:
            if n is not None and (view := self.view.block_for_link(n)) is not None:
                view.highlight(self.selected)
        if number is not None and (view := self.view.block_for_link(number)) is not None:
            self.view.show_offset(view, view.block.offset_of_link(number))
            link = self.rendered.link(number)
            if link is not None:
                self.api.set_status(f"[{number}] {link.title} — {display_url(link.url, max_len=SHORT)}")

    def _first_visible_link(self) -> int | None:
        top = self.view.scroll_y
        for link in self.rendered.links:
            view = self.view.block_for_link(link.number)
            if view is not None and view.virtual_region.y >= top:
                return link.number
        return None

    def action_next_link(self) -> None:
        count = len(self.rendered.links)
        if count:
            start = self._first_visible_link() if self.selected is None else self.selected % count + 1
            self._select(start or 1)

    def action_prev_link(self) -> None:
        count = len(self.rendered.links)
        if count:
            self._select(count if not self.selected else (self.selected - 2) % count + 1)

    async def action_read_next(self) -> None:
        link = next((x for x in self.rendered.links if x.section == "read-next"), None)
        if link is None:
            self.api.set_status("This article has no Read Next link")
            return
        await self.go(link.url)

    # -- history and neighbours ------------------------------------------------------------------------

    async def action_history_back(self) -> None:
        self._save_position()
        visit = self.history.back()
        if visit is None:
            self.api.set_status("Nothing further back")
            return
        await self.load(visit)

    async def action_history_forward(self) -> None:
        self._save_position()
        visit = self.history.forward()
        if visit is None:
            self.api.set_status("Nothing further forward")
            return
        await self.load(visit)

    async def _neighbour(self, delta: int, unread: bool = False) -> None:
        current = self.entry.id if self.entry else None
        entry = self.navigator.step(current, self.url, delta, unread) if self.navigator else None
        if entry is None:
            self.api.set_status("No more articles in this list" if not unread else "No more unread articles")
            return
        await self.go(entry_url(entry), entry.id)

    async def action_next_article(self) -> None:
        await self._neighbour(1)

    async def action_prev_article(self) -> None:
        await self._neighbour(-1)

    async def action_next_unread(self) -> None:
        """`n`: the next match while a find in page is on, else the next unread article."""
        if self.finder.active:
            self._show_match(self.finder.step(1))
            return
        await self._neighbour(1, unread=True)

    # -- find in page ----------------------------------------------------------------------------------

    def action_find(self) -> None:
        if self.article is None:
            return
        box = self.query_one("#find", Input)
        box.display = True
        box.value = self.finder.query
        box.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        event.input.display = False
        self.view.focus()
        query = event.value.strip()
        if not query:
            self._end_find()
            return
        views = list(self.view.query(BlockView))
        first = next((i for i, v in enumerate(views) if v.virtual_region.y >= self.view.scroll_y), 0)
        match = self.finder.start(query, [v.block.text for v in views], first)
        if match is None:
            self.api.set_status(f"“{query}” is not in this article", error=True)
            self.finder.clear()
            return
        for index, view in enumerate(views):
            if found := self.finder.in_block(index):
                view.mark(found)
        self._show_match(match)

    def _show_match(self, match: Match | None) -> None:
        views = list(self.view.query(BlockView))
        if match is None:
            return
        for index, view in enumerate(views):
            if view.current is not None or index == match[0]:
                view.mark(view.found, (match[1], match[2]) if index == match[0] else None)
        if match[0] < len(views):
            self.view.show_offset(views[match[0]], match[1])
        ends = key_of(self, "close", prefer="escape")
        keys = f"{self._key('next-unread')}/{self._key('prev-match')} next/previous · {ends} ends"
        self.api.set_status(f"“{self.finder.query}”: {self.finder.where()} ·", keys=keys)

    def action_prev_match(self) -> None:
        if self.finder.active:
            self._show_match(self.finder.step(-1))

    def _end_find(self) -> None:
        self.finder.clear()
        for view in self.view.query(BlockView):
            if view.found:
                view.mark([])

    # -- the links view ----------------------------------------------------------------------------------

    def action_links(self) -> None:
        if not self.rendered.links:
            has_media = bool(self.article and self.article.enclosures)
            play = f" ({self._key('play-enclosure')} plays its enclosure)"
            self.api.set_status("This article has no links" + play * has_media)
            return
        title = (self.article.title or "") if self.article else "Article"

        async def chosen(choice: LinkChoice | None) -> None:
            if choice is None:
                return
            what, number = choice
            link = self.rendered.link(number)
            if link is None:
                return
            if what == "open":
                self.api.open_in_browser(link.url)
            else:
                await self.go(link.url)

        self.app.push_screen(LinksScreen(self.rendered.links, title), chosen)

    # -- everything else -------------------------------------------------------------------------------

    # Scrolls are immediate: a deferred one (Textual's default) starts from where the last frame left the
    # view, so keys that arrive together (a held key under load, a paste) would count as one.
    def _scroll_by(self, lines: int) -> None:
        self.view.scroll_to(y=self.view.scroll_y + lines, animate=False, immediate=True)

    def action_down(self) -> None:
        self._scroll_by(1)

    def action_up(self) -> None:
        self._scroll_by(-1)

    def action_page_down(self) -> None:
        self._scroll_by(self.view.scrollable_content_region.height)

    def action_page_up(self) -> None:
        self._scroll_by(-self.view.scrollable_content_region.height)

    def action_top(self) -> None:
        self.view.scroll_home(animate=False)

    def action_bottom(self) -> None:
        self.view.scroll_end(animate=False)

    def action_close(self) -> None:
        box = self.query_one("#find", Input)
        if box.display:
            box.display = False
            self.view.focus()
            return
        if self.finder.active:
            self._end_find()
            self.api.set_status("")
            return
        if self.number or self.selected:
            typed = self.number
            self._select(None)
            self.api.set_status(f"Cancelled link {typed}" if typed else "")
            return
        self.dismiss()

    def action_open_browser(self) -> None:
        link = self._take_link() if self.number else None
        url = link.url if link else self.url
        if url:
            self.api.open_in_browser(url)

    # -- enclosures ------------------------------------------------------------------------------------

    def _take_enclosure(self) -> int | None:
        """The enclosure named by the typed number (else the first); a status line when there is none."""
        number, self.number = (int(self.number) if self.number else 1), ""
        count = len(self.article.enclosures) if self.article else 0
        if not count:
            self.api.set_status("This article has no enclosures")
            return None
        if number > count:
            self.api.set_status(f"There is no enclosure {number} (this article has {count})", error=True)
            return None
        return number

    def action_play_enclosure(self) -> None:
        """Hand the enclosure's URL to the configured player (`[ui] player`), else the browser."""
        number = self._take_enclosure()
        if number is None or self.article is None:
            return
        self.api.open_outside(self.article.enclosures[number - 1].url, f"enclosure {number}", player=True)

    def action_download_enclosure(self) -> None:
        """Download the enclosure under the home in the background (resumable); the status line shows it."""
        number = self._take_enclosure()
        if number is None:
            return
        if self.entry is None:
            self.api.set_status("This page is not a feed entry", error=True)
            return
        self.app.run_worker(download_enclosure(self.api, self.entry, number), group="download")

    def action_copy_url(self) -> None:
        if self.url:
            self.app.copy_to_clipboard(self.url)
            self.api.set_status("Copied the article's URL to the clipboard")

    def action_toggle_read(self) -> None:
        self._update_entry(read=not self.entry.read if self.entry else None)

    def action_star(self) -> None:
        self._update_entry(starred=not self.entry.starred if self.entry else None)
