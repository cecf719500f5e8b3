"""Site-independent signals of the article extractor, each on a small page written for this project.

Body: JSON-LD `articleBody` when the HTML has none, an article hidden for streamed rendering, an article
inside a wrapper named like page chrome. Metadata: visible byline against a publisher name, bylines in
several languages and with several names, bylines on generated class names and never from a teaser card,
dates given only as text, entity-encoded JSON-LD headlines, the headline the `<h1>` and metadata agree on.
"""

from __future__ import annotations

import json

import pytest
from lxml import html as lhtml

from newsreader.dates import normalize_date, parse_text_date
from newsreader.extract import extract_article
from newsreader.extract.dom import (
    PROSE_AROUND_CARDS,
    PROSE_IN_BODY,
    PROSE_IN_NOTICE,
    in_figure,
    is_hidden,
    prose_length,
)
from newsreader.extract.header import clean_byline
from newsreader.models import Article, Paragraph

URL = "https://paper.example/2024/05/02/harbour-lights"
PROSE = (
    "The harbour lights were switched back on last night after three weeks of repairs, and the fishing "
    "boats that had waited outside the breakwater came home one after another before midnight. "
)
BODY = "".join(
    f"<p>{PROSE}Paragraph {i} adds its own detail, with a date, a name and a number.</p>" for i in range(4)
)


def page(body: str, head: str = "", title: str = "Harbour lights are back") -> bytes:
    return (
        f"<!doctype html><html><head><title>{title} | The Paper</title>"
        f'<meta property="og:site_name" content="The Paper">{head}</head><body>{body}</body></html>'
    ).encode()


def ld(obj: dict[str, object]) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj)}</script>'


def extract(data: bytes) -> Article:
    return extract_article(data, URL)


# body -------------------------------------------------------------------------------------------------
def test_json_ld_article_body_when_the_html_has_none() -> None:
    text = "\n\n".join(f"{PROSE}Part {i} of the story." for i in range(3))
    head = ld({"@type": "NewsArticle", "headline": "Harbour lights are back", "articleBody": text})
    art = extract(page("<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><div id='app'></div>", head))
    assert [b.text for b in art.blocks] == [f"{PROSE.strip()} Part {i} of the story." for i in range(3)]  # type: ignore[union-attr]


def test_json_ld_body_does_not_replace_an_html_body() -> None:
    head = ld({"@type": "NewsArticle", "articleBody": "A short teaser only."})
    art = extract(page(f"<article>{BODY}</article>", head))
    assert "teaser" not in art.text and "Paragraph 3" in art.text


def test_streamed_article_hidden_until_a_script_shows_it() -> None:
    shell = "<header><a href='/'>The Paper</a></header><main><div class='skeleton'></div></main>"
    art = extract(
        page(f"{shell}<div hidden id='S:1'><article><h1>Harbour lights are back</h1>{BODY}</article></div>")
    )
    assert "Paragraph 0" in art.text and "Paragraph 3" in art.text


def test_an_old_layout_tables_story_cell_without_its_menu_cell() -> None:
    # Text written straight into the cell, paragraphs parted by <br><br>, a centred picture between them;
    # the menu in the cell beside it.
    menu = "<br>".join(f"<a href='/s{i}.html'>Section {i}</a>" for i in range(6))
    story = "<br><br>".join(f"{PROSE}Paragraph {i} adds its own detail." for i in range(4))
    cell = story.replace(
        "<br><br>", "<br><br><center><img src='/p/quay.jpg' width='400' height='300'></center>", 1
    )
    body = (
        f"<table><tr><td width='160'><font size='2'><b>Sections</b><br>{menu}</font></td>"
        f"<td width='600'><font size='5'><b>Harbour lights are back</b></font><br>{cell}</td></tr></table>"
    )
    art = extract(page(body))
    assert "Paragraph 0" in art.text and "Paragraph 3" in art.text
    assert "Section 2" not in art.text and "Sections" not in art.text


def test_article_inside_a_wrapper_named_like_chrome() -> None:
    menu = "".join(f"<a href='/s{i}'>Section {i}</a> " for i in range(40))
    body = f"<div class='layout widget'><nav>{menu}</nav><div class='row'>{BODY}</div></div>"
    art = extract(page(body))
    assert "Paragraph 0" in art.text and "Section 3" not in art.text


def test_the_standfirst_under_the_headline_leads_the_body_but_not_a_caption() -> None:
    dek = (
        "Three weeks of repairs end as the fishing fleet comes home before midnight, the harbour master says"
    )
    header = (
        "<header class='hd-1'><h1>Harbour lights are back</h1><p class='hd-2'>By Mara Quill</p>"
        f"<p class='hd-3'>{dek}</p><div class='hd-4'><img src='/img/quay.jpg' width='1200' height='800'>"
        "<span class='hd-5'>The quay at dusk, seen from the breakwater, on a calm night</span></div></header>"
    )
    art = extract(page(f"<main>{header}<div class='story-body'>{BODY}</div></main>"))
    paragraphs = [b.text for b in art.blocks if isinstance(b, Paragraph)]
    assert paragraphs[0] == dek and paragraphs[1].startswith("The harbour lights")
    assert "The quay at dusk" not in " ".join(paragraphs)


