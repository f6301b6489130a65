"""Flax ``msgpack`` checkpoints (``flax_model.msgpack``): recognised by name and a msgpack map first byte."""

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


def map_size(head: bytes) -> int:
    """Entries of the top-level msgpack map; a corrupt error when the first byte is not a map."""
    if not head:
        raise corrupt("empty msgpack file")
    first = head[0]
    if 0x80 <= first <= 0x8F:
        return first & 0x0F
    if first == 0xDE and len(head) >= 3:
        return int(struct.unpack(">H", head[1:3])[0])
    if first == 0xDF and len(head) >= 5:
        return int(struct.unpack(">I", head[1:5])[0])
    raise corrupt(f"msgpack file does not start with a map (first byte 0x{first:02x})")


def first_key(head: bytes) -> str | None:
    """The first key of the top-level map when it is a short string (e.g. ``params``)."""
    pos = 1 if 0x80 <= head[0] <= 0x8F else 3 if head[0] == 0xDE else 5
    if pos >= len(head):
        return None
    tag = head[pos]
    if 0xA0 <= tag <= 0xBF:
        n, pos = tag & 0x1F, pos + 1
    elif tag == 0xD9 and pos + 1 < len(head):
        n, pos = head[pos + 1], pos + 2
    else:
        return None
    raw = head[pos : pos + n]
    return raw.decode("utf-8", errors="replace")[:100] if len(raw) == n else None


class FlaxMsgpackClassifier:
    """``*.msgpack`` files whose first byte is a msgpack map."""

    name: str = "weights.flax-msgpack"

    def considers(self, suffix: str) -> bool:
        return suffix == ".msgpack"

    def accepts(self, artifact: Artifact, head: bytes) -> bool:
        return artifact.suffix == ".msgpack"

    def classify(self, artifact: Artifact, head: bytes, reader: Reader) -> Observation:
        try:
            entries = map_size(head)
        except WeightsFormatError as exc:
            return failed_observation(artifact, "flax-msgpack", exc.problem)
        details = {"top_level_keys": str(entries)}
        if (key := first_key(head)) is not None:
            details["first_key"] = key
        summary = f"flax msgpack, a map of {entries} top-level entries"
        return weights_observation(artifact, Parsed("flax-msgpack", summary, tuple(details.items())), self.name)
