"""Jupyter notebooks: code cells analysed like Python files, markdown cells scanned for links. Outputs are
never rendered or run."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from opengauge.inventory.content._shared import clip, evidence, finding, location, read_upto, roles_of, sorted_details
from opengauge.inventory.content.cards import stated_results
from opengauge.inventory.content.code import (
    code_evidence,
    dataset_links,
    path_roles,
    python_details,
    syntax_finding,
)
from opengauge.inventory.content.links import code_urls, extract_links
from opengauge.inventory.content.python_analysis import EVAL, INFER, MAX_SOURCE, PythonFacts, analyse_python
from opengauge.inventory.content.spdx_headers import spdx_declarations
from opengauge.inventory.content.tables import results_evidence
from opengauge.inventory.interface import Observation, Reader
from opengauge.record import Artifact, ArtifactKind, ComponentId, Evidence

EXTRACTOR = "notebook"
MAX_NOTEBOOK = 20 * 1024 * 1024
MAX_CELLS = 5000
MAX_OUTPUT_TEXT = 64 * 1024
RESULTS = ComponentId.EVALUATION_RESULTS.value
SAMPLES = ComponentId.SAMPLE_OUTPUTS.value
INVALID_RULE = "OG-INV-011"

_MAGIC = re.compile(r"^([ \t]*)[%!?].*$", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Cells:
    """The text of a notebook's cells, by kind, and its kernel language."""

    code: tuple[str, ...]
    markdown: tuple[str, ...]
    language: str
    outputs: int = 0  # code cells with saved outputs
    output_text: str = ""  # their text (bounded), for results printed by the cells
    images: int = 0  # saved image outputs


def _output_text(outputs: object) -> tuple[str, int]:
    """The text and the number of images of one code cell's saved outputs (never rendered)."""
    texts: list[str] = []
    images = 0
    for out in outputs[:50] if isinstance(outputs, list) else []:
        if not isinstance(out, dict):
            continue
        texts.append(_cell_text(out.get("text")))
        data = out.get("data")
        if isinstance(data, dict):
            texts.append(_cell_text(data.get("text/plain")))
            images += sum(1 for k in data if isinstance(k, str) and k.startswith("image/"))
    return "".join(texts), images


def _cell_text(source: object) -> str:
    if isinstance(source, str):
        return source
    if isinstance(source, list):
        return "".join(s for s in source if isinstance(s, str))
    return ""


def _language(meta: object) -> str:
    if not isinstance(meta, dict):
        return "python"
    for key, field in (("kernelspec", "language"), ("language_info", "name")):
        sub = meta.get(key)
        if isinstance(sub, dict) and isinstance(sub.get(field), str):
            return str(sub[field]).lower()[:50]
    return "python"


def parse_cells(data: object) -> Cells | None:
    """Cells of an nbformat 4 (or 3) notebook; None when the JSON is not a notebook."""
    if not isinstance(data, dict):
        return None
    raw_cells = data.get("cells")
    if raw_cells is None and isinstance(data.get("worksheets"), list) and data["worksheets"]:
        sheet = data["worksheets"][0]
        raw_cells = sheet.get("cells") if isinstance(sheet, dict) else None
    if not isinstance(raw_cells, list):
        return None
    code: list[str] = []
    markdown: list[str] = []
    printed: list[str] = []
    outputs = images = 0
    for cell in raw_cells[:MAX_CELLS]:
        if not isinstance(cell, dict):
            continue
        kind = cell.get("cell_type")
        text = _cell_text(cell.get("source", cell.get("input")))
        if kind == "code":
            code.append(text)
            out, pictures = _output_text(cell.get("outputs"))
            if out.strip() or pictures:
                outputs += 1
                images += pictures
                if sum(map(len, printed)) < MAX_OUTPUT_TEXT:
                    printed.append(out[:MAX_OUTPUT_TEXT])
        elif kind in ("markdown", "raw"):  # a tuple: ``kind`` may be any JSON value, lists too
            markdown.append(text)
    return Cells(
        tuple(code),
        tuple(markdown),
        _language(data.get("metadata")),
        outputs,
        "\n".join(printed)[:MAX_OUTPUT_TEXT],
        images,
    )


_PRINTED_METRIC = re.compile(
    r"\b(?:acc(?:uracy)?|top-?[15](?:\s+acc\w*)?|f1|bleu|rouge(?:-?l)?|exact[\s_]match|perplexity|ppl|"
    r"pass@\d+|val(?:idation)?[\s_]loss)\b\W{0,4}(?:[:=]|is)?\s*\d",
    re.IGNORECASE,
)