def test_a_date_line_whose_parts_run_together_is_no_standfirst() -> None:
    # The page spaces the date, the time and "Updated" with CSS: as text they run together, and no date
    # reads in "May 2, 20247:12 AM GMTUpdated 2 hours ago". Its `<time>` says what it is.
    header = (
        "<header><h1>Harbour lights are back</h1><div class='dl-1'><time datetime='2024-05-02T07:12:00Z'>"
        "<span class='dl-2'>May 2, 2024</span><span class='dl-2'>7:12 AM GMT</span></time>"
        "<span class='dl-3'>Updated 2 hours ago</span></div></header>"
    )
    art = extract(page(f"<main>{header}<div class='story-body'>{BODY}</div></main>"))
    paragraphs = [b.text for b in art.blocks if isinstance(b, Paragraph)]
    assert paragraphs[0].startswith("The harbour lights")


@pytest.mark.parametrize(
    "label",
    [
        "<span>ADVERTISEMENT</span>",
        "<p class='css-2y'>Story continues below advertisement</p>",
        "<div>Anzeige</div>",
        "<div>Publicité</div>",
        "<p>Scroll to continue with content</p>",
        "<span>Reklam</span>",
        "<div>ARTICLE CONTINUES BELOW</div>",
    ],
)
def test_an_advert_slots_label_left_in_the_text_goes(label: str) -> None:
    slot = f"<div class='css-1x'>{label}<div id='gpt-slot-1'></div></div>"
    art = extract(
        page(f"<article><h1>Harbour lights are back</h1>{BODY.replace('</p>', '</p>' + slot, 1)}</article>")
    )
    assert [b.text for b in art.blocks if isinstance(b, Paragraph)] == [
        f"{PROSE}Paragraph {i} adds its own detail, with a date, a name and a number.".replace("  ", " ")
        for i in range(4)
    ]


def test_a_newsletter_box_whose_field_is_on_the_sign_up_page_goes() -> None:
    promo = (
        "<div class='css-nl1'><h3>Sign up for the Morning Tide</h3><p class='css-nl2'>The harbour's news, "
        "every weekday at six.</p><a class='css-nl3' href='/newsletters/morning-tide'>Sign up</a></div>"
    )
    art = extract(
        page(f"<article><h1>Harbour lights are back</h1>{BODY.replace('</p>', '</p>' + promo, 1)}</article>")
    )
    assert "Morning Tide" not in art.text and "every weekday" not in art.text
    # A sign-up link in a sentence of the story stays, with its sentence.
    line = (
        "<p>The harbour office sends a weekly bulletin; <a href='/newsletters/bulletin'>sign up here</a>.</p>"
    )
    art = extract(page(f"<article><h1>Harbour lights are back</h1>{BODY}{line}</article>"))
    assert "weekly bulletin" in art.text


def test_a_site_tagline_under_a_logo_h1_is_no_standfirst() -> None:
    site = (
        "<div class='brand'><h1>The Paper</h1><p>News from the harbour towns, every morning since 1921, "
        "for readers on the coast</p></div>"
    )
    art = extract(page(f"{site}<main><div class='story-body'>{BODY}</div></main>"))
    assert "every morning since 1921" not in art.text


def test_the_headline_said_again_is_no_standfirst_and_byline_lines_still_go() -> None:
    title = "Harbour lights are back on after three weeks"
    dek = (
        "The fishing fleet came home before midnight for the first time since March, the harbour master "
        "says, and the ferry will keep its winter timetable until the breakwater lamps are tested again"
    )
    header = (
        f"<header><h1>{title}</h1><h2 class='teaser-title'>Harbour news: harbour lights are back on after "
        f"three weeks</h2><p class='dek'>{dek}</p></header>"
    )
    body = f"<div class='story-body'><p>By Mara Quill</p><p>2 May 2024</p>{BODY}</div>"
    head = '<meta name="author" content="Mara Quill">'
    art = extract(page(f"<main>{header}{body}</main>", head=head, title=title))
    paragraphs = [b.text for b in art.blocks if isinstance(b, Paragraph)]
    assert paragraphs[0] == dek and paragraphs[1].startswith("The harbour lights were switched")


def test_a_standfirst_printed_again_in_the_body_is_shown_once() -> None:
    dek = "The fishing fleet came home before midnight, the harbour master says"
    header = f"<header><h1>Harbour lights are back</h1><p class='lead'>{dek}</p></header>"
    art = extract(page(f"<main>{header}<div class='story-body'><p>{dek}.</p>{BODY}</div></main>"))
    assert sum(dek in b.text for b in art.blocks if isinstance(b, Paragraph)) == 1


def test_the_first_paragraphs_in_a_layout_row_above_the_rest_of_the_story_lead_it() -> None:
    first = "<p class='story-text__p'>Two paragraphs open the story in the row with the headline, above.</p>"
    rows = (
        "<section class='row-1'><div class='col'><h2>Harbour lights are back</h2></div>"
        f"<div class='col'><div class='story-text'>{first * 2}</div></div></section>"
        "<section class='row-2'><div class='col'><div class='story-text'>"
        + BODY.replace("<p>", "<p class='story-text__p'>")
        + "</div></div></section>"
    )
    art = extract(page(f"<main><div class='page'>{rows}</div></main>"))
    paragraphs = [b.text for b in art.blocks if isinstance(b, Paragraph)]
    assert paragraphs[0].startswith("Two paragraphs open") and len(paragraphs) == 6


