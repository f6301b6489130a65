"""Protobuf graphs without a protobuf library: TensorFlow op deny-list and ONNX external-data paths, found by a
bounded scan for the exact length-prefixed strings the encoders write."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from opengauge.security.archives import unsafe_path
from opengauge.security.blob import Blob
from opengauge.security.context import Where

if TYPE_CHECKING:
    from opengauge.security.engine import Engine

_CHUNK = 8 << 20
_OVERLAP = 4096
#: Protobuf graphs larger than this are scanned only up to it (reported).
GRAPH_CAP = 1 << 30


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


@lru_cache(maxsize=4)
def _op_pattern(ops: tuple[str, ...]) -> re.Pattern[bytes]:
    # NodeDef.op is field 2, OpDef.name (stripped_op_list) is field 1: both length-delimited strings.
    alts = b"|".join(re.escape(_varint(len(op.encode())) + op.encode()) for op in sorted(ops, key=len, reverse=True))
    return re.compile(b"[\x0a\x12](" + alts + b")")


def scan_tf_graph(engine: Engine, blob: Blob, where: Where) -> None:
    """Report denied TensorFlow ops named in a GraphDef / SavedModel protobuf."""
    ctx = engine.ctx
    ops = ctx.policy.graph.tf_ops
    pattern = _op_pattern(tuple(ops))
    end = min(blob.size, GRAPH_CAP)
    if blob.size > GRAPH_CAP:
        ctx.cap(where, "protobuf graph bytes", GRAPH_CAP)
    seen: set[str] = set()
    pos = 0
    while pos < end:
        chunk = blob.read(pos, min(_CHUNK + _OVERLAP, end - pos))
        for m in pattern.finditer(chunk):
            op = m.group(1)[1:].decode()  # op names are < 128 bytes: one-byte length
            if op not in seen:
                seen.add(op)
                ctx.report("OG-SEC-030", where, f"graph uses op {op}", severity=ops[op], offset=pos + m.start())
        pos += _CHUNK


_LOCATION = re.compile(rb"\x0a\x08location\x12")


def _read_varint(data: bytes, i: int) -> tuple[int, int]:
    n, shift = 0, 0
    while i < len(data) and shift < 64:
        b = data[i]
        n |= (b & 0x7F) << shift
        i += 1
        if not b & 0x80:
            return n, i
        shift += 7
    return -1, i


def scan_onnx(engine: Engine, blob: Blob, where: Where) -> None:
    """Report external-data locations that escape the model folder (.., absolute, symlinks out)."""
    ctx = engine.ctx
    end = min(blob.size, GRAPH_CAP)
    base = Path(where.file).parent if not where.members and Path(where.file).is_file() else None
    seen: set[str] = set()
    pos = 0
    while pos < end:
        chunk = blob.read(pos, min(_CHUNK + _OVERLAP, end - pos))
        for m in _LOCATION.finditer(chunk):
            n, i = _read_varint(chunk, m.end())
            if n < 0 or n > 4096 or i + n > len(chunk):
                continue
            location = chunk[i : i + n].decode("utf-8", "replace")
            if location in seen:
                continue
            seen.add(location)
            why = unsafe_path(location) or _escapes(base, location)
            if why:
                ctx.report("OG-SEC-050", where, f"external data {location!r}: {why}", offset=pos + m.start())
        pos += _CHUNK


def _escapes(base: Path | None, location: str) -> str | None:
    if base is None:
        return None
    root = base.resolve()
    target = (base / location).resolve()
    if target != root and root not in target.parents:
        return "resolves (through a symlink) outside the model folder"
    return None
