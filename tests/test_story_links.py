"""Read Next and related lists found by structure (pages written for this project).

Each page is one article plus one story list in a markup shape seen on real sites: WordPress/Jetpack
related posts, Gutenberg latest-posts blocks, Ghost post cards, Drupal views, CSS-in-JS card grids
with generated class names, AMP, and the lists that must never be taken (navigation, tags, most read,
sponsored widgets pointing to other hosts).
"""

from __future__ import annotations

import pytest

from newsreader.extract import extract_article
from newsreader.models import Article

URL = "https://daily.example/2025/03/14/harbour-wall-repairs"
BODY = """
<p>Work to repair the harbour wall began on Monday after the winter storms opened a gap of almost
twenty metres, and the council expects the first phase to take until the end of May.</p>
<p>Engineers will drive new steel piles behind the old stone face, then rebuild the face itself with
the original blocks, which divers have been recovering from the seabed since January.</p>
<p>Fishing boats will use the north quay while the work goes on, and the ferry timetable is not
expected to change, the harbour master said in a statement to local businesses.</p>
"""
STORIES = [
    ("/2025/03/12/ferry-fares-frozen-for-another-year", "Ferry fares frozen for another year"),
    ("/2025/03/11/divers-recover-stones-from-the-seabed", "Divers recover the old stones from the seabed"),
    ("/2025/03/10/north-quay-reopens-to-fishing-boats", "North quay reopens to the fishing fleet"),
]
TEASERS = [
    "The operator says prices will stay where they are until the new ships arrive next spring.",
    "Each block is numbered and photographed before it goes back into the wall where it came from.",
    "Boats that moved away during the storms can come back from Friday, the harbour master says.",
]


def page(extra: str, *, head: str = "", lang: str = "en") -> str:
    return f"""<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">
<title>Harbour wall repairs begin</title>{head}</head><body>
<header><nav><a href="/">Daily</a> <a href="/news/">News</a> <a href="/sport/">Sport</a></nav></header>
<main><article><h1>Harbour wall repairs begin</h1><div class="article-body">{BODY}</div></article>
{extra}</main>
<footer><a href="/about-us/">About us</a> <a href="/privacy/">Privacy</a></footer></body></html>"""


def extract(html: str, url: str = URL) -> Article:
    return extract_article(html.encode(), url)


def absolute(path: str) -> str:
    return "https://daily.example" + path


def want_related(art: Article, *, summaries: bool = True) -> None:
    assert [(s.title, s.url) for s in art.related] == [(t, absolute(p)) for p, t in STORIES]
    if summaries:
        assert [s.summary for s in art.related] == TEASERS
    for teaser in TEASERS:
        assert teaser not in art.text  # the list left the body


def test_jetpack_related_posts() -> None:
    cards = "".join(
        f"""<div class="jp-relatedposts-post jp-relatedposts-post{i}" data-post-id="{i}">
<a class="jp-relatedposts-post-a" href="{p}" rel="nofollow"><img class="jp-relatedposts-post-img"
 src="/wp-content/uploads/thumb{i}.jpg" width="350" height="200" alt=""></a>
<h4 class="jp-relatedposts-post-title"><a class="jp-relatedposts-post-a" href="{p}">{t}</a></h4>
<p class="jp-relatedposts-post-excerpt">{x}</p><p class="jp-relatedposts-post-date">12 March 2025</p>
<p class="jp-relatedposts-post-context">In "Harbour"</p></div>"""
        for i, ((p, t), x) in enumerate(zip(STORIES, TEASERS, strict=True))
    )
    html = page(
        f"""<div id="jp-relatedposts" class="jp-relatedposts"><h3 class="jp-relatedposts-headline">
<em>Related</em></h3><div class="jp-relatedposts-items jp-relatedposts-items-visual">{cards}</div></div>"""
    )
    want_related(extract(html))


def test_gutenberg_latest_posts_image_first_title_after() -> None:
    items = "".join(
        f"""<li><div class="wp-block-latest-posts__featured-image aligncenter"><a href="{p}"
 aria-label="{t}"><img src="/img/{i}.jpg" width="600" height="400" alt=""></a></div>
<a class="wp-block-latest-posts__post-title" href="{p}">{t}</a>
<div class="wp-block-latest-posts__post-excerpt">{x}</div></li>"""
        for i, ((p, t), x) in enumerate(zip(STORIES, TEASERS, strict=True))
    )
    html = page(
        f"""<div class="wp-block-group"><h2 class="wp-block-heading">More from the harbour</h2>
<ul class="wp-block-latest-posts__list has-dates wp-block-latest-posts">{items}</ul></div>"""
    )
    want_related(extract(html))


