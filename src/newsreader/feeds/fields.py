"""Entry fields from a feed's raw values, shared by the feed parsers: text constructs (HTML to text, titles,
summaries, content with resolved links), encoding repair, authors, enclosures and stable entry keys.

Dates are `newsreader.dates` (one parser for feeds and pages)."""

from __future__ import annotations

import hashlib
import html
import re
from html.entities import html5
from urllib.parse import urljoin

from newsreader.models import Enclosure
from newsreader.text import (
    ENTRY_CONTENT,
    ENTRY_SUMMARY,
    KEY,
    NAME,
    SHORT,
    TITLE,
    clean_line,
    clean_text,
    strip_controls,
)
from newsreader.urls import absolutize

_SCRIPTS = re.compile(r"<(script|style)\b.*?</\1\s*>", re.I | re.S)
_BREAKS = re.compile(r"<(?:br|/p|/div|/li|/h\d|/blockquote)\b[^>]*>", re.I)
# A tag starts with a letter, `/`, `!--`, `!doctype` or `?`: `<3`, `a <b` without `>` and `<!'` are text.
_TAGS = re.compile(r"<(?=[A-Za-z/?]|![A-Za-z-])[^>]*>")

# Elements that make a string "look like HTML" (the HTML a feed puts in a title or description).
_HTML_ELEMENTS = frozenset(
    "a abbr acronym address area article aside audio b bdi bdo big blockquote br button caption center"
    " cite code col colgroup dd del details dfn dialog dir div dl dt em fieldset figcaption figure font"
    " footer form h1 h2 h3 h4 h5 h6 header hr i img input ins kbd label legend li main map mark menu meter"
    " nav ol optgroup option output p picture pre progress q s samp section select small source span"
    " strike strong sub summary sup table tbody td textarea tfoot th thead time tr tt u ul var video wbr"
    " noscript".split()
)
_VOID = frozenset("area br col hr img input source wbr".split())
_CLOSE_TAG = re.compile(r"</(\w+)>")
_ANY_TAG = re.compile(r"<(/?)(\w+)")
_ENTITY = re.compile(r"&#?\w+;")
_NAMED_ENTITY = re.compile(r"&(\w+);")

# Windows-1252 punctuation decoded as C1 controls (a document declared ISO-8859-1 or a numeric reference
# like &#146;): browsers and feedparser read these as Windows-1252, and so do we, instead of deleting them.
_CP1252 = {
    i: bytes([i]).decode("cp1252") for i in range(0x80, 0xA0) if i not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}
_C1 = re.compile("[\x80-\x9f]")
_HIGH = re.compile("[\x80-\xff]")
_WIDE = re.compile("[^\x00-\xff]")


def repair(value: str) -> str:
    """Undo two common encoding faults: UTF-8 read as Latin-1 and re-encoded (double-encoded: "â€¦"),
    and Windows-1252 punctuation in C1 positions. Text with neither comes back unchanged, cheaply."""
    if value.isascii() or not _HIGH.search(value):
        return value
    if not _WIDE.search(value):
        data = value.encode("latin-1")
        try:
            value = data.decode("utf-8")
        except UnicodeDecodeError as err:
            if err.reason == "unexpected end of data":  # a sequence cut where the text was cut
                value = data[: err.start].decode("utf-8", errors="replace") + value[err.start :]
    return value.translate(_CP1252) if _C1.search(value) else value


def looks_like_html(value: str, *, balanced: bool = False) -> bool:
    """Whether text from a format that does not say (RSS) is HTML: it has an end tag or an entity
    reference, every tag is an HTML element and every entity a known one (feedparser's rule). With
    `balanced`, also every non-void start tag is closed, so `<b> Tom &amp; Jerry` stays text."""
    if "<" not in value and "&" not in value:
        return False
    if not (_CLOSE_TAG.search(value) or _ENTITY.search(value)):
        return False
    opened: dict[str, int] = {}
    for close, tag in _ANY_TAG.findall(value):
        tag = tag.lower()
        if tag not in _HTML_ELEMENTS:
            return False
        if tag not in _VOID:
            opened[tag] = opened.get(tag, 0) + (-1 if close else 1)
    if any(name + ";" not in html5 for name in _NAMED_ENTITY.findall(value)):
        return False
    return not balanced or all(count <= 0 for count in opened.values())