def test_the_headline_repeated_as_a_paragraph_above_the_body_goes() -> None:
    art = extract(page(f"<article><p class='title'>Harbour lights are back</p>{BODY}</article>"))
    assert art.blocks[0].text.startswith("The harbour lights")  # type: ignore[union-attr]


def test_a_link_named_like_a_popup_inside_a_sentence_stays_in_the_sentence() -> None:
    link = "<a href='javascript:void(0)' class='popup'>if you prefer that I should</a>"
    art = extract(page(f"<article>{BODY}<p>“Oh, certainly, sir, {link},” he said, and left.</p></article>"))
    assert "“Oh, certainly, sir, if you prefer that I should,” he said, and left." in art.text


def test_a_data_sheet_beside_the_body_is_not_joined_to_it() -> None:
    rows = "".join(
        f"<div class='row'><span class='label'>{k}:</span></div><div class='row'>{v}</div>"
        for k, v in (
            ("Identifier", "HB-2024-0117"),
            ("Status", "Completed, awaiting the final inspection report"),
            ("Owner", "Skerry Point Lighthouse Trust"),
            ("Contractor", "Harbour Works Limited of Kellsby"),
            ("Started", "The first week of the spring repair season"),
            ("Budget", "Two hundred and forty thousand pounds in all"),
            ("Inspector", "The regional maritime safety office"),
            ("Contact", "The trust's office on the quay, weekdays only"),
            ("Notes", "Night work allowed only with the harbour master's permission"),
        )
    )
    sheet = f"<div class='sheet'><h2>Harbour lights are back</h2>{rows}</div>"
    art = extract(page(f"<div class='wrap'>{sheet}<div class='main-body'>{BODY * 2}</div></div>"))
    assert "Identifier" not in art.text and "Paragraph 0" in art.text


def test_a_key_points_box_of_bullets_above_the_story_is_not_its_first_part() -> None:
    points = "".join(
        f"<li>{text}</li>"
        for text in (
            "The harbour lights were repaired over three weeks and switched back on last night, on time, "
            "after a winter of storms that broke two of the lamps.",
            "The fishing fleet, which had waited outside the breakwater, came home before midnight, one "
            "boat after another, as the lamps came on.",
            "The trust that owns the lights says the repairs cost less than the estimate made in March, "
            "and that the rest of the money goes to the quay.",
            "The ferry keeps its winter timetable until the breakwater lamps are tested again next week, "
            "the harbour master said on Tuesday evening.",
        )
    )
    box = f"<div class='key-points'><h2>Key points</h2><ul>{points}</ul></div>"
    art = extract(page(f"<main><div class='wrap'>{box}<div class='story-body'>{BODY * 2}</div></div></main>"))
    assert art.text.startswith("The harbour lights were switched back on") and "Key points" not in art.text


def test_the_headline_box_above_the_story_gives_its_standfirst_and_picture_but_is_not_the_body() -> None:
    dek = (
        "The fishing fleet came home before midnight, the harbour master said, and the ferry keeps its "
        "winter timetable until the lamps are tested again"
    )
    caption = " ".join(
        f"The breakwater lamp {i} is tested after the storm, with the fleet waiting." for i in range(4)
    )
    hero = (
        "<section class='hero'><header><h1>Harbour lights are back</h1>"
        f"<div class='dek-x'>{dek}</div></header>"
        f"<figure><img src='/img/lamp.jpg' width='1200' height='800'></figure><figcaption>{caption}"
        "</figcaption></section>"
    )
    art = extract(page(f"<div class='page'>{hero}<article class='story-body'>{BODY * 2}</article></div>"))
    paragraphs = [b.text for b in art.blocks if isinstance(b, Paragraph)]
    assert paragraphs[0] == dek and paragraphs[1].startswith("The harbour lights were switched")
    assert art.lead_image is not None and art.lead_image.caption == caption


def test_a_notice_box_named_like_the_article_after_the_body_is_not_body_text() -> None:
    notice = (
        "<div class='article__report'><p>Spotted a mistake?</p><p>Select the text and press Ctrl+Enter, "
        "and the passage goes to the editor, who will look at it the same day.</p></div>"
    )
    lead = "<div class='article__lead'>The lights are back on, the harbour master said on Tuesday.</div>"
    body = f"<div class='article__body'>{BODY}</div>"
    art = extract(page(f"<article><h1>Harbour lights are back</h1>{lead}{body}{notice}</article>"))
    assert "Paragraph 3" in art.text and "Ctrl+Enter" not in art.text


def test_text_annotated_with_links_to_notes_on_the_same_page_is_the_body() -> None:
    # Annotation sites link every stanza to a note on the page itself ("page#note-12"), and put an
    # "About" text beside it: the linked verse is the body, not a link list.
    verses = "".join(
        f"<a href='{URL}#note-{i}' class='referent'>The lights came back on the harbour wall tonight<br>"
        f"and every boat came home before the tide, stanza {i}</a><br><br>"
        for i in range(12)
    )
    about = f"<div class='about'><h3>About the song</h3><p>{PROSE}</p><p>{PROSE}</p></div>"
    song = f"<div class='verses'><div><p>{verses}</p></div></div>{about}"
    art = extract(page(f"<main><div class='song'>{song}</div></main>"))
    assert art.text.startswith("The lights came back on the harbour wall tonight")


