"""Story links, captions and quotes over the dev corpus: what the reader shows beside the body.

Usage: python bench/stories.py [--corpus DIR] [--sample N] [--seed S]

Per collection: pages where Read Next / related lists were found and how many links; caption and quote
recall scored strictly (each truth item against the figure captions and credits, lead image included, or
against the quote blocks - not against the whole text as bench/extract.py does); captions also found in
a body paragraph (shown twice). `--sample N` prints N random story links to spot-check by eye for
navigation, tag or sponsored links. The scoring functions are bench/extract.py's.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from extract import COLLECTIONS, DEFAULT_CORPUS, _url, item_recall, load, mean  # noqa: E402

from newsreader.errors import ExtractError  # noqa: E402
from newsreader.extract import extract_article  # noqa: E402
from newsreader.models import Figure, Paragraph, Quote  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--sample", type=int, default=0, help="print N random story links")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    head = ("collection", "pages", "with related", "with read next", "links", "captions", "quotes", "twice")
    print("| " + " | ".join(head) + " |\n|" + "---|" * len(head))
    links: list[tuple[str, str, str]] = []
    for name in COLLECTIONS:
        if not (args.corpus / name).is_dir():
            continue
        pages = load(args.corpus / name)
        related = read_next = count = twice = 0
        captions: list[float] = []
        quotes: list[float] = []
        for page in pages:
            try:
                art = extract_article(page.html, _url(page))
            except ExtractError:
                art = None
            caps = quote_text = body = ""
            if art is not None:
                related += bool(art.related)
                read_next += bool(art.read_next)
                count += len(art.related) + len(art.read_next)
                links += [(page.id, s.title, s.url) for s in art.read_next + art.related]
                figs = [(b.caption, b.credit) for b in art.blocks if isinstance(b, Figure)]
                if art.lead_image:
                    figs.append((art.lead_image.caption, art.lead_image.credit))
                caps = "\n".join(f"{caption or ''} {credit or ''}" for caption, credit in figs)
                quote_text = "\n".join(b.text for b in art.blocks if isinstance(b, Quote))
                body = "\n".join(b.text for b in art.blocks if isinstance(b, Paragraph))
            for item in page.truth.get("captions") or []:  # type: ignore[attr-defined]
                captions.append(item_recall(item, caps))
                twice += len(item) > 30 and captions[-1] > 0.5 and item_recall(item, body) > 0.8
            quotes += [item_recall(q, quote_text) for q in page.truth.get("quotes") or []]  # type: ignore[attr-defined]
        cap = f"{mean(captions):.3f} ({len(captions)})" if captions else "–"
        quo = f"{mean(quotes):.3f} ({len(quotes)})" if quotes else "–"
        print(f"| {name} | {len(pages)} | {related} | {read_next} | {count} | {cap} | {quo} | {twice} |")
    if args.sample and links:
        print()
        for page_id, title, url in random.Random(args.seed).sample(links, min(args.sample, len(links))):
            print(f"{page_id[:28]:28} {title[:60]:60} {url}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
