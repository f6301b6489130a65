"""The European Open Source AI Index (osai-index.eu): 12 criteria graded open, partial or closed.

Each criterion is graded from the report with the evidence link(s) and a note; the score is the mean with
open = 1, partial = 0.5, closed = 0 (a criterion we could not decide, ``unknown``, counts 0 and is named in
the verdict). The Index grades the base model and the end-user (tuned) model separately; one release seldom
says which of its files belong to which, so both columns are graded from the same evidence, and notes say so.

Where the evidence comes from (MOF component names):

=====================  ======================================================================================
datasources_*          ``Datasets`` published or linked: open; only described (``Data card``) or dataset
                       links without the datasets: partial; nothing: closed
weights_*              ``Model parameters (Final)``: open; gated downloads (card ``gated`` detail or OG-LIC-002
                       finding): partial; absent: closed
trainingcode           ``Training code`` and ``Data preprocessing code``: open; one of them: partial
code                   code available and documented beside it (a document artifact in the same source, or a
                       ``Technical report``): open; code without documentation found: partial
hardware_architecture  ``Model architecture`` (or a config naming the architecture) and a report or paper:
                       open; one of them: partial
preprint               a ``Research paper`` / ``Technical report`` on arXiv: open; a report elsewhere: partial
paper                  a link to a peer-reviewed venue (ACL Anthology, OpenReview, a non-arXiv DOI): open
modelcard              ``Model card``: open (partial when the card file is under 1 kB)
datasheet              ``Data card``: open; no data card but datasets listed: partial
licenses               weights under open terms and every available component open: open; weights open but
                       something else not, or weights under a licence with restrictions: partial; no licence
                       or a proprietary one: closed
=====================  ======================================================================================
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from opengauge.frameworks import _evidence as ev
from opengauge.frameworks.interface import FrameworkOptions
from opengauge.record import (
    ArtifactKind,
    Assessment,
    AuditReport,
    ComponentId,
    ComponentResult,
    Criterion,
    Grade,
    LinkKind,
)

FRAMEWORK_ID = "osai-index"
FRAMEWORK_VERSION = "2025"
THIN_CARD_BYTES = 1000
POINTS: dict[Grade, float] = {Grade.OPEN: 1.0, Grade.PARTIAL: 0.5}
_C = ComponentId
_SAME = "base and end-user model graded from the same evidence"
_ARXIV_DOI = "10.48550/arxiv"


@dataclass(frozen=True, slots=True)
class Mark:
    """One criterion's grade, note and evidence links."""

    grade: Grade
    note: str
    evidence: tuple[str, ...] = ()


def _where(*results: ComponentResult | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys(loc for r in results for loc in ev.locations(r)))


def _unknown(*results: ComponentResult | None) -> bool:
    return all(ev.unknown(r) for r in results)


def datasources(report: AuditReport) -> Mark:
    """Training data: published (open), only described or pointed at (partial), nothing (closed)."""
    data = ev.component(report, _C.DATASETS)
    card = ev.component(report, _C.DATA_CARD)
    if ev.available(data) and data is not None:
        return Mark(Grade.OPEN, f"datasets {ev.how(data)}; {_SAME}", _where(data))
    links = ev.has_link(report, (LinkKind.HF_DATASET,))
    if ev.available(card) or links:
        return Mark(Grade.PARTIAL, f"training data described or linked, not published; {_SAME}", _where(card) + links)
    if _unknown(data, card):
        return Mark(Grade.UNKNOWN, "could not tell whether training data is published")
    return Mark(Grade.CLOSED, "no datasets, dataset links or data card found")


