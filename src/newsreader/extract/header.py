"""The story's own header as the page shows it: the visible byline and date, never another story's.

Structured data (JSON-LD, meta tags, read in `metadata`) comes first; this is what a reader sees, for pages
whose structured data names no person or gives no date. Which byline belongs to the story is decided by
structure, not by class names alone: the elements that hold the main `<h1>` are the story, as is the
headline's own small box (its byline, date and author card, whatever their classes say), and between a
byline and them, a `nav`/`aside`/page `footer`, a comment thread, or a list item, link or `<article>` that
carries another story's linked headline means the byline is a teaser card's or a commenter's.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import tzinfo
from itertools import islice

from lxml import etree
from lxml import html as lhtml

from newsreader.dates import parse_text_date
from newsreader.extract.dom import spaced_text
from newsreader.text import clean_line

Element = lhtml.HtmlElement

# "By", "Von", "Par", "Por", "Door", "Di", "Af"/"Av" (Nordic), "Text:", "Autor:", "Written by", "著者：",
# Chinese "作者：" (author), "记者：" (reporter), "责编：" (the editor answerable for the story) …
_BYLINE_PREFIX = re.compile(
    r"^(?:(?:written|words|text|story|reporting|posted)\s+by|by|von|por|par|door|di|a\s+cura\s+di|af|av|de|van|"
    r"text|autor(?:in)?|author|auteur|texto|tekst|yazar|著者|筆者|作者|[记記]者|[责責]编|[责責]任[编編][辑輯]|文)"
    r"(?:\s*[:：]\s*|\s+|$)",
    re.I,
)
# "Editor: Jane Doe": the editor who handled the story, not its writer.
_EDITOR_LABEL = re.compile(
    r"\s*(?:editor|edited\s+by|editado\s+por|redaktur|penyunting|redakteur|rédacteur|redattore)\s*[:：]\s*",
    re.I,
)
# A byline in brackets, as Chinese pages close a story: "(责编：A、B)", "【责任编辑：A】".
_BRACKETED = re.compile(r"[(（【\[]\s*(.+?)\s*[)）】\]]")
_OPENING_BRACKETS = "(（【["
# Chinese names (two to four characters, no spaces) listed with the enumeration comma "、".
_CJK_NAMES = re.compile(r"[^\W\d]{2,4}(?:、[^\W\d]{2,4})+")

# A lower-case label before the "By" ("capital von Jane Doe": a brand, then the byline).
_LABEL_BEFORE_BY = re.compile(r"^(?:[a-zà-ÿ][\w-]*\s+){1,2}(?=(?i:by|von|par|por|door|av|af)\s)")
_GLUED_BY = re.compile(r"^(?:By|BY|Von|Par|Por)(?=[A-ZÀ-Þ][a-zà-ÿ])")
# Where the names end: a separator before dates, roles, places, "Updated …", social handles, a word with
# digits in it (names have none), a parenthesis.
_BYLINE_CUT = re.compile(
    r"\s+[|/•·]\s*|\s+[-–—]\s+|@\w|\(|\b(?:updated|published|posted|last updated|aktualisiert|stand|"
    r"more stories by|see full bio|full bio|bio|follow|twitter|facebook|mis à jour|publié|email|see all|"
    r"all articles|all posts|subscribe|rss|view profile|read more|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b|"
    r"\s+\S+\.(?:com|net|org|co\.uk|de|fr)\b|"
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d|(?-i:\s+[a-zà-ÿą-ž]+)?\s\d|"
    r"(?<=[^\W\d])\d",
    re.I,
)
_BYLINE_TAIL = re.compile(
    r"(?:,\s*)?\b(?:senior|staff|contributing|chief)\s+\w.*$|\s+(?:on|at|am|le|el)$|"
    r",[^,]*\b(?:contributor|correspondent|reporter|writer|editor|staff)s?$",
    re.I,
)
# "Jane Doe is Opinion Editor of the Forward." - a sentence about the person, not a name.
_IS_SENTENCE = re.compile(r"\s(?:is|was|ist|est|es|è)\s", re.I)
# "Political Commentator", "Staff Writer": a role where the name should be.
_ROLE_ONLY = re.compile(
    r"(?:\w+\s+)?(?:commentator|editor|correspondent|reporter|writer|contributor|columnist)s?", re.I
)
_MAX_BYLINE = 100
_URL_STARTS = ("http:", "https:", "www.")
_INITIALS = re.compile(r"\b[A-Z]\.")
_AUTHOR_HREF = re.compile(
    r"/(?:authors?|autor|autoren|auteurs?|people|person|profile|staff|journalists?|redakteur|editors?|"
    r"writers?|contributors?|columnists?|by|u|users?)/"
)
# The profile of a site's administrator account, which publishes what others wrote.
_ACCOUNT_LINKS = ".//a[contains(@href, '/admin')]"
ACCOUNT_URL = re.compile(r"/(?:authors?|users?)/admin(?:istrator)?/?(?:[?#]|$)", re.I)
_BYLINE_ATTR = re.compile(r"byline|author-?name|\bauthor(?!-?bio)|\bwriter\b", re.I)
_BYLINE_TEXT_TAGS = frozenset(
    ("p", "div", "span", "li", "address", "strong", "b", "em", "i", "font", "small", "h5", "h6")
)
_DATE_ATTR = re.compile(r"date|time|publish|posted|dateline|byline", re.I)
# Class or id tokens of another story's box (a token starts with the word, or has it after - or _).
_OTHER_STORY = re.compile(
    r"(?:^|[-_])(?:related|recommend|teaser|more-?from|read-?next|most-|popular|trending|comment(?!ary)|"
    r"card|promo|outbrain|taboola)"
)
_PAGE_CHROME = frozenset(("nav", "aside", "menu"))
_CARD_TAGS = frozenset(("li", "article", "a"))
_HEADINGS = ("h2", "h3", "h4", "h5", "h6")
_CARD_TITLE_WORDS, _CARD_TITLE_CHARS = 4, 12
_MAX_CARD_TEXT = 1000
_MIN_REPEATS = 3
_MAX_CLOCK = 20
_BARE_CLOCK = re.compile(
    r"(?:at\s+|um\s+|à\s+)?\d{1,2}[:.h]\d\d(?::\d\d)?\s*(?:[ap]\.?m\.?)?(?:\s*(?:uhr|[A-Z]{2,4}))?", re.I
)
_MENU_LINKS = 4
_UNSEEN = object()
_MAX_CANDIDATES = 30
_MAX_H1S = 8
_MAX_NAMES = 20
_MAX_LINE, _MAX_BOX = 200, 400  # a byline line; a byline box (names, photo, links)
_MAX_DATE_TEXT = 120
_DATE_ONLY = 40  # an element that shows a date and little else
_MAX_HEAD = 500  # the text of a headline's box: headline, dek, byline, date
_LEAD_NAME_WORDS = (2, 4)
# News agencies, by the names their credit lines give them.
_AGENCIES = (
    r"AP|AFP|Reuters|REUTERS|dpa|DPA|EFE|ANSA|Kyodo|KYODO|Xinhua|XINHUA|CNA|UPI|AAP|APA|SDA|KNA|epd|TASS|Yonhap|"
    r"ANP|Belga|NTB|PTI|IANS|ANI|Anadolu|Bernama|Antara|Jiji|Associated Press|Agence France-Presse"
)
# A story credited to an agency on a line of its own: "AFP", "Reuters/dpa", "AFP, MANILA" (the place it
# was filed from, in capitals).
_AGENCY_LINE = re.compile(rf"(?:{_AGENCIES})(?:\s*[,/]\s*(?:{_AGENCIES}))*(?:,\s*[A-Z][A-Z .'-]{{1,30}})?")
_SEPARATOR = re.compile(r"\s*[|•·/]\s*")  # a separator alone, between a name and a date
_SEPARATED = re.compile(rf"{_SEPARATOR.pattern}$")  # "Jane Doe |": a name, then the line goes on in the next
# Elements after (and before) the headline searched for a date shown only as text.
_NEAR_HEADLINE, _ABOVE = 150, 20
_SHORT_TEXT = 80
# Bylines and dates sit in the article header: looking at no more than this many elements keeps tag
# floods cheap while covering the top of every real page (the median page has ~800 elements).
_MAX_SCAN = 3000


def clean_byline(text: str | None) -> str | None:
    """The names in a byline: "By A and B | Updated 5 May 2024" -> "A and B"; None when no name is left."""
    if not text:
        return None
    line = _LABEL_BEFORE_BY.sub("", clean_line(text))
    if bracketed := _BRACKETED.fullmatch(line):
        line = bracketed[1]
    for _ in range(2):  # "By" in a label and again in the text: "By by Jane Doe"
        line = _GLUED_BY.sub("", _BYLINE_PREFIX.sub("", line))
    line = _BYLINE_CUT.split(line, maxsplit=1)[0]
    line = _BYLINE_TAIL.sub("", line.rstrip()).strip(" ,;:-–—|/·•")
    line = _BYLINE_PREFIX.sub("", line)
    if _CJK_NAMES.fullmatch(line):  # "牛镛、岳弘彬": names listed with the enumeration comma
        line = line.replace("、", ", ")
    if not (2 < len(line) <= _MAX_BYLINE) or not any(c.isalpha() for c in line):
        return None
    if (
        line[0].isdigit()
        or sum(c.isdigit() for c in line) > 4
        or line.startswith(("http:", "https:", "www."))
    ):
        return None
    return None if _IS_SENTENCE.search(line) or _ROLE_ONLY.fullmatch(line) else line


def names_like(text: str) -> bool:
    """Person names: a few words, capitalised where the script has case, no sentence punctuation."""
    words = text.split()
    if not words or len(words) > 12 or any(c in text for c in "!?.:;") and not _INITIALS.search(text):
        return False
    cased = [w for w in words if w[0].isalpha() and w[0].lower() != w[0].upper()]
    upper = sum(1 for w in cased if w[0].isupper())
    return not cased or upper >= max(1, len(cased) // 2)


def is_account_link(a: Element) -> bool:
    """A link to the site's administrator account ("/author/admin/"), not to a person."""
    return bool(ACCOUNT_URL.search(a.get("href") or ""))