# bylines ----------------------------------------------------------------------------------------------
def test_visible_byline_wins_over_a_publisher_name_in_json_ld() -> None:
    head = ld({"@type": "NewsArticle", "author": {"@type": "Organization", "name": "The Paper"}})
    art = extract(
        page(f"<article><h1>Harbour lights are back</h1><p class='x'>By Mara Quill</p>{BODY}</article>", head)
    )
    assert art.byline == "Mara Quill"


def test_json_ld_person_author_is_used() -> None:
    head = ld({"@type": "NewsArticle", "author": [{"@type": "Person", "name": "Ines Varga"}]})
    assert extract(page(f"<article>{BODY}</article>", head)).byline == "Ines Varga"


@pytest.mark.parametrize(
    ("line", "want"),
    [
        ("Par Jeanne Morel", "Jeanne Morel"),
        ("Von Lukas Brandt", "Lukas Brandt"),
        ("Por Lucía Ortega", "Lucía Ortega"),
        ("Door Sanne de Wit", "Sanne de Wit"),
        ("Di Marco Ferri", "Marco Ferri"),
        ("By Mara Quill and Tom Ash", "Mara Quill and Tom Ash"),
    ],
)
def test_byline_prefixes_in_several_languages(line: str, want: str) -> None:
    art = extract(
        page(f"<article><h1>Harbour lights are back</h1><div><span>{line}</span></div>{BODY}</article>")
    )
    assert art.byline == want


@pytest.mark.parametrize("box", ["div class='storybyline'", "p"])
def test_a_line_break_ends_the_names_of_a_byline(box: str) -> None:
    tag = box.split()[0]
    byline = f"<{box}>By MARA QUILL and TOM ASH<br>Staff Writers</{tag}>"
    art = extract(page(f"<article><h1>Harbour lights are back</h1>{byline}{BODY}</article>"))
    assert art.byline == "MARA QUILL and TOM ASH"


def test_a_byline_in_italics_on_an_old_page_without_its_desk() -> None:
    byline = "<font size='2'><i>By Mara Quill, Harbour Staff</i><br>Thursday, May 2, 2024</font>"
    art = extract(page(f"<article><h1>Harbour lights are back</h1>{byline}{BODY}</article>"))
    assert art.byline == "Mara Quill"


def test_byline_on_generated_class_names_with_an_author_link() -> None:
    byline = (
        "<div class='css-1x2y3z'><span class='css-9q8w7e'>By</span>"
        " <a href='/authors/mara-quill'>Mara Quill</a></div>"
    )
    art = extract(
        page(f"<article><h1 class='css-h1a2b3'>Harbour lights are back</h1>{byline}{BODY}</article>")
    )
    assert art.byline == "Mara Quill"


def test_byline_never_from_a_related_story_card() -> None:
    cards = "".join(
        f"<li class='card'><a href='/2024/05/0{i}/other-{i}'>Other story {i}</a>"
        "<span class='byline'>By Card Writer</span></li>"
        for i in range(3)
    )
    art = extract(
        page(f"<article><h1>Harbour lights are back</h1>{BODY}</article><aside><ul>{cards}</ul></aside>")
    )
    assert art.byline is None


@pytest.mark.parametrize(
    ("raw", "want"),
    [
        ("By Jane Doe | Updated May 2, 2024", "Jane Doe"),
        ("ByJane Doe", "Jane Doe"),
        ("Jane Doe @janedoe", "Jane Doe"),
        ("Jane Doe, Senior Politics Editor", "Jane Doe"),
        ("Jane Doe 5 min read", "Jane Doe"),
        ("Published 2 May 2024", None),
        ("https://paper.example/authors/jane", None),
    ],
)
def test_clean_byline(raw: str, want: str | None) -> None:
    assert clean_byline(raw) == want


# dates and titles -------------------------------------------------------------------------------------
def test_date_given_only_as_text() -> None:
    art = extract(
        page(
            "<article><h1>Harbour lights are back</h1>"
            f"<div class='meta-date'>May 2, 2024 9:15 PM ET</div>{BODY}</article>"
        )
    )
    assert art.published == "2024-05-02T21:15:00-04:00"


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("2. Mai 2024, 14:07 Uhr", "2024-05-02T14:07:00+00:00"),
        ("le 2 mai 2024 à 10h05", "2024-05-02T10:05:00+00:00"),
        ("2 de mayo de 2024", "2024-05-02T00:00:00+00:00"),
        ("Stand: 02.05.2024, 06:00 Uhr", "2024-05-02T06:00:00+00:00"),
        ("2024年5月2日", "2024-05-02T00:00:00+00:00"),
        ("Updated 2 hours ago", None),
    ],
)
def test_parse_text_date(text: str, want: str | None) -> None:
    assert parse_text_date(text) == want


def test_meta_value_attribute_is_read_like_content() -> None:
    head = (
        '<meta property="og:title" value="Harbour lights shine again">'
        '<meta property="article:published_time" value="2024-05-02T21:15:00+02:00">'
    )
    art = extract(page(f"<article>{BODY}</article>", head, title="Untitled"))
    assert (art.title, art.published) == ("Harbour lights shine again", "2024-05-02T21:15:00+02:00")


