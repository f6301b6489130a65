"""Format identification by magic bytes. Names are used only for formats without magic (protobuf, Python
source, JSON/Jinja chat templates), and never to rule a file out."""

from __future__ import annotations

import enum
import struct

from opengauge.security.blob import Blob


class Kind(enum.StrEnum):
    """What the scanner takes a file (or member) to be."""

    PICKLE = "pickle"
    ZIP = "zip"
    TAR = "tar"
    GZIP = "gzip"
    BZ2 = "bz2"
    XZ = "xz"
    ZLIB = "zlib"
    SEVEN_Z = "7z"
    RAR = "rar"
    LZ4 = "lz4"
    ZSTD = "zstd"
    NPY = "npy"
    SAFETENSORS = "safetensors"
    GGUF = "gguf"
    HDF5 = "hdf5"
    PYTHON = "python"
    TEMPLATE = "chat-template"
    TF_GRAPH = "tf-graph"
    ONNX = "onnx"
    UNKNOWN = "unknown"


#: Opcodes that can follow PROTO at the start of a real pickle.
_AFTER_PROTO = frozenset(b"\x95()]}cX\x8cKJMN\x88\x89CBGUTVSIL\x8aPq\x97\x93")
#: First opcodes accepted for protocol 0/1 pickles (which have no PROTO header).
PICKLE0_FIRST = frozenset(b"(]})cNIL")

HDF5_MAGIC = b"\x89HDF\r\n\x1a\n"
TEMPLATE_NAMES = ("tokenizer_config.json", "chat_template.json", "processor_config.json")
UNSUPPORTED = frozenset({Kind.SEVEN_Z, Kind.RAR, Kind.LZ4, Kind.ZSTD})
#: What the magic of a file's first bytes can say that a loader deserialises or unpacks: the audit scans every file
#: whose first bytes say one of these, whatever the inventory called it (formats known by name only, Python source,
#: templates, graphs, are scanned by the inventory's kinds and roles).
LOADABLE = frozenset(Kind) - {Kind.PYTHON, Kind.TEMPLATE, Kind.TF_GRAPH, Kind.ONNX, Kind.UNKNOWN}


def sniff(head: bytes, *, strict: bool = True) -> str | None:
    """Strong magic only (``strict``: as used on byte literals inside other formats)."""
    if len(head) >= 3 and head[0] == 0x80 and head[1] <= 5 and (head[2] in _AFTER_PROTO or not strict):
        return Kind.PICKLE.value
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind.value
    return None


_MAGIC: tuple[tuple[bytes, Kind], ...] = (
    (b"PK\x03\x04", Kind.ZIP),
    (b"PK\x05\x06", Kind.ZIP),
    (b"\x1f\x8b", Kind.GZIP),
    (b"\xfd7zXZ\x00", Kind.XZ),
    (b"7z\xbc\xaf\x27\x1c", Kind.SEVEN_Z),
    (b"Rar!\x1a\x07", Kind.RAR),
    (b"\x04\x22\x4d\x18", Kind.LZ4),
    (b"\x28\xb5\x2f\xfd", Kind.ZSTD),
    (b"\x93NUMPY", Kind.NPY),
    (b"GGUF", Kind.GGUF),
    (HDF5_MAGIC, Kind.HDF5),
)


#: Every first byte that a magic, a pickle, bz2 or zlib can start with (the other formats are found further in).
_MAGIC_FIRST = frozenset({0x80, ord("B"), ord("x")} | {m[0] for m, _ in _MAGIC})


def _is_bz2(head: bytes) -> bool:
    return head[:3] == b"BZh" and head[3:4].isdigit() and head[4:10] in (b"1AY&SY", b"\x17rE8P\x90")


def _is_zlib(head: bytes) -> bool:
    if len(head) < 2 or head[0] & 0x0F != 8 or head[0] >> 4 > 7:
        return False
    return (head[0] * 256 + head[1]) % 31 == 0 and head[0] == 0x78


_ST_OPEN = (b'{"', b"{}")


