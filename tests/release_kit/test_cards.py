"""Cards as the audit reads them (written here, by us): evaluation results from ``.eval_results/*.yaml`` and
model-index, malformed and missing front matter, heading-only cards; and card drafts that invent nothing."""

from __future__ import annotations

from pathlib import Path

import yaml

from opengauge.cards import draft_data_card, draft_model_card
from opengauge.cards.facts import hf_licence, strip_source
from opengauge.inventory.content.completeness import Grade, completeness_details
from opengauge.pipeline import AuditOptions, audit
from opengauge.record import AuditReport, ComponentStatus, EvidenceLevel
from tests.releases import build_code_repo, build_hf_model

BAD_INDEX = """---
license: mit
model-index:
- name: tiny
  results:
  - task: not-a-mapping
    metrics: 0.5
---

# Tiny

## Model Details

A tiny model.
"""


def _audit(*paths: Path) -> AuditReport:
    return audit([str(p) for p in paths], AuditOptions(scan=False))


def _rules(report: AuditReport) -> set[str]:
    return {f.rule_id for f in report.findings}


def test_eval_results_folder_is_read(tmp_path: Path) -> None:
    root = tmp_path / "m"
    (root / ".eval_results").mkdir(parents=True)
    (root / ".eval_results" / "arc.yaml").write_text("results:\n  arc_easy: {acc: 0.61}\n  arc_challenge: {acc: 0.3}\n")
    (root / "README.md").write_text("---\nlicense: mit\n---\n# m\n")
    comp = _audit(root).component("Evaluation results")
    assert comp.status is ComponentStatus.PRESENT
    assert any(e.location.endswith(".eval_results/arc.yaml") and "2 tasks" in (e.excerpt or "") for e in comp.evidence)


def test_model_index_is_read_as_results_and_evaluation_data(tmp_path: Path) -> None:
    report = _audit(build_hf_model(tmp_path / "m"))
    results = report.component("Evaluation results")
    assert any(e.extractor == "card" and "model-index" in (e.excerpt or "") for e in results.evidence)
    data = report.component("Evaluation data")
    assert any(e.level is EvidenceLevel.LINKED and "example-lab/tiny-eval" in e.location for e in data.evidence)


def test_model_index_with_errors_is_a_finding(tmp_path: Path) -> None:
    root = tmp_path / "m"
    root.mkdir()
    (root / "README.md").write_text(BAD_INDEX)
    report = _audit(root)
    assert "OG-INV-013" in _rules(report)
    assert report.component("Model card").status is ComponentStatus.PRESENT


def test_malformed_front_matter_is_a_finding_and_the_card_still_counts(tmp_path: Path) -> None:
    root = tmp_path / "m"
    root.mkdir()
    (root / "README.md").write_text("---\nlicense: [mit\n---\n# m\n\n## Model Details\n\nSome words here.\n")
    report = _audit(root)
    assert "OG-INV-012" in _rules(report)
    assert report.component("Model card").status is ComponentStatus.PRESENT


def test_no_front_matter_needs_model_card_headings(tmp_path: Path) -> None:
    plain, card = tmp_path / "plain", tmp_path / "card"
    plain.mkdir()
    card.mkdir()
    (plain / "README.md").write_text("# A project\n\nSome code.\n")
    (card / "README.md").write_text("# m\n\n## Intended Use\n\nResearch.\n\n## Limitations\n\nMany.\n")
    assert _audit(plain).component("Model card").status is ComponentStatus.ABSENT
    assert _audit(card).component("Model card").status is ComponentStatus.PRESENT


def test_heading_only_card_is_present_but_thin(tmp_path: Path) -> None:
    text = "---\nlicense: mit\n---\n# m\n\n## Model Details\n\n## Uses\n\n## Limitations\n\n## Evaluation\n\n"
    root = tmp_path / "m"
    root.mkdir()
    (root / "README.md").write_text(text)
    assert _audit(root).component("Model card").status is ComponentStatus.PRESENT
    assert dict(completeness_details("model", text))["completeness"] == Grade.THIN.value


def test_model_card_draft_invents_nothing(tmp_path: Path) -> None:
    report = _audit(build_code_repo(tmp_path / "code"), build_hf_model(tmp_path / "model"))
    text = draft_model_card(report)
    front = yaml.safe_load(text.split("---\n")[1])
    assert front["license"] == "apache-2.0"  # the weights' licence, from the card tag
    assert front["datasets"] == ["example-lab/tiny-corpus"]
    assert front["library_name"] == "TODO"  # nothing in the release says
    assert "`train.py` (licence: MIT)" in text
    assert "<!-- TODO: intermediate checkpoints, if released -->" in text
    assert "<!-- TODO: BibTeX entry. -->" in text
    result = dict(completeness_details("model", text))
    assert result["completeness"] != "full"  # a draft is not a finished card


def test_data_card_draft_has_the_seven_groups_and_todos(tmp_path: Path) -> None:
    report = _audit(build_code_repo(tmp_path / "code"))
    text = draft_data_card(report)
    front = yaml.safe_load(text.split("---\n")[1])
    assert front["license"] == "TODO" and front["pretty_name"] == "TODO"
    details = dict(completeness_details("data", text))
    assert details["sections_missing"] == ""  # every group has its heading
    assert "Preprocessing code: `preprocess.py` (licence: MIT)" in text


def test_hf_licence_and_paths() -> None:
    assert hf_licence("Apache-2.0") == ("apache-2.0", "")
    assert hf_licence("CDLA-Permissive-2.0") == ("cdla-permissive-2.0", "")
    assert hf_licence("LicenseRef-acme") == ("other", "LicenseRef-acme")
    assert hf_licence("NOASSERTION") == ("TODO", "")
    prefixes = {"s1": "", "s2": "/data/model"}
    assert strip_source("s1:src/a.py:12", prefixes) == "src/a.py"
    assert strip_source("s2:config.json", prefixes) == "/data/model/config.json"
    assert strip_source("https://x.org/a:b", prefixes) == "https://x.org/a:b"
    assert strip_source("s9:x", prefixes) == "s9:x"


def test_model_card_draft_keeps_a_declared_licence_it_cannot_identify() -> None:
    root = Path(__file__).resolve().parents[2] / "examples" / "open-weights-only"
    front = yaml.safe_load(draft_model_card(_audit(root)).split("---\n")[1])
    assert front["license"] == "other"
    assert front["license_name"] == "acme-community-model-licence-1.0"
