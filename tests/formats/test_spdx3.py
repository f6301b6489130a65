"""SPDX 3.0.1 AI + Dataset: official JSON schema, profile-required fields, relationships, licences, golden."""

from __future__ import annotations

import hashlib
import json
import re
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from license_expression import Licensing, get_spdx_licensing
from typer.testing import CliRunner

from opengauge.cli import app
from opengauge.errors import InputFormatError
from opengauge.formats.bom_facts import gather
from opengauge.formats.bom_licences import bom_licence
from opengauge.formats.bom_summary import BomSummary, expected_summary
from opengauge.formats.interface import RenderOptions
from opengauge.formats.spdx3 import (
    REQUIRED_FIELDS,
    Spdx3Formatter,
    check_spdx_required,
    read_back,
    render_spdx3,
)
from opengauge.record import Artifact, ArtifactFacts, ArtifactKind, ComponentId, SourceInfo, SourceKind
from tests.formats._golden import check_golden
from tests.formats._reports import ALL, HUB_REV, SHA_A, comp, hub_release, lic, report, write_release
from tests.formats._spdx_schema import SCHEMA, full_errors
from tests.formats._spdx_schema import errors as schema_errors
from tests.strategies import json_values

SCHEMA_SHA256 = "59f59713c7d73ff0d833f4f468df974a689fc9dd36dc5510f1875ff85d276c54"


@cache
def rendered(name: str) -> str:
    return render_spdx3(ALL[name](), reproducible=True)


def graph(name: str) -> list[dict]:
    return json.loads(rendered(name))["@graph"]


def strictly_valid(text: str) -> None:
    doc = json.loads(text)
    assert schema_errors(doc) == []
    assert check_spdx_required(doc) == []


def by_type(name: str, kind: str) -> list[dict]:
    return [n for n in graph(name) if n.get("type") == kind]


def relations(name: str, kind: str) -> list[dict]:
    return [n for n in by_type(name, "Relationship") if n["relationshipType"] == kind]


def test_schema_copy_is_the_anchor() -> None:
    assert hashlib.sha256(SCHEMA.read_bytes()).hexdigest() == SCHEMA_SHA256
    assert "PROVENANCE" in " ".join(p.name for p in SCHEMA.parent.iterdir())


@pytest.mark.parametrize("name", list(ALL))
def test_every_document_is_valid(name: str) -> None:
    strictly_valid(rendered(name))


@pytest.mark.parametrize("name", list(ALL))
def test_golden(name: str) -> None:
    check_golden(f"{name}.spdx3.json", rendered(name))


@pytest.mark.parametrize("name", list(ALL))
def test_round_trip(name: str) -> None:
    assert read_back(rendered(name)) == expected_summary(gather(ALL[name]()))


@pytest.mark.parametrize(
    ("key", "value"), [("software_primaryPurpose", "guessing"), ("og_unknown", "x"), ("releaseTime", "yesterday")]
)
def test_schema_rejects_a_broken_document(key: str, value: str) -> None:
    doc = json.loads(rendered("hub"))
    for node in doc["@graph"]:
        if node.get("type") == "ai_AIPackage":
            node[key] = value
    assert len(schema_errors(doc)) == 1


def test_fast_check_agrees_with_the_schema_as_written() -> None:
    doc = json.loads(rendered("unlicensed"))
    assert full_errors(doc) == [] == schema_errors(doc)


@pytest.mark.parametrize(("kind", "field"), [(k, f) for k, fields in REQUIRED_FIELDS.items() for f in fields])
def test_check_spdx_required_finds_each_missing_field(kind: str, field: str) -> None:
    doc = json.loads(rendered("several-datasets"))
    node = next(n for n in doc["@graph"] if n.get("type") == kind)
    del node[field]
    assert check_spdx_required(doc) == [f"{kind} {node['spdxId']}: missing {field}"]


