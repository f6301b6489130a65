"""Cards: front matter parsing, model cards, data cards, READMEs, model-index checks, licence tags."""

from __future__ import annotations

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from opengauge.inventory.content.frontmatter import get_list, get_str, parse_front_matter
from opengauge.record import ArtifactKind, ComponentId, EvidenceLevel, LinkKind, LinkOrigin
from tests.inventory.content_support import classify, components, details, linked_evidence
from tests.strategies import json_values

MODEL_CARD = """\
---
license: other
license_name: acme-model-licence
license_link: LICENSE
base_model: acme/tiny-base
base_model_relation: finetune
datasets:
  - acme/corpus
  - acme/instructions
language: [en, fr]
pipeline_tag: text-generation
library_name: transformers
tags: [tiny, demo]
extra_gated_prompt: Agree to the terms
extra_gated_fields:
  Company: text
co2_eq_emissions:
  emissions: 123
model-index:
  - name: tiny-chat
    results:
      - task: {type: text-generation}
        dataset: {name: MMLU, type: cais/mmlu}
        metrics:
          - {type: accuracy, value: 0.5}
          - {type: f1, value: 0.4}
      - task: {type: text-generation}
        dataset: {name: HellaSwag, type: hellaswag}
        metrics:
          - {type: accuracy, value: 0.7}
---

# Tiny chat

Paper: [Tiny models](https://arxiv.org/abs/2401.00001). Read our [technical report](https://example.org/tr.pdf).

| checkpoint | revision |
|---|---|
| step1000 | `revision="step1000"` |
"""

BROKEN_INDEX = """\
---
license: apache-2.0
model-index:
  - name: x
    results:
      - dataset: {name: only-a-name}
        metrics: [{type: acc, value: 1}]
---
text
"""

DATASET_CARD = """\
---
license: cc-by-4.0
task_categories: [text-generation]
size_categories: [1M<n<10M]
configs:
  - config_name: default
    data_files: data/*.parquet
---
# Corpus
Collected from https://example.org/crawl
"""


def test_model_card_front_matter() -> None:
    name, obs = classify("README.md", MODEL_CARD)
    assert name == "card"
    assert obs.kind is ArtifactKind.MODEL_CARD
    assert ComponentId.MODEL_CARD.value in obs.roles
    d = details(obs)
    assert d["card_type"] == "model" and d["front_matter"] == "ok"
    assert d["license"] == "other" and d["license_name"] == "acme-model-licence"
    assert d["base_model"] == "acme/tiny-base" and d["base_model_relation"] == "finetune"
    assert d["datasets"] == "acme/corpus,acme/instructions"
    assert d["language"] == "en,fr" and d["pipeline_tag"] == "text-generation"
    assert d["library_name"] == "transformers" and d["tags"] == "tiny,demo"
    assert d["gated"] == "true" and d["gated_fields"] == "extra_gated_fields,extra_gated_prompt"
    assert d["co2_eq_emissions"] == "123"
    assert d["model_index_results"] == "3" and d["hub_eval_results"] == "3"
    assert d["hub_card"] == "parsed"
    assert obs.findings == ()


def test_model_card_licence_declaration() -> None:
    _, obs = classify("models/tiny/README.md", MODEL_CARD)
    (decl,) = obs.declarations
    assert decl.value == "other" and decl.how == "card-tag"
    assert decl.name == "acme-model-licence" and decl.link == "LICENSE"
    assert decl.location == "s1:models/tiny/README.md" and decl.scope == "s1:models/tiny"


def test_model_card_evaluation_results_and_data() -> None:
    _, obs = classify("README.md", MODEL_CARD)
    results = [e for e in obs.evidence if e.component == ComponentId.EVALUATION_RESULTS.value]
    assert results[0].level is EvidenceLevel.VERIFIED and results[0].excerpt == "model-index: 3 results"
    assert ComponentId.EVALUATION_RESULTS.value in obs.roles
    index = {lk.url for lk in obs.links if lk.origin is LinkOrigin.MODEL_INDEX}
    assert index == {"https://huggingface.co/datasets/cais/mmlu", "https://huggingface.co/datasets/hellaswag"}
    eval_data = {
        e.location for e in linked_evidence("README.md", obs) if e.component == ComponentId.EVALUATION_DATA.value
    }
    assert eval_data == index


def test_model_card_links() -> None:
    _, obs = classify("README.md", MODEL_CARD)
    kinds = {lk.url: lk.kind for lk in obs.links}
    assert kinds["https://huggingface.co/datasets/acme/corpus"] is LinkKind.HF_DATASET
    assert kinds["https://huggingface.co/acme/tiny-base"] is LinkKind.HF_MODEL
    origins = {lk.url: lk.origin for lk in obs.links}
    assert origins["https://huggingface.co/acme/tiny-base"] is LinkOrigin.BASE_MODEL
    assert origins["https://huggingface.co/datasets/acme/corpus"] is LinkOrigin.CARD_DATASETS
    assert not any(e.level is EvidenceLevel.LINKED for e in obs.evidence)  # the linking stage decides
    found = linked_evidence("README.md", obs)
    linked = {e.component: e for e in found}
    assert linked[ComponentId.DATASETS.value].location.startswith("https://huggingface.co/datasets/acme/")
    assert linked[ComponentId.RESEARCH_PAPER.value].location == "https://arxiv.org/abs/2401.00001"
    assert linked[ComponentId.TECHNICAL_REPORT.value].location == "https://example.org/tr.pdf"
    # the base model link is recorded but is evidence for no component
    assert all(e.location != "https://huggingface.co/acme/tiny-base" for e in found)


