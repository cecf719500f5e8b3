"""The log: a rotating file under the home recording what refresh and the reader decided, and why.

Core modules log with `logging.getLogger(__name__)` at their decision points (each request's status and
time, a 304, a feed skipped because its server asked to wait, which parser read a feed, every extraction
fallback); nothing is configured on import. A front end calls `logging_to(home)` for the life of a
command or the app; `verbose` mirrors the log to stderr (CLI only: the TUI owns the terminal).
Log lines are sanitised like any other display of web text (URLs and reasons come from servers).
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import Any

from newsreader.layout import display_line
from newsreader.text import KEY

LOG_NAME = "newsreader.log"
MAX_BYTES = 1_000_000  # per file; with the backups at most 4 MB of log in the home
BACKUPS = 3
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class _QuietFileHandler(RotatingFileHandler):
    """The rotating file, its size counted as lines are written: the standard handler asks the system for
    the file's kind and size before every line (three system calls; a refresh logs two lines per feed).
    The size is read again from the file every `RESYNC` lines and at each rotation, so lines another
    process appends meanwhile are counted too."""

    RESYNC = 200

    def __init__(self, filename: Path, **kwargs: Any) -> None:
        super().__init__(filename, **kwargs)
        self._size: int | None = None  # characters in the file (as the standard handler counts)
        self._lines = 0

    def shouldRollover(self, record: logging.LogRecord) -> bool:  # noqa: N802 - logging's name
        if self._size is None or self._lines >= self.RESYNC:
            # What the standard handler checks each time: only a regular file rotates (not /dev/null).
            if os.path.exists(self.baseFilename) and not os.path.isfile(self.baseFilename):
                self._size = -(2**62)  # never reaches the cap
            else:
                if self.stream is None:
                    self.stream = self._open()
                self.stream.seek(0, 2)
                self._size = self.stream.tell()
            self._lines = 0
        line = len(self.format(record)) + 1
        self._lines += 1
        if self.maxBytes > 0 and self._size > 0 and self._size + line >= self.maxBytes:
            self._size = line  # the line starts the new file
            return True
        self._size += line
        return False

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        """A full disk or a vanished home must not print a traceback or stop the work: drop the line."""


class _CleanFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        # The rotating handler formats each record twice (once to see whether it would pass the size
        # cap): the line is made once per formatter and kept on the record (the log of a refresh of 1,000
        # feeds that changed nothing was a tenth of its CPU).
        made = record.__dict__.get("_newsreader_line")
        if made is not None and made[0] is self:
            return str(made[1])
        line = display_line(super().format(record), KEY)  # the log is shown too: a display boundary
        record.__dict__["_newsreader_line"] = (self, line)
        return line


def log_path(home: Path) -> Path:
    return home / LOG_NAME


@contextmanager
def logging_to(home: Path, *, verbose: bool = False) -> Iterator[None]:
    """Log the `newsreader` loggers to the home's rotating file (and stderr when `verbose`) meanwhile."""
    logger = logging.getLogger("newsreader")
    handlers: list[logging.Handler] = [
        _QuietFileHandler(
            log_path(home), maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True
        )
    ]
    if verbose:
        handlers.append(logging.StreamHandler(sys.stderr))
    for handler in handlers:
        handler.setFormatter(_CleanFormatter(FORMAT))
        logger.addHandler(handler)
    old_level = logger.level
    logger.setLevel(logging.INFO)
    # FORMAT shows no thread, process or caller: records skip gathering them (logging's documented
    # switches for this; a refresh logs two records per feed).
    switches = ("logThreads", "logProcesses", "logMultiprocessing", "_srcfile")
    old_switches = {name: getattr(logging, name) for name in switches}
    for name in switches:
        setattr(logging, name, None if name == "_srcfile" else False)
    try:
        yield
    finally:
        for name, value in old_switches.items():
            setattr(logging, name, value)
        logger.setLevel(old_level)
        for handler in handlers:
            logger.removeHandler(handler)
            handler.close()
