"""Captions, credits, pull quotes and embedded posts found by structure (pages written for this project).

The markup shapes follow what publishers emit: generated class names with no "caption" word, a caption
placed beside its figure, captions hidden from screen readers, figures inside lightbox buttons or inside
wrappers named "widget", quotes in `<figure>` with the speaker in `<figcaption>`, and the embed codes of
X/Twitter, Instagram, Mastodon, Bluesky, Threads and Facebook.
"""

from __future__ import annotations

from newsreader.extract import extract_article
from newsreader.models import Article, Figure, Image, Paragraph, Quote

URL = "https://paper.example/2025/05/02/lighthouse-keepers-return"
PARA = (
    "<p>The lighthouse on Skerry Point has a keeper again for the first time since 1987, after the trust "
    "that owns it decided a resident would cost less than the repeated repairs of an empty building.</p>"
    "<p>Mara Olsen, who moved in last month, spends her mornings painting the lantern room and her "
    "afternoons showing visitors the logbooks kept by the men who lived there before automation.</p>"
)
MORE = (
    "<p>The trust hopes the visitors will pay for the keeper's post within three years, and has already "
    "sold more tickets for the summer than it did in the whole of last year, its director said.</p>"
)


def page(inner: str) -> str:
    return (
        "<!DOCTYPE html><html><head><title>Lighthouse keepers return</title></head><body><main><article>"
        f"<h1>Lighthouse keepers return</h1><div class='css-8dk2l1'>{PARA}{inner}{MORE}</div>"
        "</article></main></body></html>"
    )


def extract(inner: str) -> Article:
    return extract_article(page(inner).encode(), URL)


def figures(art: Article) -> list[Figure | Image]:
    found: list[Figure | Image] = [b for b in art.blocks if isinstance(b, Figure)]
    return ([art.lead_image] if art.lead_image else []) + found


def body_paragraphs(art: Article) -> str:
    return "\n".join(b.text for b in art.blocks if isinstance(b, Paragraph))


def test_generated_class_names_caption_and_credit() -> None:
    art = extract(
        '<div class="css-1x2y3z"><div class="css-9a8b7c"><img src="/img/lantern.jpg" width="1200" '
        'height="800" alt="A lantern room"></div><span class="css-4d5e6f">Mara Olsen repaints the lantern '
        'room.</span> <span class="css-credit-7g8h">Photo: Lars Berg</span></div>'
    )
    (fig,) = [f for f in figures(art) if f.src and f.src.endswith("lantern.jpg")]
    assert fig.caption == "Mara Olsen repaints the lantern room."
    assert fig.credit == "Photo: Lars Berg"
    assert "repaints the lantern" not in body_paragraphs(art)


def test_caption_beside_the_figure_picture_and_lazy_image() -> None:
    art = extract(
        '<figure class="media"><picture>'
        '<source data-srcset="/img/log-800.webp 800w, /img/log-1600.webp 1600w">'
        '<img src="data:image/gif;base64,R0lGOD" data-src="/img/log-800.jpg" alt=""></picture></figure>'
        '<figcaption class="sc-x81f">Logbooks from 1921 to 1987. (Photo: Skerry Trust)</figcaption>'
    )
    (fig,) = [f for f in figures(art) if f.src and "log-" in f.src]
    assert fig.src == "https://paper.example/img/log-1600.webp"
    assert fig.caption == "Logbooks from 1921 to 1987."
    assert fig.credit == "Photo: Skerry Trust"
    assert "Logbooks from 1921" not in body_paragraphs(art)


def test_caption_hidden_from_screen_readers_inside_a_lightbox_button_in_a_widget() -> None:
    art = extract(
        '<div class="widget widget--type-image"><button aria-label="Open image viewer"><figure>'
        '<img src="/img/stairs.jpg" alt="Spiral stairs"><figcaption><span aria-hidden="true">The 132 steps '
        "to the lantern.</span></figcaption></figure></button></div>"
    )
    assert [f.caption for f in figures(art) if f.src and f.src.endswith("stairs.jpg")] == [
        "The 132 steps to the lantern."
    ]