def is_author_link(a: Element) -> bool:
    return a.get("rel") == "author" or bool(_AUTHOR_HREF.search((a.get("href") or "").lower()))


class Header:
    """The top of one page, as far as bylines and dates go: which elements are the story's own."""

    def __init__(self, doc: Element, headline: str | None) -> None:
        self.elements: list[Element] = list(islice(doc.iter(etree.Element), _MAX_SCAN))
        h1s = [el for el in self.elements if el.tag == "h1"][:_MAX_H1S]
        text = clean_line(headline) if headline else None
        self.h1 = next((h for h in h1s if clean_line(h.text_content()) == text), h1s[0] if h1s else None)
        if self.h1 is None and text:  # no <h1>: the headline is a lower heading that shows the title
            self.h1 = next((h for h in self.elements if h.tag in _HEADINGS and _shows(h, text)), None)
        self.story: set[Element] = set(self.h1.iterancestors()) if self.h1 is not None else set()
        self._head: set[Element] | None = None  # the headline's own box, found when first asked
        # Each ancestor's verdict, once: many candidates share ancestors, and a card test reads text.
        self._verdicts: dict[Element, bool | None | object] = {}
        self._kinds: dict[Element, Counter[tuple[object, str | None]]] = {}

    def byline(self) -> str | None:
        """A byline in the markup: rel/itemprop/class "author"/"byline", or a short "By …" line; never the
        name of the site's administrator account ("/author/admin/"), which posts for whoever wrote."""
        names = self._byline()
        accounts = self.elements[0].xpath(_ACCOUNT_LINKS) if names and self.elements else []
        if any(is_account_link(a) and clean_line(a.text_content()) == names for a in accounts):
            return None
        return names

    def _byline(self) -> str | None:
        for el in self._candidates(_is_byline_el):
            if not self.in_other_story(el) and (names := _names_in(el)):
                return names
        for el in self.elements:
            if el.tag not in _BYLINE_TEXT_TAGS:
                continue
            own = (el.text or "").lstrip().lstrip(_OPENING_BRACKETS)
            if own and _BYLINE_PREFIX.match(own) and not _quoted(el) and not self.in_other_story(el):
                if names := _prefixed_names(el):
                    return names
        for el in self._window():  # a bare link to the author's page by the headline
            if el.tag == "a" and is_author_link(el) and not self.in_other_story(el):
                if (names := _names_in(el)) and names_like(names):
                    return names
        return None

    def lead_name(self) -> str | None:
        """A name the story's text opens with, in bold on a line of its own ("<p><b>Jane Doe</b></p>"
        before the first paragraph of prose): how many papers sign a story that has no byline."""
        name = None
        for el in self._window()[:_NEAR_HEADLINE]:
            if el.tag != "p" or not (text := _squeezed(el.text_content())):
                continue
            if len(text) >= _SHORT_TEXT:  # the first paragraph of prose: a name just before it signs it
                return name if not self.in_other_story(el) else None
            kids = [k for k in el if isinstance(k.tag, str)]
            bold = len(kids) == 1 and kids[0].tag in ("b", "strong") and not (el.text or "").strip()
            words = text.split()
            name = (
                text
                if bold
                and not (kids[0].tail or "").strip()
                and _LEAD_NAME_WORDS[0] <= len(words) <= _LEAD_NAME_WORDS[1]
                and all(w[0].isupper() for w in words)
                and names_like(text)
                and clean_byline(text) == text
                else None
            )
        return None

    def agency_line(self) -> str | None:
        """A line of its own by the headline that credits the story to a news agency ("AFP, MANILA"); not
        a picture's credit ("AFP" under a photo)."""
        for el in self._window():
            if el.tag == "a" or len(el) or not el.text or _by_picture(el):
                continue
            text = clean_line(el.text)
            if _AGENCY_LINE.fullmatch(text) and not self.in_other_story(el):
                return text
        return None

    def dateline_name(self) -> str | None:
        """The name in a "Jane Doe | 2 May 2024" line by the headline, held in an element of its own, the
        separator at its end, after it or in an element of its own ("<span>Jane Doe</span><i>•</i>"), the
        date in the next element; not a section's name the page links to."""
        for el in self._window():
            if el.tag == "a" or len(el) or not el.text:
                continue
            name = clean_line(_SEPARATED.sub("", el.text))
            after = el.getnext() if _SEPARATED.search(el.text) else _after_separator(el)
            if after is None or not isinstance(after.tag, str) or len(name.split()) < _LEAD_NAME_WORDS[0]:
                continue
            date = clean_line(after.text_content())
            if names_like(name) and clean_byline(name) == name and len(date) <= _MAX_DATE_TEXT:
                if parse_text_date(date, None) and not self.in_other_story(el) and not self._linked(name):
                    return name
        return None

    def _linked(self, text: str) -> bool:
        """Whether the page gives `text` as a link to a page not an author's: a section its menu names."""
        key = text.casefold()
        return any(
            el.tag == "a" and not is_author_link(el) and clean_line(el.text_content()).casefold() == key
            for el in self.elements
        )

    def labels_editor(self, name: str) -> bool:
        """Whether the page shows `name` as its editor ("Editor: Jane Doe"), not as the story's writer."""
        key = name.casefold()
        for el in self.elements:
            if el.tag not in _BYLINE_TEXT_TAGS or not (own := el.text):
                continue
            if label := _EDITOR_LABEL.match(own):
                rest = clean_line(el.text_content())[len(clean_line(label[0])) :]
                if clean_line(rest).casefold() == key:
                    return True
        return False

    def date(self, zone: tzinfo | None) -> str | None:
        """A date the page gives only as text: in a `<time>`, a short date/byline/meta element, a short
        line near the headline, else an element after the headline that holds nothing but a date (a date
        shown under the story: "2019.03.05")."""
        for el in self._candidates(_is_date_el):
            raw = _squeezed(el.text_content())  # the text, not the markup's indentation
            if len(raw) <= _MAX_DATE_TEXT and not self.in_other_story(el):
                if found := parse_text_date(raw, zone):
                    return found
        for el in self._window():
            if el.tag == "a":  # a link's text is another page's title, and its date that page's
                continue
            # A leaf's text; a box's own line before its first child ("2023-11-17 20:52 <span>Source")
            raw = _squeezed(el.text_content() if not len(el) or el.tag == "time" else (el.text or ""))
            if len(raw) <= _SHORT_TEXT and (found := parse_text_date(raw, zone)):
                if not self.in_other_story(el):
                    return _with_clock(found, el, zone)
        for el in self._after_headline():  # above it: a masthead's date of today
            if el.tag == "a" or len(el) or not el.text or not isinstance(el.tag, str):
                continue
            raw = _squeezed(el.text)
            found = parse_text_date(raw, zone) if len(raw) <= _DATE_ONLY else None
            if found and not self.in_other_story(el):
                return found
        return None

    def in_other_story(self, el: Element) -> bool:
        """Inside a teaser card, related list, navigation, page footer or comment: some other page's."""
        for anc in el.iterancestors():
            verdict = self._verdicts.get(anc, _UNSEEN)
            if verdict is _UNSEEN:
                verdict = self._verdicts[anc] = self._verdict(anc)
            if verdict is not None:
                return bool(verdict)
        return False

    def _verdict(self, anc: Element) -> bool | None:
        """What one ancestor says: another story's box (True), the story's own (False), or nothing."""
        tag = anc.tag if isinstance(anc.tag, str) else ""
        if self._head is None:
            self._head = _head_box(self.h1)
        if anc in self.story or anc in self._head or tag == "address":  # <address>: its article's author
            return False
        if tag in _PAGE_CHROME and not _byline_box(anc) or tag == "footer" and not _in_article(anc):
            return True
        if (tag in _CARD_TAGS or self._repeated(anc)) and _is_card(anc):
            return True
        tokens = f"{anc.get('class') or ''} {anc.get('id') or ''}".lower().split()
        if any(_OTHER_STORY.search(t) for t in tokens):
            return True
        if tag == "body" or tag in ("article", "main") and not self.story:
            return False
        return None

    def _repeated(self, el: Element) -> bool:
        """One of a run of siblings with the same tag and class: a card in a grid or list."""
        parent = el.getparent()
        if parent is None or not el.get("class"):
            return False
        kinds = self._kinds.get(parent)
        if kinds is None:
            kinds = self._kinds[parent] = Counter((k.tag, k.get("class")) for k in parent)
        return kinds[(el.tag, el.get("class"))] >= _MIN_REPEATS

    def _candidates(self, test: Callable[[Element], bool]) -> list[Element]:
        return list(islice((el for el in self.elements if test(el)), _MAX_CANDIDATES))

    def _after_headline(self) -> list[Element]:
        """The elements after the headline, to the end of the page (none without a headline)."""
        return self.elements[self.elements.index(self.h1) + 1 :] if self.h1 is not None else []

    def _window(self) -> list[Element]:
        """The elements just after the headline, then just before it: where a byline or dateline sits."""
        if self.h1 is None:
            return []
        i = self.elements.index(self.h1)
        return self.elements[i + 1 : i + 1 + _NEAR_HEADLINE] + self.elements[max(0, i - _ABOVE) : i]


