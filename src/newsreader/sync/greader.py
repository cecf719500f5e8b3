"""The Google Reader API as FreshRSS, Miniflux, Inoreader, The Old Reader and BazQux serve it.

Tested only against a loopback server written from the published documents (FreshRSS `p/api/greader.php`,
the Google Reader API notes it cites); no such server could be installed here. The account URL is the API
base: FreshRSS `https://host/api/greader.php`, Miniflux `https://host` (its `/reader/api/0/...`).

Login: `POST accounts/ClientLogin` (Email, Passwd) → `Auth=TOKEN` line; then `Authorization: GoogleLogin
auth=TOKEN`. Writes need `T` from `reader/api/0/token`. Subscriptions: `subscription/list?output=json`
(categories are labels → tags). New entries: `stream/contents/user/-/state/com.google/reading-list` oldest
first (`r=o`) from `ot` (crawl time, seconds), 250 a page with the `c` continuation. State:
`stream/items/ids` of unread (reading-list minus read) and of starred. Changes: `edit-tag` with `a=`/`r=`
`user/-/state/com.google/read|starred` and up to 250 `i=` ids.
"""

from __future__ import annotations

import time
from typing import Any, ClassVar
from urllib.parse import quote, urlencode

from newsreader.sync.base import Flag, Pages, RemoteEntry, RemoteFeed, RemoteState, SyncClient
from newsreader.sync.ttrss import unix_iso

READING_LIST = "user/-/state/com.google/reading-list"
READ = "user/-/state/com.google/read"
STARRED = "user/-/state/com.google/starred"
PAGE = 250
IDS_PAGE = 10000
MARGIN = 600  # seconds of crawl time asked again (server and local clocks differ; duplicates are merged)


def item_id(value: Any) -> str:
    """The decimal id of an item, from the long hexadecimal form or the decimal one."""
    text = str(value)
    if text.startswith("tag:google.com,2005:reader/item/"):
        return str(int(text.rsplit("/", 1)[1], 16))
    return str(int(text))


class GReaderClient(SyncClient):
    kind: ClassVar[str] = "greader"
    page_size: ClassVar[int] = 250

    auth: str | None = None
    token: str | None = None

    def url(self, path: str, **query: Any) -> str:
        base = self.account.url.rstrip("/")
        return f"{base}/{path}" + ("?" + urlencode(query, doseq=True) if query else "")

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"GoogleLogin auth={self.auth}"} if self.auth else {}

    async def login(self) -> None:
        form = urlencode({"Email": self.account.username, "Passwd": self.password}).encode()
        body = await self.call_raw(
            "POST",
            self.url("accounts/ClientLogin"),
            content=form,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        for line in body.decode("utf-8", "replace").splitlines():
            key, _, value = line.partition("=")
            if key.strip() == "Auth" and value.strip():
                self.auth = value.strip()
                return
        if body.lstrip().startswith(b"<"):
            self.decode(body)  # says "a web page, not the API"
        raise self.error("the server refused the login: check user and password")

    async def get(self, path: str, **query: Any) -> Any:
        return await self.call("GET", self.url(path, output="json", **query), headers=self.headers)

    async def post(self, path: str, form: list[tuple[str, str]]) -> bytes:
        if self.token is None:
            raw = await self.call_raw("GET", self.url("reader/api/0/token"), headers=self.headers)
            self.token = raw.decode("ascii", "replace").strip()
        data = urlencode([*form, ("T", self.token)]).encode()
        headers = {**self.headers, "Content-Type": "application/x-www-form-urlencoded"}
        return await self.call_raw("POST", self.url(path), content=data, headers=headers)

    async def subscriptions(self) -> list[RemoteFeed]:
        answer = await self.get("reader/api/0/subscription/list")
        out = []
        for s in answer["subscriptions"]:
            tags = [str(c.get("label") or str(c["id"]).rsplit("/", 1)[-1]) for c in s.get("categories") or []]
            out.append(
                RemoteFeed(str(s["id"]), str(s.get("url") or s["id"]), s.get("title"), s.get("htmlUrl"), tags)
            )
        return out

    async def entries(self, cursor: dict[str, Any]) -> Pages:
        since = int(cursor.get("ot", 0))
        started = int(cursor.get("started", time.time()))
        continuation = cursor.get("c")
        while True:
            query: dict[str, Any] = {"n": PAGE, "r": "o", "ot": since}
            if continuation:
                query["c"] = continuation
            answer = await self.get("reader/api/0/stream/contents/" + quote(READING_LIST, safe="/"), **query)
            entries = [self._entry(i) for i in answer.get("items") or []]
            continuation = answer.get("continuation")
            if not continuation or not entries:
                yield entries, {"ot": max(started - MARGIN, 0)}
                return
            yield entries, {"ot": since, "c": continuation, "started": started}

    @staticmethod
    def _entry(item: dict[str, Any]) -> RemoteEntry:
        categories = {str(c) for c in item.get("categories") or []}
        links = item.get("canonical") or item.get("alternate") or []
        body = item.get("content") or item.get("summary") or {}
        return RemoteEntry(
            remote_id=item_id(item["id"]),
            feed_remote_id=str((item.get("origin") or {}).get("streamId")),
            title=str(item.get("title") or ""),
            link=str(links[0]["href"]) if links else None,
            author=item.get("author") or None,
            published=unix_iso(item.get("published")),
            content=body.get("content") if isinstance(body.get("content"), str) else None,
            read=any(c.endswith("/state/com.google/read") for c in categories),
            starred=any(c.endswith("/state/com.google/starred") for c in categories),
        )

    async def _ids(self, stream: str, exclude: str | None = None) -> set[str]:
        ids: set[str] = set()
        continuation = None
        while True:
            query: dict[str, Any] = {"s": stream, "n": IDS_PAGE}
            if exclude:
                query["xt"] = exclude
            if continuation:
                query["c"] = continuation
            answer = await self.get("reader/api/0/stream/items/ids", **query)
            ids.update(item_id(ref["id"]) for ref in answer.get("itemRefs") or [])
            continuation = answer.get("continuation")
            if not continuation:
                return ids

    async def entries_by_id(self, ids: list[str]) -> list[RemoteEntry]:
        raw = await self.post("reader/api/0/stream/items/contents", [("i", i) for i in ids])
        return [self._entry(item) for item in self.decode(raw).get("items") or []]

    async def state(self, local_unread: dict[str, int]) -> RemoteState:
        return RemoteState(unread=await self._ids(READING_LIST, READ), starred=await self._ids(STARRED))

    async def mark(self, flag: Flag, value: bool, ids: list[str]) -> None:
        tag = READ if flag == "read" else STARRED
        answer = await self.post(
            "reader/api/0/edit-tag", [("i", i) for i in ids] + [("a" if value else "r", tag)]
        )
        if answer.strip() != b"OK":
            raise self.unexpected("edit-tag", answer[:80])

    async def subscribe(self, url: str, tag: str | None) -> None:
        form = [("ac", "subscribe"), ("s", f"feed/{url}")] + ([("a", f"user/-/label/{tag}")] if tag else [])
        answer = await self.post("reader/api/0/subscription/edit", form)
        if answer.strip() != b"OK":
            raise self.unexpected("subscription/edit", answer[:80])

    async def unsubscribe(self, remote_feed_id: str) -> None:
        answer = await self.post(
            "reader/api/0/subscription/edit", [("ac", "unsubscribe"), ("s", remote_feed_id)]
        )
        if answer.strip() != b"OK":
            raise self.unexpected("subscription/edit", answer[:80])


CLIENT = GReaderClient
