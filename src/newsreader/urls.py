"""The URL policy: only absolute http(s) URLs with a host are fetched, followed or handed to a browser.

Everything else (javascript:, data:, file:, relative junk, a string starting with "-" that a browser command
line could read as an option) stays text.
"""

from __future__ import annotations

import functools
import re
from urllib.parse import urldefrag, urljoin, urlsplit

from publicsuffixlist import PublicSuffixList

from newsreader.text import URL

MAX_URL_LEN = URL  # one limit for the URLs taken and the URLs kept (`text.URL`): a URL is never stored cut
# Controls and space, plus the invisible characters that make a URL display as something else: zero-width
# and bidi controls, line separators, the byte order mark, tag characters, surrogates, noncharacters.
_BAD_CHARS = re.compile(
    r"[\x00-\x20\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff"
    r"\ud800-\udfff\ufff0-\uffff\U000e0000-\U000e007f]"
)


# The common case, decided without urlsplit: plain ASCII, an http(s) scheme, a host of letters, digits, dots
# and hyphens, an optional port, and printable ASCII after it. Anything else takes the full check.
_PLAIN_URL = re.compile(r"https?://[A-Za-z0-9.-]+(?::(\d{1,5}))?(?:[/?#][!-~]*)?", re.ASCII)
# WHATWG URL parsing removes every ASCII tab and newline from a URL before anything else: a link that a
# feed or a page wrapped over two lines is the link without the line break (browsers open it so).
# (Spaces right after a line break are that line's indentation, not part of the URL.)
_TAB_NEWLINE = re.compile(r"[\t\n\r]+ *")


def is_web_url(url: str | None) -> bool:
    """True for an absolute http/https URL with a host and no control characters or whitespace."""
    if not url or len(url) > MAX_URL_LEN or url.startswith("-"):
        return False
    if (plain := _PLAIN_URL.fullmatch(url)) is not None:
        port = plain.group(1)
        return port is None or 0 < int(port) < 65536
    if _BAD_CHARS.search(url):
        return False
    try:
        parts = urlsplit(url)
        port_ok = parts.port is None or 0 < parts.port < 65536
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and port_ok


def typed_web_url(text: str) -> str | None:
    """The web address a person typed: a URL, or a bare host or path (`example.com/news`) tried as
    https://, when its host has a dot or a port (a single word is more likely a file's name); None when it
    is neither (the CLI's `add` and the TUI's Add dialog read it the same way)."""
    urls = typed_web_urls(text)
    return urls[0] if urls else None


def typed_web_urls(text: str) -> list[str]:
    """What to try, in order, for what a person typed: a URL as it is; a bare host or path first as
    https:// and then as http:// (as a browser's address bar does when https cannot connect)."""
    host = text.split("/", 1)[0]
    bare = "://" not in text and not text.startswith(("-", "/", "~", ".")) and ("." in host or ":" in host)
    if bare and is_web_url(f"https://{text}"):
        return [f"https://{text}", f"http://{text}"]
    return [text] if is_web_url(text) else []


def absolutize(href: str | None, base: str | None) -> str | None:
    """Resolve `href` against `base`; return it only if the result passes the policy."""
    if not href:
        return None
    href = href.strip()
    if "\n" in href or "\t" in href or "\r" in href:
        href = _TAB_NEWLINE.sub("", href)
    if href.startswith(("http://", "https://")):
        return href if is_web_url(href) else None  # already absolute: no join needed
    try:
        url = urljoin(base or "", href) if base else href
    except ValueError:
        return None
    return url if is_web_url(url) else None


def without_fragment(url: str) -> str:
    """The URL with its #fragment removed (cache keys and deduplication)."""
    return urldefrag(url)[0]


def host_of(url: str) -> str:
    """The lower-cased host of a URL ("" if it has none)."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


@functools.lru_cache(maxsize=4096)  # a page asks about the same few hosts for every link
def registered_domain(host: str) -> str:
    """The name a site registered under its public suffix, by the Public Suffix List: `news.bbc.co.uk` ->
    `bbc.co.uk`, `jobs.example.com` -> `example.com`, `jane.blogspot.com` -> itself (each blog is its
    own site). A public suffix alone, a single label (`localhost`) and an address (an IP) are themselves."""
    host = host.lower().rstrip(".")
    if not host or host.replace(".", "").isdigit() or ":" in host:
        return host
    return _suffixes().privatesuffix(host) or host


@functools.cache
def _suffixes() -> PublicSuffixList:
    """The list bundled with `publicsuffixlist` (read once, about 40 ms; never fetched)."""
    return PublicSuffixList()