def test_a_day_only_date_takes_the_time_of_the_same_day() -> None:
    head = '<meta name="date" content="2024-05-02">'
    body = f'<article><time datetime="2024-05-02T21:15:00-04:00">May 2</time>{BODY}</article>'
    assert extract(page(body, head)).published == "2024-05-02T21:15:00-04:00"
    other_day = f'<article><time datetime="2024-04-28T09:00:00-04:00">Apr 28</time>{BODY}</article>'
    # The day stays; it is a day on the page's own clock, which its other date gives.
    assert extract(page(other_day, head)).published == "2024-05-02T00:00:00-04:00"


@pytest.mark.parametrize(
    ("value", "want"),
    [
        ("Fri May 03 09:20:36 CEST 2024", "2024-05-03T09:20:36+02:00"),
        ("Mon Jan 08 09:00:00 EST 2024", "2024-01-08T09:00:00-05:00"),
        ("2024-05-02T21:15:00+0200", "2024-05-02T21:15:00+02:00"),
    ],
)
def test_normalize_date(value: str, want: str) -> None:
    assert normalize_date(value) == want


@pytest.mark.parametrize("value", ["2024", "2024-05", "202405", "-12"])
def test_a_page_date_needs_a_day(value: str) -> None:
    assert normalize_date(value) is None


def test_publishdate_meta_is_a_date() -> None:
    head = '<meta name="publishdate" content="2024-05-02">'
    assert extract(page(f"<article>{BODY}</article>", head)).published == "2024-05-02T00:00:00"


def test_json_ld_article_inside_a_web_page_wins() -> None:
    page_obj = {"@type": "WebPage", "name": "News | The Paper", "dateModified": "2024-05-03T08:00:00Z"}
    article = {
        "@type": "NewsArticle",
        "headline": "Harbour lights are back",
        "datePublished": "2024-05-02T21:15:00+0200",
        "author": {"@type": "Person", "name": "Mara Quill"},
    }
    nested = ld({**page_obj, "mainEntity": article})
    art = extract(page(f"<article>{BODY}</article>", nested))
    assert (art.title, art.byline, art.published) == (
        "Harbour lights are back",
        "Mara Quill",
        "2024-05-02T21:15:00+02:00",
    )
    graph = ld({"@graph": [{**page_obj, "datePublished": "2024-05-01"}, article]})
    assert extract(page(f"<article>{BODY}</article>", graph)).published == "2024-05-02T21:15:00+02:00"


def test_article_author_meta_wins_over_a_site_wide_author_meta() -> None:
    head = (
        '<meta name="author" content="Harbour Media Group">'
        '<meta property="article:author" content="Mara Quill">'
    )
    assert extract(page(f"<article>{BODY}</article>", head)).byline == "Mara Quill"


def test_json_ld_headline_entities_are_decoded() -> None:
    head = ld({"@type": "NewsArticle", "headline": "Harbour &#039;lights&#039; are back &amp; bright"})
    assert extract(page(f"<article>{BODY}</article>", head)).title == "Harbour 'lights' are back & bright"


def test_headline_without_the_kicker_the_h1_carries() -> None:
    head = '<meta property="og:title" content="Harbour lights are back after three weeks">'
    h1 = "<h1><span>Night fishing:</span> Harbour lights are back after three weeks</h1>"
    assert (
        extract(page(f"<article>{h1}{BODY}</article>", head)).title
        == "Harbour lights are back after three weeks"
    )


def test_an_unrelated_h1_is_not_the_title() -> None:
    head = '<meta property="og:title" content="Harbour lights are back">'
    art = extract(page(f"<header><h1>The Paper</h1></header><article>{BODY}</article>", head))
    assert art.title == "Harbour lights are back"


def test_a_blogs_name_in_the_h1_before_the_story_in_the_title_is_not_the_title() -> None:
    # Blogger: "<title>Blog Name: Story</title>", the social title "Story", the blog's name in the <h1>,
    # the post's title in an <h3>.
    data = (
        "<!doctype html><html><head><title>Notes From the North Quay: Harbour lights are back</title>"
        '<meta property="og:title" content="Harbour lights are back"></head><body><header>'
        "<h1>Notes From the North Quay</h1></header><div class='post'><h3>Harbour lights are back</h3>"
        f"{BODY}</div></body></html>"
    ).encode()
    assert extract(data).title == "Harbour lights are back"


def test_a_social_title_that_is_the_sites_name_leaves_the_h1_the_headline() -> None:
    # "<title>Story | Site</title>" beside a social title that only names the site: the <h1> is the story.
    data = (
        "<!doctype html><html><head><title>Harbour lights are back | Notes From the North Quay</title>"
        '<meta property="og:title" content="Notes From the North Quay"></head><body><article>'
        f"<h1>Harbour lights are back</h1>{BODY}</article></body></html>"
    ).encode()
    assert extract(data).title == "Harbour lights are back"


def test_byline_and_date_lines_above_the_body_are_not_body_text() -> None:
    head = ld({"@type": "NewsArticle", "author": {"@type": "Person", "name": "Mara Quill"}})
    header = "<p>By Mara Quill</p><p>Published May 2, 2024</p><p>4 min read</p>"
    art = extract(page(f"<article><h1>Harbour lights are back</h1>{header}{BODY}</article>", head))
    assert art.byline == "Mara Quill"
    assert art.blocks[0].text.startswith(PROSE.strip())  # type: ignore[union-attr]
    assert "4 min read" not in art.text and "Published" not in art.text


