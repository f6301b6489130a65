"""Tiny readers and byte builders for the weights-inventory tests. Every fixture is written here, by us."""

from __future__ import annotations

import json
import struct
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from opengauge.inventory.interface import Classifier, Observation
from opengauge.inventory.run import Dispatch
from opengauge.inventory.weights import CLASSIFIERS
from opengauge.record import Artifact
from opengauge.sources.interface import MAX_READ

HEAD = 4096


@dataclass
class CountingReader:
    """An in-memory reader over ``files`` that counts what it hands out and refuses oversized reads.

    ``sizes`` may claim a file is larger than its bytes: the rest reads as zeros (a sparse file).
    """

    files: dict[str, bytes]
    sizes: dict[str, int] = field(default_factory=dict)
    bytes_read: int = 0
    calls: int = 0
    largest: int = 0

    def size(self, path: str) -> int:
        return self.sizes.get(path, len(self.files[path]))

    def read(self, path: str, offset: int = 0, length: int = MAX_READ) -> bytes:
        assert offset >= 0, offset
        assert 0 < length <= MAX_READ, length
        self.calls += 1
        self.largest = max(self.largest, length)
        data = self.files[path]
        end = min(offset + length, self.size(path))
        out = data[offset:end]
        if offset + len(out) < end:
            out += b"\0" * (end - offset - len(out))
        self.bytes_read += len(out)
        return out


@dataclass
class FileReader:
    """Reads files under ``root`` (for the sparse 1 GB test), counting bytes."""

    root: Path
    bytes_read: int = 0

    def read(self, path: str, offset: int = 0, length: int = MAX_READ) -> bytes:
        assert 0 < length <= MAX_READ
        with (self.root / path).open("rb") as fh:
            fh.seek(offset)
            out = fh.read(length)
        self.bytes_read += len(out)
        return out


