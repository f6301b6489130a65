"""ONNX: a protobuf ModelProto. Top-level fields are walked with bounded reads; in the graph only the
initializers' dims and data types are read (see ``_onnx_graph``), never tensor bytes."""

from __future__ import annotations

from dataclasses import dataclass

from opengauge.inventory.interface import Observation, Reader
from opengauge.inventory.weights._common import (
    PROTOBUF_FIELD_CAP,
    RULE_TRUNCATED,
    Fetcher,
    Parsed,
    Problem,
    WeightsFormatError,
    bounded,
    corrupt,
    failed_observation,
    human_bytes,
    human_count,
    join_bounded,
    weights_observation,
)
from opengauge.inventory.weights._onnx_graph import Initializers, scan_initializers
from opengauge.inventory.weights._protobuf import VARINT, decode_small, text, walk
from opengauge.inventory.weights._stream import Cursor
from opengauge.record import Artifact

# ModelProto field numbers.
IR_VERSION, PRODUCER_NAME, PRODUCER_VERSION, DOMAIN, MODEL_VERSION, GRAPH, OPSET_IMPORT, METADATA = (
    1, 2, 3, 4, 5, 7, 8, 14,
)  # fmt: skip
_KEEP = frozenset({PRODUCER_NAME, PRODUCER_VERSION, DOMAIN, OPSET_IMPORT, METADATA})
_SMALL = 64 * 1024
MAX_IR_VERSION = 100
#: Top-level fields plus the graph's node/initializer headers (tensor bytes are skipped).
ONNX_READ_CAP = 16 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class OnnxModel:
    """The ModelProto's scalar fields (the graph is only measured)."""

    ir_version: int | None
    producer_name: str | None
    producer_version: str | None
    domain: str | None
    model_version: int | None
    opsets: tuple[str, ...]
    metadata_keys: tuple[str, ...]
    graph_bytes: int | None
    initializers: Initializers | None = None
    problems: tuple[Problem, ...] = ()


def parse_onnx(fetch: Fetcher) -> OnnxModel:
    """Walk the top-level fields. Raises ``WeightsFormatError`` when the bytes are not a ModelProto."""
    cur = Cursor(fetch, 0)
    scalars: dict[int, int] = {}
    strings: dict[int, str] = {}
    opsets: list[str] = []
    metadata_keys: list[str] = []
    graph_bytes: int | None = None
    graph_at = 0
    problems: list[Problem] = []
    try:
        for field in walk(cur, fetch.size, _KEEP, _SMALL, PROTOBUF_FIELD_CAP):
            if field.wire_type == VARINT and isinstance(field.value, int):
                scalars.setdefault(field.number, field.value)
            elif field.number == GRAPH:
                graph_bytes, graph_at = field.length, field.offset
            elif field.number == OPSET_IMPORT and isinstance(field.value, bytes):
                opsets.append(_opset(field.value))
            elif field.number == METADATA and isinstance(field.value, bytes):
                metadata_keys.append(text(decode_small(field.value).get(1, [b""])[0]) or "?")
            elif field.number in _KEEP and (value := text(field.value)) is not None:
                strings.setdefault(field.number, value)
    except WeightsFormatError as exc:
        if IR_VERSION in scalars:
            problems.append(exc.problem)
        elif exc.problem.rule_id == RULE_TRUNCATED:
            raise corrupt(f"not an ONNX model: {exc.problem.message}") from exc
        else:
            raise
    ir_version = scalars.get(IR_VERSION)
    if ir_version is None or not 1 <= ir_version <= MAX_IR_VERSION:
        raise corrupt(f"not an ONNX model: ir_version is {ir_version}")
    initializers = None
    if graph_bytes is not None and not problems:
        try:
            initializers = scan_initializers(Cursor(fetch, graph_at), graph_at + graph_bytes)
        except WeightsFormatError as exc:
            problems.append(exc.problem)
    return OnnxModel(
        ir_version,
        strings.get(PRODUCER_NAME),
        strings.get(PRODUCER_VERSION),
        strings.get(DOMAIN),
        scalars.get(MODEL_VERSION),
        tuple(opsets),
        tuple(metadata_keys),
        graph_bytes,
        initializers,
        tuple(problems),
    )


def _opset(data: bytes) -> str:
    fields = decode_small(data)
    domain = text(fields.get(1, [b""])[0]) or "ai.onnx"
    version = fields.get(2, [None])[0]
    return f"{bounded(domain, 80)}:{version if isinstance(version, int) else '?'}"


def summarise(model: OnnxModel) -> Parsed:
    details: dict[str, str] = {"ir_version": str(model.ir_version)}
    for key, value in (
        ("producer_name", model.producer_name),
        ("producer_version", model.producer_version),
        ("domain", model.domain),
    ):
        if value:
            details[key] = bounded(value, 200)
    if model.model_version is not None:
        details["model_version"] = str(model.model_version)
    if model.opsets:
        details["opset"] = join_bounded(sorted(set(model.opsets)))
    if model.metadata_keys:
        details["metadata_keys"] = join_bounded(sorted(set(model.metadata_keys)))
    if model.graph_bytes is not None:
        details["graph_bytes"] = str(model.graph_bytes)
    inits = model.initializers
    if inits is not None:
        details["initializers"] = str(inits.count)
        details["parameters"] = str(inits.parameters)
        if inits.dtypes:
            details["dtypes"] = join_bounded(list(inits.dtypes))
    parts = [f"onnx, ir_version {model.ir_version}"]
    if model.opsets:
        parts.append(f"opset {','.join(sorted(set(model.opsets))[:3])}")
    if model.producer_name:
        parts.append(f"producer {bounded(model.producer_name, 40)} {bounded(model.producer_version or '', 20)}".strip())
    if inits is not None:
        parts.append(f"{inits.count} initializers, {human_count(inits.parameters)} params")
    elif model.graph_bytes is not None:
        parts.append(f"graph {human_bytes(model.graph_bytes)}")
    return Parsed("onnx", ", ".join(parts), tuple(details.items()), model.problems)


class OnnxClassifier:
    """``*.onnx`` models, and ``*.onnx_data`` / ``*.onnx.data`` external data (raw tensors, no header)."""

    name: str = "weights.onnx"

    def considers(self, suffix: str) -> bool:
        return suffix in {".onnx", ".onnx_data", ".data"}

    def accepts(self, artifact: Artifact, head: bytes) -> bool:
        return artifact.suffix == ".onnx" or artifact.name.lower().endswith((".onnx_data", ".onnx.data"))

    def classify(self, artifact: Artifact, head: bytes, reader: Reader) -> Observation:
        if artifact.suffix != ".onnx":
            summary = "onnx external data (raw tensor bytes referenced by an .onnx graph)"
            return weights_observation(artifact, Parsed("onnx-external-data", summary), self.name)
        fetch = Fetcher(reader, artifact, head, ONNX_READ_CAP)
        try:
            model = parse_onnx(fetch)
        except WeightsFormatError as exc:
            return failed_observation(artifact, "onnx", exc.problem)
        return weights_observation(artifact, summarise(model), self.name)
