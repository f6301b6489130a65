from __future__ import annotations

import contextlib
import struct

from hypothesis import given, settings
from hypothesis import strategies as st

from opengauge.inventory.weights import CLASSIFIERS
from opengauge.inventory.weights._common import Fetcher, WeightsFormatError
from opengauge.inventory.weights.flax import first_key, map_size
from opengauge.inventory.weights.onnx import ONNX_READ_CAP, parse_onnx
from opengauge.inventory.weights.tflite import model_fields
from opengauge.record import ArtifactKind, ComponentId, EvidenceLevel

from .weights_helpers import (
    CountingReader,
    artifact,
    classify,
    details,
    onnx_bytes,
    onnx_graph,
    pb_bytes,
    pb_varint,
    pick,
    rules,
    varint,
)

FINAL = ComponentId.MODEL_PARAMETERS_FINAL.value
INTERMEDIATE = ComponentId.MODEL_PARAMETERS_INTERMEDIATE.value


def test_classifier_order_and_names() -> None:
    names = [c.name for c in CLASSIFIERS]
    assert names[0] == "weights.lfs-pointer"
    assert len(set(names)) == len(names)
    assert all(n.startswith("weights.") for n in names)


def test_onnx_model_proto() -> None:
    obs, _, name = classify("model.onnx", onnx_bytes())
    assert name == "weights.onnx"
    assert obs.kind is ArtifactKind.WEIGHTS
    assert obs.format == "onnx"
    d = details(obs)
    assert d["ir_version"] == "8"
    assert d["producer_name"] == "pytorch"
    assert d["producer_version"] == "2.1.0"
    assert d["opset"] == "ai.onnx:17,com.microsoft:1"
    assert d["metadata_keys"] == "author"
    assert d["graph_bytes"] == str(len(onnx_graph()))
    assert d["initializers"] == "2"
    assert d["parameters"] == "48"
    assert d["dtypes"] == "FLOAT,FLOAT16"
    assert (
        obs.evidence[0].excerpt
        == "onnx, ir_version 8, opset ai.onnx:17,com.microsoft:1, producer pytorch 2.1.0, 2 initializers, 48 params"
    )
    assert obs.findings == ()
    assert obs.roles == (FINAL,)


def test_onnx_tensor_bytes_are_skipped_not_read() -> None:
    raw = 3 * 1024**3  # one 3 GB initializer: only its dims and data type are read
    tensor_head = pb_varint(1, 1024) + pb_varint(1, 786432) + pb_varint(2, 1) + varint(9 << 3 | 2) + varint(raw)
    tensor_len = len(tensor_head) + raw
    graph_head = varint(5 << 3 | 2) + varint(tensor_len) + tensor_head
    graph_len = len(graph_head) + raw
    head = pb_varint(1, 9) + pb_bytes(2, b"tf2onnx") + varint(7 << 3 | 2) + varint(graph_len) + graph_head
    tail = pb_bytes(8, pb_bytes(1, b"") + pb_varint(2, 18))
    size = len(head) + raw + len(tail)

    class SparseReader:
        """``head``, then ``raw`` zero bytes (never materialised), then ``tail``."""

        bytes_read = 0

        def read(self, path: str, offset: int = 0, length: int = 1) -> bytes:
            end = min(offset + length, size)
            out = head[offset:end] if offset < len(head) else b""
            zeros_end = min(end, size - len(tail))
            out += b"\0" * max(0, zeros_end - max(offset, len(head)))
            out += tail[max(0, offset - (size - len(tail))) : max(0, end - (size - len(tail)))]
            self.bytes_read += len(out)
            return out

    reader = SparseReader()
    art = artifact("big.onnx", size)
    first = reader.read("big.onnx", 0, 4096)
    classifier = pick(art, first)
    assert classifier is not None
    obs = classifier.classify(art, first, reader)
    d = details(obs)
    assert d["opset"] == "ai.onnx:18"
    assert d["graph_bytes"] == str(graph_len)
    assert d["initializers"] == "1"
    assert d["parameters"] == str(1024 * 786432)
    assert obs.findings == ()
    assert reader.bytes_read < 200_000


