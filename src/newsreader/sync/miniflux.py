"""Miniflux's REST API (https://miniflux.app/docs/api.html).

Tested only against a loopback server written from the API document; no Miniflux could be installed here.
HTTP Basic authentication. Subscriptions: `GET /v1/feeds` (each with its category → tag). New entries:
`GET /v1/entries?order=id&direction=asc&after_entry_id=N&limit=250` — ordered by id, so the last id of a
page is an exact cursor. State: `GET /v1/entries?changed_after=T` (entries whose status or star changed
since the last sync, with their state now). Changes: `PUT /v1/entries` with `entry_ids` and `status`;
stars by `PUT /v1/entries/ID/bookmark`, which toggles, so the entry is read first and toggled only when it
differs. Feeds: `POST /v1/feeds`, `DELETE /v1/feeds/ID`.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import AsyncIterator
from typing import Any, ClassVar
from urllib.parse import urlencode

from newsreader.dates import to_utc_iso
from newsreader.sync.base import Flag, Pages, RemoteEntry, RemoteFeed, RemoteState, SyncClient

PAGE = 250
MARGIN = 600  # seconds asked again (clock differences); repeated entries are merged


class MinifluxClient(SyncClient):
    kind: ClassVar[str] = "miniflux"
    page_size: ClassVar[int] = 250
    changes_since = 0

    def url(self, path: str, **query: Any) -> str:
        base = self.account.url.rstrip("/")
        base = base.removesuffix("/v1")
        return f"{base}/v1/{path}" + ("?" + urlencode(query) if query else "")

    @property
    def headers(self) -> dict[str, str]:
        pair = f"{self.account.username}:{self.password}".encode()
        return {"Authorization": "Basic " + base64.b64encode(pair).decode("ascii")}

    async def api(self, method: str, path: str, body: Any = None, **query: Any) -> Any:
        content = json.dumps(body).encode() if body is not None else None
        headers = {**self.headers, **({"Content-Type": "application/json"} if content else {})}
        raw = await self.call_raw(method, self.url(path, **query), content=content, headers=headers)
        return self.decode(raw) if raw.strip() else None

    async def login(self) -> None:
        me = await self.api("GET", "me")
        if not isinstance(me, dict) or "id" not in me:
            raise self.unexpected("/v1/me", me)

    async def subscriptions(self) -> list[RemoteFeed]:
        out = []
        for f in await self.api("GET", "feeds"):
            category = (f.get("category") or {}).get("title")
            tags = [str(category)] if category else []
            out.append(RemoteFeed(str(f["id"]), str(f["feed_url"]), f.get("title"), f.get("site_url"), tags))
        return out

    async def entries(self, cursor: dict[str, Any]) -> Pages:
        after = int(cursor.get("after_entry_id", 0))
        started = int(cursor.get("started", time.time()))
        # State changes are asked for since the previous sync (the cursor carries it through the pages).
        self.changes_since = int(cursor.get("changed_after", cursor.get("prev_changed", 0)))
        while True:
            answer = await self.api(
                "GET", "entries", order="id", direction="asc", after_entry_id=after, limit=PAGE
            )
            entries = [self._entry(e) for e in answer["entries"]]
            if entries:
                after = max(after, *(int(e.remote_id) for e in entries))
            if len(entries) < PAGE:
                yield entries, {"after_entry_id": after, "changed_after": max(started - MARGIN, 0)}
                return
            yield entries, {"after_entry_id": after, "started": started, "prev_changed": self.changes_since}

    @staticmethod
    def _entry(e: dict[str, Any]) -> RemoteEntry:
        return RemoteEntry(
            remote_id=str(int(e["id"])),
            feed_remote_id=str(e["feed_id"]),
            title=str(e.get("title") or ""),
            link=e.get("url") or None,
            author=e.get("author") or None,
            published=to_utc_iso(e.get("published_at")),
            content=e.get("content") if isinstance(e.get("content"), str) else None,
            read=e.get("status") != "unread",
            starred=bool(e.get("starred")),
        )

    async def state(self, local_unread: dict[str, int]) -> RemoteState:
        changed: dict[str, tuple[bool, bool]] = {}
        async for e in self._changed(self.changes_since):
            changed[str(int(e["id"]))] = (e.get("status") != "unread", bool(e.get("starred")))
        return RemoteState(entries=changed)

    async def dated_changes(self) -> dict[str, str]:
        since = int(self.account.state.get("changed_after", 0))
        dated: dict[str, str] = {}
        async for e in self._changed(since):
            if isinstance(e.get("changed_at"), str):
                dated[str(int(e["id"]))] = e["changed_at"]
        return dated

    async def _changed(self, since: int) -> AsyncIterator[dict[str, Any]]:
        offset = 0
        while True:
            answer = await self.api(
                "GET", "entries", changed_after=since, order="id", direction="asc", limit=PAGE, offset=offset
            )
            for e in answer["entries"]:
                yield e
            offset += len(answer["entries"])
            if len(answer["entries"]) < PAGE:
                return

    async def mark(self, flag: Flag, value: bool, ids: list[str]) -> None:
        if flag == "read":
            body = {"entry_ids": [int(i) for i in ids], "status": "read" if value else "unread"}
            await self.api("PUT", "entries", body)
            return
        for i in ids:
            entry = await self.api("GET", f"entries/{int(i)}")
            if bool(entry.get("starred")) != value:
                await self.api("PUT", f"entries/{int(i)}/bookmark")

    async def subscribe(self, url: str, tag: str | None) -> None:
        categories = await self.api("GET", "categories")
        chosen = next((c for c in categories if tag and c.get("title") == tag), None) or categories[0]
        await self.api("POST", "feeds", {"feed_url": url, "category_id": int(chosen["id"])})

    async def unsubscribe(self, remote_feed_id: str) -> None:
        await self.api("DELETE", f"feeds/{int(remote_feed_id)}")


CLIENT = MinifluxClient
