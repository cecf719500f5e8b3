"""HTTP fetching with newsreader's limits (see client.py)."""

from newsreader.fetch.client import ConnectFailed, Fetcher, HostDown, HTTPStatusError, Response

__all__ = ["ConnectFailed", "Fetcher", "HTTPStatusError", "HostDown", "Response"]
