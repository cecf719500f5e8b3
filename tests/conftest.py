from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.server import LoopbackServer

FEEDS = Path(__file__).parent / "feeds"


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


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    srv = LoopbackServer().start()
    try:
        yield srv
    finally:
        srv.stop()


def feed_bytes(name: str) -> bytes:
    return (FEEDS / name).read_bytes()
