"""Captions found as the caption of their own picture, by structure (pages written for this project).

Each test is one structural shape seen on news sites: the caption beside the wrapper of the picture rather
than inside it, a hero carousel whose current slide carries a state class, a picture inside a link to its
own enlargement, a size given as an aspect ratio, a figcaption that is only the credit, and picture names
that merely contain a decoration word.
"""

from __future__ import annotations

from newsreader.extract import extract_article
from newsreader.models import Article, Figure, Image, Paragraph

URL = "https://harbour.example/2025/05/02/ferry-returns"
PARA = (
    "<p>The ferry to Holm Island runs again from Monday, two years after the old boat was withdrawn and the "
    "islanders were left with a water taxi that could not carry cars, post or the weekly supplies.</p>"
    "<p>The new boat was built in Bergen and carries forty cars, and the council says the timetable will "
    "match the old one, with the first crossing at seven and the last at ten in the evening.</p>"
)
MORE = (
    "<p>Islanders had campaigned for the service since the withdrawal, and the school reopened its doors "
    "to pupils from the mainland this spring in expectation of the crossing, its head teacher said.</p>"
)


def html(header: str = "", body: str = "", *, og: str = "", url_title: str = "Ferry returns") -> str:
    meta = f'<meta property="og:image" content="{og}">' if og else ""
    return (
        f"<!DOCTYPE html><html><head><title>{url_title}</title>{meta}</head><body><main><article>"
        f"<header><h1>{url_title}</h1>{header}</header><div class='story-x1'>{PARA}{body}{MORE}</div>"
        "</article></main></body></html>"
    )


def figures(art: Article) -> list[Figure | Image]:
    found: list[Figure | Image] = [b for b in art.blocks if isinstance(b, Figure)]
    return ([art.lead_image] if art.lead_image else []) + found


def body_paragraphs(art: Article) -> str:
    return "\n".join(b.text for b in art.blocks if isinstance(b, Paragraph))


def test_a_site_or_picture_name_holding_a_decoration_word_is_no_icon() -> None:
    # "lexiconews" holds "icon", "silicon" holds "icon": neither is an icon, the picture is the hero.
    for url, src in (
        ("https://www.lexiconews.example/2025/ferry", "https://www.lexiconews.example/img/ferry-1600.jpg"),
        ("https://harbour.example/2025/ferry", "/img/silicon-valley-ferry-1600.jpg"),
    ):
        hero = (
            f"<div class='css-h1'><div class='css-h2'><img src='{src}' alt=''></div><div class='css-h3'>"
            "<span class='css-h4'>The new ferry leaves Holm Island on its first crossing.</span></div></div>"
        )
        art = extract_article(html(hero).encode(), url)
        assert art.lead_image is not None and art.lead_image.src.endswith("ferry-1600.jpg")
        assert art.lead_image.caption == "The new ferry leaves Holm Island on its first crossing."
    # A logo is still one: in the path, or from a host that serves nothing else.
    for src in ("/img/footerLogo.png", "https://avatars.cdn.example/u/1234"):
        hero = f"<div class='css-h1'><div class='css-h2'><img src='{src}' alt=''></div></div>"
        art = extract_article(html(hero).encode(), URL)
        assert art.lead_image is None


def test_a_caption_after_the_wrapper_the_picture_alone_fills_is_its_caption() -> None:
    # The picture's wrapper (with an empty overlay beside the figure) ends; the caption box follows it.
    hero = (
        "<div class='media'><figure class='head-image'><picture><source srcset='/img/ferry-2000.webp 2000w'>"
        "<img src='/img/ferry-1000.jpg' width='1000' height='560' alt=''></picture></figure>"
        "<div class='floating-text'></div></div><div class='caption truncate'><figcaption>ALONGSIDE: The "
        "new ferry at the Holm Island quay on Monday morning.</figcaption></div>"
    )
    art = extract_article(html(hero).encode(), URL)
    assert art.lead_image is not None and art.lead_image.src.endswith("ferry-2000.webp")
    assert art.lead_image.caption == "ALONGSIDE: The new ferry at the Holm Island quay on Monday morning."
    assert "ALONGSIDE" not in body_paragraphs(art)
    # In the body: the picture's container ends, its description follows.
    inner = (
        "<div class='pic-x'><div class='img-container'><figure><img src='/img/quay.jpg' width='1200' "
        "height='800'></figure></div><p class='img-description'>The quay was rebuilt for the larger boat. "
        "<strong>Harbour Trust</strong></p></div>"
    )
    art = extract_article(html(body=inner).encode(), URL)
    (fig,) = [f for f in figures(art) if f.src and f.src.endswith("quay.jpg")]
    assert fig.caption == "The quay was rebuilt for the larger boat. Harbour Trust"
    assert "rebuilt for the larger" not in body_paragraphs(art)


