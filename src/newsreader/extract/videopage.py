"""Pages whose content is one video: a YouTube watch page, a news site's video page, a conference's talk.

Such a page has little running text a reader view can find (the player is a script, the description sits
in generated markup or only in metadata), yet it says what a reader wants in its metadata: the title, the
channel or author, the date and the description, in a schema.org `VideoObject` (JSON-LD or microdata) or
Open Graph (`og:type` `video.*`, `og:description`). A video page is one that says it is (`og:type`
`video.*`), or one with a `VideoObject` and no article or web page object (an article with a video in it
stays an article).

Its article is then "Video: <title>" - the line every player gets (`embeds.media_line`), linking to what
plays it: the file (`contentUrl`), else the page of its player (`embedUrl`), else the page itself -
followed by the body found in the page, or, where that is weak and lacks the description, the
description.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from lxml import html as lhtml

from newsreader.extract.embeds import is_media_line, media_line, player_page
from newsreader.models import Block, Paragraph, block_text
from newsreader.text import clean_text
from newsreader.urls import absolutize

VIDEO_TYPE = re.compile(r"(?:^|\W)VideoObject$", re.I)
# The schema.org types of an article or a web page (JSON-LD `@type`, a microdata `itemtype`): a page holding
# one is an article or a page with a video in it, not a video page.
ARTICLE_TYPES = re.compile(r"article|posting|report|blog|newsarticle|webpage|review", re.I)
_MAX_DESCRIPTION = 20_000
_PARAGRAPHS = re.compile(r"\n\s*\n")


@dataclass(slots=True)
class VideoPage:
    """What a video page's metadata says about its video."""

    description: str
    files: list[Any]  # the file's addresses as written (`contentUrl`), resolved against the page when used
    players: list[Any]  # its player's (`embedUrl`, `og:video`), likewise


def video_page(
    doc: lhtml.HtmlElement, metas: dict[str, str], ld_video: dict[str, Any] | None, ld_page: bool
) -> VideoPage | None:
    """The page's video when the page is a video page (module docstring), else None. `ld_page`: the
    page's JSON-LD also describes an article or a web page (then only `og:type` can say it is a video's)."""
    og_type = (metas.get("og:type") or "").strip().lower()
    if og_type == "article" or (ld_page and not og_type.startswith("video")):
        return None
    item = _microdata_video(doc)
    if not og_type.startswith("video") and ((ld_video is None and item is None) or _microdata_article(doc)):
        return None
    ld = ld_video or {}
    description = _first_text(
        ld.get("description"),
        (item or {}).get("description"),
        metas.get("og:description"),
        metas.get("twitter:description"),
        metas.get("description"),
    )
    files = [ld.get("contentUrl"), (item or {}).get("contenturl")]
    players = [
        ld.get("embedUrl"),
        (item or {}).get("embedurl"),
        metas.get("og:video:secure_url"),
        metas.get("og:video:url"),
        metas.get("og:video"),
    ]
    return VideoPage(description=description, files=files, players=players)


def video_blocks(
    video: VideoPage, title: str | None, blocks: list[Block], page_url: str, base: str, *, weak: bool
) -> list[Block]:
    """The article of a video page: its "Video:" line first (unless the body has one), then the body found
    on the page, or the description where that body is `weak` and does not hold it. The video's address
    is resolved against `base` (the page's `<base>`, else its URL), as the page's links are."""
    line: list[Block] = []
    if not any(is_media_line(b, "video") for b in blocks):
        line = [media_line("video", title, _play_url(video.files, video.players, base) or page_url)]
    paragraphs = [p for p in (clean_text(t) for t in _PARAGRAPHS.split(video.description)) if p]
    if not weak or not paragraphs:
        return line + blocks
    shown = " ".join(" ".join(block_text(b).split()) for b in blocks).casefold()
    if " ".join(paragraphs[0].split()).casefold() in shown:
        return line + blocks
    return line + [Paragraph(p, []) for p in paragraphs]


def _first_text(*values: Any) -> str:
    for value in values:
        if isinstance(value, str) and value.strip():
            return clean_text(html.unescape(value), max_len=_MAX_DESCRIPTION)
    return ""


def _play_url(files: list[Any], players: list[Any], base: str) -> str | None:
    """A media file, else the page that plays the player, else the player."""
    for raw in files:
        if isinstance(raw, str) and (url := absolutize(raw, base)):
            return url
    for raw in players:
        if isinstance(raw, str) and (url := absolutize(raw, base)):
            return player_page(url) or url
    return None


def _microdata_video(doc: lhtml.HtmlElement) -> dict[str, str] | None:
    """The first microdata `VideoObject`'s own properties (lower-cased names), or None."""
    for scope in doc.xpath("//*[@itemscope][contains(@itemtype, 'VideoObject')]"):
        if not isinstance(scope, lhtml.HtmlElement) or not VIDEO_TYPE.search(scope.get("itemtype") or ""):
            continue
        props: dict[str, str] = {}
        for el in scope.iterdescendants():
            name = (el.get("itemprop") or "").lower() if isinstance(el.tag, str) else ""
            if name and name not in props and _owner(el) is scope:
                value = el.get("content") or el.get("href") or el.get("src") or el.text_content()
                if value and value.strip():
                    props[name] = value.strip()
        return props
    return None


def _owner(el: lhtml.HtmlElement) -> lhtml.HtmlElement | None:
    """The item a property belongs to: its nearest `itemscope` ancestor."""
    return next((a for a in el.iterancestors() if a.get("itemscope") is not None), None)


def _microdata_article(doc: lhtml.HtmlElement) -> bool:
    """Whether a microdata item is an article or a web page (its type's name, not the vocabulary's host)."""
    return any(
        ARTICLE_TYPES.search(" ".join(t.rsplit("/", 1)[-1] for t in (el.get("itemtype") or "").split()))
        for el in doc.xpath("//*[@itemscope][@itemtype]")
        if isinstance(el, lhtml.HtmlElement)
    )
