"""Generate src/newsreader/demo/site/ (static files) from content1/content2."""
import colorsys
import hashlib
import json
import math
import struct
import sys
import zlib
from datetime import datetime
from email.utils import format_datetime
from html import escape
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import content1  # noqa: E402
import content2  # noqa: E402

OUT = Path(__file__).resolve().parents[2] / "src/newsreader/demo/site"
BASE = "{BASE}"
SITE = "The Harbour Gazette"
ARTS = content1.A + content2.A
BY_SLUG = {a["slug"]: a for a in ARTS}
SECTIONS = {"world": "World", "science": "Science", "tech": "Tech"}
FEEDS = {"world": "feeds/world.xml", "science": "feeds/science.atom", "tech": "feeds/tech.xml"}
AUTHORS = {
    "maren-holt": ("Maren Holt", "Local affairs reporter"),
    "aiko-fairweather": ("Aiko Fairweather", "Environment correspondent"),
    "priya-lindqvist": ("Priya Lindqvist", "Technology editor"),
    "ewan-salter": ("Ewan Salter", "Maritime correspondent"),
    "tomas-reyes": ("Tomas Reyes", "Science correspondent"),
}
TAGS = sorted({t for a in ARTS for t in a["tags"]})


def tag_name(t):
    return t.replace("-", " ").title().replace("The Gazette", "The Gazette")


def dt(a):
    return datetime.fromisoformat(a["date"])


def human(a):
    d = dt(a)
    return f"{d.day} {d.strftime('%B %Y')}"


def txt(s):
    return escape(s, quote=False)


def att(s):
    return escape(s, quote=False).replace('"', "&quot;")


# ---------------------------------------------------------------- images
def png(width, height, pixel):
    raw = bytearray()
    for y in range(height):
        raw.append(0)
        for x in range(width):
            raw.extend(pixel(x, y))
    def chunk(kind, data):
        c = struct.pack(">I", len(data)) + kind + data
        return c + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + chunk(b"IEND", b""))


def rgb(h, s, v):
    return tuple(int(c * 255) for c in colorsys.hsv_to_rgb(h % 1.0, s, v))


def scene(name, width=480, height=270):
    hsh = hashlib.sha256(name.encode()).digest()
    hue = hsh[0] / 255
    sky1, sky2 = rgb(hue, 0.35, 0.98), rgb(hue + 0.08, 0.55, 0.75)
    sea1, sea2 = rgb(hue + 0.45, 0.6, 0.7), rgb(hue + 0.5, 0.8, 0.3)
    sun = rgb(hue + 0.15, 0.5, 1.0)
    horizon = height * (0.45 + hsh[1] / 255 * 0.2)
    amp, freq, phase = 3 + hsh[2] % 8, 0.01 + hsh[3] / 255 * 0.04, hsh[4] / 40
    cx, cy, r = width * (0.2 + hsh[5] / 255 * 0.6), horizon * 0.5, 18 + hsh[6] % 30

    def lerp(a, b, t):
        return bytes(int(a[i] + (b[i] - a[i]) * t) for i in range(3))

    def pixel(x, y):
        edge = horizon + amp * math.sin(x * freq + phase)
        if y >= edge:
            return lerp(sea1, sea2, (y - edge) / max(1.0, height - edge))
        if (x - cx) ** 2 + (y - cy) ** 2 <= r * r:
            return bytes(sun)
        return lerp(sky1, sky2, y / horizon)

    return png(width, height, pixel)


def logo():
    navy, gold = bytes((20, 40, 80)), bytes((230, 190, 90))
    def pixel(x, y):
        return gold if 20 <= y <= 28 or (abs(x - 48) < 6 and y > 8) else navy
    return png(96, 48, pixel)


# ---------------------------------------------------------------- html
def head(title, desc, extra=""):
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{txt(title)}</title>
<meta name="description" content="{att(desc)}">
<link rel="stylesheet" href="/static/site.css">
<link rel="icon" type="image/png" href="/images/logo.png">
{extra}</head>
"""


def masthead(current=""):
    items = [("Home", "/"), ("World", "/sections/world.html"), ("Science", "/sections/science.html"),
             ("Tech", "/sections/tech.html"), ("About", "/about.html")]
    cur = ' aria-current="page"'
    lis = "\n".join(
        f'<li><a href="{h}"{cur if n == current else ""}>{n}</a></li>' for n, h in items)
    return f"""<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header">