def test_a_captioned_picture_in_a_wrapper_named_like_an_advert_is_kept() -> None:
    # "ads-top-after" names where the advert goes after it; the box holds the picture and its caption.
    hero = (
        "<div class='post-img ads-top-after'><div class='row'><div class='col'><div class='img-container'>"
        "<figure><picture><img src='/img/ferry-bow.jpg' alt='The ferry'></picture></figure></div>"
        "<p class='img-description'>The bow of the new ferry, built in Bergen. <strong>Harbour Trust</strong>"
        "</p></div></div></div>"
    )
    art = extract_article(html(hero, og="https://harbour.example/img/ferry-bow.jpg").encode(), URL)
    assert art.lead_image is not None and art.lead_image.src.endswith("ferry-bow.jpg")
    assert art.lead_image.caption == "The bow of the new ferry, built in Bergen. Harbour Trust"
    # A box named like an advert that holds more than a picture and its caption is still dropped.
    advert = hero.replace("</figure></div>", "</figure></div><p>Buy a season ticket today and save.</p>")
    art = extract_article(html(advert, og="https://harbour.example/img/ferry-bow.jpg").encode(), URL)
    assert art.lead_image is not None and art.lead_image.caption is None


def test_a_hero_carousel_whose_slide_on_show_carries_a_state_class_keeps_every_slide() -> None:
    captions = ("The ferry leaves the mainland at seven.", "Cars queue at the Holm Island ramp.")
    slides = "".join(
        f"<div class='gallery__item{' gallery__item--active' if i == 0 else ''}'><div class='detail-img'>"
        f"<div class='detail-img__wrap'><img src='/img/slide{i}.jpg' width='1020' height='680' alt=''>"
        "<div class='detail-img__icons'><div class='icon-zoom'></div></div></div>"
        f"<div class='detail-img__text'><div>{text} <span class='detail-img__copyright'>Photo: Harbour "
        "Trust</span></div></div></div></div>"
        for i, text in enumerate(captions)
    )
    art = extract_article(
        html(f"<div class='gallery'><div class='gallery__items'>{slides}</div></div>").encode(), URL
    )
    assert [(f.src.rsplit("/", 1)[-1] if f.src else None, f.caption) for f in figures(art)] == [
        ("slide0.jpg", captions[0]),
        ("slide1.jpg", captions[1]),
    ]


def test_a_figure_inside_a_link_to_its_own_enlargement_keeps_its_caption() -> None:
    # The whole figure, caption too, links to the picture's page: a lightbox, not a story card.
    inner = (
        "<div class='photo-box photo-left'><figure><a href='/articles/image/local/4411/2087'><picture>"
        "<img src='/img/ramp-262.webp' width='262' height='262' alt=''></picture><figcaption>The new ramp at "
        "Holm Island, built for the larger boat (Harbour Trust)</figcaption><span class='expansion'>"
        "<span>See all 2 pictures</span></span></a></figure></div>"
    )
    art = extract_article(html(body=inner).encode(), URL)
    assert [f.caption for f in figures(art) if f.src and f.src.endswith("ramp-262.webp")] == [
        "The new ramp at Holm Island, built for the larger boat (Harbour Trust)"
    ]
    # A card linking another story stays out of the body.
    card = inner.replace("/articles/image/local/4411/2087", "/2025/04/30/island-school-reopens")
    art = extract_article(html(body=card).encode(), URL)
    assert not [f for f in figures(art) if f.src and f.src.endswith("ramp-262.webp")]


