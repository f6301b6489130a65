"""Hub metadata: normalising the API's answer, the per-commit cache, card front matter."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from huggingface_hub.hf_api import DatasetInfo, ModelInfo
from hypothesis import given, settings
from hypothesis import strategies as st

from opengauge.sources.hub_meta import (
    HubFile,
    HubMetadata,
    cached_ref,
    front_matter,
    load_cached,
    metadata_from_info,
    store_cached,
    store_ref,
)
from tests.strategies import json_values

SHA = "ab" * 20


def _model(answer: dict[str, Any]) -> Any:
    return ModelInfo(**answer)  # type: ignore[no-untyped-call]


def _api_answer(**extra: Any) -> dict[str, Any]:
    answer: dict[str, Any] = {
        "id": "org/m",
        "sha": SHA,
        "private": False,
        "gated": "manual",
        "tags": ["license:other", "text-generation"],
        "library_name": "transformers",
        "cardData": {
            "license": "other",
            "license_name": "our-licence",
            "license_link": "LICENSE",
            "datasets": "org/only-one",
            "base_model": ["org/a", "org/b"],
            "extra_gated_prompt": "Please agree. " * 100,
            "extra_gated_fields": {"Name": "text", "Country": "country"},
        },
        "siblings": [
            {
                "rfilename": "z.safetensors",
                "size": 10,
                "blobId": "1" * 40,
                "lfs": {"size": 10, "sha256": "c" * 64, "pointerSize": 134},
            },
            {"rfilename": "README.md", "size": 3, "blobId": "2" * 40},
        ],
        "safetensors": {"parameters": {"BF16": 7, "F32": 3}, "total": 10},
    }
    answer.update(extra)
    return answer


def test_model_info_is_normalised() -> None:
    meta = metadata_from_info(_model(_api_answer()), "model")
    assert [f.path for f in meta.files] == ["README.md", "z.safetensors"]
    assert meta.files[1] == HubFile("z.safetensors", 10, "1" * 40, "c" * 64, 10)
    assert (meta.gated, meta.license, meta.license_name, meta.license_link) == (
        "manual",
        ("other",),
        "our-licence",
        "LICENSE",
    )
    assert meta.datasets == ("org/only-one",)
    assert meta.base_models == ("org/a", "org/b")
    assert meta.parameters == (("BF16", 7), ("F32", 3)) and meta.total_parameters == 10
    assert meta.gated_fields == ("Name", "Country")
    assert meta.gated_prompt is not None and len(meta.gated_prompt) == 500
    details = dict(meta.details())
    assert details["hub.gated"] == "manual" and details["hub.parameters.BF16"] == "7"


def test_dataset_info_and_odd_values_do_not_break_it() -> None:
    answer = _api_answer(gated=False, safetensors=None, cardData={"license": ["cc-by-4.0", 3, None], "datasets": 5})
    answer.pop("library_name")
    meta = metadata_from_info(DatasetInfo(**answer), "dataset")  # type: ignore[no-untyped-call]
    assert meta.gated is None and meta.total_parameters is None
    assert meta.license == ("cc-by-4.0", "3") and meta.datasets == ()


def test_cache_round_trip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENGAUGE_CACHE_DIR", str(tmp_path))
    meta = metadata_from_info(_model(_api_answer()), "model")
    assert load_cached("model", "org/m", SHA) is None
    store_cached(meta)
    assert (tmp_path / "hub" / "models" / "org--m").is_dir(), "under the user cache folder"
    assert load_cached("model", "org/m", SHA) == meta
    assert load_cached("model", "org/other", SHA) is None
    assert load_cached("model", "org/m", "not-a-sha") is None
    store_ref("model", "org/m", "refs/pr/1", SHA)
    assert cached_ref("model", "org/m", "refs/pr/1") == SHA
    assert cached_ref("model", "org/m", "main") is None


def test_front_matter(tmp_path: Path) -> None:
    card = tmp_path / "README.md"
    card.write_text("---\nlicense: mit\ndatasets: [a/b]\n---\n# Title\n")
    assert front_matter(card) == {"license": "mit", "datasets": ["a/b"]}
    card.write_text("---\nlicense: [unclosed\n---\n")
    assert front_matter(card) == {}
    card.write_text("no front matter\n")
    assert front_matter(card) == {}
    card.write_text("---\n!!python/object:os.system ls\n---\n")  # safe_load refuses: nothing runs
    assert front_matter(card) == {}
    assert front_matter(tmp_path / "missing.md") == {}


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_fuzz_front_matter_never_raises(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    card = tmp_path_factory.mktemp("card") / "README.md"
    card.write_bytes(b"---\n" + data + b"\n---\n")
    assert isinstance(front_matter(card), dict)


_json = json_values(text=5, size=3, leaves=10)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["schema", "files", "repo_id", "sha", "tags", "parameters", "x"]), _json))
def test_fuzz_cached_json_is_valid_or_value_error(data: dict[str, Any]) -> None:
    try:
        meta = HubMetadata.from_json(data)
    except ValueError:
        return
    assert isinstance(meta, HubMetadata)


def test_json_round_trip_is_exact() -> None:
    meta = metadata_from_info(_model(_api_answer()), "model")
    assert HubMetadata.from_json(json.loads(json.dumps(meta.to_json()))) == meta
