"""Embeds that hold no text of their own (pages written for this project).

An `<iframe>`, AMP or "lite" element showing an Instagram, X, Bluesky, Mastodon, Threads, Facebook or TikTok
post becomes a post quote with what its address says (network, permalink, the author where the URL holds
one); a YouTube, Vimeo or Dailymotion player becomes a numbered "Video: <title or network>" line, an audio
player "Audio: …" and a chart "Chart: …". Share
buttons and page widgets served from the same hosts stay out. The JSON, `--plain` and the TUI show the same.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsreader.cli import main
from newsreader.config import Config
from newsreader.extract import article_from_html_fragment, extract_article
from newsreader.layout import TextBlock, layout_article
from newsreader.models import Article, Link, Paragraph, Quote
from newsreader.plain import render_plain
from newsreader.refresh import refresh
from newsreader.store import Store
from newsreader.ui.render import block_content
from tests.server import LoopbackServer, Reply
from tests.test_ui import SIZE, article_text, make_app, open_article

URL = "https://paper.example/2025/05/02/lighthouse-keepers-return"
OPEN = (
    "<p>The lighthouse on Skerry Point has a keeper again for the first time since 1987, after the trust "
    "that owns it decided a resident would cost less than the repeated repairs of an empty building.</p>"
)
CLOSE = (
    "<p>The trust hopes the visitors will pay for the keeper's post within three years, and has already "
    "sold more tickets for the summer than it did in the whole of last year, its director said.</p>"
)


def extract(inner: str) -> Article:
    html = (
        "<!DOCTYPE html><html><head><title>Keepers return</title></head><body><main><article>"
        f"<h1>Keepers return</h1><div class='css-8dk2l1'>{OPEN}{inner}{CLOSE}</div>"
        "</article></main></body></html>"
    )
    return extract_article(html.encode(), URL)


def posts(art: Article) -> list[tuple[str, str, str | None, str | None, str | None]]:
    return [(q.kind, q.text, q.cite, q.platform, q.url) for q in art.blocks if isinstance(q, Quote)]


def videos(art: Article, medium: str = "Video") -> list[tuple[str, list[Link]]]:
    return [
        (b.text, b.links) for b in art.blocks if isinstance(b, Paragraph) and b.text.startswith(f"{medium}:")
    ]


def test_iframe_posts_become_quotes_with_network_author_and_permalink() -> None:
    art = extract(
        '<iframe class="instagram-media instagram-media-rendered" src="https://www.instagram.com/p/C6xYz12/'
        'embed/captioned/?cr=1&amp;v=14" height="720" frameborder="0" scrolling="no"></iframe>'
        '<iframe src="https://platform.twitter.com/embed/Tweet.html?dnt=false&amp;frame=false&amp;'
        'id=1785000000000000001&amp;lang=en&amp;theme=light" title="X Post" style="width:550px"></iframe>'
        '<iframe data-src="https://embed.bsky.app/embed/did:plc:4x2ab/app.bsky.feed.post/3kq7z" '
        'class="lazyload"></iframe>'
        '<iframe src="https://social.example/@skerry/112233445566778899/embed" class="mastodon-embed" '
        'width="400" allowfullscreen="allowfullscreen"></iframe>'
        '<p><iframe src="https://www.threads.net/@mara.keeps/post/C6abc123/embed"></iframe></p>'
        '<iframe src="https://www.facebook.com/plugins/post.php?href=https%3A%2F%2Fwww.facebook.com%2F'
        'skerrytrust%2Fposts%2Fpfbid02Xy&amp;show_text=true&amp;width=500" width="500" height="600"></iframe>'
        '<iframe src="//www.tiktok.com/embed/v2/7300000000000000000?lang=en"></iframe>'
    )
    assert posts(art) == [
        ("post", "", None, "Instagram", "https://www.instagram.com/p/C6xYz12/"),
        ("tweet", "", None, "X", "https://twitter.com/i/status/1785000000000000001"),
        ("post", "", None, "Bluesky", "https://bsky.app/profile/did:plc:4x2ab/post/3kq7z"),
        ("post", "", "@skerry", "Mastodon", "https://social.example/@skerry/112233445566778899"),
        ("post", "", "@mara.keeps", "Threads", "https://www.threads.net/@mara.keeps/post/C6abc123"),
        ("post", "", "@skerrytrust", "Facebook", "https://www.facebook.com/skerrytrust/posts/pfbid02Xy"),
        ("post", "", None, "TikTok", "https://www.tiktok.com/embed/v2/7300000000000000000"),
    ]
    assert "resident would cost less" in art.text and "whole of last year" in art.text


def test_amp_posts_and_players() -> None:
    art = extract(
        '<amp-twitter width="400" height="500" layout="responsive" data-tweetid="https://twitter.com/'
        'skerrytrust/status/1785000000000000002"></amp-twitter>'
        '<amp-instagram data-shortcode="C6xYz12" width="1" height="1" layout="responsive"></amp-instagram>'
        '<amp-twitter width="375" height="472" data-tweetid="1785000000000000003"><blockquote placeholder '
        'class="twitter-tweet"><p>Open on Saturday.</p>&mdash; Skerry Trust (@skerrytrust) <a href="https://'
        'twitter.com/skerrytrust/status/1785000000000000003">May 2, 2025</a></blockquote></amp-twitter>'
        '<amp-youtube data-videoid="dQw4w9WgXcQ" layout="responsive" width="480" height="270"></amp-youtube>'
    )
    assert posts(art) == [
        ("tweet", "", "@skerrytrust", "X", "https://twitter.com/skerrytrust/status/1785000000000000002"),
        ("post", "", None, "Instagram", "https://www.instagram.com/p/C6xYz12/"),
        # The AMP element holds the embed code: that says more than the id.
        (
            "tweet",
            "Open on Saturday.",
            "Skerry Trust (@skerrytrust)",
            "X",
            "https://twitter.com/skerrytrust/status/1785000000000000003",
        ),
    ]
    assert videos(art) == [
        ("Video: YouTube", [Link("YouTube", "https://www.youtube.com/watch?v=dQw4w9WgXcQ")])
    ]


def test_players_become_a_numbered_video_line_with_their_title_and_caption() -> None:
    art = extract(
        '<figure class="wp-block-embed is-type-video is-provider-youtube wp-block-embed-youtube"><div '
        'class="wp-block-embed__wrapper"><iframe loading="lazy" title="A day at Skerry Point" width="500" '
        'height="281" src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?feature=oembed&amp;rel=0" '
        'allowfullscreen></iframe></div><figcaption class="wp-element-caption">The keeper on her first '
        "day.</figcaption></figure>"
        '<div class="css-v1d30"><iframe src="https://player.vimeo.com/video/123456789?h=ab12&amp;title=0" '
        'title="vimeo-player" frameborder="0"></iframe></div>'
        '<lite-youtube videoid="abcdEFGhij1" playlabel="Play: Storm at the point"></lite-youtube>'
        '<iframe src="https://www.youtube.com/embed/videoseries?list=PLx1y2z3" title="YouTube video player">'
        "</iframe>"
        '<iframe src="https://www.dailymotion.com/embed/video/x8abc12" title="Lantern room tour"></iframe>'
    )
    assert videos(art) == [
        (
            "Video: A day at Skerry Point",
            [Link("A day at Skerry Point", "https://www.youtube.com/watch?v=dQw4w9WgXcQ")],
        ),
        ("Video: Vimeo", [Link("Vimeo", "https://vimeo.com/123456789")]),
        (
            "Video: Storm at the point",
            [Link("Storm at the point", "https://www.youtube.com/watch?v=abcdEFGhij1")],
        ),
        ("Video: YouTube", [Link("YouTube", "https://www.youtube.com/playlist?list=PLx1y2z3")]),
        (
            "Video: Lantern room tour",
            [Link("Lantern room tour", "https://www.dailymotion.com/video/x8abc12")],
        ),
    ]
    assert "The keeper on her first day." in art.text  # the embed figure's caption stays with it
    assert posts(art) == []


def test_charts_and_audio_players_become_numbered_lines_that_open_them() -> None:
    art = extract(
        '<div class="css-dw1"><iframe loading="lazy" id="datawrapper-chart-k3x9q" title="Visitors to the '
        'point, by month" src="https://datawrapper.dwcdn.net/k3x9q/2/" aria-label="Table: Visitors to the '
        'point, by month" scrolling="no" frameborder="0"></iframe></div>'
        # Datawrapper's own label says only the chart's type.
        '<iframe src="https://datawrapper.dwcdn.net/Hq7Lm/" aria-label="Stacked Bars"></iframe>'
        '<div class="flourish-embed flourish-chart" data-src="visualisation/1440543?1234"><script '
        'src="https://public.flourish.studio/resources/embed.js"></script><noscript><img src="https://public.'
        'flourish.studio/visualisation/1440543/thumbnail" width="100%" alt="chart visualization"></noscript>'
        "</div>"
        '<iframe src="https://flo.uri.sh/story/98765/embed" title="Interactive or visual content" '
        'class="flourish-embed-iframe" sandbox="allow-same-origin allow-forms allow-scripts"></iframe>'
        '<iframe src="https://e.infogram.com/1p2x3y4z-lantern-hours?src=embed" title="Lantern hours" '
        'width="550" height="600"></iframe>'
        '<iframe style="border-radius:12px" src="https://open.spotify.com/embed/episode/4rOoJ6Egrf8K2IrywzwOMk'
        '?utm_source=generator" width="100%" height="152" frameborder="0" loading="lazy"></iframe>'
        '<iframe width="100%" height="166" scrolling="no" frameborder="no" src="https://w.soundcloud.com/'
        "player/?url=https%3A//api.soundcloud.com/tracks/1234567890&amp;color=%23ff5500&amp;auto_play=false"
        '" title="The fog horn, recorded in 1986"></iframe>'
        '<iframe src="https://w.soundcloud.com/player/?url=https%3A%2F%2Fsoundcloud.com%2Fskerry-trust%2F'
        'keepers-log&amp;visual=true"></iframe>'
        '<iframe allow="autoplay *; encrypted-media *;" height="175" src="https://embed.podcasts.apple.com/'
        'gb/podcast/keepers-log/id1393035987?i=1000561514664&amp;theme=dark"></iframe>'
        # Not a chart or a player: a follow button and an ad frame stay out.
        '<iframe src="https://open.spotify.com/follow/1/?uri=spotify:artist:1x2y3z&amp;size=basic"></iframe>'
        '<iframe src="https://ads.example/slot.html?id=7" width="300" height="250"></iframe>'
    )
    assert videos(art, "Chart") == [
        (
            "Chart: Visitors to the point, by month",
            [Link("Visitors to the point, by month", "https://datawrapper.dwcdn.net/k3x9q/2/")],
        ),
        ("Chart: Datawrapper", [Link("Datawrapper", "https://datawrapper.dwcdn.net/Hq7Lm/")]),
        ("Chart: Flourish", [Link("Flourish", "https://flo.uri.sh/visualisation/1440543/")]),
        ("Chart: Flourish", [Link("Flourish", "https://flo.uri.sh/story/98765/")]),
        ("Chart: Lantern hours", [Link("Lantern hours", "https://e.infogram.com/1p2x3y4z-lantern-hours")]),
    ]
    assert videos(art, "Audio") == [
        ("Audio: Spotify", [Link("Spotify", "https://open.spotify.com/episode/4rOoJ6Egrf8K2IrywzwOMk")]),
        (
            "Audio: The fog horn, recorded in 1986",
            [
                Link(
                    "The fog horn, recorded in 1986",
                    "https://w.soundcloud.com/player/?url=https%3A%2F%2Fapi.soundcloud.com%2Ftracks%2F1234567890",
                )
            ],
        ),
        ("Audio: SoundCloud", [Link("SoundCloud", "https://soundcloud.com/skerry-trust/keepers-log")]),
        (
            "Audio: Apple Podcasts",
            [
                Link(
                    "Apple Podcasts",
                    "https://podcasts.apple.com/gb/podcast/keepers-log/id1393035987?i=1000561514664",
                )
            ],
        ),
    ]
    assert len([b for b in art.blocks if isinstance(b, Paragraph)]) == 2 + 9  # nothing else came in
    # The reader numbers each one like any link, and `--plain` lists where it goes.
    plain = render_plain(art)
    assert "Chart: Visitors to the point, by month[1]" in plain
    assert "[1] https://datawrapper.dwcdn.net/k3x9q/2/" in plain
    assert "[9] https://podcasts.apple.com/gb/podcast/keepers-log/id1393035987?i=1000561514664" in plain


def test_a_players_own_prefix_is_not_its_title_and_a_shared_by_line_ends_at_the_handle() -> None:
    # Spotify titles its iframe "Spotify Embed: <episode>"; an Instagram embed may set its <time> right
    # after the "A post shared by Name (@handle)" link, with no "on" between them.
    art = extract(
        '<iframe src="https://open.spotify.com/embed/episode/4rOoJ6Egrf8K2IrywzwOMk" title="Spotify Embed: '
        'Keepers of the light" width="100%" height="152"></iframe>'
        '<iframe src="https://player.vimeo.com/video/76979871" title="Embedded video: The lamp room">'
        "</iframe>"
        '<blockquote class="instagram-media" data-instgrm-captioned data-instgrm-permalink="https://www.'
        'instagram.com/p/Dq9Lamp/"><div><p>The lamp lit again tonight after thirty-eight years.</p></div>'
        '<p><a href="https://www.instagram.com/p/Dq9Lamp/">A post shared by Skerry Trust (@skerrytrust)</a> '
        '<time datetime="2025-04-28T19:02:11+00:00">Apr 28, 2025</time></p></blockquote>'
    )
    assert videos(art, "Audio") == [
        (
            "Audio: Keepers of the light",
            [Link("Keepers of the light", "https://open.spotify.com/episode/4rOoJ6Egrf8K2IrywzwOMk")],
        )
    ]
    assert videos(art)[0][0] == "Video: The lamp room"
    [post] = [q for q in art.blocks if isinstance(q, Quote)]
    assert (post.cite, post.date) == ("Skerry Trust (@skerrytrust)", "Apr 28, 2025")
    assert "— Skerry Trust (@skerrytrust) · Instagram · Apr 28, 2025 [3]" in render_plain(art)


def test_buttons_widgets_and_other_frames_stay_out() -> None:
    art = extract(
        '<iframe src="https://platform.twitter.com/widgets/tweet_button.html?url=https%3A%2F%2Fpaper.example'
        '&amp;via=paper"></iframe>'
        '<iframe src="http://platform.twitter.com/widgets/follow_button.html?screen_name=paper"></iframe>'
        '<iframe src="https://www.facebook.com/plugins/like.php?href=https%3A%2F%2Fpaper.example"></iframe>'
        '<iframe src="https://www.facebook.com/plugins/page.php?href=https%3A%2F%2Fwww.facebook.com%2Fpaper">'
        "</iframe>"
        '<iframe src="https://ads.example/html/slot.html?id=3" width="300" height="250"></iframe>'
        '<iframe src="https://www.youtube.com/subscribe_embed?channel=paper"></iframe>'
    )
    assert posts(art) == [] and videos(art) == []


def test_a_tweet_and_a_tiktok_inside_embed_figures_keep_their_permalinks() -> None:
    art = extract(
        '<figure class="wp-block-embed is-type-rich is-provider-twitter wp-block-embed-twitter"><div '
        'class="wp-block-embed__wrapper"><blockquote class="twitter-tweet" data-width="550"><p lang="en" '
        'dir="ltr">The light is on again.</p>&mdash; Skerry Trust (@skerrytrust) <a href="https://twitter.com/'
        'skerrytrust/status/1785000000000000001?ref_src=twsrc%5Etfw">May 1, 2025</a></blockquote></div>'
        "</figure>"
        '<blockquote class="tiktok-embed" cite="https://www.tiktok.com/@mara.keeps/video/'
        '7300000000000000000" data-video-id="7300000000000000000" style="max-width: 605px;">'
        "<section><a "
        'target="_blank" title="@mara.keeps" href="https://www.tiktok.com/@mara.keeps?refer=embed">@mara.keeps'
        '</a><p>Painting the lantern room <a title="lighthouse" target="_blank" href="https://www.tiktok.com/'
        'tag/lighthouse?refer=embed">#lighthouse</a></p><a target="_blank" title="♬ original sound - Mara" '
        'href="https://www.tiktok.com/music/original-sound-7300?refer=embed">♬ original sound - Mara</a>'
        "</section></blockquote>"
    )
    assert posts(art) == [
        (
            "tweet",
            "The light is on again.",
            "Skerry Trust (@skerrytrust)",
            "X",
            "https://twitter.com/skerrytrust/status/1785000000000000001",
        ),
        (
            "post",
            "Painting the lantern room #lighthouse",
            "@mara.keeps",
            "TikTok",
            "https://www.tiktok.com/@mara.keeps/video/7300000000000000000",
        ),
    ]


def test_a_post_without_paragraphs_keeps_its_words_as_written() -> None:
    """A post whose text stands in the embed itself (no <p>): links and bold letters inside it add no
    spaces ("#harbour," not "#harbour ,"), and the attribution is cut off where the handle is a link."""
    art = extract(
        '<blockquote class="tiktok-embed" cite="https://www.tiktok.com/@skerry/video/7234567890123456789" '
        'data-video-id="7234567890123456789"><section>Fog rolling in over <a href="https://www.tiktok.com/'
        'tag/harbour">#harbour</a>, just before dawn. Wo<b>w</b>! &mdash; Skerry Trust (<a href="https://www.'
        'tiktok.com/@skerry">@skerry</a>) <a href="https://www.tiktok.com/@skerry/video/7234567890123456789">'
        "May 3, 2024</a></section></blockquote>"
    )
    assert [(text, cite) for _, text, cite, _, _ in posts(art)] == [
        ("Fog rolling in over #harbour, just before dawn. Wow!", "Skerry Trust (@skerry)")
    ]


def test_a_post_whose_author_leads_its_words_keeps_the_words() -> None:
    """TikTok's embed code: the author's handle first, then the words and tags, then the sound's credit."""
    art = extract(
        '<blockquote class="tiktok-embed" cite="https://www.tiktok.com/@skerry/video/7234567890123456789" '
        'data-video-id="7234567890123456789"><section> <a target="_blank" title="@skerry" href="https://www.'
        'tiktok.com/@skerry?refer=embed">@skerry</a> Fog rolling in over the point <a title="harbour" href="'
        'https://www.tiktok.com/tag/harbour?refer=embed">#harbour</a> <a target="_blank" title="♬ original '
        'sound - Skerry" href="https://www.tiktok.com/music/original-sound-1?refer=embed">♬ original sound - '
        "Skerry</a> </section></blockquote>"
    )
    assert [(text, cite) for _, text, cite, _, _ in posts(art)] == [
        ("Fog rolling in over the point #harbour", "@skerry")
    ]