def test_a_picture_printed_twice_for_its_enlarged_view_is_shown_once_with_its_caption() -> None:
    inner = (
        "<div class='bucketwrap image'><div class='imagewrap'><img src='/img/540681598-s1100-c50.jpg' "
        "width='1100' height='733' alt=''></div><div class='credit-caption'><div class='caption'><p>Cars "
        "queue for the first crossing. <b class='credit'>Harbour Trust</b></p></div></div>"
        "<div class='enlarge_measure'><div class='img_wrap'><img src='/img/540681598-s1200.jpg' width='1200' "
        "height='800' alt=''></div></div></div>"
        "<figure><img src='/img/shot15-2.jpg' width='1200' height='800'><figcaption>The old boat."
        "</figcaption></figure><figure><img src='/img/shot15-3.jpg' width='1200' height='800'>"
        "<figcaption>The new boat.</figcaption></figure>"
    )
    art = extract_article(html(body=inner).encode(), URL)
    assert [(f.src.rsplit("/", 1)[-1] if f.src else "", f.caption, f.credit) for f in figures(art)] == [
        ("540681598-s1100-c50.jpg", "Cars queue for the first crossing.", "Harbour Trust"),
        ("shot15-2.jpg", "The old boat.", None),
        ("shot15-3.jpg", "The new boat.", None),
    ]


def test_a_picture_sized_by_its_aspect_ratio_is_no_icon() -> None:
    hero = (
        "<figure class='post-featured-image'><img src='/img/ferry-deck.jpg?resize=640,360' width='16' "
        "height='9' alt='Article image'><figcaption>Passengers on the deck of the new ferry (Photo: Harbour "
        "Trust)</figcaption></figure><div class='byline'><img src='/img/people/ines.jpg' width='60' "
        "height='60' alt=''> Ines Vale</div>"
    )
    art = extract_article(html(hero).encode(), URL)
    assert art.lead_image is not None and art.lead_image.src.endswith("ferry-deck.jpg?resize=640,360")
    assert (art.lead_image.caption, art.lead_image.credit) == (
        "Passengers on the deck of the new ferry",
        "Photo: Harbour Trust",
    )
    # A 16 x 16 icon is an icon.
    art = extract_article(html(hero.replace("height='9'", "height='16'")).encode(), URL)
    assert art.lead_image is None


def test_a_figcaption_that_is_only_the_credit_leaves_the_caption_to_the_caption_box() -> None:
    inner = (
        "<figure class='lede toggle'><a href='/photo/ferry-returns'><span class='photo'><img "
        "src='/img/ferry-night.jpg' width='1200' height='800'></span></a><figcaption>Photographer: Ines "
        "Vale/Harbour News</figcaption><div class='ext_caption'><p>The ferry's lights at the Holm Island "
        "quay on the evening before the first crossing.</p></div></figure>"
    )
    art = extract_article(html(body=inner).encode(), URL)
    (fig,) = [f for f in figures(art) if f.src and f.src.endswith("ferry-night.jpg")]
    assert (fig.caption, fig.credit) == (
        "The ferry's lights at the Holm Island quay on the evening before the first crossing.",
        "Photographer: Ines Vale/Harbour News",
    )


def test_a_line_of_text_set_right_after_the_picture_alone_in_its_parent_is_the_caption() -> None:
    inner = (
        "<p class='x7'><span class='imagecontainer'><picture><img src='' class='lazyload' width='960' "
        "height='540' alt=''><noscript><img src='/img/ramp-960.jpg' width='960' height='540' alt=''>"
        "</noscript></picture></span><span class='bu m-t-1'>The ramp was lengthened for the new ferry.</span>"
        "</p>"
    )
    art = extract_article(html(body=inner).encode(), URL)
    assert [f.caption for f in figures(art) if f.src and f.src.endswith("ramp-960.jpg")] == [
        "The ramp was lengthened for the new ferry."
    ]
    assert "lengthened" not in body_paragraphs(art)
    # Text that goes on after the line is a paragraph that starts with a picture, not a caption.
    para = inner.replace("</span></p>", "</span> It opens on Monday, with the first crossing at seven.</p>")
    art = extract_article(html(body=para).encode(), URL)
    assert "lengthened for the new ferry" in body_paragraphs(art)


