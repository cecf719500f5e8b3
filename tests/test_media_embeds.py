"""Players, charts and video pages that used to come back empty (pages written for this project).

- A player, chart or post a `<noscript>` holds counts where the page gives nothing else for that spot, and
  is never shown twice beside the scripted version; an accessible embed box's skip links go with it.
- HTML5 `<video>`/`<audio>` become the same numbered "Video: …"/"Audio: …" line as an iframe player, its
  link the file as it will be fetched (resolved against the page).
- A player or chart without a title of its own is named by its caption - its figure's, or one beside it
  (a caption or credit element after its box, the text beside it in a small box with generated class
  names) - not then repeated (its credit kept), else by a heading right before it that the reader does
  not see right above the line; a long caption, or one for two players, names none.
- A player titled with a word that names a chart's kind ("Map") keeps that title; a chart does not.
- A video page (YouTube's watch page shape, a `VideoObject` page of any site) is an article: the video's
  line, its description, its channel or author and its date.
The JSON, `--plain` and the TUI show the same lines.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from newsreader.cli import main
from newsreader.config import Config
from newsreader.extract import article_from_html_fragment, extract_article
from newsreader.layout import layout_article
from newsreader.models import Article, Figure, Heading, Link, Paragraph, block_text
from newsreader.plain import render_plain
from newsreader.refresh import refresh
from newsreader.store import Store
from tests.server import LoopbackServer, Reply
from tests.test_hostile_html import bounded
from tests.test_ui import SIZE, article_text, make_app, open_article

URL = "https://harbour.example/2025/06/11/tide-gauge-rebuilt"
OPEN = (
    "<p>The tide gauge at the end of the north pier has been rebuilt after the winter storms, and the "
    "harbour board says its readings are online again for the first time since January.</p>"
)
CLOSE = (
    "<p>The board will publish a year of readings in the autumn, when the new gauge has been checked "
    "against the old one that the museum keeps, its engineer said at the reopening.</p>"
)


def page(inner: str, head: str = "") -> str:
    return (
        f"<!DOCTYPE html><html><head><title>Tide gauge rebuilt</title>{head}</head><body><main><article>"
        f"<h1>Tide gauge rebuilt</h1><div class='css-q81x'>{OPEN}{inner}{CLOSE}</div>"
        "</article></main></body></html>"
    )


def extract(inner: str, head: str = "") -> Article:
    return extract_article(page(inner, head).encode(), URL)


def lines(art: Article) -> list[tuple[str, list[Link]]]:
    """The player and chart lines, with their links."""
    return [
        (b.text, b.links)
        for b in art.blocks
        if isinstance(b, Paragraph) and b.text.split(":")[0] in ("Video", "Audio", "Chart")
    ]


# noscript ----------------------------------------------------------------------------------------------
def test_a_chart_or_player_given_only_in_noscript_counts_once() -> None:
    art = extract(
        # An accessible embed box: skip links around a frame a script writes; the frame only in noscript.
        '<div class="css-e1" data-dot="embed"><a href="#embed-1-after">Skip the embedded content</a>'
        '<div class="css-e2"><div class="css-sizer"></div><noscript><iframe src="https://e.infogram.com/'
        '1a2b3c4d-tide-heights?src=embed" title="Tide heights, 2024" width="664"></iframe></noscript></div>'
        '<a id="embed-1-after" href="#embed-1-before">Back before the embedded content</a></div>'
        # A lazy player and its noscript copy: one line.
        '<iframe class="lazyload" data-src="https://www.youtube.com/embed/tIdE4gAuge1" title="The new gauge">'
        '</iframe><noscript><iframe src="https://www.youtube.com/embed/tIdE4gAuge1" title="The new gauge">'
        "</iframe></noscript>"
        # A placeholder nothing reads, and the player only in noscript.
        '<div class="js-player" data-provider="vimeo"></div><noscript><iframe src="https://player.vimeo.com/'
        'video/555000111" title="Storm night on the pier"></iframe></noscript>'
        # Datawrapper's script embed: the chart, not also its noscript picture.
        '<div style="min-height:420px" id="datawrapper-vis-Tg7Qx"><script type="text/javascript" defer '
        'src="https://datawrapper.dwcdn.net/Tg7Qx/embed.js" charset="utf-8" data-target="#datawrapper-vis-'
        'Tg7Qx"></script><noscript><img src="https://datawrapper.dwcdn.net/Tg7Qx/full.png" alt="Readings '
        'missed, by month" /></noscript></div>'
        # A lazy chart frame with its picture in noscript beside it, in a captioned figure.
        '<figure><iframe data-src="https://flo.uri.sh/visualisation/7654321/embed" title="Interactive or '
        'visual content"></iframe><noscript><img src="https://public.flourish.studio/visualisation/7654321/'
        'thumbnail" alt="chart visualization"></noscript><figcaption>High water at the north pier, by '
        "day.</figcaption></figure>"
    )
    assert lines(art) == [
        (
            "Chart: Tide heights, 2024",
            [Link("Tide heights, 2024", "https://e.infogram.com/1a2b3c4d-tide-heights")],
        ),
        ("Video: The new gauge", [Link("The new gauge", "https://www.youtube.com/watch?v=tIdE4gAuge1")]),
        (
            "Video: Storm night on the pier",
            [Link("Storm night on the pier", "https://vimeo.com/555000111")],
        ),
        (
            "Chart: Readings missed, by month",
            [Link("Readings missed, by month", "https://datawrapper.dwcdn.net/Tg7Qx/")],
        ),
        (  # the figure's caption names the chart (its frame's title only names Flourish's kind)
            "Chart: High water at the north pier, by day.",
            [Link("High water at the north pier, by day.", "https://flo.uri.sh/visualisation/7654321/")],
        ),
    ]
    assert not [b for b in art.blocks if isinstance(b, Figure)]  # no chart picture beside its chart
    assert art.text.count("High water at the north pier, by day.") == 1
    assert "embedded content" not in art.text  # the skip links lead nowhere here
    assert [link.url for link in art.links()].count("https://www.youtube.com/watch?v=tIdE4gAuge1") == 1


def test_a_chart_picture_given_only_in_noscript_is_a_figure_with_its_caption() -> None:
    art = extract(
        '<figure class="css-c9"><div class="js-chart" data-chart="levels"></div><noscript><img src="/charts/'
        'levels.png" alt="Sea level at the pier since 1990"></noscript><figcaption>The level rose 9 cm in '
        "thirty years. Source: harbour board</figcaption></figure>"
    )
    [figure] = [b for b in art.blocks if isinstance(b, Figure)]
    assert (figure.src, figure.caption) == (
        "https://harbour.example/charts/levels.png",
        "The level rose 9 cm in thirty years.",
    )


# HTML5 players -----------------------------------------------------------------------------------------
HTML5 = (
    '<figure class="css-v1"><video controls poster="/media/gauge.jpg" preload="none">'
    '<source src="/media/gauge/master.m3u8" type="application/x-mpegURL">'
    '<source src="/media/gauge/gauge-720.mp4" type="video/mp4">'
    "<p>Your browser cannot play this video.</p></video>"
    "<figcaption>The new gauge goes in at low water.</figcaption></figure>"
    '<audio controls aria-label="The foghorn, recorded in 1986" src="//cdn.harbour.example/foghorn.mp3">'
    "</audio>"
    '<div class="css-p2"><video src="clips/pier-at-dusk.webm" title="Video"></video></div>'
    # AMP's player, whose fallback words are no text of the page.
    '<amp-video controls width="640" height="360" layout="responsive" src="/media/gauge/timelapse.mp4">'
    "<div fallback><p>Your browser does not support HTML5 video.</p></div></amp-video>"
    # Not shown: a read-aloud bar a script drives, one hidden, an address that is the page itself, a
    # stream only a script can play, and a player with only a one-pixel poster.
    '<audio preload="none" src="https://tts.harbour.example/article/481.mp3"></audio>'
    '<audio controls style="display:none" src="/listen/481.mp3"></audio>'
    '<audio controls src="#"></audio>'
    '<video controls src="blob:https://harbour.example/5d1c"></video>'
    '<video poster="data:image/png;base64,iVBORw0KGgo=" src="https://ads.example/spot.mp4"></video>'
)


def test_html5_players_become_numbered_lines_with_the_address_as_fetched() -> None:
    art = extract(HTML5, head='<base href="https://harbour.example/news/">')
    assert lines(art) == [
        (  # its figure's caption names it
            "Video: The new gauge goes in at low water.",
            [
                Link(
                    "The new gauge goes in at low water.", "https://harbour.example/media/gauge/gauge-720.mp4"
                )
            ],
        ),
        (
            "Audio: The foghorn, recorded in 1986",
            [Link("The foghorn, recorded in 1986", "https://cdn.harbour.example/foghorn.mp3")],
        ),
        (
            "Video",
            [Link("Video", "https://harbour.example/news/clips/pier-at-dusk.webm")],
        ),
        (
            "Video",
            [Link("Video", "https://harbour.example/media/gauge/timelapse.mp4")],
        ),
    ]
    assert art.text.count("The new gauge goes in at low water.") == 1
    assert "cannot play" not in art.text and "does not support" not in art.text
    plain = render_plain(art)
    assert "Audio: The foghorn, recorded in 1986[2]" in plain
    assert "[1] https://harbour.example/media/gauge/gauge-720.mp4" in plain


# A player whose file has no title: its platform names it where known, else the label alone with its link;
# a host (a platform's CDN, the site's own) is no title.
UNTITLED = (
    '<div class="css-v7"><video controls src="https://cdn.jwplayer.com/videos/Xa8bC1d2-kP3q9.mp4"></video></div>'
    "<p>The board filmed the first high tide the new gauge measured, from the end of the north pier.</p>"
    '<audio controls src="https://traffic.megaphone.fm/HBR5551234.mp3?updated=1718000000"></audio>'
    "<p>Its chair spoke about the rebuild on the harbour's weekly podcast, recorded on the quay.</p>"
    '<div class="css-v8"><video controls src="https://media.harbour-cdn.example/v/91/8c1f.mp4"></video></div>'
)


def test_an_untitled_player_is_named_by_its_platform_never_by_a_host(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    art = extract(UNTITLED)
    assert lines(art) == [
        ("Video: JW Player", [Link("JW Player", "https://cdn.jwplayer.com/videos/Xa8bC1d2-kP3q9.mp4")]),
        (
            "Audio: Megaphone",
            [Link("Megaphone", "https://traffic.megaphone.fm/HBR5551234.mp3?updated=1718000000")],
        ),
        ("Video", [Link("Video", "https://media.harbour-cdn.example/v/91/8c1f.mp4")]),
    ]
    assert "cdn" not in art.text
    file = tmp_path / "page.html"
    file.write_text(page(UNTITLED))
    assert main(["read", str(file), "--base-url", URL]) == 0
    plain = capsys.readouterr().out
    assert "Video: JW Player[1]" in plain and "Audio: Megaphone[2]" in plain
    assert "\nVideo[3]\n" in plain and "[3] https://media.harbour-cdn.example/v/91/8c1f.mp4" in plain


# two-click consent boxes -----------------------------------------------------------------------------
CONSENT = (
    # The player's code waits in an attribute until the reader ticks the box; the box explains itself.
    '<div class="css-c1" data-held="&lt;iframe width=&quot;640&quot; '
    'src=&quot;https://www.youtube-nocookie.com/embed/Qx7tGa2bLw0?rel=0&quot;&gt;&lt;/iframe&gt;">'
    '<div class="css-c2"><div class="css-c3">Recommended editorial content</div>'
    "<p>Here you will find external content from YouTube that adds to the article. You can show it "
    "with one click and hide it again.</p><div><input type='checkbox' id='allow-yt'>"
    "<label for='allow-yt'>Allow YouTube content</label></div>"
    "<p>I agree that content from YouTube is shown to me. Personal data may be passed to third "
    "parties.</p></div></div>"
)


MIDDLE = (
    "<p>Divers fixed the new sensor to the pier's last pile at low water on Tuesday, and the board's "
    "engineer checked it against a hand reading that evening; the two agreed to the centimetre.</p>"
    "<p>The old gauge, a float in a well that dates from 1911, will stay where it is as a spare, and "
    "the museum has asked to show its paper charts from the great storm of 1953 next summer.</p>"
)


def test_a_consent_box_is_the_player_it_holds_not_its_notice() -> None:
    art = extract(MIDDLE + CONSENT)
    assert lines(art) == [
        ("Video: YouTube", [Link("YouTube", "https://www.youtube.com/watch?v=Qx7tGa2bLw0")])
    ]
    assert "Recommended editorial content" not in art.text and "I agree" not in art.text
    assert "harbour board says" in art.text and "its engineer said" in art.text


def test_a_consent_box_holding_its_embeds_address_in_its_props_goes() -> None:
    """The embed the notice stands for is named only in the box's hydration props (no frame yet)."""
    props = '{"type":"podcast","url":"https://harbour.podcasts.example/12-the-foghorn"}'
    box = CONSENT.replace("data-held=", f"data-props='{props}' data-x=", 1)
    box = box.replace("&lt;iframe", "&lt;span", 1)  # no frame held: only the address in the props
    art = extract(MIDDLE + box)
    assert "Recommended editorial content" not in art.text and "I agree" not in art.text
    assert "harbour board says" in art.text and "Divers fixed the new sensor" in art.text


