from __future__ import annotations

import contextlib
import struct

from hypothesis import given, settings
from hypothesis import strategies as st

from opengauge.inventory.weights._common import GGUF_METADATA_CAP, Fetcher, WeightsFormatError
from opengauge.inventory.weights.gguf import GgufClassifier, parse_gguf
from opengauge.record import ArtifactKind, ComponentId
from opengauge.sources.interface import MAX_READ

from .weights_helpers import CountingReader, artifact, classify, details, gguf_bytes, gguf_kv, gguf_string, rules

FINAL = ComponentId.MODEL_PARAMETERS_FINAL.value
TOKENS = [f"tok{i}" for i in range(20_000)]
KVS: list[tuple[str, object]] = [
    ("general.architecture", "llama"),
    ("general.name", "Tiny Test Model"),
    ("general.license", "apache-2.0"),
    ("general.size_label", "1B"),
    ("general.file_type", 15),
    ("llama.context_length", 4096),
    ("llama.rope.freq_base", 10000.0),
    ("tokenizer.ggml.tokens", TOKENS),
    ("tokenizer.ggml.token_type", [1] * 1000),
    ("general.quantization_version", 2),
]
TENSORS = [("token_embd.weight", [64, 100], 12), ("output_norm.weight", [64], 0), ("blk.0.attn_q.weight", [64, 64], 14)]


def test_gguf_header_values_and_params() -> None:
    data = gguf_bytes(KVS, TENSORS)
    obs, reader, name = classify("tiny.Q4_K_M.gguf", data)
    assert name == "weights.gguf"
    assert obs.kind is ArtifactKind.WEIGHTS
    assert obs.format == "gguf"
    assert obs.roles == (FINAL,)
    assert obs.findings == ()
    d = details(obs)
    assert d["gguf_version"] == "3"
    assert d["tensors"] == "3"
    assert d["metadata_kvs"] == str(len(KVS))
    assert d["general.architecture"] == "llama"
    assert d["general.name"] == "Tiny Test Model"
    assert d["general.license"] == "apache-2.0"
    assert d["general.size_label"] == "1B"
    assert d["general.file_type"] == "15"
    assert d["general.quantization_version"] == "2"
    assert d["llama.context_length"] == "4096"
    assert "tokenizer.ggml.tokens" not in d
    assert "llama.rope.freq_base" not in d
    assert d["parameters"] == str(6400 + 64 + 4096)
    assert d["dtypes"] == "F32,Q4_K,Q6_K"
    (decl,) = obs.declarations
    assert decl.value == "apache-2.0"
    assert decl.how == "package-metadata"
    assert decl.location == "s1:tiny.Q4_K_M.gguf"
    assert obs.evidence[0].excerpt == "gguf v3, 3 tensors, 10.6K params, F32,Q4_K,Q6_K, llama"
    assert reader.bytes_read <= len(data)


def test_gguf_skips_payload_and_reads_only_metadata() -> None:
    meta = gguf_bytes(KVS, TENSORS)
    payload = 50 * 1024 * 1024 * 1024  # 50 GB of tensor data, never read
    obs, reader, _ = classify("big.gguf", meta, size=len(meta) + payload)
    assert obs.findings == ()
    assert reader.bytes_read < len(meta) + 128 * 1024
    assert reader.largest <= MAX_READ


def test_gguf_without_licence_has_no_declaration() -> None:
    obs, _, _ = classify("m.gguf", gguf_bytes([("general.architecture", "gpt2")]))
    assert obs.declarations == ()
    assert details(obs)["parameters"] == "0"


def test_gguf_magic_any_name_and_v1() -> None:
    v1 = b"GGUF" + struct.pack("<III", 1, 0, 1) + struct.pack("<I", 4) + b"abcd" + struct.pack("<IB", 0, 7)
    obs, _, name = classify("ggml-model.bin", v1)
    assert name == "weights.gguf"
    assert details(obs)["gguf_version"] == "1"
    assert obs.findings == ()


def test_gguf_big_endian() -> None:
    key = b"general.name"
    data = b"GGUF" + struct.pack(">IQQ", 3, 0, 1) + struct.pack(">Q", len(key)) + key
    data += struct.pack(">IQ", 8, 2) + b"be"
    obs, _, _ = classify("be.gguf", data)
    d = details(obs)
    assert d["byte_order"] == "big-endian"
    assert d["general.name"] == "be"


