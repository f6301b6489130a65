"""Zip and tar containers: layout checks (traversal, links, bombs, duplicates) and member dispatch.

Torch zips are read like ``torch.load`` reads them: ``*/data.pkl`` (and TorchScript's ``constants.pkl``) are
pickles whatever their first bytes; ``*/data/<key>`` members are raw storages and are not parsed.

Members are read the way the loaders read them: by the central directory's flags and method (``zipfile``, and so
``numpy.load`` and Keras, and torch's miniz ignore the local header's flags). An encryption flag in the central
directory makes both refuse the member without a password; the scanner cannot read it either, so it is
"unsafe-unknown" (OG-SEC-093). Stored, deflate, bzip2 and LZMA members (what ``zipfile`` reads) are scanned.
"""

from __future__ import annotations

import lzma
import re
import stat
from array import array
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from opengauge.security import keras, pickles
from opengauge.security.blob import Blob, BlobStream, DecompressedStream, SliceBlob
from opengauge.security.context import Where
from opengauge.security.ziplist import Member, ZipError, data_offset, find_directory, iter_members

if TYPE_CHECKING:
    from opengauge.security.engine import Engine

_TORCH_DATA = re.compile(r"^(?:[^/]+/)?(?:\.data|data)/[^/]+$")
_TORCH_PKL = re.compile(r"^(?:[^/]+/)?(data|constants)\.pkl$")
_TORCHSCRIPT = re.compile(r"^(?:[^/]+/)?(code/|constants\.pkl$)")
_BOMB_MIN = 1 << 20  # members below this size are never bombs


def unsafe_path(name: str) -> str | None:
    """Why an archive member name escapes the extraction folder, or None."""
    if ".." not in name and "\x00" not in name and not name.startswith(("/", "\\")) and ":" not in name[:3]:
        return None
    norm = name.replace("\\", "/")
    if norm.startswith("/") or re.match(r"^[A-Za-z]:", norm):
        return "absolute path"
    if ".." in norm.split("/"):
        return "parent-directory component"
    if "\x00" in norm:
        return "NUL byte in name"
    return None


class _ZipState:
    def __init__(self) -> None:
        self.names: set[int] = set()
        self.starts = array("q")
        self.ends = array("q")
        self.total = 0
        self.members = 0
        self.torch = False
        self.torchscript = False
        self.single_pass = False


def scan_zip(engine: Engine, blob: Blob, where: Where, depth: int) -> None:
    ctx = engine.ctx
    try:
        directory = find_directory(blob)
    except ZipError as exc:
        ctx.broken(where, f"zip: {exc}")
        return
    state = _ZipState()
    limit = ctx.options.max_members
    try:
        # torch writes data.pkl first: then one pass does both the layout checks and the contents
        for i, member in enumerate(iter_members(blob, directory, limit + 1)):
            if i >= limit:
                ctx.cap(where, "archive members", limit)
                break
            _check_member(engine, member, where, state)
            if i == 0:
                state.single_pass = state.torch
            if state.single_pass:
                _scan_member(engine, blob, member, where, depth, state)
        _check_overlap(engine, where, state)
        if state.torchscript:
            ctx.report("OG-SEC-031", where, "TorchScript archive: loading runs its serialized code", evidence="code/")
        if not state.single_pass:
            for i, member in enumerate(iter_members(blob, directory, limit)):
                if i >= limit:
                    break
                _scan_member(engine, blob, member, where, depth, state)
    except ZipError as exc:
        ctx.broken(where, f"zip: {exc}")


def _check_member(engine: Engine, member: Member, where: Where, state: _ZipState) -> None:
    ctx = engine.ctx
    mwhere = where.inside(member.name)
    why = unsafe_path(member.name)
    if why:
        ctx.report("OG-SEC-010", mwhere, f"member name has an {why}", evidence=repr(member.name))
    if stat.S_ISLNK(member.mode) or stat.S_ISCHR(member.mode) or stat.S_ISBLK(member.mode):
        ctx.report("OG-SEC-013", mwhere, "member is a link or device", evidence=oct(member.mode))
    key = hash(member.name)
    if key in state.names:
        ctx.report("OG-SEC-012", mwhere, "member name occurs twice in the central directory")
    state.names.add(key)
    ratio = member.usize / max(member.csize, 1)
    if member.usize > _BOMB_MIN and ratio > ctx.options.max_ratio:
        ctx.report(
            "OG-SEC-011", mwhere, f"compression ratio {ratio:.0f}:1", evidence=f"{member.csize} -> {member.usize}"
        )
    state.total += member.usize
    state.starts.append(member.header_offset)
    state.ends.append(member.header_offset + 30 + member.csize)
    name = member.name
    if name.endswith(".pkl") and _TORCH_PKL.match(name):
        state.torch = True
    if ("code/" in name or name.endswith("constants.pkl")) and _TORCHSCRIPT.match(name):
        state.torchscript = True