def test_gated_text_named_like_a_paywall_is_kept() -> None:
    gated = "".join(f"<p>{PROSE}Gated part {i}.</p>" for i in range(3))
    body = f"<article><h1>Harbour lights are back</h1>{BODY}<div class='paywall'>{gated}</div></article>"
    art = extract(page(body + "<div class='paywall-offer'><p>Subscribe for 1 euro</p></div>"))
    assert "Gated part 2" in art.text and "Subscribe" not in art.text


def test_lead_paragraph_in_its_own_wrapper_joins_the_body() -> None:
    lead = (
        "<div class='first-par'><p>Emergency crews, called out at dawn on Tuesday, found the harbour lights"
        " dark again, a week after the repairs were said to be finished.</p></div>"
    )
    text = "".join(f"<p>{PROSE}Paragraph {i}, with more, commas, here.</p>" for i in range(10))
    more = "<ul>" + "".join(
        f"<li><a href='/s/{i}'>Section number {i} of the paper</a></li>" for i in range(30)
    )
    story = (
        f"<div class='story'>{lead}<div class='body'>{text}</div><div class='more'>{more}</ul></div></div>"
    )
    art = extract(page(f"<h1>Harbour lights are back</h1>{story}"))
    assert art.blocks[0].text.startswith("Emergency crews")  # type: ignore[union-attr]
    assert "Section number" not in art.text


@pytest.mark.parametrize(
    ("cls", "shown"), [("signin-box hidden", False), ("promo d-none", False), ("note", True)]
)
def test_boxes_hidden_by_a_css_utility_class(cls: str, shown: bool) -> None:
    box = f"<div class='{cls}'><p>Register now to unlock this box of text, it is free and quick.</p></div>"
    art = extract(page(f"<article><h1>Harbour lights are back</h1>{BODY}{box}{BODY}</article>"))
    assert ("Register now" in art.text) is shown


def test_a_breakpoint_class_shows_what_hidden_hides() -> None:
    assert is_hidden(lhtml.fromstring("<div class='hidden'>x</div>"))
    assert not is_hidden(lhtml.fromstring("<div class='hidden lg:block'>x</div>"))
    assert not is_hidden(lhtml.fromstring("<div class='d-none d-md-block'>x</div>"))


def test_dropdown_and_flyout_widgets_are_not_body_text() -> None:
    widgets = (
        "<div class='author-dropdown'><div class='description'><p>Mara Quill writes about harbours, boats and"
        " the people who keep both running, and has done so for twelve years.</p></div></div>"
        "<div class='ugc-flyout'><span>Add Videos or Photos</span>"
        "<p>Sign in now to share your story.</p></div>"
    )
    art = extract(page(f"<article><h1>Harbour lights are back</h1>{widgets}{BODY}</article>"))
    assert art.blocks[0].text.startswith(PROSE.strip())  # type: ignore[union-attr]
    assert "Sign in" not in art.text and "twelve years" not in art.text


def test_a_story_printed_twice_is_shown_once() -> None:
    copy = "".join(f"<p>{PROSE}Copy paragraph {i}.</p>" for i in range(3))
    art = extract(
        page(f"<article><h1>Harbour lights are back</h1><div>{copy}</div><div>{copy}</div></article>")
    )
    assert art.text.count("Copy paragraph 1.") == 1 and "Copy paragraph 2." in art.text


def test_a_listicle_printed_twice_is_shown_once_with_its_subheads() -> None:
    """The paged copy of a list article after the whole one: its long paragraphs alternate with short
    subheads, so no two long paragraphs of the copy are next to each other."""
    items = "".join(
        f"<p><em>Pick {i}...</em></p><figure><img src='/img/pick-{i}.jpg' alt=''></figure>"
        f"<p>{PROSE}Pick {i} is described here in a sentence of its own.</p>"
        for i in range(4)
    )
    body = f"<h1>Harbour lights are back</h1><div>{items}</div><div class='paged'>{items}</div>"
    art = extract(page(f"<article>{body}</article>"))
    assert art.text.count("Pick 2 is described") == 1 and art.text.count("Pick 2...") == 1
    assert "Pick 3 is described" in art.text


def test_gated_paragraphs_named_and_hidden_like_chrome_are_text() -> None:
    """The paragraphs past a paywall's cut carry its name and aria-hidden, yet the page shows them."""
    gated = "".join(
        f"<p class='paywall' aria-hidden='true'>{PROSE}Gated paragraph {i} goes on with the story.</p>"
        for i in range(3)
    )
    label = "<p class='paywall' aria-hidden='true'>Subscribe to keep reading</p>"
    art = extract(page(f"<article><h1>Harbour lights are back</h1>{BODY}{gated}{label}</article>"))
    assert all(f"Gated paragraph {i} goes on" in art.text for i in range(3))
    assert "Subscribe to keep reading" not in art.text


def test_gated_paragraphs_with_ads_between_them_are_text() -> None:
    """Each gated paragraph marked by the paywall's name (and a generated one of its own), an ad between."""
    gated = "<aside class='ad-slot'><div>Advertisement</div></aside>".join(
        f"<p class='paywall gen-{i}x7'>{PROSE}Gated paragraph {i} goes on.</p>" for i in range(2)
    )
    art = extract(page(f"<article><h1>Harbour lights are back</h1>{BODY}{gated}</article>"))
    assert "Gated paragraph 0 goes on" in art.text and "Gated paragraph 1 goes on" in art.text


