"""Compare newsreader's extractor with trafilatura and readability-lxml on the dev corpus.

Usage: python bench/extract.py [--corpus DIR] [--only NAME] [--pages ID,ID] [--show ID]

Scoring follows the corpus README: body text as `\\w+` tokens, 4-token shingles, per-page precision and
recall averaged over pages, F1 from the averages; captions and quotes as the share of each item's
case-folded 4-token shingles found anywhere in what the reader shows. Title, byline and date are compared
leniently (case-folded, whitespace normalised, date by day). Speed is pages/s of the extract call alone.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared/corpus/readability-dev"
SLOW_S = 1.0
_WORD = re.compile(r"\w+")


@dataclass
class Output:
    """What one extractor showed for one page."""

    text: str
    title: str | None = None
    byline: str | None = None
    date: str | None = None


@dataclass
class Page:
    id: str
    html: bytes
    truth_text: str
    truth: dict[str, object]


@dataclass
class Result:
    name: str
    p: list[float] = field(default_factory=list)
    r: list[float] = field(default_factory=list)
    captions: list[float] = field(default_factory=list)
    quotes: list[float] = field(default_factory=list)
    meta: dict[str, list[bool]] = field(default_factory=dict)
    seconds: list[tuple[float, str]] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def shingles(text: str, *, fold: bool = False, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _WORD.findall(text.casefold() if fold else text)
    if len(tokens) < n:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def precision_recall(pred: str, truth: str) -> tuple[float, float]:
    ps, ts = shingles(pred), shingles(truth)
    if not ps and not ts:
        return 1.0, 1.0
    if not ps or not ts:
        return (0.0 if ps else 1.0), (0.0 if ts else 1.0)
    tp = sum((ps & ts).values())
    return tp / sum(ps.values()), tp / sum(ts.values())


def item_recall(item: str, shown: str) -> float:
    want = set(shingles(item, fold=True))
    if not want:
        return 1.0
    short = _WORD.findall(item.casefold())
    if len(short) < 4:
        # Too short for a 4-token shingle: look for the whole token sequence instead.
        return 1.0 if f" {' '.join(short)} " in f" {' '.join(_WORD.findall(shown.casefold()))} " else 0.0
    have = set(shingles(shown, fold=True))
    return len(want & have) / len(want)


def norm(value: object) -> str:
    return " ".join(str(value or "").casefold().split())


def same_meta(kind: str, got: str | None, want: object) -> bool:
    if not want and not got:
        return True
    if kind == "date":
        g, w = (
            re.search(r"\d{4}-\d\d-\d\d", got or ""),
            re.search(r"\d{4}-\d\d-\d\d", str(want or "")),
        )
        return bool(g and w and g.group() == w.group())
    return norm(got) == norm(want)


def run_newsreader(page: Page) -> Output:
    from newsreader.errors import ExtractError
    from newsreader.extract import extract_article

    url = f"https://{page.id}.example.com/article"
    try:
        art = extract_article(page.html, url)
    except ExtractError:
        return Output("")
    parts = []
    if art.lead_image:
        parts.append(" ".join(p for p in (art.lead_image.caption, art.lead_image.credit) if p))
    parts.append(art.text)
    return Output("\n\n".join(parts), art.title, art.byline, art.published)


def _decoded(page: Page) -> str:
    from newsreader.extract import decode_html

    return decode_html(page.html)


def run_readability(page: Page) -> Output:
    from readability import Document  # type: ignore[import-untyped]

    doc = Document(page.html_str)  # type: ignore[attr-defined]
    return Output(html_text(doc.summary(html_partial=True)), doc.short_title())


_BLOCK_TAGS = "p div h1 h2 h3 h4 h5 h6 li pre td th tr figcaption figure blockquote br table ul ol section"


def html_text(markup: str) -> str:
    """Plain text of an HTML fragment, blocks separated by blank lines (for libraries returning HTML)."""
    import lxml.html

    tree = lxml.html.fragment_fromstring(markup, create_parent="div")
    for el in tree.iter(*_BLOCK_TAGS.split()):
        el.text = "\n\n" + (el.text or "")
        el.tail = "\n\n" + (el.tail or "")
    paras = (" ".join(p.split()) for p in re.split(r"\n\s*\n", tree.text_content()))
    return "\n\n".join(p for p in paras if p)


def trafilatura_runner(rich: bool) -> Callable[[Page], Output]:
    def run(page: Page) -> Output:
        import trafilatura

        opts = dict(include_images=True, include_formatting=True, include_tables=True, include_links=True)
        doc = trafilatura.bare_extraction(
            page.html_str,  # type: ignore[attr-defined]
            url=f"https://{page.id}.example.com/article",
            include_comments=False,
            with_metadata=True,
            **(opts if rich else {}),
        )
        if doc is None:
            return Output("")
        d = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
        return Output(d.get("text") or "", d.get("title"), d.get("author"), d.get("date"))

    return run


def load(corpus: Path, only: set[str] | None) -> list[Page]:
    pages = []
    for folder in sorted(p for p in corpus.iterdir() if (p / "source.html").is_file()):
        if only and folder.name not in only:
            continue
        truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
        page = Page(
            folder.name,
            (folder / "source.html").read_bytes(),
            (folder / "truth.txt").read_text(encoding="utf-8"),
            truth,
        )
        pages.append(page)
    return pages


def evaluate(name: str, fn: Callable[[Page], Output], pages: list[Page]) -> Result:
    res = Result(name)
    for page in pages:
        t0 = time.perf_counter()
        try:
            out = fn(page)
        except Exception as exc:  # noqa: BLE001 - a crash is a result to report, not a reason to stop
            res.failures.append(f"{page.id}: {type(exc).__name__}: {exc}")
            out = Output("")
        res.seconds.append((time.perf_counter() - t0, page.id))
        p, r = precision_recall(out.text, page.truth_text)
        res.p.append(p)
        res.r.append(r)
        res.captions += [item_recall(c, out.text) for c in page.truth.get("captions") or []]  # type: ignore[attr-defined]
        res.quotes += [item_recall(q, out.text) for q in page.truth.get("quotes") or []]  # type: ignore[attr-defined]
        for kind, got in (("title", out.title), ("byline", out.byline), ("date", out.date)):
            res.meta.setdefault(kind, []).append(same_meta(kind, got, page.truth.get(kind)))
    return res


def mean(xs: list[float]) -> float:
    return sum(xs) / len(xs) if xs else float("nan")


def report(results: list[Result]) -> None:
    head = (
        "extractor",
        "F1",
        "P",
        "R",
        "captions",
        "quotes",
        "title",
        "byline",
        "date",
        "pages/s",
        "slowest ms",
    )
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for res in results:
        p, r = mean(res.p), mean(res.r)
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        total = sum(s for s, _ in res.seconds)
        slow_s, slow_id = max(res.seconds)
        meta = [mean([float(x) for x in res.meta[k]]) for k in ("title", "byline", "date")]
        cells = [
            res.name,
            f"{f1:.3f}",
            f"{p:.3f}",
            f"{r:.3f}",
            f"{mean(res.captions):.3f}",
            f"{mean(res.quotes):.3f}",
            *(f"{m:.2f}" for m in meta),
            f"{len(res.seconds) / total:.0f}",
            f"{slow_s * 1000:.0f} ({slow_id})",
        ]
        print("| " + " | ".join(cells) + " |")
    for res in results:
        for s, pid in res.seconds:
            if s > SLOW_S:
                print(f"SLOW: {res.name} took {s:.2f} s on {pid}")
        for failure in res.failures:
            print(f"FAILED: {res.name}: {failure}")


def per_page(res: Result, pages: list[Page]) -> None:
    for page, p, r, (s, _) in zip(pages, res.p, res.r, res.seconds, strict=True):
        print(f"  {page.id:42} P={p:.3f} R={r:.3f} {s * 1000:6.1f} ms")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--only", help="run one extractor: newsreader, readability, trafilatura")
    ap.add_argument("--pages", help="comma-separated page ids")
    ap.add_argument("--per-page", action="store_true", help="print per-page P/R for newsreader")
    ap.add_argument("--show", help="print newsreader's text for one page id and exit")
    args = ap.parse_args()
    if not args.corpus.is_dir():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    pages = load(args.corpus, set(args.pages.split(",")) if args.pages else None)
    for page in pages:
        page.html_str = _decoded(page)  # type: ignore[attr-defined]
    if args.show:
        page = next(p for p in pages if p.id == args.show)
        out = run_newsreader(page)
        print(f"title={out.title!r} byline={out.byline!r} date={out.date!r}\n\n{out.text}")
        return 0
    runners: list[tuple[str, Callable[[Page], Output]]] = [
        ("newsreader", run_newsreader),
        ("readability-lxml 0.9", run_readability),
        ("trafilatura (no comments)", trafilatura_runner(False)),
        ("trafilatura (+images/fmt/tables/links)", trafilatura_runner(True)),
    ]
    if args.only:
        runners = [r for r in runners if r[0].startswith(args.only)]
    results = [evaluate(name, fn, pages) for name, fn in runners]
    print(f"{len(pages)} pages from {args.corpus}\n")
    report(results)
    if args.per_page and results and results[0].name == "newsreader":
        per_page(results[0], pages)
    return 0


if __name__ == "__main__":
    sys.exit(main())
