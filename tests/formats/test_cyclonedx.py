"""CycloneDX 1.6 / 1.7 ML-BOM: strict validation, model card, licences, lineage, round trip, golden files."""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

import pytest
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from opengauge.cli import app
from opengauge.errors import InputFormatError, UsageError
from opengauge.formats import cyclonedx as cdx
from opengauge.formats.bom_facts import gather, hub_repo
from opengauge.formats.bom_modelcard import ModelCard, ModelParameters
from opengauge.formats.bom_summary import BomSummary, expected_summary
from opengauge.formats.cyclonedx import CycloneDxFormatter, read_back, render_cyclonedx
from opengauge.formats.interface import RenderOptions
from opengauge.record import ArtifactFacts, ArtifactKind, ComponentId, SourceInfo, SourceKind
from tests.formats._golden import check_golden
from tests.formats._reports import ALL, HUB_REV, SHA_A, SHA_B, hub_release, report, unlicensed_release, write_release
from tests.strategies import json_values

VERSIONS = {"1.6": SchemaVersion.V1_6, "1.7": SchemaVersion.V1_7}
CASES = [(name, version) for name in ALL for version in VERSIONS]


@cache
def rendered(name: str, version: str) -> str:
    return render_cyclonedx(ALL[name](), version, reproducible=True)


@cache
def validator(version: str) -> JsonStrictValidator:
    return JsonStrictValidator(VERSIONS[version])


def strictly_valid(text: str, version: str) -> None:
    errors = validator(version).validate_str(text, all_errors=True)
    messages = [str(e) for e in errors] if errors else []
    assert messages == [], messages[:3]


def doc(name: str, version: str = "1.6") -> dict:
    return json.loads(rendered(name, version))


@pytest.mark.parametrize(("name", "version"), CASES)
def test_every_bom_is_strictly_valid(name: str, version: str) -> None:
    text = rendered(name, version)
    strictly_valid(text, version)
    assert json.loads(text)["specVersion"] == version


@pytest.mark.parametrize(("name", "version"), CASES)
def test_golden(name: str, version: str) -> None:
    check_golden(f"{name}.cdx-{version}.json", rendered(name, version))


@pytest.mark.parametrize(("name", "version"), CASES)
def test_round_trip(name: str, version: str) -> None:
    assert read_back(rendered(name, version)) == expected_summary(gather(ALL[name]()))


def test_validator_catches_an_invalid_bom() -> None:
    bad = json.loads(rendered("hub", "1.6"))
    bad["metadata"]["component"]["modelCard"]["modelParameters"]["approach"] = {"type": "guessing"}
    assert validator("1.6").validate_str(json.dumps(bad)) is not None


def test_invalid_model_card_is_never_returned(monkeypatch: pytest.MonkeyPatch) -> None:
    broken = ModelCard(parameters=ModelParameters(approach="guessing", task="x"))
    monkeypatch.setattr(cdx, "model_card", lambda facts: broken)
    with pytest.raises(cdx.BomValidationError):
        render_cyclonedx(hub_release(), "1.7")


def test_model_card_from_report_facts() -> None:
    model = doc("several-datasets")["metadata"]["component"]
    assert model["type"] == "machine-learning-model"
    params = model["modelCard"]["modelParameters"]
    assert params["approach"] == {"type": "self-supervised"}
    assert params["task"] == "fill-mask"
    data_refs = {c["bom-ref"] for c in doc("several-datasets")["components"] if c["type"] == "data"}
    assert {d["ref"] for d in params["datasets"]} == data_refs
    assert len(data_refs) == 5
    metrics = model["modelCard"]["quantitativeAnalysis"]["performanceMetrics"]
    assert {"type": "accuracy", "value": "0.812"} in metrics
    assert {"type": "f1", "value": "0.77", "slice": "test-clean"} in metrics


def test_considerations_from_card() -> None:
    card = doc("licence-ref")["metadata"]["component"]["modelCard"]
    assert card["considerations"] == {
        "useCases": ["Research on small language models"],
        "technicalLimitations": ["English only"],
        "ethicalConsiderations": [{"name": "May produce confident wrong answers"}],
    }
    assert card["modelParameters"]["architectureFamily"] == "og-decoder"
    assert card["modelParameters"]["modelArchitecture"] == "OgForCausalLM"


