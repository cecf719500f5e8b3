"""Site rules (ftr-site-config format) on pages written for these tests, served from a loopback server."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import pytest

from newsreader.cli import main
from newsreader.errors import UsageError
from newsreader.extract.siterules import parse_rule, rule_file_for
from newsreader.paths import site_rules_dir
from tests.server import LoopbackServer, Reply


def page(body: str, title: str = "Tide tables and why they drift") -> bytes:
    return f"""<!doctype html><html><head><title>{title} | Quay Post</title>
<meta property="og:site_name" content="Quay Post"></head><body>
<nav><a href="/">Home</a> <a href="/sport">Sport</a></nav>
<aside class="promo-rail"><p>Subscribe for unlimited access to every story we have ever printed.</p>
<p>Another long promotional paragraph, with commas, that a heuristic could mistake for text.</p></aside>
{body}
<footer><p>Copyright Quay Post. All rights reserved, in every harbour.</p></footer></body></html>""".encode()


PAGE_1 = page("""
<div class="story-meta"><span class="writer">Ines Harrow</span>
<time datetime="2026-03-04T08:30:00Z">4 March</time></div>
<div class="story-text">
  <p>The harbour master keeps two sets of tide tables: the printed ones and the ones she trusts.</p>
  <div class="share-tools"><p>Share this on every network you can think of, please.</p></div>
  <p>Printed tables come from a model of the whole coast, and the model is wrong by minutes.</p>
</div>
<a class="pager-next" href="/story/tides?page=2">Next page</a>""")
PAGE_2 = page("""
<div class="story-text">
  <p>On the second page: the gauge on the north pier reads eleven minutes late in spring.</p>
</div>
<a class="pager-next" href="/story/tides?page=2">Next page</a>""")

RULE = """# Quay Post: body in .story-text, pages stitched
body: //div[@class='story-text']
strip_id_or_class: share-tools
author: //span[@class='writer']
date: //time/@datetime
title: //title
next_page_link: //a[@class='pager-next']
find_string: | Quay Post</title>
replace_string: </title>
test_url: http://example.com/
"""


def pages(server: LoopbackServer) -> None:
    def story(h: object) -> None:
        from tests.server import _send

        second = "page=2" in h.path  # type: ignore[attr-defined]
        _send(h, Reply(PAGE_2 if second else PAGE_1, content_type="text/html; charset=utf-8"))  # type: ignore[arg-type]

    server.routes["/story/tides"] = story


def read_json(capsys: pytest.CaptureFixture[str], url: str) -> dict[str, Any]:
    code = main(["read", url, "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    doc: dict[str, Any] = json.loads(out)
    return doc


def rules_dir() -> Path:
    folder = site_rules_dir(Path(os.environ["NEWSREADER_HOME"]))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def texts(doc: dict[str, Any]) -> list[str]:
    return [b["text"] for b in doc["blocks"] if b["type"] == "paragraph"]


def test_a_rule_file_picks_the_body_strips_and_stitches_pages(
    capsys: pytest.CaptureFixture[str], server: LoopbackServer
) -> None:
    pages(server)
    (rules_dir() / "127.0.0.1.txt").write_text(RULE)
    doc = read_json(capsys, server.url("/story/tides"))
    assert doc["source"] == "rule" and doc["note"] is None
    assert doc["title"] == "Tide tables and why they drift"
    assert doc["byline"] == "Ines Harrow"
    assert doc["published"] == "2026-03-04T08:30:00+00:00"
    assert doc["site_name"] == "Quay Post"
    assert texts(doc) == [
        "The harbour master keeps two sets of tide tables: the printed ones and the ones she trusts.",
        "Printed tables come from a model of the whole coast, and the model is wrong by minutes.",
        "On the second page: the gauge on the north pier reads eleven minutes late in spring.",
    ]
    # page 2 links to itself: followed once, not in a loop
    assert len(server.seen("/story/tides?page=2")) == 1


def test_css_selectors_and_single_page_link(
    capsys: pytest.CaptureFixture[str], server: LoopbackServer
) -> None:
    server.routes["/long"] = Reply(
        page('<p>Teaser only.</p><a class="print" href="/long/print">Print</a>'), content_type="text/html"
    )
    server.routes["/long/print"] = Reply(
        page(
            '<article class="full"><h2>All of it</h2>'
            "<p>The whole article, on one printable page.</p></article>"
        ),
        content_type="text/html",
    )
    (rules_dir() / ".0.0.1.txt").write_text("body: article.full\nsingle_page_link: a.print\n")
    doc = read_json(capsys, server.url("/long"))
    assert doc["source"] == "rule"
    assert texts(doc) == ["The whole article, on one printable page."]


def test_a_rule_keeps_a_time_the_page_gives_without_a_clock_as_written(
    capsys: pytest.CaptureFixture[str], server: LoopbackServer
) -> None:
    """A page that names no clock (a time without an offset, no language): the rule's article gets the
    time as written, as the page's own reading does, never passed off as UTC."""
    naive = '<meta property="article:published_time" content="2026-03-04T08:30:00">'
    server.routes["/naive"] = Reply(
        page(f'{naive}<div class="story-text"><p>The gauge reads late.</p></div>'), content_type="text/html"
    )
    (rules_dir() / "127.0.0.1.txt").write_text("body: //div[@class='story-text']\n")
    doc = read_json(capsys, server.url("/naive"))
    assert doc["source"] == "rule" and doc["published"] == "2026-03-04T08:30:00"


