"""Golden feed files through the parser: expected entries, fallbacks, sanitising."""

from __future__ import annotations

import time

import pytest

from newsreader.errors import FeedError
from newsreader.feeds import discover_feeds, parse_feed
from tests.conftest import feed_bytes, is_clean


def test_rss2_golden() -> None:
    feed = parse_feed(feed_bytes("rss2.xml"), "https://news.example/rss.xml")
    assert feed.title == "Harbour & Hills News"
    assert feed.site_url == "https://news.example/"
    first, second, third = feed.entries
    assert (first.key, first.title, first.link) == (
        "ferry-2026-11-02",
        "Ferry service resumes after storm",
        "https://news.example/2026/ferry.html",
    )
    assert first.published == "2026-11-02T08:30:00+00:00"  # +0100 in UTC
    assert first.author == "Ana Reyes"
    assert first.summary == "The morning ferry sailed again."
    assert first.content is not None and "<b>morning</b> ferry sailed again after three days" in first.content
    assert second.key == second.link == "https://news.example/2026/relative.html"
    assert second.published == "2026-11-01T18:00:00+00:00"
    assert third.link is None  # javascript: is never a link
    assert third.key.startswith("sha1:")


def test_atom_golden() -> None:
    feed = parse_feed(feed_bytes("atom.xml"), "https://science.example/feed.atom")
    assert feed.title == "Science Desk"
    kelp, updated = feed.entries
    assert kelp.key == "tag:science.example,2026:kelp"
    assert kelp.link == "https://science.example/kelp.html"
    assert kelp.published == "2026-11-03T13:15:00+00:00"
    assert kelp.author == "Dr. Mei Lin"
    assert kelp.summary == "Kelp is back."
    assert kelp.content is not None and "<em>back</em>" in kelp.content
    assert updated.published == "2026-11-01T00:00:00+00:00"
    assert updated.summary == "Only an updated date."


def test_rss1_and_json_feed() -> None:
    rdf = parse_feed(feed_bytes("rss1.rdf"), "https://old.example/rss")
    assert rdf.title == "Old School"
    assert [(e.key, e.author, e.published) for e in rdf.entries] == [
        ("https://old.example/one", "Sam", "2026-10-30T10:00:00+00:00")
    ]
    js = parse_feed(feed_bytes("feed.json"), "https://json.example/feed.json")
    assert js.title == "JSON Desk"
    (entry,) = js.entries
    assert (entry.key, entry.title, entry.author, entry.summary) == ("j1", "JSON entry", "Jo", "Hello json")


def test_broken_xml_falls_back_to_feedparser() -> None:
    feed = parse_feed(feed_bytes("broken.xml"), "https://broken.example/rss")
    assert [e.title for e in feed.entries] == ["Still readable & fine"]
    assert feed.entries[0].link == "https://broken.example/a"


def test_hostile_text_is_sanitised() -> None:
    feed = parse_feed(feed_bytes("hostile.xml"), "https://evil.example/rss")
    assert feed.title == "Evil Feed"
    (entry,) = feed.entries
    assert entry.title == "Clear screen reversed"
    assert entry.summary == "ok red"
    for text in (feed.title or "", entry.title, entry.summary):
        assert is_clean(text)
    assert "\x1b" not in (entry.content or "")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"<!doctype html><html><body>hi</body></html>", "HTML page"),
        (b"", "not a feed"),
        (b"\x00\x01\x02garbage", "not a feed"),
        (b'{"hello": 1}', "JSON that is not a JSON Feed"),
        (b"<?xml version='1.0'?><nothing/>", "not a feed"),
    ],
)
def test_not_a_feed(data: bytes, reason: str) -> None:
    with pytest.raises(FeedError, match=reason):
        parse_feed(data, "https://x.example/feed")


def test_billion_laughs_is_bounded() -> None:
    entities = '<!ENTITY a0 "lol">' + "".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10))
    data = (
        f'<?xml version="1.0"?><!DOCTYPE rss [{entities}]><rss version="2.0"><channel>'
        "<title>&a9;</title><item><title>t</title></item></channel></rss>"
    ).encode()
    start = time.monotonic()
    try:
        feed = parse_feed(data, "https://x.example/feed")
        assert len(feed.title or "") < 100_000
    except FeedError:
        pass
    assert time.monotonic() - start < 2


