"""Embedded social posts (X/Twitter, Instagram, Mastodon, Bluesky, Threads, Facebook, TikTok) as quotes.

Publishers paste each network's embed code: a `<blockquote>` (or a `div` around one) holding the post's
text, the author and a permalink, which the network's script would turn into a card. The script never
runs here, so the quote is read from that markup: the permalink from the embed's data attributes or its
last link to a post URL, the author from the "— Name (@handle)" / "A post shared by …" / "Posted by …"
line or else the handle in the permalink, the date as shown by that link or a `<time>`. Embed UI text
("View this post on Instagram") is not the post.

Some embeds hold no text at all: an `<iframe>` (an Instagram, X, Bluesky, Mastodon, Threads, Facebook or
TikTok post; a YouTube, Vimeo or Dailymotion player; a Spotify, SoundCloud or Apple Podcasts player; a
Datawrapper, Flourish or Infogram chart), an AMP element (`amp-twitter`, `amp-youtube`, …), a "lite" player
(`lite-youtube`), a script embed that writes its frame at run time (Flourish's `div.flourish-embed`,
Infogram's `div.infogram-embed`, Datawrapper's `embed.js` in its `div#datawrapper-vis-ID`) or an HTML5
`<video>`/`<audio>` the page shows (with controls, a poster, a caption or a title).
`mark_frames` turns each into an empty placeholder that carries what its address says (platform,
permalink, the author where the URL holds one, the player's or chart's title) before iframes are removed
with the other junk; the block builder reads the placeholder like any embed. A post becomes a quote with
an empty text; a player or chart a numbered link line "Video: <title>", "Audio: <title>" or
"Chart: <title>" (`media_line`), since none of them is a quote. Without a title of its own, what the
page says about it names it: its caption - of the figure or small box it alone fills, or the caption
element right after its box, found as a picture's is (`figures.caption_of`) - then not shown twice (the
caption keeps only its credits); else the heading that opens the box it alone fills (its own title: the
heading goes, the line says it; never the page's `<h1>`); else a heading right before it, unless the
reader sees that heading right above the line (a reader view shows the heading, then the player: the
heading is not said twice);
else the platform that serves it (the player's network, or the one whose CDN serves the file), else
nothing: the line is the label alone ("Video"), linking what plays - a host's name is no title. One a
`<noscript>` holds counts where the page shows nothing else for its spot; beside the scripted version,
the `<noscript>` (a chart's picture, a player's still) goes.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection
from itertools import chain, islice
from urllib.parse import parse_qs, unquote, urlencode, urlsplit

from lxml import etree

from newsreader.extract.dom import HEADINGS, Element, drop, in_figure, is_hidden, tag_of, text_of
from newsreader.extract.figures import caption_as_name, caption_of
from newsreader.models import Block, Link, Paragraph, Quote, QuoteKind
from newsreader.text import NAME, SHORT, clean_line, clean_text
from newsreader.urls import absolutize, host_of

# (kind, platform, permalink pattern with the author's handle as group 1 where the URL holds it)
_PERMALINKS: tuple[tuple[QuoteKind, str, re.Pattern[str]], ...] = (
    (
        "tweet",
        "X",
        re.compile(r"^https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/(\w+)/status(?:es)?/\d+", re.I),
    ),
    (
        "post",
        "Instagram",
        re.compile(r"^https?://(?:www\.)?instagram\.com/()(?:[\w.]+/)?(?:p|reel|tv)/[\w-]+", re.I),
    ),
    ("post", "Bluesky", re.compile(r"^https?://bsky\.app/profile/([^/?#]+)/post/\w+", re.I)),
    ("post", "Threads", re.compile(r"^https?://(?:www\.)?threads\.(?:net|com)/@([\w.]+)/post/[\w-]+", re.I)),
    (
        "post",
        "Facebook",
        re.compile(r"^https?://(?:www\.|m\.)?facebook\.com/([\w.]+)/(?:posts|videos|photos)/", re.I),
    ),
    (
        "post",
        "Facebook",
        re.compile(r"^https?://(?:www\.|m\.)?facebook\.com/()(?:permalink|story|photo)\.php\?", re.I),
    ),
    ("post", "TikTok", re.compile(r"^https?://(?:www\.)?tiktok\.com/@([\w.]+)/video/\d+", re.I)),
    ("post", "TikTok", re.compile(r"^https?://(?:www\.)?tiktok\.com/()embed/(?:v2/)?\d+", re.I)),
    ("post", "Mastodon", re.compile(r"^https?://[\w.-]+\.[a-z]{2,}/@(\w+)/\d{6,}(?:/embed)?$", re.I)),
)
# Handles a permalink holds that name no one: X's "i/status/ID", Bluesky's DIDs.
_NOT_A_HANDLE = re.compile(r"^(?:i|did:.*)$", re.I)
_PERMALINK_ATTRS = (
    "data-instgrm-permalink",
    "data-text-post-permalink",
    "data-href",
    "cite",
    "data-embed-url",
    "data-url",
)
EMBED_CLASS = re.compile(
    r"twitter-tweet|instagram-media|mastodon-embed|bluesky-embed|text-post-media|fb-post|fb-xfbml|"
    r"tiktok-embed|threads-post|x-post|tweet|mastodon|bluesky",
    re.I,
)
_UI_TEXT = re.compile(
    r"^(?:view (?:this )?(?:post|profile|more) on \w+|view on \w+|see (?:this|more) on \w+|"
    r"a post shared by .*|posted by .*|watch on \w+|follow on \w+|load(?:ing)?\b.*|"
    r"post by @\S+|view full post|open in \w+|\d[\d,.]* likes?)$",
    re.I,
)
# "A post shared by Name (@handle)": the author ends with the handle in brackets (a date may follow with no
# "on"), else at "on <date>".
_SHARED_BY = re.compile(
    r"^(?:a post shared by|posted by)\s+(?:(.{2,80}?\(@[\w.]+\))|(.{2,80}?)(?:\s+on\b.*)?$)", re.I
)
_HANDLE_CITE = re.compile(r"[—–]\s*([^—–\n]{1,80}?\(\s*@[\w.@-]+\s*\))")


def is_embed(el: Element, sig: str) -> bool:
    """An embedded post by its class or by a post permalink in its data attributes."""
    if el.get(_MARK) is not None or EMBED_CLASS.search(sig):
        return True
    return any(_kind_of(absolutize(el.get(a), None) or "") for a in _PERMALINK_ATTRS if el.get(a))


def holds_embed(el: Element) -> bool:
    """A wrapper (WordPress's `<figure class="wp-block-embed">`) around an embed and maybe its caption."""
    for inner in el.iter("blockquote", "div"):
        if inner is not el and is_embed(inner, f"{inner.get('class') or ''} {inner.get('id') or ''}"):
            return True
    return False


def embedded_post(el: Element, base: str | None, shown: Collection[str] = ()) -> Block | None:
    """The post as a Quote with author, date and permalink where the markup carries them; a video player
    marked by `mark_frames` as a numbered link line. `shown`: the headings (casefolded) the reader sees
    right above it, the article's title included - a player's line does not repeat one of them."""
    if (marked := el.get(_MARK)) is not None:
        return _from_mark(el, marked, base, shown)
    url, kind, link = _permalink(el, base)
    if kind is None:
        kind = "tweet" if re.search(r"twitter|tweet|x-post", el.get("class") or "", re.I) else "post"
    paras = [p for p in el.iter("p") if not _UI_TEXT.match(clean_line(p.text_content()))]
    body = [clean_text(" ".join(p.text_content().split())) for p in paras if not _is_byline(p)]
    text = "\n\n".join(t for t in body if t and not _UI_TEXT.match(t))
    whole = clean_line(el.text_content())
    cite = _author(el, whole, link, url)
    if not text:
        # No paragraphs: the text before the "— Name (@handle)" attribution, without the embed's own
        # words ("View this post on Instagram", "A post shared by …"), each in an element of its own. The
        # other pieces are joined as they stand: a link or a bold letter inside a word or before a comma
        # adds no space.
        said = clean_line("".join(p for p in el.itertext() if not _UI_TEXT.match(clean_line(p))))
        head, _, tail = said.partition(cite) if cite else (said, "", "")
        if not head.strip(" —–-") and tail:
            # The author leads ("@name See you in August #tour ♬ original sound - Name", TikTok's embed
            # code): the text follows the name, up to the sound's credit.
            head = re.sub(r"\s*♬.*$", "", tail)
        head = re.sub(r"[—–-]\s*$", "", head).strip()
        text = "" if _UI_TEXT.match(head) else clean_text(head)
    when = _date(el, link)
    if not (text or url):
        return None
    platform = _platform(url) if url else None
    return Quote(text=text, kind=kind, cite=cite or None, date=when, url=url, platform=platform)


def _kind_of(url: str) -> QuoteKind | None:
    for kind, _, pattern in _PERMALINKS:
        if pattern.match(url):
            return kind
    return None


def _platform(url: str) -> str | None:
    return next((name for _, name, pattern in _PERMALINKS if pattern.match(url)), None)


def _permalink(el: Element, base: str | None) -> tuple[str | None, QuoteKind | None, Element | None]:
    """The post's own URL: a data attribute of the embed (or its wrapper), else its last post link."""
    holders = [el, *(a for a in (el.getparent(),) if a is not None)]
    for holder in holders:
        for attr in _PERMALINK_ATTRS:
            raw = holder.get(attr)
            url = absolutize(raw, base) if raw else None
            if url and (kind := _kind_of(url)):
                link = next((a for a in el.iter("a") if _same_post(a.get("href"), url)), None)
                return _clean_permalink(url), kind, link
    found: tuple[str | None, QuoteKind | None, Element | None] = (None, None, None)
    dated: tuple[str | None, QuoteKind | None, Element | None] = (None, None, None)
    for a in el.iter("a"):
        url = absolutize(a.get("href"), base)
        if url and (kind := _kind_of(url)):
            found = (_clean_permalink(url), kind, a)
        elif url and _link_date(a):
            # The embed code's shape on any server: "— Name (@handle) <a href=permalink>date</a>".
            dated = (_clean_permalink(url), None, a)
    return found if found[0] else dated


def _same_post(href: str | None, url: str) -> bool:
    return bool(href) and _clean_permalink(href or "") == _clean_permalink(url)


def _clean_permalink(url: str) -> str:
    """Without embed tracking (`?ref_src=…`, `?utm_source=ig_embed`) and the `/embed` suffix."""
    url = re.sub(r"[?&](?:ref_src|utm_\w+|igsh|igshid|ref|s|t)=[^&#]*", "", url)
    url = re.sub(r"/embed/?$", "", url)
    return url.replace("?&", "?").rstrip("?&")


def _is_byline(p: Element) -> bool:
    text = clean_line(p.text_content())
    return bool(re.match(r"^(?:a post shared by|posted by|post by)\b", text, re.I))


def _author(el: Element, whole: str, link: Element | None, url: str | None) -> str:
    for p in el.iter("p", "a", "span", "div"):
        text = clean_line(p.text_content())
        if m := _SHARED_BY.match(text):
            return (m.group(1) or m.group(2)).strip()
    if match := _last_handle(whole):
        return clean_line(match.group(1))
    # "Posted by <a>Name</a> on <a>date</a>" written as loose text inside the quote.
    if m := re.search(r"\bposted by\s+(.{2,80}?)\s+on\b", whole, re.I):
        return m.group(1).strip()
    return _handle(url) if url else ""


def _handle(url: str) -> str:
    """The author's handle as the permalink holds it ("" when it holds none)."""
    for _, _, pattern in _PERMALINKS:
        m = pattern.match(url)
        if m and m.group(1) and not _NOT_A_HANDLE.match(m.group(1)):
            return "@" + m.group(1)
    return ""


def _last_handle(whole: str) -> re.Match[str] | None:
    matches = list(_HANDLE_CITE.finditer(whole))
    return matches[-1] if matches else None


def _date(el: Element, link: Element | None) -> str | None:
    """When it was posted, as the embed shows it (DESIGN.md): the permalink's date text or a <time>."""
    if link is not None and _link_date(link):
        return clean_line(link.text_content())
    for t in el.iter("time"):
        shown = clean_line(t.text_content(), max_len=NAME) or clean_line(t.get("datetime"), max_len=NAME)
        if shown:
            return shown
    return None


def _link_date(a: Element) -> str | None:
    from newsreader.dates import normalize_date

    text = clean_line(a.text_content())
    return (normalize_date(text) or _day(text)) if 0 < len(text) <= 60 else None


def _day(text: str) -> str | None:
    """ "March 1, 2024", "1 March 2024", "January 1, 2024 at 10:00 AM" -> "2024-03-01"."""
    from newsreader.dates import parse_text_date

    found = parse_text_date(text)
    return found[:10] if found else None


# Text-less embeds: marked before the junk pass removes iframes (see the module docstring).
INTERNAL_ATTR_PREFIX = "data-newsreader-"  # attributes only the extractor sets; `prepare` drops the page's
_MARK = INTERNAL_ATTR_PREFIX + "embed"
_HEADING = INTERNAL_ATTR_PREFIX + "heading"  # the heading right before an untitled player (its text)
_FRAME_TAGS = (
    "iframe",
    "amp-iframe",
    "amp-twitter",
    "amp-instagram",
    "amp-facebook",
    "amp-youtube",
    "amp-vimeo",
    "amp-dailymotion",
    "amp-tiktok",
    "lite-youtube",
    "lite-vimeo",
)
_HELD_FRAME = re.compile(r"""<iframe\b[^>]*?\ssrc\s*=\s*["']?([^"'\s>]+)""", re.I)
_FRAME_SRC_ATTRS = ("src", "data-src", "data-lazy-src", "data-url", "data-href")
_VIDEO_ID_ATTRS = ("data-videoid", "videoid", "data-video-id", "data-id")
# What a text-less player or chart shows, and the label of its line.
MEDIA_LABELS = {"video": "Video", "audio": "Audio", "chart": "Chart"}
# (medium, platform, address pattern, permalink template from the match's groups): the page a reader
# opens to watch, hear or read it.
_MEDIA_FRAMES: tuple[tuple[str, str, re.Pattern[str], str], ...] = (
    (
        "video",
        "YouTube",
        re.compile(
            r"^https?://(?:www\.)?youtube(?:-nocookie)?\.com/embed/videoseries\?(?:.*&)?list=([\w-]+)"
        ),
        "https://www.youtube.com/playlist?list={0}",
    ),
    (
        "video",
        "YouTube",
        re.compile(r"^https?://(?:www\.)?youtube(?:-nocookie)?\.com/embed/([\w-]{6,})"),
        "https://www.youtube.com/watch?v={0}",
    ),
    ("video", "Vimeo", re.compile(r"^https?://player\.vimeo\.com/video/(\d+)"), "https://vimeo.com/{0}"),
    (
        "video",
        "Dailymotion",
        re.compile(r"^https?://(?:www\.)?dailymotion\.com/embed/video/(\w+)"),
        "https://www.dailymotion.com/video/{0}",
    ),
    (
        "video",
        "Dailymotion",
        re.compile(r"^https?://geo\.dailymotion\.com/player(?:/\w+)?\.html\?(?:.*&)?video=(\w+)"),
        "https://www.dailymotion.com/video/{0}",
    ),
    (
        "audio",
        "Spotify",
        re.compile(
            r"^https?://open\.spotify\.com/embed(?:-podcast)?/(track|album|playlist|episode|show|artist)/(\w+)"
        ),
        "https://open.spotify.com/{0}/{1}",
    ),
    (
        "audio",
        "Apple Podcasts",
        re.compile(r"^https?://embed\.podcasts\.apple\.com/([^?#]+)(\?i=\d+)?"),
        "https://podcasts.apple.com/{0}{1}",
    ),
    (
        "audio",
        "Apple Music",
        re.compile(r"^https?://embed\.music\.apple\.com/([^?#]+)(\?i=\d+)?"),
        "https://music.apple.com/{0}{1}",
    ),
    (
        "chart",
        "Datawrapper",
        re.compile(r"^https?://datawrapper\.dwcdn\.net/(\w+)(/\d+)?"),
        "https://datawrapper.dwcdn.net/{0}{1}/",
    ),
    (
        "chart",
        "Flourish",
        re.compile(r"^https?://flo\.uri\.sh/(visualisation|story)/(\d+)"),
        "https://flo.uri.sh/{0}/{1}/",
    ),
    (
        "chart",
        "Infogram",
        re.compile(r"^https?://e\.infogram\.com/(?:_/)?([\w-]+)"),
        "https://e.infogram.com/{0}",
    ),
)
# SoundCloud's player names what it plays in its `url` parameter (a soundcloud.com page or an API
# address); the player's own address, without its styling options, is what a browser can open.
_SOUNDCLOUD = re.compile(r"^https?://w\.soundcloud\.com/player/?\?", re.I)
_FLOURISH_SRC = re.compile(r"^(visualisation|story)/(\d+)")
_ID = re.compile(r"[\w-]{4,80}")
_FIGURE_DEPTH = 4
_OWN_BOX_TEXT = 40  # characters beside a player and its own heading in a box that is only theirs
_VIDEO_PAGES = {
    "YouTube": "https://www.youtube.com/watch?v={0}",
    "Vimeo": "https://vimeo.com/{0}",
    "Dailymotion": "https://www.dailymotion.com/video/{0}",
}
_POST_FRAMES: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"^https?://platform\.(?:twitter|x)\.com/embed/(?:Tweet|index)\.html\?(?:.*&)?id=(\d+)"),
        "https://twitter.com/i/status/{0}",
    ),
    (
        re.compile(r"^https?://(?:www\.)?instagram\.com/(?:[\w.]+/)?(p|reel|tv)/([\w-]+)/embed"),
        "https://www.instagram.com/{0}/{1}/",
    ),
    (
        re.compile(r"^https?://embed\.bsky\.app/embed/(did:[\w:.%-]+)/app\.bsky\.feed\.post/(\w+)"),
        "https://bsky.app/profile/{0}/post/{1}",
    ),
    (re.compile(r"^(https?://(?:www\.)?threads\.(?:net|com)/@[\w.]+/post/[\w-]+)/embed"), "{0}"),
    (re.compile(r"^(https?://[\w.-]+\.[a-z]{2,}/@\w+/\d{6,})/embed"), "{0}"),  # Mastodon
    (
        re.compile(r"^https?://(?:www\.)?tiktok\.com/(?:embed/v2|embed|player/v1)/(\d+)"),
        "https://www.tiktok.com/embed/v2/{0}",
    ),
)
# The hosts (registered domains, or a platform's own subdomain) whose players and file CDNs belong to a
# video, audio or chart platform: a player whose file has no title is named by it ("cdn.jwplayer.com" is
# JW Player's), never by the host.
_MEDIA_HOSTS = {
    **dict.fromkeys(("youtube.com", "youtube-nocookie.com", "youtu.be", "googlevideo.com"), "YouTube"),
    **dict.fromkeys(("vimeo.com", "vimeocdn.com"), "Vimeo"),
    **dict.fromkeys(("dailymotion.com", "dmcdn.net"), "Dailymotion"),
    **dict.fromkeys(("jwplayer.com", "jwplatform.com", "jwpcdn.com", "jwpsrv.com"), "JW Player"),
    **dict.fromkeys(("brightcove.net", "brightcove.com", "brightcovecdn.com", "boltdns.net"), "Brightcove"),
    **dict.fromkeys(("wistia.com", "wistia.net"), "Wistia"),
    **dict.fromkeys(("kaltura.com", "kaltura.org"), "Kaltura"),
    **dict.fromkeys(("videopress.com", "videos.files.wordpress.com"), "VideoPress"),
    **dict.fromkeys(("videodelivery.net", "cloudflarestream.com"), "Cloudflare Stream"),
    **dict.fromkeys(("mux.com",), "Mux"),
    **dict.fromkeys(("twimg.com",), "X"),
    **dict.fromkeys(("fbcdn.net",), "Facebook"),
    **dict.fromkeys(("soundcloud.com", "sndcdn.com"), "SoundCloud"),
    **dict.fromkeys(("spotify.com", "scdn.co", "spotifycdn.com"), "Spotify"),
    **dict.fromkeys(("podcasts.apple.com", "embed.podcasts.apple.com"), "Apple Podcasts"),
    **dict.fromkeys(("megaphone.fm",), "Megaphone"),
    **dict.fromkeys(("libsyn.com",), "Libsyn"),
    **dict.fromkeys(("simplecast.com",), "Simplecast"),
    **dict.fromkeys(("buzzsprout.com",), "Buzzsprout"),
    **dict.fromkeys(("acast.com",), "Acast"),
    **dict.fromkeys(("omny.fm", "omnycontent.com"), "Omny Studio"),
    **dict.fromkeys(("art19.com",), "ART19"),
    **dict.fromkeys(("podbean.com",), "Podbean"),
    **dict.fromkeys(("anchor.fm", "podcasters.spotify.com"), "Spotify"),
    **dict.fromkeys(("dwcdn.net",), "Datawrapper"),
    **dict.fromkeys(("flo.uri.sh", "flourish.studio"), "Flourish"),
    **dict.fromkeys(("infogram.com",), "Infogram"),
}
_FB_PLUGIN = re.compile(r"^https?://(?:www\.|m\.)?facebook\.com/plugins/(post|video)\.php\?", re.I)
# Player titles that only name the player ("YouTube video player", "vimeo-player", "Embedded content").
_PLAYER_WORDS = (
    r"youtube|vimeo|dailymotion|video|player|embed(?:ded)?|content|media|iframe|x|twitter|instagram|"
    r"facebook|tiktok|bluesky|mastodon|post|tweet|widget|frame|spotify|soundcloud|apple|podcasts?|music|"
    r"audio|datawrapper|flourish|infogram"
)
# ... and for a chart only, words that name a chart's kind: Flourish's "Interactive or visual content",
# Datawrapper's default labels ("Bar Chart", "Locator map", "Stacked Bars"). A video called "Map" is named.
_CHART_WORDS = (
    r"chart|visuali[sz]ation|visual|interactive|graphic|or|bars?|lines?|pie|donut|area|columns?|stacked|"
    r"grouped|split|scatter|plot|maps?|table|locator|choropleth|symbol|dots?|range|arrows?"
)
_GENERIC_TITLE = re.compile(rf"^(?:(?:{_PLAYER_WORDS})\b[\s:_-]*)*$", re.I)
_GENERIC_CHART_TITLE = re.compile(rf"^(?:(?:{_PLAYER_WORDS}|{_CHART_WORDS})\b[\s:_-]*)*$", re.I)
# A player's own prefix before the title: lite-youtube's "Play: <title>", Spotify's "Spotify Embed: <title>",
# a caption's "VIDEO: <title>" or "Watch: <title>" (the line says it); a chart's kind, for a chart
# ("Table: <title>").
_TITLE_PREFIX = re.compile(
    r"^(?:play\b|(?:video|audio|watch|listen)\s*:|(?:[\w ]{1,20} )?embed(?:ded)?(?: \w+)?\s*:)\W*", re.I
)
_CHART_PREFIX = re.compile(r"^(?:chart|table|map|graphic)\s*:\W*", re.I)
# Scripted embeds that write their frame at run time: Flourish's `div.flourish-embed`, Infogram's
# `div.infogram-embed`, Datawrapper's `<script src=".../ID/embed.js">` in its `div#datawrapper-vis-ID`.
_SCRIPTED = (
    ".//div[contains(@class, 'flourish-embed')][@data-src]"
    " | .//div[contains(@class, 'infogram-embed')][@data-id]"
    " | .//script[contains(@src, 'datawrapper.dwcdn.net/')]"
)
_DATAWRAPPER_SCRIPT = re.compile(r"^(?:https?:)?//datawrapper\.dwcdn\.net/(\w+)(/\d+)?/embed\.js")
# HTML5 players: a streaming manifest is a second choice to a file any player opens; a read-aloud or
# podcast bar a script drives (no `controls`, no poster, no caption, no title) is no content of the page.
_MEDIA_TAGS = ("video", "audio", "amp-video", "amp-audio")
_MANIFEST = re.compile(r"\.(?:m3u8|mpd|f4m|ism)\b|/manifest\b", re.I)
_NOT_A_SOURCE = ("#", "blob:", "data:", "javascript:", "about:")
# A noscript fallback's spot: its parent, while the parent holds no more text than a caption beside it.
_SPOT_CHARS = 300
_SKIP_LINK_HOPS = 3
_SPOT_DEPTH = 4