def test_a_paragraph_wrapped_around_a_captioned_image_stays_a_paragraph() -> None:
    art = extract(
        '<p><span class="img-box"><img src="/img/fog.jpg" width="900" height="600" alt=""><span>Fog over '
        "the point.</span></span>The foghorn was switched off in 2005 and will not be restarted, the "
        "trust said, because the nearest houses are now holiday lets.</p>"
    )
    assert [f.caption for f in figures(art) if f.src and f.src.endswith("fog.jpg")] == ["Fog over the point."]
    assert "The foghorn was switched off in 2005" in body_paragraphs(art)


def test_pull_quote_with_generated_class_names_and_speaker_in_figcaption() -> None:
    art = extract(
        '<figure class="css-q9w8e7"><blockquote class="css-r5t6y7"><p>It is the only job where the view '
        'is part of the salary.</p></blockquote><figcaption><p class="css-u8i9o0">Mara Olsen, keeper'
        "</p></figcaption></figure>"
    )
    quotes = [b for b in art.blocks if isinstance(b, Quote)]
    assert [(q.text, q.cite) for q in quotes] == [
        ("It is the only job where the view is part of the salary.", "Mara Olsen, keeper")
    ]


def test_embedded_posts_with_author_date_and_permalink() -> None:
    art = extract(
        '<blockquote class="twitter-tweet"><p lang="en">The light is on again at Skerry Point.</p>&mdash; '
        'Skerry Trust (@skerrytrust) <a href="https://twitter.com/skerrytrust/status/1785000000000000001'
        '?ref_src=twsrc%5Etfw">May 1, 2025</a></blockquote>'
        '<blockquote class="instagram-media" data-instgrm-permalink="https://www.instagram.com/p/C6xYz12/'
        '?utm_source=ig_embed&amp;utm_campaign=loading" data-instgrm-version="14"><div><a href="https://www.'
        'instagram.com/p/C6xYz12/?utm_source=ig_embed">View this post on Instagram</a><p>First sunset from '
        'the lantern room.</p><p><a href="https://www.instagram.com/p/C6xYz12/?utm_source=ig_embed">A post '
        'shared by Mara Olsen (@mara.keeps)</a></p><time datetime="2025-04-28T19:02:11+00:00">Apr 28, 2025'
        "</time></div></blockquote>"
        '<blockquote class="mastodon-embed" data-embed-url="https://social.example/@skerry/112233445566778899/'
        'embed"><a href="https://social.example/@skerry/112233445566778899">Post by @skerry@social.example'
        "</a><p>Visitors welcome from Saturday.</p></blockquote>"
        '<blockquote class="text-post-media" data-text-post-permalink="https://www.threads.net/@mara.keeps/'
        'post/C6abc123" data-text-post-version="0"><a href="https://www.threads.net/@mara.keeps/post/C6abc123">'
        "<div>View on Threads</div></a></blockquote>"
        '<div class="fb-post" data-href="https://www.facebook.com/skerrytrust/posts/998877"><blockquote '
        'cite="https://www.facebook.com/skerrytrust/posts/998877" class="fb-xfbml-parse-ignore"><p>Tickets '
        'for the summer are on sale now.</p>Posted by <a href="https://www.facebook.com/skerrytrust">Skerry '
        'Trust</a> on <a href="https://www.facebook.com/skerrytrust/posts/998877">Thursday, May 1, 2025</a>'
        "</blockquote></div>"
    )
    posts = [(q.kind, q.text, q.cite, q.date, q.url) for q in art.blocks if isinstance(q, Quote)]
    assert posts == [
        (
            "tweet",
            "The light is on again at Skerry Point.",
            "Skerry Trust (@skerrytrust)",
            "May 1, 2025",
            "https://twitter.com/skerrytrust/status/1785000000000000001",
        ),
        (
            "post",
            "First sunset from the lantern room.",
            "Mara Olsen (@mara.keeps)",
            "Apr 28, 2025",
            "https://www.instagram.com/p/C6xYz12/",
        ),
        (
            "post",
            "Visitors welcome from Saturday.",
            "@skerry",
            None,
            "https://social.example/@skerry/112233445566778899",
        ),
        ("post", "", "@mara.keeps", None, "https://www.threads.net/@mara.keeps/post/C6abc123"),
        (
            "post",
            "Tickets for the summer are on sale now.",
            "Skerry Trust",
            "Thursday, May 1, 2025",
            "https://www.facebook.com/skerrytrust/posts/998877",
        ),
    ]
    # The document carries the new fields and survives the cache round trip.
    doc = art.to_json()
    assert any(b.get("url") == "https://www.instagram.com/p/C6xYz12/" for b in doc["blocks"])
    # the Article document round-trips; `numbered_links` is read's own addition (the layout's numbers)
    assert Article.from_json(doc).to_json() == {k: v for k, v in doc.items() if k != "numbered_links"}
    assert "View this post on Instagram" not in art.text


