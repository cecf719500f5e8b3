"""The `account` and `sync` commands, and `add --account` / `remove` of a server feed (cli.py dispatches).

Parsers are defined here too (`add_parsers`), with nothing but argparse imported at module level.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

from newsreader.errors import UsageError
from newsreader.layout import display_line
from newsreader.sync.records import KINDS, Account, SyncError
from newsreader.text import LINE, NAME, URL

if TYPE_CHECKING:
    from newsreader.home import Home
    from newsreader.sync.base import SyncClient


def add_parsers(command: Callable[[str, Any, str], argparse.ArgumentParser]) -> None:
    """The `account` and `sync` subcommands, made by cli.py's `command(name, coroutine, help)`."""
    acc = command("account", cmd_account, "accounts on feed servers (TT-RSS, Fever, Google Reader, Miniflux)")
    acc_sub = acc.add_subparsers(
        dest="account_command",
        metavar="ACTION",
        required=True,
        parser_class=type(acc),
        help="add, list, test or remove",
    )
    add = acc_sub.add_parser("add", help="add an account (asks for the password)")
    add.add_argument("kind", choices=KINDS, metavar="KIND", help=f"one of: {', '.join(KINDS)}")
    add.add_argument("url", help="the server's address (the API path is added when missing)")
    add.add_argument("--user", required=True, help="user name (Fever: the e-mail address)")
    add.add_argument("--name", help="a name for the account (default: KIND-HOST)")
    secret = add.add_mutually_exclusive_group()
    secret.add_argument("--password-command", metavar="CMD", help="a command that prints the password")
    secret.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    add.add_argument("--json", action="store_true", help="print JSON (one document on stdout)")
    acc_sub.add_parser("list", help="list accounts").add_argument(
        "--json", action="store_true", help="print JSON (one document on stdout)"
    )
    for action, text in (("remove", "forget an account (the server keeps it)"), ("test", "try to log in")):
        p = acc_sub.add_parser(action, help=text)
        p.add_argument("name", help="the account's name (see `account list`)")
        p.add_argument("--json", action="store_true", help="print JSON (one document on stdout)")
    sy = command("sync", cmd_sync, "sync accounts: push read/starred changes, pull feeds and entries")
    sy.add_argument(
        "--account", metavar="NAME", action="append", help="only this account (repeat for several)"
    )
    sy.add_argument("--json", action="store_true", help="print JSON (one document on stdout)")


def _print_json(data: Any) -> None:
    from newsreader.cli_commands import print_json

    print_json(data)


@asynccontextmanager
async def session(home: Home, account: Account, *, password: str | None = None) -> AsyncIterator[SyncClient]:
    """A logged-in client for `account` with a Fetcher of its own (the CLI's one-shot commands)."""
    from newsreader.fetch import Fetcher
    from newsreader.sync import engine

    async with Fetcher(home.config) as fetcher:
        async with engine.session(fetcher, account, password=password, interactive=True) as client:
            yield client


def _account(home: Home, name: str) -> Account:
    account = home.store.account(name)
    if account is None:
        raise UsageError(f"no account named {name!r} (see: newsreader account list)")
    return account


def _read_password(args: argparse.Namespace, name: str) -> tuple[str, str]:
    """(password, where it will come from next time)."""
    import getpass

    from newsreader.sync.secrets import keyring_module, run_password_command

    if args.password_command:
        return run_password_command(args.password_command, name), "command"
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif sys.stdin.isatty():
        password = getpass.getpass(f"password for {args.user} at {args.url}: ")
    else:
        raise UsageError("no terminal to ask the password on: use --password-command or --password-stdin")
    if not password:
        raise UsageError("empty password")
    return password, "keyring" if keyring_module() is not None else "prompt"


