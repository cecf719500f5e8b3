"""How a headline row uses the width it has: the headline first, then the date, then the feed.

At 80 columns an 18-column feed column saying "The Harbour Gazet…" on every row costs the headline a
quarter of its room and says nothing. So the feed column shows only when the rows come from more than one
feed, only when the headline keeps most of the width, without the part every feed name shares ("The
Harbour Gazette: World" and "…: Science" become "World" and "Science"), and the date is shorter on narrow
screens. Pure functions of the entries and the width, so they are tested without an app.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text

from newsreader.layout import parse_time
from newsreader.models import Entry
from newsreader.ui.widgets.table import ColumnSpec, cell

FEED_MAX = 18
FEED_MIN = 5
TITLE_SHARE = 0.6  # of the list's width, kept for the headline before a feed column is given room
WIDE = 100  # from this width on, dates are ISO (`2026-03-06`); below it, `Mar 06`
_SEPARATORS = (": ", " - ", " – ", " — ", " | ", " · ")


@dataclass(frozen=True, slots=True)
class RowLayout:
    date_width: int
    feed_width: int  # 0: no feed column
    short_names: tuple[tuple[str, str], ...] = ()  # feed name -> the part that tells it apart

    def columns(self) -> list[ColumnSpec]:
        specs = [ColumnSpec("flags", 2), ColumnSpec("date", self.date_width)]
        if self.feed_width:
            specs.append(ColumnSpec("feed", self.feed_width))
        return [*specs, ColumnSpec("title", 0)]

    def cells(self, entry: Entry) -> list[Text]:
        flags = Text(no_wrap=True)
        flags.append("●" if not entry.read else " ", "bold cyan")
        flags.append("★" if entry.starred else " ", "bold yellow")
        title_style = "bold" if not entry.read else ""
        cells = [flags, cell(self.date(entry.published or entry.sort_time), "dim")]
        if self.feed_width:
            name = entry.feed_title
            cells.append(cell(dict(self.short_names).get(name, name), "dim"))
        cells.append(cell(entry.title or "(untitled)", title_style))
        return cells

    def date(self, iso: str | None) -> str:
        when = parse_time(iso)
        if when is None:
            return " " * self.date_width
        return when.strftime("%Y-%m-%d" if self.date_width >= 10 else "%b %d")


def site_part(name: str) -> str:
    """`"The Harbour Gazette: "` of `"The Harbour Gazette: World"` (up to the last separator), or ""."""
    return name[: max((name.rfind(sep) + len(sep) for sep in _SEPARATORS if sep in name), default=0)]


def short_names(names: Sequence[str]) -> dict[str, str]:
    """Each name without the site part it shares with another name in the list (`World`, `Science`
    for two sections of one site); a name that shares nothing stays whole."""
    parts = Counter(site_part(n) for n in names)
    return {n: n.removeprefix(p) if (p := site_part(n)) and parts[p] > 1 and n != p else n for n in names}


def row_layout(entries: Sequence[Entry], width: int, *, one_feed: bool = False) -> RowLayout:
    """The layout for `entries` in a list `width` columns wide (`one_feed`: the list is one feed's)."""
    date_width = 10 if width >= WIDE else 6
    names = sorted({e.feed_title for e in entries})
    if one_feed or len(names) < 2:
        return RowLayout(date_width, 0)
    short = short_names(names)
    longest = max(len(n) for n in short.values())
    fixed = 2 + date_width + 2 * 4  # flags, date, and each column's padding
    room = width - fixed - int(width * TITLE_SHARE)
    feed_width = min(FEED_MAX, longest, room)
    if feed_width < FEED_MIN:
        return RowLayout(date_width, 0)
    return RowLayout(date_width, feed_width, tuple(short.items()))
