"""MOT mode: reproduce the Model Openness Tool's classification exactly (anchors and our own records)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from opengauge.frameworks.mof import evaluate_mot, mot_licence_data, required_components
from opengauge.frameworks.mot_record import (
    MotComponent,
    MotLicenceRef,
    MotLicences,
    MotRecord,
    MotRelease,
    load_mot_record,
)
from opengauge.record import Assessment, ComponentId, Grade

REPO = Path(__file__).resolve().parents[2]
MOT = REPO.parent / "shared" / "anchors" / "mot"
needs_anchors = pytest.mark.skipif(
    not MOT.is_dir(), reason=f"MOT conformance anchors not found at {MOT} (a fresh clone has no ../shared)"
)


def _expected() -> dict[str, dict[str, Any]]:
    if not MOT.is_dir():
        return {}
    data = yaml.safe_load((MOT / "test_data" / "expected_results.json").read_text("utf-8"))
    return {m["release"]["name"]: m["classification"] for m in data["models"]}


def _test_files() -> list[Path]:
    return sorted((MOT / "test_data").glob("*.yml")) if MOT.is_dir() else []


EXPECTED = _expected()
TEST_FILES = _test_files()


# ---------------------------------------------------------------------------------------- conformance anchors


@needs_anchors
def test_anchor_set_is_complete() -> None:
    assert len(TEST_FILES) == 27
    assert len(EXPECTED) == 27
    assert {load_mot_record(f).release.name for f in TEST_FILES} == set(EXPECTED)


@needs_anchors
@pytest.mark.parametrize("path", TEST_FILES, ids=[p.stem for p in TEST_FILES])
def test_matches_mot_expected_result(path: Path) -> None:
    record = load_mot_record(path)
    expected = EXPECTED[record.release.name]
    result = evaluate_mot(record)
    assert result.framework == "mof"
    assert result.mode == "mot"
    assert result.mof_class == expected["class"]
    assert result.label == expected["label"]
    assert result.progress is not None
    assert set(result.progress) == {"1", "2", "3"}
    for key, value in expected["progress"].items():
        assert result.progress[key] == float(value), key
    assert len(result.criteria) == 17


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("mot_classes", REPO / "bench" / "mot_classes.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@needs_anchors
def test_all_models_load_and_evaluate_and_bench_counts_agree() -> None:
    paths = sorted((MOT / "models").glob("*.yml"))
    assert len(paths) == 273
    counts = _bench().class_counts(paths)  # loads and evaluates every record; any error fails here
    assert sum(counts.values()) == 273
    assert set(counts) <= {0, 1, 2, 3}
    # The snapshot of the MOT's 273 records at commit 8b5d30e classifies as follows.
    assert dict(counts) == {0: 242, 1: 14, 2: 1, 3: 16}


@needs_anchors
def test_bloom_shows_the_mot_report_quirk() -> None:
    # BLOOM lists an open Technical report and Research paper, nothing else open. The MOT's
    # `!array_search(11, ...)` treats the report (index 0 of the included list) as absent and counts the
    # paper in its place as well: 2/6 for class III.
    result = evaluate_mot(load_mot_record(MOT / "models" / "BLOOM.yml"))
    assert result.progress == {"1": 0.0, "2": 0.0, "3": 2 / 6 * 100}
    paper = next(c for c in result.criteria if c.name == "Research paper")
    assert "quirk" in paper.reason


# ----------------------------------------------------------------------------------------- rules, our records


def _rec(*components: MotComponent, licences: MotLicences | None = None) -> MotRecord:
    return MotRecord(MotRelease(name="t", producer="us", license=licences or MotLicences(), components=components))


def _c(cid: ComponentId, licence: str | None = None) -> MotComponent:
    return MotComponent(name=cid, description="", license=licence)


CODE_OPEN, DATA_OPEN, DOC_OPEN = "Apache-2.0", "CDLA-Permissive-2.0", "CC-BY-4.0"


def _open_for(cid: ComponentId) -> str:
    return {"code": CODE_OPEN, "data": DATA_OPEN, "document": DOC_OPEN}[cid.spec.content_type.value]


def _class_components(*classes: int) -> list[MotComponent]:
    return [_c(cid, _open_for(cid)) for cls in classes for cid in required_components(cls)]


def test_required_counts_are_6_4_4() -> None:
    assert [len(required_components(c)) for c in (3, 2, 1)] == [6, 4, 4]


def test_full_class_three() -> None:
    result = evaluate_mot(_rec(*_class_components(3)))
    assert (result.mof_class, result.label) == (3, "Class III - Open Model")
    assert result.progress == {"1": 0.0, "2": 60.0, "3": 100.0}
    assert any("Class II - Open Tooling Model: add Training code" in s for s in result.next_steps)


def test_research_paper_stands_in_for_technical_report() -> None:
    comps = [c for c in _class_components(3, 2, 1) if c.name is not ComponentId.TECHNICAL_REPORT]
    result = evaluate_mot(_rec(*comps))
    assert result.mof_class == 1
    assert result.progress == {"1": 100.0, "2": 100.0, "3": 100.0}
    report = next(c for c in result.criteria if c.name == "Technical report")
    assert report.grade is Grade.NOT_APPLICABLE


def test_class_one_progress_counts_13_with_paper_alone() -> None:
    comps = [
        c for c in _class_components(3, 2, 1) if c.name not in (ComponentId.TECHNICAL_REPORT, ComponentId.DATASETS)
    ]
    assert evaluate_mot(_rec(*comps)).progress == {"1": 12 / 13 * 100, "2": 100.0, "3": 100.0}
    comps = [c for c in _class_components(3, 2, 1) if c.name is not ComponentId.DATASETS]
    assert evaluate_mot(_rec(*comps)).progress == {"1": 13 / 14 * 100, "2": 100.0, "3": 100.0}


def test_lower_class_progress_is_zero_when_a_higher_class_is_incomplete() -> None:
    comps = [c for c in _class_components(3, 2, 1) if c.name is not ComponentId.MODEL_CARD]
    result = evaluate_mot(_rec(*comps))
    assert result.mof_class == 0
    assert result.progress == {"1": 0.0, "2": 0.0, "3": 5 / 6 * 100}


def test_global_licence_inheritance() -> None:
    arch = ComponentId.MODEL_ARCHITECTURE
    # type-specific global licence beats the distribution licence
    lic = MotLicences(distribution=MotLicenceRef("Proprietary"), code=MotLicenceRef("MIT"))
    assert _grade(evaluate_mot(_rec(_c(arch), licences=lic)), arch) is Grade.PASS
    lic = MotLicences(distribution=MotLicenceRef("MIT"), code=MotLicenceRef(None))
    assert _grade(evaluate_mot(_rec(_c(arch), licences=lic)), arch) is Grade.PASS
    lic = MotLicences(distribution=MotLicenceRef("Proprietary"), code=MotLicenceRef(""))
    assert _grade(evaluate_mot(_rec(_c(arch), licences=lic)), arch) is Grade.FAIL
    # "unlicensed" and "" mean no licence and do not inherit
    lic = MotLicences(distribution=MotLicenceRef("MIT"))
    for none in ("unlicensed", ""):
        result = evaluate_mot(_rec(_c(arch, none), licences=lic))
        assert _grade(result, arch) is Grade.FAIL
        assert "without a licence" in _reason(result, arch)


def test_licence_matching_is_exact() -> None:
    arch = ComponentId.MODEL_ARCHITECTURE
    for not_open in ("Apache 2.0", "apache-2.0", "MIT ", "PDDL-1.0", "Llama-3.1"):
        assert _grade(evaluate_mot(_rec(_c(arch, not_open))), arch) is Grade.FAIL, not_open
    for is_open in ("ODC-PDDL-1.0", "GPL-2.0", "OpenMDW-1.0", "CC-BY-SA-2.1-JP", "Unlicense"):
        assert _grade(evaluate_mot(_rec(_c(arch, is_open))), arch) is Grade.PASS, is_open


def test_type_inappropriate_open_licence_counts_with_warning() -> None:
    comps = [_c(cid, CODE_OPEN) for cid in required_components(3)]  # MIT-style licence for data and docs
    result = evaluate_mot(_rec(*comps))
    assert result.mof_class == 3
    weights = next(c for c in result.criteria if c.name == "Model parameters (Final)")
    assert weights.grade is Grade.PASS
    assert "warning" in weights.reason
    assert any(s.startswith("Recommended:") for s in result.next_steps)


def test_optional_components_never_count() -> None:
    optional = [ComponentId.MODEL_METADATA, ComponentId.SUPPORTING_LIBRARIES, ComponentId.SAMPLE_OUTPUTS]
    result = evaluate_mot(_rec(*(_c(cid, _open_for(cid)) for cid in optional)))
    assert result.progress == {"1": 0.0, "2": 0.0, "3": 0.0}
    assert all(_grade(result, cid) is Grade.PASS for cid in optional)


def test_quirk_counts_paper_with_first_included_report() -> None:
    tr, rp, arch = ComponentId.TECHNICAL_REPORT, ComponentId.RESEARCH_PAPER, ComponentId.MODEL_ARCHITECTURE
    alone = evaluate_mot(_rec(_c(tr, DOC_OPEN), _c(rp, DOC_OPEN)))
    assert alone.progress == {"1": 0.0, "2": 0.0, "3": 2 / 6 * 100}
    # once an earlier class-III component is included, the report is found and the paper is not added
    both = evaluate_mot(_rec(_c(arch, CODE_OPEN), _c(tr, DOC_OPEN), _c(rp, DOC_OPEN)))
    assert both.progress == {"1": 0.0, "2": 0.0, "3": 2 / 6 * 100}


def test_next_steps_name_accepted_licence_types() -> None:
    result = evaluate_mot(_rec(_c(ComponentId.MODEL_ARCHITECTURE, "Proprietary")))
    steps = " | ".join(result.next_steps)
    assert "relicense Model architecture from Proprietary to an OSI-approved or FSF-libre licence" in steps
    assert "add Model parameters (Final) under an open-data licence" in steps
    assert "add Model card under an open-content licence" in steps
    assert "Research paper" in steps  # the report may be replaced by a paper


def test_licence_data_is_versioned() -> None:
    data = mot_licence_data()
    assert data.spdx_version == "d8abdb0"
    assert len(data.open_ids) == 199
    assert "ODC-PDDL-1.0" in data.open_data


def _grade(result: Assessment, cid: ComponentId) -> Grade:
    return next(c.grade for c in result.criteria if c.name == cid.value)


def _reason(result: Assessment, cid: ComponentId) -> str:
    return next(c.reason for c in result.criteria if c.name == cid.value)


LICENCE_CHOICES = st.sampled_from(
    [None, "", "unlicensed", "MIT", "CC-BY-4.0", "CDLA-Permissive-2.0", "Proprietary", "GPL-3.0-only"]
)


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(st.sampled_from(list(ComponentId)), LICENCE_CHOICES),
    st.lists(st.sampled_from([None, "MIT", "CC0-1.0", "other"]), min_size=4, max_size=4),
)
def test_progress_and_class_are_consistent(listed: dict[ComponentId, str | None], glob: list[str | None]) -> None:
    refs = [MotLicenceRef(n) if n is not None else None for n in glob]
    licences = MotLicences(distribution=refs[0], code=refs[1], data=refs[2], document=refs[3])
    result = evaluate_mot(_rec(*(_c(cid, lic) for cid, lic in listed.items()), licences=licences))
    assert result.progress is not None
    assert all(0.0 <= v <= 100.0 for v in result.progress.values())
    cls = result.mof_class or 0
    assert cls == next((c for c in (1, 2, 3) if result.progress[str(c)] == 100.0), 0)
    if result.progress["1"] > 0:
        assert result.progress["2"] == 100.0
    if result.progress["2"] > 0:
        assert result.progress["3"] == 100.0
