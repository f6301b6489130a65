"""EU AI Act Art. 53(2): licence, public weights/architecture/usage, monetisation, systemic risk, what applies."""

from __future__ import annotations

from pathlib import Path

import pytest

from opengauge.frameworks.eu_ai_act import EuAiActFramework, evaluate
from opengauge.frameworks.interface import FrameworkOptions
from opengauge.pipeline import AuditOptions, audit
from opengauge.record import (
    ArtifactFacts,
    ArtifactKind,
    AuditReport,
    ComponentId,
    Criterion,
    Grade,
    Licence,
    LicenceFamily,
)
from tests.frameworks._fw_build import (
    NON_COMMERCIAL,
    RESTRICTED_WEIGHTS,
    UNIDENTIFIED,
    USE_ONLY,
    comp,
    crit,
    gate_finding,
    lic,
    no_licence,
    only,
    report,
    unknown,
    weights_file,
)
from tests.inventory.weights_helpers import raw_safetensors, safetensors_header

C = ComponentId
W = C.MODEL_PARAMETERS_FINAL


def _g(rep: AuditReport, cid: str) -> Criterion:
    return crit(evaluate(rep).criteria, f"eu-ai-act.{cid}")


def _facts(path: str, **details: str) -> ArtifactFacts:
    return ArtifactFacts("s1", path, 100, ArtifactKind.MODEL_CARD, "markdown", details=tuple(sorted(details.items())))


# ---------------------------------------------------------------------------------------------- verdict


def test_open_release_is_exempt_if_confirmed_with_points_for_a_human() -> None:
    a = EuAiActFramework().assess(report(), FrameworkOptions())
    assert (a.framework, a.verdict) == ("eu-ai-act", "exempt-if-confirmed")
    humans = {c.id for c in a.criteria if c.grade is Grade.TO_CONFIRM}
    assert {"eu-ai-act.not-monetised", "eu-ai-act.systemic-risk"} <= humans
    assert {"eu-ai-act.copyright-policy", "eu-ai-act.training-content-summary"} <= humans
    exempted = [
        c for c in a.criteria if c.id in ("eu-ai-act.technical-documentation", "eu-ai-act.downstream-information")
    ]
    assert [c.grade for c in exempted] == [Grade.NOT_APPLICABLE, Grade.NOT_APPLICABLE]
    assert any(s.startswith("Confirm (Not monetised)") for s in a.next_steps)


def test_not_exempt_lists_the_obligations_as_applying() -> None:
    a = evaluate(report({W: comp(W, licence=NON_COMMERCIAL)}))
    assert a.verdict == "not-exempt"
    assert a.label is not None and "Free and open-source licence" in a.label
    docs = crit(a.criteria, "eu-ai-act.technical-documentation")
    assert docs.grade is Grade.TO_CONFIRM and docs.reason.startswith("applies")
    assert crit(a.criteria, "eu-ai-act.copyright-policy").reason.startswith("still applies")


def test_undetermined_when_the_licence_is_not_identified() -> None:
    a = evaluate(report({W: comp(W, licence=UNIDENTIFIED)}))
    assert a.verdict == "undetermined"


# ---------------------------------------------------------------------------------------------- licence


@pytest.mark.parametrize(
    ("licence", "grade"),
    [
        ("open", Grade.PASS),
        (lic("Apache-2.0", LicenceFamily.OSI_CODE), Grade.PASS),
        (lic("CC-BY-SA-4.0", LicenceFamily.OPEN_DATA), Grade.PASS),  # copyleft allowed
        (lic("GPL-3.0-only", LicenceFamily.OSI_CODE), Grade.PASS),
        (NON_COMMERCIAL, Grade.FAIL),
        (lic("LicenseRef-Research", LicenceFamily.RESTRICTED, ("research-only",)), Grade.FAIL),
        (RESTRICTED_WEIGHTS, Grade.FAIL),  # user cap
        (lic("LicenseRef-Closed", LicenceFamily.RESTRICTED), Grade.FAIL),
        (USE_ONLY, Grade.TO_CONFIRM),
        (UNIDENTIFIED, Grade.UNKNOWN),
    ],
)
def test_licence_terms(licence: Licence | str, grade: Grade) -> None:
    c = _g(report({W: comp(W, licence=licence)}), "licence")
    assert c.grade is grade, c.reason
    if grade is Grade.TO_CONFIRM:
        assert c.judged_by == "human"


def test_licence_fails_without_weights_or_without_licence() -> None:
    assert _g(report({W: None}), "licence").grade is Grade.FAIL
    assert _g(report({W: no_licence(W)}), "licence").grade is Grade.FAIL
    assert _g(report({W: unknown(W)}), "licence").grade is Grade.UNKNOWN