<div class="masthead">
<a class="logo" href="/"><img src="/images/logo.png" alt="" width="48" height="24"> {SITE}</a>
<p class="tagline">News from Port Wenlow, Skerrin and the bay</p>
</div>
<nav class="main-nav" aria-label="Sections">
<ul>
{lis}
</ul>
</nav>
</header>
"""


def footer(tags):
    tag_lis = "\n".join(f'<li><a href="/tags/{t}.html" rel="tag">{tag_name(t)}</a></li>' for t in tags)
    return f"""<footer class="site-footer">
<nav class="footer-topics" aria-label="Topics">
<h2>Topics</h2>
<ul>
{tag_lis}
</ul>
</nav>
<nav class="footer-links" aria-label="The Gazette">
<ul>
<li><a href="/about.html">About</a></li>
<li><a href="/contact.html">Contact</a></li>
<li><a href="/privacy.html">Privacy</a></li>
<li><a href="/demo.opml">All feeds (OPML)</a></li>
</ul>
</nav>
<p class="copyright">&copy; 2026 {SITE}, Port Wenlow. A fictional newspaper written for the newsreader demo.</p>
</footer>
</body>
</html>
"""


def card(a, heading="h3"):
    url = f"/articles/{a['slug']}.html"
    img, alt = a["lead"][0], a["lead"][1]
    return f"""<article class="card">
<a href="{url}"><img src="/images/{img}.png" alt="{att(alt)}" width="240" height="135"></a>
<{heading}><a href="{url}">{txt(a['title'])}</a></{heading}>
<p class="teaser">{txt(a['summary'])}</p>
</article>"""


def article_page(i, a):
    nxt = ARTS[(i + 1) % len(ARTS)]
    offsets = [3, 6, 9] + ([4] if i % 2 else [])
    more = [ARTS[(i + k) % len(ARTS)] for k in offsets]
    name, role = AUTHORS[a["author"]]
    url = f"{BASE}/articles/{a['slug']}.html"
    img, alt, caption, credit = a["lead"]
    section = SECTIONS[a["section"]]
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": a["title"],
        "description": a["summary"],
        "image": [f"{BASE}/images/{img}.png"],
        "datePublished": a["date"],
        "dateModified": a["date"],
        "articleSection": section,
        "keywords": [tag_name(t) for t in a["tags"]],
        "author": [{"@type": "Person", "name": name, "url": f"{BASE}/authors/{a['author']}.html"}],
        "publisher": {"@type": "Organization", "name": SITE,
                      "logo": {"@type": "ImageObject", "url": f"{BASE}/images/logo.png"}},
        "mainEntityOfPage": url,
    }
    feed = FEEDS[a["section"]]
    ftype = "application/atom+xml" if feed.endswith(".atom") else "application/rss+xml"
    extra = f"""<meta name="author" content="{att(name)}">
<link rel="canonical" href="{url}">
<link rel="alternate" type="{ftype}" title="{SITE}: {section}" href="/{feed}">
<meta property="og:type" content="article">
<meta property="og:title" content="{att(a['title'])}">
<meta property="og:description" content="{att(a['summary'])}">
<meta property="og:image" content="{BASE}/images/{img}.png">
<meta property="og:url" content="{url}">
<meta property="og:site_name" content="{SITE}">
<meta property="article:published_time" content="{a['date']}">
<meta property="article:section" content="{section}">
<meta name="twitter:card" content="summary_large_image">
<script type="application/ld+json">
{json.dumps(ld, indent=2, ensure_ascii=False)}
</script>
"""
    comments = "\n".join(f"""<li class="comment">