def test_a_feed_entry_with_a_player_shows_the_video_line() -> None:
    art = article_from_html_fragment(
        '<p>Our film of the first night.</p><iframe width="560" height="315" src="https://www.youtube.com/'
        'embed/dQw4w9WgXcQ" title="First night at Skerry Point"></iframe>',
        URL,
        title="Keepers return",
        byline=None,
        published=None,
    )
    assert videos(art) == [
        (
            "Video: First night at Skerry Point",
            [Link("First night at Skerry Point", "https://www.youtube.com/watch?v=dQw4w9WgXcQ")],
        )
    ]


FRAMES = (
    '<iframe src="https://www.instagram.com/p/C6xYz12/embed/"></iframe>'
    '<iframe src="https://social.example/@skerry/112233445566778899/embed"></iframe>'
    '<iframe src="https://player.vimeo.com/video/123456789" title="Lantern room tour"></iframe>'
    # Instagram's embed code for a post without a caption: its own words and a link, no text of the post.
    '<blockquote class="instagram-media" data-instgrm-permalink="https://www.instagram.com/p/C7abc09/?utm_'
    'source=ig_embed&amp;utm_campaign=loading" data-instgrm-version="14"><div><a href="https://www.instagram'
    '.com/p/C7abc09/?utm_source=ig_embed" target="_blank">View this post on Instagram</a></div><p><a href='
    '"https://www.instagram.com/p/C7abc09/?utm_source=ig_embed" target="_blank">A post shared by Skerry '
    "Trust (@skerrytrust)</a></p></blockquote>"
)


