"""Header-only formats: .npy (object arrays carry a pickle), safetensors and GGUF headers."""

from __future__ import annotations

import ast
import json
import math
import struct
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from opengauge.security import pickles, templates
from opengauge.security.blob import Blob, BlobStream, Stream
from opengauge.security.context import Where

if TYPE_CHECKING:
    from opengauge.security.engine import Engine

# -- npy ----------------------------------------------------------------------------------------------------


def _has_object(descr: Any) -> bool:
    if isinstance(descr, str):
        return descr.lstrip("<>|=")[:1] == "O"
    if isinstance(descr, list | tuple):
        return any(_has_object(d) for d in descr)
    return False


def npy_header(blob: Blob) -> tuple[dict[str, Any], int]:
    """The header dict and the offset of the data; raises ValueError when malformed."""
    head = blob.read(0, 12)
    if len(head) < 10 or head[:6] != b"\x93NUMPY":
        raise ValueError("not an npy file")
    major = head[6]
    if major == 1:
        (hlen,) = struct.unpack("<H", head[8:10])
        start = 10
    elif major in (2, 3):
        (hlen,) = struct.unpack("<I", head[8:12])
        start = 12
    else:
        raise ValueError(f"unknown npy version {major}")
    if hlen > 1 << 20:
        raise ValueError(f"npy header of {hlen} bytes")
    text = blob.read(start, hlen).decode("utf-8" if major == 3 else "latin-1")
    header = ast.literal_eval(text)
    if not isinstance(header, dict) or "descr" not in header:
        raise ValueError("npy header is not a dict with 'descr'")
    return header, start + hlen


def scan_npy(engine: Engine, blob: Blob, where: Where, depth: int) -> None:
    ctx = engine.ctx
    try:
        header, data_at = npy_header(blob)
    except (ValueError, SyntaxError, MemoryError, RecursionError, UnicodeDecodeError) as exc:
        ctx.broken(where, f"npy header: {exc}")
        return
    if not _has_object(header.get("descr")):
        return
    ctx.report("OG-SEC-007", where, "object array: its data is a pickle (np.load needs allow_pickle=True)")
    pickles.scan_stream(engine, BlobStream(blob, data_at), where.inside("<object data>"), depth + 1)


# -- safetensors --------------------------------------------------------------------------------------------

ST_DTYPES = {
    "BOOL": 1,
    "U8": 1,
    "I8": 1,
    "F8_E5M2": 1,
    "F8_E4M3": 1,
    "F8_E8M0": 1,
    "I16": 2,
    "U16": 2,
    "F16": 2,
    "BF16": 2,
    "I32": 4,
    "U32": 4,
    "F32": 4,
    "I64": 8,
    "U64": 8,
    "F64": 8,
    "C64": 8,
}
ST_SUBBYTE = {"F4": 4, "F6_E2M3": 6, "F6_E3M2": 6}  # bits per element


def safetensors_problems(blob: Blob, max_header: int) -> list[str]:
    """Every way the header breaks the format's rules (empty when the header is sound)."""
    head = blob.read(0, 8)
    if len(head) < 8:
        return ["file shorter than the 8-byte header length"]
    (n,) = struct.unpack("<Q", head)
    if n > max_header:
        return [f"header length {n} exceeds the cap {max_header}"]
    if 8 + n > blob.size:
        return [f"header length {n} runs past the end of the file"]
    try:
        doc = json.loads(blob.read(8, n))
    except (ValueError, RecursionError) as exc:
        return [f"header is not JSON ({exc})"]
    if not isinstance(doc, dict):
        return ["header is not a JSON object"]
    data_size = blob.size - 8 - n
    problems: list[str] = []
    spans: list[tuple[int, int, str]] = []
    for key, info in doc.items():
        if key == "__metadata__":
            if not isinstance(info, dict) or not all(isinstance(v, str) for v in info.values()):
                problems.append("__metadata__ must map strings to strings")
            continue
        problems.extend(_tensor_problems(key, info, data_size, spans))
        if len(problems) > 20:
            break
    spans.sort()
    pos = 0
    for begin, end, key in spans:
        if begin != pos:
            problems.append(f"{key}: data starts at {begin}, expected {pos} (gap or overlap)")
            break
        pos = end
    if not problems and pos != data_size:
        problems.append(f"tensors cover {pos} bytes but the data section has {data_size}")
    return problems


