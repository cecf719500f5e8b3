"""Hooks: hand an article to a command (`pipe`), bookmark it, or announce a refresh's new entries.

    [hooks]
    pipe = ["llm", "-s", "Summarise"]            # gets the article on stdin
    pipe_format = "text"                         # what `|` in the TUI sends: url, title, text or json
    bookmark = ["bm-add", "{url}", "{title}"]    # {url} {title} {feed} become single arguments
    after_refresh = ["notify-new"]               # gets the new entries as a JSON list on stdin

Commands run without a shell, as a list of arguments, with a timeout. Text from the web only ever becomes
one whole argument or stdin, never part of a command line a shell would parse. (A hook that itself runs
`sh -c` with a placeholder would undo that: don't.)
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from newsreader.config import Config
from newsreader.errors import ConfigError, UsageError
from newsreader.models import Article, Entry
from newsreader.store import Store
from newsreader.text import SHORT, shorten

HOOKS = ("pipe", "bookmark", "after_refresh", "pipe_format")
TIMEOUT = 30.0
MAX_ANNOUNCED = 1000
Format = Literal["url", "title", "text", "json"]
FORMATS: tuple[Format, ...] = ("url", "title", "text", "json")
_PLACEHOLDER = re.compile(r"\{(url|title|feed)\}")


class HookError(UsageError):
    """A hook command could not run, timed out or failed; one line naming it."""


def config_hooks(value: Any, path: Path) -> dict[str, list[str]]:
    """Validate `[hooks]`: each a non-empty list of strings (a string alone is one program, no arguments)."""
    if not isinstance(value, dict):
        raise ConfigError(f'{path}: [hooks] maps hook names to commands, e.g. pipe = ["less"]')
    out: dict[str, list[str]] = {}
    for name, command in value.items():
        if name not in HOOKS:
            raise ConfigError(f"{path}: [hooks] unknown hook {name!r} (hooks: {', '.join(HOOKS)})")
        if name == "pipe_format":
            if command not in FORMATS:
                raise ConfigError(f"{path}: [hooks] pipe_format is one of {', '.join(FORMATS)}")
            out[name] = [command]
            continue
        if isinstance(command, str):
            command = [command]
        if not (isinstance(command, list) and command and all(isinstance(a, str) and a for a in command)):
            raise ConfigError(f'{path}: [hooks] {name} must be a list of arguments, e.g. ["cmd", "--flag"]')
        out[name] = command
    return out


@dataclass(frozen=True, slots=True)
class HookResult:
    command: str
    output: str  # the first line the command printed (captured runs only)


def run_command(
    args: list[str], stdin: bytes, *, capture: bool = True, timeout: float = TIMEOUT
) -> HookResult:
    """Run `args` (no shell) with `stdin`; HookError for a missing program, a timeout or a failure."""
    name = args[0]
    out = subprocess.PIPE if capture else None
    try:
        done = subprocess.run(
            args, input=stdin, stdout=out, stderr=subprocess.PIPE, timeout=timeout, check=False, shell=False
        )
    except FileNotFoundError:
        raise HookError(f"hook command not found: {name}") from None
    except PermissionError:
        raise HookError(f"hook command not executable: {name}") from None
    except subprocess.TimeoutExpired:
        raise HookError(f"hook command {name} did not finish within {timeout:g} s (stopped)") from None
    except OSError as err:
        raise HookError(f"hook command {name}: {err.strerror or err}") from None
    if done.returncode != 0:
        reason = _first_line(done.stderr) or f"exit status {done.returncode}"
        raise HookError(f"hook command {name} failed: {reason}")
    return HookResult(name, _first_line(done.stdout or b""))


def _first_line(data: bytes) -> str:
    """The first line a command printed, as it printed it: whoever shows it cleans it (an error's message
    where it is made; `HookResult.output` at the display boundary)."""
    text = data.decode("utf-8", "replace").strip()
    return shorten(text.splitlines()[0].strip(), SHORT) if text else ""


def _command(hooks: dict[str, list[str]], name: str) -> list[str]:
    command = hooks.get(name)
    if not command:
        raise HookError(
            f'no {name} command configured: add [hooks] {name} = ["program", "arg"] to config.toml'
        )
    return command


def article_payload(article: Article, fmt: Format) -> bytes:
    if fmt == "url":
        text = article.url + "\n"
    elif fmt == "title":
        text = (article.title or "") + "\n"
    elif fmt == "text":
        text = "\n\n".join(p for p in (article.title, article.url, article.text) if p) + "\n"
    else:
        text = json.dumps(article.to_json(), ensure_ascii=False, indent=2) + "\n"
    return text.encode("utf-8")


def pipe_article(
    hooks: dict[str, list[str]],
    article: Article,
    fmt: Format = "text",
    *,
    command: list[str] | None = None,
    capture: bool = True,
) -> HookResult:
    """Send `article` to the pipe command (or `command`) on stdin."""
    if fmt not in FORMATS:
        raise UsageError(f"pipe format is one of {', '.join(FORMATS)}, not {fmt!r}")
    return run_command(command or _command(hooks, "pipe"), article_payload(article, fmt), capture=capture)


def bookmark(hooks: dict[str, list[str]], url: str, title: str | None, feed: str | None = None) -> HookResult:
    """Run the bookmark command with {url} {title} {feed} filled in, in one pass (each stays one argument;
    a title holding "{url}" is not expanded again). Without placeholders the URL is the last argument."""
    # The title and the feed's name come from the store, clean since they were ingested.
    values = {"url": url, "title": title or "", "feed": feed or ""}
    command = _command(hooks, "bookmark")
    args = [_PLACEHOLDER.sub(lambda m: values[m.group(1)], arg) for arg in command]
    if not any(_PLACEHOLDER.search(arg) for arg in command):
        args.append(url)
    return run_command(args, b"")


def after_refresh(hooks: dict[str, list[str]], entries: list[Entry]) -> HookResult | None:
    """Run the after_refresh command with the new entries as a JSON list; None when there is nothing to do."""
    command = hooks.get("after_refresh")
    if not command or not entries:
        return None
    payload = json.dumps([e.to_json() for e in entries], ensure_ascii=False).encode("utf-8")
    return run_command(command, payload)


def run_after_refresh(store: Store, config: Config, last_id: int) -> HookResult | None:
    """The after_refresh hook with the entries stored after entry `last_id` (at most 1,000)."""
    if not config.hooks.get("after_refresh"):
        return None
    entries = [e for i in store.entry_ids_after(last_id)[:MAX_ANNOUNCED] if (e := store.entry(i)) is not None]
    return after_refresh(config.hooks, entries)


def ran_hook_failed(store: Store, config: Config, last_id: int) -> bool:
    """For the CLI: run the after_refresh hook; a failure is one line on stderr (and True)."""
    try:
        run_after_refresh(store, config, last_id)
    except HookError as err:
        sys.stderr.write(f"newsreader: {err.message}\n")
        return True
    return False
