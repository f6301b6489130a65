from __future__ import annotations

import contextlib
import json
import struct
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from opengauge.inventory.weights._common import SAFETENSORS_HEADER_CAP, Fetcher, WeightsFormatError
from opengauge.inventory.weights.safetensors import SafetensorsClassifier, parse_safetensors
from opengauge.record import ArtifactKind, ComponentId, EvidenceLevel
from opengauge.sources.interface import MAX_READ

from .weights_helpers import (
    HEAD,
    CountingReader,
    FailingReader,
    FileReader,
    artifact,
    classify,
    details,
    raw_safetensors,
    rules,
    safetensors_bytes,
    safetensors_header,
)

FINAL = ComponentId.MODEL_PARAMETERS_FINAL.value
INTERMEDIATE = ComponentId.MODEL_PARAMETERS_INTERMEDIATE.value
TENSORS = {"wte": ("F16", [50, 8]), "ln.bias": ("F32", [8]), "h.0.w": ("F16", [8, 8])}


def test_valid_file_counts_tensors_params_dtypes() -> None:
    data = safetensors_bytes(TENSORS, {"format": "pt", "note": "x"})
    obs, _, name = classify("model.safetensors", data)
    assert name == "weights.safetensors"
    assert obs.kind is ArtifactKind.WEIGHTS
    assert obs.format == "safetensors"
    assert obs.roles == (FINAL,)
    d = details(obs)
    assert d["tensors"] == "3"
    assert d["parameters"] == str(50 * 8 + 8 + 64)
    assert d["dtypes"] == "F16,F32"
    assert d["metadata_keys"] == "format,note"
    assert d["metadata_format"] == "pt"
    assert int(d["header_bytes"]) % 8 == 0
    assert obs.findings == ()
    (ev,) = obs.evidence
    assert ev.level is EvidenceLevel.VERIFIED
    assert ev.component == FINAL
    assert ev.location == "s1:model.safetensors"
    assert ev.extractor == "weights.safetensors"
    assert ev.excerpt == "safetensors, 3 tensors, 472 params, F16,F32"


def test_sparse_1gb_file_reads_less_than_1mb(tmp_path: Path) -> None:
    n = 1024 * 1024 * 256  # 256 Mi float32 = 1 GiB
    header, data_len = safetensors_header({"big": ("F32", [n])}, {"format": "pt"})
    raw = json.dumps(header).encode()
    path = tmp_path / "model.safetensors"
    with path.open("wb") as fh:
        fh.write(struct.pack("<Q", len(raw)) + raw)
        fh.seek(8 + len(raw) + data_len - 1)
        fh.write(b"\0")
    size = path.stat().st_size
    assert size > 10**9
    reader = FileReader(tmp_path)
    art = artifact("model.safetensors", size)
    head = reader.read(art.path, 0, HEAD)
    obs = SafetensorsClassifier().classify(art, head, reader)
    assert reader.bytes_read < 1024 * 1024
    assert obs.findings == ()
    d = details(obs)
    assert d["parameters"] == str(n)
    assert obs.evidence[0].excerpt == "safetensors, 1 tensors, 268.4M params, F32"


def test_corrupt_header_is_a_finding_not_an_exception() -> None:
    data = struct.pack("<Q", 12) + b"{not json!!}" + b"\0" * 16
    obs, _, _ = classify("model.safetensors", data)
    assert obs.kind is ArtifactKind.WEIGHTS
    assert obs.format == "safetensors"
    assert obs.roles == ()
    assert obs.evidence == ()
    assert rules(obs) == ["OG-INV-020"]
    assert "not valid JSON" in obs.findings[0].message
    assert obs.findings[0].location == "s1:model.safetensors"


def test_header_that_is_a_json_list_is_corrupt() -> None:
    obs, _, _ = classify("model.safetensors", struct.pack("<Q", 2) + b"[]")
    assert rules(obs) == ["OG-INV-020"]