def _head_box(h1: Element | None) -> set[Element]:
    """The elements of the headline's own box: its largest ancestor with no more than a header's text
    (the headline, its byline, date and author card), whatever their class names say."""
    box = None
    for anc in h1.iterancestors() if h1 is not None else ():
        if anc.tag in ("body", "html") or _text_over(anc, _MAX_HEAD):
            break
        box = anc
    return set(box.iter()) if box is not None else set()


def _text_over(el: Element, limit: int) -> bool:
    size = 0
    for piece in el.itertext():
        size += len(piece.strip())
        if size > limit:
            return True
    return False


def _after_separator(el: Element) -> Element | None:
    """The element after a separator that follows `el` (or the wrappers that hold only it): in its tail
    ("<span>A</span> | <span>B</span>") or in an element of its own ("<i>•</i>")."""
    parent = el.getparent()
    while parent is not None and len(parent) == 1 and not (parent.text or "").strip() and _blank(el.tail):
        el, parent = parent, parent.getparent()
    after = el.getnext()
    if _SEPARATOR.fullmatch(el.tail or ""):
        return after
    if after is None or len(after) or not _SEPARATOR.fullmatch(after.text or "") or not _blank(after.tail):
        return None
    return after.getnext()


def _blank(text: str | None) -> bool:
    return not text or text.isspace()


