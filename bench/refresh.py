"""Refresh benchmark: ``newsreader refresh`` against the network floor and Newsboat on one loopback server.

    python bench/refresh.py --hosts 1             # 1000 feeds on one host, 50 ms latency, --jobs 16
    python bench/refresh.py --feeds 50 --only floor newsreader

It starts ``bench/feedserver.py`` in a child process (N feeds, RSS and Atom, 20-100 entries and
20-200 KB each, gzip, ETag/Last-Modified, latency per request, spread over ``--hosts`` of 127.0.0.1-4),
then runs three phases, each tool in turn on the same server: the network floor (``bench/floor.py``:
plain concurrent GETs of the same URLs over ``--jobs`` keep-alive connections, bodies read and dropped,
validators kept like a reader's), newsreader and Newsboat. The server reports the peak of requests in
flight overall and towards one address, so per-host and global concurrency are measured, not assumed.

* ``cold``     empty store / cache;
* ``full200``  the server ignores validators and answers 200 with the same bytes (nothing new);
* ``warm``     validators honoured: every feed answers 304.

newsreader runs as installed: its bytecode is compiled once (during setup, cached in the workdir through
PYTHONPYCACHEPREFIX), not at every run, even where PYTHONDONTWRITEBYTECODE is set.

For each run: wall time, CPU (user+sys of the child from ``os.wait4``, plus that of the processes it
started and left behind, e.g. newsreader's worker pool, adopted and reaped here as their subreaper), peak
RSS (``ru_maxrss`` of the child; ``wrk_MB``: the largest of its workers), entries stored, exit status
and what the server saw (requests, 200s, 304s, connections).
Then each tool's wall time over the floor's per phase, and PASS/FAIL against the targets (cold <= 1.3x
the floor, unchanged <= 1.1x, peak RSS <= 150 MB, every entry stored).

Newsboat runs as ``newsboat -u urls -c cache.db -C config -x reload`` in its own directory with HOME
(and the XDG dirs) pointed there; its config sets ``reload-threads 16`` and an ``error-log``.
Newsboat quirk worth knowing: on a cold cache it does not persist the ETag/Last-Modified it receives
(the feed row does not exist yet when it saves them), so the refresh right after a cold one is
unconditional; the phase order cold -> full200 -> warm makes the warm phase conditional for both.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from feedserver import DEFAULT_HOSTS, FeedServer  # noqa: E402

PHASES = ("cold", "full200", "warm")
# newsreader wall time over the network floor measured in the same run (issue #13).
FLOOR_TARGETS = {"cold": 1.3, "full200": 1.1, "warm": 1.1}
RSS_TARGET_MB = 150.0
MARKER = ".refresh-bench"


@dataclass
class Run:
    phase: str
    tool: str
    wall_s: float
    cpu_s: float
    rss_mb: float
    entries: int
    exit: int
    server: dict[str, Any] = field(default_factory=dict)
    workers_rss_mb: float = 0.0


@dataclass(frozen=True)
class Measured:
    exit: int
    wall_s: float
    cpu_s: float  # the command and every process it started (a worker pool), user+sys
    rss_mb: float  # the command's own peak
    workers_rss_mb: float = 0.0  # the largest peak of the processes it started, if any


def _become_subreaper() -> bool:
    """Adopt the orphans of the commands we run (Linux PR_SET_CHILD_SUBREAPER): a worker pool's processes
    (multiprocessing's forkserver and its workers) outlive the command's own wait, and their CPU would be
    missing from the command's rusage. Adopted, they are reaped here and counted."""
    try:
        import ctypes

        return bool(ctypes.CDLL(None).prctl(36, 1, 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False


SUBREAPER = sys.platform == "linux" and _become_subreaper()


def _children() -> set[int]:
    found: set[int] = set()
    if not SUBREAPER:
        return found
    for tid in os.listdir("/proc/self/task"):
        try:
            found.update(int(x) for x in Path(f"/proc/self/task/{tid}/children").read_text().split())
        except OSError:
            pass
    return found


def _reap_orphans(before: set[int], wait_s: float = 10.0) -> tuple[float, float]:
    """Wait for the processes the last command left behind; (their CPU seconds, their largest peak RSS)."""
    cpu = rss = 0.0
    deadline = time.monotonic() + wait_s
    while (orphans := _children() - before) and time.monotonic() < deadline:
        for pid in orphans:
            try:
                done, _, usage = os.wait4(pid, os.WNOHANG)
            except ChildProcessError:
                continue
            if done:
                cpu += usage.ru_utime + usage.ru_stime  # includes the workers it reaped itself
                rss = max(rss, usage.ru_maxrss / 1024.0)
        time.sleep(0.01)
    return cpu, rss


def measure(
    cmd: list[str],
    *,
    env: dict[str, str],
    cwd: Path,
    log: Path,
    timeout: float,
    stdout: Path | None = None,
) -> Measured:
    """Run ``cmd``; wall time, user+sys CPU and peak RSS of the child (via ``os.wait4``), plus the CPU of
    the processes it started that outlived it (reaped here as their subreaper).

    stderr (and stdout, unless ``stdout`` names a file for it) is appended to ``log``.
    """
    before = _children()
    with log.open("ab") as out, (stdout or log).open("ab" if stdout is None else "wb") as sout:
        out.write(f"\n$ {shlex.join(cmd)}\n".encode())
        out.flush()
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=sout, stderr=out)
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    proc.returncode = code  # already reaped; keep Popen from waiting again
    orphans_cpu, orphans_rss = _reap_orphans(before)
    return Measured(
        exit=code,
        wall_s=wall,
        cpu_s=usage.ru_utime + usage.ru_stime + orphans_cpu,
        rss_mb=usage.ru_maxrss / 1024.0,  # Linux: KiB
        workers_rss_mb=orphans_rss,
    )


def count_rows(db: Path, table: str) -> int:
    if not db.exists():
        return -1
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
        return int(row[0])
    except sqlite3.Error:
        return -1
    finally:
        con.close()


def clean_env(home: Path | None = None) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k.lower() not in ("http_proxy", "https_proxy", "all_proxy", "no_proxy")
        and not k.startswith("NEWSREADER_")
    }
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,127.0.0.2,127.0.0.3,127.0.0.4,localhost"
    env.setdefault("TERM", "dumb")
    if home is not None:
        env["HOME"] = str(home)
        env["XDG_CONFIG_HOME"] = str(home / ".config")
        env["XDG_DATA_HOME"] = str(home / ".local" / "share")
        env["XDG_CACHE_HOME"] = str(home / ".cache")
        env["XDG_STATE_HOME"] = str(home / ".local" / "state")
    return env


class Tool:
    name = ""

    def __init__(self, workdir: Path, args: argparse.Namespace) -> None:
        self.dir = workdir / self.name
        self.dir.mkdir(parents=True)
        self.args = args
        self.log = workdir / f"{self.name}.log"

    def setup(self, server: FeedServer) -> None:
        raise NotImplementedError

    def refresh(self) -> Measured:
        raise NotImplementedError

    def entries(self) -> int:
        raise NotImplementedError


class Newsreader(Tool):
    name = "newsreader"

    def __init__(self, workdir: Path, args: argparse.Namespace) -> None:
        super().__init__(workdir, args)
        self.cmd = newsreader_cmd(args)
        self.env = clean_env()
        # As installed: pip compiles a package's modules at install time, so a run never compiles them.
        # An environment that says not to write bytecode (PYTHONDONTWRITEBYTECODE) would have every run
        # compile newsreader from source; its bytecode is kept in the workdir instead (written by setup).
        self.env.pop("PYTHONDONTWRITEBYTECODE", None)
        self.env["PYTHONPYCACHEPREFIX"] = str(workdir / "pycache")

    def _run(self, *argv: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*self.cmd, "--home", str(self.dir), *argv],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def setup(self, server: FeedServer) -> None:
        # What `pip install` does: compile every module of the package (into the workdir's cache).
        where = "import newsreader, os; print(os.path.dirname(newsreader.__file__))"
        found = subprocess.run([sys.executable, "-c", where], env=self.env, capture_output=True, text=True)
        if found.returncode == 0 and found.stdout.strip():
            compile_all = [sys.executable, "-m", "compileall", "-q", found.stdout.strip()]
            subprocess.run(compile_all, env=self.env, capture_output=True, check=False)
        opml = self.dir.parent / "feeds.opml"
        server.write_opml(opml)
        res = self._run("import", str(opml))
        with self.log.open("a") as f:
            f.write(f"$ import {opml}\n{res.stdout}{res.stderr}")
        if res.returncode != 0:
            raise SystemExit(f"newsreader import failed ({res.returncode}):\n{res.stderr[-2000:]}")
        feeds = self._run("feeds", "--json")
        try:
            doc = json.loads(feeds.stdout)
            n = len(doc["feeds"] if isinstance(doc, dict) and "feeds" in doc else doc)
        except (ValueError, TypeError, KeyError):
            n = -1
        if n != server.feeds:
            print(f"warning: newsreader feeds --json lists {n} feeds, expected {server.feeds}")

    def refresh(self) -> Measured:
        cmd = [*self.cmd, "--home", str(self.dir), "refresh", "--jobs", str(self.args.jobs)]
        cmd.append("--quiet")
        if self.args.per_host:
            (self.dir / "config.toml").write_text(f"[refresh]\nper_host = {self.args.per_host}\n")
        return measure(cmd, env=self.env, cwd=self.dir, log=self.log, timeout=self.args.timeout)

    def entries(self) -> int:
        return count_rows(self.dir / "newsreader.db", "entries")


class Floor(Tool):
    """The network floor: bench/floor.py, plain concurrent GETs with as many connections as --jobs."""

    name = "floor"

    def setup(self, server: FeedServer) -> None:
        server.write_urls(self.dir / "urls")

    def refresh(self) -> Measured:
        script = str(Path(__file__).resolve().parent / "floor.py")
        cmd = [sys.executable, script, "urls", "--connections", str(self.args.jobs), "--state", "state.json"]
        return measure(cmd, env=clean_env(), cwd=self.dir, log=self.log, timeout=self.args.timeout)

    def entries(self) -> int:
        return -1  # stores nothing


class Newsboat(Tool):
    name = "newsboat"

    def __init__(self, workdir: Path, args: argparse.Namespace) -> None:
        super().__init__(workdir, args)
        self.env = clean_env(self.dir)

    def setup(self, server: FeedServer) -> None:
        server.write_urls(self.dir / "urls")
        (self.dir / "config").write_text(
            f"reload-threads {self.args.newsboat_threads}\n"
            f'error-log "{self.dir / "error.log"}"\n'
            "show-read-feeds yes\n"
        )

    def refresh(self) -> Measured:
        cmd = [self.args.newsboat, "-u", "urls", "-c", "cache.db", "-C", "config", "-x", "reload"]
        return measure(cmd, env=self.env, cwd=self.dir, log=self.log, timeout=self.args.timeout)

    def entries(self) -> int:
        return count_rows(self.dir / "cache.db", "rss_item")


def newsreader_cmd(args: argparse.Namespace) -> list[str]:
    if args.newsreader:
        return shlex.split(args.newsreader)
    exe = shutil.which("newsreader")
    return [exe] if exe else [sys.executable, "-m", "newsreader"]


def versions(args: argparse.Namespace) -> dict[str, str]:
    out = {"nproc": str(os.cpu_count()), "python": platform.python_version()}
    try:
        nb = subprocess.run([args.newsboat, "--version"], capture_output=True, text=True)
        out["newsboat"] = nb.stdout.split()[1] if nb.stdout else "?"
    except OSError:
        out["newsboat"] = "missing"
    try:
        from importlib.metadata import version

        out["newsreader"] = version("newsreader")
    except Exception:  # noqa: BLE001 - any failure means "unknown"
        out["newsreader"] = "?"
    out["platform"] = platform.platform(terse=True)
    return out


def prepare_workdir(keep: str | None) -> tuple[Path, bool]:
    if keep is None:
        return Path(tempfile.mkdtemp(prefix="nr-refresh-bench-")), False
    path = Path(keep).resolve()
    if path.exists() and any(path.iterdir()):
        if not (path / MARKER).exists():
            raise SystemExit(f"--keep {path}: directory exists, is not empty and not ours")
        shutil.rmtree(path)
    path.mkdir(parents=True, exist_ok=True)
    (path / MARKER).write_text("made by bench/refresh.py; deleted and rebuilt on the next run\n")
    return path, True


def fmt_table(headers: list[str], rows: list[list[str]], left: int = 1) -> str:
    """A plain text table; the first `left` columns left-aligned, the rest right-aligned."""
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.ljust(w) if i < left else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *map(line, rows)])


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--feeds", type=int, default=1000)
    p.add_argument("--latency-ms", type=float, default=50.0)
    p.add_argument("--jobs", type=int, default=16, help="newsreader refresh --jobs")
    p.add_argument("--only", nargs="+", choices=("floor", "newsreader", "newsboat"))
    p.add_argument("--hosts", type=int, default=4, help="loopback addresses the feeds are spread over (1-4)")
    p.add_argument("--per-host", type=int, help="newsreader [refresh] per_host (default: its own default)")
    p.add_argument("--keep", metavar="DIR", help="work in DIR and keep it (stores, logs, results)")
    p.add_argument("--newsboat", default="newsboat", help="newsboat executable")
    p.add_argument("--newsboat-threads", type=int, default=16, help="newsboat reload-threads")
    p.add_argument("--newsreader", help="newsreader command (default: `newsreader` on PATH)")
    p.add_argument("--timeout", type=float, default=1800.0, help="per run, seconds")
    p.add_argument("--phases", nargs="+", choices=PHASES, default=list(PHASES))
    args = p.parse_args(argv)

    info = versions(args)
    workdir, keep = prepare_workdir(args.keep)
    tool_classes: list[type[Tool]] = [Floor, Newsreader, Newsboat]
    if args.only:
        tool_classes = [c for c in tool_classes if c.name in args.only]

    print(
        f"machine: nproc={info['nproc']} python={info['python']} newsboat={info['newsboat']} "
        f"newsreader={info['newsreader']} ({info['platform']})",
        flush=True,
    )
    runs: list[Run] = []
    t_start = time.perf_counter()
    try:
        hosts = DEFAULT_HOSTS[: max(1, min(args.hosts, len(DEFAULT_HOSTS)))]
        with FeedServer(args.feeds, args.latency_ms, hosts=hosts) as server:
            si = server.info
            print(
                f"server: {args.feeds} feeds on {len(server.endpoints)} loopback addresses, "
                f"{si['entries']} entries, {si['bytes'] / 1e6:.1f} MB "
                f"({si['gzip_bytes'] / 1e6:.1f} MB gzipped), latency {args.latency_ms:g} ms, "
                f"built in {si['build_s']} s; newsreader --jobs {args.jobs}, "
                f"newsboat reload-threads {args.newsboat_threads}; workdir {workdir}",
                flush=True,
            )
            tools = [cls(workdir, args) for cls in tool_classes]
            for tool in tools:
                tool.setup(server)
            for phase in args.phases:
                server.set_ignore_validators(phase == "full200")
                for tool in tools:
                    server.reset_stats()
                    m = tool.refresh()
                    stats = server.stats()
                    run = Run(phase, tool.name, m.wall_s, m.cpu_s, m.rss_mb, tool.entries(), m.exit)
                    run.server = stats
                    run.workers_rss_mb = m.workers_rss_mb
                    runs.append(run)
                    if m.exit != 0:
                        tail = tool.log.read_text(errors="replace").splitlines()[-5:]
                        print("    " + "\n    ".join(tail), flush=True)
                    print(
                        f"  {phase:8} {tool.name:10} wall {m.wall_s:7.2f} s  cpu {m.cpu_s:7.2f} s  "
                        f"rss {m.rss_mb:6.1f} MB (workers {m.workers_rss_mb:5.1f})  "
                        f"entries {run.entries}  exit {m.exit}  "
                        f"(200: {stats.get('200', 0)}, 304: {stats.get('304', 0)}, in flight: "
                        f"{stats.get('peak_in_flight', 0)} all, "
                        f"{stats.get('peak_in_flight_host', 0)} one host)",
                        flush=True,
                    )
            expected = server.total_entries
    finally:
        if not keep:
            shutil.rmtree(workdir, ignore_errors=True)

    ok = report(runs, expected, args)
    print(f"total bench time {time.perf_counter() - t_start:.0f} s")
    if keep:
        (workdir / "results.json").write_text(
            json.dumps(
                {"machine": info, "args": vars(args), "expected_entries": expected,
                 "runs": [asdict(r) for r in runs]},
                indent=2,
            )
        )  # fmt: skip
    return 0 if ok else 1