def _tensor_problems(key: str, info: Any, data_size: int, spans: list[tuple[int, int, str]]) -> list[str]:
    if not isinstance(info, dict):
        return [f"{key}: entry is not an object"]
    dtype, shape, offsets = info.get("dtype"), info.get("shape"), info.get("data_offsets")
    if not isinstance(shape, list) or not all(isinstance(d, int) and d >= 0 for d in shape):
        return [f"{key}: bad shape {shape!r}"[:200]]
    if (
        not isinstance(offsets, list)
        or len(offsets) != 2
        or not all(isinstance(o, int) and not isinstance(o, bool) for o in offsets)
    ):
        return [f"{key}: bad data_offsets {offsets!r}"[:200]]
    begin, end = offsets
    if not 0 <= begin <= end <= data_size:
        return [f"{key}: data_offsets [{begin}, {end}] outside the data section ({data_size} bytes)"]
    count = math.prod(shape)
    if dtype in ST_DTYPES:
        want = count * ST_DTYPES[dtype]
    elif dtype in ST_SUBBYTE:
        want = (count * ST_SUBBYTE[dtype] + 7) // 8
    else:
        return [f"{key}: unknown dtype {dtype!r}"[:200]]
    spans.append((begin, end, key))
    if end - begin != want:
        return [f"{key}: {dtype} x {shape} needs {want} bytes, offsets span {end - begin}"]
    return []


def scan_safetensors(engine: Engine, blob: Blob, where: Where) -> None:
    problems = safetensors_problems(blob, engine.ctx.options.max_header)
    for problem in problems[:10]:
        engine.ctx.report("OG-SEC-060", where, f"safetensors: {problem}")


# -- GGUF ---------------------------------------------------------------------------------------------------

_GGUF_SCALAR = {0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8}
_GGUF_STRING, _GGUF_ARRAY = 8, 9
#: ggml type -> (block bytes, elements per block) for the bounds check of tensor data.
GGML_BLOCK = {
    0: (4, 1), 1: (2, 1), 2: (18, 32), 3: (20, 32), 6: (22, 32), 7: (24, 32), 8: (34, 32), 9: (36, 32),
    10: (84, 256), 11: (110, 256), 12: (144, 256), 13: (176, 256), 14: (210, 256), 15: (292, 256),
    24: (1, 1), 25: (2, 1), 26: (4, 1), 27: (8, 1), 28: (8, 1), 30: (2, 1),
}  # fmt: skip
MAX_GGUF_STRING = 64 << 20
MAX_GGUF_DIMS = 8


class GGUFError(Exception):
    """The GGUF header is malformed."""


@dataclass(frozen=True, slots=True)
class GGUFHeader:
    """What the scanner needs from a GGUF header."""

    version: int
    tensors: int
    kv: int
    templates: tuple[tuple[str, str], ...]
    problems: tuple[str, ...]