def test_ghost_post_cards_with_the_whole_card_one_link() -> None:
    cards = "".join(
        f"""<article class="post-card post tag-harbour"><a class="post-card-image-link" href="{p}">
<img class="post-card-image" src="/content/images/{i}.jpg" alt="{t}"></a>
<div class="post-card-content"><a class="post-card-content-link" href="{p}">
<header class="post-card-header"><h2 class="post-card-title">{t}</h2></header>
<div class="post-card-excerpt"><p>{x}</p></div></a>
<footer class="post-card-meta"><a href="/author/sam/">Sam Reed</a> <time>12 Mar 2025</time></footer>
</div></article>"""
        for i, ((p, t), x) in enumerate(zip(STORIES, TEASERS, strict=True))
    )
    html = page(
        f"""<aside class="read-more-wrap outer"><div class="read-more inner">
<h3 class="read-more-title">You might also like</h3><div class="post-feed">{cards}</div></div></aside>"""
    )
    want_related(extract(html))


def test_drupal_view_with_a_german_cue() -> None:
    rows = "".join(
        f"""<div class="views-row"><div class="views-field views-field-field-image">
<div class="field-content"><a href="{p}" hreflang="de">
<img src="/sites/default/files/{i}.jpg" width="480" height="270" alt=""></a>
</div></div><div class="views-field views-field-title"><span class="field-content"><a href="{p}"
 hreflang="de">{t}</a></span></div><div class="views-field views-field-body"><div class="field-content">{x}
</div></div></div>"""
        for i, ((p, t), x) in enumerate(zip(STORIES, TEASERS, strict=True))
    )
    html = page(
        f"""<div id="block-views-block-aehnliche-inhalte" class="block block-views"><h2>Lesen Sie auch</h2>
<div class="view view-aehnliche-inhalte"><div class="view-content">{rows}</div></div></div>""",
        lang="de",
    )
    want_related(extract(html))


def test_generated_class_names_teasers_longer_than_titles_image_link_first_title_link_last() -> None:
    # The teaser makes link text well under a quarter of the card's text; the title link comes last.
    cards = "".join(
        f"""<div class="css-1q2w3e"><a class="css-9i8u7y" href="{p}?utm_source=more"><div class="css-0o9i8u">
<img src="/i/{i}.webp" width="320" height="180" alt=""></div></a><div class="css-4r5t6y">
<span class="css-7u8i9o">Harbour</span><p class="css-2w3e4r">{x} Officials will give more details
at a public meeting in the town hall later this month, where residents can ask questions.</p>
<a class="css-5t6y7u" href="{p}"><h3 class="css-6y7u8i">{t}</h3></a></div></div>"""
        for i, (p, t), x in zip(range(3), STORIES, TEASERS, strict=True)
    )
    html = page(
        f"""<section class="css-a1b2c3"><h2 class="css-d4e5f6">À lire aussi</h2>
<div class="css-g7h8i9">{cards}</div></section>""",
        lang="fr",
    )
    art = extract(html)
    tracked = [(t, absolute(p) + "?utm_source=more") for p, t in STORIES]
    assert [(s.title, s.url) for s in art.related] == tracked
    assert all(s.summary and s.summary.startswith(x) for s, x in zip(art.related, TEASERS, strict=True))
    assert "public meeting" not in art.text


def test_amp_related_list() -> None:
    items = "".join(
        f"""<li class="i-amphtml-list-item"><a href="{p}"><amp-img src="/amp/{i}.jpg" width="160"
 height="90" layout="responsive"></amp-img></a><div class="related-copy"><h3><a href="{p}">{t}</a></h3>
<p>{x}</p></div></li>"""
        for i, ((p, t), x) in enumerate(zip(STORIES, TEASERS, strict=True))
    )
    html = page(
        f"""<div class="amp-related"><h2>Te puede interesar</h2><ul>{items}</ul></div>""",
        head='<link rel="canonical" href="https://daily.example/2025/03/14/harbour-wall-repairs">',
        lang="es",
    )
    want_related(extract(html))


