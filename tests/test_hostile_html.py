"""Hostile input: every case ends with a sane Article or an ExtractError, quickly.

Time bounds are generous (2 s of CPU time, so other load on a shared 2-core machine does not count); the
extractor aims for well under a second on anything up to the 5 MB input cap.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsreader.errors import ExtractError
from newsreader.extract import extract_article, html_input
from newsreader.extract.html_input import check_text
from newsreader.models import Article, Paragraph
from newsreader.plain import render_plain
from tests.conftest import is_clean

URL = "https://example.com/articles/hostile-page"
PROSE = "<p>This sentence is ordinary article prose, with commas, clauses, and enough words to count.</p>"
LIMIT_S = 2.0


@contextmanager
def bounded(limit: float = LIMIT_S) -> Iterator[None]:
    start = time.process_time()
    yield
    elapsed = time.process_time() - start
    assert elapsed < limit, f"took {elapsed:.2f} s"


def page(body: str, head: str = "<title>Hostile</title>") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


def test_deep_nesting() -> None:
    html = page("<div>" * 1000 + PROSE * 3 + "</div>" * 1000 + PROSE)
    with bounded():
        art = extract_article(html.encode(), URL)
    assert "ordinary article prose" in art.text


def test_quotes_nested_hundreds_deep_end_in_one_clear_error() -> None:
    """Some passes recurse once per nesting level: 400 quotes inside each other (well within the 1,000
    levels a page may keep) end in an ExtractError naming the cause, never a RecursionError's traceback."""
    html = page("<article><h1>Story</h1>" + PROSE * 3 + "<blockquote>" * 400 + PROSE + "</blockquote>" * 400)
    with bounded(), pytest.raises(ExtractError, match="nested too deeply"):
        extract_article(html, URL)


def test_very_deep_inline_nesting() -> None:
    html = page(PROSE + "<p>" + "<span><b><i>" * 20_000 + "deep" + "</i></b></span>" * 20_000 + "</p>")
    with bounded():
        art = extract_article(html, URL)
    assert "ordinary article prose" in art.text


def test_hundred_thousand_attributes() -> None:
    attrs = " ".join(f'data-a{i}="{i}"' for i in range(100_000))
    html = page(f"<div {attrs}>{PROSE * 3}</div>")
    with bounded():
        art = extract_article(html, URL)
    assert "ordinary article prose" in art.text


def test_hundred_thousand_elements_with_attributes() -> None:
    html = page("".join(f'<p class="c{i}" id="i{i}">word {i}, more text here.</p>' for i in range(100_000)))
    with bounded():
        art = extract_article(html, URL)
    assert art.blocks


def test_ten_megabyte_text_node() -> None:
    html = page(PROSE + "<p>" + "lorem ipsum " * 900_000 + "</p>")
    with bounded():
        art = extract_article(html.encode(), URL)
    assert "ordinary article prose" in art.text


def test_ten_megabytes_of_tags() -> None:
    html = page(PROSE + "<div><a href='/x'>x</a></div>" * 400_000)
    with bounded():
        try:
            extract_article(html, URL)
        except ExtractError:
            pass


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 100,
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(1000),
        b"",
        b"   \n\t  ",
        b"<html><body></body></html>",
        b"<html><body><nav><a href='/'>Home</a></nav><footer>(c) 2024</footer></body></html>",
    ],
)
def test_not_an_article(data: bytes) -> None:
    with bounded(), pytest.raises(ExtractError):
        extract_article(data, URL)


def test_mislabelled_charset() -> None:
    body = page("<p>Crème brûlée, naïve café and façade: the words of a French menu, printed in full.</p>")
    data = body.encode("cp1252")
    art = extract_article(data, URL, charset="utf-8")
    assert "Crème brûlée" in art.text
    meta = body.replace("<title>", '<meta charset="utf-8"><title>').encode("cp1252")
    assert "façade" in extract_article(meta, URL).text


def test_invalid_utf8_is_replaced_not_fatal() -> None:
    data = page(PROSE).encode() + b"\xff\xfe\xfa trailing bytes"
    art = extract_article(data, URL, charset="utf-8")
    assert "ordinary article prose" in art.text


def test_unsafe_links_stay_text() -> None:
    html = page(
        "<p>Click <a href='javascript:alert(1)'>this</a>, <a href='data:text/html,x'>that</a>,"
        " <a href='file:///etc/passwd'>the file</a> or <a href='/safe-page-here'>the safe one</a>"
        " to continue reading this long enough paragraph of article text.</p>"
    )
    art = extract_article(html, URL)
    para = art.blocks[0]
    assert isinstance(para, Paragraph)
    assert "Click this, that, the file or the safe one" in para.text
    assert [link.url for link in para.links] == ["https://example.com/safe-page-here"]


