"""Compile an expression to a SQL condition over `entries e JOIN feeds f` (the store's headline query).

Regular expressions (`=~ !~ #` on text) run through the `regexp` function `install` registers, i.e. Python's
`re` with the very pattern `evaluate.py` uses; `age` becomes a range on `e.sort_time` (indexed);
`content # "words"` uses the full-text index. Every text column is coalesced to '' so that NULL never makes
`not (...)` differ from the Python evaluator.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import datetime
from functools import lru_cache

from newsreader.query.age import age_bounds
from newsreader.query.lang import And, Compare, Expr, Kind, Not, Or

COLUMNS = {
    "title": "e.title",
    "author": "coalesce(e.author, '')",
    "link": "coalesce(e.link, '')",
    "feed": "coalesce(f.title, f.url)",
    "feedurl": "f.url",
    "published": "coalesce(e.published, '')",
    "summary": "coalesce(e.summary, '')",
    "enclosure_type": "coalesce(json_extract(e.enclosures, '$[0].type'), '')",
    "enclosure_url": "coalesce(json_extract(e.enclosures, '$[0].url'), '')",
    # `content` =~: the text the full-text index holds (title and summary), as evaluate.py sees it.
    "content": "(e.title || char(10) || coalesce(e.summary, ''))",
}
_BOOL = {"unread": "e.read = 0", "starred": "e.starred = 1"}
# The feeds with a tag (one parameter): `tags # "x"` here, and the store's lists and feeds of a tag.
FEEDS_WITH_TAG = "SELECT f2.id FROM feeds f2, json_each(f2.tags) t WHERE t.value = ?"


@lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def _regexp(pattern: str, value: str | None) -> bool:
    return value is not None and _compiled(pattern).search(value) is not None


def install(conn: sqlite3.Connection) -> None:
    """Give `conn` the `regexp` function the compiled SQL uses (idempotent)."""
    conn.create_function("regexp", 2, _regexp, deterministic=True)


def fts_query(words: tuple[str, ...]) -> str:
    """An FTS5 query that needs every word (each quoted, so no word is read as an operator)."""
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


def to_sql(expr: Expr, now: datetime) -> tuple[str, list[object]]:
    """A condition and its parameters; `now` fixes what `age` counts from."""
    params: list[object] = []
    return _sql(expr, now, params), params


def _sql(expr: Expr, now: datetime, params: list[object]) -> str:
    if isinstance(expr, And | Or):
        joiner = " AND " if isinstance(expr, And) else " OR "
        return "(" + joiner.join(_sql(item, now, params) for item in expr.items) + ")"
    if isinstance(expr, Not):
        return "NOT " + _sql(expr.item, now, params)
    return _compare(expr, now, params)


# Fields of the feed, not the entry: tested once per feed in a subquery (1,000 feeds, not 100,000 entries;
# a regex on the feed title is otherwise run for every entry).
FEED_FIELDS = ("feed", "feedurl", "tags")


def _compare(c: Compare, now: datetime, params: list[object]) -> str:
    if c.field.name in FEED_FIELDS:
        # The inner `f` shadows the outer one: the condition reads the same either way. The unary `+` keeps
        # the planner from driving the query by feed_id: a page stays a walk down the time index.
        return f"+e.feed_id IN (SELECT f.id FROM feeds f WHERE {_entry_or_feed(c, now, params)})"
    return _entry_or_feed(c, now, params)


def _entry_or_feed(c: Compare, now: datetime, params: list[object]) -> str:
    kind, op, value = c.field.kind, c.op, c.value
    if kind is Kind.BOOL:
        test = _BOOL[c.field.name]
        return f"({test})" if value else f"NOT ({test})"
    if kind is Kind.NUMBER:
        return _age(op, value, now, params)
    if kind is Kind.LIST:
        assert isinstance(value, str)
        params.append(value)
        has = f"f.id IN ({FEEDS_WITH_TAG})"  # the feed subquery's `f` (see `_compare`)
        return has if op == "#" else f"NOT {has}"
    if kind is Kind.FULLTEXT and isinstance(value, tuple):
        params.append(fts_query(value))  # type: ignore[arg-type]
        hit = "e.id IN (SELECT rowid FROM entries_fts WHERE entries_fts MATCH ?)"
        return hit if op == "#" else f"NOT {hit}"
    column = COLUMNS[c.field.name]
    if isinstance(value, re.Pattern):
        params.append(value.pattern)
        test = f"{column} REGEXP ?"
        return test if op in ("=~", "#") else f"NOT ({test})"
    if op == "between":
        assert isinstance(value, tuple)
        params.extend(value)
        return f"({column} >= ? AND {column} <= ?)"
    params.append(value)
    return f"{column} {'<>' if op == '!=' else op} ?"


def _age(op: str, value: object, now: datetime, params: list[object]) -> str:
    if op == "between":
        assert isinstance(value, tuple)
        lo, hi = value
        return f"({_age('>=', lo, now, params)} AND {_age('<=', hi, now, params)})"
    assert isinstance(value, int)
    if op == "!=":
        return f"NOT {_age('=', value, now, params)}"
    terms = []
    for cmp, cut in age_bounds(op, value, now):
        params.append(cut)
        terms.append(f"e.sort_time {cmp} ?")
    return "(" + " AND ".join(terms) + ")"
