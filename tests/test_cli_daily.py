"""The CLI as used every day (issue 10): entry ids everywhere, URLs and --format in headlines, help for
every option, quiet means quiet, plain errors naming the host, https:// assumed, `config`, read-only
homes, and honest notes on stderr for `read`."""

from __future__ import annotations

import argparse
import json
import os
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsreader.cli import build_parser
from newsreader.config import load_config
from newsreader.failures import explain
from tests.server import LoopbackServer, Reply
from tests.test_cli import run
from tests.test_hostile_network import _Silent


def _feed(server: LoopbackServer) -> bytes:
    items = "".join(
        f"<item><title>{title}</title><link>{server.url(path)}</link><guid>{path}</guid>"
        f"<description>The feed's own text about {title.lower()}.</description></item>"
        for title, path in (("Kelp forests recover", "/kelp"), ("Ferry resumes", "/gone"))
    )
    return f"<rss version='2.0'><channel><title>Loopback News</title>{items}</channel></rss>".encode()


@pytest.fixture
def subscribed(capsys: pytest.CaptureFixture[str], server: LoopbackServer) -> LoopbackServer:
    server.routes["/rss"] = Reply(_feed(server))
    assert run(capsys, "add", server.url("/rss"))[0] == 0
    return server


def test_headlines_show_ids_and_urls_that_read_and_mark_accept(
    capsys: pytest.CaptureFixture[str], subscribed: LoopbackServer
) -> None:
    code, out, _ = run(capsys, "headlines", "--limit", "1")
    line = out.splitlines()[0]
    entry_id = line.split()[0]
    entry = json.loads(run(capsys, "headlines", "--json", "--limit", "1")[1])[0]
    assert entry_id == str(entry["id"]) and line.endswith(f"<{entry['link']}>")
    code, out, _ = run(capsys, "mark", entry_id, "--star")
    assert code == 0 and out.startswith(f"{entry_id}: unread, starred: ")
    code, out, _ = run(capsys, "mark", entry_id)
    assert out.startswith(f"{entry_id}: read, starred: ")
    code, out, _ = run(capsys, "mark", entry["link"], "--unread", "--unstar")
    assert out.startswith(f"{entry_id}: unread: ")
    code, _, err = run(capsys, "mark", "999999")
    assert code == 2 and "no entry '999999'" in err
    for command in ("mark", "read"):  # past SQLite's integers: no such entry, no traceback
        code, _, err = run(capsys, command, "9" * 20)
        assert code == 2 and "no entry" in err and err.count("\n") == 1, (command, err)
    for both in (("--read", "--unread"), ("--star", "--unstar")):
        code, out, err = run(capsys, "mark", entry_id, *both)
        assert code == 2 and out == "" and f"not allowed with argument {both[0]}" in err
    after = json.loads(run(capsys, "headlines", "--json", "--limit", "1")[1])[0]
    assert (after["read"], after["starred"]) == (False, False)  # nothing was changed


def test_mark_by_link_marks_the_article_in_every_feed_that_carries_it(
    capsys: pytest.CaptureFixture[str], subscribed: LoopbackServer
) -> None:
    subscribed.routes["/mirror"] = Reply(_feed(subscribed).replace(b"Loopback News", b"Mirror"))
    assert run(capsys, "add", subscribed.url("/mirror"))[0] == 0
    link = subscribed.url("/kelp")
    both = [e for e in json.loads(run(capsys, "headlines", "--json")[1]) if e["link"] == link]
    assert len({e["feed"] for e in both}) == 2
    code, out, _ = run(capsys, "mark", link, "--star")
    assert code == 0 and sorted(line.split(":")[0] for line in out.splitlines()) == sorted(
        str(e["id"]) for e in both
    )
    after = [e for e in json.loads(run(capsys, "headlines", "--json")[1]) if e["link"] == link]
    assert [(e["read"], e["starred"]) for e in after] == [(False, True), (False, True)]


def test_a_long_feed_name_in_headlines_is_cut_with_an_ellipsis(
    capsys: pytest.CaptureFixture[str], subscribed: LoopbackServer
) -> None:
    run(capsys, "add", subscribed.url("/rss"), "--title", "The Harbour Gazette: Technology")
    code, out, _ = run(capsys, "headlines")
    assert code == 0 and "  The Harbour Gazette: Te…  Kelp forests recover" in out
    short = run(capsys, "add", subscribed.url("/rss"), "--title", "Loopback")
    assert short[0] == 0 and "  Loopback                  Kelp forests recover" in run(capsys, "headlines")[1]


