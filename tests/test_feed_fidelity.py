"""Feeds read as published: each fault of issue #13 on a small feed written for this project."""

from __future__ import annotations

import pytest

from newsreader.errors import FeedError
from newsreader.feeds import parse_feed
from newsreader.models import Enclosure, ParsedEntry

URL = "https://feeds.example/news/rss.xml"
NS = (
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
    ' xmlns:content="http://purl.org/rss/1.0/modules/content/"'
    ' xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:media="http://search.yahoo.com/mrss/"'
    ' xmlns:atom="http://www.w3.org/2005/Atom"'
)


def _rss(items: str, head: str = "", channel: str = "") -> bytes:
    return f'{head}<rss version="2.0" {NS}><channel><title>T</title>{channel}{items}</channel></rss>'.encode()


def _one(data: bytes, url: str = URL, headers: dict[str, str] | None = None) -> ParsedEntry:
    (entry,) = parse_feed(data, url, headers).entries
    return entry


def test_dates_with_offsets_and_named_zones_are_converted() -> None:
    items = "".join(
        f"<item><guid>{i}</guid><pubDate>{d}</pubDate></item>"
        for i, d in enumerate(
            [
                "Wed, 05 Mar 2025 10:00:00 +01:30",
                "Wed, 05 Mar 2025 10:00:00 MET",
                "Wed, 05 Mar 2025 10:00:00 PT",
            ]
        )
    )
    dates = [e.published for e in parse_feed(_rss(items), URL).entries]
    assert dates == ["2025-03-05T08:30:00+00:00", "2025-03-05T09:00:00+00:00", "2025-03-05T18:00:00+00:00"]


def test_windows_1252_punctuation_is_kept() -> None:
    head = '<?xml version="1.0" encoding="iso-8859-1"?>'
    data = (head + "<rss><channel><item><title>don\x92t \x93quote\x94</title></item></channel></rss>").encode(
        "latin-1"
    )
    assert _one(data).title == "don\u2019t \u201cquote\u201d"
    assert _one(_rss("<item><title>it&#146;s</title></item>")).title == "it\u2019s"


def test_http_charset_is_honoured() -> None:
    data = (
        _rss("<item><title>\u041d\u043e\u0432\u043e\u0441\u0442\u0438</title></item>")
        .decode()
        .encode("koi8-r")
    )
    headers = {"Content-Type": 'application/rss+xml; charset="koi8-r"'}
    assert _one(data, headers=headers).title == "\u041d\u043e\u0432\u043e\u0441\u0442\u0438"


def test_a_latin1_server_default_does_not_garble_a_utf8_feed() -> None:
    data = _rss("<item><title>Caf\u00e9 \u2014 don\u2019t</title></item>")
    for charset in ("ISO-8859-1", "windows-1252"):
        headers = {"content-type": f"text/xml; charset={charset}"}
        assert _one(data, headers=headers).title == "Caf\u00e9 \u2014 don\u2019t"


def test_undeclared_cp1252_on_the_fallback_path_is_cp1252() -> None:
    text = "Don\u2019t \u201cpanic\u201d \u2014 na\u00efve r\u00e9sum\u00e9"
    data = f"<rss><channel><item><title>{text}</title><description>Fish & chips</description></item>"
    assert _one(data.encode("cp1252")).title == text  # broken XML (a bare &), no declaration


def test_stray_cp1252_bytes_in_a_utf8_feed_are_read_as_cp1252() -> None:
    title = "don\x92t caf\xe9 \xe2\x80\x94 na\xc3\xafve".encode("latin-1")  # mixed: cp1252 and UTF-8 bytes
    data = b'<?xml version="1.0" encoding="utf-8"?><rss><channel><item><title>' + title + b"</title>"
    small = data + b"</item></channel></rss>"
    big = data + b"<description>" + b"y" * 300_000 + b"</description></item></channel></rss>"
    for doc in (small, big):  # big: past the size feedparser gets
        assert _one(doc).title == "don\u2019t caf\u00e9 \u2014 na\u00efve"


def test_undeclared_document_on_the_fallback_path_is_not_mojibake() -> None:
    text = "\u6771\u4eac\u306e\u5929\u6c17\u306f\u6674\u308c\u3067\u3059\u3002"
    text += "\u660e\u65e5\u3082\u6674\u308c\u3002"
    data = f"<rss><channel><item><title>{text}</title><description>{text * 4}</description></item>".encode(
        "shift_jis"
    )
    assert _one(data).title == text  # broken XML, no declaration, no header: still Japanese


def test_atom_text_is_text_and_rss_titles_are_decoded_once() -> None:
    atom = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>a</id>'
        b'<title type="text">History of the &lt;blink&gt; tag</title>'
        b'<summary type="text">a &lt;b&gt; c</summary></entry></feed>'
    )
    entry = _one(atom)
    assert (entry.title, entry.summary) == ("History of the <blink> tag", "a <b> c")
    assert entry.content == "a &lt;b&gt; c"  # escaped, so the feed fallback shows it as written
    rss = _rss("<item><title>&lt;b&gt; Tom &amp;amp; Jerry</title></item>")
    assert _one(rss).title == "<b> Tom &amp; Jerry"
    assert _one(_rss("<item><title>AT&amp;amp;T &lt;em&gt;now&lt;/em&gt;</title></item>")).title == "AT&T now"


