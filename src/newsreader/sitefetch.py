"""The article service's per-page policy (issue 11): per-feed settings and site rules, with fetching.

`PagePolicy.settings(url)` says what the feed an article came from asks for (feed text only, a user agent, a
named site rule); `fetch_with_rule` reads a page with a site rule, following `single_page_link` once and
`next_page_link` up to MAX_PAGES, and stitches the bodies into one Article.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from newsreader.config import Config
from newsreader.errors import UsageError
from newsreader.extract.siterules import (
    RulePage,
    SiteRule,
    load_rule,
    read_with_rule,
    rule_file_for,
    to_article,
)
from newsreader.feedsettings import FeedSettings, SettingsResolver
from newsreader.fetch import Fetcher, Response
from newsreader.models import Article
from newsreader.paths import site_rules_dir
from newsreader.store import Store
from newsreader.urls import without_fragment

MAX_PAGES = 10
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"


class PagePolicy:
    def __init__(self, store: Store, config: Config) -> None:
        self.store = store
        self.config = config
        self.folder = site_rules_dir(store.home)

    def settings(self, url: str) -> FeedSettings:
        """The settings of the feed whose entry links `url` (defaults for a page no feed links)."""
        cfg = self.config
        stored = self.store.stored_feed_settings()
        if not (cfg.feed_settings or cfg.tag_settings or stored):
            return FeedSettings()
        found = self.store.feed_of_entry_link(url)
        if found is None:
            return FeedSettings()
        return SettingsResolver(cfg.feed_settings, cfg.tag_settings, stored).for_feed(*found)

    def rule_path(self, url: str, settings: FeedSettings) -> Path | None:
        """The feed's named rule file, else the one for the page's host (None: no rule)."""
        if settings.site_rule:
            path = self.folder / settings.site_rule
            if not path.is_file():
                raise UsageError(f"site rule {settings.site_rule} not found in {self.folder}")
            return path
        return rule_file_for(self.folder, url)

    def rule(self, url: str, settings: FeedSettings) -> SiteRule | None:
        """The rule that applies to `url`; UsageError for a missing named file or a broken rule."""
        path = self.rule_path(url, settings)
        return load_rule(path) if path is not None else None

    def rule_is_newer(self, url: str, settings: FeedSettings) -> bool:
        """Was the rule for `url` written after its article was cached? (Then the cache is stale.)"""
        try:
            path = self.rule_path(url, settings)
            if path is None:
                return False
            hit = self.store.get_article(url)
            if hit is None:
                return False
            return path.stat().st_mtime > datetime.fromisoformat(hit[1]).timestamp()
        except (UsageError, OSError, ValueError):
            return False


async def fetch_page(
    fetcher: Fetcher,
    url: str,
    *,
    max_bytes: int,
    user_agent: str | None = None,
    also: Sequence[str] = (),
) -> Response:
    """One page of an article, as the article service reads every page (with a site rule or without): HTML
    asked for, and an address that serves a file (a PDF, audio, video, a picture) is NotAPageError as soon
    as its headers arrive, its body never read. `also`: addresses tried in turn when no connection can be
    made to `url` (a bare host typed: `Fetcher.get_first`)."""
    response, _ = await fetcher.get_first(
        [url, *also], accept=PAGE_ACCEPT, max_bytes=max_bytes, user_agent=user_agent, pages_only=True
    )
    return response


async def fetch_with_rule(
    fetcher: Fetcher,
    rule: SiteRule,
    url: str,
    *,
    max_bytes: int,
    user_agent: str | None = None,
    also: Sequence[str] = (),
) -> Article:
    """Read `url` with `rule`; FetchError/ExtractError when a page cannot be fetched or the rule fits none
    (NotAPageError when it serves a file). `also`: as for `fetch_page`, for the first page."""

    async def read(target: str, others: Sequence[str] = ()) -> RulePage:
        response = await fetch_page(fetcher, target, max_bytes=max_bytes, user_agent=user_agent, also=others)
        return await asyncio.to_thread(
            read_with_rule, rule, response.content, response.url, charset=response.charset
        )

    page = await read(url, also)
    if page.single_page and without_fragment(page.single_page) != without_fragment(url):
        page = await read(page.single_page)
    pages = [page]
    seen = {without_fragment(url)}
    while (nxt := pages[-1].next_page) and len(pages) < MAX_PAGES:
        key = without_fragment(nxt)
        if key in seen:
            break
        seen.add(key)
        pages.append(await read(nxt))
    return to_article(rule, pages, url)


PER_FEED_PREFETCH = 20  # unread articles fetched ahead for a feed whose own `prefetch` is true


def prefetch_links(store: Store, config: Config, limit: int) -> list[str]:
    """Links to fetch ahead after a refresh: the newest `limit` unread entries of feeds that do not opt
    out (`prefetch = false`, `full_article = false`), plus up to PER_FEED_PREFETCH per feed that opts in."""
    resolver = SettingsResolver(config.feed_settings, config.tag_settings, store.stored_feed_settings())
    settings = {f.id: resolver.for_feed(f.url, f.tags) for f in store.feeds(counted=False)}
    opted_out = {fid for fid, s in settings.items() if s.prefetch is False or not s.full_article}
    opted_in = [fid for fid, s in settings.items() if s.prefetch and s.full_article]
    entries = (
        [e for e in store.headlines(unread=True, limit=limit) if e.feed_id not in opted_out] if limit else []
    )
    for fid in opted_in:
        entries += store.headlines(feed_id=fid, unread=True, limit=PER_FEED_PREFETCH)
    return list(dict.fromkeys(e.link for e in entries if e.link))