def mark_frames(root: Element) -> None:
    """Replace each text-less post, player or chart embed with a placeholder `<blockquote>` naming what it
    shows.

    Runs before iframes are removed as junk. An AMP element that already holds the embed code (a
    `<blockquote>` fallback) is left alone: that markup says more. What a `<noscript>` holds counts where
    its spot shows nothing else (`_noscript_fallbacks`).
    """
    _unpack_held_frames(root)
    for el in [*root.iter(*_FRAME_TAGS, *_MEDIA_TAGS), *root.xpath(_SCRIPTED)]:
        if el.getparent() is None or el.find(".//blockquote") is not None:
            continue  # already replaced with the scripted embed around it; or it holds the embed code
        found = _frame_target(el)
        if found is None:
            continue
        kind, platform, url, title = found
        mark = el.makeelement("blockquote", {_MARK: kind, "data-platform": platform, "data-embed-url": url})
        if title:
            mark.set("data-title", title)
        target = _scripted_box(el) if tag_of(el) == "script" else el
        parent = target.getparent()
        if parent is None:
            continue
        mark.tail = target.tail
        parent.replace(target, mark)
    if marks := _marks(root):
        sizes: dict[Element, int] = {}
        _noscript_fallbacks(root, marks, sizes)
        marks = _marks(root)
        _drop_skip_links(root, _holders(marks), sizes)
        # The embeds in each box a few levels up, counted once: a box of thousands of frames stays linear.
        filled = Counter(a for m in marks for a in islice(m.iterancestors(), _FIGURE_DEPTH))
        for mark in marks:
            _name_by_the_page(mark, filled)


