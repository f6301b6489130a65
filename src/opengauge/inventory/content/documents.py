"""Documents: papers and technical reports (PDF by bytes, never rendered; LaTeX; named Markdown), evaluation
result files, sample model outputs, and other text documents (scanned for links)."""

from __future__ import annotations

import itertools
import json
import re

import yaml

from opengauge.inventory.content._shared import (
    MAX_TEXT,
    clip,
    decode,
    dir_parts,
    evidence,
    location,
    read_text,
    read_upto,
    roles_of,
    sorted_details,
    stem,
    tokens,
)
from opengauge.inventory.content.cards import data_doc_evidence
from opengauge.inventory.content.links import extract_links, hub_calls
from opengauge.inventory.content.prose_licences import prose_declarations, speaks_for_release
from opengauge.inventory.content.samples import sample_evidence
from opengauge.inventory.content.snippets import snippet_evidence
from opengauge.inventory.content.spdx_headers import spdx_declarations
from opengauge.inventory.content.tables import results_evidence
from opengauge.inventory.content.training_tokens import details as token_details
from opengauge.inventory.content.training_tokens import from_text as tokens_in_text
from opengauge.inventory.interface import Observation, Reader
from opengauge.record import Artifact, ArtifactKind, ComponentId, Link
from opengauge.safeyaml import safe_load

EXTRACTOR = "document"
PAPER = ComponentId.RESEARCH_PAPER.value
REPORT = ComponentId.TECHNICAL_REPORT.value
RESULTS = ComponentId.EVALUATION_RESULTS.value
SAMPLES = ComponentId.SAMPLE_OUTPUTS.value

TEXT_SUFFIXES = frozenset({".md", ".markdown", ".mdx", ".rst", ".txt", ".adoc", ".org", ".cff", ".html", ".htm"})
PAPER_SUFFIXES = frozenset({".md", ".markdown", ".pdf", ".tex"})
_NOT_PAPERS = ("bug", "issue", "security", "feature_request", "pull_request", "coverage")
_REPORT_TITLE = re.compile(r"tech(?:nical)?[\s_\-]*report", re.IGNORECASE)
_ARXIV_NAME = re.compile(r"^\d{4}\.\d{4,5}(?:v\d+)?$")
_PDF_TITLE = re.compile(rb"/Title\s*(\((?:[^()\\]|\\.){0,400}\)|<[0-9A-Fa-f\s]{2,1600}>)", re.DOTALL)
_XMP_TITLE = re.compile(rb"<dc:title>.{0,200}?<rdf:li[^>]{0,100}>([^<]{1,400})</rdf:li>", re.DOTALL)
_TEX_TITLE = re.compile(r"\\title(?:\[[^\]]{0,300}\])?\{((?:[^{}]|\{[^{}]{0,200}\}){1,500})\}")
_MD_TITLE = re.compile(r"^#[ \t]+(.{1,200})$", re.MULTILINE)
_PDF_ESCAPES = {
    b"n": b"\n",
    b"r": b"\r",
    b"t": b"\t",
    b"b": b"",
    b"f": b"",
    b"(": b"(",
    b")": b")",
    b"\\": b"\\",
}


# -- evaluation results -------------------------------------------------------------------------------------


def is_eval_results(artifact: Artifact) -> bool:
    name = artifact.name.lower()
    suffix = artifact.suffix
    if ".eval_results" in dir_parts(artifact.path) and suffix in {".yaml", ".yml", ".json"}:
        return True
    if suffix == ".json":
        return "results" in name or "metrics" in name
    if suffix in {".csv", ".tsv"}:
        return name.startswith(("results", "leaderboard", "eval_results", "evaluation_results"))
    if suffix in {".yaml", ".yml"}:
        return name.startswith(("results", "leaderboard", "eval_results", "evaluation_results"))
    return False  # a Markdown page of results is a document: its results tables say so


def _result_summary(value: object) -> tuple[str, dict[str, str]]:
    """A one-line summary of a results file: lm-eval style ``results`` tasks, or top-level entries."""
    if isinstance(value, dict):
        tasks = value.get("results")
        if isinstance(tasks, dict) and tasks:
            names = [str(k) for k in itertools.islice(tasks, 200)]
            return f"{len(tasks)} tasks ({', '.join(names[:5])})", {"tasks": str(len(tasks))}
        return f"{len(value)} entries", {"entries": str(len(value))}
    if isinstance(value, list):
        return f"{len(value)} entries", {"entries": str(len(value))}
    return "results file", {}