class FailingReader:
    """Every read past the head fails."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, path: str, offset: int = 0, length: int = MAX_READ) -> bytes:
        if offset == 0 and length <= HEAD:
            return self.data[:length]
        raise OSError(5, "Input/output error")


def artifact(path: str, size: int, source: str = "s1") -> Artifact:
    return Artifact(source_id=source, path=path, size=size)


def pick(art: Artifact, head: bytes) -> Classifier | None:
    """As the inventory picks: by suffix (``considers``), then ``accepts`` in catalog order."""
    return Dispatch(CLASSIFIERS).first(art, head)


def classify(path: str, data: bytes, size: int | None = None) -> tuple[Observation, CountingReader, str]:
    """Run the first accepting weights classifier the way the inventory does (head first, then reads)."""
    reader = CountingReader({path: data}, {path: size} if size is not None else {})
    art = artifact(path, reader.size(path))
    head = reader.read(path, 0, HEAD) if art.size else b""
    classifier = pick(art, head)
    assert classifier is not None, f"no weights classifier accepts {path}"
    return classifier.classify(art, head, reader), reader, classifier.name


def details(obs: Observation) -> dict[str, str]:
    assert list(obs.details) == sorted(obs.details), "details must be sorted"
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in obs.details)
    return dict(obs.details)


def rules(obs: Observation) -> list[str]:
    return [f.rule_id for f in obs.findings]


# --- safetensors ---------------------------------------------------------------------------------------------

DTYPE_BYTES = {"F32": 4, "F16": 2, "BF16": 2, "I64": 8, "I8": 1, "U8": 1, "BOOL": 1}


def safetensors_header(
    tensors: dict[str, tuple[str, list[int]]], metadata: dict[str, str] | None = None
) -> tuple[dict[str, object], int]:
    header: dict[str, object] = {}
    if metadata is not None:
        header["__metadata__"] = metadata
    offset = 0
    for name, (dtype, shape) in tensors.items():
        n = DTYPE_BYTES[dtype]
        for d in shape:
            n *= d
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + n]}
        offset += n
    return header, offset


def safetensors_bytes(tensors: dict[str, tuple[str, list[int]]], metadata: dict[str, str] | None = None) -> bytes:
    header, data_len = safetensors_header(tensors, metadata)
    return raw_safetensors(header, data_len)


def safetensors_head(header: object) -> bytes:
    """The 8-byte length and the (8-byte aligned) JSON header of a safetensors file."""
    raw = json.dumps(header).encode()
    raw += b" " * (-len(raw) % 8)
    return struct.pack("<Q", len(raw)) + raw


def raw_safetensors(header: object, data_len: int) -> bytes:
    return safetensors_head(header) + b"\x01" * data_len


# --- GGUF ----------------------------------------------------------------------------------------------------


def gguf_string(text: str | bytes) -> bytes:
    raw = text.encode() if isinstance(text, str) else text
    return struct.pack("<Q", len(raw)) + raw


def gguf_kv(key: str, value: object) -> bytes:
    """Strings (8), uint32 (4), uint64 (10), float32 (6), bool (7), and string arrays (9 of 8)."""
    out = gguf_string(key)
    if isinstance(value, bool):
        return out + struct.pack("<I?", 7, value)
    if isinstance(value, str):
        return out + struct.pack("<I", 8) + gguf_string(value)
    if isinstance(value, int):
        return out + struct.pack("<IQ", 10, value)
    if isinstance(value, float):
        return out + struct.pack("<If", 6, value)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return out + struct.pack("<IIQ", 9, 8, len(value)) + b"".join(gguf_string(v) for v in value)
    if isinstance(value, list):
        return out + struct.pack("<IIQ", 9, 5, len(value)) + struct.pack(f"<{len(value)}i", *value)
    raise TypeError(value)


def gguf_bytes(
    kvs: Iterable[tuple[str, object]], tensors: Iterable[tuple[str, list[int], int]] = (), version: int = 3
) -> bytes:
    kv_list = list(kvs)
    tensor_list = list(tensors)
    out = b"GGUF" + struct.pack("<IQQ", version, len(tensor_list), len(kv_list))
    out += b"".join(gguf_kv(k, v) for k, v in kv_list)
    for name, dims, ggml_type in tensor_list:
        out += gguf_string(name) + struct.pack("<I", len(dims)) + struct.pack(f"<{len(dims)}Q", *dims)
        out += struct.pack("<IQ", ggml_type, 0)
    return out


# --- protobuf (ONNX, SavedModel) -----------------------------------------------------------------------------


def varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def pb_varint(number: int, value: int) -> bytes:
    return varint(number << 3) + varint(value)


def pb_bytes(number: int, value: bytes) -> bytes:
    return varint(number << 3 | 2) + varint(len(value)) + value


def onnx_tensor(dims: list[int], data_type: int = 1, packed: bool = False, raw: int = 0) -> bytes:
    """A TensorProto: dims (plain or packed), data_type, name, raw_data."""
    out = pb_bytes(1, b"".join(varint(d) for d in dims)) if packed else b"".join(pb_varint(1, d) for d in dims)
    return out + pb_varint(2, data_type) + pb_bytes(8, b"w") + pb_bytes(9, b"\0" * raw)


def onnx_graph() -> bytes:
    """A GraphProto: two nodes, a name, two initializers (4x8 FLOAT with raw data, 16 packed FLOAT16)."""
    node = pb_bytes(4, b"MatMul")
    out = pb_bytes(1, node) + pb_bytes(1, node) + pb_bytes(2, b"main")
    out += pb_bytes(5, onnx_tensor([4, 8], 1, raw=128)) + pb_bytes(5, onnx_tensor([16], 10, packed=True, raw=32))
    return out


def onnx_bytes(graph: bytes | None = None, opset: int = 17, producer: str = "pytorch", ir: int = 8) -> bytes:
    out = pb_varint(1, ir) + pb_bytes(2, producer.encode()) + pb_bytes(3, b"2.1.0")
    out += pb_bytes(7, onnx_graph() if graph is None else graph)
    out += pb_bytes(8, pb_bytes(1, b"") + pb_varint(2, opset))
    out += pb_bytes(8, pb_bytes(1, b"com.microsoft") + pb_varint(2, 1))
    out += pb_bytes(14, pb_bytes(1, b"author") + pb_bytes(2, b"us"))
    return out
