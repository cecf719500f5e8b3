"""Real feed-sync servers for the tests: Tiny Tiny RSS (with PostgreSQL) and Coldsweat (Fever), started on
loopback by the scripts in `<repo>/../shared/sync/` (see its README), once per test session.

CI runs as root on a fresh Debian machine: the TT-RSS packages are installed here when missing (the
`apt-get` line of `ttrss-start.sh`, ~30 s) and Coldsweat's venv is created by `fever-start.sh` (~15 s).
A test is skipped, with the reason, only when the platform cannot install them (not root, no apt-get,
no scripts); set NEWSREADER_SYNC_SERVERS=require to make that a failure instead.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

SCRIPTS = Path(__file__).resolve().parents[1].parent / "shared" / "sync"
TTRSS_PACKAGES = (
    "tt-rss dbconfig-no-thanks postgresql-15 php-cli php-cgi php-pgsql php-curl php-intl php-mbstring"
    " php-xml php-gd curl libapache2-mod-php8.2- libapache2-mod-php- apache2-bin- php8.2-fpm-"
).split()
TIMINGS: dict[str, float] = {}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _unavailable(reason: str) -> None:
    if os.environ.get("NEWSREADER_SYNC_SERVERS") == "require":
        pytest.fail(reason)
    pytest.skip(reason)


def _run(cmd: list[str], timeout: float = 300, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        cmd, capture_output=True, text=True, timeout=timeout, env={**os.environ, **(env or {})}, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr[-2000:]}")
    return done.stdout


def _env(output: str) -> dict[str, str]:
    return dict(line.split("=", 1) for line in output.splitlines() if "=" in line)


def ensure_ttrss_installed() -> None:
    if Path("/usr/share/tt-rss/www").is_dir() and shutil.which("php"):
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        _unavailable("Tiny Tiny RSS is not installed and this is not a root Debian machine (apt-get tt-rss)")
    start = time.monotonic()
    env = {"DEBIAN_FRONTEND": "noninteractive"}
    try:
        _run(["apt-get", "install", "-y", "--no-install-recommends", *TTRSS_PACKAGES], timeout=900, env=env)
    except RuntimeError:
        _run(["apt-get", "update"], timeout=600, env=env)
        _run(["apt-get", "install", "-y", "--no-install-recommends", *TTRSS_PACKAGES], timeout=900, env=env)
    TIMINGS["ttrss install"] = time.monotonic() - start


@dataclass
class Ttrss:
    port: int
    dir: Path
    api: str
    user: str
    password: str
    sid: str | None = None

    def call(self, op: str, **params: Any) -> Any:
        """The test's own minimal client, to check what the server holds (independent of newsreader's)."""
        if op != "login" and self.sid is None:
            self.sid = self.call("login", user=self.user, password=self.password)["session_id"]
        body = {"op": op, **params, **({"sid": self.sid} if self.sid and op != "login" else {})}
        request = urllib.request.Request(
            self.api, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            answer = json.loads(response.read())
        assert answer["status"] == 0, answer
        return answer["content"]

    def update(self, feed_id: int | None = None) -> None:
        """Fetch one feed now (the API's updateFeed, synchronous), or every feed (ttrss-update.sh)."""
        if feed_id is not None:
            self.call("updateFeed", feed_id=feed_id)
        else:
            _run([str(SCRIPTS / "ttrss-update.sh"), str(self.dir)], timeout=300)

    def subscribe(self, url: str) -> int:
        """Subscribe and fetch the feed at once; its id on the server."""
        self.call("subscribeToFeed", feed_url=url, category_id=0)
        feed_id = next(int(f["id"]) for f in self.call("getFeeds", cat_id=-3) if f["feed_url"] == url)
        self.update(feed_id)
        return feed_id

    def headlines(self, feed_id: int = -4, view_mode: str = "all_articles") -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        while True:
            page = self.call(
                "getHeadlines",
                feed_id=feed_id,
                view_mode=view_mode,
                limit=200,
                skip=len(out),
                show_content=False,
            )
            out += page
            if len(page) < 200:
                return out


def start_ttrss() -> Ttrss:
    if not (SCRIPTS / "ttrss-start.sh").exists():
        _unavailable(f"the sync server scripts are missing ({SCRIPTS})")
    ensure_ttrss_installed()
    port = free_port()
    state = Path(tempfile.mkdtemp(prefix="nr-ttrss-", dir="/tmp"))
    state.chmod(0o755)
    start = time.monotonic()
    env = _env(_run([str(SCRIPTS / "ttrss-start.sh"), str(port), str(state)], timeout=300))
    TIMINGS["ttrss start"] = time.monotonic() - start
    return Ttrss(port, state, env["TTRSS_API_URL"], env["TTRSS_USER"], env["TTRSS_PASSWORD"])


def stop_ttrss(server: Ttrss) -> None:
    subprocess.run(
        [str(SCRIPTS / "ttrss-stop.sh"), str(server.dir), "--purge"], capture_output=True, check=False
    )


@dataclass
class Fever:
    port: int
    dir: Path
    url: str
    email: str
    password: str

    def api(self, query: str = "", **form: Any) -> dict[str, Any]:
        key = hashlib.md5(f"{self.email}:{self.password}".encode()).hexdigest()
        data = urllib.parse.urlencode({"api_key": key, **form}).encode()
        url = self.url + "?api" + ("&" + query if query else "")
        with urllib.request.urlopen(urllib.request.Request(url, data=data), timeout=60) as response:
            answer: dict[str, Any] = json.loads(response.read())
        return answer

    def add_feed(self, url: str, group: str | None = None) -> None:
        _run([str(SCRIPTS / "fever-add-feed.sh"), str(self.dir), url, *([group] if group else [])])

    def fetch(self) -> None:
        _run([str(SCRIPTS / "fever-fetch.sh"), str(self.dir)])

    def ids(self, which: str) -> set[str]:
        value = self.api(which)[which]
        return {v for v in str(value).split(",") if v}


def start_fever() -> Fever:
    if not (SCRIPTS / "fever-start.sh").exists():
        _unavailable(f"the sync server scripts are missing ({SCRIPTS})")
    port = free_port()
    state = Path(tempfile.mkdtemp(prefix="nr-fever-", dir="/tmp"))
    start = time.monotonic()
    command = [str(SCRIPTS / "fever-start.sh"), str(port), str(state)]
    try:
        env = _env(_run(command, timeout=600))
    except RuntimeError as err:
        if "venv creation failed" in str(err) and os.geteuid() == 0 and shutil.which("apt-get"):
            # A Debian python without its venv module: install it, as the script's message says.
            apt = {"DEBIAN_FRONTEND": "noninteractive"}
            _run(
                ["apt-get", "install", "-y", "--no-install-recommends", "python3-venv"], timeout=600, env=apt
            )
            env = _env(_run(command, timeout=600))
        elif "venv" in str(err) or "pip install" in str(err):
            _unavailable(f"Coldsweat could not be installed here: {err}")
            raise
        else:
            raise
    TIMINGS["fever start"] = time.monotonic() - start
    return Fever(port, state, env["FEVER_URL"], env["FEVER_EMAIL"], env["FEVER_PASSWORD"])


def stop_fever(server: Fever) -> None:
    subprocess.run(
        [str(SCRIPTS / "fever-stop.sh"), str(server.dir), "--purge"], capture_output=True, check=False
    )