def weights(report: AuditReport) -> Mark:
    """Weights: downloadable (open), gated (partial), absent (closed)."""
    res = ev.component(report, _C.MODEL_PARAMETERS_FINAL)
    if ev.available(res) and res is not None:
        gate = ev.gating(report)
        if gate:
            return Mark(Grade.PARTIAL, f"weights {ev.how(res)} but downloads are gated; {_SAME}", _where(res) + gate)
        return Mark(Grade.OPEN, f"weights {ev.how(res)}; {_SAME}", _where(res))
    if _unknown(res):
        return Mark(Grade.UNKNOWN, "could not tell whether the weights are published")
    return Mark(Grade.CLOSED, "no weights found")


def _two(report: AuditReport, first: ComponentId, second: ComponentId, what: str) -> Mark:
    a, b = ev.component(report, first), ev.component(report, second)
    have = [r for r in (a, b) if ev.available(r) and r is not None]
    if len(have) == 2:
        return Mark(Grade.OPEN, f"{first.value} and {second.value} available", _where(a, b))
    if have:
        missing = second if have[0] is a else first
        return Mark(Grade.PARTIAL, f"{have[0].component} available, {missing.value} not found", _where(*have))
    if _unknown(a, b):
        return Mark(Grade.UNKNOWN, f"could not tell whether {what} is published")
    return Mark(Grade.CLOSED, f"no {what} found")


def training_code(report: AuditReport) -> Mark:
    return _two(report, _C.TRAINING_CODE, _C.DATA_PREPROCESSING_CODE, "training or data processing code")


_CODE = (_C.TRAINING_CODE, _C.INFERENCE_CODE, _C.DATA_PREPROCESSING_CODE, _C.EVALUATION_CODE)


def code_documentation(report: AuditReport) -> Mark:
    """Code documentation: code with documentation beside it (open), code alone (partial), no code (closed)."""
    results = [ev.component(report, c) for c in _CODE]
    code = [r for r in results if ev.available(r) and r is not None]
    if not code:
        if _unknown(*results):
            return Mark(Grade.UNKNOWN, "could not tell whether code is published")
        return Mark(Grade.CLOSED, "no code found")
    sources = {loc.split(":", 1)[0] for r in code for loc in ev.locations(r)}
    docs = tuple(
        f"{a.source_id}:{a.path}"
        for a in report.artifacts
        if a.kind is ArtifactKind.DOCUMENT and a.source_id in sources
    )
    report_doc = ev.component(report, _C.TECHNICAL_REPORT)
    if docs or ev.available(report_doc):
        return Mark(
            Grade.OPEN, "code published with documentation beside it", _where(*code) + docs + _where(report_doc)
        )
    return Mark(Grade.PARTIAL, "code published; no documentation found beside it", _where(*code))


def architecture(report: AuditReport) -> Mark:
    """Architecture: code or config naming it, and a report or paper describing it."""
    arch = ev.component(report, _C.MODEL_ARCHITECTURE)
    configs = tuple(
        f"{a.source_id}:{a.path}"
        for a in report.artifacts
        if a.kind is ArtifactKind.CONFIG and (a.detail("architectures") or a.detail("model_type"))
    )
    papers = [ev.component(report, c) for c in (_C.TECHNICAL_REPORT, _C.RESEARCH_PAPER)]
    described = [p for p in papers if ev.available(p)]
    specified = ev.available(arch) or bool(configs)
    where = _where(arch) + configs + _where(*described)
    if specified and described:
        return Mark(Grade.OPEN, "architecture specified (code or config) and described in a report or paper", where)
    if specified:
        return Mark(Grade.PARTIAL, "architecture specified (code or config); no report or paper describes it", where)
    if described:
        return Mark(Grade.PARTIAL, "a report or paper exists; no architecture code or config found", where)
    if _unknown(arch):
        return Mark(Grade.UNKNOWN, "could not tell whether the architecture is published")
    return Mark(Grade.CLOSED, "no architecture code, config, report or paper found")


def _papers(report: AuditReport) -> list[ComponentResult]:
    found = [ev.component(report, c) for c in (_C.RESEARCH_PAPER, _C.TECHNICAL_REPORT)]
    return [r for r in found if ev.available(r) and r is not None]