def test_a_header_picture_named_after_the_header_keeps_the_caption_in_the_layout_grid_below_it() -> None:
    header = (
        "<img src='/img/quay-2560.jpg?resize=1440,720' class='header-image skip-lazy' alt=''>"
        "<div class='container-1024 container'><div class='row'><div class='col-xs-12'><div "
        "class='image-caption'><i class='fa fa-camera'></i> Islanders wait on the quay for the first "
        "crossing. (Photo: Harbour Trust)</div></div></div></div>"
    )
    art = extract_article(
        html(header, og="https://harbour.example/img/quay-2560.jpg?fit=1280,853").encode(), URL
    )
    assert art.lead_image is not None
    assert (art.lead_image.caption, art.lead_image.credit) == (
        "Islanders wait on the quay for the first crossing.",
        "Photo: Harbour Trust",
    )


def test_a_picture_linked_to_its_own_enlargement_without_a_caption_is_kept() -> None:
    # Blogger and classic WordPress link every picture to its full-size file; a thumbnail linked to
    # another story is that story's teaser, not a picture of this one.
    for wrapper in ("p", "div"):
        body = (
            f"<{wrapper}><a href='/img/s1600/new-ferry.jpg'><img src='/img/s640/new-ferry.jpg' width='640' "
            f"height='427'></a></{wrapper}>"
            f"<{wrapper}><a href='/2025/04/30/island-school-reopens-for-mainland-pupils'>"
            f"<img src='/img/s320/school.jpg' width='640' height='427'></a></{wrapper}>"
        )
        art = extract_article(html(body=body).encode(), URL)
        assert [f.src for f in figures(art)] == ["https://harbour.example/img/s640/new-ferry.jpg"]


def test_a_blogger_caption_table_keeps_its_picture_and_caption() -> None:
    body = (
        "<table class='tr-caption-container' align='center'><tbody><tr><td><a href='/img/s1600/boat.jpg'>"
        "<img src='/img/s640/boat.jpg' width='640' height='427'></a></td></tr>"
        "<tr><td class='tr-caption'>The new boat on its trial run off Bergen in March.</td></tr>"
        "</tbody></table>"
    )
    art = extract_article(html(body=body).encode(), URL)
    assert [(f.src, f.caption) for f in figures(art)] == [
        ("https://harbour.example/img/s640/boat.jpg", "The new boat on its trial run off Bergen in March.")
    ]
    assert "trial run" not in body_paragraphs(art)


def test_a_gallery_in_one_figure_keeps_every_picture_and_the_shared_caption() -> None:
    # Gutenberg's gallery block: a figure per picture, each with its caption, and the gallery's caption.
    wp = (
        "<figure class='wp-block-gallery has-nested-images columns-2'>"
        "<figure class='wp-block-image'><img src='/up/deck-1024x768.jpg' width='1024' height='768'>"
        "<figcaption class='wp-element-caption'>The car deck holds forty cars.</figcaption></figure>"
        "<figure class='wp-block-image'><img src='/up/bridge-1024x768.jpg' width='1024' height='768'>"
        "<figcaption class='wp-element-caption'>The bridge, with its new radar.</figcaption></figure>"
        "<figcaption class='blocks-gallery-caption'>Aboard the new ferry. Photos: Ann Berg</figcaption>"
        "</figure>"
    )
    art = extract_article(html(body=wp).encode(), URL)
    assert [(f.src and f.src.rsplit("/", 1)[-1], f.caption, f.credit) for f in figures(art)] == [
        ("deck-1024x768.jpg", "The car deck holds forty cars.", None),
        ("bridge-1024x768.jpg", "The bridge, with its new radar.", None),
        (None, "Aboard the new ferry.", "Photos: Ann Berg"),
    ]
    # Ghost's gallery card: rows of picture boxes and one caption for them all, under the last picture.
    ghost = (
        "<figure class='kg-card kg-gallery-card'><div class='kg-gallery-container'>"
        "<div class='kg-gallery-row'>"
        "<div class='kg-gallery-image'><img src='/c/deck.jpg' width='1200' height='800'></div>"
        "<div class='kg-gallery-image'><img src='/c/bridge.jpg' width='1200' height='800'></div></div>"
        "<div class='kg-gallery-row'><div class='kg-gallery-image'><img src='/c/galley.jpg' width='1200' "
        "height='800'></div></div></div><figcaption><p><span>Aboard the new ferry.</span></p></figcaption>"
        "</figure>"
    )
    art = extract_article(html(body=ghost).encode(), URL)
    assert [(f.src and f.src.rsplit("/", 1)[-1], f.caption) for f in figures(art)] == [
        ("deck.jpg", None),
        ("bridge.jpg", None),
        ("galley.jpg", "Aboard the new ferry."),
    ]


