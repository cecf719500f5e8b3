"""The article service: cache first, else fetch the page, extract, store; fall back to the feed entry.

The TUI, the CLI (`read`) and link-following all come through `ArticleService.get`, so a link opened from
inside the reader uses the same cache and the same limits as a headline opened from a list.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import unquote, urlsplit

from newsreader.errors import (
    ExtractError,
    FetchError,
    NewsreaderError,
    NotAPageError,
    NotCachedError,
    UsageError,
)
from newsreader.extract import article_from_html_fragment, extract_article
from newsreader.extract.embeds import MEDIA_LABELS, media_line
from newsreader.extract.html_input import check_text
from newsreader.fetch import Fetcher
from newsreader.fetch.client import named_file_type
from newsreader.models import Article, Entry
from newsreader.paths import read_user_file
from newsreader.sitefetch import PagePolicy, fetch_page, fetch_with_rule
from newsreader.store import Store
from newsreader.urls import is_web_url, without_fragment

log = logging.getLogger(__name__)

MAX_PAGE = 8 * 1024 * 1024


class ArticleService:
    def __init__(self, store: Store, fetcher: Fetcher) -> None:
        self.store = store
        self.fetcher = fetcher

    def cached(self, url: str, entry_id: int | None = None) -> Article | None:
        """The cached article for `url`, without touching the network (`entry_id`: see `get`)."""
        hit = self.store.get_article(without_fragment(url))
        if hit is None:
            return None
        try:
            article = Article.from_json(hit[0])
        except (KeyError, TypeError, AttributeError, ValueError):
            return None  # a damaged document, or one from an incompatible version: fetch again
        return self._with_enclosures(article, url, entry_id)

    def _with_enclosures(self, article: Article, url: str, entry_id: int | None) -> Article:
        """The enclosures of entry `entry_id`, else of the feed entry linking `url` (entry data, so never
        taken from the cache): two feeds' entries may link the same page with different enclosures.
        A page that gives no date takes the entry's (a podcast's episode page often shows none)."""
        entry = self._entry_for(url, entry_id)
        article.enclosures = entry.enclosures if entry is not None else []
        if article.published is None and entry is not None:
            article.published = entry.published
        return article

    async def get(
        self,
        url: str,
        *,
        offline: bool = False,
        reload: bool = False,
        entry_id: int | None = None,
        also: Sequence[str] = (),
    ) -> Article:
        """The article at `url`: from the cache, else fetched, extracted and cached; its enclosures are
        those of entry `entry_id` when the reader opened one. `also`: addresses tried in turn when no
        connection can be made to `url` (what a person typed without a scheme, `urls.typed_web_urls`).

        If the page cannot be fetched or has no article, the feed entry's own content is used (and the
        document says so); only when there is neither is an error raised.
        """
        if not is_web_url(url):
            raise UsageError(f"not an http(s) URL: {url!r}")
        key = without_fragment(url)
        # Per-feed settings and site rules (issue 11): feed text only, a user agent, a rule before heuristics;
        # a cached article older than its site rule file is read again (the user just corrected the rule).
        policy = PagePolicy(self.store, self.fetcher.config)
        settings = policy.settings(key)
        if not reload and (article := self.cached(key, entry_id)) is not None:
            if offline or not policy.rule_is_newer(key, settings):
                return article
        # An entry opened whose link is a file (`file_article`): a podcast episode's enclosure says so.
        opened = self._entry_for(key, entry_id) if entry_id is not None else None
        if opened is not None and (kind := _enclosed_file(opened, key)):
            return self.file_article(opened, key, kind)
        if offline:
            raise NotCachedError(f"not in the cache (offline): {key}")
        limit = min(MAX_PAGE, self.fetcher.config.max_bytes)
        if not settings.full_article and (entry := self._entry_for(key, entry_id)) is not None:
            return self._entry_article(
                entry, key, "Showing the feed's text (this feed is set to feed text only)"
            )
        rule_note = None
        try:
            if (rule := policy.rule(key, settings)) is not None:
                ruled = await fetch_with_rule(
                    self.fetcher, rule, key, max_bytes=limit, user_agent=settings.user_agent, also=also
                )
                self.store.put_article([key], ruled.to_json())
                return self._with_enclosures(ruled, key, entry_id)
        except NotAPageError as err:
            return self._unusable(key, err, entry_id)  # a file: the heuristics would fetch it again
        except NewsreaderError as err:
            rule_note = f"The site rule did not fit, so the page was read by the heuristics ({err.message})"
        try:
            response = await fetch_page(
                self.fetcher, key, max_bytes=limit, user_agent=settings.user_agent, also=also
            )
            article = await asyncio.to_thread(
                extract_article, response.content, response.url, charset=response.charset
            )
        except (FetchError, ExtractError) as err:
            return self._unusable(key, err, entry_id)
        if rule_note:  # the extractor's own note (the page was cut at a size cap) is kept after it
            article.note = f"{rule_note}. {article.note}" if article.note else rule_note
        self.store.put_article([key, without_fragment(response.url)], article.to_json())
        return self._with_enclosures(article, key, entry_id)

    def _unusable(self, url: str, err: NewsreaderError, entry_id: int | None) -> Article:
        """The feed entry's text when the page at `url` could not be used; `err` again when there is none.
        An address that serves a file is no page: the entry opened (`entry_id`) that links it shows its
        text under a line for the file (`file_article`); a link to one (no entry opened) is `err`, which
        the reader hands to the player or the browser and `read URL` names as the input's error."""
        if isinstance(err, NotAPageError):
            opened = self._entry_for(url, entry_id) if entry_id is not None else None
            if opened is None:
                raise err
            return self.file_article(opened, url, err.media_type)
        log.warning("page %s unusable (%s): falling back to the feed's text", url, err.message)
        fallback = self.fallback_article(url, reason=err.message, entry_id=entry_id)
        if fallback is None:
            raise err
        return fallback

    def _entry_for(self, url: str, entry_id: int | None) -> Entry | None:
        """Entry `entry_id` when given and still stored, else the first entry linking `url`."""
        entry = self.store.entry(entry_id) if entry_id is not None else None
        return entry or self.store.entry_by_link(without_fragment(url))

    def fallback_article(self, url: str, *, reason: str, entry_id: int | None = None) -> Article | None:
        """The article built from entry `entry_id` (else the entry linking `url`), or None when none."""
        entry = self._entry_for(url, entry_id)
        if entry is None:
            return None
        article = self._entry_article(
            entry, url, f"Showing the feed's text: the page could not be used ({reason})"
        )
        article.page_failed = True
        return article

    def file_article(self, entry: Entry, url: str, media_type: str) -> Article:
        """The article of an entry whose own link is a file (a podcast episode linking its mp3, a report
        linking its PDF): the feed's text, under a line that plays or opens the file (`embeds.media_line`,
        "Audio: ep1.mp3"), which the reader hands to the player or the browser like any link to a file."""
        medium = media_type.split("/")[0]
        what = {"audio": "an audio file", "video": "a video", "image": "a picture"}.get(medium, "a file")
        what = "a PDF" if media_type == "application/pdf" else what
        article = self._entry_article(
            entry, url, f"This entry links {what} ({media_type}), not a web page: showing the feed's text"
        )
        if all(link.url != url for link in article.links()):
            name = unquote(urlsplit(url).path.rsplit("/", 1)[-1])
            article.blocks.insert(0, media_line(medium if medium in MEDIA_LABELS else "file", name, url))
        return article

    def linkless_article(self, entry_id: int) -> Article | None:
        """The article of an entry that links nowhere: its feed text (None if the entry is gone)."""
        entry = self.store.entry(entry_id)
        if entry is None:
            return None
        return self._entry_article(
            entry, entry.link or "", "This entry has no web page: showing the feed's text"
        )

    def _entry_article(self, entry: Entry, url: str, note: str) -> Article:
        html = self.store.entry_content(entry.id) or ""
        try:
            article = article_from_html_fragment(
                html, url, title=entry.title, byline=entry.author, published=entry.published
            )
        except NewsreaderError:
            article = Article(url=url, title=entry.title, byline=entry.author, published=entry.published)
        article.source = "feed"
        article.note = note
        article.enclosures = entry.enclosures
        return article


def _enclosed_file(entry: Entry, url: str) -> str | None:
    """The type of the enclosure that is `url` (the entry's own link) when that type names a file."""
    return next((kind for e in entry.enclosures if e.url == url and (kind := named_file_type(e.type))), None)


def read_file(path: Path, base_url: str | None) -> Article:
    """Extract an article from a saved HTML file (`newsreader read FILE`); nothing is cached. A file that
    is no HTML (a PDF, a picture) is the input's error, as a link to one is."""
    data = read_user_file(path)
    base = base_url or path.resolve().as_uri()
    if base_url is not None and not is_web_url(base_url):
        raise UsageError(f"--base-url must be an http(s) URL, not {base_url!r}")
    try:
        check_text(data)
    except ExtractError as err:
        raise UsageError(f"{path}: {err.message}") from None
    return extract_article(data, base)