def html_to_text(fragment: str | None) -> str:
    """Plain text of an HTML fragment, cheaply (summaries and titles; the extractor does real work)."""
    if not fragment:
        return ""
    if "<" in fragment:
        fragment = _SCRIPTS.sub(" ", fragment)
        fragment = _BREAKS.sub("\n", fragment)
        fragment = _TAGS.sub("", fragment)
    return html.unescape(fragment) if "&" in fragment else fragment


def title_text(raw: str | None, is_html: bool = True) -> str:
    """A title as one clean line; `is_html` False for plain text, whose brackets are kept."""
    if not raw:
        return ""
    raw = repair(raw)
    return clean_line(html_to_text(raw) if is_html else raw, max_len=TITLE)


def summary_text(raw: str | None, is_html: bool = True) -> str | None:
    if not raw:
        return None
    # Markup is rarely more than 4x the text it wraps; cutting first keeps long entries cheap.
    raw = repair(raw[: 8 * ENTRY_SUMMARY] if is_html else raw[:ENTRY_SUMMARY])
    if (
        is_html
        and len(raw) > _SUMMARY_HEAD + _SUMMARY_HEAD // 4
        and (text := _summary_of_head(raw)) is not None
    ):
        return text
    text = clean_text(html_to_text(raw) if is_html else raw, max_len=ENTRY_SUMMARY)
    return text or None


# HTML read for a long fragment's summary: more than twice the text a summary takes (most markup is text).
_SUMMARY_HEAD = 7 * ENTRY_SUMMARY // 3
# `html.unescape`'s reading of a character reference (its own pattern).
_CHARREF = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")
_SCRIPT_START = re.compile(r"<(?:script|style)\b", re.I)


def _summary_of_head(fragment: str) -> str | None:
    """The summary of a long HTML fragment read from its head alone (the part before the first tag past
    `_SUMMARY_HEAD`): exactly `summary_text`'s, or None when that cannot be shown, and the caller reads the
    whole fragment.

    Exact because each step of `html_to_text` works left to right and nothing it matches in the head
    reaches past it: no script or style starts in the head, every `<` in it is closed by a `>` in it
    (checked again after the line breaks are replaced), and the last character reference ends inside it.
    Its text is then the start of the whole fragment's text, and `clean_text` keeps the first 2 x
    ENTRY_SUMMARY characters of that, or, from fewer, changes only trailing whitespace at the cut: a text
    a few characters longer than a summary has the same summary."""
    end = fragment.find("<", _SUMMARY_HEAD)
    if end < 0:
        return None
    head = fragment[:end]
    if head.rfind("<") > head.rfind(">") or _SCRIPT_START.search(head):
        return None
    head = _BREAKS.sub("\n", head)
    if head.rfind("<") > head.rfind(">"):
        return None
    head = _TAGS.sub("", head)
    amp = head.rfind("&")
    if amp >= 0:
        ref = _CHARREF.match(head, amp)
        if (ref.end() if ref else amp + 1) >= len(head) or not ref and head[amp + 1] == "#":
            return None  # a reference the rest of the fragment could still change
        head = html.unescape(head)
    cut = 2 * ENTRY_SUMMARY
    text = clean_text(head[:cut], max_len=cut)
    if len(head) < cut and len(text) < ENTRY_SUMMARY + 8:
        return None
    return text[:ENTRY_SUMMARY] or None


def content_html(raw: str | None, is_html: bool = True, base: str | None = None) -> str | None:
    """Entry HTML kept for the article fallback: controls stripped, size capped, never rendered as HTML.
    Plain text is escaped, so the fallback shows it as written. With a `base` (a feed that sets
    xml:base), relative links and image sources are made absolute against it: the entry's page, which
    the fallback resolves against otherwise, is not what they are relative to."""
    if not raw or not raw.strip():
        return None
    raw = repair(raw[:ENTRY_CONTENT])
    if not is_html:
        return strip_controls(html.escape(raw, quote=False))
    return strip_controls(resolve_links(raw, base) if base else raw)