def _squeezed(text: str) -> str:
    """The text with its runs of white space made one space: to measure it (cheaper than `clean_line`)."""
    return " ".join(text.split())


def _shows(heading: Element, title: str) -> bool:
    """A heading that reads as the title, maybe after a kicker ("Topic: Title")."""
    return clean_line(heading.text_content()).endswith(title)


def _byline_box(el: Element) -> bool:
    """A `<nav>` that is a byline line, not a menu: a line's worth of text and fewer links than a menu."""
    if el.tag != "nav":
        return False
    size = 0
    for piece in el.itertext():
        size += len(piece)
        if size > _MAX_BOX:
            return False
    return sum(1 for _ in el.iter("a")) < _MENU_LINKS


def _is_byline_el(el: Element) -> bool:
    if el.get("rel") == "author" or el.get("itemprop") == "author":
        return True
    sig = f"{el.get('class') or ''} {el.get('data-testid') or ''}"
    low = sig.lower()  # cheap words first: this runs on every element at the top of the page
    return ("author" in low or "byline" in low or "writer" in low) and bool(_BYLINE_ATTR.search(sig))


def _is_date_el(el: Element) -> bool:
    if el.tag == "time":
        return el.get("datetime") is None
    sig = f"{el.get('class') or ''} {el.get('id') or ''}"
    return bool(sig.strip()) and bool(_DATE_ATTR.search(sig))


