"""A forward cursor over a ``Fetcher``: reads in small windows, skips without reading."""

from __future__ import annotations

import struct

from opengauge.inventory.weights._common import CHUNK, Fetcher, corrupt, truncated

SMALL_CHUNK = 4096


class Cursor:
    """Sequential bounded reads from ``pos``; ``skip`` moves on without reading."""

    def __init__(self, fetch: Fetcher, pos: int = 0, byte_order: str = "<") -> None:
        self.fetch = fetch
        self.pos = pos
        self.byte_order = byte_order
        self._buf = b""
        self._buf_at = 0

    def take(self, n: int) -> bytes:
        """Exactly ``n`` bytes or a truncation error."""
        if n <= 0:
            if n < 0:
                raise corrupt("negative length")
            return b""
        start = self.pos - self._buf_at
        if start >= 0 and start + n <= len(self._buf):
            data = self._buf[start : start + n]
        else:
            if self.pos + n > self.fetch.size:
                raise truncated(f"the file ends inside a field at byte {self.pos}")
            sequential = self.pos <= self._buf_at + len(self._buf) + CHUNK
            want = max(n, min(CHUNK if sequential else SMALL_CHUNK, self.fetch.remaining))
            keep = self._buf[start:] if 0 <= start < len(self._buf) else b""
            self._buf = keep + self.fetch.read(self.pos + len(keep), want - len(keep))
            self._buf_at = self.pos
            if len(self._buf) < n:
                raise truncated(f"the file ends inside a field at byte {self.pos}")
            data = self._buf[:n]
        self.pos += n
        return data

    def skip(self, n: int) -> None:
        if n < 0:
            raise corrupt("negative length")
        if self.pos + n > self.fetch.size:
            raise truncated(f"a field of {n} bytes at byte {self.pos} runs past the end of the file")
        self.pos += n

    def skip_strings(self, count: int, width: int) -> None:
        """Skip ``count`` length-prefixed strings (``width``-byte little/big-endian lengths) without reading them."""
        length = struct.Struct(self.byte_order + ("Q" if width == 8 else "I"))
        while count > 0:
            self.take(width)  # refills the window when needed
            self.pos -= width
            buf, i = self._buf, self.pos - self._buf_at
            end = len(buf) - width
            while count > 0 and i <= end:
                i += width + length.unpack_from(buf, i)[0]
                count -= 1
            self.pos = self._buf_at + i
            if self.pos > self.fetch.size:
                raise truncated(f"a string runs past the end of the file at byte {self.pos}")

    @property
    def at_end(self) -> bool:
        return self.pos >= self.fetch.size

    def u8(self) -> int:
        return self.take(1)[0]

    def u16(self) -> int:
        return int(struct.unpack(self.byte_order + "H", self.take(2))[0])

    def u32(self) -> int:
        return int(struct.unpack(self.byte_order + "I", self.take(4))[0])

    def u64(self) -> int:
        return int(struct.unpack(self.byte_order + "Q", self.take(8))[0])

    def unpack(self, fmt: str, size: int) -> tuple[object, ...]:
        return struct.unpack(self.byte_order + fmt, self.take(size))

    def varint(self) -> int:
        """A protobuf base-128 varint (at most 10 bytes)."""
        value = 0
        for shift in range(0, 70, 7):
            byte = self.u8()
            value |= (byte & 0x7F) << shift
            if not byte & 0x80:
                return value
        raise corrupt(f"varint longer than 10 bytes at byte {self.pos}")
