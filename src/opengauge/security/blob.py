"""Bounded byte access: random-access blobs and sequential streams over them (or over a decompressor)."""

from __future__ import annotations

import bz2
import lzma
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

#: Size of one buffered read from a blob.
CHUNK = 1 << 20

ReadFn = Callable[[int, int], bytes]


class Blob(Protocol):
    """Random access to a byte range: ``read(offset, length)`` returns at most ``length`` bytes."""

    @property
    def size(self) -> int: ...

    def read(self, offset: int, length: int) -> bytes: ...


class FnBlob:
    """A blob over a bounded reader callable (the audit pipeline's ``Source.read``)."""

    def __init__(self, read: ReadFn, size: int) -> None:
        self._read = read
        self._size = size

    @property
    def size(self) -> int:
        return self._size

    def read(self, offset: int, length: int) -> bytes:
        if offset >= self._size or length <= 0:
            return b""
        return self._read(offset, min(length, self._size - offset, CHUNK * 16))


class FileBlob:
    """A blob over one local file, opened once."""

    def __init__(self, path: Path) -> None:
        self._fh = path.open("rb")
        self._size = path.stat().st_size

    @property
    def size(self) -> int:
        return self._size

    def read(self, offset: int, length: int) -> bytes:
        if offset >= self._size or length <= 0:
            return b""
        self._fh.seek(offset)
        return self._fh.read(min(length, self._size - offset))

    def close(self) -> None:
        self._fh.close()


class BytesBlob:
    """A blob over bytes already in memory (small members, nested payloads)."""

    def __init__(self, data: bytes) -> None:
        self._data = data

    @property
    def size(self) -> int:
        return len(self._data)

    def read(self, offset: int, length: int) -> bytes:
        return self._data[offset : offset + max(length, 0)]


class SliceBlob:
    """A window ``[start, start + size)`` of another blob (a stored zip member, a tar member)."""

    def __init__(self, base: Blob, start: int, size: int) -> None:
        self._base = base
        self._start = start
        self._size = max(0, min(size, base.size - start))

    @property
    def size(self) -> int:
        return self._size

    def read(self, offset: int, length: int) -> bytes:
        if offset >= self._size or length <= 0:
            return b""
        return self._base.read(self._start + offset, min(length, self._size - offset))


class Stream:
    """Sequential reads with a bounded buffer. ``tell()`` is the offset in the decoded byte stream."""

    def __init__(self) -> None:
        self._buf = b""
        self._pos = 0  # position inside _buf
        self._base = 0  # stream offset of _buf[0]
        self._eof = False

    def _fill(self) -> bytes:  # pragma: no cover - abstract
        raise NotImplementedError

    def _more(self, need: int) -> bool:
        """Make at least ``need`` unread bytes available if the stream has them."""
        while len(self._buf) - self._pos < need and not self._eof:
            chunk = self._fill()
            if not chunk:
                self._eof = True
                break
            rest = self._buf[self._pos :]
            self._base += self._pos
            self._buf = rest + chunk
            self._pos = 0
        return len(self._buf) - self._pos >= need

    def tell(self) -> int:
        return self._base + self._pos

    @property
    def exhausted(self) -> bool:
        """True once the underlying source has no more bytes (the buffer may still hold some)."""
        return self._eof

    def read(self, n: int) -> bytes:
        """Up to ``n`` bytes (fewer only at the end of the stream). Callers bound ``n``."""
        if len(self._buf) - self._pos < n:
            self._more(n)
        out = self._buf[self._pos : self._pos + n]
        self._pos += len(out)
        return out

    def read_byte(self) -> int:
        """The next byte, or -1 at the end."""
        if self._pos >= len(self._buf) and not self._more(1):
            return -1
        b = self._buf[self._pos]
        self._pos += 1
        return b

    def readline(self, limit: int) -> bytes | None:
        """Bytes up to and excluding ``\\n``; None when no newline occurs within ``limit`` bytes."""
        while True:
            idx = self._buf.find(b"\n", self._pos, self._pos + limit + 1)
            if idx >= 0:
                out = self._buf[self._pos : idx]
                self._pos = idx + 1
                return out
            have = len(self._buf) - self._pos
            if have > limit or not self._more(have + 1):
                return None

    def peek(self, n: int) -> bytes:
        self._more(n)
        return self._buf[self._pos : self._pos + n]

    def skip(self, n: int) -> int:
        """Skip ``n`` bytes; returns how many were skipped."""
        have = len(self._buf) - self._pos
        if n <= have:
            self._pos += n
            return n
        self._base += len(self._buf)
        self._buf = b""
        self._pos = 0
        skipped = have + self._skip_raw(n - have)
        return skipped

    def _skip_raw(self, n: int) -> int:
        done = 0
        while done < n:
            chunk = self._fill()
            if not chunk:
                self._eof = True
                break
            need = n - done
            if len(chunk) > need:
                self._base += need
                self._buf = chunk[need:]
                self._pos = 0
                return n
            done += len(chunk)
            self._base += len(chunk)
        return done


