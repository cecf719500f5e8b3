"""Title, byline, date and site name from JSON-LD, meta tags and markup.

Structured data is what publishers maintain for search engines and social cards, so it is trusted before
visible markup: the JSON-LD article's headline, its Person authors, its `datePublished`. Visible markup (the
`<h1>`, `<time>`, `rel=author`, a "By …" line; see `header`) fills the gaps, and wins where the structured
value is only the publisher's name. The title loses a site suffix ("Title | Site") because the reader shows
the site separately.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from lxml import html as lhtml

from newsreader.dates import FLOATING, choose_date, lang_zone, normalize_date, offset_zone, script_zone
from newsreader.extract.header import ACCOUNT_URL, Header, clean_byline
from newsreader.extract.videopage import ARTICLE_TYPES as _ARTICLE_TYPES
from newsreader.extract.videopage import VIDEO_TYPE, VideoPage, video_page
from newsreader.text import TITLE, clean_line

Element = lhtml.HtmlElement

_PAGE_TYPES = re.compile(r"(?:\w+)?webpage", re.I)
_ORG_TYPES = re.compile(r"organi[sz]ation|corporation|newsmediaorganization", re.I)
_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|»|/|·|•)\s+")
_DOMAIN = re.compile(r"\.(?:com|de|co|org|net|fr|es|it|uk|at|ch|nl|jp|tr|no|se)\b")
_AGENCY = re.compile(r"[A-Z]{2}")
_INNER_PARENS = re.compile(r"[^\W\d][^()\d]*\([^()\d]+\)\s+[^\W\d][^()\d,]*")
_HANDLE = re.compile(r"[a-z0-9_.]+")  # "janedoe": a user name, not how a person is named
_SLUG = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)+")
_MAX_JSONLD = 2_000_000
# An XHTML wrapper around script text ("//<![CDATA[ … //]]>"): not JSON.
_CDATA = re.compile(r"^(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>$")
_MAX_H1S = 4
_MAX_HEADINGS = 20
_MAX_AUTHORS = 20
_ROLE_WORDS = 3
_MIN_CONTAINED = 16
_SAME_TITLE = 0.6
_MIN_TITLE_WORDS = 3
_WORDS = re.compile(r"\w+")
_UNSPACED = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
# The parts of a title, between spaced separators or the unspaced ones of CJK titles ("Story_Site").
_PARTS = re.compile(rf"{_SEPARATORS.pattern}|\s*[_|｜]\s*")
# A kicker before the headline: "Topic: Story", "Topic - Story".
_KICKER = re.compile(rf"\s*:\s+|{_SEPARATORS.pattern}")
_SITE_TAIL = re.compile(r"(.+?\S)\s*[:：_|｜]\s*([^:：_|｜]+)")
_MOJIBAKE = re.compile(
    "[\u00c2\u00c3][\u0080-\u00bf\u2018-\u201e\u2020-\u2122\u0152\u0153\u0160\u0161\u0178\u017d\u017e]"
)
_MAX_BODY = 500_000
# Meta tags that name the article's author (in this order); "author" last, as it is often site-wide.
_AUTHOR_METAS = (
    "dc:creator",
    "dcterm:creator",
    "article:author",
    "parsely-author",
    "sailthru.author",
    "cxenseparse:author",
    "byl",
    "parsely-page",
    "author",
)
# Slack/Twitter card labels ("twitter:label1" "Written by", "twitter:data1" the name; WordPress SEO plugins
# write them on every post): the labels that say the value is the author. It names the account that
# posted, on magazines an editor, so a visible byline comes first.
_AUTHOR_LABELS = frozenset(
    "written by|verfasst von|geschrieben von|écrit par|escrito por|scritto da|geschreven door|"
    "author|autor|auteur|by".split("|")
)
_DATE_METAS = (
    "article:published_time",
    "parsely-pub-date",
    "og:published_time",
    "dc:date",
    "dcterm:created",
    "dcterm:date",
    "date",
    "pubdate",
    "publish-date",
    "publishdate",
    "publish_date",
    "datepublished",
    "sailthru.date",
    "cxenseparse:recs:publishtime",
    "parsely-page",
)
# Other machine dates of the page: they say which offset its clock keeps.
_OTHER_DATE_METAS = ("article:modified_time", "og:updated_time", "datemodified", "last-modified")


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
    video: VideoPage | None = None  # the page is a video page (`videopage`)


@dataclass(slots=True)
class _LD:
    """What the page's JSON-LD says about its article (the article object first, a WebPage after)."""

    headline: str | None = None  # from an Article/NewsArticle/BlogPosting/… object only
    name: str | None = None  # a WebPage's name, a weaker title
    authors: list[tuple[str, bool]] = field(default_factory=list)  # (name, is an organisation)
    date: str | None = None
    modified: str | None = None
    site: str | None = None
    body: str | None = None
    image: str | None = None
    video: dict[str, Any] | None = None  # the first VideoObject
    article: bool = False  # an Article/NewsArticle/BlogPosting/… object was found
    webpage: bool = False  # a WebPage object was found


