"""The scrolling article: one widget per block, inside a centred column of comfortable reading width
(on a very long page, runs of paragraphs share one: `widget_blocks`).

A widget per block lets the stylesheet set quotes off with a bar and indentation, lets the selected link's
block be re-rendered alone, and lets `scroll_to_widget` bring a link into view. Images are optional: when
textual-image was imported before the app started (see run.py) and `[ui] images` is on, figures load their
image in a worker and show it above the caption; otherwise (and until then) a placeholder line shows.
"""

from __future__ import annotations

import asyncio
import io
import sys
from typing import Any, cast

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Static

from newsreader.layout import (
    ArticleLayout,
    DisplayBlock,
    ImageBlock,
    Run,
    TableBlock,
    TextBlock,
    display_lines,
)
from newsreader.ui.render import block_content
from newsreader.ui.services import AppApi


class BlockView(Static):
    """A text block (or a run of paragraphs sharing one widget: `widget_blocks`); re-rendered with the
    selected link highlighted."""

    def __init__(self, block: TextBlock) -> None:
        super().__init__(block_content(block), classes=block.kind)
        self.block = block
        self.selected: int | None = None
        self.found: list[tuple[int, int]] = []
        self.current: tuple[int, int] | None = None

    def highlight(self, number: int | None) -> None:
        self.selected = number
        self.update(block_content(self.block, number, self.found, self.current))

    def mark(self, found: list[tuple[int, int]], current: tuple[int, int] | None = None) -> None:
        """Show the matches of a find in page (none: clear them)."""
        self.found, self.current = found, current
        self.update(block_content(self.block, self.selected, found, current))

    def line_of(self, offset: int) -> int:
        """The line of this block (0: its first) that shows character `offset`, at its width now."""
        width = self.content_size.width
        if offset <= 0 or width <= 0:
            return 0
        return max(len(Content(self.block.text[:offset]).wrap(width)) - 1, 0)


WRAP_MARKER = "↪ "  # starts a code line's continuation: the line was wrapped, not broken in the source


def wrap_code(content: Content, width: int) -> list[Content]:
    """Code lines cut to `width` cells, each continuation starting with WRAP_MARKER (styles kept)."""
    width = max(width, len(WRAP_MARKER) + 8)
    out: list[Content] = []
    for line in content.split("\n"):
        out.append(line[:width])
        rest = line[width:]
        step = width - len(WRAP_MARKER)
        while rest.cell_length:
            out.append(Content.assemble((WRAP_MARKER, "dim $text-accent"), rest[:step]))
            rest = rest[step:]
    return out


class CodeView(BlockView):
    """A code block: long lines wrap with a marker instead of silently, so a wrapped command reads as one
    line of code."""

    def _lines(self, width: int) -> list[Content]:
        return wrap_code(block_content(self.block, self.selected, self.found, self.current), width)

    def render(self) -> Content:
        return Content("\n").join(self._lines(self.content_size.width))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(width))


class ListView(Vertical):
    """A list with hanging indents: the bullet in its own column, so wrapped lines start under the text
    of their item, not under the bullet. Each item is a BlockView (find in page sees it)."""

    def __init__(self, block: TextBlock) -> None:
        super().__init__(classes="list")
        self.block = block

    def compose(self) -> ComposeResult:
        for bullet, item in list_items(self.block):
            with Horizontal(classes="list-row"):
                yield Static(Content(bullet), classes="bullet")
                yield BlockView(TextBlock("list-item", item))


def list_items(block: TextBlock) -> list[tuple[str, list[Run]]]:
    """(bullet, the runs of its item) for each item of a list block."""
    items: list[tuple[str, list[Run]]] = []
    for run in block.runs:
        if run.role == "bullet":
            items.append((run.text.strip(), []))
        elif items:
            items[-1][1].append(run)
    return items


def image_widget_class() -> type[Widget] | None:
    """textual-image's widget, only if it was imported before the app took the terminal (run.py does)."""
    module = sys.modules.get("textual_image.widget")
    image: type[Widget] | None = getattr(module, "Image", None)
    return image


class FigureView(Vertical):
    """A figure with an inline image: a fixed-height slot (so the page never shifts when the image arrives),
    then caption and credit. The slot shows the placeholder until the image loads; it collapses to one line
    if the image cannot be fetched or decoded."""

    def __init__(self, block: ImageBlock) -> None:
        super().__init__(classes="figure-box")
        self.block = block

    def compose(self) -> ComposeResult:
        first, *rest = self.block.placeholder.runs
        yield Static(Content(first.text), classes="image-slot")
        if rest:
            yield BlockView(TextBlock("caption", [Run(rest[0].text.lstrip("\n"), rest[0].role), *rest[1:]]))

    def on_mount(self) -> None:
        self.load_image()

    @work(exclusive=True, group="image")
    async def load_image(self) -> None:
        widget_class = image_widget_class()
        images = cast(AppApi, self.app).services.images
        data = await images.get(self.block.src) if widget_class else None
        slot = self.query_one(".image-slot", Static)
        if not data or widget_class is None:
            slot.add_class("failed")
            return
        try:
            picture = await asyncio.to_thread(decode_image, data)  # never on the UI thread
        except Exception:  # noqa: BLE001 - any undecodable or oversized image keeps its placeholder
            slot.add_class("failed")
            return
        await self.mount(widget_class(picture, classes="figure-image"), before=slot)
        await slot.remove()


