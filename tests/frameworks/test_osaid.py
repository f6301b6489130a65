"""OSAID 1.0: one test (or more) per requirement, positive and negative, on hand-built reports and one audit."""

from __future__ import annotations

from pathlib import Path

import pytest

from opengauge.frameworks.interface import FrameworkOptions
from opengauge.frameworks.osaid import CODE_REQUIREMENTS, CodeRequirement, OsaidFramework, evaluate
from opengauge.record import (
    AuditReport,
    ComponentId,
    ComponentStatus,
    Grade,
    LicenceFamily,
    Link,
    LinkKind,
)
from tests.frameworks._fw_build import (
    NAMING_ONLY,
    NON_COMMERCIAL,
    RESTRICTED_WEIGHTS,
    UNIDENTIFIED,
    card_file,
    comp,
    crit,
    gate_finding,
    lic,
    no_licence,
    only,
    report,
    unknown,
)

C = ComponentId
W = C.MODEL_PARAMETERS_FINAL


def _grade(rep: AuditReport, cid: str) -> Grade:
    return crit(evaluate(rep).criteria, cid).grade


# ------------------------------------------------------------------------------------------- verdict


def test_fully_open_release_passes_with_human_points_listed() -> None:
    a = OsaidFramework().assess(report(), FrameworkOptions())
    assert (a.framework, a.framework_version, a.verdict) == ("osaid", "1.0", "pass")
    evidence = [c for c in a.criteria if c.judged_by == "evidence"]
    assert evidence and all(c.grade is Grade.PASS for c in evidence)
    humans = {c.id for c in a.criteria if c.judged_by == "human"}
    assert humans == {"osaid.substantially-equivalent", "osaid.data-information.third-party-data"}
    assert all(c.grade is Grade.TO_CONFIRM for c in a.criteria if c.judged_by == "human")
    assert a.label is not None and "2 point(s) for a human" in a.label
    assert any(s.startswith("Confirm (Substantially equivalent system)") for s in a.next_steps)


def test_empty_release_fails_and_names_the_failing_requirements() -> None:
    a = evaluate(only())
    assert a.verdict == "fail"
    assert a.label is not None and "Parameters under OSI-approved terms" in a.label
    assert "Code: training, with its arguments and settings" in a.label
    assert any("publish the final weights" in s for s in a.next_steps)


def test_unknown_evidence_gives_unknown_verdict_not_fail() -> None:
    a = evaluate(report({W: unknown(W)}))
    assert crit(a.criteria, "osaid.parameters").grade is Grade.UNKNOWN
    assert a.verdict == "unknown"
    assert a.label is not None and a.label.startswith("Undetermined")


def test_human_to_confirm_never_blocks_a_pass() -> None:
    rep = report({C.SUPPORTING_LIBRARIES: None})
    a = evaluate(rep)
    assert crit(a.criteria, "osaid.code.supporting-libraries").grade is Grade.TO_CONFIRM
    assert a.verdict == "pass"


# ------------------------------------------------------------------------------------------- freedoms


def test_freedoms_pass_with_attribution_like_flags_only() -> None:
    rep = report({C.TRAINING_CODE: comp(C.TRAINING_CODE, licence=NAMING_ONLY)})
    assert _grade(rep, "osaid.freedoms") is Grade.PASS


def test_freedoms_fail_on_restricted_weights_and_name_the_flags() -> None:
    c = crit(evaluate(report({W: comp(W, licence=RESTRICTED_WEIGHTS)})).criteria, "osaid.freedoms")
    assert c.grade is Grade.FAIL
    assert "user-cap" in c.reason and "use-restrictions" in c.reason
    assert "pass-through" not in c.reason  # not a freedom taken away


def test_freedoms_fail_when_an_element_has_no_licence() -> None:
    c = crit(evaluate(report({C.INFERENCE_CODE: no_licence(C.INFERENCE_CODE)})).criteria, "osaid.freedoms")
    assert c.grade is Grade.FAIL and "Inference code: no licence" in c.reason


def test_freedoms_unknown_when_a_licence_is_not_identified() -> None:
    rep = report({C.DATA_CARD: comp(C.DATA_CARD, licence=UNIDENTIFIED)})
    assert _grade(rep, "osaid.freedoms") is Grade.UNKNOWN