def _with_clock(found: str, el: Element, zone: tzinfo | None) -> str:
    """A day shown with its time in the next element ("<span>December 14, 2016</span><span>2:24 pm</span>")
    gets that time."""
    after = el.getnext()
    if "T00:00:00" not in found or after is None or not isinstance(after.tag, str):
        return found
    clock = clean_line(after.text_content())
    if not clock or len(clock) > _MAX_CLOCK or not _BARE_CLOCK.fullmatch(clock):
        return found
    return parse_text_date(f"{clean_line(el.text_content())} {clock}", zone) or found


def _quoted(el: Element) -> bool:
    """Inside a code listing, where "BY" is a keyword ("ORDER BY"), or a quoted post, whose "Posted by"
    names who wrote the post: not the story's byline."""
    return any(a.tag in ("pre", "code", "blockquote") for a in el.iterancestors())


def _by_picture(el: Element) -> bool:
    """In a figure, or in a box that holds a picture: a credit line there is the picture's."""
    parent = el.getparent()
    if parent is not None and next(parent.iter("img", "picture", "video"), None) is not None:
        return True
    return any(a.tag in ("figure", "figcaption", "picture") for a in el.iterancestors())


def _in_article(el: Element) -> bool:
    return any(a.tag in ("article", "main") for a in el.iterancestors())