def test_headlines_format_for_scripts(capsys: pytest.CaptureFixture[str], subscribed: LoopbackServer) -> None:
    code, out, _ = run(capsys, "headlines", "--limit", "2", "--format", "{id}\t{link}\t{title}")
    rows = [line.split("\t") for line in out.splitlines()]
    assert code == 0 and len(rows) == 2 and all(r[0].isdecimal() and len(r) == 3 for r in rows)
    code, _, err = run(capsys, "headlines", "--format", "{nope}")
    assert code == 2 and "unknown field {nope}" in err
    code, _, err = run(capsys, "headlines", "--format", "{title.__class__}")
    assert code == 2
    for spec in ("{title:d}", "{id:s}", "{title!z}", "{published:%Y}"):  # one line, not a traceback
        code, _, err = run(capsys, "headlines", "--format", spec)
        assert code == 2 and "newsreader: error: --format: " in err and err.count("\n") == 1, spec


def test_headlines_print_a_long_link_whole(
    capsys: pytest.CaptureFixture[str], server: LoopbackServer
) -> None:
    """A tracking link of a few thousand characters is a valid URL (`urls.is_web_url` takes up to 4096):
    scripts reading `{link}` or the `<link>` of a line must get the URL that is fetched, not a cut one."""
    link = server.url("/story?ref=" + "a1b2c3d4e5" * 250)
    item = f"<item><title>Long link</title><link>{link}</link><guid>long</guid></item>"
    feed = f"<rss version='2.0'><channel><title>L</title>{item}</channel></rss>"
    server.routes["/rss"] = Reply(feed.encode())
    assert run(capsys, "add", server.url("/rss"))[0] == 0
    assert run(capsys, "headlines", "--format", "{link}")[1] == link + "\n"
    assert run(capsys, "headlines")[1].endswith(f"<{link}>\n")


def test_read_takes_an_entry_id_and_says_when_it_shows_the_feed_text(
    capsys: pytest.CaptureFixture[str], subscribed: LoopbackServer
) -> None:
    entries = {e["title"]: e for e in json.loads(run(capsys, "headlines", "--json")[1])}
    body = "<p>Kelp is back along the whole north shore of the bay, divers say this week.</p>" * 4
    subscribed.routes["/kelp"] = Reply(
        f"<html><body><article><h1>Kelp</h1>{body}</article></body></html>".encode()
    )
    code, out, err = run(capsys, "read", str(entries["Kelp forests recover"]["id"]))
    assert (code, err) == (0, "") and "Kelp is back along the whole north shore" in out
    gone = entries["Ferry resumes"]  # its page is not on the server: the feed's text shows
    code, out, err = run(capsys, "read", str(gone["id"]))
    assert code == 1 and "The feed's own text about ferry resumes." in out
    assert err.startswith("newsreader: Showing the feed's text") and err.count("\n") == 1


def test_every_option_has_help() -> None:
    parser = build_parser()
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, sub in subparsers.choices.items():
        for action in sub._actions:
            if action.dest != "help":
                assert action.help, f"{name} {action.option_strings or action.dest} has no help"


def test_quiet_means_quiet_and_failures_name_the_problem_plainly(
    capsys: pytest.CaptureFixture[str], subscribed: LoopbackServer
) -> None:
    subscribed.routes["/rss"] = Reply(b"gone", 404, conditional=False)
    code, out, err = run(capsys, "refresh", "--quiet", "--force")
    assert code == 1 and out == ""
    assert err == f"newsreader: {subscribed.url('/rss')}: nothing is at that address (HTTP 404 Not Found)\n"
    broken = explain("Opening and ending tag mismatch: meta line 16")
    assert broken == "it is not a readable feed (Opening and ending tag mismatch: meta line 16)"


def test_feeds_says_a_feeds_last_error_in_the_same_words_as_refresh(
    capsys: pytest.CaptureFixture[str], subscribed: LoopbackServer
) -> None:
    subscribed.routes["/rss"] = Reply(b"gone", 404, conditional=False)
    assert run(capsys, "refresh", "--quiet", "--force")[0] == 1
    code, out, _ = run(capsys, "feeds")
    assert code == 0 and out.rstrip().endswith("  ! nothing is at that address (HTTP 404 Not Found)")
    code, out, _ = run(capsys, "feeds", "--json")
    assert json.loads(out)[0]["last_error"] == "HTTP 404 Not Found"  # the document keeps the reason as is