_FORM_FIELDS = frozenset(("input", "textarea", "select", "option"))
# `data-clipboard-text`, `data-copy`: text for the reader to copy
_TO_COPY = re.compile(r"clipboard|copy", re.I)
# A share box by its name (`class="share-tools"`, `id="embed-code"`), on the holder or a box around it;
# "copy" alone names the article's text ("article-body-copy") as often as a copy button.
_SHARE_BOX = re.compile(r"share|sharing|embed-?code|clipboard|copy-?(?:code|embed|link|button)", re.I)
_SHARE_BOX_DEPTH = 3
_HOLDS_FRAME = etree.XPath("//*[@*[contains(., '<iframe')]]")


def _unpack_held_frames(root: Element) -> None:
    """A two-click consent box keeps the embed code in an attribute (`data-embed-content="<iframe
    src=…>"`) until the reader agrees: its frame is put in the box, to be read like any frame. A share
    box's embed code is no player: code offered to copy sits in a form field (`<input value="<iframe…">`),
    a copy button's clipboard text or a box named for sharing, and would name a phantom player after the
    caption or heading beside it (then gone with the field) or split the real player's box in two."""
    for el in _HOLDS_FRAME(root):  # found by libxml2: a Python loop over every attribute costs more
        if tag_of(el) in _FORM_FIELDS or any(
            _SHARE_BOX.search(f"{box.get('class') or ''} {box.get('id') or ''}")
            for box in islice(chain((el,), el.iterancestors()), _SHARE_BOX_DEPTH + 1)
        ):
            continue
        for name, value in el.attrib.items():
            if "<iframe" in value and not _TO_COPY.search(name) and (m := _HELD_FRAME.search(value)):
                el.insert(0, el.makeelement("iframe", {"src": m[1]}))
                break