# A share box offers the player's (or the story's) embed code to copy: a form field's value, a copy button's
# clipboard text. It is no player: it neither names a phantom player after the caption or heading beside it
# nor shares the real player's box.
EMBED_CODE = "&lt;iframe src=&quot;https://www.youtube.com/embed/LaMpS0dUsK1&quot;&gt;&lt;/iframe&gt;"
SHARE_BOXES = (
    '<figure class="css-f1"><iframe src="https://www.youtube.com/embed/LaMpS0dUsK1"></iframe>'
    "<figcaption>The lamps at dusk.</figcaption>"
    f'<div class="css-s1"><label>Embed</label><input type="text" readonly value="{EMBED_CODE}"></div>'
    "</figure>"
    "<p>The lamps were first lit in 1898 and ran on gas until the harbour board wired the pier in 1931.</p>"
    '<figure class="css-f2"><img src="/photos/pier-1931.jpg" alt="">'
    "<figcaption>Wiring the pier in 1931.</figcaption>"
    f'<div class="css-s2"><textarea readonly title="{EMBED_CODE}"></textarea></div></figure>'
    '<div class="css-b1"><h3>The keepers remember</h3><div class="css-s3">'
    f'<span class="css-k" data-clipboard-text="{EMBED_CODE}">Copy the embed code</span></div></div>'
    # A share menu's "Embed" button keeps the code in a data attribute of its own name.
    '<figure class="css-f3"><img src="/photos/keepers.jpg" alt=""><figcaption>The last keepers, 1931.'
    f'</figcaption><div class="share-tools"><button data-embed="{EMBED_CODE}">Embed</button></div></figure>'
)