def test_add_assumes_https_and_names_the_host_it_cannot_reach(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "add", "no-such-host.invalid/feed")
    assert code == 1
    assert err.startswith("newsreader: error: cannot add no-such-host.invalid: ")
    code, _, err = run(capsys, "add", "ftp://x/feed")
    assert code == 2 and "'ftp://x/feed'" in err


def test_add_of_a_bare_host_that_answers_no_feed_names_the_server_not_the_https_address(
    capsys: pytest.CaptureFixture[str], server: LoopbackServer
) -> None:
    server.routes["/logo.png"] = Reply(b"\x89PNG\r\n\x1a\n" + bytes(64), content_type="image/png")
    code, out, err = run(capsys, "add", f"127.0.0.1:{server.port}/logo.png")
    assert (code, out) == (2, "")  # a picture is not what `add` takes
    assert err.startswith(
        f"newsreader: error: cannot add 127.0.0.1:{server.port}: it is not a readable feed ("
    )
    assert "https://" not in err and len(err.splitlines()) == 1  # only http:// answered


def test_add_of_a_bare_host_that_never_answers_says_so_in_one_line(
    capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    """A server that accepts and stays silent, over https:// and then http://: one line naming the server
    (with its port) and why, never "another request to it timed out" (there was none but ours)."""
    home.mkdir()
    (home / "config.toml").write_text("[network]\nconnect_timeout = 0.5\nread_timeout = 0.5\n")
    silent = _Silent(1)
    try:
        port = silent.listeners[0].getsockname()[1]
        code, _, err = run(capsys, "add", f"127.0.0.1:{port}/feed.xml")
    finally:
        silent.close()
    assert code == 1 and len(err.splitlines()) == 1
    assert err.startswith(f"newsreader: error: cannot add 127.0.0.1:{port}: it took too long to answer (")
    assert "another request" not in err


def test_add_of_a_bare_host_falls_back_to_http_when_https_cannot_connect(
    capsys: pytest.CaptureFixture[str], server: LoopbackServer
) -> None:
    """As a browser's address bar: `host:port/feed` is tried as https://, and over http:// when no secure
    connection can be made; the feed is stored under the address that answered."""
    server.routes["/rss"] = Reply(_feed(server), content_type="application/rss+xml")
    bare = server.url("/rss").removeprefix("http://")
    code, out, err = run(capsys, "add", bare)
    assert (code, err) == (0, "")
    assert out.startswith(f"subscribed to Loopback News <http://{bare}>")
    server.stop()  # nothing answers now, over either scheme: both are said
    code, _, err = run(capsys, "add", bare.replace("/rss", "/other"))
    assert code == 1 and err.startswith(f"newsreader: error: cannot add 127.0.0.1:{server.port}: ")
    assert "(https and http: cannot connect" in err


def test_config_prints_its_path_and_writes_a_commented_default(
    capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    code, out, err = run(capsys, "config")
    path = home / "config.toml"
    assert (code, out) == (0, f"{path}\n") and "wrote a commented default" in err
    text = path.read_text()
    assert "# jobs = 16" in text and "[keymap]" in text
    assert load_config(path).jobs == 16  # all commented: the defaults
    uncommented = "\n".join(
        line[2:] if line.startswith("# ") and " = " in line else line for line in text.splitlines()
    )
    path.write_text(uncommented.split("[keymap]")[0])
    assert load_config(path).theme == "textual-dark"  # every line it offers is valid
    assert run(capsys, "config") == (0, f"{path}\n", "")


def test_reading_commands_work_in_a_read_only_home(
    capsys: pytest.CaptureFixture[str],
    subscribed: LoopbackServer,
    home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_access = os.access
    monkeypatch.setattr(  # as root, chmod does not stop writes; say the home is read-only instead
        "newsreader.home.os.access", lambda p, mode: False if Path(p) == home else real_access(p, mode)
    )
    for argv in (["headlines"], ["feeds"], ["search", "kelp"], ["export"]):
        code, out, err = run(capsys, *argv)
        assert code == 0 and out and err == "", argv
    code, _, err = run(capsys, "refresh")
    assert code == 2 and "not writable" in err


def test_read_file_without_base_url_warns_about_relative_links(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    page = tmp_path / "page.html"
    body = "<p>An article paragraph with enough words to count as the body of a page.</p>" * 5
    page.write_text(
        f"<html><body><article><h1>T</h1>{body}<p><a href='/next'>next</a></p></article></body></html>"
    )
    code, _, err = run(capsys, "read", str(page))
    assert code == 0 and "relative links are left out; give --base-url" in err
    code, _, err = run(capsys, "read", str(page), "--base-url", "https://site.example/a")
    assert code == 0 and err == ""


def test_read_of_an_entry_id_shows_that_entrys_text_when_another_feed_links_the_same_page(
    capsys: pytest.CaptureFixture[str], subscribed: LoopbackServer
) -> None:
    gone = subscribed.url("/gone")  # not on the server: read falls back to the feed's text
    subscribed.routes["/other"] = Reply(
        f"<rss version='2.0'><channel><title>Other</title><item><title>Ferry, again</title><link>{gone}"
        "</link><guid>o</guid><description>The other feed's words.</description></item></channel>"
        "</rss>".encode()
    )
    assert run(capsys, "add", subscribed.url("/other"))[0] == 0
    entries = {e["title"]: e for e in json.loads(run(capsys, "headlines", "--json")[1])}
    code, out, _ = run(capsys, "read", str(entries["Ferry, again"]["id"]))
    assert code == 1 and "The other feed's words." in out and "ferry resumes" not in out


@pytest.fixture
def http_only_behind_a_tls_blackhole() -> Iterator[str]:
    """A server that answers plain http and never answers a TLS handshake (as a host whose https port
    drops every packet): `host:port/rss`, as a person types it."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.1)
    held: list[socket.socket] = []
    stop = threading.Event()
    feed = (
        b"<rss version='2.0'><channel><title>Plain Only</title><item><title>Kelp</title>"
        b"<guid>k</guid></item></channel></rss>"
    )

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            conn.settimeout(2.0)
            try:
                if conn.recv(1, socket.MSG_PEEK) == b"\x16":  # a TLS ClientHello: no answer, ever
                    held.append(conn)
                    continue
                request = b""
                while b"\r\n\r\n" not in request and (chunk := conn.recv(4096)):
                    request += chunk
                head = f"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: {len(feed)}"
                conn.sendall(head.encode() + b"\r\nConnection: close\r\n\r\n" + feed)
            except OSError:
                pass
            if conn not in held:
                conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{listener.getsockname()[1]}/rss"
    finally:
        stop.set()
        thread.join(2)
        for sock in [listener, *held]:
            sock.close()


def test_add_of_a_bare_host_falls_back_to_http_when_https_times_out(
    capsys: pytest.CaptureFixture[str], home: Path, http_only_behind_a_tls_blackhole: str
) -> None:
    """A timed-out https attempt does not condemn the http one: the https port going unanswered says
    nothing about the http one (it was counted as the same server, given up on for a deadline)."""
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text("[network]\nconnect_timeout = 0.5\n")
    bare = http_only_behind_a_tls_blackhole
    code, out, err = run(capsys, "add", bare)
    assert (code, err) == (0, ""), err
    assert out.startswith(f"subscribed to Plain Only <http://{bare}>")


def test_add_of_a_picture_says_what_the_address_serves(
    capsys: pytest.CaptureFixture[str], server: LoopbackServer
) -> None:
    server.routes["/logo.png"] = Reply(b"\x89PNG\r\n\x1a\n" + bytes(64), content_type="image/png")
    code, out, err = run(capsys, "add", server.url("/logo.png"))
    assert (code, out) == (2, "")  # the input's error, as an address that links no feed is
    assert err.count("\n") == 1 and "not a feed: the address serves image/png" in err
    assert "not well-formed" not in err and "<unknown>" not in err


def test_read_of_a_video_says_what_the_address_serves_without_downloading_it(
    capsys: pytest.CaptureFixture[str], server: LoopbackServer
) -> None:
    """A link to a file is named by its type as soon as its headers arrive: its body is never read (a
    film would otherwise be fetched up to the page cap only to be refused as "binary data")."""
    film = b"\x00\x00\x00\x18ftypmp42" + bytes(4_000_000)
    server.routes["/dawn.mp4"] = Reply(film, content_type="video/mp4")
    code, out, err = run(capsys, "read", server.url("/dawn.mp4"), "--json")
    assert (code, out) == (2, "")  # the input's error: a link to a file is not what `read` reads
    assert err.count("\n") == 1 and "not a web page: the address serves video/mp4" in err
    assert "binary" not in err and "too large" not in err


def test_read_of_a_saved_file_that_is_no_page_is_the_inputs_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A saved PDF given to `read` is a wrong input (exit 2), as a link to one is; a name that is neither
    a file here nor an address that answers says both in one line."""
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.7\n" + bytes(5000))
    code, out, err = run(capsys, "read", str(pdf))
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and f"{pdf}: the page is binary data" in err
    missing = str(tmp_path / "nosuch.html")
    code, out, err = run(capsys, "read", missing)
    assert (code, out) == (2, "") and err.count("\n") == 1 and "No such file or directory" in err


def test_read_and_mark_take_an_address_typed_without_its_scheme(
    capsys: pytest.CaptureFixture[str], subscribed: LoopbackServer
) -> None:
    """`read` and `mark` read a bare host/path as `add` does (https://, then http:// when https cannot
    connect); a feed's entry that links it is the one read and marked."""
    subscribed.routes["/kelp"] = Reply(
        b"<html><head><title>Kelp forests recover</title></head><body><article><h1>Kelp forests recover</h1>"
        b"<p>Divers counted twice as many kelp stands along the north shore this spring as last, and the "
        b"urchins that grazed them bare are fewer.</p></article></body></html>",
        content_type="text/html",
    )
    bare = subscribed.url("/kelp").removeprefix("http://")
    code, out, err = run(capsys, "read", bare, "--json")
    assert (code, err) == (0, "")
    doc = json.loads(out)
    assert doc["url"] == subscribed.url("/kelp") and "twice as many kelp stands" in doc["text"]
    code, out, err = run(capsys, "mark", bare, "--star")
    assert (code, err) == (0, "") and out.endswith(": unread, starred: Kelp forests recover\n")
    subscribed.routes["/elsewhere"] = subscribed.routes["/kelp"]
    code, out, err = run(capsys, "read", subscribed.url("/elsewhere").removeprefix("http://"), "--json")
    assert (code, err) == (0, "") and "twice as many kelp stands" in json.loads(out)["text"]
    code, _, err = run(capsys, "mark", subscribed.url("/elsewhere").removeprefix("http://"))
    assert code == 2 and "no entry" in err


def test_read_of_an_entry_whose_link_is_its_podcast_file_shows_the_feed_text_with_a_line_for_it(
    capsys: pytest.CaptureFixture[str], server: LoopbackServer
) -> None:
    """An episode whose link is its mp3 has no page: `read ID` shows the feed's text under "Audio: ep1.mp3"
    and says why, with no failure (exit 0, nothing on stderr) and no request for the file (its enclosure
    says what it is); `read URL` of the file itself is the input's error."""
    mp3 = server.url("/media/ep1.mp3")
    server.routes["/media/ep1.mp3"] = Reply(b"ID3" + bytes(30000), content_type="audio/mpeg")
    server.routes["/pod"] = Reply(
        "<rss version='2.0'><channel><title>Harbour Podcast</title><item><title>Episode 1: tides</title>"
        f"<link>{mp3}</link><guid>ep1</guid><description>We walk the north pier with the keeper of the "
        f'tide gauge.</description><enclosure url="{mp3}" type="audio/mpeg" length="30003"/></item>'
        "</channel></rss>".encode()
    )
    assert run(capsys, "add", server.url("/pod"))[0] == 0
    entry_id = run(capsys, "headlines", "--format", "{id}")[1].strip()
    before = len(server.seen("/media/ep1.mp3"))
    code, out, err = run(capsys, "read", entry_id, "--json")
    assert (code, err) == (0, "")
    doc = json.loads(out)
    assert (doc["source"], doc["note"]) == (
        "feed",
        "This entry links an audio file (audio/mpeg), not a web page: showing the feed's text",
    )
    assert doc["blocks"][:2] == [
        {"type": "paragraph", "text": "Audio: ep1.mp3", "links": [{"text": "ep1.mp3", "url": mp3}]},
        {
            "type": "paragraph",
            "text": "We walk the north pier with the keeper of the tide gauge.",
            "links": [],
        },
    ]
    code, out, err = run(capsys, "read", entry_id)
    assert (code, err) == (0, "") and "Audio: ep1.mp3[1]" in out and f"[1] {mp3}" in out
    assert len(server.seen("/media/ep1.mp3")) == before
    code, out, err = run(capsys, "read", mp3)
    assert (code, out) == (2, "") and "not a web page: the address serves audio/mpeg" in err