def test_check_spdx_required_finds_dangling_and_duplicate_ids() -> None:
    doc = json.loads(rendered("hub"))
    rel = next(n for n in doc["@graph"] if n.get("type") == "Relationship")
    rel["to"] = ["urn:nowhere"]
    doc["@graph"].append(dict(next(n for n in doc["@graph"] if n.get("type") == "ai_AIPackage")))
    problems = check_spdx_required(doc)
    assert any("unknown element urn:nowhere" in p for p in problems)
    assert any(p.startswith("duplicate spdxId") for p in problems)
    assert check_spdx_required({}) == ["no SpdxDocument"]


def test_ai_package_fields() -> None:
    (model,) = by_type("hub", "ai_AIPackage")
    assert model["software_primaryPurpose"] == "model"
    assert model["software_packageUrl"] == f"pkg:huggingface/og-org/og-tiny-chat@{HUB_REV.lower()}"
    assert model["software_downloadLocation"] == "https://huggingface.co/og-org/og-tiny-chat"
    assert model["software_packageVersion"] == HUB_REV
    orgs = {n["spdxId"]: n["name"] for n in by_type("hub", "Organization")}
    assert orgs[model["suppliedBy"]] == "og-org"
    assert model["ai_domain"] == ["text-generation"]
    (doc,) = by_type("hub", "SpdxDocument")
    assert doc["rootElement"] == [model["spdxId"]]
    assert {"ai", "dataset", "core"} <= set(doc["profileConformance"])


def test_unknown_facts_use_no_assertion_forms() -> None:
    (model,) = by_type("unlicensed", "ai_AIPackage")
    assert model["software_packageVersion"] == "NOASSERTION"
    assert model["suppliedBy"].endswith("/Core/NoAssertionElement")
    assert "releaseTime" in model and "audit time" in model["comment"]
    for key in ("ai_domain", "ai_typeOfModel", "ai_metric", "ai_limitation"):
        assert key not in model
    for rel in relations("unlicensed", "hasDeclaredLicense") + relations("unlicensed", "hasConcludedLicense"):
        assert rel["to"] == ["expandedlicensing_NoAssertionLicense"]
    assert not by_type("unlicensed", "simplelicensing_LicenseExpression")


def test_datasets_and_training_relationships() -> None:
    (model,) = by_type("several-datasets", "ai_AIPackage")
    datasets = {n["spdxId"]: n for n in by_type("several-datasets", "dataset_DatasetPackage")}
    assert len(datasets) == 5
    (trained,) = relations("several-datasets", "trainedOn")
    (tested,) = relations("several-datasets", "testedOn")
    assert trained["from"] == tested["from"] == model["spdxId"]
    assert {datasets[t]["name"] for t in tested["to"]} == {"https://example.org/og-bench.zip"}
    assert len(trained["to"]) == 4
    hub_ds = next(d for d in datasets.values() if d["name"] == "og-org/og-web-text")
    assert hub_ds["software_downloadLocation"] == "https://huggingface.co/datasets/og-org/og-web-text"
    assert hub_ds["dataset_datasetType"] == ["noAssertion"]
    metrics = {m["key"]: m["value"] for m in model["ai_metric"]}
    assert metrics == {"accuracy": "0.812", "f1@test-clean": "0.77"}


def test_licence_refs_and_relationships() -> None:
    exprs = {n["spdxId"]: n for n in by_type("licence-ref", "simplelicensing_LicenseExpression")}
    texts = {n["simplelicensing_licenseExpression"] for n in exprs.values()}
    assert texts == {"LicenseRef-og-test-community", "LicenseRef-og-data-terms"}
    community = next(n for n in exprs.values() if "community" in n["simplelicensing_licenseExpression"])
    assert community["simplelicensing_customIdToUri"] == [
        {
            "type": "DictionaryEntry",
            "key": "LicenseRef-og-test-community",
            "value": "https://example.org/licences/og-test-community",
        }
    ]
    (model,) = by_type("licence-ref", "ai_AIPackage")
    declared = [r for r in relations("licence-ref", "hasDeclaredLicense") if r["from"] == model["spdxId"]]
    concluded = [r for r in relations("licence-ref", "hasConcludedLicense") if r["from"] == model["spdxId"]]
    assert declared[0]["to"] == concluded[0]["to"] == [community["spdxId"]]


