"""Content-Encoding decoding with the size cap applied while decompressing.

httpx decodes a whole network chunk at once, so a small gzip chunk can become hundreds of megabytes before a
size check after the fact could run. We read the raw bytes and decode them ourselves with `max_length`, so
the decoded size never exceeds the cap by more than one bounded step. Only gzip and deflate are accepted (and
asked for); any other encoding is refused with a clear error.
"""

from __future__ import annotations

import zlib

from newsreader.errors import FetchError

_STEP = 256 * 1024


class BodyDecoder:
    """Feed raw chunks in, get decoded bytes out; raises FetchError past `limit` decoded bytes."""

    def __init__(self, content_encoding: str | None, limit: int) -> None:
        codings = [c.strip().lower() for c in (content_encoding or "").split(",") if c.strip()]
        codings = [c for c in codings if c != "identity"]
        for coding in codings:
            if coding not in ("gzip", "x-gzip", "deflate"):
                raise FetchError(f"unsupported Content-Encoding {coding!r}")
        if len(codings) > 2:
            raise FetchError("too many Content-Encodings")
        self._codings = codings
        self._stages = [_Stage(c) for c in reversed(codings)]
        self._limit = limit
        self._size = 0
        self._parts: list[bytes] = []

    def feed(self, chunk: bytes) -> None:
        data = [chunk]
        for stage in self._stages:
            data = [out for piece in data for out in stage.decode(piece, self._limit - self._size + 1)]
        for piece in data:
            self._add(piece)

    def finish(self) -> bytes:
        data: list[bytes] = []
        for stage in self._stages:
            data = [out for piece in data for out in stage.decode(piece, self._limit)] + stage.flush()
        for piece in data:
            self._add(piece)
        return b"".join(self._parts)

    def _add(self, piece: bytes) -> None:
        self._size += len(piece)
        if self._size > self._limit:
            raise FetchError(f"response larger than {self._limit // 1024} KiB once decoded")
        self._parts.append(piece)


class _Stage:
    """One decompression step, producing output in bounded pieces."""

    def __init__(self, coding: str) -> None:
        self.coding = coding
        wbits = 16 + zlib.MAX_WBITS if coding in ("gzip", "x-gzip") else zlib.MAX_WBITS
        self._z = zlib.decompressobj(wbits)
        self._first = True

    def decode(self, data: bytes, budget: int) -> list[bytes]:
        out: list[bytes] = []
        produced = 0
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
            out.append(piece)
            produced += len(piece)
            if produced > budget:
                break  # the caller raises on the size
            data = self._z.unconsumed_tail
            if self._z.eof and self._z.unused_data:
                # Concatenated gzip members (RFC 1952 allows them).
                data = self._z.unused_data
                self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        return out

    def flush(self) -> list[bytes]:
        return [self._z.flush()]