class EvalResultsClassifier:
    """Evaluation results: ``results*.json``, ``*metrics*.json``, ``leaderboard*.csv``, ``.eval_results/``."""

    name = "eval-results"

    def considers(self, suffix: str) -> bool:
        return suffix in {".yaml", ".yml", ".json", ".csv", ".tsv"}

    def accepts(self, artifact: Artifact, head: bytes) -> bool:
        return is_eval_results(artifact)

    def classify(self, artifact: Artifact, head: bytes, reader: Reader) -> Observation:
        data = read_upto(reader, artifact, head, MAX_TEXT + 1)
        fmt = artifact.suffix.lstrip(".") or "text"
        value: object = None
        parsed = False
        if len(data) <= MAX_TEXT and fmt in {"json", "yaml", "yml"}:
            try:
                text = decode(data)
                value = json.loads(text) if fmt == "json" else safe_load(text)
                parsed = True
            except (ValueError, yaml.YAMLError, RecursionError):
                parsed = False
        summary, details = _result_summary(value) if parsed else ("results file", {})
        details["parsed"] = "true" if parsed else "false"
        found = (
            evidence(
                RESULTS,
                artifact,
                EXTRACTOR,
                f"evaluation results: {summary}",
                confidence=0.9 if parsed else 0.7,
            ),
        )
        return Observation(
            kind=ArtifactKind.EVAL_RESULTS,
            format=fmt,
            roles=roles_of(found),
            details=sorted_details(details),
            evidence=found,
            declarations=spdx_declarations(artifact, head),
        )


# -- sample outputs -----------------------------------------------------------------------------------------


def is_sample_outputs(artifact: Artifact) -> bool:
    dirs = dir_parts(artifact.path)
    name = artifact.name.lower()
    if any(d == "samples" or d.startswith("sample_output") for d in dirs):
        return True
    if name.startswith("sample_output") or (
        name.startswith(("generations", "samples_")) and artifact.suffix in {".jsonl", ".json"}
    ):
        return True
    parts = [*dirs, name]
    return any(a == "examples" and b.startswith("outputs") for a, b in itertools.pairwise(parts))


class SampleOutputsClassifier:
    """Sample outputs: ``samples/``, ``sample_outputs*``, ``generations*.jsonl``, ``examples/outputs*``."""

    name = "sample-outputs"

    def considers(self, suffix: str) -> bool:
        return True  # by folder (samples/), any format

    def accepts(self, artifact: Artifact, head: bytes) -> bool:
        return is_sample_outputs(artifact)

    def classify(self, artifact: Artifact, head: bytes, reader: Reader) -> Observation:
        found = (evidence(SAMPLES, artifact, EXTRACTOR, f"sample output {artifact.name}", confidence=0.8),)
        return Observation(
            kind=ArtifactKind.SAMPLE_OUTPUTS,
            format=artifact.suffix.lstrip(".") or None,
            roles=roles_of(found),
            evidence=found,
            declarations=spdx_declarations(artifact, head),
        )


# -- images and recordings ---------------------------------------------------------------------------------

MEDIA_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".mp4", ".webm", ".mov"})
_RECORDINGS = frozenset({".gif", ".mp4", ".webm", ".mov"})
_RESULT_PICTURE = re.compile(r"benchmark|eval|result|leaderboard|radar|score", re.IGNORECASE)
_OUTPUT_PICTURE = re.compile(
    r"example|sample|demo|showcase|output|generat|mask|segment|predict|chat|conversation|response|answer",
    re.IGNORECASE,
)
_OUTPUT_FOLDERS = frozenset({"examples", "example", "samples", "demo", "demos", "showcase", "outputs", "screenshots"})
_NOT_OUTPUT = re.compile(
    r"logo|banner|diagram|architecture|overview|pipeline|loss|curve|icon|badge|qr|wechat", re.IGNORECASE
)


