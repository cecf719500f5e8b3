"""Refresh progress for the CLI: a Rich progress bar on a terminal, one summary line otherwise."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TransferSpeedColumn,
)
from rich.text import Text

from newsreader.failures import explain
from newsreader.layout import display_line
from newsreader.refresh import FeedResult
from newsreader.refresh_run import RefreshRun
from newsreader.text import LINE


async def report_refresh(results: AsyncIterator[FeedResult], total: int, *, quiet: bool) -> RefreshRun:
    """Consume the result stream, show progress, print each failure in one line; return the run."""
    # soft_wrap: one failure is one line, however long its URL (Rich would wrap at 80 columns off a tty).
    console = Console(stderr=True, highlight=False, soft_wrap=True)
    run = RefreshRun(total)
    show_bar = console.is_terminal and not quiet
    progress = Progress(
        TextColumn("refreshing"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not show_bar,
    )
    with progress:
        task = progress.add_task("refresh", total=total)
        async for result in results:
            run.add(result)
            if result.error:
                # Text, not markup, and cleaned (a display boundary): URLs and reasons come from the web.
                line = f"newsreader: {result.url}: {explain(result.error)}"
                progress.console.print(Text(display_line(line, LINE)))
            elif result.note:
                progress.console.print(Text(display_line(f"newsreader: {result.url}: {result.note}", LINE)))
            progress.advance(task)
    if not quiet:  # quiet means quiet: failures are on stderr and in the exit status
        sys.stdout.write(run.summary() + "\n")
    return run


@contextmanager
def byte_progress(label: str) -> Iterator[Callable[[int, int | None], None]]:
    """A download progress bar on stderr when it is a terminal; yields the `(done, total)` callback."""
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