@pytest.mark.parametrize(
    ("lang", "cue"),
    [
        ("en", "Recommended for you"),
        ("de", "Mehr zum Thema"),
        ("fr", "Sur le même sujet"),
        ("es", "Noticias relacionadas"),
        ("it", "Leggi anche"),
        ("pt", "Leia também"),
        ("nl", "Lees ook"),
        ("ja", "関連記事"),
        ("zh", "相关新闻"),
        ("ko", "관련 기사"),
        ("de", "Weitere Informationen"),
        ("no", "Les også"),
        ("da", "Læs også"),
        ("sv", "Läs också"),
        ("fi", "Lue myös"),
    ],
)
def test_cue_words_in_eight_languages(lang: str, cue: str) -> None:
    items = "".join(
        f'<li><a href="{p}">{t}</a><p class="dek">{x}</p></li>'
        for (p, t), x in zip(STORIES, TEASERS, strict=True)
    )
    art = extract(page(f"<div><h2>{cue}</h2><ul>{items}</ul></div>", lang=lang))
    want_related(art)


def test_read_next_label_in_a_paragraph_and_as_a_card() -> None:
    p, t = STORIES[0]
    html = page(
        f"""<div class="css-xk29f"><span class="css-u8a2">Up next</span><a href="{p}">
<img src="/n.jpg" width="300" height="200" alt=""></a><a href="{p}"><h4>{t}</h4></a></div>"""
    ).replace(
        "<p>Fishing boats",
        f'<p><strong>Weiterlesen:</strong> <a href="{STORIES[1][0]}">{STORIES[1][1]}</a></p><p>Fishing boats',
    )
    art = extract(html)
    assert [(s.title, s.url) for s in art.read_next] == [
        (STORIES[1][1], absolute(STORIES[1][0])),
        (t, absolute(p)),
    ]
    assert "Weiterlesen" not in art.text


@pytest.mark.parametrize("label", ["Read next:", "阅读下一篇：", "Related stories"])
def test_a_story_label_whose_list_a_script_fills_is_not_body_text(label: str) -> None:
    # The list under the label is filled in the browser; the page as fetched holds the label alone.
    empty = (
        f'<div class="css-n1"><div class="css-n2">{label}</div><div class="css-n3"><a href="#"></a></div>'
        "</div>"
    )
    art = extract(page("").replace("</div></article>", f"{empty}</div></article>"))
    assert label not in art.text and art.read_next == [] and art.related == []
    assert "harbour master said" in art.text


@pytest.mark.parametrize(
    "cue",
    [
        "Lees ook",
        "Les også",
        "Læs også",
        "Läs också",
        "Lue myös",
        "Czytaj także",
        "Čtěte také",
        "İlgili Haberler",
        "Читайте также",
        "Читайте також",
        "Baca juga",
    ],
)
def test_inline_also_read_paragraph(cue: str) -> None:
    p, t = STORIES[2]
    html = page("").replace("<p>Fishing boats", f'<p>{cue}: <a href="{p}">{t}</a></p><p>Fishing boats')
    art = extract(html)
    assert [(s.title, s.url) for s in art.related] == [(t, absolute(p))]
    assert cue not in art.text


def test_never_navigation_tags_authors_share_links_most_read_or_sponsored() -> None:
    cards = "".join(f'<li><a href="{p}">{t}</a></li>' for p, t in STORIES)
    sponsored = "".join(
        f'<div class="ob-dynamic-rec-container"><a href="https://ads.partner.example/{i}/click-here-now-offer">'
        f"<img src='/ad{i}.jpg' width='300' height='200' alt=''><span>One weird trick doctors hate number {i}"
        "</span></a></div>"
        for i in range(3)
    )
    other_host = "".join(
        f'<li><a href="https://elsewhere.example/2025/03/0{i}/a-story-on-another-site">'
        f"A story on another site number {i}</a></li>"
        for i in range(3)
    )
    html = page(
        f"""<nav class="mega-menu"><h3>More from Daily</h3><ul>{cards}</ul></nav>
<div class="tags"><h3>Related topics</h3><a href="/tag/harbour-wall-works/">Harbour wall works</a>
<a href="/topics/coastal-erosion-news/">Coastal erosion news</a></div>
<div class="byline-box"><h3>More from this author</h3>
<a href="/author/sam-reed-harbour-desk/">Sam Reed</a></div>
<div class="share"><h3>Recommended</h3><a href="https://www.facebook.com/sharer/sharer.php?u={URL}">Share on
Facebook</a> <a href="https://twitter.com/intent/tweet?url={URL}">Post on X</a></div>
<aside class="sidebar-block"><h3>Most read</h3><ol>{cards}</ol></aside>
<div class="css-77ab"><h3>Trending now</h3><ul>{cards}</ul></div>
<div class="OUTBRAIN" data-widget-id="AR_1"><h3>You may like</h3>{sponsored}</div>
<div><h3>Recommended</h3><ul>{other_host}</ul></div>"""
    )
    art = extract(html)
    assert art.related == [] and art.read_next == []