async def cmd_account(home: Home, args: argparse.Namespace) -> int:
    from newsreader.urls import host_of, is_web_url

    action = args.account_command
    if action == "list":
        accounts = home.store.accounts()
        if args.json:
            _print_json([a.to_json() | {"queued": home.store.queue_length(a.id)} for a in accounts])
            return 0
        if not accounts:
            print("No sync accounts. Add one with: newsreader account add KIND URL --user NAME")
            return 0
        for a in accounts:
            error = f"  ! {display_line(a.last_error, LINE)}" if a.last_error else ""
            name, user = display_line(a.name, NAME), display_line(a.username, NAME)
            when = a.last_sync or "never"
            print(f"{name}  {a.kind}  {user} <{display_line(a.url, URL)}>  last sync {when}{error}")
        return 0
    if action == "remove":
        from newsreader.sync.secrets import forget_password

        account = _account(home, args.name)
        home.store.remove_account(account.name)
        forget_password(account)
        _say(args, {"removed": account.name}, f"removed account {account.name} (the server keeps it)")
        return 0
    if action == "test":
        account = _account(home, args.name)
        async with session(home, account) as client:
            feeds = await client.subscriptions()
        _say(
            args,
            {"account": account.name, "ok": True, "feeds": len(feeds)},
            f"account {account.name}: logged in, {len(feeds)} feeds",
        )
        return 0
    # add
    if not is_web_url(args.url):
        raise UsageError(f"not an http(s) URL: {args.url!r}")
    name = args.name or f"{args.kind}-{host_of(args.url)}"
    if home.store.account(name) is not None:
        raise UsageError(f"an account named {name!r} exists already (choose another with --name)")
    password, secret = _read_password(args, name)
    probe = Account(0, name, args.kind, args.url, args.user, secret, args.password_command)
    async with session(home, probe, password=password) as client:
        feeds = await client.subscriptions()
    if secret == "keyring":
        from newsreader.sync.secrets import save_password

        save_password(name, password)
    home.store.add_account(name, args.kind, args.url, args.user, secret, args.password_command)
    note = "" if secret != "prompt" else " (no keyring: the password is asked at each sync)"
    _say(
        args,
        {"account": name, "kind": args.kind, "feeds": len(feeds), "password_from": secret},
        f"added account {name}: {len(feeds)} feeds on the server; run `newsreader sync`{note}",
    )
    return 0


def _say(args: argparse.Namespace, data: dict[str, Any], line: str) -> None:
    if getattr(args, "json", False):
        _print_json(data)
    else:
        print(display_line(line, LINE))


async def cmd_sync(home: Home, args: argparse.Namespace) -> int:
    from newsreader.sync.engine import sync_all

    names = args.account
    for name in names or ():
        _account(home, name)
    if not home.store.accounts():
        raise UsageError("no accounts (add one: newsreader account add KIND URL --user NAME)")
    results = [r async for r in sync_all(home.store, home.config, names, interactive=True)]
    if args.json:
        _print_json(
            [
                {"account": r.account, "new": r.new, "pushed": r.pushed, "changed": r.changed}
                | {"requests": r.requests, "error": r.error}
                for r in results
            ]
        )
    for r in results:
        if r.error:
            sys.stderr.write(f"newsreader: {display_line(r.error, LINE)}\n")
        elif not args.json:
            print(
                f"{display_line(r.account, NAME)}: {r.new} new entries, {r.pushed} local changes sent,"
                f" {r.changed} changed on the server ({r.requests} requests)"
            )
    return 1 if any(r.error for r in results) else 0


async def add_on_server(home: Home, name: str, url: str, tags: list[str]) -> int:
    """`add URL --account NAME`: subscribe on the server, then sync the account to bring the feed in."""
    from newsreader.fetch import Fetcher
    from newsreader.sync.engine import subscribe_on_server

    account = _account(home, name)
    async with Fetcher(home.config) as fetcher:
        result = await subscribe_on_server(
            home.store, fetcher, account, url, tags[0] if tags else None, interactive=True
        )
    if result.error:
        raise SyncError(result.error)
    print(display_line(f"subscribed {url} on account {account.name}: {result.new} new entries", LINE))
    return 0


async def remove_on_server(home: Home, url: str) -> bool:
    """`remove URL` of a server feed: unsubscribe on the server first, then here. False: a local feed."""
    from newsreader.fetch import Fetcher
    from newsreader.sync.engine import unsubscribe_on_server

    async with Fetcher(home.config) as fetcher:
        if not await unsubscribe_on_server(home.store, fetcher, url, interactive=True):
            return False
    print(f"unsubscribed from {url} on its server account")
    return True