def test_terminal_escapes_removed() -> None:
    html = page(
        "<p>Innocent \x1b]52;c;ZXZpbA==\x07text with \x1b[31mcolour\x1b[0m and \u202eoverride, long enough"
        " to be article text for the extractor.</p>",
        head="<title>Title \x1b]0;pwned\x07 here</title>",
    )
    art = extract_article(html, URL)
    assert art.title == "Title here"
    assert is_clean(art.text) and "ZXZpbA" not in art.text
    assert "text with colour and override" in art.text


def test_markup_like_text_is_literal() -> None:
    html = page(
        "<p>Rich would read [bold]x[/] and [ @click=app.quit] as markup; we keep it as plain text.</p>"
    )
    art = extract_article(html, URL)
    assert "[bold]x[/] and [ @click=app.quit]" in art.text


def test_every_string_is_clean() -> None:
    nasty = "\x1b[2J\x07\x00\u202e\u2066"
    html = page(
        f"<figure><img src='/a{nasty}.jpg' alt='alt{nasty}'><figcaption>cap{nasty}tion</figcaption></figure>"
        f"<h2>Head{nasty}ing</h2><p>Para{nasty}graph text that is long enough to be the article body.</p>"
        f"<blockquote>Quo{nasty}te</blockquote><ul><li>It{nasty}em</li></ul><pre>co{nasty}de</pre>",
        head=f"<title>T{nasty}itle</title><meta name='author' content='Au{nasty}thor'>",
    )
    art = extract_article(html, URL)
    _assert_clean(art)


def _assert_clean(art: Article) -> None:
    def walk(value: object) -> None:
        if isinstance(value, str):
            assert is_clean(value.replace("\n", "").replace("\t", "")), repr(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(art.to_json())


def test_random_bytes_are_binary_not_an_article() -> None:
    import os

    for _ in range(3):
        with pytest.raises(ExtractError, match="binary"):
            extract_article(os.urandom(100_000), URL)


@pytest.mark.parametrize("charset", ["undefined", "punycode", "utf-7", "rot13", "idna", "base64"])
def test_pages_labelled_with_non_text_encodings_still_read(charset: str) -> None:
    html = (
        f"<html><head><meta charset='{charset}'></head><body><article>"
        + "<p>Hello +2AA- world, a paragraph of text.</p>" * 5
    )
    article = extract_article(html.encode() + b"</article></body></html>", URL, charset=charset)
    assert "Hello +2AA- world" in article.text


def test_an_image_with_absurd_dimensions_is_refused_before_decoding() -> None:
    import struct
    import zlib

    from newsreader.ui.widgets.article_view import decode_image

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 60_000, 60_000, 8, 2, 0, 0, 0)  # 3.6 billion pixels claimed
    png = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b""))
        + chunk(b"IEND", b"")
    )
    start = time.monotonic()
    with pytest.raises(Exception, match="too large|exceeds limit|decompression bomb"):
        decode_image(png)
    assert time.monotonic() - start < 1


@pytest.mark.parametrize("tag", ["div", "span", "section"])
def test_hundred_thousand_deep_page_keeps_its_deep_text(tag: str) -> None:
    deep = "<p>The lighthouse keeper logged every ship that passed the point in the long winter.</p>"
    html = page(PROSE + f"<{tag}>" * 100_000 + deep * 3 + f"</{tag}>" * 100_000)
    with bounded():
        art = extract_article(html, URL)
    assert "ordinary article prose" in art.text and "lighthouse keeper logged" in art.text
    assert art.note is None


def test_a_page_with_only_deep_text_is_not_empty() -> None:
    html = page("<div>" * 100_000 + "<p>Only the deepest paragraph carries the story of the harbour.</p>" * 4)
    with bounded():
        art = extract_article(html, URL)
    assert "deepest paragraph carries the story" in art.text


def test_a_page_cut_at_the_size_cap_says_so() -> None:
    whole = extract_article(page(PROSE * 20), URL)
    assert whole.note is None
    html = page(PROSE + "<p>Another paragraph of the same long report.</p>" * 21_000)  # > 40,000 tags
    with bounded():
        art = extract_article(html, URL)
    assert "ordinary article prose" in art.text
    assert art.note == "The page was cut at 40,000 tags: the end of the article may be missing"
    long_text = page(PROSE + "<p>" + "harbour tides " * 400_000 + "</p>")  # > 5,000,000 characters
    with bounded():
        art = extract_article(long_text, URL)
    assert art.note is not None and "cut at 5,000,000 characters" in art.note
    assert "[The page was cut at 5,000,000 characters" in render_plain(art)