def test_a_share_boxs_embed_code_is_no_player() -> None:
    art = extract(SHARE_BOXES)
    assert lines(art) == [
        (
            "Video: The lamps at dusk.",
            [Link("The lamps at dusk.", "https://www.youtube.com/watch?v=LaMpS0dUsK1")],
        )
    ]
    figures = [b for b in art.blocks if isinstance(b, Figure)]
    assert [f.caption for f in figures] == ["Wiring the pier in 1931.", "The last keepers, 1931."]
    assert Heading(3, "The keepers remember") in art.blocks
    assert "iframe" not in art.text


def test_a_checklist_in_the_text_is_not_a_consent_box() -> None:
    items = "".join(
        f"<li><input type='checkbox'> {thing}</li>"
        for thing in ("Check the tide tables", "Tell the harbour office", "Carry a radio")
    )
    # MIDDLE: enough text that the page is read as it is (a thin one is read again by a second opinion).
    art = extract(f"{MIDDLE}<p>Before you set out along the pier in a storm:</p><ul>{items}</ul>")
    assert "Tell the harbour office" in art.text


def test_a_toggle_beside_the_standfirst_is_no_consent_box() -> None:
    """A lone checkbox that opens a share menu, in the small box it shares with the standfirst: no embed
    is held there, so nothing is a consent notice and the standfirst stays."""
    share = (
        "<div class='share'><input type='checkbox' id='share-open'><label for='share-open'>Share</label>"
        "<ul><li><a href='https://twitter.com/intent/tweet?url=x'>X</a></li></ul></div>"
    )
    stand = "<p class='dek'>A float in a well from 1911 gives way to a radar sensor on the last pile.</p>"
    html = (
        "<!DOCTYPE html><html><head><title>Tide gauge rebuilt</title></head><body><article><header>"
        f"<h1>Tide gauge rebuilt</h1><div class='intro'>{stand}{share}</div></header>"
        f"<div class='css-q81x'>{OPEN}{MIDDLE}{CLOSE}</div></article></body></html>"
    )
    art = extract_article(html.encode(), URL)
    assert "radar sensor on the last pile" in art.text and "harbour board says" in art.text