<p class="comment-meta"><span class="comment-author">{txt(who)}</span> <time datetime="{a['date'][:10]}">{human(a)}</time></p>
<p class="comment-body">{txt(text)}</p>
</li>""" for who, text in a["comments"])
    cards = "\n".join(card(m) for m in more)
    return head(f"{a['title']} | {SITE}", a["summary"], extra) + f"""<body class="article-page section-{a['section']}">
{masthead(section)}<main id="main">
<article class="story">
<header class="story-header">
<p class="kicker"><a href="/sections/{a['section']}.html">{section}</a></p>
<h1 class="headline">{txt(a['title'])}</h1>
<p class="standfirst">{txt(a['summary'])}</p>
<p class="byline">By <a rel="author" href="/authors/{a['author']}.html">{name}</a>, <span class="role">{role}</span> <span class="sep">&middot;</span> <time datetime="{a['date']}">{human(a)}</time></p>
</header>
<div class="share-bar" aria-label="Share this article">
<span class="share-label">Share</span>
<a class="share-social" href="https://social.example/share?url={url}">Social</a>
<a class="share-email" href="mailto:?subject={att(a['title'])}&amp;body={url}">Email</a>
<a class="share-comments" href="#comments">Comments ({len(a['comments'])})</a>
</div>
<figure class="lead-image">
<img src="/images/{img}.png" alt="{att(alt)}" width="640" height="360">
<figcaption>{txt(caption)} <span class="credit">{txt(credit)}</span></figcaption>
</figure>
<div class="story-body">
{a['body'].strip()}
<p class="read-next"><strong>Read Next:</strong> <a href="/articles/{nxt['slug']}.html">{txt(nxt['title'])}</a></p>
</div>
</article>
<section class="more-from">
<h2>More from {SITE}</h2>
{cards}
</section>
<aside class="newsletter" aria-labelledby="newsletter-title">
<h2 id="newsletter-title">The Morning Tide</h2>
<p>Port Wenlow's news, tide times and weather in your inbox at 7am. Free, and you can leave whenever you like.</p>
<form class="newsletter-form" action="/newsletter" method="post">
<label for="newsletter-email">Email address</label>
<input id="newsletter-email" type="email" name="email" placeholder="you@example.com">
<button type="submit">Sign up</button>
</form>
</aside>
<section class="comments" id="comments">
<h2>Comments ({len(a['comments'])})</h2>
<ol class="comment-list">
{comments}
</ol>
<p class="comments-note">Comments are moderated. Please read our <a href="/about.html#community-guidelines">community guidelines</a>.</p>
</section>
</main>
""" + footer(a["tags"])


def listing_page(path, title, intro, arts, current="", feed=None):
    extra = ""
    if feed:
        ftype = "application/atom+xml" if feed[1].endswith(".atom") else "application/rss+xml"
        extra = f'<link rel="alternate" type="{ftype}" title="{att(feed[0])}" href="/{feed[1]}">\n'
    items = "\n".join(card(a, "h2") for a in sorted(arts, key=dt, reverse=True))
    html = head(f"{title} | {SITE}", intro, extra) + f"""<body class="listing-page">
{masthead(current)}<main id="main">
<h1>{txt(title)}</h1>
<p class="intro">{txt(intro)}</p>
<div class="card-list">
{items}
</div>
</main>
""" + footer(TAGS)
    write(path, html)


def write(path, text):
    p = OUT / path
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text, encoding="utf-8")


def index_page():
    extra = "".join(
        f'<link rel="alternate" type="{"application/atom+xml" if f.endswith(".atom") else "application/rss+xml"}" '
        f'title="{SITE}: {SECTIONS[s]}" href="/{f}">\n' for s, f in FEEDS.items())
    extra += f'<link rel="canonical" href="{BASE}/">\n<meta property="og:site_name" content="{SITE}">\n'
    newest = sorted(ARTS, key=dt, reverse=True)
    top = newest[0]
    sections = ""
    for s, label in SECTIONS.items():
        lis = "\n".join(
            f'<li><a href="/articles/{a["slug"]}.html">{txt(a["title"])}</a> '
            f'<time datetime="{a["date"]}">{human(a)}</time></li>'
            for a in newest if a["section"] == s)
        sections += f"""<section class="section-list" id="{s}">
