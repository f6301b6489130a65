"""The Open Source AI Definition 1.0 (OSI, October 2024): pass or fail, with a reason per requirement.

OSAID asks for the *preferred form to make modifications*: Data Information, Code and Parameters, each under
OSI-approved terms, granting the freedoms to use, study, modify and share. The datasets themselves are not
required; a complete description of them, and lists of where to obtain them, are.

How each requirement is judged from the report (component names are the MOF's):

* four freedoms: every available element in scope (parameters, code, data card) is under open terms; a licence
  with blocking restriction flags (non-commercial, use restrictions, user caps, ...) or no licence fails;
* parameters: ``Model parameters (Final)`` under open terms (OSI-approved or an open data/content licence);
* code: data preprocessing, training, evaluation (validation and testing), inference and architecture code,
  each under an OSI-approved licence; supporting libraries (tokenizer, hyperparameter search) are required
  only "if used", so their absence is for a human to confirm;
* data information: a ``Data card`` under open terms (the complete description); ``Datasets`` or dataset
  links (the list of public training data and where to get it); third-party data is for a human to confirm.

Declared-only evidence (a card or a MOT record merely says so) counts, and the reason says so. What no file
can show, whether a skilled person could build a *substantially equivalent system*, is always left to a human
(grade ``to-confirm``). Verdict: "fail" if a requirement judged from evidence fails, "unknown" if one could
not be decided, else "pass" (with the human checks listed as next steps).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import ClassVar

from opengauge.frameworks import _evidence as ev
from opengauge.frameworks.interface import FrameworkOptions
from opengauge.record import (
    Assessment,
    AuditReport,
    ComponentId,
    ComponentResult,
    Criterion,
    Grade,
    LinkKind,
)

FRAMEWORK_ID = "osaid"
FRAMEWORK_VERSION = "1.0"
_C = ComponentId


@dataclass(frozen=True, slots=True)
class CodeRequirement:
    """One kind of Code that OSAID names, the MOF component that carries it, and whether it is always used."""

    id: str
    name: str
    component: ComponentId
    always_used: bool = True


CODE_REQUIREMENTS: tuple[CodeRequirement, ...] = (
    CodeRequirement("osaid.code.data-processing", "Code: data processing and filtering", _C.DATA_PREPROCESSING_CODE),
    CodeRequirement("osaid.code.training", "Code: training, with its arguments and settings", _C.TRAINING_CODE),
    CodeRequirement("osaid.code.validation", "Code: validation and testing", _C.EVALUATION_CODE),
    CodeRequirement("osaid.code.inference", "Code: inference", _C.INFERENCE_CODE),
    CodeRequirement("osaid.code.architecture", "Code: model architecture", _C.MODEL_ARCHITECTURE),
    CodeRequirement(
        "osaid.code.supporting-libraries",
        "Code: supporting libraries (tokenizer, hyperparameter search)",
        _C.SUPPORTING_LIBRARIES,
        always_used=False,
    ),
)
SCOPE: tuple[ComponentId, ...] = (
    _C.MODEL_PARAMETERS_FINAL,
    *(r.component for r in CODE_REQUIREMENTS),
    _C.DATA_CARD,
)
"""The elements whose terms must grant the four freedoms (datasets themselves are not required)."""


@dataclass(frozen=True, slots=True)
class Graded:
    """A criterion and, when it does not pass, what would make it pass."""

    criterion: Criterion
    action: str | None = None


def _crit(cid: str, name: str, grade: Grade, reason: str, res: ComponentResult | None = None) -> Criterion:
    return Criterion(cid, name, grade, reason, ev.locations(res))


# ------------------------------------------------------------------------------------------ freedoms


def freedoms(report: AuditReport) -> Graded:
    """Use, study, modify, share: every available element in scope is under open terms."""
    cid, name = "osaid.freedoms", "Four freedoms under OSI-approved terms"
    present = [(c, r) for c in SCOPE if ev.available(r := ev.component(report, c)) and r is not None]
    if not present:
        reason = "no parameters, code or data information are available under any terms"
        return Graded(Criterion(cid, name, Grade.FAIL, reason), "publish the system under OSI-approved terms")
    terms = [(c, ev.terms_of(r), r) for c, r in present]
    where = tuple(loc for _, _, r in terms for loc in ev.locations(r))
    bad = [f"{c.value}: {t.describe()}" for c, t, _ in terms if t.terms in (ev.Terms.RESTRICTED, ev.Terms.NONE)]
    if bad:
        reason = "terms do not grant all four freedoms: " + "; ".join(bad)
        action = "release every element under OSI-approved terms without use, user or field restrictions"
        return Graded(Criterion(cid, name, Grade.FAIL, reason, where), action)
    unsure = [c.value for c, t, _ in terms if t.terms is ev.Terms.UNKNOWN]
    if unsure:
        reason = f"licence not identified for: {', '.join(unsure)}"
        return Graded(Criterion(cid, name, Grade.UNKNOWN, reason, where), "state the licence of " + ", ".join(unsure))
    licences = sorted({t.licence or "" for _, t, _ in terms})
    count = "the one available element is" if len(terms) == 1 else f"all {len(terms)} available elements are"
    reason = f"{count} under open terms ({', '.join(licences)})"
    return Graded(Criterion(cid, name, Grade.PASS, reason, where))


# ---------------------------------------------------------------------------------------- parameters


def _missing(cid: str, name: str, res: ComponentResult | None, what: str, action: str) -> Graded:
    if ev.unknown(res):
        why = res.reason if res is not None and res.reason else "no evidence either way"
        return Graded(
            _crit(cid, name, Grade.UNKNOWN, f"could not tell whether {what} is published: {why}", res), action
        )
    why = f" ({res.reason})" if res is not None and res.reason else ""
    return Graded(_crit(cid, name, Grade.FAIL, f"{what} not found{why}", res), action)


def parameters(report: AuditReport) -> Graded:
    """Parameters (weights and configuration) under open terms."""
    cid, name = "osaid.parameters", "Parameters under OSI-approved terms"
    res = ev.component(report, _C.MODEL_PARAMETERS_FINAL)
    action = "publish the final weights under OSI-approved terms (e.g. Apache-2.0, MIT or CDLA-Permissive-2.0)"
    if not ev.available(res) or res is None:
        return _missing(cid, name, res, "the final model parameters", action)
    t = ev.terms_of(res)
    gate = ev.gating(report)
    note = f"; downloads are gated ({', '.join(gate)}): confirm the gate adds no terms" if gate else ""
    reason = f"{ev.how(res)}, under {t.describe()}{note}"
    if t.terms is ev.Terms.OPEN:
        return Graded(_crit(cid, name, Grade.PASS, reason, res))
    if t.terms is ev.Terms.UNKNOWN:
        return Graded(_crit(cid, name, Grade.UNKNOWN, reason, res), "state the licence of the weights")
    return Graded(_crit(cid, name, Grade.FAIL, reason, res), action)


# ---------------------------------------------------------------------------------------------- code


def code(report: AuditReport, req: CodeRequirement) -> Graded:
    """One kind of Code, available under an OSI-approved licence."""
    res = ev.component(report, req.component)
    action = f"publish the {req.component.value.lower()} under an OSI-approved licence"
    if not ev.available(res) or res is None:
        if not req.always_used and not ev.unknown(res):
            reason = f"{req.component.value} not found; OSAID requires it only if used: confirm none was used"
            return Graded(ev.human(req.id, req.name, reason), action + " (if any was used)")
        return _missing(req.id, req.name, res, req.component.value, action)
    t = ev.terms_of(res)
    reason = f"{ev.how(res)}, under {t.describe()}"
    if t.terms is ev.Terms.OPEN and t.osi:
        return Graded(_crit(req.id, req.name, Grade.PASS, reason + _settings_note(report, req), res))
    if t.terms is ev.Terms.OPEN:
        reason += "; open, but Code needs an OSI-approved licence"
    elif t.terms is ev.Terms.UNKNOWN:
        return Graded(
            _crit(req.id, req.name, Grade.UNKNOWN, reason, res), f"state the licence of {req.component.value}"
        )
    return Graded(_crit(req.id, req.name, Grade.FAIL, reason, res), action)


def _settings_note(report: AuditReport, req: CodeRequirement) -> str:
    if req.component is not _C.TRAINING_CODE:
        return ""
    if ev.available(ev.component(report, _C.MODEL_METADATA)):
        return "; training settings published (Model metadata)"
    return "; no separate training settings (Model metadata) found: check the code holds them"


# ---------------------------------------------------------------------------------------- data information


def data_description(report: AuditReport) -> Graded:
    """Data Information (1): a complete description of all training data, under open terms."""
    cid, name = "osaid.data-information.description", "Data Information: description of all training data"
    res = ev.component(report, _C.DATA_CARD)
    action = (
        "publish a data card under open terms describing all training data: provenance, scope, selection, "
        "labelling, processing and filtering"
    )
    if not ev.available(res) or res is None:
        graded = _missing(cid, name, res, "a data card (description of the training data)", action)
        docs = [c.value for c in (_C.TECHNICAL_REPORT, _C.RESEARCH_PAPER) if ev.available(ev.component(report, c))]
        if docs and graded.criterion.grade is Grade.FAIL:
            extra = (
                f"; the {' and '.join(docs).lower()} may describe part of the data, which is not the complete "
                "description OSAID asks for"
            )
            crit = graded.criterion
            return Graded(Criterion(crit.id, crit.name, crit.grade, crit.reason + extra, crit.evidence), action)
        return graded
    t = ev.terms_of(res)
    reason = f"data card {ev.how(res)}, under {t.describe()}; its completeness is for a human to confirm"
    if t.terms is ev.Terms.OPEN:
        return Graded(_crit(cid, name, Grade.PASS, reason, res))
    if t.terms is ev.Terms.UNKNOWN:
        return Graded(_crit(cid, name, Grade.UNKNOWN, reason, res), "state the licence of the data card")
    return Graded(_crit(cid, name, Grade.FAIL, reason, res), "publish the data card under OSI-approved terms")


def public_data(report: AuditReport) -> Graded:
    """Data Information (2): a list of all publicly available training data and where to obtain it."""
    cid, name = "osaid.data-information.public-data", "Data Information: list of public training data"
    res = ev.component(report, _C.DATASETS)
    links = ev.has_link(report, (LinkKind.HF_DATASET,))
    if ev.available(res) and res is not None:
        reason = f"datasets {ev.how(res)}: where to obtain them is given"
        return Graded(_crit(cid, name, Grade.PASS, reason, res))
    if links:
        return Graded(Criterion(cid, name, Grade.PASS, f"{len(links)} dataset link(s) given", links))
    card = ev.component(report, _C.DATA_CARD)
    action = "list every public training dataset and where to obtain it"
    if ev.available(card):
        reason = "no dataset list or links found; confirm the data card lists all public training data and where"
        return Graded(ev.human(cid, name, reason, ev.locations(card)), action)
    return _missing(cid, name, res, "a list of the training datasets", action)


def third_party_data(report: AuditReport) -> Graded:
    """Data Information (3): a list of training data obtainable from third parties (also for a fee)."""
    cid, name = "osaid.data-information.third-party-data", "Data Information: list of third-party training data"
    card = ev.component(report, _C.DATA_CARD)
    data = ev.component(report, _C.DATASETS)
    action = "list the training data obtainable from third parties (also for a fee) and where"
    if ev.available(card) or ev.available(data):
        reason = (
            "confirm that all training data obtainable from third parties (also for a fee) is listed, with where "
            "to get it"
        )
        return Graded(ev.human(cid, name, reason, ev.locations(card) + ev.locations(data)), action)
    if ev.unknown(card) or ev.unknown(data):
        return Graded(Criterion(cid, name, Grade.UNKNOWN, "could not tell whether training data is listed"), action)
    return Graded(
        Criterion(cid, name, Grade.FAIL, "no data card and no dataset list: nothing lists training data"), action
    )


def equivalent_system(_report: AuditReport) -> Graded:
    """What only a person can judge: could a skilled person build a substantially equivalent system?"""
    reason = (
        "OSAID asks that the Data Information and Code let a skilled person build a substantially equivalent "
        "system; no file can show this"
    )
    action = "confirm a skilled person could rebuild a substantially equivalent system from what is published"
    return Graded(ev.human("osaid.substantially-equivalent", "Substantially equivalent system", reason), action)


# ------------------------------------------------------------------------------------------ assembly

_CHECKS: tuple[Callable[[AuditReport], Graded], ...] = (
    freedoms,
    parameters,
    *(partial(code, req=q) for q in CODE_REQUIREMENTS),
    data_description,
    public_data,
    third_party_data,
    equivalent_system,
)


def _steps(graded: list[Graded]) -> tuple[str, ...]:
    fixes = [f"{g.criterion.name}: {g.action}" for g in graded if g.action and g.criterion.judged_by == "evidence"]
    confirms = [
        f"Confirm ({g.criterion.name}): {g.action}" for g in graded if g.criterion.judged_by == "human" and g.action
    ]
    return tuple(fixes + confirms)


def _label(verdict: str, criteria: tuple[Criterion, ...]) -> str:
    humans = sum(c.grade is Grade.TO_CONFIRM for c in criteria)
    if verdict == "pass":
        return f"Open Source AI (OSAID 1.0) on the evidence; {humans} point(s) for a human to confirm"
    if verdict == "fail":
        failed = ", ".join(c.name for c in criteria if c.grade is Grade.FAIL and c.judged_by == "evidence")
        return f"Not Open Source AI: fails {failed}"
    unsure = ", ".join(c.name for c in criteria if c.grade is Grade.UNKNOWN)
    return f"Undetermined: could not tell {unsure}"


def evaluate(report: AuditReport) -> Assessment:
    """Grade ``report`` against OSAID 1.0."""
    graded = [check(report) for check in _CHECKS]
    criteria = tuple(g.criterion for g in graded)
    verdict = ev.verdict_of(criteria)
    return Assessment(
        framework=FRAMEWORK_ID,
        framework_version=FRAMEWORK_VERSION,
        verdict=verdict,
        label=_label(verdict, criteria),
        criteria=criteria,
        next_steps=_steps(graded),
    )


class OsaidFramework:
    """Open Source AI Definition 1.0 (OSI): pass/fail per requirement for Parameters, Code and Data Information.

    Judged from evidence: open terms of weights, OSI-approved licences of each kind of code, a data card and a
    dataset list. Left to a human: whether unfound supporting libraries were used, the third-party data list,
    and whether a skilled person could build a substantially equivalent system. Limits: completeness of code
    and data description is not checked, only their presence and terms; declared-only evidence counts.
    """

    id: ClassVar[str] = FRAMEWORK_ID
    name: ClassVar[str] = "Open Source AI Definition"
    version: ClassVar[str] = FRAMEWORK_VERSION
    url: ClassVar[str] = "https://opensource.org/ai/open-source-ai-definition"

    def assess(self, report: AuditReport, options: FrameworkOptions) -> Assessment:
        """Grade ``report``; ``options`` change nothing here."""
        return evaluate(report)
