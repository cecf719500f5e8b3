from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsreader.config import Config
from newsreader.demo.server import DemoServer, site_root
from newsreader.refresh import refresh
from newsreader.store import Store
from newsreader.ui.run import subscribe_demo
from tests.server import LoopbackServer

FEEDS = Path(__file__).parent / "feeds"
# Bidi embeddings, overrides, isolates and marks: invisible characters that can make text read differently.
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")


def is_clean(text: str) -> bool:
    """What the sanitiser promises, checked independently of how it does it: no control character other
    than newline and tab, no lone surrogate, no U+FFFE/U+FFFF, no bidi control, no invisible character
    (soft hyphen, zero-width space, word joiner, BOM), and a zero-width (non-)joiner only between two
    non-ASCII, non-space characters."""
    for i, c in enumerate(text):
        if (unicodedata.category(c) in ("Cc", "Cs") and c not in "\n\t") or c in "\ufffe\uffff" or c in _BIDI:
            return False
        if c in "\u00ad\u180e\u200b\u2060\u2061\u2062\u2063\u2064\ufeff":
            return False
        if c in "\u200c\u200d":
            run = text[: i + 1].rstrip("\u200c\u200d"), text[i:].lstrip("\u200c\u200d")
            before, after = run[0][-1:], run[1][:1]
            if not (before and after) or any(n.isascii() or n.isspace() for n in (before, after)):
                return False
    return True


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Tests never read or write the developer's real data, config or browser."""
    home = tmp_path / "home"
    monkeypatch.setenv("NEWSREADER_HOME", str(home))
    monkeypatch.setenv("BROWSER", "true")
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    return home


@pytest.fixture
def home(_isolated_home: Path) -> Path:
    return _isolated_home


@pytest.fixture(scope="module")
def demo() -> Iterator[DemoServer]:
    """The demo news site on 127.0.0.1, one per test module."""
    with DemoServer() as server:
        yield server


@pytest.fixture
async def demo_store(tmp_path: Path, demo: DemoServer) -> Store:
    """A store subscribed to the demo feeds and refreshed once."""
    store = Store.open(tmp_path / "db.sqlite")
    subscribe_demo(store, demo.base_url, site_root() / "demo.opml")
    async for _ in refresh(store, Config()):
        pass
    return store


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    srv = LoopbackServer().start()
    try:
        yield srv
    finally:
        srv.stop()


def feed_bytes(name: str) -> bytes:
    return (FEEDS / name).read_bytes()
