"""Dates, one parser for feeds and pages: machine values (ISO 8601, RFC 822 with numeric or named zones,
Java's `Date.toString()`, feedparser's rarer forms: `parse_machine`) and, for pages, visible text in several
languages ("30. April 2024, 14:07 Uhr", "le 7 mai 2019 à 13h59", "2019年4月13日").

A feed's date without a zone is UTC (`to_utc_iso`, what feeds are sorted by). A page that gives a time
without an offset means its own local time. The zone is taken from the page itself where it says one (a
zone named after the clock, "9:13 AM ET"; another of its dates with an offset), else from a language whose
speakers keep one clock (`ja` -> Asia/Tokyo, `de` -> Europe/Berlin), else UTC.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_tz
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_MONTH_NAMES = {
    1: "january jan januar janvier enero gennaio janeiro januari janv ocak",
    2: "february feb februar février fevrier febrero febbraio fevereiro februari févr şubat subat",
    3: "march mar märz maerz mars marzo março maart mart",
    4: "april apr avril abril aprile nisan",
    5: "may mai mayo maggio maio mei maj mayıs mayis",
    6: "june jun juni juin junio giugno junho haziran",
    7: "july jul juli juillet julio luglio julho juil temmuz",
    8: "august aug août aout agosto augustus ağustos agustos",
    9: "september sep sept septembre septiembre settembre setembro eylül eylul",
    10: "october oct oktober octobre octubre ottobre outubro okt ekim",
    11: "november nov novembre noviembre novembro kasım kasim",
    12: "december dec dezember décembre decembre diciembre dicembre dezembro dez déc desember aralık aralik",
}


def _month_words() -> dict[str, int]:
    """Every name and every abbreviation of one (three letters or more) -> the month; a prefix two months
    share ("ma") is no month."""
    out: dict[str, int] = {}
    shared: set[str] = set()
    for no, names in _MONTH_NAMES.items():
        for name in names.split():
            for end in range(3, len(name) + 1):
                word = name[:end]
                if out.setdefault(word, no) != no:
                    shared.add(word)
    return {word: no for word, no in out.items() if word not in shared}


_MONTHS = _month_words()
_MONTH_RE = r"([^\W\d_]{3,10}\.?)"
_TEXT_DATES = (
    (re.compile(r"\b(\d{4})([-/.])(\d{1,2})\2(\d{1,2})\b"), ("y", "-", "m", "d")),
    (re.compile(r"(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]"), ("y", "m", "d")),
    (re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4}|\d\d)\b"), ("d", "m", "y")),
    (re.compile(rf"\b{_MONTH_RE}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b"), ("m", "d", "y")),
    (
        re.compile(rf"\b(\d{{1,2}})(?:\.|er|st|nd|rd|th)?\s+(?:de\s+)?{_MONTH_RE}\s+(?:de\s+)?(\d{{4}})\b"),
        ("d", "m", "y"),
    ),
)
_CLOCK = re.compile(r"\b(\d{1,2})(?:[:.h]|\s*[時시]\s*)(\d\d)(?::(\d\d))?(?![./]?\d)\s*(?:([ap])\.?m\.?)?")
_CLOCK_SPAN = 40
_ZONES = {
    **dict.fromkeys(("et", "est", "edt"), "America/New_York"),
    **dict.fromkeys(("ct", "cst", "cdt"), "America/Chicago"),
    **dict.fromkeys(("mt", "mst", "mdt"), "America/Denver"),
    **dict.fromkeys(("pt", "pst", "pdt"), "America/Los_Angeles"),
    **dict.fromkeys(("gmt", "utc", "bst"), "Europe/London"),
    **dict.fromkeys(("cet", "cest", "mez", "mesz"), "Europe/Berlin"),
    "ist": "Asia/Kolkata",
    "jst": "Asia/Tokyo",
    "kst": "Asia/Seoul",
    "aest": "Australia/Sydney",
}
# Matched on the text as written: zone names are capitals, sometimes glued to the next word ("ISTShare").
_ZONE_NAME = re.compile(
    r"\d\s*(?:[AaPp]\.?[Mm]\.?)?\s*\(?(" + "|".join(z.upper() for z in _ZONES) + r")(?![a-z])"
)
# Languages (and language-region pairs) whose pages keep one clock: what a time without an offset means.
_LANG_ZONES = {
    "ja": "Asia/Tokyo",
    "ko": "Asia/Seoul",
    "zh": "Asia/Shanghai",
    "zh-tw": "Asia/Taipei",
    "zh-hk": "Asia/Hong_Kong",
    "de": "Europe/Berlin",
    "de-at": "Europe/Vienna",
    "de-ch": "Europe/Zurich",
    "fr": "Europe/Paris",
    "fr-ch": "Europe/Zurich",
    "fr-be": "Europe/Brussels",
    "it": "Europe/Rome",
    "nl": "Europe/Amsterdam",
    "nl-be": "Europe/Brussels",
    "pl": "Europe/Warsaw",
    "cs": "Europe/Prague",
    "da": "Europe/Copenhagen",
    "sv": "Europe/Stockholm",
    "nb": "Europe/Oslo",
    "no": "Europe/Oslo",
    "nn": "Europe/Oslo",
    "fi": "Europe/Helsinki",
    "tr": "Europe/Istanbul",
    "lt": "Europe/Vilnius",
    "es-es": "Europe/Madrid",
    "pt-pt": "Europe/Lisbon",
    "en-gb": "Europe/London",
    "en-in": "Asia/Kolkata",
    "hi": "Asia/Kolkata",
}
_KANA = re.compile("[\u3040-\u30ff]")
_HANGUL = re.compile("[\uac00-\ud7af]")
_HAN = re.compile("[\u4e00-\u9fff]")
_JAVA_DATE = re.compile(r"[A-Z][a-z]{2} ([A-Z][a-z]{2}) (\d\d?) (\d\d:\d\d:\d\d) ([A-Z]{2,4}) (\d{4})")
_DAY_ONLY = re.compile(r"\d{4}-\d\d-\d\d(?:T00:00(?::00)?)?")
_MIN_YEAR, _MAX_YEAR = 1990, 2100


class _Floating(tzinfo):
    """The clock of a page that names none: its times are written without an offset (`isoformat` gives
    "2016-12-16T16:19:00"), shown as the page wrote them, never passed off as UTC."""

    def utcoffset(self, dt: datetime | None) -> None:
        return None

    def dst(self, dt: datetime | None) -> None:
        return None

    def tzname(self, dt: datetime | None) -> None:
        return None

    def __repr__(self) -> str:
        return "FLOATING"


FLOATING = _Floating()


def lang_zone(lang: str | None) -> tzinfo | None:
    """The clock a page in this language (`<html lang>`, `og:locale`) keeps, where there is one."""
    key = (lang or "").strip().lower().replace("_", "-")
    name = _LANG_ZONES.get(key[:5]) or _LANG_ZONES.get(key[:2])
    return _zoneinfo(name) if name else None


def script_zone(text: str | None) -> tzinfo | None:
    """The clock of a page that names no language, from its headline's script: kana is Japanese, hangul
    Korean, and Chinese (without either) is read on UTC+8, the clock of mainland China, Taiwan, Hong Kong
    and Singapore alike."""
    if not text:
        return None
    if _KANA.search(text):
        return _zoneinfo("Asia/Tokyo")
    if _HANGUL.search(text):
        return _zoneinfo("Asia/Seoul")
    return _zoneinfo("Asia/Shanghai") if _HAN.search(text) else None


def offset_zone(values: list[str | None]) -> tzinfo | None:
    """The offset another of the page's machine dates carries (UTC stamps say nothing about the page)."""
    for value in values:
        parsed = parse_machine(value.strip()[:64]) if value else None
        offset = parsed.utcoffset() if parsed is not None else None
        if offset:
            return timezone(offset)
    return None