def _check_overlap(engine: Engine, where: Where, state: _ZipState) -> None:
    ctx = engine.ctx
    if state.total > ctx.options.max_inflate:
        ctx.report(
            "OG-SEC-011",
            where,
            f"declared uncompressed size {state.total} exceeds the cap {ctx.options.max_inflate}",
        )
    starts, ends = state.starts, state.ends
    order: range | list[int] = range(len(starts))
    if any(starts[i] < starts[i - 1] for i in range(1, len(starts))):
        order = sorted(range(len(starts)), key=starts.__getitem__)
    prev_end = -1
    for i in order:
        if starts[i] < prev_end:
            ctx.report("OG-SEC-011", where, "members overlap (a quoted-overlap zip bomb or a hidden member)")
            return
        prev_end = max(prev_end, ends[i])


def _scan_member(engine: Engine, blob: Blob, member: Member, where: Where, depth: int, state: _ZipState) -> None:
    ctx = engine.ctx
    name = member.name
    if name.endswith("/") or (state.torch and _TORCH_DATA.match(name)):
        return
    mwhere = where.inside(name)
    if depth + 1 > ctx.options.max_depth:
        ctx.cap(mwhere, "nesting depth", ctx.options.max_depth)
        return
    start = data_offset(blob, member)
    if member.flags & 0x41:  # bit 0 encrypted, bit 6 strong encryption: in the central directory, as loaders read it
        ctx.report("OG-SEC-093", mwhere, "encrypted zip member: what it holds cannot be read without the password")
        return
    if name == "config.json":
        keras.scan_keras_config(engine, _member_bytes(engine, blob, member, start, mwhere), mwhere)
        return
    if member.method == 0:
        sub = SliceBlob(blob, start, member.csize)
        if state.torch and _TORCH_PKL.match(name):
            ctx.scanned.append(f"{mwhere.text()} (pickle)")
            pickles.scan_blob(engine, sub, mwhere, depth + 1)
        else:
            engine.scan_blob(sub, mwhere, depth + 1, name)
        return
    if member.method in (8, 12, 14):
        limit = min(ctx.options.max_inflate, member.usize)
        stream = _member_stream(blob, member, start, limit)
        if stream is None:
            ctx.broken(mwhere, "LZMA zip member: bad LZMA header")
            return
        if state.torch and _TORCH_PKL.match(name):
            ctx.scanned.append(f"{mwhere.text()} (pickle)")
            pickles.scan_stream(engine, stream, mwhere, depth + 1)
        else:
            engine.scan_stream(stream, mwhere, depth + 1, name, member.usize)
        return
    ctx.report("OG-SEC-093", mwhere, f"zip compression method {member.method}: no reader for it, contents unknown")


def _member_stream(blob: Blob, member: Member, start: int, limit: int) -> DecompressedStream | None:
    """The decompressed bytes of a deflate, bzip2 or LZMA member (None: an LZMA member with a bad header)."""
    end = start + member.csize
    if member.method != 14:
        return DecompressedStream(BlobStream(blob, start, end), "deflate" if member.method == 8 else "bz2", limit)
    # APPNOTE 5.8: version (2 bytes), properties size (2), the LZMA1 properties (lc/lp/pb byte, dictionary size)
    head = blob.read(start, 4)
    size = int.from_bytes(head[2:4], "little") if len(head) == 4 else 0
    props = blob.read(start + 4, size) if size >= 5 else b""
    if len(props) < 5 or props[0] >= 9 * 5 * 5:
        return None
    lc, rest = props[0] % 9, props[0] // 9
    lzma_filter = {
        "id": lzma.FILTER_LZMA1,
        "lc": lc,
        "lp": rest % 5,
        "pb": rest // 5,
        "dict_size": int.from_bytes(props[1:5], "little"),
    }
    try:
        return DecompressedStream(BlobStream(blob, start + 4 + size, end), "lzma-raw", limit, lzma_filter)
    except lzma.LZMAError:
        return None


def _member_bytes(engine: Engine, blob: Blob, member: Member, start: int, where: Where) -> bytes | None:
    limit = engine.ctx.options.max_json
    if member.usize > limit:
        engine.ctx.cap(where, "JSON config bytes", limit)
        return None
    if member.method == 0:
        return blob.read(start, member.csize)
    if member.method in (8, 12, 14):
        stream = _member_stream(blob, member, start, limit)
        if stream is not None:
            return stream.read(limit)
        engine.ctx.broken(where, "LZMA zip member: bad LZMA header")
        return None
    why = f"zip compression method {member.method}: no reader for it, contents unknown"
    engine.ctx.report("OG-SEC-093", where, why)
    return None


