"""Documents: papers and reports, evaluation results, sample outputs, other text documents, licence files."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from opengauge.inventory.content.documents import pdf_title
from opengauge.inventory.content.licence_files import role_hint
from opengauge.record import ArtifactKind, ComponentId, EvidenceLevel
from tests.inventory.content_support import artifact, classify, details, linked_components, pick

PAPER = ComponentId.RESEARCH_PAPER.value
REPORT = ComponentId.TECHNICAL_REPORT.value


def make_pdf(title_entry: bytes) -> bytes:
    return b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n2 0 obj\n<< " + title_entry + b" >>\nendobj\n%%EOF\n"


def test_pdf_title_literal_and_hex() -> None:
    assert pdf_title(make_pdf(rb"/Title (Tiny \(v2\) Models)")) == "Tiny (v2) Models"
    utf16 = ("\ufeffTitre é").encode("utf-16-be").hex().encode()
    assert pdf_title(make_pdf(b"/Title <" + utf16 + b">")) == "Titre é"
    xmp = b"<dc:title><rdf:Alt><rdf:li xml:lang='x-default'>XMP Title</rdf:li></rdf:Alt></dc:title>"
    assert pdf_title(b"%PDF-1.4\n" + xmp) == "XMP Title"
    assert pdf_title(b"%PDF-1.4\nnothing") is None


def test_pdf_paper_and_report() -> None:
    name, obs = classify("paper.pdf", make_pdf(b"/Title (Tiny Models)"))
    assert name == "paper" and obs.kind is ArtifactKind.PAPER and obs.format == "pdf"
    assert obs.roles == (PAPER,) and details(obs)["title"] == "Tiny Models"
    assert details(obs)["pdf_header"] == "ok"
    _, report = classify("docs/tiny.pdf", make_pdf(b"/Title (Tiny: A Technical Report)"))
    assert report.roles == (REPORT,)
    _, named = classify("technical_report.pdf", b"%PDF-1.5\n")
    assert named.roles == (REPORT,)
    _, other = classify("docs/notes.pdf", b"%PDF-1.5\n")
    assert other.roles == (PAPER,) and other.evidence[0].confidence == 0.5
    _, figure = classify("figures/arch.pdf", b"%PDF-1.5\n")  # kept with the images, not named a paper
    assert figure.kind is ArtifactKind.DOCUMENT and figure.roles == () and details(figure)["figure"] == "true"
    _, exported = classify("tokenizer.pdf", make_pdf(b"/Title (tokenizer_whitegrid.jpg)"))  # an exported image
    assert exported.roles == ()
    _, arxiv = classify("2307.09288v2.pdf", b"%PDF-1.5\n")
    assert arxiv.evidence[0].confidence == 0.9


def test_pdf_read_is_bounded() -> None:
    from opengauge.inventory.content.documents import PaperClassifier
    from tests.inventory.content_support import MemoryReader

    data = b"%PDF-1.5\n" + b"x" * 3_000_000
    reader = MemoryReader({"p.pdf": data})
    PaperClassifier().classify(artifact("p.pdf", data), data[:4096], reader)
    assert reader.bytes_read <= 1024 * 1024


def test_tex_paper() -> None:
    tex = "\\documentclass{article}\n\\title{Tiny \\emph{Models}}\n\\begin{document}\n\\begin{abstract}x\\end{abstract}"
    _, obs = classify("paper/main.tex", tex)
    assert obs.kind is ArtifactKind.PAPER and obs.format == "latex"
    assert obs.roles == (PAPER,) and obs.evidence[0].confidence == 0.8
    d = details(obs)
    assert d["title"] == "Tiny \\emph{Models}" and d["abstract"] == "true" and d["documentclass"] == "true"


def test_tex_bibliography_links_are_not_paper_evidence() -> None:
    _, obs = classify("paper/refs.tex", "see \\url{https://arxiv.org/abs/1706.03762}")
    assert obs.links and not any(e.level is EvidenceLevel.LINKED for e in obs.evidence)


def test_markdown_paper_and_report_names() -> None:
    assert classify("WHITEPAPER.md", "# Tiny\n")[1].roles == (PAPER,)
    assert classify("docs/tech_report.md", "# Tiny\n")[1].roles == (REPORT,)
    assert pick(".github/ISSUE_TEMPLATE/bug_report.md", "x") == "document"
    assert pick("bug_report.md", "x") == "document"


def test_evaluation_results_files() -> None:
    lm_eval = {"results": {"arc_easy": {"acc": 0.5}, "hellaswag": {"acc": 0.6}}}
    name, obs = classify("results/results_2024.json", json.dumps(lm_eval))
    assert name == "eval-results" and obs.kind is ArtifactKind.EVAL_RESULTS
    assert obs.roles == (ComponentId.EVALUATION_RESULTS.value,)
    assert details(obs)["tasks"] == "2"
    assert "arc_easy" in (obs.evidence[0].excerpt or "")
    for path in (
        "eval_results.json",
        "all_results.json",
        "train_metrics.json",
        "leaderboard.csv",
        "results.csv",
        ".eval_results/mmlu.yaml",
    ):
        assert pick(path, "{}") == "eval-results", path
    _, bad = classify("results.json", "{bad")
    assert details(bad)["parsed"] == "false" and bad.evidence[0].confidence == 0.7


def test_sample_outputs() -> None:
    for path in (
        "samples/001.png",
        "sample_outputs.md",
        "generations_chat.jsonl",
        "examples/outputs/a.txt",
        "samples_hellaswag_2024.jsonl",
    ):
        name, obs = classify(path, "x")
        assert name == "sample-outputs" and obs.kind is ArtifactKind.SAMPLE_OUTPUTS, path
        assert obs.roles == (ComponentId.SAMPLE_OUTPUTS.value,)
    assert pick("samples/sample.py", "x = 1") == "code"


def test_other_documents_give_links() -> None:
    text = "# Docs\nOur dataset: https://huggingface.co/datasets/acme/corpus\n"
    name, obs = classify("docs/usage.md", text)
    assert name == "document" and obs.kind is ArtifactKind.DOCUMENT and obs.roles == ()
    assert details(obs)["title"] == "Docs"
    assert linked_components("docs/usage.md", obs) == {ComponentId.DATASETS.value}
    assert pick("CITATION.cff", "doi: 10.5281/zenodo.1") == "document"
    assert pick("notes.txt", "x") == "document"


# -- licence files ------------------------------------------------------------------------------------------


def test_licence_files() -> None:
    for path in (
        "LICENSE",
        "LICENSE.md",
        "LICENCE.txt",
        "COPYING",
        "NOTICE",
        "USE_POLICY.md",
        "LICENSE-MODEL",
        "LICENSE_MODEL.txt",
        "MODEL_LICENSE",
        "LICENSE-APACHE",
        "src/x.py.license",
        "LICENSES/MIT.txt",
        "weights/LICENSE",
    ):
        name, obs = classify(path, "Some licence text")
        assert name == "licence-file" and obs.kind is ArtifactKind.LICENSE and obs.licence_text, path
        assert obs.roles == () and obs.declarations == (), path


def test_licence_file_hints() -> None:
    assert role_hint(artifact("LICENSE-MODEL", b"")) == "weights"
    assert role_hint(artifact("MODEL_LICENSE.md", b"")) == "weights"
    assert role_hint(artifact("USE_POLICY.md", b"")) == "policy"
    assert role_hint(artifact("ACCEPTABLE_USE_POLICY", b"")) == "policy"
    assert role_hint(artifact("NOTICE.txt", b"")) == "notice"
    assert role_hint(artifact("LICENSE", b"")) is None
    assert details(classify("LICENSE_MODEL", "x")[1])["role_hint"] == "weights"
    assert "role_hint" not in details(classify("LICENSE", "x")[1])


def test_licence_named_code_is_code() -> None:
    assert pick("license_check.py", "x = 1") == "code"
    assert pick("licenses.json", "{}") != "licence-file"


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=3000))
def test_fuzz_documents_never_raise(data: bytes) -> None:
    for path in ("paper.pdf", "main.tex", "results.json", "docs/x.md", "samples/a.txt"):
        classify(path, data)
    pdf_title(data)