def _is_card(el: Element) -> bool:
    """A list item, link or `<article>` holding another story's headline: a linked heading, or a link
    with a title's worth of words that is not an author's, in a box with a teaser's worth of text."""
    size = 0
    for piece in el.itertext():  # stop early in a big box: it is a story, not a card
        size += len(piece.strip())  # the text, not the markup's indentation
        if size > _MAX_CARD_TEXT:
            return False
    for h in el.iter(*_HEADINGS):
        if h.find(".//a[@href]") is not None or any(a.tag == "a" for a in h.iterancestors()):
            return True
    links = [el] if el.tag == "a" else el.iter("a")
    return any(not is_author_link(a) and _title_like(a.text_content()) for a in links)


def _title_like(text: str) -> bool:
    """A headline's worth of words (a date such as "on Jul 7, 2020" is not one); unspaced scripts by
    length."""
    words = text.split()
    if len(words) == 1:
        return len(words[0]) >= _CARD_TITLE_CHARS
    return sum(1 for w in words if any(c.isalpha() for c in w)) >= _CARD_TITLE_WORDS


def _names_in(el: Element) -> str | None:
    """The names a byline element holds: author links, schema.org names, names in child elements, its
    text. An author link brings the author links beside it ("<a>A</a> and <a>B</a>")."""
    parent = el.getparent()
    if el.tag == "a" and parent is not None and len(parent.text_content()) < _MAX_LINE:
        el = parent
    names = _author_links(el) or _joined(
        # schema.org microdata gives a name as text, or as the `content` of a `<meta>`/`<link>`
        clean_byline(n.get("content") or n.text_content())
        for n in el.iterfind('.//*[@itemprop="name"]')
    )
    if names:
        return names
    raw = el.text_content()
    if len(raw) >= _MAX_BOX:
        return None
    # A line break parts the names from what follows them ("By A and B<br>Staff Writers").
    return _child_names(el, raw) or clean_byline(spaced_text(el))


