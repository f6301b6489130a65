"""A card's completeness reaches the component, the MOF grade, the OSAI-Index grade and the findings."""

from __future__ import annotations

from pathlib import Path

from opengauge.pipeline import AuditOptions, audit

HEADINGS_ONLY = """---
license: cc-by-4.0
---
# Tiny

## Model Details

## Uses

## Bias, Risks, and Limitations

## Training Details

## Evaluation
"""

FULL_SECTION = "\n\nThis section is written out in full sentences with real substance for the reader, twice over.\n"


def _audit(tmp_path: Path, text: str):
    (tmp_path / "README.md").write_text(text)
    return audit([str(tmp_path)], AuditOptions(scan=False))


def test_heading_only_card_is_reported_but_gets_no_mof_credit(tmp_path: Path) -> None:
    report = _audit(tmp_path, HEADINGS_ONLY)
    card = report.component("Model card")
    assert card.status.value == "present"
    assert card.evidence[0].confidence < 0.4 and "headings without substance" in (card.evidence[0].excerpt or "")
    mof = report.assessment("mof")
    crit = next(c for c in mof.criteria if c.name == "Model card")
    assert crit.grade.value == "fail" and "no credit" in crit.reason
    osai = report.assessment("osai-index")
    assert next(c for c in osai.criteria if c.id.endswith("modelcard")).grade.value == "partial"
    assert any(f.rule_id == "OG-DOC-002" for f in report.findings)


def test_card_with_substance_gets_credit(tmp_path: Path) -> None:
    text = HEADINGS_ONLY.replace("\n## ", FULL_SECTION + "\n## ") + FULL_SECTION
    sections = ["How to Get Started", "Environmental Impact", "Technical Specifications", "Citation", "Contact"]
    text += "".join(f"\n## {s}{FULL_SECTION}" for s in sections)
    report = _audit(tmp_path, text)
    card = report.component("Model card")
    assert card.evidence[0].confidence >= 0.8
    crit = next(c for c in report.assessment("mof").criteria if c.name == "Model card")
    assert crit.grade.value == "pass"
    assert not any(f.rule_id == "OG-DOC-002" for f in report.findings)


def test_spdx_header_in_a_card_governs_the_card(tmp_path: Path) -> None:
    (tmp_path / "LICENSE").write_text("SPDX-License-Identifier: Apache-2.0\n")
    text = "<!-- SPDX-License-Identifier: CC-BY-4.0 -->\n" + HEADINGS_ONLY.split("---\n", 2)[2]
    report = _audit(tmp_path, "---\nlicense: apache-2.0\n---\n" + text)
    card = report.component("Model card")
    assert card.licence is not None and card.licence.expression == "CC-BY-4.0"
    assert card.licence_scope == "file"