# href/src attribute values without a scheme (relative, or protocol-relative), fragments left alone.
_RELATIVE_ATTR = re.compile(
    r"""(\s(?:href|src)\s*=\s*)(["'])(?![a-zA-Z][a-zA-Z0-9+.-]*:|#)([^"'<>]*)\2""", re.I
)


_ABSOLUTE = re.compile(r"\s*(?:[a-zA-Z][a-zA-Z0-9+.-]*:|#)")


def _has_relative(markup: str) -> bool:
    """Whether some `href=`/`src=` value lacks a scheme: a quick look (str.find) before the regex, which
    is several times slower on the usual content whose links are all absolute."""
    for attr in ("href=", "src=", "HREF=", "SRC="):
        at = markup.find(attr)
        while at != -1:
            at += len(attr)
            quote = markup[at : at + 1]
            if not _ABSOLUTE.match(markup, at + 1 if quote in ('"', "'") else at):
                return True
            at = markup.find(attr, at)
    return False


def resolve_links(markup: str, base: str) -> str:
    """`markup` with its relative href/src values resolved against `base` (attributes only, linear)."""
    if not _has_relative(markup):
        return markup

    def absolute(match: re.Match[str]) -> str:
        url = urljoin(base, html.unescape(match[3]).strip())
        return f"{match[1]}{match[2]}{html.escape(url, quote=True)}{match[2]}"

    return _RELATIVE_ATTR.sub(absolute, markup)


_EMAIL_NAME = re.compile(r"^\s*[^\s()<>]+@[^\s()<>]+\s*\((.+)\)\s*$")
_NAME_EMAIL = re.compile(r"^\s*(.+?)\s*[(<]\s*[^\s()<>]+@[^\s()<>]+\s*[)>]\s*$")


def author_name(raw: str | None) -> str | None:
    """The name in an author field ("jo@example.com (Jo)", "Jo <jo@example.com>"), else the field."""
    if not raw:
        return None
    raw = repair(raw)
    match = (_EMAIL_NAME.match(raw) or _NAME_EMAIL.match(raw)) if "@" in raw else None
    return clean_line(match[1] if match else raw, max_len=SHORT) or None


# -- enclosures -------------------------------------------------------------------------------------


def to_int(value: str | None) -> int | None:
    """A positive whole number from an attribute ("12345", " 12345 "), else None."""
    if not value:
        return None
    value = value.strip()
    if not value.isascii() or not value.isdecimal() or len(value) > 18:
        return None
    number = int(value)
    return number if number > 0 else None


def duration_seconds(value: str | None) -> int | None:
    """itunes:duration / media duration: seconds, "MM:SS" or "HH:MM:SS" (fractions dropped)."""
    if not value:
        return None
    parts = value.strip().split(".")[0].split(":")
    if not 1 <= len(parts) <= 3 or not all(p.isascii() and p.isdecimal() and len(p) < 10 for p in parts):
        return None
    seconds = 0
    for part in parts:
        seconds = seconds * 60 + int(part)
    return seconds or None


def enclosure(
    url: str | None, base: str, kind: str | None, length: str | None, duration: int | None = None
) -> Enclosure | None:
    """An enclosure with an absolute http(s) URL, its fields cleaned; None without a usable URL."""
    absolute = absolutize(url, base)
    if not absolute:
        return None
    kind = clean_line(kind, max_len=NAME).lower() or None
    return Enclosure(absolute, kind, to_int(length), duration)


def merge_enclosures(found: list[Enclosure], duration: int | None) -> list[Enclosure]:
    """One enclosure per URL (the first wins), the entry's duration given to those without one."""
    seen: dict[str, Enclosure] = {}
    for item in found:
        if item.url not in seen:
            if item.duration is None and duration is not None:
                item = Enclosure(item.url, item.type, item.length, duration)
            seen[item.url] = item
    return list(seen.values())


def entry_key(guid: str | None, link: str | None, title: str, summary: str | None) -> str:
    """A stable id within a feed: guid, else link, else a hash of the text."""
    if guid and (key := clean_line(guid, max_len=KEY)):
        return key
    if link:
        return link
    return "sha1:" + hashlib.sha1(f"{title}\n{summary or ''}".encode()).hexdigest()
