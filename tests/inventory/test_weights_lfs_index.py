from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from opengauge.inventory.weights._common import INDEX_FILE_CAP
from opengauge.inventory.weights._paths import checkpoint_marks, is_weights_name, pointee_kind
from opengauge.inventory.weights.lfs import parse_pointer
from opengauge.record import ArtifactKind, ComponentId, EvidenceLevel
from tests.strategies import json_values

from .weights_helpers import classify, details, rules

FINAL = ComponentId.MODEL_PARAMETERS_FINAL.value
INTERMEDIATE = ComponentId.MODEL_PARAMETERS_INTERMEDIATE.value
OID = "sha256:" + "ab" * 32


def pointer(size: int = 4_900_000_000, oid: str = OID) -> bytes:
    return f"version https://git-lfs.github.com/spec/v1\noid {oid}\nsize {size}\n".encode()


def test_lfs_pointer_for_safetensors_is_linked_final() -> None:
    obs, _, name = classify("model-00001-of-00002.safetensors", pointer())
    assert name == "weights.lfs-pointer"
    assert obs.kind is ArtifactKind.LFS_POINTER
    assert obs.format == "git-lfs-pointer"
    assert obs.roles == (FINAL,)
    d = details(obs)
    assert d["oid"] == OID
    assert d["size"] == "4900000000"
    assert d["pointee_kind"] == "weights"
    assert d["pointee_format"] == "safetensors"
    (ev,) = obs.evidence
    assert ev.level is EvidenceLevel.LINKED
    assert ev.component == FINAL
    assert "not in this source" in (ev.excerpt or "")
    assert "4.9 GB" in (ev.excerpt or "")
    assert obs.findings == ()


def test_lfs_pointer_for_parquet_is_data_without_role() -> None:
    obs, _, _ = classify("data/train-00000.parquet", pointer(size=123))
    assert obs.kind is ArtifactKind.LFS_POINTER
    assert obs.roles == ()
    assert obs.evidence == ()
    d = details(obs)
    assert d["pointee_kind"] == "data"
    assert d["size"] == "123"


def test_lfs_pointer_any_name_and_other_kind() -> None:
    obs, _, _ = classify("figures/plot.png", pointer(size=10))
    assert obs.kind is ArtifactKind.LFS_POINTER
    assert details(obs)["pointee_kind"] == "other"
    assert obs.roles == ()


def test_lfs_pointer_in_checkpoint_folder_is_intermediate() -> None:
    obs, _, _ = classify("checkpoint-500/pytorch_model.bin", pointer())
    assert obs.roles == (INTERMEDIATE,)
    assert details(obs)["step"] == "500"
    assert obs.evidence[0].level is EvidenceLevel.LINKED


def test_malformed_lfs_pointer_is_a_finding() -> None:
    data = b"version https://git-lfs.github.com/spec/v1\noid md5:abc\nsize lots\n"
    obs, _, _ = classify("model.safetensors", data)
    assert obs.kind is ArtifactKind.LFS_POINTER
    assert rules(obs) == ["OG-INV-024"]
    assert "oid and size" in obs.findings[0].message
    assert obs.roles == ()  # a broken pointer is no evidence
    assert obs.evidence == ()


def test_large_file_starting_like_a_pointer_is_not_one() -> None:
    data = pointer() + b"x" * 5000
    _obs, _, name = classify("model.safetensors", data)
    assert name == "weights.safetensors"


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_fuzz_pointer_parser(data: bytes) -> None:
    p = parse_pointer(b"version https://git-lfs.github.com/spec/v1\n" + data)
    assert p.size is None or p.size >= 0
    assert p.oid is None or p.oid.startswith("sha256:")


def index_bytes(shards: int = 3, tensors: int = 10, total: object = 123456) -> bytes:
    weight_map = {f"layer.{i}.w": f"model-{i % shards + 1:05d}-of-{shards:05d}.safetensors" for i in range(tensors)}
    return json.dumps({"metadata": {"total_size": total}, "weight_map": weight_map}).encode()


