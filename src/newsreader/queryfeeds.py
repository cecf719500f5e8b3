"""Query feeds: saved filter expressions shown as virtual feeds (Newsboat's `query:Name:expr`).

They come from config.toml (`[queries] "Recent Afghan" = 'unread = "yes" and title =~ "Afghan"'`) and from
`newsreader query add` / the TUI's "save as query feed" (stored in the database). A stored query replaces a
configured one of the same name. The entries a query feed lists are the real entries, so marking one read
there marks the entry itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from newsreader.config import Config
from newsreader.errors import ConfigError, UsageError
from newsreader.query import Expr, FilterError, parse_filter
from newsreader.store import Store
from newsreader.text import NAME, clean_line

MAX_NAME = NAME


@dataclass(frozen=True, slots=True)
class QueryFeed:
    name: str
    text: str
    expr: Expr
    origin: Literal["config", "saved"]

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "expr": self.text, "origin": self.origin}


def check_name(name: str) -> str:
    cleaned = clean_line(name, max_len=MAX_NAME + 1)
    if not cleaned or cleaned != name.strip() or len(cleaned) > MAX_NAME:
        raise UsageError(f"a query name is one line of 1 to {MAX_NAME} printable characters, not {name!r}")
    return cleaned


def config_queries(value: Any, path: Path) -> dict[str, str]:
    """Validate `[queries]`: names to expressions that parse (the error names the query and column)."""
    if not isinstance(value, dict):
        raise ConfigError(f'{path}: [queries] maps names to expressions, e.g. Recent = "age < 2"')
    out: dict[str, str] = {}
    for name, text in value.items():
        if not isinstance(text, str):
            raise ConfigError(f"{path}: [queries] {name!r} must be an expression in quotes")
        try:
            out[check_name(name)] = text
            parse_filter(text)
        except UsageError as err:
            raise ConfigError(f"{path}: [queries] {name!r}: {err.message}") from None
    return out


def query_feeds(store: Store, config: Config) -> list[QueryFeed]:
    """Every query feed, by name; a stored expression that no longer parses is skipped."""
    found: dict[str, QueryFeed] = {}
    for name, text in config.queries.items():
        found[name] = QueryFeed(name, text, parse_filter(text), "config")
    for name, text in store.saved_queries().items():
        try:
            found[name] = QueryFeed(name, text, parse_filter(text), "saved")
        except FilterError:
            continue
    return [found[name] for name in sorted(found, key=str.lower)]


def save_query(store: Store, name: str, text: str) -> QueryFeed:
    """Check and store a query feed (replacing one of the same name)."""
    name = check_name(name)
    expr = parse_filter(text)
    store.save_query(name, text)
    return QueryFeed(name, text, expr, "saved")
