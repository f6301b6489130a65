"""TensorFlow Lite flatbuffers: ``TFL3`` at offset 4; the Model table's version and description."""

from __future__ import annotations

import struct

from opengauge.inventory.interface import Observation, Reader
from opengauge.inventory.weights._common import (
    Parsed,
    WeightsFormatError,
    bounded,
    corrupt,
    failed_observation,
    weights_observation,
)
from opengauge.record import Artifact

IDENTIFIER = b"TFL3"


def _u32(data: bytes, at: int) -> int | None:
    return int(struct.unpack_from("<I", data, at)[0]) if at >= 0 and at + 4 <= len(data) else None


def _u16(data: bytes, at: int) -> int | None:
    return int(struct.unpack_from("<H", data, at)[0]) if at >= 0 and at + 2 <= len(data) else None


def model_fields(head: bytes) -> dict[str, str]:
    """Version (field 0) and description (field 3) of the root Model table, when they lie in ``head``."""
    if head[4:8] != IDENTIFIER:
        raise corrupt("not a TFLite file: no 'TFL3' identifier at offset 4")
    out: dict[str, str] = {}
    root = _u32(head, 0)
    soffset = _u32(head, root) if root is not None else None
    if root is None or soffset is None:
        return out
    vtable = root - struct.unpack("<i", struct.pack("<I", soffset))[0]
    vsize = _u16(head, vtable)
    if vsize is None:
        return out
    for index, key in ((0, "tflite_schema_version"), (3, "description")):
        if 4 + 2 * index + 2 > vsize:
            continue
        field = _u16(head, vtable + 4 + 2 * index)
        if not field:
            continue
        value = _u32(head, root + field)
        if value is None:
            continue
        if key == "description":
            text = _string(head, root + field + value)
            if text is not None:
                out[key] = bounded(text, 200)
        else:
            out[key] = str(value)
    return out


def _string(head: bytes, at: int) -> str | None:
    n = _u32(head, at)
    if n is None or at + 4 + n > len(head):
        return None
    return head[at + 4 : at + 4 + n].decode("utf-8", errors="replace")


class TfliteClassifier:
    """``*.tflite`` or any file with ``TFL3`` at offset 4."""

    name: str = "weights.tflite"

    def considers(self, suffix: str) -> bool:
        return True  # by its file identifier, whatever the name

    def accepts(self, artifact: Artifact, head: bytes) -> bool:
        return artifact.suffix == ".tflite" or head[4:8] == IDENTIFIER

    def classify(self, artifact: Artifact, head: bytes, reader: Reader) -> Observation:
        try:
            details = model_fields(head)
        except WeightsFormatError as exc:
            return failed_observation(artifact, "tflite", exc.problem)
        version = details.get("tflite_schema_version", "?")
        parsed = Parsed("tflite", f"tflite flatbuffer, schema v{version}", tuple(details.items()))
        return weights_observation(artifact, parsed, self.name)
