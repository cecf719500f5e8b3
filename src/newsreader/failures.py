"""Failures said in plain words: which host, what went wrong as a reader understands it, then the
library's own reason, short and last (`Cannot open news.example: no server has that name (cannot
connect: [Errno -2] Name or service not known)`).

The TUI (status line) and the CLI (stderr) both say a failed fetch through `describe_failure`, so one
wording holds everywhere. These only word and shorten: the line is cleaned where it is shown (or made an
error's message), so a reason is not cleaned twice.
"""

from __future__ import annotations

from newsreader.fetch.client import server_of
from newsreader.text import NAME, shorten

# (a piece of the library's reason, lower-cased) -> plain words; the first match wins.
_PLAIN: list[tuple[tuple[str, ...], str]] = [
    # Before "timed out": a host given up on (fetch/client.py `_check_up`); its reason is ours, no brackets.
    (("not fetched: another request",), "the server stopped answering"),
    (
        (
            "name or service not known",
            "nodename nor servname",
            "name resolution",
            "no address associated",
            "getaddrinfo failed",
            "[errno -2]",
            "[errno -3]",
            "[errno -5]",
        ),
        "no server has that name",
    ),
    (
        ("connection refused", "all connection attempts failed", "[errno 111]"),
        "the server refused to connect",
    ),
    (("network is unreachable", "no route to host"), "the network cannot reach it"),
    (("timed out", "within", "read timeout"), "it took too long to answer"),
    (("certificate", "ssl", "tls"), "its secure connection could not be checked"),
    (("http 404", "http 410"), "nothing is at that address"),
    (("http 401", "http 403"), "the server refuses to show it"),
    (("http 429",), "the server asks us to slow down"),
    (("http 5",), "the server failed"),
    (("larger than",), "the response is too large"),
    (("tag mismatch", "not well-formed", "xml", "no feed", "not a feed"), "it is not a readable feed"),
    (("only http", "not an http"), "only http and https links can be opened"),
]


def plain_reason(reason: str) -> str | None:
    """The reader's words for a library's reason, or None when there are none better than the reason."""
    lowered = reason.lower()
    for pieces, words in _PLAIN:
        if any(piece in lowered for piece in pieces):
            return words
    return None


def explain(reason: str) -> str:
    """`plain words (the library's reason)`, or the reason alone when there are no better words."""
    reason = shorten(reason.strip(), NAME)
    words = plain_reason(reason)
    return f"{words} ({reason})" if words else reason


def describe_failure(url: str, reason: str, *, verb: str = "Cannot open") -> str:
    """One line naming the server (its host, and its port when the URL names one; else the URL) and why,
    the library's reason last."""
    where = server_of(url) or shorten(url, NAME)
    return f"{verb} {where}: {explain(reason)}"
