"""Hostile servers, feeds, pages and files against newsreader: outcome, time and peak memory per case.

Each case runs in a child process (so peak RSS is that case's alone, measured with wait4); the hostile HTTP
servers run in this process on 127.0.0.1. Usage: python bench/hostile.py [--only SUBSTRING]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.server import LoopbackServer, Reply, drip, hang, redirect  # noqa: E402

Case = Callable[[str], str]  # base URL -> outcome line
CASES: dict[str, tuple[str, Case]] = {}


def _fetch_case(path: str) -> Case:
    return lambda base: _fetch(base + path)


def _data_case(run: Callable[[bytes], str], make: Callable[[], bytes]) -> Case:
    """A case that feeds made-up bytes to a parser: the server's base URL is not used."""
    return lambda base: run(make())


def case(category: str) -> Callable[[Case], Case]:
    def register(fn: Case) -> Case:
        CASES[fn.__name__] = (category, fn)
        return fn

    return register


def _fetch(url: str, **config: float | int) -> str:
    from newsreader.config import Config
    from newsreader.errors import NewsreaderError
    from newsreader.fetch import Fetcher

    async def go() -> str:
        async with Fetcher(Config(**{"deadline": 5.0, "read_timeout": 3.0, **config})) as f:  # type: ignore[arg-type]
            try:
                r = await f.get(url)
                return f"fetched {len(r.content)} bytes"
            except NewsreaderError as err:
                return f"error: {err}"

    return asyncio.run(go())


for _name, _path in [
    ("drip_one_byte_per_200ms", "/drip"),
    ("hang_forever", "/hang"),
    ("gzip_bomb_1GB", "/gzbomb"),
    ("deflate_bomb_1GB", "/dfbomb"),
    ("huge_headers_200KB", "/headers"),
    ("redirect_loop", "/loop"),
    ("redirect_to_file_url", "/tofile"),
    ("body_30MB", "/big"),
    ("brotli_refused", "/br"),
]:
    CASES[_name] = ("network", _fetch_case(_path))


def _parse(data: bytes) -> str:
    from newsreader.errors import NewsreaderError
    from newsreader.feeds import parse_feed

    try:
        feed = parse_feed(data, "https://x.example/feed")
        return f"parsed: {len(feed.entries)} entries, title {len(feed.title or '')} chars"
    except NewsreaderError as err:
        return f"error: {err}"


RSS = b'<rss version="2.0"><channel><title>%s</title>%s</channel></rss>'
ENTITIES = '<!ENTITY a0 "lol">' + "".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10))
XML_CASES: dict[str, Callable[[], bytes]] = {
    "xml_billion_laughs": lambda: (
        f"<?xml version='1.0'?><!DOCTYPE rss [{ENTITIES}]>".encode()
        + RSS % (b"&a9;", b"<item><title>t</title></item>")
    ),
    "xml_external_entity": lambda: (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        + RSS % (b"&x;", b"<item><title>&x;</title></item>")
    ),
    "xml_100k_deep": lambda: (
        RSS % (b"d", b"<item><title>t</title>" + b"<x>" * 100_000 + b"</x>" * 100_000 + b"</item>")
    ),
    "xml_100k_attributes": lambda: (
        RSS
        % (b"a", b"<item " + b" ".join(b'a%d="v"' % i for i in range(100_000)) + b"><title>t</title></item>")
    ),
    "xml_10MB_text_node": lambda: (
        RSS % (b"b", b"<item><title>t</title><description>" + b"x" * 11_000_000 + b"</description></item>")
    ),
    "xml_200k_items": lambda: RSS % (b"many", b"<item><title>t</title></item>" * 200_000),
    "xml_broken_3MB": lambda: (
        RSS % (b"b &", b"<item><title>t</title><description>a & b</description></item>" * 50_000)
    ),
    "xml_escape_sequences": lambda: RSS % (b"Evil\x1b]0;pwned\x07", b"<item><title>x\x1b[2Jy</title></item>"),
}
for _name, _make in XML_CASES.items():
    CASES[_name] = ("xml", _data_case(_parse, _make))


def _extract(data: bytes) -> str:
    from newsreader.errors import NewsreaderError
    from newsreader.extract import extract_article

    try:
        article = extract_article(data, "https://x.example/a")
        return f"article: {len(article.blocks)} blocks, {len(article.text)} chars"
    except NewsreaderError as err:
        return f"error: {err}"


def _page(body: bytes) -> bytes:
    return (
        b"<!doctype html><html><head><title>T</title></head><body><article>"
        + body
        + b"</article></body></html>"
    )


