"""The records sync passes between the protocols, the engine and the store (no network imports here:
the store imports this module)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from newsreader.errors import NewsreaderError

Flag = Literal["read", "starred"]
KINDS = ("ttrss", "fever", "greader", "miniflux")


class SyncError(NewsreaderError):
    """A sync step failed; the message names the account. Local state is left as it was."""


@dataclass(slots=True)
class Account:
    id: int
    name: str
    kind: str
    url: str
    username: str
    secret: str  # where the password comes from: "keyring", "command" or "prompt" (never the password)
    password_command: str | None = None
    state: dict[str, Any] = field(default_factory=dict)  # the protocol's cursor, e.g. {"since_id": 42}
    last_sync: str | None = None
    last_error: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "url": self.url,
            "user": self.username,
            "password_from": self.secret,
            "last_sync": self.last_sync,
            "last_error": self.last_error,
        }


@dataclass(slots=True)
class RemoteFeed:
    remote_id: str
    url: str
    title: str | None = None
    site_url: str | None = None
    tags: list[str] = field(default_factory=list)  # the server's categories / groups / folders


@dataclass(slots=True)
class RemoteEntry:
    remote_id: str
    feed_remote_id: str
    title: str
    link: str | None = None
    author: str | None = None
    published: str | None = None  # ISO 8601 UTC
    content: str | None = None  # HTML as the server sent it (sanitised on the way into the store)
    read: bool = False
    starred: bool = False


@dataclass(slots=True)
class RemoteState:
    """Read and starred state as the server sees it now.

    `unread` lists the unread entries of the feeds in `unread_feeds` (None: of every feed); entries of those
    feeds not listed are read. `starred` is every starred entry, or None when not asked for. `entries` gives
    the state of particular entries (the others keep theirs).
    """

    unread: set[str] | None = None
    unread_feeds: set[str] | None = None
    starred: set[str] | None = None
    # (read, starred) of particular entries, e.g. those the server says changed since the last sync.
    entries: dict[str, tuple[bool, bool]] | None = None