# A year, a month or a bare number is no page's publication date (feedparser's forms would read "2024" as
# 1 January and "202405" as an ordinal day); feeds keep those forms, as feedparser does.
_NO_DAY = re.compile(r"[+-]?\d{1,6}|\d{4}-\d\d")


# "2018-10-29T10:15-500": an offset written with one digit for its hours.
_SHORT_OFFSET = re.compile(r"(T\d\d:\d\d(?::\d\d(?:\.\d+)?)?)([+-])(\d)(\d\d)$")


def normalize_date(value: str | None, zone: tzinfo | None = None) -> str | None:
    """Any common machine date -> ISO 8601 with offset (`zone`, else UTC, when the value has none)."""
    if not value or _NO_DAY.fullmatch(value.strip()):
        return None
    value = _SHORT_OFFSET.sub(r"\1\g<2>0\3:\4", value.strip()[:64])
    parsed = parse_machine(value)
    if parsed is None or not _MIN_YEAR <= parsed.year <= _MAX_YEAR:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=zone or UTC)
    return parsed.replace(microsecond=0).isoformat()


def parse_text_date(text: str, zone: tzinfo | None = None) -> str | None:
    """ "April 30, 2024 9:13 AM", "30. April 2024, 14:07 Uhr", "30/04/2024", "2019年4月13日" -> ISO 8601.

    The zone is the one named after the clock, else `zone`, else UTC.
    """
    written = " ".join(text.split())
    line = written.lower()
    for pattern, order in _TEXT_DATES:
        for match in pattern.finditer(line):
            found = _text_match(written, match, order, zone)
            if found:
                return found
    return None


