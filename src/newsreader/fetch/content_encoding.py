"""Content-Encoding decoding with the size cap applied while decompressing.

httpx decodes a whole network chunk at once, so a small gzip chunk can become hundreds of megabytes before a
size check after the fact could run. We read the raw bytes and decode them ourselves in bounded steps, adding
each step to the size before the next is produced, so the decoded size never exceeds the cap by more than one
step. Only gzip and deflate are accepted (and asked for), one of them at most: any other encoding, or a stack
of them (which would multiply the work per input byte), is refused with a clear error.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator

from newsreader.errors import FetchError, TooLargeError

_STEP = 256 * 1024


class BodyDecoder:
    """Feed raw chunks in, get decoded bytes out; raises FetchError past `limit` decoded bytes."""

    def __init__(self, content_encoding: str | None, limit: int) -> None:
        codings = [c.strip().lower() for c in (content_encoding or "").split(",") if c.strip()]
        codings = [c for c in codings if c != "identity"]
        for coding in codings:
            if coding not in ("gzip", "x-gzip", "deflate"):
                raise FetchError(f"unsupported Content-Encoding {coding!r}")
        if len(codings) > 1:
            raise FetchError(f"unsupported Content-Encoding {', '.join(codings)!r} (more than one)")
        self._stage = _Stage(codings[0]) if codings else None
        self._limit = limit
        self._size = 0
        self._parts: list[bytes] = []

    @property
    def decodes(self) -> bool:
        """Whether there is a Content-Encoding to undo."""
        return self._stage is not None

    def feed(self, chunk: bytes) -> None:
        if self._stage is None:
            self._add(chunk)
            return
        for piece in self._stage.decode(chunk):
            self._add(piece)  # raises before the next step is decoded

    def finish(self) -> bytes:
        if self._stage is not None:
            self._add(self._stage.flush())
        return b"".join(self._parts)

    def _add(self, piece: bytes) -> None:
        self._size += len(piece)
        if self._size > self._limit:
            raise TooLargeError(f"response larger than {self._limit // 1024} KiB once decoded")
        self._parts.append(piece)


def decode_body(data: bytes, content_encoding: str | None, limit: int) -> bytes:
    """A whole body decoded at once, under the same cap."""
    decoder = BodyDecoder(content_encoding, limit)
    decoder.feed(data)
    return decoder.finish()


class _Stage:
    """One decompression step, producing output lazily in pieces of at most _STEP bytes."""

    def __init__(self, coding: str) -> None:
        self.coding = coding
        wbits = 16 + zlib.MAX_WBITS if coding in ("gzip", "x-gzip") else zlib.MAX_WBITS
        self._z = zlib.decompressobj(wbits)
        self._first = True

    def decode(self, data: bytes) -> Iterator[bytes]:
        while data:
            try:
                piece = self._z.decompress(data, _STEP)
            except zlib.error as err:
                if self._first and self.coding == "deflate":
                    # Some servers send raw deflate without the zlib header (RFC 9110 says zlib).
                    self._z = zlib.decompressobj(-zlib.MAX_WBITS)
                    self._first = False
                    continue
                raise FetchError(f"corrupt {self.coding} data: {err}") from err
            self._first = False
            yield piece
            data = self._z.unconsumed_tail
            if self._z.eof and self._z.unused_data:
                # Concatenated gzip members (RFC 1952 allows them).
                data = self._z.unused_data
                self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)

    def flush(self) -> bytes:
        return self._z.flush()