def test_freedoms_fail_when_nothing_is_available() -> None:
    assert _grade(only(C.RESEARCH_PAPER), "osaid.freedoms") is Grade.FAIL


def test_freedoms_ignore_elements_outside_osaid() -> None:
    rep = report({C.RESEARCH_PAPER: no_licence(C.RESEARCH_PAPER), C.DATASETS: comp(C.DATASETS, licence=NON_COMMERCIAL)})
    assert _grade(rep, "osaid.freedoms") is Grade.PASS


# ------------------------------------------------------------------------------------------- parameters


@pytest.mark.parametrize(
    ("licence", "grade"),
    [
        ("open", Grade.PASS),
        (lic("CC-BY-4.0", LicenceFamily.OPEN_DATA), Grade.PASS),  # open terms, not only OSI software licences
        (lic("MIT", LicenceFamily.OSI_CODE), Grade.PASS),
        (NON_COMMERCIAL, Grade.FAIL),
        (RESTRICTED_WEIGHTS, Grade.FAIL),
        (UNIDENTIFIED, Grade.UNKNOWN),
    ],
)
def test_parameters_terms(licence: object, grade: Grade) -> None:
    assert _grade(report({W: comp(W, licence=licence)}), "osaid.parameters") is grade  # type: ignore[arg-type]


def test_parameters_absent_fail_and_unlicensed_fail() -> None:
    assert _grade(report({W: None}), "osaid.parameters") is Grade.FAIL
    assert _grade(report({W: no_licence(W)}), "osaid.parameters") is Grade.FAIL


def test_parameters_declared_only_pass_but_say_so() -> None:
    c = crit(evaluate(report({W: comp(W, ComponentStatus.DECLARED)})).criteria, "osaid.parameters")
    assert c.grade is Grade.PASS and "declared only" in c.reason


def test_parameters_gated_downloads_are_noted() -> None:
    c = crit(evaluate(report(findings=(gate_finding(),))).criteria, "osaid.parameters")
    assert c.grade is Grade.PASS and "gated" in c.reason


def test_parameters_intermediate_checkpoints_are_not_required() -> None:
    assert evaluate(report({C.MODEL_PARAMETERS_INTERMEDIATE: None})).verdict == "pass"


# ------------------------------------------------------------------------------------------- code


@pytest.mark.parametrize("req", [r for r in CODE_REQUIREMENTS if r.always_used], ids=lambda r: r.id)
def test_each_kind_of_code_is_required(req: CodeRequirement) -> None:
    a = evaluate(report({req.component: None}))
    assert crit(a.criteria, req.id).grade is Grade.FAIL
    assert a.verdict == "fail" and req.name in (a.label or "")
    assert crit(evaluate(report()).criteria, req.id).grade is Grade.PASS


def test_code_needs_an_osi_licence_not_just_open_terms() -> None:
    rep = report({C.TRAINING_CODE: comp(C.TRAINING_CODE, licence=lic("CC-BY-4.0", LicenceFamily.OPEN_CONTENT))})
    c = crit(evaluate(rep).criteria, "osaid.code.training")
    assert c.grade is Grade.FAIL and "OSI-approved" in c.reason


def test_code_unidentified_licence_is_unknown() -> None:
    rep = report({C.INFERENCE_CODE: comp(C.INFERENCE_CODE, licence=UNIDENTIFIED)})
    assert _grade(rep, "osaid.code.inference") is Grade.UNKNOWN


def test_supporting_libraries_absent_is_for_a_human_but_unknown_stays_unknown() -> None:
    c = crit(evaluate(report({C.SUPPORTING_LIBRARIES: None})).criteria, "osaid.code.supporting-libraries")
    assert (c.grade, c.judged_by) == (Grade.TO_CONFIRM, "human")
    rep = report({C.SUPPORTING_LIBRARIES: unknown(C.SUPPORTING_LIBRARIES)})
    assert _grade(rep, "osaid.code.supporting-libraries") is Grade.UNKNOWN


def test_supporting_libraries_under_a_restricted_licence_fail() -> None:
    rep = report({C.SUPPORTING_LIBRARIES: comp(C.SUPPORTING_LIBRARIES, licence=NON_COMMERCIAL)})
    assert _grade(rep, "osaid.code.supporting-libraries") is Grade.FAIL