def preprint(report: AuditReport) -> Mark:
    """A preprint in an archive (arXiv)."""
    papers = _papers(report)
    arxiv = ev.has_link(report, (LinkKind.ARXIV,))
    arxiv += tuple(loc for r in papers for loc in ev.locations(r) if "arxiv.org" in loc.lower())
    arxiv = tuple(dict.fromkeys(arxiv))
    if arxiv:
        return Mark(Grade.OPEN, "preprint on arXiv", arxiv)
    if papers:
        return Mark(
            Grade.PARTIAL, "a paper or report exists, but no archived preprint (arXiv) was found", _where(*papers)
        )
    return Mark(Grade.CLOSED, "no preprint, paper or report found")


def paper(report: AuditReport) -> Mark:
    """A peer-reviewed paper: only a link to a peer-reviewed venue shows it."""
    venues = ev.has_link(report, (LinkKind.ACL, LinkKind.OPENREVIEW))
    venues += tuple(u for u in ev.has_link(report, (LinkKind.DOI,)) if _ARXIV_DOI not in u.lower())
    if venues:
        return Mark(Grade.OPEN, "link to a peer-reviewed venue (peer review assumed from the venue)", venues)
    if _papers(report):
        return Mark(
            Grade.CLOSED, "the papers or reports found have no peer-reviewed venue link", _where(*_papers(report))
        )
    return Mark(Grade.CLOSED, "no peer-reviewed paper found")


def model_card(report: AuditReport) -> Mark:
    res = ev.component(report, _C.MODEL_CARD)
    if ev.available(res) and res is not None:
        sizes = [s for s in (ev.artifact_size(report, loc) for loc in ev.locations(res)) if s is not None]
        if sizes and max(sizes) < THIN_CARD_BYTES:
            return Mark(Grade.PARTIAL, f"model card {ev.how(res)}, but under {THIN_CARD_BYTES} bytes", _where(res))
        thin = ev.card_grade(report, res)
        if thin:
            return Mark(Grade.PARTIAL, f"model card {ev.how(res)}, but {thin}: sections lack substance", _where(res))
        return Mark(Grade.OPEN, f"model card {ev.how(res)}", _where(res))
    if _unknown(res):
        return Mark(Grade.UNKNOWN, "could not tell whether a model card is published")
    return Mark(Grade.CLOSED, "no model card found")


def datasheet(report: AuditReport) -> Mark:
    card = ev.component(report, _C.DATA_CARD)
    if ev.available(card) and card is not None:
        thin = ev.card_grade(report, card)
        if thin:
            return Mark(Grade.PARTIAL, f"data card {ev.how(card)}, but {thin}: sections lack substance", _where(card))
        return Mark(Grade.OPEN, f"data card {ev.how(card)}", _where(card))
    data = ev.component(report, _C.DATASETS)
    if ev.available(data):
        return Mark(Grade.PARTIAL, "no data card; the datasets are listed", _where(data))
    if _unknown(card):
        return Mark(Grade.UNKNOWN, "could not tell whether a data card is published")
    return Mark(Grade.CLOSED, "no data card found")


