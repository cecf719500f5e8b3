"""Loopback servers for the two protocols with no server installable here, written request for request from
the published documents: the Google Reader API as FreshRSS serves it (`p/api/greader.php`: ClientLogin,
token, subscription/list|edit, stream/contents with ot/r/n/c, stream/items/ids with s/xt/n/c, edit-tag) and
Miniflux's REST API (`/v1/me`, `/v1/feeds`, `/v1/categories`, `/v1/entries` with order/direction/
after_entry_id/changed_after/limit/offset, `PUT /v1/entries`, `PUT /v1/entries/ID/bookmark`).

What they cannot show: the real servers' quirks (ids, time zones, limits, error bodies) — those paths are
unverified.
"""

from __future__ import annotations

import base64
import json
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.server import QuietServer


@dataclass
class Item:
    id: int
    feed: int
    title: str
    link: str
    content: str
    published: int
    read: bool = False
    starred: bool = False
    changed: float = field(default_factory=time.time)
    crawled: float = field(default_factory=time.time)


class FakeServer:
    """Common part: users, feeds, items, a request log; subclasses answer the protocol."""

    def __init__(self, user: str = "reader", password: str = "secret-pass") -> None:
        self.user, self.password = user, password
        self.feeds: dict[int, dict[str, Any]] = {}
        self.items: dict[int, Item] = {}
        self.log: list[str] = []
        self.pages: dict[str, bytes] = {}  # article pages the entries may link to (GET path -> HTML)
        self.lock = threading.Lock()
        server = self

        class _H(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

            def _go(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                with server.lock:
                    server.log.append(f"{self.command} {self.path}")
                    if self.path in server.pages:
                        status, ctype, data = 200, "text/html; charset=utf-8", server.pages[self.path]
                    else:
                        status, ctype, data = server.handle(self.command, self.path, dict(self.headers), body)
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = _go  # noqa: N815

        self.httpd = QuietServer(("127.0.0.1", 0), _H)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def start(self) -> FakeServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def add_feed(self, feed_id: int, url: str, title: str, category: str) -> None:
        self.feeds[feed_id] = {"url": url, "title": title, "category": category}

    def add_items(self, feed_id: int, count: int, tag: str) -> None:
        start = max(self.items, default=1000) + 1
        for n in range(count):
            i = start + n
            self.items[i] = Item(
                i,
                feed_id,
                f"{tag} story {n}",
                f"http://example.com/{tag}/{n}",
                f"<p>Body {n} word{tag}</p>",
                1780000000 + i,
            )

    def handle(self, method: str, path: str, headers: dict[str, str], body: bytes) -> tuple[int, str, bytes]:
        raise NotImplementedError


def _json(data: Any, status: int = 200) -> tuple[int, str, bytes]:
    return status, "application/json", json.dumps(data).encode()


class GReaderServer(FakeServer):
    """FreshRSS's greader.php behaviour (the account URL is `<base>/api/greader.php`)."""

    PREFIX = "/api/greader.php"
    AUTH = "reader/0123456789abcdef"
    TOKEN = "ABCDEFTOKEN"

    def handle(self, method: str, path: str, headers: dict[str, str], body: bytes) -> tuple[int, str, bytes]:
        parts = urlsplit(path)
        route = parts.path.removeprefix(self.PREFIX)
        query = parse_qs(parts.query)
        form = parse_qs(body.decode()) if body else {}
        if route == "/accounts/ClientLogin":
            if form.get("Email") == [self.user] and form.get("Passwd") == [self.password]:
                return 200, "text/plain", f"SID={self.AUTH}\nLSID=null\nAuth={self.AUTH}\n".encode()
            return 401, "text/plain", b"Unauthorized!"
        if headers.get("Authorization") != f"GoogleLogin auth={self.AUTH}":
            return 401, "text/plain", b"Unauthorized!"
        if route == "/reader/api/0/token":
            return 200, "text/plain", (self.TOKEN + "\n").encode()
        if method == "POST" and form.get("T") != [self.TOKEN]:
            return 401, "text/plain", b"Unauthorized!"
        if route == "/reader/api/0/subscription/list":
            return _json({"subscriptions": [
                {"id": f"feed/{fid}", "title": f["title"], "url": f["url"], "htmlUrl": "http://example.com/",
                 "categories": [{"id": f"user/-/label/{f['category']}", "label": f["category"]}]}
                for fid, f in self.feeds.items()
            ]})  # fmt: skip
        if route == "/reader/api/0/subscription/edit":
            stream = form["s"][0]
            if form["ac"] == ["subscribe"]:
                fid = max(self.feeds, default=0) + 1
                label = form.get("a", ["user/-/label/Uncategorized"])[0].rsplit("/", 1)[1]
                self.add_feed(fid, stream.removeprefix("feed/"), "Added", label)
            else:
                self.feeds.pop(int(stream.removeprefix("feed/")), None)
            return 200, "text/plain", b"OK"
        if route.startswith("/reader/api/0/stream/contents/"):
            ot = int(query.get("ot", ["0"])[0])
            n = int(query.get("n", ["20"])[0])
            order = query.get("r", ["d"])[0]
            chosen = sorted(
                (i for i in self.items.values() if i.crawled >= ot and i.feed in self.feeds),
                key=lambda i: i.id,
                reverse=order != "o",
            )
            if "c" in query:
                c = int(query["c"][0])
                chosen = [i for i in chosen if (i.id > c if order == "o" else i.id < c)]
            page = chosen[:n]
            answer: dict[str, Any] = {
                "id": "user/-/state/com.google/reading-list",
                "items": [self._item(i) for i in page],
            }
            if len(page) >= n:
                answer["continuation"] = str(page[-1].id)
            return _json(answer)
        if route == "/reader/api/0/stream/items/ids":
            stream = query["s"][0]
            exclude = query.get("xt", [""])[0]
            ids = [
                i.id
                for i in sorted(self.items.values(), key=lambda i: -i.id)
                if (stream.endswith("reading-list") or i.starred)
                and not (exclude.endswith("/read") and i.read)
            ]
            return _json({"itemRefs": [{"id": str(i)} for i in ids]})
        if route == "/reader/api/0/stream/items/contents":
            wanted = {int(raw.rsplit("/", 1)[1], 16) if "/" in raw else int(raw) for raw in form.get("i", [])}
            return _json({"items": [self._item(i) for i in self.items.values() if i.id in wanted]})
        if route == "/reader/api/0/edit-tag":
            for raw in form.get("i", []):
                item = self.items[int(raw.rsplit("/", 1)[1], 16) if "/" in raw else int(raw)]
                for key, value in (("a", True), ("r", False)):
                    for tag in form.get(key, []):
                        setattr(item, "read" if tag.endswith("/read") else "starred", value)
            return 200, "text/plain", b"OK"
        return 400, "text/plain", b"Bad Request"

    def _item(self, i: Item) -> dict[str, Any]:
        return {
            "id": f"tag:google.com,2005:reader/item/{i.id:016x}", "published": i.published,
            "crawlTimeMsec": str(int(i.crawled * 1000)), "title": i.title,
            "summary": {"content": i.content}, "alternate": [{"href": i.link}],
            "categories": ["user/-/state/com.google/reading-list"]
            + (["user/-/state/com.google/read"] if i.read else [])
            + (["user/-/state/com.google/starred"] if i.starred else []),
            "origin": {"streamId": f"feed/{i.feed}", "title": self.feeds[i.feed]["title"]},
        }  # fmt: skip


class MinifluxServer(FakeServer):
    """Miniflux's /v1 API with HTTP Basic authentication."""

    def handle(self, method: str, path: str, headers: dict[str, str], body: bytes) -> tuple[int, str, bytes]:
        expected = "Basic " + base64.b64encode(f"{self.user}:{self.password}".encode()).decode()
        if headers.get("Authorization") != expected:
            return _json({"error_message": "Access Unauthorized"}, 401)
        parts = urlsplit(path)
        route = parts.path
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        categories = sorted({f["category"] for f in self.feeds.values()} | {"All"})
        cat_id = {c: n + 1 for n, c in enumerate(categories)}
        if route == "/v1/me":
            return _json({"id": 1, "username": self.user})
        if route == "/v1/categories":
            return _json([{"id": cat_id[c], "title": c} for c in categories])
        if route == "/v1/feeds" and method == "GET":
            return _json([
                {"id": fid, "feed_url": f["url"], "site_url": "http://example.com/", "title": f["title"],
                 "category": {"id": cat_id[f["category"]], "title": f["category"]}}
                for fid, f in self.feeds.items()
            ])  # fmt: skip
        if route == "/v1/feeds" and method == "POST":
            data = json.loads(body)
            fid = max(self.feeds, default=0) + 1
            title = next(c for c, n in cat_id.items() if n == data["category_id"])
            self.add_feed(fid, data["feed_url"], "Added", title)
            return _json({"feed_id": fid}, 201)
        if route.startswith("/v1/feeds/") and method == "DELETE":
            self.feeds.pop(int(route.rsplit("/", 1)[1]), None)
            return 204, "application/json", b""
        if route == "/v1/entries" and method == "GET":
            chosen = sorted((i for i in self.items.values() if i.feed in self.feeds), key=lambda i: i.id)
            if query.get("direction") == "desc":
                chosen.reverse()
            if "after_entry_id" in query:
                chosen = [i for i in chosen if i.id > int(query["after_entry_id"])]
            if "changed_after" in query:
                chosen = [i for i in chosen if i.changed > int(query["changed_after"])]
            offset, limit = int(query.get("offset", 0)), int(query.get("limit", 100))
            return _json(
                {"total": len(chosen), "entries": [self._entry(i) for i in chosen[offset : offset + limit]]}
            )
        if route == "/v1/entries" and method == "PUT":
            data = json.loads(body)
            for i in data["entry_ids"]:
                self.items[i].read = data["status"] == "read"
                self.items[i].changed = time.time()
            return 204, "application/json", b""
        if route.startswith("/v1/entries/") and route.endswith("/bookmark") and method == "PUT":
            item = self.items[int(route.split("/")[3])]
            item.starred = not item.starred
            item.changed = time.time()
            return 204, "application/json", b""
        if route.startswith("/v1/entries/") and method == "GET":
            return _json(self._entry(self.items[int(route.rsplit("/", 1)[1])]))
        return _json({"error_message": "Not Found"}, 404)

    def _entry(self, i: Item) -> dict[str, Any]:
        return {
            "id": i.id, "feed_id": i.feed, "title": i.title, "url": i.link, "author": "",
            "content": i.content, "status": "read" if i.read else "unread", "starred": i.starred,
            "published_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(i.published)),
            "changed_at": datetime.fromtimestamp(i.changed, UTC).isoformat(),  # Go's RFC 3339, fractions
        }  # fmt: skip