def _is_safetensors(head: bytes, size: int) -> bool:
    if head[8:10] not in _ST_OPEN:
        return False
    n: int = struct.unpack_from("<Q", head)[0]
    return n >= 2 and (n <= size - 8 or n > 1 << 24)


def _is_tar(head: bytes) -> bool:
    return len(head) >= 262 and head[257:262] == b"ustar"


def _by_name(name: str) -> Kind:
    low = name[name.rfind("/") + 1 :].lower()
    if low.endswith((".py", ".pyw")):
        return Kind.PYTHON
    if low in TEMPLATE_NAMES or low.endswith((".jinja", ".jinja2", ".j2")):
        return Kind.TEMPLATE
    if low.endswith(".onnx"):
        return Kind.ONNX
    if low.endswith((".pb", ".pbtxt")):
        return Kind.TF_GRAPH
    return Kind.UNKNOWN


def identify_head(head: bytes, size: int, name: str = "") -> Kind:
    """The kind of a file from its first bytes (up to 4 KiB; HDF5 user blocks are looked for inside them) and,
    for formats without magic, its name (none given: magic only); ``size`` is the whole file's. No tail probe:
    what :func:`identify` does on a blob, decided from the bytes the audit's inventory has already read."""
    if not head:
        return _by_name(name) if name else Kind.UNKNOWN
    kind = _no_leading_magic(head, name, size) if head[0] not in _MAGIC_FIRST else _strong(head, name, size)
    if kind is Kind.UNKNOWN and head[0] in PICKLE0_FIRST:
        return Kind.PICKLE  # confirmed (or dropped) by a trial decode in the engine
    return kind


def _strong(head: bytes, name: str, size: int) -> Kind:
    if not head or head[0] not in _MAGIC_FIRST:
        return _no_leading_magic(head, name, size)  # most files: text, so skip the magic and compression tests
    kind = sniff(head)
    if kind is not None:
        return Kind(kind)
    if _is_safetensors(head, size):
        return Kind.SAFETENSORS
    if sniff(head, strict=False) is not None:
        return Kind.PICKLE
    if _is_tar(head):
        return Kind.TAR
    if _is_bz2(head):
        return Kind.BZ2
    by_name = _by_name(name) if name else Kind.UNKNOWN
    if by_name is not Kind.UNKNOWN:
        return by_name
    for off in (512, 1024, 2048):
        if head[off : off + 8] == HDF5_MAGIC:
            return Kind.HDF5
    if _is_zlib(head):
        return Kind.ZLIB
    return Kind.UNKNOWN


def _no_leading_magic(head: bytes, name: str, size: int) -> Kind:
    """:func:`_strong` for a head whose first byte starts no magic (the same tests, in the same order; inlined:
    the inventory asks this of every file)."""
    if head[8:10] in _ST_OPEN and _is_safetensors(head, size):
        return Kind.SAFETENSORS
    if head[257:262] == b"ustar":
        return Kind.TAR
    if name:
        by_name = _by_name(name)
        if by_name is not Kind.UNKNOWN:
            return by_name
    if HDF5_MAGIC in (head[512:520], head[1024:1032], head[2048:2056]):
        return Kind.HDF5
    return Kind.UNKNOWN


def identify(blob: Blob, name: str, *, probe_tail: bool = True) -> Kind:
    """The kind of ``blob`` from its first bytes (and, for formats without magic, its name). ``probe_tail``
    also looks for a zip directory at the end (archives with prepended bytes), for top-level files."""
    head = blob.read(0, 4096)
    kind = _strong(head, name, blob.size)
    if kind is not Kind.UNKNOWN:
        return kind
    if probe_tail and blob.size >= 22 and b"PK\x05\x06" in blob.read(max(0, blob.size - 65_558), 65_558):
        return Kind.ZIP
    if head[:1] and head[0] in PICKLE0_FIRST:
        return Kind.PICKLE  # confirmed (or dropped) by a trial decode in the engine
    return Kind.UNKNOWN