def report(runs: list[Run], expected: int, args: argparse.Namespace) -> bool:
    rows = []
    for r in runs:
        s = r.server
        rows.append(
            [r.phase, r.tool, f"{r.wall_s:.2f}", f"{r.cpu_s:.2f}", f"{r.rss_mb:.1f}",
             f"{r.workers_rss_mb:.1f}" if r.workers_rss_mb else "-",
             str(r.entries) if r.entries >= 0 else "-", str(r.exit), str(s.get("requests", 0)),
             str(s.get("200", 0)), str(s.get("304", 0)), str(s.get("connections", 0)),
             str(s.get("peak_in_flight", 0)), str(s.get("peak_in_flight_host", 0))]
        )  # fmt: skip
    print()
    latency = args.feeds * args.latency_ms / 1000.0 / max(args.jobs, 1)
    print(f"feeds={args.feeds} latency={args.latency_ms:g}ms jobs={args.jobs} hosts={args.hosts} "
          f"expected entries={expected}; latency alone at {args.jobs} requests in flight: "
          f"{latency:.2f} s")  # fmt: skip
    headers = ["phase", "tool", "wall_s", "cpu_s", "rss_MB", "wrk_MB", "entries", "exit", "reqs", "200"]
    print(fmt_table([*headers, "304", "conns", "inflight", "per_host"], rows, left=2))

    by = {(r.phase, r.tool): r for r in runs}
    side = []
    for phase in args.phases:
        fl, nr, nb = (by.get((phase, t)) for t in ("floor", "newsreader", "newsboat"))

        def cell(r: Run | None, fl: Run | None = fl) -> list[str]:
            if r is None:
                return ["-", "-"]
            ratio = f"{r.wall_s / fl.wall_s:.2f}x" if fl and fl.wall_s else "-"
            return [f"{r.wall_s:.2f}", ratio]

        side.append([phase, f"{fl.wall_s:.2f}" if fl else "-", *cell(nr), *cell(nb)])
    print()
    print(fmt_table(["phase", "floor_s", "newsreader_s", "x floor", "newsboat_s", "x floor"], side))

    ok = True
    checks: list[list[str]] = []
    for r in runs:
        if r.tool == "floor":
            if r.exit != 0:
                checks.append([f"{r.phase}/floor exit", str(r.exit), "== 0", "FAIL"])
                ok = False
            continue
        good = r.entries == expected
        if r.tool == "newsreader":
            ok &= good
        if not good or r.exit != 0:
            checks.append(
                [f"{r.phase}/{r.tool} entries", f"{r.entries} (exit {r.exit})", f"== {expected}",
                 "PASS" if good else ("FAIL" if r.tool == "newsreader" else "(peer)")]
            )  # fmt: skip
    for phase in args.phases:
        fl, nr, nb = (by.get((phase, t)) for t in ("floor", "newsreader", "newsboat"))
        if nr and fl:
            ratio = nr.wall_s / fl.wall_s if fl.wall_s else float("inf")
            good = ratio <= FLOOR_TARGETS[phase]
            ok &= good
            checks.append(
                [f"{phase} wall newsreader/floor", f"{ratio:.3f}",
                 f"<= {FLOOR_TARGETS[phase]}", "PASS" if good else "FAIL"]
            )  # fmt: skip
        if nr and nb:
            ratio = nr.wall_s / nb.wall_s if nb.wall_s else float("inf")
            checks.append([f"{phase} wall newsreader/newsboat", f"{ratio:.3f}", "(info)", ""])
        if nr:
            good = nr.rss_mb <= RSS_TARGET_MB
            ok &= good
            checks.append(
                [f"{phase} newsreader peak RSS MB", f"{nr.rss_mb:.1f}", f"<= {RSS_TARGET_MB:g}",
                 "PASS" if good else "FAIL"]
            )  # fmt: skip
    print()
    print(fmt_table(["check", "value", "target", "result"], checks, left=1))
    print(f"\noverall: {'PASS' if ok else 'FAIL'}")
    if (args.feeds, args.latency_ms, args.jobs) != (1000, 50.0, 16):
        print("note: the targets are set for --feeds 1000 --latency-ms 50 --jobs 16")
    return ok


if __name__ == "__main__":
    sys.exit(main())
