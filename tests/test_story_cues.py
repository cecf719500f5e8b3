"""Story lists cued in eight languages, each on a page of its own language (pages written for this project).

Each page is an article in that language followed by the lists a real page of that kind carries: the
story's own related list under a cue word (a bare list of links as in a Gutenberg list block or a
"Lesen Sie auch" box, where only the cue says what it is; or cards with a picture and a teaser as in a
Drupal view or a Ghost theme), and the lists that are never this story's - the site's navigation, the tag
list, the author box and a "most viewed" card grid right after the text, labelled in the page's language
(the label is all that tells it from a related grid: no class names say so).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from newsreader.extract import extract_article
from newsreader.models import Article

SITE = "https://daily.example"


@dataclass(frozen=True)
class Lang:
    code: str
    body: tuple[str, str, str]
    stories: tuple[str, str, str]  # titles of the three related stories
    teasers: tuple[str, str, str]
    cues: tuple[str, ...]  # related-list cues
    next_cue: str  # a Read Next cue
    most_viewed: str
    tags: str
    tag_path: str
    author_path: str


LANGS = (
    Lang(
        "en",
        (
            "Work to repair the harbour wall began on Monday after the winter storms opened a gap of almost "
            "twenty metres, and the council expects the first phase to take until the end of May.",
            "Engineers will drive new steel piles behind the old stone face, then rebuild the face itself "
            "with the original blocks, which divers have been recovering from the seabed since January.",
            "Fishing boats will use the north quay while the work goes on, and the ferry timetable is not "
            "expected to change, the harbour master said in a statement to local businesses.",
        ),
        (
            "Ferry fares frozen for another year",
            "Divers recover the old stones from the seabed",
            "North quay reopens to the fishing fleet",
        ),
        (
            "The operator says prices will stay where they are until the new ships arrive next spring.",
            "Each block is numbered and photographed before it goes back into the wall where it came from.",
            "Boats that moved away during the storms can come back from Friday, the harbour master says.",
        ),
        ("Related stories", "You might also like", "More on this story", "See also"),
        "Up next",
        "Most viewed",
        "Tags",
        "tag",
        "author",
    ),
    Lang(
        "de",
        (
            "Die Arbeiten an der Hafenmauer haben am Montag begonnen, nachdem die Winterstürme eine Lücke "
            "von fast zwanzig Metern gerissen hatten; der erste Abschnitt soll bis Ende Mai dauern.",
            "Ingenieure rammen neue Stahlpfähle hinter die alte Steinfront und bauen die Front dann mit den "
            "ursprünglichen Blöcken wieder auf, die Taucher seit Januar vom Meeresgrund holen.",
            "Die Fischerboote nutzen während der Bauzeit den Nordkai, der Fahrplan der Fähre soll sich nicht "
            "ändern, teilte der Hafenmeister den Geschäftsleuten in einem Schreiben mit.",
        ),
        (
            "Fährpreise bleiben ein weiteres Jahr stabil",
            "Taucher holen die alten Steine vom Meeresgrund",
            "Nordkai öffnet wieder für die Fischerflotte",
        ),
        (
            "Die Preise bleiben, bis im Frühjahr die neuen Schiffe kommen, sagt die Reederei.",
            "Jeder Block wird nummeriert und fotografiert, bevor er an seinen Platz zurückkehrt.",
            "Boote, die während der Stürme ausgewichen sind, dürfen ab Freitag zurückkehren.",
        ),
        ("Mehr zum Thema", "Das könnte Sie auch interessieren", "Siehe auch", "Lesen Sie auch"),
        "Nächster Artikel",
        "Meistgelesen",
        "Schlagworte",
        "thema",
        "autor",
    ),
    Lang(
        "fr",
        (
            "Les travaux de réparation de la digue du port ont commencé lundi, après que les tempêtes de "
            "l'hiver ont ouvert une brèche de près de vingt mètres ; la première phase durera jusqu'en mai.",
            "Les ingénieurs enfonceront de nouveaux pieux d'acier derrière l'ancien parement de pierre, puis "
            "le reconstruiront avec les blocs d'origine que des plongeurs remontent depuis janvier.",
            "Les bateaux de pêche utiliseront le quai nord pendant les travaux et les horaires du ferry ne "
            "devraient pas changer, a indiqué le capitaine du port aux commerçants.",
        ),
        (
            "Les tarifs du ferry gelés pour un an de plus",
            "Des plongeurs remontent les vieilles pierres du fond",
            "Le quai nord rouvre à la flotte de pêche",
        ),
        (
            "L'exploitant promet des prix stables jusqu'à l'arrivée des nouveaux navires au printemps.",
            "Chaque bloc est numéroté et photographié avant de retrouver sa place dans la digue.",
            "Les bateaux partis pendant les tempêtes pourront revenir dès vendredi, selon le port.",
        ),
        ("À lire aussi", "Sur le même sujet", "Vous aimerez aussi", "Lire aussi"),
        "Article suivant",
        "Les plus lus",
        "Mots-clés",
        "sujet",
        "auteur",
    ),
    Lang(
        "es",
        (
            "Las obras de reparación del muro del puerto comenzaron el lunes, después de que los temporales "
            "del invierno abrieran una brecha de casi veinte metros; la primera fase durará hasta mayo.",
            "Los ingenieros clavarán nuevos pilotes de acero detrás del viejo frente de piedra y después lo "
            "reconstruirán con los bloques originales que los buzos recuperan desde enero.",
            "Los barcos de pesca usarán el muelle norte mientras duren las obras y el horario del ferri no "
            "cambiará, según explicó el capitán del puerto a los comerciantes.",
        ),
        (
            "Las tarifas del ferri congeladas un año más",
            "Los buzos recuperan las viejas piedras del fondo",
            "El muelle norte reabre a la flota pesquera",
        ),
        (
            "La naviera asegura que los precios no cambiarán hasta que lleguen los barcos nuevos.",
            "Cada bloque se numera y se fotografía antes de volver a su sitio en el muro.",
            "Los barcos que se marcharon durante los temporales podrán volver desde el viernes.",
        ),
        ("Te puede interesar", "Noticias relacionadas", "Lee también", "Más noticias"),
        "Siguiente artículo",
        "Lo más leído",
        "Etiquetas",
        "etiqueta",
        "autor",
    ),
    Lang(
        "it",
        (
            "I lavori di riparazione del muro del porto sono iniziati lunedì, dopo che le mareggiate "
            "invernali avevano aperto una breccia di quasi venti metri; la prima fase durerà fino a maggio.",
            "Gli ingegneri pianteranno nuovi pali d'acciaio dietro la vecchia facciata di pietra e poi la "
            "ricostruiranno con i blocchi originali che i sommozzatori recuperano da gennaio.",
            "I pescherecci useranno la banchina nord durante i lavori e l'orario del traghetto non dovrebbe "
            "cambiare, ha spiegato il capitano del porto ai commercianti.",
        ),
        (
            "Le tariffe del traghetto bloccate per un altro anno",
            "I sommozzatori recuperano le vecchie pietre dal fondale",
            "La banchina nord riapre alla flotta peschereccia",
        ),
        (
            "La compagnia assicura che i prezzi resteranno fermi fino all'arrivo delle nuove navi.",
            "Ogni blocco viene numerato e fotografato prima di tornare al suo posto nel muro.",
            "Le barche partite durante le mareggiate potranno tornare da venerdì, dice il porto.",
        ),
        ("Leggi anche", "Potrebbe interessarti", "Articoli correlati"),
        "Articolo successivo",
        "I più letti",
        "Argomenti",
        "argomento",
        "autore",
    ),
    Lang(
        "pt",
        (
            "As obras de reparação do muro do porto começaram na segunda-feira, depois de as tempestades de "
            "inverno terem aberto uma brecha de quase vinte metros; a primeira fase vai durar até maio.",
            "Os engenheiros vão cravar novas estacas de aço atrás da velha fachada de pedra e depois "
            "reconstruí-la com os blocos originais que os mergulhadores recuperam desde janeiro.",
            "Os barcos de pesca vão usar o cais norte durante as obras e o horário do ferry não deve mudar, "
            "disse o capitão do porto aos comerciantes da zona.",
        ),
        (
            "Preços do ferry congelados por mais um ano",
            "Mergulhadores recuperam as velhas pedras do fundo",
            "Cais norte reabre à frota de pesca",
        ),
        (
            "A empresa garante que os preços não mudam até chegarem os novos navios na primavera.",
            "Cada bloco é numerado e fotografado antes de voltar ao seu lugar no muro do porto.",
            "Os barcos que saíram durante as tempestades podem voltar a partir de sexta-feira.",
        ),
        ("Leia também", "Veja também", "Você pode gostar"),
        "Próximo artigo",
        "Mais lidas",
        "Assuntos",
        "assunto",
        "autor",
    ),
    Lang(
        "nl",
        (
            "Het herstel van de havenmuur is maandag begonnen nadat de winterstormen een gat van bijna "
            "twintig meter hadden geslagen; de eerste fase duurt naar verwachting tot eind mei.",
            "Ingenieurs slaan nieuwe stalen palen achter de oude stenen gevel en bouwen die daarna weer op "
            "met de oorspronkelijke blokken, die duikers sinds januari van de zeebodem halen.",
            "Vissersboten gebruiken tijdens de werkzaamheden de noordkade en de dienstregeling van de "
            "veerboot verandert niet, liet de havenmeester de ondernemers weten.",
        ),
        (
            "Tarieven van de veerboot nog een jaar bevroren",
            "Duikers halen de oude stenen van de zeebodem",
            "Noordkade weer open voor de vissersvloot",
        ),
        (
            "De rederij belooft dat de prijzen gelijk blijven tot de nieuwe schepen er zijn.",
            "Elk blok wordt genummerd en gefotografeerd voordat het terug in de muur gaat.",
            "Boten die tijdens de stormen vertrokken, mogen vanaf vrijdag weer terugkomen.",
        ),
        ("Lees ook", "Meer over dit onderwerp", "Gerelateerd"),
        "Volgend artikel",
        "Meest gelezen",
        "Onderwerpen",
        "onderwerp",
        "auteur",
    ),
    Lang(
        "ja",
        (
            "冬の嵐で港の防波堤に約二十メートルの穴が開いたことを受け、月曜日に補修工事が始まった。市は第一段階の工事が"
            "五月末まで続く見通しだとしている。防波堤は百年以上前に築かれたもので、これほど大きく崩れたのは初めてだという。"
            "市の担当者は、夏の観光シーズンまでに港の安全を確保したいと話している。",
            "技術者は古い石積みの裏に新しい鋼製のくいを打ち込み、その後、潜水士が一月から海底で回収している元の石材を"
            "使って石積みを組み直す。石材は重いもので一つ二トンを超え、クレーン船で一つずつつり上げる。元の姿を残すため、"
            "新しい石はできるだけ使わない方針だ。",
            "工事の間、漁船は北側の岸壁を使い、フェリーの時刻表は変わらない見込みだと港湾管理者が地元の事業者に説明した。"
            "岸壁の周辺では大型車両の通行が増えるため、市は住民に注意を呼びかけている。工事の進み具合は市のウェブサイトで"
            "毎週知らせるという。港の周りの店も工事の間は通常どおり営業する。",
        ),
        (
            "フェリー運賃、さらに一年据え置きへ",
            "潜水士が海底から古い石材を回収",
            "北側岸壁が漁船向けに再開",
        ),
        (
            "運航会社は新しい船が来春に就航するまで運賃を変えないとしている。",
            "石材は一つずつ番号を付けて撮影し、元の位置に戻される。",
            "嵐の間に避難していた漁船は金曜日から戻ることができる。",
        ),
        ("関連記事", "あわせて読みたい", "おすすめ記事"),
        "次の記事",
        "アクセスランキング",
        "タグ",
        "tag",
        "author",
    ),
)
SLUGS = (
    "ferry-fares-frozen-for-another-year",
    "divers-recover-the-old-stones",
    "north-quay-reopens-to-boats",
)
OTHER_SLUGS = ("storm-closes-the-coast-road", "lifeboat-crew-wins-award", "market-moves-to-the-square")
URL = f"{SITE}/2025/03/14/harbour-wall-repairs"


def _path(i: int, slugs: tuple[str, str, str] = SLUGS) -> str:
    return f"/2025/03/1{i}/{slugs[i]}"


def bare_list(cue: str, lang: Lang) -> str:
    """A Gutenberg group or a "Lesen Sie auch" box: a heading and a list of links, nothing else."""
    items = "".join(f'<li><a href="{_path(i)}">{t}</a></li>' for i, t in enumerate(lang.stories))
    return (
        f'<div class="wp-block-group"><h2 class="wp-block-heading">{cue}</h2>'
        f'<ul class="wp-block-list">{items}</ul></div>'
    )


def drupal_view(cue: str, lang: Lang) -> str:
    """A Drupal view of teaser cards: image link, title link, teaser."""
    rows = "".join(
        f'<div class="views-row"><div class="views-field views-field-field-image"><a href="{_path(i)}">'
        f'<img src="/sites/default/files/{i}.jpg" width="480" height="270" alt=""></a></div>'
        f'<div class="views-field views-field-title"><a href="{_path(i)}">{t}</a></div>'
        f'<div class="views-field views-field-body"><p>{x}</p></div></div>'
        for i, (t, x) in enumerate(zip(lang.stories, lang.teasers, strict=True))
    )
    return f'<div class="block block-views"><h2>{cue}</h2><div class="view-content">{rows}</div></div>'


def ghost_cards(cue: str, lang: Lang) -> str:
    """A Ghost theme's post cards, the whole card one link, the author and date in the card's footer."""
    cards = "".join(
        f'<article class="post-card"><a class="post-card-image-link" href="{_path(i)}"><img '
        f'src="/content/images/{i}.jpg" alt=""></a><a class="post-card-content-link" href="{_path(i)}">'
        f'<h2 class="post-card-title">{t}</h2><div class="post-card-excerpt"><p>{x}</p></div></a>'
        f'<footer><a href="/{lang.author_path}/sam-reed/">Sam Reed</a> <time>12.03.2025</time></footer>'
        "</article>"
        for i, (t, x) in enumerate(zip(lang.stories, lang.teasers, strict=True))
    )
    return (
        f'<section class="outer"><h3 class="css-r1">{cue}</h3><div class="post-feed">{cards}</div></section>'
    )


SHAPES = {"bare list": bare_list, "drupal view": drupal_view, "ghost cards": ghost_cards}


def page(lang: Lang, stories: str) -> str:
    """The article, then a "most viewed" card grid right after the text, the story list, the tags and the
    author box; the site's menu (with a cue word of its own) in the header."""
    body = "".join(f"<p>{p}</p>" for p in lang.body)
    menu = "".join(f'<li><a href="{_path(i, OTHER_SLUGS)}">{SLUGS[i]}</a></li>' for i in range(3))
    most = "".join(
        f'<div class="css-c1"><a href="{_path(i, OTHER_SLUGS)}"><img src="/t/{i}.jpg" alt=""></a>'
        f'<h3 class="css-c2"><a href="{_path(i, OTHER_SLUGS)}">{lang.stories[i]} ({OTHER_SLUGS[i]})</a></h3>'
        f'<p class="css-c3">{lang.teasers[(i + 1) % 3]}</p></div>'
        for i in range(3)
    )
    tags = "".join(f'<a href="/{lang.tag_path}/{w}/">{w}</a> ' for w in ("harbour", "storms", "ferry"))
    return f"""<!DOCTYPE html><html lang="{lang.code}"><head><meta charset="utf-8"><title>Daily</title>
</head><body><header><nav><h3>{lang.cues[0]}</h3><ul>{menu}</ul></nav></header>
<main><article><h1>Daily</h1><div class="css-b1">{body}</div>
<div class="css-m1"><div class="css-m2">{lang.most_viewed}</div><div class="css-m3">{most}</div></div>
{stories}
<div class="css-t1"><span class="css-t2">{lang.tags}</span> {tags}</div>
<div class="css-a1"><a href="/{lang.author_path}/sam-reed/"><img src="/a/sam.jpg" width="64" height="64"
 alt=""></a><a href="/{lang.author_path}/sam-reed/">Sam Reed</a></div>
</article></main><footer><a href="/about-us/">Daily</a></footer></body></html>"""


