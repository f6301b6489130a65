"""Evidence mode: what counts, strict vs warning, paper for report; conversions to and from MOT records."""

from __future__ import annotations

from pathlib import Path

import yaml

from opengauge.formats.interface import RenderOptions
from opengauge.formats.mof_yaml import MofYamlFormatter
from opengauge.frameworks.interface import FrameworkOptions
from opengauge.frameworks.mof import (
    MofFramework,
    evaluate_evidence,
    evaluate_mot,
    mot_record_to_components,
    report_to_mot_record,
)
from opengauge.frameworks.mot_record import (
    MotComponent,
    MotLicenceRef,
    MotLicences,
    MotRecord,
    MotRelease,
    dump_mot_record,
    parse_mot_record,
    validate_mot_yaml,
)
from opengauge.record import (
    Assessment,
    AuditReport,
    ComponentId,
    ComponentResult,
    ComponentStatus,
    ContentType,
    Evidence,
    EvidenceLevel,
    Grade,
    IdentifiedBy,
    Licence,
    LicenceFamily,
    Release,
    SourceInfo,
    SourceKind,
)

_OPEN = {
    ContentType.CODE: "Apache-2.0",
    ContentType.DATA: "CDLA-Permissive-2.0",
    ContentType.DOCUMENT: "CC-BY-4.0",
}


def _licence(expression: str, location: str | None = None) -> Licence:
    return Licence(expression, IdentifiedBy.TEXT_EXACT, 1.0, LicenceFamily.OSI_CODE, location=location)


def _result(
    cid: ComponentId,
    status: ComponentStatus = ComponentStatus.PRESENT,
    licence: str | None = "open",
    open_licence: bool | None = True,
    appropriate: bool | None = True,
) -> ComponentResult:
    level = {
        ComponentStatus.PRESENT: EvidenceLevel.VERIFIED,
        ComponentStatus.LINKED: EvidenceLevel.LINKED,
    }.get(status, EvidenceLevel.DECLARED)
    name = _OPEN[cid.spec.content_type] if licence == "open" else licence
    lic = _licence(name, f"s1:LICENSE-{cid.slug}") if name is not None else None
    evidence = (Evidence(cid.value, level, f"s1:{cid.slug}.txt", "test"),)
    return ComponentResult(cid.value, status, evidence, lic, "component", "test", open_licence, appropriate)


def _all(**overrides: ComponentResult) -> tuple[ComponentResult, ...]:
    out = []
    for cid in ComponentId:
        out.append(overrides.get(cid.name, _result(cid)))
    return tuple(out)


def _criterion(result: Assessment, cid: ComponentId) -> tuple[Grade, str]:
    crit = next(c for c in result.criteria if c.name == cid.value)
    return crit.grade, crit.reason


def test_everything_verified_and_open_is_class_one() -> None:
    result = evaluate_evidence(_all(), strict=True)
    assert (result.framework, result.mode, result.mof_class) == ("mof", "evidence", 1)
    assert result.label == "Class I - Open Science Model"
    assert result.progress == {"1": 100.0, "2": 100.0, "3": 100.0}
    assert all(c.grade is Grade.PASS for c in result.criteria)
    assert result.next_steps == ()


def test_linked_counts_as_included() -> None:
    linked = _result(ComponentId.RESEARCH_PAPER, ComponentStatus.LINKED)
    result = evaluate_evidence(_all(RESEARCH_PAPER=linked), strict=False)
    assert result.mof_class == 1
    assert _criterion(result, ComponentId.RESEARCH_PAPER)[1].startswith("linked")


def test_declared_only_does_not_count() -> None:
    declared = _result(ComponentId.MODEL_CARD, ComponentStatus.DECLARED)
    result = evaluate_evidence(_all(MODEL_CARD=declared), strict=False)
    assert result.mof_class == 0
    assert result.progress == {"1": 0.0, "2": 0.0, "3": 5 / 6 * 100}
    grade, reason = _criterion(result, ComponentId.MODEL_CARD)
    assert grade is Grade.UNKNOWN
    assert "declared" in reason
    assert any("publish Model card" in s for s in result.next_steps)


def test_absent_and_unknown_are_kept_apart() -> None:
    absent = _result(ComponentId.DATASETS, ComponentStatus.ABSENT, licence=None, open_licence=None)
    result = evaluate_evidence(_all(DATASETS=absent), strict=False)
    assert _criterion(result, ComponentId.DATASETS)[0] is Grade.FAIL
    assert result.mof_class == 2
    missing = tuple(r for r in _all() if r.component != ComponentId.DATASETS.value)
    result = evaluate_evidence(missing, strict=False)
    assert _criterion(result, ComponentId.DATASETS)[0] is Grade.UNKNOWN
    assert result.mof_class == 2
    assert any("Class I - Open Science Model: publish Datasets" in s and "open-data" in s for s in result.next_steps)


