"""A quiet loopback HTTP server for the bundled demo site.

Serves the files under ``site/`` with proper content types, ``{BASE}`` substitution in text files,
strong ETags, Last-Modified, conditional GET (304), gzip, and no directory listings.
"""

from __future__ import annotations

import email.utils
import gzip
import hashlib
import importlib.resources
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import unquote, urlsplit

__all__ = ["CONTENT_TYPES", "FEED_PATHS", "DemoServer", "site_root"]

BASE_PLACEHOLDER = b"{BASE}"

CONTENT_TYPES: dict[str, str] = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/rss+xml; charset=utf-8",
    ".atom": "application/atom+xml; charset=utf-8",
    ".opml": "text/x-opml; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".svg": "image/svg+xml",
}
#: Suffixes whose bodies get ``{BASE}`` replaced by the server's origin.
SUBSTITUTED = frozenset({".html", ".xml", ".atom", ".opml"})
#: Suffixes worth compressing.
COMPRESSIBLE = frozenset({".html", ".xml", ".atom", ".opml", ".css", ".txt", ".json", ".svg"})
#: The demo feeds, in display order (relative to the site root).
FEED_PATHS: tuple[str, ...] = ("feeds/world.xml", "feeds/science.atom", "feeds/tech.xml")


def site_root() -> Path:
    """The bundled demo site folder."""
    return Path(str(importlib.resources.files("newsreader.demo") / "site"))


def _accepts_gzip(header: str | None) -> bool:
    """Whether an Accept-Encoding header allows gzip (with a non-zero q value)."""
    if not header:
        return False
    for part in header.split(","):
        coding, _, params = part.strip().partition(";")
        if coding.strip().lower() not in ("gzip", "x-gzip", "*"):
            continue
        q = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        return q > 0
    return False


def _etag_matches(header: str, etag: str) -> bool:
    """Weak comparison of an If-None-Match header against our ETag (as RFC 9110 asks)."""
    if header.strip() == "*":
        return True
    bare = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == bare for tag in header.split(","))


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "HarbourGazetteDemo/1.0"
    demo: DemoServer  # set on the per-server subclass

    def do_GET(self) -> None:
        self._serve(head_only=False)

    def do_HEAD(self) -> None:
        self._serve(head_only=True)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (stdlib signature)
        """Stay quiet: no access log on stderr."""

    def _serve(self, head_only: bool) -> None:
        self.demo._record(self.command, self.path, dict(self.headers.items()))
        if self.demo.latency > 0:
            time.sleep(self.demo.latency)
        target = self._resolve()
        if isinstance(target, HTTPStatus):
            self._send_plain(target, head_only)
            return
        suffix = target.suffix.lower()
        body = target.read_bytes()
        if suffix in SUBSTITUTED:
            body = body.replace(BASE_PLACEHOLDER, self.demo.base_url.encode("ascii"))
        encoding = None
        if suffix in COMPRESSIBLE and _accepts_gzip(self.headers.get("Accept-Encoding")):
            body = gzip.compress(body, compresslevel=6, mtime=0)
            encoding = "gzip"
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        mtime = int(target.stat().st_mtime)
        headers = {
            "ETag": etag,
            "Last-Modified": email.utils.formatdate(mtime, usegmt=True),
            "Cache-Control": "no-cache",
            "Vary": "Accept-Encoding",
        }
        if self._not_modified(etag, mtime):
            self.send_response(HTTPStatus.NOT_MODIFIED)
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            return
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", CONTENT_TYPES.get(suffix, "application/octet-stream"))
        self.send_header("Content-Length", str(len(body)))
        if encoding:
            self.send_header("Content-Encoding", encoding)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if not head_only:
            self.wfile.write(body)

    def _resolve(self) -> Path | HTTPStatus:
        """Map the request path to a file under the root, or the error status to answer."""
        raw = urlsplit(self.path).path
        path = unquote(raw)
        parts = [p for p in path.replace("\\", "/").split("/") if p]
        if "\x00" in path or any(p in ("..", ".") for p in parts):
            return HTTPStatus.FORBIDDEN
        root = self.demo.root.resolve()
        candidate = root.joinpath(*parts) if parts else root
        if candidate.is_dir():
            candidate = candidate / "index.html"
        try:
            resolved = candidate.resolve()
        except OSError:
            return HTTPStatus.NOT_FOUND
        if not resolved.is_relative_to(root):
            return HTTPStatus.FORBIDDEN
        if not resolved.is_file():
            return HTTPStatus.NOT_FOUND
        return resolved

    def _not_modified(self, etag: str, mtime: int) -> bool:
        inm = self.headers.get("If-None-Match")
        if inm is not None:
            return _etag_matches(inm, etag)
        ims = self.headers.get("If-Modified-Since")
        if ims:
            try:
                since = email.utils.parsedate_to_datetime(ims)
            except (TypeError, ValueError, IndexError):
                return False
            return since.tzinfo is not None and mtime <= int(since.timestamp())
        return False

    def _send_plain(self, status: HTTPStatus, head_only: bool) -> None:
        body = f"{status.value} {status.phrase}\n".encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head_only:
            self.wfile.write(body)


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Drop errors (e.g. a client closing its connection) instead of printing tracebacks."""


class DemoServer:
    """The demo site on a loopback port, served from a daemon thread.

    Use as a context manager, or call :meth:`start` and :meth:`stop`. ``port=0`` picks a free port.
    ``latency`` delays every response by that many seconds (to exercise progress displays).
    ``requests`` records each request as ``{"method", "path", "headers"}`` (header names lowercased).
    """

    def __init__(
        self,
        root: Path | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        latency: float = 0.0,
    ) -> None:
        self.root: Path = Path(root) if root is not None else site_root()
        self.host = host
        self.port = port
        self.latency = latency
        self.requests: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._httpd: _QuietServer | None = None
        self._thread: threading.Thread | None = None
        self._base_url: str | None = None

    @property
    def base_url(self) -> str:
        """The origin, e.g. ``http://127.0.0.1:PORT`` (only once started)."""
        if self._base_url is None:
            raise RuntimeError("DemoServer has not been started; call start() first")
        return self._base_url

    def url(self, path: str) -> str:
        """Absolute URL for a site path such as ``articles/x.html`` or ``/feeds/tech.xml``."""
        return f"{self.base_url}/{path.lstrip('/')}"

    def start(self) -> DemoServer:
        """Bind the port and begin serving in a daemon thread. Returns ``self``."""
        if self._httpd is not None:
            return self

        class Handler(_Handler):
            pass

        Handler.demo = self
        httpd = _QuietServer((self.host, self.port), Handler)
        self.port = int(httpd.server_address[1])
        host = f"[{self.host}]" if ":" in self.host else self.host
        self._base_url = f"http://{host}:{self.port}"
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"demo-server-{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and release the port. Safe to call twice."""
        httpd, self._httpd = self._httpd, None
        if httpd is None:
            return
        httpd.shutdown()
        httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> DemoServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def _record(self, method: str, path: str, headers: dict[str, str]) -> None:
        entry: dict[str, Any] = {
            "method": method,
            "path": path,
            "headers": {k.lower(): v for k, v in headers.items()},
        }
        with self._lock:
            self.requests.append(entry)