def test_amp_pictures_are_pictures_and_amp_adverts_are_not_text() -> None:
    body = (
        "<figure><amp-img src='/img/deck.jpg' srcset='/img/deck-640.jpg 640w, /img/deck-1600.jpg 1600w' "
        "width='1600' height='1067' layout='responsive' alt=''><div placeholder></div></amp-img>"
        "<figcaption>The car deck on the first crossing <span class='credit'>(Image: Ann Berg)</span>"
        "</figcaption></figure>"
        "<amp-ad width='300' height='250' type='doubleclick'><div placeholder>Advertisement</div></amp-ad>"
        "<figure><amp-img src='/img/bridge.jpg' width='1600' height='1067' layout='responsive'><noscript>"
        "<img src='/img/bridge-full.jpg' width='1600' height='1067'></noscript></amp-img>"
        "<figcaption>The bridge, with its new radar</figcaption></figure>"
    )
    art = extract_article(html(body=body).encode(), URL)
    assert [(f.src, f.caption, f.credit) for f in figures(art)] == [
        (
            "https://harbour.example/img/deck-1600.jpg",
            "The car deck on the first crossing",
            "Image: Ann Berg",
        ),
        ("https://harbour.example/img/bridge-full.jpg", "The bridge, with its new radar", None),
    ]
    assert "Advertisement" not in art.text


def test_a_caption_and_a_credit_each_in_a_box_after_the_picture_are_both_its() -> None:
    # Drupal's image, caption and credit fields: three sibling boxes, none inside the other.
    body = (
        "<div class='field field--name-field-image'><img src='/files/styles/large/deck.jpg' width='1200' "
        "height='675' alt=''></div>"
        "<div class='field field--name-field-image-caption'>The car deck holds forty cars.</div>"
        "<div class='field field--name-field-image-credit'>Photo: Ann Berg</div>"
    )
    art = extract_article(html(body=body).encode(), URL)
    assert [(f.caption, f.credit) for f in figures(art)] == [
        ("The car deck holds forty cars.", "Photo: Ann Berg")
    ]
    assert "Ann Berg" not in body_paragraphs(art)


def test_a_credit_labelled_credit_with_an_ellipsis_is_split_from_the_caption() -> None:
    # The caption's and the credit's spans set side by side, the credit labelled "Credit..." (no colon).
    body = (
        "<figure class='css-1bj2'><img src='/img/deck.jpg' width='2048' height='1365' alt=''>"
        "<figcaption class='css-1rl'><span class='css-3hd'>The car deck on the first crossing.</span>"
        "<span class='css-cnj'><span class='css-1ly'>Credit...</span><span>Ann Berg for The Paper</span>"
        "</span></figcaption></figure>"
    )
    art = extract_article(html(body=body).encode(), URL)
    assert [(f.caption, f.credit) for f in figures(art)] == [
        ("The car deck on the first crossing.", "Credit... Ann Berg for The Paper")
    ]


def test_a_cards_site_icon_before_its_picture_is_not_the_picture() -> None:
    # A link card (Ghost's bookmark card): the linked site's favicon comes before the card's picture.
    body = (
        "<figure class='kg-card kg-bookmark-card'><a class='kg-bookmark-container' href='https://trust.example/"
        "skerry'><div class='kg-bookmark-content'><div class='kg-bookmark-title'>Skerry Point lighthouse"
        "</div><div class='kg-bookmark-metadata'><img class='kg-bookmark-icon' src='https://trust.example/"
        "favicon.ico' alt=''><span>Skerry Trust</span></div></div><div class='kg-bookmark-thumbnail'><img "
        "src='https://trust.example/img/skerry.jpg' alt=''></div></a></figure>"
    )
    art = extract_article(html(body=body).encode(), URL)
    assert [f.src for f in figures(art)] == ["https://trust.example/img/skerry.jpg"]