def test_sharded_safetensors_index() -> None:
    obs, _, name = classify("model.safetensors.index.json", index_bytes())
    assert name == "weights.index"
    assert obs.kind is ArtifactKind.WEIGHTS_INDEX
    assert obs.format == "safetensors-index"
    d = details(obs)
    assert d["shards"] == "3"
    assert d["tensors"] == "10"
    assert d["total_size"] == "123456"
    assert d["shard_names"] == ",".join(f"model-{i:05d}-of-00003.safetensors" for i in (1, 2, 3))
    assert obs.roles == ()
    (ev,) = obs.evidence
    assert ev.level is EvidenceLevel.DECLARED
    assert ev.component == FINAL


def test_pytorch_index_and_bounded_shard_names() -> None:
    obs, _, _ = classify("ckpt/step-20/pytorch_model.bin.index.json", index_bytes(shards=400, tensors=800))
    assert obs.format == "pytorch-index"
    d = details(obs)
    assert d["shards"] == "400"
    assert d["step"] == "20"
    assert obs.evidence[0].component == INTERMEDIATE
    assert len(d["shard_names"]) <= 1000
    assert "more)" in d["shard_names"]


def test_index_problems() -> None:
    obs, _, _ = classify("model.safetensors.index.json", b"{broken")
    assert obs.kind is ArtifactKind.WEIGHTS_INDEX
    assert rules(obs) == ["OG-INV-020"]
    obs, _, _ = classify("model.safetensors.index.json", b'{"metadata": {}}')
    assert rules(obs) == ["OG-INV-020"]
    data = json.dumps({"weight_map": {"a": "../x.safetensors", "b": 3}}).encode()
    obs, _, _ = classify("model.safetensors.index.json", data)
    assert sorted(rules(obs)) == ["OG-INV-023", "OG-INV-023"]
    assert "total_size" not in details(obs)
    obs, reader, _ = classify("model.safetensors.index.json", b"{}", size=INDEX_FILE_CAP + 1)
    assert rules(obs) == ["OG-INV-022"]
    assert reader.bytes_read <= 4096


def test_other_json_is_not_an_index() -> None:
    from opengauge.inventory.weights import CLASSIFIERS

    from .weights_helpers import artifact

    for path in ("config.json", "tokenizer.json", "search.index.json"):
        art = artifact(path, 2)
        assert not any(c.accepts(art, b"{}") for c in CLASSIFIERS), path


def test_path_helpers() -> None:
    assert is_weights_name("pytorch_model.bin")
    assert is_weights_name("adapter_model.bin")
    assert not is_weights_name("train.bin")
    assert not is_weights_name("checkpoint-10/optimizer.pt")
    assert not is_weights_name("training_args.bin")
    assert is_weights_name("variables/variables.data-00000-of-00001")
    assert pointee_kind("x/shard.jsonl.gz") == "data"
    assert pointee_kind("README.md") == "other"
    assert checkpoint_marks("lightning/epoch=3-step=1000.ckpt") == {"epoch": "3", "step": "1000"}
    assert checkpoint_marks("model.ckpt-2000.data-00000-of-00001") == {"step": "2000"}
    assert checkpoint_marks("iterative/stepwise/model.safetensors") == {}
    assert checkpoint_marks("bert-base/model-00002-of-00005.bin") == {}


_JSON = json_values(floats=True)


@settings(max_examples=100, deadline=None)
@given(
    st.one_of(
        st.binary(max_size=200),
        st.fixed_dictionaries({"metadata": _JSON, "weight_map": _JSON}).map(lambda d: json.dumps(d).encode()),
    )
)
def test_fuzz_index_parser(data: bytes) -> None:
    obs, reader, _ = classify("model.safetensors.index.json", data)
    assert obs.kind in (ArtifactKind.WEIGHTS_INDEX, ArtifactKind.LFS_POINTER)
    assert reader.bytes_read <= len(data)
    for f in obs.findings:
        assert f.rule_id in {"OG-INV-020", "OG-INV-023", "OG-INV-024"}