def test_onnx_corrupt_and_truncated() -> None:
    obs, _, _ = classify("model.onnx", b"\xff\xff\xff")
    assert rules(obs) == ["OG-INV-020"]
    assert obs.roles == ()
    obs, _, _ = classify("model.onnx", pb_bytes(2, b"no ir version"))
    assert rules(obs) == ["OG-INV-020"]
    data = onnx_bytes(graph=b"\x12\x04main" * 100)
    obs, _, _ = classify("model.onnx", data[:200])
    assert rules(obs) == ["OG-INV-021"]
    assert obs.roles == (FINAL,)
    assert details(obs)["ir_version"] == "8"


def test_onnx_external_data() -> None:
    obs, _, _ = classify("model.onnx_data", b"\0" * 64)
    assert obs.format == "onnx-external-data"
    assert obs.roles == (FINAL,)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300), st.integers(0, 10**10))
def test_fuzz_onnx(data: bytes, sparse: int) -> None:
    path = "m.onnx"
    reader = CountingReader({path: data}, {path: len(data) + sparse})
    with contextlib.suppress(WeightsFormatError):
        parse_onnx(Fetcher(reader, artifact(path, len(data) + sparse), b"", ONNX_READ_CAP))
    assert reader.bytes_read <= ONNX_READ_CAP


def build_tflite(version: int = 3, description: bytes = b"MLIR Converted.") -> bytes:
    out = bytearray(struct.pack("<I", 20) + b"TFL3")  # root table at 20
    out += struct.pack("<HHHHHH", 12, 16, 4, 0, 0, 8)  # vtable at 8: version @+4, description @+8
    out += struct.pack("<i", 20 - 8)  # table at 20: soffset to vtable at 8
    out += struct.pack("<I", version)  # field 0 at 24
    out += struct.pack("<I", 8)  # field 3 at 28: string at 28 + 8 = 36
    out += b"\0" * 4
    out += struct.pack("<I", len(description)) + description
    return bytes(out)


def test_tflite() -> None:
    obs, _, name = classify("model.tflite", build_tflite())
    assert name == "weights.tflite"
    d = details(obs)
    assert d["tflite_schema_version"] == "3"
    assert d["description"] == "MLIR Converted."
    assert obs.roles == (FINAL,)
    obs, _, _ = classify("model.tflite", b"\0" * 12)
    assert rules(obs) == ["OG-INV-020"]


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_fuzz_tflite(data: bytes) -> None:
    with contextlib.suppress(WeightsFormatError):
        model_fields(data[:4] + b"TFL3" + data[4:])


def test_hdf5_signature_at_offsets() -> None:
    sig = b"\x89HDF\r\n\x1a\n"
    obs, _, name = classify("tf_model.h5", sig + b"\x00" + b"\0" * 100)
    assert name == "weights.hdf5"
    assert details(obs) == {"signature_offset": "0", "superblock_version": "0"}
    assert obs.roles == (FINAL,)
    obs, _, _ = classify("model.h5", b"\0" * 512 + sig + b"\x02" + b"\0" * 10)
    assert details(obs)["signature_offset"] == "512"
    obs, reader, _ = classify("model.h5", b"\0" * 8192 + sig + b"\x03")
    assert details(obs)["signature_offset"] == "8192"
    assert reader.bytes_read < 4096 + 200
    obs, _, _ = classify("model.h5", b"not hdf5" * 100)
    assert rules(obs) == ["OG-INV-020"]
    obs, _, _ = classify("results/table.hdf5", sig + b"\0")
    assert obs.kind is ArtifactKind.OTHER


def test_flax_msgpack() -> None:
    data = b"\x81\xa6params\x80"
    obs, _, name = classify("flax_model.msgpack", data)
    assert name == "weights.flax-msgpack"
    assert details(obs) == {"first_key": "params", "top_level_keys": "1"}
    assert obs.roles == (FINAL,)
    assert map_size(b"\xde\x01\x00") == 256
    obs, _, _ = classify("flax_model.msgpack", b"\x93\x01\x02\x03")
    assert rules(obs) == ["OG-INV-020"]
    obs, _, _ = classify("flax_model.msgpack", b"")
    assert rules(obs) == ["OG-INV-020"]


@settings(max_examples=100, deadline=None)
@given(st.binary(min_size=1, max_size=50))
def test_fuzz_msgpack(data: bytes) -> None:
    try:
        map_size(data)
        first_key(data)
    except WeightsFormatError:
        pass


