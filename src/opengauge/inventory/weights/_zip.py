"""Zip listings from the central directory, read with bounded reads from the tail; nothing is inflated."""

from __future__ import annotations

import struct
from dataclasses import dataclass

from opengauge.inventory.weights._common import (
    RULE_CORRUPT,
    ZIP_DIRECTORY_CAP,
    ZIP_MEMBER_CAP,
    Fetcher,
    Problem,
    capped,
    corrupt,
    truncated,
)
from opengauge.record import Severity

ZIP_MAGIC = b"PK\x03\x04"
_EOCD = b"PK\x05\x06"
_LOCATOR = b"PK\x06\x07"
_EOCD64 = b"PK\x06\x06"
_CENTRAL = b"PK\x01\x02"
_EOCD_SIZE = 22
_LOCATOR_SIZE = 20
_TAIL = _EOCD_SIZE + 65_535 + _LOCATOR_SIZE
_SHORT_TAIL = 4096
_ENTRY = struct.Struct("<4sHHHHHHIIIHHHHHII")
_LOCAL = struct.Struct("<4sHHHHHIIIHH")
#: Budget for one listing: the tail, a zip64 record, the directory, a few small members.
ZIP_READ_BUDGET = _SHORT_TAIL + _TAIL + 64 + ZIP_DIRECTORY_CAP + 64 * 1024


@dataclass(frozen=True, slots=True)
class ZipMember:
    """One central-directory entry."""

    name: str
    method: int
    compressed_size: int
    size: int
    header_offset: int


