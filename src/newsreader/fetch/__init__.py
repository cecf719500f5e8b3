"""HTTP fetching with newsreader's limits (see client.py)."""

from newsreader.fetch.client import ConnectFailed, Fetcher, HTTPStatusError, Response

__all__ = ["ConnectFailed", "Fetcher", "HTTPStatusError", "Response"]
