"""Title, byline and date of the article extractor, each on a small page written for this project.

Titles: the JSON-LD article's headline over the `<h1>` and social titles, without a site or section suffix,
never a cut-short one. Bylines: Person authors apart from organisations, several names in several shapes,
names shown in reading order, the story's own byline and never a teaser card's or a commenter's. Dates:
read as text where no machine date is given, on the page's own clock.
"""

from __future__ import annotations

import json

import pytest

from newsreader.dates import normalize_date, parse_text_date
from newsreader.extract import extract_article
from newsreader.extract.header import clean_byline
from newsreader.models import Article

URL = "https://paper.example/2024/05/02/harbour-lights"
PROSE = (
    "The harbour lights were switched back on last night after three weeks of repairs, and the fishing "
    "boats that had waited outside the breakwater came home one after another before midnight. "
)
BODY = "".join(
    f"<p>{PROSE}Paragraph {i} adds its own detail, with a name and a number.</p>" for i in range(4)
)
H1 = "<h1>Harbour lights are back</h1>"


def page(body: str, head: str = "", lang: str | None = "en") -> bytes:
    html = f"<html lang='{lang}'>" if lang else "<html>"
    return (
        f"<!doctype html>{html}<head><title>Harbour lights are back | The Paper</title>"
        f'<meta property="og:site_name" content="The Paper">{head}</head><body>{body}</body></html>'
    ).encode()


def ld(obj: dict[str, object]) -> str:
    return f'<script type="application/ld+json">{json.dumps({"@type": "NewsArticle", **obj})}</script>'


def extract(data: bytes) -> Article:
    return extract_article(data, URL)


def cards(byline: str = "By Card Writer") -> str:
    """A "More stories" list of cards with generated class names: linked headline, teaser, byline."""
    items = "".join(
        f"<div class='c-7x'><h3><a href='/2024/05/0{i}/other-{i}'>Another story about the coast, "
        f"part {i}</a></h3><p>A teaser sentence for the card.</p><div class='byline'>{byline}</div></div>"
        for i in range(3)
    )
    return f"<section class='s-9q'><h2>More stories</h2>{items}</section>"


# titles -----------------------------------------------------------------------------------------------
def test_json_ld_headline_wins_over_the_h1_and_social_titles() -> None:
    head = ld({"headline": "Harbour lights return after three weeks"})
    head += '<meta property="og:title" content="Lights back on in the harbour">'
    assert (
        extract(page(f"<article>{H1}{BODY}</article>", head)).title
        == "Harbour lights return after three weeks"
    )


def test_a_json_ld_headline_the_page_never_shows_gives_way_to_the_h1_the_social_title_repeats() -> None:
    head = ld({"headline": "Harbour lights return after three weeks of repairs"})
    head += '<meta property="og:title" content="Harbour lights are back">'
    assert extract(page(f"<article>{H1}{BODY}</article>", head)).title == "Harbour lights are back"


def test_the_json_ld_headline_keeps_the_quotation_marks_the_page_shows() -> None:
    head = ld({"headline": 'The harbour\'s lights are "back"'})
    h1 = "<h1>The harbour’s lights are “back”</h1>"
    assert extract(page(f"<article>{h1}{BODY}</article>", head)).title == "The harbour’s lights are “back”"


def test_a_json_ld_headline_the_page_shows_wins_over_a_breadcrumb_h1() -> None:
    head = ld({"headline": "Harbour lights return after three weeks of repairs"})
    head += '<meta property="og:title" content="Harbour lights are back">'
    crumbs = "<ol><li><a href='/'>Home</a></li><li>" + H1 + "</li></ol>"
    body = f"{crumbs}<article><h2>Harbour lights return after three weeks of repairs</h2>{BODY}</article>"
    assert extract(page(body, head)).title == "Harbour lights return after three weeks of repairs"


@pytest.mark.parametrize(
    ("headline", "want"),
    [
        ("Harbour lights are back - The Paper", "Harbour lights are back"),  # the site's name
        ("Harbour lights are back | Coast", "Harbour lights are back"),  # a section the <h1> leaves off
        ("Harbour lights - a town's relief", "Harbour lights - a town's relief"),  # part of the headline
        ("Harbour lights are back:", "Harbour lights are back"),  # cut short: the <h1> says it whole
    ],
)
def test_json_ld_headline_suffixes(headline: str, want: str) -> None:
    assert extract(page(f"<article>{H1}{BODY}</article>", ld({"headline": headline}))).title == want