def _name_by_the_page(mark: Element, filled: Counter[Element]) -> None:
    """A player or chart with no title of its own is named by what the page says about it: the caption of
    the figure or small box it alone fills (`_caption`; not then shown again, its credits are), else a
    heading right before it - kept aside (`_HEADING`) for the block builder, which uses it only where the
    reader does not see that heading right above the line (`embedded_post`)."""
    medium = mark.get(_MARK) or ""
    if medium not in MEDIA_LABELS or mark.get("data-title"):
        return
    cap = _caption(mark, filled)
    if cap is not None and (name := caption_as_name(cap, lambda text: _title(text, medium), SHORT)):
        mark.set("data-title", name)
    elif (heading := _heading_before(mark)) is not None and (name := _title(heading.text_content(), medium)):
        if _own_heading(heading, mark, filled):
            mark.set("data-title", name)  # the player's own title, in its box: said once, on its line
            drop(heading)
        else:
            mark.set(_HEADING, clean_line(heading.text_content()))


def _own_heading(heading: Element, mark: Element, filled: Counter[Element]) -> bool:
    """`heading` opens the box that holds the player alone and nothing else ("<div><h2>Title</h2><video>"):
    it is the player's title, not a heading of the article's. Never the page's `<h1>`: that is the story's
    headline, shown above the body (`embedded_post` keeps a line from saying it again)."""
    box = heading.getparent()
    if (
        box is None
        or tag_of(heading) == "h1"
        or filled[box] != 1
        or not any(a is box for a in islice(mark.iterancestors(), _FIGURE_DEPTH))
    ):
        return False
    rest = len(text_of(box)) - len(text_of(heading))
    return (
        rest <= len(text_of(mark)) + _OWN_BOX_TEXT
    )  # the player's fallback text ("enable JavaScript") aside


