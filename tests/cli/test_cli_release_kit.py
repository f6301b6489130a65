"""`opengauge init` writes a MOT-schema manifest that round-trips through `opengauge audit`; a planted false
claim is reported (OG-MAN-001); `opengauge card` drafts cards; bad usage is one line and exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from typer.testing import CliRunner

from opengauge.cli import app
from opengauge.frameworks.mot_record import parse_mot_record, validate_mot_yaml
from tests.releases import build_code_repo, build_hf_model

runner = CliRunner()


def _release(tmp_path: Path) -> tuple[Path, Path]:
    return build_code_repo(tmp_path / "code"), build_hf_model(tmp_path / "model")


def _audit_json(*paths: Path) -> dict[str, object]:
    result = runner.invoke(app, ["audit", *map(str, paths), "--format", "json", "--no-scan"])
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.stdout)
    return data


def _rules(report: dict[str, object]) -> set[tuple[str, str | None]]:
    findings = report["findings"]
    assert isinstance(findings, list)
    return {(f["rule_id"], f.get("component")) for f in findings}


def test_init_round_trip_and_planted_false_claim(tmp_path: Path) -> None:
    code, model = _release(tmp_path)
    result = runner.invoke(app, ["init", str(code), str(model)])
    assert result.exit_code == 0, result.output
    manifest = code / "mof.yaml"
    data = yaml.safe_load(manifest.read_text())
    assert validate_mot_yaml(data) == []
    record = parse_mot_record(manifest.read_text())
    by_name = {c.name.value: c for c in record.release.components}
    assert by_name["Training code"].component_path == "train.py"
    assert by_name["Training code"].license == "MIT"
    assert by_name["Training code"].license_path == "LICENSE"
    assert by_name["Model parameters (Final)"].component_path == f"{model}/model-00001-of-00002.safetensors"
    assert "Data card" not in by_name  # nothing in the files shows one

    clean = _audit_json(code, model)
    assert not {r for r, _ in _rules(clean) if r.startswith("OG-MAN")}, _rules(clean)

    data["release"]["components"].append(
        {"name": "Data card", "description": "planted claim", "license": "CC-BY-4.0", "component_path": "DATA.md"}
    )
    manifest.write_text(yaml.safe_dump(data, sort_keys=False))
    planted = _audit_json(code, model)
    assert ("OG-MAN-001", "Data card") in _rules(planted)


def test_init_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    code, _ = _release(tmp_path)
    (code / "mof.yaml").write_text("# mine\n")
    result = runner.invoke(app, ["init", str(code)])
    assert result.exit_code == 2
    assert "--force" in result.output
    assert (code / "mof.yaml").read_text() == "# mine\n"
    result = runner.invoke(app, ["init", str(code), "--force"])
    assert result.exit_code == 0, result.output
    assert "Training code" in (code / "mof.yaml").read_text()


def test_init_output_option(tmp_path: Path) -> None:
    code, _ = _release(tmp_path)
    target = tmp_path / "out" / "manifest.yaml"
    result = runner.invoke(app, ["init", str(code), "--output", str(target), "--name", "tiny"])
    assert result.exit_code == 0, result.output
    assert not (code / "mof.yaml").exists()
    assert parse_mot_record(target.read_text()).release.name == "tiny"


def test_init_on_missing_folder_is_one_line_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["init", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert "not a local folder" in result.output


def test_card_commands(tmp_path: Path) -> None:
    code, model = _release(tmp_path)
    result = runner.invoke(app, ["card", "model", str(code), str(model)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("---\nlicense: apache-2.0\n")
    assert "## Bias, Risks, and Limitations" in result.stdout
    out = tmp_path / "DATASHEET.md"
    result = runner.invoke(app, ["card", "data", str(code), "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert "## Maintenance" in out.read_text()
    assert runner.invoke(app, ["card", "data", str(code), "--output", str(out)]).exit_code == 2
    bad = runner.invoke(app, ["card", "space", str(code)])
    assert bad.exit_code == 2 and "model or data" in bad.output


def test_audit_reference_release_strict_json_is_class_one() -> None:
    root = Path(__file__).resolve().parents[2] / "examples" / "open-reference"
    result = runner.invoke(app, ["audit", str(root), "--strict", "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    mof = next(a for a in report["assessments"] if a["framework"] == "mof")
    assert mof["mof_class"] == 1 and mof["mode"] == "evidence"