def test_a_picture_with_an_icon_in_its_caption_or_an_enlarged_copy_is_one_picture() -> None:
    icon = (
        "<div class='wp-caption alignright'><a href='/img/deck-full.png'><img src='/img/deck-315.png' "
        "width='267' height='293' alt=''></a><p class='wp-caption-text'>The car deck holds forty cars."
        "<img class='photo' src='/assets/images/gallery-cam@2x.png' alt=''> Ann Berg</p></div>"
    )
    copy = (
        "<figure class='lede'><a href='/photo/deck.html'><span class='photo'><img src='/img/deck-small.jpg'>"
        "</span></a><figcaption>The car deck holds forty cars.</figcaption><div class='full-view'>"
        "<div class='box'><img data-src='/img/deck-large.jpg'></div></div></figure>"
    )
    for body in (icon, copy):
        art = extract_article(html(body=body).encode(), URL)
        assert [f.caption for f in figures(art)] == [
            "The car deck holds forty cars." + (" Ann Berg" if body is icon else "")
        ]


def test_a_trailing_copyright_sign_or_a_separated_credit_is_the_credit() -> None:
    for caption, want in (
        (
            "The car deck on the first crossing. © Ann Berg / Agency",
            ("The car deck on the first crossing.", "© Ann Berg / Agency"),
        ),
        (
            "The car deck on the first crossing | Photo: Ann Berg",
            ("The car deck on the first crossing", "Photo: Ann Berg"),
        ),
    ):
        img = "<img src='/img/deck.jpg' width='1200' height='800'>"
        body = f"<figure>{img}<figcaption>{caption}</figcaption></figure>"
        art = extract_article(html(body=body).encode(), URL)
        assert [(f.caption, f.credit) for f in figures(art)] == [want]


def test_captions_without_screen_reader_labels_in_their_box_and_with_their_lines_apart() -> None:
    img = "<img src='/img/deck.jpg' width='1200' height='800'>"
    cases = [
        # The label said to screen readers only is not the caption's.
        (
            f"<figure><div class='x1'>{img}</div><figcaption><span class='visually-hidden'>Image caption, "
            "</span>The car deck on the first crossing</figcaption></figure>",
            ("The car deck on the first crossing", None),
        ),
        # The caption and the credit in a box after the picture's wrapper, the box holding the caption
        # element (named "caption", and also "attribution") and the credit element.
        (
            f"<div class='image'><div class='image__container'><picture>{img}</picture></div>"
            "<div class='image__metadata'><div class='image__caption attribution'><span>The car deck on "
            "the first crossing.</span></div><figcaption class='image__credit'>Ann Berg/AP</figcaption>"
            "</div></div>",
            ("The car deck on the first crossing.", "Ann Berg/AP"),
        ),
        # Two lines the page's styles set apart: a space between them, not "crossing.ANN".
        (
            f"<figure>{img}<figcaption><span>The car deck on the first crossing.</span><span class='a_m'>"
            "ANN BERG (EFE)</span></figcaption></figure>",
            ("The car deck on the first crossing. ANN BERG (EFE)", None),
        ),
    ]
    for body, want in cases:
        art = extract_article(html(body=body).encode(), URL)
        assert [(f.caption, f.credit) for f in figures(art)] == [want]
        assert "car deck" not in body_paragraphs(art)


def test_a_credit_named_by_test_id_schema_property_or_label_on_generated_class_names() -> None:
    img = "<img src='/img/deck.jpg' width='1200' height='800'>"
    for attr in ("data-testid='image-credit'", "itemprop='copyrightHolder'", "aria-label='Image credit'"):
        body = (
            f"<figure class='sc-a1'>{img}<figcaption class='sc-c3'><span class='sc-d4'>The car deck on the "
            f"first crossing.</span> <span class='sc-e5' {attr}>Ann Berg/AP</span></figcaption></figure>"
        )
        art = extract_article(html(body=body).encode(), URL)
        assert [(f.caption, f.credit) for f in figures(art)] == [
            ("The car deck on the first crossing.", "Ann Berg/AP")
        ]
