"""Feed parsing: a fast lxml path for well-formed RSS 0.9x/1.0/2.0, Atom 0.3/1.0 and JSON Feed, feedparser
for what lxml rejects.

feedparser is robust but slow (about 26 s of CPU for 1,000 typical feeds on our benchmark machine, against
about 0.5 s for lxml), so well-formed XML, which most feeds are, goes through lxml and only what lxml rejects
(broken XML) goes to feedparser's forgiving parser. Both paths produce the same sanitised `ParsedFeed`; the
conformance test (tests/test_feed_conformance.py) holds both to feedparser's reading of its own test feeds.
The XML parser expands only entities the document declares itself (within libxml2's amplification limit),
never loads external DTDs or entities, and never touches the network. The HTTP `Content-Type` charset,
when the response gave one, overrides the document's own declaration (RFC 7303), except a Latin-1-family
charset on bytes that are valid UTF-8 (a server default, not a statement about the feed); a document with
neither whose bytes are not UTF-8 has its charset detected.
"""

from __future__ import annotations

import codecs
import logging
import re
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urljoin

from lxml import etree

from newsreader.config import MAX_ITEMS
from newsreader.dates import to_utc_iso
from newsreader.errors import FeedError
from newsreader.feeds.atom import parse_atom
from newsreader.feeds.fields import (
    author_name,
    content_html,
    duration_seconds,
    enclosure,
    entry_key,
    merge_enclosures,
    summary_text,
    title_text,
)
from newsreader.feeds.jsonfeed import parse_json_feed
from newsreader.feeds.rss import parse_rdf, parse_rss
from newsreader.feeds.xml import ATOM, ATOM03, RDF
from newsreader.models import Enclosure, ParsedEntry, ParsedFeed
from newsreader.text import NAME, shorten
from newsreader.urls import absolutize, is_web_url

log = logging.getLogger(__name__)

