"""Bounded walking of protobuf messages: top-level fields are read or skipped, never all loaded."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from opengauge.inventory.weights._common import WeightsFormatError, capped, corrupt
from opengauge.inventory.weights._stream import Cursor

VARINT, FIXED64, LEN, FIXED32 = 0, 1, 2, 5


@dataclass(frozen=True, slots=True)
class Field:
    """One field: ``value`` is the varint, or the bytes of a short LEN field (``None`` when skipped)."""

    number: int
    wire_type: int
    value: int | bytes | None
    length: int = 0
    offset: int = 0  # where a LEN field's payload starts


def walk(cur: Cursor, end: int, keep: frozenset[int], keep_cap: int, field_cap: int) -> Iterator[Field]:
    """Fields from ``cur.pos`` to ``end``; LEN fields in ``keep`` up to ``keep_cap`` bytes are read."""
    count = 0
    while cur.pos < end:
        count += 1
        if count > field_cap:
            raise WeightsFormatError(capped(f"protobuf message has more than {field_cap} top-level fields"))
        key = cur.varint()
        number, wire = key >> 3, key & 7
        if number == 0 or number >= 2**29:
            raise corrupt(f"protobuf field number {number} at byte {cur.pos}")
        yield _field(cur, number, wire, number in keep, keep_cap)
        if cur.pos > end:
            raise corrupt("protobuf field runs past the end of its message")


def skip_field(cur: Cursor, number: int, wire: int) -> None:
    """Move past one field's value."""
    _field(cur, number, wire, False, 0)


def _field(cur: Cursor, number: int, wire: int, keep: bool, keep_cap: int) -> Field:
    if wire == VARINT:
        return Field(number, wire, cur.varint())
    if wire == FIXED64:
        cur.skip(8)
        return Field(number, wire, None, 8)
    if wire == FIXED32:
        cur.skip(4)
        return Field(number, wire, None, 4)
    if wire == LEN:
        n = cur.varint()
        offset = cur.pos
        if keep and n <= keep_cap:
            return Field(number, wire, cur.take(n), n, offset)
        cur.skip(n)
        return Field(number, wire, None, n, offset)
    raise corrupt(f"protobuf wire type {wire} at byte {cur.pos}")


def decode_small(data: bytes) -> dict[int, list[int | bytes]]:
    """All fields of a small in-memory message (varints and LEN bytes); fixed fields are dropped."""
    out: dict[int, list[int | bytes]] = {}
    pos = 0
    while pos < len(data):
        key, pos = _varint(data, pos)
        number, wire = key >> 3, key & 7
        if wire == VARINT:
            value, pos = _varint(data, pos)
            out.setdefault(number, []).append(value)
        elif wire == LEN:
            n, pos = _varint(data, pos)
            if pos + n > len(data):
                raise corrupt("protobuf sub-message runs past its end")
            out.setdefault(number, []).append(data[pos : pos + n])
            pos += n
        elif wire in (FIXED64, FIXED32):
            pos += 8 if wire == FIXED64 else 4
        else:
            raise corrupt(f"protobuf wire type {wire} in a sub-message")
    if pos > len(data):
        raise corrupt("protobuf sub-message runs past its end")
    return out


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    value = 0
    for shift in range(0, 70, 7):
        if pos >= len(data):
            raise corrupt("protobuf varint runs past its end")
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, pos
    raise corrupt("protobuf varint longer than 10 bytes")


def text(value: int | bytes | None, cap: int = 200) -> str | None:
    """A LEN field as text, if it decodes as UTF-8."""
    if not isinstance(value, bytes):
        return None
    try:
        return value.decode("utf-8")[:cap]
    except UnicodeDecodeError:
        return None
