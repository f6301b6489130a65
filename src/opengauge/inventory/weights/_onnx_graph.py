"""Initializers of an ONNX GraphProto: count, parameters, data types. Only each TensorProto's leading
``dims`` / ``data_type`` fields are read; tensor bytes (``raw_data``, typed data) are skipped."""

from __future__ import annotations

import math
from dataclasses import dataclass

from opengauge.inventory.weights._common import WeightsFormatError, capped, corrupt, truncated
from opengauge.inventory.weights._protobuf import LEN, VARINT, skip_field
from opengauge.inventory.weights._stream import Cursor

GRAPH_FIELD_CAP = 500_000
INITIALIZER, DIMS, DATA_TYPE = 5, 1, 2
_PACKED_CAP = 1024
_MAX_DIMS = 32
#: TensorProto.DataType -> name.
ONNX_TYPES: dict[int, str] = {
    1: "FLOAT", 2: "UINT8", 3: "INT8", 4: "UINT16", 5: "INT16", 6: "INT32", 7: "INT64", 8: "STRING",
    9: "BOOL", 10: "FLOAT16", 11: "DOUBLE", 12: "UINT32", 13: "UINT64", 14: "COMPLEX64", 15: "COMPLEX128",
    16: "BFLOAT16", 17: "FLOAT8E4M3FN", 18: "FLOAT8E4M3FNUZ", 19: "FLOAT8E5M2", 20: "FLOAT8E5M2FNUZ",
    21: "UINT4", 22: "INT4", 23: "FLOAT4E2M1",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Initializers:
    """What the graph's initializers add up to."""

    count: int
    parameters: int
    dtypes: tuple[str, ...]


def scan_initializers(cur: Cursor, end: int) -> Initializers:
    """Walk the graph's fields from ``cur.pos`` to ``end``. Raises ``WeightsFormatError`` (cap, truncation)."""
    count = params = fields = 0
    dtypes: set[str] = set()
    while cur.pos < end:
        fields += 1
        if fields > GRAPH_FIELD_CAP:
            raise WeightsFormatError(capped(f"ONNX graph has more than {GRAPH_FIELD_CAP} fields"))
        key = cur.varint()
        number, wire = key >> 3, key & 7
        if number == 0:
            raise corrupt(f"ONNX graph has a field numbered 0 at byte {cur.pos}")
        if number == INITIALIZER and wire == LEN:
            size = cur.varint()
            tensor_end = cur.pos + size
            dims, dtype = _tensor_head(cur, tensor_end)
            if tensor_end > cur.fetch.size:
                raise truncated("an ONNX initializer runs past the end of the file")
            cur.pos = tensor_end
            count += 1
            params += math.prod(dims)
            dtypes.add(ONNX_TYPES.get(dtype, f"type{dtype}"))
        else:
            skip_field(cur, number, wire)
    return Initializers(count, params, tuple(sorted(dtypes)))


def _tensor_head(cur: Cursor, end: int) -> tuple[list[int], int]:
    """``dims`` and ``data_type`` of a TensorProto; they come first, so stop at the first later field."""
    dims: list[int] = []
    dtype = 0
    while cur.pos < end:
        key = cur.varint()
        number, wire = key >> 3, key & 7
        if number == DIMS and wire == VARINT:
            dims.append(cur.varint())
        elif number == DIMS and wire == LEN:
            size = cur.varint()
            data = cur.take(min(size, _PACKED_CAP))
            cur.skip(size - len(data))
            dims.extend(_packed(data))
        elif number == DATA_TYPE and wire == VARINT:
            dtype = cur.varint()
        else:
            break
        if len(dims) > _MAX_DIMS:
            raise corrupt("ONNX initializer with more than 32 dimensions")
    return dims, dtype


def _packed(data: bytes) -> list[int]:
    out: list[int] = []
    value = shift = 0
    for byte in data:
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            out.append(value)
            value = shift = 0
        elif shift > 63:
            raise corrupt("ONNX packed dims with a varint longer than 10 bytes")
    return out[: _MAX_DIMS + 1]
