"""The Fever API (https://feedafever.com/api; tested against the real Coldsweat server).

Every call is a POST to `<base>?api&<query>` with the form field `api_key = md5("user:password")`.
Subscriptions: `groups&feeds` in one request. New entries: `items&since_id=N`, 50 a page. State:
`unread_item_ids&saved_item_ids` in one request (comma lists). Changes: `mark=item&as=read|unread|saved|
unsaved&id=N`, one request per entry (the API has no batch form). Fever cannot add or remove feeds.
"""

from __future__ import annotations

import asyncio
import hashlib
from typing import Any, ClassVar
from urllib.parse import urlencode

from newsreader.sync.base import Flag, Pages, RemoteEntry, RemoteFeed, RemoteState, SyncClient
from newsreader.sync.ttrss import unix_iso


def endpoint(url: str) -> str:
    url = url.strip()
    base = url.split("?", 1)[0]
    return base + "?api"


def id_list(value: Any) -> set[str]:
    if value is None or value == "":
        return set()
    if isinstance(value, int) and not isinstance(value, bool):
        return {str(value)}
    if not isinstance(value, str):
        raise TypeError(f"an id list, not {type(value).__name__}")
    return {str(int(v)) for v in value.split(",") if v.strip()}


class FeverClient(SyncClient):
    kind: ClassVar[str] = "fever"
    page_size: ClassVar[int] = 50
    parallel: ClassVar[int] = 8  # concurrent `mark` requests (one per entry)

    @property
    def api_key(self) -> str:
        return hashlib.md5(f"{self.account.username}:{self.password}".encode()).hexdigest()

    async def api(self, query: str = "", **form: str) -> dict[str, Any]:
        url = endpoint(self.account.url) + ("&" + query if query else "")
        answer = await self.call(
            "POST",
            url,
            content=urlencode({"api_key": self.api_key, **form}).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        if not isinstance(answer, dict):
            raise self.unexpected("not an object", answer)
        if answer.get("auth") != 1:
            raise self.error("the server refused the login: check user and password")
        return answer

    async def login(self) -> None:
        await self.api()

    async def subscriptions(self) -> list[RemoteFeed]:
        answer = await self.api("groups&feeds")
        groups = {str(g["id"]): str(g["title"]) for g in answer.get("groups") or []}
        tags: dict[str, list[str]] = {}
        for link in answer.get("feeds_groups") or []:
            for fid in id_list(link.get("feed_ids")):
                if (title := groups.get(str(link["group_id"]))) is not None:
                    tags.setdefault(fid, []).append(title)
        return [
            RemoteFeed(
                str(f["id"]), str(f["url"]), f.get("title"), f.get("site_url"), tags.get(str(f["id"]), [])
            )
            for f in answer.get("feeds") or []
        ]

    async def entries(self, cursor: dict[str, Any]) -> Pages:
        since = int(cursor.get("since_id", 0))
        while True:
            answer = await self.api(f"items&since_id={since}")
            items = answer.get("items") or []
            if not isinstance(items, list):
                raise self.unexpected("items", items)
            entries = [self._entry(i) for i in items]
            ids = [int(e.remote_id) for e in entries]
            if not ids or max(ids) <= since:
                return  # nothing newer (or a server that ignores since_id: stop rather than loop)
            since = max(ids)
            yield entries, {"since_id": since}

    @staticmethod
    def _entry(item: dict[str, Any]) -> RemoteEntry:
        return RemoteEntry(
            remote_id=str(int(item["id"])),
            feed_remote_id=str(item["feed_id"]),
            title=str(item.get("title") or ""),
            link=item.get("url") or None,
            author=item.get("author") or None,
            published=unix_iso(item.get("created_on_time")),
            content=item.get("html") if isinstance(item.get("html"), str) else None,
            read=bool(item.get("is_read")),
            starred=bool(item.get("is_saved")),
        )

    async def entries_by_id(self, ids: list[str]) -> list[RemoteEntry]:
        answer = await self.api("items&with_ids=" + ",".join(str(int(i)) for i in ids))
        return [self._entry(i) for i in answer.get("items") or []]

    async def state(self, local_unread: dict[str, int]) -> RemoteState:
        answer = await self.api("unread_item_ids&saved_item_ids")
        return RemoteState(
            unread=id_list(answer.get("unread_item_ids")), starred=id_list(answer.get("saved_item_ids"))
        )

    async def mark(self, flag: Flag, value: bool, ids: list[str]) -> None:
        state = {("read", True): "read", ("read", False): "unread"}.get((flag, value))
        state = state or ("saved" if value else "unsaved")
        slots = asyncio.Semaphore(self.parallel)

        async def one(item: str) -> None:
            async with slots:
                await self.api(mark="item", id=item, **{"as": state})

        await asyncio.gather(*(one(i) for i in ids))


CLIENT = FeverClient
