"""safetensors: an 8-byte little-endian header length, a JSON header, then the tensor bytes (never read)."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

from opengauge.inventory.interface import LicenceDeclaration, Observation, Reader
from opengauge.inventory.weights._common import (
    RULE_INCONSISTENT,
    RULE_TRUNCATED,
    SAFETENSORS_HEADER_CAP,
    Fetcher,
    Parsed,
    Problem,
    WeightsFormatError,
    bounded,
    capped,
    corrupt,
    failed_observation,
    human_count,
    join_bounded,
    location,
    truncated,
    weights_observation,
)
from opengauge.record import Artifact, Severity

#: Bits per element of each safetensors dtype.
DTYPE_BITS: dict[str, int] = {
    "BOOL": 8,
    "U8": 8,
    "I8": 8,
    "F8_E5M2": 8,
    "F8_E4M3": 8,
    "F8_E4M3FN": 8,
    "F8_E8M0": 8,
    "I16": 16,
    "U16": 16,
    "F16": 16,
    "BF16": 16,
    "I32": 32,
    "U32": 32,
    "F32": 32,
    "C64": 64,
    "F64": 64,
    "I64": 64,
    "U64": 64,
    "F4": 4,
    "F6_E2M3": 6,
    "F6_E3M2": 6,
}
_EXAMPLE_CAP = 80


@dataclass(frozen=True, slots=True)
class Tensor:
    name: str
    dtype: str
    shape: tuple[int, ...]
    begin: int
    end: int

    @property
    def numel(self) -> int:
        return math.prod(self.shape)


@dataclass(frozen=True, slots=True)
class SafetensorsHeader:
    """The parsed header and what validating it against the file found."""

    header_size: int
    tensors: tuple[Tensor, ...]
    metadata: tuple[tuple[str, str], ...]
    problems: tuple[Problem, ...]

    @property
    def parameters(self) -> int:
        return sum(t.numel for t in self.tensors)

    @property
    def dtypes(self) -> tuple[str, ...]:
        return tuple(sorted({t.dtype for t in self.tensors}))


def parse_safetensors(fetch: Fetcher) -> SafetensorsHeader:
    """Read and validate the header. Raises ``WeightsFormatError`` when it cannot be read at all."""
    raw_len = fetch.read(0, 8)
    if len(raw_len) < 8:
        raise truncated(f"safetensors file of {fetch.size} bytes has no 8-byte header length")
    n = int.from_bytes(raw_len, "little")
    if n > SAFETENSORS_HEADER_CAP:
        raise WeightsFormatError(capped(f"safetensors header of {n} bytes is over the {SAFETENSORS_HEADER_CAP} cap"))
    if 8 + n > fetch.size:
        raise truncated(f"safetensors header length {n} is larger than the file ({fetch.size} bytes)")
    raw = fetch.read(8, n)
    if len(raw) < n:
        raise truncated(f"safetensors header: read {len(raw)} of {n} bytes")
    header = _load_json(raw)
    tensors, metadata, problems = _entries(header)
    problems += _validate(tensors, fetch.size - 8 - n)
    return SafetensorsHeader(n, tuple(tensors), tuple(sorted(metadata.items())), tuple(problems))


def _load_json(raw: bytes) -> dict[str, object]:
    if not raw.lstrip().startswith(b"{"):
        raise corrupt("safetensors header is not a JSON object")
    try:
        value = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise corrupt(f"safetensors header is not valid JSON: {type(exc).__name__}") from exc
    if not isinstance(value, dict):
        raise corrupt("safetensors header is not a JSON object")
    return value


_MAX_DIMS = 32
_MAX_INT = 2**63


def _int_list(value: object) -> list[int] | None:
    """A list of non-negative 64-bit ints (at most 32 of them), else None."""
    if not isinstance(value, list) or len(value) > _MAX_DIMS:
        return None
    if not all(type(v) is int and 0 <= v < _MAX_INT for v in value):
        return None
    return value


def _entries(header: dict[str, object]) -> tuple[list[Tensor], dict[str, str], list[Problem]]:
    tensors: list[Tensor] = []
    metadata: dict[str, str] = {}
    malformed: list[str] = []
    problems: list[Problem] = []
    for name, entry in header.items():
        if name == "__metadata__":
            if isinstance(entry, dict) and all(isinstance(v, str) for v in entry.values()):
                metadata = {str(k): str(v) for k, v in entry.items()}
            else:
                problems.append(Problem(RULE_INCONSISTENT, Severity.LOW, "__metadata__ is not a map of strings"))
            continue
        tensor = _tensor(name, entry)
        if tensor is None:
            malformed.append(name)
        else:
            tensors.append(tensor)
    if malformed:
        problems.append(
            Problem(
                RULE_INCONSISTENT,
                Severity.MEDIUM,
                f"{len(malformed)} safetensors entries lack a valid dtype/shape/data_offsets "
                f"(e.g. {malformed[0][:_EXAMPLE_CAP]!r})",
            )
        )
    return tensors, metadata, problems


def _tensor(name: str, entry: object) -> Tensor | None:
    if not isinstance(entry, dict):
        return None
    dtype, shape, offsets = (
        entry.get("dtype"),
        _int_list(entry.get("shape")),
        _int_list(entry.get("data_offsets")),
    )
    if not isinstance(dtype, str) or shape is None or offsets is None or len(offsets) != 2:
        return None
    if offsets[0] > offsets[1]:
        return None
    return Tensor(name, dtype[:32], tuple(shape), offsets[0], offsets[1])


def _validate(tensors: list[Tensor], data_len: int) -> list[Problem]:
    """Spans match dtype x shape, offsets stay in the file and tile the data buffer without gaps."""
    problems: list[Problem] = []
    unknown = [t for t in tensors if t.dtype not in DTYPE_BITS]
    if unknown:
        problems.append(_problem(RULE_INCONSISTENT, Severity.LOW, "have an unknown dtype", unknown))
    wrong = [t for t in tensors if t.dtype in DTYPE_BITS and -(-t.numel * DTYPE_BITS[t.dtype] // 8) != t.end - t.begin]
    if wrong:
        problems.append(
            _problem(RULE_INCONSISTENT, Severity.MEDIUM, "have a byte span that is not dtype x shape", wrong)
        )
    beyond = [t for t in tensors if t.end > data_len]
    if beyond:
        problems.append(_problem(RULE_TRUNCATED, Severity.MEDIUM, "end beyond the end of the file", beyond))
    expected, misplaced = 0, []
    for t in sorted(tensors, key=lambda t: (t.begin, t.end)):
        if t.begin != expected:
            misplaced.append(t)
        expected = max(expected, t.end)
    if misplaced:
        problems.append(_problem(RULE_INCONSISTENT, Severity.MEDIUM, "leave a gap or overlap another", misplaced))
    if not beyond and expected != data_len:
        problems.append(
            Problem(
                RULE_INCONSISTENT,
                Severity.LOW,
                f"safetensors data buffer is {data_len} bytes but the tensors cover {expected}",
            )
        )
    return problems


def _problem(rule: str, severity: Severity, what: str, tensors: list[Tensor]) -> Problem:
    return Problem(
        rule, severity, f"{len(tensors)} safetensors tensors {what} (e.g. {tensors[0].name[:_EXAMPLE_CAP]!r})"
    )


def summarise(header: SafetensorsHeader) -> Parsed:
    dtypes = ",".join(header.dtypes) or "no tensors"
    details = {
        "tensors": str(len(header.tensors)),
        "parameters": str(header.parameters),
        "dtypes": join_bounded(list(header.dtypes)),
        "header_bytes": str(header.header_size),
    }
    meta = dict(header.metadata)
    if meta:
        details["metadata_keys"] = join_bounded(sorted(meta))
    if "format" in meta:
        details["metadata_format"] = bounded(meta["format"], 100)
    summary = f"safetensors, {len(header.tensors)} tensors, {human_count(header.parameters)} params, {dtypes}"
    return Parsed("safetensors", summary, tuple(details.items()), header.problems)


class SafetensorsClassifier:
    """``*.safetensors`` (or a ``.bin``/``.pt`` whose first bytes are a safetensors header)."""

    name: str = "weights.safetensors"

    def considers(self, suffix: str) -> bool:
        return suffix in {".safetensors", ".bin", ".pt", ".pth", ".ckpt", ""}

    def accepts(self, artifact: Artifact, head: bytes) -> bool:
        if artifact.suffix == ".safetensors":
            return True
        if artifact.suffix not in {".bin", ".pt", ".pth", ".ckpt", ""} or len(head) < 10:
            return False
        n = int.from_bytes(head[:8], "little")
        return head[8:10] in (b'{"', b"{ ") and 2 <= n <= artifact.size - 8

    def classify(self, artifact: Artifact, head: bytes, reader: Reader) -> Observation:
        fetch = Fetcher(reader, artifact, head, 8 + SAFETENSORS_HEADER_CAP)
        try:
            header = parse_safetensors(fetch)
        except WeightsFormatError as exc:
            return failed_observation(artifact, "safetensors", exc.problem)
        parsed = summarise(header)
        licence = dict(header.metadata).get("license")
        if licence:
            declaration = LicenceDeclaration(
                value=bounded(licence, 200),
                how="package-metadata",
                location=location(artifact),
                scope=location(artifact),
            )
            parsed = Parsed(parsed.format, parsed.summary, parsed.details, parsed.problems, declarations=(declaration,))
        return weights_observation(artifact, parsed, self.name)
