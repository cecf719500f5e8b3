"""Hooks run real programs: no shell, arguments as a list, a timeout, web text never parsed by a shell."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from newsreader.cli import main
from newsreader.config import load_config
from newsreader.errors import ConfigError
from newsreader.hooks import HookError, bookmark, pipe_article, run_command
from newsreader.models import Article, Paragraph
from newsreader.paths import config_path
from tests.server import LoopbackServer, Reply

# A program that records its arguments and stdin in the file named by its first argument.
RECORDER = (
    "import json, sys; data = sys.stdin.read();"
    " open(sys.argv[1], 'w').write(json.dumps({'args': sys.argv[2:], 'stdin': data}))"
)


def recorder(out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-c", RECORDER, str(out), *extra]


def recorded(out: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads(out.read_text())
    return data


def toml_list(args: list[str]) -> str:
    return "[" + ", ".join(json.dumps(a) for a in args) + "]"


ARTICLE = Article(
    url="http://x.example/a",
    title='Storm $(touch pwned) `id`; rm -rf "~"',
    blocks=[Paragraph("First paragraph."), Paragraph("Second; with | shell & characters $HOME.")],
)


def test_pipe_formats(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    hooks = {"pipe": recorder(out)}
    pipe_article(hooks, ARTICLE, "url")
    assert recorded(out)["stdin"] == "http://x.example/a\n"
    pipe_article(hooks, ARTICLE, "text")
    assert recorded(out)["stdin"] == (
        f"{ARTICLE.title}\n\nhttp://x.example/a\n\nFirst paragraph.\n\n"
        "Second; with | shell & characters $HOME.\n"
    )
    pipe_article(hooks, ARTICLE, "json")
    assert json.loads(str(recorded(out)["stdin"]))["blocks"][1]["text"].endswith("$HOME.")


def test_bookmark_placeholders_stay_single_literal_arguments(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out.json"
    monkeypatch.chdir(tmp_path)  # restored after: later tests keep the directory they started in
    bookmark(
        {"bookmark": recorder(out, "--url={url}", "{title}", "{feed}")}, ARTICLE.url, ARTICLE.title, "{url}"
    )
    assert recorded(out)["args"] == ["--url=http://x.example/a", ARTICLE.title, "{url}"]
    assert not (tmp_path / "pwned").exists()
    bookmark({"bookmark": recorder(out)}, ARTICLE.url, ARTICLE.title)  # no placeholder: the URL goes last
    assert recorded(out)["args"] == ["http://x.example/a"]


def test_failures_are_one_line(tmp_path: Path) -> None:
    with pytest.raises(HookError, match="hook command not found: no-such-program-here"):
        run_command(["no-such-program-here"], b"")
    with pytest.raises(HookError, match=r"did not finish within 0.5 s"):
        run_command([sys.executable, "-c", "import time; time.sleep(10)"], b"", timeout=0.5)
    with pytest.raises(HookError, match="failed: boom"):
        run_command([sys.executable, "-c", "import sys; sys.exit('boom')"], b"")
    with pytest.raises(HookError, match=r"no pipe command configured"):
        pipe_article({}, ARTICLE)


def test_hooks_config_is_checked(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[hooks]\npipe = "less"\nbookmark = ["bm", "{url}"]\n')
    assert load_config(path).hooks == {"pipe": ["less"], "bookmark": ["bm", "{url}"]}
    path.write_text("[hooks]\npipe = []\n")
    with pytest.raises(ConfigError, match="pipe must be a list of arguments"):
        load_config(path)
    path.write_text('[hooks]\nonopen = ["x"]\n')
    with pytest.raises(ConfigError, match="unknown hook 'onopen'"):
        load_config(path)


def test_cli_pipe_bookmark_and_after_refresh(
    capsys: pytest.CaptureFixture[str], server: LoopbackServer, home: Path, tmp_path: Path
) -> None:
    feed = b"""<rss version="2.0"><channel><title>Quay</title>
      <item><title>Ferry back; $(reboot)</title><link>%s</link><guid>1</guid>
      <description>The ferry is back.</description></item></channel></rss>"""
    link = server.url("/story")
    server.routes["/feed"] = Reply(feed % link.encode())
    server.routes["/story"] = Reply(
        b"<html><head><title>Ferry back</title></head><body><article><p>The ferry is back in service after"
        b" a long winter in the yard, with a new engine and a new skipper.</p></article></body></html>",
        content_type="text/html",
    )
    piped, marked, announced = tmp_path / "piped.json", tmp_path / "marked.json", tmp_path / "new.json"
    home.mkdir(parents=True, exist_ok=True)
    config_path(home).write_text(
        f"[hooks]\nbookmark = {toml_list(recorder(marked, '{title}', '{url}'))}\n"
        f"after_refresh = {toml_list(recorder(announced))}\n"
    )
    assert main(["add", server.url("/feed")]) == 0
    assert main(["pipe", link, "--format", "url", "--to", *recorder(piped)]) == 0
    assert recorded(piped)["stdin"] == link + "\n"
    assert main(["bookmark", link]) == 0
    assert recorded(marked)["args"] == ["Ferry back; $(reboot)", link]
    # Typed without its scheme, as `read` takes it: the entry's http:// link (the archive knows it).
    bare = link.removeprefix("http://")
    assert main(["pipe", bare, "--format", "url", "--to", *recorder(piped)]) == 0
    assert recorded(piped)["stdin"] == link + "\n"
    assert main(["bookmark", bare]) == 0
    assert recorded(marked)["args"] == ["Ferry back; $(reboot)", link]
    capsys.readouterr()
    assert main(["bookmark", "no address"]) == 2
    assert "not an http(s) URL: 'no address'" in capsys.readouterr().err
    assert not announced.exists()  # subscribing is not a refresh
    server.routes["/feed"] = Reply(
        feed.replace(b"</channel>", b"<item><title>Second</title><guid>2</guid></item></channel>")
        % link.encode()
    )
    assert main(["refresh"]) == 0
    assert [e["title"] for e in json.loads(str(recorded(announced)["stdin"]))] == ["Second"]
    capsys.readouterr()
    assert main(["pipe", link]) == 2  # no [hooks] pipe and no --to
    assert "no pipe command configured" in capsys.readouterr().err