def test_a_feed_entrys_player_links_the_file_resolved_against_the_entry() -> None:
    art = article_from_html_fragment(
        '<p>This week: the foghorn.</p><audio controls src="/episodes/foghorn.mp3" title="Episode 12: the '
        'foghorn"></audio>',
        "https://harbour.example/podcast/12",
        title="Episode 12",
        byline=None,
        published=None,
    )
    assert lines(art) == [
        (
            "Audio: Episode 12: the foghorn",
            [Link("Episode 12: the foghorn", "https://harbour.example/episodes/foghorn.mp3")],
        )
    ]


# titles ------------------------------------------------------------------------------------------------
def test_a_player_keeps_a_title_that_names_a_charts_kind_and_a_chart_does_not() -> None:
    art = extract(
        '<iframe src="https://www.youtube.com/embed/mApV1deo01" title="Map"></iframe>'
        '<iframe src="https://player.vimeo.com/video/123123123" title="Table: the pier in 1900"></iframe>'
        '<iframe src="https://datawrapper.dwcdn.net/Lc8Mp/1/" aria-label="Locator map"></iframe>'
        '<iframe src="https://datawrapper.dwcdn.net/Xy3Zq/" aria-label="Map: Where the gauge stands">'
        "</iframe>"
        # Infogram's script embed names its chart in `data-title`.
        '<div class="infogram-embed" data-id="9f8e7d6c-gauge-map" data-type="interactive" data-title="Map">'
        "</div><script>!function(e,i,n,s){}(document,0,'infogram-async','https://e.infogram.com/js/dist/"
        "embed-loader-min.js');</script>"
        '<div class="infogram-embed" data-id="5a6b7c8d-gauge-costs" data-title="What the new gauge cost">'
        "</div>"
    )
    assert lines(art)[:4] == [
        ("Video: Map", [Link("Map", "https://www.youtube.com/watch?v=mApV1deo01")]),
        ("Video: Table: the pier in 1900", [Link("Table: the pier in 1900", "https://vimeo.com/123123123")]),
        ("Chart: Datawrapper", [Link("Datawrapper", "https://datawrapper.dwcdn.net/Lc8Mp/1/")]),
        (
            "Chart: Where the gauge stands",
            [Link("Where the gauge stands", "https://datawrapper.dwcdn.net/Xy3Zq/")],
        ),
    ]
    assert lines(art)[4:] == [
        ("Chart: Infogram", [Link("Infogram", "https://e.infogram.com/9f8e7d6c-gauge-map")]),
        (
            "Chart: What the new gauge cost",
            [Link("What the new gauge cost", "https://e.infogram.com/5a6b7c8d-gauge-costs")],
        ),
    ]


# names: what the page says about a player without a title of its own ------------------------------------
NAMED = (
    # A WordPress embed figure whose frame title only names the player: the caption names it, its credit
    # stays as the caption's line.
    '<figure class="wp-block-embed is-provider-youtube"><div class="wp-block-embed__wrapper"><iframe '
    'title="YouTube video player" src="https://www.youtube.com/embed/gAuGe0002xY"></iframe></div>'
    '<figcaption class="wp-element-caption">Divers lower the new gauge. <span class="credit">Harbour Board'
    "</span></figcaption></figure>"
    # A heading right before the player's box, and none of its own.
    '<h3>The foghorn at dawn</h3><div class="css-a1"><audio controls src="/media/foghorn.mp3"></audio></div>'
    # The caption is the stronger signal; a credit at its end is kept.
    '<h3>The pier at night</h3><figure><video controls src="/media/night.mp4"></video><figcaption>Lamps '
    "along the pier. Photo: Ann Lee</figcaption></figure>"
    # A player's own title wins; its caption is then the caption.
    '<figure><video controls title="Low water" src="/media/low.mp4"></video><figcaption>The harbour '
    "mouth at the spring tide.</figcaption></figure>"
)
# More than a name: the caption stays whole and the player keeps its host's name.
LONG_CAPTION = (
    "The gauge goes in at low water, lowered from the crane barge by four divers who spent most of the "
    "morning in the harbour mouth, and the engineer checks the first readings against the museum's old "
    "gauge before the tide turns."
)
UNNAMED = (
    f'<figure><video controls src="/media/long.mp4"></video><figcaption>{LONG_CAPTION}</figcaption></figure>'
    # One caption for two players names neither; a heading with a paragraph after it is no player's.
    '<figure><video controls src="/media/east.mp4"></video><video controls src="/media/west.mp4"></video>'
    "<figcaption>The east and west piers.</figcaption></figure>"
    "<h2>Readings</h2><p>The first readings came in at noon.</p>"
    '<video controls src="/media/noon.mp4"></video>'
)