def test_job_listings_and_sponsored_posts_under_the_article_are_not_stories() -> None:
    # A site's own job market (on a subdomain, or under /job/) and its paid posts (under /sponsored/) in
    # the same card shape as its related stories: those are adverts, the stories stay.
    cards = "".join(
        f'<div class="teaser"><a href="{p}"><h3>{t}</h3></a><p>{x}</p></div>'
        for (p, t), x in zip(STORIES, TEASERS, strict=True)
    )
    jobs = "".join(
        f'<div class="teaser"><a href="{url}"><h3>{title}</h3></a><p>{by}</p></div>'
        for url, title, by in [
            (
                "https://stellenmarkt.daily.example/job/harbour-master-m-w-d.1461258215.html?feed=premium",
                "Harbour master (m/w/d)",
                "Port authority, through an executive search firm in the capital city",
            ),
            (
                "https://daily.example/job/head-of-engineering-m-w-d.1459433385.html",
                "Head of engineering (m/w/d)",
                "A shipyard on the north coast, through a recruitment consultancy",
            ),
            (
                "https://careers.daily.example/2025/03/senior-marine-engineer-wanted-now",
                "Senior marine engineer",
                "A ferry operator looking for engineers for its new ships next spring",
            ),
        ]
    )
    paid = (
        '<div class="teaser"><a href="https://daily.example/sponsored/insurance/8773616/ten-tips-for-boat-owners'
        '.html"><h3>Ten tips for boat owners</h3></a><p>Brought to you by an insurer: what to check before'
        " the winter storms arrive</p></div>"
    )
    art = extract(
        page(
            f"<section><h2>More from Daily</h2>{cards}{paid}</section><section><h2>Jobs</h2>{jobs}</section>"
        )
    )
    want_related(art)


def test_a_sections_heading_in_its_own_link_is_not_the_cards_title() -> None:
    # Image link, then the section as a heading inside a link to the section, then the story's heading.
    sections = ["Science &amp; Technology", "Arts &amp; Books", "Society and culture"]
    cards = "".join(
        f'<article class="tease"><a href="{p}"><img src="/i/{i}.jpg" width="254" height="170" alt=""></a>'
        f'<div><a href="/category/{i}/"><h6>{s}</h6></a>'
        f'<a href="{p}"><h4>{t}</h4></a><p>{x}</p></div></article>'
        for i, ((p, t), x, s) in enumerate(zip(STORIES, TEASERS, sections, strict=True))
    )
    want_related(extract(page(f"<section><h2>More from Daily</h2>{cards}</section>")))


def test_read_more_followed_by_tag_links_is_not_a_read_next() -> None:
    # WordPress prints the post's topics after "Read more:" as links marked rel="tag"; they are topics.
    tags = ", ".join(
        f'<a href="/companies/{t}/" rel="tag">{n}</a>'
        for t, n in [("hbr", "Harbour Board Holdings (LSE:HBR)"), ("fry", "Ferry Lines Group (LSE:FRY)")]
    )
    meta = (
        '<div class="entry-meta">Read more: <span itemprop="keywords"><a href="/works/" rel="category tag">'
    )
    art = extract(page(f"{meta}Works</a>, {tags}</span></div>"))
    assert art.read_next == [] and art.related == []


def test_a_kicker_in_the_cards_heading_is_not_part_of_its_title() -> None:
    # A badge, a topic line before a colon, a section name: each in its own element before the headline.
    kickers = [
        '<span class="css-p1">Premium</span><span class="css-p2">{t}</span>',
        '<span class="css-k1">Harbour works</span><span class="css-k2">:</span><a href="{p}">{t}</a>',
        "<span>Analysis</span> <span>{t}</span>",
    ]
    cards = "".join(
        f'<div class="css-c"><a href="{p}"><img src="/i/{i}.jpg" width="300" height="200" alt=""></a>'
        f"<h3>{k.format(p=p, t=t)}</h3><p>{x}</p></div>"
        for i, ((p, t), x, k) in enumerate(zip(STORIES, TEASERS, kickers, strict=True))
    )
    want_related(extract(page(f"<section><h2>Related</h2><div>{cards}</div></section>")))


