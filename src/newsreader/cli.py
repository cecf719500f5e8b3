"""The command line: the TUI by default, and every core operation headless (DESIGN.md, "CLI contract").

Exit status: 0 success; 1 the work ran but something failed; 2 usage or input error. Expected failures print
one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable, Coroutine
from typing import Any, NoReturn

from newsreader import __version__, commands
from newsreader.errors import NewsreaderError, report
from newsreader.home import Home, open_home
from newsreader.log import logging_to
from newsreader.text import clean_line

VERBOSE = "also write the log (newsreader.log in the home) to stderr"
Handler = Callable[[argparse.Namespace], int]
Command = Callable[[Home, argparse.Namespace], Coroutine[Any, Any, int]]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        """One line instead of argparse's usage dump."""
        sys.stderr.write(f"newsreader: error: {clean_line(message)} (see: {self.prog} --help)\n")
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="newsreader", description="A terminal newsreader that shows the whole article.")
    p.add_argument("--version", action="version", version=f"newsreader {__version__}")
    p.add_argument("--home", metavar="DIR", help="data directory (default: $NEWSREADER_HOME or the user dir)")
    p.add_argument("-v", "--verbose", action="store_true", help=VERBOSE)
    p.set_defaults(handler=_tui)
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def command(name: str, run: Command, about: str) -> argparse.ArgumentParser:
        parser = sub.add_parser(name, help=about)
        parser.set_defaults(handler=_in_home(run))
        parser.add_argument(
            "-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help="log to stderr"
        )
        return parser

    sub.add_parser("demo", help="the TUI on the bundled offline demo site").set_defaults(handler=_demo)
    add = command("add", commands.cmd_add, "subscribe to a feed, or to the feed a page links")
    add.add_argument("url")
    add.add_argument("--title")
    add.add_argument("--tag", action="append", default=[])
    command("remove", commands.cmd_remove, "unsubscribe").add_argument("url")
    command("feeds", commands.cmd_feeds, "list subscriptions").add_argument("--json", action="store_true")
    ref = command("refresh", commands.cmd_refresh, "fetch new entries")
    ref.add_argument("--feed", metavar="URL", action="append")
    ref.add_argument("--jobs", type=_positive, metavar="N")
    ref.add_argument("--quiet", action="store_true")
    ref.add_argument("--force", action="store_true", help="also feeds whose server asked to wait")
    command("import", commands.cmd_import, "subscribe to the feeds of an OPML file").add_argument("file")
    command("export", commands.cmd_export, "write subscriptions as OPML").add_argument("-o", metavar="FILE")
    hl = command("headlines", commands.cmd_headlines, "list entries, newest first")
    hl.add_argument("--feed", metavar="URL")
    hl.add_argument("--unread", action="store_true")
    hl.add_argument("--limit", type=_positive, default=50, metavar="N")
    hl.add_argument("--json", action="store_true")
    from newsreader import powercli  # issue 11: filters, query feeds, rules, feed settings, hooks

    powercli.add_filter_arguments(hl)
    se = command("search", commands.cmd_search, "full-text search of titles and summaries")
    se.add_argument("query")
    se.add_argument("--json", action="store_true")
    rd = command("read", commands.cmd_read, "show the whole article at URL (or in a saved HTML FILE)")
    rd.add_argument("target", metavar="URL|FILE")
    mode = rd.add_mutually_exclusive_group()
    mode.add_argument("--json", action="store_true")
    mode.add_argument("--plain", action="store_true")
    rd.add_argument("--base-url", metavar="URL")
    rd.add_argument("--offline", action="store_true")
    powercli.register(command)
    return p


def _in_home(command: Command) -> Handler:
    """The handler of a subcommand: `command` run in the opened home, which is closed after."""

    def handler(args: argparse.Namespace) -> int:
        with open_home(args.home) as home, logging_to(home.path, verbose=args.verbose):
            return asyncio.run(command(home, args))

    return handler


def _tui(args: argparse.Namespace) -> int:
    from newsreader.ui.run import run_tui

    return run_tui(args.home)


def _demo(args: argparse.Namespace) -> int:
    from newsreader.ui.run import run_demo

    return run_demo()


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, not {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, not {value!r}")
    return number


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
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


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
