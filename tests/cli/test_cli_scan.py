"""`opengauge scan`: exit codes 0/1/2, text/JSON/SARIF output, suppressions and allow options."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from opengauge.cli import app
from tests.security import corpus

runner = CliRunner()


def _run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["scan", *args])
    return result.exit_code, result.output


def _evil(tmp_path: Path) -> Path:
    path = tmp_path / "model.bin"
    path.write_bytes(corpus.evil_pickle())
    return path


def test_clean_exit_0(tmp_path: Path) -> None:
    (tmp_path / "w.safetensors").write_bytes(corpus.good_safetensors())
    code, out = _run(str(tmp_path))
    assert code == 0, out
    assert "clean" in out


def test_unsafe_exit_1_with_rule_and_location(tmp_path: Path) -> None:
    path = _evil(tmp_path)
    code, out = _run(str(path))
    assert code == 1
    assert "OG-SEC-001" in out and "UNSAFE" in out


def test_inconclusive_exit_2(tmp_path: Path) -> None:
    (tmp_path / "cut.pkl").write_bytes(corpus.pickle.dumps({"a": list(range(100))}, protocol=4)[:-20])
    code, out = _run(str(tmp_path))
    assert code == 2
    assert "OG-SEC-092" in out


def test_an_archive_the_scanner_cannot_open_fails_the_gate(tmp_path: Path) -> None:
    (tmp_path / "a.7z").write_bytes(corpus.seven_zip())
    code, out = _run(str(tmp_path))
    assert code == 1
    assert "OG-SEC-093" in out and "UNSAFE" in out


def test_nothing_scanned_exit_2(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello\n")
    code, out = _run(str(tmp_path), "-v")
    assert code == 2
    assert "skipped" in out


def test_missing_path_and_bad_format_are_usage_errors(tmp_path: Path) -> None:
    assert _run(str(tmp_path / "nope"))[0] == 2
    assert _run(str(tmp_path), "--format", "xml")[0] == 2


def test_sarif_output(tmp_path: Path) -> None:
    path = _evil(tmp_path)
    out_file = tmp_path / "out.sarif"
    code, _ = _run(str(path), "--format", "sarif", "-o", str(out_file))
    assert code == 1
    log = json.loads(out_file.read_text())
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["OG-SEC-001"]
    assert rules[0]["properties"]["security-severity"] == "9.5"
    (result,) = run["results"]
    assert result["ruleId"] == "OG-SEC-001" and result["level"] == "error"
    loc = result["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"].endswith("model.bin")
    assert loc["region"]["byteOffset"] > 0


def test_json_output(tmp_path: Path) -> None:
    path = _evil(tmp_path)
    code, out = _run(str(path), "--format", "json")
    assert code == 1
    doc = json.loads(out)
    assert doc["exit_code"] == 1
    assert doc["findings"][0]["rule_id"] == "OG-SEC-001"
    assert doc["files_scanned"]


def test_suppressions(tmp_path: Path) -> None:
    path = tmp_path / "m.pkl"
    path.write_bytes(corpus.PROTO2 + corpus.glob("mylib.layers", "Block") + b")" + corpus.REDUCE + corpus.STOP)
    assert _run(str(path))[0] == 1
    sup = tmp_path / "sup.yaml"
    sup.write_text(
        "suppressions:\n  - rule: OG-SEC-003\n    match: mylib.layers.Block\n    reason: our own class, reviewed\n"
    )
    code, out = _run(str(path), "--suppressions", str(sup))
    assert code == 0, out
    assert "1 suppressed" in out
    sup.write_text("suppressions:\n  - rule: OG-SEC-003\n    match: mylib\n")
    code, out = _run(str(path), "--suppressions", str(sup))
    assert code == 2 and "reason" in out


def test_allow_option(tmp_path: Path) -> None:
    path = tmp_path / "m.pkl"
    path.write_bytes(corpus.PROTO2 + corpus.glob("mylib.layers", "Block") + b")" + corpus.REDUCE + corpus.STOP)
    assert _run(str(path), "--allow", "mylib.layers.Block")[0] == 0


def test_cap_hit_is_inconclusive(tmp_path: Path) -> None:
    path = tmp_path / "m.pkl"
    path.write_bytes(corpus.pickle.dumps(list(range(5000)), protocol=2))
    code, out = _run(str(path), "--max-opcodes", "100")
    assert code == 2
    assert "OG-SEC-090" in out