def test_a_card_title_may_begin_like_a_label_word() -> None:
    # "PR" labels a paid placement in Japanese; "Prices", "Preços", "Président" are titles.
    titles = [
        "Prices at the harbour cafe stay the same",
        "Preços do ferry congelados",
        "Président du port élu",
    ]
    items = "".join(f'<li><a href="{p}">{t}</a></li>' for (p, _), t in zip(STORIES, titles, strict=True))
    art = extract(page(f"<div><h2>See also</h2><ul>{items}</ul></div>"))
    assert [s.title for s in art.related] == titles


def test_card_title_named_by_class_without_heading_and_screen_reader_labels_left_out() -> None:
    cards = "".join(
        f"""<a class="article-teaser" href="{p}"><span class="h-offscreen">Link to a related article:</span>
<div class="teaser__meta"><span>11:05</span> <span>4 min.</span></div><div class="teaser__title">{t}</div>
<p class="teaser__lead">{x}</p></a>"""
        for (p, t), x in zip(STORIES, TEASERS, strict=True)
    )
    want_related(extract(page(f'<section><h2>Mehr zum Thema</h2><div class="row">{cards}</div></section>')))


def _css_cards(stories: list[tuple[str, str]] = STORIES, host: str = "") -> str:
    """Cards with generated class names: image link first, a kicker, the teaser, the title link last."""
    return "".join(
        f"""<div class="css-1kq0x2p"><a class="css-b8v1z" href="{host}{p}"><img src="/i/{i}.jpg" width="320"
 height="180" alt=""></a><div class="css-0x9a1"><span class="css-k3y">Harbour</span><p class="css-t33">{x}</p>
<a class="css-h2d" href="{host}{p}"><span class="css-hh1">{t}</span></a></div></div>"""
        for i, ((p, t), x) in enumerate(zip(stories, TEASERS, strict=True))
    )


def test_an_unlabelled_card_grid_right_after_the_article() -> None:
    # No heading, no cue word, no telling class name: only the structure says "more stories".
    html = page(f'<div class="css-9f8e7d"><div class="css-6c5b4a">{_css_cards()}</div></div>')
    art = extract(html)
    want_related(art)


def test_an_unlabelled_grid_of_list_items_after_the_body_in_the_same_article() -> None:
    items = "".join(
        f'<li class="post-{i}"><a href="{p}"><img src="/t/{i}.jpg" alt=""></a><h3><a href="{p}">{t}</a></h3>'
        f"<p>{x}</p></li>"
        for i, ((p, t), x) in enumerate(zip(STORIES, TEASERS, strict=True))
    )
    html = page("").replace("</div></article>", f"</div><ul class='css-q1'>{items}</ul></article>")
    want_related(extract(html))


def test_unlabelled_grids_that_are_not_this_storys_are_left() -> None:
    plain_links = "".join(f'<li><a href="{p}">{t}</a></li>' for p, t in STORIES)
    html = page(
        # A chart of the most read, labelled by a plain div; a bare list of links; a grid of another site.
        f'<div class="css-r1"><div class="css-r2">Most viewed</div><div class="css-r3">{_css_cards()}</div>'
        "</div>"
        f'<div class="css-u1"><ul class="css-u2">{plain_links}</ul></div>'
        f'<div class="css-o1">{_css_cards(host="https://elsewhere.example")}</div>'
    )
    art = extract(html)
    assert art.related == [] and art.read_next == []


def test_a_grid_above_the_article_is_the_sites_not_the_storys() -> None:
    html = page("").replace("<main>", f'<main><div class="css-top">{_css_cards()}</div>')
    assert extract(html).related == []


def test_a_digest_whose_items_are_cards_keeps_them_as_its_body() -> None:
    # The article is a list of linked stories with teasers: the cards are its text, not a list after it.
    cards = _css_cards()
    html = page("").replace(BODY, BODY + cards)
    art = extract(html)
    assert art.related == []
    assert all(t in art.text for _, t in STORIES)