def test_checkpoint_table_declares_intermediate_parameters() -> None:
    _, obs = classify("README.md", MODEL_CARD)
    (ev,) = [e for e in obs.evidence if e.component == ComponentId.MODEL_PARAMETERS_INTERMEDIATE.value]
    assert ev.level is EvidenceLevel.DECLARED and "| checkpoint | revision |" in (ev.excerpt or "")
    assert ev.line == MODEL_CARD.splitlines().index("| checkpoint | revision |") + 1
    assert ComponentId.MODEL_PARAMETERS_INTERMEDIATE.value not in obs.roles


def test_checkpoint_mentions() -> None:
    def declared(body: str) -> bool:
        _, obs = classify("README.md", "---\nlicense: mit\n---\n" + body)
        return ComponentId.MODEL_PARAMETERS_INTERMEDIATE.value in components(obs, "declared")

    assert declared('m = load("x", revision="step143000")\n')
    assert declared("Branches step1000 to step143000 hold intermediate weights.\n")
    assert declared("See output/checkpoint-500.\n")
    assert not declared('m = load("x", revision="main")\n')
    assert not declared("We do not release intermediate checkpoints.\n")
    assert not declared("| task | score |\n|---|---|\n| mmlu | 0.5 |\n")


def test_other_front_matter_is_not_a_model_card() -> None:
    _, obs = classify("docs/README.md", "---\nlayout: post\ntitle: Hello\n---\n# Hello\n")
    assert obs.kind is ArtifactKind.DOCUMENT and obs.declarations == ()


def test_model_index_with_errors_is_a_finding_and_kept_raw() -> None:
    _, obs = classify("README.md", BROKEN_INDEX)
    assert [f.rule_id for f in obs.findings] == ["OG-INV-013"]
    assert "huggingface_hub keeps 0 of 1" in obs.findings[0].message
    (ev,) = [e for e in obs.evidence if e.component == ComponentId.EVALUATION_RESULTS.value]
    assert ev.confidence == 0.6
    assert details(obs)["hub_eval_results"] == "0"


def test_model_index_not_a_list() -> None:
    _, obs = classify("README.md", "---\nmodel-index: 5\n---\n")
    assert obs.findings and "not a list" in obs.findings[0].message
    assert ComponentId.EVALUATION_RESULTS.value not in components(obs)


def test_malformed_front_matter() -> None:
    text = "---\nlicense: [mit\ndatasets: x: y\n---\n# Card\nhttps://arxiv.org/abs/2401.00001\n"
    _, obs = classify("README.md", text)
    assert obs.kind is ArtifactKind.MODEL_CARD
    assert details(obs)["front_matter"] == "malformed"
    assert [f.rule_id for f in obs.findings] == ["OG-INV-012"]
    assert obs.declarations == ()
    assert [lk.url for lk in obs.links] == ["https://arxiv.org/abs/2401.00001"]


def test_front_matter_that_is_not_a_mapping() -> None:
    _, obs = classify("README.md", "---\n- a\n- b\n---\nbody\n")
    assert details(obs)["front_matter"] == "malformed"
    assert "not a mapping" in obs.findings[0].message


def test_readme_without_front_matter_is_a_document() -> None:
    name, obs = classify("README.md", "# tinylib\nA library. See https://github.com/acme/tinylib\n")
    assert name == "card" and obs.kind is ArtifactKind.DOCUMENT
    assert obs.roles == () and details(obs)["front_matter"] == "absent"
    assert obs.links[0].kind is LinkKind.GITHUB


def test_heading_only_card() -> None:
    text = "# Tiny\n## Model Details\nx\n## Intended Use\ny\n## Limitations\nz\n"
    _, obs = classify("README.md", text)
    assert obs.kind is ArtifactKind.MODEL_CARD
    (ev,) = [e for e in obs.evidence if e.component == ComponentId.MODEL_CARD.value]
    assert ev.confidence < 0.4  # headings with one-letter bodies: no substance, no credit
    assert details(obs)["card_headings"] == "model details,intended use,limitations"


def test_one_heading_is_not_enough() -> None:
    _, obs = classify("README.md", "# Tiny\n## Evaluation\nx\n")
    assert obs.kind is ArtifactKind.DOCUMENT


def test_rst_underlined_headings() -> None:
    text = "Tiny\n====\n\nTraining Data\n-------------\nx\n\nLimitations\n-----------\ny\n"
    assert classify("README.rst", text)[1].kind is ArtifactKind.MODEL_CARD


