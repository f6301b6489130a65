"""Sharded checkpoint index files (``model.safetensors.index.json``, ``pytorch_model.bin.index.json``)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from opengauge.inventory.interface import Observation, Reader
from opengauge.inventory.weights._common import (
    INDEX_FILE_CAP,
    RULE_INCONSISTENT,
    Fetcher,
    Problem,
    WeightsFormatError,
    bounded,
    capped,
    corrupt,
    failed_observation,
    human_bytes,
    join_bounded,
    location,
    to_finding,
)
from opengauge.inventory.weights._paths import WEIGHTS_SUFFIXES, checkpoint_marks, role_for
from opengauge.record import Artifact, ArtifactKind, Evidence, EvidenceLevel, Severity

_SUFFIX = ".index.json"


@dataclass(frozen=True, slots=True)
class WeightsIndex:
    """What an index file maps: tensor -> shard file, and the declared total size."""

    shards: tuple[str, ...]
    tensors: int
    total_size: int | None
    problems: tuple[Problem, ...]


def parse_index(raw: bytes) -> WeightsIndex:
    """Parse the JSON of an index file. Raises ``WeightsFormatError`` when it is not one."""
    try:
        value = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise corrupt(f"weights index is not valid JSON: {type(exc).__name__}") from exc
    if not isinstance(value, dict) or not isinstance(value.get("weight_map"), dict):
        raise corrupt("weights index has no 'weight_map' object")
    weight_map: dict[object, object] = value["weight_map"]
    shards = {v for v in weight_map.values() if isinstance(v, str)}
    problems: list[Problem] = []
    if any(not isinstance(v, str) for v in weight_map.values()):
        problems.append(Problem(RULE_INCONSISTENT, Severity.LOW, "weights index maps some tensors to a non-string"))
    odd = sorted(s for s in shards if s.startswith("/") or ".." in s.split("/"))
    if odd:
        problems.append(
            Problem(
                RULE_INCONSISTENT,
                Severity.MEDIUM,
                f"weights index names a shard outside its folder: {odd[0][:80]!r}",
            )
        )
    return WeightsIndex(tuple(sorted(shards)), len(weight_map), _total_size(value.get("metadata")), tuple(problems))


def _total_size(metadata: object) -> int | None:
    if not isinstance(metadata, dict):
        return None
    total = metadata.get("total_size")
    if isinstance(total, bool):
        return None
    if isinstance(total, int | float) and total >= 0 and total < 2**63:
        return int(total)
    if isinstance(total, str) and total.isascii() and total.isdigit() and len(total) < 20:
        return int(total)
    return None


def index_format(path: str) -> str:
    name = path.rsplit("/", 1)[-1].lower()[: -len(_SUFFIX)]
    if name.endswith(".safetensors"):
        return "safetensors-index"
    if name.endswith(".bin"):
        return "pytorch-index"
    return "weights-index"


class WeightsIndexClassifier:
    """``<weights file>.index.json``: shard names and counts; DECLARED evidence (shards are the weights)."""

    name: str = "weights.index"

    def considers(self, suffix: str) -> bool:
        return suffix == ".json"

    def accepts(self, artifact: Artifact, head: bytes) -> bool:
        name = artifact.name.lower()
        if not name.endswith(_SUFFIX):
            return False
        inner = name[: -len(_SUFFIX)]
        suffix = inner[inner.rfind(".") :] if "." in inner else ""
        return suffix in WEIGHTS_SUFFIXES or suffix == ".bin"

    def classify(self, artifact: Artifact, head: bytes, reader: Reader) -> Observation:
        fmt = index_format(artifact.path)
        fetch = Fetcher(reader, artifact, head, INDEX_FILE_CAP)
        if artifact.size > INDEX_FILE_CAP:
            problem = capped(f"weights index of {artifact.size} bytes is over the {INDEX_FILE_CAP} cap")
            return failed_observation(artifact, fmt, problem, ArtifactKind.WEIGHTS_INDEX)
        try:
            index = parse_index(fetch.read(0, artifact.size))
        except WeightsFormatError as exc:
            return failed_observation(artifact, fmt, exc.problem, ArtifactKind.WEIGHTS_INDEX)
        return self._observation(artifact, fmt, index)

    def _observation(self, artifact: Artifact, fmt: str, index: WeightsIndex) -> Observation:
        marks = checkpoint_marks(artifact.path)
        details = {"shards": str(len(index.shards)), "tensors": str(index.tensors), **marks}
        details["shard_names"] = join_bounded([bounded(s, 200) for s in index.shards])
        size_text = ""
        if index.total_size is not None:
            details["total_size"] = str(index.total_size)
            size_text = f", {human_bytes(index.total_size)}"
        evidence = Evidence(
            component=role_for(marks),
            level=EvidenceLevel.DECLARED,
            location=location(artifact),
            extractor=self.name,
            excerpt=f"{fmt}: {len(index.shards)} shards, {index.tensors} tensors{size_text}",
        )
        return Observation(
            kind=ArtifactKind.WEIGHTS_INDEX,
            format=fmt,
            details=tuple(sorted(details.items())),
            evidence=(evidence,),
            findings=tuple(to_finding(artifact, p) for p in index.problems),
        )
