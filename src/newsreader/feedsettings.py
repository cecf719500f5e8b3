"""Per-feed settings: `[feed."URL"]` and `[tag."NAME"]` in config.toml, and overrides set from the TUI or CLI.

    [tag."news"]
    refresh_interval = 30        # minutes between refreshes of these feeds (at least; a server may ask more)
    [feed."https://example.com/feed.xml"]
    max_items = 200              # keep the newest 200 entries (starred ones are always kept)
    full_article = false         # open the feed's own text, never fetch the page
    prefetch = true              # fetch this feed's unread articles in the background after a refresh
    site_rule = "example.com.txt"  # a file in the home's site-rules/ folder (see extract/siterules.py)
    user_agent = "Mozilla/5.0 (compatible; newsreader)"

Precedence, most specific first: a setting stored from the TUI/CLI, the feed's URL table, its tags' tables
(alphabetical, first wins), then the global defaults.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from newsreader.errors import ConfigError, UsageError

# name -> (type, what a user must be told when it is wrong)
KEYS: dict[str, tuple[type, str]] = {
    "refresh_interval": (int, "minutes, a whole number >= 0"),
    "max_items": (int, "a whole number >= 0 (0: keep everything)"),
    "full_article": (bool, "true or false"),
    "prefetch": (bool, "true or false"),
    "site_rule": (str, "a file name in the site-rules folder"),
    "user_agent": (str, "text"),
}


@dataclass(frozen=True, slots=True)
class FeedSettings:
    """The settings that apply to one feed (None: the global behaviour)."""

    refresh_interval: int | None = None
    max_items: int | None = None
    full_article: bool = True
    prefetch: bool | None = None
    site_rule: str | None = None
    user_agent: str | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def check_setting(key: str, value: Any, where: str = "") -> Any:
    """`value` if it is a valid `key`; else UsageError in one line, starting with `where` (the config
    file's table) when given; the command line and the TUI name the setting alone."""
    at = f"{where}: " if where else ""
    if key not in KEYS:
        known = ", ".join(KEYS)
        raise UsageError(f"{at}unknown feed setting {key!r} (settings: {known})")
    kind, wanted = KEYS[key]
    ok = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
    if ok and kind is int and value < 0:
        ok = False
    if ok and kind is str and (not value.strip() or "\n" in value or len(value) > 500):
        ok = False
    if ok and key == "site_rule" and (Path(value).name != value or value.startswith(".")):
        ok = False
    if not ok:
        raise UsageError(f"{at}{key} must be {wanted}, not {value!r}")
    return value


def parse_value(key: str, text: str) -> Any:
    """A setting typed on the command line or in the TUI (`true`, `30`, a name) as its value."""
    kind = KEYS[key][0] if key in KEYS else str
    if kind is bool:
        lowered = text.strip().lower()
        if lowered in ("true", "yes", "on", "1"):
            return True
        if lowered in ("false", "no", "off", "0"):
            return False
    if kind is int:
        try:
            return int(text.strip())
        except ValueError:
            pass
    return text.strip()


def config_tables(value: Any, section: str, path: Path) -> dict[str, dict[str, Any]]:
    """Validate `[feed."URL"]` / `[tag."NAME"]` tables from config.toml."""
    if not isinstance(value, dict):
        raise ConfigError(f'{path}: [{section}] holds tables such as [{section}."NAME"]')
    out: dict[str, dict[str, Any]] = {}
    for name, table in value.items():
        if not isinstance(table, dict):
            raise ConfigError(f'{path}: [{section}] {name!r} must be a table ([{section}."{name}"])')
        try:
            out[name] = {k: check_setting(k, v, f'[{section}."{name}"]') for k, v in table.items()}
        except UsageError as err:
            raise ConfigError(f"{path}: {err.message}") from None
    return out


class SettingsResolver:
    """Answers "what applies to this feed" from config tables and stored overrides (built once per use)."""

    def __init__(
        self,
        by_url: dict[str, dict[str, Any]],
        by_tag: dict[str, dict[str, Any]],
        stored: dict[str, dict[str, Any]],
    ) -> None:
        self.by_url = by_url
        self.by_tag = by_tag
        self.stored = stored

    def for_feed(self, url: str, tags: list[str] | tuple[str, ...] = ()) -> FeedSettings:
        merged: dict[str, Any] = {}
        for tag in sorted(tags, reverse=True):  # alphabetically first wins: applied last
            merged |= self.by_tag.get(tag, {})
        merged |= self.by_url.get(url, {})
        merged |= {k: v for k, v in self.stored.get(url, {}).items() if k in KEYS}
        names = {f.name for f in fields(FeedSettings)}
        return FeedSettings(**{k: v for k, v in merged.items() if k in names})

    def sources(self, url: str, tags: list[str] | tuple[str, ...] = ()) -> dict[str, str]:
        """Where each value comes from ("set here", a config.toml table), for the feed detail view."""
        out: dict[str, str] = {}
        for key in self.stored.get(url, {}):
            out.setdefault(key, "set here")
        for key in self.by_url.get(url, {}):
            out.setdefault(key, "config.toml [feed]")
        for tag in sorted(tags):
            for key in self.by_tag.get(tag, {}):
                out.setdefault(key, f'config.toml [tag."{tag}"]')
        return out