def test_the_h1_is_the_part_of_a_social_title_it_repeats() -> None:
    head = '<meta property="og:title" content="The Night Harbour Band – Lights">'
    assert extract(page(f"<article><h1>Lights</h1>{BODY}</article>", head)).title == "Lights"


def test_the_headline_an_h1_and_a_social_title_each_give_after_their_own_kicker() -> None:
    """The `<h1>` shows "Topic - Story" (a kicker in its own span, a separator for screen readers), the
    social title "Other topic: Story": the headline is the part both give, without either kicker."""
    head = '<meta property="og:title" content="Three weeks of repairs: «The harbour lights are back»">'
    h1 = (
        "<h1><span class='k1'>Coast</span><span class='v1' aria-hidden='true'> - </span>"
        "<span class='t1'>«The harbour lights are back»</span></h1>"
    )
    assert extract(page(f"<article>{h1}{BODY}</article>", head)).title == "«The harbour lights are back»"
    # A kicker both give stays: the `<h1>` is the headline as the page shows it.
    head = '<meta property="og:title" content="Coast: «The harbour lights are back»">'
    h1 = "<h1>Coast: «The harbour lights are back»</h1>"
    shown = extract(page(f"<article>{h1}{BODY}</article>", head)).title
    assert shown == "Coast: «The harbour lights are back»"


def test_a_site_name_after_an_unspaced_separator_is_dropped() -> None:
    head = '<meta property="og:title" content="Harbour lights are back:The Paper">'
    assert extract(page(f"<article>{BODY}</article>", head)).title == "Harbour lights are back"


def test_an_h1_reworded_from_the_social_title_in_a_script_without_spaces() -> None:
    head = '<meta property="og:title" content="港の灯りが三週間ぶりに戻った！ 漁船も帰港 | The Paper">'
    h1 = "<h1>The Paper</h1><h1>港の灯りが三週間ぶりに戻った！ 漁船が次々と帰港</h1>"
    assert extract(page(f"<article>{h1}{BODY}</article>", head, lang="ja")).title == (
        "港の灯りが三週間ぶりに戻った！ 漁船が次々と帰港"
    )


def bare(head: str, body: str, lang: str = "en") -> bytes:
    """A page without site metadata: only what its `<title>` and markup say."""
    return f"<!doctype html><html lang='{lang}'><head>{head}</head><body>{body}</body></html>".encode()


def test_an_h1_logo_that_only_the_titles_site_part_names_is_not_the_headline() -> None:
    head = "<title>Harbour lights are back | The Harbour Daily News Online</title>"
    body = f"<header><h1>The Harbour Daily News</h1></header><article>{BODY}</article>"
    assert extract(bare(head, body)).title == "Harbour lights are back | The Harbour Daily News Online"


def test_the_leading_part_of_a_title_a_lower_heading_shows_is_the_headline() -> None:
    head = "<title>港の灯りが三週間ぶりに戻った_地域_港日報</title>"
    body = f"<h1>港日報</h1><article><h2>港の灯りが三週間ぶりに戻った</h2>{BODY}</article>"
    assert extract(bare(head, body, lang="ja")).title == "港の灯りが三週間ぶりに戻った"
    # A part that is only an id or a name is not a headline: the title stays whole.
    head = "<title>PX-2024-0117 | Harbour Notices</title>"
    body = f"<article><h2>PX-2024-0117</h2>{BODY}</article>"
    assert extract(bare(head, body)).title == "PX-2024-0117 | Harbour Notices"


# bylines ----------------------------------------------------------------------------------------------
def test_every_json_ld_person_with_their_short_sign() -> None:
    names = [
        "Mara Quill",
        "Tom Ash",
        "Ines Varga",
        "Lukas Brandt",
        "Jeanne Morel",
        "Sanne de Wit",
        "Marco Ferri",
    ]
    head = ld({"author": [{"@type": "Person", "name": f"{n} ({n[:2].lower()})"} for n in names]})
    assert extract(page(f"<article>{H1}{BODY}</article>", head)).byline == ", ".join(names)