def test_permalink_guid_naked_markup_and_encoded_only_summary() -> None:
    entry = _one(
        _rss(
            '<item><guid isPermaLink="true">https://news.example/a</guid>'
            "<description><p>Hi <b>there</b></p></description></item>"
        )
    )
    assert entry.link == "https://news.example/a"
    assert entry.summary == "Hi there" and entry.content == "<p>Hi <b>there</b></p>"
    assert _one(_rss('<item><guid isPermaLink="false">https://news.example/b</guid></item>')).link is None
    encoded = _one(
        _rss("<item><content:encoded><![CDATA[<p>Full <i>text</i></p>]]></content:encoded></item>")
    )
    assert encoded.summary == "Full text"


def test_relative_xml_base_is_resolved() -> None:
    data = (
        b'<feed xmlns="http://www.w3.org/2005/Atom" xml:base="/blog/"><link href="./"/>'
        b'<entry xml:base="2025/"><id>x</id><link href="post.html"/></entry></feed>'
    )
    feed = parse_feed(data, "https://site.example/feeds/atom.xml")
    assert feed.site_url == "https://site.example/blog/"
    assert feed.entries[0].link == "https://site.example/blog/2025/post.html"


def test_relative_links_in_content_resolve_against_their_base() -> None:
    atom = (
        b'<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://site.example/blog/"><entry><id>x</id>'
        b'<link href="https://elsewhere.example/p"/><content type="html" xml:base="2025/">'
        b"&lt;a href=&quot;post.html?a=1&amp;amp;b=2&quot;&gt;more&lt;/a&gt; &lt;img src='/i.png'&gt;"
        b' &lt;a href="#top"&gt;top&lt;/a&gt; &lt;a href="mailto:x@example.com"&gt;m&lt;/a&gt;'
        b"</content></entry></feed>"
    )
    content = _one(atom, "https://site.example/feeds/atom.xml").content or ""
    assert 'href="https://site.example/blog/2025/post.html?a=1&amp;b=2"' in content
    assert "src='https://site.example/i.png'" in content
    assert 'href="#top"' in content and 'href="mailto:x@example.com"' in content
    rss = _rss(
        '<item xml:base="/news/"><description>&lt;a href="story/1"&gt;s&lt;/a&gt;</description></item>'
    )
    assert 'href="https://feeds.example/news/story/1"' in (_one(rss).content or "")


def test_dublin_core_dcterms_and_itunes_fallbacks() -> None:
    entry = _one(
        _rss(
            "<item><dc:title>DC title</dc:title><dcterms:issued>2024-02-01T12:00:00+02:00</dcterms:issued>"
            "<itunes:author>Pod Person</itunes:author><itunes:summary>Show notes</itunes:summary></item>"
        )
    )
    assert (entry.title, entry.published, entry.author, entry.summary) == (
        "DC title",
        "2024-02-01T10:00:00+00:00",
        "Pod Person",
        "Show notes",
    )
    assert (
        _one(_rss("<item><guid>g</guid><author>jo@example.com (Jo Smith)</author></item>")).author
        == "Jo Smith"
    )


def test_dtd_entities_and_double_encoded_utf8() -> None:
    head = '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY org "Harbour Trust">]>'
    assert _one(_rss("<item><title>&org; news</title></item>", head)).title == "Harbour Trust news"
    mojibake = "caf\u00c3\u00a9 \u00e2\u0080\u0099"  # "café ’" encoded twice
    assert _one(_rss(f"<item><title>{mojibake}</title></item>")).title == "caf\u00e9 \u2019"


def test_rss_090_is_parsed_and_an_empty_rdf_is_an_error() -> None:
    data = (
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        b' xmlns="http://my.netscape.com/rdf/simple/0.9/"><channel><title>Old</title>'
        b"<link>https://old.example/</link></channel>"
        b"<item><title>First</title><link>https://old.example/1</link></item></rdf:RDF>"
    )
    feed = parse_feed(data, URL)
    assert (feed.title, feed.site_url, [e.link for e in feed.entries]) == (
        "Old",
        "https://old.example/",
        ["https://old.example/1"],
    )
    with pytest.raises(FeedError):
        parse_feed(b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>', URL)


def test_enclosures_from_every_source() -> None:
    entry = _one(
        _rss(
            "<item><guid>e</guid>"
            '<enclosure url="/ep1.mp3" type="audio/mpeg" length="12345"/>'
            '<media:content url="https://cdn.example/ep1.mp4" type="video/mp4" fileSize="999" duration="61"/>'
            '<enclosure url="javascript:alert(1)" type="audio/mpeg"/>'
            "<itunes:duration>1:02:03</itunes:duration></item>"
        )
    )
    assert entry.enclosures == [
        Enclosure("https://feeds.example/ep1.mp3", "audio/mpeg", 12345, 3723),
        Enclosure("https://cdn.example/ep1.mp4", "video/mp4", 999, 61),
    ]
    atom = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>a</id>'
        b'<link rel="enclosure" href="https://cdn.example/a.ogg" type="audio/ogg" length="x"/></entry></feed>'
    )
    assert _one(atom).enclosures == [Enclosure("https://cdn.example/a.ogg", "audio/ogg", None, None)]
    js = (
        b'{"version": "https://jsonfeed.org/version/1.1", "items": [{"id": "1", "attachments":'
        b' [{"url": "https://cdn.example/j.mp3", "mime_type": "audio/mpeg", "size_in_bytes": 10,'
        b' "duration_in_seconds": 5}]}]}'
    )
    assert _one(js).enclosures == [Enclosure("https://cdn.example/j.mp3", "audio/mpeg", 10, 5)]


def test_the_entry_cap_is_counted() -> None:
    feed = parse_feed(_rss("<item><title>x</title></item>" * 30), URL, max_items=10)
    assert (len(feed.entries), feed.dropped) == (10, 20)
    assert len(parse_feed(_rss("<item><title>x</title></item>" * 30), URL, max_items=None).entries) == 30