@pytest.mark.parametrize("name", ["author-bio", "cookie-notice", "subscribe-box", "advert"])
def test_one_paragraph_named_like_chrome_is_no_gated_text(name: str) -> None:
    """Gated paragraphs come in a run marked alike; one chrome-named paragraph alone is a notice."""
    notice = (
        f"<p class='{name}'>Mara Lind has covered the harbour for the paper since 2009; before that she "
        "worked on fishing boats along the north coast for ten years, and she still keeps a small boat of "
        "her own in the marina by the fish market.</p>"
    )
    art = extract(page(f"<article><h1>Harbour lights are back</h1>{BODY}{notice}</article>"))
    assert "Paragraph 3 adds" in art.text and "a small boat of" not in art.text


def test_a_line_break_inside_a_link_still_parts_words() -> None:
    para = (
        "<p><a href='/shop/decals'>Decals at the corner shop, $9<br></a>Zack and "
        "<a href='/x'>two<br>lines</a>.</p>"
    )
    art = extract(page(f"<article><h1>Harbour lights are back</h1>{BODY}{para}</article>"))
    last = art.blocks[-1]
    assert isinstance(last, Paragraph) and last.text == "Decals at the corner shop, $9 Zack and two lines."
    assert [link.text for link in last.links] == ["Decals at the corner shop, $9", "two lines"]


def _rows(parts: list[str]) -> str:
    """Each stretch of the story in its own layout row, an ad column beside it, an ad row between rows."""
    ad = "<div class='slot'><span>Advertisement</span></div>"
    return "".join(
        f"<div class='row wide'><div class='col main-col'>{p}</div><div class='col side'>{ad}</div></div>"
        f"<div class='row wide'>{ad}</div>"
        for p in parts
    )


def test_a_story_run_on_in_later_layout_rows_is_read_whole() -> None:
    first = "".join(f"<p>{PROSE}Opening paragraph {i} sets the scene.</p>" for i in range(5))
    parts = [first] + [f"<h2>Part {n}</h2><p>{PROSE}Part {n} carries on the story.</p>" for n in (2, 3)]
    art = extract(page(f"<h1>Harbour lights are back</h1><div class='sections'>{_rows(parts)}</div>"))
    assert "Opening paragraph 4" in art.text
    assert "Part 2 carries on" in art.text and "Part 3 carries on" in art.text


def test_the_next_story_below_in_a_row_of_the_same_shape_is_not_read_on() -> None:
    first = "".join(f"<p>{PROSE}Opening paragraph {i} sets the scene.</p>" for i in range(5))
    later = f"<p>{PROSE}The next story begins, about a lighthouse keeper who retired.</p>" * 2
    body = f"<h1>Harbour lights are back</h1>{_rows([first])}<h1>The keeper retires</h1>{_rows([later])}"
    art = extract(page(f"<div class='stream'>{body}</div>"))
    assert "Opening paragraph 4" in art.text and "lighthouse keeper" not in art.text


def test_a_bare_container_does_not_take_in_the_next_row_of_the_grid() -> None:
    """A container with no class of its own has no shape: a later row of the page's grid holding a bare
    `<div>` of prose (the writer's bio) is not the story run on."""
    first = "".join(f"<p>{PROSE}Opening paragraph {i} sets the scene.</p>" for i in range(5))
    bio = (
        "<p>Mara Lind has covered the harbour for the paper since 2009; before that she worked on fishing "
        "boats along the north coast for ten years, and she still keeps a small boat of her own in the "
        "marina by the fish market.</p>"
    )
    body = (
        "<div class='row'><h1>Harbour lights are back</h1></div>"
        f"<div class='row'><div>{first}</div><div class='col'><a href='/ads'>Advertisement</a></div></div>"
        f"<div class='row'><div>{bio}</div></div>"
    )
    art = extract(page(f"<div class='container'>{body}</div>"))
    assert "Opening paragraph 4" in art.text and "small boat of her own" not in art.text


def test_a_transcript_in_a_footer_under_the_player_is_text_and_the_page_footer_is_not() -> None:
    spoken = "".join(
        f"<p><strong>Keeper:</strong> {PROSE}In part {i} of the film the keeper climbs the tower again.</p>"
        for i in range(8)
    )
    intro = "".join(f"<p>{PROSE}Part {i} of the story before the film.</p>" for i in range(4))
    body = (
        f"<article><h1>Harbour lights are back</h1>{intro}<div class='player'></div>"
        f"<footer class='meta-data'><dl><dt>Transcript:</dt><dd>{spoken}</dd></dl></footer></article>"
        "<footer><p>The Paper is published by Paper Media Ltd. All rights reserved.</p></footer>"
    )
    art = extract(page(body))
    assert "In part 7 of the film" in art.text
    assert "All rights reserved" not in art.text


def test_the_next_story_loaded_below_this_one_is_left_out() -> None:
    other = "".join(
        f"<p>The ferry company has ordered two new ships, and part {i} of that story has its own detail, "
        "its own quotes and its own numbers about fares, crews and timetables for the next summer.</p>"
        for i in range(5)
    )
    body = (
        f"<main><article><h1>Harbour lights are back</h1>{BODY}</article>"
        f"<div class='below'><article><h1>Ferry company orders two ships</h1>{other}</article></div></main>"
    )
    art = extract(page(body))
    assert "Paragraph 3 adds" in art.text and "ferry company has ordered" not in art.text