def test_truncated_data_is_reported_but_header_still_counts() -> None:
    data = safetensors_bytes(TENSORS)
    obs, _, _ = classify("model.safetensors", data[:-10])
    assert obs.roles == (FINAL,)
    assert details(obs)["tensors"] == "3"
    assert rules(obs) == ["OG-INV-021"]
    assert "end beyond the end of the file" in obs.findings[0].message


def test_truncated_inside_header() -> None:
    data = safetensors_bytes(TENSORS)
    obs, _, _ = classify("model.safetensors", data[:20])
    assert rules(obs) == ["OG-INV-021"]
    assert obs.roles == ()


def test_header_length_larger_than_file() -> None:
    data = struct.pack("<Q", 10_000) + b'{"a": 1}'
    obs, reader, _ = classify("model.safetensors", data)
    assert rules(obs) == ["OG-INV-021"]
    assert "larger than the file" in obs.findings[0].message
    assert reader.bytes_read <= HEAD


def test_header_length_over_cap_reads_nothing_more() -> None:
    data = struct.pack("<Q", SAFETENSORS_HEADER_CAP + 1) + b"{" + b" " * 100
    obs, reader, _ = classify("model.safetensors", data, size=2 * SAFETENSORS_HEADER_CAP)
    assert rules(obs) == ["OG-INV-022"]
    assert reader.bytes_read <= HEAD


def test_empty_and_tiny_files() -> None:
    for data in (b"", b"\x01\x02"):
        obs, _, _ = classify("model.safetensors", data)
        assert rules(obs) == ["OG-INV-021"]


def test_span_gap_overlap_unknown_dtype_are_findings() -> None:
    header: dict[str, object] = {
        "a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 6]},  # span 6, needs 8
        "b": {"dtype": "F32", "shape": [1], "data_offsets": [10, 14]},  # gap after a
        "c": {"dtype": "Q9", "shape": [1], "data_offsets": [14, 15]},  # unknown dtype
        "d": {"dtype": "F32", "shape": "x", "data_offsets": [0, 4]},  # malformed
    }
    obs, _, _ = classify("model.safetensors", raw_safetensors(header, 15))
    messages = " | ".join(f.message for f in obs.findings)
    assert set(rules(obs)) == {"OG-INV-023"}
    assert "unknown dtype" in messages and "'c'" in messages
    assert "not dtype x shape" in messages and "'a'" in messages
    assert "gap or overlap" in messages and "'b'" in messages
    assert "lack a valid" in messages and "'d'" in messages
    assert details(obs)["tensors"] == "3"


def test_trailing_bytes_after_last_tensor() -> None:
    header, n = safetensors_header({"a": ("F32", [2])})
    obs, _, _ = classify("model.safetensors", raw_safetensors(header, n + 4))
    assert rules(obs) == ["OG-INV-023"]
    assert "cover 8" in obs.findings[0].message


def test_bad_metadata_is_low_finding() -> None:
    header, n = safetensors_header({"a": ("F32", [2])})
    header["__metadata__"] = {"format": 1}
    obs, _, _ = classify("model.safetensors", raw_safetensors(header, n))
    assert rules(obs) == ["OG-INV-023"]
    assert obs.findings[0].severity.value == "low"


def test_licence_in_metadata_becomes_declaration() -> None:
    obs, _, _ = classify("m/model.safetensors", safetensors_bytes(TENSORS, {"license": "apache-2.0"}))
    (decl,) = obs.declarations
    assert decl.value == "apache-2.0"
    assert decl.how == "package-metadata"
    assert decl.location == "s1:m/model.safetensors"


