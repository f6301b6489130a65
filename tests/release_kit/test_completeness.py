"""Card completeness: sections present, thin (heading only, placeholders) or missing; the overall grade."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from opengauge.inventory.content.completeness import (
    DATA_SECTIONS,
    MODEL_SECTIONS,
    Grade,
    SectionState,
    completeness_details,
    data_card_completeness,
    headings,
    model_card_completeness,
)

SUBSTANCE = "This section says something real about the model, in several words."


def full_model_card() -> str:
    parts = ["---\nlicense: mit\n---\n", "# Tiny\n"]
    titles = (
        "Model Details",
        "Uses",
        "Bias, Risks, and Limitations",
        "How to Get Started with the Model",
        "Training Details",
        "Evaluation",
        "Environmental Impact",
        "Technical Specifications",
        "Citation",
        "Model Card Contact",
    )
    for title in titles:
        parts.append(f"## {title}\n\n{SUBSTANCE}\n")
    return "\n".join(parts)


def test_full_model_card() -> None:
    result = model_card_completeness(full_model_card())
    assert result.grade is Grade.FULL
    assert result.present == tuple(s.key for s in MODEL_SECTIONS)
    assert not result.thin and not result.missing


def test_heading_only_card_is_thin_not_full() -> None:
    card = "---\nlicense: mit\n---\n" + "".join(
        f"## {t}\n\n" for t in ("Model Details", "Uses", "Bias, Risks, and Limitations", "Training Details")
    )
    card += "## Evaluation\n\n[More Information Needed]\n\n## Citation\n\n<!-- TODO: add -->\n\nTODO\n"
    result = model_card_completeness(card)
    assert result.grade is Grade.THIN
    assert not result.present
    assert set(result.thin) == {
        "model_details",
        "uses",
        "bias_risks_limitations",
        "training_details",
        "evaluation",
        "citation",
    }
    assert "environmental_impact" in result.missing


def test_subsections_give_substance_to_their_parent() -> None:
    card = f"## Evaluation\n\n### Testing Data\n\n{SUBSTANCE}\n\n## Uses\n\n### Direct Use\n\n"
    result = model_card_completeness(card)
    states = {s.key: s.state for s in result.sections}
    assert states["evaluation"] is SectionState.PRESENT
    assert states["uses"] is SectionState.THIN


def test_setext_headings_and_fenced_code() -> None:
    card = (
        "Model Details\n=============\n\n" + SUBSTANCE + "\n\nUses\n----\n\n" + SUBSTANCE + "\n\n"
        "```python\n# Citation\nprint('not a heading')\n```\n"
    )
    found = [h.title for h in headings(card)]
    assert found == ["Model Details", "Uses"]
    result = model_card_completeness(card)
    assert "citation" in result.missing
    assert result.grade is Grade.MINIMAL


def test_no_front_matter_and_malformed_front_matter_are_judged_on_the_body() -> None:
    body = "\n".join(f"## {t}\n\n{SUBSTANCE}\n" for t in ("Model Details", "Uses", "Training", "Evaluation"))
    plain = model_card_completeness(body)
    broken = model_card_completeness("---\nlicense: [unclosed\n---\n" + body)
    assert plain.present == broken.present == ("model_details", "uses", "training_details", "evaluation")
    assert plain.grade is Grade.THIN


def test_empty_card_is_minimal() -> None:
    assert model_card_completeness("").grade is Grade.MINIMAL
    assert data_card_completeness("just some words without any headings").grade is Grade.MINIMAL


def test_datasheet_sections() -> None:
    titles = ("Motivation", "Composition", "Collection Process", "Preprocessing/cleaning/labeling", "Uses")
    card = "---\npretty_name: x\n---\n" + "\n".join(f"## {t}\n\n{SUBSTANCE}\n" for t in titles)
    card += "\n## Distribution\n\n## Maintenance\n\nMore information needed\n"
    result = data_card_completeness(card)
    assert result.present == ("motivation", "composition", "collection_process", "preprocessing", "uses")
    assert result.thin == ("distribution", "maintenance")
    assert result.grade is Grade.THIN


def test_croissant_rai_fields_in_front_matter_and_json() -> None:
    front = (
        "---\nrai:dataCollection: Crawled from our own forum with consent.\n"
        "rai:dataReleaseMaintenancePlan: Yearly updates by the data team.\nrai:dataBiases: ''\n---\n# Data\n"
    )
    result = data_card_completeness(front)
    assert {"collection_process", "maintenance"} <= set(result.present)
    assert "uses" in result.missing  # an empty dataBiases does not count
    assert set(result.rai_fields) == {"dataCollection", "dataReleaseMaintenancePlan"}
    croissant = {
        "@type": "sc:Dataset",
        "name": "x",
        "rai:dataPreprocessingProtocol": ["Deduplicated by exact hash."],
        "recordSet": [{"rai:dataUseCases": "Training small classifiers."}],
    }
    result = data_card_completeness(json.dumps(croissant))
    assert {"preprocessing", "uses"} <= set(result.present)


def test_completeness_details_integration_point() -> None:
    details = dict(completeness_details("model", full_model_card()))
    assert details["completeness"] == "full"
    assert details["sections_missing"] == ""
    assert details["sections_present"].split(",")[0] == "model_details"
    assert dict(completeness_details("dataset", "## Motivation\n\n"))["sections_thin"] == "motivation"
    assert completeness_details("document", "# x") == ()
    pairs = completeness_details("data", "")
    assert [k for k, _ in pairs] == sorted(k for k, _ in pairs)


def test_every_section_has_distinct_synonyms() -> None:
    for specs in (MODEL_SECTIONS, DATA_SECTIONS):
        keys = [s.key for s in specs]
        assert len(keys) == len(set(keys))
        assert all(s.synonyms for s in specs)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("#=-`~ \n\tabcUses:{}[]<!->\"'rai")), max_size=400))
def test_fuzz_never_raises(text: str) -> None:
    for judge in (model_card_completeness, data_card_completeness):
        result = judge(text)
        assert result.grade in set(Grade)
        assert len(result.present) + len(result.thin) + len(result.missing) == len(result.sections)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_fuzz_any_text_including_json_like(text: str) -> None:
    data_card_completeness("{" + text)
    model_card_completeness("---\n" + text + "\n---\n" + text)