def choose_date(values: list[str | None], zone: tzinfo | None = None) -> str | None:
    """The first machine date; a day-only one ("2024-04-30") gives way to a later source that has the
    time of the same day, and a UTC one to a source with the same clock time and the page's own offset
    (the page's local time labelled "Z")."""
    found = [(raw, iso) for raw in values if raw and (iso := normalize_date(raw, zone))]
    if not found:
        return None
    raw, iso = found[0]
    if iso.endswith("+00:00"):
        wall = iso[:-6]
        return next((later for _, later in found[1:] if later[:19] == wall and _offset_of(later)), iso)
    if not _DAY_ONLY.fullmatch(raw.strip()):
        return iso
    day = iso[:10]
    for later_raw, later in found[1:]:
        if not _DAY_ONLY.fullmatch(later_raw.strip()) and later[:10] == day:
            return later
    return iso


def _offset_of(iso: str) -> str | None:
    """The offset an ISO 8601 value names, other than UTC's ("+09:00"); None for UTC or none."""
    tail = iso[19:]
    return tail if tail and tail not in ("+00:00", "Z") else None


def _text_match(
    written: str, match: re.Match[str], order: tuple[str, ...], zone: tzinfo | None
) -> str | None:
    parts = dict(zip(order, match.groups()[: len(order)], strict=True))
    month = parts["m"]
    month_no = int(month) if month.isdigit() else _MONTHS.get(month.rstrip("."))
    if not month_no:
        return None
    year, day = int(parts["y"]), int(parts["d"])
    year += 2000 if year < 100 else 0
    if month_no > 12 and day <= 12:  # 04/30/2024 written month first
        month_no, day = day, month_no
    after = written[match.end() : match.end() + _CLOCK_SPAN]
    hour, minute, second = _time_of_day(after.lower())
    try:
        when = datetime(year, month_no, day, hour, minute, second, tzinfo=_named_zone(after) or zone or UTC)
    except ValueError:
        return None
    return when.isoformat() if _MIN_YEAR <= year <= _MAX_YEAR else None


def _named_zone(text: str) -> tzinfo | None:
    """The zone named after a clock time ("9:13 AM ET", "14:07 MESZ")."""
    match = _ZONE_NAME.search(text)
    return _zoneinfo(_ZONES[match.group(1).lower()]) if match else None


def _zoneinfo(name: str) -> tzinfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _time_of_day(text: str) -> tuple[int, int, int]:
    match = _CLOCK.search(text)
    if not match:
        return 0, 0, 0
    hour, minute, second = int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)
    if match.group(4) == "p" and hour < 12:
        hour += 12
    elif match.group(4) == "a" and hour == 12:
        hour = 0
    return (hour, minute, second) if hour < 24 and minute < 60 and second < 60 else (0, 0, 0)


