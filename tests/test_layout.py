"""One layout: `read --plain` and the TUI show the same link numbers, from `newsreader.layout`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from newsreader.cli import main
from newsreader.config import Config
from newsreader.extract import extract_article
from newsreader.layout import TextBlock, describe_enclosure, layout_article
from newsreader.models import Article, Enclosure, Link, Paragraph, StoryLink
from newsreader.plain import render_plain
from newsreader.store import Store
from newsreader.ui.app import create_app
from newsreader.ui.render import block_content
from newsreader.ui.screens.article import ArticleScreen
from newsreader.ui.widgets.article_view import BlockView
from tests.test_extract import GOLDEN, PAGES, URLS

NUMBER = re.compile(r"\[(\d+)\]")


def _squash(text: str) -> str:
    return " ".join(text.split())


def _tui_texts(article: Article) -> list[str]:
    """What the article screen shows for each numbered block (paragraphs and stories)."""
    blocks = layout_article(article).blocks
    return [block_content(b).plain for b in blocks if isinstance(b, TextBlock) and b.links]


@pytest.mark.parametrize("name", PAGES)
def test_plain_and_tui_number_the_golden_pages_alike(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["read", str(GOLDEN / f"{name}.html"), "--plain", "--base-url", URLS[name]]) == 0
    plain = _squash(capsys.readouterr().out)
    article = extract_article((GOLDEN / f"{name}.html").read_bytes(), URLS[name])
    tui = _tui_texts(article)
    numbers = [int(n) for text in tui for n in NUMBER.findall(text)]
    assert numbers == sorted(numbers)  # in reading order
    for text in tui:  # each numbered paragraph or story reads the same, numbers in the same places
        for line in text.split("\n"):
            if NUMBER.search(line):  # (a quote's body is set off by bars in plain text)
                assert _squash(line) in plain
    for ref in layout_article(article).links:  # and each number leads to the same URL
        assert (
            f"[{ref.number}] {ref.url}" in plain or f"[{ref.number}] {_squash(ref.title)} {ref.url}" in plain
        )


def test_two_links_with_the_same_label_are_numbered_in_order_in_both(tmp_path: Path) -> None:
    article = Article(
        url="https://site.example/a",
        title="Same words",
        blocks=[
            Paragraph(
                "see here and here too",
                [Link("here", "https://site.example/1"), Link("here", "https://site.example/2")],
            )
        ],
        read_next=[StoryLink("Next", "https://site.example/next")],
    )
    plain = render_plain(article)
    assert "see here[1] and here[2] too" in plain
    assert "[1] https://site.example/1\n[2] https://site.example/2" in plain
    assert "[3] Next\n     https://site.example/next" in plain
    assert _tui_texts(article) == ["see here[1] and here[2] too", "[3] Next"]


def test_read_json_gives_each_link_the_number_the_text_output_shows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "story.html"
    page.write_text(
        "<html><body><article><h1>Harbour</h1>"
        + "<p>The harbour reopened after the storm, <a href='/tides'>tide tables</a> say, and the ferry"
        " <a href='mailto:desk@site.example'>desk</a> runs again from the quay each morning.</p>"
        * 3
        + "<p>Read next: <a href='/2026/11/ferry-timetable-changes'>Ferry timetable changes</a></p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    assert main(["read", str(page), "--json", "--base-url", "https://site.example/2026/11/harbour"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert main(["read", str(page), "--plain", "--base-url", "https://site.example/2026/11/harbour"]) == 0
    plain = capsys.readouterr().out
    links = doc["numbered_links"]
    assert [x["n"] for x in links] == list(range(1, len(links) + 1)) and len(links) >= 2
    assert [x["section"] for x in links][-1] == "read-next"
    assert all(x["url"].startswith("https://site.example/") for x in links)  # mailto: gets no number
    for x in links:
        assert f"[{x['n']}] {x['url']}" in plain or f"[{x['n']}] {x['title']}\n     {x['url']}" in plain


def test_only_web_links_are_numbered_in_both() -> None:
    article = Article(
        url="https://site.example/a",
        blocks=[
            Paragraph("mail me or read on", [Link("mail me", "mailto:x@site.example"), Link("read on", "/b")])
        ],
    )
    article.blocks.append(Paragraph("then this", [Link("this", "https://site.example/c")]))
    plain = render_plain(article)
    assert "mail me or read on" in plain and "then this[1]" in plain and "mailto" not in plain
    assert _tui_texts(article) == ["then this[1]"]


@pytest.mark.parametrize("name", ["readnext", "wordpress"])
async def test_the_running_article_screen_shows_the_numbers_plain_prints(tmp_path: Path, name: str) -> None:
    """The same check through the article screen itself: what its blocks show is in `read --plain`."""
    article = extract_article((GOLDEN / f"{name}.html").read_bytes(), URLS[name])
    store = Store.open(tmp_path / "db.sqlite")
    store.put_article([article.url], article.to_json())
    plain = _squash(render_plain(article))
    app = create_app(store, Config(images=False))
    async with app.run_test(size=(100, 32)) as pilot:
        app.push_screen(ArticleScreen(article.url))
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ArticleScreen) and screen.article is not None
        shown = [block_content(view.block).plain for view in screen.query(BlockView) if view.block.links]
        assert shown and shown == _tui_texts(article)
        for text in shown:
            for line in text.split("\n"):
                assert _squash(line) in plain


def test_an_enclosure_under_a_megabyte_says_its_size() -> None:
    """A trailer of 48,000 bytes read "0.0 MB"; a feed's placeholder length of 1 read the same."""
    sizes = [48_000, 1, 999_999, 52_300_000]
    lines = [describe_enclosure(Enclosure("https://x.example/a.mp3", "audio/mpeg", n, None)) for n in sizes]
    assert [line.removeprefix("audio/mpeg · ") for line in lines] == ["48 kB", "1 byte", "1.0 MB", "52.3 MB"]