def licenses(report: AuditReport) -> Mark:
    """Licences: open when weights and everything else are open; use restrictions make it at most partial."""
    w = ev.component(report, _C.MODEL_PARAMETERS_FINAL)
    if not ev.available(w) or w is None:
        return Mark(Grade.CLOSED, "no weights, so no weights licence to grade")
    t = ev.terms_of(w)
    if t.terms is ev.Terms.UNKNOWN:
        return Mark(Grade.UNKNOWN, f"weights licence not identified: {t.describe()}", _where(w))
    if t.terms is ev.Terms.NONE or (t.terms is ev.Terms.RESTRICTED and set(t.flags) <= {"not-osi"}):
        return Mark(Grade.CLOSED, f"weights under {t.describe()}", _where(w))
    if t.terms is ev.Terms.RESTRICTED:
        return Mark(Grade.PARTIAL, f"weights under {t.describe()}", _where(w))
    rest = [(r, ev.terms_of(r)) for r in report.components if ev.available(r) and r is not w]
    closed = [f"{r.component}: {x.describe()}" for r, x in rest if x.terms in (ev.Terms.RESTRICTED, ev.Terms.NONE)]
    unsure = [r.component for r, x in rest if x.terms is ev.Terms.UNKNOWN]
    note = f"; licence not identified (not counted): {', '.join(unsure)}" if unsure else ""
    if closed:
        reason = f"weights under {t.describe()}; not open: {'; '.join(closed)}{note}"
        return Mark(Grade.PARTIAL, reason, _where(w))
    return Mark(Grade.OPEN, f"weights under {t.describe()}; no other component under closed terms{note}", _where(w))


CRITERIA: tuple[tuple[str, str, Callable[[AuditReport], Mark]], ...] = (
    ("datasources_basemodel", "Base model data", datasources),
    ("datasources_endmodel", "End user model data", datasources),
    ("weights_basemodel", "Base model weights", weights),
    ("weights_endmodel", "End user model weights", weights),
    ("trainingcode", "Training code", training_code),
    ("code", "Code documentation", code_documentation),
    ("hardware_architecture", "Hardware architecture", architecture),
    ("preprint", "Preprint", preprint),
    ("paper", "Paper (peer reviewed)", paper),
    ("modelcard", "Model card", model_card),
    ("datasheet", "Datasheet", datasheet),
    ("licenses", "Licenses", licenses),
)


def score(criteria: tuple[Criterion, ...]) -> float:
    """Mean of open = 1, partial = 0.5, closed (and unknown) = 0."""
    return sum(POINTS.get(c.grade, 0.0) for c in criteria) / len(criteria) if criteria else 0.0


def evaluate(report: AuditReport) -> Assessment:
    """Grade ``report`` on the 12 criteria of the European Open Source AI Index."""
    marks = [(cid, name, fn(report)) for cid, name, fn in CRITERIA]
    criteria = tuple(Criterion(f"osai-index.{cid}", name, m.grade, m.note, m.evidence) for cid, name, m in marks)
    value = round(score(criteria), 4)
    counts = {g: sum(c.grade is g for c in criteria) for g in (Grade.OPEN, Grade.PARTIAL, Grade.CLOSED, Grade.UNKNOWN)}
    unknown = f", {counts[Grade.UNKNOWN]} unknown (counted closed)" if counts[Grade.UNKNOWN] else ""
    verdict = f"{counts[Grade.OPEN]} open, {counts[Grade.PARTIAL]} partial, {counts[Grade.CLOSED]} closed{unknown}"
    steps = tuple(f"{c.name}: {c.reason}" for c in criteria if c.grade is not Grade.OPEN)
    return Assessment(
        framework=FRAMEWORK_ID,
        framework_version=FRAMEWORK_VERSION,
        verdict=verdict,
        label=f"openness {value * 100:.0f}%",
        score=value,
        criteria=criteria,
        next_steps=steps,
    )


class OsaiIndexFramework:
    """European Open Source AI Index: 12 criteria graded open, partial or closed; score = their mean.

    The criteria cover data, weights, code, documentation and licences; open counts 1, partial 0.5, closed 0.

    Limits: base and end-user model are graded from the same evidence; peer review is inferred from venue links
    only; the depth of documentation is not judged, only its presence (and a model card's size).
    """

    id: ClassVar[str] = FRAMEWORK_ID
    name: ClassVar[str] = "European Open Source AI Index"
    version: ClassVar[str] = FRAMEWORK_VERSION
    url: ClassVar[str] = "https://osai-index.eu"

    def assess(self, report: AuditReport, options: FrameworkOptions) -> Assessment:
        """Grade ``report``; ``options`` change nothing here."""
        return evaluate(report)