def test_training_code_mentions_whether_settings_are_published() -> None:
    with_settings = crit(evaluate(report()).criteria, "osaid.code.training")
    without = crit(evaluate(report({C.MODEL_METADATA: None})).criteria, "osaid.code.training")
    assert "settings published" in with_settings.reason
    assert "no separate training settings" in without.reason and without.grade is Grade.PASS


# ------------------------------------------------------------------------------------------- data information


def test_data_description_from_an_open_data_card() -> None:
    assert _grade(report(), "osaid.data-information.description") is Grade.PASS


def test_data_description_fails_without_a_data_card_even_with_a_paper() -> None:
    c = crit(evaluate(report({C.DATA_CARD: None})).criteria, "osaid.data-information.description")
    assert c.grade is Grade.FAIL
    assert "research paper" in c.reason and "complete description" in c.reason


def test_data_description_under_restricted_terms_fails() -> None:
    rep = report({C.DATA_CARD: comp(C.DATA_CARD, licence=NON_COMMERCIAL)})
    assert _grade(rep, "osaid.data-information.description") is Grade.FAIL


def test_public_data_from_datasets_or_dataset_links() -> None:
    assert _grade(report(), "osaid.data-information.public-data") is Grade.PASS
    link = Link("https://huggingface.co/datasets/ex/corpus", LinkKind.HF_DATASET, "s1:README.md")
    rep = report({C.DATASETS: None}, links=(link,))
    c = crit(evaluate(rep).criteria, "osaid.data-information.public-data")
    assert c.grade is Grade.PASS and c.evidence == (link.url,)


def test_public_data_only_a_data_card_is_for_a_human() -> None:
    c = crit(evaluate(report({C.DATASETS: None})).criteria, "osaid.data-information.public-data")
    assert (c.grade, c.judged_by) == (Grade.TO_CONFIRM, "human")


def test_public_data_and_third_party_data_fail_with_nothing() -> None:
    rep = report({C.DATASETS: None, C.DATA_CARD: None})
    assert _grade(rep, "osaid.data-information.public-data") is Grade.FAIL
    assert _grade(rep, "osaid.data-information.third-party-data") is Grade.FAIL


def test_third_party_data_unknown_when_data_card_unknown() -> None:
    rep = report({C.DATASETS: None, C.DATA_CARD: unknown(C.DATA_CARD)})
    assert _grade(rep, "osaid.data-information.third-party-data") is Grade.UNKNOWN


def test_datasets_themselves_are_not_required_to_be_open() -> None:
    rep = report({C.DATASETS: comp(C.DATASETS, licence=NON_COMMERCIAL)})
    assert evaluate(rep).verdict == "pass"


def test_gated_card_detail_is_seen_like_the_finding() -> None:
    rep = report(artifacts=(card_file(gated="true"),))
    c = crit(evaluate(rep).criteria, "osaid.parameters")
    assert "gated (s1:README.md)" in c.reason
    assert (
        "gated" not in crit(evaluate(report(artifacts=(card_file(gated="false"),))).criteria, "osaid.parameters").reason
    )


# ------------------------------------------------------------------------------------------- a real audit


def test_audit_of_fixture_release_fails_only_for_data_information(tmp_path: Path) -> None:
    from opengauge.pipeline import AuditOptions, audit
    from tests.releases import build_code_repo, build_hf_model

    code = build_code_repo(tmp_path / "code")
    model = build_hf_model(tmp_path / "model")
    rep = audit([str(code), str(model)], AuditOptions(frameworks=("osaid", "osai-index", "eu-ai-act"), scan=False))
    a = rep.assessment("osaid")
    assert a is not None and a.verdict == "fail"
    failed = {c.id for c in a.criteria if c.grade is Grade.FAIL}
    assert failed == {"osaid.data-information.description"}
    assert crit(a.criteria, "osaid.code.training").grade is Grade.PASS
    assert crit(a.criteria, "osaid.data-information.public-data").grade is Grade.PASS  # the linked dataset
    index = rep.assessment("osai-index")
    assert index is not None and index.score is not None and 0.5 < index.score < 1.0
    eu = rep.assessment("eu-ai-act")
    assert eu is not None and eu.verdict == "exempt-if-confirmed"