def test_a_structured_name_with_a_name_in_brackets_inside_it_stays_whole() -> None:
    head = ld({"author": {"@type": "Person", "name": "Mara (Ines Varga) Quill "}})
    assert extract(page(f"<article>{H1}{BODY}</article>", head)).byline == "Mara (Ines Varga) Quill"


def test_an_agency_listed_with_a_person_stays_and_a_person_with_a_long_title_is_named() -> None:
    head = ld(
        {"author": [{"@type": "Person", "name": "Mara Quill"}, {"@type": "Organization", "name": "AP"}]}
    )
    assert extract(page(f"<article>{H1}{BODY}</article>", head)).byline == "Mara Quill, AP"
    long = ld({"author": {"@type": "Person", "name": "Mara Quill, professor of harbour studies, The Paper"}})
    assert extract(page(f"<article>{H1}{BODY}</article>", long)).byline == "Mara Quill"


def test_a_url_slug_or_user_name_gives_way_to_a_real_name() -> None:
    for weak in ("mara-quill", "maraquill"):
        head = ld({"author": {"@type": "Person", "name": weak}}) + '<meta name="author" content="Mara Quill">'
        assert extract(page(f"<article>{H1}{BODY}</article>", head)).byline == "Mara Quill"


def test_names_in_reading_order_from_the_visible_byline() -> None:
    head = '<meta name="parsely-author" content="Quill, Mara">'
    link = "<a href='/authors/mara-quill'>Mara Quill</a>"
    body = f"<article>{H1}<p class='author-line'>{link}</p>{BODY}</article>"
    assert extract(page(body, head)).byline == "Mara Quill"


def test_names_in_sibling_elements_without_separators() -> None:
    spans = "".join(f"<span class='n1'>{n}</span>\n" for n in ("Mara Quill", "Tom Ash", "Ines Varga"))
    body = (
        f"<article><header>{H1}<div class='article-byline'><div>{spans}</div></div></header>{BODY}</article>"
    )
    assert extract(page(body)).byline == "Mara Quill, Tom Ash, Ines Varga"


def test_author_links_in_an_address_beside_the_story() -> None:
    address = (
        "<address><a rel='author' href='/profile/mara-quill'>Mara Quill</a> and "
        "<a rel='author' href='/profile/tom-ash'>Tom Ash</a></address>"
    )
    body = f"<header>{H1}</header><aside class='meta'>{address}</aside><article>{BODY}</article>"
    assert extract(page(body)).byline == "Mara Quill, Tom Ash"


def test_byline_inside_the_story_article_with_links_in_its_text() -> None:
    linked = f"<p>{PROSE}See <a href='/2024/04/01/the-repairs-begin'>the repairs begin last month</a>.</p>"
    body = f"<header>{H1}</header><article><div class='byline'>By Mara Quill</div>{linked}{BODY}</article>"
    assert extract(page(body)).byline == "Mara Quill"


def test_a_card_label_written_by_names_the_author_where_the_page_shows_none() -> None:
    head = '<meta name="twitter:label1" value="Written by"><meta name="twitter:data1" value="Mara Quill">'
    assert extract(page(f"<article>{H1}{BODY}</article>", head)).byline == "Mara Quill"
    shown = f"<article>{H1}<p class='byline'>By Tom Ash</p>{BODY}</article>"  # the poster, not the writer
    assert extract(page(shown, head)).byline == "Tom Ash"


def test_a_byline_in_a_short_nav_beside_the_headline_but_never_in_a_menu() -> None:
    name = "<span itemprop='author'><span itemprop='name'>Mara Quill</span></span>"
    author = f"<a href='/topic/mara-quill'>{name}</a>"
    line = f"<nav class='p-by'><a href='/coast'>Coast</a> | Edited by {author}</nav>"
    assert extract(page(f"<article><header>{H1}{line}</header>{BODY}</article>")).byline == "Mara Quill"
    menu = "".join(f"<a href='/s{i}'>Section {i}</a>" for i in range(5))
    nav = f"<nav>{menu}<a href='/authors/mara-quill' class='author'>Mara Quill</a></nav>"
    assert extract(page(f"{nav}<article><header>{H1}</header>{BODY}</article>")).byline is None


def test_json_ld_in_an_xhtml_cdata_wrapper_is_read() -> None:
    obj = json.dumps({"@type": "NewsArticle", "author": {"@type": "Person", "name": "Mara Quill"}})
    head = f'<script type="application/ld+json">//<![CDATA[\n{obj}\n//]]></script>'
    assert extract(page(f"<article>{H1}{BODY}</article>", head)).byline == "Mara Quill"


