"""`read --plain`: the article as readable text for a pager, links numbered with the list at the end."""

from __future__ import annotations

import textwrap

from newsreader.models import Article, Figure, Heading, ListBlock, Paragraph, Preformatted, Quote, Table
from newsreader.urls import display_url

WIDTH = 78


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


def _meta(article: Article) -> str:
    when = (article.published or "")[:16].replace("T", " ")
    return " · ".join(p for p in (article.byline, when, article.site_name) if p)


def render_plain(article: Article) -> str:
    out: list[str] = []
    title = article.title or article.url
    out += [_wrap(title), "=" * min(len(title), WIDTH)]
    if meta := _meta(article):
        out.append(_wrap(meta))
    if article.note:
        out.append(_wrap(f"[{article.note}]"))
    if article.lead_image and (article.lead_image.caption or article.lead_image.credit):
        out.append(_wrap(_caption(article.lead_image.caption, article.lead_image.credit), "  "))
    links: list[str] = []
    for block in article.blocks:
        out.append(_block(block, links))
    if links:
        out.append("Links\n-----\n" + "\n".join(f"[{n}] {display_url(u)}" for n, u in enumerate(links, 1)))
    for name, stories in (("Read Next", article.read_next), ("Related", article.related)):
        if stories:
            body = []
            for story in stories:
                links.append(story.url)
                body.append(_wrap(f"[{len(links)}] {story.title}", "     "))
                body.append("     " + display_url(story.url))
                if story.summary:
                    body.append(_wrap(story.summary, "     "))
            out.append(f"{name}\n{'-' * len(name)}\n" + "\n".join(body))
    return "\n\n".join(out) + "\n"


def _caption(caption: str | None, credit: str | None) -> str:
    text = "Caption: " + (caption or "")
    return f"{text} ({credit})" if credit else text


def _block(block: object, links: list[str]) -> str:
    if isinstance(block, Paragraph):
        text = block.text
        for link in block.links:
            links.append(link.url)
            pos = text.find(link.text)
            marker = f"[{len(links)}]"
            if pos >= 0 and link.text:
                end = pos + len(link.text)
                text = text[:end] + marker + text[end:]
            else:
                text += " " + marker
        return _wrap(text)
    if isinstance(block, Heading):
        return block.text + "\n" + ("=" if block.level <= 2 else "-") * min(len(block.text), WIDTH)
    if isinstance(block, Quote):
        label = {"pullquote": "Pull quote", "tweet": "Tweet"}.get(block.kind)
        body = _wrap(block.text, "  │ ")
        if label:
            body = f"  │ ({label})\n" + body
        return body + (f"\n  │ — {block.cite}" if block.cite else "")
    if isinstance(block, Figure):
        label = f"[Image: {block.alt}]" if block.alt else "[Image]"
        caption = (
            _wrap(_caption(block.caption, block.credit), "  ") if (block.caption or block.credit) else ""
        )
        return "  " + label + ("\n" + caption if caption else "")
    if isinstance(block, ListBlock):
        return "\n".join(
            _wrap(item, "    ", f"  {n}. " if block.ordered else "  • ")
            for n, item in enumerate(block.items, 1)
        )
    if isinstance(block, Preformatted):
        return "\n".join("    " + line for line in block.text.split("\n"))
    if isinstance(block, Table):
        return "\n".join("  " + " | ".join(row) for row in block.rows)
    return ""