def test_a_rule_that_does_not_fit_falls_back_to_the_heuristics_and_says_so(
    capsys: pytest.CaptureFixture[str], server: LoopbackServer
) -> None:
    pages(server)
    (rules_dir() / "127.0.0.1.txt").write_text("body: //div[@id='no-such-thing']\n")
    doc = read_json(capsys, server.url("/story/tides"))
    assert doc["source"] == "page"
    assert "site rule" in str(doc["note"]) and "found no body" in str(doc["note"])
    assert any("tide tables" in t for t in texts(doc))


def test_a_feed_can_name_its_rule(capsys: pytest.CaptureFixture[str], server: LoopbackServer) -> None:
    pages(server)
    (rules_dir() / "quay.txt").write_text(RULE)
    server.routes["/feed"] = Reply(
        f"""<rss version="2.0"><channel><title>Quay</title><item><title>Tides</title>
        <link>{server.url("/story/tides")}</link><guid>t</guid></item></channel></rss>""".encode()
    )
    assert main(["add", server.url("/feed")]) == 0
    assert main(["feed-settings", server.url("/feed"), "site_rule", "quay.txt"]) == 0
    capsys.readouterr()
    assert read_json(capsys, server.url("/story/tides"))["source"] == "rule"


def test_rule_files_are_checked_and_found_by_host(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"x.txt:2: bad XPath"):
        parse_rule("body: //div\nstrip: //div[\n", "x.txt")
    with pytest.raises(UsageError, match=r"x.txt:1: unknown directive 'bodyy'"):
        parse_rule("bodyy: //div", "x.txt")
    with pytest.raises(UsageError, match="replace_string without a find_string"):
        parse_rule("replace_string: x", "x.txt")
    (tmp_path / "example.com.txt").write_text("body: //main")
    (tmp_path / ".news.example.org.txt").write_text("body: //main")
    assert rule_file_for(tmp_path, "https://www.example.com/a") == tmp_path / "example.com.txt"
    assert rule_file_for(tmp_path, "https://eu.news.example.org/a") == tmp_path / ".news.example.org.txt"
    assert rule_file_for(tmp_path, "https://example.net/a") is None


def test_saving_a_rule_corrects_an_article_already_cached(
    capsys: pytest.CaptureFixture[str], server: LoopbackServer
) -> None:
    pages(server)
    before = read_json(capsys, server.url("/story/tides"))
    assert before["source"] == "page"
    assert read_json(capsys, server.url("/story/tides")) == before  # from the cache
    requests = len(server.seen("/story/tides"))
    rule = rules_dir() / "127.0.0.1.txt"
    rule.write_text(RULE)
    later = time.time() + 5  # written after the article was cached
    os.utime(rule, (later, later))
    after = read_json(capsys, server.url("/story/tides"))
    assert after["source"] == "rule" and len(server.seen("/story/tides")) == requests + 1
    assert read_json(capsys, server.url("/story/tides"))["source"] == "rule"
    os.utime(rule, (time.time() - 60, time.time() - 60))
    assert read_json(capsys, server.url("/story/tides")) == after  # cached again, not refetched


def test_a_link_to_a_file_on_a_site_with_a_rule_is_refused_by_its_headers(
    capsys: pytest.CaptureFixture[str], server: LoopbackServer
) -> None:
    """The rule's path fetches pages as the heuristics' does: a file is named by its type as soon as its
    headers arrive, asked for once (it was downloaded whole for the rule, then asked for again)."""
    server.routes["/clips/dawn.mp4"] = Reply(
        b"\x00\x00\x00\x18ftypmp42" + bytes(4_000_000), content_type="video/mp4"
    )
    (rules_dir() / "127.0.0.1.txt").write_text(RULE)
    code = main(["read", server.url("/clips/dawn.mp4"), "--json"])
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and "not a web page: the address serves video/mp4" in err
    assert "site rule" not in err and "binary" not in err
    assert len(server.seen("/clips/dawn.mp4")) == 1