def test_by_in_a_code_listing_is_no_byline() -> None:
    code = (
        "<pre><code>SELECT day, LAG(total) OVER (ORDER <span class='k'>BY</span> day) FROM sales</code></pre>"
    )
    assert extract(page(f"<article>{H1}{code}{BODY}</article>")).byline is None


def test_a_bare_link_to_the_authors_page_by_the_headline() -> None:
    link = "<a href='/about/editors/mara-quill/'>Mara Quill</a>"
    body = f"<article>{H1}<div class='m1'>{link}</div>{BODY}</article>"
    assert extract(page(body)).byline == "Mara Quill"


def test_a_byline_list_item_indented_with_tabs() -> None:
    head = ld({"author": {"@type": "Organization", "name": "The Paper"}})
    tabs = "\t" * 60
    item = f"<ul class='info'><li class='i'>Von:{tabs}<span><a href='/m'>Mara Quill</a>,{tabs}</span>"
    item += f"<span><a href='/t'>Tom Ash</a>{tabs}</span></li></ul>"
    assert extract(page(f"<article>{H1}{item}{BODY}</article>", head)).byline == "Mara Quill, Tom Ash"


def test_never_a_card_byline_or_a_commenter() -> None:
    comments = (
        "<div id='comments'><div class='c-entry'><span class='author'>Joe Reader</span>"
        "<p>Great news for the town.</p></div></div>"
    )
    art = extract(page(f"<article>{H1}{BODY}</article>{cards()}{comments}"))
    assert art.byline is None


def test_never_the_byline_of_a_card_whose_markup_is_indented_past_a_storys_size() -> None:
    """A linked card with a long teaser, its markup indented by runs of spaces: the text decides."""
    pad = "\n" + " " * 40
    teaser = "A teaser that goes on about the coast and its boats for a while. " * 10
    card = (
        f"<li>{pad}<a href='/2024/05/01/other'>{pad}<div>{pad}<h1>Another story about the coast</h1>"
        f"{pad}<p>{pad}{teaser}{pad * 12}</p>{pad}<h6>By Tom Ash</h6>{pad}</div>{pad}</a>{pad}</li>"
    )
    related = f"<div><h1>You might also like</h1><ul>{card * 2}</ul></div>"
    assert extract(page(f"<article>{H1}{BODY}</article>{related}")).byline is None


def test_a_word_that_starts_like_a_byline_label_is_not_one() -> None:
    body = f"<article>{H1}<p><span>AV·Storage Racks</span></p>{BODY}</article>"
    assert extract(page(body)).byline is None


def test_a_chinese_story_closed_by_its_editors_in_brackets() -> None:
    prose = "港口的灯在修理了三个星期之后，昨晚重新亮了起来，在防波堤外等候的渔船一艘接一艘地回港。"
    body = "".join(f"<p>{prose}第{i}段。</p>" for i in range(4))
    article = f"<article><h1>港口的灯又亮了</h1>{body}<div class='e9'>(责编：王小明、李华)</div></article>"
    assert extract(page(article, lang="zh")).byline == "王小明, 李华"


def test_a_structured_author_the_page_shows_as_its_editor_gives_way_to_the_writer_it_shows() -> None:
    head = ld({"author": {"@type": "Person", "name": "Tom Ash"}})
    editor = "<div class='info'>Editor : <a href='/people/tom-ash'>Tom Ash</a></div>"
    body = f"<article>{H1}<div class='author-2'>Mara Quill</div>{BODY}{editor}</article>"
    assert extract(page(body, head)).byline == "Mara Quill"
    # Named as the editor with no other byline shown, the structured author stays.
    body = f"<article>{H1}{BODY}{editor}</article>"
    assert extract(page(body, head)).byline == "Tom Ash"


def test_a_name_in_bold_on_its_own_line_before_the_first_paragraph_signs_the_story() -> None:
    head = '<meta name="author" content="The Paper">'
    meta = "<p class='meta'>by <a href='/people/the-paper'>The Paper</a> | 2 May 2024</p>"
    body = f"<article>{H1}{meta}<p>&nbsp;</p><p><strong>MARA QUILL</strong></p>{BODY}</article>"
    assert extract(page(body, head)).byline == "MARA QUILL"
    # A bold line between paragraphs is a subheading, not a signature.
    body = f"<article>{H1}{BODY}<p><strong>Harbour Lights Return</strong></p>{BODY}</article>"
    assert extract(page(body, head)).byline == "The Paper"


