"""GGUF (llama.cpp): magic, version, counts, a few ``general.*`` values, tensor infos; never the data."""

from __future__ import annotations

import math
import struct
from dataclasses import dataclass

from opengauge.inventory.interface import LicenceDeclaration, Observation, Reader
from opengauge.inventory.weights._common import (
    GGUF_METADATA_CAP,
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
from opengauge.inventory.weights._stream import Cursor
from opengauge.record import Artifact

MAGIC = b"GGUF"
KV_CAP = 65_536
TENSOR_INFO_CAP = 200_000
KEY_CAP = 65_535
VALUE_CAP = 4096
MAX_DIMS = 8
MAX_NESTING = 4
#: Keys whose values we report (scalars and strings only).
WANTED = frozenset(
    {
        "general.architecture",
        "general.name",
        "general.basename",
        "general.finetune",
        "general.version",
        "general.organization",
        "general.license",
        "general.license.name",
        "general.license.link",
        "general.size_label",
        "general.parameter_count",
        "general.file_type",
        "general.quantization_version",
        "general.type",
    }
)
_ARCH_KEYS = ("context_length", "block_count")
_STRING, _ARRAY = 8, 9
#: value type -> struct code (fixed-size scalars).
_SCALARS: dict[int, str] = {
    0: "B",
    1: "b",
    2: "H",
    3: "h",
    4: "I",
    5: "i",
    6: "f",
    7: "?",
    10: "Q",
    11: "q",
    12: "d",
}
#: ggml tensor type -> name.
GGML_TYPES: dict[int, str] = {
    0: "F32", 1: "F16", 2: "Q4_0", 3: "Q4_1", 6: "Q5_0", 7: "Q5_1", 8: "Q8_0", 9: "Q8_1", 10: "Q2_K",
    11: "Q3_K", 12: "Q4_K", 13: "Q5_K", 14: "Q6_K", 15: "Q8_K", 16: "IQ2_XXS", 17: "IQ2_XS", 18: "IQ3_XXS",
    19: "IQ1_S", 20: "IQ4_NL", 21: "IQ3_S", 22: "IQ2_S", 23: "IQ4_XS", 24: "I8", 25: "I16", 26: "I32",
    27: "I64", 28: "F64", 29: "IQ1_M", 30: "BF16", 34: "TQ1_0", 35: "TQ2_0", 39: "MXFP4",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class GgufHeader:
    """The fixed header, the reported metadata values and (when reachable) the tensor infos."""

    version: int
    byte_order: str
    tensor_count: int
    kv_count: int
    values: tuple[tuple[str, str], ...]
    parameters: int | None
    tensor_types: tuple[str, ...]
    problems: tuple[Problem, ...]


def parse_gguf(fetch: Fetcher) -> GgufHeader:
    """Parse what the metadata cap allows. Raises ``WeightsFormatError`` if the fixed header is unusable."""
    fixed = fetch.read(0, 24)
    if fixed[:4] != MAGIC:
        raise corrupt("not a GGUF file: the magic is not 'GGUF'")
    if len(fixed) < 8:
        raise truncated("GGUF file too short for its version")
    order = "<"
    version = struct.unpack("<I", fixed[4:8])[0]
    if version > 0xFFFF and struct.unpack(">I", fixed[4:8])[0] in (1, 2, 3):
        order, version = ">", struct.unpack(">I", fixed[4:8])[0]
    if version not in (1, 2, 3):
        raise corrupt(f"unknown GGUF version {version}")
    cur = Cursor(fetch, 8, order)
    count = cur.u32 if version == 1 else cur.u64
    tensor_count, kv_count = count(), count()
    values: dict[str, str] = {}
    problems: list[Problem] = []
    try:
        _read_kvs(cur, version, min(kv_count, KV_CAP), values)
        if kv_count > KV_CAP:
            raise WeightsFormatError(capped(f"GGUF metadata: read the first {KV_CAP} of {kv_count} entries"))
        parameters, types = _read_tensor_infos(cur, version, tensor_count)
    except WeightsFormatError as exc:
        problems.append(exc.problem)
        parameters, types = None, ()
    return GgufHeader(
        version,
        order,
        tensor_count,
        kv_count,
        tuple(sorted(values.items())),
        parameters,
        types,
        tuple(problems),
    )


def _string(cur: Cursor, version: int, keep: int) -> str:
    """A GGUF string; reads at most ``keep`` bytes of it and skips the rest."""
    n = cur.u32() if version == 1 else cur.u64()
    data = cur.take(min(n, keep))
    cur.skip(n - len(data))
    return data.decode("utf-8", errors="replace")


def _read_kvs(cur: Cursor, version: int, count: int, values: dict[str, str]) -> None:
    arch_keys: set[str] = set()
    for _ in range(count):
        key = _string(cur, version, KEY_CAP)
        vtype = cur.u32()
        wanted = key in WANTED or key in arch_keys
        value = _value(cur, version, vtype, wanted, 0)
        if wanted and value is not None:
            values[bounded(key, 100)] = bounded(value, 300)
            if key == "general.architecture":
                arch_keys = {f"{value}.{k}" for k in _ARCH_KEYS}


def _value(cur: Cursor, version: int, vtype: int, wanted: bool, depth: int) -> str | None:
    """Read (wanted) or skip one value; arrays are skipped element by element, never materialised."""
    if depth > MAX_NESTING:
        raise corrupt(f"GGUF arrays nested more than {MAX_NESTING} deep")
    if vtype in _SCALARS:
        code = _SCALARS[vtype]
        size = struct.calcsize(code)
        if not wanted:
            cur.skip(size)
            return None
        return str(cur.unpack(code, size)[0])
    if vtype == _STRING:
        return _string(cur, version, VALUE_CAP if wanted else 0)
    if vtype == _ARRAY:
        etype = cur.u32()
        n = cur.u32() if version == 1 else cur.u64()
        if etype in _SCALARS:
            cur.skip(n * struct.calcsize(_SCALARS[etype]))
        elif etype == _STRING:
            cur.skip_strings(n, 4 if version == 1 else 8)
        elif etype == _ARRAY:
            for _ in range(n):
                _value(cur, version, etype, False, depth + 1)
        else:
            raise corrupt(f"GGUF array of unknown type {etype} at byte {cur.pos}")
        return None
    raise corrupt(f"GGUF value of unknown type {vtype} at byte {cur.pos}")


def _read_tensor_infos(cur: Cursor, version: int, count: int) -> tuple[int | None, tuple[str, ...]]:
    if count > TENSOR_INFO_CAP:
        raise WeightsFormatError(capped(f"GGUF lists {count} tensors, over the {TENSOR_INFO_CAP} cap"))
    total = 0
    types: set[str] = set()
    for _ in range(count):
        _string(cur, version, 0)
        n_dims = cur.u32()
        if n_dims > MAX_DIMS:
            raise corrupt(f"GGUF tensor with {n_dims} dimensions")
        dims = [cur.u32() if version == 1 else cur.u64() for _ in range(n_dims)]
        ttype = cur.u32()
        cur.skip(8)  # offset into the data section
        total += math.prod(dims)
        types.add(GGML_TYPES.get(ttype, f"type{ttype}"))
    return total, tuple(sorted(types))


def summarise(header: GgufHeader) -> Parsed:
    values = dict(header.values)
    details = {
        "gguf_version": str(header.version),
        "tensors": str(header.tensor_count),
        "metadata_kvs": str(header.kv_count),
        **values,
    }
    if header.byte_order == ">":
        details["byte_order"] = "big-endian"
    params = header.parameters
    if params is not None:
        details["parameters"] = str(params)
    if header.tensor_types:
        details["dtypes"] = join_bounded(list(header.tensor_types))
    parts = [f"gguf v{header.version}", f"{header.tensor_count} tensors"]
    if params is not None:
        parts.append(f"{human_count(params)} params")
    if header.tensor_types:
        parts.append(",".join(header.tensor_types[:4]))
    if arch := values.get("general.architecture"):
        parts.append(arch)
    return Parsed("gguf", ", ".join(parts), tuple(details.items()), header.problems)


class GgufClassifier:
    """``*.gguf`` or any file starting with ``GGUF``. ``general.license`` becomes a LicenceDeclaration."""

    name: str = "weights.gguf"

    def considers(self, suffix: str) -> bool:
        return True  # by magic bytes, whatever the name

    def accepts(self, artifact: Artifact, head: bytes) -> bool:
        return head[:4] == MAGIC or artifact.suffix == ".gguf"

    def classify(self, artifact: Artifact, head: bytes, reader: Reader) -> Observation:
        fetch = Fetcher(reader, artifact, head, GGUF_METADATA_CAP)
        try:
            header = parse_gguf(fetch)
        except WeightsFormatError as exc:
            return failed_observation(artifact, "gguf", exc.problem)
        parsed = summarise(header)
        values = dict(header.values)
        if licence := values.get("general.license"):
            declaration = LicenceDeclaration(
                value=licence,
                how="package-metadata",
                location=location(artifact),
                scope=location(artifact),
                name=values.get("general.license.name"),
                link=values.get("general.license.link"),
            )
            parsed = Parsed(parsed.format, parsed.summary, parsed.details, parsed.problems, declarations=(declaration,))
        return weights_observation(artifact, parsed, self.name)
