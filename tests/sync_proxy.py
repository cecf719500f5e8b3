"""A loopback proxy in front of a real sync server that fails chosen requests in chosen ways (an HTML page,
401, 500, a truncated or huge answer, no answer at all): the bad-input tests talk to the real protocol and
break it exactly where they want."""

from __future__ import annotations

import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler

from tests.server import QuietServer

FAILURES = ("html", "401", "500", "truncated", "huge", "hang")


class _Quiet(QuietServer):
    daemon_threads = True


class FailingProxy:
    def __init__(self, upstream: str) -> None:
        self.upstream = upstream.rstrip("/")
        self.bodies: list[bytes] = []
        self.fail_when: Callable[[bytes, int], bool] | None = None
        self.failure = "500"
        self.failed = 0
        self.lock = threading.Lock()
        self.stop_event = threading.Event()
        proxy = self

        class _H(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

            def do_GET(self) -> None:  # noqa: N802
                self._handle(b"")

            def do_POST(self) -> None:  # noqa: N802
                self._handle(self.rfile.read(int(self.headers.get("Content-Length") or 0)))

            def _handle(self, body: bytes) -> None:
                with proxy.lock:
                    proxy.bodies.append(self.path.encode() + b" " + body)
                    n = len(proxy.bodies)
                    fail = proxy.fail_when is not None and proxy.fail_when(
                        self.path.encode() + b" " + body, n
                    )
                    if fail:
                        proxy.failed += 1
                if fail and proxy.failure == "hang":
                    proxy.stop_event.wait(30)
                    return
                if fail and proxy.failure in ("html", "401", "500"):
                    status = {"html": 200, "401": 401, "500": 500}[proxy.failure]
                    return self._send(
                        status, b"<!DOCTYPE html><html><body>Sign in</body></html>", "text/html"
                    )
                if fail and proxy.failure == "huge":
                    return self._send(200, b'{"a": "' + b"x" * 3_000_000 + b'"}', "application/json")
                request = urllib.request.Request(
                    proxy.upstream + self.path,
                    data=body if self.command == "POST" else None,
                    headers={"Content-Type": self.headers.get("Content-Type", "application/octet-stream")},
                    method=self.command,
                )
                try:
                    with urllib.request.urlopen(request, timeout=60) as response:
                        status, data = response.status, response.read()
                        ctype = response.headers.get("Content-Type", "application/json")
                except urllib.error.HTTPError as err:
                    status, data, ctype = err.code, err.read(), "text/plain"
                if fail and proxy.failure == "truncated":
                    data = data[: max(1, len(data) // 2)]
                self._send(status, data, ctype)

            def _send(self, status: int, data: bytes, ctype: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.httpd = _Quiet(("127.0.0.1", 0), _H)
        self.port = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def count(self, needle: bytes) -> int:
        return sum(needle in b for b in self.bodies)

    def start(self) -> FailingProxy:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.stop_event.set()
        self.httpd.shutdown()
        self.httpd.server_close()
