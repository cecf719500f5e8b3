"""A page built with generated class names (`css-1x2y3z`): no "caption", "byline" or "pullquote" word
anywhere, so byline, captions and quotes are found by structure (a page written for this project)."""

from __future__ import annotations

from newsreader.extract import extract_article
from newsreader.models import Article, Figure, Paragraph, Quote

URL = "https://daily.example/2025/05/02/night-ferries-return"
P1 = (
    "The night ferries to the outer islands are back for the summer, three years after they were stopped "
    "to save money, and the first sailing on Friday was full."
)
P2 = (
    "Islanders had campaigned for the return of the late sailings since the service was cut, saying they "
    "could not get to evening shifts, concerts or the hospital on the mainland."
)
P3 = (
    "The operator says the sailings will run until the end of September, and that the timetable for next "
    "year depends on how many people use them this summer."
)
P4 = (
    "Tickets cost the same as on the day services, and bicycles travel free, the operator said in a "
    "statement on its website on Thursday evening."
)


def page(inner: str) -> str:
    return f"""<!DOCTYPE html><html lang="en"><head><title>Night ferries return | Daily</title></head><body>
<div id="__next"><header class="css-1h2j3k"><nav class="css-9k8j7h"><a href="/">Daily</a></nav></header>
<main class="css-5f6g7h"><article class="css-2w3e4r"><h1 class="css-0a1b2c">Night ferries return</h1>
<div class="css-7y8u9i"><div class="css-3e4r5t"><span class="css-6y7u8i">By</span> <a class="css-9i0o1p"
 href="/authors/ana-lima">Ana Lima</a></div><time class="css-2s3d4f" datetime="2025-05-02T08:00:00Z">May 2,
 2025</time></div><section class="css-0p9o8i"><p class="css-1q2w3e">{P1}</p><p class="css-1q2w3e">{P2}</p>
{inner}<p class="css-1q2w3e">{P3}</p><p class="css-1q2w3e">{P4}</p></section></article></main></div>
</body></html>"""


def extract(inner: str) -> Article:
    return extract_article(page(inner).encode(), URL)


def quotes(art: Article) -> list[tuple[str, str, str | None]]:
    return [(q.kind, q.text, q.cite) for q in art.blocks if isinstance(q, Quote)]


def paragraphs(art: Article) -> list[str]:
    return [b.text for b in art.blocks if isinstance(b, Paragraph)]


def test_byline_caption_credit_pull_quote_and_speaker_by_structure() -> None:
    art = extract(
        '<div class="css-4g5h6j"><div class="css-7j8k9l"><img src="/img/ferry.jpg" width="1200" height="800" '
        'alt="The ferry"></div><div class="css-1z2x3c"><span class="css-4v5b6n">The first night ferry leaves '
        'the harbour.</span> <span class="css-credit-9n">Photo: Ana Lima</span></div></div>'
        '<aside class="css-8u7y6t"><p class="css-5r4e3w">“We have our evenings back,” said one islander as '
        "she boarded.</p></aside>"
        '<div class="css-x1y2z3"><blockquote class="css-q1w2e3"><p>It is the most important thing the '
        'council has done for the islands in a decade.</p></blockquote><div class="css-c1v2b3">Maria Sousa, '
        "island councillor</div></div>"
    )
    assert art.byline == "Ana Lima"
    figs = [b for b in art.blocks if isinstance(b, Figure)] + ([art.lead_image] if art.lead_image else [])
    assert [(f.caption, f.credit) for f in figs if f.src and f.src.endswith("ferry.jpg")] == [
        ("The first night ferry leaves the harbour.", "Photo: Ana Lima")
    ]
    assert quotes(art) == [
        ("pullquote", "“We have our evenings back,” said one islander as she boarded.", None),
        (
            "blockquote",
            "It is the most important thing the council has done for the islands in a decade.",
            "Maria Sousa, island councillor",
        ),
    ]
    assert paragraphs(art) == [P1, P2, P3, P4]  # nothing shown twice, nothing lost


def test_an_aside_of_links_or_a_sentence_after_a_quote_stays_what_it_is() -> None:
    art = extract(
        '<aside class="css-a1"><p>“Ferry timetables” <a href="/2025/04/30/ferry-timetable-for-the-summer">'
        "are here</a></p></aside>"
        '<div class="css-x9"><blockquote class="css-q9"><p>We will keep the fares where they are.</p>'
        '</blockquote><p class="css-p9">The council did not say how long that would last.</p></div>'
    )
    assert quotes(art) == [("blockquote", "We will keep the fares where they are.", None)]
    assert "The council did not say how long that would last." in paragraphs(art)
    assert "are here" not in art.text  # an aside with a link is not a pull quote
