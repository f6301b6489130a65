"""Reading a licence file safely: at most ``MAX_BYTES``, binary detected by NUL bytes, non-UTF-8 text read
as Latin-1 and reported as such. Whatever the file (a 100 GB blob named LICENSE), time and memory are bounded.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path

MAX_BYTES = 1024 * 1024
_SNIFF = 8192


class FileStatus(enum.StrEnum):
    TEXT = "text"
    NOT_UTF8 = "not-utf8"  # decoded as Latin-1
    BINARY = "binary"
    EMPTY = "empty"
    UNREADABLE = "unreadable"


@dataclass(frozen=True, slots=True)
class LicenceFileText:
    """The text of one file as far as we read it, and what we found the file to be."""

    text: str | None
    status: FileStatus
    size: int
    truncated: bool
    detail: str = ""


def decode(data: bytes, size: int | None = None) -> LicenceFileText:
    """Decide what ``data`` (the first bytes of a file of ``size`` bytes) is, and decode it."""
    total = len(data) if size is None else size
    truncated = total > len(data)
    if not data:
        return LicenceFileText(None, FileStatus.EMPTY, total, False, "empty file")
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            even = data[2 : 2 + ((len(data) - 2) // 2) * 2]
            return LicenceFileText(even.decode(codec, errors="replace"), FileStatus.TEXT, total, truncated)
    if b"\x00" in data[:_SNIFF]:
        return LicenceFileText(None, FileStatus.BINARY, total, truncated, "binary content (NUL bytes)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if truncated and exc.start >= len(data) - 4:
            text = data[: exc.start].decode("utf-8")  # a character cut at the read limit
        else:
            return LicenceFileText(
                data.decode("latin-1"), FileStatus.NOT_UTF8, total, truncated, "not UTF-8; read as Latin-1"
            )
    return LicenceFileText(text.lstrip("\ufeff"), FileStatus.TEXT, total, truncated)


def read_licence_file(path: Path, max_bytes: int = MAX_BYTES) -> LicenceFileText:
    """Read at most ``max_bytes`` of ``path`` (never more, whatever its size)."""
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            data = fh.read(max_bytes)
    except OSError as exc:
        return LicenceFileText(None, FileStatus.UNREADABLE, 0, False, exc.strerror or str(exc))
    result = decode(data, max(size, len(data)))
    if result.truncated and result.status in (FileStatus.TEXT, FileStatus.NOT_UTF8):
        note = f"read the first {max_bytes} of {size} bytes"
        detail = f"{result.detail}; {note}" if result.detail else note
        return LicenceFileText(result.text, result.status, result.size, True, detail)
    return result
