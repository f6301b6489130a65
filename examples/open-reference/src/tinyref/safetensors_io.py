# SPDX-License-Identifier: Apache-2.0
"""A small safetensors writer and reader (float32 only): 8-byte little-endian header length, a JSON header
with dtype, shape and byte offsets per tensor, then the raw little-endian bytes. No third-party package."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import numpy as np


def write_safetensors(path: Path, tensors: dict[str, np.ndarray], metadata: dict[str, str]) -> None:
    """Write ``tensors`` (sorted by name, as float32) with string ``metadata``; byte-identical for equal input."""
    header: dict[str, object] = {"__metadata__": dict(sorted(metadata.items()))}
    payload = bytearray()
    for name in sorted(tensors):
        data = np.ascontiguousarray(tensors[name], dtype="<f4").tobytes()
        header[name] = {
            "dtype": "F32",
            "shape": list(tensors[name].shape),
            "data_offsets": [len(payload), len(payload) + len(data)],
        }
        payload += data
    raw = json.dumps(header, separators=(",", ":"), sort_keys=False).encode("utf-8")
    raw += b" " * (-len(raw) % 8)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(struct.pack("<Q", len(raw)) + raw + bytes(payload))


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """Read a float32 safetensors file written by ``write_safetensors``."""
    blob = path.read_bytes()
    (size,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8 : 8 + size])
    body = blob[8 + size :]
    out: dict[str, np.ndarray] = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        out[name] = np.frombuffer(body[start:end], dtype="<f4").reshape(info["shape"]).astype(np.float64)
    return out
