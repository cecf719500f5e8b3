"""Golden pages (written for this project) and the dev-corpus targets for the article extractor.

Each `tests/golden/extract/NAME.html` has a `NAME.json` with the expected Article document; the page URL is
the document's "url". Regenerate after a deliberate change with `NEWSREADER_REGEN_GOLDEN=1 pytest ...` and
review the diff.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from newsreader.errors import ExtractError
from newsreader.extract import article_from_html_fragment, decode_html, extract_article
from newsreader.models import Article, Figure, ListBlock, Quote

GOLDEN = Path(__file__).parent / "golden" / "extract"
PAGES = sorted(p.stem for p in GOLDEN.glob("*.html"))
URLS = {
    "blog-tweet": "https://blog.example.com/posts/faster-builds",
    "divsoup": "https://news.example/local/2024/06/11/night-bus-pilot",
    "newspaper": "https://herald.example/features/2024/02/last-ferryman-of-kellsby",
    "readnext": "https://news.example.com/2024/09/30/eastfield-tree-map",
    "wordpress": "https://example.com/2024/04/heron-season/",
}
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "readability-dev"
EXACT = ("url", "title", "byline", "published", "site_name", "lead_image", "read_next", "related", "blocks")


def _extract(name: str) -> dict[str, Any]:
    return extract_article((GOLDEN / f"{name}.html").read_bytes(), URLS[name]).to_json()


def test_every_golden_page_has_a_url() -> None:
    assert set(PAGES) == set(URLS)


@pytest.mark.parametrize("name", PAGES)
def test_golden(name: str) -> None:
    got = _extract(name)
    path = GOLDEN / f"{name}.json"
    if os.environ.get("NEWSREADER_REGEN_GOLDEN"):
        path.write_text(json.dumps(got, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    want = json.loads(path.read_text(encoding="utf-8"))
    for key in EXACT:
        assert got[key] == want[key], key
    assert got["text"] == want["text"]
    # The document survives the cache round trip.
    assert Article.from_json(got).to_json() == got


@pytest.mark.parametrize("name", PAGES)
def test_golden_drops_boilerplate(name: str) -> None:
    text = json.dumps(_extract(name)).casefold()
    for junk in (
        "cookie",
        "sign up",
        "share on",
        "comments (",
        "leave a reply",
        "all rights reserved",
        "most read",
        "trending",
        "about ada",
        "powered by",
        "subscribe now",
        "newsletter",
    ):
        assert junk not in text, junk


def test_lead_image_is_not_repeated() -> None:
    art = Article.from_json(_extract("newspaper"))
    assert art.lead_image is not None and art.lead_image.credit
    assert all(not isinstance(b, Figure) or b.src != art.lead_image.src for b in art.blocks)


def test_read_next_paragraph_leaves_the_body() -> None:
    art = Article.from_json(_extract("readnext"))
    assert "Read Next" not in art.text
    assert [s.url for s in art.read_next] == [
        "https://news.example.com/2024/09/29/eastfield-library-roof-repairs"
    ]
    assert len(art.related) == 3 and all("/tag/" not in s.url for s in art.related)


def test_tweets_have_their_authors() -> None:
    art = Article.from_json(_extract("blog-tweet"))
    posts = [b for b in art.blocks if isinstance(b, Quote) and b.kind in ("tweet", "post")]
    assert [(t.kind, t.cite, t.date) for t in posts] == [
        ("tweet", "Jo Park (@jopark_dev)", "November 3, 2023"),
        ("post", "Ravi Iyer (@ravi.example.com)", "November 4, 2023 at 10:12 AM"),
    ]
    assert [t.url for t in posts] == [
        "https://twitter.com/jopark_dev/status/1721000000000000000",
        "https://bsky.app/profile/ravi.example.com/post/3k",
    ]


def test_fragment_fallback() -> None:
    html = (
        '<p>Hello <a href="/x-y-z">there</a>.</p>'
        '<figure><img src="a.jpg"><figcaption>Cap</figcaption></figure>'
    )
    art = article_from_html_fragment(
        html, "https://example.com/post", title="T", byline=None, published="2024-01-02T03:04:05Z"
    )
    assert art.source == "feed" and art.published == "2024-01-02T03:04:05+00:00"
    assert art.to_json()["blocks"][0]["links"] == [{"text": "there", "url": "https://example.com/x-y-z"}]
    assert art.blocks[1] == Figure(src="https://example.com/a.jpg", caption="Cap")


def test_fragment_of_plain_text() -> None:
    art = article_from_html_fragment(
        "just words", "https://example.com/", title=None, byline=None, published=None
    )
    assert art.text == "just words"


@pytest.mark.parametrize(
    ("data", "charset", "want"),
    [
        ("café".encode("cp1252"), None, "café"),
        ("café".encode(), "iso-8859-1", "café"),  # valid UTF-8 beyond ASCII beats a legacy label
        (b'<meta charset="iso-8859-1">f\xc3\xbcr', None, '<meta charset="iso-8859-1">für'),
        ("café".encode("cp1252"), "iso-8859-1", "café"),  # the label wins when the bytes are not UTF-8
        ("Привет".encode("koi8-r"), "koi8-r", "Привет"),
        (b"\xef\xbb\xbfcaf\xc3\xa9", "cp1252", "café"),  # BOM beats the header
        (b'<meta charset="koi8-r">\xc1', None, '<meta charset="koi8-r">а'),
        ("café".encode(), "no-such-charset", "café"),
    ],
)
def test_decode_html(data: bytes, charset: str | None, want: str) -> None:
    assert decode_html(data, charset) == want


def test_no_article_raises() -> None:
    with pytest.raises(ExtractError):
        extract_article(b"<html><body><nav><a href='/a'>Home</a></nav></body></html>", "https://example.com/")


@pytest.mark.skipif(not CORPUS.is_dir(), reason="dev corpus not available")
def test_corpus_targets() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    import extract as bench  # bench/ is checked by mypy with src and tests

    pages = bench.load(CORPUS, None)
    res = bench.evaluate("newsreader", bench.run_newsreader, pages)
    p, r = bench.mean(res.p), bench.mean(res.r)
    assert 2 * p * r / (p + r) >= 0.95
    assert bench.mean(res.captions) >= 0.95
    assert bench.mean(res.quotes) >= 0.95
    assert max(s for s, _ in res.seconds) < 1.0


@pytest.mark.parametrize(
    ("got", "want", "same"),
    [
        ("2024-04-25T14:07:00+02:00", "2024-04-25T14:07:00", True),  # the page's own wall clock
        ("2024-04-25T12:07:00+00:00", "2024-04-25T12:07:00", True),  # the UTC instant
        ("2024-04-25T14:07:00+02:00", "2024-04-25T12:07:00Z", True),  # the same instant
        ("2024-04-25T14:07:00+02:00", "2024-04-25T14:07:00Z", False),  # an offset in the truth counts
        ("2024-04-25T17:07:00+02:00", "2024-04-25T14:07:00", False),
        ("2024-04-25T23:30:00-04:00", "2024-04-26", True),  # day only: the UTC day
    ],
)
def test_bench_reads_a_naive_truth_time_as_the_pages_wall_clock(got: str, want: str, same: bool) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    import extract as bench

    assert bench.same_meta("date", got, want) is same


def test_a_list_items_blocks_are_words_apart() -> None:
    # A glossary list whose items hold a heading and a paragraph (or a bold term and a div): the item's
    # parts are separate words, however deep, and a comment between two words joins nothing.
    story = (
        "<p>" + "The keepers log the light, the weather and the ships that pass the point each night. " * 4
    )
    html = (
        "<html><head><title>The keeper's log</title></head><body><article><h1>The keeper's log</h1>"
        f"{story}</p><ul><li><h3>Lamp hours</h3><p>From sunset to sunrise,<!-- x --> every night.</p></li>"
        "<li><strong>Fog signal</strong><div><span>Sounded</span><br>every <em>thirty</em> seconds.</div>"
        "<ul><li><h4>Old horn</h4><p>Retired in 1986.</p></li></ul></li></ul>"
        f"{story}</p></article></body></html>"
    )
    art = extract_article(html.encode(), "https://paper.example/2025/05/02/keepers-log")
    [items] = [b.items for b in art.blocks if isinstance(b, ListBlock)]
    assert items == [
        "Lamp hours From sunset to sunrise, every night.",
        "Fog signal Sounded every thirty seconds.",
        "Old horn Retired in 1986.",
    ]
