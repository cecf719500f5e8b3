"""newsreader's feed parser against feedparser over feedparser's own test feeds (`../shared/feeds/`).

Both parsers read every file with the HTTP headers the file names (`Header:` lines) as if fetched from
`BASE + path`. What a reader shows is then compared field by field: feed title and link; per entry title,
link, id, date, author, summary, content and enclosures. feedparser's values go through the same
normalisation newsreader applies when it stores an entry (HTML to text for titles and summaries, text of
the content with whitespace collapsed, dates as UTC), so the comparison is about what each parser read
from the document, not about how it formats it. `python -m tests.feed_conformance` prints the numbers.
"""

from __future__ import annotations

import html
import re
import sys
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

from newsreader.errors import FeedError
from newsreader.feeds import parse_feed
from newsreader.feeds.fields import html_to_text, summary_text, title_text
from newsreader.models import ParsedEntry, ParsedFeed
from newsreader.text import KEY, SHORT, clean_line
from newsreader.urls import absolutize

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "feeds" / "feedparser-tests"
BASE = "http://127.0.0.1:8097/tests/"
FIELDS = ("title", "link", "id", "date", "author", "summary", "content", "enclosures")
_HEADER = re.compile(rb"^\s*Header:\s*([^:\r\n]+):[ \t]*(.*?)\s*$", re.M)


def corpus_files() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.name != "LICENSE")


def name_of(path: Path) -> str:
    return path.relative_to(CORPUS).as_posix()


def headers_of(data: bytes) -> dict[str, str]:
    """The HTTP headers a test file asks to be served with (its `Header:` comment lines)."""
    head = data[:2048]
    return {m[1].strip().decode().lower(): m[2].decode("latin-1") for m in _HEADER.finditer(head)}


# -- what a reader sees, from either parser -------------------------------------------------------------


@dataclass(slots=True)
class Seen:
    """The reader-visible fields of one parse: `feed` and one dict per entry, values normalised."""

    feed: dict[str, Any] = field(default_factory=dict)
    entries: list[dict[str, Any]] = field(default_factory=list)


def _words(text: str | None) -> str:
    return " ".join((text or "").split())


def _content_words(raw: str | None) -> str:
    return _words(html_to_text(raw))


def _ours_entry(e: ParsedEntry) -> dict[str, Any]:
    return {
        "title": e.title,
        "link": e.link,
        "id": e.key,
        "date": e.published,
        "author": e.author,
        "summary": _words(e.summary),
        "content": _content_words(e.content),
        "enclosures": sorted((x.url, x.type, x.length) for x in e.enclosures),
    }


def ours(data: bytes, url: str, headers: Mapping[str, str]) -> Seen:
    try:
        parsed: ParsedFeed = parse_feed(data, url, headers)
    except FeedError:
        return Seen()
    feed = {"title": parsed.title, "link": parsed.site_url}
    return Seen(feed, [_ours_entry(e) for e in parsed.entries])


def _fp_text(value: str | None, detail: Any, line: bool) -> str | None:
    """A feedparser text construct as newsreader shows it: plain text stays text, HTML becomes text."""
    if not value:
        return None
    if detail is not None and detail.get("type") == "text/plain":
        value = html.escape(value, quote=False)
    return (title_text(value) if line else summary_text(value)) or None


def _fp_date(e: Mapping[str, Any]) -> str | None:
    return struct_iso(e.get("published_parsed") or e.get("updated_parsed") or e.get("created_parsed"))


def struct_iso(parsed: Any) -> str | None:
    """A feedparser time tuple (UTC) as the ISO 8601 UTC string newsreader stores."""
    if not parsed:
        return None
    year, month, day, hour, minute, second = (int(x) for x in parsed[:6])
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC).isoformat(timespec="seconds")
    except ValueError:
        return None


def _fp_author(e: Mapping[str, Any]) -> str | None:
    detail = e.get("author_detail") or {}
    return clean_line(detail.get("name") or e.get("author"), max_len=SHORT) or None


def _fp_body(value: str | None, kind: str | None) -> str:
    return _words(value) if kind == "text/plain" else _content_words(value)


def _fp_content(e: Mapping[str, Any]) -> str:
    contents = e.get("content") or []
    if contents:
        return _fp_body(contents[0].get("value"), contents[0].get("type"))
    return _fp_body(e.get("summary"), (e.get("summary_detail") or {}).get("type"))


