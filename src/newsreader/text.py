"""Sanitising untrusted text: everything from the web passes through here before it is stored or shown.

A feed title or an error message built from a server's header can carry terminal escape sequences (which can
retitle the window, write to the clipboard via OSC 52, or move the cursor), C0/C1 controls, or bidi overrides
that make text display differently from what it is. We remove whole sequences (not just the ESC byte, which
would leave the payload visible) and normalise whitespace in single-line fields.

Two boundaries call these (docs/DESIGN.md, "Sanitising"): **ingest** (`feeds/`, `extract/`, the store's
writes, an error's message) cleans text once as it enters, and **display** (`layout.py`, which the TUI's
cells, status line, titles and dialogs and the CLI's output go through) cleans what is shown. A test keeps
every other module from calling them. The length limits below are the only ones: each boundary names one.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Whole escape sequences first: CSI (ESC [ or 0x9B), OSC/DCS/SOS/PM/APC strings (terminated by BEL or ST),
# then two-byte ESC sequences.
_ESCAPE_SEQ = re.compile(
    r"""
    (?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?                     # CSI ... final byte
    | (?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])             # OSC, DCS, SOS, PM, APC introducers
      [^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?               # ... payload up to BEL or ST
    | \x1b[ -/]*[0-~]?                                    # other ESC sequences (ESC c, ESC ( B, ...)
    """,
    re.VERBOSE,
)
# The character lists, written once: each stripping pattern and the quick `_SUSPECT` scan are built from them.
# C0 (but tab and newline), DEL and C1 controls; also lone surrogates (from JSON "\\ud800" escapes: SQLite
# cannot encode them) and the noncharacters U+FFFE/U+FFFF (XML, and so OPML export, refuses them).
_CONTROL_CHARS = r"\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff"
# Bidi embeddings, overrides and isolates, plus other invisible format characters that can spoof text.
_BIDI_CHARS = r"\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c"
_LINE_SEPARATOR_CHARS = r"\u2028\u2029\x85"
# Invisible characters that split a word without showing (so "Wel\u00adcome" would not match a search for
# "Welcome"): soft hyphen, zero-width space, word joiner and invisible operators, the zero-width no-break
# space (BOM), the Mongolian vowel separator. Always removed.
_INVISIBLE_CHARS = r"\u00ad\u180e\u200b\u2060-\u2064\ufeff"
# The zero-width joiner and non-joiner mean something between emoji (👩\u200d💻 is one picture) and in
# Arabic, Persian and Indic scripts; next to ASCII, or at an edge, they only hide a split. Removed there.
_JOINER_CHARS = r"\u200c\u200d"
_CONTROLS = re.compile(f"[{_CONTROL_CHARS}]")
_BIDI = re.compile(f"[{_BIDI_CHARS}]")
_LINE_SEPARATORS = re.compile(f"[{_LINE_SEPARATOR_CHARS}]")
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]+")
# A joiner run is kept only between two non-ASCII, non-space characters.
_WORD = r"[^\x00-\x7f\s]"
_LOOSE_JOINERS = re.compile(f"(?<!{_WORD})[{_JOINER_CHARS}]+|[{_JOINER_CHARS}]+(?!{_WORD})")
# One cheap scan tells whether the slow passes are needed at all: most text from the web has none of these.
_SUSPECT = re.compile(
    f"[{_CONTROL_CHARS}{_BIDI_CHARS}{_LINE_SEPARATOR_CHARS}{_INVISIBLE_CHARS}{_JOINER_CHARS}]"
)
_ESCAPED = re.compile(f"[{_CONTROL_CHARS}{_BIDI_CHARS}{_LINE_SEPARATOR_CHARS}{_INVISIBLE_CHARS}]")
# Odd space characters become a plain space, then runs of spaces one: a translate and a one-character
# pattern, about four times faster than one regex with a class alternation (summaries are most of a refresh).
_ODD_SPACE_CHARS = "\t\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u3000"
_ODD_SPACE = re.compile(f"[{_ODD_SPACE_CHARS}]")
_TO_SPACE = str.maketrans(dict.fromkeys(_ODD_SPACE_CHARS, " "))
_SPACE_RUN = re.compile(" {2,}")
_BLANK_LINES = re.compile(r"\n{3,}")
_MAX_COMBINING = 4

# Length limits (characters) of one-line text, by what the text is; the boundaries name these, never numbers.
NAME = 100  # a tag, a category, a site's, account's or query feed's name, a media type, a date as written
SHORT = 200  # an author or byline, a link's or story's title, alt text, a credit, a table cell's text
MESSAGE = 300  # a status line, a note, a dialog or toast line
SUMMARY = 400  # a related story's teaser as shown
TITLE = 500  # a feed's or an entry's title, a metadata value, an error's message
LINE = 1000  # any other single line (`clean_line`'s default): a heading, a caption, a mark
KEY = 2000  # an entry's key (a guid) kept as text, a log line
URL = 4096  # a URL, kept and shown whole: as long as `urls.is_web_url` accepts (it is `urls.MAX_URL_LEN`)
ITEM = 5000  # a list item
# Lengths of a feed entry's text as stored.
ENTRY_SUMMARY = 600  # a teaser for lists and search; the full HTML is kept as the content
ENTRY_CONTENT = 1_000_000  # an entry's HTML content


def _combining_class() -> str:
    """A regex character class of every combining mark (all lie below U+20000; ~15 ms, so built on the
    first text that is not ASCII: a refresh where nothing changed never needs it)."""
    ranges: list[str] = []
    start = prev = -1
    for cp in range(0x20000):
        if unicodedata.combining(chr(cp)):
            if start < 0:
                start = cp
            prev = cp
        elif start >= 0:
            ranges.append(f"\\U{start:08x}-\\U{prev:08x}")
            start = -1
    return "[" + "".join(ranges) + "]"


@functools.cache
def _combining_run() -> re.Pattern[str]:
    marks = _combining_class()
    return re.compile(f"({marks}{{{_MAX_COMBINING}}}){marks}+")


def _cap_combining(text: str) -> str:
    """Cap runs of combining marks ("Zalgo" text can cover several lines of a terminal)."""
    return text if text.isascii() else _combining_run().sub(r"\1", text)


# What ASCII text may hold that is not a suspect: printable characters, tab and newline.
_ASCII_KEEP = bytes(range(0x20, 0x7F)) + b"\t\n"


def _suspect(text: str) -> bool:
    """Whether `text` may hold something the slow passes remove. ASCII text (most text from the web) can
    only hold controls, found by a byte scan about four times faster than the regex over every class."""
    if text.isascii():
        return bool(text.encode("ascii").translate(None, _ASCII_KEEP))
    return _SUSPECT.search(text) is not None


def strip_controls(text: str) -> str:
    """Remove escape sequences, control and invisible characters, keeping newlines and tabs."""
    return _remove_controls(text) if _suspect(text) else text


def _remove_controls(text: str) -> str:
    text = _ESCAPE_SEQ.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _LINE_SEPARATORS.sub("\n", text)
    text = _CONTROLS.sub("", text)
    return _LOOSE_JOINERS.sub("", _INVISIBLE.sub("", text))


def _strip_suspects(text: str) -> str:
    """Controls, escape sequences and bidi controls gone; combining runs capped."""
    if _suspect(text):
        text = _LOOSE_JOINERS.sub("", _BIDI.sub("", _remove_controls(text)))
    return _cap_combining(text)


def _collapse_spaces(text: str) -> str:
    if "\t" in text if text.isascii() else _ODD_SPACE.search(text):  # tab: ASCII's only odd space
        text = text.translate(_TO_SPACE)
    return _SPACE_RUN.sub(" ", text) if "  " in text else text


def escape_suspects(text: str) -> str:
    """Every character the sanitisers remove written as a `\\uXXXX` escape (the zero-width joiners, which
    only join, stay): for a JSON document, whose values must stay exact but whose bytes reach a terminal."""
    return _ESCAPED.sub(lambda m: f"\\u{ord(m[0]):04x}", text) if _SUSPECT.search(text) else text


def clean_text(text: str | None, *, max_len: int = 2_000_000) -> str:
    """Sanitise multi-line text (article paragraphs, summaries): controls gone, newlines kept."""
    if not text:
        return ""
    # Whitespace only shrinks, so a cut at 2 x max_len first keeps the result and bounds the work.
    text = _collapse_spaces(_strip_suspects(text[: 2 * max_len]))
    if "\n" in text:
        if " \n" in text or "\n " in text:
            text = "\n".join(line.strip(" ") for line in text.split("\n"))
        if "\n\n\n" in text:
            text = _BLANK_LINES.sub("\n\n", text)
    return text.strip()[:max_len]


def clean_line(text: str | None, *, max_len: int = LINE) -> str:
    """Sanitise a single-line field (title, author, URL shown as text, error message)."""
    if not text:
        return ""
    text = text[: 4 * max_len]
    if text.isascii() and text.isprintable():  # most titles, names and keys: only spaces can change
        return shorten((_SPACE_RUN.sub(" ", text) if "  " in text else text).strip(), max_len)
    return shorten(_collapse_spaces(_strip_suspects(text).replace("\n", " ")).strip(), max_len)


def shorten(text: str, limit: int) -> str:
    """`text` cut to `limit` characters, ending in "…" when cut (no sanitising: for text already clean, or
    a part of a message that a display boundary cleans whole)."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def clean_pre(text: str | None, *, max_len: int = 500_000) -> str:
    """Sanitise preformatted text: controls gone, but spacing and indentation kept."""
    if not text:
        return ""
    text = _strip_suspects(text.expandtabs(4))
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")[:max_len]
