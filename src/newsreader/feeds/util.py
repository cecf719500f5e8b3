"""Small helpers shared by the feed parsers: text constructs, dates, enclosures, stable keys."""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_tz
from html.entities import html5
from urllib.parse import urljoin

from newsreader.models import Enclosure
from newsreader.text import NAME, SHORT, TITLE, URL, clean_line, clean_text, strip_controls
from newsreader.urls import absolutize

_SCRIPTS = re.compile(r"<(script|style)\b.*?</\1\s*>", re.I | re.S)
_BREAKS = re.compile(r"<(?:br|/p|/div|/li|/h\d|/blockquote)\b[^>]*>", re.I)
# A tag starts with a letter, `/`, `!--`, `!doctype` or `?`: `<3`, `a <b` without `>` and `<!'` are text.
_TAGS = re.compile(r"<(?=[A-Za-z/?]|![A-Za-z-])[^>]*>")
MAX_SUMMARY = 600  # a teaser for lists and search; the full HTML is kept in `content`
MAX_CONTENT = 1_000_000

# Elements that make a string "look like HTML" (the HTML a feed puts in a title or description).
_HTML_ELEMENTS = frozenset(
    "a abbr acronym address area article aside audio b bdi bdo big blockquote br button caption center"
    " cite code col colgroup dd del details dfn dialog dir div dl dt em fieldset figcaption figure font"
    " footer form h1 h2 h3 h4 h5 h6 header hr i img input ins kbd label legend li main map mark menu meter"
    " nav ol optgroup option output p picture pre progress q s samp section select small source span"
    " strike strong sub summary sup table tbody td textarea tfoot th thead time tr tt u ul var video wbr"
    " noscript".split()
)
_VOID = frozenset("area br col hr img input source wbr".split())
_CLOSE_TAG = re.compile(r"</(\w+)>")
_ANY_TAG = re.compile(r"<(/?)(\w+)")
_ENTITY = re.compile(r"&#?\w+;")
_NAMED_ENTITY = re.compile(r"&(\w+);")

# Windows-1252 punctuation decoded as C1 controls (a document declared ISO-8859-1 or a numeric reference
# like &#146;): browsers and feedparser read these as Windows-1252, and so do we, instead of deleting them.
_CP1252 = {
    i: bytes([i]).decode("cp1252") for i in range(0x80, 0xA0) if i not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}
_C1 = re.compile("[\x80-\x9f]")
_HIGH = re.compile("[\x80-\xff]")
_WIDE = re.compile("[^\x00-\xff]")


def repair(value: str) -> str:
    """Undo two common encoding faults: UTF-8 read as Latin-1 and re-encoded (double-encoded: "â€¦"),
    and Windows-1252 punctuation in C1 positions. Text with neither comes back unchanged, cheaply."""
    if value.isascii() or not _HIGH.search(value):
        return value
    if not _WIDE.search(value):
        data = value.encode("latin-1")
        try:
            value = data.decode("utf-8")
        except UnicodeDecodeError as err:
            if err.reason == "unexpected end of data":  # a sequence cut where the text was cut
                value = data[: err.start].decode("utf-8", errors="replace") + value[err.start :]
    return value.translate(_CP1252) if _C1.search(value) else value


def looks_like_html(value: str, *, balanced: bool = False) -> bool:
    """Whether text from a format that does not say (RSS) is HTML: it has an end tag or an entity
    reference, every tag is an HTML element and every entity a known one (feedparser's rule). With
    `balanced`, also every non-void start tag is closed, so `<b> Tom &amp; Jerry` stays text."""
    if "<" not in value and "&" not in value:
        return False
    if not (_CLOSE_TAG.search(value) or _ENTITY.search(value)):
        return False
    opened: dict[str, int] = {}
    for close, tag in _ANY_TAG.findall(value):
        tag = tag.lower()
        if tag not in _HTML_ELEMENTS:
            return False
        if tag not in _VOID:
            opened[tag] = opened.get(tag, 0) + (-1 if close else 1)
    if any(name + ";" not in html5 for name in _NAMED_ENTITY.findall(value)):
        return False
    return not balanced or all(count <= 0 for count in opened.values())