def _child_names(el: Element, raw: str) -> str | None:
    """ "<span>A B</span><span>C D</span>" -> "A B, C D": names in sibling elements with nothing between;
    "<span>A</span> <span>B</span>" -> "A B": one name in parts."""
    kids = [k for k in el if isinstance(k.tag, str)]
    while len(kids) == 1 and not (el.text or "").strip() and not (kids[0].tail or "").strip():
        el = kids[0]  # through wrappers: <div><div><span>A</span><span>B</span></div></div>
        kids = [k for k in el if isinstance(k.tag, str)]
    if len(kids) < 2 or (el.text or "").strip():
        return None
    texts = [clean_line(k.text_content()) for k in kids]
    if " ".join(texts) != clean_line(raw) or any(k.tail and k.tail.strip(" \t\r\n,;&") for k in kids):
        return None
    if all(len(t.split()) == 1 for t in texts) and not any(k.tail and k.tail.strip() for k in kids):
        name = " ".join(texts)  # "<span>Jane</span> <span>Doe</span>": a given name and a surname
        return name if clean_byline(name) == name and names_like(name) else None
    names = [clean_byline(t) for t in texts if t]
    if all(n and n == t and names_like(n) for n, t in zip(names, texts, strict=True)):
        return _joined(names)
    return None


def _prefixed_names(el: Element) -> str | None:
    """The names after a "By" label: in the same element, or the links after "<span>By</span>"."""
    if not _BYLINE_PREFIX.sub("", clean_line(el.text_content())).strip(" :"):
        parent = el.getparent()  # "<span>By</span> <a>Name</a>"
        el = parent if parent is not None else el
        if names := _author_links(el):
            return names
    line = spaced_text(el)  # pages indent with runs of tabs (measure the text), and break lines with <br>
    if len(line) < _MAX_LINE and (name := clean_byline(line)) and name != line and names_like(name):
        return name
    return None


def _author_links(el: Element) -> str | None:
    links = [el] if el.tag == "a" and is_author_link(el) else el.iter("a")
    return _joined(clean_byline(a.text_content()) for a in links if is_author_link(a))


def _joined(names: Iterable[str | None]) -> str | None:
    out: list[str] = []
    for name in names:
        if name and name not in out:
            out.append(name)
    return ", ".join(out[:_MAX_NAMES]) or None
