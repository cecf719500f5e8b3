"""The filter language: parser, errors with columns, SQL and Python back ends agreeing on a real store."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsreader.models import Enclosure, ParsedEntry, ParsedFeed
from newsreader.query import FilterError, Record, matches, parse_filter, to_sql
from newsreader.query.lang import And, Compare, Not, Or
from newsreader.store import Store
from tests.raw_db import raw_db

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


def _ago(days: float) -> str:
    return (NOW - timedelta(days=days)).isoformat(timespec="seconds")


# -- parsing ----------------------------------------------------------------------------------------------


def test_the_readme_example_parses_into_a_typed_expression() -> None:
    expr = parse_filter('unread = "yes" and title =~ "Afghan" and age < 7')
    assert isinstance(expr, And)
    unread, title, age = expr.items
    assert isinstance(unread, Compare) and unread.value is True
    assert isinstance(title, Compare) and isinstance(title.value, re.Pattern)
    assert title.value.flags & re.IGNORECASE
    assert isinstance(age, Compare) and age.value == 7


def test_precedence_not_and_or_parentheses() -> None:
    expr = parse_filter('title = "a" or title = "b" and not author = "c"')
    assert isinstance(expr, Or)
    assert isinstance(expr.items[1], And)
    assert isinstance(expr.items[1].items[1], Not)
    grouped = parse_filter('(title = "a" or title = "b") && author != "c"')
    assert isinstance(grouped, And) and isinstance(grouped.items[0], Or)


def test_newsboat_names_and_operators() -> None:
    for text in (
        'feedtitle =~ "x"',
        'rssurl # "example"',
        'tags # "tech" and tags !# "sport"',
        "age between 1:7",
        'content # "kelp forest"',
        'content !~ "^draft"',
        'published >= "2026-01-01"',
        'flagged = "no"',
        'description !# "ad"',
        'enclosure_type =~ "^audio/"',
    ):
        parse_filter(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('unread = "yes" and title =~', "expected a value after '=~' at 28"),
        ('title =~ "("', "bad regular expression"),
        ("colour = 1", "unknown field 'colour'"),
        ('age < "soon"', 'expected a whole number, not "soon" at 7'),
        ("title", "expected an operator after 'title', found the end at 6"),
        ('(title = "a"', "expected ')' to close the '(' from 1, found the end at 13"),
        ('title = "abc', "unterminated string starting at 9"),
        ('title = "abc\\"', "unterminated string starting at 9"),
        ('unread = "maybe"', 'unread is "yes" or "no", not "maybe" at 10'),
        ('title = "a" title', "expected 'and', 'or' or the end, not 'title' at 13"),
        ("", "empty filter"),
        ('age =~ "1"', "age takes = != < > <= >= between, not '=~' at 5"),
        ('title = "a" and $', "unexpected character '$' at 17"),
        ("age between 1 7", "expected ':' in 'between LOW:HIGH', found '7' at 15"),
        ('content # "!!"', "needs at least one word"),
        ("(" * 70 + 'title = "a"' + ")" * 70, "nested too deeply"),
    ],
)
def test_errors_are_one_line_and_name_the_column(text: str, message: str) -> None:
    with pytest.raises(FilterError) as info:
        parse_filter(text)
    assert message in info.value.message
    assert "\n" not in info.value.message
    assert re.search(r"at \d+", info.value.message)


@given(st.text(max_size=60))
@settings(max_examples=300)
def test_any_text_parses_or_fails_with_a_filter_error(text: str) -> None:
    try:
        parse_filter(text)
    except FilterError as err:
        assert "\n" not in err.message


def test_escaped_quotes_inside_strings() -> None:
    expr = parse_filter(r'title = "say \"hi\""')
    assert isinstance(expr, Compare) and expr.value == 'say "hi"'


# -- the two back ends on a real store ----------------------------------------------------------------

TITLES = [
    "Afghan talks resume",
    "Kelp forest returns",
    "afghan rugs at the fair",
    "Budget vote",
    "Ünïcode café",
]
AUTHORS = [None, "Maren Holt", "Staff"]
SUMMARIES = [None, "kelp and seagrass", "talks on the harbour wall", "café owners vote"]
AGES = [0.2, 1.5, 6.9, 7.1, 30.0, -1.0]
ENCLOSURES = [
    [],
    [Enclosure("https://cdn.example/ep1.mp3", "audio/mpeg", 1000)],
    [
        Enclosure("https://cdn.example/clip.mp4", "video/mp4"),
        Enclosure("https://cdn.example/x.mp3", "audio/mpeg"),
    ],
    [Enclosure("https://cdn.example/unknown.bin")],
]


def _fill(store: Store) -> dict[int, Record]:
    """Two feeds, one tagged; every combination-ish of fields; some read, some starred."""
    records: dict[int, Record] = {}
    feeds = [
        store.add_feed("https://a.example/feed", "World News", ["news", "world"]),
        store.add_feed("https://b.example/rss", None, []),
    ]
    for fi, feed in enumerate(feeds):
        entries = []
        for i in range(24):
            published = _ago(AGES[i % len(AGES)]) if i % 5 else None
            entries.append(
                ParsedEntry(
                    key=f"k{i}",
                    title=TITLES[i % len(TITLES)],
                    link=f"https://{'ab'[fi]}.example/{i}" if i % 7 else None,
                    author=AUTHORS[i % len(AUTHORS)],
                    published=published,
                    summary=SUMMARIES[i % len(SUMMARIES)],
                    enclosures=ENCLOSURES[i % len(ENCLOSURES)],
                )
            )
        store.store_feed(
            feed.id,
            ParsedFeed(None, None, entries),
            etag=None,
            last_modified=None,
            body_hash="h",
            next_update=0,
        )
    raw_db(store).conn.execute("UPDATE entries SET read = 1 WHERE id % 3 = 0")
    raw_db(store).conn.execute("UPDATE entries SET starred = 1 WHERE id % 4 = 0")
    # Entries without a date are first seen "now" by the store's clock: pin that for the test clock.
    raw_db(store).conn.execute(
        "UPDATE entries SET sort_time = ?, first_seen = ? WHERE published IS NULL", (_ago(0.5),) * 2
    )
    for row in raw_db(store).query(
        "SELECT e.*, f.title AS ft, f.url AS fu, f.tags AS tags"
        " FROM entries e JOIN feeds f ON f.id = e.feed_id"
    ):
        records[row["id"]] = Record(
            title=row["title"],
            sort_time=row["sort_time"],
            author=row["author"],
            link=row["link"],
            feed=row["ft"] or row["fu"],
            feedurl=row["fu"],
            published=row["published"],
            summary=row["summary"],
            tags=json.loads(row["tags"]),
            unread=not row["read"],
            starred=bool(row["starred"]),
            enclosure_type=(json.loads(row["enclosures"]) or [{}])[0].get("type"),
            enclosure_url=(json.loads(row["enclosures"]) or [{}])[0].get("url"),
        )
    return records


def _sql_ids(store: Store, text: str) -> set[int]:
    condition, params = to_sql(parse_filter(text), NOW)
    rows = raw_db(store).query(
        f"SELECT e.id FROM entries e JOIN feeds f ON f.id = e.feed_id WHERE {condition}", params
    )
    return {r[0] for r in rows}


def _py_ids(records: dict[int, Record], text: str) -> set[int]:
    expr = parse_filter(text)
    return {i for i, r in records.items() if matches(expr, r, NOW)}


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Store, dict[int, Record]]:
    store = Store.open(tmp_path_factory.mktemp("q") / "db.sqlite")
    return store, _fill(store)


def test_known_answers(archive: tuple[Store, dict[int, Record]]) -> None:
    store, records = archive
    afghan = _sql_ids(store, 'unread = "yes" and title =~ "Afghan" and age < 7')
    assert afghan
    for i in afghan:
        r = records[i]
        assert r.unread and "afghan" in r.title.lower()
        age_days = (NOW - datetime.fromisoformat(r.sort_time)).total_seconds() / 86400
        assert age_days < 7
    # the complement really is everything else
    everything = set(records)
    assert _sql_ids(store, 'not (unread = "yes" and title =~ "Afghan" and age < 7)') == everything - afghan
    assert _sql_ids(store, 'tags # "news"') == {
        i for i, r in records.items() if r.feedurl.startswith("https://a")
    }
    assert _sql_ids(store, 'feed = "https://b.example/rss"') == _sql_ids(store, 'tags !# "news"')
    podcasts = {i for i, r in records.items() if (r.enclosure_type or "").startswith("audio/")}
    assert podcasts and _sql_ids(store, 'enclosure_type =~ "^audio/"') == podcasts
    # full-text: whole words, accents folded like the index does
    assert _sql_ids(store, 'content # "cafe"') == {
        i for i, r in records.items() if "café" in r.text("content")
    }


FIELD_VALUES = {
    "title": ['"Afghan"', '"kelp"', '"Budget vote"', '"^a"', '"é"'],
    "author": ['"Staff"', '"holt"', '""'],
    "link": ['"b.example"', '""'],
    "feed": ['"World News"', '"rss"'],
    "feedurl": ['"https://a.example/feed"', '"a.example"'],
    "published": ['"2026-11-25"', '""', '"2026-11-29T00:00:00+00:00"'],
    "summary": ['"kelp"', '"harbour wall"', '""'],
    "tags": ['"news"', '"world"', '"none"'],
    "content": ['"kelp"', '"talks harbour"', '"cafe"', '"CAFÉ vote"'],
    "unread": ['"yes"', '"no"'],
    "starred": ['"yes"', '"no"'],
    "age": ["0", "1", "7", "30", "-1"],
    "enclosure_type": ['"audio/mpeg"', '"^audio/"', '""', '"video"'],
    "enclosure_url": ['"mp3"', '""'],
}
OPS = {
    "title": ["=", "!=", "=~", "!~", "#", "!#", "<", ">=", "between"],
    "author": ["=", "!=", "=~", "#", ">"],
    "link": ["=", "#", "!#", "<="],
    "feed": ["=", "=~", "!~"],
    "feedurl": ["=", "#"],
    "published": ["<", ">", ">=", "<=", "=", "between"],
    "summary": ["=~", "!~", "#", "="],
    "tags": ["#", "!#", "=", "!="],
    "content": ["#", "!#", "=~", "!~"],
    "unread": ["=", "!="],
    "starred": ["=", "!="],
    "age": ["<", ">", "<=", ">=", "=", "!=", "between"],
    "enclosure_type": ["=", "!=", "=~", "!~", "#"],
    "enclosure_url": ["#", "!#", "="],
}


@st.composite
def comparisons(draw: st.DrawFn) -> str:
    field = draw(st.sampled_from(sorted(FIELD_VALUES)))
    op = draw(st.sampled_from(OPS[field]))
    value = draw(st.sampled_from(FIELD_VALUES[field]))
    if op == "between":
        other = draw(st.sampled_from(FIELD_VALUES[field]))
        return f"{field} between {value}:{other}"
    return f"{field} {op} {value}"


expressions = st.recursive(
    comparisons(),
    lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from(["and", "or"]), inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        inner.map(lambda e: f"not {e}"),
    ),
    max_leaves=6,
)


@given(expressions)
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_sql_and_python_agree_on_every_entry(archive: tuple[Store, dict[int, Record]], text: str) -> None:
    store, records = archive
    assert _sql_ids(store, text) == _py_ids(records, text), text


def test_store_headlines_take_a_filter_and_page(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "db.sqlite")
    records = _fill(store)
    expr = parse_filter('title =~ "kelp|afghan"')
    first = store.headlines(filter=expr, limit=5)
    rest = store.headlines(filter=expr, limit=100, after=(first[-1].sort_time, first[-1].id))
    got = {e.id for e in first + rest}
    assert got == {i for i, r in records.items() if re.search("kelp|afghan", r.title, re.I)}
    assert len(first) == 5 and not {e.id for e in first} & {e.id for e in rest}
    assert store.count(filter=expr, unread=True) == sum(1 for i in got if records[i].unread)
