"""Every malicious sample fails the gate with the expected rule; every benign twin passes."""

from __future__ import annotations

from pathlib import Path

import pytest

from opengauge.record import Severity
from opengauge.security import ScanOptions, scan_path
from tests.security import corpus


@pytest.mark.parametrize("sample", corpus.MALICIOUS, ids=lambda s: s.name)
def test_malicious_sample_fails_the_gate(sample: corpus.Sample, tmp_path: Path) -> None:
    path = tmp_path / sample.name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(sample.data())
    result = scan_path(path, ScanOptions())
    rules = {f.rule_id for f in result.findings}
    assert set(sample.rules) <= rules, [(f.rule_id, f.message) for f in result.findings]
    assert result.exit_code == sample.exit_code
    assert result.exit_code != 0


@pytest.mark.parametrize("sample", corpus.BENIGN_RAW, ids=lambda s: s.name)
def test_benign_twin_passes(sample: corpus.Sample, tmp_path: Path) -> None:
    path = tmp_path / sample.name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(sample.data())
    result = scan_path(path, ScanOptions())
    assert result.findings == (), [(f.rule_id, f.message, f.location) for f in result.findings]
    assert result.files_scanned
    assert result.exit_code == 0


def test_whole_corpus_in_one_folder(tmp_path: Path) -> None:
    corpus.write(corpus.MALICIOUS, tmp_path / "bad")
    corpus.write(corpus.BENIGN_RAW, tmp_path / "good")
    bad = scan_path(tmp_path / "bad", ScanOptions())
    good = scan_path(tmp_path / "good", ScanOptions())
    assert bad.exit_code == 1
    assert good.exit_code == 0
    flagged = {
        f.location.split("/bad/", 1)[1].split("!")[0].split("@")[0].split(":")[0] for f in bad.findings if f.location
    }
    assert {s.name for s in corpus.MALICIOUS} <= flagged


def test_locations_carry_offset_and_opcode_index(tmp_path: Path) -> None:
    path = tmp_path / "x.bin"
    path.write_bytes(corpus.eval_stack_global())
    (finding,) = scan_path(path, ScanOptions()).findings
    assert finding.location == f"{path}@18#op3"  # PROTO(2) + two SHORT_BINUNICODE (10 + 6)
    assert finding.severity is Severity.CRITICAL
    assert finding.evidence == "STACK_GLOBAL builtins eval"


def test_member_location_names_the_zip_member(tmp_path: Path) -> None:
    path = tmp_path / "model.png"
    path.write_bytes(corpus.torch_zip(corpus.evil_pickle()))
    (finding,) = scan_path(path, ScanOptions()).findings
    assert finding.location is not None
    assert finding.location.startswith(f"{path}!archive/data.pkl@")


def test_globals_before_a_parse_error_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "broken.pkl"
    path.write_bytes(corpus.broken_after_payload())
    result = scan_path(path, ScanOptions())
    broken = [f for f in result.findings if f.rule_id == "OG-SEC-092"]
    assert broken and "os.system" in broken[0].message
    assert result.exit_code == 1


def test_benign_stream_with_parse_error_is_inconclusive(tmp_path: Path) -> None:
    path = tmp_path / "cut.pkl"
    path.write_bytes(corpus.pickle.dumps({"a": list(range(100))}, protocol=4)[:-20])
    result = scan_path(path, ScanOptions())
    assert result.exit_code == 2
    assert [i.rule_id for i in result.inconclusive] == ["OG-SEC-092"]


def test_nothing_scanned_is_inconclusive(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# hello\n")
    result = scan_path(tmp_path, ScanOptions())
    assert result.files_scanned == ()
    assert result.exit_code == 2


def test_fail_on_threshold(tmp_path: Path) -> None:
    path = tmp_path / "modeling_x.py"
    path.write_text(corpus.EVIL_CODE["network"])
    assert scan_path(path, ScanOptions()).exit_code == 1
    assert scan_path(path, ScanOptions(fail_on=Severity.HIGH)).exit_code == 0


def test_onnx_symlink_escape(tmp_path: Path) -> None:
    outside = tmp_path / "outside.bin"
    outside.write_bytes(b"\x00" * 8)
    model = tmp_path / "model"
    model.mkdir()
    (model / "w.bin").symlink_to(outside)
    (model / "model.onnx").write_bytes(corpus.onnx_model("w.bin"))
    result = scan_path(model, ScanOptions())
    rules = {f.rule_id for f in result.findings}
    assert {"OG-SEC-050", "OG-SEC-013"} <= rules
