"""Power-reading commands (issue 11): query feeds, kill rules, per-feed settings, pipe and bookmark.

`register(command)` adds the subcommands through the CLI's `command(name, run, about)` (which opens the home
and runs the coroutine `run(home, args)`, like every other command). All take `--json` where they print data.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

from newsreader.cli_commands import print_json, typed_page_urls
from newsreader.errors import UsageError
from newsreader.feedsettings import KEYS, SettingsResolver, check_setting, parse_value
from newsreader.hooks import FORMATS, bookmark, pipe_article
from newsreader.layout import display_line
from newsreader.query import parse_filter
from newsreader.queryfeeds import query_feeds, save_query
from newsreader.rules import add_rule, preview_rule, remove_rule
from newsreader.text import LINE, NAME, URL

if TYPE_CHECKING:
    from newsreader.home import Home
    from newsreader.models import Article

Command = Callable[["Home", argparse.Namespace], Coroutine[Any, Any, int]]


def register(command: Callable[[str, Command, str], argparse.ArgumentParser]) -> None:
    """Add `query`, `rules`, `feed-settings`, `pipe` and `bookmark` to the subcommands."""
    q = command("query", cmd_query, "query feeds: saved filters shown as feeds")
    qs = q.add_subparsers(
        dest="action", metavar="ACTION", required=True, parser_class=type(q), help="add, list or remove"
    )
    add = qs.add_parser("add", help="save (or replace) a query feed")
    add.add_argument("name", help="the query feed's name")
    add.add_argument("expr", metavar="EXPR", help="a filter expression (README: the filter language)")
    qs.add_parser("list", help="query feeds with their unread counts")
    qs.add_parser("remove", help="delete a saved query feed").add_argument("name", help="its name")
    for p in qs.choices.values():
        p.add_argument("--json", action="store_true", help="one JSON document on stdout")

    r = command("rules", cmd_rules, "kill rules: hide or drop entries that match a filter")
    rs = r.add_subparsers(
        dest="action", metavar="ACTION", required=True, parser_class=type(r), help="add, test, list or remove"
    )
    radd = rs.add_parser("add", help="save a rule (a hide rule hides what it matches at once)")
    radd.add_argument("expr", metavar="EXPR", help="a filter expression")
    radd.add_argument(
        "--action",
        dest="action_kind",
        choices=("hide", "drop"),
        default="hide",
        help="hide (default) or drop",
    )
    radd.add_argument("--feed", metavar="URL", help="only this feed (default: every feed)")
    rtest = rs.add_parser("test", help="show what a rule would catch in the archive, saving nothing")
    rtest.add_argument("expr", metavar="EXPR", help="a filter expression")
    rtest.add_argument("--feed", metavar="URL", help="only this feed")
    rtest.add_argument("--limit", type=int, default=20, metavar="N", help="show at most N (default 20)")
    rs.add_parser("list", help="the saved rules")
    rs.add_parser("remove", help="delete a rule (what it hid is shown again)").add_argument(
        "id", type=int, help="the id rules list shows"
    )
    for p in rs.choices.values():
        p.add_argument("--json", action="store_true", help="one JSON document on stdout")

    fs = command("feed-settings", cmd_feed_settings, "show or set a feed's own settings")
    fs.add_argument("url", help="the feed's URL")
    fs.add_argument("key", nargs="?", choices=sorted(KEYS), metavar="KEY", help=", ".join(sorted(KEYS)))
    fs.add_argument("value", nargs="?", metavar="VALUE", help="the new value")
    fs.add_argument("--unset", action="store_true", help="remove KEY's value set here")
    fs.add_argument("--json", action="store_true", help="one JSON document on stdout")

    pp = command("pipe", cmd_pipe, "send an article to the [hooks] pipe command (or the one after --to)")
    pp.add_argument("url", help="the article's URL")
    pp.add_argument("--format", choices=FORMATS, default="text", help="what to send (default: text)")
    pp.add_argument("--offline", action="store_true", help="only from the cache")
    pp.add_argument(
        "--to",
        nargs=argparse.REMAINDER,
        metavar="COMMAND",
        help="a command (and its arguments, last) instead of the hook",
    )

    bm = command("bookmark", cmd_bookmark, "run the [hooks] bookmark command for a URL")
    bm.add_argument("url", help="the URL to bookmark")
    bm.add_argument("--title", help="its title (default: the entry's)")


def add_filter_arguments(parser: argparse.ArgumentParser) -> None:
    """`headlines --filter EXPR` / `--query NAME`."""
    parser.add_argument("--filter", metavar="EXPR", help="e.g. 'unread = \"yes\" and age < 7'")
    parser.add_argument("--query", metavar="NAME", help="the entries of a query feed")


def headline_filter(home: Home, args: argparse.Namespace) -> Any:
    """The expression `headlines` should apply (None: no filter), from --filter and/or --query."""
    exprs = []
    if getattr(args, "query", None):
        found = {q.name: q for q in query_feeds(home.store, home.config)}
        if args.query not in found:
            raise UsageError(f"no query feed named {args.query!r} (see: newsreader query list)")
        exprs.append(found[args.query].text)
    if getattr(args, "filter", None):
        exprs.append(args.filter)
    if not exprs:
        return None
    return parse_filter(" and ".join(f"({e})" for e in exprs)) if len(exprs) > 1 else parse_filter(exprs[0])


async def cmd_query(home: Home, args: argparse.Namespace) -> int:
    if args.action == "add":
        feed = save_query(home.store, args.name, args.expr)
        count = home.store.count(filter=feed.expr, unread=True)
        if args.json:
            print_json(feed.to_json() | {"unread": count})
        else:
            print(display_line(f"saved query feed {feed.name!r}: {count} unread", LINE))
    elif args.action == "remove":
        home.store.remove_query(args.name)
        if args.json:
            print_json({"removed": args.name})
        else:
            print(display_line(f"removed query feed {args.name!r}", LINE))
    else:
        feeds = query_feeds(home.store, home.config)
        counts = [home.store.count(filter=f.expr, unread=True) for f in feeds]
        if args.json:
            print_json([f.to_json() | {"unread": n} for f, n in zip(feeds, counts, strict=True)])
        for f, n in zip(feeds, counts, strict=True):
            if not args.json:
                print(f"{n:>5}  {display_line(f.name, NAME)}  = {display_line(f.text, LINE)}  ({f.origin})")
    return 0


async def cmd_rules(home: Home, args: argparse.Namespace) -> int:
    from newsreader.cli_commands import _print_entries

    store = home.store
    if args.action == "add":
        rule, hidden = add_rule(store, args.expr, args.action_kind, args.feed)
        if args.json:
            print_json(rule.to_json() | {"hidden_now": hidden})
        else:
            hidden_now = f" ({hidden} entries hidden now)" * bool(hidden)
            print(display_line(f"rule {rule.id}: {rule.action} {rule.expr}{hidden_now}", LINE))
    elif args.action == "test":
        count, sample = preview_rule(store, args.expr, args.feed, limit=max(args.limit, 0))
        if args.json:
            print_json({"matches": count, "entries": [e.to_json() for e in sample]})
        else:
            print(f"{count} entries in the archive match")
            _print_entries(sample, False)
    elif args.action == "remove":
        rule = remove_rule(store, args.id)
        if args.json:
            print_json({"removed": rule.to_json()})
        else:
            print(display_line(f"removed rule {rule.id}: {rule.action} {rule.expr}", LINE))
    else:
        rules = store.kill_rules()
        if args.json:
            print_json([r.to_json() for r in rules])
        for r in rules if not args.json else []:
            where = display_line(r.feed_url, URL) or "(all feeds)"
            print(f"{r.id:>4}  {r.action:<4}  {where}  {display_line(r.expr, LINE)}")
    return 0


async def cmd_feed_settings(home: Home, args: argparse.Namespace) -> int:
    feed = home.store.feed(args.url)
    if feed is None:
        raise UsageError(f"not subscribed to {args.url}")
    if args.key is not None:
        if args.unset:
            home.store.set_feed_setting(feed.url, args.key, None)
        elif args.value is None:
            raise UsageError(f"give a value for {args.key} (or --unset)")
        else:
            value = check_setting(args.key, parse_value(args.key, args.value))
            home.store.set_feed_setting(feed.url, args.key, value)
    resolver = SettingsResolver(
        home.config.feed_settings, home.config.tag_settings, home.store.stored_feed_settings()
    )
    settings = resolver.for_feed(feed.url, feed.tags).to_json()
    sources = resolver.sources(feed.url, feed.tags)
    if args.json:
        print_json({"url": feed.url, "settings": settings, "from": sources})
        return 0
    for key, value in settings.items():
        where = f"  ({sources[key]})" if key in sources else "  (default)"
        print(f"{key:<17} {display_line('' if value is None else str(value), LINE)}{where}")
    return 0


def _typed_urls(home: Home, typed: str) -> list[str]:
    """The addresses a typed URL may be, in order, as `read` takes it (a bare `host/path` as https://, then
    http://; the one the archive knows alone); a usage error when it is no web address."""
    if not (urls := typed_page_urls(home, typed)):
        raise UsageError(f"not an http(s) URL: {typed!r}")
    return urls


async def _article(home: Home, typed: str, offline: bool) -> Article:
    from newsreader.articles import ArticleService
    from newsreader.fetch import Fetcher

    url, *also = _typed_urls(home, typed)
    async with Fetcher(home.config) as fetcher:
        return await ArticleService(home.store, fetcher).get(url, offline=offline, also=also)


async def cmd_pipe(home: Home, args: argparse.Namespace) -> int:
    article = await _article(home, args.url, args.offline)
    sys.stdout.flush()
    pipe_article(home.config.hooks, article, args.format, command=args.to or None, capture=False)
    return 0


async def cmd_bookmark(home: Home, args: argparse.Namespace) -> int:
    # Nothing is fetched: a bare address is the one the archive knows, else https://.
    url = _typed_urls(home, args.url)[0]
    title = args.title
    if title is None and (entry := home.store.entry_by_link(url)) is not None:
        title = entry.title
    result = bookmark(home.config.hooks, url, title)
    print(display_line(f"bookmarked {url}" + (f": {result.output}" if result.output else ""), LINE))
    return 0