def html_to_text(fragment: str | None) -> str:
    """Plain text of an HTML fragment, cheaply (summaries and titles; the extractor does real work)."""
    if not fragment:
        return ""
    if "<" in fragment:
        fragment = _SCRIPTS.sub(" ", fragment)
        fragment = _BREAKS.sub("\n", fragment)
        fragment = _TAGS.sub("", fragment)
    return html.unescape(fragment) if "&" in fragment else fragment


def title_text(raw: str | None, is_html: bool = True) -> str:
    """A title as one clean line; `is_html` False for plain text, whose brackets are kept."""
    if not raw:
        return ""
    raw = repair(raw)
    return clean_line(html_to_text(raw) if is_html else raw, max_len=TITLE)


def summary_text(raw: str | None, is_html: bool = True) -> str | None:
    if not raw:
        return None
    # Markup is rarely more than 4x the text it wraps; cutting first keeps long entries cheap.
    raw = repair(raw[: 8 * MAX_SUMMARY] if is_html else raw[:MAX_SUMMARY])
    text = clean_text(html_to_text(raw) if is_html else raw, max_len=MAX_SUMMARY)
    return text or None


def content_html(raw: str | None, is_html: bool = True, base: str | None = None) -> str | None:
    """Entry HTML kept for the article fallback: controls stripped, size capped, never rendered as HTML.
    Plain text is escaped, so the fallback shows it as written. With a `base` (a feed that sets
    xml:base), relative links and image sources are made absolute against it: the entry's page, which
    the fallback resolves against otherwise, is not what they are relative to."""
    if not raw or not raw.strip():
        return None
    raw = repair(raw[:MAX_CONTENT])
    if not is_html:
        return strip_controls(html.escape(raw, quote=False))
    return strip_controls(resolve_links(raw, base) if base else raw)


# href/src attribute values without a scheme (relative, or protocol-relative), fragments left alone.
_RELATIVE_ATTR = re.compile(
    r"""(\s(?:href|src)\s*=\s*)(["'])(?![a-zA-Z][a-zA-Z0-9+.-]*:|#)([^"'<>]*)\2""", re.I
)


_ABSOLUTE = re.compile(r"\s*(?:[a-zA-Z][a-zA-Z0-9+.-]*:|#)")


def _has_relative(markup: str) -> bool:
    """Whether some `href=`/`src=` value lacks a scheme: a quick look (str.find) before the regex, which
    is several times slower on the usual content whose links are all absolute."""
    for attr in ("href=", "src=", "HREF=", "SRC="):
        at = markup.find(attr)
        while at != -1:
            at += len(attr)
            quote = markup[at : at + 1]
            if not _ABSOLUTE.match(markup, at + 1 if quote in ('"', "'") else at):
                return True
            at = markup.find(attr, at)
    return False


def resolve_links(markup: str, base: str) -> str:
    """`markup` with its relative href/src values resolved against `base` (attributes only, linear)."""
    if not _has_relative(markup):
        return markup

    def absolute(match: re.Match[str]) -> str:
        url = urljoin(base, html.unescape(match[3]).strip())
        return f"{match[1]}{match[2]}{html.escape(url, quote=True)}{match[2]}"

    return _RELATIVE_ATTR.sub(absolute, markup)


_EMAIL_NAME = re.compile(r"^\s*[^\s()<>]+@[^\s()<>]+\s*\((.+)\)\s*$")
_NAME_EMAIL = re.compile(r"^\s*(.+?)\s*[(<]\s*[^\s()<>]+@[^\s()<>]+\s*[)>]\s*$")


def author_name(raw: str | None) -> str | None:
    """The name in an author field ("jo@example.com (Jo)", "Jo <jo@example.com>"), else the field."""
    if not raw:
        return None
    raw = repair(raw)
    match = (_EMAIL_NAME.match(raw) or _NAME_EMAIL.match(raw)) if "@" in raw else None
    return clean_line(match[1] if match else raw, max_len=SHORT) or None