def test_a_box_labelled_by_a_plain_div_inside_the_text() -> None:
    # A box between the paragraphs: its label a bare <div> (no heading), two teaser cards under it.
    cards = "".join(
        f'<div class="teaser"><a href="{p}"><img src="/t/{i}.jpg" alt=""></a><h2><a href="{p}">{t}</a></h2>'
        f'<p>{x} <a href="{p}">more</a></p></div>'
        for i, ((p, t), x) in enumerate(zip(STORIES[:2], TEASERS, strict=False))
    )
    box = f'<div class="box"><div class="box-head">Weitere Informationen</div>{cards}</div>'
    art = extract(page("").replace("<p>Fishing boats", f"{box}<p>Fishing boats", 1), URL)
    assert [s.url for s in art.related] == [absolute(p) for p, _ in STORIES[:2]]
    assert "Weitere Informationen" not in art.text and TEASERS[0] not in art.text
    assert "harbour master said" in art.text


MORE = """
<p>The wall was last rebuilt in 1903, when the same stones were lifted by hand cranes from the quay and set
back in lime mortar by a crew of forty masons who worked through a whole summer to finish it.</p>
<p>Residents have been asked to keep away from the works, which will close the footpath along the top of the
wall until the autumn; a temporary path runs behind the fish market instead, the council said.</p>
<p>A public meeting about the second phase, which will raise the wall by half a metre, is planned for April
in the harbour office, and the plans can be seen in the library until then, the council added.</p>
"""


def test_an_unlabelled_grid_closing_the_text_inside_its_own_container() -> None:
    # The cards come after the last paragraph, inside the element that holds the paragraphs.
    grid = f'<div class="css-g1"><div class="css-g2">{_css_cards()}</div></div>'
    art = extract(page("").replace(BODY, BODY + MORE + grid))
    want_related(art)
    assert "the council added" in art.text


def test_a_grid_as_long_as_half_the_text_before_it_is_a_digests_body() -> None:
    grid = f'<div class="css-g1"><div class="css-g2">{_css_cards()}</div></div>'
    art = extract(page("").replace(BODY, BODY + grid))
    assert art.related == []
    assert all(t in art.text for _, t in STORIES)


@pytest.mark.parametrize(
    "label",
    [
        "Mest lest",
        "Mest læste",
        "Mest lästa",
        "Luetuimmat",
        "Annonse",
        "Najczęściej czytane",
        "Nejčtenější",
        "En çok okunan",
        "Самое читаемое",
        "Terpopuler",
    ],
)
def test_most_read_and_paid_grids_are_left_in_the_nordic_languages(label: str) -> None:
    html = page(
        f'<div class="css-r1"><div class="css-r2">{label}</div><div class="css-r3">{_css_cards()}</div></div>'
    )
    assert extract(html).related == []


def _ghost_cards() -> str:
    return "".join(
        f"""<article class="gh-card post"><a class="gh-card-link" href="{p}"><figure class="gh-card-image">
<img src="/content/images/{i}.jpg" alt=""></figure><div class="gh-card-wrapper">
<h3 class="gh-card-title">{t}</h3>
<p class="gh-card-excerpt">{x}</p></div></a></article>"""
        for i, ((p, t), x) in enumerate(zip(STORIES, TEASERS, strict=True))
    )


def test_a_read_more_heading_over_cards_and_ghosts_unheaded_read_more_box() -> None:
    # Ghost's Source theme heads its closing feed "Read more"; Casper gives its box no heading at all.
    for box in (
        f'<section class="gh-container gh-outer"><h2 class="gh-container-title">Read more</h2>'
        f'<div class="gh-feed">{_ghost_cards()}</div></section>',
        f'<aside class="read-more-wrap outer"><div class="read-more inner"><div class="post-feed">'
        f"{_ghost_cards()}</div></div></aside>",
    ):
        want_related(extract(page(box)))


def test_a_read_more_block_of_one_card_inside_the_text() -> None:
    # Newspack's article block placed between two paragraphs, headed "Read more", holding one story.
    path, title = STORIES[0]
    block = (
        '<div class="wp-block-newspack-blocks-homepage-articles wpnbha"><div data-posts>'
        '<h2 class="article-section-title"><span>Read more</span></h2><article class="post-has-image">'
        f'<figure class="post-thumbnail"><a href="{path}"><img src="/up/t.jpg" width="400" height="300">'
        f'</a></figure><div class="entry-wrapper"><h3 class="entry-title"><a href="{path}">{title}</a></h3>'
        "</div></article></div></div>"
    )
    html = page("").replace("<p>Engineers", f"{block}<p>Engineers")
    art = extract(html)
    assert [(s.title, s.url) for s in art.related] == [(title, absolute(path))]
    assert title not in art.text and "Engineers will drive" in art.text


