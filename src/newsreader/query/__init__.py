"""The filter language: one parser (`lang`), two back ends that agree (`sql` for the archive, `evaluate`
for entries not stored yet), used by list filters, query feeds and kill rules."""

from __future__ import annotations

from newsreader.query.evaluate import Record, matches
from newsreader.query.lang import FIELDS, Expr, FilterError, parse_filter
from newsreader.query.sql import install, to_sql

__all__ = ["FIELDS", "Expr", "FilterError", "Record", "install", "matches", "parse_filter", "to_sql"]
