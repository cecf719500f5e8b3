"""URLs: only absolute http(s) URLs with a host are fetched, followed or opened; the rest stays text."""

from __future__ import annotations

import pytest

from newsreader.urls import absolutize, is_web_url


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "data:text/html,<script>",
        "file:///etc/passwd",
        "ftp://x.example/",
        "mailto:a@x.example",
        "//x.example/path",
        "/relative",
        "http://",
        "http:///nohost",
        "-http://x.example/",
        "--remote-debugging-port=9222",
        "http://x.example/\x1b[2J",
        "http://x.example/a b",
        "http://x.example/x\u202etxt.exe",  # displays as ".../xexe.txt"
        "http://x.example/zero\u200bwidth",
        "http://ab\u00ad.example/",  # soft hyphen in the host: httpx rejects it
        "http://x.example/\ud800",
        "http://x.example:99999/",
        "http://[::1",
        "",
        "h" * 5000,
    ],
)
def test_rejected(url: str) -> None:
    assert not is_web_url(url)


@pytest.mark.parametrize("url", ["http://x.example/", "https://x.example/a?b=c#d", "http://127.0.0.1:8080/"])
def test_accepted(url: str) -> None:
    assert is_web_url(url)


def test_absolutize_keeps_policy() -> None:
    base = "https://news.example/a/b.html"
    assert absolutize("../c.html", base) == "https://news.example/c.html"
    assert absolutize("  javascript:alert(1)", base) is None
    assert absolutize("data:image/png;base64,xx", base) is None
    assert absolutize("//cdn.example/i.png", base) == "https://cdn.example/i.png"
    assert absolutize(None, base) is None