def _caption(mark: Element, filled: Counter[Element]) -> Element | None:
    """The caption of the figure or small box `mark` alone fills, from the innermost box out: inside it, the
    caption or credit element right after it, or the text beside the player (`figures.caption_of`, the rules
    of a picture's caption)."""
    box: Element | None = mark
    for _ in range(_FIGURE_DEPTH + 1):
        if box is None or (box is not mark and filled[box] != 1):
            return None  # another embed shares it: its caption is no one player's
        if (cap := caption_of(box, mark)) is not None:
            return cap
        box = box.getparent()
    return None


def _heading_before(el: Element) -> Element | None:
    """The heading right before `el` or the box it opens (nothing but wrappers between them)."""
    for _ in range(_FIGURE_DEPTH):
        prev = el.getprevious()
        while prev is not None and not tag_of(prev) and not (prev.tail or "").strip():
            prev = prev.getprevious()  # a comment
        parent = el.getparent()
        if prev is not None:
            return prev if tag_of(prev) in HEADINGS and not (prev.tail or "").strip() else None
        if parent is None or (parent.text or "").strip():
            return None
        el = parent
    return None


def _noscript_fallbacks(root: Element, marks: list[Element], sizes: dict[Element, int]) -> None:
    """A player, chart or post a `<noscript>` holds (marked above) counts when the page gives nothing else
    for that spot: it moves out of the `<noscript>` unless its spot already holds an embed (the scripted
    version) or the page shows the same address elsewhere. A `<noscript>` whose spot holds an embed is that
    embed's fallback (a chart's picture, a player's still) and goes, so nothing is shown twice."""
    noscripts = list(root.iter("noscript"))
    if not noscripts:
        return
    inside = {m for ns in noscripts for m in _marks(ns)}
    outside = [m for m in marks if m not in inside]
    shown = {m.get("data-embed-url") for m in outside}
    holders = _holders(outside)
    for ns in noscripts:
        parent = ns.getparent()
        if parent is None:
            continue
        # Its spot holds an embed, and beside the noscript at most a caption's text.
        if parent in holders and tag_of(parent) not in ("body", "html"):
            if _size(parent, sizes) - _size(ns, sizes) <= _SPOT_CHARS:
                drop(ns)
                continue
        for mark in _marks(ns):
            url = mark.get("data-embed-url")
            if url not in shown:
                shown.add(url)
                mark.tail = None
                ns.addprevious(mark)


