"""TensorFlow SavedModel (``saved_model.pb``) and TF checkpoint data shards (``*.data-00000-of-00001``)."""

from __future__ import annotations

import re

from opengauge.inventory.interface import Observation, Reader
from opengauge.inventory.weights._common import (
    PROTOBUF_FIELD_CAP,
    PROTOBUF_READ_CAP,
    Fetcher,
    Parsed,
    Problem,
    WeightsFormatError,
    corrupt,
    failed_observation,
    weights_observation,
)
from opengauge.inventory.weights._protobuf import VARINT, walk
from opengauge.inventory.weights._stream import Cursor
from opengauge.record import Artifact

_DATA_SHARD = re.compile(r"\.data-(\d{5})-of-(\d{5})$")
SCHEMA_VERSION, META_GRAPHS = 1, 2


def parse_saved_model(fetch: Fetcher) -> tuple[int | None, int, tuple[Problem, ...]]:
    """(saved_model_schema_version, meta graph count, problems); the meta graphs are skipped."""
    cur = Cursor(fetch, 0)
    version: int | None = None
    graphs = 0
    problems: list[Problem] = []
    try:
        for field in walk(cur, fetch.size, frozenset(), 0, PROTOBUF_FIELD_CAP):
            if field.number == SCHEMA_VERSION and field.wire_type == VARINT and isinstance(field.value, int):
                version = field.value
            elif field.number == META_GRAPHS:
                graphs += 1
    except WeightsFormatError as exc:
        if not graphs:
            raise
        problems.append(exc.problem)
    if not graphs:
        raise corrupt("saved_model.pb holds no meta graph")
    return version, graphs, tuple(problems)


class SavedModelClassifier:
    """``saved_model.pb`` (the graph) and ``variables.data-*`` / ``*.ckpt-N.data-*`` (the variables)."""

    name: str = "weights.tf-savedmodel"

    def considers(self, suffix: str) -> bool:
        return suffix in {".pb", ".pbtxt"} or suffix.startswith(".data-")

    def accepts(self, artifact: Artifact, head: bytes) -> bool:
        name = artifact.name.lower()
        return name in ("saved_model.pb", "saved_model.pbtxt") or bool(_DATA_SHARD.search(name))

    def classify(self, artifact: Artifact, head: bytes, reader: Reader) -> Observation:
        name = artifact.name.lower()
        if match := _DATA_SHARD.search(name):
            shard = (("shard", str(int(match.group(1)) + 1)), ("shards", str(int(match.group(2)))))
            parsed = Parsed("tf-checkpoint", f"tensorflow checkpoint data shard {match.group(1)}", shard)
            return weights_observation(artifact, parsed, self.name)
        if name.endswith(".pbtxt"):
            return weights_observation(artifact, Parsed("tf-savedmodel", "tensorflow SavedModel (text)"), self.name)
        fetch = Fetcher(reader, artifact, head, PROTOBUF_READ_CAP)
        try:
            version, graphs, problems = parse_saved_model(fetch)
        except WeightsFormatError as exc:
            return failed_observation(artifact, "tf-savedmodel", exc.problem)
        details = [("meta_graphs", str(graphs))]
        if version is not None:
            details.append(("saved_model_schema_version", str(version)))
        parsed = Parsed("tf-savedmodel", f"tensorflow SavedModel, {graphs} meta graphs", tuple(details), problems)
        return weights_observation(artifact, parsed, self.name)
