"""European Open Source AI Index: each of the 12 criteria open / partial / closed, and the score."""

from __future__ import annotations

import pytest

from opengauge.frameworks.interface import FrameworkOptions
from opengauge.frameworks.osai_index import CRITERIA, OsaiIndexFramework, evaluate, score
from opengauge.record import (
    ArtifactFacts,
    ArtifactKind,
    AuditReport,
    ComponentId,
    Criterion,
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
ARXIV = Link("https://arxiv.org/abs/2401.00001", LinkKind.ARXIV, "s1:README.md")
ACL = Link("https://aclanthology.org/2024.acl-long.1", LinkKind.ACL, "s1:README.md")
ARXIV_DOI = Link("https://doi.org/10.48550/arXiv.2401.00001", LinkKind.DOI, "s1:README.md")
JOURNAL_DOI = Link("https://doi.org/10.1000/example.2024.1", LinkKind.DOI, "s1:README.md")
DATASET = Link("https://huggingface.co/datasets/ex/corpus", LinkKind.HF_DATASET, "s1:README.md")


def _g(rep: AuditReport, cid: str) -> Criterion:
    return crit(evaluate(rep).criteria, f"osai-index.{cid}")


def test_the_twelve_criteria_in_order() -> None:
    ids = [c for c, _, _ in CRITERIA]
    assert ids == [
        "datasources_basemodel",
        "datasources_endmodel",
        "weights_basemodel",
        "weights_endmodel",
        "trainingcode",
        "code",
        "hardware_architecture",
        "preprint",
        "paper",
        "modelcard",
        "datasheet",
        "licenses",
    ]
    a = OsaiIndexFramework().assess(report(), FrameworkOptions())
    assert [c.id for c in a.criteria] == [f"osai-index.{i}" for i in ids]


def test_score_is_the_mean_open_1_partial_half_closed_0() -> None:
    crits = (
        Criterion("a", "a", Grade.OPEN, ""),
        Criterion("b", "b", Grade.PARTIAL, ""),
        Criterion("c", "c", Grade.CLOSED, ""),
        Criterion("d", "d", Grade.UNKNOWN, ""),
    )
    assert score(crits) == pytest.approx(1.5 / 4)
    assert score(()) == 0.0


def test_empty_release_scores_zero_and_full_release_scores_high() -> None:
    empty = evaluate(only())
    assert empty.score == 0.0 and all(c.grade is Grade.CLOSED for c in empty.criteria)
    full = evaluate(report(links=(ARXIV, ACL)))
    assert full.score == 1.0, [(c.id, c.grade, c.reason) for c in full.criteria if c.grade is not Grade.OPEN]
    assert full.verdict == "12 open, 0 partial, 0 closed" and full.label == "openness 100%"


def test_unknown_is_counted_closed_and_named() -> None:
    a = evaluate(report({W: unknown(W)}, links=(ARXIV, ACL)))
    assert crit(a.criteria, "osai-index.weights_basemodel").grade is Grade.UNKNOWN
    assert "unknown (counted closed)" in a.verdict


# ---------------------------------------------------------------------------------------------- data


def test_datasources_open_partial_closed() -> None:
    assert _g(report(), "datasources_basemodel").grade is Grade.OPEN
    partial = _g(report({C.DATASETS: None}), "datasources_endmodel")
    assert partial.grade is Grade.PARTIAL and "same evidence" in partial.reason
    assert (
        _g(report({C.DATASETS: None, C.DATA_CARD: None}, links=(DATASET,)), "datasources_basemodel").grade
        is Grade.PARTIAL
    )
    assert _g(report({C.DATASETS: None, C.DATA_CARD: None}), "datasources_basemodel").grade is Grade.CLOSED


# ---------------------------------------------------------------------------------------------- weights


def test_weights_open_gated_partial_absent_closed() -> None:
    assert _g(report(), "weights_basemodel").grade is Grade.OPEN
    gated = _g(report(findings=(gate_finding(),)), "weights_endmodel")
    assert gated.grade is Grade.PARTIAL and "gated" in gated.reason and "s1:README.md" in gated.evidence
    by_card = _g(report(artifacts=(card_file(gated="true"),)), "weights_basemodel")
    assert by_card.grade is Grade.PARTIAL
    assert _g(report({W: None}), "weights_basemodel").grade is Grade.CLOSED


def test_weights_grade_is_about_availability_not_licence() -> None:
    assert _g(report({W: comp(W, licence=RESTRICTED_WEIGHTS)}), "weights_basemodel").grade is Grade.OPEN


# ---------------------------------------------------------------------------------------------- code


def test_training_code_needs_training_and_data_processing() -> None:
    assert _g(report(), "trainingcode").grade is Grade.OPEN
    one = _g(report({C.DATA_PREPROCESSING_CODE: None}), "trainingcode")
    assert one.grade is Grade.PARTIAL and "Data preprocessing code not found" in one.reason
    assert _g(report({C.TRAINING_CODE: None}), "trainingcode").grade is Grade.PARTIAL
    assert _g(report({C.TRAINING_CODE: None, C.DATA_PREPROCESSING_CODE: None}), "trainingcode").grade is Grade.CLOSED


def test_code_documentation_beside_the_code() -> None:
    code_only = only(C.TRAINING_CODE)
    assert _g(code_only, "code").grade is Grade.PARTIAL
    readme = ArtifactFacts("s1", "docs/usage.md", 4000, ArtifactKind.DOCUMENT, "markdown")
    documented = only(C.TRAINING_CODE, artifacts=(readme,))
    c = _g(documented, "code")
    assert c.grade is Grade.OPEN and "s1:docs/usage.md" in c.evidence
    elsewhere = ArtifactFacts("s9", "README.md", 4000, ArtifactKind.DOCUMENT, "markdown")
    assert _g(only(C.TRAINING_CODE, artifacts=(elsewhere,)), "code").grade is Grade.PARTIAL
    assert _g(only(C.TRAINING_CODE, C.TECHNICAL_REPORT), "code").grade is Grade.OPEN
    assert _g(only(C.MODEL_CARD), "code").grade is Grade.CLOSED


def test_architecture_needs_specification_and_description() -> None:
    assert _g(only(C.MODEL_ARCHITECTURE, C.RESEARCH_PAPER), "hardware_architecture").grade is Grade.OPEN
    assert _g(only(C.MODEL_ARCHITECTURE), "hardware_architecture").grade is Grade.PARTIAL
    assert _g(only(C.TECHNICAL_REPORT), "hardware_architecture").grade is Grade.PARTIAL
    config = ArtifactFacts("s1", "config.json", 100, ArtifactKind.CONFIG, "json", details=(("architectures", "X"),))
    c = _g(only(C.RESEARCH_PAPER, artifacts=(config,)), "hardware_architecture")
    assert c.grade is Grade.OPEN and "s1:config.json" in c.evidence
    assert _g(only(), "hardware_architecture").grade is Grade.CLOSED


# ---------------------------------------------------------------------------------------------- papers


def test_preprint_from_arxiv_link_or_location() -> None:
    assert _g(only(C.RESEARCH_PAPER, links=(ARXIV,)), "preprint").grade is Grade.OPEN
    at_arxiv = comp(C.RESEARCH_PAPER, location="https://arxiv.org/abs/2401.00002")
    assert _g(only(C.MODEL_CARD, links=()), "preprint").grade is Grade.CLOSED
    assert _g(report({C.RESEARCH_PAPER: at_arxiv}), "preprint").grade is Grade.OPEN
    assert _g(only(C.TECHNICAL_REPORT), "preprint").grade is Grade.PARTIAL


def test_paper_needs_a_peer_reviewed_venue() -> None:
    assert _g(only(C.RESEARCH_PAPER, links=(ACL,)), "paper").grade is Grade.OPEN
    assert _g(only(C.RESEARCH_PAPER, links=(JOURNAL_DOI,)), "paper").grade is Grade.OPEN
    arxiv_only = _g(only(C.RESEARCH_PAPER, links=(ARXIV, ARXIV_DOI)), "paper")
    assert arxiv_only.grade is Grade.CLOSED and "peer-reviewed" in arxiv_only.reason
    assert _g(only(), "paper").grade is Grade.CLOSED


# ---------------------------------------------------------------------------------------------- cards


def test_model_card_open_thin_partial_absent_closed() -> None:
    card = comp(C.MODEL_CARD, location="s1:README.md")
    assert _g(report({C.MODEL_CARD: card}, artifacts=(card_file(size=5000),)), "modelcard").grade is Grade.OPEN
    thin = _g(report({C.MODEL_CARD: card}, artifacts=(card_file(size=300),)), "modelcard")
    assert thin.grade is Grade.PARTIAL and "1000 bytes" in thin.reason
    assert _g(report({C.MODEL_CARD: None}), "modelcard").grade is Grade.CLOSED
    assert _g(report({C.MODEL_CARD: unknown(C.MODEL_CARD)}), "modelcard").grade is Grade.UNKNOWN


def test_datasheet_open_partial_closed() -> None:
    assert _g(report(), "datasheet").grade is Grade.OPEN
    assert _g(report({C.DATA_CARD: None}), "datasheet").grade is Grade.PARTIAL
    assert _g(report({C.DATA_CARD: None, C.DATASETS: None}), "datasheet").grade is Grade.CLOSED


# ---------------------------------------------------------------------------------------------- licences


def test_licenses_open_when_everything_is_open() -> None:
    assert _g(report(), "licenses").grade is Grade.OPEN
    assert _g(report({C.TRAINING_CODE: comp(C.TRAINING_CODE, licence=NAMING_ONLY)}), "licenses").grade is Grade.OPEN


def test_licenses_use_restrictions_make_it_at_most_partial() -> None:
    c = _g(report({W: comp(W, licence=RESTRICTED_WEIGHTS)}), "licenses")
    assert c.grade is Grade.PARTIAL and "use-restrictions" in c.reason
    assert _g(report({W: comp(W, licence=NON_COMMERCIAL)}), "licenses").grade is Grade.PARTIAL


def test_licenses_open_weights_but_closed_elsewhere_is_partial() -> None:
    c = _g(report({C.TRAINING_CODE: no_licence(C.TRAINING_CODE)}), "licenses")
    assert c.grade is Grade.PARTIAL and "Training code: no licence" in c.reason


def test_licenses_unidentified_elsewhere_is_noted_not_counted() -> None:
    c = _g(report({C.DATASETS: comp(C.DATASETS, licence=UNIDENTIFIED)}), "licenses")
    assert c.grade is Grade.OPEN and "not identified" in c.reason


def test_licenses_closed_without_licence_or_weights_unknown_when_unidentified() -> None:
    assert _g(report({W: no_licence(W)}), "licenses").grade is Grade.CLOSED
    assert _g(report({W: None}), "licenses").grade is Grade.CLOSED
    proprietary = lic("LicenseRef-Proprietary", LicenceFamily.RESTRICTED, ("not-osi",))
    assert _g(report({W: comp(W, licence=proprietary)}), "licenses").grade is Grade.CLOSED
    assert _g(report({W: comp(W, licence=UNIDENTIFIED)}), "licenses").grade is Grade.UNKNOWN


def test_every_criterion_has_a_note_and_non_open_ones_become_next_steps() -> None:
    a = evaluate(report({C.DATA_CARD: None}))
    assert all(c.reason for c in a.criteria)
    assert any(s.startswith("Datasheet:") for s in a.next_steps)
    assert not any(s.startswith("Model card:") for s in a.next_steps)
