"""Hypothesis fuzzing of the parsers: no crash, no hang, bounded work, on random and mutated input."""

from __future__ import annotations

import contextlib
import pickle
import struct
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opengauge.security import ScanOptions, scan_file
from opengauge.security.blob import BytesBlob
from opengauge.security.headers import GGUFError, gguf_header, safetensors_problems
from opengauge.security.ziplist import ZipError, find_directory, iter_members
from tests.security import corpus

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
OPTIONS = ScanOptions(max_opcodes=200_000, max_members=2000, max_header=1 << 20)

SEEDS = [pickle.dumps({"a": [1, 2.5, "x", b"y", (None, True)]}, protocol=p) for p in range(6)] + [
    corpus.import_module_vars(),
    corpus.nested_bytes(),
    corpus.legacy_torch(3),
    corpus.computed_name(),
]
ZIP_SEEDS = [
    corpus.torch_zip(corpus.evil_pickle()),
    corpus.zip_overlap(),
    corpus.keras_zip(corpus.keras_config(corpus.DENSE)),
]
GGUF_SEED = corpus.gguf(corpus.BENIGN_TEMPLATE)
ST_SEED = corpus.good_safetensors()


def _mutate(seed: bytes, edits: list[tuple[int, int]], cut: int) -> bytes:
    data = bytearray(seed)
    for pos, value in edits:
        if data:
            data[pos % len(data)] = value
    return bytes(data[: max(0, len(data) - cut)])


def _scan(data: bytes, name: str) -> None:
    start = time.monotonic()
    result = scan_file(BytesBlob(data).read, len(data), name, OPTIONS)
    assert time.monotonic() - start < 5
    assert result.exit_code in (0, 1, 2)


edits = st.lists(st.tuples(st.integers(0, 1 << 16), st.integers(0, 255)), max_size=8)


@FUZZ
@given(st.sampled_from(SEEDS), edits, st.integers(0, 40))
def test_pickle_vm_on_mutated_pickles(seed: bytes, changes: list[tuple[int, int]], cut: int) -> None:
    _scan(_mutate(seed, changes, cut), "x.pkl")


@FUZZ
@given(st.binary(max_size=2048))
def test_pickle_vm_on_random_bytes(data: bytes) -> None:
    _scan(b"\x80\x04" + data, "x.pkl")
    _scan(b"(" + data, "y.pkl")


@FUZZ
@given(st.sampled_from(ZIP_SEEDS), edits, st.integers(0, 64))
def test_zip_reader_on_mutated_zips(seed: bytes, changes: list[tuple[int, int]], cut: int) -> None:
    data = _mutate(seed, changes, cut)
    _scan(data, "x.zip")
    try:
        directory = find_directory(BytesBlob(data))
        assert len(list(iter_members(BytesBlob(data), directory, 100))) <= 100
    except (ZipError, struct.error):
        pass


@FUZZ
@given(st.binary(max_size=512), st.integers(0, 600))
def test_safetensors_header_parser(body: bytes, declared: int) -> None:
    data = struct.pack("<Q", declared) + b"{" + body
    problems = safetensors_problems(BytesBlob(data), 1 << 20)
    assert isinstance(problems, list)
    _scan(data, "x.safetensors")


@FUZZ
@given(edits, st.integers(0, 200))
def test_safetensors_mutated(changes: list[tuple[int, int]], cut: int) -> None:
    data = _mutate(ST_SEED, changes, cut)
    safetensors_problems(BytesBlob(data), 1 << 20)
    _scan(data, "x.safetensors")


@FUZZ
@given(edits, st.integers(0, 300))
def test_gguf_header_parser(changes: list[tuple[int, int]], cut: int) -> None:
    data = _mutate(GGUF_SEED, changes, cut)
    with contextlib.suppress(GGUFError):
        gguf_header(BytesBlob(data), 1 << 20, 10_000)
    _scan(data, "x.gguf")


def test_huge_declared_counts_are_bounded() -> None:
    data = b"GGUF" + struct.pack("<IQQ", 3, 1, 1) + struct.pack("<Q", 4) + b"key!" + struct.pack("<IIQ", 9, 8, 1 << 60)
    try:
        gguf_header(BytesBlob(data), 1 << 20, 10_000)
        raise AssertionError("should fail")
    except GGUFError as exc:
        assert "cap" in str(exc)
