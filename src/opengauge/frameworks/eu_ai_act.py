"""EU AI Act, Article 53(2): the open-source exemption for providers of general-purpose AI models.

A provider whose model is released under a free and open-source licence allowing access, use, modification
and distribution, with the parameters (weights), information on the architecture and information on usage
made public, need not draw up the technical documentation of Art. 53(1)(a) and (b) — unless the model has
systemic risk (Art. 51: presumed above 10^25 FLOP of training compute) or is monetised (recital 103).

Judged from evidence: the weights licence (attribution and copyleft are fine; non-commercial, research-only,
user or revenue caps and similar restrictions disqualify; behavioural use restrictions are left to a human),
weights, architecture and usage information being public, and training compute when it is disclosed or can
be estimated as 6 x parameters x tokens (parameters of the final weights from their headers, counted once;
training tokens as a card, document or config states them, the sentence quoted). Always left to a human:
monetisation. Always listed, because the exemption never removes them: the copyright policy (Art. 53(1)(c)) and
the public summary of training content (Art. 53(1)(d)).

This is an aid to reading the law, not legal advice.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from opengauge.frameworks import _evidence as ev
from opengauge.frameworks.interface import FrameworkOptions
from opengauge.record import (
    ArtifactKind,
    Assessment,
    AuditReport,
    ComponentId,
    Criterion,
    Grade,
)

FRAMEWORK_ID = "eu-ai-act"
FRAMEWORK_VERSION = "2024/1689"
SYSTEMIC_FLOP = 1e25
FLOP_PER_PARAMETER_TOKEN = 6
DISQUALIFYING: frozenset[str] = frozenset(
    {
        "non-commercial",
        "research-only",
        "user-cap",
        "revenue-cap",
        "geographic",
        "no-derivatives",
        "hosting-restricted",
        "remote-restriction",
        "guardrail-termination",
        "no-improving-other-models",
        "not-osi",
    }
)
"""Restriction flags that take away access, use, modification or distribution for some users or purposes."""
FOR_A_HUMAN: frozenset[str] = frozenset({"use-restrictions", "aup-changeable"})
"""Behavioural use restrictions: the exemption may tolerate specific, proportionate safety terms; a person judges."""
_C = ComponentId
_TOKEN_KEYS = frozenset(ev.TOKEN_KEYS)


def _crit(cid: str, name: str, grade: Grade, reason: str, evidence: tuple[str, ...] = ()) -> Criterion:
    return Criterion(f"eu-ai-act.{cid}", name, grade, reason, evidence)


def licence(report: AuditReport) -> Criterion:
    """The model's licence allows access, use, modification and distribution."""
    cid, name = "licence", "Free and open-source licence (access, use, modify, distribute)"
    res = ev.component(report, _C.MODEL_PARAMETERS_FINAL)
    if res is None or not ev.available(res):
        return _crit(cid, name, Grade.UNKNOWN if ev.unknown(res) else Grade.FAIL, "no weights, so no model licence")
    t = ev.terms_of(res)
    where = ev.locations(res)
    flags = set(t.flags)
    if t.terms is ev.Terms.NONE:
        return _crit(cid, name, Grade.FAIL, "the weights carry no licence", where)
    if t.terms is ev.Terms.UNKNOWN:
        return _crit(cid, name, Grade.UNKNOWN, f"weights licence not identified: {t.describe()}", where)
    if flags & DISQUALIFYING or (t.terms is ev.Terms.RESTRICTED and not flags):
        bad = ", ".join(sorted(flags & DISQUALIFYING)) or "not an open licence"
        return _crit(cid, name, Grade.FAIL, f"{t.licence} does not qualify ({bad})", where)
    if flags & FOR_A_HUMAN:
        reason = (
            f"{t.licence} restricts how the model may be used ({', '.join(sorted(flags))}); only specific, "
            "proportionate safety terms may be compatible: a person must judge"
        )
        return Criterion(f"eu-ai-act.{cid}", name, Grade.TO_CONFIRM, reason, where, judged_by="human")
    return _crit(cid, name, Grade.PASS, f"{t.describe()}: attribution and copyleft terms are allowed", where)


def weights_public(report: AuditReport) -> Criterion:
    cid, name = "weights-public", "Parameters (weights) publicly available"
    res = ev.component(report, _C.MODEL_PARAMETERS_FINAL)
    if res is None or not ev.available(res):
        grade = Grade.UNKNOWN if ev.unknown(res) else Grade.FAIL
        return _crit(cid, name, grade, "the final weights were not found")
    gate = ev.gating(report)
    if gate:
        reason = f"weights {ev.how(res)}, but downloads are gated: confirm the gate keeps them publicly available"
        return Criterion(f"eu-ai-act.{cid}", name, Grade.TO_CONFIRM, reason, ev.locations(res) + gate, "human")
    return _crit(cid, name, Grade.PASS, f"weights {ev.how(res)}", ev.locations(res))


