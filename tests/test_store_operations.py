"""The store's operations named for what callers mean, on a real SQLite file: search with the filters of
`headlines`, mark_read by ids / feed / tag / query / Starred with its undo, update_entry, feeds(tag=),
subscribe in one transaction, kill rules in theirs; and the connection stays inside store/."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from newsreader.errors import UsageError
from newsreader.models import Article, Entry, Feed, Paragraph, ParsedEntry, ParsedFeed
from newsreader.query import parse_filter
from newsreader.rules import add_rule, remove_rule
from newsreader.store import EntryFilter, Store
from newsreader.store.entry_query import entry_query
from tests.raw_db import raw_db

ROOT = Path(__file__).resolve().parents[1]


def _feed(store: Store, url: str, titles: list[str], tags: list[str]) -> Feed:
    feed = store.add_feed(url, tags=tags)
    entries = [
        ParsedEntry(
            key=f"{url}#{i}",
            title=title,
            link=f"{url}/{i}.html",
            published=f"2026-10-{10 + i:02d}T08:00:00+00:00",
            summary=f"{title} summary",
        )
        for i, title in enumerate(titles)
    ]
    store.store_feed(
        feed.id, ParsedFeed(url, None, entries), etag=None, last_modified=None, body_hash=url, next_update=0
    )
    return feed


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """Three feeds: two tagged "news" (one also "local"), one untagged; every title has "kelp"."""
    store = Store.open(tmp_path / "newsreader.db")
    _feed(store, "https://a.example/feed", ["kelp tide", "kelp storm", "kelp ferry"], ["news"])
    _feed(store, "https://b.example/feed", ["kelp council", "kelp bell"], ["news", "local"])
    _feed(store, "https://c.example/feed", ["kelp chart", "kelp fog", "kelp wall"], [])
    return store


def _titles(entries: list[Entry]) -> set[str]:
    return {e.title for e in entries}


def _by_title(store: Store) -> dict[str, int]:
    return {e.title: e.id for e in store.headlines(limit=100)}


def test_feeds_of_a_tag_with_their_counts(store: Store) -> None:
    assert [f.url for f in store.feeds(tag="news")] == ["https://a.example/feed", "https://b.example/feed"]
    assert [f.url for f in store.feeds(tag="local")] == ["https://b.example/feed"]
    assert store.feeds(tag="nothing") == []
    news = store.feeds(tag="news")
    assert [(f.unread, f.total) for f in news] == [(3, 3), (2, 2)]
    assert [(f.unread, f.total) for f in store.feeds(tag="news", counted=False)] == [(0, 0), (0, 0)]
    assert [f.url for f in store.feeds()] == [*(f.url for f in news), "https://c.example/feed"]


@pytest.mark.parametrize(
    "where",
    [
        EntryFilter(),
        EntryFilter(unread=True),
        EntryFilter(starred=True),
        EntryFilter(tag="news"),
        EntryFilter(tag="local", unread=True),
        EntryFilter(feed_id=3),
        EntryFilter(filter=parse_filter('title =~ "storm|fog"')),
        EntryFilter(tag="news", filter=parse_filter('unread = "yes"'), starred=True),
    ],
)
def test_list_count_and_search_cover_the_same_entries(store: Store, where: EntryFilter) -> None:
    ids = _by_title(store)
    store.update_entry(ids["kelp tide"], read=True)
    store.update_entry(ids["kelp bell"], starred=True)
    store.update_entry(ids["kelp fog"], read=True, starred=True)
    listed = store.headlines(limit=100, **where)
    assert store.count(**where) == len(listed)
    assert _titles(store.search("kelp", limit=100, **where)) == _titles(listed)


def test_search_filters_before_its_limit(store: Store) -> None:
    """The newest matches are read: unread results still come (the UI once filtered after a LIMIT)."""
    newest = store.headlines(limit=4)
    assert [e.title for e in newest] == ["kelp wall", "kelp ferry", "kelp fog", "kelp bell"]
    store.mark_read([e.id for e in newest])
    found = store.search("kelp", limit=2, unread=True)
    assert [e.title for e in found] == ["kelp storm", "kelp chart"]
    assert [e.title for e in store.search("kelp", feed_id=1, unread=True)] == ["kelp storm", "kelp tide"]


def test_search_finds_article_text_within_the_filters(store: Store) -> None:
    link = "https://c.example/feed/1.html"  # "kelp fog", of the untagged feed
    store.put_article([link], Article(url=link, title="t", blocks=[Paragraph("quayside railings")]).to_json())
    assert [e.title for e in store.search("railings")] == ["kelp fog"]
    assert store.search("railings", tag="news") == []
    store.update_entry(_by_title(store)["kelp fog"], read=True)
    assert store.search("railings", unread=True) == []
    assert [e.title for e in store.search("railings", feed_id=3)] == ["kelp fog"]


def test_hidden_entries_stay_out_of_lists_counts_search_and_mark_read(store: Store) -> None:
    _, hidden = add_rule(store, 'title =~ "storm"', "hide")
    assert hidden == 1
    assert "kelp storm" not in _titles(store.search("kelp", limit=100))
    assert store.count() == 7 and store.count(unread=True) == 7
    assert store.mark_read(read=False) == []  # the hidden entry is read, and stays so
    assert len(store.mark_read(tag="news")) == 4
    assert store.mark_read(tag="news") == []


def test_a_hidden_entry_marked_unread_stays_read_and_hidden(store: Store) -> None:
    """A hidden entry can still be reached by its link (an article's link, the history) and marked: the
    store keeps "hidden is read" (the unread lists and counts rely on it) and remembers the wish for when
    the rule goes."""
    entry_id = _by_title(store)["kelp storm"]
    rule, _ = add_rule(store, 'title =~ "storm"', "hide")
    store.update_entry(entry_id, read=False)
    assert "kelp storm" not in _titles(store.headlines(unread=True, limit=100))
    assert store.count(unread=True) == 7 and store.counts()[1] == 7
    assert "kelp storm" not in _titles(store.search("storm", unread=True))
    remove_rule(store, rule.id)
    entry = store.entry(entry_id)
    assert entry is not None and not entry.read
    store.update_entry(entry_id, read=True)
    add_rule(store, 'title =~ "storm"', "hide")
    store.update_entry(entry_id, starred=True)  # only the read state is kept aside
    assert store.count(unread=True) == 7


def test_mark_read_by_tag_feed_query_ids_and_starred_and_its_undo(store: Store) -> None:
    ids = _by_title(store)
    unread = {e.title for e in store.headlines(unread=True, limit=100)}
    changed = store.mark_read(tag="local")
    assert sorted(changed) == sorted([ids["kelp council"], ids["kelp bell"]])
    changed += store.mark_read(filter=parse_filter('title =~ "tide|chart"'))
    assert len(changed) == 4
    store.update_entry(ids["kelp wall"], starred=True)
    starred = store.mark_read(starred=True)
    assert starred == [ids["kelp wall"]]
    assert store.mark_read([ids["kelp fog"], ids["kelp wall"]]) == [ids["kelp fog"]]  # wall was read already
    assert len(store.mark_read(feed_id=1)) == 2  # storm and ferry: tide was read by the query
    assert store.count(unread=True) == 0
    store.mark_read(changed + starred, read=False)  # undo of the first three
    assert {e.title for e in store.headlines(unread=True, limit=100)} == unread - {
        "kelp fog",
        "kelp storm",
        "kelp ferry",
    }


def test_update_entry_sets_only_what_it_is_given(store: Store) -> None:
    entry_id = _by_title(store)["kelp tide"]
    store.update_entry(entry_id, starred=True)
    store.update_entry(entry_id, read=True)
    entry = store.entry(entry_id)
    assert entry is not None and entry.read and entry.starred
    store.update_entry(entry_id, starred=False)
    entry = store.entry(entry_id)
    assert entry is not None and entry.read and not entry.starred


def test_subscribe_is_one_transaction_with_its_first_entries(store: Store) -> None:
    def fail(feed: Feed) -> None:
        store.store_feed(
            feed.id,
            ParsedFeed("New", None, [ParsedEntry("k", "kelp new", "https://d.example/1")]),
            etag=None,
            last_modified=None,
            body_hash="x",
            next_update=0,
        )
        raise UsageError("the first entries could not be stored")

    with pytest.raises(UsageError):
        store.subscribe("https://d.example/feed", title="D", tags=["news"], then=fail)
    assert store.feed("https://d.example/feed") is None and store.count() == 8
    feed, new = store.subscribe("https://d.example/feed", tags=["news"], then=lambda f: (f, 1))
    assert feed.tags == ["news"] and new == 1
    assert [f.url for f in store.feeds(tag="news")][-1] == "https://d.example/feed"


def test_kill_rules_hide_and_show_in_their_own_transaction(store: Store) -> None:
    with pytest.raises(UsageError, match="not subscribed"):
        add_rule(store, 'title =~ "kelp"', "hide", feed_url="https://nowhere.example/feed")
    assert store.kill_rules() == [] and store.count() == 8
    first, _ = add_rule(store, 'title =~ "tide"', "hide")
    second, hidden = add_rule(store, 'title =~ "storm|tide"', "hide", feed_url="https://a.example/feed")
    assert hidden == 1 and store.count() == 6
    remove_rule(store, first.id)  # the other rule hides its entries again at once
    assert store.count() == 6 and "kelp tide" not in _titles(store.headlines(limit=100))
    remove_rule(store, second.id)
    assert store.count(unread=True) == 8


def test_no_module_outside_the_store_reaches_its_connection() -> None:
    found = subprocess.run(
        ["git", "grep", "-nE", r"\.(_?db)\b[^_]", "--", "src/newsreader"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.splitlines()
    outside = [line for line in found if not line.startswith("src/newsreader/store/")]
    assert [line for line in outside if not re.search(r"newsreader\.db|DB_NAME", line)] == []


FEED_FILTERS = [
    'tags !# "news" and unread = "yes"',
    'tags # "local"',
    'feed =~ "b\\\\.example"',
    'feedurl = "x" or tags # "a"',
]


@pytest.mark.parametrize("text", FEED_FILTERS)
def test_filters_on_the_feed_are_tested_once_per_feed_not_per_entry(store: Store, text: str) -> None:
    """A feed's fields (tags included) are tested in one uncorrelated subquery over the feeds: a correlated
    one runs once per entry (100k entries: seconds instead of milliseconds)."""
    expr = parse_filter(text)
    for sql, params in (
        entry_query(filter=expr, unread=True).count(),
        entry_query(filter=expr).select("e.id", limit=50),
    ):
        plan = [row[3] for row in raw_db(store).conn.execute("EXPLAIN QUERY PLAN " + sql, params)]
        assert not any("CORRELATED" in step for step in plan), plan
    assert store.count(filter=expr) == len(store.headlines(filter=expr, limit=100))
