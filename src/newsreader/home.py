"""Opening a home: its config, then its database. The one way in for the CLI commands and the TUI."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from newsreader.config import Config, load_config
from newsreader.errors import UsageError
from newsreader.paths import config_path, db_path, ensure_home, home_dir
from newsreader.store import Store

# A further check of a loaded config (the TUI's keymap), raising `ConfigError` naming the file.
ConfigCheck = Callable[[Config, Path], None]


@dataclass
class Home:
    path: Path
    config: Config
    store: Store

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Home:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def load_home_config(path: Path, check: ConfigCheck | None = None) -> Config:
    """The config of the home at `path` (defaults when it has none), checked before anything is opened."""
    config = load_config(config_path(path))
    if check is not None:
        check(config, config_path(path))
    return config


def open_home(home: str | None, check: ConfigCheck | None = None, *, read_only: bool = False) -> Home:
    """Create the home if needed (`--home`, else `$NEWSREADER_HOME`, else the user dir), read its config,
    open its database. Every failure is a `NewsreaderError` with one line naming what failed.

    `read_only`: the caller only reads, so a home that exists but cannot be written is opened read-only
    rather than refused."""
    path = home_dir(home)
    if read_only and path.is_dir() and not os.access(path, os.W_OK):
        if not db_path(path).is_file():
            raise UsageError(f"home {path} is read-only and holds no database yet")
        return Home(path, load_home_config(path, check), Store.open(db_path(path), read_only=True))
    path = ensure_home(path)
    config = load_home_config(path, check)
    return Home(path, config, Store.open(db_path(path)))