def test_user_cap_reason_names_the_flag() -> None:
    assert "user-cap" in _g(report({W: comp(W, licence=RESTRICTED_WEIGHTS)}), "licence").reason


# ---------------------------------------------------------------------------------------------- public information


def test_weights_public_pass_absent_fail_gated_to_confirm() -> None:
    assert _g(report(), "weights-public").grade is Grade.PASS
    assert _g(report({W: None}), "weights-public").grade is Grade.FAIL
    gated = _g(report(findings=(gate_finding(),)), "weights-public")
    assert (gated.grade, gated.judged_by) == (Grade.TO_CONFIRM, "human")


def test_architecture_public_from_code_config_or_paper() -> None:
    assert _g(only(C.MODEL_ARCHITECTURE), "architecture-public").grade is Grade.PASS
    assert _g(only(C.TECHNICAL_REPORT), "architecture-public").grade is Grade.PASS
    config = ArtifactFacts("s1", "config.json", 10, ArtifactKind.CONFIG, "json", details=(("architectures", "X"),))
    assert _g(only(artifacts=(config,)), "architecture-public").grade is Grade.PASS
    assert _g(only(C.MODEL_CARD), "architecture-public").grade is Grade.FAIL


def test_usage_public_from_the_model_card() -> None:
    assert _g(only(C.MODEL_CARD), "usage-public").grade is Grade.PASS
    assert _g(only(C.MODEL_ARCHITECTURE), "usage-public").grade is Grade.FAIL
    assert _g(report({C.MODEL_CARD: unknown(C.MODEL_CARD)}), "usage-public").grade is Grade.UNKNOWN


def test_monetisation_is_always_for_a_human() -> None:
    c = _g(report(), "not-monetised")
    assert (c.grade, c.judged_by) == (Grade.TO_CONFIRM, "human")


# ---------------------------------------------------------------------------------------------- systemic risk


def test_systemic_risk_estimated_above_threshold_fails() -> None:
    # 6 x 70e9 x 30e12 = 1.26e25 FLOP
    arts = (weights_file("model.safetensors", 70_000_000_000), _facts("README.md", training_tokens="30000000000000"))
    c = _g(report(artifacts=arts), "systemic-risk")
    assert c.grade is Grade.FAIL and "1.3e25" in c.reason
    assert evaluate(report(artifacts=arts)).verdict == "not-exempt"


def test_systemic_risk_estimated_below_threshold_passes() -> None:
    arts = (
        weights_file("model-1.safetensors", 3_500_000_000),
        weights_file("model-2.safetensors", 3_500_000_000),
        weights_file("model.gguf", 7_000_000_000, "gguf", key="parameter_count"),
        _facts("README.md", training_tokens="2000000000000"),
    )
    c = _g(report(artifacts=arts), "systemic-risk")
    assert c.grade is Grade.PASS and "7,000,000,000 parameters" in c.reason  # shards added, formats not


def test_checkpoint_parameters_are_not_added_to_the_final_weights() -> None:
    final, inter = (C.MODEL_PARAMETERS_FINAL.value,), (C.MODEL_PARAMETERS_INTERMEDIATE.value,)
    arts = (
        weights_file("model.safetensors", 7_000_000_000, roles=final),
        weights_file("checkpoints/step-1000/model.safetensors", 7_000_000_000, roles=inter),
        weights_file("checkpoints/step-2000/model.safetensors", 7_000_000_000, roles=inter),
        _facts("README.md", training_tokens="200000000000"),
    )
    c = _g(report(artifacts=arts), "systemic-risk")
    assert "6 x 7,000,000,000 parameters" in c.reason and "8.4e21" in c.reason, c.reason
    only_checkpoints = report(artifacts=arts[1:])  # no final weights: one checkpoint stands for the model
    assert "6 x 7,000,000,000 parameters" in _g(only_checkpoints, "systemic-risk").reason


def test_tokens_read_from_a_card_sentence_are_quoted_with_their_line() -> None:
    card = _facts(
        "README.md", training_tokens="2000000000000", training_tokens_quote="line 12: It was pretrained on 2T tokens."
    )
    config = ArtifactFacts("s1", "train.yaml", 10, ArtifactKind.CONFIG, "yaml", details=(("training_tokens", "1000"),))
    arts = (weights_file("model.safetensors", 1_000_000_000), config, card)
    c = _g(report(artifacts=arts), "systemic-risk")
    assert c.grade is Grade.PASS  # 6 x 1e9 x 2e12 = 1.2e22
    assert '"It was pretrained on 2T tokens."' in c.reason and c.evidence == ("s1:README.md:12",)
    assert "2,000,000,000,000 tokens" in c.reason  # the largest claim, not the first artifact's


