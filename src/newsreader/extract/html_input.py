"""Bytes to HTML text, and taming hostile markup before the parser sees it.

Servers mislabel charsets all the time, so the order of trust is: a byte-order mark (cannot lie), bytes that
are valid UTF-8 beyond ASCII (no legacy text is, by chance), the HTTP header, a `<meta charset>` in the first
few KB, then UTF-8 with a few bad bytes, then cp1252 (the de-facto "latin-1" of the web).
libxml2 also has costs that grow faster than the input for a few shapes (a tag with 100k attributes takes
seconds), so those are cut down here with linear-time regexes.
"""

from __future__ import annotations

import codecs
import re

from newsreader.errors import ExtractError

# Above this the page is cut (at a tag boundary): no article needs 5 MB of HTML, and the parse and walk
# costs stay well under a second.
MAX_HTML_CHARS = 5_000_000
_SNIFF_BYTES = 4096
# A feed document's start: its root element after an XML declaration, comments or a stylesheet line.
_FEED_START = re.compile(r"\ufeff?(?:\s|<\?xml[^>]*>|<!--.*?-->)*<(?:rss|feed|rdf:rdf)[\s>]", re.I | re.S)
_JSON_FEED = "jsonfeed.org/version"
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# A start tag whose attribute part is very long: its attributes are re-emitted, at most _MAX_ATTRS of them.
_LONG_TAG = re.compile(r"<([a-zA-Z][\w:-]{0,40})(\s[^<>]{2000,})>")
_ATTR = re.compile(r"""([^\s"'<>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
_MAX_ATTRS = 40
_BINARY_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_MAGIC = (
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"PK\x03\x04",
    b"%PDF-",
    b"\x1f\x8b",
    b"RIFF",
    b"\x00\x00\x01\x00",
)
# Python walks every element several times (~10 µs each): past this many tags the rest of the page is
# dropped, which keeps a 10 MB tag flood under a second while real articles (a few thousand) are whole.
MAX_TAGS = 40_000
# libxml2 drops everything nested deeper than about 2,500 levels (a 100,000-deep page came back without its
# text): start tags past this depth are removed (and their end tags), which keeps their text in place.
MAX_DEPTH = 1000
# At most this many tags are looked at in all (kept or removed): the walk stays linear and bounded.
_MAX_SCANNED = 250_000
_TAG = re.compile(r"<(/?)([a-zA-Z][\w:-]{0,40})(?=[\s/>])[^<>]*>")
_VOID = frozenset("area base br col embed hr img input keygen link meta param source track wbr".split())
_IMPLIED_END = frozenset("p li dt dd tr td th option".split())  # a second one closes the first


_NOT_PAGE_ENCODINGS = {"undefined", "punycode", "idna", "utf-7", "raw-unicode-escape", "unicode-escape"}


def _lookup(name: str | None) -> str | None:
    if not name:
        return None
    try:
        codec = codecs.lookup(name.strip().strip("\"'"))
    except (LookupError, ValueError):
        return None
    # Only real text encodings: "undefined", "punycode", "idna", "rot13" and friends either raise or are
    # not text, and WHATWG forbids utf-7 (it turns "+2AA-" into lone surrogates that lxml stops at).
    if not getattr(codec, "_is_text_encoding", True) or codec.name in _NOT_PAGE_ENCODINGS:
        return None
    # WHATWG: pages labelled latin-1/ascii are decoded as windows-1252.
    if codec.name in ("latin-1", "iso8859-1", "ascii"):
        return "cp1252"
    # A page cannot really be UTF-16 when a <meta> in it was readable as ASCII.
    return codec.name


def decode_html(data: bytes, charset: str | None = None) -> str:
    """Decode page bytes to text; never raises (undecodable bytes become U+FFFD)."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(name, errors="replace")
    if not data.isascii():
        # Bytes that are valid UTF-8 beyond ASCII are UTF-8 whatever the label says: text in a legacy
        # charset (cp1252 "für" is 66 FC 72) almost never forms valid multi-byte sequences, while pages
        # converted to UTF-8 keep their old `<meta charset=iso-8859-1>` and servers still send the
        # ISO-8859-1 default of RFC 2616; honouring such a label turns every "ü" into "Ã¼".
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass
    candidates: list[str] = []
    for label in (charset, _meta_charset(data)):
        found = _lookup(label)
        if found and found not in candidates and not found.startswith("utf-16"):
            candidates.append(found)
    for codec in candidates:
        try:
            return data.decode(codec)
        except (UnicodeError, LookupError):
            continue
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # Mostly-valid UTF-8 with a few bad bytes stays UTF-8; otherwise it is the web's usual mislabel, cp1252.
    lenient = data.decode("utf-8", errors="replace")
    bad = lenient.count("\ufffd")
    if sum(1 for c in lenient if c > "\x7f") > 2 * bad:
        return lenient
    return data.decode("cp1252", errors="replace")


def _meta_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:_SNIFF_BYTES])
    return match.group(1).decode("ascii", "replace") if match else None