def test_unknown_licence_is_not_open() -> None:
    unknown = _result(ComponentId.MODEL_ARCHITECTURE, licence="LicenseRef-custom", open_licence=None)
    result = evaluate_evidence(_all(MODEL_ARCHITECTURE=unknown), strict=False)
    assert result.mof_class == 0
    assert _criterion(result, ComponentId.MODEL_ARCHITECTURE)[0] is Grade.UNKNOWN
    assert any("identify the licence of Model architecture" in s for s in result.next_steps)
    # no licence at all: unknown when nobody could tell, a failure when known to be unlicensed
    none = _result(ComponentId.MODEL_ARCHITECTURE, licence=None, open_licence=None)
    assert (
        _criterion(evaluate_evidence(_all(MODEL_ARCHITECTURE=none), False), ComponentId.MODEL_ARCHITECTURE)[0]
        is Grade.UNKNOWN
    )
    closed = _result(ComponentId.MODEL_ARCHITECTURE, licence=None, open_licence=False)
    result = evaluate_evidence(_all(MODEL_ARCHITECTURE=closed), False)
    assert _criterion(result, ComponentId.MODEL_ARCHITECTURE)[0] is Grade.FAIL
    assert result.mof_class == 0


def test_restricted_licence_fails_and_asks_for_relicensing() -> None:
    weights = _result(ComponentId.MODEL_PARAMETERS_FINAL, licence="LicenseRef-llama-3.1", open_licence=False)
    result = evaluate_evidence(_all(MODEL_PARAMETERS_FINAL=weights), strict=False)
    assert result.mof_class == 0
    assert _criterion(result, ComponentId.MODEL_PARAMETERS_FINAL)[0] is Grade.FAIL
    step = next(s for s in result.next_steps if "Model parameters (Final)" in s)
    assert step.startswith("Class III - Open Model: relicense Model parameters (Final) from LicenseRef-llama-3.1")
    assert "open-data licence such as CDLA-Permissive-2.0" in step


def test_strict_makes_type_inappropriate_licence_a_failure() -> None:
    wrong = _result(ComponentId.MODEL_PARAMETERS_FINAL, licence="Apache-2.0", appropriate=False)
    lenient = evaluate_evidence(_all(MODEL_PARAMETERS_FINAL=wrong), strict=False)
    assert lenient.mof_class == 1
    grade, reason = _criterion(lenient, ComponentId.MODEL_PARAMETERS_FINAL)
    assert grade is Grade.PASS
    assert "warning" in reason and "not type-appropriate" in reason
    assert any(s.startswith("Recommended:") for s in lenient.next_steps)
    strict = evaluate_evidence(_all(MODEL_PARAMETERS_FINAL=wrong), strict=True)
    assert strict.mof_class == 0
    assert strict.progress == {"1": 0.0, "2": 0.0, "3": 5 / 6 * 100}
    assert _criterion(strict, ComponentId.MODEL_PARAMETERS_FINAL)[0] is Grade.FAIL
    # unknown appropriateness is not a failure even when strict
    unsure = _result(ComponentId.MODEL_PARAMETERS_FINAL, appropriate=None)
    assert evaluate_evidence(_all(MODEL_PARAMETERS_FINAL=unsure), strict=True).mof_class == 1


def test_research_paper_stands_in_for_technical_report() -> None:
    no_report = _result(ComponentId.TECHNICAL_REPORT, ComponentStatus.ABSENT, licence=None, open_licence=None)
    result = evaluate_evidence(_all(TECHNICAL_REPORT=no_report), strict=True)
    assert result.mof_class == 1
    assert result.progress == {"1": 100.0, "2": 100.0, "3": 100.0}  # class I needs 13 of 13
    assert _criterion(result, ComponentId.TECHNICAL_REPORT)[0] is Grade.NOT_APPLICABLE
    # without the paper the report is missing, and the advice names the paper as an alternative
    no_paper = _result(ComponentId.RESEARCH_PAPER, ComponentStatus.ABSENT, licence=None, open_licence=None)
    result = evaluate_evidence(_all(TECHNICAL_REPORT=no_report, RESEARCH_PAPER=no_paper), strict=True)
    assert result.mof_class == 0
    assert result.progress == {"1": 0.0, "2": 0.0, "3": 5 / 6 * 100}
    step = next(s for s in result.next_steps if "Technical report" in s)
    assert "Research paper" in step and "open-content licence" in step


def test_evidence_mode_has_no_mot_quirk() -> None:
    only = {ComponentId.TECHNICAL_REPORT, ComponentId.RESEARCH_PAPER}
    comps = tuple(_result(cid) for cid in only)
    assert evaluate_evidence(comps, strict=False).progress == {"1": 0.0, "2": 0.0, "3": 1 / 6 * 100}


def test_optional_components_never_count() -> None:
    optional = (ComponentId.MODEL_METADATA, ComponentId.SUPPORTING_LIBRARIES, ComponentId.SAMPLE_OUTPUTS)
    result = evaluate_evidence(tuple(_result(c) for c in optional), strict=False)
    assert result.progress == {"1": 0.0, "2": 0.0, "3": 0.0}
    assert result.mof_class == 0


# ------------------------------------------------------------------------------------------------ conversions


