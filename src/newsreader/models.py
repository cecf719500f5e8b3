"""Plain data passed between the core and its users: the Article document and the feed/entry records.

The Article document is a contract (DESIGN.md, `newsreader read --json`): `to_json()` is exactly that shape
and `from_json()` reads it back from the cache. Unknown values are None or [], never invented.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

QuoteKind = Literal["blockquote", "pullquote", "tweet", "post"]
MarkStyle = Literal["em", "strong", "code"]


@dataclass(slots=True)
class Link:
    text: str
    url: str


@dataclass(slots=True)
class Mark:
    """Inline emphasis in a paragraph: `text` (found in the paragraph in order, like a link's) shown as
    `style`."""

    text: str
    style: MarkStyle


@dataclass(slots=True)
class Image:
    src: str
    alt: str | None = None
    caption: str | None = None
    credit: str | None = None


@dataclass(slots=True)
class Paragraph:
    text: str
    links: list[Link] = field(default_factory=list)
    type: Literal["paragraph"] = "paragraph"
    marks: list[Mark] = field(default_factory=list)  # only in the JSON when there are some


@dataclass(slots=True)
class Heading:
    level: int
    text: str
    type: Literal["heading"] = "heading"


@dataclass(slots=True)
class Quote:
    text: str
    kind: QuoteKind = "blockquote"
    cite: str | None = None
    type: Literal["quote"] = "quote"
    # An embedded post's permalink and date as the page shows it (only in the JSON when known).
    url: str | None = None
    date: str | None = None
    # The network an embedded post is from ("Instagram", "Mastodon", …; only in the JSON when known).
    platform: str | None = None


@dataclass(slots=True)
class Figure:
    src: str | None
    alt: str | None = None
    caption: str | None = None
    credit: str | None = None
    type: Literal["figure"] = "figure"


@dataclass(slots=True)
class ListBlock:
    items: list[str]
    ordered: bool = False
    type: Literal["list"] = "list"


@dataclass(slots=True)
class Preformatted:
    text: str
    type: Literal["preformatted"] = "preformatted"


@dataclass(slots=True)
class Table:
    rows: list[list[str]]
    type: Literal["table"] = "table"


Block = Paragraph | Heading | Quote | Figure | ListBlock | Preformatted | Table

_BLOCK_TYPES: dict[str, type[Any]] = {
    "paragraph": Paragraph,
    "heading": Heading,
    "quote": Quote,
    "figure": Figure,
    "list": ListBlock,
    "preformatted": Preformatted,
    "table": Table,
}


@dataclass(slots=True)
class StoryLink:
    title: str
    url: str
    summary: str | None = None


@dataclass(slots=True, frozen=True)
class Enclosure:
    """A media file an entry carries (podcast audio, video): RSS enclosure, Atom rel=enclosure, media:content.

    `length` is in bytes and `duration` in seconds, each None when the feed does not say.
    """

    url: str
    type: str | None = None
    length: int | None = None
    duration: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"url": self.url, "type": self.type, "length": self.length, "duration": self.duration}

    @classmethod
    def from_json(cls, doc: dict[str, Any]) -> Enclosure:
        return cls(str(doc["url"]), doc.get("type"), doc.get("length"), doc.get("duration"))


@dataclass(slots=True)
class Article:
    url: str
    title: str | None = None
    byline: str | None = None
    published: str | None = None  # ISO 8601 with offset; none when the page names no clock (its wall time)
    site_name: str | None = None
    lead_image: Image | None = None
    blocks: list[Block] = field(default_factory=list)
    read_next: list[StoryLink] = field(default_factory=list)
    related: list[StoryLink] = field(default_factory=list)
    # Where the body came from: "page" (extracted) or "feed" (fallback from the feed entry).
    source: str = "page"
    # A one-line note for the reader when the document is a fallback (why the page could not be used).
    note: str | None = None
    # The media files of the feed entry linking this page (not part of the cached page document).
    enclosures: list[Enclosure] = field(default_factory=list)
    # Not in the document: the page was wanted but could not be used (`note` says why), so the feed's text
    # stands in - a failure (`read` exits 1, the TUI says it as an error); not so for an entry that has no
    # page (no link, a link to a file) or a feed set to its own text.
    page_failed: bool = False

    @property
    def text(self) -> str:
        """The body as plain text, blocks separated by blank lines."""
        return "\n\n".join(t for t in (block_text(b) for b in self.blocks) if t)

    def links(self) -> list[Link]:
        """Every in-body link in reading order (the numbering the reader shows)."""
        out: list[Link] = []
        for block in self.blocks:
            if isinstance(block, Paragraph):
                out.extend(block.links)
        return out

    def to_json(self) -> dict[str, Any]:
        """The DESIGN.md Article document."""
        doc: dict[str, Any] = {
            "url": self.url,
            "title": self.title,
            "byline": self.byline,
            "published": self.published,
            "site_name": self.site_name,
            "lead_image": asdict(self.lead_image) if self.lead_image else None,
            "blocks": [_block_json(b) for b in self.blocks],
            "read_next": [{"title": s.title, "url": s.url} for s in self.read_next],
            "related": [asdict(s) for s in self.related],
            "text": self.text,
            "source": self.source,
            "note": self.note,
            "enclosures": [x.to_json() for x in self.enclosures],
        }
        return doc

    @classmethod
    def from_json(cls, doc: dict[str, Any]) -> Article:
        lead = doc.get("lead_image")
        blocks: list[Block] = []
        for raw in doc.get("blocks") or []:
            kind = _BLOCK_TYPES.get(raw.get("type", ""))
            if kind is None:
                continue
            fields = {k: v for k, v in raw.items() if k != "type"}
            if kind is Paragraph:
                fields["links"] = [Link(**link) for link in fields.get("links") or []]
                fields["marks"] = [Mark(**mark) for mark in fields.get("marks") or []]
            blocks.append(kind(**fields))
        return cls(
            url=doc["url"],
            title=doc.get("title"),
            byline=doc.get("byline"),
            published=doc.get("published"),
            site_name=doc.get("site_name"),
            lead_image=Image(**lead) if lead else None,
            blocks=blocks,
            read_next=[StoryLink(title=s["title"], url=s["url"]) for s in doc.get("read_next") or []],
            related=[StoryLink(**s) for s in doc.get("related") or []],
            source=doc.get("source") or "page",
            note=doc.get("note"),
            enclosures=[Enclosure.from_json(x) for x in doc.get("enclosures") or []],
        )


_OPTIONAL_KEYS = ("marks", "url", "date", "platform")  # additions to the contract: left out when empty


def _block_json(block: Block) -> dict[str, Any]:
    data = asdict(block)
    for key in _OPTIONAL_KEYS:
        if key in data and not data[key]:
            del data[key]
    return {"type": data.pop("type"), **data}


def block_text(block: Block) -> str:
    """The plain text of one block (what `Article.text` joins)."""
    if isinstance(block, Paragraph | Heading | Preformatted):
        return block.text
    if isinstance(block, Quote):
        return block.text
    if isinstance(block, Figure):
        return " ".join(p for p in (block.caption, block.credit) if p)
    if isinstance(block, ListBlock):
        return "\n".join(block.items)
    return "\n".join(" | ".join(row) for row in block.rows)


@dataclass(slots=True)
class Feed:
    """A subscription as stored."""

    id: int
    url: str
    title: str | None = None
    site_url: str | None = None
    tags: list[str] = field(default_factory=list)
    last_error: str | None = None
    last_updated: str | None = None
    unread: int = 0
    total: int = 0

    @property
    def name(self) -> str:
        return self.title or self.url


@dataclass(slots=True)
class Entry:
    """A feed entry as stored (what headlines show)."""

    id: int
    feed_id: int
    feed_title: str
    link: str | None
    title: str
    author: str | None
    published: str | None  # ISO 8601 UTC, None when the feed gave no date
    sort_time: str  # published or first seen: the headline order
    read: bool
    starred: bool
    summary: str | None = None
    enclosures: list[Enclosure] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "feed": self.feed_title,
            "title": self.title,
            "link": self.link,
            "author": self.author,
            "published": self.published,
            "read": self.read,
            "starred": self.starred,
            "summary": self.summary,
            "enclosures": [x.to_json() for x in self.enclosures],
        }


@dataclass(slots=True)
class ParsedEntry:
    """One entry as a feed parser produced it, already sanitised."""

    key: str  # stable id within the feed: guid, else link, else a hash
    title: str
    link: str | None = None
    author: str | None = None
    published: str | None = None
    summary: str | None = None  # plain text
    content: str | None = None  # HTML, kept for the article fallback
    enclosures: list[Enclosure] = field(default_factory=list)


@dataclass(slots=True)
class ParsedFeed:
    title: str | None
    site_url: str | None
    entries: list[ParsedEntry]
    dropped: int = 0  # entries past the configured cap (refresh.max_items), not in `entries`
