"""End to end: `opengauge audit` on a release the test builds (code repo + HF-style model folder)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from opengauge.cli import app
from opengauge.formats.json import report_schema
from tests.releases import build_code_repo, build_hf_model

runner = CliRunner()


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("release")
    return build_code_repo(base / "code"), build_hf_model(base / "model")


@pytest.fixture(scope="module")
def report(release: tuple[Path, Path]) -> dict:
    code, model = release
    result = runner.invoke(app, ["audit", str(code), str(model), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def component(report: dict, name: str) -> dict:
    return next(c for c in report["components"] if c["component"] == name)


def levels(report: dict, name: str) -> set[str]:
    return {e["level"] for e in component(report, name)["evidence"]}


def test_report_validates_against_the_published_schema(report: dict) -> None:
    jsonschema.validate(report, report_schema())
    assert len(report["components"]) == 17
    assert [s["id"] for s in report["release"]["sources"]] == ["s1", "s2"]


@pytest.mark.parametrize(
    ("name", "level"),
    [
        ("Model architecture", "verified"),
        ("Training code", "verified"),
        ("Evaluation code", "verified"),
        ("Inference code", "verified"),
        ("Data preprocessing code", "verified"),
        ("Model parameters (Final)", "verified"),
        ("Model card", "verified"),
        ("Evaluation results", "verified"),
        ("Model metadata", "verified"),
        ("Datasets", "linked"),
        ("Research paper", "linked"),
        ("Technical report", "linked"),
    ],
)
def test_each_planted_component_is_found_at_its_level(report: dict, name: str, level: str) -> None:
    assert level in levels(report, name), component(report, name)


def test_absent_components_are_absent_not_unknown(report: dict) -> None:
    assert component(report, "Data card")["status"] == "absent"
    assert component(report, "Model parameters (Intermediate)")["status"] == "absent"


def test_licences_resolve_per_source(report: dict) -> None:
    train = component(report, "Training code")
    assert train["licence"]["expression"] == "MIT" and train["licence_scope"] == "folder"
    weights = component(report, "Model parameters (Final)")
    assert weights["licence"]["expression"] == "Apache-2.0" and weights["licence_scope"] == "card"


def test_weights_facts_come_from_headers(report: dict) -> None:
    facts = {a["path"]: a for a in report["artifacts"] if a["source_id"] == "s2"}
    shard = facts["model-00001-of-00002.safetensors"]
    assert shard["kind"] == "weights" and shard["details"]["parameters"] == "72" and shard["details"]["tensors"] == "2"
    assert facts["model-00002-of-00002.safetensors"]["kind"] == "lfs-pointer"
    assert facts["model.safetensors.index.json"]["kind"] == "weights-index"


def test_git_folder_is_skipped(report: dict) -> None:
    assert not any(a["path"].startswith(".git/") for a in report["release"]["artifacts"])


def test_mof_assessment_speaks_the_mot_api(report: dict) -> None:
    mof = next(a for a in report["assessments"] if a["framework"] == "mof")
    assert mof["mode"] == "evidence"
    assert set(mof["progress"]) == {"1", "2", "3"}
    assert mof["mof_class"] in {0, 1, 2, 3}


def test_table_and_markdown_render(release: tuple[Path, Path]) -> None:
    code, model = release
    result = runner.invoke(app, ["audit", str(code), str(model), "-v"])
    assert result.exit_code == 0, result.output
    assert "Training code" in result.stdout and "Model parameters (Final)" in result.stdout
    result = runner.invoke(app, ["audit", str(code), str(model), "--format", "markdown"])
    assert "| Training code | present | MIT |" in result.stdout


def test_fail_under_class_exits_one(release: tuple[Path, Path]) -> None:
    code, model = release
    result = runner.invoke(app, ["audit", str(code), str(model), "--fail-under-class", "1", "-f", "json"])
    assert result.exit_code == 1


def test_usage_errors_exit_two_with_one_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["audit", str(tmp_path / "missing")])
    assert result.exit_code == 2
    assert "no such file or folder" in result.output and "Traceback" not in result.output
    result = runner.invoke(app, ["audit", str(tmp_path), "--format", "docx"])
    assert result.exit_code == 2 and "unknown format" in result.output
    result = runner.invoke(app, ["audit", str(tmp_path), "--framework", "nope"])
    assert result.exit_code == 2 and "unknown framework" in result.output


def test_output_file(release: tuple[Path, Path], tmp_path: Path) -> None:
    code, _ = release
    out = tmp_path / "r" / "report.json"
    result = runner.invoke(app, ["audit", str(code), "-f", "json", "-o", str(out)])
    assert result.exit_code == 0
    jsonschema.validate(json.loads(out.read_text()), report_schema())
