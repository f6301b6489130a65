"""`opengauge frameworks list` and `opengauge frameworks [assess] --from-mof FILE.yml`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from opengauge.cli import app

REPO = Path(__file__).resolve().parents[2]
MODELS = REPO.parent / "shared" / "anchors" / "mot" / "models"
needs_anchors = pytest.mark.skipif(
    not MODELS.is_dir(), reason=f"MOT model records not found at {MODELS} (a fresh clone has no ../shared)"
)

OPEN_RECORD = """\
release:
  name: og-cli-open
  producer: us
  license:
    distribution: {name: Apache-2.0, path: LICENSE}
  components:
    - {name: Model architecture, description: ours}
    - {name: Model parameters (Final), description: ours}
    - {name: Training code, description: ours}
    - {name: Inference code, description: ours}
    - {name: Evaluation code, description: ours}
    - {name: Data preprocessing code, description: ours}
    - {name: Datasets, description: ours, license: CDLA-Permissive-2.0}
    - {name: Data card, description: ours, license: CC-BY-4.0}
    - {name: Model card, description: ours, license: CC-BY-4.0}
"""
WEIGHTS_ONLY = """\
release:
  name: og-cli-weights
  license:
    distribution: {name: MIT}
  components:
    - {name: Model parameters (Final), description: ours}
"""

runner = CliRunner()


def _write(tmp_path: Path, text: str, name: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _json(args: list[str]) -> list[dict[str, Any]]:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    data: list[dict[str, Any]] = json.loads(result.stdout)
    return data


def test_list_shows_every_framework() -> None:
    result = runner.invoke(app, ["frameworks", "list"])
    assert result.exit_code == 0, result.output
    for fid in ("mof", "osaid", "osai-index", "eu-ai-act"):
        assert fid in result.stdout
    rows = _json(["frameworks", "list", "--format", "json"])
    by_id = {r["id"]: r for r in rows}
    assert by_id["osaid"]["version"] == "1.0"
    assert by_id["osaid"]["url"].startswith("https://opensource.org/")
    assert by_id["eu-ai-act"]["about"].startswith("EU AI Act Art. 53(2)")
    assert all(r["name"] and r["about"] for r in rows)


def test_bare_frameworks_lists_them() -> None:
    result = runner.invoke(app, ["frameworks"])
    assert result.exit_code == 0 and "osai-index" in result.stdout


def test_assess_json_carries_per_criterion_grades(tmp_path: Path) -> None:
    a = _write(tmp_path, OPEN_RECORD, "open.yml")
    b = _write(tmp_path, WEIGHTS_ONLY, "weights.yml")
    items = _json(["frameworks", "assess", "--from-mof", str(a), "--from-mof", str(b), "--format", "json"])
    assert [i["release"]["name"] for i in items] == ["og-cli-open", "og-cli-weights"]
    verdicts = {i["release"]["name"]: {x["framework"]: x["verdict"] for x in i["assessments"]} for i in items}
    assert verdicts["og-cli-open"]["osaid"] == "pass"
    assert verdicts["og-cli-weights"]["osaid"] == "fail"
    assert set(verdicts["og-cli-open"]) == {"mof", "osaid", "osai-index", "eu-ai-act"}
    mof = next(x for x in items[0]["assessments"] if x["framework"] == "mof")
    # 4 of the 6 class III components listed (architecture, weights, model card, data card), as the MOT counts
    assert (mof["mode"], mof["progress"]["3"]) == ("mot", pytest.approx(400 / 6, abs=1e-4))
    osaid = next(x for x in items[1]["assessments"] if x["framework"] == "osaid")
    training = next(c for c in osaid["criteria"] if c["id"] == "osaid.code.training")
    assert training["grade"] == "fail" and training["judged_by"] == "evidence"


def test_assess_one_framework_and_the_short_form(tmp_path: Path) -> None:
    path = _write(tmp_path, WEIGHTS_ONLY, "weights.yml")
    items = _json(["frameworks", "assess", "--from-mof", str(path), "--framework", "eu-ai-act", "-f", "json"])
    assert [x["framework"] for x in items[0]["assessments"]] == ["eu-ai-act"]
    short = _json(["frameworks", "--from-mof", str(path), "--framework", "osaid", "--format", "json"])
    assert [x["framework"] for x in short[0]["assessments"]] == ["osaid"]


def test_assess_table_names_the_failing_requirement(tmp_path: Path) -> None:
    path = _write(tmp_path, WEIGHTS_ONLY, "weights.yml")
    result = runner.invoke(app, ["frameworks", "assess", "--from-mof", str(path), "--framework", "osaid"])
    assert result.exit_code == 0, result.output
    assert "og-cli-weights" in result.stdout and "Not Open Source AI" in result.stdout
    assert "Training code not found" in result.stdout


def test_errors_are_one_line_and_exit_2(tmp_path: Path) -> None:
    missing = runner.invoke(app, ["frameworks", "assess", "--from-mof", str(tmp_path / "nope.yml")])
    assert missing.exit_code == 2 and "no such file" in missing.output and "Traceback" not in missing.output
    path = _write(tmp_path, WEIGHTS_ONLY, "weights.yml")
    unknown = runner.invoke(app, ["frameworks", "assess", "--from-mof", str(path), "--framework", "nope"])
    assert unknown.exit_code == 2 and "unknown framework nope" in unknown.output
    bad_format = runner.invoke(app, ["frameworks", "assess", "--from-mof", str(path), "--format", "xml"])
    assert bad_format.exit_code == 2 and "unknown format" in bad_format.output
    not_yaml = _write(tmp_path, "release: [\n", "broken.yml")
    broken = runner.invoke(app, ["frameworks", "--from-mof", str(not_yaml)])
    assert broken.exit_code == 2 and "not valid YAML" in broken.output


def test_output_file(tmp_path: Path) -> None:
    path = _write(tmp_path, OPEN_RECORD, "open.yml")
    out = tmp_path / "out" / "r.json"
    result = runner.invoke(app, ["frameworks", "assess", "--from-mof", str(path), "-f", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text("utf-8"))[0]["release"]["name"] == "og-cli-open"


@needs_anchors
def test_osi_validation_through_the_cli() -> None:
    names = ["OLMo-7B", "Pythia-12B", "Amber", "Llama-2-7B", "Grok-1", "Phi-2", "Mixtral-8x7B-v0.1"]
    args = ["frameworks", "assess", "--framework", "osaid", "--format", "json"]
    for name in names:
        args += ["--from-mof", str(MODELS / f"{name}.yml")]
    items = _json(args)
    verdicts = {i["release"]["name"]: i["assessments"][0]["verdict"] for i in items}
    assert verdicts == {
        "OLMo-7B": "pass",
        "Pythia-12B": "pass",
        "Amber": "pass",
        "Llama-2-7B": "fail",
        "Grok-1": "fail",
        "Phi-2": "fail",
        "Mixtral-8x7B-v0.1": "fail",
    }