<h2><a href="/sections/{s}.html">{label}</a></h2>
<ul>
{lis}
</ul>
<p class="feed-link"><a href="/{FEEDS[s]}">{label} feed</a></p>
</section>
"""
    html = head(f"{SITE}: news from Port Wenlow and the bay",
                "Local news, science and technology from Port Wenlow, Skerrin Island and Wenlow Bay.",
                extra) + f"""<body class="home-page">
{masthead("Home")}<main id="main">
<section class="top-story">
<h1 class="visually-hidden">{SITE}</h1>
{card(top, "h2")}
</section>
{sections}<section class="subscribe">
<h2>Follow the Gazette in your newsreader</h2>
<p>Subscribe to a <a href="/feeds/world.xml">World</a>, <a href="/feeds/science.atom">Science</a> or <a href="/feeds/tech.xml">Tech</a> feed, or import <a href="/demo.opml">all three at once</a>.</p>
</section>
</main>
""" + footer(TAGS)
    write("index.html", html)


def static_pages():
    pages = {
        "about.html": ("About the Gazette", [
            f"{SITE} has covered Port Wenlow, Skerrin Island and the villages around Wenlow Bay since 1884. It is a fictional newspaper, written for the newsreader demo, and every person and place in it is invented.",
            "Our reporters live in the communities they write about. We publish local news every weekday morning, science and technology stories most weeks, and a tide table every day of the year.",
            '<h2 id="community-guidelines">Community guidelines</h2>',
            "Comments are read by a person before they appear. Be kind, stay on topic and do not post other people's personal details. We remove comments that break these rules and explain why if you ask.",
        ]),
        "contact.html": ("Contact us", [
            "News desk: newsdesk@harbourgazette.example, or call into the office on the Strand between 9am and 5pm on weekdays.",
            "Corrections: if we have got something wrong, write to corrections@harbourgazette.example and we will put it right, with a note at the end of the story.",
        ]),
        "privacy.html": ("Privacy", [
            "This demo site sets no cookies and runs no trackers. The newsletter form does not send anything anywhere.",
            "When you read the Gazette through a newsreader, the only information we receive is what your newsreader sends with each request.",
        ]),
    }
    for path, (title, paras) in pages.items():
        body = "\n".join(p if p.startswith("<h2") else f"<p>{p}</p>" for p in paras)
        html = head(f"{title} | {SITE}", paras[0][:150]) + f"""<body class="static-page">
{masthead("About" if path == "about.html" else "")}<main id="main">
<h1>{txt(title)}</h1>
{body}
</main>
""" + footer(TAGS)
        write(path, html)


# ---------------------------------------------------------------- feeds
def first_paragraphs(a, n=2):
    parts = [p for p in a["body"].strip().split("\n") if p.startswith("<p>")]
    return "\n".join(parts[:n])


def rss(section):
    arts = sorted([a for a in ARTS if a["section"] == section], key=dt, reverse=True)
    label = SECTIONS[section]
    items = ""
    for k, a in enumerate(arts):
        content = ""
        if k < 2:
            content = f"\n<content:encoded><![CDATA[{first_paragraphs(a)}]]></content:encoded>"
        items += f"""<item>
<title>{escape(a['title'], quote=False)}</title>
<link>{BASE}/articles/{a['slug']}.html</link>
<guid isPermaLink="false">tag:harbourgazette.example,2026:{a['slug']}</guid>
<pubDate>{format_datetime(dt(a))}</pubDate>
<dc:creator>{AUTHORS[a['author']][0]}</dc:creator>
<category>{label}</category>
<description>{escape(a['summary'], quote=False)}</description>{content}
</item>
"""
    xml = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>{SITE}: {label}</title>
<link>{BASE}/sections/{section}.html</link>
<atom:link href="{BASE}/{FEEDS[section]}" rel="self" type="application/rss+xml"/>
<description>{label} news from {SITE}, Port Wenlow.</description>
<language>en-gb</language>
<lastBuildDate>{format_datetime(dt(arts[0]))}</lastBuildDate>
<image>
<url>{BASE}/images/logo.png</url>
<title>{SITE}: {label}</title>
<link>{BASE}/sections/{section}.html</link>
</image>
{items}</channel>
</rss>
"""
    write(FEEDS[section], xml)


def atom(section):
    arts = sorted([a for a in ARTS if a["section"] == section], key=dt, reverse=True)
    label = SECTIONS[section]
    entries = ""
    for k, a in enumerate(arts):
        content = ""
        if k < 2:
            content = f'\n<content type="html">{escape(first_paragraphs(a), quote=False)}</content>'
        entries += f"""<entry>
<title>{escape(a['title'], quote=False)}</title>
<link rel="alternate" type="text/html" href="{BASE}/articles/{a['slug']}.html"/>
<id>tag:harbourgazette.example,2026:{a['slug']}</id>
<published>{a['date']}</published>
<updated>{a['date']}</updated>
<author><name>{AUTHORS[a['author']][0]}</name></author>
<category term="{section}" label="{label}"/>
<summary>{escape(a['summary'], quote=False)}</summary>{content}
</entry>
"""
    xml = f"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en-GB">