def test_a_list_in_the_articles_own_footer_is_the_storys_and_the_page_footers_is_not() -> None:
    items = "".join(f'<li><a href="{p}">{t}</a></li>' for p, t in STORIES)
    own = (
        f'<footer class="post-footer"><div class="related-x"><h3>See also</h3><ul>{items}</ul></div></footer>'
    )
    art = extract(page("").replace("</div></article>", f"</div>{own}</article>"))
    want_related(art, summaries=False)
    site = f'<footer class="site-footer"><h3>See also</h3><ul>{items}</ul></footer>'
    assert extract(page(site)).related == []


def test_cards_on_another_site_under_the_same_country_domain_are_not_this_sites() -> None:
    # "www.bargains.co.uk" is another site than "www.daily.co.uk", though both end in "co.uk".
    url = "https://www.daily.co.uk/2025/03/14/harbour-wall-repairs"
    for host, want in (("https://www.bargains.co.uk", 0), ("https://news.daily.co.uk", len(STORIES))):
        art = extract(
            page(f'<div class="css-9f8e7d"><div class="css-6c5b4a">{_css_cards(host=host)}</div></div>'), url
        )
        assert len(art.related) == want


def test_a_headings_list_right_after_it_and_a_paragraph_label_in_the_box() -> None:
    items = "".join(f'<li><a href="{p}">{t}</a></li>' for p, t in STORIES)
    art = extract(page(f"<h4>Recommended</h4><ul class='css-r1'>{items}</ul>"))
    want_related(art, summaries=False)
    assert "Recommended" not in art.text
    # A box inside the text labelled by a short paragraph of its own ("Mehr zum Thema"), its cards headed
    # links.
    cards = "".join(f'<a href="{p}"><h3>{t}</h3></a>' for p, t in STORIES)
    box = f"<div class='css-z1'><p class='css-l2'>Mehr zum Thema</p>{cards}</div>"
    art = extract(page("", lang="de").replace("<p>Engineers", f"{box}<p>Engineers"))
    want_related(art, summaries=False)
    assert "Mehr zum Thema" not in art.text


# A listicle's items are cards too: the walks it lists, each a card linking the site's guide to it, in grids
# between its paragraphs. The grid that closes it (after its last paragraph, inside its container) is one
# more of its own items, not a list of other stories after it.
WALKS = [
    [
        (
            "/walks/2024/05/02/the-pier-loop-at-low-tide",
            "The pier loop at low tide",
            "Two kilometres on the flat, with benches all the way and a café at the turn.",
        ),
        (
            "/walks/2024/05/09/lighthouse-steps-and-back",
            "The lighthouse steps and back",
            "Ninety steps up to the lamp room, and the best view of the harbour mouth.",
        ),
        (
            "/walks/2024/05/16/the-old-rope-walk-path",
            "The old rope walk path",
            "A level path under old limes, shaded all afternoon and quiet on weekdays.",
        ),
    ],
    [
        (
            "/walks/2024/06/06/cliff-path-to-skerry-point",
            "The cliff path to Skerry Point",
            "Eight kilometres of cliff top with no shop on the way, so bring water.",
        ),
        (
            "/walks/2024/06/13/dunes-and-the-salt-marsh",
            "Dunes and the salt marsh",
            "Boardwalks over the marsh, where the terns nest from April to July.",
        ),
        (
            "/walks/2024/06/20/round-the-bay-in-a-day",
            "Round the bay in a day",
            "Twenty-two kilometres round the whole bay, back by the last ferry.",
        ),
    ],
]


def _walk_grid(walks: list[tuple[str, str, str]]) -> str:
    return (
        '<div class="walk-grid">'
        + "".join(
            f'<div class="walk-card"><a href="{p}"><img src="/w/{i}.jpg" alt=""></a>'
            f'<h3><a href="{p}">{t}</a></h3><p>{x}</p></div>'
            for i, (p, t, x) in enumerate(walks)
        )
        + "</div>"
    )


