"""A publisher's manifest is checked against the files; bad input becomes findings, never a crash."""

from __future__ import annotations

from pathlib import Path

from opengauge.pipeline import AuditOptions, audit
from opengauge.record import ComponentStatus
from tests.releases import build_code_repo, build_hf_model

MANIFEST = """framework:
  name: Model Openness Framework
  version: '1.0'
  date: '2024-12-15'
release:
  name: tiny
  version: '1'
  date: '2026-11-01'
  type: language
  architecture: transformer
  origin: ''
  producer: Example Lab
  contact: ''
  license:
    distribution:
      name: MIT
      path: LICENSE
  components:
    - name: Training code
      description: Code used for training the model
      license: Apache-2.0
    - name: Data card
      description: Documentation for datasets
      license: CC-BY-4.0
"""


def test_manifest_claims_are_checked_against_the_files(tmp_path: Path) -> None:
    code = build_code_repo(tmp_path / "code")
    (code / "mof.yaml").write_text(MANIFEST)
    report = audit([str(code)], AuditOptions(scan=False))
    rules = {(f.rule_id, f.component) for f in report.findings}
    # the data card is only claimed: no file supports it
    assert ("OG-MAN-001", "Data card") in rules
    assert report.component("Data card").status is ComponentStatus.DECLARED
    # training code is there, but under MIT, not the Apache-2.0 the manifest claims
    assert ("OG-MAN-002", "Training code") in rules
    assert report.component("Training code").licence.expression == "MIT"


def test_broken_manifest_is_a_finding(tmp_path: Path) -> None:
    code = build_code_repo(tmp_path / "code")
    (code / "mof.yaml").write_text("release: [unclosed\n")
    report = audit([str(code)], AuditOptions(scan=False))
    assert any(f.rule_id == "OG-MAN-003" for f in report.findings)
    assert report.component("Training code").status is ComponentStatus.PRESENT


def test_corrupt_weights_do_not_stop_the_audit(tmp_path: Path) -> None:
    model = build_hf_model(tmp_path / "model")
    (model / "broken.safetensors").write_bytes(b"\xff" * 8 + b"{not json")
    (model / "empty.gguf").write_bytes(b"")
    (model / "bad.ipynb").write_text("{ not a notebook")
    report = audit([str(model)], AuditOptions(scan=False))
    assert report.component("Model card").status is ComponentStatus.PRESENT
    broken = [f for f in report.findings if f.location and f.location.endswith("broken.safetensors")]
    assert broken, report.findings