@pytest.mark.parametrize("line", ["Key Takeaways", "New York", "Breaking News"])
def test_a_bold_line_opening_a_story_that_names_no_one_is_no_byline(line: str) -> None:
    """The bold name signs a story whose byline is only the publisher's; where the page names no one at
    all, a bold opening line is a label or a dateline far more often than a name: no byline is invented."""
    body = f"<article>{H1}<p><strong>{line}</strong></p>{BODY}</article>"
    assert extract(page(body)).byline is None


def test_never_the_sites_administrator_account() -> None:
    author = {"@id": "https://paper.example/author/admin/", "name": "Paper Desk"}
    head = ld({"author": author})
    meta = "<p>by <a href='https://paper.example/author/admin/' rel='author'>Paper Desk</a> | 2 May 2024</p>"
    body = f"<article>{H1}{meta}<p><b>Mara Quill</b></p>{BODY}</article>"
    assert extract(page(body, head)).byline == "Mara Quill"


def test_a_story_credited_to_a_news_agency_on_a_line_of_its_own_under_the_headline() -> None:
    """The structured author is only the publisher; the line under the headline credits the agency and the
    place it filed from. A photo's "AFP" credit is no byline."""
    head = ld({"author": {"@type": "Organization", "name": "The Paper"}})
    credit = (
        "<h2>Boats waited outside the breakwater for three weeks</h2><ul class='u1'>"
        "<li><div class='n1'>AFP, MANILA</div></li><li><a href='https://share.example/?u=1'>Share</a></li></ul>"
    )
    assert extract(page(f"<article>{H1}{credit}{BODY}</article>", head)).byline == "AFP, MANILA"
    photo = "<div class='p1'><img src='/harbour.jpg' alt='The harbour'><span class='c1'>AFP</span></div>"
    assert extract(page(f"<article>{H1}{photo}{BODY}</article>", head)).byline == "The Paper"
    photo = "<figure><img src='/harbour.jpg' alt='The harbour'><figcaption>AFP</figcaption></figure>"
    assert extract(page(f"<article>{H1}{photo}{BODY}</article>", head)).byline == "The Paper"


def test_the_name_before_the_date_in_a_name_bar_date_line_under_the_headline() -> None:
    line = "<div><span>Mara Quill &nbsp;|</span><span class='x1'>02.05.2024 - 21:15</span></div>"
    assert extract(page(f"<article>{H1}{line}{BODY}</article>")).byline == "Mara Quill"
    # A section's name before the date is a link: not a name.
    line = "<div><a href='/coast'>Coast News</a> |<span class='x1'>02.05.2024 - 21:15</span></div>"
    assert extract(page(f"<article>{H1}{line}{BODY}</article>")).byline is None


def test_a_link_to_the_posters_user_page_by_the_headline() -> None:
    for href in ("/u/EvilHarbour", "/users/EvilHarbour"):
        poster = f"<div class='x1'><div class='x2'><a href='{href}'>EvilHarbour</a></div></div>"
        assert extract(page(f"<article>{H1}{poster}{BODY}</article>")).byline == "EvilHarbour"


def test_posted_by_names_the_poster_but_not_in_a_quoted_post() -> None:
    """A forum post's header: "Posted by" and a link to the poster's user page holding their handle."""
    poster = (
        "<div class='x1'><span class='x2'>Posted by</span> <a href='/user/harbourfan/'>u/harbourfan</a></div>"
    )
    assert extract(page(f"<article>{poster}{H1}{BODY}</article>")).byline == "u/harbourfan"
    # An embedded post's "Posted by" names who wrote the post quoted, not the story.
    quoted = (
        "<blockquote><p>Tickets on sale now.</p><p>Posted by Skerry Trust on May 1, 2024</p></blockquote>"
    )
    assert extract(page(f"<article>{H1}{BODY}{quoted}</article>")).byline is None


def test_a_name_given_in_parts_is_one_name() -> None:
    name = "<span class='cite-author'><span class='given'>Mara</span> <span class='sur'>Quill</span></span>"
    assert extract(page(f"<article>{H1}<div>{name}</div>{BODY}</article>")).byline == "Mara Quill"


