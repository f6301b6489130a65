"""Allow/deny policy grading, suppressions, caps (each reported when hit) and the bounded-reader entry point."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from opengauge.errors import UsageError
from opengauge.formats.sarif import findings_to_sarif
from opengauge.record import Finding, Severity
from opengauge.security import ScanOptions, scan_file, scan_path
from opengauge.security.policy import default_policy
from opengauge.security.suppress import Suppression, load_suppressions
from tests.security import corpus


@pytest.mark.parametrize(
    ("module", "name", "rule", "severity"),
    [
        ("os", "system", "OG-SEC-001", Severity.CRITICAL),
        ("__builtin__", "eval", "OG-SEC-001", Severity.CRITICAL),
        ("builtins", "getattr", "OG-SEC-001", Severity.CRITICAL),
        ("functools", "partial", "OG-SEC-001", Severity.CRITICAL),
        ("functools", "wraps", "OG-SEC-001", Severity.HIGH),
        ("torch", "serialization.os.system", "OG-SEC-005", Severity.CRITICAL),
        ("numpy", "testing._private.utils.runstring", "OG-SEC-001", Severity.CRITICAL),
        ("collections", "OrderedDict.__class__", "OG-SEC-005", Severity.CRITICAL),
        ("mylib", "Thing", "OG-SEC-003", Severity.HIGH),
        ("mylib", "Outer.Inner", "OG-SEC-005", Severity.HIGH),
        ("os ", "system", "OG-SEC-005", Severity.CRITICAL),
        ("sklearn.utils._testing", "Foo", "OG-SEC-001", Severity.CRITICAL),
        ("pandas.io.pytables", "HDFStore", "OG-SEC-001", Severity.CRITICAL),
    ],
)
def test_policy_grades(module: str, name: str, rule: str, severity: Severity) -> None:
    verdict = default_policy().grade(module, name)
    assert verdict is not None
    assert (verdict.rule_id, verdict.severity) == (rule, severity)


@pytest.mark.parametrize(
    ("module", "name"),
    [
        ("torch._utils", "_rebuild_tensor_v2"),
        ("collections", "OrderedDict"),
        ("__builtin__", "set"),
        ("copy_reg", "_reconstructor"),
        ("numpy.core.multiarray", "_reconstruct"),
        ("sklearn.ensemble._forest", "RandomForestClassifier"),
        ("torch.nn.modules.linear", "Linear"),
    ],
)
def test_policy_allows(module: str, name: str) -> None:
    assert default_policy().grade(module, name) is None


def test_sklearn_functions_are_not_allowed_by_the_class_pattern() -> None:
    assert default_policy().grade("sklearn.utils", "some_function") is not None


def test_policy_data_is_versioned() -> None:
    frameworks = default_policy().frameworks
    assert any(f.startswith("torch") for f in frameworks)
    assert all(" v" in f for f in frameworks)


def test_suppression_file_requires_reasons(tmp_path: Path) -> None:
    good = tmp_path / "s.yaml"
    good.write_text("suppressions:\n  - {rule: OG-SEC-003, location: '*m.pkl*', match: mylib, reason: reviewed}\n")
    (sup,) = load_suppressions(good)
    assert sup == Suppression(rule="OG-SEC-003", reason="reviewed", location="*m.pkl*", match="mylib")
    bad = tmp_path / "b.yaml"
    bad.write_text("suppressions:\n  - {rule: OG-SEC-003, reason: '  '}\n")
    with pytest.raises(UsageError, match="reason"):
        load_suppressions(bad)
    bad.write_text("- [not, a, mapping]\n")
    with pytest.raises(UsageError):
        load_suppressions(bad)


def test_scan_file_with_bounded_reader() -> None:
    data = corpus.torch_zip(corpus.evil_pickle())
    reads: list[int] = []

    def read(offset: int, length: int) -> bytes:
        reads.append(length)
        return data[offset : offset + length]

    result = scan_file(read, len(data), "s1:model.bin", ScanOptions())
    assert result.exit_code == 1
    assert result.findings[0].location is not None
    assert result.findings[0].location.startswith("s1:model.bin!archive/data.pkl@")
    assert max(reads) <= 16 << 20


def test_member_cap_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "many.zip"
    path.write_bytes(corpus.zip_with({f"m{i}.txt": b"x" for i in range(50)}))
    result = scan_path(path, ScanOptions(max_members=10))
    assert result.exit_code == 2
    assert any("archive members cap (10)" in i.reason for i in result.inconclusive)


def test_depth_cap_is_reported(tmp_path: Path) -> None:
    data = corpus.evil_pickle()
    for i in range(5):
        data = corpus.zip_with({f"level{i}.zip": data})
    path = tmp_path / "deep.zip"
    path.write_bytes(data)
    assert scan_path(path, ScanOptions()).exit_code == 1  # default depth reaches the payload
    result = scan_path(path, ScanOptions(max_depth=2))
    assert result.exit_code == 2
    assert any("nesting depth" in i.reason for i in result.inconclusive)


def test_header_cap_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "w.safetensors"
    path.write_bytes(corpus.good_safetensors())
    result = scan_path(path, ScanOptions(max_header=8))
    assert {f.rule_id for f in result.findings} == {"OG-SEC-060"}
    assert "exceeds the cap" in result.findings[0].message


def test_npz_members_found_by_magic(tmp_path: Path) -> None:
    path = tmp_path / "arrays.npz"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("not_an_npy_name.bin", corpus.evil_pickle())
    assert scan_path(path, ScanOptions()).exit_code == 1


def test_sarif_for_audit_findings() -> None:
    findings = [
        Finding("OG-LIC-003", Severity.HIGH, "claims open source", location="s1:README.md:12", evidence="x"),
        Finding("OG-SEC-001", Severity.CRITICAL, "bad", location="m.zip!a/data.pkl@40#op3"),
        Finding("OG-DOC-001", Severity.LOW, "no card", location="https://huggingface.co/x"),
        Finding("OG-DOC-002", Severity.INFO, "no location"),
    ]
    log = json.loads(findings_to_sarif(findings, "1.2.3"))
    run = log["runs"][0]
    assert run["tool"]["driver"]["version"] == "1.2.3"
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == ["OG-LIC-003", "OG-SEC-001", "OG-DOC-001", "OG-DOC-002"]
    res = run["results"]
    assert res[0]["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "s1:README.md"},
        "region": {"startLine": 12},
    }
    assert res[1]["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == "a/data.pkl"
    assert "region" not in res[1]["locations"][0]["physicalLocation"]
    assert res[2]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "https://huggingface.co/x"
    assert [r["level"] for r in res] == ["error", "error", "note", "note"]
    assert "locations" not in res[3]