def _fp_enclosures(e: Mapping[str, Any], base: str) -> list[tuple[str, str | None, int | None]]:
    found: dict[str, tuple[str, str | None, int | None]] = {}
    for enc in e.get("enclosures") or []:
        url = absolutize(enc.get("href"), base)
        if url and url not in found:
            found[url] = (url, enc.get("type") or None, _int(enc.get("length")))
    for media in e.get("media_content") or []:
        url = absolutize(media.get("url"), base)
        if url and url not in found:
            found[url] = (url, media.get("type") or None, _int(media.get("filesize")))
    return sorted(found.values())


def _int(value: Any) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def _fp_entry(e: Mapping[str, Any], base: str) -> dict[str, Any]:
    contents = e.get("content") or []
    detail = e.get("summary_detail") or (contents[0] if contents else None)
    summary = _fp_text(e.get("summary"), detail, line=False)
    if not summary and contents:
        summary = _fp_text(contents[0].get("value"), contents[0], line=False)
    return {
        "title": _fp_text(e.get("title"), e.get("title_detail"), line=True),
        "link": absolutize(e.get("link"), base),
        "id": clean_line(e.get("id"), max_len=KEY) or None,
        "date": _fp_date(e),
        "author": _fp_author(e),
        "summary": _words(summary),
        "content": _fp_content(e),
        "enclosures": _fp_enclosures(e, base),
    }


def theirs(data: bytes, url: str, headers: Mapping[str, str]) -> Seen:
    import feedparser

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = feedparser.parse(
            data,
            # Served as application/xml unless the file says otherwise: without a Content-Type feedparser
            # takes a response for text/xml in US-ASCII (RFC 3023) and skips its charset detection.
            response_headers={"content-location": url, "content-type": "application/xml", **headers},
            sanitize_html=False,
        )
    base = result.get("href") or url
    feed = {
        "title": _fp_text(result.feed.get("title"), result.feed.get("title_detail"), line=True),
        "link": absolutize(result.feed.get("link"), base),
    }
    return Seen(feed, [_fp_entry(e, base) for e in result.entries])


# -- comparison -----------------------------------------------------------------------------------------


def differences(mine: Seen, ref: Seen) -> list[str]:
    """Where the two parses differ, as 'field' names prefixed by 'feed.' or 'entry.'."""
    diffs: list[str] = []
    for key in ("title", "link"):
        if ref.feed.get(key) and mine.feed.get(key) != ref.feed.get(key):
            diffs.append(f"feed.{key}")
    if len(mine.entries) != len(ref.entries):
        diffs.append("entry.count")
    for m, r in zip(mine.entries, ref.entries, strict=False):
        for key in FIELDS:
            if key == "title" and not r["title"]:
                continue  # newsreader shows a stand-in title for an untitled entry
            if key == "id" and not r["id"]:
                continue  # without an id newsreader keys the entry on its link or text
            if m[key] != r[key]:
                diffs.append(f"entry.{key}")
    return sorted(set(diffs))


@dataclass(slots=True, frozen=True)
class Allowed:
    """A deliberate difference: the files (globs) it covers, the fields that may differ, and why."""

    reason: str
    fields: tuple[str, ...]
    files: tuple[str, ...]

    def covers(self, name: str, diffs: list[str]) -> bool:
        return any(fnmatch(name, f) for f in self.files) and all(d in self.fields for d in diffs)


