"""The article layout (`newsreader.layout`) as Textual `Content`: styles for roles, clicks for links.

Web text is never parsed as markup: the layout's strings (already sanitised there) go into `Content` as
literal text, and styles are attached as spans we create. The only action string we ever build is
`screen.follow_link(<int>)`, from a number the layout assigned, so a title such as `[@click=app.quit]`
stays text.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content, Span
from textual.style import Style

from newsreader.layout import Role, TextBlock

HIGHLIGHT_STYLE = "reverse"
STYLES: dict[Role, str] = {
    "link": "underline",
    "number": "bold $text-accent",
    "quote": "italic",
    "cite": "dim",
    "author": "bold",
    "bullet": "$text-accent",
    "credit": "dim italic",
    "placeholder": "dim",
    "story": "bold",
    "summary": "dim",
    "em": "italic",
    "strong": "bold",
    "code": "$text-warning",
}


FOUND_STYLE = "on $warning 40%"
CURRENT_FOUND_STYLE = "bold reverse $warning"


def block_content(
    block: TextBlock,
    highlight: int | None = None,
    found: Sequence[tuple[int, int]] = (),
    current: tuple[int, int] | None = None,
) -> Content:
    """The block as Content; the runs of link `highlight` are shown reversed, the `found` ranges of a
    find in page marked (the `current` one most)."""
    spans: list[Span] = []
    pos = 0
    for run in block.runs:
        end = pos + len(run.text)
        if style := STYLES.get(run.role):
            spans.append(Span(pos, end, style))
        if run.link is not None:
            spans.append(Span(pos, end, Style.from_meta({"@click": f"screen.follow_link({run.link})"})))
            if run.link == highlight:
                spans.append(Span(pos, end, HIGHLIGHT_STYLE))
        pos = end
    for start, end in found:
        spans.append(Span(start, end, CURRENT_FOUND_STYLE if (start, end) == current else FOUND_STYLE))
    return Content(block.text, spans)
