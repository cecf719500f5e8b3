"""One layout: `read --plain` and the TUI show the same link numbers, from `newsreader.layout`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsreader.cli import main
from newsreader.extract import extract_article
from newsreader.layout import TextBlock, layout_article
from newsreader.models import Article, Link, Paragraph, StoryLink
from newsreader.plain import render_plain
from newsreader.ui.render import block_content
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