def test_named_model_card_file() -> None:
    name, obs = classify("docs/MODEL_CARD.md", "# Tiny\nNothing here.\n")
    assert name == "card" and obs.kind is ArtifactKind.MODEL_CARD
    assert obs.roles == (ComponentId.MODEL_CARD.value,)


def test_dataset_card() -> None:
    _, obs = classify("data/README.md", DATASET_CARD)
    assert obs.kind is ArtifactKind.DATA_CARD
    assert obs.roles == (ComponentId.DATA_CARD.value,)
    assert details(obs)["task_categories"] == "text-generation"
    (decl,) = obs.declarations
    assert decl.value == "cc-by-4.0" and decl.scope == "s1:data"


def test_datasheet_names() -> None:
    for path in ("DATASHEET.md", "docs/datasheet_corpus.md", "DATA_CARD.md", "dataset_card.md"):
        name, obs = classify(path, "# Datasheet\n")
        assert name == "card" and obs.kind is ArtifactKind.DATA_CARD, path


def test_space_readme_is_a_document() -> None:
    _, obs = classify("README.md", "---\nsdk: gradio\napp_file: app.py\nemoji: x\n---\n# Demo\n")
    assert obs.kind is ArtifactKind.DOCUMENT and details(obs)["card_type"] == "space"


def test_card_links_and_evidence_are_bounded_on_huge_card() -> None:
    text = "---\nlicense: mit\n---\n" + "see https://arxiv.org/abs/2401.00001 " * 50_000
    start = time.perf_counter()
    _, obs = classify("README.md", text)
    assert time.perf_counter() - start < 10
    assert {lk.url for lk in obs.links} == {"https://arxiv.org/abs/2401.00001"}
    assert len(obs.links) <= 5  # the same URL once per distinct sentence, at most MAX_MENTIONS times


# -- front matter parser ------------------------------------------------------------------------------------


def test_parse_front_matter_basic() -> None:
    fm = parse_front_matter("---\nlicense: mit\ntags: [a, 1, true]\n---\n# Body\n")
    assert fm.present and fm.error is None and fm.data == {"license": "mit", "tags": ["a", 1, True]}
    assert fm.body == "# Body\n" and fm.body_line == 5
    assert get_str(fm.data, "license") == "mit"
    assert get_list(fm.data, "tags") == ("a", "1", "true")
    assert get_list(fm.data, "license") == ("mit",)
    assert get_str(fm.data, "tags") is None


def test_parse_front_matter_edge_cases() -> None:
    assert not parse_front_matter("no front matter").present
    assert not parse_front_matter("---\nnever closed\n").present
    empty = parse_front_matter("---\n---\nbody")
    assert empty.present and empty.data == {} and empty.body == "body"
    bom = parse_front_matter("\ufeff---\nlicense: mit\n...\nrest")
    assert bom.data == {"license": "mit"}
    crlf = parse_front_matter("---\r\nlicense: mit\r\n---\r\nrest")
    assert crlf.data == {"license": "mit"}
    bad = parse_front_matter("---\na: [\n---\n")
    assert bad.present and bad.data is None and bad.error and "line" in bad.error
    python_tag = parse_front_matter("---\na: !!python/object:os.system x\n---\n")
    assert python_tag.data is None and python_tag.error  # safe_load refuses to construct it


def test_oversized_front_matter_is_not_parsed() -> None:
    fm = parse_front_matter("---\n" + "a: b\n" * 100_000 + "---\n")
    assert fm.data is None and fm.error and "larger" in fm.error


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=2000))
def test_fuzz_front_matter_never_raises(text: str) -> None:
    for candidate in (text, f"---\n{text}\n---\nbody"):
        fm = parse_front_matter(candidate)
        assert fm.data is None or isinstance(fm.data, dict)
        for key in ("license", "datasets", "tags"):
            get_str(fm.data, key)
            get_list(fm.data, key)


@settings(max_examples=75, deadline=None)
@given(json_values(text=20))
def test_fuzz_model_index_shapes(value: object) -> None:
    import yaml

    text = "---\n" + yaml.safe_dump({"license": "mit", "model-index": value}) + "---\n# x\n"
    _, obs = classify("README.md", text)
    assert obs.kind is ArtifactKind.MODEL_CARD


def test_model_index_metric_values_become_details() -> None:
    from opengauge.inventory.content.cards import metric_details

    index = [
        {
            "name": "m",
            "results": [
                {
                    "task": {"type": "text-generation"},
                    "dataset": {"name": "Tiny eval", "type": "org/tiny"},
                    "metrics": [{"type": "accuracy", "value": 0.42}, {"type": "f1"}],
                }
            ],
        }
    ]
    assert metric_details(index) == {"metric:accuracy@Tiny eval": "0.42"}
    assert metric_details("not a list") == {}
    assert metric_details([{"results": [{"metrics": [{"type": "x", "value": 1}]}] * 50}]) == {"metric:x": "1"}
