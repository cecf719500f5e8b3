"""Google Reader API and Miniflux sync against loopback servers written from the published API documents
(tests/sync_fakes.py): no server for either could be installed here, so these check newsreader's side of
the documented protocol, not the real servers' quirks."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsreader.cli import main
from newsreader.paths import db_path
from newsreader.store import Store
from tests.sync_fakes import FakeServer, GReaderServer, MinifluxServer


@pytest.fixture(params=["greader", "miniflux"])
def fake(request: pytest.FixtureRequest) -> Iterator[tuple[str, FakeServer, str]]:
    server: FakeServer = GReaderServer() if request.param == "greader" else MinifluxServer()
    server.add_feed(1, "http://example.com/a.xml", "Alpha", "Tech")
    server.add_feed(2, "http://example.com/b.xml", "Beta", "World")
    server.add_items(1, 3, "alpha")
    server.add_items(2, 3, "beta")
    server.start()
    url = server.base + ("/api/greader.php" if request.param == "greader" else "/")
    try:
        yield request.param, server, url
    finally:
        server.stop()


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def add(
    capsys: pytest.CaptureFixture[str], kind: str, url: str, password: str = "secret-pass"
) -> tuple[int, str, str]:
    return cli(
        capsys, "account", "add", kind, url, "--user", "reader", "--name", "acct",
        "--password-command", f"printf %s {password}",
    )  # fmt: skip


def by_link(store: Store) -> dict[str, tuple[int, bool, bool]]:
    return {e.link or "": (e.id, e.read, e.starred) for e in store.headlines(limit=1000)}


def test_round_trip(
    fake: tuple[str, FakeServer, str], home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kind, server, url = fake
    code, out, err = add(capsys, kind, url)
    assert code == 0, err
    code, out, err = cli(capsys, "sync", "--json")
    assert code == 0, err
    assert json.loads(out)[0]["new"] == 6
    store = Store.open(db_path(home))
    assert {f.title: f.tags for f in store.feeds()} == {"Alpha": ["Tech"], "Beta": ["World"]}
    local = by_link(store)
    a0, a1, b0 = "http://example.com/alpha/0", "http://example.com/alpha/1", "http://example.com/beta/0"
    assert store.entry_content(local[a0][0]) == "<p>Body 0 wordalpha</p>"

    store.update_entry(local[a0][0], read=True)
    store.update_entry(local[a1][0], starred=True)
    item = next(i for i in server.items.values() if i.link == b0)
    item.read, item.changed = True, time.time()
    code, out, err = cli(capsys, "sync", "--json")
    assert code == 0, err
    assert json.loads(out)[0]["pushed"] == 2
    remote = {i.link: (i.read, i.starred) for i in server.items.values()}
    assert remote[a0] == (True, False) and remote[a1] == (False, True)
    local = by_link(store)
    assert local[b0][1] is True and local[a0][1:] == (True, False) and local[a1][1:] == (False, True)

    # Nothing new: a handful of requests.
    code, out, err = cli(capsys, "sync", "--json")
    assert json.loads(out)[0]["new"] == 0 and json.loads(out)[0]["requests"] <= 5
    server.add_items(1, 2, "gamma")
    code, out, err = cli(capsys, "sync", "--json")
    assert json.loads(out)[0]["new"] == 2
    store.close()


def test_add_and_remove_feed_on_the_server(
    fake: tuple[str, FakeServer, str], home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kind, server, url = fake
    assert add(capsys, kind, url)[0] == 0
    code, out, err = cli(capsys, "add", "http://example.com/new.xml", "--account", "acct", "--tag", "Tech")
    assert code == 0, err
    assert "http://example.com/new.xml" in {f["url"] for f in server.feeds.values()}
    code, out, err = cli(capsys, "remove", "http://example.com/a.xml")
    assert code == 0, err
    assert "http://example.com/a.xml" not in {f["url"] for f in server.feeds.values()}


def test_wrong_password_and_html_are_one_line(
    fake: tuple[str, FakeServer, str], home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kind, server, url = fake
    code, out, err = add(capsys, kind, url, password="wrong")
    assert code == 1 and err.count("\n") == 1
    assert "account acct: the server refused the login" in err
    code, out, err = add(capsys, kind, server.base + "/nothing-here/")
    assert code == 1 and err.count("\n") == 1 and "account acct:" in err


def test_an_entry_no_page_brought_is_fetched_by_id(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """FreshRSS reads `ot` as the entry's date: an entry that arrives late with an old date is not in the
    "new since" pages, but the unread ids name it, and it is asked for by id."""
    server = GReaderServer()
    server.add_feed(1, "http://example.com/a.xml", "Alpha", "Tech")
    server.add_items(1, 2, "alpha")
    server.start()
    try:
        assert add(capsys, "greader", server.base + "/api/greader.php")[0] == 0
        assert cli(capsys, "sync")[0] == 0
        server.add_items(1, 1, "late")
        late = max(server.items.values(), key=lambda i: i.id)
        late.crawled = time.time() - 86400
        code, out, err = cli(capsys, "sync", "--json")
        assert code == 0, err
        store = Store.open(db_path(home))
        assert by_link(store)["http://example.com/late/0"][1:] == (False, False)
        assert any("/stream/items/contents" in line for line in server.log)
        store.close()
    finally:
        server.stop()


class MemoryKeyring:
    """A keyring backend that keeps secrets in memory (the system keyring is never touched by tests)."""

    priority = 1

    def __init__(self) -> None:
        self.secrets: dict[tuple[str, str], str] = {}

    def set_password(self, service: str, user: str, password: str) -> None:
        self.secrets[(service, user)] = password

    def get_password(self, service: str, user: str) -> str | None:
        return self.secrets.get((service, user))

    def delete_password(self, service: str, user: str) -> None:
        del self.secrets[(service, user)]


def _files_hold(home: Path, secret: bytes) -> bool:
    return any(secret in p.read_bytes() for p in home.rglob("*") if p.is_file())


def test_passwords_live_in_the_keyring_or_a_command_never_on_disk(
    home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    import keyring
    from keyring.backend import KeyringBackend
    from keyring.backends import fail

    previous = keyring.get_keyring()
    backend = type("Memory", (MemoryKeyring, KeyringBackend), {})()
    keyring.set_keyring(backend)
    server = MinifluxServer(password="hunter2-correct-horse")
    server.add_feed(1, "http://example.com/a.xml", "Alpha", "Tech")
    server.add_items(1, 2, "alpha")
    server.start()
    try:
        monkeypatch.setattr("sys.stdin", io.StringIO("hunter2-correct-horse\n"))
        code, out, err = cli(
            capsys, "account", "add", "miniflux", server.base, "--user", "reader", "--name", "mf",
            "--password-stdin", "--json",
        )  # fmt: skip
        assert code == 0, err
        assert json.loads(out)["password_from"] == "keyring"
        assert backend.secrets == {("newsreader", "mf"): "hunter2-correct-horse"}
        code, out, err = cli(capsys, "sync")
        assert code == 0, err
        code, out, err = cli(capsys, "account", "list", "--json")
        assert json.loads(out)[0]["password_from"] == "keyring" and "hunter2" not in out
        assert not _files_hold(home, b"hunter2-correct-horse")
        assert cli(capsys, "account", "remove", "mf")[0] == 0
        assert backend.secrets == {}
        code, out, err = cli(capsys, "account", "list")
        assert code == 0 and out.startswith("No sync accounts. Add one with: newsreader account add")
        store = Store.open(db_path(home))
        assert store.feeds() == [] and store.headlines() == []  # its feeds and entries went with it
        store.close()

        # Without a keyring and without a command: asked at each sync, which needs a terminal.
        keyring.set_keyring(fail.Keyring())  # type: ignore[no-untyped-call]
        monkeypatch.setattr("sys.stdin", io.StringIO("hunter2-correct-horse\n"))
        code, out, err = cli(
            capsys, "account", "add", "miniflux", server.base, "--user", "reader", "--name", "mf2",
            "--password-stdin",
        )  # fmt: skip
        assert code == 0 and "asked at each sync" in out, err
        code, out, err = cli(capsys, "sync")
        assert code == 1 and err.startswith("newsreader: account mf2: no stored password")
        assert not _files_hold(home, b"hunter2-correct-horse")

        # A password command that fails is one line naming the account.
        code, out, err = cli(
            capsys, "account", "add", "miniflux", server.base, "--user", "reader", "--name", "mf3",
            "--password-command", "exit 3",
        )  # fmt: skip
        assert (
            code == 1
            and err == "newsreader: error: account mf3: the password command failed (exit status 3)\n"
        )
    finally:
        keyring.set_keyring(previous)
        server.stop()


ARTICLE = b"""<!DOCTYPE html><html><head><title>Tide gauge sets a record</title></head><body>
<nav><a href="/">Home</a></nav><article><h1>Tide gauge sets a record</h1>
<p>The harbour's tide gauge logged its highest reading since records began, the port office said on
Monday, after a night of onshore gales pushed water over the lower quay.</p>
<p>Readings are kept every six minutes and the logbooks go back to 1911; the old mark was broken by eleven
centimetres. Fishermen moved their boats to the inner basin before midnight.</p>
<p>The office will publish the full series next week, with the readings of the two older gauges.</p>
</article><footer>Contact us</footer></body></html>"""


def test_synced_entries_work_like_local_ones(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Search, the full article (fetched and extracted here from the entry's link) and offline reading."""
    server = MinifluxServer()
    server.add_feed(1, "http://example.com/a.xml", "Alpha", "Tech")
    server.add_items(1, 2, "tide")
    item = next(iter(server.items.values()))
    item.link = server.base + "/articles/tide-gauge"
    server.pages["/articles/tide-gauge"] = ARTICLE
    server.start()
    try:
        assert add(capsys, "miniflux", server.base)[0] == 0
        assert cli(capsys, "sync")[0] == 0
        code, out, err = cli(capsys, "search", "wordtide", "--json")
        assert code == 0 and len(json.loads(out)) == 2
        code, out, err = cli(capsys, "read", item.link, "--json")
        assert code == 0, err
        doc = json.loads(out)
        assert doc["source"] == "page" and "highest reading since records began" in doc["text"]
        server.pages.clear()
        code, out, err = cli(capsys, "read", item.link, "--json", "--offline")
        assert code == 0 and json.loads(out)["text"] == doc["text"]
    finally:
        server.stop()