def output_evidence(artifact: Artifact, cells: Cells | None, facts: PythonFacts | None) -> tuple[Evidence, ...]:
    """What a notebook's saved outputs show: printed metrics are evaluation results; the outputs of a notebook that
    runs the model (inference or evaluation code) are samples of the model's outputs."""
    if cells is None or not cells.outputs:
        return ()
    found: list[Evidence] = []
    metric = _PRINTED_METRIC.search(cells.output_text)
    if metric:
        found.append(
            evidence(RESULTS, artifact, EXTRACTOR, f"saved output prints {clip(metric.group(0), 60)!r}", confidence=0.5)
        )
    runs_model = facts is not None and any(s.component in {INFER, EVAL} for s in facts.signals)
    if runs_model:
        what = f"{cells.outputs} cells with saved outputs" + (f", {cells.images} images" if cells.images else "")
        found.append(
            evidence(SAMPLES, artifact, EXTRACTOR, f"outputs of the model run in the notebook: {what}", confidence=0.5)
        )
    return tuple(found)


def analyse_cells(code: tuple[str, ...]) -> PythonFacts:
    """All code cells as one program (IPython magics and shell escapes blanked); else cell by cell."""
    cleaned = [_MAGIC.sub(r"\1pass", cell) for cell in code]
    joined = "\n".join(cleaned)
    facts = analyse_python(joined[:MAX_SOURCE])
    if facts.error is None or len(joined) > MAX_SOURCE:
        return facts
    merged: list[PythonFacts] = [analyse_python(cell) for cell in cleaned if cell.strip()]
    good = [f for f in merged if f.error is None]
    if not good:
        return facts
    return PythonFacts(
        signals=tuple(s for f in good for s in f.signals),
        imports=tuple(sorted({m for f in good for m in f.imports})),
        classes=tuple(c for f in good for c in f.classes),
        argparse=any(f.argparse for f in good),
        dataset_ids=tuple(dict.fromkeys(d for f in good for d in f.dataset_ids)),
        error=None,
    )


class NotebookClassifier:
    """``.ipynb`` files."""

    name = "notebook"

    def considers(self, suffix: str) -> bool:
        return suffix == ".ipynb"

    def accepts(self, artifact: Artifact, head: bytes) -> bool:
        return artifact.suffix == ".ipynb"

    def classify(self, artifact: Artifact, head: bytes, reader: Reader) -> Observation:
        data = read_upto(reader, artifact, head, MAX_NOTEBOOK + 1)
        where = location(artifact)
        hits = path_roles(artifact.path)
        cells: Cells | None = None
        problem = None
        if len(data) > MAX_NOTEBOOK:
            problem = finding(
                INVALID_RULE, artifact, "notebook larger than 20 MiB; not parsed, roles from its path only"
            )
        else:
            try:
                cells = parse_cells(json.loads(data.decode("utf-8", errors="replace")))
            except (ValueError, RecursionError) as exc:
                problem = finding(INVALID_RULE, artifact, f"notebook is not valid JSON ({type(exc).__name__})")
            if cells is None and problem is None:
                problem = finding(INVALID_RULE, artifact, "JSON file is not a Jupyter notebook (no cells)")
        facts = analyse_cells(cells.code) if cells and cells.language.startswith("python") else None
        found = code_evidence(artifact, facts, hits, EXTRACTOR) + output_evidence(artifact, cells, facts)
        ds_links = dataset_links(facts, where)
        links = (
            (extract_links("\n\n".join(cells.markdown), where) + code_urls("\n".join(cells.code), where))
            if cells
            else ()
        )
        details = python_details(facts, cells.language if cells else "unknown")
        prose = "\n\n".join(cells.markdown) if cells else ""
        table_found, table_details = results_evidence(artifact, prose) if cells else ((), {})
        found += table_found or stated_results(artifact, prose)
        details.update(table_details)
        if cells:
            details.update({"code_cells": str(len(cells.code)), "markdown_cells": str(len(cells.markdown))})
            details["outputs"] = str(cells.outputs)
        roles = roles_of(found)
        findings = syntax_finding(artifact, facts) + ((problem,) if problem else ())
        return Observation(
            kind=ArtifactKind.NOTEBOOK,
            format="ipynb",
            roles=roles,
            details=sorted_details(details),
            evidence=found,
            links=ds_links + links,
            declarations=spdx_declarations(artifact, head),
            findings=findings,
        )