def extract(html: str) -> Article:
    return extract_article(html.encode(), URL)


CASES = [
    pytest.param(lang, cue, shape, id=f"{lang.code}-{cue}-{shape}")
    for lang in LANGS
    for n, cue in enumerate(lang.cues)
    for shape in (("bare list", "drupal view") if n == 0 else ("bare list", "ghost cards"))
]


@pytest.mark.parametrize(("lang", "cue", "shape"), CASES)
def test_the_cued_list_is_found_and_the_sites_lists_are_not(lang: Lang, cue: str, shape: str) -> None:
    art = extract(page(lang, SHAPES[shape](cue, lang)))
    assert [(s.title, s.url) for s in art.related] == [
        (t, SITE + _path(i)) for i, t in enumerate(lang.stories)
    ]
    if shape != "bare list":
        assert [s.summary for s in art.related] == list(lang.teasers)
    assert art.read_next == []
    assert lang.body[2] in art.text  # the article is whole
    for gone in (cue, lang.stories[0], lang.teasers[0], OTHER_SLUGS[0]):
        assert gone not in art.text


@pytest.mark.parametrize("lang", LANGS, ids=[lang.code for lang in LANGS])
def test_a_read_next_cue_takes_its_one_story(lang: Lang) -> None:
    next_card = f'<div class="css-n1"><span class="css-n2">{lang.next_cue}</span><a href="{_path(0)}">' + (
        f"<h4>{lang.stories[0]}</h4></a></div>"
    )
    art = extract(page(lang, next_card))
    assert [(s.title, s.url) for s in art.read_next] == [(lang.stories[0], SITE + _path(0))]
    assert art.related == []


@pytest.mark.parametrize("lang", LANGS, ids=[lang.code for lang in LANGS])
def test_only_the_most_viewed_label_keeps_that_grid_out(lang: Lang) -> None:
    # The same grid under a plain label is the story's "more" grid: the language's word is what counts.
    art = extract(page(lang, "").replace(f">{lang.most_viewed}<", ">Harbour<"))
    assert [s.url for s in art.related] == [SITE + _path(i, OTHER_SLUGS) for i in range(3)]
    assert extract(page(lang, "")).related == []
