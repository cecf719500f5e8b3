"""Feed parsing, autodiscovery and OPML."""

from newsreader.feeds.discover import discover_feeds, looks_like_html
from newsreader.feeds.opml import OpmlFeed, export_opml, parse_opml
from newsreader.feeds.parse import parse_feed

__all__ = ["OpmlFeed", "discover_feeds", "export_opml", "looks_like_html", "parse_feed", "parse_opml"]