def media_role(artifact: Artifact) -> str | None:
    """What an image or recording in a release shows, by its name and folder: a results chart, or the model's
    outputs (a demo recording, a screenshot of an answer, an example image); None for logos, diagrams, curves."""
    name = stem(artifact.name)
    if _NOT_OUTPUT.search(name):
        return None
    if _RESULT_PICTURE.search(name):
        return RESULTS
    if artifact.suffix == ".svg":
        return None  # drawn, not captured: a chart or an icon
    if artifact.suffix in _RECORDINGS or _OUTPUT_PICTURE.search(name):
        return SAMPLES
    if any(d in _OUTPUT_FOLDERS for d in dir_parts(artifact.path)):
        return SAMPLES
    return None


class MediaClassifier:
    """Images and recordings: results charts and pictures of the model's outputs (never decoded)."""

    name = "media"

    def considers(self, suffix: str) -> bool:
        return suffix in MEDIA_SUFFIXES

    def accepts(self, artifact: Artifact, head: bytes) -> bool:
        return artifact.suffix in MEDIA_SUFFIXES

    def classify(self, artifact: Artifact, head: bytes, reader: Reader) -> Observation:
        role = media_role(artifact)
        what = {RESULTS: "a chart of evaluation results", SAMPLES: "a picture or recording of the model's outputs"}
        found = (evidence(role, artifact, EXTRACTOR, f"{artifact.name}: {what[role]}", confidence=0.5),) if role else ()
        return Observation(
            kind=ArtifactKind.OTHER,
            format=artifact.suffix.lstrip("."),
            roles=roles_of(found),
            details=sorted_details({"media": "true"}),
            evidence=found,
        )


# -- papers and reports -------------------------------------------------------------------------------------


def _paper_words(artifact: Artifact) -> tuple[str, ...]:
    return tokens(stem(artifact.name))


def is_paper(artifact: Artifact) -> bool:
    if artifact.suffix in {".pdf", ".tex"}:
        return True
    if artifact.suffix not in PAPER_SUFFIXES or any(d.startswith(".git") for d in dir_parts(artifact.path)):
        return False
    name = stem(artifact.name).lower()
    if any(bad in name for bad in _NOT_PAPERS):
        return False
    words = _paper_words(artifact)
    return (
        name.startswith(("paper", "whitepaper", "technical_report", "tech_report", "techreport", "preprint"))
        or "report" in words
        or "paper" in words
    )


def _pdf_string(raw: bytes) -> str:
    """A PDF literal ``(...)`` or hex ``<...>`` string as text (UTF-16 when it starts with a BOM)."""
    if raw.startswith(b"<"):
        hexdigits = re.sub(rb"[^0-9A-Fa-f]", b"", raw)
        if len(hexdigits) % 2:
            hexdigits += b"0"
        data = bytes.fromhex(hexdigits.decode("ascii"))
    else:
        body = raw[1:-1]
        data = re.sub(rb"\\([nrtbf()\\])", lambda m: _PDF_ESCAPES[m.group(1)], body)
    if data.startswith(b"\xfe\xff"):
        return data[2:].decode("utf-16-be", errors="replace")
    return data.decode("latin-1")


def pdf_title(data: bytes) -> str | None:
    """The document title from the info dictionary or XMP metadata, found by byte search (no rendering)."""
    match = _PDF_TITLE.search(data)
    if match:
        title = clip(_pdf_string(match.group(1)), 200).strip()
        if title:
            return title
    xmp = _XMP_TITLE.search(data)
    if xmp:
        return clip(xmp.group(1).decode("utf-8", errors="replace"), 200).strip() or None
    return None


_FIGURE_FOLDERS = frozenset(
    {"assets", "asset", "figures", "figure", "figs", "images", "image", "img", "imgs", "media", "static", "plots"}
)
_IMAGE_TITLE = re.compile(r"\.(?:png|jpe?g|gif|svg|eps|tiff?|bmp)$", re.IGNORECASE)


def is_figure(artifact: Artifact, title: str | None) -> bool:
    """A PDF that is a figure, not a paper: exported from an image (its title is an image file name) or kept with
    the images and not named like a paper or report."""
    if title and _IMAGE_TITLE.search(title.strip()):
        return True
    named = _paper_words(artifact)
    return any(d in _FIGURE_FOLDERS for d in dir_parts(artifact.path)) and not ({"paper", "report"} & set(named))