def test_discovery_finds_advertised_feeds() -> None:
    found = discover_feeds(feed_bytes("page.html"), "https://news.example/page")
    assert found == ["https://news.example/feeds/rss2.xml"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Fri, 31 May 2024 23:59:25 GMT", "2024-05-31T23:59:25+00:00"),
        ("31 may 2024 23:59:25 +0200", "2024-05-31T21:59:25+00:00"),
        ("Sun, 1 Nov 2026 18:00:00 -0130", "2026-11-01T19:30:00+00:00"),
        ("Sun, 01 Nov 2026 10:00:00 -0000", "2026-11-01T10:00:00+00:00"),
        ("Sun, 01 Nov 0026 10:00:00 UT", "2026-11-01T10:00:00+00:00"),  # email.utils: a 2-digit year
        ("Sun, 31 Feb 2026 10:00:00 GMT", None),
        ("Sun, 01 Nov 2026 24:00:00 GMT", None),
        ("Sun, 01 Nov 2026 10:00:00 +2400", "2026-10-31T10:00:00+00:00"),  # past a day: feedparser reads it
        ("Sun, 01 Xyz 2026 10:00:00 GMT", None),
    ],
)
def test_the_common_rss_date_form(raw: str, expected: str | None) -> None:
    """RSS's usual date form is read without email.utils; it must read as email.utils (and feedparser)
    would, edge cases included."""
    from newsreader.dates import to_utc_iso

    assert to_utc_iso(raw) == expected


def test_rss_dates_round_trip() -> None:
    """Every date email.utils writes (any zone, any year from 1000) reads back as the same moment."""
    import random
    from datetime import UTC, datetime, timedelta, timezone
    from email.utils import format_datetime

    from newsreader.dates import to_utc_iso

    rng = random.Random(13)
    for _ in range(2000):
        zone = timezone(timedelta(minutes=rng.randrange(-1439, 1440)))
        moment = datetime(rng.randint(1000, 9998), rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23),
                          rng.randint(0, 59), rng.randint(0, 59), tzinfo=zone)  # fmt: skip
        assert to_utc_iso(format_datetime(moment)) == moment.astimezone(UTC).isoformat(), moment


# Pieces of HTML a long description is made of, the awkward ones where a summary read from the head of a
# fragment could go wrong: tags and brackets open at the cut, scripts, character references cut in two,
# escape sequences, combining marks, joiners, runs of odd spaces and blank lines.
_PIECES = (
    "lorem ipsum ", "dolor sit ", "<p>", "</p>", "<br>", "</li>", "<h2>", "<a href=\"https://x.example/a\">",
    "</a>", "<em>", "</em>", "<a href", "<", ">", " < ", "<3", "a<b", "&amp;", "&amp", "&not", "&notin;",
    "&#", "&#65;", "&#x41;", "&#12", "& ", "&", "<script>hidden()</script>", "<SCRIPT>x", "</script>",
    "<style>p{}</style>", "\x1b[31m", "\x1b]0;title\x07", "\x1b]", "\u0301" * 6, "\u200d", "e\u200d\u00e9",
    "\u205f" * 3, "\u00a0", "\u2028", "  ", "   ", "\n", "\n\n\n", "\t", "\r", "é", "<!-- c -->", "\u00ad",
    "<img src=x alt='a>b'>", "</blockquote >", "word ",
)  # fmt: skip


def test_a_long_descriptions_summary_read_from_its_head_is_the_whole_ones() -> None:
    """`summary_text` reads a long HTML fragment's summary from its head when it can show that the rest
    would change nothing; on fragments built around that cut it gives what converting the whole gives."""
    import random

    from newsreader.feeds.fields import _summary_of_head, html_to_text, repair, summary_text
    from newsreader.text import ENTRY_SUMMARY, clean_text

    rng = random.Random(13)
    from_head = 0
    for _ in range(3000):
        awkward = rng.choice((0.0, 0.02, 0.1, 0.5))  # how often an awkward piece comes
        around = rng.randint(1000, 1800)  # where they come, when not everywhere
        everywhere = rng.random() < 0.3
        plain = rng.choice(
            ('<a href="https://long.example/path/">w</a> ', "text, more text ", "<p>a para</p>\n")
        )
        parts: list[str] = []
        while (size := sum(map(len, parts))) < 4000:
            near = everywhere or abs(size - around) < 150
            parts.append(rng.choice(_PIECES) if near and rng.random() < awkward else plain)
        fragment = "".join(parts)
        whole = clean_text(html_to_text(repair(fragment[: 8 * ENTRY_SUMMARY])), max_len=ENTRY_SUMMARY) or None
        assert summary_text(fragment) == whole, fragment
        from_head += _summary_of_head(repair(fragment[: 8 * ENTRY_SUMMARY])) is not None
    assert 300 < from_head < 2700  # both ways were taken
    # A summary's worth of text in the head (which ends at the first tag past 1,400 characters), then what
    # the rest of the fragment would change: a reference it completes, a tag or a script it closes. Each such
    # fragment is read whole.
    for spans, head_end, rest in (
        (28, " &CounterClockwiseContour", "Integral; x"),
        (20, " <a title='" + "t" * 40 + "'<br>" + "y" * 180, "'>z</a>"),
        (27, " <script>" + "hidden" * 5, "()</script>"),
    ):
        fragment = (
            '<span class="padding"></span>' * spans + "x" * 590 + head_end + "<b>" + rest + " more" * 99
        )
        assert fragment.find("<", 7 * ENTRY_SUMMARY // 3) == fragment.index("<b>")
        whole = clean_text(html_to_text(fragment[: 8 * ENTRY_SUMMARY]), max_len=ENTRY_SUMMARY)
        assert summary_text(fragment) == whole, head_end