def _record() -> MotRecord:
    return MotRecord(
        MotRelease(
            name="m",
            producer="p",
            license=MotLicences(distribution=MotLicenceRef("MIT", "LICENSE"), data=MotLicenceRef("Proprietary")),
            components=(
                MotComponent(ComponentId.MODEL_ARCHITECTURE, "d", None, None, "src/model.py"),
                MotComponent(ComponentId.MODEL_PARAMETERS_FINAL, "d"),
                MotComponent(ComponentId.MODEL_CARD, "d", "unlicensed"),
                MotComponent(ComponentId.DATA_CARD, "d", "CC0-1.0", "cards/LICENSE"),
            ),
        ),
        source="/releases/m/mof.yml",
    )


def test_mot_record_as_declared_evidence() -> None:
    results = {r.component: r for r in mot_record_to_components(_record())}
    assert set(results) == {"Model architecture", "Model parameters (Final)", "Model card", "Data card"}
    assert all(r.status is ComponentStatus.DECLARED for r in results.values())
    arch = results["Model architecture"]
    assert arch.evidence[0].level is EvidenceLevel.DECLARED
    assert arch.evidence[0].location == "/releases/m/mof.yml"
    assert arch.licence is not None and arch.licence.expression == "MIT" and arch.licence_scope == "release"
    assert arch.open_licence is True and arch.licence_appropriate is True
    weights = results["Model parameters (Final)"]
    assert weights.licence is not None and weights.licence.expression == "Proprietary"
    assert weights.open_licence is False
    card = results["Model card"]
    assert card.licence is None and card.open_licence is False
    data_card = results["Data card"]
    assert data_card.licence is not None and data_card.licence.location == "cards/LICENSE"
    # declared evidence alone never classifies
    assert evaluate_evidence(tuple(results.values()), strict=False).progress == {"1": 0.0, "2": 0.0, "3": 0.0}


def _report(components: tuple[ComponentResult, ...]) -> AuditReport:
    sources = (
        SourceInfo("s1", SourceKind.HUB, "hf:example/m"),
        SourceInfo("s2", SourceKind.GIT, "https://example.org/m.git"),
    )
    return AuditReport(
        release=Release("example-m", sources),
        artifacts=(),
        components=components,
        licences=(),
        links=(),
        findings=(),
        assessments=(),
        tool_version="0.1.0",
        created="2026-11-23T09:00:00Z",
    )


def test_report_to_mot_record_and_back() -> None:
    declared = _result(ComponentId.DATASETS, ComponentStatus.DECLARED)
    no_licence = _result(ComponentId.TRAINING_CODE, licence=None, open_licence=None)
    linked = _result(ComponentId.RESEARCH_PAPER, ComponentStatus.LINKED)
    report = _report(_all(DATASETS=declared, TRAINING_CODE=no_licence, RESEARCH_PAPER=linked))
    rec = report_to_mot_record(report)
    names = [c.name for c in rec.release.components]
    assert ComponentId.DATASETS not in names  # declared-only is not exported
    assert len(names) == 16
    arch = rec.release.component(ComponentId.MODEL_ARCHITECTURE)
    assert arch is not None
    assert (arch.license, arch.component_path, arch.license_path) == (
        "Apache-2.0",
        "s1:model-architecture.txt",
        "s1:LICENSE-model-architecture",
    )
    training = rec.release.component(ComponentId.TRAINING_CODE)
    assert training is not None and training.unlicensed
    assert (rec.release.huggingface, rec.release.repository) == ("hf:example/m", "https://example.org/m.git")
    assert rec.release.date == "2026-11-23"
    assert validate_mot_yaml(yaml.safe_load(dump_mot_record(rec))) == []
    # the MOT's verdict on the export: datasets and training code are missing, so class III only
    assert evaluate_mot(rec).mof_class == 3


def test_mof_yaml_formatter_validates(tmp_path: Path) -> None:
    report = _report(_all())
    text = MofYamlFormatter().render(report, RenderOptions())
    assert isinstance(text, str)
    assert validate_mot_yaml(yaml.safe_load(text)) == []
    assert evaluate_mot(parse_mot_record(text)).mof_class == 1
    assert MofYamlFormatter.name == "mof-yaml"


def test_framework_class_modes() -> None:
    report = _report(_all(MODEL_PARAMETERS_FINAL=_result(ComponentId.MODEL_PARAMETERS_FINAL, appropriate=False)))
    fw = MofFramework()
    assert (fw.id, fw.version) == ("mof", "1.0")
    assert fw.assess(report, FrameworkOptions()).mof_class == 1
    assert fw.assess(report, FrameworkOptions(strict=True)).mof_class == 0
    mot = fw.assess(report, FrameworkOptions(mof_mode="mot"))
    assert (mot.mode, mot.mof_class) == ("mot", 1)
    # MOT mode takes declarations at their word, as the MOT does; evidence mode does not
    declared = _report(_all(DATASETS=_result(ComponentId.DATASETS, ComponentStatus.DECLARED)))
    assert fw.assess(declared, FrameworkOptions(mof_mode="mot")).mof_class == 1
    assert fw.assess(declared, FrameworkOptions()).mof_class == 2
    exported = report_to_mot_record(declared, include_declared=True)
    assert exported.release.component(ComponentId.DATASETS) is not None
