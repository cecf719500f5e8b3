"""Kill rules (Newsboat's `ignore-article`) and the per-feed policy a refresh follows.

A rule is a filter expression with an action: `hide` keeps matching entries in the store but out of every
list and count (reversible: removing the rule shows them again), `drop` never stores them. A rule applies to
every feed or to one. Drop rules are evaluated in Python on the parsed entries before the store sees them;
hide rules run as one SQL update per stored feed, so they also catch entries already in the archive.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from newsreader.config import Config
from newsreader.errors import UsageError
from newsreader.feedsettings import FeedSettings, SettingsResolver
from newsreader.models import Entry, ParsedEntry, ParsedFeed
from newsreader.query import Expr, FilterError, Record, matches, parse_filter
from newsreader.store import Store, now_iso
from newsreader.store.power import Action, KillRule

ACTIONS: tuple[Action, ...] = ("hide", "drop")


def add_rule(store: Store, text: str, action: str, feed_url: str | None = None) -> tuple[KillRule, int]:
    """Check and store a rule; a hide rule hides what it matches at once. Returns (rule, entries hidden)."""
    expr = parse_filter(text)
    if action not in ACTIONS:
        raise UsageError(f"a rule's action is hide or drop, not {action!r}")
    return store.add_kill_rule(text, "hide" if action == "hide" else "drop", feed_url, expr=expr)


def remove_rule(store: Store, rule_id: int) -> KillRule:
    """Remove a rule; entries it hid are shown again (unless another hide rule still matches them)."""
    return store.remove_kill_rule(rule_id, rehide=lambda: apply_hide_rules(store))


def preview_rule(
    store: Store, text: str, feed_url: str | None = None, limit: int = 20
) -> tuple[int, list[Entry]]:
    """What `text` would catch in the archive now: (how many, the newest `limit` of them)."""
    expr = parse_filter(text)
    feed_id = None
    if feed_url is not None:
        feed = store.feed(feed_url)
        if feed is None:
            raise UsageError(f"not subscribed to {feed_url}")
        feed_id = feed.id
        text = f"({text}) and feedurl = {_quoted(feed_url)}"
        expr = parse_filter(text)
    return store.count(filter=expr), store.headlines(filter=expr, feed_id=feed_id, limit=limit)


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def apply_hide_rules(store: Store, feed_id: int | None = None, feed_url: str | None = None) -> int:
    """Hide what the hide rules match (in one feed, or everywhere); returns how many entries were hidden."""
    hidden = 0
    for rule in store.kill_rules():
        if rule.action != "hide" or (feed_url is not None and rule.feed_url not in (None, feed_url)):
            continue
        scope = feed_id
        if rule.feed_url is not None:
            feed = store.feed(rule.feed_url)
            if feed is None:
                continue
            scope = feed.id
        if (expr := _parsed(rule)) is not None:
            hidden += store.hide_matching(expr, scope)
    return hidden


def _parsed(rule: KillRule) -> Expr | None:
    """A stored rule's expression; None for one this version cannot read (it is skipped, not fatal)."""
    try:
        return parse_filter(rule.expr)
    except FilterError:
        return None


@dataclass(slots=True)
class _Compiled:
    expr: Expr
    feed_url: str | None


class RefreshPolicy:
    """What a refresh does differently per feed: drop rules, hide rules, max items, interval, user agent.

    Built once per refresh (rules and settings are read once, not per feed).
    """

    def __init__(self, store: Store, config: Config) -> None:
        self.store = store
        rules = store.kill_rules()
        self.drop = [
            _Compiled(expr, r.feed_url)
            for r in rules
            if r.action == "drop" and (expr := _parsed(r)) is not None
        ]
        self.has_hide = any(r.action == "hide" for r in rules)
        self.settings = SettingsResolver(
            config.feed_settings, config.tag_settings, store.stored_feed_settings()
        )
        self._feeds: dict[str, tuple[str, list[str]]] | None = None
        self._resolved: dict[str, FeedSettings] = {}

    def _feed(self, url: str) -> tuple[str, list[str]]:
        """(title, tags) of a subscribed feed, read once for the whole refresh."""
        if self._feeds is None:
            self._feeds = {f.url: (f.name, f.tags) for f in self.store.feeds(counted=False)}
        return self._feeds.get(url, (url, []))

    def for_feed(self, url: str) -> FeedSettings:
        """The feed's settings, resolved once per refresh (asked for its user agent, interval and limit)."""
        if (found := self._resolved.get(url)) is None:
            found = self._resolved[url] = self.settings.for_feed(url, self._feed(url)[1])
        return found

    def user_agent(self, url: str) -> str | None:
        return self.for_feed(url).user_agent

    def next_update(self, url: str, server_next: float, now: float | None = None) -> float:
        """The server's wish or the feed's own interval, whichever is later."""
        interval = self.for_feed(url).refresh_interval
        if not interval:
            return server_next
        return max(server_next, (now or time.time()) + interval * 60)

    def before_store(self, url: str, parsed: ParsedFeed) -> ParsedFeed:
        """The parsed feed without the entries a drop rule matches."""
        rules = [r.expr for r in self.drop if r.feed_url in (None, url)]
        if not rules:
            return parsed
        title, tags = self._feed(url)
        now = datetime.now(UTC)
        stamp = now_iso()
        kept = [
            e
            for e in parsed.entries
            if not any(matches(x, _record(e, title, url, tags, stamp), now) for x in rules)
        ]
        return replace(parsed, entries=kept)

    def acts_after_store(self, url: str) -> bool:
        """Whether `after_store` has anything to do for this feed (else the refresh skips the thread hop)."""
        return self.has_hide or bool(self.for_feed(url).max_items)

    def after_store(self, feed_id: int, url: str) -> int:
        """Hide rules and max items for one freshly stored feed; returns how many entries left the lists."""
        gone = apply_hide_rules(self.store, feed_id, url) if self.has_hide else 0
        keep = self.for_feed(url).max_items
        if keep:
            gone += self.store.trim_feed(feed_id, keep)
        return gone


def _record(entry: ParsedEntry, title: str, url: str, tags: list[str], now: str) -> Record:
    first = entry.enclosures[0] if entry.enclosures else None
    return Record(
        enclosure_type=first.type if first else None,
        enclosure_url=first.url if first else None,
        title=entry.title,
        sort_time=entry.published or now,
        author=entry.author,
        link=entry.link,
        feed=title,
        feedurl=url,
        published=entry.published,
        summary=entry.summary,
        tags=tags,
    )
