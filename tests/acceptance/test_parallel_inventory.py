"""The inventory gives the same items whether it runs in one process or several."""

from __future__ import annotations

from pathlib import Path

import pytest

from opengauge.inventory import parallel
from opengauge.pipeline import AuditOptions, audit
from tests.releases import build_code_repo, build_hf_model


def test_parallel_and_serial_inventory_agree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build_code_repo(tmp_path / "code")
    build_hf_model(tmp_path / "model")
    for i in range(40):
        (tmp_path / "docs" / f"p{i}.md").parent.mkdir(exist_ok=True)
        (tmp_path / "docs" / f"p{i}.md").write_text(f"# Page {i}\n\nhttps://arxiv.org/abs/2401.{i:05d}\n")
    monkeypatch.setattr(parallel, "PARALLEL_MIN_FILES", 10)
    monkeypatch.setattr(parallel, "CHUNK", 7)
    serial = audit([str(tmp_path)], AuditOptions(jobs=1, scan=False))
    multi = audit([str(tmp_path)], AuditOptions(jobs=2, scan=False))
    assert serial.artifacts == multi.artifacts
    assert serial.components == multi.components
    assert serial.findings == multi.findings