def _drop_skip_links(root: Element, holders: set[Element], sizes: dict[Element, int]) -> None:
    """The links an accessible embed box puts around its frame to jump past it ("Skip embedded content",
    "Back before the embed": `<a href="#embed-2-after">`) go with the frame: they lead nowhere here."""
    for a in [a for a in root.iter("a") if (a.get("href") or "").startswith("#")]:
        for box in islice(a.iterancestors(), _SKIP_LINK_HOPS):
            if _size(box, sizes) > _SPOT_CHARS:
                break
            if box in holders:
                drop(a)
                break


def _marks(root: Element) -> list[Element]:
    return [m for m in root.iter("blockquote") if m.get(_MARK) is not None]


def _holders(marks: list[Element]) -> set[Element]:
    """The boxes around the marks, a few levels up: the spots an embed fills."""
    return {a for m in marks for a in islice(m.iterancestors(), _SPOT_DEPTH)}


def _size(el: Element, sizes: dict[Element, int]) -> int:
    """The length of `el`'s text, measured once: many noscripts and links share a box."""
    if (size := sizes.get(el)) is None:
        size = sizes[el] = len(text_of(el))
    return size


def _scripted_box(script: Element) -> Element:
    """Datawrapper's script writes its chart into `div#datawrapper-vis-ID` around it: that box is the
    embed (its `<noscript>` picture with it)."""
    parent = script.getparent()
    if parent is not None and (parent.get("id") or "").startswith("datawrapper-vis-"):
        return parent
    return script


