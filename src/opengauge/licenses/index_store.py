"""The licence text index on disk: word ids and bigram codes (never licence text) in the user cache folder.

Building the index from the ~800 SPDX texts takes about half a second; loading it from here takes a few
milliseconds, because the numbers are stored as raw machine arrays after a small JSON header. A file whose key
does not match (another texts package, other matching settings, another byte order), or that is damaged in a way
that matters, is ignored; the index is then built and written again. Only plain data is read: no pickle.
"""

from __future__ import annotations

import contextlib
import json
import os
import struct
import sys
import tempfile
from array import array
from dataclasses import dataclass
from pathlib import Path
from typing import TypeGuard

MAGIC = b"OGLIDX1\n"
PREFIX = "licence-index-"
_LENGTH = struct.Struct("<Q")
#: The arrays, in file order, with their item type: bigram codes need 64 bits, text numbers fit in 32.
_ARRAYS = (
    ("set_offsets", "q"),
    ("set_values", "q"),
    ("post_keys", "q"),
    ("post_offsets", "q"),
    ("post_values", "i"),
    ("rare_count", "i"),
)
#: A header larger than this is not ours.
_MAX_HEADER = 16 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class IndexArrays:
    """The index's data. Text ``i``'s bigrams are ``set_values[set_offsets[i]:set_offsets[i + 1]]``; rare bigram
    ``post_keys[k]`` is in the texts ``post_values[post_offsets[k]:post_offsets[k + 1]]``; text ``i`` has
    ``rare_count[i]`` rare bigrams."""

    vocabulary: tuple[str, ...]
    ids: tuple[str, ...]
    header: tuple[bool, ...]
    set_offsets: array[int]
    set_values: array[int]
    post_keys: array[int]
    post_offsets: array[int]
    post_values: array[int]
    rare_count: array[int]

    def consistent(self) -> bool:
        """Enough checks that no lookup can fail later (wrong numbers would only give wrong matches)."""
        n = len(self.ids)
        if len(self.header) != n or len(self.rare_count) != n or len(self.set_offsets) != n + 1:
            return False
        if len(self.post_offsets) != len(self.post_keys) + 1:
            return False
        if self.set_offsets[0] != 0 or self.set_offsets[-1] != len(self.set_values):
            return False
        if self.post_offsets[0] != 0 or self.post_offsets[-1] != len(self.post_values):
            return False
        return not self.post_values or (min(self.post_values) >= 0 and max(self.post_values) < n)


def cache_file(folder: Path, key: str) -> Path:
    return folder / f"{PREFIX}{key}.bin"


def byte_order() -> str:
    """Part of every key: the arrays are stored in this machine's byte order."""
    return sys.byteorder


def save(data: IndexArrays, path: Path, key: str) -> bool:
    """Write atomically and remove index files of other keys; False (and nothing left behind) on failure."""
    meta = {"key": key, "vocabulary": data.vocabulary, "ids": data.ids, "header": data.header}
    head = json.dumps(meta, separators=(",", ":")).encode()
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, prefix=".tmp-", delete=False) as fh:
            tmp = fh.name
            fh.write(MAGIC + _LENGTH.pack(len(head)) + head)
            for name, _code in _ARRAYS:
                values: array[int] = getattr(data, name)
                fh.write(_LENGTH.pack(len(values)))
                values.tofile(fh)
        os.replace(tmp, path)
        tmp = None
        for old in path.parent.glob(f"{PREFIX}*"):
            if old != path:
                old.unlink(missing_ok=True)
        return True
    except OSError:
        return False
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def load(path: Path, key: str) -> IndexArrays | None:
    """The arrays ``save`` wrote under ``key``, or None (absent, another key, damaged)."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    try:
        return _parse(memoryview(raw), key)
    except (ValueError, TypeError, struct.error, RecursionError):
        return None


def _parse(raw: memoryview, key: str) -> IndexArrays | None:
    if raw[: len(MAGIC)] != MAGIC:
        return None
    pos = len(MAGIC)
    (size,) = _LENGTH.unpack_from(raw, pos)
    if size > _MAX_HEADER:
        return None
    pos += _LENGTH.size
    meta = json.loads(bytes(raw[pos : pos + size]))
    pos += size
    if not isinstance(meta, dict) or meta.get("key") != key:
        return None
    vocabulary, ids, header = meta.get("vocabulary"), meta.get("ids"), meta.get("header")
    if not (_strings(vocabulary) and _strings(ids) and isinstance(header, list)):
        return None
    if not all(type(h) is bool for h in header):
        return None
    arrays: dict[str, array[int]] = {}
    for name, code in _ARRAYS:
        (count,) = _LENGTH.unpack_from(raw, pos)
        pos += _LENGTH.size
        values = array(code)
        end = pos + count * values.itemsize
        if end > len(raw):
            return None
        values.frombytes(raw[pos:end])
        arrays[name] = values
        pos = end
    if pos != len(raw):
        return None
    data = IndexArrays(tuple(vocabulary), tuple(ids), tuple(header), **arrays)
    return data if data.consistent() else None


def _strings(value: object) -> TypeGuard[list[str]]:
    return isinstance(value, list) and all(type(v) is str for v in value)
