"""The feed parser against feedparser over feedparser's test feeds (`../shared/feeds/feedparser-tests`).

Every difference in what a reader sees must be listed in `feed_conformance.ALLOWED` with its reason; at
least 97 % of the files agree outright. Dates are held to feedparser's date parser on forms written here
and on every date in the corpus. No file, and no truncation of one, may raise anything but FeedError.
The corpus tests skip when it is not beside the checkout (CI has it).
"""

from __future__ import annotations

import time

import pytest

from newsreader.dates import to_utc_iso
from newsreader.errors import FeedError
from newsreader.feeds import parse_feed
from tests import feed_conformance as fc

FILES = fc.corpus_files()
needs_corpus = pytest.mark.skipif(not FILES, reason=f"feed conformance corpus not found at {fc.CORPUS}")


@pytest.fixture(scope="module")
def report() -> fc.Report:
    return fc.run(FILES)


@needs_corpus
def test_every_difference_from_feedparser_is_listed_with_its_reason(report: fc.Report) -> None:
    assert not report.failures, "unlisted differences:\n" + "\n".join(report.failures)
    assert report.agree / report.total >= 0.97, f"{report.agree} / {report.total} files agree"
    # Also without the sanitizer tests (745 files about feedparser's HTML cleaning).
    ok, n = (sum(v[i] for g, v in report.groups.items() if g != "wellformed/sanitize") for i in (0, 1))
    assert ok / n >= 0.97, f"{ok} / {n} reader files agree"


@needs_corpus
def test_every_allowed_difference_still_happens(report: fc.Report) -> None:
    """An allow-list entry that no longer matches a differing file is stale: remove it."""
    assert [a.reason for a in fc.ALLOWED if a.reason not in report.allowed] == []


# Date forms feeds use, with the UTC time each means (written for this project; where feedparser's chain
# reads one differently it is wrong: it ignores "UTC-03:30", rolls "25:00" over, reads "xx" as a month).
DATES: list[tuple[str, str | None]] = [
    ("Tue, 10 Jun 2003 04:00:00 GMT", "2003-06-10T04:00:00+00:00"),
    ("Tue, 10 Jun 2003 04:00:00 +0000", "2003-06-10T04:00:00+00:00"),
    ("Tue, 10 Jun 2003 04:00:00 -0700", "2003-06-10T11:00:00+00:00"),
    ("Tue, 10 Jun 2003 04:00:00 +05:30", "2003-06-09T22:30:00+00:00"),
    ("Tue, 10 Jun 2003 04:00:00 -01:01", "2003-06-10T05:01:00+00:00"),
    ("Tue, 10 Jun 2003 04:00:00 GMT+02:00", "2003-06-10T02:00:00+00:00"),
    ("Tue, 10 Jun 2003 04:00:00 UTC-03:30", "2003-06-10T07:30:00+00:00"),
    ("Tue, 10 Jun 2003 04:00:00 EST", "2003-06-10T09:00:00+00:00"),
    ("Tue, 10 Jun 2003 04:00:00 EDT", "2003-06-10T08:00:00+00:00"),
    ("Tue, 10 Jun 2003 04:00:00 CST", "2003-06-10T10:00:00+00:00"),
    ("Tue, 10 Jun 2003 04:00:00 CDT", "2003-06-10T09:00:00+00:00"),
    ("Tue, 10 Jun 2003 04:00:00 MST", "2003-06-10T11:00:00+00:00"),
    ("Tue, 10 Jun 2003 04:00:00 MDT", "2003-06-10T10:00:00+00:00"),
    ("Tue, 10 Jun 2003 04:00:00 PST", "2003-06-10T12:00:00+00:00"),
    ("Tue, 10 Jun 2003 04:00:00 PDT", "2003-06-10T11:00:00+00:00"),
    ("Tue, 10 Jun 2003 04:00:00 MET", "2003-06-10T03:00:00+00:00"),
    ("Tue, 10 Jun 2003 04:00:00 MEST", "2003-06-10T02:00:00+00:00"),
    ("Tue, 10 Jun 2003 04:00:00 UT", "2003-06-10T04:00:00+00:00"),
    ("Tue, 10 Jun 2003 04:00:00 Z", "2003-06-10T04:00:00+00:00"),
    ("Tue, 10 Jun 2003 04:00:00 Etc/GMT", "2003-06-10T04:00:00+00:00"),
    ("Mon, 02 February 2009 23:05:00 ET", "2009-02-03T04:05:00+00:00"),
    ("Mon, 02 February 2009 23:05:00 CT", "2009-02-03T05:05:00+00:00"),
    ("Mon, 02 February 2009 23:05:00 MT", "2009-02-03T06:05:00+00:00"),
    ("Mon, 02 February 2009 23:05:00 PT", "2009-02-03T07:05:00+00:00"),
    ("Mon, 02 February 2009 23:05:00 AT", "2009-02-03T03:05:00+00:00"),
    ("Tue, 10 Jun 03 04:00:00 GMT", "2003-06-10T04:00:00+00:00"),
    ("Tue,  3 Jun 2003 04:00:00 GMT", "2003-06-03T04:00:00+00:00"),
    ("Tue, 10 Jun, 2003 04:00:00 GMT", "2003-06-10T04:00:00+00:00"),
    ("Tue, 10 Jun 2003 04:00 GMT", "2003-06-10T04:00:00+00:00"),
    ("Tue, 10 Jun 2003", "2003-06-10T00:00:00+00:00"),
    ("10 Jun 2003 04:00:00 +0200", "2003-06-10T02:00:00+00:00"),
    ("Tue Jun 10 2003 04:00:00 +0200", "2003-06-10T02:00:00+00:00"),
    ("Tue Jun 10 04:00:00 2003", "2003-06-10T04:00:00+00:00"),
    ("Tue Jun 10 04:00:00 +0000 2003", "2003-06-10T04:00:00+00:00"),
    ("Tue, 31 Jun 2003 04:00:00 GMT", None),
    ("Tue, 10 Foo 2003 04:00:00 GMT", None),
    ("Tue, 10 Jun 2003 04:00:00 +xx:00", None),
    ("Tue, 10 Jun 2003 4:0:0:0 GMT", None),
    ("2003-06-10T04:00:00Z", "2003-06-10T04:00:00+00:00"),
    ("2003-06-10T04:00:00+02:00", "2003-06-10T02:00:00+00:00"),
    ("2003-06-10T04:00:00-08:00", "2003-06-10T12:00:00+00:00"),
    ("2003-06-10T04:00:00.123456Z", "2003-06-10T04:00:00+00:00"),
    ("2003-06-10T04:00:00.5+10:00", "2003-06-09T18:00:00+00:00"),
    ("2003-06-10", "2003-06-10T00:00:00+00:00"),
    ("2003-06", "2003-06-01T00:00:00+00:00"),
    ("2003", "2003-01-01T00:00:00+00:00"),
    ("2003-06-10 04:00:00", "2003-06-10T04:00:00+00:00"),
    ("2003-06-10 04:00:00 -00:20", "2003-06-10T04:20:00+00:00"),
    ("2003-06-10 04:00:00.0", "2003-06-10T04:00:00+00:00"),
    ("2004-02-28T20:00:00-08:00", "2004-02-29T04:00:00+00:00"),
    ("2100-02-28T20:00:00-08:00", "2100-03-01T04:00:00+00:00"),
    ("2003-06-10T25:00:00Z", None),
    ("2003-06-10T04:61:00Z", None),
    ("2003-06-xxT04:00:00Z", None),
    ("not a date at all", None),
]