def test_hero_figure_in_the_header_carries_the_lead_caption_not_the_author_photo() -> None:
    html = (
        "<!DOCTYPE html><html><head><title>Lighthouse keepers return</title>"
        '<meta property="og:image" content="https://paper.example/og/lantern-1200x630.jpg"></head><body><main>'
        '<article><header><h1>Lighthouse keepers return</h1><div class="meta">'
        '<a href="/author/ines-vale/"><img src="/img/ines-vale.jpg" width="48" height="48" alt=""></a>'
        '<a href="/author/ines-vale/">Ines Vale</a> <span>Published 2 May 2025</span></div><div class="hero">'
        '<div class="css-1a2b"><img src="/img/lantern-2000.jpg" alt=""></div><div class="css-3c4d">'
        '<span class="css-caption-5e">The lantern room at dusk.</span>'
        '<span class="css-credit-6f">Photo: Lars Berg</span></div></div></header>'
        f'<div class="css-8dk2l1">{PARA}{MORE}</div></article></main></body></html>'
    )
    art = extract_article(html.encode(), URL)
    assert art.lead_image is not None
    assert (art.lead_image.src, art.lead_image.caption, art.lead_image.credit) == (
        "https://paper.example/img/lantern-2000.jpg",
        "The lantern room at dusk.",
        "Photo: Lars Berg",
    )
    assert not any(isinstance(b, Figure) for b in art.blocks)


def _hashed_header(hero: str, og: str = "") -> str:
    """An article header from a CSS-in-JS site: every class hashed, no figure or caption word anywhere."""
    return (
        f"<!DOCTYPE html><html><head><title>Lighthouse keepers return</title>{og}</head><body><main>"
        '<article><header class="css-k1"><h1 class="css-k2">Lighthouse keepers return</h1>'
        '<div class="css-k3"><a href="/author/ines-vale/"><img src="/img/people/ines-vale.jpg" alt=""></a>'
        '<a class="css-k4" href="/author/ines-vale/">Ines Vale</a><div class="css-k5">2 hours ago</div></div>'
        f'{hero}</header><div class="css-8dk2l1">{PARA}{MORE}</div></article></main></body></html>'
    )


HERO_BELOW = (
    '<div class="css-h1"><div class="css-h2"><picture><source srcset="/img/lantern-2000.webp 2000w">'
    '<img src="/img/lantern-1000.jpg" alt=""></picture></div><div class="css-h3"><span class="css-h4">'
    'The lantern room at dusk, after its first coat of paint.</span> <span class="css-h5">Lars Berg for '
    "the Paper</span></div></div>"
)
HERO_ABOVE = (
    '<div class="css-h1"><p class="css-h3">Mara Olsen on the gallery rail on her first morning. Photo: '
    'Lars Berg</p><div class="css-h2"><img src="/img/keeper-1600.jpg" alt="Mara Olsen"></div></div>'
)