def test_a_player_without_a_title_is_named_by_its_caption_or_the_heading_before_it() -> None:
    art = extract(NAMED)
    assert lines(art) == [
        (
            "Video: Divers lower the new gauge.",
            [Link("Divers lower the new gauge.", "https://www.youtube.com/watch?v=gAuGe0002xY")],
        ),
        # The heading right above says what it is: the line says what it is (no platform: the label alone).
        ("Audio", [Link("Audio", "https://harbour.example/media/foghorn.mp3")]),
        (
            "Video: Lamps along the pier.",
            [Link("Lamps along the pier.", "https://harbour.example/media/night.mp4")],
        ),
        ("Video: Low water", [Link("Low water", "https://harbour.example/media/low.mp4")]),
    ]
    paragraphs = [b.text for b in art.blocks if isinstance(b, Paragraph)]
    # The caption that names a player is not said again; its credit is, and so is a caption beside a title.
    assert paragraphs[1:-1] == [
        "Video: Divers lower the new gauge.",
        "Harbour Board",
        "Audio",
        "Video: Lamps along the pier.",
        "Photo: Ann Lee",
        "Video: Low water",
        "The harbour mouth at the spring tide.",
    ]


def test_a_captions_own_video_label_is_not_said_twice() -> None:
    art = extract(
        '<figure><video controls src="/media/storm.mp4"></video><figcaption>WATCH: Storm over the pier'
        '</figcaption></figure><figure><audio controls src="/media/horn.mp3"></audio><figcaption>Audio: the '
        "horn's last call</figcaption></figure>"
    )
    assert [text for text, _ in lines(art)] == ["Video: Storm over the pier", "Audio: the horn's last call"]


def test_a_long_caption_or_a_shared_one_names_no_player() -> None:
    art = extract(UNNAMED)
    assert [text for text, _ in lines(art)] == ["Video"] * 4
    assert art.text.count(LONG_CAPTION) == 1 and art.text.count("The east and west piers.") == 1


