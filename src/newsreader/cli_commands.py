"""The CLI's commands, one coroutine each, on top of the core (cli.py parses, opens the home, dispatches).

The network stack (httpx, the refresh pipeline, the extractor) is imported inside the commands that use
it: `headlines`, `search` and `feeds` start in about half the time without it.

What the commands print is a front end's output: text from the web or the user goes through the display
boundary (`layout.display_line`, `plain.render_plain`) field by field; error messages are clean already
(`errors.NewsreaderError`).
"""

from __future__ import annotations

import argparse
import asyncio
import re
import string
import sys
from pathlib import Path
from typing import Any

from newsreader.config import default_config_text
from newsreader.errors import ExtractError, FeedError, FetchError, NotAPageError, UsageError
from newsreader.failures import describe_failure, explain
from newsreader.home import Home
from newsreader.layout import describe_enclosure, display_json, display_line, numbered_links
from newsreader.models import Entry
from newsreader.paths import config_path, home_dir, read_user_file
from newsreader.sync.cli_commands import add_on_server, remove_on_server
from newsreader.text import LINE, SHORT, TITLE, shorten
from newsreader.urls import MAX_URL_LEN, is_web_url, typed_web_urls, without_fragment

# URLs are printed whole for scripts to use: as long as any URL `is_web_url` takes (`text.URL`).
WHOLE_URL = MAX_URL_LEN


def print_json(data: Any) -> None:
    # JSON escapes what the output encoding cannot carry (\u00e9), so the document stays exact anywhere.
    ascii_only = not is_utf(getattr(sys.stdout, "encoding", None))
    sys.stdout.write(display_json(data, ascii_only=ascii_only) + "\n")


def is_utf(encoding: str | None) -> bool:
    return (encoding or "").lower().replace("-", "").replace("_", "") in ("utf8", "utf8sig")


def _feed_urls(url: str) -> list[str]:
    """A web URL; a bare host or path (`example.com/news`) is tried as https://, then http://."""
    if not (web := typed_web_urls(url)):
        raise UsageError(f"not an http(s) URL: {url!r}")
    return web


async def cmd_add(home: Home, args: argparse.Namespace) -> int:
    from newsreader.refresh import subscribe

    url, *also = _feed_urls(args.url)
    if args.account:
        return await add_on_server(home, args.account, url, args.tag)
    known = {f.url for f in home.store.feeds(counted=False)}
    notes: list[str] = []
    try:
        feed, new = await subscribe(
            home.store, home.config, url, title=args.title, tags=args.tag, notes=notes, also=also
        )
    except NotAPageError as err:  # a picture, a PDF: not what `add` takes (the input's error)
        raise NotAPageError(describe_failure(url, err.message, verb="cannot add"), err.media_type) from None
    except FetchError as err:
        raise FetchError(describe_failure(url, err.message, verb="cannot add")) from None
    except FeedError as err:  # the server, as the TUI says it: the address that answered may be http://
        raise FeedError(describe_failure(url, err.message, verb="cannot add")) from None
    name, shown_url = display_line(feed.name, TITLE), display_line(feed.url, WHOLE_URL)
    if feed.url in known:
        print(f"already subscribed to {name} <{shown_url}>")
    else:
        print(f"subscribed to {name} <{shown_url}>: {new} entr{'y' if new == 1 else 'ies'}")
    for note in notes:
        sys.stderr.write(f"newsreader: {shown_url}: {display_line(note, LINE)}\n")
    return 0


async def cmd_remove(home: Home, args: argparse.Namespace) -> int:
    if await remove_on_server(home, args.url):
        return 0
    home.store.remove_feed(args.url)
    print(f"unsubscribed from {display_line(args.url, WHOLE_URL)}")
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
        tags = f" [{display_line(', '.join(f.tags), LINE)}]" if f.tags else ""
        error = f"  ! {display_line(explain(f.last_error), LINE)}" if f.last_error else ""
        name, url = display_line(f.name, TITLE), display_line(f.url, WHOLE_URL)
        print(f"{f.unread:>5}/{f.total:<5} {name}{tags}  <{url}>{error}")
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
    from newsreader.subscriptions import import_opml, import_summary

    path = Path(args.file)
    known = {f.url for f in home.store.feeds(counted=False)}
    urls, skipped = import_opml(home.store, read_user_file(path), str(path))
    for line in skipped:
        sys.stderr.write(f"newsreader: {display_line(f'{path}: {line}', LINE)}\n")
    added = len(set(urls) - known)
    summary = import_summary(added, len(set(urls)) - added, len(skipped), str(path))
    print(summary + (" (run `newsreader refresh` to fetch them)" if added else ""))
    return 1 if skipped else 0


async def cmd_export(home: Home, args: argparse.Namespace) -> int:
    from newsreader.feeds.opml import export_opml

    data = export_opml(home.store.feeds(counted=False))
    if args.o:
        try:
            Path(args.o).write_bytes(data)
        except OSError as err:
            raise UsageError(f"{args.o}: {err.strerror or err}") from None
    else:
        sys.stdout.buffer.write(data)
    return 0