def _paper_role(artifact: Artifact, title: str | None, tex_document: bool) -> tuple[str, float]:
    words = _paper_words(artifact)
    name = stem(artifact.name).lower()
    if (
        "report" in words
        or name.startswith(("technical_report", "tech_report", "techreport"))
        or (title and _REPORT_TITLE.search(title))
    ):
        return REPORT, 0.9
    if "paper" in words or name.startswith(("paper", "whitepaper", "preprint")) or _ARXIV_NAME.match(name):
        return PAPER, 0.9
    if tex_document:
        return PAPER, 0.8
    return PAPER, 0.5


class PaperClassifier:
    """Research papers and technical reports: PDFs (title by byte search), LaTeX sources, named Markdown."""

    name = "paper"

    def considers(self, suffix: str) -> bool:
        return suffix in PAPER_SUFFIXES or suffix in {".pdf", ".tex"}

    def accepts(self, artifact: Artifact, head: bytes) -> bool:
        return is_paper(artifact)

    def classify(self, artifact: Artifact, head: bytes, reader: Reader) -> Observation:
        data = read_upto(reader, artifact, head, MAX_TEXT)
        details: dict[str, str] = {}
        tex_document = False
        if artifact.suffix == ".pdf":
            fmt = "pdf"
            title = pdf_title(data)
            details["pdf_header"] = "ok" if data.startswith(b"%PDF-") else "missing"
            links: tuple[Link, ...] = ()
        else:
            fmt = "latex" if artifact.suffix == ".tex" else "markdown"
            text = decode(data)
            tex_document = "\\documentclass" in text
            found_title = (_TEX_TITLE if fmt == "latex" else _MD_TITLE).search(text)
            title = clip(found_title.group(1), 200) if found_title else None
            if fmt == "latex":
                details["abstract"] = "true" if "\\begin{abstract}" in text else ""
                details["documentclass"] = "true" if tex_document else ""
            links = extract_links(text, location(artifact), markdown=fmt == "markdown")
            details.update(token_details(tokens_in_text(text)))
        details["title"] = title or ""
        if fmt == "pdf" and is_figure(artifact, title):
            details["figure"] = "true"
            return Observation(kind=ArtifactKind.DOCUMENT, format=fmt, details=sorted_details(details))
        component, confidence = _paper_role(artifact, title, tex_document)
        why = f"{fmt.upper() if fmt == 'pdf' else fmt} document" + (f" titled {title!r}" if title else "")
        found = (evidence(component, artifact, EXTRACTOR, why, confidence=confidence),)
        return Observation(
            kind=ArtifactKind.PAPER,
            format=fmt,
            roles=roles_of(found),
            details=sorted_details(details),
            evidence=found,
            links=links,
            declarations=spdx_declarations(artifact, head),
        )


# -- other documents ----------------------------------------------------------------------------------------


class DocumentClassifier:
    """Other text documents (Markdown, reStructuredText, text, CITATION.cff, HTML): links only."""

    name = "document"

    def considers(self, suffix: str) -> bool:
        return suffix in TEXT_SUFFIXES

    def accepts(self, artifact: Artifact, head: bytes) -> bool:
        return artifact.suffix in TEXT_SUFFIXES

    def classify(self, artifact: Artifact, head: bytes, reader: Reader) -> Observation:
        text = read_text(reader, artifact, head)
        links = extract_links(text, location(artifact)) + hub_calls(text, location(artifact))
        title = _MD_TITLE.search(text)
        details = {"title": clip(title.group(1), 200) if title else "", "links": str(len(links))}
        details.update(token_details(tokens_in_text(text)))
        markdown = artifact.suffix in {".md", ".markdown", ".mdx"}
        found = (snippet_evidence(artifact, text) + sample_evidence(artifact, text)) if markdown else ()
        found += data_doc_evidence(artifact)
        table_found, table_details = results_evidence(artifact, text)
        found += table_found
        details.update(table_details)
        declared = spdx_declarations(artifact, head)
        if speaks_for_release(artifact, ArtifactKind.DOCUMENT):
            declared += prose_declarations(artifact, text, location(artifact))
        return Observation(
            kind=ArtifactKind.DOCUMENT,
            format=artifact.suffix.lstrip("."),
            roles=roles_of(found),
            details=sorted_details(details),
            evidence=found,
            links=links,
            declarations=declared,
        )