def test_the_newer_change_wins_when_the_server_dates_its_changes(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Miniflux dates every state change (changed_at): a queued local change older than the server's change
    of the same entry is dropped and the server's state comes down; a newer local change is sent."""
    server = MinifluxServer()
    server.add_feed(1, "http://example.com/a.xml", "Alpha", "Tech")
    server.add_items(1, 2, "conflict")
    server.start()
    try:
        assert add(capsys, "miniflux", server.base)[0] == 0
        assert cli(capsys, "sync")[0] == 0
        store = Store.open(db_path(home))
        local = by_link(store)
        older, newer = (f"http://example.com/conflict/{i}" for i in (0, 1))
        item = {i.link: i for i in server.items.values()}
        # Entry 0: read here (t1); later (t2) another client reads it and makes it unread again.
        store.update_entry(local[older][0], read=True)
        time.sleep(0.05)
        item[older].read, item[older].changed = False, time.time()
        # Entry 1: starred on the server (t0); later here starred, then unstarred again (t3 > t0).
        item[newer].starred, item[newer].changed = True, time.time()
        time.sleep(0.05)
        store.update_entry(local[newer][0], starred=True)
        store.update_entry(local[newer][0], starred=False)
        code, out, err = cli(capsys, "sync", "--json")
        assert code == 0, err
        assert item[older].read is False  # the server's newer change stands ...
        assert item[newer].starred is False  # ... and so does the newer local one
        local = by_link(store)
        assert local[older][1:] == (False, False) and local[newer][1:] == (False, False)
        assert store.queue_length(store.accounts()[0].id) == 0
        store.close()
    finally:
        server.stop()


def test_a_keyring_that_fails_is_one_line_naming_the_account(tmp_path: Path) -> None:
    """A locked keyring (or one whose D-Bus service is gone) ends no sync, nor the TUI, by a traceback."""
    import keyring
    from keyring.backend import KeyringBackend
    from keyring.errors import KeyringLocked

    from newsreader.sync.records import SyncError
    from newsreader.sync.secrets import password_for

    class Locked(MemoryKeyring):
        def get_password(self, service: str, user: str) -> str | None:
            raise KeyringLocked("the collection is locked")

    previous = keyring.get_keyring()
    keyring.set_keyring(type("LockedKeyring", (Locked, KeyringBackend), {})())
    store = Store.open(tmp_path / "db.sqlite")
    try:
        account = store.add_account("mf", "miniflux", "http://127.0.0.1:9/", "me", "keyring", None)
        with pytest.raises(SyncError) as caught:
            password_for(account, interactive=False)
        assert caught.value.message == "account mf: the system keyring failed: the collection is locked"
    finally:
        keyring.set_keyring(previous)
        store.close()


def test_in_the_tui_a_password_command_writes_nothing_to_the_terminal(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """Not interactive (the TUI owns the terminal): the command's stderr goes nowhere, its stdin is empty."""
    from newsreader.sync.secrets import password_for

    store = Store.open(tmp_path / "db.sqlite")
    command = "echo prompt-noise >&2; read extra; echo secret-$extra"
    account = store.add_account("cmd", "miniflux", "http://127.0.0.1:9/", "me", "command", command)
    store.close()
    assert password_for(account, interactive=False) == "secret-"
    assert "prompt-noise" not in capfd.readouterr().err
    assert password_for(account, interactive=True) == "secret-"  # the CLI: a pinentry may talk
    assert "prompt-noise" in capfd.readouterr().err
