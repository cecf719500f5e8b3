"""The error hierarchy: every expected failure carries a one-line message fit for a status bar or stderr.

Code that catches a `NewsreaderError` can print `str(err)` as it is; anything else escaping to the CLI is a
bug and is reported as such.
"""

from __future__ import annotations

import sys


class NewsreaderError(Exception):
    """Base of all expected failures. `str()` is one sanitised line."""

    def __init__(self, message: str) -> None:
        # The one place an error's message is cleaned (an ingest boundary: messages quote servers, pages
        # and the user's words), so `str(err)` may be shown anywhere. Imported lazily: text.py must stay
        # importable without this module's users.
        from newsreader.text import TITLE, clean_line

        super().__init__(clean_line(message, max_len=TITLE))

    @property
    def message(self) -> str:
        return str(self)


class UsageError(NewsreaderError):
    """A bad argument, a missing file, a bad config: the user's input, exit status 2."""


class ConfigError(UsageError):
    """`config.toml` could not be read; the message names the line."""


class FetchError(NewsreaderError):
    """An HTTP request failed (network, status, limits, policy)."""


class TooLargeError(FetchError):
    """A response over the size cap (`max_bytes`)."""


class NotAPageError(FetchError):
    """The address serves a file (a picture, audio, video, a PDF), not the page or feed asked for:
    `media_type` says which, so a front end can hand it to a player or the browser instead. On the command
    line it is the input's error (exit status 2), as an address that links no feed is."""

    def __init__(self, message: str, media_type: str) -> None:
        super().__init__(message)
        self.media_type = media_type


class FeedError(NewsreaderError):
    """Bytes that should be a feed could not be parsed as one."""


class StoreError(NewsreaderError):
    """The SQLite database cannot be opened, read or written."""


class ExtractError(NewsreaderError):
    """A page yielded no article."""


class NotCachedError(NewsreaderError):
    """`--offline` and the article is not in the cache."""


def exit_status(err: NewsreaderError) -> int:
    """The exit status an expected failure maps to: 2 for the user's input (an address that serves a file
    where a page or feed is wanted included), 1 for anything else."""
    return 2 if isinstance(err, (UsageError, NotAPageError)) else 1


def report(err: NewsreaderError) -> int:
    """Print the failure as one line on stderr (CLI and TUI alike); return its exit status."""
    sys.stderr.write(f"newsreader: error: {err.message}\n")
    return exit_status(err)