def test_a_papers_authors_from_its_citation_tags() -> None:
    head = "".join(
        f'<meta name="citation_author" content="{n}">' for n in ("Quill, Mara", "Tom Ash", "de Wit, Sanne")
    )
    assert extract(page(f"<article>{H1}{BODY}</article>", head)).byline == "Mara Quill, Tom Ash, Sanne de Wit"


def test_the_name_before_a_separator_of_its_own_and_the_date() -> None:
    """ "Mara Quill • May 2, 2024": the separator in an element of its own (or between the two elements),
    the name inside a wrapper."""
    lines = (
        "<div class='a1'><span class='p1'><span class='p2'>Mara Quill</span></span>"
        "<i aria-hidden='true'>•</i><time class='t1'>May 2, 2024</time></div>",
        "<div class='a1'><span class='p2'>Mara Quill</span> · <span class='t1'>2 May 2024</span></div>",
    )
    for line in lines:
        assert extract(page(f"<article>{H1}{line}{BODY}</article>")).byline == "Mara Quill"
    # Without a date after it, the line is no byline.
    line = (
        "<div class='a1'><span class='p2'>Coast Desk</span><i>•</i><span class='t1'>Five minutes</span></div>"
    )
    assert extract(page(f"<article>{H1}{line}{BODY}</article>")).byline is None


def test_a_section_named_before_the_date_is_no_byline_though_not_linked_there() -> None:
    """ "Middle East |" before the date names the story's section, which the page's menu links to: the
    name in a "Name | date" line is never a text the page also gives as a link to another page."""
    menu = "<nav><a href='/world/middle-east'>Middle East</a> <a href='/coast'>Coast News</a></nav>"
    line = "<div><span>Middle East |</span><span class='x1'>02.05.2024 - 21:15</span></div>"
    assert extract(page(f"{menu}<article>{H1}{line}{BODY}</article>")).byline is None
    line = "<div><span>Mara Quill |</span><span class='x1'>02.05.2024 - 21:15</span></div>"
    assert extract(page(f"{menu}<article>{H1}{line}{BODY}</article>")).byline == "Mara Quill"


def test_visible_byline_without_the_publisher_name() -> None:
    body = f"<article>{H1}<p class='author'>Mara Quill, The Paper</p>{BODY}</article>"
    assert extract(page(body)).byline == "Mara Quill"


@pytest.mark.parametrize(
    ("raw", "want"),
    [
        ("capital von Jane Doe", "Jane Doe"),
        ("Jane Doe před 5 hodinami", "Jane Doe"),
        ("Harbour Wire Staff", "Harbour Wire Staff"),
        ("Jane Doe, Staff Writer", "Jane Doe"),
        ("Jane Doe is Opinion Editor of The Paper.", None),
        ("Jane Doe und Tom Ash, dpa", "Jane Doe und Tom Ash, dpa"),
        ("See All Articles, Subscribe to RSS", None),
        ("9:39AM BST", None),
        ("Political Commentator", None),
        ("Motley Harbour Staff", "Motley Harbour Staff"),
        ("Jane Doe Tuesday 17 August 2010", "Jane Doe"),
        ("By Jane Doe on May 2, 2024", "Jane Doe"),
        ("Posted by Jane Doe on May 2, 2024 at 10:42 PM", "Jane Doe"),
        ("Jane Doe paper.example.com", "Jane Doe"),
        ("Jane Doe, Harbour Science Contributor", "Jane Doe"),
        ("【责任编辑：王小明】", "王小明"),
        ("作者：王小明、李华", "王小明, 李华"),
        ("Eric Doe 著、Tom Ash 訳", "Eric Doe 著、Tom Ash 訳"),  # roles, not a list of names
    ],
)
def test_clean_byline_labels_and_roles(raw: str, want: str | None) -> None:
    assert clean_byline(raw) == want


# dates ------------------------------------------------------------------------------------------------
def test_date_shown_under_the_headline_on_generated_class_names() -> None:
    body = f"<article>{H1}<div class='x7f'><div class='q2a'>May 2, 2024, 9:15 PM</div></div>{BODY}</article>"
    # The page names no clock (no offset, zone name, or language with one clock): its time, no offset.
    assert extract(page(body)).published == "2024-05-02T21:15:00"


