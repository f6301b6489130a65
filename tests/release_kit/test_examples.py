"""The shipped examples: a fully open reference release (MOF Class I, OSAID pass) that rebuilds byte for byte,
and an open-weights-only release that calls itself open source (Unclassified, licence findings)."""

from __future__ import annotations

import filecmp
import json
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
import yaml

from opengauge.frameworks.catalog import select
from opengauge.inventory.content.completeness import Grade, data_card_completeness, model_card_completeness
from opengauge.pipeline import AuditOptions, audit
from opengauge.record import AuditReport, ComponentStatus

REPO = Path(__file__).resolve().parents[2]
REFERENCE = REPO / "examples" / "open-reference"
WEIGHTS_ONLY = REPO / "examples" / "open-weights-only"
GENERATED = (
    "data/train.csv",
    "data/test.csv",
    "weights/checkpoints/step-0100.safetensors",
    "weights/checkpoints/step-0200.safetensors",
    "weights/model.safetensors",
    "weights/config.json",
    "results/eval_results.json",
    "samples/sample_outputs.md",
)


@cache
def _report(path: Path) -> AuditReport:
    return audit([str(path)], AuditOptions(strict=True))


def _has_framework(name: str) -> bool:
    return any(fw.id == name for fw in select([]))


def test_reference_release_is_mof_class_one_in_strict_evidence_mode() -> None:
    report = _report(REFERENCE)
    mof = report.assessment("mof")
    assert mof is not None and mof.mode == "evidence"
    assert mof.mof_class == 1, [c for c in mof.criteria if c.grade.value != "pass"]
    assert mof.progress == {"1": 100.0, "2": 100.0, "3": 100.0}
    assert len(report.components) == 17
    for comp in report.components:  # all 17, the optional ones included
        assert comp.status is ComponentStatus.PRESENT, comp
        assert comp.open_licence and comp.licence_appropriate, comp
    assert not [f for f in report.findings if f.severity.rank >= 2], report.findings


def test_reference_licences_are_type_appropriate() -> None:
    report = _report(REFERENCE)
    expected = {
        "Training code": "Apache-2.0",
        "Model parameters (Final)": "CDLA-Permissive-2.0",
        "Model parameters (Intermediate)": "CDLA-Permissive-2.0",
        "Datasets": "CDLA-Permissive-2.0",
        "Model card": "CC-BY-4.0",
        "Research paper": "CC-BY-4.0",
    }
    for name, licence in expected.items():
        comp = report.component(name)
        assert comp.licence is not None and comp.licence.expression == licence, comp


@pytest.mark.skipif(not _has_framework("osaid"), reason="the OSAID framework is not in the catalog yet")
def test_reference_release_passes_osaid() -> None:
    osaid = _report(REFERENCE).assessment("osaid")
    assert osaid is not None and osaid.verdict == "pass", osaid


def test_open_weights_only_is_unclassified_with_licence_findings() -> None:
    report = _report(WEIGHTS_ONLY)
    mof = report.assessment("mof")
    assert mof is not None and mof.mof_class == 0
    assert report.component("Model parameters (Final)").status is ComponentStatus.PRESENT
    assert report.component("Training code").status is ComponentStatus.ABSENT
    rules = {f.rule_id for f in report.findings}
    assert "OG-LIC-007" in rules, rules  # `license: other` that nothing identifies
    osaid = report.assessment("osaid")
    assert osaid is None or osaid.verdict != "pass"


def test_open_weights_only_open_source_claim_is_openwashing() -> None:
    report = _report(WEIGHTS_ONLY)
    rules = {f.rule_id: f for f in report.findings}
    assert "OG-LIC-001" in rules  # "fully open source" next to a restrictive custom licence
    assert "fully open source" in (rules["OG-LIC-001"].evidence or "")
    assert "OG-LIC-006" in rules  # the acceptable-use policy may change at the licensor's discretion
    weights = report.component("Model parameters (Final)")
    assert weights.licence is not None and weights.licence.family.value == "restricted"
    flags = {r.flag for r in weights.licence.restrictions}
    assert {"non-commercial", "user-cap", "aup-changeable"} <= flags


def test_reference_cards_are_complete_and_agree_with_results() -> None:
    card = (REFERENCE / "README.md").read_text()
    assert model_card_completeness(card).grade is Grade.FULL
    assert data_card_completeness((REFERENCE / "DATASHEET.md").read_text()).grade is Grade.FULL
    front = yaml.safe_load(card.split("---\n")[1])
    metric = front["model-index"][0]["results"][0]["metrics"][0]
    results = json.loads((REFERENCE / "results" / "eval_results.json").read_text())
    assert metric["value"] == results["results"]["final"]["accuracy"]


def test_examples_are_small() -> None:
    for root in (REFERENCE, WEIGHTS_ONLY):
        size = sum(p.stat().st_size for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        assert size < 200_000, (root, size)


def _build(out: Path) -> None:
    subprocess.run(
        [sys.executable, str(REFERENCE / "build.py"), str(out)], check=True, capture_output=True, timeout=120
    )


def test_build_is_reproducible_byte_for_byte(tmp_path: Path) -> None:
    pytest.importorskip("numpy")
    first, second = tmp_path / "a", tmp_path / "b"
    _build(first)
    _build(second)
    for rel in GENERATED:
        assert (first / rel).is_file(), rel
        assert filecmp.cmp(first / rel, second / rel, shallow=False), rel
    # the committed data are what the generator writes (data and results are platform-independent text)
    for rel in ("data/train.csv", "data/test.csv", "results/eval_results.json"):
        assert (first / rel).read_bytes() == (REFERENCE / rel).read_bytes(), rel
    assert not (REFERENCE / "src" / "tinyref" / "__pycache__").exists()


def test_reference_ships_a_manifest_the_files_support() -> None:
    from opengauge.frameworks.mot_record import validate_mot_yaml

    data = yaml.safe_load((REFERENCE / "mof.yaml").read_text())
    assert validate_mot_yaml(data) == []
    assert len(data["release"]["components"]) == 17
    report = _report(REFERENCE)
    assert not [f for f in report.findings if f.rule_id.startswith("OG-MAN")]
    declared = [e for e in report.component("Training code").evidence if e.extractor == "manifest"]
    assert declared, "the manifest is read as declared evidence"
