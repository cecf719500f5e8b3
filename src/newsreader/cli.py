"""The command line: the TUI by default, and every core operation headless (DESIGN.md, "CLI contract").

Exit status: 0 success; 1 the work ran but something failed; 2 usage or input error. Expected failures print
one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import sys
from collections.abc import Callable, Coroutine
from typing import Any, NoReturn

from newsreader import __version__, cli_commands
from newsreader.errors import NewsreaderError, UsageError, report
from newsreader.home import Home, open_home
from newsreader.log import logging_to
from newsreader.sync.cli_commands import add_parsers as add_sync_parsers

VERBOSE = "also write the log (newsreader.log in the home) to stderr"
JSON = "one JSON document on stdout"
FORMAT = "one line per entry from a template: {id} {title} {link} {feed} {date} {author} {read} {starred}"
Handler = Callable[[argparse.Namespace], int]
Command = Callable[[Home, argparse.Namespace], Coroutine[Any, Any, int]]


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_defaults(command_prog=self.prog)  # the innermost command's wins: its --help is the one

    def error(self, message: str) -> NoReturn:
        """One line instead of argparse's usage dump (the message quotes the user's words: an error's
        message is cleaned where it is made)."""
        raise SystemExit(usage_error(message, self.prog))


def usage_error(message: str, prog: str) -> int:
    return report(UsageError(f"{message} (see: {prog} --help)"))


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="newsreader", description="A terminal newsreader that shows the whole article.")
    p.add_argument("--version", action="version", version=f"newsreader {__version__}")
    p.add_argument("--home", metavar="DIR", help="data directory (default: $NEWSREADER_HOME or the user dir)")
    p.add_argument("-v", "--verbose", action="store_true", help=VERBOSE)
    p.set_defaults(handler=_tui)
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def command(name: str, run: Command, about: str, read_only: bool = False) -> argparse.ArgumentParser:
        parser = sub.add_parser(name, help=about, description=about)
        parser.set_defaults(handler=_in_home(run, read_only))
        parser.add_argument(
            "-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help="log to stderr"
        )
        return parser

    sub.add_parser("demo", help="the TUI on the bundled offline demo site").set_defaults(handler=_demo)
    cfg = sub.add_parser("config", help="print the config file's path (writing a commented default if none)")
    cfg.set_defaults(handler=lambda args: cli_commands.cmd_config(args.home))
    add = command("add", cli_commands.cmd_add, "subscribe to a feed, or to the feed a page links")
    add.add_argument("url", help="a feed or web page URL (https:// is assumed when left out)")
    add.add_argument("--title", help="a name of your own for the feed (kept over the feed's title)")
    add.add_argument("--tag", action="append", default=[], help="a tag for the feed (repeat for several)")
    command("remove", cli_commands.cmd_remove, "unsubscribe").add_argument("url", help="the feed's URL")
    feeds = command("feeds", cli_commands.cmd_feeds, "list subscriptions", read_only=True)
    feeds.add_argument("--json", action="store_true", help=JSON)
    ref = command("refresh", cli_commands.cmd_refresh, "fetch new entries")
    ref.add_argument("--feed", metavar="URL", action="append", help="only this feed (repeat for several)")
    ref.add_argument("--jobs", type=_jobs, metavar="N", help="at most N requests at once")
    ref.add_argument("--quiet", action="store_true", help="print nothing but failures (on stderr)")
    ref.add_argument("--force", action="store_true", help="also feeds whose server asked to wait")
    imp = command("import", cli_commands.cmd_import, "subscribe to the feeds of an OPML file")
    imp.add_argument("file", help="an OPML file (nested outlines become tags)")
    exp = command("export", cli_commands.cmd_export, "write subscriptions as OPML", read_only=True)
    exp.add_argument("-o", metavar="FILE", help="write to FILE instead of stdout")
    hl = command("headlines", cli_commands.cmd_headlines, "list entries, newest first", read_only=True)
    hl.add_argument("--feed", metavar="URL", help="only this feed's entries")
    hl.add_argument("--unread", action="store_true", help="only unread entries")
    hl.add_argument("--limit", type=_positive, default=50, metavar="N", help="at most N entries (default 50)")
    _output(hl)
    from newsreader import powercli  # issue 11: filters, query feeds, rules, feed settings, hooks

    powercli.add_filter_arguments(hl)
    se = command(
        "search", cli_commands.cmd_search, "search titles, summaries and saved articles", read_only=True
    )
    se.add_argument("query", help="words to find (all of them)")
    se.add_argument(
        "--limit", type=_positive, default=100, metavar="N", help="at most N entries (default 100)"
    )
    _output(se)
    rd = command(
        "read", cli_commands.cmd_read, "show the whole article at URL, of entry ID, or in a saved FILE"
    )
    rd.add_argument("target", metavar="URL|ID|FILE", help="a web page, an entry id from headlines, or a file")
    mode = rd.add_mutually_exclusive_group()
    mode.add_argument("--json", action="store_true", help="the article document (docs/DESIGN.md) as JSON")
    mode.add_argument("--plain", action="store_true", help="plain text for a pager (the default)")
    rd.add_argument("--base-url", metavar="URL", help="a saved FILE's web address, to resolve its links")
    rd.add_argument("--offline", action="store_true", help="only from the cache; never fetch")
    mk = command("mark", cli_commands.cmd_mark, "mark an entry read, unread, starred or unstarred")
    mk.add_argument("entry", metavar="ID|URL", help="an entry id from headlines, or the entry's link")
    read_state = mk.add_mutually_exclusive_group()  # `--read --unread` is a typo, not a request
    read_state.add_argument("--read", action="store_true", help="mark it read (the default)")
    read_state.add_argument("--unread", action="store_true", help="mark it unread")
    star_state = mk.add_mutually_exclusive_group()
    star_state.add_argument("--star", action="store_true", help="star it")
    star_state.add_argument("--unstar", action="store_true", help="unstar it")
    en = command(
        "enclosure",
        cli_commands.cmd_enclosure,
        "list an entry's enclosures (podcast, video), or download one",
    )
    en.add_argument("id", type=_positive, metavar="ID", help="the entry id (first column of `headlines`)")
    en.add_argument("number", type=_positive, nargs="?", metavar="N", help="which enclosure (1)")
    en.add_argument("--download", action="store_true", help="save it under the home's downloads/ folder")
    en.add_argument("--json", action="store_true", help="the list (or the saved file) as JSON")
    add.add_argument("--account", metavar="NAME", help="subscribe on this server account")
    add_sync_parsers(command)
    powercli.register(command)
    return p


def _output(parser: argparse.ArgumentParser) -> None:
    out = parser.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help=JSON)
    out.add_argument("--format", metavar="TEMPLATE", help=FORMAT)


def _in_home(command: Command, read_only: bool = False) -> Handler:
    """The handler of a subcommand: `command` run in the opened home, which is closed after. A command
    that only reads (`read_only`) also works in a home that cannot be written."""

    def handler(args: argparse.Namespace) -> int:
        with open_home(args.home, read_only=read_only) as home, logging_to(home.path, verbose=args.verbose):
            return asyncio.run(command(home, args))

    return handler


def _tui(args: argparse.Namespace) -> int:
    from newsreader.ui.run import run_tui

    return run_tui(args.home)


def _demo(args: argparse.Namespace) -> int:
    from newsreader.ui.run import run_demo

    return run_demo()


# Every number an option takes has a ceiling: 10**20 must be a one-line usage error, not a traceback
# from SQLite (which stores 64-bit integers) or a million tasks.
MAX_LIMIT = 1_000_000
MAX_JOBS = 256


def _positive(value: str, ceiling: int = MAX_LIMIT) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, not {value!r}") from None
    if not 1 <= number <= ceiling:
        raise argparse.ArgumentTypeError(
            f"expected a positive whole number up to {ceiling}, not {value[:40]!r}"
        )
    return number


def _jobs(value: str) -> int:
    return _positive(value, MAX_JOBS)


def main(argv: list[str] | None = None) -> int:
    _any_terminal_encoding()
    args, extra = build_parser().parse_known_args(
        [_utf8_arg(a) for a in (sys.argv[1:] if argv is None else argv)]
    )
    if extra:  # argparse would name the top level's --help, not the command's
        return usage_error(f"unrecognized arguments: {' '.join(extra)}", args.command_prog)
    handler: Handler = args.handler
    try:
        return handler(args)
    except NewsreaderError as err:
        return report(err)
    except KeyboardInterrupt:
        sys.stderr.write("newsreader: interrupted\n")
        return 130
    except BrokenPipeError:
        return 0


def _any_terminal_encoding() -> None:
    """Print on any terminal: where stdout or stderr cannot encode a character (LANG=C without Python's UTF-8
    mode, PYTHONIOENCODING=ascii, a latin-1 console), it shows as "?" instead of ending in a traceback."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and not cli_commands.is_utf(stream.encoding):
            stream.reconfigure(errors="replace")


def _utf8_arg(arg: str) -> str:
    """An argument as typed: under LC_ALL=C Python decodes UTF-8 bytes as ASCII with escapes ("café" arrives
    as "caf\\udcc3\\udca9", which SQLite refuses); such an argument is decoded as UTF-8 when it is that."""
    try:
        return arg.encode(sys.getfilesystemencoding(), "surrogateescape").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return arg


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
