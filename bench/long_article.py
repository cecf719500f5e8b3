"""A very long cached article in the reader: time to open it, to jump to its end (G) and to close it.

    python bench/long_article.py [--paragraphs 100,2000,20000] [--against /work/main/src]

Each size runs headless at 80x24 in a fresh process (Pilot; a press waits for the app to be idle, so each
time includes the layout and the frame). `--against SRC` runs the same children with another source tree
on PYTHONPATH too (e.g. main before a change), side by side in one run. The extractor keeps pages of up
to 40,000 tags, so an article of 20,000 paragraphs can reach the reader.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

CHILD = r"""
import asyncio, json, sys, tempfile, time
from pathlib import Path
from newsreader.config import Config
from newsreader.models import Article, Paragraph
from newsreader.store import Store
from newsreader.ui.app import create_app
from newsreader.ui.screens.article import ArticleScreen

async def main(n):
    store = Store.open(Path(tempfile.mkdtemp()) / "db")
    url = "https://long.example/report"
    text = "Paragraph {}: the harbour wall was measured again and the keepers of Gull Point logged it."
    blocks = [Paragraph(text.format(i), []) for i in range(n)]
    store.put_article([url], Article(url=url, title="Long", blocks=blocks).to_json())
    app = create_app(store, Config(images=False))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        start = time.perf_counter()
        app.push_screen(ArticleScreen(url))
        await pilot.pause(); await app.workers.wait_for_complete(); await pilot.pause()
        opened = time.perf_counter()
        await pilot.press("G")
        ended = time.perf_counter()
        await pilot.press("q")
        closed = time.perf_counter()
    print(json.dumps([opened - start, ended - opened, closed - ended]))

asyncio.run(main(int(sys.argv[1])))
"""


def run(src: str, n: int) -> list[float]:
    env = {**os.environ, "PYTHONPATH": src}
    out = subprocess.run([sys.executable, "-c", CHILD, str(n)], env=env, capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(out.stderr)
    times: list[float] = json.loads(out.stdout.strip().splitlines()[-1])
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--paragraphs", default="100,2000,20000")
    parser.add_argument("--against", help="another source tree to time side by side (e.g. main's src)")
    args = parser.parse_args()
    trees = {"this tree": str(Path(__file__).resolve().parents[1] / "src")}
    if args.against:
        trees["against"] = args.against
    print(f"{'paragraphs':>10} {'tree':>10} {'open s':>8} {'G s':>8} {'close s':>8}")
    for n in (int(x) for x in args.paragraphs.split(",")):
        for name, src in trees.items():
            opened, ended, closed = run(src, n)
            print(f"{n:>10} {name:>10} {opened:>8.2f} {ended:>8.2f} {closed:>8.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