def test_missing_facts_are_omitted_not_invented() -> None:
    model = doc("unlicensed")["metadata"]["component"]
    assert "modelCard" not in model  # nothing known: no empty card, no guessed task
    assert "licenses" not in model
    params = doc("hub")["metadata"]["component"]["modelCard"]["modelParameters"]
    assert "approach" not in params and "datasets" not in params
    assert "quantitativeAnalysis" not in doc("hub")["metadata"]["component"]["modelCard"]


def test_non_spdx_licences_are_names_with_urls() -> None:
    model = doc("licence-ref")["metadata"]["component"]
    (choice,) = model["licenses"]
    lic = choice["license"]
    assert "id" not in lic
    assert lic["name"] == "OG Test Community Licence"
    assert lic["url"] == "https://example.org/licences/og-test-community"
    assert {"name": "opengauge:spdx-expression", "value": "LicenseRef-og-test-community"} in lic["properties"]
    (data,) = [c for c in doc("licence-ref")["components"] if c["type"] == "data"]
    assert data["licenses"][0]["license"]["name"] == "og-data-terms"
    for text in (rendered(n, v) for n, v in CASES):
        for part in json.loads(text).get("components", []):
            for choice in part.get("licenses", []):
                assert not str(choice.get("license", {}).get("id", "")).startswith("LicenseRef")


def test_spdx_ids_and_expressions() -> None:
    (data,) = [c for c in doc("several-datasets")["components"] if c["name"] == "data/corpus"]
    assert data["licenses"] == [{"license": {"id": "CC-BY-4.0"}}]
    assert doc("hub")["metadata"]["component"]["licenses"][0]["license"]["id"] == "MIT"


def test_hub_purl_lineage_and_hashes() -> None:
    d = doc("hub", "1.7")
    model = d["metadata"]["component"]
    assert model["purl"] == f"pkg:huggingface/og-org/og-tiny-chat@{HUB_REV.lower()}"
    ancestors = model["pedigree"]["ancestors"]
    assert [a["name"] for a in ancestors] == ["og-org/og-tiny", "og-org/og-tiny-extra"]
    assert ancestors[0]["purl"] == "pkg:huggingface/og-org/og-tiny"
    files = {c["name"]: c for c in d["components"] if c["type"] == "file"}
    assert files["model-00001-of-00002.safetensors"]["hashes"] == [{"alg": "SHA-256", "content": SHA_A}]
    assert files["model-00002-of-00002.safetensors"]["hashes"] == [{"alg": "SHA-256", "content": SHA_B}]
    refs = {(r["type"], r["url"]) for r in model["externalReferences"]}
    assert ("distribution", "https://huggingface.co/og-org/og-tiny-chat") in refs
    assert any(kind == "model-card" for kind, _ in refs)


def test_local_release_has_no_purl_and_vcs_reference() -> None:
    model = doc("several-datasets")["metadata"]["component"]
    assert "purl" not in model
    refs = {(r["type"], r["url"]) for r in model["externalReferences"]}
    assert ("vcs", "https://github.com/og-org/og-train") in refs
    assert ("documentation", "https://arxiv.org/abs/2601.00001") in refs


def test_volatile_fields() -> None:
    a, b = (json.loads(render_cyclonedx(unlicensed_release())) for _ in range(2))
    assert a["serialNumber"] != b["serialNumber"]
    assert rendered("unlicensed", "1.6") == render_cyclonedx(unlicensed_release(), reproducible=True)
    assert doc("unlicensed")["metadata"]["timestamp"].startswith("2026-11-23T09:00:00")


def test_formatter_and_bad_version() -> None:
    fmt = CycloneDxFormatter(spec_version="1.7", reproducible=True)
    assert fmt.name == "cyclonedx"
    assert fmt.render(hub_release(), RenderOptions()) == rendered("hub", "1.7")
    with pytest.raises(UsageError):
        render_cyclonedx(hub_release(), "1.5")


def test_read_back_rejects_non_objects() -> None:
    with pytest.raises(InputFormatError):
        read_back("[1, 2]")
    with pytest.raises(InputFormatError):
        read_back("{not json")


_json = json_values()
_keys = st.sampled_from(["metadata", "component", "components", "licenses", "license", "name", "type", "hashes"])


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(_keys, _json, max_size=5) | _json)
def test_read_back_fuzz(value: object) -> None:
    try:
        summary = read_back(json.dumps(value))
    except InputFormatError:
        assert not isinstance(value, dict)
        return
    assert isinstance(summary, BomSummary)