def test_a_time_with_a_zone_named_after_it_keeps_that_zone() -> None:
    body = f"<article>{H1}<div class='x7f'>May 2, 2024, 9:15 PM ET</div>{BODY}</article>"
    assert extract(page(body)).published == "2024-05-02T21:15:00-04:00"


def test_a_date_in_the_headlines_own_box_counts_whatever_its_class_says() -> None:
    """An author card in the story's header, its markup indented: its date is the story's."""
    pad = "\n" + " " * 30
    card = (
        f"<div class='main-card'><h3 class='main-card__title'>Mara Quill</h3>"
        f"<div class='main-card__meta'>{pad}{pad}Published May 2, 2024{pad}{pad}</div></div>"
    )
    body = f"<article><header>{H1}{card}</header>{BODY}</article>"
    assert extract(page(body)).published == "2024-05-02T00:00:00"


def test_a_date_shown_alone_under_a_long_story() -> None:
    long = "".join(f"<p>{PROSE}<b>Point {i}</b> is <i>made</i>.</p>" for i in range(60))
    body = f"<article>{H1}{long}<table><tr><td><p class='z'>2024.05.02</p></td></tr></table></article>"
    assert extract(page(body)).published == "2024-05-02T00:00:00"
    # A commenter's date is not the story's.
    comments = "<div id='comments'><div><span>Joe Reader</span><span>2024.05.03</span></div></div>"
    assert extract(page(f"<article>{H1}{long}{comments}</article>")).published is None


def test_the_mastheads_date_of_today_is_not_the_storys() -> None:
    """A paper's masthead shows today's date far above the headline; a story that gives no date of its
    own has none, not the day it was read (a date alone counts under the headline, not above it)."""
    menu = (
        "<nav><ul>" + "".join(f"<li><a href='/s{i}'>Section {i}</a></li>" for i in range(30)) + "</ul></nav>"
    )
    for top in (
        "<header><span>Sunday, 29 November 2026</span>{menu}</header>",
        "<div><p>29.11.2026</p></div>{menu}",
    ):
        body = top.format(menu=menu) + f"<article>{H1}{BODY}</article>"
        assert extract(page(body)).published is None


def test_a_linked_story_title_with_a_date_is_not_the_date() -> None:
    link = "<p><a href='/2024/03/20/older'>Harbour lights failed again in March (2024/3/20)</a></p>"
    assert extract(page(f"<article>{H1}{link}{BODY}</article>")).published is None


def test_a_day_on_a_japanese_page_is_a_day_in_japan() -> None:
    body = f"<article>{H1}<p class='date'>2019年3月5日</p>{BODY}</article>"
    assert extract(page(body, lang="ja")).published == "2019-03-05T00:00:00+09:00"


def test_a_page_naming_no_language_keeps_the_clock_of_its_script() -> None:
    body = (
        "<article><h1>港口的灯又亮了</h1><span class='date'>2017-03-01 14:27:02</span>" + BODY + "</article>"
    )
    assert extract(page(body, lang=None)).published == "2017-03-01T14:27:02+08:00"


def test_a_time_without_offset_takes_the_offset_of_the_pages_other_dates() -> None:
    head = (
        '<meta property="article:published_time" content="2024-05-02T21:15:00">'
        '<meta property="article:modified_time" content="2024-05-03T08:00:00+02:00">'
    )
    assert extract(page(f"<article>{H1}{BODY}</article>", head)).published == "2024-05-02T21:15:00+02:00"


def test_og_prefixed_article_time_is_read() -> None:
    head = '<meta property="og:article:published_time" content="2024-05-02T11:59:43+00:00">'
    assert extract(page(f"<article>{H1}{BODY}</article>", head)).published == "2024-05-02T11:59:43+00:00"


def test_a_local_time_labelled_utc_takes_the_offset_another_date_gives_the_same_clock_time() -> None:
    head = '<meta property="article:published_time" content="2019-04-19T20:00:00.000Z">'
    body = f"<article>{H1}<time datetime='2019-04-19T20:00:00+09:00'>2019.04.19 20:00</time>{BODY}</article>"
    assert extract(page(body, head)).published == "2019-04-19T20:00:00+09:00"