# -- tar ----------------------------------------------------------------------------------------------------

_TORCH_TAR = frozenset({"storages", "tensors"})


def _octal(field: bytes) -> int:
    if field[:1] and field[0] & 0x80:  # base-256
        return int.from_bytes(field[1:], "big")
    text = field.split(b"\x00", 1)[0].strip()
    return int(text, 8) if text else 0


def _pax(data: bytes) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in data.decode("utf-8", "replace").split("\n"):
        _, _, kv = line.partition(" ")
        key, sep, value = kv.partition("=")
        if sep:
            out[key] = value
    return out


@dataclass
class _TarState:
    long_name: str | None = None
    long_link: str | None = None
    pax: dict[str, str] = field(default_factory=dict)
    is_torch: bool = False


def scan_tar(engine: Engine, blob: Blob, where: Where, depth: int) -> None:
    """A ustar/GNU/pax tar: headers walked in order, members dispatched by magic."""
    ctx = engine.ctx
    off, count = 0, 0
    state = _TarState()
    while off + 512 <= blob.size:
        header = blob.read(off, 512)
        if header == b"\x00" * 512 or len(header) < 512:
            return
        count += 1
        if count > ctx.options.max_members:
            ctx.cap(where, "archive members", ctx.options.max_members)
            return
        try:
            size = _octal(header[124:136])
        except ValueError:
            ctx.broken(where, "tar: bad size field", offset=off)
            return
        data_at = off + 512
        off = data_at + (size + 511) // 512 * 512
        _tar_member(engine, blob, where, depth, header, data_at, size, state)


def _tar_member(
    engine: Engine,
    blob: Blob,
    where: Where,
    depth: int,
    header: bytes,
    data_at: int,
    size: int,
    state: _TarState,
) -> None:
    ctx = engine.ctx
    kind = header[156:157]
    if kind in (b"L", b"K", b"x", b"g"):
        data = blob.read(data_at, min(size, 1 << 20))
        if kind == b"L":
            state.long_name = data.split(b"\x00", 1)[0].decode("utf-8", "replace")
        elif kind == b"K":
            state.long_link = data.split(b"\x00", 1)[0].decode("utf-8", "replace")
        elif kind == b"x":
            state.pax = _pax(data)
        return
    name = header[0:100].split(b"\x00", 1)[0].decode("utf-8", "replace")
    prefix = header[345:500].split(b"\x00", 1)[0].decode("utf-8", "replace")
    if prefix and header[257:262] == b"ustar":
        name = f"{prefix}/{name}"
    name = state.pax.get("path", state.long_name or name)
    raw_link = header[157:257].split(b"\x00", 1)[0].decode("utf-8", "replace")
    link = state.pax.get("linkpath", state.long_link or raw_link)
    state.long_name, state.long_link, state.pax = None, None, {}
    mwhere = where.inside(name)
    why = unsafe_path(name)
    if why:
        ctx.report("OG-SEC-010", mwhere, f"member name has an {why}", evidence=repr(name))
    if kind in (b"1", b"2"):
        target_why = unsafe_path(link) if kind == b"2" else None
        if target_why or kind == b"1":
            what = "hard" if kind == b"1" else "symbolic"
            ctx.report("OG-SEC-013", mwhere, f"{what} link to {link!r}" + (f" ({target_why})" if target_why else ""))
        return
    if kind in (b"3", b"4", b"6"):
        ctx.report("OG-SEC-013", mwhere, "device or FIFO member")
        return
    if kind not in (b"0", b"\x00", b"7"):
        return
    if name == "sys_info":
        state.is_torch = True
    if depth + 1 > ctx.options.max_depth:
        ctx.cap(mwhere, "nesting depth", ctx.options.max_depth)
        return
    sub = SliceBlob(blob, data_at, size)
    if state.is_torch and name in _TORCH_TAR:
        ctx.scanned.append(f"{mwhere.text()} (torch tar {name})")
        pickles.scan_torch_tar_member(engine, sub, mwhere, depth + 1, name)
    elif state.is_torch and name == "pickle":
        ctx.scanned.append(f"{mwhere.text()} (pickle)")
        pickles.scan_blob(engine, sub, mwhere, depth + 1)
    else:
        engine.scan_blob(sub, mwhere, depth + 1, name)