def _java(text: str) -> datetime | None:
    """Java's Date.toString(): "Fri Apr 28 19:20:36 CEST 2023"."""
    java = _JAVA_DATE.fullmatch(text)
    if java is None:
        return None
    month = _MONTHS.get(java.group(1).lower())
    zone = _ZONES.get(java.group(4).lower())
    tz = _zoneinfo(zone) if zone else None
    if not month or tz is None:
        return None
    hour, minute, second = (int(x) for x in java.group(3).split(":"))
    try:
        return datetime(int(java.group(5)), month, int(java.group(2)), hour, minute, second, tzinfo=tz)
    except ValueError:
        return None


# -- machine dates (feeds' forms are held to feedparser by the conformance test) --------------------

# Zone names feeds use that email.utils does not know (feedparser's list, offsets in hours).
_ZONE_HOURS = {
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
    # Nearly every RSS date has the common RFC 822 form, which no parser before `_rfc822` reads.
    common = _RFC822_COMMON.fullmatch(value)
    parsed = (_common_rfc822(common) or _feedparser_date(value)) if common else parse_machine(value)
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    try:
        utc = parsed if parsed.tzinfo is UTC else parsed.astimezone(UTC)  # most feeds' dates are UTC
        return utc.isoformat(timespec="seconds")
    except (OverflowError, ValueError):
        return None


def parse_machine(value: str) -> datetime | None:
    """A machine-written date, feeds' and pages' alike: ISO 8601 / RFC 3339, RFC 822 with numeric or named
    zones, Java's `Date.toString()`, then feedparser's rarer forms. Naive when the value names no zone (the
    caller knows whose clock it is: UTC for a feed, the page's own for a page); None if unparseable."""
    value = value.strip()
    return _iso(value) or _java(value) or _rfc822(value) or _feedparser_date(value)


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
    body, offset, zoned = value, 0, True
    if match := _ZONE.search(value):
        if match[1]:
            offset = (-1 if match[1] == "-" else 1) * (int(match[2]) * 60 + int(match[3]))
        elif (hours := _ZONE_HOURS.get(match[4].upper())) is not None:
            offset = hours * 60
        else:
            return None
        body = value[: match.start()]
    elif not value.rpartition(" ")[2].replace(":", "").isdigit():
        return None  # an odd last word: not a time, a year or a zone we know
    else:
        zoned = False
    parts = parsedate_tz(body)
    if parts is None:
        return None
    moment = _moment(parts, offset)
    return moment if zoned or moment is None else moment.replace(tzinfo=None)


# The form nearly every RSS date takes ("Fri, 31 May 2024 23:59:25 GMT", "... +0200"), read without
# email.utils (a third of the time of parsing an item); anything else takes the general path above.
_RFC822_COMMON = re.compile(
    r"(?:[A-Za-z]{3}, )?(\d{1,2}) ([A-Za-z]{3}) ([1-9]\d{3}) (\d{2}):(\d{2}):(\d{2})"
    r" (?:GMT|UTC?|([+-])(\d\d)(\d\d))",
    re.ASCII,
)
_RFC_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}


def _common_rfc822(match: re.Match[str]) -> datetime | None:
    day, name, year, hour, minute, second, sign, zone_h, zone_m = match.groups()
    month = _RFC_MONTHS.get(name.lower())
    if month is None:
        return None
    offset = (-1 if sign == "-" else 1) * (int(zone_h) * 60 + int(zone_m)) if sign else 0
    return _moment((int(year), month, int(day), int(hour), int(minute), int(second)), offset)


def _moment(parts: Sequence[int | None], offset: int) -> datetime | None:
    if not -1440 < offset < 1440:
        return None
    year, month, day, hour, minute, second = parts[:6]
    zone = timezone(timedelta(minutes=offset)) if offset else UTC
    try:
        return datetime(year or 0, month or 0, day or 0, hour or 0, minute or 0, second or 0, tzinfo=zone)
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