@pytest.mark.parametrize(
    "flood",
    [
        "<div>" + "<input type='checkbox'>" * 20_000 + "</div>",  # one box of many checkboxes
        "<div>" + "<span><input type='checkbox'>ok</span> words " * 20_000 + "</div>",  # many small ones
        "<div><input type='checkbox'>" * 900 + "</div>" * 900,  # nested
        "<article><h1>Story</h1>" + PROSE * 6 + "<div>" * 900 + "</div>" * 900 + "</article>" * 900,
        ("<article><h1>Story</h1>" + PROSE * 6) * 900 + "</article>" * 900,  # stories nested in stories
        ("<article><h1>Story</h1>" + PROSE * 6 + "</article>") * 3000,  # a stream of stories
    ],
)
def test_floods_of_checkboxes_and_stories_stay_linear(flood: str) -> None:
    with bounded():
        art = extract_article(page(PROSE * 3 + flood), URL)
    assert "ordinary article prose" in art.text


@pytest.mark.parametrize(
    "start",
    [" \n" * 2000 + "<p>", "\n" * 3000 + "<!-- x" + " " * 1000, "<!--" * 1000, "<?xml" * 800, "\t " * 2000],
)
def test_the_feed_sniff_is_linear_on_hostile_starts(start: str) -> None:
    """A page is checked for being a feed before it is read: whitespace and comment floods before any
    element must not make that check backtrack (a nested quantifier took minutes on 4 KB of spaces)."""
    with bounded():
        for _ in range(20):
            check_text((start + PROSE).encode())


_TAG_SOUP = st.lists(
    st.sampled_from(
        [
            "<div>",
            "</div>",
            "<p>",
            "</p>",
            "<li>",
            "<span class='x'>",
            "</span>",
            "<b/>",
            "<div/>",
            "<br>",
            "<img src='a'>",
            "</b>",
            "<section>",
            "</section>",
            "text ",
            "</li>",
            "<ul>",
            "</ul>",
            "<a href=x>",
        ]
    ),
    max_size=120,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(_TAG_SOUP, st.integers(min_value=1, max_value=6), st.integers(min_value=3, max_value=80))
def test_the_quick_check_of_tag_depth_never_skips_a_page_the_walk_would_change(
    soup: str, depth: int, tags: int
) -> None:
    """`_cap_tags` keeps a page whole without walking it where `_may_cap` says nothing can be removed or
    cut: that must hold for any tag soup (limits made small so that removal and cutting both happen)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(html_input, "MAX_DEPTH", depth)
        mp.setattr(html_input, "MAX_TAGS", tags)
        assert html_input._cap_tags(soup) == html_input._cap_walk(soup)


def test_a_flood_of_card_grids_after_the_text_stays_linear() -> None:
    """Each card grid closing the text is checked against the shapes the text holds before it (a
    listicle's own items): the text is read once for all of them, not once per grid."""
    card = (
        "<div class='card'><a href='https://example.com/articles/story-{0}-{1}'>"
        "<img src='/pictures/{0}-{1}.jpg' width='300' height='200'>"
        "<h3>Another story, number {0} {1}</h3></a></div>"
    )
    grids = "".join(
        "<div class='grid'>" + "".join(card.format(i, j) for j in range(3)) + "</div>" for i in range(3000)
    )
    listicle_item = "<div class='card'><p>x</p></div>"  # an item of the card's shape, early in the text
    body = f"<article><h1>Story</h1><div>{PROSE * 1500}{listicle_item}{PROSE}{grids}</div></article>"
    with bounded():
        art = extract_article(page(body), URL)
    assert "ordinary article prose" in art.text


def test_a_flood_of_held_frames_deep_in_the_page_stays_linear() -> None:
    """Each element holding a frame's code is checked for a share box a few levels up: only those levels
    are read, never all of its (here about a thousand) ancestors."""
    held = "<span data-x='&lt;iframe src=&quot;https://player.example/v/1&quot;&gt;'>a</span>" * 5000
    with bounded():
        art = extract_article(page(PROSE * 5 + "<div>" * 950 + held + "</div>" * 950), URL)
    assert "ordinary article prose" in art.text
