"""Refresh progress for the CLI: a Rich progress bar on a terminal, one summary line otherwise.

Rich is imported only to draw a bar: a refresh with no terminal to draw on (`--quiet`, cron, a script)
prints its lines itself, and Rich's import was a tenth of that refresh's start-up.
"""

from __future__ import annotations

import os
import sys
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

from newsreader.failures import explain
from newsreader.layout import display_line
from newsreader.refresh import FeedResult
from newsreader.refresh_run import RefreshRun
from newsreader.text import LINE


async def report_refresh(results: AsyncIterator[FeedResult], total: int, *, quiet: bool) -> RefreshRun:
    """Consume the result stream, show progress, print each failure in one line; return the run."""
    run = RefreshRun(total)
    if quiet or not _may_draw(sys.stderr):
        async for result in results:
            run.add(result)
            if line := _line(result):
                sys.stderr.write(line + "\n")
    else:
        await _with_bar(results, total, run)
    if not quiet:  # quiet means quiet: failures are on stderr and in the exit status
        sys.stdout.write(run.summary() + "\n")
    return run


def _may_draw(stream: TextIO) -> bool:
    """Whether Rich may draw a bar on `stream`: a terminal, or one it is told to treat as such."""
    return stream.isatty() or "FORCE_COLOR" in os.environ or "TTY_COMPATIBLE" in os.environ


def _line(result: FeedResult) -> str | None:
    """The line a result prints: its failure or a notice (entries cut), cleaned: they come from the web."""
    if result.error:
        return display_line(f"newsreader: {result.url}: {explain(result.error)}", LINE)
    if result.note:
        return display_line(f"newsreader: {result.url}: {result.note}", LINE)
    return None


async def _with_bar(results: AsyncIterator[FeedResult], total: int, run: RefreshRun) -> None:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    from rich.text import Text

    # soft_wrap: one failure is one line, however long its URL (Rich would wrap at 80 columns off a tty).
    console = Console(stderr=True, highlight=False, soft_wrap=True)
    progress = Progress(
        TextColumn("refreshing"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    )
    with progress:
        task = progress.add_task("refresh", total=total)
        async for result in results:
            run.add(result)
            if line := _line(result):
                progress.console.print(Text(line))  # Text, not markup: URLs and reasons come from the web
            progress.advance(task)


@contextmanager
def byte_progress(label: str) -> Iterator[Callable[[int, int | None], None]]:
    """A download progress bar on stderr when it is a terminal; yields the `(done, total)` callback."""
    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn

    console = Console(stderr=True, highlight=False, soft_wrap=True)
    progress = Progress(
        TextColumn(label, markup=False),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    )
    with progress:
        task = progress.add_task("download", total=None)

        def update(done: int, total: int | None) -> None:
            progress.update(task, completed=done, total=total)

        yield update