def test_files_and_lineage() -> None:
    (model,) = by_type("hub", "ai_AIPackage")
    files = by_type("hub", "software_File")
    assert {f["verifiedUsing"][0]["hashValue"] for f in files} == {SHA_A, "b" * 64}
    (contains,) = relations("hub", "contains")
    assert contains["from"] == model["spdxId"] and len(contains["to"]) == 2
    bases = {n["spdxId"]: n["name"] for n in by_type("hub", "software_Package")}
    ancestors = relations("hub", "ancestorOf")
    assert sorted(bases[r["from"]] for r in ancestors) == ["og-org/og-tiny", "og-org/og-tiny-extra"]
    assert all(r["to"] == [model["spdxId"]] for r in ancestors)


def test_volatile_fields_and_formatter() -> None:
    a, b = (json.loads(render_spdx3(hub_release())) for _ in range(2))
    assert a["@graph"][1]["spdxId"] != b["@graph"][1]["spdxId"]
    strictly_valid(json.dumps(a))
    fmt = Spdx3Formatter(reproducible=True)
    assert fmt.name == "spdx3"
    assert fmt.render(hub_release(), RenderOptions()) == rendered("hub")


def test_read_back_rejects_non_objects() -> None:
    with pytest.raises(InputFormatError):
        read_back('"text"')


_json = json_values()
_keys = st.sampled_from(["@graph", "type", "spdxId", "name", "to", "from", "relationshipType", "verifiedUsing"])


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(_keys, _json, max_size=5) | _json)
def test_read_back_and_check_fuzz(value: object) -> None:
    try:
        summary = read_back(json.dumps(value))
    except InputFormatError:
        assert not isinstance(value, dict)
        return
    assert isinstance(summary, BomSummary)
    assert isinstance(value, dict)
    assert isinstance(check_spdx_required(value), list)


_free = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=24)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=_free, licence=_free, data_licence=_free, detail=_free)
@example(name="0", licence="0", data_licence="0", detail=":,\x08")  # found: two base models, one spdxId
@example(name="m", licence="a b", data_licence="a-b", detail="x")  # two licences whose ids slug alike
def test_any_report_gives_a_valid_document(name: str, licence: str, data_licence: str, detail: str) -> None:
    card = ArtifactFacts(
        "s1",
        "README.md",
        1,
        ArtifactKind.MODEL_CARD,
        details=(("base_model", detail), ("metric:" + detail, detail), ("release_date", detail)),
    )
    rep = report(
        name,
        (SourceInfo("s1", SourceKind.LOCAL, "/x"),),
        (card, ArtifactFacts("s1", name, 1, ArtifactKind.WEIGHTS)),
        (
            comp(ComponentId.MODEL_PARAMETERS_FINAL, (), lic(licence)),
            comp(ComponentId.DATASETS, (), lic(data_licence)),
        ),
    )
    text = render_spdx3(rep, reproducible=True)
    strictly_valid(text)
    assert read_back(text) == expected_summary(gather(rep))
    for expr in json.loads(text)["@graph"]:
        if expr.get("type") == "simplelicensing_LicenseExpression":
            assert (
                bom_licence(expr["simplelicensing_licenseExpression"]).expression
                == expr["simplelicensing_licenseExpression"]
            )