def test_saved_model_and_tf_checkpoint() -> None:
    graph = pb_bytes(1, b"meta info")
    data = pb_varint(1, 1) + pb_bytes(2, graph) + pb_bytes(2, graph)
    obs, _, name = classify("export/saved_model.pb", data)
    assert name == "weights.tf-savedmodel"
    d = details(obs)
    assert d["meta_graphs"] == "2"
    assert d["saved_model_schema_version"] == "1"
    obs, _, _ = classify("export/saved_model.pb", b"\x07garbage")
    assert rules(obs) == ["OG-INV-020"]
    obs, _, _ = classify("export/variables/variables.data-00000-of-00001", b"\0" * 10)
    assert obs.format == "tf-checkpoint"
    assert obs.roles == (FINAL,)
    obs, _, _ = classify("bert/model.ckpt-20000.data-00000-of-00001", b"\0" * 10)
    assert obs.roles == (INTERMEDIATE,)
    assert details(obs)["step"] == "20000"


def test_ggml_legacy() -> None:
    obs, _, name = classify("ggml-model-q4_0.bin", b"tjgg" + struct.pack("<I", 3) + b"\0" * 20)
    assert name == "weights.ggml"
    assert details(obs) == {"ggml_magic": "ggjt", "ggml_version": "3"}
    obs, _, _ = classify("model.ggml", b"nope")
    assert rules(obs) == ["OG-INV-020"]


def test_unrelated_files_are_left_to_others() -> None:
    for path, head in (
        ("README.md", b"# hello"),
        ("config.json", b"{}"),
        ("train.py", b"import torch"),
        ("data/train.bin", b"\x01\x02"),
        ("tokenizer.model", b"\x0a\x0b"),
        ("notes.txt", b"PK\x03\x04 not really"),
    ):
        assert pick(artifact(path, len(head)), head) is None, path


def test_evidence_shape_for_every_format() -> None:
    cases = {
        "a.onnx": onnx_bytes(),
        "b.tflite": build_tflite(),
        "c.msgpack": b"\x80",
    }
    for path, data in cases.items():
        obs, _, name = classify(path, data)
        (ev,) = obs.evidence
        assert ev.level is EvidenceLevel.VERIFIED
        assert ev.extractor == name
        assert ev.location == f"s1:{path}"
        assert ev.excerpt and len(ev.excerpt) <= 200


def test_weights_by_name_fallback() -> None:
    obs, _, name = classify("ct2/model.bin", b"\x01\x02\x03 custom binary")
    assert name == "weights.by-name"
    assert obs.kind is ArtifactKind.WEIGHTS
    assert obs.format == "bin"
    assert obs.roles == (FINAL,)
    assert details(obs) == {"recognised_by": "name"}
    assert obs.evidence[0].confidence < 1
    obs, _, name = classify("checkpoint-7/model.caffemodel", b"\x0a\x00")
    assert obs.roles == (INTERMEDIATE,)
    for path in ("optimizer.pt", "data/train.bin", "tokenizer.model"):
        assert pick(artifact(path, 3), b"\x01\x02\x03") is None, path


def test_through_the_inventory_runner() -> None:
    from opengauge.inventory.run import classify as run_classify

    from .weights_helpers import CountingReader

    files = {"model.onnx": onnx_bytes(), "broken.gguf": b"GGUF\x03", "x.tflite": build_tflite()}
    reader = CountingReader(files)
    for path, data in files.items():
        item = run_classify(artifact(path, len(data)), reader, CLASSIFIERS)
        facts = item.facts()
        assert facts.kind is ArtifactKind.WEIGHTS, path
        assert not [f for f in item.observation.findings if f.rule_id == "OG-INV-002"], path


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200), st.sampled_from(["export/saved_model.pb", "m.h5", "m.ggml", "m.onnx"]))
def test_fuzz_protobuf_hdf5_ggml_classifiers(data: bytes, path: str) -> None:
    from opengauge.inventory.weights._protobuf import decode_small

    with contextlib.suppress(WeightsFormatError):
        decode_small(data)
    obs, reader, _ = classify(path, data)
    assert obs.kind in (ArtifactKind.WEIGHTS, ArtifactKind.LFS_POINTER)
    assert reader.bytes_read <= 4096 + 64 * 1024
