"""Where newsreader keeps its files: one home directory.

`--home DIR` wins, then `NEWSREADER_HOME`, else the platform's user data directory. Keeping everything in one
place makes backups, tests (an autouse fixture points the variable at tmp_path) and the demo's temporary home
trivial.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

from newsreader.errors import UsageError

DB_NAME = "newsreader.db"
CONFIG_NAME = "config.toml"


def home_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The home directory (not created)."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get("NEWSREADER_HOME")
    if env:
        return Path(env).expanduser()
    return Path(user_data_dir("newsreader", appauthor=False))


def ensure_home(home: Path) -> Path:
    """Create the home directory if needed; a clear error when it cannot be used."""
    if home.exists() and not home.is_dir():
        raise UsageError(f"home {home} exists and is not a directory")
    try:
        home.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise UsageError(f"cannot create home {home}: {err.strerror or err}") from err
    if not os.access(home, os.W_OK | os.X_OK):
        raise UsageError(f"home {home} is not writable")
    return home


def db_path(home: Path) -> Path:
    return home / DB_NAME


def config_path(home: Path) -> Path:
    return home / CONFIG_NAME


def read_user_file(path: Path) -> bytes:
    """Bytes of a file the user named, with one-line errors (missing, a directory, unreadable)."""
    try:
        return path.read_bytes()
    except IsADirectoryError:
        raise UsageError(f"{path}: is a directory, not a file") from None
    except OSError as err:
        raise UsageError(f"{path}: {err.strerror or err}") from None
    except ValueError:  # a NUL in the name: no file can have it
        raise UsageError(f"{str(path)!r}: not a file name") from None


SITE_RULES_DIR = "site-rules"


def site_rules_dir(home: Path) -> Path:
    """The folder of ftr-site-config rule files (`example.com.txt`), under the home."""
    return home / SITE_RULES_DIR