def _frame_target(el: Element) -> tuple[str, str, str, str] | None:
    """(kind "post" or a medium of MEDIA_LABELS, platform, permalink, title) of one text-less embed, or
    None. An HTML5 player's address is kept as written (resolved against the page by `_from_mark`)."""
    tag = tag_of(el)
    raw_title = el.get("title") or el.get("playlabel") or el.get("aria-label") or el.get("data-title")
    if tag == "script":  # Datawrapper's: its picture's alt text in the box, where it names the chart
        raw_title = next((i.get("alt") for i in _scripted_box(el).iter("img") if i.get("alt")), None)
    found = _target(el, tag)
    if found is None:
        return None
    kind, platform, url = found
    return kind, platform, url, _title(raw_title, kind) if kind != "post" else ""


def _title(raw: str | None, medium: str) -> str:
    """The embed's own title, without a player's prefix; "" when it only names the player (or, for a
    chart, the chart's kind)."""
    title = _TITLE_PREFIX.sub("", clean_line(raw, max_len=SHORT))
    if medium == "chart":
        title = _CHART_PREFIX.sub("", title)
        return "" if _GENERIC_CHART_TITLE.match(title) else title
    return "" if _GENERIC_TITLE.match(title) else title


def _target(el: Element, tag: str) -> tuple[str, str, str] | None:
    """(kind, platform, permalink) of an embed element by its kind of markup."""
    if tag in _MEDIA_TAGS:
        return _html5_target(el, tag)
    if tag == "script":
        m = _DATAWRAPPER_SCRIPT.match(el.get("src") or "")
        return ("chart", "Datawrapper", f"https://datawrapper.dwcdn.net/{m[1]}{m[2] or ''}/") if m else None
    if tag == "div":
        if (chart := el.get("data-id")) and "infogram-embed" in (el.get("class") or ""):
            return ("chart", "Infogram", f"https://e.infogram.com/{chart}") if _ID.fullmatch(chart) else None
        m = _FLOURISH_SRC.match(el.get("data-src") or "")
        return ("chart", "Flourish", f"https://flo.uri.sh/{m[1]}/{m[2]}/") if m else None
    if tag == "amp-twitter" and (tweet := el.get("data-tweetid")):
        url = tweet if tweet.startswith("http") else f"https://twitter.com/i/status/{tweet}"
        return ("post", "X", _clean_permalink(url)) if _kind_of(url) else None
    if tag == "amp-instagram" and (code := el.get("data-shortcode")):
        return ("post", "Instagram", f"https://www.instagram.com/p/{code}/")
    if tag in ("amp-youtube", "lite-youtube", "amp-vimeo", "lite-vimeo", "amp-dailymotion"):
        video = next((v for a in _VIDEO_ID_ATTRS if (v := el.get(a))), None)
        if video and re.fullmatch(r"[\w-]{4,64}", video):
            platform = {"youtube": "YouTube", "vimeo": "Vimeo", "dailymotion": "Dailymotion"}[
                tag.split("-")[1]
            ]
            return ("video", platform, _VIDEO_PAGES[platform].format(video))
    src = next((u for a in _FRAME_SRC_ATTRS if (u := _frame_src(el.get(a)))), None)
    return _frame_address(src) if src else None


