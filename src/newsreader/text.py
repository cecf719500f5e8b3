"""Sanitising untrusted text: everything from the web passes through here before it is stored or shown.

A feed title or an error message built from a server's header can carry terminal escape sequences (which can
retitle the window, write to the clipboard via OSC 52, or move the cursor), C0/C1 controls, or bidi overrides
that make text display differently from what it is. We remove whole sequences (not just the ESC byte, which
would leave the payload visible) and normalise whitespace in single-line fields.
"""

from __future__ import annotations

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
# C0 controls except \t and \n, DEL, C1 controls.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Bidi embeddings, overrides and isolates, plus other invisible format characters that can spoof text.
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
_LINE_SEPARATORS = re.compile(r"[\u2028\u2029\x85]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000\ufeff]+")
_BLANK_LINES = re.compile(r"\n{3,}")
_MAX_COMBINING = 4


def _cap_combining(text: str) -> str:
    """Cap runs of combining marks ("Zalgo" text can cover several lines of a terminal)."""
    out: list[str] = []
    run = 0
    for ch in text:
        if unicodedata.combining(ch):
            run += 1
            if run > _MAX_COMBINING:
                continue
        else:
            run = 0
        out.append(ch)
    return "".join(out)


def strip_controls(text: str) -> str:
    """Remove escape sequences and control characters, keeping newlines and tabs."""
    text = _ESCAPE_SEQ.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _LINE_SEPARATORS.sub("\n", text)
    text = _CONTROLS.sub("", text)
    return text


def clean_text(text: str | None, *, max_len: int = 2_000_000) -> str:
    """Sanitise multi-line text (article paragraphs, summaries): controls gone, newlines kept."""
    if not text:
        return ""
    text = strip_controls(text)
    text = _BIDI.sub("", text)
    if _has_combining(text):
        text = _cap_combining(text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    text = _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
    return text[:max_len]


def clean_line(text: str | None, *, max_len: int = 1000) -> str:
    """Sanitise a single-line field (title, author, URL shown as text, error message)."""
    if not text:
        return ""
    text = strip_controls(text)
    text = _BIDI.sub("", text)
    if _has_combining(text):
        text = _cap_combining(text)
    text = _SPACES.sub(" ", text.replace("\n", " ").replace("\t", " ")).strip()
    if len(text) > max_len:
        text = text[: max_len - 1].rstrip() + "…"
    return text


def clean_pre(text: str | None, *, max_len: int = 500_000) -> str:
    """Sanitise preformatted text: controls gone, but spacing and indentation kept."""
    if not text:
        return ""
    text = strip_controls(text.expandtabs(4))
    text = _BIDI.sub("", text)
    if _has_combining(text):
        text = _cap_combining(text)
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")[:max_len]


def _has_combining(text: str) -> bool:
    # Fast path: pure ASCII text has no combining marks.
    return not text.isascii() and any(unicodedata.combining(c) for c in text)


def is_clean(text: str) -> bool:
    """True when `text` has no control or bidi characters other than newline and tab."""
    return not (_CONTROLS.search(text) or _BIDI.search(text) or "\x1b" in text)
