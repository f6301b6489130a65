"""NumPy ``.npy`` (magic, version, a Python-literal header dict) and ``.npz`` (a zip of ``.npy`` members)."""

from __future__ import annotations

import ast
import math
import re
from dataclasses import dataclass
from typing import TypeGuard

from opengauge.inventory.interface import Observation, Reader
from opengauge.inventory.weights._common import (
    NPY_HEADER_CAP,
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
    truncated,
    weights_observation,
)
from opengauge.inventory.weights._paths import checkpoint_marks, is_weights_name
from opengauge.inventory.weights._zip import ZIP_MAGIC, ZIP_READ_BUDGET, read_listing
from opengauge.record import Artifact

MAGIC = b"\x93NUMPY"
_DESCR = re.compile(r"^[<>|=]?([a-zA-Z])(\d*)$")
_KIND_SIZE = {"b": 1, "?": 1}
_MAX_DIMS = 64


@dataclass(frozen=True, slots=True)
class NpyHeader:
    """The header dict of a ``.npy`` file."""

    version: str
    descr: str
    fortran_order: bool
    shape: tuple[int, ...]
    data_offset: int
    itemsize: int | None  # None for structured / object dtypes we do not size

    @property
    def numel(self) -> int:
        return math.prod(self.shape)


def parse_npy(fetch: Fetcher) -> NpyHeader:
    """Read the bounded header and evaluate it as a literal. Raises ``WeightsFormatError`` on any problem."""
    fixed = fetch.read(0, 12)
    if fixed[:6] != MAGIC or len(fixed) < 10:
        raise corrupt("not a .npy file: the magic is not '\\x93NUMPY'")
    major, minor = fixed[6], fixed[7]
    if major == 1:
        hlen, start = int.from_bytes(fixed[8:10], "little"), 10
    elif major in (2, 3) and len(fixed) >= 12:
        hlen, start = int.from_bytes(fixed[8:12], "little"), 12
    else:
        raise corrupt(f"unknown .npy version {major}.{minor}")
    if hlen > NPY_HEADER_CAP:
        raise WeightsFormatError(capped(f".npy header of {hlen} bytes is over the {NPY_HEADER_CAP} cap"))
    raw = fetch.read(start, hlen)
    if len(raw) < hlen:
        raise truncated(f".npy header: read {len(raw)} of {hlen} bytes")
    header = _literal(raw.decode("utf-8" if major == 3 else "latin-1", errors="replace"))
    descr, fortran, shape = header.get("descr"), header.get("fortran_order"), header.get("shape")
    if not isinstance(fortran, bool) or not _is_shape(shape):
        raise corrupt(".npy header lacks a valid shape / fortran_order")
    descr_text = descr if isinstance(descr, str) else bounded(repr(descr), 200)
    itemsize = _itemsize(descr) if isinstance(descr, str) else None
    return NpyHeader(f"{major}.{minor}", descr_text[:200], fortran, shape, start + hlen, itemsize)


def _literal(text: str) -> dict[object, object]:
    try:
        value = ast.literal_eval(text.strip())
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError) as exc:
        raise corrupt(f".npy header is not a Python literal: {type(exc).__name__}") from exc
    if not isinstance(value, dict):
        raise corrupt(".npy header is not a dict")
    return value


def _is_shape(value: object) -> TypeGuard[tuple[int, ...]]:
    return (
        isinstance(value, tuple) and len(value) <= _MAX_DIMS and all(type(v) is int and 0 <= v < 2**63 for v in value)
    )


def _itemsize(descr: str) -> int | None:
    match = _DESCR.match(descr)
    if match is None:
        return None
    kind, digits = match.group(1), match.group(2)
    if kind == "O":
        return None
    size = int(digits) if digits else _KIND_SIZE.get(kind)
    if size is None:
        return None
    return size * 4 if kind == "U" else size


def npy_facts(header: NpyHeader, file_size: int) -> Parsed:
    details = {
        "npy_version": header.version,
        "dtype": header.descr,
        "shape": bounded(str(list(header.shape)), 200),
        "fortran_order": str(header.fortran_order).lower(),
        "parameters": str(header.numel),
    }
    problems: list[Problem] = []
    if header.descr.lstrip("<>|=").startswith("O"):
        details["pickle"] = "true"  # object arrays are pickled: np.load needs allow_pickle
    if header.itemsize is not None and header.data_offset + header.itemsize * header.numel > file_size:
        need = header.data_offset + header.itemsize * header.numel
        problems.append(truncated(f".npy data needs {need} bytes, the file has {file_size}").problem)
    summary = f"npy, shape {details['shape']}, {human_count(header.numel)} values, {header.descr}"
    return Parsed("npy", summary, tuple(details.items()), tuple(problems))


def _looks_weights(path: str) -> bool:
    return is_weights_name(path) or bool(checkpoint_marks(path))


class NpyClassifier:
    """``*.npy`` or files starting with ``\\x93NUMPY``. Weights only when the path says so."""

    name: str = "weights.npy"

    def considers(self, suffix: str) -> bool:
        return True  # by magic bytes, whatever the name

    def accepts(self, artifact: Artifact, head: bytes) -> bool:
        return artifact.suffix == ".npy" or head.startswith(MAGIC)

    def classify(self, artifact: Artifact, head: bytes, reader: Reader) -> Observation:
        fetch = Fetcher(reader, artifact, head, NPY_HEADER_CAP + 16)
        try:
            header = parse_npy(fetch)
        except WeightsFormatError as exc:
            return failed_observation(artifact, "npy", exc.problem)
        parsed = npy_facts(header, fetch.size)
        if not _looks_weights(artifact.path):
            parsed = Parsed(parsed.format, parsed.summary, parsed.details, parsed.problems, is_weights=False)
        return weights_observation(artifact, parsed, self.name)


class NpzClassifier:
    """``*.npz``: a zip of ``.npy`` arrays (member count and names; arrays are not read)."""

    name: str = "weights.npz"

    def considers(self, suffix: str) -> bool:
        return suffix == ".npz"

    def accepts(self, artifact: Artifact, head: bytes) -> bool:
        return artifact.suffix == ".npz"

    def classify(self, artifact: Artifact, head: bytes, reader: Reader) -> Observation:
        if not head.startswith(ZIP_MAGIC) and artifact.size > 22:
            return failed_observation(artifact, "npz", corrupt("a .npz file that is not a zip archive").problem)
        fetch = Fetcher(reader, artifact, head, ZIP_READ_BUDGET)
        try:
            listing = read_listing(fetch)
        except WeightsFormatError as exc:
            return failed_observation(artifact, "npz", exc.problem)
        arrays = sorted(n for n in listing.names if n.endswith(".npy"))
        details = {"members": str(listing.declared), "arrays": str(len(arrays))}
        details["array_names"] = join_bounded([bounded(n, 100) for n in arrays])
        if len(arrays) != len(listing.names):
            details["other_members"] = str(len(listing.names) - len(arrays))
        compressed = any(m.method != 0 for m in listing.members)
        details["compressed"] = str(compressed).lower()
        summary = f"npz, {len(arrays)} arrays{' (compressed)' if compressed else ''}"
        return weights_observation(
            artifact, Parsed("npz", summary, tuple(details.items()), listing.problems), self.name
        )
