"""Title, byline, date and site name from JSON-LD, meta tags and markup.

Structured data is what publishers maintain for search engines and social cards, so it is trusted before
visible markup; visible markup (`<time>`, `rel=author`, `.byline`) fills the gaps. The title loses a site
suffix ("Title | Site") because the reader shows the site separately.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from itertools import islice
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from lxml import html as lhtml

from newsreader.text import TITLE, clean_line

Element = lhtml.HtmlElement

_ARTICLE_TYPES = re.compile(r"article|posting|report|blog|newsarticle|webpage|review", re.I)
_PAGE_TYPES = re.compile(r"(?:\w+)?webpage", re.I)
_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|»|/|·|•)\s+")
# "By", "Von", "Par", "Por", "Door", "Di", "Af"/"Av" (Nordic), "Text:", "Autor:", "Written by" …
_BYLINE_PREFIX = re.compile(
    r"^(?:(?:written|words|text|story|reporting)\s+by|by|von|por|par|door|di|af|av|de|van|"
    r"text|autor(?:in)?|author|auteur|texto|tekst)\b[\s:]*",
    re.I,
)
# Where the names end: a separator before dates, roles, places, "Updated …", social handles.
_GLUED_BY = re.compile(r"^(?:By|BY|Von|Par|Por)(?=[A-ZÀ-Þ][a-zà-ÿ])")
# Where the names end: a separator before dates, roles, places, "Updated …", social handles, a word with
# digits in it (names have none), a parenthesis.
_BYLINE_CUT = re.compile(
    r"\s+[|/•·]\s*|\s+[-–—]\s+|@\w|\(|\b(?:updated|published|posted|last updated|aktualisiert|stand|"
    r"more stories by|see full bio|full bio|bio|follow|twitter|facebook|mis à jour|publié|email)\b|"
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d|\s\d|(?<=[^\W\d])\d",
    re.I,
)
_BYLINE_TAIL = re.compile(r"(?:,\s*)?\b(?:senior|staff|contributing|chief)\b.*$|\s+(?:on|at|am|le|el)$", re.I)
_MAX_BYLINE = 100
_INITIALS = re.compile(r"\b[A-Z]\.")
_DOMAIN = re.compile(r"\.(?:com|de|co|org|net|fr|es|it|uk|at|ch|nl|jp|tr|no|se)\b")
_AUTHOR_HREF = re.compile(
    r"/(?:author|authors|autor|autoren|auteur|people|person|profile|staff|journalist|by)/"
)
_OTHER_STORY = re.compile(
    r"related|recommend|teaser|more-from|morefrom|read-next|readnext|most-|popular|trending|sidebar|"
    r"comment|card|promo|widget|footer|nav"
)
_BYLINE_ATTR = re.compile(r"byline|author-?name|author(?!-?bio)", re.I)
_BYLINE_TEXT_TAGS = ("p", "div", "span", "address", "strong", "b", "em", "small", "h5", "h6")
_MAX_JSONLD = 2_000_000
_MAX_H1S = 4
_MIN_CONTAINED = 16
_SAME_TITLE = 0.6
_MIN_TITLE_WORDS = 3
_WORDS = re.compile(r"\w+")
_MOJIBAKE = re.compile(
    "[\u00c2\u00c3][\u0080-\u00bf\u2018-\u201e\u2020-\u2122\u0152\u0153\u0160\u0161\u0178\u017d\u017e]"
)
_MAX_BODY = 500_000


@dataclass(slots=True)
class Meta:
    title: str | None = None
    byline: str | None = None
    published: str | None = None
    site_name: str | None = None
    image: str | None = None
    image_alt: str | None = None
    h1: str | None = None
    article_body: str | None = None


def read_metadata(doc: lhtml.HtmlElement) -> Meta:
    """Collect metadata from the whole (uncleaned) document."""
    metas = _meta_tags(doc)
    ld = _json_ld(doc)
    site = _first(ld.get("site"), metas.get("og:site_name"), metas.get("application-name"))
    titles = [
        ld.get("headline"),
        metas.get("dc:title"),
        metas.get("dcterm:title"),
        metas.get("og:title"),
        metas.get("twitter:title"),
        metas.get("parsely-title"),
        _title_element(doc),
    ]
    raw_title = _first(*titles)
    h1s = _h1s(doc)
    h1 = h1s[0] if h1s else None
    byline = _choose_byline(
        ld,
        [
            metas.get("dc:creator"),
            metas.get("dcterm:creator"),
            _nonurl(metas.get("article:author")),  # about the article; "author" is often site-wide
            metas.get("parsely-author"),
            metas.get("author"),
        ],
        site,
        doc,
    )
    published = _choose_date(
        [
            ld.get("date"),
            metas.get("article:published_time"),
            metas.get("parsely-pub-date"),
            metas.get("og:published_time"),
            metas.get("dc:date"),
            metas.get("dcterm:created"),
            metas.get("date"),
            metas.get("pubdate"),
            metas.get("publish-date"),
            metas.get("publishdate"),
            metas.get("publish_date"),
            metas.get("datepublished"),
            metas.get("sailthru.date"),
            _time_markup(doc),
        ]
    )
    published = published or _visible_date(doc)
    return Meta(
        title=_visible_title(h1s, titles, site)
        or (strip_site_suffix(raw_title, site, h1) if raw_title else h1),
        byline=byline,
        published=published,
        site_name=site,
        image=_first(ld.get("image"), metas.get("og:image"), metas.get("twitter:image")),
        image_alt=_first(metas.get("og:image:alt"), metas.get("twitter:image:alt")),
        h1=h1,
        article_body=ld.get("body"),
    )


def _first(*values: str | None) -> str | None:
    for value in values:
        if value and value.strip():
            return clean_line(_unescape(value), max_len=TITLE) or None
    return None


def _unescape(value: str) -> str:
    """JSON-LD is script text, so its entities are still encoded; meta values are often encoded twice,
    and now and then UTF-8 read as cp1252 ("fÃ¼r")."""
    if "&" in value:
        value = html.unescape(value)
    if _MOJIBAKE.search(value):
        try:
            value = value.encode("cp1252").decode("utf-8")
        except UnicodeError:
            pass
    return value


def _nonurl(value: str | None) -> str | None:
    return None if value and value.startswith(("http:", "https:", "/")) else value


def _meta_tags(doc: lhtml.HtmlElement) -> dict[str, str]:
    """name/property -> content; the first occurrence wins; space-separated keys each count.

    Some pages (and saved copies of pages) put the value in `value=` instead of `content=`; it is read the
    same way when `content` is missing.
    """
    out: dict[str, str] = {}
    for el in doc.iter("meta"):
        content = el.get("content") or el.get("value")
        if not content:
            continue
        keys = f"{el.get('property') or ''} {el.get('name') or ''} {el.get('itemprop') or ''}"
        for key in keys.lower().split():
            key = key.replace("dc.", "dc:").replace("dcterms.", "dcterm:").replace("dcterms:", "dcterm:")
            out.setdefault(key, content)
    return out


def _title_element(doc: lhtml.HtmlElement) -> str | None:
    el = doc.find(".//title")
    return el.text_content() if el is not None else None


def _h1s(doc: lhtml.HtmlElement) -> list[str]:
    out = []
    for el in doc.iter("h1"):
        text = clean_line(el.text_content())
        if text:
            out.append(text)
            if len(out) == _MAX_H1S:
                break
    return out


def _visible_title(h1s: list[str], titles: list[str | None], site: str | None) -> str | None:
    """The headline where the page's `<h1>` and its metadata agree on it.

    Metadata titles carry site names ("Story | Site"), the `<h1>` sometimes a kicker ("Topic: Story"):
    the headline is the text both give, an `<h1>` equal to a metadata title, an `<h1>` that a metadata
    title extends, or a metadata title that an `<h1>` extends. An unrelated `<h1>` (a logo) never wins.
    """
    metas = [clean_line(_unescape(t)) for t in titles if t and t.strip()]
    stripped = [strip_site_suffix(m, site, h1s[0] if h1s else None) for m in metas]
    for h1 in h1s:
        if h1 in metas or h1 in stripped:
            return h1
    for h1 in h1s:
        for meta in stripped:
            if len(meta) >= _MIN_CONTAINED and meta in h1:
                return meta
            if len(h1) >= _MIN_CONTAINED and h1 in meta:
                return h1
    # Reworded for search engines ("Topic: Story" vs "Story told otherwise"): most words shared.
    meta_words = [set(_WORDS.findall(m.casefold())) for m in stripped]
    for h1 in h1s:
        mine = set(_WORDS.findall(h1.casefold()))
        if len(mine) < _MIN_TITLE_WORDS or h1.casefold() == (site or "").casefold():
            continue
        if any(w and len(mine & w) >= _SAME_TITLE * min(len(mine), len(w)) for w in meta_words):
            return h1
    return None


def strip_site_suffix(title: str, site: str | None, h1: str | None) -> str:
    """ "Story | Site" -> "Story"; keep titles whose separator is part of the headline."""
    parts = _SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    site_key = (site or "").casefold()
    if site_key:
        kept = [p for p in parts if p.casefold() != site_key]
        if len(kept) < len(parts) and kept:
            return _join_like(title, kept)
    if h1:
        for i in range(len(parts), 0, -1):
            candidate = _join_like(title, parts[:i])
            if candidate.casefold() == h1.casefold():
                return candidate
    first, last = parts[0], parts[-1]
    if len(last.split()) <= 4 and len(first.split()) >= 3:
        return _join_like(title, parts[:-1])
    return title


def _join_like(title: str, parts: list[str]) -> str:
    """Rejoin the kept leading parts with the separators the original used."""
    end = title.find(parts[-1]) + len(parts[-1]) if parts else 0
    return title[:end].strip() if end > 0 and title.startswith(parts[0]) else " ".join(parts)


def _json_ld(doc: lhtml.HtmlElement) -> dict[str, str]:
    """headline/author/date/site/image from the page's article in JSON-LD (incl. @graph, mainEntity).

    An Article/NewsArticle/BlogPosting/… object wins over a WebPage around it; what it lacks is filled
    from the other article-like objects in page order.
    """
    found: list[tuple[int, int, dict[str, str]]] = []
    for script in doc.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        raw = (script.text or "").strip()
        if not raw or len(raw) > _MAX_JSONLD:
            continue
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        for obj in _ld_objects(data, 0):
            types = " ".join(_as_list(obj.get("@type")))
            if _ARTICLE_TYPES.search(types):
                rank = 1 if _PAGE_TYPES.fullmatch(types.strip()) else 0
                found.append((rank, len(found), _ld_fields(obj)))
    out: dict[str, str] = {}
    for _, _, fields in sorted(found, key=lambda f: f[:2]):
        if "author" in fields and "author" not in out and "author_org" in fields:
            out["author_org"] = "1"  # the flag goes with the author it describes
        for key, value in fields.items():
            if key != "author_org":
                out.setdefault(key, value)
    return out


def _ld_objects(data: Any, depth: int) -> list[dict[str, Any]]:
    if depth > 4:
        return []
    if isinstance(data, list):
        return [o for item in data[:50] for o in _ld_objects(item, depth + 1)]
    if isinstance(data, dict):
        return [
            data,
            *_ld_objects(data.get("@graph"), depth + 1),
            *_ld_objects(data.get("mainEntity"), depth + 1),
        ]
    return []


def _as_list(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    return [str(value)] if value else []


def _ld_fields(obj: dict[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    headline = obj.get("headline") or obj.get("name")
    if isinstance(headline, str):
        out["headline"] = headline
    authors = obj.get("author")
    found_raw = authors if isinstance(authors, list) else [authors]
    found = [_ld_name(a) for a in found_raw]
    names = [n for n in found if n]
    if names:
        out["author"] = ", ".join(names[:5])
    for key in ("datePublished", "dateCreated", "uploadDate"):
        if isinstance(obj.get(key), str):
            out["date"] = obj[key]
            break
    if any(isinstance(a, dict) and "organization" in str(a.get("@type", "")).lower() for a in found_raw):
        out["author_org"] = "1"
    site = _ld_name(obj.get("publisher"))
    if site:
        out["site"] = site
    body = obj.get("articleBody") or obj.get("text")
    if isinstance(body, str) and body.strip():
        out["body"] = body[:_MAX_BODY]
    image = obj.get("image")
    image = image[0] if isinstance(image, list) and image else image
    image = image.get("url") if isinstance(image, dict) else image
    if isinstance(image, str):
        out["image"] = image
    return out


def _ld_name(value: Any) -> str | None:
    if isinstance(value, str):
        return None if value.startswith(("http:", "https:")) else value
    if isinstance(value, dict) and isinstance(value.get("name"), str):
        return str(value["name"])
    return None


def _choose_byline(ld: dict[str, str], metas: list[str | None], site: str | None, doc: Element) -> str | None:
    """Person names from structured data, else the visible byline, else whatever names a publisher.

    A JSON-LD or meta "author" that is the publisher (an Organization, or the site's own name) loses to
    a visible "By …" line: the reader wants the journalist, and the site name is shown apart anyway.
    """
    publisher = {n.casefold() for n in (site, ld.get("site")) if n}
    weak: list[str | None] = []
    structured = [ld.get("author"), *metas]
    for value in structured:
        name = clean_byline(_unescape(value)) if value else None
        if not name:
            continue
        if (value is ld.get("author") and ld.get("author_org")) or _is_publisher(name, publisher):
            weak.append(name)
            continue
        return name
    return _visible_byline(doc) or _first(*weak)


def _is_publisher(name: str, publisher: set[str]) -> bool:
    key = name.casefold()
    return key in publisher or bool(_DOMAIN.search(key)) or any(key in p or p in key for p in publisher if p)


def clean_byline(text: str | None) -> str | None:
    """The names in a byline: "By A and B | Updated 5 May 2024" -> "A and B"; None when no name is left."""
    if not text:
        return None
    line = clean_line(text)
    for _ in range(2):  # "By" in a label and again in the text: "By by Jane Doe"
        line = _GLUED_BY.sub("", _BYLINE_PREFIX.sub("", line))
    line = _BYLINE_CUT.split(line, maxsplit=1)[0]
    line = _BYLINE_TAIL.sub("", line).strip(" ,;:-–—|/·•")
    line = _BYLINE_PREFIX.sub("", line)
    if not (2 < len(line) <= _MAX_BYLINE) or not any(c.isalpha() for c in line):
        return None
    if sum(c.isdigit() for c in line) > 4 or line.startswith(("http:", "https:", "www.")):
        return None
    return line


def _visible_byline(doc: Element) -> str | None:
    """A byline in the markup: rel/itemprop/class "author"/"byline", or a short "By …" line."""
    for el in _candidates(doc, _is_byline_el):
        if _in_other_story(el):
            continue
        names = _author_links(el)
        if names:
            return names
        name_el = el.find('.//*[@itemprop="name"]')
        raw = (name_el if name_el is not None else el).text_content()
        if len(raw) < 400 and (name := clean_byline(raw)):
            return name
    # Bylines sit near the top: looking no further than this keeps tag floods cheap.
    for el in islice(doc.iter(*_BYLINE_TEXT_TAGS), _MAX_SCAN):
        own = (el.text or "").lstrip()
        if not own or not _BYLINE_PREFIX.match(own) or _in_other_story(el):
            continue
        if not _BYLINE_PREFIX.sub("", clean_line(el.text_content())).strip(" :"):
            parent = el.getparent()  # "<span>By</span> <a>Name</a>"
            el = parent if parent is not None else el
            if names := _author_links(el):
                return names
        raw = el.text_content()
        if len(raw) < 200 and (name := clean_byline(raw)) and name != clean_line(raw) and _names_like(name):
            return name
    return None


def _candidates(doc: Element, test: Callable[[Element], bool]) -> list[Element]:
    out = []
    for el in islice(doc.iter(), _MAX_SCAN):
        if isinstance(el.tag, str) and test(el):
            out.append(el)
            if len(out) == _MAX_CANDIDATES:
                break
    return out


def _is_byline_el(el: Element) -> bool:
    if el.get("rel") == "author" or el.get("itemprop") == "author":
        return True
    sig = f"{el.get('class') or ''} {el.get('data-testid') or ''}"
    return bool(sig.strip()) and bool(_BYLINE_ATTR.search(sig))


def _is_date_el(el: Element) -> bool:
    if el.tag == "time":
        return el.get("datetime") is None
    sig = f"{el.get('class') or ''} {el.get('id') or ''}"
    return bool(sig.strip()) and bool(_DATE_ATTR.search(sig))


def _names_like(text: str) -> bool:
    """Person names: a few words, capitalised where the script has case, no sentence punctuation."""
    words = text.split()
    if not words or len(words) > 12 or any(c in text for c in "!?.:;") and not _INITIALS.search(text):
        return False
    cased = [w for w in words if w[0].isalpha() and w[0].lower() != w[0].upper()]
    upper = sum(1 for w in cased if w[0].isupper())
    return not cased or upper >= max(1, len(cased) // 2)


def _author_links(el: Element) -> str | None:
    names = []
    for a in el.iter("a"):
        href = (a.get("href") or "").lower()
        if a.get("rel") == "author" or _AUTHOR_HREF.search(href):
            name = clean_byline(a.text_content())
            if name and name not in names:
                names.append(name)
    return ", ".join(names[:6]) or None


def _in_other_story(el: Element) -> bool:
    """Inside a teaser card, related list, navigation or footer: the byline of some other page."""
    for anc in el.iterancestors():
        tag = anc.tag if isinstance(anc.tag, str) else ""
        if tag in ("a", "nav", "footer", "aside", "li"):
            return True
        sig = f"{anc.get('class') or ''} {anc.get('id') or ''}".lower()
        if _OTHER_STORY.search(sig):
            return True
        if tag in ("article", "main", "body"):
            return False
    return False


def _choose_date(values: list[str | None]) -> str | None:
    """The first machine date; a day-only one ("2024-04-30") gives way to a later source that has the
    time of the same day."""
    found = [(raw, iso) for raw in values if raw and (iso := normalize_date(raw))]
    if not found:
        return None
    raw, iso = found[0]
    if not _DAY_ONLY.fullmatch(raw.strip()):
        return iso
    day = iso[:10]
    for later_raw, later in found[1:]:
        if not _DAY_ONLY.fullmatch(later_raw.strip()) and later[:10] == day:
            return later
    return iso


_DAY_ONLY = re.compile(r"\d{4}-\d\d-\d\d(?:T00:00(?::00)?)?")


def _time_markup(doc: lhtml.HtmlElement) -> str | None:
    for el in doc.xpath('(//time[@datetime] | //*[@itemprop="datePublished"])[position() <= 5]'):
        if isinstance(el, lhtml.HtmlElement):
            value = el.get("datetime") or el.get("content")
            if value and normalize_date(value):
                return value
    return None


def _visible_date(doc: Element) -> str | None:
    """A date the page gives only as text: in a `<time>`, or a short date/byline/meta element."""
    for el in _candidates(doc, _is_date_el):
        if _in_other_story(el):
            continue
        raw = el.text_content()
        if len(raw) <= _MAX_DATE_TEXT and (found := parse_text_date(raw)):
            return found
    return None


def parse_text_date(text: str) -> str | None:
    """ "April 30, 2024 9:13 AM", "30. April 2024, 14:07 Uhr", "30/04/2024", "2019年4月13日" -> ISO 8601.

    No offset is known from text, so the time is taken as UTC (as for naive machine dates).
    """
    line = " ".join(text.split()).lower()
    for pattern, order in _TEXT_DATES:
        match = pattern.search(line)
        if not match:
            continue
        parts = dict(zip(order, match.groups()[: len(order)], strict=True))
        month = parts["m"]
        month_no = (
            int(month) if month.isdigit() else _MONTHS.get(month.rstrip(".")[:4]) or _MONTHS.get(month[:3])
        )
        year = int(parts["y"])
        year += 2000 if year < 100 else 0
        if not month_no:
            continue
        day = int(parts["d"])
        if month_no > 12 and day <= 12:  # 04/30/2024 written month first
            month_no, day = day, month_no
        after = line[match.end() : match.end() + 32]
        hour, minute = _time_of_day(after)
        try:
            return datetime(year, month_no, day, hour, minute, tzinfo=_zone(after)).isoformat()
        except ValueError:
            continue
    return None


def _zone(text: str) -> tzinfo:
    """The zone named after a clock time ("9:13 AM ET", "14:07 MESZ"); UTC when none is named."""
    match = _ZONE_NAME.search(text)
    if match:
        try:
            return ZoneInfo(_ZONES[match.group(1)])
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return UTC


def _time_of_day(text: str) -> tuple[int, int]:
    match = _CLOCK.search(text)
    if not match:
        return 0, 0
    hour, minute = int(match.group(1)), int(match.group(2))
    if match.group(3) == "p" and hour < 12:
        hour += 12
    elif match.group(3) == "a" and hour == 12:
        hour = 0
    return (hour, minute) if hour < 24 and minute < 60 else (0, 0)


_MONTH_NAMES = {
    1: "january jan januar janvier enero gennaio janeiro januari janv",
    2: "february feb februar février fevrier febrero febbraio fevereiro februari févr",
    3: "march mar märz maerz mars marzo março maart",
    4: "april apr avril abril aprile",
    5: "may mai mayo maggio maio mei",
    6: "june jun juni juin junio giugno junho",
    7: "july jul juli juillet julio luglio julho juil",
    8: "august aug août aout agosto augustus",
    9: "september sep sept septembre septiembre settembre setembro",
    10: "october oct oktober octobre octubre ottobre outubro okt",
    11: "november nov novembre noviembre novembro",
    12: "december dec dezember décembre decembre diciembre dicembre dezembro dez déc",
}
_MONTHS = {
    name[:4] if len(name) > 4 else name: no for no, names in _MONTH_NAMES.items() for name in names.split()
}
_MONTHS.update({name[:3]: no for no, names in _MONTH_NAMES.items() for name in names.split()[:1]})
_MONTH_RE = r"([a-zäéû]{3,10}\.?)"
_TEXT_DATES = (
    (re.compile(r"\b(\d{4})-(\d\d)-(\d\d)\b"), ("y", "m", "d")),
    (re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"), ("y", "m", "d")),
    (re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4}|\d\d)\b"), ("d", "m", "y")),
    (re.compile(rf"\b{_MONTH_RE}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b"), ("m", "d", "y")),
    (
        re.compile(rf"\b(\d{{1,2}})(?:\.|er|st|nd|rd|th)?\s+(?:de\s+)?{_MONTH_RE}\s+(?:de\s+)?(\d{{4}})\b"),
        ("d", "m", "y"),
    ),
)
_CLOCK = re.compile(r"\b(\d{1,2})[:.h](\d\d)\s*(?:([ap])\.?m\.?)?")
_MAX_DATE_TEXT = 120
_ZONES = {
    **dict.fromkeys(("et", "est", "edt"), "America/New_York"),
    **dict.fromkeys(("ct", "cst", "cdt"), "America/Chicago"),
    **dict.fromkeys(("mt", "mst", "mdt"), "America/Denver"),
    **dict.fromkeys(("pt", "pst", "pdt"), "America/Los_Angeles"),
    **dict.fromkeys(("gmt", "utc", "bst"), "Europe/London"),
    **dict.fromkeys(("cet", "cest", "mez", "mesz"), "Europe/Berlin"),
    "ist": "Asia/Kolkata",
    "jst": "Asia/Tokyo",
    "aest": "Australia/Sydney",
}
_ZONE_NAME = re.compile(r"\d\s*(?:[ap]\.?m\.?)?\s*\(?(" + "|".join(_ZONES) + r")\b")
_DATE_ATTR = re.compile(r"date|time|publish|posted|dateline|byline", re.I)
_MAX_CANDIDATES = 30
# Bylines and dates sit in the article header: looking at no more than this many elements keeps tag
# floods cheap while covering the top of every real page (the median page has ~800 elements).
_MAX_SCAN = 3000
_JAVA_DATE = re.compile(r"[A-Z][a-z]{2} ([A-Z][a-z]{2}) (\d\d?) (\d\d:\d\d:\d\d) ([A-Z]{2,4}) (\d{4})")
_DATE_FORMATS = ("%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%d %H:%M:%S%z", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M")


def normalize_date(value: str | None) -> str | None:
    """Any common machine date -> ISO 8601 with offset (UTC when the page gives none)."""
    if not value:
        return None
    text = value.strip()[:64]
    if re.fullmatch(r"\d{4}-\d\d-\d\d", text):
        text += "T00:00:00"
    text = re.sub(r"Z$", "+00:00", text)
    text = re.sub(r"([+-]\d\d)(\d\d)$", r"\1:\2", text)
    parsed: datetime | None
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        parsed = _parse_other(text)
    if parsed is None or not 1990 <= parsed.year <= 2100:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.replace(microsecond=0).isoformat()


def _parse_other(text: str) -> datetime | None:
    from email.utils import parsedate_to_datetime

    if java := _JAVA_DATE.fullmatch(text):  # Java's Date.toString(): "Fri Apr 28 19:20:36 CEST 2023"
        month = _MONTHS.get(java.group(1).lower())
        zone = _ZONES.get(java.group(4).lower())
        if month and zone:
            hour, minute, second = (int(x) for x in java.group(3).split(":"))
            try:
                return datetime(
                    int(java.group(5)), month, int(java.group(2)), hour, minute, second, tzinfo=ZoneInfo(zone)
                )
            except (ValueError, ZoneInfoNotFoundError):
                return None
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
