"""Legacy GGML files (before GGUF): a 4-byte magic (``ggml``, ``ggmf``, ``ggjt``, ``ggla``) and a version."""

from __future__ import annotations

import struct

from opengauge.inventory.interface import Observation, Reader
from opengauge.inventory.weights._common import (
    Parsed,
    WeightsFormatError,
    corrupt,
    failed_observation,
    weights_observation,
)
from opengauge.record import Artifact

#: On-disk bytes (the magic is a little-endian uint32) -> magic name, and whether a version follows.
MAGICS: dict[bytes, tuple[str, bool]] = {
    b"lmgg": ("ggml", False),
    b"fmgg": ("ggmf", True),
    b"tjgg": ("ggjt", True),
    b"algg": ("ggla", False),
}


def parse_ggml(head: bytes) -> Parsed:
    magic = MAGICS.get(head[:4])
    if magic is None:
        raise corrupt("not a GGML file: unknown magic")
    name, versioned = magic
    details = {"ggml_magic": name}
    summary = f"ggml (legacy, {name})"
    if versioned and len(head) >= 8:
        version = struct.unpack("<I", head[4:8])[0]
        details["ggml_version"] = str(version)
        summary = f"ggml (legacy, {name} v{version})"
    return Parsed("ggml", summary, tuple(details.items()))


class GgmlClassifier:
    """Pre-GGUF llama.cpp / whisper.cpp files, recognised by magic (any name) or the ``.ggml`` suffix."""

    name: str = "weights.ggml"

    def considers(self, suffix: str) -> bool:
        return True  # by magic bytes, whatever the name

    def accepts(self, artifact: Artifact, head: bytes) -> bool:
        return head[:4] in MAGICS or artifact.suffix == ".ggml"

    def classify(self, artifact: Artifact, head: bytes, reader: Reader) -> Observation:
        try:
            parsed = parse_ggml(head)
        except WeightsFormatError as exc:
            return failed_observation(artifact, "ggml", exc.problem)
        return weights_observation(artifact, parsed, self.name)