def architecture_public(report: AuditReport) -> Criterion:
    cid, name = "architecture-public", "Information on the model architecture public"
    where: tuple[str, ...] = ()
    for c in (_C.MODEL_ARCHITECTURE, _C.TECHNICAL_REPORT, _C.RESEARCH_PAPER):
        res = ev.component(report, c)
        if ev.available(res):
            where += ev.locations(res)
    where += tuple(
        f"{a.source_id}:{a.path}"
        for a in report.artifacts
        if a.kind is ArtifactKind.CONFIG and a.detail("architectures")
    )
    if where:
        return _crit(cid, name, Grade.PASS, "architecture code, config, report or paper published", where)
    return _crit(cid, name, Grade.FAIL, "no architecture code, config, report or paper found")


def usage_public(report: AuditReport) -> Criterion:
    cid, name = "usage-public", "Information on model usage public"
    res = ev.component(report, _C.MODEL_CARD)
    if res is not None and ev.available(res):
        return _crit(cid, name, Grade.PASS, f"model card {ev.how(res)}", ev.locations(res))
    grade = Grade.UNKNOWN if ev.unknown(res) else Grade.FAIL
    return _crit(cid, name, grade, "no model card (usage information) found")


def not_monetised(_report: AuditReport) -> Criterion:
    reason = (
        "the exemption does not cover models made available against a price or otherwise monetised "
        "(recital 103); no file can show this"
    )
    return ev.human("eu-ai-act.not-monetised", "Not monetised", reason)


def _flop(value: float) -> str:
    return f"{value:.2g}".replace("e+", "e")


def _undisclosed(params: int | None, tokens: tuple[int, str, str | None] | None = None) -> str:
    if params:
        bound = SYSTEMIC_FLOP / (FLOP_PER_PARAMETER_TOKEN * params)
        known = f"{params:,} parameters known, training tokens not; 10^25 FLOP is passed above {_flop(bound)} tokens"
    elif tokens:
        bound = SYSTEMIC_FLOP / (FLOP_PER_PARAMETER_TOKEN * tokens[0])
        known = (
            f"{tokens[0]:,} training tokens stated ({tokens[1]}), parameters not; 10^25 FLOP is passed above "
            f"{_flop(bound)} parameters"
        )
    else:
        known = "neither parameters nor training tokens known"
    return (
        f"training compute neither disclosed nor estimable ({known}); confirm it stays at or below 10^25 FLOP "
        "and that the Commission has not designated the model"
    )


def training_tokens(report: AuditReport) -> tuple[int, str, str | None] | None:
    """The largest training-token count any artifact states (details ``training_tokens`` / ``tokens_trained``,
    read from cards, documents and configs by ``inventory.content.training_tokens``), where (``source:path``,
    with ``:line`` when known) and the sentence or config line quoted; None when none does."""
    best: tuple[int, str, str | None] | None = None
    for art, _key, value in ev.with_details(report, _TOKEN_KEYS):
        count = ev.parse_count(value)
        if count is None or (best is not None and count <= best[0]):
            continue
        quote = art.detail("training_tokens_quote")
        line, _, sentence = (quote or "").partition(": ")
        where = f"{art.source_id}:{art.path}"
        if line.startswith("line ") and line[5:].isdigit():
            where, quote = f"{where}:{line[5:]}", sentence
        best = (count, where, quote)
    return best


def systemic_risk(report: AuditReport) -> Criterion:
    """Not a model with systemic risk: training compute at most 10^25 FLOP, when disclosed or estimable."""
    cid, name = "systemic-risk", "Not a model with systemic risk (training compute <= 10^25 FLOP)"
    disclosed = ev.first_detail(report, ev.COMPUTE_KEYS)
    params = ev.parameter_count(report)
    tokens = training_tokens(report)
    if disclosed is not None:
        flop, where = float(disclosed[0]), (disclosed[1],)
        how = f"disclosed training compute {_flop(flop)} FLOP"
    elif params is not None and tokens is not None:
        flop = float(FLOP_PER_PARAMETER_TOKEN * params * tokens[0])
        where = (tokens[1],)
        said = f' ("{tokens[2]}", {tokens[1]})' if tokens[2] else f" ({tokens[1]})"
        how = f"estimated 6 x {params:,} parameters x {tokens[0]:,} tokens{said} = {_flop(flop)} FLOP"
    else:
        return ev.human(f"eu-ai-act.{cid}", name, _undisclosed(params, tokens))
    if flop > SYSTEMIC_FLOP:
        return _crit(cid, name, Grade.FAIL, f"{how}: above 10^25, presumed systemic risk (Art. 51)", where)
    return _crit(cid, name, Grade.PASS, f"{how}: at most 10^25 (the Commission may still designate it)", where)


