"""A real HTTP server on 127.0.0.1 for tests: routes set per test, every request's headers recorded.

Routes map a path to a `Reply` (static answer, with conditional GET if asked) or to a callable for special
behaviour (hanging, dripping bytes, redirect loops).
"""

from __future__ import annotations

import datetime
import gzip
import hashlib
import ipaddress
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


@dataclass
class Reply:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "application/rss+xml"
    conditional: bool = True  # ETag + Last-Modified, 304 on a match
    gzip: bool = False


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]


Handler = Callable[[BaseHTTPRequestHandler], None]
LAST_MODIFIED = "Mon, 02 Nov 2026 10:00:00 GMT"


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client hanging up mid-answer is what several tests do on purpose


class LoopbackServer:
    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        """`tls`: serve https with this server-side context (see `tls_pair`)."""
        self.routes: dict[str, Reply | Handler] = {}
        self.requests: list[Seen] = []
        self.lock = threading.Lock()
        self.stop_event = threading.Event()
        server = self

        class _H(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

            def do_GET(self) -> None:  # noqa: N802
                with server.lock:
                    server.requests.append(
                        Seen("GET", self.path, {k.lower(): v for k, v in self.headers.items()})
                    )
                route = server.routes.get(self.path.split("?")[0])
                if route is None:
                    _send(self, Reply(b"not found", 404, content_type="text/plain"))
                elif isinstance(route, Reply):
                    _send(self, route)
                else:
                    route(self)

        self.httpd = QuietServer(("127.0.0.1", 0), _H)
        self.httpd.daemon_threads = True
        if tls is not None:
            self.httpd.socket = tls.wrap_socket(self.httpd.socket, server_side=True)
        self.port = self.httpd.server_address[1]
        self.base = f"{'https' if tls else 'http'}://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return self.base + path

    def seen(self, path: str) -> list[Seen]:
        with self.lock:
            return [r for r in self.requests if r.path == path]

    def start(self) -> LoopbackServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.stop_event.set()
        self.httpd.shutdown()
        self.httpd.server_close()


def _send(h: BaseHTTPRequestHandler, reply: Reply) -> None:
    body = reply.body
    headers = {"Content-Type": reply.content_type, **reply.headers}
    if reply.conditional and reply.status == 200:
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        headers |= {"ETag": etag, "Last-Modified": LAST_MODIFIED}
        if h.headers.get("If-None-Match") == etag or (
            "If-None-Match" not in h.headers and h.headers.get("If-Modified-Since") == LAST_MODIFIED
        ):
            h.send_response(304)
            for k, v in headers.items():
                if k in ("ETag", "Last-Modified", "Cache-Control"):
                    h.send_header(k, v)
            h.send_header("Content-Length", "0")
            h.end_headers()
            return
    if reply.gzip:
        body = gzip.compress(body)
        headers["Content-Encoding"] = "gzip"
    h.send_response(reply.status)
    for k, v in headers.items():
        h.send_header(k, v)
    h.send_header("Content-Length", str(len(body)))
    h.end_headers()
    h.wfile.write(body)


def hang(server: LoopbackServer) -> Handler:
    """Accept the request and never answer (until the server stops)."""

    def handler(h: BaseHTTPRequestHandler) -> None:
        server.stop_event.wait(30)

    return handler


def drip(server: LoopbackServer, interval: float = 0.5) -> Handler:
    """Send headers, then one byte every `interval` seconds: each read is quick, the whole is endless."""

    def handler(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "application/rss+xml")
        h.send_header("Content-Length", "100000")
        h.end_headers()
        try:
            for _ in range(200):
                if server.stop_event.wait(interval):
                    return
                h.wfile.write(b" ")
                h.wfile.flush()
        except OSError:
            return

    return handler


def redirect(location: str, status: int = 302) -> Reply:
    return Reply(b"", status, headers={"Location": location}, conditional=False, content_type="text/plain")


def sleep_then(reply: Reply, seconds: float) -> Handler:
    def handler(h: BaseHTTPRequestHandler) -> None:
        time.sleep(seconds)
        _send(h, reply)

    return handler


def ranged(body: bytes, cut_at: int | None = None, content_type: str = "audio/mpeg") -> Handler:
    """A file served with HTTP Range support (206 + Content-Range). With `cut_at`, an answer that starts
    at the beginning stops after that many bytes and the connection closes (an interrupted download)."""

    def handler(h: BaseHTTPRequestHandler) -> None:
        start = 0
        spec = h.headers.get("Range", "")
        if spec.startswith("bytes=") and spec.endswith("-") and spec[6:-1].isdigit():
            start = int(spec[6:-1])
        if start >= len(body) and spec:
            h.send_response(416)
            h.send_header("Content-Range", f"bytes */{len(body)}")
            h.send_header("Content-Length", "0")
            h.end_headers()
            return
        h.send_response(206 if start else 200)
        h.send_header("Content-Type", content_type)
        h.send_header("Accept-Ranges", "bytes")
        if start:
            h.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
        h.send_header("Content-Length", str(len(body) - start))
        h.end_headers()
        if cut_at is not None and start == 0:
            h.wfile.write(body[:cut_at])
            h.wfile.flush()
            h.close_connection = True
            return
        h.wfile.write(body[start:])

    return handler


def tls_pair(where: Path) -> tuple[ssl.SSLContext, Path]:
    """A certificate authority made for the test and a server context with a certificate it signed for
    127.0.0.1: (the server's context, the CA's PEM file for a client to trust)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = datetime.datetime.now(datetime.UTC)

    def certificate(
        subject: str,
        key: ec.EllipticCurvePrivateKey,
        issuer: x509.Name | None,
        signer: ec.EllipticCurvePrivateKey,
    ) -> x509.Certificate:
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)])
        builder = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(issuer or name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(hours=1))
            .not_valid_after(now + datetime.timedelta(days=1))
        )
        if issuer is None:
            builder = builder.add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            builder = builder.add_extension(
                x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
            )
            builder = builder.add_extension(
                x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False
            )
        else:
            san = x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))])
            builder = builder.add_extension(san, critical=False)
            builder = builder.add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        return builder.sign(signer, hashes.SHA256())

    ca_key, leaf_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca = certificate("newsreader test CA", ca_key, None, ca_key)
    leaf = certificate("127.0.0.1", leaf_key, ca.subject, ca_key)
    ca_file, chain, key_file = where / "ca.pem", where / "server.pem", where / "server.key"
    ca_file.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    chain.write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        leaf_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(chain, key_file)
    return context, ca_file
