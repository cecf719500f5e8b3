"""Read Next and related stories: the links a page offers as "what to read after this one".

Found by a cue (a heading or label such as "Read Next:", "Up next", "More from X", "Lesen Sie auch", "À lire
aussi", "関連記事", or a container named that way) plus structure: the smallest element around the cue that
holds repeated cards linking to article-like URLs of the same site, and little text besides those cards.
A card is the largest element around a story link whose article links all go to that story, so its image
link, heading, kicker, teaser and author line belong to it in whatever order they come; how much of the card
is link text does not matter. Lists cued as most read / trending / sponsored, lists in navigation, header
or footer, and links to other sites are never taken.

The containers are removed afterwards so they do not leak into the body; that includes the in-paragraph
form `<p><strong>Read Next:</strong> <a href=…>Title</a></p>`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import islice
from urllib.parse import urlsplit

from lxml import etree

from newsreader.extract.dom import (
    HEADINGS,
    PROSE_AROUND_CARDS,
    Element,
    drop,
    prose_length,
    tag_of,
    text_of,
)
from newsreader.models import StoryLink
from newsreader.text import clean_line
from newsreader.urls import absolutize, host_of, registered_domain

# Cue words, matched at the start of a label (case-folded). One rule per language group keeps them readable.
READ_NEXT_CUE = re.compile(
    r"^(?:read next|read this next|what to read next|up next|next up|next article|next story|next post|"
    r"read more\s*[:：]|more reading\s*[:：]|continue reading\s*[:：]|"
    r"als nächstes|nächster artikel|weiterlesen\s*[:：]|"  # de
    r"à lire ensuite|article suivant|lire la suite\s*[:：]|"  # fr
    r"siguiente (?:artículo|noticia)|lee a continuación|a continuación\s*[:：]|"  # es
    r"articolo successivo|prossimo articolo|leggi il prossimo|"  # it
    r"próximo artigo|próxima notícia|leia a seguir|"  # pt
    r"volgend artikel|lees hierna|"  # nl
    r"neste artikkel|les neste|næste artikel|nästa artikel|läs nästa|seuraava artikkeli|"  # no, da, sv, fi
    r"次の記事|次に読む|次のニュース|"  # ja
    r"阅读下一篇|下一篇|閱讀下一篇|다음 기사)",  # zh, ko
    re.I,
)
RELATED_CUE = re.compile(
    r"^(?:related|recommended|read more$|more from|more stories|more on this|more like this|more in |"
    r"more news|"
    r"you (?:might|may|will) (?:also )?(?:like|enjoy)|also read|read also|see also|further reading|"
    r"more to read|more coverage|keep reading|recommended for you|don't miss|also on|in other news|"
    r"mehr zum thema|mehr (?:aus|von|zu|über) |mehr artikel|lesen sie (?:auch|mehr)|auch interessant|"
    r"das könnte sie (?:auch )?interessieren|weitere (?:artikel|nachrichten|beiträge|themen)|"
    r"ähnliche (?:artikel|beiträge|nachrichten)|verwandte (?:artikel|themen)|empfehlungen|empfohlen|"
    r"passend zum thema|zum thema\s*[:：]|siehe auch|weitere informationen|"  # de
    r"(?:à )?lire aussi|à voir aussi|sur le (?:même )?(?:sujet|thème)|articles? (?:similaires|liés|associés)|"
    r"vous (?:aimerez|pourriez aimer) aussi|(?:encore )?plus de |nos recommandations|recommandés?|"
    r"dans la même rubrique|à découvrir|"  # fr
    r"(?:también )?te puede interesar|lee también|leer también|(?:noticias|artículos) relacionad|"
    r"relacionad|más (?:de |noticias|información)|recomendad|quizás te interese|te recomendamos|"  # es
    r"leggi anche|potrebbe interessarti|ti potrebbe (?:anche )?interessare|articoli correlati|correlati|"
    r"altri articoli|consigliati|dello stesso (?:autore|argomento)|potrebbe piacerti|"  # it
    r"leia (?:também|mais)|veja também|mais (?:de |notícias|lidas? sobre)|você (?:também )?pode gostar|"
    r"recomendad|saiba mais|"  # pt
    r"lees (?:ook|meer)|gerelateerd|meer (?:over|van|nieuws|artikelen)|aanbevolen|ook interessant|"
    r"bekijk ook|"  # nl
    r"les også|les mer om|relaterte (?:saker|artikler|nyheter)|mer (?:om|fra) |se også|"  # no
    r"læs også|læs mere om|relaterede (?:artikler|nyheder)|mere (?:om|fra) |"  # da
    r"läs också|läs även|läs mer om|relaterade (?:artiklar|nyheter)|mer från |se även|"  # sv
    r"lue myös|aiheesta lisää|aiheeseen liittyvät|"  # fi
    r"czytaj (?:też|także|również)|zobacz (?:też|także|również)|powiązane|polecamy|"  # pl
    r"čtěte (?:také|též|i)|související|mohlo by vás zajímat|"  # cs
    r"ilgili haberler|ilginizi çekebilir|benzer haberler|bunlar da ilginizi|"  # tr
    r"читайте (?:также|також)|по теме|на ту ж(?:е|) тему|похожие (?:новости|статьи)|"  # ru, uk
    r"baca juga|berita terkait|διαβάστε (?:επίσης|ακόμη)|"  # id, el
    r"関連記事|関連ニュース|関連リンク|あわせて読みたい|合わせて読みたい|おすすめ|オススメ|こちらもおすすめ|"
    r"この記事を読んだ人|注目記事|"  # ja
    r"相关(?:新闻|阅读|文章|报道)|相關(?:新聞|閱讀|文章|報導)|推荐阅读|延伸阅读|延伸閱讀|猜你喜欢|"  # zh
    r"관련\s?기사|추천\s?기사|함께 볼만한)",  # ko
    re.I,
)
# Lists that are not about this story: popularity charts and paid placements.
NOT_STORIES_CUE = re.compile(
    r"^(?:most (?:read|viewed|popular|shared|commented|emailed|watched)|trending|popular|top stories|"
    r"what's hot|hot (?:news|topics)|sponsored|promoted|paid (?:content|post)|advertisement|"
    r"from (?:around|across) the web|partner|more from our partners|"
    r"meistgelesen|meist gelesen|am meisten gelesen|beliebt|top[- ]?artikel|anzeige|"
    r"les plus (?:lus|partagés|populaires|vus)|populaires|sponsoris|"
    r"lo más (?:leído|visto|popular)|más (?:leídas|leídos|vistas|vistos|populares)|patrocinad|"
    r"(?:i )?più (?:lett[ie]|letti|popolari|visti)|sponsorizzat|"
    r"mais (?:lidas|lidos|vistos|populares)|em alta|patrocinad|"
    r"meest (?:gelezen|bekeken)|populair|gesponsord|"
    r"mest (?:lest|leste|delt|læste|lästa|läst|sedda|delade)|annonse|annons|sponset|sponsrat|sponsoreret|"
    r"luetuimmat|mainos|"  # no, da, sv, fi
    r"najczęściej czytane|najpopularniejsze|nejčtenější|en çok okunan|самое (?:читаемое|популярное)|"
    r"найпопулярніше|terpopuler|"  # pl, cs, tr, ru, uk, id
    r"ランキング|人気|アクセスランキング|よく読まれている|pr\b|"  # ja ("PR", not "Preços")
    r"排行|热门|熱門|人气|많이 본|인기)",  # zh, ko
    re.I,
)
_SIG_NEXT = re.compile(r"read-?next|up-?next|next-?(?:article|story|post)", re.I)
_SIG_RELATED = re.compile(
    r"related|recommend|more-?from|you-?might|also-?like|more-?stories|jp-relatedposts|wp-block-latest-posts|"
    r"also-?read|read-?also|further-?reading|read-?more-?(?:wrap|posts|section|stories|feed)",
    re.I,
)
_SIG_NOT_STORIES = re.compile(
    r"trending|popular|most-?read|mostread|most-?viewed|mostviewed|sponsor|outbrain|taboola|\bob-|"
    r"\btrc_|plista|ligatus|promoted|partner|advert",
    re.I,
)
# One case-sensitive pass over the lower-cased signature first: most elements match none of the three.
_SIG_ANY = re.compile("|".join(f"(?:{p.pattern})" for p in (_SIG_NEXT, _SIG_RELATED, _SIG_NOT_STORIES)))
_SIG_HIDDEN_LABEL = re.compile(r"sr-only|visually-?hidden|screen-?reader|a11y|assistive|offscreen", re.I)
_TITLE_CLASS = re.compile(r"title|headline|heading|(?:^|[-_\s])hed(?:$|[-_\s])", re.I)
_NON_ARTICLE_SEGMENTS = frozenset(
    "tag tags category categories topic topics author authors section sections user users profile login "
    "signin signup register subscribe subscription newsletter newsletters search about about-us contact "
    "privacy terms feed rss share comments account help faq shop store advertise careers jobs compare "
    "impressum datenschutz kontakt autor autoren thema themen rubrik ressort schlagwort stichwort "
    "auteur auteurs rubrique sujet sujets autor autores etiqueta etiquetas tema temas seccion "
    "autore autori argomento argomenti sezione assunto assuntos secao onderwerp onderwerpen auteur "
    "page pages wiki gallery galleries video-gallery live-tv newsletter-signup specials special dossier "
    "dossiers schwerpunkt schwerpunkte job stellenangebot stellenangebote stellenanzeige stellenanzeigen "
    "emploi emplois offre-emploi empleo empleos ofertas-empleo lavoro offerte-lavoro vacature vacatures "
    "vaga vagas classifieds kleinanzeigen annonces anuncios sponsored sponsor advertorial advertorials "
    "anzeige paid-content paidpost partner-content brand-studio brandstudio".split()
)
_NOT_STORY_RELS = frozenset(("tag", "category", "author", "me"))
# Words that name a host listing jobs, homes or classified ads: its "cards" are listings, not stories
# ("stellenmarkt.example.de/…/leiter-m-w-d.123.html" under the article). They name one as a subdomain
# ("jobs.example.com", "careers.site.co.uk"), as a part of its registered name ("example-jobs.com"), or as
# that whole name ("stellenmarkt.de", "jobs.ac.uk").
_LISTING_WORDS = frozenset(
    "jobs job careers karriere stellenmarkt stellen stellenangebote jobboerse jobbörse emploi empleo lavoro "
    "vacatures vagas immobilien immo classifieds anzeigen kleinanzeigen".split()
)
# ... and words that name a shop as a subdomain or a part of the name ("shop.example.com",
# "example-store.com"), but not as a whole name: "marketplace.org" is a news site. So does a subdomain
# ending in "markt"/"market" ("automarkt.", "jobmarket."), never the name ("themarket.ch" is news).
_SHOP_WORDS = frozenset("shop store boutique marketplace".split())
# Any of those words in a host at all: most hosts hold none, and need no closer look.
_LISTING_HINT = re.compile("|".join(sorted(_LISTING_WORDS | _SHOP_WORDS | {"markt", "market"})))
_SHARE_HOSTS = re.compile(
    r"(?:^|\.)(?:twitter|x|facebook|linkedin|pinterest|reddit|whatsapp|t|telegram|bsky|threads|flipboard|"
    r"tumblr|vk|line)\.(?:com|me|app|net)$"
)
_CHROME_ANCESTORS = frozenset(("nav", "header", "footer", "menu"))
_MAX_CUE_CHARS = 60
_MAX_LABEL_CHARS = 40
_INLINE_LABELS = ("strong", "b", "em", "span")
_LABEL_TAGS = HEADINGS | frozenset("span strong b em label header small a p div li dt".split())
_MAX_COLLECTION_CHARS = 8000
_LIST_BOXES = frozenset(("ul", "ol", "div", "section", "dl"))
# Text of a collection outside its cards and cue (a "see all" link, an ad label) stays small.
_MAX_LOOSE_SHARE = 0.35
_MAX_LOOSE_CHARS = 200
_MAX_LINKS = 12
_MAX_CARD_CHARS = 700
_AVG_CARD_CHARS = 500
_PROSE_AROUND_LINK = 80
_MIN_TITLE_CHARS = 20
_MIN_SUMMARY = 30
_MIN_CJK_SUMMARY = 12
_MIN_TITLE_WORDS = 4
_MIN_GRID_CARDS = 3
_MIN_CORE_PROSE = 400
_GRID_LEVELS = 3
# Beyond the story lists' own names: site furniture that repeats cards of the whole site.
_SIG_NOT_GRID = re.compile(
    r"sidebar|footer|rank|\bnav|menu|ticker|breaking|jobs|stellen|\brail|right-?(?:col|area|list|zone)", re.I
)
_NOT_GRID_TAGS = frozenset(("ol", "nav", "header", "footer", "aside", "menu", "form", "body", "html"))
_TRACKING = re.compile(
    r"^(?:utm_\w*|ref|ref_src|intcid|icid|cmpid|ir|sr|iacp|ito|src|source|fbclid|gclid|at_\w*|ns_\w*|"
    r"xtor|cid|ocid|mod|itm_\w*|pk_\w*|mc_\w*)$"
)
_FILE = re.compile(r"\.(?:pdf|jpe?g|png|gif|webp|svg|zip|mp3|mp4|mov|docx?|xlsx?|pptx?)$")
# A list item's number before its title ("1. ", "#2 ", "No. 3: ", "4) ", "5 - "), or alone in its element.
_ITEM_NUMBER = re.compile(r"^(?:#\s?(\d{1,3})\s|(?:no\.\s?)?(\d{1,3})(?:[.):]\s|\s[-–—]\s))", re.I)
_LONE_NUMBER = re.compile(r"(?:#\s?|no\.\s?)?(\d{1,3})\.?", re.I)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def is_cue_label(text: str) -> bool:
    """The text is a story list's label alone ("Read next:", "Related stories", "阅读下一篇："): short, a
    cue first, no sentence."""
    text = text.strip()
    if not text or len(text) > _MAX_LABEL_CHARS or text[-1] in ".!?。":
        return False
    return bool(READ_NEXT_CUE.match(text) or RELATED_CUE.match(text)) and not NOT_STORIES_CUE.match(text)


@dataclass(slots=True)
class Stories:
    read_next: list[StoryLink] = field(default_factory=list)
    related: list[StoryLink] = field(default_factory=list)


@dataclass(slots=True)
class _Card:
    el: Element
    link: StoryLink


def find_stories(root: Element, page_url: str, base: str | None) -> Stories:
    """Collect Read Next and related links, removing the elements they came from."""
    out = Stories()
    seen = {_story_key(page_url)}
    used: list[Element] = []
    site = _site(page_url)
    for cue_el, kind in _cues(root):
        if any(_inside(cue_el, u) for u in used) or _in_chrome(cue_el):
            continue
        found = _collection(cue_el, kind, base, site) or _list_after(cue_el, kind, base, site)
        if found is None:
            continue
        container, cards = found
        if container is cue_el.getnext():
            used.append(cue_el)  # the label above the list goes with it
        fresh = [c.link for c in cards if _story_key(c.link.url) not in seen]
        if not fresh:
            continue
        seen.update(_story_key(c.url) for c in fresh)
        if kind == "next":
            out.read_next.extend(StoryLink(c.title, c.url) for c in fresh[:3])
        else:
            out.related.extend(fresh)
        used.append(container)
    for container, cards in _unlabelled_grids(root, base, site, used):
        fresh = [c.link for c in cards if _story_key(c.link.url) not in seen]
        if len(fresh) >= _MIN_GRID_CARDS:
            seen.update(_story_key(c.url) for c in fresh)
            out.related.extend(fresh)
            used.append(container)
    for container in used:
        drop(container)
    out.related = out.related[: _MAX_LINKS * 2]
    return out


def _unlabelled_grids(
    root: Element, base: str | None, site: str, used: list[Element]
) -> list[tuple[Element, list[_Card]]]:
    """The card grid with no cue right after the article: a "More from" list whose heading is an image,
    or that has none.

    Only the first grid after the running text is taken, and only close to it (a few levels up from the
    text's container; never above the text), plus one that closes the text inside its own container
    after its last paragraph, when it is shorter than half that text (a longer one is a digest's items)
    and the text holds nothing of its shape or its cards' before it (a listicle's items are cards too).
    It is at least three sibling cards of one shape, each linking one article of this site with a title
    and carrying a picture, a heading or a teaser (a bare list of links is a site's list, not cards);
    never inside navigation, header, footer or sidebars, never numbered (charts of the most read are
    `<ol>`; cards that count off "1.", "2." are a listicle's items or such a chart: `_numbered`), never
    named or headed as most read / trending / sponsored.
    """
    core = _prose_core(root)
    if core is None:
        return []
    prose = [(p, n) for p in core if tag_of(p) == "p" and (n := _prose_length(p))]
    near = [core, *islice(core.iterancestors(), _GRID_LEVELS)]
    if len(near) == 1 or not prose:
        return []
    written = sum(n for _, n in prose)
    found: list[tuple[Element, list[_Card]]] = []
    node = prose[-1][0]  # inside the text's container after its last paragraph, then further out
    for parent in near:  # what follows the text, in document order, up to the third wrapper
        taken = [*used, *(f[0] for f in found)]
        # Inside the text's container, a grid as long as half the text before it is a digest's own items,
        # and one shaped like cards or grids the text holds before it is a listicle's last items.
        inner = parent is core
        grid = _first_grid(node, base, site, taken, written // 2 if inner else None, core if inner else None)
        if grid is not None:
            found.append(grid)
            if parent is not core:
                return found
        node = parent
    return found


def _first_grid(
    node: Element,
    base: str | None,
    site: str,
    used: list[Element],
    limit: int | None,
    text: Element | None = None,
) -> tuple[Element, list[_Card]] | None:
    """The first free card grid in what follows `node` at its level (at most `limit` characters), and
    not one more of the items of the `text` it closes (`_own_items`)."""
    index: _ShapeIndex | None = None  # the text's shapes, read once: many grids may ask
    for sibling in node.itersiblings():
        for el in sibling.iter():
            if len(el) < _MIN_GRID_CARDS or tag_of(el) in _NOT_GRID_TAGS:
                continue
            if any(_inside(el, u) for u in used):
                continue
            cards = _grid_cards(el, base, site)
            if cards is not None and (limit is None or len(text_of(el)) <= limit) and _free_grid(el):
                if text is None:
                    return el, cards
                index = index if index is not None else _ShapeIndex.of(text)
                if not _own_items(el, cards, index, used):
                    return el, cards
    return None


@dataclass
class _ShapeIndex:
    """A text's elements by their `_shape`, each with its place in document order."""

    order: dict[Element, int]
    by_shape: dict[tuple[str, str], list[Element]]

    @classmethod
    def of(cls, text: Element) -> _ShapeIndex:
        order: dict[Element, int] = {}
        by_shape: dict[tuple[str, str], list[Element]] = {}
        for i, el in enumerate(text.iter()):
            order[el] = i
            if (shape := _shape(el)) is not None:
                by_shape.setdefault(shape, []).append(el)
        return cls(order, by_shape)


def _own_items(grid: Element, cards: list[_Card], text: _ShapeIndex, used: list[Element]) -> bool:
    """The article's own items, not stories after it: the `text` holds before `grid` an element of the
    grid's shape or of its cards' (a listicle's earlier items; a story list found already aside)."""
    shapes = {s for s in (_shape(grid), *(_shape(c.el) for c in cards)) if s is not None}
    around = set(grid.iterancestors())  # its own wrappers come first in document order
    at = text.order.get(grid, len(text.order))
    for shape in shapes:
        for el in text.by_shape.get(shape, ()):  # in document order
            if text.order[el] >= at:
                break
            if el not in around and not any(_inside(el, u) for u in used):
                return True
    return False


def _shape(el: Element) -> tuple[str, str] | None:
    """An element's tag and class (numbers aside: `post-3`), where it has a class; else its tag and its
    children's tags (`div: a h3 p`), where it has children; else None (a bare element has no shape)."""
    tag = tag_of(el)
    if cls := re.sub(r"\d+", "", el.get("class") or "").strip():
        return tag, cls
    children = " ".join(tag_of(c) for c in el)
    return (tag, f": {children}") if children.strip() else None


def _prose_length(p: Element) -> int:
    """The length of a paragraph of running text (long enough, little of it linked); 0 for any other."""
    return prose_length(p, PROSE_AROUND_CARDS, _PROSE_AROUND_LINK)[0]


def _prose_core(root: Element) -> Element | None:
    """The element holding most of the page's paragraphs of unlinked text (the article's running text)."""
    totals: dict[Element, int] = {}
    for p in root.iter("p"):
        if not (length := _prose_length(p)):
            continue
        parent = p.getparent()
        if parent is not None:
            totals[parent] = totals.get(parent, 0) + length
    if not totals:
        return None
    core = max(totals, key=lambda e: totals[e])
    return core if totals[core] >= _MIN_CORE_PROSE else None


def _grid_cards(el: Element, base: str | None, site: str) -> list[_Card] | None:
    """The cards of `el` when its children are (nearly all) story cards of one shape, else None."""
    children = [c for c in el if tag_of(c)]
    linked = [c for c in children if c.find(".//a[@href]") is not None or tag_of(c) == "a"]
    # Most children are cards, each holding a link: cheap to check before reading any text or URL.
    if len(linked) < _MIN_GRID_CARDS or len(children) - len(linked) > max(1, len(linked) // 3):
        return None
    if len(text_of(el)) > _MAX_COLLECTION_CHARS:
        return None
    cards: list[_Card] = []
    shapes: set[tuple[str, str]] = set()
    rich = 0
    allowed = max(1, len(children) // 4)  # a heading or a "see all" link beside the cards
    for i, child in enumerate(children):
        if i - len(cards) > allowed:
            return None  # too many children that are not cards: no need to read the rest
        if tag_of(child) in HEADINGS or len(text_of(child)) > _MAX_CARD_CHARS:
            continue
        keys = {
            _story_key(url)
            for a in child.iter("a")
            if (url := story_url(a, base)) and _site(url) == site and not _in_prose(a)
        }
        if len(keys) != 1:
            continue
        key = next(iter(keys))
        url = next(u for a in child.iter("a") if (u := story_url(a, base)) and _story_key(u) == key)
        title = _card_title(child, key, base, None)
        if not title:
            continue
        summary = _summary(child, title)
        cards.append(_Card(child, StoryLink(title=title, url=url, summary=summary)))
        shapes.add((tag_of(child), re.sub(r"\d+", "", child.get("class") or "")))
        rich += bool(summary) or any(True for _ in child.iter("img", "picture", *HEADINGS))
    others = len(children) - len(cards)
    if len(cards) < _MIN_GRID_CARDS or len(shapes) > 1 or others > max(1, len(cards) // 3):
        return None
    if rich * 3 < len(cards) * 2 or _numbered(cards):
        return None
    return cards[:_MAX_LINKS]


def _numbered(cards: list[_Card]) -> bool:
    """The cards count off ("1. …", "2. …" or a countdown "10 - …", "9 - …", the number in the title or
    in an element of its own first): a listicle's own items, or a chart of the most read - not related
    stories."""
    numbers = []
    for card in cards:
        first = next((t for t in card.el.itertext() if t.strip()), "")
        m = _ITEM_NUMBER.match(card.link.title) or _LONE_NUMBER.fullmatch(first.strip())
        if m is None:
            return False
        numbers.append(int(next(g for g in m.groups() if g)))
    steps = {b - a for a, b in zip(numbers, numbers[1:], strict=False)}
    return steps in ({1}, {-1})


def _free_grid(el: Element) -> bool:
    """Not inside page chrome or a list named or headed as most read / trending / sponsored."""
    for anc in (el, *el.iterancestors()):
        tag = tag_of(anc)
        sig = _sig(anc)
        if tag in _CHROME_ANCESTORS or tag in ("aside", "form") or _SIG_NOT_STORIES.search(sig):
            return False
        if _SIG_NOT_GRID.search(sig):
            return False
    node: Element | None = el
    for _ in range(3):  # the nearest label before the grid, at its level and at two wrappers' levels
        if node is None:
            break
        prev = next((p for p in node.itersiblings(preceding=True) if text_of(p)), None)
        if prev is not None:
            heading = prev if tag_of(prev) in HEADINGS else next(prev.iter(*HEADINGS), None)
            label = _visible_text(heading) if heading is not None else _short_text(prev)
            if label and NOT_STORIES_CUE.match(label):
                return False
        node = node.getparent()
    return True


def _inside(el: Element, container: Element) -> bool:
    return el is container or any(a is container for a in el.iterancestors())


def _in_chrome(el: Element) -> bool:
    """Lists in the site's navigation, header or footer are the site's, not this story's: an `<article>`'s
    own `<footer>` (its tags, its "See also" list) is the story's."""
    boxed = False  # a header or footer below, waiting to learn whether an <article> holds it
    for anc in el.iterancestors():
        tag = tag_of(anc)
        if tag in ("nav", "menu"):
            return True
        if tag == "article":
            boxed = False
        elif tag in _CHROME_ANCESTORS:
            boxed = True
    return boxed


def _sig(el: Element) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''} {el.get('data-testid') or ''}".lower()


def _cues(root: Element) -> list[tuple[Element, str]]:
    found: list[tuple[Element, str]] = []
    for el in root.iter(etree.Element):  # elements only: comments and processing instructions hold no cue
        tag = tag_of(el)
        if tag in ("html", "body", "script", "style", "main", "article"):
            continue
        named_by = el.get("class") or el.get("id") or el.get("data-testid")
        if named_by and _SIG_ANY.search(sig := _sig(el)):
            if _SIG_NOT_STORIES.search(sig):
                continue
            named = tag not in ("a", "span")
            if _SIG_NEXT.search(sig) and named:
                found.append((el, "next"))
                continue
            if _SIG_RELATED.search(sig) and named:
                found.append((el, "related"))
                continue
        if tag not in _LABEL_TAGS:
            continue  # `_leading_text` reads labels only
        head = _leading_text(el)
        if not head or NOT_STORIES_CUE.match(head):
            continue
        if READ_NEXT_CUE.match(head) and not _is_bare_link(el):
            found.append((el, "next"))
        elif (
            RELATED_CUE.match(head)
            and (tag in HEADINGS or len(head) <= _MAX_LABEL_CHARS)
            and not _is_bare_link(el)
        ):
            found.append((el, "related"))
    return found


def _leading_text(el: Element) -> str:
    """The element's own short label text (for `<p><b>Read Next:</b> …`, the `<b>`'s text)."""
    tag = tag_of(el)
    if tag in ("p", "div", "li", "dt"):
        if not len(el):  # a box's label: "Weitere Informationen" (a leaf: its text is all it holds)
            if tag == "p" and len(el.text or "") > 4 * _MAX_LABEL_CHARS:
                return ""  # a paragraph of text (most are): no label, and no cleaning to read it
            return _label(el.text or "") if tag in ("dt", "div", "p") else ""
        if (el.text or "").strip():
            return _own_cue(el)  # "Also read: <a>…</a>" written straight into the paragraph.
        first = el[0]
        if first is not None and tag_of(first) in _INLINE_LABELS:
            return _short_text(first)
        return _short_text(el) if tag == "dt" else ""
    return _short_text(el) if tag in _LABEL_TAGS else ""


def _own_cue(el: Element) -> str:
    """The text before the element's first child, when a link follows it and it is label-sized."""
    raw = el.text or ""
    if len(raw) > _MAX_CUE_CHARS * 2 or el.find(".//a") is None:
        return ""
    own = clean_line(raw)
    return own if len(own) <= _MAX_CUE_CHARS else ""


def _short_text(el: Element) -> str:
    """Text of a label, or "" when it is longer than a label can be (read no further than that)."""
    if not len(el):
        return _label(el.text or "")  # a leaf (most are): its own text is all it holds
    # A label is a leaf or nearly so; looking no deeper keeps deep nesting from costing O(depth²).
    if sum(1 for _ in islice(el.iterdescendants(), 6)) > 5:
        return ""
    return _label(el.text_content())


def _label(raw: str) -> str:
    if not raw or len(raw) > _MAX_CUE_CHARS * 8 or raw.isspace():
        return ""
    text = clean_line(raw)
    return text if len(text) <= _MAX_CUE_CHARS else ""


def _is_bare_link(el: Element) -> bool:
    """A "Read more" link on a teaser card is a continuation link, not a cue."""
    return tag_of(el) == "a" or any(tag_of(a) == "a" for a in el.iterancestors())


def _collection(cue: Element, kind: str, base: str | None, site: str) -> tuple[Element, list[_Card]] | None:
    """The smallest element around the cue made of story cards (and little else) besides the cue."""
    el: Element | None = cue
    wanted = 1 if kind == "next" else 2
    for _ in range(6):
        if el is None or tag_of(el) in ("body", "html", "article", "main"):
            return None
        if el is not cue and _SIG_NOT_STORIES.search(_sig(el)):
            return None
        total = len(text_of(el))
        if total > _MAX_COLLECTION_CHARS:
            return None
        cards = _cards(el, cue, base, site, explicit=kind == "next")
        # "Also read: <a>…</a>" in one paragraph, or a heading plus one card, is a list of one.
        single = el is cue or _is_cue_only(el, cue)
        if len(cards) >= wanted or (cards and single):
            cue_len = 0 if el is cue else len(text_of(cue))
            in_cards = sum(len(text_of(c.el)) for c in cards)
            loose = total - cue_len - in_cards
            # Cards are a title and a teaser; entries of a live blog that each link a story are not.
            if loose <= max(_MAX_LOOSE_CHARS, _MAX_LOOSE_SHARE * total) and in_cards <= _AVG_CARD_CHARS * len(
                cards
            ):
                return el, cards
            return None
        el = el.getparent()
    return None


def _list_after(cue: Element, kind: str, base: str | None, site: str) -> tuple[Element, list[_Card]] | None:
    """`<h3>Related</h3><ul>…</ul>`: the heading's list is the element right after it, not in a box with it
    (a lesser label's list beside it is left where it is: it may be what keeps a link-heavy box out of the
    story)."""
    nxt = cue.getnext()
    if (
        tag_of(cue) not in HEADINGS
        or nxt is None
        or tag_of(nxt) not in _LIST_BOXES
        or (cue.tail or "").strip()
    ):
        return None
    total = len(text_of(nxt))
    if total > _MAX_COLLECTION_CHARS or _SIG_NOT_STORIES.search(_sig(nxt)):
        return None
    cards = _cards(nxt, cue, base, site, explicit=kind == "next")
    in_cards = sum(len(text_of(c.el)) for c in cards)
    if len(cards) < (1 if kind == "next" else 2) or in_cards > _AVG_CARD_CHARS * len(cards):
        return None
    return (nxt, cards) if total - in_cards <= max(_MAX_LOOSE_CHARS, _MAX_LOOSE_SHARE * total) else None


def _is_cue_only(el: Element, cue: Element) -> bool:
    """A heading plus a single card: a one-item "Related" box is a list too."""
    return sum(1 for _ in el.iter("a")) <= 4 and len(text_of(el)) < 600


def _cards(
    container: Element, cue: Element, base: str | None, site: str, *, explicit: bool = False
) -> list[_Card]:
    """The story cards in `container`. Under an explicit "Read Next" label (`explicit`) a link is the next
    story whatever its URL looks like (a short page's `Read Next: <a href="/next">` is what `>` follows)."""
    cards: dict[str, _Card] = {}
    own_cue = container is cue
    for a in container.iter("a"):
        if not own_cue and _inside(a, cue):
            continue
        url = story_url(a, base, explicit=explicit)
        if url is None or _site(url) != site or _in_prose(a):
            continue
        key = _story_key(url)
        if key in cards:
            continue
        card = _card_of(a, container, key, base)
        if len(text_of(card)) > _MAX_CARD_CHARS:
            continue  # a link inside prose, or the page's own story: not a card
        title = _card_title(card, key, base, cue if not own_cue else None, explicit=explicit)
        if not title:
            continue
        cards[key] = _Card(card, StoryLink(title=title, url=url, summary=_summary(card, title)))
        if len(cards) >= _MAX_LINKS:
            break
    return list(cards.values())


def _in_prose(a: Element) -> bool:
    """A link inside a sentence of running text (a live blog entry, an article) is not a card's title."""
    parent = a.getparent()
    while parent is not None and tag_of(parent) in ("strong", "b", "em", "i", "span"):
        parent = parent.getparent()
    if parent is None or tag_of(parent) != "p":
        return False
    return len(text_of(parent)) > len(text_of(a)) + _PROSE_AROUND_LINK


def story_url(a: Element, base: str | None, *, explicit: bool = False) -> str | None:
    """The story link `a` points to; None for a link marked as a tag, category or author (`rel="tag"`:
    "Read more: Investing, market close, Home Depot (NYSE:HD)" lists topics, not stories)."""
    if _NOT_STORY_RELS.intersection((a.get("rel") or "").lower().split()):
        return None
    url = absolutize(a.get("href"), base)
    return url if url and is_article_url(url, slug=not explicit) else None


def _card_of(a: Element, container: Element, key: str, base: str | None) -> Element:
    """The largest element around link `a` whose story links all go to the same story.

    Author, tag and section links inside a card do not break it; a second story does.
    """
    el = a
    parent = a.getparent()
    while parent is not None and parent is not container:
        if any(_other_story(other, key, base) for other in parent.iter("a")):
            break
        el, parent = parent, parent.getparent()
    return el


def _other_story(a: Element, key: str, base: str | None) -> bool:
    url = story_url(a, base)
    return url is not None and _story_key(url) != key


def _card_title(
    card: Element, key: str, base: str | None, cue: Element | None, *, explicit: bool = False
) -> str:
    """The card's heading, else the longest text of its links to the story (an image link has none)."""
    for h in card.iter(*HEADINGS):
        if cue is not None and _inside(cue, h) or _in_other_link(h, card, key, base):
            continue
        text = _title_candidates(h)[0]  # without a "Premium" or "Live" kicker of its own
        if _is_title(text):
            return text
    for el in card.iter():
        # No heading element: an element named as the card's title ("article-preview__title").
        if el is not card and _TITLE_CLASS.search(el.get("class") or "") and tag_of(el) not in ("img", "a"):
            text = _visible_text(el)
            if _is_title(text) and (cue is None or not _inside(el, cue)):
                return text
    best = ""
    for a in card.iter("a"):
        url = story_url(a, base, explicit=explicit)
        if url is None or _story_key(url) != key:
            continue
        for text in _title_candidates(a):
            if len(text) > len(best):
                best = text
    return best if _is_title(best) else ""


def _in_other_link(el: Element, card: Element, key: str, base: str | None) -> bool:
    """`el` sits in a link to something other than the card's story: a section or topic's heading
    ("Science & Technology" linking to /category/…) above the story's own."""
    for up in el.iterancestors():
        if up is card:
            return False
        if tag_of(up) == "a":
            url = absolutize(up.get("href"), base)
            return url is not None and _story_key(url) != key
    return False


def _title_candidates(a: Element) -> list[str]:
    """The link's (or heading's) text, or when it is a kicker plus a headline in separate elements, the
    headline: the last part that reads as a title (kickers - "Premium", "US-Wahl 2024", "Nach Irans
    Angriff auf Israel:" - come first), else the longest part."""
    whole = _visible_text(a)
    parts = [_visible_text(c) for c in a if tag_of(c) in ("span", "div", "p", "strong", "b", "em", "a")]
    parts = [p for p in parts if p]
    if len(parts) >= 2:
        return [parts[-1] if _is_title(parts[-1]) else max(parts, key=len)]
    return [whole]


def _is_title(text: str) -> bool:
    if not text or READ_NEXT_CUE.match(text) or RELATED_CUE.match(text) or NOT_STORIES_CUE.match(text):
        return False
    if _CJK.search(text):
        return len(text) >= 8
    return len(text.split()) >= _MIN_TITLE_WORDS or len(text) >= _MIN_TITLE_CHARS


def _visible_text(el: Element) -> str:
    """Text without screen-reader-only labels ("Link to a related article:")."""
    if not any(_SIG_HIDDEN_LABEL.search(d.get("class") or "") for d in el.iter()):
        return clean_line(el.text_content())
    parts: list[str] = []

    def walk(node: Element, depth: int) -> None:
        if depth > 50 or _SIG_HIDDEN_LABEL.search(node.get("class") or ""):
            return
        parts.append(node.text or "")
        for child in node:
            if tag_of(child):
                walk(child, depth + 1)
            parts.append(child.tail or "")

    walk(el, 0)
    return clean_line(" ".join(parts))


def _summary(card: Element, title: str) -> str | None:
    """The teaser: the card's longest text that is not the title (nor the title with a kicker)."""
    best: str | None = None
    for p in card.iter("p", "div", "span"):
        if len(p) and tag_of(p) != "p":
            continue
        if any(tag_of(a) in HEADINGS for a in p.iterancestors()):
            continue
        text = _visible_text(p)
        if len(text) <= (_MIN_CJK_SUMMARY if _CJK.search(text) else _MIN_SUMMARY):
            continue  # a kicker, a date, a byline (a sentence in Chinese or Japanese is short in characters)
        if text == title or title in text or text in title:
            continue
        if best is None or len(text) > len(best):
            best = text
    return best


def is_article_url(url: str, *, slug: bool = True) -> bool:
    """Looks like one story: a slug or id in the path (unless not `slug`), not a section, tag, author or
    share page."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or _SHARE_HOSTS.search(host) or "share" in parts.query.lower():
        return False
    if _listings_host(host):
        return False  # "stellenmarkt.", "example-jobs.com", "careers.site.co.uk": listings, not stories
    if _SIG_NOT_STORIES.search(f"{parts.query} {parts.fragment}"):
        return False  # "…#wgt=trending": a link planted by a popularity widget
    segments = [s for s in parts.path.lower().split("/") if s]
    if not segments or any(s in _NON_ARTICLE_SEGMENTS for s in segments) or _FILE.search(segments[-1]):
        return False
    if not slug:
        return True
    last = re.sub(r"\.(?:html?|php|aspx?|shtml)$", "", segments[-1])
    return last.count("-") >= 2 or bool(re.search(r"\d{4,}", last)) or len(segments) >= 3


def _story_key(url: str) -> str:
    """One story whatever its tracking parameters, fragment or trailing slash."""
    parts = urlsplit(url)
    query = "&".join(
        q for q in parts.query.split("&") if q and not _TRACKING.match(q.split("=", 1)[0].lower())
    )
    host = (parts.hostname or "").lower().removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}" + (f"?{query}" if query else "")


def _listings_host(host: str) -> bool:
    """A host of job, home or classified listings or a shop, by the labels of its subdomains and of its
    registered name (`_LISTING_WORDS`, `_SHOP_WORDS`); "www" and the public suffix say nothing."""
    if not _LISTING_HINT.search(host):
        return False
    domain = registered_domain(host)
    name = domain.split(".", 1)[0]
    if name in _LISTING_WORDS:
        return True
    words = _LISTING_WORDS | _SHOP_WORDS
    parts = name.split("-")
    if len(parts) > 1 and any(p in words for p in parts):
        return True
    subdomains = host[: -len(domain)].rstrip(".").split(".") if host != domain else []
    return any(
        part in words or part.endswith(("markt", "market"))
        for label in subdomains
        for part in label.split("-")
    )


def _site(url: str) -> str:
    return registered_domain(host_of(url))