def read_metadata(doc: lhtml.HtmlElement) -> Meta:
    """Collect metadata from the whole (uncleaned) document."""
    metas = _meta_tags(doc)
    ld = _json_ld(doc)
    video = video_page(doc, metas, ld.video, ld.article or ld.webpage)
    if video is not None and ld.video is not None and not ld.article:
        _ld_fill(ld, {"image": ld.video.get("thumbnailUrl")} | ld.video, article=True)  # it is the article
    site = _first(ld.site, metas.get("og:site_name"), metas.get("application-name"))
    h1s = _h1s(doc)
    title = _choose_title(
        ld, metas, h1s, _title_element(doc), site, lambda: _shown_text(doc), lambda: _headings(doc)
    )
    header = Header(doc, title)
    dates = (metas.get(k) if k != "parsely-page" else _parsely(metas, "pub_date") for k in _DATE_METAS)
    machine = [ld.date, *dates, _time_markup(doc, header)]
    lang = doc.get("lang") or metas.get("og:locale") or metas.get("content-language")
    others = [ld.modified, *(metas.get(k) for k in _OTHER_DATE_METAS)]
    zone = (
        offset_zone([*machine, *others])
        or (lang_zone(lang) if lang else script_zone(f"{title} {h1s[:1]}"))
        or FLOATING
    )
    return Meta(
        title=title,
        byline=_choose_byline(ld, metas, site, header, _citation_authors(doc)),
        published=choose_date(machine, zone) or header.date(zone),
        site_name=site,
        image=_first(ld.image, metas.get("og:image"), metas.get("twitter:image")),
        image_alt=_first(metas.get("og:image:alt"), metas.get("twitter:image:alt")),
        h1=h1s[0] if h1s else None,
        article_body=ld.body,
        video=video,
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


def _meta_tags(doc: lhtml.HtmlElement) -> dict[str, str]:
    """name/property -> content; the first occurrence wins, a `property` over a `name`; space-separated
    keys each count; a card label naming the author ("twitter:label1" "Written by") gives
    "twitter:label-author".

    Some pages (and saved copies of pages) put the value in `value=` instead of `content=`; it is read the
    same way when `content` is missing.
    """
    by_property: dict[str, str] = {}
    by_name: dict[str, str] = {}
    for el in doc.iter("meta"):
        content = el.get("content") or el.get("value")
        if not content:
            continue
        for attr, into in (("property", by_property), ("name", by_name), ("itemprop", by_name)):
            for key in (el.get(attr) or "").lower().split():
                into.setdefault(_meta_key(key), content)
    metas = by_name | by_property
    for n in range(1, 5):
        label = metas.get(f"twitter:label{n}", "").strip().casefold()
        if label in _AUTHOR_LABELS and (name := metas.get(f"twitter:data{n}")):
            metas.setdefault("twitter:label-author", name)
    return metas


def _meta_key(key: str) -> str:
    key = key.replace("dc.", "dc:").replace("dcterms.", "dcterm:").replace("dcterms:", "dcterm:")
    return key.removeprefix("og:") if key.startswith("og:article:") else key


def _citation_authors(doc: lhtml.HtmlElement) -> list[str]:
    """The authors a scholarly page lists in Highwire Press tags (`<meta name="citation_author">`, one
    tag per author, read by Google Scholar), "Doe, Jane" put in reading order."""
    out: list[str] = []
    for el in doc.iter("meta"):
        if (el.get("name") or "").lower() != "citation_author":
            continue
        last, comma, first = (el.get("content") or el.get("value") or "").partition(",")
        name = clean_byline(_unescape(f"{first} {last}" if comma and "," not in first else last))
        if name and name not in out:
            out.append(name)
    return out


def _title_element(doc: lhtml.HtmlElement) -> str | None:
    el = doc.find(".//title")
    return el.text_content() if el is not None else None


def _h1s(doc: lhtml.HtmlElement) -> list[str]:
    out = []
    for el in doc.iter("h1"):
        text = clean_line(_unescape(el.text_content()))
        if text:
            out.append(text)
            if len(out) == _MAX_H1S:
                break
    return out


def _headings(doc: lhtml.HtmlElement) -> list[str]:
    """The texts of the page's first `<h2>`/`<h3>` headings."""
    out = []
    for el in doc.iter("h2", "h3"):
        if text := clean_line(_unescape(el.text_content())):
            out.append(text)
            if len(out) == _MAX_HEADINGS:
                break
    return out


def _parsely(metas: dict[str, str], key: str) -> str | None:
    """A field of Parse.ly's older `parsely-page` meta tag, which holds a JSON object."""
    raw = metas.get("parsely-page")
    try:
        data = json.loads(raw) if raw and raw.lstrip().startswith("{") else None
    except ValueError:
        return None
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


# title ------------------------------------------------------------------------------------------------
def _choose_title(
    ld: _LD,
    metas: dict[str, str],
    h1s: list[str],
    title_el: str | None,
    site: str | None,
    shown: Callable[[], str] = str,
    headings: Callable[[], list[str]] = list,
) -> str | None:
    """The JSON-LD article's headline, else the headline the `<h1>` and the metadata agree on, else the
    leading part of the metadata title that a lower heading shows ("Story_Section_Site" over an `<h2>`
    "Story" where the `<h1>` is the site's logo), else the first metadata title without its site suffix,
    else the `<h1>`.

    A JSON-LD headline the page shows nowhere (one written for search engines) gives way to an `<h1>` that
    a social title repeats: the reader shows the headline the page shows. `shown` gives the page's text,
    `headings` its `<h2>`/`<h3>` texts.
    """
    if ld.headline and (headline := _ld_headline(clean_line(_unescape(ld.headline)), h1s, site)):
        if shown_as := next((h for h in h1s if _quotes_folded(h) == _quotes_folded(headline)), None):
            return shown_as  # the same headline with the page's own quotation marks
        social = [metas.get("og:title"), metas.get("twitter:title"), metas.get("dc:title")]
        agreed = _agreed_h1(h1s, social, site) if headline not in h1s else None
        return agreed if agreed and headline not in shown() else headline
    titles = [
        ld.name,
        metas.get("dc:title"),
        metas.get("dcterm:title"),
        metas.get("og:title"),
        metas.get("twitter:title"),
        metas.get("parsely-title"),
        title_el,
    ]
    h1s = [h for h in h1s if not _site_part(h, titles, headings)]
    h1 = h1s[0] if h1s else None
    raw_title = _first(*titles)
    if visible := _visible_title(h1s, titles, site):
        return visible
    if raw_title and (part := _shown_part(raw_title, headings())):
        return part
    return strip_site_suffix(raw_title, site, h1) if raw_title else h1


def _site_part(h1: str, titles: list[str | None], headings: Callable[[], list[str]]) -> bool:
    """The `<h1>` is one part of a metadata title and another metadata title is another part of it, which
    a lower heading shows ("Blog Name: Story" beside a social title "Story", the blog's name in the
    `<h1>`, the post's title in an `<h3>`): the site's name, not the headline. (A social title that is
    the site's name, "Story | Site" beside "Site", leaves the `<h1>` "Story" the headline.)"""
    given = [clean_line(_unescape(t)).casefold() for t in titles if t and t.strip()]
    key = h1.casefold()
    for title in given:
        parts = [p.strip() for p in _PARTS.split(title)] if key != title else []
        if len(parts) < 2 and (tail := _SITE_TAIL.fullmatch(title)):
            parts = [tail[1].strip(), tail[2].strip()]
        if key in parts and (others := [t for t in given if t in parts and t != key]):
            shown = {clean_line(h).casefold() for h in headings()}
            if any(t in shown for t in others):
                return True
    return False


def _shown_part(title: str, headings: list[str]) -> str | None:
    """The longest leading part of a title with parts ("Story_Section_Site") that a heading shows, if it
    has a headline's worth of words (not an id or a section's name)."""
    parts = _PARTS.split(title)
    shown = set(headings)
    for i in range(len(parts) - 1, 0, -1):
        part = _join_like(title, parts[:i])
        words = [w for w in _title_words(part) if not w.isdigit()]
        if part in shown and len(words) >= _MIN_TITLE_WORDS:
            return part
    return None


# Typographic quotation marks -> straight ones, to tell the same headline written two ways.
_QUOTES = str.maketrans(
    dict.fromkeys("\u2018\u2019\u201a\u201b", "'") | dict.fromkeys("\u201c\u201d\u201e\u201f", '"')
)


def _quotes_folded(text: str) -> str:
    return text.translate(_QUOTES)


def _agreed_h1(h1s: list[str], titles: list[str | None], site: str | None) -> str | None:
    """The `<h1>` that one of `titles` gives too, with or without a site suffix."""
    metas = [clean_line(_unescape(t)) for t in titles if t and t.strip()]
    stripped = [strip_site_suffix(m, site, h1s[0] if h1s else None) for m in metas]
    return next((h1 for h1 in h1s if h1 in metas or h1 in stripped), None)


def _shown_text(doc: lhtml.HtmlElement) -> str:
    """The text of the page's body as a reader sees it (no scripts or styles), on one line."""
    parts = doc.xpath("//body//text()[not(ancestor::script) and not(ancestor::style)]")
    return clean_line(" ".join(str(p) for p in parts), max_len=_MAX_BODY)


def _ld_headline(headline: str, h1s: list[str], site: str | None) -> str | None:
    """The article's headline as its JSON-LD gives it, without a site name ("Story - Site") or a section
    the `<h1>` leaves off ("Story | Sport"); None when it is cut short ("Story:")."""
    parts = _SEPARATORS.split(headline)
    if len(parts) > 1:
        site_key = (site or "").casefold()
        kept = [p for p in parts if p.casefold() != site_key and not _DOMAIN.search(p.casefold())]
        if kept and len(kept) < len(parts):
            headline = _join_like(headline, kept)
        for i in range(1, len(parts)):
            if _join_like(headline, parts[:i]) in h1s:
                return _join_like(headline, parts[:i])
    return None if headline.endswith(":") else headline or None


def _visible_title(h1s: list[str], titles: list[str | None], site: str | None) -> str | None:
    """The headline where the page's `<h1>` and its metadata agree on it.

    Metadata titles carry site names ("Story | Site"), the `<h1>` sometimes a kicker ("Topic: Story"):
    the headline is the text both give, an `<h1>` equal to a metadata title, an `<h1>` that a metadata
    title extends, or a metadata title that an `<h1>` extends. An unrelated `<h1>` never wins, nor a logo
    that only the title's last part names, where the site's name sits ("Story | The Paper Online").
    """
    if agreed := _agreed_h1(h1s, titles, site):
        return agreed
    metas = [clean_line(_unescape(t)) for t in titles if t and t.strip()]
    stripped = [strip_site_suffix(m, site, h1s[0] if h1s else None) for m in metas]
    for h1 in h1s:
        for meta in stripped:
            if len(meta) >= _MIN_CONTAINED and meta in h1:
                return meta
            if len(h1) >= _MIN_CONTAINED and h1 in _without_last_part(meta):
                return h1
    if shared := _shared_after_kickers(h1s, stripped):
        return shared
    # Reworded for search engines ("Topic: Story" vs "Story told otherwise"): most words shared.
    meta_words = [_title_words(_without_last_part(m)) for m in stripped]
    for h1 in h1s:
        mine = _title_words(h1)
        if len(mine) < _MIN_TITLE_WORDS or h1.casefold() == (site or "").casefold():
            continue
        if any(w and len(mine & w) >= _SAME_TITLE * min(len(mine), len(w)) for w in meta_words):
            return h1
    return None


def _shared_after_kickers(h1s: list[str], metas: list[str]) -> str | None:
    """The headline after a kicker where the `<h1>` and a metadata title each put their own kicker before
    it ("Topic - Story" shown, "Other topic: Story" in the social card): the part both give."""
    for h1 in h1s:
        if len(shown := _KICKER.split(h1, maxsplit=1)) < 2 or len(_title_words(shown[1])) < _MIN_TITLE_WORDS:
            continue
        for meta in metas:
            if len(given := _KICKER.split(meta, maxsplit=1)) == 2 and given[1] == shown[1]:
                return shown[1]
    return None


def _without_last_part(title: str) -> str:
    """ "Story - Section | Site" -> "Story - Section"; "Story_Site" -> "Story"; one part stays."""
    parts = _SEPARATORS.split(title)
    if len(parts) > 1:
        return _join_like(title, parts[:-1])
    return tail[1] if (tail := _SITE_TAIL.fullmatch(title)) else title


def _title_words(text: str) -> set[str]:
    """The words of a title; in scripts written without spaces, its pairs of characters."""
    folded = text.casefold()
    if len(_UNSPACED.findall(folded)) * 2 > len(folded):
        chars = "".join(_WORDS.findall(folded))
        return {chars[i : i + 2] for i in range(len(chars) - 1)}
    return set(_WORDS.findall(folded))


def strip_site_suffix(title: str, site: str | None, h1: str | None) -> str:
    """ "Story | Site" -> "Story"; keep titles whose separator is part of the headline."""
    site_key = (site or "").casefold()
    if site_key and (tail := _SITE_TAIL.fullmatch(title)) and tail[2].casefold() == site_key:
        return tail[1]  # "Story:Site", "Story_Site": unspaced separators before the site's own name
    parts = _SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    if site_key:
        kept = [p for p in parts if p.casefold() != site_key]
        if len(kept) < len(parts) and kept:
            return _join_like(title, kept)
    if h1:
        for i in range(len(parts), 0, -1):
            candidate = _join_like(title, parts[:i])
            if candidate.casefold() == h1.casefold():
                return candidate
        if h1.casefold() != site_key and any(p.casefold() == h1.casefold() for p in parts[1:]):
            return h1  # "Artist – Song" over an <h1> "Song": the other parts name something else
    first, last = parts[0], parts[-1]
    if len(last.split()) <= 4 and len(first.split()) >= 3:
        return _join_like(title, parts[:-1])
    return title


def _join_like(title: str, parts: list[str]) -> str:
    """Rejoin the kept leading parts with the separators the original used."""
    end = title.find(parts[-1]) + len(parts[-1]) if parts else 0
    return title[:end].strip() if end > 0 and title.startswith(parts[0]) else " ".join(parts)


# JSON-LD ----------------------------------------------------------------------------------------------
def _json_ld(doc: lhtml.HtmlElement) -> _LD:
    """headline/authors/date/site/image from the page's article in JSON-LD (incl. @graph, mainEntity).

    An Article/NewsArticle/BlogPosting/… object wins over a WebPage around it; what it lacks is filled
    from the other article-like objects in page order.
    """
    found: list[tuple[int, int, dict[str, Any]]] = []
    videos: dict[str, Any] | None = None
    for script in doc.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        raw = _CDATA.sub("", (script.text or "").strip())
        if not raw or len(raw) > _MAX_JSONLD:
            continue
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        for obj in _ld_objects(data, 0):
            types = " ".join(_as_list(obj.get("@type")))
            if _ARTICLE_TYPES.search(types):
                found.append((1 if _PAGE_TYPES.fullmatch(types.strip()) else 0, len(found), obj))
            elif videos is None and any(VIDEO_TYPE.search(t) for t in _as_list(obj.get("@type"))):
                videos = obj
    ranks = {rank for rank, _, _ in found}
    out = _LD(video=videos, article=0 in ranks, webpage=1 in ranks)
    for rank, _, obj in sorted(found, key=lambda f: f[:2]):
        _ld_fill(out, obj, article=rank == 0)
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


def _ld_fill(out: _LD, obj: dict[str, Any], *, article: bool) -> None:
    """Fill what `out` still lacks from one article-like object."""
    headline = obj.get("headline") or obj.get("name")
    if isinstance(headline, str) and headline.strip():
        if article and out.headline is None:
            out.headline = headline
        out.name = out.name or headline
    if not out.authors:
        raw = obj.get("author")
        out.authors = [a for item in (raw if isinstance(raw, list) else [raw]) if (a := _ld_author(item))]
    for key in ("datePublished", "dateCreated", "uploadDate"):
        if out.date is None and isinstance(obj.get(key), str):
            out.date = obj[key]
    if out.modified is None and isinstance(obj.get("dateModified"), str):
        out.modified = obj["dateModified"]
    out.site = out.site or _ld_name(obj.get("publisher"))
    body = obj.get("articleBody") or obj.get("text")
    if out.body is None and isinstance(body, str) and body.strip():
        out.body = body[:_MAX_BODY]
    image = obj.get("image")
    image = image[0] if isinstance(image, list) and image else image
    image = image.get("url") if isinstance(image, dict) else image
    if out.image is None and isinstance(image, str):
        out.image = image


def _ld_author(value: Any) -> tuple[str, bool] | None:
    name = _ld_name(value)
    if not name:
        return None
    is_org = isinstance(value, dict) and bool(_ORG_TYPES.search(" ".join(_as_list(value.get("@type")))))
    # The site's administrator account is no person: what it posts others wrote.
    urls = (str(value.get(k) or "") for k in ("url", "@id")) if isinstance(value, dict) else ()
    account = any(ACCOUNT_URL.search(u) for u in urls)
    return name, is_org or account


def _ld_name(value: Any) -> str | None:
    if isinstance(value, str):
        return None if value.startswith(("http:", "https:")) else value
    if isinstance(value, dict) and isinstance(value.get("name"), str):
        return str(value["name"])
    return None


# byline -----------------------------------------------------------------------------------------------
def _choose_byline(
    ld: _LD, metas: dict[str, str], site: str | None, header: Header, citation: list[str] | None = None
) -> str | None:
    """Person names from structured data, else the visible byline, else whatever names a publisher.

    A JSON-LD or meta "author" that is the publisher (an Organization, the site's own name, a URL slug)
    loses to a visible "By …" line: the reader wants the journalist, and the site name is shown apart.
    The visible byline also wins where it gives the same names in reading order ("Doe, Jane"), and where
    the page shows the structured author as its editor ("Editor: Jane Doe").
    """
    publisher = {n.casefold() for n in (site, ld.site) if n}
    names = [(n, org) for name, org in ld.authors[:_MAX_AUTHORS] if (n := _author_name(name))]
    persons = [n for n, org in names if not org and not _weak_name(n, publisher)]
    # A Person's desk or agency listed with them stays ("Jane Doe, Reuters"); alone, a publisher is weak.
    kept = (n for n, org in names if org or not _SLUG.fullmatch(n))
    structured = [", ".join(dict.fromkeys(kept))] if persons else []
    weak = [] if persons else [n for n, _ in names]
    if citation and not persons:  # a paper's authors, one `citation_author` tag each
        structured.append(", ".join(citation[:_MAX_AUTHORS]))
    for key in _AUTHOR_METAS:
        value = metas.get(key) if key != "parsely-page" else _parsely(metas, "author")
        name = (
            clean_byline(_unescape(value))
            if value and not value.startswith(("http:", "https:", "/"))
            else None
        )
        if name and _weak_name(name, publisher):
            weak.append(name)
        elif name:
            structured.append(name)
    if structured and "," not in structured[0]:
        if not header.labels_editor(structured[0]):
            return structured[0]
        # The page names the structured "author" as its editor ("Editor: Jane Doe"): the writer it shows
        visible = _without_publisher(header.byline(), publisher)
        return visible if visible and visible.casefold() != structured[0].casefold() else structured[0]
    visible = _without_publisher(header.byline(), publisher)
    if structured:  # "Doe, Jane": the page may show the same names in reading order
        return visible if visible and _same_words(visible, structured[0]) else structured[0]
    label = metas.get("twitter:label-author")
    shown = [n for n in (visible, clean_byline(_unescape(label)) if label else None) if n]
    # A name the story opens with beats a byline that is only the publisher's ("By The Paper"); where
    # nothing names even a publisher, a bold opening line is a label or a dateline ("Key Takeaways").
    if person := next((n for n in shown if not _weak_name(n, publisher)), None):
        return person
    if (shown or weak) and (person := header.lead_name()):
        return person
    if agency := header.agency_line():  # a story the publisher credits to a news agency
        return agency
    if not shown and not weak and (name := header.dateline_name()):
        return name
    return next(iter(shown), None) or _first(*weak)


def _without_publisher(byline: str | None, publisher: set[str]) -> str | None:
    """ "Jane Doe, MDR THÜRINGEN" -> "Jane Doe": the site is shown apart; a byline that is only the
    publisher stays."""
    if not byline or not publisher:
        return byline
    parts = byline.split(", ")
    kept = [
        p
        for p in parts
        if p.casefold() not in publisher and publisher.isdisjoint(_WORDS.findall(p.casefold()))
    ]
    return ", ".join(kept) if kept and len(kept) < len(parts) else byline


def _author_name(name: str) -> str | None:
    """One structured author's name: "Jane Doe (jd)" -> "Jane Doe"; "Jane Doe, Professor of …, Site" ->
    "Jane Doe"; "Jane (Mary Ann) Doe" stays whole."""
    text = _unescape(name).strip()
    if _AGENCY.fullmatch(text):  # "AP", "DW": too short for a visible byline, a name here
        return text
    first, _, rest = text.partition(",")
    if sum(w[0].islower() for w in rest.split()) >= _ROLE_WORDS:  # "professor of harbour studies"
        text = first
    if _INNER_PARENS.fullmatch(text):  # "Jane (Mary Ann) Doe": a name in brackets inside the name
        return clean_line(text)
    return clean_byline(text)


def _weak_name(name: str, publisher: set[str]) -> bool:
    """The publisher's own name, a domain, or a URL slug ("jane-doe") rather than a person's name."""
    key = name.casefold()
    if key in publisher or _DOMAIN.search(key) or _SLUG.fullmatch(name) or _HANDLE.fullmatch(name):
        return True
    return any(key in p or p in key for p in publisher if p)


def _same_words(a: str, b: str) -> bool:
    return a != b and sorted(_WORDS.findall(a.casefold())) == sorted(_WORDS.findall(b.casefold()))


# dates ------------------------------------------------------------------------------------------------
def _time_markup(doc: lhtml.HtmlElement, header: Header) -> str | None:
    """The first machine date in the markup that is the story's own: `<time datetime>`, schema.org
    `itemprop=datePublished`, another element with a `datetime` attribute, or a `<time>` that keeps its
    machine date in a `data-` attribute (`data-published="2016-12-09 09:13:00Z"`)."""
    for el in doc.xpath(_MACHINE_DATES):
        if isinstance(el, lhtml.HtmlElement) and el.tag not in ("ins", "del"):
            values = [el.get("datetime") or el.get("content")]
            if el.tag == "time":  # a publication date before a change's (`data-modified`, `data-updated`)
                data = [(k, v) for k, v in el.attrib.items() if k.startswith("data-")]
                values += [v for k, v in sorted(data, key=lambda kv: _LATER_DATE.search(kv[0]) is not None)]
            value = next((v for v in values if v and normalize_date(v)), None)
            if value and not header.in_other_story(el):
                return value
    return None


_LATER_DATE = re.compile(r"modif|updat|edit|chang", re.I)
_MACHINE_DATES = (
    '(//*[@datetime] | //*[@itemprop="datePublished"] | //time[@*[starts-with(name(), "data-")]])'
    "[position() <= 8]"
)
