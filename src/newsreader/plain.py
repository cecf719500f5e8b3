"""`read --plain`: the article layout (`newsreader.layout`) as text for a pager.

The numbering, the links that get a number and the sanitising are the layout's, so `[n]` here is the
number the TUI shows; this module only decorates: wrapped lines, underlined headings, quote bars, and the
URLs of the numbered links listed under their sections.
"""

from __future__ import annotations

import textwrap

from newsreader.layout import (
    ArticleLayout,
    DisplayBlock,
    LinkRef,
    TableBlock,
    TextBlock,
    display_url,
    layout_article,
)
from newsreader.models import Article

WIDTH = 78
QUOTE_LABELS = {"quote pullquote": "Pull quote", "quote tweet": "Tweet", "quote tweet post": "Post"}


def _wrap(text: str, indent: str = "", first: str | None = None) -> str:
    lines = []
    for para in text.split("\n"):
        lines.append(
            textwrap.fill(
                para, WIDTH, initial_indent=first if first is not None else indent, subsequent_indent=indent
            )
            or indent.rstrip()
        )
        first = None
    return "\n".join(lines)


def _underline(text: str, char: str) -> str:
    return text + "\n" + char * min(len(text), WIDTH)


def render_plain(article: Article) -> str:
    layout = layout_article(article)
    out: list[str] = []
    body_links_listed = False
    for block in layout.blocks:
        if isinstance(block, TextBlock) and block.kind == "section-title" and not body_links_listed:
            out.append(_links(layout, "body"))
            body_links_listed = True
        text = _block(block, layout)
        if isinstance(block, TextBlock) and block.kind == "story" and out:
            out[-1] += "\n" + text  # the stories of a section are one list
        else:
            out.append(text)
    if not body_links_listed:
        out.append(_links(layout, "body"))
    return "\n\n".join(p for p in out if p) + "\n"


def _links(layout: ArticleLayout, section: str) -> str:
    refs = [ref for ref in layout.links if ref.section == section]
    if not refs:
        return ""
    return (
        _underline("Links", "-") + "\n" + "\n".join(f"[{ref.number}] {display_url(ref.url)}" for ref in refs)
    )


def _block(block: DisplayBlock, layout: ArticleLayout) -> str:
    if isinstance(block, TableBlock):
        return "\n".join("  " + " | ".join(row) for row in block.rows)
    if not isinstance(block, TextBlock):  # an inline image: never asked for here
        return ""
    kind = block.kind
    if kind == "title":
        return _underline(_wrap(block.text), "=")
    if kind.startswith("heading"):
        return _underline(block.text, "=" if kind in ("heading h1", "heading h2") else "-")
    if kind == "note":
        return _wrap(f"[{block.text}]")
    if kind.startswith("figure"):
        return _figure(block)
    if kind.startswith("quote"):
        return _quote(block)
    if kind == "list":
        return _list(block)
    if kind == "pre":
        return "\n".join("    " + line for line in block.text.split("\n"))
    if kind == "section-title":
        return _underline(block.text.title(), "-")
    if kind == "story":
        return _story(block, layout)
    return _wrap(block.text)


def _figure(block: TextBlock) -> str:
    """`[image: alt]` then `Caption: … (credit)`; the lead image shows only its caption."""
    caption, credit = " ".join(block.parts("caption")), " ".join(block.parts("credit"))
    lines = [] if block.kind == "figure lead" else ["  " + " ".join(block.parts("placeholder"))]
    if caption or credit:
        text = "Caption: " + caption
        lines.append(_wrap(f"{text} ({credit})" if credit else text, "  "))
    return "\n".join(lines)


def _quote(block: TextBlock) -> str:
    text = " ".join(block.parts("quote"))
    if block.kind.startswith("quote tweet") and not text:
        return f"  │ {block.text}"  # a post with no text: the layout's line names it ("Instagram post [n]")
    lines = [f"  │ ({label})"] if (label := QUOTE_LABELS.get(block.kind)) else []
    if text:
        lines.append(_wrap(text, "  │ "))
    if block.kind.startswith("quote tweet"):  # the layout's header line: author · date [permalink number]
        lines.append(f"  │ — {block.text.split(chr(10), 1)[0]}")
        return "\n".join(lines)
    cite = [part.removeprefix("— ") for part in block.parts("cite") + block.parts("author")]
    if cite:
        lines.append(f"  │ — {cite[0]}")
    return "\n".join(lines)


def _list(block: TextBlock) -> str:
    bullets, items = block.parts("bullet"), block.parts("")
    return "\n".join(_wrap(item, "    ", f"  {bullet} ") for bullet, item in zip(bullets, items, strict=True))


def _story(block: TextBlock, layout: ArticleLayout) -> str:
    number = next(iter(block.links))
    ref: LinkRef | None = layout.link(number)
    lines = [_wrap(f"[{number}] {' '.join(block.parts('story'))}", "     ")]
    if ref is not None:
        lines.append("     " + display_url(ref.url))
    if summary := block.parts("summary"):
        lines.append(_wrap(summary[0], "     "))
    return "\n".join(lines)