# -- dates ------------------------------------------------------------------------------------------

# Zone names feeds use that email.utils does not know (feedparser's list, offsets in hours).
_ZONES = {
    "UT": 0, "UTC": 0, "GMT": 0, "Z": 0, "ETC/GMT": 0,
    "AST": -4, "ADT": -3, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6,
    "PST": -8, "PDT": -7, "AT": -4, "ET": -5, "CT": -6, "MT": -7, "PT": -8,
    "MET": 1, "MEST": 2, "CET": 1, "CEST": 2, "WET": 0, "WEST": 1, "EET": 2, "EEST": 3,
    "BST": 1, "IST": 1, "JST": 9, "KST": 9, "HKT": 8, "AEST": 10, "AEDT": 11, "NZST": 12, "NZDT": 13,
}  # fmt: skip
_EMAIL_ZONES = frozenset("UT UTC GMT Z AST ADT EST EDT CST CDT MST MDT PST PDT".split())
_ZONE = re.compile(r"\s(?:(?:GMT|UTC|UT)?([+-])(\d{1,2}):?(\d{2})|([A-Za-z][A-Za-z/]*))$")


def to_utc_iso(value: str | None) -> str | None:
    """A feed date (ISO 8601 / RFC 3339, RFC 822 with numeric or named zones, and what feedparser
    understands) as ISO 8601 UTC; None if unparseable. A date without a zone is taken as UTC."""
    if not value:
        return None
    value = value.strip()
    parsed = _iso(value) or _rfc822(value) or _feedparser_date(value)
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    try:
        return parsed.astimezone(UTC).isoformat(timespec="seconds")
    except (OverflowError, ValueError):
        return None


def _iso(value: str) -> datetime | None:
    if (
        len(value) < 10
        or not value[:4].isdigit()
        or value[4] != "-"
        or value[10:11] not in ("", "T", "t", " ")
    ):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _rfc822(value: str) -> datetime | None:
    """RFC 822 dates with the zone read here (email.utils takes `-01:01` and `MET` for UTC); None for
    what this does not know, which then goes to feedparser's parsers."""
    if (common := _RFC822_COMMON.fullmatch(value)) is not None:
        return _common_rfc822(common)
    last = value.rpartition(" ")[2]
    if last in _EMAIL_ZONES or last[:1] in "+-" and len(last) == 5 and last[1:].isdigit():
        parts = parsedate_tz(value)  # the common case: a zone email.utils reads right
        if parts is not None and parts[9] is not None:
            return _moment(parts, parts[9] // 60)
    body, offset = value, 0
    if match := _ZONE.search(value):
        if match[1]:
            offset = (-1 if match[1] == "-" else 1) * (int(match[2]) * 60 + int(match[3]))
        elif (hours := _ZONES.get(match[4].upper())) is not None:
            offset = hours * 60
        else:
            return None
        body = value[: match.start()]
    elif not value.rpartition(" ")[2].replace(":", "").isdigit():
        return None  # an odd last word: not a time, a year or a zone we know
    parts = parsedate_tz(body)
    return _moment(parts, offset) if parts is not None else None


# The form nearly every RSS date takes ("Fri, 31 May 2024 23:59:25 GMT", "... +0200"), read without
# email.utils (a third of the time of parsing an item); anything else takes the general path above.
_RFC822_COMMON = re.compile(
    r"(?:[A-Za-z]{3}, )?(\d{1,2}) ([A-Za-z]{3}) ([1-9]\d{3}) (\d{2}):(\d{2}):(\d{2})"
    r" (?:GMT|UTC?|([+-])(\d\d)(\d\d))",
    re.ASCII,
)
_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}


def _common_rfc822(match: re.Match[str]) -> datetime | None:
    day, name, year, hour, minute, second, sign, zone_h, zone_m = match.groups()
    month = _MONTHS.get(name.lower())
    if month is None:
        return None
    offset = (-1 if sign == "-" else 1) * (int(zone_h) * 60 + int(zone_m)) if sign else 0
    return _moment((int(year), month, int(day), int(hour), int(minute), int(second)), offset)


