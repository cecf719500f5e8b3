"""The CLI's commands, one coroutine each, on top of the core (cli.py parses, opens the home, dispatches).

The network stack (httpx, the refresh pipeline, the extractor) is imported inside the commands that use
it: `headlines`, `search` and `feeds` start in about half the time without it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path
from typing import Any

from newsreader.errors import UsageError
from newsreader.feeds.opml import export_opml
from newsreader.home import Home
from newsreader.models import Entry
from newsreader.paths import read_user_file
from newsreader.subscriptions import import_opml
from newsreader.urls import is_web_url


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _feed_url(url: str) -> str:
    if not is_web_url(url):
        raise UsageError(f"not an http(s) URL: {url!r}")
    return url


async def cmd_add(home: Home, args: argparse.Namespace) -> int:
    from newsreader.refresh import subscribe

    feed, new = await subscribe(home.store, home.config, _feed_url(args.url), title=args.title, tags=args.tag)
    print(f"subscribed to {feed.name} <{feed.url}>: {new} entries")
    return 0


async def cmd_remove(home: Home, args: argparse.Namespace) -> int:
    home.store.remove_feed(args.url)
    print(f"unsubscribed from {args.url}")
    return 0


async def cmd_feeds(home: Home, args: argparse.Namespace) -> int:
    feeds = home.store.feeds()
    if args.json:
        print_json(
            [
                {"url": f.url, "title": f.title, "site_url": f.site_url, "tags": f.tags}
                | {"unread": f.unread, "total": f.total, "last_error": f.last_error}
                | {"last_updated": f.last_updated}
                for f in feeds
            ]
        )
        return 0
    for f in feeds:
        tags = f" [{', '.join(f.tags)}]" if f.tags else ""
        error = f"  ! {f.last_error}" if f.last_error else ""
        print(f"{f.unread:>5}/{f.total:<5} {f.name}{tags}  <{f.url}>{error}")
    return 0


async def cmd_refresh(home: Home, args: argparse.Namespace) -> int:
    from newsreader.hooks import ran_hook_failed
    from newsreader.progress import report_refresh
    from newsreader.refresh import refresh

    urls = None
    if args.feed:
        known = {s.url for s in home.store.feed_states()}
        for url in args.feed:
            if url not in known:
                raise UsageError(f"not subscribed to {url}")
        urls = args.feed
    if args.jobs:
        home.config.jobs = args.jobs
    total = len(home.store.feed_states(urls))
    last_id = home.store.last_entry_id()  # the after_refresh hook gets the entries stored after it
    results = refresh(home.store, home.config, urls, force=args.force)
    run = await report_refresh(results, total, quiet=args.quiet)
    if ran_hook_failed(home.store, home.config, last_id):
        return 1
    return 1 if run.failures else 0


async def cmd_import(home: Home, args: argparse.Namespace) -> int:
    path = Path(args.file)
    urls, skipped = import_opml(home.store, read_user_file(path), str(path))
    for line in skipped:
        sys.stderr.write(f"newsreader: {path}: {line}\n")
    print(f"imported {len(urls)} feeds from {path} (run `newsreader refresh` to fetch them)")
    return 1 if skipped else 0


async def cmd_export(home: Home, args: argparse.Namespace) -> int:
    data = export_opml(home.store.feeds())
    if args.o:
        try:
            Path(args.o).write_bytes(data)
        except OSError as err:
            raise UsageError(f"{args.o}: {err.strerror or err}") from None
    else:
        sys.stdout.buffer.write(data)
    return 0


def _print_entries(entries: list[Entry], as_json: bool) -> None:
    if as_json:
        print_json([e.to_json() for e in entries])
        return
    for e in entries:
        mark = ("N" if not e.read else " ") + ("*" if e.starred else " ")
        print(f"{e.id:>7} {mark} {e.sort_time[:10]}  {e.feed_title[:24]:<24}  {e.title}")


async def cmd_headlines(home: Home, args: argparse.Namespace) -> int:
    feed_id = None
    if args.feed:
        feed = home.store.feed(args.feed)
        if feed is None:
            raise UsageError(f"not subscribed to {args.feed}")
        feed_id = feed.id
    from newsreader.powercli import headline_filter

    entries = home.store.headlines(
        feed_id=feed_id, unread=args.unread, limit=args.limit, filter=headline_filter(home, args)
    )
    _print_entries(entries, args.json)
    return 0


async def cmd_search(home: Home, args: argparse.Namespace) -> int:
    _print_entries(home.store.search(args.query), args.json)
    return 0


async def cmd_read(home: Home, args: argparse.Namespace) -> int:
    # Imported here: the extractor is only needed by this command.
    from newsreader.articles import ArticleService, read_file
    from newsreader.fetch import Fetcher
    from newsreader.plain import render_plain

    target: str = args.target
    if is_web_url(target):
        async with Fetcher(home.config) as fetcher:
            article = await ArticleService(home.store, fetcher).get(target, offline=args.offline)
    elif "://" in target or target.startswith(("javascript:", "data:", "mailto:")):
        raise UsageError(f"not an http(s) URL or a file: {target!r}")
    else:
        article = await asyncio.to_thread(read_file, Path(target), args.base_url)
    if args.json:
        print_json(article.to_json())
    else:
        sys.stdout.write(render_plain(article))
    return 0
