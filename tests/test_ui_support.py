"""Helpers for the UI tests: a fixed-content store (no server, frozen dates) and screen text capture.

Named test_ui_* so it lives with the UI tests; it holds no tests itself.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.app import App

from newsreader.models import (
    Article,
    Figure,
    Heading,
    Image,
    Link,
    ListBlock,
    Paragraph,
    ParsedEntry,
    ParsedFeed,
    Quote,
    StoryLink,
    Table,
)
from newsreader.store import Store
from newsreader.ui.textual_private import screen_lines

BASE = "https://gazette.example"
INJECTION = "[ @click=app.quit]x [/]"


@pytest.fixture
def utc() -> Iterator[None]:
    """Dates are shown in local time: pin the zone so screens are the same on every machine."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    yield
    if old is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = old
    time.tzset()


def screen_text(app: App[Any]) -> str:
    """What the terminal shows right now, as plain text."""
    return "\n".join(screen_lines(app))


def _entries(slug: str, titles: list[str], day0: int) -> list[ParsedEntry]:
    return [
        ParsedEntry(
            key=f"{slug}-{i}",
            title=title,
            link=f"{BASE}/{slug}/{i}.html",
            author="Maren Holt",
            published=f"2026-03-{day0 - i:02d}T08:{i:02d}:00+00:00",
            summary=f"Summary of {title}",
        )
        for i, title in enumerate(titles)
    ]


def sample_article(url: str = f"{BASE}/world/0.html") -> Article:
    """An article using every block type, with a Read Next link and related stories."""
    return Article(
        url=url,
        title="Port Wenlow votes to rebuild its harbour wall",
        byline="Maren Holt",
        published="2026-03-06T07:45:00+00:00",
        site_name="The Harbour Gazette",
        lead_image=Image(
            f"{BASE}/i/wall.png", "The wall", "The eastern arm after the storms.", "Photo: E. Salter"
        ),
        blocks=[
            Paragraph(
                "After a year of argument the council backs a plan, says the harbour report.",
                [Link("harbour report", f"{BASE}/report.html")],
            ),
            Heading(2, "What happens next"),
            Quote("We can argue about the railings later.", "blockquote", "Councillor Ruth Penhallow"),
            Quote("Fog all day. Sounded the bell.", "tweet", "Wenlow Museum (@WenlowMuseum)"),
            Figure(f"{BASE}/i/blocks.png", "Granite blocks", "Numbered granite blocks.", "Photo: M. Holt"),
            ListBlock(["Survey the breach", "Relay the granite"], ordered=True),
            Table([["Year", "Cost"], ["2026", "£4.2m"]]),
            Paragraph("Work starts in [bold]spring[/bold] if the money arrives."),
        ],
        read_next=[StoryLink("Seagrass returns to Wenlow Bay", f"{BASE}/world/1.html")],
        related=[StoryLink("Tide gauge record", f"{BASE}/science/0.html", "The bay is rising faster.")],
    )


def fixed_store(path: Path, *, injection: bool = False) -> Store:
    """Two tagged feeds and one untagged, with fixed dates; the first World entry's article is cached."""
    store = Store.open(path)
    world = store.add_feed(f"{BASE}/world.xml", tags=["News"])
    science = store.add_feed(f"{BASE}/science.xml", tags=["News"])
    tech = store.add_feed(f"{BASE}/tech.xml")
    feeds = [
        (
            world,
            "The Harbour Gazette: World",
            "world",
            ["Harbour wall vote", "Seagrass returns", "Ferry timetable"],
        ),
        (science, "The Harbour Gazette: Science", "science", ["Tide gauge record", "Plankton glow"]),
        (tech, "Harbour Tech", "tech", [INJECTION if injection else "Mesh network", "Offline charts"]),
    ]
    for n, (feed, title, slug, titles) in enumerate(feeds):
        parsed = ParsedFeed(title, None, _entries(slug, titles, 20 - n))
        store.store_feed(feed.id, parsed, etag=None, last_modified=None, body_hash=slug, next_update=0)
    store.put_article([f"{BASE}/world/0.html"], sample_article().to_json())
    second = sample_article(f"{BASE}/world/1.html")
    second.title, second.read_next = "Seagrass returns to Wenlow Bay", []
    store.put_article([second.url], second.to_json())
    return store