def _frame_address(src: str) -> tuple[str, str, str] | None:
    """(kind, platform, permalink) of a frame's address: a player, chart or post the tables know."""
    for medium, platform, pattern, template in _MEDIA_FRAMES:
        if m := pattern.match(src):
            return (medium, platform, template.format(*(g or "" for g in m.groups())))
    if _SOUNDCLOUD.match(src) and (plays := _soundcloud(src)):
        return ("audio", "SoundCloud", plays)
    for pattern, template in _POST_FRAMES:
        if m := pattern.match(src):
            url = template.format(*m.groups())
            return ("post", _platform(url) or "", url)
    if m := _FB_PLUGIN.match(src):
        href = (parse_qs(urlsplit(src).query).get("href") or [""])[0]
        post = absolutize(unquote(href) if "%" in href else href, None)
        if post and "facebook.com/" in post:
            return ("video" if m.group(1) == "video" else "post", "Facebook", post)
    return None


def player_page(src: str) -> str | None:
    """The page that plays a known player's address (`youtube.com/embed/ID` -> its watch page), or None."""
    found = _frame_address(_frame_src(src) or "")
    return found[2] if found and found[0] in MEDIA_LABELS else None


def _html5_target(el: Element, tag: str) -> tuple[str, str, str] | None:
    """An HTML5 `<video>`/`<audio>` (or AMP's `<amp-video>`/`<amp-audio>`) the page shows: its address
    (`src`, else its `<source>`s, a file before a streaming manifest), when it has controls, a poster, a
    caption or a title, and is not hidden."""
    if is_hidden(el):
        return None
    raw = [el.get("src") or el.get("data-src")]
    raw += [s.get("src") or s.get("data-src") for s in el.iter("source")]
    srcs = [u for u in map(_usable, raw) if u]
    if not srcs:
        return None
    shown = (
        el.get("controls") is not None
        or bool(_usable(el.get("poster")))  # a picture, not a data: pixel
        or bool(el.get("title") or el.get("aria-label"))
        or in_figure(el, _FIGURE_DEPTH)
    )
    if not shown:
        return None
    return (tag.removeprefix("amp-"), "", next((u for u in srcs if not _MANIFEST.search(u)), srcs[0]))


def _usable(raw: str | None) -> str:
    """An address as written, or "" for none: empty, the page itself (`#`), or no file (`blob:`, `data:`)."""
    raw = (raw or "").strip()
    return "" if raw.lower().startswith(_NOT_A_SOURCE) else raw


def _soundcloud(src: str) -> str | None:
    """The track's soundcloud.com page, else the player on the track alone (an API address is no page)."""
    plays = (parse_qs(urlsplit(src).query).get("url") or [""])[0]
    plays = _frame_src(plays) or ""
    host = (urlsplit(plays).hostname or "").lower()
    if host in ("soundcloud.com", "www.soundcloud.com", "on.soundcloud.com"):
        return plays
    if host == "api.soundcloud.com":
        return "https://w.soundcloud.com/player/?" + urlencode({"url": plays})
    return None


def _frame_src(raw: str | None) -> str | None:
    """An embed address as the browser would load it: `//host/…` is https."""
    raw = (raw or "").strip()
    if raw.startswith("//"):
        raw = "https:" + raw
    return raw if raw.startswith(("http://", "https://")) else None


def _from_mark(el: Element, kind: str, base: str | None, shown: Collection[str]) -> Block | None:
    url = absolutize(el.get("data-embed-url"), base)
    if not url:
        return None
    platform = clean_line(el.get("data-platform"), max_len=NAME) or None
    if kind in MEDIA_LABELS:
        title = clean_line(el.get("data-title"), max_len=SHORT)
        # A heading the reader sees right above the line names it already (as a reader view shows a
        # heading, then the player): the line says what plays it instead of saying the heading twice.
        heading = el.get(_HEADING) or ""
        if not title and heading.casefold() not in shown:
            title = _title(heading, kind)
        return media_line(kind, title or platform, url)
    post_kind: QuoteKind = "tweet" if platform == "X" else "post"
    return Quote(text="", kind=post_kind, cite=_handle(url) or None, url=url, platform=platform)


def is_media_line(block: Block, medium: str) -> bool:
    """`block` is the line of a player or chart of `medium` (`media_line`)."""
    if not isinstance(block, Paragraph) or len(block.links) != 1:
        return False
    label, shown = MEDIA_LABELS[medium], block.links[0].text
    return block.text == f"{label}: {shown}" or block.text == shown == label


def media_line(medium: str, title: str | None, url: str) -> Paragraph:
    """The one shape of a player or chart in the body: "Video: <title>" whose one link opens it; without a
    title, the platform that serves it names it ("Video: JW Player"); where none is known, the line is
    the label alone ("Video"), the link to what plays - a host's name is no title."""
    label = MEDIA_LABELS.get(medium, medium.title())
    name = clean_line(title, max_len=SHORT) or media_platform(url)
    return Paragraph(f"{label}: {name}", [Link(name, url)]) if name else Paragraph(label, [Link(label, url)])


def media_platform(url: str) -> str:
    """The video, audio or chart platform serving `url` (its player or its file's CDN), or ""."""
    labels = host_of(url).split(".")
    return next(
        (name for i in range(len(labels) - 1) if (name := _MEDIA_HOSTS.get(".".join(labels[i:])))), ""
    )