def test_tokens_without_parameters_give_the_parameter_bound() -> None:
    c = _g(report(artifacts=(_facts("README.md", training_tokens="2000000000000"),)), "systemic-risk")
    assert c.grade is Grade.TO_CONFIRM and "2,000,000,000,000 training tokens stated" in c.reason
    assert "8.3e11 parameters" in c.reason


def test_systemic_risk_disclosed_compute_wins() -> None:
    arts = (_facts("README.md", training_compute_flop="2e25"),)
    c = _g(report(artifacts=arts), "systemic-risk")
    assert c.grade is Grade.FAIL and "disclosed" in c.reason and c.evidence == ("s1:README.md",)


def test_systemic_risk_parameters_without_tokens_is_for_a_human_with_a_bound() -> None:
    c = _g(report(artifacts=(weights_file("m.safetensors", 1_000_000_000),)), "systemic-risk")
    assert (c.grade, c.judged_by) == (Grade.TO_CONFIRM, "human")
    assert "1,000,000,000 parameters known" in c.reason and "1.7e15 tokens" in c.reason
    bare = _g(report(), "systemic-risk")
    assert bare.grade is Grade.TO_CONFIRM and "neither parameters nor training tokens" in bare.reason


# ---------------------------------------------------------------------------------------------- what still applies


def test_training_summary_reports_whether_a_data_card_is_present() -> None:
    with_card = _g(report(), "training-content-summary")
    assert "a data card and the datasets are published" in with_card.reason and with_card.evidence
    card_only = _g(report({C.DATASETS: None}), "training-content-summary")
    assert "a data card is published" in card_only.reason
    without = _g(report({C.DATA_CARD: None, C.DATASETS: None}), "training-content-summary")
    assert "no data card or dataset list found" in without.reason and not without.evidence
    for rep in (report(), only()):
        ids = {c.id for c in evaluate(rep).criteria}
        assert {"eu-ai-act.copyright-policy", "eu-ai-act.training-content-summary"} <= ids


# ---------------------------------------------------------------------------------------------- detail lookups


def test_first_detail_takes_the_first_artifact_with_a_number_and_its_first_key() -> None:
    from opengauge.frameworks._evidence import first_detail, gating

    arts = (
        _facts("a.md", training_tokens="unknown"),
        _facts("b.md", tokens="2000", training_tokens="1000"),
        _facts("c.md", training_tokens="5"),
    )
    rep = report(artifacts=arts)
    assert first_detail(rep, ("training_tokens", "tokens")) == (1000, "s1:b.md")
    assert first_detail(rep, ("tokens", "training_tokens")) == (2000, "s1:b.md")
    assert first_detail(rep, ("nothing",)) is None
    assert first_detail(report(artifacts=arts[:1]), ("training_tokens",)) is None
    gated = report(artifacts=(_facts("g.md", gated="manual"), _facts("h.md", gated="false"), _facts("i.md")))
    assert gating(gated) == ("s1:g.md",)


# ---------------------------------------------------------------------------------------------- end to end


def test_audit_estimates_compute_from_the_card_sentence_and_the_final_weights(tmp_path: Path) -> None:
    """A release with final weights, two checkpoints of them and a card that says how many tokens: the estimate
    counts the final weights once and quotes the card's sentence; a config's ``num_train_tokens`` counts too."""
    header, size = safetensors_header({"w": ("F32", [1000, 1000])})  # 1,000,000 parameters
    data = raw_safetensors(header, size)
    for path in ("model.safetensors", "checkpoints/step-100/model.safetensors", "ckpt/step-200/model.safetensors"):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_bytes(data)
    (tmp_path / "README.md").write_text(
        "---\nlicense: apache-2.0\n---\n# Tiny\n\n## Training\n\nThe model was pretrained on 3T tokens of web text.\n"
    )
    c = _risk(tmp_path)
    assert c.grade is Grade.PASS, c.reason
    assert "6 x 1,000,000 parameters x 3,000,000,000,000 tokens" in c.reason
    assert '"The model was pretrained on 3T tokens of web text."' in c.reason and c.evidence == ("s1:README.md:8",)
    (tmp_path / "README.md").write_text("---\nlicense: apache-2.0\n---\n# Tiny\n")
    (tmp_path / "train_config.json").write_text('{"optimizer": "adamw", "lr": 0.001, "num_train_tokens": 5e12}\n')
    c = _risk(tmp_path)
    assert "5,000,000,000,000 tokens" in c.reason and c.evidence == ("s1:train_config.json:1",), c.reason


def _risk(root: Path) -> Criterion:
    assessment = audit([str(root)], AuditOptions(scan=False)).assessment("eu-ai-act")
    assert assessment is not None
    return crit(assessment.criteria, "eu-ai-act.systemic-risk")