def test_intermediate_checkpoint_paths() -> None:
    data = safetensors_bytes(TENSORS)
    cases = {
        "checkpoint-1000/model.safetensors": {"step": "1000"},
        "runs/a/step1000/model.safetensors": {"step": "1000"},
        "step-1000/model.safetensors": {"step": "1000"},
        "global_step1000/model.safetensors": {"step": "1000"},
        "ckpts/ckpt-1000/model.safetensors": {"step": "1000"},
        "iter_0001000/model.safetensors": {"step": "1000"},
        "epoch-3/model.safetensors": {"epoch": "3"},
        "model-step1000.safetensors": {"step": "1000"},
    }
    for path, marks in cases.items():
        obs, _, _ = classify(path, data)
        assert obs.roles == (INTERMEDIATE,), path
        assert obs.evidence[0].component == INTERMEDIATE
        d = details(obs)
        for key, value in marks.items():
            assert d[key] == value, path
    for path in ("model.safetensors", "checkpoints/model.safetensors", "model-00001-of-00002.safetensors"):
        obs, _, _ = classify(path, data)
        assert obs.roles == (FINAL,), path
        assert "step" not in details(obs)


def test_bin_file_with_safetensors_content_is_sniffed() -> None:
    obs, _, name = classify("weights.bin", safetensors_bytes(TENSORS))
    assert name == "weights.safetensors"
    assert obs.format == "safetensors"


def test_read_error_becomes_finding() -> None:
    big = safetensors_header({"w" * 5000: ("F32", [1])})[0]
    data = raw_safetensors(big, 4)
    art = artifact("model.safetensors", len(data))
    obs = SafetensorsClassifier().classify(art, data[:HEAD], FailingReader(data))
    assert rules(obs) == ["OG-INV-001"]


def test_large_header_is_read_in_bounded_slices() -> None:
    data = safetensors_bytes({"w" * (2 * MAX_READ): ("F16", [4, 4]), "b": ("F16", [4])})
    header_len = struct.unpack("<Q", data[:8])[0]
    assert header_len > 2 * MAX_READ
    obs, reader, _ = classify("model.safetensors", data)
    assert reader.largest <= MAX_READ
    assert reader.calls >= 3
    assert details(obs)["tensors"] == "2"
    assert obs.findings == ()
    assert reader.bytes_read <= 8 + header_len


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=600), claimed=st.integers(min_value=0, max_value=10**12))
def test_fuzz_arbitrary_bytes_never_raise_nor_overread(data: bytes, claimed: int) -> None:
    path = "model.safetensors"
    reader = CountingReader({path: data}, {path: max(claimed, len(data))})
    art = artifact(path, reader.size(path))
    fetch = Fetcher(reader, art, b"", 8 + SAFETENSORS_HEADER_CAP)
    with contextlib.suppress(WeightsFormatError):
        parse_safetensors(fetch)
    assert reader.bytes_read <= 8 + SAFETENSORS_HEADER_CAP
    assert reader.largest <= MAX_READ
    obs = SafetensorsClassifier().classify(art, reader.read(path, 0, HEAD) if art.size else b"", reader)
    assert obs.kind is ArtifactKind.WEIGHTS


@settings(max_examples=100, deadline=None)
@given(
    header=st.dictionaries(
        st.text(max_size=8),
        st.one_of(
            st.fixed_dictionaries(
                {
                    "dtype": st.sampled_from(["F32", "F16", "X", "F4"]),
                    "shape": st.lists(st.integers(-2, 2**64), max_size=4),
                    "data_offsets": st.lists(st.integers(-2, 2**64), max_size=3),
                }
            ),
            st.integers(),
            st.text(max_size=4),
        ),
        max_size=6,
    ),
    extra=st.integers(0, 64),
)
def test_fuzz_structured_headers(header: dict[str, object], extra: int) -> None:
    data = raw_safetensors(header, extra)
    obs, reader, _ = classify("model.safetensors", data)
    assert obs.kind is ArtifactKind.WEIGHTS
    assert reader.bytes_read <= len(data)
    for finding in obs.findings:
        assert "\n" not in finding.message and finding.rule_id.startswith("OG-INV-0")