PARA = b"<p>" + b"Plain words in a sentence that goes on. " * 10 + b"</p>"
HTML_CASES: dict[str, Callable[[], bytes]] = {
    "html_1000_deep": lambda: _page(b"<div>" * 1000 + PARA * 3 + b"</div>" * 1000),
    "html_100k_deep": lambda: _page(b"<div>" * 100_000 + PARA * 3 + b"</div>" * 100_000),
    "html_100k_attributes": lambda: _page(
        b"<p " + b" ".join(b'a%d="v"' % i for i in range(100_000)) + b">x</p>" + PARA * 3
    ),
    "html_10MB_text_node": lambda: _page(b"<p>" + b"word " * 2_000_000 + b"</p>"),
    "html_5MB_of_paragraphs": lambda: _page(PARA * 12_000),
    "html_3000_byline_cards": lambda: _page(
        b"<h1>T</h1>"
        + b"<div class='c'><a href='/o'>Another story about the coast</a><p>By someone 12345678</p></div>"
        * 3000
        + PARA * 3
    ),
    "html_binary": lambda: os.urandom(200_000),
    "html_no_article": lambda: b"<html><body><nav><a href='/'>Home</a></nav></body></html>",
    "html_script_links_and_escapes": lambda: _page(
        PARA
        + b'<p>Click <a href="javascript:alert(1)">me</a> \x1b]52;c;ZXZpbA==\x07 [ @click=app.quit]x</p>'
        + PARA
    ),
}
for _name, _make in HTML_CASES.items():
    CASES[_name] = ("html", _data_case(_extract, _make))


def _cli(*argv: str, home: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "newsreader", "--home", home, *argv],
        capture_output=True,
        text=True,
        timeout=60,
    )
    err = result.stderr.strip().splitlines()
    return f"exit {result.returncode}: {err[-1] if err else result.stdout.strip()[:80]}"


def _db_case(content: Callable[[Path], object]) -> Case:
    def run(base: str) -> str:
        with tempfile.TemporaryDirectory() as home:
            db = Path(home) / "newsreader.db"
            content(db)
            before = db.read_bytes()
            outcome = _cli("feeds", home=home)
            kept = "file kept" if db.read_bytes() == before else "FILE CHANGED"
            return f"{outcome} ({kept})"

    return run


def _newer(db: Path) -> None:
    import sqlite3

    from newsreader.store import Store

    Store.open(db).close()
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA user_version = 99")


CASES["db_garbage"] = ("local", _db_case(lambda db: db.write_bytes(os.urandom(16384))))
CASES["db_newer_version"] = ("local", _db_case(_newer))
CASES["db_other_application"] = (
    "local",
    _db_case(lambda db: db.write_bytes(b"SQLite format 3\0" + b"\0" * 100)),
)
CASES["config_broken"] = (
    "cli",
    lambda base: _cli("feeds", home=_write_config("[refresh]\njobs = = 2\n")),
)
CASES["unknown_command"] = ("cli", lambda base: _cli("frobnicate", home=tempfile.mkdtemp()))


def _write_config(text: str) -> str:
    home = tempfile.mkdtemp()
    Path(home, "config.toml").write_text(text)
    return home


def _bomb(wbits: int, size: int = 1 << 30) -> bytes:
    """1 GB of zeros compressed in 1 MB steps, so this process never holds the gigabyte (children inherit
    the parent's peak RSS on Linux, which would hide theirs)."""
    z = zlib.compressobj(9, zlib.DEFLATED, wbits)
    block = b"\0" * (1 << 20)
    return b"".join(z.compress(block) for _ in range(size >> 20)) + z.flush()


def _serve() -> LoopbackServer:
    server = LoopbackServer().start()
    r = server.routes
    r["/drip"] = drip(server, 0.2)
    r["/hang"] = hang(server)
    for path, wbits, coding in (("/gzbomb", 31, "gzip"), ("/dfbomb", 15, "deflate")):
        r[path] = Reply(_bomb(wbits), headers={"Content-Encoding": coding}, conditional=False)
    r["/headers"] = Reply(b"", headers={f"X-J{i}": "y" * 100 for i in range(2000)}, conditional=False)
    r["/loop"] = redirect("/loop")
    r["/tofile"] = redirect("file:///etc/passwd")
    r["/big"] = Reply(b"x" * (30 * 1024 * 1024), conditional=False)
    r["/br"] = Reply(b"xx", headers={"Content-Encoding": "br"}, conditional=False)
    return server


def _child(name: str, base: str) -> None:
    start = time.perf_counter()
    outcome = CASES[name][1](base)
    print(json.dumps({"outcome": outcome, "seconds": time.perf_counter() - start}))


def _rss(argv: list[str]) -> float:
    proc = subprocess.Popen(argv)
    return os.wait4(proc.pid, 0)[2].ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", default="")
    parser.add_argument("--child", nargs=2, metavar=("CASE", "BASE"))
    args = parser.parse_args()
    if args.child:
        _child(*args.child)
        return 0
    print("building the hostile server (compressing the bombs)...", file=sys.stderr)
    server = _serve()
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    base_rss = _rss([sys.executable, "-c", "import newsreader.cli"])
    print(f"baseline: a Python process importing newsreader peaks at {base_rss:.0f} MB")
    print(f"{'case':32} {'category':8} {'seconds':>8} {'peak RSS':>9}  outcome")
    try:
        for name, (category, _) in CASES.items():
            if args.only not in name:
                continue
            proc = subprocess.Popen(
                [sys.executable, __file__, "--child", name, server.base], stdout=subprocess.PIPE, text=True
            )
            out = proc.stdout.read() if proc.stdout else ""
            _, status, usage = os.wait4(proc.pid, 0)
            try:
                result = json.loads(out.strip().splitlines()[-1])
            except (ValueError, IndexError):
                result = {"outcome": f"CRASHED (status {status})", "seconds": float("nan")}
            rss = usage.ru_maxrss / 1024
            print(f"{name:32} {category:8} {result['seconds']:8.2f} {rss:7.0f}MB  {result['outcome'][:90]}")
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