def check_text(data: bytes | str) -> None:
    """Refuse data that is not text: NUL bytes or many control characters mean an image, a PDF, a zip…;
    and a feed document (RSS, Atom, JSON Feed), which is text but no page: its XML would read as one
    paragraph of run-together titles and addresses."""
    if isinstance(data, bytes) and data.startswith(_MAGIC):
        raise ExtractError("the page is binary data (an image, archive or PDF), not HTML")
    if isinstance(data, bytes) and data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return  # UTF-16 with a byte order mark: its NULs are text

    head = data[:_SNIFF_BYTES]
    text = head.decode("utf-8", "replace") if isinstance(head, bytes) else head
    if _FEED_START.match(text) or (text.lstrip("\ufeff \t\r\n").startswith("{") and _JSON_FEED in text):
        raise ExtractError("the address serves a feed, not a web page: subscribe to it")
    sample = head.decode("latin-1") if isinstance(head, bytes) else head
    # A stray NUL or escape is noise that the text cleaners remove; many of them mean binary data.
    controls = len(_BINARY_CONTROLS.findall(sample)) if sample else 0
    if controls > max(16, len(sample) // 10):
        raise ExtractError("the page is binary data, not HTML")
    # Fewer controls, but bytes that are not UTF-8 either: random or compressed data, not a hostile page.
    if controls > max(16, len(sample) // 50) and isinstance(head, bytes):
        invalid = len(head) - len(head.decode("utf-8", "ignore").encode("utf-8"))
        if invalid > len(head) // 20:
            raise ExtractError("the page is binary data, not HTML")


def tame_markup(html: str) -> str:
    """Cut the input to the size caps and shrink pathological tags and nesting, all in linear time."""
    return tame(html)[0]


def tame(html: str) -> tuple[str, str | None]:
    """`tame_markup`, and a note for the reader when the page had to be cut (else None)."""
    note = None
    if len(html) > MAX_HTML_CHARS:
        cut = html.rfind("<", MAX_HTML_CHARS - 100_000, MAX_HTML_CHARS)
        html = html[: cut if cut > 0 else MAX_HTML_CHARS]
        note = f"The page was cut at {MAX_HTML_CHARS:,} characters: the end of the article may be missing"
    if "\x00" in html:
        html = html.replace("\x00", "")
    html, cut_at_tags = _cap_tags(html)
    if cut_at_tags:
        note = f"The page was cut at {MAX_TAGS:,} tags: the end of the article may be missing"
    return _LONG_TAG.sub(_shrink_tag, html), note


def _cap_tags(html: str) -> tuple[str, bool]:
    """Remove start tags nested deeper than MAX_DEPTH (with their end tags), and cut the page after MAX_TAGS
    kept tags; True when it was cut. The nesting is tracked as the parser would, roughly: void elements
    never open, a second <p> or <li> closes the first, an end tag closes what it matches."""
    if not _may_cap(html):
        return html, False  # most pages: nothing to remove or cut, known without building the new text
    return _cap_walk(html)


def _cap_walk(html: str) -> tuple[str, bool]:
    """`_cap_tags`'s walk, building the kept text."""
    stack: list[str] = []
    removed: dict[str, int] = {}
    pieces: list[str] = []
    last = kept = 0
    for scanned, match in enumerate(_TAG.finditer(html)):
        if kept >= MAX_TAGS or scanned >= _MAX_SCANNED:
            pieces.append(html[last : match.start()])
            return "".join(pieces), True
        name = match.group(2).lower()
        if name in _VOID or match.group(0).endswith("/>"):
            kept += 1
            continue
        if not match.group(1):  # a start tag
            if stack and name in _IMPLIED_END and stack[-1] == name:
                stack.pop()
            if len(stack) >= MAX_DEPTH:
                removed[name] = removed.get(name, 0) + 1
                pieces.append(html[last : match.start()])
                last = match.end()
                continue
            stack.append(name)
        elif stack and stack[-1] == name:
            stack.pop()
        elif removed.get(name):
            removed[name] -= 1
            pieces.append(html[last : match.start()])
            last = match.end()
            continue
        elif name in stack:
            while stack.pop() != name:
                pass
        kept += 1
    if not pieces:
        return html, False
    pieces.append(html[last:])
    return "".join(pieces), False


def _may_cap(html: str) -> bool:
    """Whether `_cap_tags` could remove or cut anything: the same walk over names alone (no match objects,
    no pieces). It reads a self-closing `<x/>` as a start tag, so its nesting is never shallower than the
    real walk's: False means the page is kept whole."""
    tags = _TAG.findall(html)
    if len(tags) >= min(MAX_TAGS, _MAX_SCANNED):
        return True
    stack: list[str] = []
    for end, raw in tags:
        name = raw.lower()
        if name in _VOID:
            continue
        if not end:
            if stack and stack[-1] == name and name in _IMPLIED_END:
                stack.pop()
            if len(stack) >= MAX_DEPTH:
                return True
            stack.append(name)
        elif name in stack:
            while stack.pop() != name:
                pass
    return False


def _shrink_tag(match: re.Match[str]) -> str:
    attrs = []
    for i, attr in enumerate(_ATTR.finditer(match.group(2), 0, 20_000)):
        if i >= _MAX_ATTRS:
            break
        attrs.append(attr.group(0))
    return f"<{match.group(1)} {' '.join(attrs)}>"
