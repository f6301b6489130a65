"""Pickle files: every stacked stream (legacy torch writes five), and the torch tar layout's storages and tensors
members, whose pickles are interleaved with raw buffers that the loader reads without unpickling."""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING

from opengauge.security.blob import Blob, BlobStream, Stream
from opengauge.security.context import ScanContext, Where
from opengauge.security.pickle_vm import TORCH_LEGACY_MAGIC, Budget, Global, PickleVM

if TYPE_CHECKING:
    from opengauge.security.engine import Engine

#: Streams in a legacy torch file: magic, protocol version, sys info, the object, the storage keys.
LEGACY_STREAMS = 5
#: Bytes per element of the legacy storage classes.
STORAGE_ELEMENT = {
    "DoubleStorage": 8,
    "FloatStorage": 4,
    "HalfStorage": 2,
    "BFloat16Storage": 2,
    "LongStorage": 8,
    "IntStorage": 4,
    "ShortStorage": 2,
    "CharStorage": 1,
    "ByteStorage": 1,
    "BoolStorage": 1,
    "ComplexFloatStorage": 8,
    "ComplexDoubleStorage": 16,
    "QInt8Storage": 1,
    "QUInt8Storage": 1,
    "QInt32Storage": 4,
}


def confirm(blob: Blob, ctx: ScanContext, *, partial: bool = False) -> bool:
    """Trial decode of the first 4 KiB: is this (protocol 0/1) data really a pickle?"""
    head = blob.read(0, 4096)
    if head[:1] == b"\x80":
        return True
    from opengauge.security.context import ScanContext as _Ctx

    scratch = _Ctx(options=ctx.options, policy=ctx.policy)
    vm = PickleVM(
        BlobStream(blob, 0, len(head)),
        Where("<trial>"),
        scratch,
        depth=ctx.options.max_depth,
        budget=Budget(4096),
        nested=lambda _b, _w, _d: None,
    )
    ok = vm.run()
    if any("malformed global name" in f.message for f in scratch.findings) or vm.op_index < 2:
        return False
    if ok:
        return True
    window_full = partial or blob.size > len(head)
    return window_full and vm.at_eof and not any(i.rule_id == "OG-SEC-090" for i in scratch.inconclusive)


def scan_blob(engine: Engine, blob: Blob, where: Where, depth: int) -> None:
    scan_stream(engine, BlobStream(blob), where, depth)


def _vm(engine: Engine, stream: Stream, where: Where, depth: int) -> PickleVM:
    return PickleVM(stream, where, engine.ctx, depth=depth, budget=engine.budget, nested=engine.nested)


def scan_stream(engine: Engine, stream: Stream, where: Where, depth: int) -> None:
    """Every pickle stream in a row: a stream after STOP is scanned when it starts with PROTO."""
    index = 0
    legacy = False
    while True:
        sub = where if index == 0 else where.inside(f"<pickle stream {index}>")
        vm = _vm(engine, stream, sub, depth)
        if not vm.run():
            return
        if index == 0 and vm.result == TORCH_LEGACY_MAGIC:
            legacy = True
        index += 1
        if legacy and index >= LEGACY_STREAMS:
            return  # raw storage buffers follow; the loader never unpickles them
        nxt = stream.peek(2)
        if len(nxt) < 2 or nxt[0] != 0x80 or nxt[1] > 5:
            return


def scan_torch_tar_member(engine: Engine, blob: Blob, where: Where, depth: int, member: str) -> None:
    """The legacy tar layout: ``storages`` and ``tensors`` interleave pickles with raw data."""
    stream = BlobStream(blob)
    count_vm = _vm(engine, stream, where, depth)
    if not count_vm.run():
        return
    count = count_vm.result
    if not isinstance(count, int) or count < 0:
        engine.ctx.broken(where, f"torch tar {member}: count is not an int")
        return
    for i in range(min(count, engine.ctx.options.max_members)):
        vm = _vm(engine, stream, where.inside(f"<{member} {i}>"), depth)
        if not vm.run():
            return
        if not _skip_raw(engine, stream, vm.result, member, where):
            return
    if count > engine.ctx.options.max_members:
        engine.ctx.cap(where, "torch tar records", engine.ctx.options.max_members)
        return
    if member == "storages":
        _vm(engine, stream, where.inside("<storage views>"), depth).run()


def _skip_raw(engine: Engine, stream: Stream, record: object, member: str, where: Where) -> bool:
    try:
        if member == "storages":
            storage_type = record[2] if isinstance(record, tuple) and len(record) == 3 else None
            size = STORAGE_ELEMENT.get(storage_type.name) if isinstance(storage_type, Global) else None
            if size is None:
                engine.ctx.broken(where, f"torch tar storages: unknown storage type {storage_type!r}")
                return False
            (numel,) = struct.unpack("<q", stream.read(8))
            n = numel * size
        else:
            (ndim,) = struct.unpack("<i", stream.read(4))
            n = 4 + 16 * ndim + 8 if 0 <= ndim <= 64 else -1
    except struct.error:
        n = -1
    if n < 0 or stream.skip(n) != n:
        engine.ctx.broken(where, f"torch tar {member}: bad or truncated raw record")
        return False
    return True