def test_json_plain_and_tui_show_the_same_posts_and_videos(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    art = extract(FRAMES)
    layout = layout_article(art)
    shown = {ref.url: ref.number for ref in layout.links}
    assert shown == {
        "https://www.instagram.com/p/C6xYz12/": 1,
        "https://social.example/@skerry/112233445566778899": 2,
        "https://vimeo.com/123456789": 3,
        "https://www.instagram.com/p/C7abc09/": 4,
    }
    # A post with no text is one line saying what it is; the TUI, `--plain` and the links view (the
    # link's title) use the same words.
    lines = [
        "Instagram post [1]",
        "Mastodon post by @skerry [2]",
        "Video: Lantern room tour[3]",
        "Instagram post by Skerry Trust (@skerrytrust) [4]",
    ]
    tui = [block_content(b).plain for b in layout.blocks if isinstance(b, TextBlock) and b.links]
    assert tui == lines
    assert [ref.title for ref in layout.links if ref.number != 3] == [
        line.rsplit(" [", 1)[0] for line in lines if not line.startswith("Video")
    ]
    plain = render_plain(art)
    for line in lines:
        assert line in plain
    assert "View this post" not in plain and "(Post)" not in plain
    for url, number in shown.items():
        assert f"[{number}] {url}" in plain
    # `read --json` carries the same, and the cache round trip keeps it.
    page = tmp_path / "page.html"
    page.write_text(
        f"<html><body><article><h1>Keepers return</h1>{OPEN}{FRAMES}{CLOSE}</article></body></html>"
    )
    assert main(["read", str(page), "--json", "--base-url", URL]) == 0
    doc = json.loads(capsys.readouterr().out)
    quotes = [b for b in doc["blocks"] if b["type"] == "quote"]
    assert [(q["platform"], q["url"], q["text"], q["cite"]) for q in quotes] == [
        ("Instagram", "https://www.instagram.com/p/C6xYz12/", "", None),
        ("Mastodon", "https://social.example/@skerry/112233445566778899", "", "@skerry"),
        ("Instagram", "https://www.instagram.com/p/C7abc09/", "", "Skerry Trust (@skerrytrust)"),
    ]
    assert {
        "type": "paragraph",
        "text": "Video: Lantern room tour",
        "links": [{"text": "Lantern room tour", "url": "https://vimeo.com/123456789"}],
    } in doc["blocks"]
    # the Article document round-trips; `numbered_links` is read's own addition (the layout's numbers)
    assert Article.from_json(doc).to_json() == {k: v for k, v in doc.items() if k != "numbered_links"}


async def test_the_article_screen_shows_the_posts_videos_and_unlabelled_related_grid(
    tmp_path: Path, server: LoopbackServer
) -> None:
    cards = "".join(
        f'<div class="css-c1"><a href="/2025/04/2{i}/{slug}"><img src="/t{i}.jpg" alt=""></a>'
        f'<h3 class="css-h"><a href="/2025/04/2{i}/{slug}">{title}</a></h3></div>'
        for i, (slug, title) in enumerate(
            [
                ("keeper-post-advertised-again", "The keeper's post is advertised again"),
                ("lantern-room-repainted-by-hand", "The lantern room is repainted by hand"),
                ("ferry-adds-sunday-sailings", "The ferry adds Sunday sailings to the point"),
            ]
        )
    )
    html = (
        f"<html><head><title>Keepers return</title></head><body><main><article><h1>Keepers return</h1>"
        f"<div class='css-b'>{OPEN}{FRAMES}{CLOSE}{CLOSE.replace('trust', 'keeper')}</div></article>"
        f"<div class='css-g'>{cards}</div></main>"
        "</body></html>"
    )
    server.routes["/2025/05/02/keepers"] = Reply(html.encode(), content_type="text/html")
    server.routes["/feed"] = Reply(
        f"<rss version='2.0'><channel><title>Point</title><item><title>Keepers return</title>"
        f"<link>{server.url('/2025/05/02/keepers')}</link></item></channel></rss>".encode()
    )
    store = Store.open(tmp_path / "db")
    store.add_feed(server.url("/feed"))
    async for result in refresh(store, Config()):
        assert result.ok
    async with make_app(store).run_test(size=SIZE) as pilot:
        screen = await open_article(pilot, store, "/keepers")
        text = article_text(screen)
    for shown in (
        "Instagram post [1]",
        "Mastodon post by @skerry [2]",
        "Video: Lantern room tour[3]",
        "Instagram post by Skerry Trust (@skerrytrust) [4]",
        "[5] The keeper's post is advertised again",
        "[7] The ferry adds Sunday sailings to the point",
    ):
        assert shown in text


FORGED = (
    '<blockquote data-newsreader-embed="video" data-platform="YouTube" data-embed-url="https://win.example/'
    'prize" data-title="Official statement"></blockquote>'
    '<div data-newsreader-embed="post" data-platform="X" data-embed-url="https://win.example/post">'
    "</div>"
)


def test_a_page_cannot_forge_the_extractors_embed_marks() -> None:
    """`data-newsreader-*` attributes are the extractor's own: the page's copies are dropped, in a page
    and in a feed's HTML alike, so no Video or post line points where the page chose."""
    art = extract(FORGED)
    assert videos(art) == [] and posts(art) == []
    assert all("win.example" not in link.url for link in art.links())
    entry = article_from_html_fragment(
        f"<p>Our film of the first night.</p>{FORGED}", URL, title="Keepers", byline=None, published=None
    )
    assert videos(entry) == [] and posts(entry) == []