ALLOWED: tuple[Allowed, ...] = (
    Allowed(
        "A repeated element (two <created>, two <updated>, several <author>s): feedparser keeps the last,"
        " newsreader shows the first, as the feed lists it",
        ("entry.date", "entry.author"),
        (
            "wellformed/atom/entry_created_multiple_values.xml",
            "wellformed/atom/entry_updated_multiple_values.xml",
            "wellformed/atom10/entry_authors_email.xml",
            "wellformed/atom10/entry_authors_name.xml",
        ),
    ),
    Allowed(
        "A link written as element text beside a rel=enclosure link: feedparser 6.0 misses these files'"
        " own Expect (it takes the enclosure); newsreader gives the alternate link they expect",
        ("entry.link",),
        (
            "wellformed/atom/entry_link_no_href_link_priority.xml",
            "wellformed/atom/entry_link_rel_enclosure_no_href.xml",
            "wellformed/atom10/entry_link_no_href_link_priority.xml",
            "wellformed/atom10/entry_link_rel_enclosure_no_href.xml",
        ),
    ),
    Allowed(
        "Ids are kept as written (RFC 4287 4.2.6: compared character by character), where feedparser"
        " resolves a relative id against the base and lowercases the scheme; only an id that is an"
        " absolute web URL stands in for a missing link",
        ("entry.id", "entry.link", "feed.link"),
        (
            "wellformed/atom10/entry_id_no_normalization_4.xml",
            "wellformed/base/http_entry_id_base_*.xml",
            "wellformed/base/http_feed_id_base_*.xml",
            "wellformed/lang/http_content_language_entry_title_inherit_2.xml",
            "wellformed/node_precedence/atom10_id.xml",
        ),
    ),
    Allowed(
        "An RSS <item> inside an Atom feed is not an Atom entry (feedparser reads it as one)",
        ("entry.count",),
        (
            "wellformed/base/http_entry_contributor_url_base_*.xml",
            "wellformed/namespace/unknown-namespace.xml",
        ),
    ),
    Allowed(
        "A hybrid RSS item made of unnamespaced Atom elements (<link href>, <id>, <updated>, <summary>)"
        " is not read as Atom",
        (
            "feed.link",
            "entry.link",
            "entry.id",
            "entry.date",
            "entry.summary",
            "entry.content",
            "entry.enclosures",
        ),
        ("wellformed/psc/rss2.0simplechapter.xml",),
    ),
    Allowed(
        "A non-standard <summary> in an RSS item: feedparser prefers it to the RSS <description>",
        ("entry.summary", "entry.content"),
        (
            "wellformed/rss/item_description_and_summary.xml",
            "wellformed/rss/item_summary_and_description.xml",
        ),
    ),
    Allowed(
        "feedparser takes the title of an <image> nested in a <category> for the item's title",
        ("entry.title",),
        ("wellformed/rss/item_category_image.xml",),
    ),
    Allowed(
        "XML names are case-sensitive: <TiTlE> is not <title> (feedparser copies iTunes' leniency)",
        ("feed.title",),
        ("wellformed/itunes/itunes_core_element_uppercase.xml",),
    ),
    Allowed(
        "JSON Feed: newsreader reads its entries, feedparser 6.0 reads none",
        ("entry.count",),
        ("json/example.json",),
    ),
    Allowed(
        "Bytes that are neither UTF-8 nor one charset (the file calls them unguessable): newsreader keeps"
        " `<>` as text, and drops the control character 0x9D that feedparser keeps",
        ("entry.summary", "entry.content"),
        ("encoding/bozo_linenoise.xml",),
    ),
)


def allowed(name: str, diffs: list[str]) -> Allowed | None:
    return next((a for a in ALLOWED if a.covers(name, diffs)), None)


def compare(path: Path) -> list[str]:
    data = path.read_bytes()
    headers = headers_of(data)
    url = BASE + name_of(path)
    return differences(ours(data, url, headers), theirs(data, url, headers))


@dataclass(slots=True)
class Report:
    """The run over the corpus: files that agree, differences allowed (by reason), and the rest."""

    total: int = 0
    agree: int = 0
    allowed: dict[str, list[str]] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    groups: dict[str, list[int]] = field(default_factory=dict)


def run(paths: list[Path]) -> Report:
    report = Report()
    for path in paths:
        name = name_of(path)
        diffs = compare(path)
        group = "/".join(name.split("/")[:2]) if name.startswith("wellformed/") else name.split("/")[0]
        tally = report.groups.setdefault(group, [0, 0])
        report.total += 1
        tally[1] += 1
        if not diffs:
            report.agree += 1
            tally[0] += 1
        elif (rule := allowed(name, diffs)) is not None:
            report.allowed.setdefault(rule.reason, []).append(name)
        else:
            report.failures.append(f"{name}: {', '.join(diffs)}")
    return report


def main() -> int:
    report = run(corpus_files())
    for group, (ok, n) in sorted(report.groups.items()):
        print(f"{group:30} {ok:5} / {n:5}")
    print(f"{'all files':30} {report.agree:5} / {report.total:5}  ({report.agree / report.total:.1%})")
    # The sanitizer tests check feedparser's HTML cleaning, which newsreader does not do on feed HTML (it
    # never renders it as markup): the rest are the files about what a reader shows.
    ok, n = (sum(v[i] for g, v in report.groups.items() if g != "wellformed/sanitize") for i in (0, 1))
    print(f"{'all but wellformed/sanitize':30} {ok:5} / {n:5}  ({ok / n:.1%})")
    print(f"allowed differences: {sum(map(len, report.allowed.values()))} files, {len(ALLOWED)} reasons")
    for line in report.failures:
        print("DIFFERS", line)
    return 1 if report.failures else 0


if __name__ == "__main__":
    sys.exit(main())