def test_a_listicles_closing_card_grid_is_its_own_items_not_related_stories() -> None:
    listicle = (
        f"{BODY}<h2>Short walks</h2>{_walk_grid(WALKS[0])}{MORE}<h2>Long walks</h2>{_walk_grid(WALKS[1])}"
    )
    after = f'<div class="css-9f8e7d"><div class="css-6c5b4a">{_css_cards()}</div></div>'
    art = extract(page(after).replace(BODY, listicle))
    want_related(art)  # the stories after the article, as ever
    for walks in WALKS:
        for _, title, _ in walks:
            assert title in art.text


def _teasers(links: list[tuple[str, str, str]]) -> str:
    return "".join(f'<div class="teaser"><a href="{u}"><h3>{t}</h3></a><p>{x}</p></div>' for u, t, x in links)


def test_a_job_board_is_known_by_its_registered_domains_labels() -> None:
    # A site on a country's second level (co.uk): its job board on a subdomain behind "www", on a name
    # joined with "-jobs", on "careers." - listings, whatever the label's place; its stories stay.
    site = "https://www.harbourpost.co.uk"
    stories = [(site + p, t, x) for (p, t), x in zip(STORIES, TEASERS, strict=True)]
    jobs = [
        ("https://www.jobs.harbourpost.co.uk/2025/03/harbour-master-wanted-m-w-d", "Harbour master (m/w/d)"),
        ("https://harbourpost-jobs.co.uk/2025/03/head-of-engineering-m-w-d", "Head of engineering (m/w/d)"),
        ("https://careers.harbourpost.co.uk/2025/03/senior-marine-engineer-wanted", "Senior marine engineer"),
    ]
    listings = [
        (u, t, "A ferry operator looking for engineers for its new ships next spring") for u, t in jobs
    ]
    html = page(
        f"<section><h2>More from the Post</h2>{_teasers(stories)}</section>"
        f"<section><h2>Also on the Post</h2>{_teasers(listings)}</section>"
    )
    art = extract(html, site + "/2025/03/14/harbour-wall-repairs")
    assert [(s.title, s.url) for s in art.related] == [(t, u) for u, t, _ in stories]


def test_a_news_site_named_like_a_market_keeps_its_stories() -> None:
    # "themarket.ch", "marketplace.org": a market word in a site's own name is no job board or shop.
    for site in ("https://themarket.ch", "https://marketplace.org"):
        stories = [(site + p, t, x) for (p, t), x in zip(STORIES, TEASERS, strict=True)]
        html = page(f"<section><h2>More stories</h2>{_teasers(stories)}</section>")
        art = extract(html, site + "/2025/03/14/harbour-wall-repairs")
        assert [s.url for s in art.related] == [u for u, _, _ in stories], site


def test_another_site_under_the_same_country_suffix_is_not_this_sites() -> None:
    # "co.uk" is a suffix, not a site: cards of another .co.uk paper are a widget's, not this story's list.
    site = "https://www.harbourpost.co.uk"
    stories = [(site + p, t, x) for (p, t), x in zip(STORIES, TEASERS, strict=True)]
    elsewhere = [
        ("https://www.coastnews.co.uk" + p, t, x) for (p, t), x in zip(STORIES, TEASERS, strict=True)
    ]
    html = page(
        f"<section><h2>More from the Post</h2>{_teasers(stories)}</section>"
        f"<section><h2>Recommended</h2>{_teasers(elsewhere)}</section>"
    )
    art = extract(html, site + "/2025/03/14/harbour-wall-repairs")
    assert [s.url for s in art.related] == [u for u, _, _ in stories]


@pytest.mark.parametrize("numbers", [("1. ", "2. ", "3. "), ("#3 ", "#2 ", "#1 ")])
def test_a_listicles_numbered_cards_after_its_intro_are_its_items(numbers: tuple[str, ...]) -> None:
    # The whole list in one grid after the intro: its cards count off (or down), as a listicle's do.
    walks = [(p, n + t, x) for n, (p, t, x) in zip(numbers, WALKS[0], strict=True)]
    after = f'<div class="css-9f8e7d"><div class="css-6c5b4a">{_css_cards()}</div></div>'
    art = extract(page(after).replace(BODY, BODY + MORE + _walk_grid(walks)))
    want_related(art)
    for _, title, _ in walks:
        assert title in art.text
