"""A large file (a podcast episode) to disk through the one client, resumable.

The body streams to `<name>.part` beside the target and is renamed only when complete. A download that was
interrupted resumes where it stopped with an HTTP Range request (RFC 9110 section 14); a server that
ignores the range (200 instead of 206) starts the file again. The size cap is checked against the announced
length before a byte is written and against the bytes as they arrive. We ask for the identity encoding so
byte offsets mean the same on every attempt, and refuse a compressed answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx

from newsreader.errors import FetchError
from newsreader.fetch.client import Fetcher, HTTPStatusError
from newsreader.layout import megabytes

Progress = Callable[[int, int | None], None]  # bytes on disk, total bytes when known
_CONTENT_RANGE = re.compile(r"^\s*bytes\s+(\d+)-(\d+)/(\d+|\*)\s*$", re.I)


@dataclass(slots=True, frozen=True)
class Downloaded:
    path: Path
    size: int
    resumed_from: int = 0  # bytes that were already on disk from an earlier attempt
    fetched: bool = True  # False when the file was already complete


async def download(
    fetcher: Fetcher, url: str, target: Path, *, limit: int, progress: Progress | None = None
) -> Downloaded:
    """Download `url` to `target` (at most `limit` bytes), resuming a `.part` left by an earlier try."""
    if target.is_file():
        return Downloaded(target, target.stat().st_size, fetched=False)
    part = target.with_name(target.name + ".part")
    have = part.stat().st_size if part.is_file() else 0
    headers = {"Accept": "*/*", "Accept-Encoding": "identity"}
    if have:
        headers["Range"] = f"bytes={have}-"
    sink = _FileSink(part, have, limit, progress)
    try:
        await fetcher.stream(url, sink, headers)
    except HTTPStatusError as err:
        if err.status != 416 or not have:  # 416: nothing after our offset, the part is the whole file
            raise
    except OSError as err:
        raise FetchError(f"cannot write {part}: {err.strerror or err}") from None
    part.replace(target)
    return Downloaded(target, target.stat().st_size, resumed_from=sink.resumed_from)


class _FileSink:
    """Writes one answer's body to the part file, appending when the server honoured our Range."""

    def __init__(self, part: Path, have: int, limit: int, progress: Progress | None) -> None:
        self.part = part
        self.have = have
        self.limit = limit
        self.progress = progress
        self.resumed_from = 0

    async def __call__(self, response: httpx.Response) -> None:
        coding = response.headers.get("content-encoding", "identity").strip().lower()
        if coding not in ("", "identity"):
            raise FetchError(f"the server compressed the file (Content-Encoding {coding!r}): not saved")
        start, total = self._extent(response)
        if total is not None and total > self.limit:
            raise FetchError(f"the file is {megabytes(total)}, over the {megabytes(self.limit)} download cap")
        self.resumed_from = start
        done = start
        with self.part.open("ab" if start else "wb") as out:
            async for chunk in response.aiter_raw():
                done += len(chunk)
                if done > self.limit:
                    out.close()
                    self.part.unlink(missing_ok=True)
                    raise FetchError(f"the file grew past the {megabytes(self.limit)} download cap")
                out.write(chunk)
                if self.progress is not None:
                    self.progress(done, total)
        if total is not None and done < total:
            raise FetchError(
                f"the download stopped at {megabytes(done)} of {megabytes(total)}: run it again to resume"
            )

    def _extent(self, response: httpx.Response) -> tuple[int, int | None]:
        """Where this body starts in the file and the file's total size (None when not said)."""
        length = response.headers.get("content-length", "").strip()
        if response.status_code != 206:
            return 0, int(length) if length.isdecimal() else None  # a whole file: start again
        match = _CONTENT_RANGE.match(response.headers.get("content-range", ""))
        if match is None or int(match[1]) != self.have:
            self.part.unlink(missing_ok=True)
            raise FetchError("the server resumed the download at a different place: run it again to restart")
        return self.have, int(match[3]) if match[3] != "*" else None
