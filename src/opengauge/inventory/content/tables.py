"""Tables in documents (Markdown pipe tables and HTML tables), and which of them report evaluation results: a
table whose headers or first column name benchmarks or metrics and whose cells are mostly numbers. Pure
functions over text; HTML is matched, never rendered."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from opengauge.inventory.content._shared import evidence
from opengauge.inventory.content.benchmarks import names_benchmark
from opengauge.record import Artifact, ComponentId, Evidence

#: Text beyond this many characters is not looked at; at most this many tables are read from one text.
MAX_TEXT = 1_000_000
EXTRACTOR = "table"
MAX_TABLES = 200
MAX_ROWS = 500

_PIPE_ROW = re.compile(r"^\s*\|?(.+\|.*?)\|?\s*$")
_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_HTML_TABLE = re.compile(r"<table\b.*?</table\s*>", re.IGNORECASE | re.DOTALL)
_HTML_ROW = re.compile(r"<tr\b.*?(?=<tr\b|</table|\Z)", re.IGNORECASE | re.DOTALL)
_HTML_CELL = re.compile(r"<t[hd]\b[^>]{0,500}>(.*?)(?=<t[hd]\b|</tr|\Z)", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]{0,500}>")
_MD_LINK = re.compile(r"\[([^\]]{0,200})\]\([^)]{0,500}\)")
_NUMBER = re.compile(r"^[~≈<>±+\-−]?\s*\d+(?:[.,]\d+)?\s*(?:%|x|±\s*\d+(?:\.\d+)?)?\s*[*†‡✱▲^]*$")
_METRIC = re.compile(
    r"\b(?:acc(?:uracy)?(?:_norm)?|f1|bleu(?:-?\d)?|rouge(?:-?[l12])?|em|exact[\s_]match|pass@\d+|ppl|perplexity|"
    r"val(?:idation)?[\s_]loss|loss|top-?[15]|m?ap|miou|wer|cer|win[\s_-]?rate|elo|score|avg|average|"
    r"mt-?bench|zero-?shot|few-?shot|\d+-shot)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Table:
    """One table: its header cells and body rows (cell text, Markdown links and HTML tags removed), and the line
    it starts on."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    line: int


def _clean(cell: str) -> str:
    return " ".join(_MD_LINK.sub(r"\1", _TAG.sub(" ", cell)).replace("**", "").replace("`", "").split())


def _pipe_cells(line: str) -> list[str]:
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|"):
        body = body[:-1]
    return [_clean(c) for c in body.split("|")]


def _pipe_tables(text: str) -> list[Table]:
    lines = text.splitlines()
    found: list[Table] = []
    i = 0
    while i + 1 < len(lines) and len(found) < MAX_TABLES:
        if "|" in lines[i] and _SEPARATOR.match(lines[i + 1]) and _PIPE_ROW.match(lines[i]):
            header = tuple(_pipe_cells(lines[i]))
            rows: list[tuple[str, ...]] = []
            j = i + 2
            while j < len(lines) and "|" in lines[j] and len(rows) < MAX_ROWS:
                rows.append(tuple(_pipe_cells(lines[j])))
                j += 1
            found.append(Table(header, tuple(rows), i + 1))
            i = j
        else:
            i += 1
    return found


def _html_tables(text: str) -> list[Table]:
    found: list[Table] = []
    for m in _HTML_TABLE.finditer(text):
        if len(found) >= MAX_TABLES:
            break
        rows = [tuple(_clean(c) for c in _HTML_CELL.findall(r.group(0))) for r in _HTML_ROW.finditer(m.group(0))][
            : MAX_ROWS + 1
        ]
        rows = [r for r in rows if r]
        if len(rows) >= 2:
            found.append(Table(rows[0], tuple(rows[1:]), text.count("\n", 0, m.start()) + 1))
    return found


def tables(text: str) -> list[Table]:
    """The pipe and HTML tables of a text, in no particular order."""
    text = text[:MAX_TEXT]
    return _pipe_tables(text) + (_html_tables(text) if "<table" in text.lower() else [])


def _numeric_share(table: Table) -> float:
    cells = [c for row in table.rows for c in row[1:] if c]
    return sum(1 for c in cells if _NUMBER.match(c)) / len(cells) if cells else 0.0


@dataclass(frozen=True, slots=True)
class ResultsTable:
    """A table of evaluation results: what it names (benchmarks and metrics) and where it is."""

    benchmarks: tuple[str, ...]
    metrics: tuple[str, ...]
    line: int


def results_tables(text: str, is_benchmark: Callable[[str], bool]) -> list[ResultsTable]:
    """The tables of ``text`` that report evaluation results. ``is_benchmark(name) -> bool`` tells benchmark
    names; a table counts when its headers or first column name a benchmark or a metric and at least half of its
    other cells are numbers."""
    out: list[ResultsTable] = []
    for table in tables(text):
        if not table.rows or _numeric_share(table) < 0.5:
            continue
        names = [*table.header, *(row[0] for row in table.rows if row)]
        benchmarks = tuple(dict.fromkeys(n for n in names if n and is_benchmark(n)))
        metrics = tuple(dict.fromkeys(m.group(0).lower() for n in names for m in _METRIC.finditer(n)))
        if benchmarks or metrics:
            out.append(ResultsTable(benchmarks[:30], metrics[:10], table.line))
    return out


def results_evidence(artifact: Artifact, text: str) -> tuple[tuple[Evidence, ...], dict[str, str]]:
    """Evaluation results evidence from the results tables of a document, and the ``benchmarks`` detail (the
    benchmarks its tables report, for the linking stage: run through a public harness, they are evaluation
    data)."""
    if "|" not in text and "<table" not in text.lower():
        return (), {}
    found = results_tables(text, names_benchmark)
    if not found:
        return (), {}
    names = tuple(dict.fromkeys(b for t in found for b in t.benchmarks))
    shown = ", ".join(names[:5]) or ", ".join(dict.fromkeys(m for t in found for m in t.metrics))
    more = f" ({len(found)} tables)" if len(found) > 1 else ""
    why = f"results table{more} in {artifact.name}: {shown}"
    ev = evidence(ComponentId.EVALUATION_RESULTS.value, artifact, EXTRACTOR, why, line=found[0].line, confidence=0.7)
    return (ev,), ({"benchmarks": ",".join(names[:30])} if names else {})