def test_names_that_slug_alike_keep_their_own_ids() -> None:
    weights = [ArtifactFacts("s1", path, 1, ArtifactKind.WEIGHTS) for path in ("w 1.bin", "w-1.bin", "w?1.bin")]
    card = ArtifactFacts("s1", "README.md", 1, ArtifactKind.MODEL_CARD, details=(("base_model", "a b, a-b, :"),))
    rep = report("m", (SourceInfo("s1", SourceKind.LOCAL, "/x"),), (card, *weights), ())
    facts = gather(rep)
    assert [f.key for f in facts.files] == ["file-s1-w-1.bin", "file-s1-w-1.bin-2", "file-s1-w-1.bin-3"]
    assert [b.key for b in facts.model.base_models] == ["base-model-a-b", "base-model-a-b-2", "base-model-x"]
    text = render_spdx3(rep, reproducible=True)
    strictly_valid(text)
    assert read_back(text) == expected_summary(facts)


def test_cli_bom_spdx3(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENGAUGE_CACHE_DIR", str(tmp_path / "cache"))
    release = write_release(tmp_path / "og-tiny")
    out = tmp_path / "bom.spdx3.json"
    result = CliRunner().invoke(app, ["bom", str(release), "--format", "spdx3", "--reproducible", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text("utf-8")
    strictly_valid(text)
    nodes = json.loads(text)["@graph"]
    (model,) = [n for n in nodes if n["type"] == "ai_AIPackage"]
    assert model["name"] == "og-tiny" and model["ai_domain"] == ["text-generation"]
    (weights,) = [n for n in nodes if n["type"] == "software_File"]
    digest = hashlib.sha256((release / "model.safetensors").read_bytes()).hexdigest()
    assert weights["verifiedUsing"][0]["hashValue"] == digest
    exprs = {n["simplelicensing_licenseExpression"] for n in nodes if n["type"] == "simplelicensing_LicenseExpression"}
    assert exprs == {"Apache-2.0"}
    assert "og-org/og-corpus" in {n["name"] for n in nodes if n["type"] == "dataset_DatasetPackage"}


@pytest.mark.parametrize(
    ("release_date", "mtime", "expected", "note"),
    [
        ("2025-06-01", None, "2025-06-01T00:00:00Z", None),
        ("2025-06-01T12:30:00+02:00", 1.0e9, "2025-06-01T10:30:00Z", None),
        ("0001-01-01", 1.7e9, "2023-11-14T22:13:20Z", "newest file modification time"),
        ("not a date", None, "2026-11-23T09:00:00Z", "audit time"),
        (None, 1.0e20, "2026-11-23T09:00:00Z", "audit time"),
    ],
)
def test_release_time_sources(release_date: str | None, mtime: float | None, expected: str, note: str | None) -> None:
    details = (("release_date", release_date),) if release_date else ()
    card = ArtifactFacts("s1", "README.md", 1, ArtifactKind.MODEL_CARD, details=details)
    raw = (Artifact("s1", "README.md", 1, mtime=mtime),)
    rep = report("og-times", (SourceInfo("s1", SourceKind.LOCAL, "/x"),), (card,), (), raw=raw)
    text = render_spdx3(rep, reproducible=True)
    strictly_valid(text)
    (model,) = [n for n in json.loads(text)["@graph"] if n["type"] == "ai_AIPackage"]
    assert model["releaseTime"] == expected
    assert (note is None and "comment" not in model) or note in model["comment"]


@cache
def _licensing() -> Licensing:
    return get_spdx_licensing()


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60) | st.sampled_from(["MIT OR apache-2.0", "llama3.1", "GPL-2.0+", "MIT WITH x", "NONE"]))
def test_bom_licence_always_gives_spdx_syntax(raw: str) -> None:
    lic_ = bom_licence(raw)
    if lic_.expression in ("NOASSERTION", "NONE"):
        assert lic_.refs == ()
        return
    result = _licensing().validate(lic_.expression)
    unknown = set(result.invalid_symbols)
    assert unknown == set(lic_.refs)
    assert all(re.fullmatch(r"LicenseRef-[A-Za-z0-9.\-]+", ref) for ref in lic_.refs)
    assert not result.errors or all("LicenseRef-" in e for e in result.errors)