def _moment(parts: Sequence[int | None], offset: int) -> datetime | None:
    if not -1440 < offset < 1440:
        return None
    year, month, day, hour, minute, second = (p or 0 for p in parts[:6])
    zone = timezone(timedelta(minutes=offset)) if offset else UTC
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=zone)
    except ValueError:
        return None


# feedparser's ISO 8601 parser rolls "25:14" over to the next day and reads "2013-xx-27" as November; it is
# only asked about strings of the shape it is for, after every other parser.
_ISO_SHAPE = re.compile(
    r"-?(?:\d{4}|\d{2})(?:-?\d{2,3}(?:-?\d{2})?)?"
    r"(?:T(?:[01]\d|2[0-3]):?[0-5]\d(?::?(?:[0-5]\d|60)(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?"
)


def _feedparser_date(value: str) -> datetime | None:
    """feedparser's parsers for the rarer forms (Greek, Hungarian, Korean, Perforce, asctime, W3DTF
    variants), in an order where a lenient one cannot take a date meant for a stricter one."""
    from feedparser import datetimes as fp

    parsers = [
        fp._parse_date_w3dtf,
        fp._parse_date_rfc822,
        fp._parse_date_asctime,
        fp._parse_date_perforce,
        fp._parse_date_greek,
        fp._parse_date_hungarian,
        fp._parse_date_nate,
        fp._parse_date_onblog,
    ]
    if _ISO_SHAPE.fullmatch(value):
        parsers.append(fp._parse_date_iso8601)
    for parse in parsers:
        try:
            st = parse(value)
        except (KeyError, OverflowError, ValueError, AttributeError, IndexError, TypeError):
            continue
        if st is not None and len(st) == 9:
            year, month, day, hour, minute, second = st[:6]
            try:
                return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
            except ValueError:
                return None
    return None


# -- enclosures -------------------------------------------------------------------------------------


def to_int(value: str | None) -> int | None:
    """A positive whole number from an attribute ("12345", " 12345 "), else None."""
    if not value:
        return None
    value = value.strip()
    if not value.isascii() or not value.isdecimal() or len(value) > 18:
        return None
    number = int(value)
    return number if number > 0 else None


def duration_seconds(value: str | None) -> int | None:
    """itunes:duration / media duration: seconds, "MM:SS" or "HH:MM:SS" (fractions dropped)."""
    if not value:
        return None
    parts = value.strip().split(".")[0].split(":")
    if not 1 <= len(parts) <= 3 or not all(p.isascii() and p.isdecimal() and len(p) < 10 for p in parts):
        return None
    seconds = 0
    for part in parts:
        seconds = seconds * 60 + int(part)
    return seconds or None


def enclosure(
    url: str | None, base: str, kind: str | None, length: str | None, duration: int | None = None
) -> Enclosure | None:
    """An enclosure with an absolute http(s) URL, its fields cleaned; None without a usable URL."""
    absolute = absolutize(url, base)
    if not absolute:
        return None
    kind = clean_line(kind, max_len=NAME).lower() or None
    return Enclosure(absolute, kind, to_int(length), duration)


def merge_enclosures(found: list[Enclosure], duration: int | None) -> list[Enclosure]:
    """One enclosure per URL (the first wins), the entry's duration given to those without one."""
    seen: dict[str, Enclosure] = {}
    for item in found:
        if item.url not in seen:
            if item.duration is None and duration is not None:
                item = Enclosure(item.url, item.type, item.length, duration)
            seen[item.url] = item
    return list(seen.values())


def entry_key(guid: str | None, link: str | None, title: str, summary: str | None) -> str:
    """A stable id within a feed: guid, else link, else a hash of the text."""
    if guid and (key := clean_line(guid, max_len=URL)):
        return key
    if link:
        return link
    return "sha1:" + hashlib.sha1(f"{title}\n{summary or ''}".encode()).hexdigest()
