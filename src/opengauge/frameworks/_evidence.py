"""Shared helpers for frameworks that read an ``AuditReport``: components, licence terms, gating, sizes.

Every framework grades the same facts; these helpers keep "what the report says" in one place so that OSAID,
the OSAI-Index and the EU AI Act read a component, a licence or a parameter count the same way.
"""

from __future__ import annotations

import enum
import posixpath
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from opengauge.record import (
    ArtifactFacts,
    ArtifactKind,
    AuditReport,
    ComponentId,
    ComponentResult,
    ComponentStatus,
    Criterion,
    Grade,
    Licence,
    LicenceFamily,
    LinkKind,
)

AVAILABLE: frozenset[ComponentStatus] = frozenset(
    {ComponentStatus.PRESENT, ComponentStatus.LINKED, ComponentStatus.DECLARED}
)
OPEN_FAMILIES: frozenset[LicenceFamily] = frozenset(
    {LicenceFamily.OSI_CODE, LicenceFamily.OPEN_DATA, LicenceFamily.OPEN_CONTENT}
)
BENIGN_FLAGS: frozenset[str] = frozenset({"naming", "pass-through"})
"""Restriction flags that do not take a freedom away (attribution-like duties): keep the licence open."""

_FINAL = ComponentId.MODEL_PARAMETERS_FINAL.value
_INTERMEDIATE = ComponentId.MODEL_PARAMETERS_INTERMEDIATE.value
GATE_RULE = "OG-LIC-002"
PARAMETER_KEYS: tuple[str, ...] = ("parameters", "parameter_count")
TOKEN_KEYS: tuple[str, ...] = ("training_tokens", "tokens_trained")
COMPUTE_KEYS: tuple[str, ...] = ("training_compute_flop", "training_flop")
_HOW: dict[ComponentStatus, str] = {
    ComponentStatus.PRESENT: "verified",
    ComponentStatus.LINKED: "linked",
    ComponentStatus.DECLARED: "declared only (not verified)",
}


class Terms(enum.StrEnum):
    """How the licence of one component stands, whatever its content type."""

    OPEN = "open"  # an open licence (OSI-approved, FSF-libre, open data or open content), no blocking flags
    RESTRICTED = "restricted"  # a licence that takes a freedom away (flags, proprietary, not open)
    NONE = "none"  # no licence at all: all rights reserved
    UNKNOWN = "unknown"  # a licence we could not identify


@dataclass(frozen=True, slots=True)
class TermsInfo:
    """The terms of a component and the words that explain them."""

    terms: Terms
    licence: str | None  # expression, None when no licence
    flags: tuple[str, ...] = ()  # blocking restriction flags
    osi: bool = False  # OPEN and an OSI-approved / FSF-libre software licence

    def describe(self) -> str:
        if self.terms is Terms.NONE:
            return "no licence"
        name = self.licence or "an unidentified licence"
        if self.terms is Terms.OPEN:
            kind = "an OSI-approved licence" if self.osi else "open terms"
            return f"{name} ({kind})"
        if self.terms is Terms.RESTRICTED:
            why = f"restricts: {', '.join(self.flags)}" if self.flags else "not an open licence"
            return f"{name} ({why})"
        return f"{name} (not identified)"


def component(report: AuditReport, cid: ComponentId) -> ComponentResult | None:
    """The report's result for ``cid``; None when the report does not mention it."""
    for res in report.components:
        if res.component == cid.value:
            return res
    return None


def available(res: ComponentResult | None) -> bool:
    """Verified, linked or declared (declared-only counts here; reasons say so)."""
    return res is not None and res.status in AVAILABLE


def unknown(res: ComponentResult | None) -> bool:
    """We could not tell whether the component is there (not the same as absent)."""
    return res is not None and res.status is ComponentStatus.UNKNOWN


def how(res: ComponentResult) -> str:
    """Words for the evidence level of an available component."""
    return _HOW.get(res.status, res.status.value)


def locations(res: ComponentResult | None) -> tuple[str, ...]:
    """Where the evidence of ``res`` is, strongest first, without repeats."""
    if res is None:
        return ()
    ranked = sorted(res.evidence, key=lambda e: -e.level.rank)
    return tuple(dict.fromkeys(e.location for e in ranked))


def blocking_flags(licence: Licence) -> tuple[str, ...]:
    """Restriction flags of ``licence`` that take a freedom away (naming and pass-through do not)."""
    return tuple(dict.fromkeys(r.flag for r in licence.restrictions if r.flag not in BENIGN_FLAGS))


def terms_of(res: ComponentResult) -> TermsInfo:
    """The terms governing one component, from its licence, family, flags and the report's openness."""
    lic = res.licence
    if lic is None:
        return TermsInfo(Terms.NONE if res.open_licence is False else Terms.UNKNOWN, None)
    flags = blocking_flags(lic)
    if flags or lic.family is LicenceFamily.RESTRICTED:
        return TermsInfo(Terms.RESTRICTED, lic.expression, flags)
    if lic.family in OPEN_FAMILIES or res.open_licence is True:
        return TermsInfo(Terms.OPEN, lic.expression, osi=lic.family is LicenceFamily.OSI_CODE)
    if res.open_licence is False:
        return TermsInfo(Terms.RESTRICTED, lic.expression)
    return TermsInfo(Terms.UNKNOWN, lic.expression)


