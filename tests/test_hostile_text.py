"""Terminal text: the one sanitiser lets no control character, escape sequence or bidi override through."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsreader.config import Config
from newsreader.refresh import refresh
from newsreader.store import Store
from newsreader.text import clean_line, clean_pre, clean_text, strip_controls
from tests.conftest import is_clean
from tests.server import LoopbackServer, Reply

# Text biased towards the dangerous ranges: C0, C1, ESC sequences, bidi controls, combining marks.
_nasty = st.sampled_from(
    ["\x1b", "\x1b[", "\x1b]", "\x07", "\x9b", "\x9d", "\x90", "\x1b\\", "\x9c", "\u202e", "\u2066", "\u200f"]
    + ["\r", "\n", "\t", "\x00", "\x7f", "\x85", "\u2028", "\u0301", "[", "]", "0;", "m", "A"]
    + ["\ud800", "\udfff", "\ufffe", "\uffff"]  # lone surrogates and noncharacters
    + ["\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "é", "👩"]  # invisibles, joiners
)
hostile_text = st.lists(st.one_of(_nasty, st.text(max_size=5)), max_size=40).map("".join)


@settings(max_examples=400, deadline=None)
@given(hostile_text)
def test_clean_line_has_no_controls_and_is_idempotent(text: str) -> None:
    out = clean_line(text)
    assert is_clean(out)
    assert "\n" not in out and "\t" not in out
    assert clean_line(out) == out


@settings(max_examples=400, deadline=None)
@given(hostile_text)
def test_clean_text_has_no_controls_and_is_idempotent(text: str) -> None:
    out = clean_text(text)
    assert is_clean(out) and "\r" not in out
    assert clean_text(out) == out


@settings(max_examples=200, deadline=None)
@given(hostile_text)
def test_clean_pre_has_no_controls_and_is_idempotent(text: str) -> None:
    out = clean_pre(text)
    assert is_clean(out)
    assert clean_pre(out) == out


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([chr(c) for c in range(0x80)] + ["\x1b[1m", "\x1b]0;t\x07"])).map("".join))
def test_ascii_text_is_stripped_as_any_text_is(text: str) -> None:
    """ASCII text takes a faster scan for controls; a non-ASCII letter in front forces the full one, and
    the two must agree (and tabs stay odd spaces on the fast path too)."""
    assert "é" + strip_controls(text) == strip_controls("é" + text)
    assert is_clean(clean_text(text)) and "\t" not in clean_line(text)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Title\x1b]0;pwned window title\x07 end", "Title end"),  # OSC: the payload goes too
        ("a\x1b]52;c;ZXZpbA==\x1b\\b", "ab"),  # OSC 52 clipboard write, ST-terminated
        ("x\x1b[2J\x1b[1;1Hy", "xy"),  # CSI clear screen, cursor home
        ("p\x1bPq#0;2;0;0;0\x1b\\q", "pq"),  # DCS (sixel)
        ("z\x9b31mred", "zred"),  # 8-bit CSI
        ("bell\x07 and \x00nul\x7f", "bell and nul"),
        ("safe \u202etxt.exe\u202c", "safe txt.exe"),  # bidi override
        ("  lots \t of\u00a0 space  ", "lots of space"),
    ],
)
def test_known_sequences(raw: str, expected: str) -> None:
    assert clean_line(raw) == expected


def test_combining_runs_and_length_are_capped() -> None:
    zalgo = "Z" + "\u0301" * 500 + "a"
    out = clean_line(zalgo)
    assert sum(1 for c in out if unicodedata.combining(c)) <= 4
    assert len(clean_line("x" * 5000, max_len=100)) == 100
    assert clean_text("para\r\n\r\n\r\n\r\nnext") == "para\n\nnext"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Wel\u00adcome", "Welcome"),  # soft hyphen
        ("Wel\u200bcome home", "Welcome home"),  # zero-width space
        ("Wel\u200dcome\u2060 \ufeffback", "Welcome back"),  # joiner between Latin letters, word joiner, BOM
        ("\u200cedge\u200d", "edge"),
        ("👩\u200d💻 and 👨\u200d👩\u200d👧", "👩\u200d💻 and 👨\u200d👩\u200d👧"),  # emoji stay whole
        ("می\u200cخواهم", "می\u200cخواهم"),  # the Persian non-joiner stays
    ],
)
def test_invisible_characters_go_and_emoji_sequences_stay(raw: str, expected: str) -> None:
    assert clean_line(raw) == expected
    assert clean_text(raw) == expected


async def test_search_finds_a_title_split_by_invisible_characters(
    tmp_path: Path, server: LoopbackServer
) -> None:
    server.routes["/feed"] = Reply(
        "<rss version='2.0'><channel><title>T</title><item><title>Wel&#173;come a&#8203;board</title>"
        "<link>https://t.example/1</link><description>Zero&#8288;width joiner: 👩&#8205;💻</description>"
        "</item></channel></rss>".encode()
    )
    store = Store.open(tmp_path / "db")
    store.add_feed(server.url("/feed"))
    async for result in refresh(store, Config()):
        assert result.ok
    (entry,) = store.search("Welcome aboard")
    assert entry.title == "Welcome aboard"
    assert store.search("Zerowidth")[0].summary == "Zerowidth joiner: 👩\u200d💻"