FEED_COLUMN = 24  # the headline table's feed column, in characters
FORMAT_FIELDS = ("id", "feed", "title", "link", "author", "published", "date", "read", "starred", "summary")


def _print_entries(entries: list[Entry], as_json: bool, template: str | None = None) -> None:
    """One line per entry: id (what `read` and `mark` take), N unread, * starred, date, feed, title,
    URL; or `--format` with {id} {title} {link} …; or JSON."""
    if as_json:
        print_json([e.to_json() for e in entries])
        return
    if template is not None:
        _check_template(template)
        for e in entries:
            fields = e.to_json() | {"date": e.sort_time[:10], "link": e.link or ""}
            shown = {
                k: display_line(v, WHOLE_URL if k == "link" else LINE) if isinstance(v, str) else v
                for k, v in fields.items()
            }
            try:
                line = template.format_map({k: "" if v is None else v for k, v in shown.items()})
            except (ValueError, TypeError) as err:  # a format spec or conversion the value does not take
                raise UsageError(f"--format: {err}") from None
            print(line)
        return
    for e in entries:
        mark = ("N" if not e.read else " ") + ("*" if e.starred else " ")
        link = f"  <{display_line(e.link, WHOLE_URL)}>" if e.link else ""
        feed = display_line(e.feed_title, FEED_COLUMN)  # a long name is cut with "…", not mid-word silently
        title = display_line(e.title, TITLE)
        print(f"{e.id:>7} {mark} {e.sort_time[:10]}  {feed:<{FEED_COLUMN}}  {title}{link}")


def _check_template(template: str) -> None:
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]
    except ValueError as err:
        raise UsageError(f"--format: {err}") from None
    for name in names:
        if name not in FORMAT_FIELDS:
            raise UsageError(f"--format: unknown field {{{name}}} (fields: {', '.join(FORMAT_FIELDS)})")


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
    _print_entries(entries, args.json, args.format)
    return 0


async def cmd_search(home: Home, args: argparse.Namespace) -> int:
    _print_entries(home.store.search(args.query, limit=args.limit), args.json, args.format)
    return 0


async def cmd_read(home: Home, args: argparse.Namespace) -> int:
    # Imported here: the extractor is only needed by this command.
    from newsreader.articles import ArticleService, read_file
    from newsreader.fetch import ConnectFailed, Fetcher
    from newsreader.plain import render_plain

    target: str = args.target
    entry = _entry_for(home, target) if target.isdecimal() else None
    # A web address typed with or without its scheme (as `add` takes it: a bare one as `host/path`); a
    # file of that name wins, and `--base-url` says the target is a saved file.
    bare_ok = "/" in target and args.base_url is None and not _names_a_file(target)
    urls = typed_page_urls(home, target) if entry is None and (bare_ok or is_web_url(target)) else []
    if entry is not None and not entry.link:  # an entry that links nowhere: its feed text, as intended
        async with Fetcher(home.config) as fetcher:
            article = ArticleService(home.store, fetcher).linkless_article(entry.id)
        assert article is not None
        article.note = None
    elif entry is not None or urls:
        url, *also = [entry.link] if entry is not None and entry.link else urls
        async with Fetcher(home.config) as fetcher:
            try:
                article = await ArticleService(home.store, fetcher).get(
                    url, offline=args.offline, entry_id=entry.id if entry is not None else None, also=also
                )
            except NotAPageError as err:  # the address is not what `read` reads: the input's error
                message = describe_failure(url, err.message, verb="cannot read")
                raise NotAPageError(message, err.media_type) from None
            except FetchError as err:
                message = describe_failure(url, err.message, verb="cannot read")
                if isinstance(err, ConnectFailed) and not is_web_url(target):  # maybe a file's name
                    raise UsageError(f"{shorten(target, SHORT)}: no such file, and {message}") from None
                raise FetchError(message) from None
            except ExtractError as err:  # fetched, but no article in it (binary data, a feed): name where
                raise ExtractError(describe_failure(url, err.message, verb="cannot read")) from None
    elif "://" in target or target.startswith(("javascript:", "data:", "mailto:")):
        raise UsageError(f"not an http(s) URL, an entry id or a file: {target!r}")
    else:
        path = Path(target)
        if args.base_url is None and _has_relative_links(path):
            sys.stderr.write(
                f"newsreader: note: {path}: its relative links are left out; give --base-url URL"
                " (the page's address) to keep them\n"
            )
        article = await asyncio.to_thread(read_file, path, args.base_url)
    if args.json:  # the Article document, and the numbers its links carry in every view
        print_json(article.to_json() | {"numbered_links": numbered_links(article)})
    else:
        sys.stdout.write(render_plain(article))
    if article.page_failed and article.note:
        # The page could not be used: the feed's text was shown. Exit status 1 says so to scripts.
        sys.stderr.write(f"newsreader: {display_line(article.note)}\n")
        return 1
    return 0


