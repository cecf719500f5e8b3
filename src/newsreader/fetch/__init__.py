"""HTTP fetching with newsreader's limits (see client.py)."""

from newsreader.fetch.client import Fetcher, HTTPStatusError, Response

__all__ = ["Fetcher", "HTTPStatusError", "Response"]