def test_of_several_stories_the_one_the_title_names_is_read_wherever_it_stands() -> None:
    def story(headline: str, topic: str) -> str:
        text = "".join(
            f"<p>The {topic} is in the news, and part {i} of that story has its own detail, its own quotes "
            "and its own numbers about costs, crews and timetables for the next summer season.</p>"
            for i in range(5)
        )
        return f"<article><h1>{headline}</h1>{text}</article>"

    body = (
        f"<main>{story('Ferry company orders two ships', 'ferry company')}"
        f"{story('Harbour lights are back', 'harbour light')}"
        f"{story('Fish market moves', 'fish market')}</main>"
    )
    art = extract(page(body))
    assert "The harbour light is in the news" in art.text
    assert "ferry company is" not in art.text and "fish market is" not in art.text


def test_a_caption_beside_the_wrapper_of_the_lead_picture() -> None:
    header = (
        "<div class='head'><h1>Harbour lights are back</h1><div class='media'><figure class='hero'>"
        "<img src='/img/harbour.jpg' width='1200' height='700'></figure><div class='overlay'></div></div>"
        "<div class='caption'><figcaption>LIGHTS ON: The keeper at the lamp room window last night. "
        "Photo: M. Dunn</figcaption></div></div>"
    )
    art = extract(page(f"<article>{header}<div class='text'>{BODY}</div></article>"))
    assert art.lead_image is not None and art.lead_image.src == "https://paper.example/img/harbour.jpg"
    assert art.lead_image.caption == "LIGHTS ON: The keeper at the lamp room window last night."
    assert art.lead_image.credit == "Photo: M. Dunn"


def test_one_sentence_said_twice_stays() -> None:
    said = f"<p>{PROSE}</p>"
    art = extract(page(f"<article><h1>Harbour lights are back</h1>{said}{BODY}{said}</article>"))
    assert len([b for b in art.blocks if b.text == PROSE.strip()]) == 2  # type: ignore[union-attr]


def test_a_heading_left_with_nothing_under_it_goes() -> None:
    tags = "<h3>Related keywords</h3><ul class='tags'>" + "".join(
        f"<li><a href='/tag/{i}'>tag {i}</a></li>" for i in range(8)
    )
    body = f"<article><h1>Harbour lights are back</h1><h2>The repairs</h2>{BODY}{tags}</ul></article>"
    art = extract(page(body))
    assert [b.text for b in art.blocks if b.type == "heading"] == ["The repairs"]


def test_skip_links_are_not_body_text() -> None:
    skip = "".join(f"<li><a href='#{t}'>Skip to {t}</a></li>" for t in ("navigation", "content", "footer"))
    art = extract(page(f"<div><ul class='skiplinks'>{skip}</ul><h1>Harbour lights are back</h1>{BODY}</div>"))
    assert "Skip to" not in art.text


def test_one_paragraph_repeated_back_to_back_is_kept() -> None:
    same = f"<p>{PROSE}</p>" * 4
    art = extract(page(f"<article><h1>Harbour lights are back</h1>{same}</article>"))
    assert len(art.blocks) == 4


def test_in_figure_looks_up_as_many_levels_as_the_caller_names() -> None:
    """One rule for "part of a figure or its caption", each caller naming how far up to look."""
    root = lhtml.fromstring(
        "<div><figure><div><div><figcaption><div><span id='credit'>Photo: M. Dunn</span></div></figcaption>"
        "</div></div></figure><p id='outside'>The keeper's post.</p>"
        "<figure><div><div><div><div><div><p id='deep'>Six levels down.</p></div></div></div></div></div>"
        "</figure></div>"
    )
    credit, outside, deep = (root.get_element_by_id(i) for i in ("credit", "outside", "deep"))
    assert in_figure(credit, 2) and in_figure(credit, 4)  # its figcaption is two levels up
    assert not in_figure(credit, 1)
    assert not in_figure(outside, 6)
    assert in_figure(deep, 6) and not in_figure(deep, 5)


@pytest.mark.parametrize(
    ("linked_words", "prose_under"),
    [
        (0, {PROSE_IN_NOTICE, PROSE_AROUND_CARDS, PROSE_IN_BODY}),
        (4, {PROSE_IN_NOTICE, PROSE_AROUND_CARDS}),  # 29 % of it in links
        (5, {PROSE_IN_NOTICE}),  # 40 %
        (7, set()),  # half of it
    ],
)
def test_one_prose_rule_each_caller_its_limit(linked_words: int, prose_under: set[float]) -> None:
    # One paragraph, more and more of it linked: running text for the laxer callers first. A chrome-named
    # box (`clean`) lets half its text be links, the paragraphs beside story cards (`story`) 30 %, the
    # body's container (`content`) a fifth.
    words = "the harbour lights were switched back on last night after three weeks of repairs".split()
    linked = " ".join(words[:linked_words])
    rest = " ".join(words[linked_words:])
    p = lhtml.fragment_fromstring(f'<p><a href="/lights">{linked}</a> {rest}</p>')
    text = len(" ".join(p.text_content().split()))
    for limit in (PROSE_IN_NOTICE, PROSE_AROUND_CARDS, PROSE_IN_BODY):
        assert prose_length(p, limit)[0] == (text if limit in prose_under else 0), limit
    assert prose_length(p, PROSE_IN_NOTICE, min_chars=text + 1) == (0, 0)
