"""Zip listing through the central directory, the way torch's reader does it: local-header names and CRCs are
ignored, zip64 is honoured, prepended bytes are tolerated. Linear in the number of members."""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass

from opengauge.security.blob import Blob

EOCD = b"PK\x05\x06"
_EOCD = struct.Struct("<4sHHHHIIH")
_Z64_LOC = struct.Struct("<4sIQI")
_Z64_EOCD = struct.Struct("<4sQHHIIQQQQ")
_CDH = struct.Struct("<4sHHHHHHIIIHHHHHII")
_LFH = struct.Struct("<4sHHHHHIIIHH")
_WINDOW = 4 << 20  # central directory bytes parsed per read


class ZipError(Exception):
    """Not a readable zip."""


@dataclass(frozen=True, slots=True)
class Member:
    """One central-directory entry."""

    name: str
    method: int
    csize: int
    usize: int
    header_offset: int
    flags: int
    mode: int  # unix mode bits from the external attributes (0 when not unix)


@dataclass(frozen=True, slots=True)
class Directory:
    """Where the central directory is and how many entries it declares."""

    start: int
    size: int
    count: int
    shift: int  # bytes prepended before the archive (offsets are relative to the archive start)


def find_directory(blob: Blob) -> Directory:
    """Locate the end-of-central-directory record (zip64 aware)."""
    tail_len = min(blob.size, 65_535 + _EOCD.size)
    tail_start = blob.size - tail_len
    tail = blob.read(tail_start, tail_len)
    pos = tail.rfind(EOCD)
    if pos < 0 or pos + _EOCD.size > len(tail):
        raise ZipError("no end-of-central-directory record")
    _, _disk, _cd_disk, _n_here, count, cd_size, cd_offset, _clen = _EOCD.unpack_from(tail, pos)
    eocd_at = tail_start + pos
    loc = blob.read(eocd_at - _Z64_LOC.size, _Z64_LOC.size) if eocd_at >= _Z64_LOC.size else b""
    if len(loc) == _Z64_LOC.size and loc[:4] == b"PK\x06\x07":
        # a zip64 end record sits just before the locator (torch always writes one)
        z64_at = eocd_at - _Z64_LOC.size - _Z64_EOCD.size
        rec = blob.read(z64_at, _Z64_EOCD.size) if z64_at >= 0 else b""
        if len(rec) == _Z64_EOCD.size and rec[:4] == b"PK\x06\x06":
            fields = _Z64_EOCD.unpack(rec)
            if count == 0xFFFF:
                count = fields[7]
            if cd_size == 0xFFFFFFFF:
                cd_size = fields[8]
            if cd_offset == 0xFFFFFFFF:
                cd_offset = fields[9]
            eocd_at = z64_at
    start = eocd_at - cd_size
    if start < 0 or cd_offset > start:
        raise ZipError("central directory lies outside the file")
    return Directory(start=start, size=cd_size, count=count, shift=start - cd_offset)


def _zip64_extra(extra: bytes, usize: int, csize: int, offset: int) -> tuple[int, int, int]:
    i = 0
    while i + 4 <= len(extra):
        tag, ln = struct.unpack_from("<HH", extra, i)
        body = extra[i + 4 : i + 4 + ln]
        if tag == 1:
            j = 0
            vals = []
            for current in (usize, csize, offset):
                if current == 0xFFFFFFFF and j + 8 <= len(body):
                    vals.append(struct.unpack_from("<Q", body, j)[0])
                    j += 8
                else:
                    vals.append(current)
            return vals[0], vals[1], vals[2]
        i += 4 + ln
    return usize, csize, offset


def iter_members(blob: Blob, directory: Directory, limit: int) -> Iterator[Member]:
    """Central-directory entries in order; stops (without error) after ``limit`` entries."""
    pos, end = directory.start, directory.start + directory.size
    data, at = b"", 0  # a window of the directory and the offset of ``pos`` in it
    seen = 0
    unpack = _CDH.unpack_from
    while seen < limit and pos < end:
        if at + _CDH.size > len(data):
            data, at = blob.read(pos, min(_WINDOW, end - pos)), 0
            if len(data) < _CDH.size:
                return
        f = unpack(data, at)
        if f[0] != b"PK\x01\x02":
            if seen < directory.count:
                raise ZipError(f"bad central directory entry at {pos}")
            return
        name_len, extra_len, comment_len = f[10], f[11], f[12]
        total = _CDH.size + name_len + extra_len + comment_len
        if at + total > len(data):
            if total > _WINDOW:
                raise ZipError(f"central directory entry at {pos} is {total} bytes")
            data, at = blob.read(pos, min(_WINDOW, end - pos)), 0
            if len(data) < total:
                raise ZipError(f"central directory entry at {pos} is truncated")
            continue
        flags, usize, csize, offset = f[3], f[9], f[8], f[16]
        raw_name = data[at + _CDH.size : at + _CDH.size + name_len]
        if 0xFFFFFFFF in (usize, csize, offset):
            extra = data[at + _CDH.size + name_len : at + _CDH.size + name_len + extra_len]
            usize, csize, offset = _zip64_extra(extra, usize, csize, offset)
        name = raw_name.decode("utf-8" if flags & 0x800 else "cp437", "replace")
        mode = (f[15] >> 16) & 0xFFFF if f[1] >> 8 == 3 else 0
        at += total
        pos += total
        seen += 1
        yield Member(name, f[4], csize, usize, offset + directory.shift, flags, mode)


def data_offset(blob: Blob, member: Member) -> int:
    """Where the member's bytes start (after its local header, whose name and CRC are not trusted)."""
    head = blob.read(member.header_offset, _LFH.size)
    if len(head) != _LFH.size or head[:4] != b"PK\x03\x04":
        raise ZipError(f"member {member.name!r}: no local header at {member.header_offset}")
    f = _LFH.unpack(head)
    return int(member.header_offset + _LFH.size + f[9] + f[10])