<title>{SITE}: {label}</title>
<subtitle>{label} news from {SITE}, Port Wenlow.</subtitle>
<link rel="alternate" type="text/html" href="{BASE}/sections/{section}.html"/>
<link rel="self" type="application/atom+xml" href="{BASE}/{FEEDS[section]}"/>
<id>tag:harbourgazette.example,2026:feed:{section}</id>
<updated>{arts[0]['date']}</updated>
<icon>{BASE}/images/logo.png</icon>
{entries}</feed>
"""
    write(FEEDS[section], xml)


def opml():
    def outline(s):
        return (f'<outline type="rss" text="{SITE}: {SECTIONS[s]}" title="{SITE}: {SECTIONS[s]}" '
                f'xmlUrl="{BASE}/{FEEDS[s]}" htmlUrl="{BASE}/sections/{s}.html"/>')
    xml = f"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
<head>
<title>{SITE} feeds</title>
<dateCreated>{format_datetime(dt(ARTS[-1]))}</dateCreated>
<ownerName>{SITE}</ownerName>
</head>
<body>
<outline text="News" title="News">
{outline("world")}
{outline("science")}
</outline>
<outline text="Tech" title="Tech">
{outline("tech")}
</outline>
</body>
</opml>
"""
    write("demo.opml", xml)


CSS = """/* The Harbour Gazette: demo stylesheet */
body { font-family: Georgia, serif; max-width: 46rem; margin: 0 auto; padding: 0 1rem; color: #1b2330; }
.skip-link { position: absolute; left: -999px; }
.site-header { border-bottom: 3px double #14284f; margin-bottom: 1.5rem; }
.logo { font-size: 2rem; font-weight: bold; color: #14284f; text-decoration: none; }
.main-nav ul, .footer-links ul, .footer-topics ul { list-style: none; padding: 0; display: flex; gap: 1rem; flex-wrap: wrap; }
.kicker { text-transform: uppercase; font-size: .8rem; letter-spacing: .08em; }
.standfirst { font-size: 1.2rem; color: #3b4656; }
.byline, .credit, .comment-meta { font-size: .85rem; color: #5b6675; }
.share-bar { display: flex; gap: .8rem; font-size: .85rem; margin: 1rem 0; }
figure { margin: 1.5rem 0; } figure img { max-width: 100%; height: auto; }
figcaption { font-size: .9rem; color: #3b4656; }
blockquote { border-left: 4px solid #14284f; margin-left: 0; padding-left: 1rem; font-style: italic; }
.pullquote { font-size: 1.4rem; border-top: 2px solid #c79b3b; border-bottom: 2px solid #c79b3b; padding: .5rem 0; }
pre { background: #f1f3f6; padding: 1rem; overflow-x: auto; }
table { border-collapse: collapse; } th, td { border: 1px solid #c9ced6; padding: .3rem .6rem; }
.read-next { border-top: 1px solid #c9ced6; padding-top: 1rem; }
.more-from, .newsletter, .comments { border-top: 1px solid #c9ced6; margin-top: 2rem; }
.card img { width: 240px; height: auto; }
.site-footer { border-top: 3px double #14284f; margin-top: 3rem; font-size: .9rem; }
.visually-hidden { position: absolute; clip: rect(0 0 0 0); }
"""


def main():
    slugs = [a["slug"] for a in ARTS]
    assert len(set(slugs)) == len(slugs)
    import re
    for a in ARTS:
        for ref in re.findall(r'href="/articles/([^"]+)\.html"', a["body"]):
            assert ref in BY_SLUG, (a["slug"], ref)
    images = {a["lead"][0] for a in ARTS}
    for a in ARTS:
        images |= set(re.findall(r'src="/images/([^"]+)\.png"', a["body"]))
    imgdir = OUT / "images"
    imgdir.mkdir(parents=True, exist_ok=True)
    for name in sorted(images):
        (imgdir / f"{name}.png").write_bytes(scene(name))
    (imgdir / "logo.png").write_bytes(logo())
    for i, a in enumerate(ARTS):
        write(f"articles/{a['slug']}.html", article_page(i, a))
    index_page()
    for s, label in SECTIONS.items():
        listing_page(f"sections/{s}.html", label, f"{label} stories from {SITE}.",
                     [a for a in ARTS if a["section"] == s], label,
                     (f"{SITE}: {label}", FEEDS[s]))
    for key, (name, role) in AUTHORS.items():
        listing_page(f"authors/{key}.html", name, f"{role} at {SITE}.",
                     [a for a in ARTS if a["author"] == key])
    for t in TAGS:
        listing_page(f"tags/{t}.html", tag_name(t), f"Stories tagged {tag_name(t)}.",
                     [a for a in ARTS if t in a["tags"]])
    static_pages()
    rss("world")
    atom("science")
    rss("tech")
    opml()
    write("static/site.css", CSS)
    print("images:", len(images) + 1, "articles:", len(ARTS))


if __name__ == "__main__":
    main()
