"""Entry points for `newsreader` (the TUI on a home) and `newsreader demo` (the TUI on the bundled site).

Expected failures (a bad config, an unusable home or database) print one line on stderr and return 2
(usage) or 1, like the rest of the CLI; they never show a traceback.
"""

from __future__ import annotations

import importlib
import sys
import tempfile
from pathlib import Path

from newsreader.config import Config
from newsreader.errors import ConfigError, NewsreaderError, UsageError, report
from newsreader.home import load_home_config, open_home
from newsreader.log import logging_to
from newsreader.paths import db_path, home_dir
from newsreader.store import Store
from newsreader.subscriptions import import_opml


def _prepare_images(config: Config) -> None:
    """textual-image must ask the terminal for its cell size before Textual takes the terminal over."""
    if not config.images or not sys.stdout.isatty():
        return
    try:
        importlib.import_module("textual_image.widget")
    except Exception:  # noqa: BLE001 - optional extra: any failure means placeholders instead of images
        config.images = False


def check_keymap(config: Config, path: Path) -> None:
    """A `[keymap]` naming bindings that do not exist is a config error, reported before the app starts."""
    from newsreader.ui.keys import split_keymap

    _, unknown = split_keymap(config.keymap)
    if unknown:
        raise ConfigError(f"{path}: [keymap] no binding has the id {', '.join(unknown)} (see ? in the app)")


def check_terminal() -> None:
    """The TUI draws on a terminal: with output to a file or a pipe it would write escape codes there and
    wait for keys that never come. Say so in one line instead."""
    if not (sys.stdout.isatty() and sys.stdin.isatty()):
        raise UsageError(
            "the TUI needs a terminal (stdin and stdout are not both one); for scripts use"
            " `newsreader headlines`, `feeds`, `search` or `read`"
        )


def _run(store: Store, config: Config, *, refresh_on_start: bool = False) -> int:
    from newsreader.ui.app import create_app

    try:
        check_terminal()
    except UsageError as err:
        store.close()
        return report(err)
    _prepare_images(config)
    try:
        create_app(store, config, refresh_on_start=refresh_on_start).run()
    finally:
        store.close()
    return 0


def run_tui(home: str | None) -> int:
    """`newsreader`: open the home (created if needed) and run the app."""
    try:
        opened = open_home(home, check_keymap)
    except NewsreaderError as err:
        return report(err)
    store, config = opened.store, opened.config
    with logging_to(opened.path):
        subscribed = bool(store.feeds(counted=False))
        return _run(store, config, refresh_on_start=subscribed and config.refresh_interval > 0)


def subscribe_demo(store: Store, base_url: str, opml: Path) -> int:
    """Subscribe `store` to the demo feeds listed in the bundled OPML (served at `base_url`)."""
    data = opml.read_bytes().replace(b"{BASE}", base_url.encode("ascii"))
    urls, _skipped = import_opml(store, data, "demo.opml")
    return len(urls)


def run_demo() -> int:
    """`newsreader demo`: the bundled site on a loopback port, a temporary home, one refresh, the app."""
    from newsreader.demo.server import DemoServer, site_root

    try:
        with DemoServer() as server, tempfile.TemporaryDirectory(prefix="newsreader-demo-") as tmp:
            config = load_home_config(home_dir(), check_keymap)  # the user's keys and theme, if any
            config.refresh_interval = 0
            store = Store.open(db_path(Path(tmp)))
            subscribe_demo(store, server.base_url, site_root() / "demo.opml")
            return _run(store, config, refresh_on_start=True)
    except NewsreaderError as err:
        return report(err)