def test_the_hero_caption_beside_the_picture_in_a_box_of_hashed_class_names() -> None:
    og = '<meta property="og:image" content="https://paper.example/share/keepers-1200x630.jpg">'
    for hero, og_tag, want in (
        (
            HERO_BELOW,
            og,
            (
                "https://paper.example/img/lantern-2000.webp",
                "The lantern room at dusk, after its first coat of paint. Lars Berg for the Paper",
                None,
            ),
        ),
        (
            HERO_ABOVE,
            "",
            (
                "https://paper.example/img/keeper-1600.jpg",
                "Mara Olsen on the gallery rail on her first morning.",
                "Photo: Lars Berg",
            ),
        ),
    ):
        art = extract_article(_hashed_header(hero, og_tag).encode(), URL)
        assert art.lead_image is not None
        assert (art.lead_image.src, art.lead_image.caption, art.lead_image.credit) == want
        assert "first coat" not in body_paragraphs(art) and "gallery rail on" not in body_paragraphs(art)


def test_an_author_box_of_hashed_class_names_is_not_the_hero() -> None:
    # The author's photo beside a linked name and the time: not the article's picture or its caption.
    art = extract_article(_hashed_header("").encode(), URL)
    assert art.lead_image is None
    og = '<meta property="og:image" content="https://paper.example/share/keepers-1200x630.jpg">'
    art = extract_article(_hashed_header("", og).encode(), URL)
    assert art.lead_image is not None and art.lead_image.src.endswith("keepers-1200x630.jpg")
    assert art.lead_image.caption is None


def test_a_visually_hidden_label_beside_the_image_does_not_hide_the_caption() -> None:
    art = extract(
        '<div class="wrapper-image"><div class="field"><div class="field__label visually-hidden">Image</div>'
        '<div class="field__item"><img src="/img/logbook.jpg" width="1100" height="733"></div></div>'
        '<span class="legend">The 1931 logbook, open at the week of the great fog (Skerry Trust / L. Berg)'
        "</span></div>"
    )
    assert [f.caption for f in figures(art) if f.src and f.src.endswith("logbook.jpg")] == [
        "The 1931 logbook, open at the week of the great fog (Skerry Trust / L. Berg)"
    ]
    assert "great fog" not in body_paragraphs(art)


def test_a_gallery_list_is_captioned_figures_not_a_bullet_list() -> None:
    items = "".join(
        f'<li class="_item_x{i}"><img src="/img/g{i}.jpg" alt=""><span class="_text_q{i}">{text}</span></li>'
        for i, text in enumerate(
            ("The lamp is lit at dusk.", "Fog rolls in over the point.", "The keeper's log.")
        )
    )
    art = extract(f'<ul class="_gallery_1f6gv">{items}</ul>')
    assert [f.caption for f in figures(art) if f.src and "/img/g" in f.src] == [
        "The lamp is lit at dusk.",
        "Fog rolls in over the point.",
        "The keeper's log.",
    ]
    assert not any(b.type == "list" for b in art.blocks)


def test_a_caption_part_named_like_page_chrome_stays_in_its_figure() -> None:
    # "meta" and "byline" name page furniture elsewhere; inside a figure they name the caption's parts.
    art = extract(
        '<figure class="wide"><img src="/img/stairs.jpg" width="1200" height="800">'
        '<figcaption><span class="meta">The spiral stair, <b>112</b> steps.</span> '
        '<span class="e-image__meta"><cite>Photo by Lars Berg</cite></span></figcaption></figure>'
    )
    (fig,) = [f for f in figures(art) if f.src and f.src.endswith("stairs.jpg")]
    assert fig.caption == "The spiral stair, 112 steps." and fig.credit == "Photo by Lars Berg"


def test_a_carousel_above_the_body_keeps_every_slide_caption_without_its_counter() -> None:
    captions = ("The lamp is lit at dusk.", "Fog rolls in over the point.", "The keeper's logbook of 1931.")
    slides = "".join(
        f'<div class="slide-x2"><div class="media-x3"><picture><source srcset="/img/s{i}.webp">'
        f'<img src="/img/s{i}.jpg" width="1200" height="800"></picture></div><div class="info-x4">'
        f'<span class="count-x5">{i + 1} of 3<span> | </span></span>'
        f'<span class="desc-x6"><p>{text}</p></span>'
        "</div></div>"
        for i, text in enumerate(captions)
    )
    html = (
        "<!DOCTYPE html><html><head><title>Lighthouse keepers return</title></head><body><main>"
        f'<div class="lead-x1"><div class="slides-x7">{slides}</div></div>'
        f'<div class="story-x8"><h1>Lighthouse keepers return</h1><div class="css-8dk2l1">{PARA}{MORE}</div>'
        "</div></main></body></html>"
    )
    art = extract_article(html.encode(), URL)
    assert [f.caption for f in figures(art)] == list(captions)
    assert isinstance(art.blocks[2], Paragraph) and art.blocks[2].text.startswith("The lighthouse")