def _feedparser_iso(value: str) -> str | None:
    from feedparser.datetimes import _parse_date

    return fc.struct_iso(_parse_date(value))


def _date_agreement(values: list[str]) -> tuple[int, list[str]]:
    wrong = [
        f"{v!r}: {to_utc_iso(v)} != {_feedparser_iso(v)}"
        for v in values
        if to_utc_iso(v) != _feedparser_iso(v)
    ]
    return len(values) - len(wrong), wrong


@pytest.mark.parametrize(("value", "expected"), DATES)
def test_date_forms(value: str, expected: str | None) -> None:
    assert to_utc_iso(value) == expected


def test_date_forms_mostly_agree_with_feedparser() -> None:
    agree, wrong = _date_agreement([value for value, _ in DATES])
    assert agree / len(DATES) >= 0.9, "\n".join(wrong)


@needs_corpus
def test_corpus_dates_agree_with_feedparser() -> None:
    """Every date string in the corpus's date elements, through both parsers."""
    import re

    element = re.compile(
        rb"<(pubDate|dc:date|dcterms:\w+|published|updated|issued|modified|created)>([^<]{4,80})</\1>"
    )
    values = sorted(
        {m[2].decode("utf-8", "replace").strip() for p in FILES for m in element.finditer(p.read_bytes())}
    )
    assert len(values) > 20
    agree, wrong = _date_agreement(values)
    assert agree / len(values) >= 0.97, "\n".join(wrong)


def _parse_quietly(data: bytes, name: str) -> float:
    start = time.perf_counter()
    try:
        parse_feed(data, fc.BASE + name, fc.headers_of(data))
    except FeedError:
        pass
    return time.perf_counter() - start


@needs_corpus
@pytest.mark.parametrize("part", ["encoding", "entities", "illformed", "json", "wellformed"])
def test_no_file_or_truncation_raises_or_hangs(part: str) -> None:
    """Each file whole and cut at five places (mid-tag, mid-entity, mid-character all happen)."""
    slowest = 0.0
    for path in (p for p in FILES if fc.name_of(p).startswith(part)):
        data = path.read_bytes()
        name = fc.name_of(path)
        for cut in (len(data), *(len(data) * k // 6 for k in range(1, 6))):
            slowest = max(slowest, _parse_quietly(data[:cut], name))
    assert slowest < 5.0, f"slowest parse took {slowest:.1f} s"


def test_http_charset_overrides_the_declaration() -> None:
    title = "caf\u00e9 \u201cok\u201d"
    body = f'<?xml version="1.0" encoding="iso-8859-1"?><rss><channel><item><title>{title}</title>'
    data = (body + "</item></channel></rss>").encode("cp1252")
    headers = {"Content-Type": "application/rss+xml; charset=windows-1252"}
    assert parse_feed(data, "http://x.example/", headers).entries[0].title == "caf\u00e9 \u201cok\u201d"
    # Without the header the ISO-8859-1 declaration is read, and the cp1252 quotes still survive.
    assert parse_feed(data, "http://x.example/").entries[0].title == "caf\u00e9 \u201cok\u201d"