class BlobStream(Stream):
    """A stream over ``blob[start:end]``; skipping does not read."""

    def __init__(self, blob: Blob, start: int = 0, end: int | None = None) -> None:
        super().__init__()
        self.blob = blob
        self._blob = blob
        self._next = start
        self._end = blob.size if end is None else min(end, blob.size)
        self._base = start

    def _fill(self) -> bytes:
        if self._next >= self._end:
            return b""
        data = self._blob.read(self._next, min(CHUNK, self._end - self._next))
        self._next += len(data)
        return data

    def _skip_raw(self, n: int) -> int:
        step = max(0, min(n, self._end - self._next))
        self._next += step
        self._base += step
        if step < n:
            self._eof = True
        return step

    def remaining(self) -> int:
        return (self._end - self._next) + (len(self._buf) - self._pos)


class DecompressedStream(Stream):
    """A stream of the decompressed bytes of ``source`` (zlib, raw deflate, gzip, bz2, xz; ``lzma-raw`` with the
    LZMA1 ``filter`` a zip member's header gives), at most ``limit``."""

    def __init__(self, source: Stream, method: str, limit: int, lzma_filter: dict[str, int] | None = None) -> None:
        super().__init__()
        self._src = source
        self._limit = limit
        self._out = 0
        self.truncated = False
        self._dec: Any
        self._zlib = method in ("deflate", "gzip", "zlib")
        if method == "deflate":
            self._dec = zlib.decompressobj(-15)
        elif method == "gzip":
            self._dec = zlib.decompressobj(31)
        elif method == "zlib":
            self._dec = zlib.decompressobj(15)
        elif method == "bz2":
            self._dec = bz2.BZ2Decompressor()
        elif method == "xz":
            self._dec = lzma.LZMADecompressor()
        elif method == "lzma-raw" and lzma_filter is not None:
            self._dec = lzma.LZMADecompressor(lzma.FORMAT_RAW, filters=[lzma_filter])
        else:
            raise ValueError(method)
        self._pending = b""

    def _fill(self) -> bytes:
        while True:
            room = self._limit - self._out
            if room <= 0:
                self.truncated = not self._finished()
                return b""
            want = min(CHUNK, room)
            data = self._decompress(want)
            if data:
                self._out += len(data)
                return data
            if self._finished():
                return b""
            if not self._pending:
                self._pending = self._src.read(CHUNK // 4)
                if not self._pending:
                    return b""

    def _finished(self) -> bool:
        return bool(self._dec.eof)

    def _decompress(self, want: int) -> bytes:
        dec = self._dec
        if self._zlib:
            data: bytes = dec.decompress(self._pending, want)
            self._pending = dec.unconsumed_tail
            return data
        if dec.eof:
            return b""
        if not self._pending and not dec.needs_input:
            out: bytes = dec.decompress(b"", want)
            return out
        data = dec.decompress(self._pending, want)
        self._pending = b""
        return data