@dataclass(frozen=True, slots=True)
class ZipListing:
    """The members read (at most the cap) and how many the directory declares."""

    members: tuple[ZipMember, ...]
    declared: int
    zip64: bool
    problems: tuple[Problem, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(m.name for m in self.members)


def read_listing(fetch: Fetcher, member_cap: int = ZIP_MEMBER_CAP) -> ZipListing:
    """The central directory. Raises ``WeightsFormatError`` when there is none to read."""
    for want in (_SHORT_TAIL, _TAIL):  # most archives have no comment: try a short tail first
        tail_len = min(fetch.size, want)
        tail_at = fetch.size - tail_len
        tail = fetch.read(tail_at, tail_len)
        pos = tail.rfind(_EOCD, 0, max(0, len(tail) - _EOCD_SIZE + len(_EOCD)))
        if pos >= 0 or tail_len == fetch.size:
            break
    if pos < 0:
        raise corrupt("zip without an end-of-central-directory record (truncated or not a zip)")
    _, _, _, _, declared, cd_size, cd_offset, _ = struct.unpack("<4sHHHHIIH", tail[pos : pos + _EOCD_SIZE])
    eocd_at = tail_at + pos
    zip64 = declared == 0xFFFF or cd_size == 0xFFFFFFFF or cd_offset == 0xFFFFFFFF
    if zip64:
        declared, cd_size, cd_offset, eocd_at = _zip64(fetch, tail, pos, tail_at)
    cd_offset = _directory_offset(fetch, cd_offset, cd_size, eocd_at)
    problems: list[Problem] = []
    if cd_size > ZIP_DIRECTORY_CAP:
        problems.append(capped(f"zip central directory of {cd_size} bytes: read the first {ZIP_DIRECTORY_CAP}"))
    directory = fetch.read(cd_offset, min(cd_size, ZIP_DIRECTORY_CAP))
    members = _entries(directory, min(declared, member_cap), problems)
    if declared > member_cap and len(members) == member_cap:
        problems.append(capped(f"zip lists {declared} members: read the first {member_cap}"))
    return ZipListing(tuple(members), declared, zip64, tuple(problems))


def _directory_offset(fetch: Fetcher, recorded: int, cd_size: int, eocd_at: int) -> int:
    """The recorded offset, or the one implied by the sizes when bytes were prepended to the archive."""
    implied = eocd_at - cd_size
    if implied < 0:
        raise corrupt("zip central directory is larger than the file before its end record")
    if recorded == implied or cd_size == 0 or fetch.read(recorded, 4) == _CENTRAL:
        return recorded
    return implied


def _zip64(fetch: Fetcher, tail: bytes, pos: int, tail_at: int) -> tuple[int, int, int, int]:
    loc = pos - _LOCATOR_SIZE
    if loc < 0 or tail[loc : loc + 4] != _LOCATOR:
        raise corrupt("zip64 archive without a zip64 locator")
    record_at = struct.unpack("<Q", tail[loc + 8 : loc + 16])[0]
    record = fetch.read(record_at, 56)
    if len(record) < 56 or record[:4] != _EOCD64:
        raise corrupt("zip64 end-of-central-directory record not found")
    fields = struct.unpack("<4sQHHIIQQQQ", record)
    declared, cd_size, cd_offset = int(fields[7]), int(fields[8]), int(fields[9])
    return declared, cd_size, cd_offset, record_at


def _entries(directory: bytes, limit: int, problems: list[Problem]) -> list[ZipMember]:
    members: list[ZipMember] = []
    pos = 0
    while len(members) < limit:
        if pos + _ENTRY.size > len(directory):
            problems.append(_short(len(members), limit, directory))
            break
        fields = _ENTRY.unpack_from(directory, pos)
        if fields[0] != _CENTRAL:
            if not members:
                raise corrupt("zip central directory does not start with an entry signature")
            problems.append(Problem(RULE_CORRUPT, Severity.MEDIUM, "zip central directory entry is damaged"))
            break
        flags, method, csize, usize = fields[3], fields[4], fields[8], fields[9]
        nlen, elen, clen, offset = fields[10], fields[11], fields[12], fields[16]
        start = pos + _ENTRY.size
        if start + nlen + elen > len(directory):
            problems.append(_short(len(members), limit, directory))
            break
        raw = directory[start : start + nlen]
        name = raw.decode("utf-8" if flags & 0x800 else "cp437", errors="replace")
        usize, csize, offset = _extra64(directory[start + nlen : start + nlen + elen], usize, csize, offset)
        members.append(ZipMember(name, method, csize, usize, offset))
        pos = start + nlen + elen + clen
    return members


def _short(found: int, limit: int, directory: bytes) -> Problem:
    if len(directory) >= ZIP_DIRECTORY_CAP:
        return capped(f"zip central directory cut at the cap after {found} members")
    return truncated(f"zip central directory ends after {found} of {limit} members").problem


def _extra64(extra: bytes, usize: int, csize: int, offset: int) -> tuple[int, int, int]:
    """Apply a zip64 extended-information extra field (id 0x0001) to the 32-bit values it overrides."""
    pos = 0
    while pos + 4 <= len(extra):
        tag, size = struct.unpack_from("<HH", extra, pos)
        body = extra[pos + 4 : pos + 4 + size]
        if tag == 1:
            values = [struct.unpack_from("<Q", body, i)[0] for i in range(0, len(body) - 7, 8)]
            if usize == 0xFFFFFFFF and values:
                usize = values.pop(0)
            if csize == 0xFFFFFFFF and values:
                csize = values.pop(0)
            if offset == 0xFFFFFFFF and values:
                offset = values.pop(0)
            break
        pos += 4 + size
    return usize, csize, offset


def read_stored(fetch: Fetcher, member: ZipMember, limit: int) -> bytes | None:
    """Up to ``limit`` bytes of a member stored without compression; None if compressed or unreadable."""
    if member.method != 0:
        return None
    local = fetch.read(member.header_offset, _LOCAL.size)
    if len(local) < _LOCAL.size or local[:4] != ZIP_MAGIC:
        return None
    fields = _LOCAL.unpack(local)
    start = member.header_offset + _LOCAL.size + fields[9] + fields[10]
    return fetch.read(start, min(limit, member.size))