def test_a_utc_time_stays_when_no_other_date_shares_its_clock_time() -> None:
    head = '<meta property="article:published_time" content="2019-04-19T11:00:00Z">'
    body = f"<article>{H1}<time datetime='2019-04-19T20:00:00+09:00'>2019.04.19 20:00</time>{BODY}</article>"
    assert extract(page(body, head)).published == "2019-04-19T11:00:00+00:00"


def test_a_day_takes_the_time_shown_in_the_next_element() -> None:
    line = "<div class='s1'><span class='i'>May 2, 2024</span> <span class='i'>9:15 pm</span></div>"
    assert extract(page(f"<article>{H1}{line}{BODY}</article>")).published == "2024-05-02T21:15:00"
    other = "<div class='s1'><span class='i'>May 2, 2024</span> <span class='i'>12 comments</span></div>"
    assert extract(page(f"<article>{H1}{other}{BODY}</article>")).published == "2024-05-02T00:00:00"


def test_a_machine_date_in_a_data_attribute_of_a_time() -> None:
    body = f"<article>{H1}<time data-published='2016-12-09 09:13:00Z'>Dec 9, 2016</time>{BODY}</article>"
    assert extract(page(body)).published == "2016-12-09T09:13:00+00:00"
    both = "<time data-modified='2017-01-02 10:00:00Z' data-published='2016-12-09 09:13:00Z'>Dec 9</time>"
    assert extract(page(f"<article>{H1}{both}{BODY}</article>")).published == "2016-12-09T09:13:00+00:00"


def test_a_date_in_the_own_line_of_a_box_under_the_headline() -> None:
    info = "<div class='info'>2023-11-17 20:52:15<span>Source: The Paper</span></div>"
    assert extract(page(f"<article>{H1}{info}{BODY}</article>")).published == "2023-11-17T20:52:15"


def test_a_page_without_h1_has_its_header_under_the_heading_that_shows_the_title() -> None:
    head = '<meta property="og:title" content="Harbour lights are back">'
    heading = "<h3><span>Coast:</span> <span>Harbour lights are back</span></h3>"
    line = "<div class='x9'><div class='y2'>Do 02.05.24 | 21:15 Uhr | Von <span>Mara Quill</span></div></div>"
    art = extract(page(f"<article>{heading}{line}{BODY}</article>", head, lang="de"))
    assert art.published == "2024-05-02T21:15:00+02:00"


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("2019.04.19 20:00", "2019-04-19T20:00:00+00:00"),
        ("Dec 1st 2016 1:01PM", "2016-12-01T13:01:00+00:00"),
        ("Updated: Oct 9, 2019, 11:05 ISTShare", "2019-10-09T11:05:00+05:30"),
        ("5 Mayıs 2024", "2024-05-05T00:00:00+00:00"),
        ("05.04.2025 - Güncelleme : 05.04.2025", "2025-04-05T00:00:00+00:00"),  # a date is not a clock
        ("2019年4月13日 20時05分", "2019-04-13T20:05:00+00:00"),
        ("The mayor spoke 5 2024", None),
    ],
)
def test_parse_text_date_formats(text: str, want: str | None) -> None:
    assert parse_text_date(text) == want


def test_normalize_date_in_a_zone() -> None:
    from zoneinfo import ZoneInfo

    assert normalize_date("2024-05-02 21:15:00", ZoneInfo("Europe/Berlin")) == "2024-05-02T21:15:00+02:00"
    assert normalize_date("2024-05-02T21:15:00Z", ZoneInfo("Europe/Berlin")) == "2024-05-02T21:15:00+00:00"
    assert normalize_date("2018-10-29T10:15-500") == "2018-10-29T10:15:00-05:00"  # one digit for hours


def test_parsely_page_json_gives_author_and_date() -> None:
    data = {"title": "Harbour lights are back", "author": "Mara Quill", "pub_date": "2024-05-02T21:15:00Z"}
    head = f"<meta name='parsely-page' content='{json.dumps(data)}'>"
    art = extract(page(f"<article>{H1}{BODY}</article>", head))
    assert (art.byline, art.published) == ("Mara Quill", "2024-05-02T21:15:00+00:00")


def test_a_meta_property_wins_over_a_meta_name() -> None:
    head = (
        '<meta name="dc:creator" content="Name Author"><meta property="dc:creator" content="Property Author">'
    )
    assert extract(page(f"<article>{H1}{BODY}</article>", head)).byline == "Property Author"
