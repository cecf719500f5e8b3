"""Embedded social posts (X/Twitter, Instagram, Mastodon, Bluesky, Threads, Facebook, TikTok) as quotes.

Publishers paste each network's embed code: a `<blockquote>` (or a `div` around one) holding the post's
text, the author and a permalink, which the network's script would turn into a card. The script never
runs here, so the quote is read from that markup: the permalink from the embed's data attributes or its
last link to a post URL, the author from the "— Name (@handle)" / "A post shared by …" / "Posted by …"
line or else the handle in the permalink, the date as shown by that link or a `<time>`. Embed UI text
("View this post on Instagram") is not the post.
"""

from __future__ import annotations

import re
from datetime import date

from newsreader.extract.dom import Element
from newsreader.models import Quote, QuoteKind
from newsreader.text import NAME, clean_line, clean_text
from newsreader.urls import absolutize

# (kind, permalink pattern with the author's handle as group 1 where the URL holds it)
_PERMALINKS: tuple[tuple[QuoteKind, re.Pattern[str]], ...] = (
    ("tweet", re.compile(r"^https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/(\w+)/status(?:es)?/\d+", re.I)),
    ("post", re.compile(r"^https?://(?:www\.)?instagram\.com/()(?:[\w.]+/)?(?:p|reel|tv)/[\w-]+", re.I)),
    ("post", re.compile(r"^https?://bsky\.app/profile/([^/?#]+)/post/\w+", re.I)),
    ("post", re.compile(r"^https?://(?:www\.)?threads\.(?:net|com)/@([\w.]+)/post/[\w-]+", re.I)),
    ("post", re.compile(r"^https?://(?:www\.|m\.)?facebook\.com/([\w.]+)/(?:posts|videos|photos)/", re.I)),
    ("post", re.compile(r"^https?://(?:www\.|m\.)?facebook\.com/()(?:permalink|story)\.php\?", re.I)),
    ("post", re.compile(r"^https?://(?:www\.)?tiktok\.com/@([\w.]+)/video/\d+", re.I)),
    ("post", re.compile(r"^https?://[\w.-]+\.[a-z]{2,}/@(\w+)/\d{6,}(?:/embed)?$", re.I)),  # Mastodon
)
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
_HANDLE_CITE = re.compile(r"[—–]\s*([^—–\n]{1,80}?\(\s*@[\w.@-]+\s*\))")
_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        (
            "january jan",
            "february feb",
            "march mar",
            "april apr",
            "may",
            "june jun",
            "july jul",
            "august aug",
            "september sep sept",
            "october oct",
            "november nov",
            "december dec",
        )
    )
    for m in names.split()
}
_MDY = re.compile(r"\b([a-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})\b", re.I)
_DMY = re.compile(r"\b(\d{1,2})\.?\s+([a-z]{3,9})\.?,?\s+(\d{4})\b", re.I)


def is_embed(el: Element, sig: str) -> bool:
    """An embedded post by its class or by a post permalink in its data attributes."""
    if EMBED_CLASS.search(sig):
        return True
    return any(_kind_of(absolutize(el.get(a), None) or "") for a in _PERMALINK_ATTRS if el.get(a))


def embedded_post(el: Element, base: str | None) -> Quote | None:
    """The post as a Quote with author, date and permalink where the markup carries them."""
    url, kind, link = _permalink(el, base)
    if kind is None:
        kind = "tweet" if re.search(r"twitter|tweet|x-post", el.get("class") or "", re.I) else "post"
    paras = [p for p in el.iter("p") if not _UI_TEXT.match(clean_line(p.text_content()))]
    body = [clean_text(" ".join(p.text_content().split())) for p in paras if not _is_byline(p)]
    text = "\n\n".join(t for t in body if t and not _UI_TEXT.match(t))
    whole = clean_line(el.text_content())
    cite = _author(el, whole, link, url)
    if not text:
        # No paragraphs: the text before the "— Name (@handle)" attribution.
        head = whole.split(cite, 1)[0] if cite else whole
        head = re.sub(r"[—–-]\s*$", "", head).strip()
        text = "" if _UI_TEXT.match(head) else clean_text(head)
    when = _date(el, link)
    if not (text or url):
        return None
    return Quote(text=text, kind=kind, cite=cite or None, date=when, url=url)


def _kind_of(url: str) -> QuoteKind | None:
    for kind, pattern in _PERMALINKS:
        if pattern.match(url):
            return kind
    return None


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
        if m := re.match(r"^(?:a post shared by|posted by)\s+(.{2,80}?)(?:\s+on\b.*)?$", text, re.I):
            return m.group(1).strip()
    if match := _last_handle(whole):
        return clean_line(match.group(1))
    # "Posted by <a>Name</a> on <a>date</a>" written as loose text inside the quote.
    if m := re.search(r"\bposted by\s+(.{2,80}?)\s+on\b", whole, re.I):
        return m.group(1).strip()
    if url:
        for _, pattern in _PERMALINKS:
            m = pattern.match(url)
            if m and m.group(1):
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
    from newsreader.extract.metadata import normalize_date

    text = clean_line(a.text_content())
    return (normalize_date(text) or _day(text)) if 0 < len(text) <= 60 else None


def _day(text: str) -> str | None:
    """ "March 1, 2024", "1 March 2024", "January 1, 2024 at 10:00 AM" -> "2024-03-01"."""
    for pattern, order in ((_MDY, (1, 2, 3)), (_DMY, (2, 1, 3))):
        m = pattern.search(text)
        if not m:
            continue
        month = _MONTHS.get(m.group(order[0]).lower())
        try:
            return date(int(m.group(order[2])), month, int(m.group(order[1]))).isoformat() if month else None
        except ValueError:
            return None
    return None