_CONDITIONS: tuple[Callable[[AuditReport], Criterion], ...] = (
    licence,
    weights_public,
    architecture_public,
    usage_public,
    not_monetised,
    systemic_risk,
)


_PUBLISHED = {_C.DATA_CARD.value: "a data card", _C.DATASETS.value: "the datasets"}


def still_applies(report: AuditReport) -> tuple[Criterion, ...]:
    """What the exemption never removes: copyright policy and the public summary of training content."""
    copyright_reason = (
        "still applies (Art. 53(1)(c)): a policy to comply with Union copyright law, including text-and-data "
        "mining opt-outs; the exemption does not remove it"
    )
    card = ev.component(report, _C.DATA_CARD)
    data = ev.component(report, _C.DATASETS)
    have = [r for r in (card, data) if ev.available(r) and r is not None]
    if have:
        present = " and ".join(_PUBLISHED[r.component] for r in have)
        verb = "is" if have == [card] else "are"
        summary_reason = (
            f"still applies (Art. 53(1)(d)): {present} {verb} "
            "published and may feed it; the summary must follow "
            "the AI Office template"
        )
    else:
        summary_reason = (
            "still applies (Art. 53(1)(d)): no data card or dataset list found; a public summary of the training "
            "content following the AI Office template is needed"
        )
    evidence = tuple(loc for r in have for loc in ev.locations(r))
    return (
        ev.human("eu-ai-act.copyright-policy", "Copyright policy", copyright_reason),
        ev.human("eu-ai-act.training-content-summary", "Public summary of training content", summary_reason, evidence),
    )


def exempted(verdict: str) -> tuple[Criterion, ...]:
    """Art. 53(1)(a) and (b): not applicable when the exemption holds; they apply otherwise."""
    items = (
        ("technical-documentation", "Technical documentation for the AI Office (Art. 53(1)(a))"),
        ("downstream-information", "Information for downstream providers (Art. 53(1)(b))"),
    )
    if verdict == "fail":
        why = "applies: the open-source exemption does not hold"
        return tuple(ev.human(f"eu-ai-act.{i}", n, why) for i, n in items)
    why = "not required if the exemption holds (confirm the open points first)"
    return tuple(_crit(i, n, Grade.NOT_APPLICABLE, why) for i, n in items)


_VERDICTS = {"pass": "exempt-if-confirmed", "fail": "not-exempt", "unknown": "undetermined"}
_LABELS = {
    "pass": "Art. 53(2) exemption likely: conditions met on the evidence; points to confirm",
    "fail": "No Art. 53(2) exemption",
    "unknown": "Art. 53(2) exemption undetermined",
}


def evaluate(report: AuditReport) -> Assessment:
    """Grade ``report`` against the Art. 53(2) conditions and list what applies regardless."""
    conditions = tuple(check(report) for check in _CONDITIONS)
    outcome = ev.verdict_of(conditions)
    criteria = conditions + exempted(outcome) + still_applies(report)
    failed = [c.name for c in conditions if c.grade is Grade.FAIL]
    steps = [f"Fix ({c.name}): {c.reason}" for c in conditions if c.grade in (Grade.FAIL, Grade.UNKNOWN)]
    steps += [f"Confirm ({c.name}): {c.reason}" for c in criteria if c.grade is Grade.TO_CONFIRM]
    label = _LABELS[outcome] + (f": fails {', '.join(failed)}" if failed else "")
    return Assessment(
        framework=FRAMEWORK_ID,
        framework_version=FRAMEWORK_VERSION,
        verdict=_VERDICTS[outcome],
        label=label,
        criteria=criteria,
        next_steps=tuple(steps),
    )


class EuAiActFramework:
    """EU AI Act Art. 53(2): whether a general-purpose model may use the open-source exemption.

    Judged from evidence: licence terms of the weights, public weights, architecture and usage information, and
    training compute when disclosed or estimable. Left to a human: monetisation, behavioural use restrictions,
    gated access, undisclosed compute. Always listed: copyright policy and the training-content summary, which
    still apply. Not legal advice.
    """

    id: ClassVar[str] = FRAMEWORK_ID
    name: ClassVar[str] = "EU AI Act Art. 53(2) open-source exemption"
    version: ClassVar[str] = FRAMEWORK_VERSION
    url: ClassVar[str] = "https://eur-lex.europa.eu/eli/reg/2024/1689/oj"

    def assess(self, report: AuditReport, options: FrameworkOptions) -> Assessment:
        """Grade ``report``; ``options`` change nothing here."""
        return evaluate(report)
