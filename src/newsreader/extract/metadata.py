"""Title, byline, date and site name from JSON-LD, meta tags and markup.

Structured data is what publishers maintain for search engines and social cards, so it is trusted before
visible markup; visible markup (`<time>`, `rel=author`, `.byline`) fills the gaps. The title loses a site
suffix ("Title | Site") because the reader shows the site separately.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from lxml import html as lhtml

from newsreader.text import clean_line

_ARTICLE_TYPES = re.compile(r"article|posting|report|blog|newsarticle|webpage|review", re.I)
_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|»|/|·|•)\s+")
_BYLINE_PREFIX = re.compile(r"^(?:by|von|por|par|door|di)\s+", re.I)
_MAX_JSONLD = 2_000_000
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
    raw_title = _first(
        ld.get("headline"),
        metas.get("dc:title"),
        metas.get("dcterm:title"),
        metas.get("og:title"),
        metas.get("twitter:title"),
        metas.get("parsely-title"),
        _title_element(doc),
    )
    h1 = _h1(doc)
    byline = _first(
        ld.get("author"),
        metas.get("dc:creator"),
        metas.get("dcterm:creator"),
        metas.get("author"),
        metas.get("parsely-author"),
        _nonurl(metas.get("article:author")),
        _byline_markup(doc),
    )
    published = _first(
        *(
            normalize_date(v)
            for v in (
                ld.get("date"),
                metas.get("article:published_time"),
                metas.get("parsely-pub-date"),
                metas.get("og:published_time"),
                metas.get("dc:date"),
                metas.get("dcterm:created"),
                metas.get("date"),
                metas.get("pubdate"),
                metas.get("publish-date"),
                metas.get("sailthru.date"),
                _time_markup(doc),
            )
        )
    )
    return Meta(
        title=strip_site_suffix(raw_title, site, h1) if raw_title else h1,
        byline=_BYLINE_PREFIX.sub("", byline) if byline else None,
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
            return clean_line(value, max_len=500) or None
    return None


def _nonurl(value: str | None) -> str | None:
    return None if value and value.startswith(("http:", "https:", "/")) else value


def _meta_tags(doc: lhtml.HtmlElement) -> dict[str, str]:
    """name/property -> content; the first occurrence wins; space-separated keys each count."""
    out: dict[str, str] = {}
    for el in doc.iter("meta"):
        content = el.get("content")
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


def _h1(doc: lhtml.HtmlElement) -> str | None:
    for el in doc.iter("h1"):
        text = clean_line(el.text_content())
        if text:
            return text
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
    """headline/author/date/site/image from the first article-like JSON-LD object (incl. @graph)."""
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
            if _ARTICLE_TYPES.search(" ".join(_as_list(obj.get("@type")))):
                return _ld_fields(obj)
    return {}


def _ld_objects(data: Any, depth: int) -> list[dict[str, Any]]:
    if depth > 4:
        return []
    if isinstance(data, list):
        return [o for item in data[:50] for o in _ld_objects(item, depth + 1)]
    if isinstance(data, dict):
        return [data, *_ld_objects(data.get("@graph"), depth + 1)]
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
    found = [_ld_name(a) for a in (authors if isinstance(authors, list) else [authors])]
    names = [n for n in found if n]
    if names:
        out["author"] = ", ".join(names[:5])
    for key in ("datePublished", "dateCreated", "uploadDate"):
        if isinstance(obj.get(key), str):
            out["date"] = obj[key]
            break
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


def _byline_markup(doc: lhtml.HtmlElement) -> str | None:
    for el in doc.xpath(
        '(//*[@rel="author"] | //*[@itemprop="author"] | //*[contains(@class,"byline")]'
        ' | //*[contains(@class,"author-name")])[position() <= 10]'
    ):
        if not isinstance(el, lhtml.HtmlElement):
            continue
        name_el = el.find('.//*[@itemprop="name"]')
        text = clean_line((name_el if name_el is not None else el).text_content())
        if 2 < len(text) < 80:
            return text
    return None


def _time_markup(doc: lhtml.HtmlElement) -> str | None:
    for el in doc.xpath('(//time[@datetime] | //*[@itemprop="datePublished"])[position() <= 5]'):
        if isinstance(el, lhtml.HtmlElement):
            value = el.get("datetime") or el.get("content")
            if value and normalize_date(value):
                return value
    return None


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

    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