_RELATIVE_HREF = re.compile(
    rb"""(?:href|src)\s*=\s*["']?(?!https?:|#|mailto:|javascript:|data:)[^\s"'>]""", re.I
)


def _has_relative_links(path: Path) -> bool:
    """Whether a saved page has links or images that only its own address could resolve."""
    try:
        data = path.read_bytes()[:2_000_000]
    except (OSError, ValueError):
        return False  # read_file reports it
    return bool(_RELATIVE_HREF.search(data)) and not re.search(rb"<base\s[^>]*href", data, re.I)


def _names_a_file(target: str) -> bool:
    """Whether `target` is a path that exists (a name too long for a file, or with a NUL, is none)."""
    try:
        return Path(target).exists()
    except (OSError, ValueError):
        return False


def typed_page_urls(home: Home, typed: str) -> list[str]:
    """The addresses to read for a URL typed with or without its scheme, in order (`urls.typed_web_urls`:
    https:// then http:// for a bare host); the one a feed's entry links (or the cache holds) alone, so a
    bare `news.example/story` reads the entry `http://news.example/story` from the cache, offline too."""
    urls = typed_web_urls(typed)
    store = home.store
    known = [u for u in urls if store.entry_by_link(u) is not None or store.get_article(without_fragment(u))]
    return known[:1] or urls


def _no_entry(ref: str) -> UsageError:
    return UsageError(f"no entry {shorten(ref, SHORT)!r} (ids are in `newsreader headlines`)")


def _entry_for(home: Home, ref: str) -> Entry:
    """The entry named by an id (as `headlines` prints), or the first stored with that link; a usage error
    when there is none."""
    entry = home.store.entry(int(ref)) if ref.isdecimal() else home.store.entry_by_link(ref)
    if entry is None:
        raise _no_entry(ref)
    return entry


async def cmd_mark(home: Home, args: argparse.Namespace) -> int:
    """Mark an entry by id; a link marks every entry with that link (one article in several feeds)."""
    read = False if args.unread else (True if args.read or not args.star and not args.unstar else None)
    starred = bool(args.star) if args.star or args.unstar else None
    if args.entry.isdecimal():
        entry = _entry_for(home, args.entry)
        home.store.update_entry(entry.id, read=read, starred=starred)
        entries = [home.store.entry(entry.id) or entry]
    else:  # a link, typed with or without its scheme (https://, then http://, as `add` and `read` take it)
        for link in typed_web_urls(args.entry) or [args.entry]:
            if entries := home.store.mark_link(link, read=read, starred=starred):
                break
        else:
            raise _no_entry(args.entry)
    for fresh in entries:
        state = ("read" if fresh.read else "unread") + (", starred" if fresh.starred else "")
        print(f"{fresh.id}: {state}: {display_line(fresh.title, SHORT)}")
    return 0


def cmd_config(home_arg: str | None) -> int:
    """Print the config file's path; write a commented default there first if there is none."""
    path = config_path(home_dir(home_arg))
    if not path.exists():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(default_config_text(), encoding="utf-8")
        except OSError as err:
            raise UsageError(f"cannot write {path}: {err.strerror or err}") from None
        sys.stderr.write(f"newsreader: wrote a commented default config to {path}\n")
    print(path)
    return 0


async def cmd_enclosure(home: Home, args: argparse.Namespace) -> int:
    """List an entry's enclosures, or download one under the home with a progress bar (resumable)."""
    from newsreader.enclosures import fetch_enclosure, pick
    from newsreader.fetch import Fetcher
    from newsreader.progress import byte_progress

    entry = _entry_for(home, str(args.id))
    number = args.number or 1
    if args.number is not None or args.download:
        pick(entry, number)  # a usage error (one line, exit 2) before anything is listed or fetched
    if not args.download:
        # N lists that one enclosure; without N, all of them.
        shown = [(n, x) for n, x in enumerate(entry.enclosures, start=1) if args.number in (None, n)]
        if args.json:
            print_json([x.to_json() for _, x in shown])
        elif not entry.enclosures:
            sys.stderr.write(f"newsreader: entry {entry.id} has no enclosures\n")
        for n, item in shown if not args.json else []:
            print(f"{n:>3}  {describe_enclosure(item)}  {display_line(item.url, WHOLE_URL)}")
        return 0
    async with Fetcher(home.config) as fetcher:
        with byte_progress(f"enclosure {args.id}/{number}") as update:
            done = await fetch_enclosure(fetcher, home.config, home.path, entry, number, update)
    if args.json:
        doc = {"path": str(done.path), "size": done.size, "resumed_from": done.resumed_from}
        print_json(doc | {"fetched": done.fetched})
    else:
        print(done.path)
    return 0
