"""Feed parsing, autodiscovery and OPML.

Each part is imported when it is first used (PEP 562): a refresh where nothing changed parses nothing,
and the parser's imports (lxml and every format) were a tenth of that refresh's start-up.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsreader.feeds.discover import discover_feeds, looks_like_html
    from newsreader.feeds.opml import OpmlFeed, export_opml, parse_opml
    from newsreader.feeds.parse import parse_feed

__all__ = ["OpmlFeed", "discover_feeds", "export_opml", "looks_like_html", "parse_feed", "parse_opml"]
_MODULE = {
    "discover_feeds": "discover",
    "looks_like_html": "discover",
    "OpmlFeed": "opml",
    "export_opml": "opml",
    "parse_opml": "opml",
    "parse_feed": "parse",
}


def __getattr__(name: str) -> Any:
    module = _MODULE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # found directly from now on
    return value