_free = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=24)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=_free, licence=_free, task=_free, metric=_free)
@example(name=":,\x08", licence="0", task="0", metric="0")  # two base models whose bom-refs slug alike
def test_any_report_gives_a_valid_bom(name: str, licence: str, task: str, metric: str) -> None:
    from tests.formats._reports import comp, lic

    card = ArtifactFacts(
        "s1",
        "README.md",
        1,
        ArtifactKind.MODEL_CARD,
        details=(("metric:" + metric, "1"), ("pipeline_tag", task), ("base_model", name)),
    )
    rep = report(
        name,
        (SourceInfo("s1", SourceKind.LOCAL, "/x"),),
        (card, ArtifactFacts("s1", name, 1, ArtifactKind.WEIGHTS)),
        (comp(ComponentId.MODEL_PARAMETERS_FINAL, (), lic(licence)),),
    )
    text = render_cyclonedx(rep, "1.6", reproducible=True)
    strictly_valid(text, "1.6")
    assert read_back(text) == expected_summary(gather(rep))


@pytest.mark.parametrize("version", list(VERSIONS))
def test_cli_bom_cyclonedx(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, version: str) -> None:
    monkeypatch.setenv("OPENGAUGE_CACHE_DIR", str(tmp_path / "cache"))
    release = write_release(tmp_path / "og-tiny")
    out = tmp_path / "bom.cdx.json"
    args = ["bom", str(release), "--format", "cyclonedx", "--spec-version", version, "-o", str(out)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    text = out.read_text("utf-8")
    strictly_valid(text, version)
    d = json.loads(text)
    model = d["metadata"]["component"]
    assert model["name"] == "og-tiny"
    assert model["licenses"] == [{"license": {"id": "Apache-2.0"}}]
    assert model["modelCard"]["modelParameters"]["task"] == "text-generation"
    assert [a["name"] for a in model["pedigree"]["ancestors"]] == ["og-org/og-base"]
    (weights,) = [c for c in d["components"] if c["type"] == "file"]
    digest = hashlib.sha256((release / "model.safetensors").read_bytes()).hexdigest()
    assert weights["hashes"] == [{"alg": "SHA-256", "content": digest}]
    assert "og-org/og-corpus" in {c["name"] for c in d["components"] if c["type"] == "data"}
    assert (tmp_path / "cache").is_dir()


def test_cli_bom_rejects_bad_options(tmp_path: Path) -> None:
    release = write_release(tmp_path / "og-tiny")
    assert CliRunner().invoke(app, ["bom", str(release), "--format", "xml"]).exit_code == 2
    assert CliRunner().invoke(app, ["bom", str(release), "--spec-version", "1.4"]).exit_code == 2
    assert CliRunner().invoke(app, ["bom", str(tmp_path / "missing")]).exit_code == 2


@pytest.mark.parametrize(
    ("location", "expected"),
    [
        ("hf:og-org/og-m@abc", ("model", "og-org/og-m", "abc")),
        ("https://huggingface.co/og-org/og-m/tree/v1", ("model", "og-org/og-m", "v1")),
        ("hf-dataset:og-org/og-d", ("dataset", "og-org/og-d", None)),
        ("og-org/og-m", ("model", "og-org/og-m", None)),
        ("hf:", None),
    ],
)
def test_hub_locations(location: str, expected: tuple[str, str, str | None] | None) -> None:
    repo = hub_repo(SourceInfo("s1", SourceKind.HUB, location))
    assert (None if repo is None else (repo.repo_type, repo.repo_id, repo.revision)) == expected


def test_hub_dataset_source_is_not_the_model() -> None:
    rep = report("og-d", (SourceInfo("s1", SourceKind.HUB, "hf-dataset:og-org/og-d"),), (), ())
    model = json.loads(render_cyclonedx(rep, reproducible=True))["metadata"]["component"]
    assert "purl" not in model


def test_local_ids_are_stable_per_name_and_unique_across_names() -> None:
    from opengauge.formats.bom_facts import LocalIds

    ids = LocalIds()
    assert ids.id("dataset", "a b") == "dataset-a-b"
    assert ids.id("dataset", "a-b") == "dataset-a-b-2"
    assert ids.id("dataset", "a b") == "dataset-a-b", "the same name keeps its id"
    assert ids.id("dataset", "a-b-2") == "dataset-a-b-2-2", "a name whose own slug is already given away"
    assert ids.id("file", "a b") == "file-a-b"