def test_gguf_truncated_in_metadata_keeps_header_facts() -> None:
    data = gguf_bytes(KVS, TENSORS)
    obs, _, _ = classify("m.gguf", data[:200])
    assert obs.roles == (FINAL,)
    assert rules(obs) == ["OG-INV-021"]
    d = details(obs)
    assert d["general.architecture"] == "llama"
    assert "parameters" not in d


def test_gguf_bad_magic_version_type() -> None:
    obs, _, _ = classify("m.gguf", b"NOPE" + b"\0" * 40)
    assert rules(obs) == ["OG-INV-020"]
    assert obs.roles == ()
    obs, _, _ = classify("m.gguf", b"GGUF" + struct.pack("<I", 9) + b"\0" * 16)
    assert rules(obs) == ["OG-INV-020"]
    bad = b"GGUF" + struct.pack("<IQQ", 3, 0, 1) + gguf_string("k") + struct.pack("<I", 77)
    obs, _, _ = classify("m.gguf", bad)
    assert rules(obs) == ["OG-INV-020"]
    assert obs.roles == (FINAL,)  # the fixed header was fine
    obs, _, _ = classify("m.gguf", b"GGUF\x03\0")
    assert rules(obs) == ["OG-INV-021"]


def test_gguf_huge_string_is_skipped_not_read() -> None:
    header = b"GGUF" + struct.pack("<IQQ", 3, 0, 2)
    body = gguf_kv("general.description", "x" * 1000) + gguf_string("general.name")
    body += struct.pack("<I", 8) + struct.pack("<Q", 10**9)
    data = header + body
    obs, reader, _ = classify("m.gguf", data, size=len(data) + 10**9)
    assert details(obs)["general.name"].startswith("\0")  # the sparse tail reads as zeros
    assert len(details(obs)["general.name"]) <= 300
    assert reader.bytes_read < 200_000


def test_gguf_metadata_cap() -> None:
    header = b"GGUF" + struct.pack("<IQQ", 3, 0, 1) + gguf_string("tokenizer.ggml.tokens")
    header += struct.pack("<IIQ", 9, 8, 10**8)  # 100 M empty strings: 800 MB of lengths
    path = "m.gguf"
    reader = CountingReader({path: header}, {path: 10**10})
    fetch = Fetcher(reader, artifact(path, 10**10), b"", 1024 * 1024)
    parsed = parse_gguf(fetch)
    assert [p.rule_id for p in parsed.problems] == ["OG-INV-022"]
    assert reader.bytes_read <= 1024 * 1024
    assert parsed.kv_count == 1


def test_gguf_kv_count_cap() -> None:
    data = b"GGUF" + struct.pack("<IQQ", 3, 0, 2**40)  # the rest reads as zeros: tiny uint8 entries
    obs, reader, _ = classify("m.gguf", data, size=10**7)
    assert rules(obs) == ["OG-INV-022"]
    assert "first 65536" in obs.findings[0].message
    assert reader.bytes_read <= GGUF_METADATA_CAP + 4096


def test_gguf_tokenizer_array_is_skipped_quickly() -> None:
    tokens = [f"t{i}" for i in range(300_000)]
    data = gguf_bytes([("tokenizer.ggml.tokens", tokens), ("general.name", "after")])
    obs, reader, _ = classify("m.gguf", data)
    assert details(obs)["general.name"] == "after"
    assert reader.bytes_read <= len(data)


@settings(max_examples=100, deadline=None)
@given(
    body=st.binary(max_size=400),
    version=st.sampled_from([1, 2, 3, 7]),
    counts=st.tuples(st.integers(0, 2**40), st.integers(0, 2**40)),
    sparse_tail=st.integers(0, 4096),
)
def test_fuzz_gguf(body: bytes, version: int, counts: tuple[int, int], sparse_tail: int) -> None:
    data = b"GGUF" + struct.pack("<IQQ", version, *counts) + body
    path = "m.gguf"
    reader = CountingReader({path: data}, {path: len(data) + sparse_tail})
    art = artifact(path, reader.size(path))
    fetch = Fetcher(reader, art, b"", GGUF_METADATA_CAP)
    with contextlib.suppress(WeightsFormatError):
        parse_gguf(fetch)
    assert reader.bytes_read <= GGUF_METADATA_CAP
    assert reader.largest <= MAX_READ
    obs = GgufClassifier().classify(art, data[:4096], reader)
    assert obs.kind is ArtifactKind.WEIGHTS


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=300))
def test_fuzz_gguf_raw(data: bytes) -> None:
    obs, reader, _ = classify("m.gguf", b"GGUF" + data)
    assert obs.kind is ArtifactKind.WEIGHTS
    assert reader.bytes_read <= 4 + len(data) + 4096