MAX_PIXELS = (
    25_000_000  # far beyond what a terminal can show; a "decompression bomb" image stays a placeholder
)


def decode_image(data: bytes) -> Any:
    """Decode image bytes with Pillow, refusing images with absurd pixel counts before decoding them."""
    from PIL import Image as PILImage

    picture: Any = PILImage.open(io.BytesIO(data))
    width, height = picture.size
    if width * height > MAX_PIXELS:
        raise ValueError(f"image too large: {width}x{height}")
    picture.load()
    return picture


def table_view(block: TableBlock) -> Static:
    grid = Table(show_header=False, show_lines=False, expand=False, pad_edge=False, box=None)
    for _ in range(max(len(r) for r in block.rows)):
        grid.add_column(overflow="fold")
    for row in block.rows:
        grid.add_row(*(Text(c) for c in row))
    return Static(grid, classes="table")


# Textual spends about a millisecond per widget to mount, style and later remove it: a page of 20,000
# paragraphs (the extractor keeps up to 40,000 tags) took half a minute to open and as long to close.
MAX_BLOCK_WIDGETS = 400


def widget_blocks(blocks: list[DisplayBlock]) -> list[DisplayBlock]:
    """The blocks to give a widget each: `blocks`, or on a page of more than MAX_BLOCK_WIDGETS blocks,
    consecutive paragraphs joined into one block (a blank line between, as the stylesheet sets paragraphs
    apart), enough of them to keep the widgets about that many. Links, find and highlighting work on a
    joined block's runs as on any other."""
    if len(blocks) <= MAX_BLOCK_WIDGETS:
        return blocks
    size = -(-len(blocks) // MAX_BLOCK_WIDGETS)
    out: list[DisplayBlock] = []
    run: list[TextBlock] = []

    def flush() -> None:
        if len(run) == 1:
            out.append(run[0])
        elif run:
            runs = [r for i, b in enumerate(run) for r in ([Run("\n\n")] if i else []) + b.runs]
            out.append(TextBlock("paragraph", runs))
        run.clear()

    for block in blocks:
        if isinstance(block, TextBlock) and block.kind == "paragraph":
            run.append(block)
            if len(run) == size:
                flush()
        else:
            flush()
            out.append(block)
    flush()
    return out


def block_widget(block: DisplayBlock) -> Widget:
    if isinstance(block, TextBlock):
        if block.kind == "list":
            return ListView(block)
        return CodeView(block) if block.kind == "pre" else BlockView(block)
    if isinstance(block, ImageBlock):
        return FigureView(block)
    return table_view(block)


class ArticleView(VerticalScroll):
    """The scroll area; its child `#page` is the reading column (max width set in app.tcss)."""

    def compose(self) -> ComposeResult:
        yield Vertical(id="page")

    @property
    def page(self) -> Vertical:
        return self.query_one("#page", Vertical)

    async def show_article(self, rendered: ArticleLayout) -> None:
        """Replace what is shown with `rendered` (in one batch, so there is no flash of an empty page)."""
        with self.app.batch_update():
            await self.page.remove_children()
            await self.page.mount_all([block_widget(b) for b in widget_blocks(rendered.blocks)])

    async def show_message(self, text: str, *, error: bool = False) -> None:
        """A loading or error state in place of the article: raw text (a URL, a server's reason), cleaned
        here (a display boundary) and shown literally."""
        with self.app.batch_update():
            await self.page.remove_children()
            shown = Text(display_lines(text))
            await self.page.mount(Static(shown, classes="message error" if error else "message"))
        self.scroll_home(animate=False)

    def show_offset(self, view: BlockView, offset: int = 0) -> None:
        """Scroll so that character `offset` of `view` is in the window: a block taller than the window
        (paragraphs sharing a widget) is brought to that line, not to its first."""
        line = view.line_of(offset)
        if not line:
            self.scroll_to_widget(view, animate=False)
            return
        self.scroll_to_widget(view, animate=False, top=True, immediate=True)
        self.scroll_to(y=self.scroll_y + max(line - 2, 0), animate=False, immediate=True)

    def block_for_link(self, number: int) -> BlockView | None:
        for view in self.query(BlockView):
            if number in view.block.links:
                return view
        return None
