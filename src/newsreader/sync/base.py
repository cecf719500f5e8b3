"""The protocol-neutral side of sync: records, the client interface every protocol implements, and the one
place where an HTTP answer becomes JSON or a one-line `SyncError` naming the account.

A protocol module (ttrss, fever, greader, miniflux) only says which requests to make and how to read their
answers; `engine.py` decides the order, the queue and what is written to the store.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import AsyncGenerator
from typing import Any, ClassVar

from newsreader.errors import FetchError, TooLargeError
from newsreader.fetch import Fetcher, HTTPStatusError
from newsreader.sync.records import Account, Flag, RemoteEntry, RemoteFeed, RemoteState, SyncError
from newsreader.text import NAME, shorten

__all__ = ["Account", "Flag", "RemoteEntry", "RemoteFeed", "RemoteState", "SyncClient", "SyncError"]
API_ACCEPT = "application/json, text/plain;q=0.5"
# Pages of new entries, each with the cursor to save once it is stored.
Pages = AsyncGenerator[tuple[list[RemoteEntry], dict[str, Any]], None]


class PageTooLarge(SyncError):
    """An answer over `max_bytes`: a protocol that pages may ask again for fewer entries."""


class SyncClient(ABC):
    """One session with one server. Every method raises `SyncError` (never anything else expected)."""

    kind: ClassVar[str]
    page_size: ClassVar[int] = 200  # ids per state-changing request

    def __init__(self, fetcher: Fetcher, account: Account, password: str) -> None:
        self.fetcher = fetcher
        self.account = account
        self.password = password
        self.requests = 0  # HTTP requests made (the bench and the tests count them)

    @abstractmethod
    async def login(self) -> None: ...

    async def logout(self) -> None:  # noqa: B027 - most protocols have no session to end
        """End the session (best effort; failures are ignored by the caller)."""

    @abstractmethod
    async def subscriptions(self) -> list[RemoteFeed]: ...

    @abstractmethod
    def entries(self, cursor: dict[str, Any]) -> Pages:
        """Entries new since `cursor`, a page at a time, each with the cursor to save once it is stored."""

    @abstractmethod
    async def state(self, local_unread: dict[str, int]) -> RemoteState:
        """The server's read/starred state; `local_unread` is our unread count per remote feed id."""

    @abstractmethod
    async def mark(self, flag: Flag, value: bool, ids: list[str]) -> None:
        """Set `flag` to `value` on the entries `ids` (at most `page_size` of them)."""

    async def dated_changes(self) -> dict[str, str]:
        """When the server dates state changes: {entry id: ISO time of its last change} since the last
        sync. {} when it does not (the local change is then taken as the newer)."""
        return {}

    async def entries_by_id(self, ids: list[str]) -> list[RemoteEntry]:
        """Particular entries (those the server's state names but a page never brought); [] if the API
        cannot ask for entries by id."""
        return []

    async def subscribe(self, url: str, tag: str | None) -> None:
        raise self.error("this server's API cannot add feeds: add it in the server's web interface")

    async def unsubscribe(self, remote_feed_id: str) -> None:
        raise self.error("this server's API cannot remove feeds: remove it in the server's web interface")

    # -- HTTP and JSON, the same for every protocol -------------------------------------------------

    def error(self, reason: str) -> SyncError:
        return SyncError(f"account {self.account.name}: {reason}")

    async def call(
        self,
        method: str,
        url: str,
        *,
        content: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Any:
        """One API request; the decoded JSON answer, or a `SyncError` naming the account."""
        body = await self.call_raw(method, url, content=content, headers=headers)
        return self.decode(body)

    async def call_raw(
        self,
        method: str,
        url: str,
        *,
        content: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> bytes:
        self.requests += 1
        try:
            response = await self.fetcher.request(
                method, url, content=content, headers={"Accept": API_ACCEPT, **(headers or {})}
            )
        except HTTPStatusError as err:
            if err.status in (401, 403):
                raise self.error(
                    f"the server refused the login ({err.message}): check user and password"
                ) from None
            raise self.error(f"{err.message} from {url}") from None
        except TooLargeError as err:
            raise PageTooLarge(f"account {self.account.name}: {err.message} ({url})") from None
        except FetchError as err:
            raise self.error(f"{err.message} ({url})") from None
        return response.content

    def decode(self, body: bytes) -> Any:
        head = body[:512].lstrip().lower()
        if head.startswith((b"<!doctype", b"<html", b"<?xml", b"<")):
            raise self.error("the server answered with a web page, not the API: check the account's URL")
        try:
            return json.loads(body)
        except (ValueError, RecursionError):
            what = "an empty answer" if not body.strip() else "a truncated or invalid JSON answer"
            raise self.error(f"{what} from the server") from None

    def unexpected(self, what: str, value: Any = None) -> SyncError:
        shown = "" if value is None else f": {shorten(repr(value), NAME)}"  # SyncError cleans it
        return self.error(f"unexpected answer from the server ({what}){shown}")
