"""`opengauge mof evaluate`: MOT API-shaped JSON equal to the MOT's results, tables, and one-line errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from opengauge.cli import app

REPO = Path(__file__).resolve().parents[2]
MOT = REPO.parent / "shared" / "anchors" / "mot"
needs_anchors = pytest.mark.skipif(
    not MOT.is_dir(), reason=f"MOT conformance anchors not found at {MOT} (a fresh clone has no ../shared)"
)

RECORD = """\
framework: {name: Model Openness Framework, version: '1.0', date: '2024-12-15'}
release:
  name: og-cli-test
  producer: us
  license:
    distribution: {name: MIT, path: LICENSE}
  components:
    - {name: Model architecture, description: ours}
    - {name: Model parameters (Final), description: ours, license: CDLA-Permissive-2.0}
    - {name: Model card, description: ours, license: CC-BY-4.0}
    - {name: Data card, description: ours, license: CC-BY-4.0}
    - {name: Research paper, description: ours, license: CC-BY-4.0}
    - {name: Evaluation results, description: ours, license: CC-BY-4.0}
"""

runner = CliRunner()


def _write(tmp_path: Path, text: str, name: str = "m.yml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@needs_anchors
def test_json_on_all_27_mot_test_records_equals_the_mot() -> None:
    files = sorted((MOT / "test_data").glob("*.yml"))
    assert len(files) == 27
    result = runner.invoke(app, ["mof", "evaluate", *map(str, files), "--format", "json"])
    assert result.exit_code == 0, result.output
    got: list[dict[str, Any]] = json.loads(result.stdout)
    expected = yaml.safe_load((MOT / "test_data" / "expected_results.json").read_text("utf-8"))
    by_name = {m["release"]["name"]: m["classification"] for m in expected["models"]}
    assert len(got) == 27
    assert [g["file"] for g in got] == [str(f) for f in files]
    for item in got:
        want = by_name[item["release"]["name"]]
        have = item["classification"]
        assert (have["class"], have["label"]) == (want["class"], want["label"]), item["file"]
        assert set(have["progress"]) == {"1", "2", "3"}
        for key, value in want["progress"].items():
            assert have["progress"][key] == float(value), (item["file"], key)


def test_json_shape_and_output_file(tmp_path: Path) -> None:
    path = _write(tmp_path, RECORD)
    out = tmp_path / "out" / "mof.json"
    result = runner.invoke(app, ["mof", "evaluate", str(path), "-f", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    data = json.loads(out.read_text("utf-8"))
    assert data == [
        {
            "file": str(path),
            "framework": {"name": "Model Openness Framework", "version": "1.0"},
            "release": {"name": "og-cli-test"},
            "classification": {
                "class": 3,
                "label": "Class III - Open Model",
                "progress": {"1": 0.0, "2": 60.0, "3": 100.0},
            },
        }
    ]


def test_table_output(tmp_path: Path) -> None:
    result = runner.invoke(app, ["mof", "evaluate", str(_write(tmp_path, RECORD))])
    assert result.exit_code == 0, result.output
    assert "og-cli-test" in result.stdout
    assert "Class III - Open Model" in result.stdout
    assert "60%" in result.stdout


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        ("release: [", "not valid YAML"),
        ("release: {name: m, components: [{name: Weights}]}", "unknown component name"),
        ("- just\n- a list\n", "must be a mapping"),
    ],
)
def test_errors_are_one_line_and_exit_2(tmp_path: Path, content: str | None, message: str) -> None:
    path = tmp_path / "m.yml" if content is None else _write(tmp_path, content)
    good = _write(tmp_path, RECORD, "good.yml")
    result = runner.invoke(app, ["mof", "evaluate", str(good), str(path), "--format", "json"])
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert message in lines[0] and lines[0].startswith("error:")
    assert "Traceback" not in result.output


def test_unknown_format_is_exit_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["mof", "evaluate", str(_write(tmp_path, RECORD)), "--format", "xml"])
    assert result.exit_code == 2
    assert "unknown format 'xml'" in result.stderr