def has_link(report: AuditReport, kinds: Iterable[LinkKind]) -> tuple[str, ...]:
    """URLs of the report's links of ``kinds``, without repeats."""
    wanted = frozenset(kinds)
    return tuple(dict.fromkeys(link.url for link in report.links if link.kind in wanted))


HUB_GATE_RULE = "OG-SRC-010"


def gating(report: AuditReport) -> tuple[str, ...]:
    """Where the report shows that downloads are gated: card artifacts with ``gated``, OG-LIC-002 findings (gated
    with extra terms) and OG-SRC-010 (the Hub says the repo is gated)."""
    where = [
        f"{a.source_id}:{a.path}"
        for a, _key, value in with_details(report, frozenset({"gated"}))
        if value.lower() not in ("false", "", "none")
    ]
    where += [f.location or f.rule_id for f in report.findings if f.rule_id in (GATE_RULE, HUB_GATE_RULE)]
    return tuple(dict.fromkeys(where))


def parse_count(value: str | None) -> int | None:
    """A positive whole number from a detail value (\"2,000\", \"2e12\"), else None."""
    if value is None:
        return None
    try:
        number = int(float(value.replace(",", "").replace("_", "").strip()))
    except (ValueError, OverflowError):
        return None
    return number if number > 0 else None


def parameter_count(report: AuditReport) -> int | None:
    """Parameters of the released (final) weights, from weights artifact details (``parameters``/
    ``parameter_count``), counted once.

    Shards of one format are added up; when several formats hold the same model (safetensors and GGUF, say)
    the largest total is taken rather than their sum. Intermediate checkpoints (weights whose path marks a step
    or epoch) are copies of the same model at other points of training: they are left out when final weights
    state a count, and otherwise the largest single checkpoint stands for the model. None when no weights file
    states a count.
    """
    final: dict[str, int] = {}
    checkpoints: dict[tuple[str, str], int] = {}
    for art in report.artifacts:
        if art.kind is not ArtifactKind.WEIGHTS:
            continue
        count = next((n for n in (parse_count(art.detail(k)) for k in PARAMETER_KEYS) if n is not None), None)
        if count is None:
            continue
        fmt = art.format or "unknown"
        if _INTERMEDIATE in art.roles and _FINAL not in art.roles:
            where = art.detail("step") or art.detail("epoch") or posixpath.dirname(art.path)
            checkpoints[fmt, where] = checkpoints.get((fmt, where), 0) + count
        else:
            final[fmt] = final.get(fmt, 0) + count
    totals = final or checkpoints
    return max(totals.values()) if totals else None


def with_details(report: AuditReport, keys: frozenset[str]) -> Iterator[tuple[ArtifactFacts, str, str]]:
    """(artifact, key, value) for every detail under one of ``keys``, in artifact order: one pass over details
    (reports of 10,000 files are scanned this way by several criteria)."""
    for art in report.artifacts:
        for key, value in art.details:
            if key in keys:
                yield art, key, value


def first_detail(report: AuditReport, keys: tuple[str, ...]) -> tuple[int, str] | None:
    """The first positive number found under one of ``keys`` in any artifact's details (the first artifact
    that has one; within it, the first of ``keys``), and where. One pass over each artifact's details."""
    wanted = frozenset(keys)
    for art in report.artifacts:
        found = {k: n for k, v in art.details if k in wanted and (n := parse_count(v)) is not None}
        if found:
            return found[next(k for k in keys if k in found)], f"{art.source_id}:{art.path}"
    return None


def artifact_size(report: AuditReport, location: str) -> int | None:
    """The size of the artifact at ``source_id:path`` (None when it is not an artifact of the report)."""
    for art in report.artifacts:
        if f"{art.source_id}:{art.path}" == location:
            return art.size
    return None


def card_grade(report: AuditReport, res: ComponentResult) -> str | None:
    """The worst completeness grade ("thin", "minimal") among the card files behind ``res``, else None."""
    wanted = set(locations(res))
    grades = {a.detail("completeness") for a in report.artifacts if f"{a.source_id}:{a.path}" in wanted} & {
        "thin",
        "minimal",
    }
    return "minimal" if "minimal" in grades else ("thin" if grades else None)


def verdict_of(criteria: Iterable[Criterion]) -> str:
    """ "fail" if an evidence-judged criterion fails, "unknown" if one could not be decided, else "pass"."""
    judged = [c.grade for c in criteria if c.judged_by == "evidence"]
    if Grade.FAIL in judged:
        return "fail"
    if Grade.UNKNOWN in judged:
        return "unknown"
    return "pass"


def human(cid: str, name: str, reason: str, evidence: tuple[str, ...] = ()) -> Criterion:
    """A criterion only a person can answer (grade TO_CONFIRM)."""
    return Criterion(cid, name, Grade.TO_CONFIRM, reason, evidence, judged_by="human")
