"""Opening links in a browser without breaking the terminal the app is drawn on.

Only http(s) URLs pass (`is_web_url` also refuses anything starting with "-", which a browser command line
could read as an option). A configured command (`[ui] browser`, `%s` for the URL, else appended) runs
detached. Without one, Python's `webbrowser` picks the browser; when that is a console browser (lynx, w3m:
no display), the app suspends itself so the browser gets the terminal, as `git commit` does for an editor.
"""

from __future__ import annotations

import shlex
import subprocess
import webbrowser
from typing import Any

from textual.app import App, SuspendNotSupported

from newsreader.urls import is_web_url


def command_line(command: str, url: str) -> list[str]:
    """The argv for a configured browser command (the URL is one argument, never split or parsed)."""
    args = shlex.split(command)
    return [a.replace("%s", url) for a in args] if "%s" in command else [*args, url]


def open_url(
    app: App[Any], url: str, command: str = "", config_file: str = "config.toml", setting: str = "browser"
) -> str | None:
    """Open `url`; None on success, else a one-line reason (naming the `[ui]` `setting` the command came
    from and `config_file`, where it helps)."""
    if not is_web_url(url):
        return "Only http and https links can be opened in a browser"
    if command:
        try:
            subprocess.Popen(
                command_line(command, url),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        except (OSError, ValueError) as err:
            return f"Cannot run the {setting} command set in {config_file}: {err}"
        return None
    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        return f'No browser found: set browser = "firefox %s" (say) under [ui] in {config_file}'
    if type(browser) is webbrowser.GenericBrowser:  # a console browser needs the terminal
        try:
            with app.suspend():
                browser.open(url)
            return None
        except SuspendNotSupported:
            pass
    app.run_worker(lambda: browser.open(url), thread=True, group="browser")
    return None
