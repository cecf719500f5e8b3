"""The command line: the TUI by default, and every core operation headless (DESIGN.md, "CLI contract").

Exit status: 0 success; 1 the work ran but something failed; 2 usage or input error. Expected failures print
one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from typing import Any, NoReturn

from newsreader import __version__
from newsreader.errors import NewsreaderError, UsageError
from newsreader.text import clean_line


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        """One line instead of argparse's usage dump."""
        sys.stderr.write(f"newsreader: error: {clean_line(message)} (see: {self.prog} --help)\n")
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="newsreader", description="A terminal newsreader that shows the whole article.")
    p.add_argument("--version", action="version", version=f"newsreader {__version__}")
    p.add_argument("--home", metavar="DIR", help="data directory (default: $NEWSREADER_HOME or the user dir)")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.add_parser("demo", help="the TUI on the bundled offline demo site")
    add = sub.add_parser("add", help="subscribe to a feed, or to the feed a page links")
    add.add_argument("url")
    add.add_argument("--title")
    add.add_argument("--tag", action="append", default=[])
    sub.add_parser("remove", help="unsubscribe").add_argument("url")
    sub.add_parser("feeds", help="list subscriptions").add_argument("--json", action="store_true")
    ref = sub.add_parser("refresh", help="fetch new entries")
    ref.add_argument("--feed", metavar="URL", action="append")
    ref.add_argument("--jobs", type=_positive, metavar="N")
    ref.add_argument("--quiet", action="store_true")
    ref.add_argument("--force", action="store_true", help="also feeds whose server asked to wait")
    sub.add_parser("import", help="subscribe to the feeds of an OPML file").add_argument("file")
    sub.add_parser("export", help="write subscriptions as OPML").add_argument("-o", metavar="FILE")
    hl = sub.add_parser("headlines", help="list entries, newest first")
    hl.add_argument("--feed", metavar="URL")
    hl.add_argument("--unread", action="store_true")
    hl.add_argument("--limit", type=_positive, default=50, metavar="N")
    hl.add_argument("--json", action="store_true")
    from newsreader import powercli  # issue 11: filters, query feeds, rules, feed settings, hooks

    powercli.add_filter_arguments(hl)
    se = sub.add_parser("search", help="full-text search of titles and summaries")
    se.add_argument("query")
    se.add_argument("--json", action="store_true")
    rd = sub.add_parser("read", help="show the whole article at URL (or in a saved HTML FILE)")
    rd.add_argument("target", metavar="URL|FILE")
    mode = rd.add_mutually_exclusive_group()
    mode.add_argument("--json", action="store_true")
    mode.add_argument("--plain", action="store_true")
    rd.add_argument("--base-url", metavar="URL")
    rd.add_argument("--offline", action="store_true")
    powercli.register(sub)
    return p


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
    try:
        return _dispatch(args)
    except NewsreaderError as err:
        sys.stderr.write(f"newsreader: error: {err.message}\n")
        return 2 if isinstance(err, UsageError) else 1
    except KeyboardInterrupt:
        sys.stderr.write("newsreader: interrupted\n")
        return 130
    except BrokenPipeError:
        return 0


def _dispatch(args: argparse.Namespace) -> int:
    from newsreader import commands

    if args.command in (None, "demo"):
        from newsreader.ui.run import run_demo, run_tui

        return run_demo() if args.command == "demo" else run_tui(args.home)
    ctx = commands.Context.open(args.home)
    try:
        handler = getattr(args, "handler", None) or getattr(commands, "cmd_" + args.command)
        result: int = asyncio.run(handler(ctx, args))
        return result
    finally:
        ctx.close()


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