# feedparser's loose parser needs about 10 s per MB on pathological input: only small broken feeds go there.
MAX_FEEDPARSER = 256 * 1024
# 7-bit escape sequences in the raw bytes (invalid in XML: a repairing parser would drop the ESC byte and
# leave the payload readable, so whole sequences go before repairing).
_RAW_ESCAPES = re.compile(rb"\x1b(?:\[[0-?]*[ -/]*[@-~]?|[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\)?|[ -/]*[0-~]?)")
_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*?\?>", re.S)
_DECLARED = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""", re.S)
_SNIFF = 64 * 1024  # enough text for a charset guess
# Latin-script single-byte charsets a detector confuses on a short feed (ï is ď in cp1250).
_LATIN = frozenset(
    codecs.lookup(name).name
    for name in (
        "latin-1", "iso8859-2", "iso8859-3", "iso8859-4", "iso8859-9", "iso8859-13", "iso8859-15",
        "cp1250", "cp1252", "cp1254", "cp1257", "cp437", "cp850", "cp858", "mac-roman", "mac-latin2",
    )
)  # fmt: skip
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)


def _parser(recover: bool) -> etree.XMLParser:
    return etree.XMLParser(
        recover=recover,
        resolve_entities="internal",  # declared in the document's own DTD; never external ones
        no_network=True,
        load_dtd=False,
        huge_tree=False,  # keeps libxml2's limits: depth 256, 10 MB text nodes, entity amplification
        remove_comments=True,
        remove_pis=True,
    )


_XML = _parser(recover=False)
_RECOVER = _parser(recover=True)
_LIMIT_HINTS = {
    "depth": "nesting too deep",
    "amplification": "entity expansion too large",
    "too long": "a text node too large",
    "huge": "document too large",
}
Handler = Callable[[etree._Element, str, bool, int | None], ParsedFeed]
_HANDLERS: dict[str, Handler] = {
    "rss": parse_rss,
    RDF + "RDF": parse_rdf,
    ATOM + "feed": parse_atom,
    ATOM03 + "feed": parse_atom,
}


def parse_feed(
    data: bytes, url: str, headers: Mapping[str, str] | None = None, *, max_items: int | None = MAX_ITEMS
) -> ParsedFeed:
    """Parse feed bytes fetched from `url` with the response's `headers` (their Content-Type charset
    and Content-Location base are honoured). At most `max_items` entries are kept (None: all); the
    rest are counted in `ParsedFeed.dropped`. Raises FeedError."""
    header = {k.lower(): v for k, v in (headers or {}).items()}
    base = _base(url, header.get("content-location"))
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:512].lower()
    if head.startswith(b"{"):
        return parse_json_feed(data, base, max_items)
    if head.startswith((b"<!doctype html", b"<html")):
        raise FeedError("not a feed: the server sent an HTML page")
    data = recode(data, http_charset(header.get("content-type")))
    has_base = b"xml:base" in data  # else every element's base is the document's: no lookups needed
    try:
        root = etree.fromstring(data, _XML, base_url=base if has_base else None)
    except etree.XMLSyntaxError as err:
        if (repaired := _misencoded(data)) is not None:
            log.info("parse %s: not the UTF-8 it claims or defaults to; bytes recoded", base)
            return parse_feed(repaired, base, header, max_items=max_items)
        return _broken(data, base, header, err, max_items)
    except ValueError:
        return _feedparser(data, base, header, max_items)
    handler = _HANDLERS.get(root.tag if isinstance(root.tag, str) else "")
    if handler is None:
        if isinstance(root.tag, str) and etree.QName(root).localname.lower() == "html":
            raise FeedError("not a feed: the server sent an HTML page")
        return _feedparser(data, base, header, max_items)
    return handler(root, base, has_base, max_items)


def _base(url: str, location: str | None) -> str:
    """The base for relative links: the URL fetched, or the Content-Location the server named."""
    if location and (joined := urljoin(url, location.strip())) and is_web_url(joined):
        return joined
    return url


def http_charset(content_type: str | None) -> str | None:
    """The codec a Content-Type names (`text/xml; charset="windows-1252"`), None if none or unknown."""
    for part in (content_type or "").split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset":
            try:
                return codecs.lookup(value.strip().strip("\"'")).name
            except LookupError:
                return None
    return None


def recode(data: bytes, charset: str | None) -> bytes:
    """The document as UTF-8 when HTTP named a charset the document does not declare (a BOM wins)."""
    if charset is None or data.startswith(_BOMS):
        return data
    declared = _DECLARED.match(data[:512])
    name = declared[1].decode("ascii") if declared else "utf-8"
    try:
        if codecs.lookup(name).name == charset or charset in _LATIN and _is_utf8(data):
            return data  # a server's Latin-1 default on a UTF-8 feed would turn every "é" into "Ã©"
        return _as_utf8(data.decode(charset))
    except (LookupError, UnicodeDecodeError):
        return data  # the header is wrong for these bytes: the document's own declaration decides


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _misencoded(data: bytes) -> bytes | None:
    """A document lxml could not decode as the UTF-8 it claims (or defaults to), recoded: stray bytes in
    mostly-UTF-8 text are read as Windows-1252 (a CMS pasting cp1252 into UTF-8), and an undeclared
    document that is not UTF-8 at all is read in the charset its bytes suggest (charset-normalizer), so
    Shift-JIS or KOI8-R served without a label is not mojibake. None when there is nothing to repair."""
    if data.startswith(_BOMS) or _is_utf8(data):
        return None
    declared = _DECLARED.match(data[:512])
    if declared is not None:
        try:
            if codecs.lookup(declared[1].decode("ascii")).name != "utf-8":
                return None  # a declared charset lxml could not apply: feedparser's repair decides
        except LookupError:
            return None
    lenient = data.decode("utf-8", errors="replace")
    if declared is not None or len(_NON_ASCII.findall(lenient)) > 2 * lenient.count("\ufffd"):
        return _as_utf8(data.decode("utf-8", errors=_CP1252_BYTES))
    from charset_normalizer import from_bytes

    best = from_bytes(data[:_SNIFF]).best()
    charset = codecs.lookup(best.encoding).name if best is not None else "cp1252"
    if charset in _LATIN:
        charset = "cp1252"  # too little text tells these apart; the web's usual mislabel is cp1252
    return _as_utf8(data.decode(charset, errors="replace"))


def _cp1252_bytes(err: UnicodeError) -> tuple[str, int]:
    """Codec error handler: bytes that are not UTF-8 read as Windows-1252 (undefined ones as U+FFFD)."""
    if not isinstance(err, UnicodeDecodeError):
        raise err
    return err.object[err.start : err.end].decode("cp1252", errors="replace"), err.end


_CP1252_BYTES = "newsreader-cp1252-bytes"
codecs.register_error(_CP1252_BYTES, _cp1252_bytes)
_NON_ASCII = re.compile("[^\x00-\x7f]")


def _as_utf8(text: str) -> bytes:
    """A decoded document as UTF-8 bytes that say so (its own declaration replaced)."""
    body = _DECLARATION.sub(b"", text.encode("utf-8"), count=1)
    return b'<?xml version="1.0" encoding="utf-8"?>' + body


def _broken(
    data: bytes, url: str, headers: dict[str, str], err: etree.XMLSyntaxError, limit: int | None
) -> ParsedFeed:
    """XML that lxml rejects: refuse what hit a safety limit, repair the rest within bounded time.

    feedparser's forgiving parser is the most faithful repair but costs about 10 s per MB on pathological
    input, so it gets small feeds only; larger ones go to lxml's recovering parser, which is fast but may
    drop a stray character or the entries after a bad spot.
    """
    message = str(err.msg or err).lower()
    for hint, reason in _LIMIT_HINTS.items():
        if hint in message:
            raise FeedError(f"refused: {reason}")
    data = _RAW_ESCAPES.sub(b"", data)
    if len(data) <= MAX_FEEDPARSER:
        return _feedparser(data, url, headers, limit)
    recovered: ParsedFeed | None = None
    try:
        root = etree.fromstring(data, _RECOVER, base_url=url)
        handler = _HANDLERS.get(root.tag) if root is not None and isinstance(root.tag, str) else None
        recovered = handler(root, url, b"xml:base" in data, limit) if handler else None
    except (etree.XMLSyntaxError, ValueError, FeedError):
        recovered = None
    if recovered is not None and recovered.entries:
        log.info("parse %s: lxml's recovering parser (broken XML, too large for feedparser)", url)
        return recovered
    raise FeedError(f"not a feed: broken XML ({shorten(err.msg, NAME)})")


def _feedparser(data: bytes, url: str, headers: dict[str, str], limit: int | None) -> ParsedFeed:
    """The forgiving path for XML that lxml rejects (or a dialect it has no handler for)."""
    import feedparser

    log.info("parse %s: feedparser (the fast lxml path could not read it)", url)
    sent = {
        "content-location": url,
        **({"content-type": headers["content-type"]} if "content-type" in headers else {}),
    }
    result = feedparser.parse(data, response_headers=sent, sanitize_html=False, resolve_relative_uris=False)
    if not result.entries and not (result.feed.get("title") or result.feed.get("link")):
        reason = result.get("bozo_exception")
        detail = f" ({shorten(str(reason), NAME)})" if reason else ""
        raise FeedError(f"not a feed: no entries could be parsed{detail}")
    chosen = result.entries if limit is None else result.entries[:limit]
    base = result.get("href") or url
    return ParsedFeed(
        _fp_line(result.feed.get("title"), result.feed.get("title_detail")),
        absolutize(result.feed.get("link"), base),
        [_feedparser_entry(e, base) for e in chosen],
        dropped=len(result.entries) - len(chosen),
    )


def _is_html(detail: Any) -> bool:
    return not (isinstance(detail, Mapping) and detail.get("type") == "text/plain")


def _fp_line(value: str | None, detail: Any) -> str | None:
    return title_text(value, _is_html(detail)) or None


def _feedparser_entry(e: Any, base: str) -> ParsedEntry:
    title = _fp_line(e.get("title"), e.get("title_detail")) or ""
    link = absolutize(e.get("link"), base)
    contents = e.get("content") or []
    body = contents[0] if contents else None
    summary_raw, summary_html = e.get("summary"), _is_html(e.get("summary_detail"))
    if not summary_raw and body:
        summary_raw, summary_html = body.get("value"), _is_html(body)
    summary = summary_text(summary_raw, summary_html)
    detail = e.get("author_detail") or {}
    if body:
        content = content_html(body.get("value"), _is_html(body), body.get("base") or base)
    else:
        content = content_html(summary_raw, summary_html, base)
    date = e.get("published") or e.get("updated") or e.get("created")
    return ParsedEntry(
        key=entry_key(e.get("id"), link, title, summary),
        title=title or (summary or "")[:80] or "(untitled)",
        link=link,
        author=author_name(detail.get("name") or e.get("author")),
        published=to_utc_iso(date),
        summary=summary,
        content=content,
        enclosures=_fp_enclosures(e, base),
    )


def _fp_enclosures(e: Any, base: str) -> list[Enclosure]:
    found: list[Enclosure | None] = [
        enclosure(x.get("href"), base, x.get("type"), x.get("length")) for x in e.get("enclosures") or []
    ]
    for media in e.get("media_content") or []:
        duration = duration_seconds(media.get("duration"))
        found.append(enclosure(media.get("url"), base, media.get("type"), media.get("filesize"), duration))
    duration = duration_seconds(e.get("itunes_duration"))
    return merge_enclosures([x for x in found if x is not None], duration)