class _G:
    def __init__(self, stream: Stream, max_header: int, max_items: int) -> None:
        self.s = stream
        self.max_header = max_header
        self.max_items = max_items

    def take(self, n: int) -> bytes:
        if self.s.tell() + n > self.max_header:
            raise GGUFError(f"header exceeds the cap {self.max_header}")
        data = self.s.read(n)
        if len(data) != n:
            raise GGUFError("header truncated")
        return data

    def u32(self) -> int:
        return int(struct.unpack("<I", self.take(4))[0])

    def u64(self) -> int:
        return int(struct.unpack("<Q", self.take(8))[0])

    def string(self, keep: bool) -> str | None:
        n = self.u64()
        if n > MAX_GGUF_STRING:
            raise GGUFError(f"string of {n} bytes")
        if not keep:
            if self.s.tell() + n > self.max_header:
                raise GGUFError(f"header exceeds the cap {self.max_header}")
            if self.s.skip(n) != n:
                raise GGUFError("header truncated")
            return None
        return self.take(n).decode("utf-8", "replace")

    def value(self, vtype: int, keep: bool) -> Any:
        if vtype in _GGUF_SCALAR:
            raw = self.take(_GGUF_SCALAR[vtype])
            return int.from_bytes(raw, "little") if keep and vtype in (4, 10) else None
        if vtype == _GGUF_STRING:
            return self.string(keep)
        if vtype == _GGUF_ARRAY:
            etype, count = self.u32(), self.u64()
            if count > self.max_items:
                raise GGUFError(f"array of {count} items exceeds the cap {self.max_items}")
            if etype in _GGUF_SCALAR:
                n = count * _GGUF_SCALAR[etype]
                if self.s.tell() + n > self.max_header or self.s.skip(n) != n:
                    raise GGUFError("array runs past the header cap or the file")
                return None
            if etype == _GGUF_ARRAY:
                raise GGUFError("nested arrays are not allowed")
            for _ in range(count):
                self.value(etype, False)
            return None
        raise GGUFError(f"unknown value type {vtype}")


def gguf_header(blob: Blob, max_header: int, max_items: int) -> GGUFHeader:
    """Walk a GGUF header without keeping its arrays; raises GGUFError when malformed."""
    g = _G(BlobStream(blob), max_header, max_items)
    if g.take(4) != b"GGUF":
        raise GGUFError("bad magic")
    version = g.u32()
    if version not in (1, 2, 3):
        raise GGUFError(f"unknown version {version}")
    n_tensors, n_kv = g.u64(), g.u64()
    if n_tensors > max_items or n_kv > max_items:
        raise GGUFError(f"{n_tensors} tensors / {n_kv} keys exceed the cap {max_items}")
    found: list[tuple[str, str]] = []
    alignment = 32
    for _ in range(n_kv):
        key = g.string(True) or ""
        vtype = g.u32()
        keep = key.startswith("tokenizer.chat_template") or key == "general.alignment"
        value = g.value(vtype, keep)
        if key == "general.alignment" and isinstance(value, int) and value > 0:
            alignment = value
        elif keep and isinstance(value, str):
            found.append((key, value))
    problems: list[str] = []
    spans: list[tuple[str, int, int]] = []
    for _ in range(n_tensors):
        name = g.string(True) or ""
        ndim = g.u32()
        if ndim > MAX_GGUF_DIMS:
            raise GGUFError(f"tensor {name!r} has {ndim} dimensions")
        dims = [g.u64() for _ in range(ndim)]
        ttype, offset = g.u32(), g.u64()
        if offset % alignment:
            problems.append(f"tensor {name!r}: offset {offset} not aligned to {alignment}")
        block = GGML_BLOCK.get(ttype)
        if block is not None:
            count = math.prod(dims)
            spans.append((name, offset, offset + (count + block[1] - 1) // block[1] * block[0]))
    data_at = (g.s.tell() + alignment - 1) // alignment * alignment
    data_size = blob.size - data_at
    for name, begin, end in spans:
        if end > data_size:
            problems.append(f"tensor {name!r}: data [{begin}, {end}) runs past the file ({data_size} bytes)")
            if len(problems) > 10:
                break
    return GGUFHeader(version, n_tensors, n_kv, tuple(found), tuple(problems))


def scan_gguf(engine: Engine, blob: Blob, where: Where) -> None:
    ctx = engine.ctx
    try:
        header = gguf_header(blob, ctx.options.max_header, ctx.options.max_members * 10)
    except GGUFError as exc:
        ctx.report("OG-SEC-061", where, f"GGUF: {exc}")
        return
    for problem in header.problems:
        ctx.report("OG-SEC-061", where, f"GGUF: {problem}")
    for key, template in header.templates:
        templates.scan_template(engine, template, where.inside(key))