def test_a_captioned_picture_between_two_parts_of_the_body_is_kept() -> None:
    html = (
        "<!DOCTYPE html><html><head><title>Lighthouse keepers return</title></head><body><main><article>"
        f"<h1>Lighthouse keepers return</h1><div class='x1'><p class='lead-x'>{PARA[3:-4]}</p>"
        "<div class='media-x'><figure><img src='/img/lamp.jpg' width='1200' height='800'>"
        "<figcaption><div class='desc-x'>The lamp, restored in 1990.</div></figcaption></figure></div>"
        f"<div class='text-x'>{MORE}{PARA}</div></div></article></main></body></html>"
    )
    art = extract_article(html.encode(), URL)
    assert "The lamp, restored in 1990." in [f.caption for f in figures(art)]


def test_the_hero_picture_shared_as_the_page_image_carries_its_caption_past_a_tracking_pixel() -> None:
    html = (
        "<!DOCTYPE html><html><head><title>Lighthouse keepers return</title>"
        '<meta property="og:image" content="https://cdn.paper.example/img/1100/222615.jpg"></head><body>'
        "<main><article><h1>Lighthouse keepers return</h1><div class='hero-x'>"
        "<img src='/img/2200/222615.jpg' class='w-full'><div class='text-x'>Keepers' families at the "
        "quay on the first morning</div></div><img src='/px/count.png' width='1' height='1'>"
        f"<div class='story-x'>{PARA}{MORE}</div></article></main></body></html>"
    )
    art = extract_article(html.encode(), URL)
    assert art.lead_image is not None
    assert art.lead_image.caption == "Keepers' families at the quay on the first morning"


def test_a_captioned_video_figure_named_widget_in_the_headline_box_keeps_its_caption() -> None:
    html = (
        "<!DOCTYPE html><html><head><title>Lighthouse keepers return</title></head><body><main><article>"
        "<div class='col container-widget'><header><h1>Lighthouse keepers return</h1></header>"
        "<figure class='image video widget rich'><div class='player'><img src='/img/poster.jpg' "
        "width='1200' height='675'></div><figcaption><p>AT LAST: Mara Olsen lights the lamp again.</p>"
        "</figcaption></figure>"
        f"</div><div class='story-x'>{PARA}{MORE}</div></article></main></body></html>"
    )
    art = extract_article(html.encode(), URL)
    assert "AT LAST: Mara Olsen lights the lamp again." in [f.caption for f in figures(art)]


def test_a_lazy_loader_srcset_attribute_is_read() -> None:
    art = extract(
        "<figure><picture>"
        "<source data-flickity-lazyload-srcset='/img/fog-600.jpg 600w, /img/fog-1200.jpg 1200w'>"
        "<img src='data:image/gif;base64,R0lGOD' class='lazy' width='1200' height='800'></picture>"
        "<figcaption>Fog over the point.</figcaption></figure>"
    )
    (fig,) = [f for f in figures(art) if f.caption == "Fog over the point."]
    assert fig.src == "https://paper.example/img/fog-1200.jpg"


def test_a_page_level_tracking_pixel_is_no_lazy_image_fallback() -> None:
    shots = "".join(
        f"<figure><img src='data:image/gif;base64,R0lGOD' class='lazy'><noscript><img src='/img/n{i}.jpg'>"
        f"</noscript><figcaption>Night {i} at the lamp.</figcaption></figure>"
        for i in range(5)
    )
    art = extract(f"<noscript><p><img src='https://stats.example/hit?p=1'></p></noscript>{shots}")
    assert [f.src for f in figures(art) if f.caption and f.caption.startswith("Night")] == [
        f"https://paper.example/img/n{i}.jpg" for i in range(5)
    ]


