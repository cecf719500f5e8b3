"""Evaluate an expression in Python, for entries that are not in the database yet (kill rules at refresh).

It must agree with `sql.py` on every entry; a property test checks the two against a real store.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime

from newsreader.query.age import age_bounds, holds
from newsreader.query.lang import WORD, And, Compare, Expr, Kind, Not, Or


@dataclass(slots=True)
class Record:
    """The fields a filter reads, as plain values (what `entries e JOIN feeds f` gives for one row)."""

    title: str
    sort_time: str  # published, else first seen: what `age` counts from
    author: str | None = None
    link: str | None = None
    feed: str = ""
    feedurl: str = ""
    published: str | None = None
    summary: str | None = None
    tags: list[str] = field(default_factory=list)
    unread: bool = True
    starred: bool = False
    enclosure_type: str | None = None  # of the first enclosure
    enclosure_url: str | None = None

    def text(self, name: str) -> str:
        if name == "content":
            return self.title + "\n" + (self.summary or "")
        fields = {
            "title": self.title,
            "author": self.author,
            "link": self.link,
            "feed": self.feed,
            "feedurl": self.feedurl,
            "published": self.published,
            "summary": self.summary,
            "enclosure_type": self.enclosure_type,
            "enclosure_url": self.enclosure_url,
        }
        return fields[name] or ""


def fold(word: str) -> str:
    """A word as the full-text index (unicode61, diacritics removed) compares it."""
    decomposed = unicodedata.normalize("NFD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _words(text: str) -> set[str]:
    return {fold(w) for w in WORD.findall(text)}


def matches(expr: Expr, record: Record, now: datetime) -> bool:
    if isinstance(expr, And):
        return all(matches(item, record, now) for item in expr.items)
    if isinstance(expr, Or):
        return any(matches(item, record, now) for item in expr.items)
    if isinstance(expr, Not):
        return not matches(expr.item, record, now)
    return _compare(expr, record, now)


def _compare(c: Compare, r: Record, now: datetime) -> bool:
    kind, op, value = c.field.kind, c.op, c.value
    if kind is Kind.BOOL:
        return bool(getattr(r, c.field.name)) is value
    if kind is Kind.NUMBER:
        return _age(op, value, r.sort_time, now)
    if kind is Kind.LIST:
        return (value in r.tags) is (op == "#")
    text = r.text(c.field.name)
    if kind is Kind.FULLTEXT and isinstance(value, tuple):
        found = {fold(str(w)) for w in value} <= _words(text)
        return found is (op == "#")
    if isinstance(value, re.Pattern):
        return (value.search(text) is not None) is (op in ("=~", "#"))
    if op == "between":
        assert isinstance(value, tuple)
        return str(value[0]) <= text <= str(value[1])
    assert isinstance(value, str)
    return {
        "=": text == value,
        "!=": text != value,
        "<": text < value,
        ">": text > value,
        "<=": text <= value,
        ">=": text >= value,
    }[op]


def _age(op: str, value: object, stamp: str, now: datetime) -> bool:
    if op == "between":
        assert isinstance(value, tuple)
        return _age(">=", value[0], stamp, now) and _age("<=", value[1], stamp, now)
    assert isinstance(value, int)
    if op == "!=":
        return not _age("=", value, stamp, now)
    return holds(stamp, age_bounds(op, value, now))
