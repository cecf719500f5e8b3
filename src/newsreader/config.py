"""`config.toml`: refresh, network, UI and keymap settings, with defaults for everything.

A bad file gives one `ConfigError` naming the line (tomllib reports it) or the key, never a traceback.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from newsreader.errors import ConfigError

MAX_ITEMS = 10_000  # entries kept from one feed document by default (refresh.max_items; 0 keeps all)


@dataclass(slots=True)
class Config:
    jobs: int = 16  # concurrent requests overall
    per_host: int = (
        16  # most concurrent requests to one host (it starts at 4 and grows while the host keeps up)
    )
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    deadline: float = 60.0  # total seconds per request, however slowly bytes arrive
    max_bytes: int = 20 * 1024 * 1024  # decoded response size cap
    max_download: int = 2 * 1024 * 1024 * 1024  # size cap of a downloaded enclosure (podcast, video)
    refresh_interval: int = 0  # minutes between automatic refreshes in the TUI (0: off)
    prefetch: int = 0  # full articles of unread entries to prefetch in the background (0: off)
    max_items: int = MAX_ITEMS  # entries kept from one feed document, in document order (0: all)
    images: bool = True
    theme: str = "textual-dark"
    browser: str = ""  # command to open links; empty: the system default
    player: str = ""  # command to play enclosures (`%s` for the URL); empty: the browser
    keymap: dict[str, str] = field(default_factory=dict)  # binding id -> keys
    # Power reading (issue 11): per-feed settings, saved queries, hook commands.
    feed_settings: dict[str, dict[str, Any]] = field(default_factory=dict)  # [feed."URL"]
    tag_settings: dict[str, dict[str, Any]] = field(default_factory=dict)  # [tag."NAME"]
    queries: dict[str, str] = field(default_factory=dict)  # [queries] name = "expression"
    hooks: dict[str, list[str]] = field(default_factory=dict)  # [hooks] pipe/bookmark/after_refresh
    path: Path | None = field(default=None, compare=False)  # the file read (it may not exist): for messages


_SECTIONS = {
    "refresh": ("jobs", "per_host", "refresh_interval", "prefetch", "max_items"),
    "network": ("connect_timeout", "read_timeout", "deadline", "max_bytes", "max_download"),
    "ui": ("images", "theme", "browser", "player"),
}


def load_config(path: Path) -> Config:
    """Read `path` (missing file: defaults)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Config(path=path)
    except OSError as err:
        raise ConfigError(f"{path}: cannot read: {err.strerror or err}") from err
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as err:
        raise ConfigError(f"{path}: not UTF-8 text") from err
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path}: {err}") from err
    return _from_dict(data, path)


def _from_dict(data: dict[str, Any], path: Path) -> Config:
    """The config in `data`; every problem in it is reported at once (one ConfigError, `; ` between)."""
    cfg = Config(path=path)
    types = {f.name: f.type for f in fields(Config)}
    problems: list[str] = []
    for section, value in data.items():
        try:
            if section == "keymap":
                cfg.keymap = _keymap(value, path)
                continue
            if section in _POWER_SECTIONS:
                _power_section(cfg, section, value, path)
                continue
            allowed = _SECTIONS.get(section)
            if allowed is None or not isinstance(value, dict):
                problems.append(f"unknown section [{section}]")
                continue
            for key, item in value.items():
                if key not in allowed:
                    problems.append(f"[{section}] unknown key {key!r}")
                    continue
                try:
                    setattr(cfg, key, _checked(item, str(types[key]), f"[{section}] {key}", path))
                except ConfigError as err:
                    problems.append(err.message.removeprefix(f"{path}: "))
        except ConfigError as err:
            problems.append(err.message.removeprefix(f"{path}: "))
    if problems:
        raise ConfigError(f"{path}: " + "; ".join(problems))
    return cfg


# The largest value each number may take: a 20-digit number must be a one-line error, not an overflow in
# SQLite (prefetch is a query limit), in a timer (refresh_interval) or a flood of tasks (jobs).
_MAXIMA: dict[str, float] = {
    "jobs": 256,
    "per_host": 256,
    "refresh_interval": 7 * 24 * 60,
    "prefetch": 10_000,
    "max_bytes": 1 << 30,
    "connect_timeout": 3600.0,
    "read_timeout": 3600.0,
    "deadline": 24 * 3600.0,
}


_POWER_SECTIONS = ("feed", "tag", "queries", "hooks")


def _power_section(cfg: Config, section: str, value: Any, path: Path) -> None:
    """Sections checked by the modules that own them (issue 11), imported only when present."""
    if section in ("feed", "tag"):
        from newsreader.feedsettings import config_tables

        tables = config_tables(value, section, path)
        if section == "feed":
            cfg.feed_settings = tables
        else:
            cfg.tag_settings = tables
    elif section == "queries":
        from newsreader.queryfeeds import config_queries

        cfg.queries = config_queries(value, path)
    else:
        from newsreader.hooks import config_hooks

        cfg.hooks = config_hooks(value, path)


def _checked(value: Any, type_name: str, where: str, path: Path) -> Any:
    key = where.rpartition(" ")[2]
    if type_name == "int" and isinstance(value, int) and not isinstance(value, bool):
        if value < 0:
            raise ConfigError(f"{path}: {where} must not be negative")
        if value > _MAXIMA.get(key, math.inf):
            raise ConfigError(f"{path}: {where} must be at most {_MAXIMA[key]:g}")
        return value
    if type_name == "float" and isinstance(value, int | float) and not isinstance(value, bool):
        if not math.isfinite(value) or value <= 0:
            raise ConfigError(f"{path}: {where} must be positive")
        if value > _MAXIMA.get(key, math.inf):
            raise ConfigError(f"{path}: {where} must be at most {_MAXIMA[key]:g}")
        return float(value)
    if type_name == "bool" and isinstance(value, bool):
        return value
    if type_name == "str" and isinstance(value, str):
        return value
    raise ConfigError(f"{path}: {where} must be of type {type_name}, not {type(value).__name__}")


def _keymap(value: Any, path: Path) -> dict[str, str]:
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in value.items()
    ):
        raise ConfigError(f'{path}: [keymap] maps binding ids to keys, e.g. cursor-down = "j,down"')
    return dict(value)


_NOTES = {
    "jobs": "concurrent requests overall",
    "per_host": "concurrent requests to one host",
    "refresh_interval": "minutes between automatic refreshes in the TUI (0: off)",
    "prefetch": "full articles of unread entries to fetch in the background",
    "connect_timeout": "seconds",
    "read_timeout": "seconds",
    "deadline": "total seconds for one request, however slowly it arrives",
    "max_bytes": "cap on a decoded response",
    "images": "inline images where the terminal can show them (false: captions only)",
    "theme": "a Textual theme name",
    "browser": "command for opening links, %s for the URL (empty: the system default)",
}


def default_config_text() -> str:
    """A config.toml with every setting at its default, commented out, each with what it does."""
    defaults = Config()
    lines = ["# newsreader settings: uncomment a line to change it.", ""]
    for section, keys in _SECTIONS.items():
        lines.append(f"[{section}]")
        for key in keys:
            value = getattr(defaults, key)
            shown = ("true" if value else "false") if isinstance(value, bool) else repr(value)
            if isinstance(value, str):
                shown = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
            lines.append(f"# {key} = {shown}".ljust(34) + f"# {_NOTES.get(key, '')}".rstrip())
        lines.append("")
    lines += [
        "[keymap]  # binding id = keys; the ids are listed by ? in the app",
        '# down = "j,down"',
        '# star = "s"',
        "",
    ]
    return "\n".join(lines)