def test_the_lead_caption_is_not_taken_for_the_first_paragraphs_of_the_body() -> None:
    # The hero's caption paragraph has the class the body's figure captions have: it is no paragraph.
    caption = (
        "The lantern room at dusk, seen from the keeper's cottage across the yard, on the first evening "
        "the lamp was lit again."
    )
    html = (
        "<!DOCTYPE html><html><head><title>Lighthouse keepers return</title>"
        '<meta property="og:image" content="https://paper.example/img/dusk.jpg"></head><body><main><article>'
        "<h1>Lighthouse keepers return</h1><div class='wide'><figure><img src='/img/dusk.jpg'><div>"
        f"<figcaption><p class='fig-cap'>{caption}</p></figcaption></div></figure></div>"
        f"<div class='main-col'><div class='article-body'>{PARA}<figure><img src='/img/log.jpg'><figcaption>"
        "<p class='fig-cap'>The logbook of 1931, open at the week of the fog.</p></figcaption></figure>"
        f"{MORE}</div><p class='doi'>doi: 10.0000/lighthouse</p></div></article></main></body></html>"
    )
    art = extract_article(html.encode(), URL)
    assert art.lead_image is not None and art.lead_image.caption == caption
    assert caption not in body_paragraphs(art)


def test_a_picture_above_the_body_with_its_caption_beside_it_is_the_lead_image() -> None:
    html = (
        "<!DOCTYPE html><html><head><title>Lighthouse keepers return</title></head><body><main><article>"
        "<header><h1>Lighthouse keepers return</h1></header><picture class='detail-view'>"
        "<source srcset='/img/keeper-960.webp 960w'><img src='/img/keeper-960.jpg' alt=''></picture>"
        "<figcaption><span>Mara Olsen on the gallery rail, Foto: Lars Berg</span></figcaption>"
        f"<section class='article-body'>{PARA}{MORE}</section></article></main></body></html>"
    )
    art = extract_article(html.encode(), URL)
    assert art.lead_image is not None
    assert (art.lead_image.caption, art.lead_image.credit) == (
        "Mara Olsen on the gallery rail,",
        "Foto: Lars Berg",
    )


def quotes(art: Article) -> list[tuple[str, str, str | None]]:
    return [(q.kind, q.text, q.cite) for q in art.blocks if isinstance(q, Quote)]


def test_pull_quotes_named_on_a_paragraph_or_a_section_and_their_speakers_lines() -> None:
    said = "We will keep the light burning for as long as ships pass the point."
    cases = [
        (f'<p class="pullquote">“{said}”</p>', ("pullquote", f"“{said}”", None)),
        (
            f'<section class="quote-block"><p>{said}</p><p class="quote-author">Ines Quill</p></section>',
            ("pullquote", said, "Ines Quill"),
        ),
        (
            f"<blockquote><p>{said}</p><p>— Ines Quill, keeper</p></blockquote>",
            ("blockquote", said, "Ines Quill, keeper"),
        ),
        (
            f'<div class="pull-quote"><blockquote class="double">{said}</blockquote>'
            '<div class="pull-quote__author"><span class="author">Ines Quill</span></div></div>',
            ("pullquote", said, "Ines Quill"),
        ),
    ]
    for inner, want in cases:
        art = extract(f'<div class="pullQuote section">{inner}</div>' if "pull-quote" in inner else inner)
        assert quotes(art) == [want]
        assert "Ines Quill" not in body_paragraphs(art)


def test_a_quotes_last_line_with_no_words_once_cleaned_is_no_speaker() -> None:
    said = "We will keep the light burning for as long as ships pass the point."
    # A zero-width space is not whitespace to str.strip(), but the text cleaner removes it.
    art = extract(f"<blockquote><p>{said}</p><p>\u200b</p></blockquote>")
    assert quotes(art) == [("blockquote", said, None)]
