"""Tiny Tiny RSS JSON API (https://tt-rss.org/wiki/ApiReference; API level 15 tested against the real server).

Every call is a POST of a JSON object with `op` (and `sid` after login) to `<base>/api/`; answers are
`{"seq": 0, "status": 0|1, "content": ...}`. New entries: `getHeadlines` of feed -4 (all articles) with
`since_id`, 200 per page (the server's cap), paged with `skip`. State: per-feed unread counts from
`getFeeds`; only feeds whose count differs from ours are listed again (unread ids), plus the starred
ids (feed -1). Changes: `updateArticle` with a comma list of ids (field 2 unread, field 0 starred).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any, ClassVar

from newsreader.sync.base import Flag, Pages, PageTooLarge, RemoteEntry, RemoteFeed, RemoteState, SyncClient

PAGE = 200  # getHeadlines returns at most 200 headlines per call
MIN_PAGE = 10  # a page of long articles over max_bytes is asked again with half as many, down to this
_SUBSCRIBE_ERRORS = {
    2: "invalid URL",
    3: "no feed at that URL",
    4: "several feeds there",
    5: "cannot download it",
}


def api_url(url: str) -> str:
    url = url.strip()
    if url.rstrip("/").endswith("/api"):
        return url.rstrip("/") + "/"
    return url.rstrip("/") + "/api/"


def unix_iso(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        return None
    try:
        return datetime.fromtimestamp(value, UTC).isoformat(timespec="seconds")
    except (OverflowError, OSError, ValueError):
        return None


class TtrssClient(SyncClient):
    kind: ClassVar[str] = "ttrss"
    page_size: ClassVar[int] = 500

    sid: str | None = None
    _counts: dict[str, int] | None = None  # unread per feed, from the last getFeeds

    async def op(self, op: str, **params: Any) -> Any:
        """One API operation; logs in again once when the session expired."""
        for attempt in range(2):
            body = {"op": op, **params}
            if self.sid:
                body["sid"] = self.sid
            answer = await self.call(
                "POST",
                api_url(self.account.url),
                content=json.dumps(body).encode(),
                headers={"Content-Type": "application/json"},
            )
            if not isinstance(answer, dict) or "content" not in answer:
                raise self.unexpected(f"{op}: no content")
            if answer.get("status") == 0:
                return answer["content"]
            content = answer["content"]
            error = content.get("error") if isinstance(content, dict) else None
            if error == "NOT_LOGGED_IN" and op != "login" and attempt == 0:
                await self.login()
                continue
            if error == "LOGIN_ERROR":
                raise self.error("the server refused the login: check user and password")
            if error == "API_DISABLED":
                raise self.error("the API is disabled for this user (Preferences → Enable API access)")
            raise self.error(f"{op} failed: {error or 'unknown error'}")
        raise self.error(f"{op} failed: the session expired again")

    async def login(self) -> None:
        self.sid = None
        content = await self.op("login", user=self.account.username, password=self.password)
        sid = content.get("session_id") if isinstance(content, dict) else None
        if not isinstance(sid, str) or not sid:
            raise self.unexpected("login: no session id")
        self.sid = sid

    async def logout(self) -> None:
        if self.sid:
            await self.op("logout")
            self.sid = None

    async def subscriptions(self) -> list[RemoteFeed]:
        categories = await self.op("getCategories", include_empty=True)
        names = {str(c["id"]): str(c["title"]) for c in categories if isinstance(c, dict)}
        feeds = await self.op("getFeeds", cat_id=-3)
        self._counts = {str(f["id"]): int(f.get("unread") or 0) for f in feeds}
        out = []
        for f in feeds:
            cat = str(f.get("cat_id", 0))
            tags = [names[cat]] if cat in names and cat != "0" else []
            out.append(RemoteFeed(str(f["id"]), str(f["feed_url"]), f.get("title"), None, tags))
        return out

    async def entries(self, cursor: dict[str, Any]) -> Pages:
        since = int(cursor.get("since_id", 0))
        skip = int(cursor.get("skip", 0))
        top = int(cursor.get("max_seen", since))
        limit = PAGE
        while True:
            try:
                page = await self.op(
                    "getHeadlines",
                    feed_id=-4,
                    since_id=since,
                    skip=skip,
                    limit=limit,
                    show_content=True,
                    view_mode="all_articles",
                    order_by="date_reverse",
                )
            except PageTooLarge:
                if limit <= MIN_PAGE:
                    raise
                limit //= 2
                continue
            if not isinstance(page, list):
                raise self.unexpected("getHeadlines", page)
            entries = [self._entry(h) for h in page]
            top = max([top, *(int(e.remote_id) for e in entries)])
            skip += len(page)
            if len(page) < limit:
                # Done: the next sync asks for what is newer than everything seen.
                yield entries, {"since_id": top}
                return
            yield entries, {"since_id": since, "skip": skip, "max_seen": top}

    @staticmethod
    def _entry(h: dict[str, Any]) -> RemoteEntry:
        return RemoteEntry(
            remote_id=str(int(h["id"])),
            feed_remote_id=str(h["feed_id"]),
            title=str(h.get("title") or ""),
            link=h.get("link") or None,
            author=h.get("author") or None,
            published=unix_iso(h.get("updated")),
            content=h.get("content") if isinstance(h.get("content"), str) else None,
            read=not h.get("unread", True),
            starred=bool(h.get("marked", False)),
        )

    async def entries_by_id(self, ids: list[str]) -> list[RemoteEntry]:
        return [self._entry(a) for a in await self.op("getArticle", article_id=",".join(ids))]

    async def _ids(self, feed_id: int, view_mode: str) -> set[str]:
        ids: set[str] = set()
        skip = 0
        while True:
            page = await self.op(
                "getHeadlines",
                feed_id=feed_id,
                view_mode=view_mode,
                skip=skip,
                limit=PAGE,
                show_content=False,
            )
            ids.update(str(int(h["id"])) for h in page)
            skip += len(page)
            if len(page) < PAGE:
                return ids

    async def state(self, local_unread: dict[str, int]) -> RemoteState:
        if self._counts is None:
            await self.subscriptions()
        counts = self._counts or {}
        differ = {fid for fid, n in counts.items() if local_unread.get(fid, 0) != n}
        unread: set[str] = set()
        for fid in sorted(differ, key=int):
            unread |= await self._ids(int(fid), "unread")
        starred = await self._ids(-1, "all_articles")
        return RemoteState(unread=unread, unread_feeds=differ, starred=starred)

    async def mark(self, flag: Flag, value: bool, ids: list[str]) -> None:
        field, mode = (2, int(not value)) if flag == "read" else (0, int(value))
        await self.op("updateArticle", article_ids=",".join(ids), mode=mode, field=field)

    async def subscribe(self, url: str, tag: str | None) -> None:
        category = 0
        if tag:
            for c in await self.op("getCategories", include_empty=True):
                if str(c.get("title")) == tag and int(c["id"]) > 0:
                    category = int(c["id"])
        content = await self.op("subscribeToFeed", feed_url=url, category_id=category)
        code = content.get("status", {}).get("code") if isinstance(content, dict) else None
        if code not in (0, 1):  # 0 already subscribed, 1 added
            reason = _SUBSCRIBE_ERRORS.get(code, f"code {code}") if isinstance(code, int) else "no status"
            raise self.error(f"the server could not subscribe: {reason}")

    async def unsubscribe(self, remote_feed_id: str) -> None:
        await self.op("unsubscribeFeed", feed_id=int(remote_feed_id))


CLIENT = TtrssClient