def test_read_json_names_a_captioned_player_by_its_caption(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "page.html"
    file.write_text(page(NAMED))
    assert main(["read", str(file), "--json", "--base-url", URL]) == 0
    doc = json.loads(capsys.readouterr().out)
    texts = [b["text"] for b in doc["blocks"] if b["type"] == "paragraph"]
    assert texts[1:4] == ["Video: Divers lower the new gauge.", "Harbour Board", "Audio"]
    foghorn = {
        "type": "paragraph",
        "text": "Audio",
        "links": [{"text": "Audio", "url": "https://harbour.example/media/foghorn.mp3"}],
    }
    at = doc["blocks"].index(foghorn)
    assert doc["blocks"][at - 1] == {"type": "heading", "level": 3, "text": "The foghorn at dawn"}
    assert doc["text"].count("Lamps along the pier.") == 1 and doc["text"].count("The foghorn at dawn") == 1


# A heading names a player only where the reader does not see it right above the line: a browser's reader
# view shows the heading (the page's own words, in its outline) and then the player, which has no title.
HEADINGS_AND_PLAYERS = (
    # A section's heading, then a video box (generated class names).
    '<h2 class="css-h1">Divers at work</h2><div class="css-v1">'
    '<video controls src="/media/divers.mp4"></video></div>'
    # A video box that opens with its own heading: the player's title, said once, on its line.
    '<div class="css-v3"><h2 class="css-h1">The new gauge goes in</h2>'
    '<video controls src="/media/gauge.mp4"><p>To view this video please enable JavaScript</p></video></div>'
    # A heading only screen readers get: hidden, so it is no block, and it names the player.
    '<h3 hidden>Storm over the pier</h3><iframe title="YouTube video player" '
    'src="https://www.youtube.com/embed/sToRm00001x"></iframe>'
    # "Video: …" as a heading: the line does not say it again either.
    '<h3>Video: The pier at night</h3><div class="css-v2"><iframe src="https://player.vimeo.com/video/777"></iframe>'
    "</div>"
)


def test_a_heading_the_reader_sees_above_a_player_is_not_said_again_on_its_line() -> None:
    art = extract(HEADINGS_AND_PLAYERS)
    assert lines(art) == [
        ("Video", [Link("Video", "https://harbour.example/media/divers.mp4")]),
        (
            "Video: The new gauge goes in",
            [Link("The new gauge goes in", "https://harbour.example/media/gauge.mp4")],
        ),
        (
            "Video: Storm over the pier",
            [Link("Storm over the pier", "https://www.youtube.com/watch?v=sToRm00001x")],
        ),
        ("Video: Vimeo", [Link("Vimeo", "https://vimeo.com/777")]),
    ]
    texts = [block_text(b) for b in art.blocks]
    assert texts[1:8] == [
        "Divers at work",
        "Video",
        "Video: The new gauge goes in",
        "Video: Storm over the pier",
        "Video: The pier at night",
        "Video: Vimeo",
        CLOSE[3:-4],
    ]
    headings = [b.text for b in art.blocks if isinstance(b, Heading)]
    assert headings == ["Divers at work", "Video: The pier at night"]


@pytest.mark.parametrize(
    "hero",
    [
        '<h1>Tide gauge rebuilt</h1><div class="css-p"><iframe src="{src}"></iframe></div>',
        # The headline opens the box the player fills: still the story's headline, not the player's title.
        '<div class="css-p"><h1>Tide gauge rebuilt</h1><iframe src="{src}"></iframe></div>',
    ],
)
def test_a_player_right_under_the_headline_does_not_repeat_the_title(hero: str) -> None:
    """The headline before the story's first player is the article's title, shown above the body."""
    player = hero.format(src="https://www.youtube.com/embed/tItLe00001x")
    html = (
        "<html><head><title>Tide gauge rebuilt</title></head><body><article>"
        f"{player}{OPEN}{MIDDLE}{CLOSE}</article></body></html>"
    )
    art = extract_article(html.encode(), URL)
    assert art.title == "Tide gauge rebuilt"
    assert lines(art) == [
        ("Video: YouTube", [Link("YouTube", "https://www.youtube.com/watch?v=tItLe00001x")])
    ]


# A caption beside a player rather than inside its figure: found by the rules of a picture's caption.
CAPTIONS_BESIDE = (
    # A caption element right after the embed's wrapper; its credit stays as the caption's line.
    '<div class="video-embed"><iframe title="YouTube video player" '
    'src="https://www.youtube.com/embed/bEsIdE0001x"></iframe></div>'
    '<p class="video-caption">Divers lower the new gauge. <span class="credit">Harbour Board</span></p>'
    # Generated class names: the text right next to the player's branch in a small box.
    '<div class="css-b1"><div class="css-b2"><iframe src="https://player.vimeo.com/video/424242"></iframe>'
    '</div><div class="css-b3"><span>The pier at dusk, from the lighthouse</span> <span>Photo: Ann Lee</span>'
    "</div></div>"
    # A figcaption in the player's box, no <figure> around it.
    '<div class="css-b4"><div><video controls src="/media/lamps.mp4"></video></div>'
    '<figcaption class="css-b5">Lamps along the pier</figcaption></div>'
)
NOT_CAPTIONS = (
    # A paragraph after the player's box is the story's next paragraph, not its caption.
    '<div class="css-n1"><iframe src="https://www.youtube.com/embed/nOtCaP0001x"></iframe></div>'
    "<p>The first readings came in at noon, the engineer said.</p>"
    # A credit line names who filmed it, not what it shows.
    '<div class="css-n2"><iframe src="https://player.vimeo.com/video/515151"></iframe></div>'
    '<div class="video-credit">Harbour Board Films</div>'
)


def test_a_caption_beside_a_player_names_it() -> None:
    art = extract(CAPTIONS_BESIDE + NOT_CAPTIONS)
    assert lines(art) == [
        (
            "Video: Divers lower the new gauge.",
            [Link("Divers lower the new gauge.", "https://www.youtube.com/watch?v=bEsIdE0001x")],
        ),
        (
            "Video: The pier at dusk, from the lighthouse",
            [Link("The pier at dusk, from the lighthouse", "https://vimeo.com/424242")],
        ),
        (
            "Video: Lamps along the pier",
            [Link("Lamps along the pier", "https://harbour.example/media/lamps.mp4")],
        ),
        ("Video: YouTube", [Link("YouTube", "https://www.youtube.com/watch?v=nOtCaP0001x")]),
        ("Video: Vimeo", [Link("Vimeo", "https://vimeo.com/515151")]),
    ]
    texts = [block_text(b) for b in art.blocks]
    assert texts[1:-1] == [
        "Video: Divers lower the new gauge.",
        "Harbour Board",
        "Video: The pier at dusk, from the lighthouse",
        "Photo: Ann Lee",
        "Video: Lamps along the pier",
        "Video: YouTube",
        "The first readings came in at noon, the engineer said.",
        "Video: Vimeo",
        "Harbour Board Films",
    ]


# video pages -------------------------------------------------------------------------------------------
WATCH = (
    "<!DOCTYPE html><html><head><title>Rebuilding the tide gauge - Pier TV</title>"
    '<meta property="og:site_name" content="Pier TV">'
    '<meta property="og:title" content="Rebuilding the tide gauge">'
    '<meta property="og:type" content="video.other">'
    '<meta property="og:image" content="https://img.pier.example/v/gauge01/max.jpg">'
    '<meta property="og:description" content="How the harbour board rebuilt its tide gauge.">'
    "</head><body><div id='app' itemscope itemtype='http://schema.org/VideoObject'>"
    '<meta itemprop="name" content="Rebuilding the tide gauge">'
    '<meta itemprop="description" content="How the harbour board rebuilt its tide gauge after the storms.">'
    '<span itemprop="author" itemscope itemtype="http://schema.org/Person"><link itemprop="url" '
    'href="https://pier.example/c/harbourboard"><link itemprop="name" content="Harbour Board"></span>'
    '<link itemprop="embedUrl" href="https://www.youtube.com/embed/gAuGe0001xY">'
    '<meta itemprop="datePublished" content="2025-06-11">'
    "<div class='player'><video src='blob:https://pier.example/91ab'></video></div>"
    "<div class='rail'><a href='/watch?v=other1'>Another film</a><a href='/watch?v=other2'>More</a></div>"
    "</div></body></html>"
)
TALK = (
    "<!DOCTYPE html><html><head><title>Talks: Measuring the sea</title>"
    '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "VideoObject", '
    '"name": "Measuring the sea", "description": "A talk on tide gauges.\\n\\nRecorded at the harbour '
    'museum in May.", "uploadDate": "2025-05-20T18:00:00+01:00", "author": {"@type": "Person", "name": '
    '"Ada Pierce"}, "thumbnailUrl": "https://talks.example/t/sea.jpg", "contentUrl": '
    '"https://media.talks.example/sea.mp4", "embedUrl": "https://talks.example/embed/sea"}</script>'
    "</head><body><header><a href='/'>Talks</a></header><div id='player'></div></body></html>"
)


def test_a_video_page_is_an_article_of_its_video_and_description() -> None:
    art = extract_article(WATCH.encode(), "https://pier.example/watch?v=gAuGe0001xY")
    assert (art.title, art.byline, art.published) == (
        "Rebuilding the tide gauge",
        "Harbour Board",
        "2025-06-11T00:00:00",
    )
    assert art.lead_image is not None and art.lead_image.src == "https://img.pier.example/v/gauge01/max.jpg"
    assert art.blocks == [
        Paragraph(
            "Video: Rebuilding the tide gauge",
            [Link("Rebuilding the tide gauge", "https://www.youtube.com/watch?v=gAuGe0001xY")],
        ),
        Paragraph("How the harbour board rebuilt its tide gauge after the storms.", []),
    ]
    talk = extract_article(TALK.encode(), "https://talks.example/sea")
    assert (talk.title, talk.byline, talk.published) == (
        "Measuring the sea",
        "Ada Pierce",
        "2025-05-20T18:00:00+01:00",
    )
    assert talk.lead_image is not None and talk.lead_image.src == "https://talks.example/t/sea.jpg"
    assert [b.text for b in talk.blocks if isinstance(b, Paragraph)] == [
        "Video: Measuring the sea",
        "A talk on tide gauges.",
        "Recorded at the harbour museum in May.",
    ]
    assert talk.links()[0].url == "https://media.talks.example/sea.mp4"


@pytest.mark.parametrize(
    ("written", "base", "plays"),
    [
        ('"contentUrl": "/media/sea.mp4"', "", "https://talks.example/media/sea.mp4"),
        (
            '"embedUrl": "//www.youtube.com/embed/SeaTalk0001"',
            "",
            "https://www.youtube.com/watch?v=SeaTalk0001",
        ),
        (
            '"contentUrl": "sea.mp4"',
            '<base href="https://cdn.talks.example/v/">',
            "https://cdn.talks.example/v/sea.mp4",
        ),
    ],
)
def test_a_video_page_resolves_its_video_address_against_the_page(
    written: str, base: str, plays: str
) -> None:
    """The `VideoObject` names its file or player as a path or without a scheme: the "Video:" line links
    to it as the page's own links resolve (its <base> included), not to the page itself."""
    talk = TALK.replace(
        '"contentUrl": "https://media.talks.example/sea.mp4", "embedUrl": "https://talks.example/embed/sea"',
        written,
    ).replace("<head>", f"<head>{base}")
    art = extract_article(talk.encode(), "https://talks.example/sea")
    assert art.blocks[0] == Paragraph("Video: Measuring the sea", [Link("Measuring the sea", plays)])


@pytest.mark.parametrize("page_type", ["NewsArticle", "WebPage"])
def test_an_article_with_a_video_in_its_metadata_stays_the_article(page_type: str) -> None:
    ld = (
        f'<script type="application/ld+json">[{{"@context": "https://schema.org", "@type": "{page_type}", '
        '"name": "Tide gauge rebuilt"}, {"@context": "https://schema.org", "@type": "VideoObject", '
        '"name": "Harbour TV", "description": "Our video.", "contentUrl": "https://harbour.example/v.mp4"}]'
        "</script>"
    )
    art = extract("", head=ld)
    assert lines(art) == [] and art.title == "Tide gauge rebuilt"
    assert [b.text for b in art.blocks if isinstance(b, Paragraph)] == [
        " ".join(OPEN[3:-4].split()),
        " ".join(CLOSE[3:-4].split()),
    ]


@pytest.mark.parametrize("page_type", ["WebPage", "BlogPosting"])
def test_an_article_with_a_microdata_video_inside_its_page_item_stays_the_article(page_type: str) -> None:
    """A theme that marks the whole page up as a microdata `WebPage` (or the post as a `BlogPosting`), the
    story's video a `VideoObject` inside it: an article with a video, as the JSON-LD rule says - no
    "Video:" line named after the story is put at its top."""
    video = (
        '<div itemprop="video" itemscope itemtype="http://schema.org/VideoObject">'
        '<meta itemprop="name" content="Drone flight over the pier">'
        '<meta itemprop="embedUrl" content="https://player.harbour.example/embed/9"></div>'
    )
    html = page(video).replace("<body>", f'<body itemscope itemtype="https://schema.org/{page_type}">')
    art = extract_article(html.encode(), URL)
    assert lines(art) == [] and art.title == "Tide gauge rebuilt"


# front ends --------------------------------------------------------------------------------------------
def test_read_json_and_plain_show_the_new_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = tmp_path / "page.html"
    file.write_text(page(HTML5))
    assert main(["read", str(file), "--json", "--base-url", URL]) == 0
    doc = json.loads(capsys.readouterr().out)
    shown = [b for b in doc["blocks"] if b["type"] == "paragraph" and b["text"][:5] in ("Video", "Audio")]
    assert shown == [
        {
            "type": "paragraph",
            "text": "Video: The new gauge goes in at low water.",
            "links": [
                {
                    "text": "The new gauge goes in at low water.",
                    "url": "https://harbour.example/media/gauge/gauge-720.mp4",
                }
            ],
        },
        {
            "type": "paragraph",
            "text": "Audio: The foghorn, recorded in 1986",
            "links": [
                {"text": "The foghorn, recorded in 1986", "url": "https://cdn.harbour.example/foghorn.mp3"}
            ],
        },
        {
            "type": "paragraph",
            "text": "Video",
            "links": [{"text": "Video", "url": "https://harbour.example/2025/06/11/clips/pier-at-dusk.webm"}],
        },
        {
            "type": "paragraph",
            "text": "Video",
            "links": [{"text": "Video", "url": "https://harbour.example/media/gauge/timelapse.mp4"}],
        },
    ]
    # the Article document round-trips; `numbered_links` is read's own addition (the layout's numbers)
    assert Article.from_json(doc).to_json() == {k: v for k, v in doc.items() if k != "numbered_links"}
    watch = tmp_path / "watch.html"
    watch.write_text(WATCH)
    watch_url = "https://pier.example/watch?v=gAuGe0001xY"
    assert main(["read", str(watch), "--json", "--base-url", watch_url]) == 0
    video = json.loads(capsys.readouterr().out)
    assert (video["title"], video["byline"], video["text"]) == (
        "Rebuilding the tide gauge",
        "Harbour Board",
        "Video: Rebuilding the tide gauge\n\nHow the harbour board rebuilt its tide gauge after the storms.",
    )
    assert main(["read", str(watch), "--plain", "--base-url", watch_url]) == 0
    plain = capsys.readouterr().out
    assert "Video: Rebuilding the tide gauge[1]" in plain
    assert "[1] https://www.youtube.com/watch?v=gAuGe0001xY" in plain


async def test_the_article_screen_shows_players_charts_and_a_video_page(
    tmp_path: Path, server: LoopbackServer
) -> None:
    noscript = (
        '<div class="css-e2"><noscript><iframe src="https://e.infogram.com/1a2b3c4d-tide-heights?src=embed" '
        'title="Tide heights, 2024"></iframe></noscript></div>'
    )
    server.routes["/2025/06/11/gauge"] = Reply(
        page(noscript + HTML5 + UNTITLED).encode(), content_type="text/html"
    )
    server.routes["/watch"] = Reply(WATCH.encode(), content_type="text/html")
    server.routes["/feed"] = Reply(
        "<rss version='2.0'><channel><title>Harbour</title>"
        f"<item><title>Tide gauge rebuilt</title><link>{server.url('/2025/06/11/gauge')}</link></item>"
        f"<item><title>Rebuilding the tide gauge</title><link>{server.url('/watch')}</link></item>"
        "</channel></rss>".encode()
    )
    store = Store.open(tmp_path / "db")
    store.add_feed(server.url("/feed"))
    async for result in refresh(store, Config()):
        assert result.ok
    async with make_app(store).run_test(size=SIZE) as pilot:
        text = article_text(await open_article(pilot, store, "/gauge"))
        await pilot.press("q")
        await pilot.press("q")
        watch = article_text(await open_article(pilot, store, "/watch"))
    for shown in (
        "Chart: Tide heights, 2024[1]",
        "Video: The new gauge goes in at low water.[2]",
        "Audio: The foghorn, recorded in 1986[3]",
        "Video: JW Player[6]",
        "Audio: Megaphone[7]",
    ):
        assert shown in text
    assert "\nVideo[4]\n" in text and "\nVideo[8]\n" in text
    assert "Video: Rebuilding the tide gauge[1]" in watch
    assert "How the harbour board rebuilt its tide gauge after the storms." in watch
    layout = layout_article(extract(noscript))
    assert [ref.url for ref in layout.links] == ["https://e.infogram.com/1a2b3c4d-tide-heights"]


def test_a_flood_of_players_noscripts_and_skip_links_stays_linear() -> None:
    """Each noscript and skip link is judged against its own box, measured once: a page of thousands of
    them in one box (or nested) costs no more than thousands of players did before."""
    frame = "<iframe src='https://www.youtube.com/embed/fLoOd00001'></iframe>"
    flat = "<div>" + f"<a href='#next'>Skip</a>{frame}<noscript>{frame}</noscript>" * 8000 + "</div>"
    nested = f"<div><a href='#x'>Skip</a>{frame}" * 900 + "</div>" * 900
    captioned = "<figure>" + frame * 8000 + "<figcaption>The pier at dusk</figcaption></figure>"
    for inner in (flat, nested, captioned):
        with bounded():
            art = extract(inner)
        assert lines(art)


async def test_json_plain_and_the_article_screen_say_a_heading_and_a_caption_once(
    tmp_path: Path, server: LoopbackServer, capsys: pytest.CaptureFixture[str]
) -> None:
    """The three front ends read one article: the heading above a player and the caption beside one are
    each said once, in the same words (the heading as a heading, the caption as the player's name)."""
    html = page(HEADINGS_AND_PLAYERS + CAPTIONS_BESIDE)
    server.routes["/2025/06/11/divers"] = Reply(html.encode(), content_type="text/html")
    server.routes["/feed"] = Reply(
        "<rss version='2.0'><channel><title>Harbour</title><item><title>Tide gauge rebuilt</title>"
        f"<link>{server.url('/2025/06/11/divers')}</link></item></channel></rss>".encode()
    )
    store = Store.open(tmp_path / "db")
    store.add_feed(server.url("/feed"))
    async for result in refresh(store, Config()):
        assert result.ok
    async with make_app(store).run_test(size=SIZE) as pilot:
        text = article_text(await open_article(pilot, store, "/divers"))
    file = tmp_path / "page.html"
    file.write_text(html)
    # `main` runs its own event loop: in a thread, beside the test's.
    assert await asyncio.to_thread(main, ["read", str(file), "--plain", "--base-url", URL]) == 0
    plain = capsys.readouterr().out
    assert await asyncio.to_thread(main, ["read", str(file), "--json", "--base-url", URL]) == 0
    doc = json.loads(capsys.readouterr().out)
    for shown in (text, plain, doc["text"]):
        assert shown.count("Divers at work") == 1 and shown.count("Divers lower the new gauge.") == 1
        assert shown.count("The pier at dusk, from the lighthouse") == 1 and "Photo: Ann Lee" in shown
    assert "Video: The pier at dusk, from the lighthouse[" in text
    assert "Video: The pier at dusk, from the lighthouse[" in plain
    assert {"type": "heading", "level": 2, "text": "Divers at work"} in doc["blocks"]


def test_a_consent_box_in_a_body_named_copy_still_holds_its_player() -> None:
    """ "Copy" names a copy button's box, but as often the article's text ("article-body-copy"): a held
    player there is the story's, not code offered to copy."""
    html = page(MIDDLE + CONSENT).replace("class='css-q81x'", "class='article-body-copy'")
    art = extract_article(html.encode(), URL)
    assert lines(art) == [
        ("Video: YouTube", [Link("YouTube", "https://www.youtube.com/watch?v=Qx7tGa2bLw0")])
    ]
