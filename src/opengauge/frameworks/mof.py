"""The Model Openness Framework (MOF 1.0): class I, II or III from the 17 components and their licences.

Two modes share one piece of arithmetic (``_classify``):

* ``evaluate_mot(record)`` reproduces the Model Openness Tool (MOT) on a MOT record, quirks included, so that
  its class, label and per-class progress equal what the MOT computes;
* ``evaluate_evidence(components, strict)`` grades what opengauge found in a release: a component counts only
  when it is verified (``present``) or linked (a public paper or dataset is published by linking to it)
  *and* its licence is identified as open. Declared-only components (a card or manifest merely says so) do
  not count.

The MOT's rules, as reproduced here (checked against the MOT's own 27 test records):

1. Licence openness: an SPDX id that is OSI-approved or FSF-libre in the MOT's SPDX list, or one of the MOT's
   open-data ids (``opengauge/data/mot/licences.yaml``). Exact, case-sensitive matching.
2. Licence of a listed component: its own ``license``; when that key is absent (or null) the global
   ``release.license.<content type>.name``, else ``release.license.distribution.name``. ``""`` or
   ``unlicensed`` means no licence. A component that is not listed is missing.
3. An open licence whose content type does not fit the component still counts (a warning only).
4. Required components per class, cumulative: III = 6, II = 6 + 4 = 10, I = 10 + 4 = 14 (optional
   components never count).
5. When the Technical report is not included, an included Research paper counts in its place in classes III
   and II, and class I needs 13 instead of 14. MOT quirk: the MOT tests "not included" with PHP's
   ``!array_search(...)``, which also fires when the report is the *first* included class-III component, so
   the paper is then counted in addition to the report (this changes only class III progress, e.g. BLOOM's).
6. Progress of class c = included / required x 100, computed only if every higher class is complete (else 0),
   capped at 100. The class is the lowest-numbered class whose progress is exactly 100, else 0 (Unclassified).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import ClassVar, TypeAlias

import yaml

from opengauge.frameworks.interface import FrameworkOptions
from opengauge.frameworks.mot_record import (
    UNLICENSED,
    MotComponent,
    MotLicences,
    MotRecord,
    MotRelease,
)
from opengauge.record import (
    CLASS_LABELS,
    MIN_CREDIT_CONFIDENCE,
    Assessment,
    AuditReport,
    ComponentId,
    ComponentResult,
    ComponentStatus,
    ContentType,
    Criterion,
    Evidence,
    EvidenceLevel,
    Grade,
    IdentifiedBy,
    Licence,
    LicenceFamily,
    SourceKind,
    component_specs,
)

MofResult: TypeAlias = Assessment
"""What both evaluators return: an ``Assessment`` with framework "mof", mode, class, label and progress."""

FRAMEWORK_ID = "mof"
FRAMEWORK_VERSION = "1.0"
_TR = ComponentId.TECHNICAL_REPORT
_RP = ComponentId.RESEARCH_PAPER
_TYPE_WORDS: dict[ContentType, str] = {
    ContentType.CODE: "an OSI-approved or FSF-libre licence",
    ContentType.DATA: "an open-data licence",
    ContentType.DOCUMENT: "an open-content licence",
}


# -------------------------------------------------------------------------------------------- licences


@dataclass(frozen=True, slots=True)
class MotLicenceData:
    """The MOT's licence lists, loaded from ``opengauge/data/mot/licences.yaml`` (versions recorded there)."""

    spdx_version: str
    open_ids: frozenset[str]
    open_data: frozenset[str]
    content_types: Mapping[str, frozenset[ContentType]]
    examples: Mapping[ContentType, tuple[str, ...]]

    def is_open(self, licence: str) -> bool:
        """OSI-approved, FSF-libre or open data, exactly as spelt (the MOT matches case-sensitively)."""
        return licence in self.open_ids or licence in self.open_data

    def type_appropriate(self, licence: str, content_type: ContentType) -> bool:
        """Whether the MOT lists ``licence`` for ``content_type`` (only a warning when not)."""
        return content_type in self.content_types.get(licence, frozenset())

    def accepted(self, content_type: ContentType) -> str:
        """Words naming the licences accepted for ``content_type``, with examples."""
        ex = self.examples.get(content_type, ())
        names = ", ".join(ex[:-1]) + f" or {ex[-1]}" if len(ex) > 1 else "".join(ex)
        return f"{_TYPE_WORDS[content_type]} such as {names}" if names else _TYPE_WORDS[content_type]


@cache
def mot_licence_data() -> MotLicenceData:
    """Load the MOT licence lists shipped as package data."""
    text = resources.files("opengauge.data").joinpath("mot/licences.yaml").read_text("utf-8")
    raw = yaml.safe_load(text)
    types = {str(k): frozenset(ContentType(t) for t in v) for k, v in raw["content_types"].items()}
    examples = {ContentType(k): tuple(str(x) for x in v) for k, v in raw["type_examples"].items()}
    return MotLicenceData(
        spdx_version=str(raw["spdx_license_list_version"]),
        open_ids=frozenset(str(x) for x in raw["osi_or_fsf_libre"]),
        open_data=frozenset(str(x) for x in raw["open_data"]),
        content_types=types,
        examples=examples,
    )


# ------------------------------------------------------------------------------------------ arithmetic


class Standing(enum.StrEnum):
    """How one component stands for the MOF arithmetic (only ``included`` counts)."""

    INCLUDED = "included"
    UNLICENSED = "unlicensed"
    INVALID = "invalid"
    MISSING = "missing"


@dataclass(frozen=True, slots=True)
class _Judged:
    """One component judged by a mode: its standing, grade, reason, the fix when it does not count."""

    component: ComponentId
    standing: Standing
    grade: Grade
    reason: str
    action: str | None = None
    warning: str | None = None
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Outcome:
    mof_class: int
    progress: dict[str, float]
    paper_for_report: bool  # the report is not included; the paper counts in its place in III and II
    paper_also_counted: bool  # the MOT quirk: the report is included *and* the paper counted in III and II


def required_components(mof_class: int) -> tuple[ComponentId, ...]:
    """The required components of exactly ``mof_class`` (1, 2 or 3), in the MOT's settings order."""
    return tuple(s.id for s in component_specs().values() if s.mof_class == mof_class and s.required)


def _included(standings: Mapping[ComponentId, Standing], mot_quirk: bool) -> tuple[dict[int, int], bool, bool]:
    """Included counts per class (cumulative from III down); paper in place of / in addition to the report."""
    lists: dict[int, list[ComponentId]] = {}
    cumulative: list[ComponentId] = []
    for cls in (3, 2, 1):
        cumulative += required_components(cls)
        lists[cls] = [c for c in cumulative if standings.get(c) is Standing.INCLUDED]
    report_in = _TR in lists[3] and not (mot_quirk and lists[3].index(_TR) == 0)
    paper_in = standings.get(_RP) is Standing.INCLUDED
    stands_in = not report_in and paper_in
    counts = {cls: len(items) for cls, items in lists.items()}
    if stands_in:
        counts[3] += 1
        counts[2] += 1
    return counts, stands_in and _TR not in lists[3], stands_in and _TR in lists[3]


def _progress(counts: Mapping[int, int], cls: int, standings: Mapping[ComponentId, Standing]) -> float:
    total = 0
    level = 3
    included = 0
    while level >= cls:
        total += len(required_components(level))
        included = counts[level]
        if included < total:
            break
        level -= 1
    if level > cls:
        return 0.0
    if cls == 1 and standings.get(_TR) is not Standing.INCLUDED and standings.get(_RP) is Standing.INCLUDED:
        total -= 1
    return min((included / total) * 100, 100.0)


def _classify(standings: Mapping[ComponentId, Standing], mot_quirk: bool) -> _Outcome:
    counts, instead, also = _included(standings, mot_quirk)
    progress = {str(cls): _progress(counts, cls, standings) for cls in (1, 2, 3)}
    mof_class = next((cls for cls in (1, 2, 3) if progress[str(cls)] == 100.0), 0)
    return _Outcome(mof_class, progress, paper_for_report=instead, paper_also_counted=also)


# -------------------------------------------------------------------------------------------- assembly


def _criterion(j: _Judged, outcome: _Outcome) -> Criterion:
    spec = j.component.spec
    grade, reason = j.grade, j.reason
    if j.component is _RP and outcome.paper_for_report:
        reason = f"{reason}; counts in place of the Technical report in classes III and II"
    elif j.component is _RP and outcome.paper_also_counted:
        reason = f"{reason}; MOT quirk: also counted in classes III and II although the report is included"
    if j.component is _TR and outcome.paper_for_report:
        grade = Grade.NOT_APPLICABLE
        reason = f"{reason}; the included Research paper stands in for it (MOF: it MAY be omitted then)"
    elif not spec.required:
        reason = f"{reason} (optional: never counts toward a class)"
        grade = grade if j.standing is Standing.INCLUDED else Grade.NOT_APPLICABLE
    if j.warning:
        reason = f"{reason}; warning: {j.warning}"
    return Criterion(
        id=f"mof.{j.component.slug}", name=j.component.value, grade=grade, reason=reason, evidence=j.evidence
    )


def _target(mof_class: int) -> int | None:
    return {0: 3, 3: 2, 2: 1}.get(mof_class)


def _next_steps(judged: Mapping[ComponentId, _Judged], outcome: _Outcome) -> tuple[str, ...]:
    target = _target(outcome.mof_class)
    steps: list[str] = []
    if target is not None:
        label = CLASS_LABELS[target]
        for cls in range(3, target - 1, -1):
            for cid in required_components(cls):
                j = judged[cid]
                if j.standing is Standing.INCLUDED or j.action is None:
                    continue
                if cid is _TR and judged[_RP].standing is Standing.INCLUDED:
                    continue
                action = j.action
                if cid is _TR:
                    action += " (or include a Research paper under an open licence, which may stand in for it)"
                steps.append(f"{label}: {action}")
    steps += [f"Recommended: {j.warning}" for j in judged.values() if j.warning]
    return tuple(steps)


def _assessment(judged: Mapping[ComponentId, _Judged], mode: str, mot_quirk: bool) -> Assessment:
    outcome = _classify({cid: j.standing for cid, j in judged.items()}, mot_quirk)
    label = CLASS_LABELS[outcome.mof_class]
    return Assessment(
        framework=FRAMEWORK_ID,
        framework_version=FRAMEWORK_VERSION,
        verdict=label,
        mode=mode,
        mof_class=outcome.mof_class,
        label=label,
        progress=outcome.progress,
        criteria=tuple(_criterion(judged[cid], outcome) for cid in judged),
        next_steps=_next_steps(judged, outcome),
    )


# -------------------------------------------------------------------------------------------- MOT mode


def mot_component_licence(release: MotRelease, comp: MotComponent) -> str:
    """The licence the MOT attaches to a listed component ("unlicensed" when none), inheritance included."""
    if comp.license is not None:
        return comp.license or UNLICENSED
    return release.license.resolve(comp.name.spec.content_type) or UNLICENSED


def _judge_mot(release: MotRelease, cid: ComponentId) -> _Judged:
    ctype = cid.spec.content_type
    data = mot_licence_data()
    accepted = data.accepted(ctype)
    comp = release.component(cid)
    if comp is None:
        return _Judged(cid, Standing.MISSING, Grade.FAIL, "not listed", f"add {cid.value} under {accepted}")
    where = tuple(p for p in (comp.component_path, comp.license_path) if p)
    licence = mot_component_licence(release, comp)
    source = "own licence" if comp.license is not None else "inherited release licence"
    if data.is_open(licence):
        warning = None
        if not data.type_appropriate(licence, ctype):
            warning = f"{cid.value} is under {licence}, open but not listed for {ctype.value}; prefer {accepted}"
        return _Judged(cid, Standing.INCLUDED, Grade.PASS, f"{source} {licence} is open", None, warning, where)
    if licence == UNLICENSED:
        reason = "listed without a licence"
        return _Judged(
            cid, Standing.UNLICENSED, Grade.FAIL, reason, f"license {cid.value} under {accepted}", None, where
        )
    reason = f"{source} {licence!r} is not an open licence in the MOT's lists"
    action = f"relicense {cid.value} from {licence} to {accepted}"
    return _Judged(cid, Standing.INVALID, Grade.FAIL, reason, action, None, where)


def evaluate_mot(record: MotRecord) -> MofResult:
    """Classify a MOT record exactly as the Model Openness Tool does (class, label, progress "1".."3")."""
    judged = {cid: _judge_mot(record.release, cid) for cid in component_specs()}
    return _assessment(judged, "mot", mot_quirk=True)


# --------------------------------------------------------------------------------------- evidence mode


def _missing_judged(cid: ComponentId, res: ComponentResult | None, accepted: str) -> _Judged:
    publish = f"publish {cid.value} (in the release or linked from it) under {accepted}"
    if res is None or res.status is ComponentStatus.UNKNOWN:
        reason = res.reason if res is not None and res.reason else "no evidence either way"
        return _Judged(cid, Standing.MISSING, Grade.UNKNOWN, f"could not tell: {reason}", publish)
    if res.status is ComponentStatus.DECLARED:
        locations = tuple(e.location for e in res.evidence)
        reason = "only declared (by a card or manifest); declared-only does not count"
        return _Judged(cid, Standing.MISSING, Grade.UNKNOWN, reason, publish, None, locations)
    reason = f"not found in the release ({res.reason})" if res.reason else "not found in the release"
    return _Judged(cid, Standing.MISSING, Grade.FAIL, reason, publish)


def _judge_evidence(cid: ComponentId, res: ComponentResult | None, strict: bool) -> _Judged:
    ctype = cid.spec.content_type
    accepted = mot_licence_data().accepted(ctype)
    if res is None or res.status not in (ComponentStatus.PRESENT, ComponentStatus.LINKED):
        return _missing_judged(cid, res, accepted)
    where = tuple(e.location for e in res.evidence)
    if max(e.confidence for e in res.evidence) < MIN_CREDIT_CONFIDENCE:
        reason = f"only a minimal version was found ({res.evidence[0].excerpt or res.reason}); it gets no credit"
        return _Judged(cid, Standing.MISSING, Grade.FAIL, reason, f"complete {cid.value}", None, where)
    how = "verified" if res.status is ComponentStatus.PRESENT else "linked"
    name = res.licence.expression if res.licence is not None else None
    if res.open_licence is True and name is not None:
        if res.licence_appropriate is False:
            problem = f"{name} is open but not type-appropriate for {ctype.value}"
            if strict:
                action = f"relicense {cid.value} from {name} to {accepted}"
                return _Judged(cid, Standing.INVALID, Grade.FAIL, f"{how}; {problem} (strict)", action, None, where)
            warning = f"{cid.value}: {problem}; prefer {accepted}"
            return _Judged(cid, Standing.INCLUDED, Grade.PASS, f"{how}, {name} is open", None, warning, where)
        return _Judged(cid, Standing.INCLUDED, Grade.PASS, f"{how}, {name} is open", None, None, where)
    if name is None:
        grade = Grade.FAIL if res.open_licence is False else Grade.UNKNOWN
        reason = f"{how}, but no licence was found" if grade is Grade.FAIL else f"{how}, licence not identified"
        action = f"attach {accepted} to {cid.value}"
        return _Judged(cid, Standing.UNLICENSED, grade, reason, action, None, where)
    if res.open_licence is False:
        action = f"relicense {cid.value} from {name} to {accepted}"
        return _Judged(cid, Standing.INVALID, Grade.FAIL, f"{how}, {name} is not open", action, None, where)
    action = f"identify the licence of {cid.value} ({name}) or license it under {accepted}"
    reason = f"{how}, licence {name} not identified as open"
    return _Judged(cid, Standing.INVALID, Grade.UNKNOWN, reason, action, None, where)


def evaluate_evidence(components: tuple[ComponentResult, ...], strict: bool) -> MofResult:
    """Classify from evidence: verified or linked, under an identified open licence, counts as included.

    Declared-only, absent and unknown components do not count; an unidentified licence is not open. A licence
    that is open but not type-appropriate is a failure when ``strict`` and a warning otherwise.
    """
    by_name = {c.component: c for c in components}
    judged = {cid: _judge_evidence(cid, by_name.get(cid.value), strict) for cid in component_specs()}
    return _assessment(judged, "evidence", mot_quirk=False)


# ----------------------------------------------------------------------------------------- conversions


def _family(licence: str, ctype: ContentType) -> LicenceFamily:
    data = mot_licence_data()
    if licence in data.open_ids:
        return LicenceFamily.OSI_CODE
    if licence in data.open_data:
        return LicenceFamily.OPEN_CONTENT if ctype is ContentType.DOCUMENT else LicenceFamily.OPEN_DATA
    return LicenceFamily.UNKNOWN


def _declared_result(release: MotRelease, comp: MotComponent, location: str) -> ComponentResult:
    cid = comp.name
    ctype = cid.spec.content_type
    data = mot_licence_data()
    name = mot_component_licence(release, comp)
    excerpt = comp.component_path or comp.description or None
    evidence = (Evidence(cid.value, EvidenceLevel.DECLARED, location, "mot-record", excerpt=excerpt),)
    scope = "manifest" if comp.license is not None else "release"
    if name == UNLICENSED:
        reason = "declared in a MOT record, without a licence"
        return ComponentResult(cid.value, ComponentStatus.DECLARED, evidence, None, scope, reason, False, None)
    licence = Licence(
        expression=name,
        identified_by=IdentifiedBy.MANIFEST,
        confidence=1.0,
        family=_family(name, ctype),
        location=comp.license_path or location,
        declared_as=name,
    )
    appropriate = data.type_appropriate(name, ctype) if name in data.content_types else None
    reason = f"declared in a MOT record under {name}"
    return ComponentResult(
        cid.value, ComponentStatus.DECLARED, evidence, licence, scope, reason, data.is_open(name), appropriate
    )


def mot_record_to_components(rec: MotRecord, location: str | None = None) -> tuple[ComponentResult, ...]:
    """The record's listed components as DECLARED evidence (unlisted ones are left out: the record is silent).

    ``location`` defaults to the path the record was read from; licences are resolved as the MOT does.
    """
    where = location or rec.source or "mot-record"
    return tuple(_declared_result(rec.release, comp, where) for comp in rec.release.components)


def _best_location(evidence: Iterable[Evidence]) -> str | None:
    ranked = sorted(evidence, key=lambda e: -e.level.rank)
    return ranked[0].location if ranked else None


_SEEN = (ComponentStatus.PRESENT, ComponentStatus.LINKED)


def _exported(res: ComponentResult, include_declared: bool) -> MotComponent | None:
    wanted = (*_SEEN, ComponentStatus.DECLARED) if include_declared else _SEEN
    if res.status not in wanted:
        return None
    try:
        cid = ComponentId(res.component)
    except ValueError:
        return None
    licence = res.licence.expression if res.licence is not None else UNLICENSED
    licence_path = res.licence.location if res.licence is not None else None
    return MotComponent(
        name=cid,
        description=cid.spec.description,
        license=licence,
        license_path=licence_path,
        component_path=_best_location(res.evidence),
    )


def report_to_mot_record(report: AuditReport, include_declared: bool = False) -> MotRecord:
    """A MOT record of what the audit found: verified or linked components, each with its own licence.

    ``include_declared`` also lists declared-only components (what the MOT itself would be told by a publisher);
    ``component_path``/``license_path`` come from the strongest evidence's location and the licence's location.
    """
    by_id: dict[ComponentId, MotComponent] = {}
    for res in report.components:
        comp = _exported(res, include_declared)
        if comp is not None:
            by_id[comp.name] = comp
    ordered = tuple(by_id[cid] for cid in component_specs() if cid in by_id)
    sources = report.release.sources
    repo = next((s.location for s in sources if s.kind is SourceKind.GIT), None)
    hub = next((s.location for s in sources if s.kind is SourceKind.HUB), None)
    release = MotRelease(
        name=report.release.name or "unnamed",
        producer="",
        version="",
        date=report.created[:10] or None,
        repository=repo,
        huggingface=hub,
        license=MotLicences(),
        components=ordered,
    )
    return MotRecord(release=release)


# ------------------------------------------------------------------------------------------- framework


class MofFramework:
    """Model Openness Framework 1.0: Class III (open model), II (open tooling), I (open science).

    Grades the 17 MOF components. Evidence mode (default) counts a component when it is verified or linked and
    its licence is identified as open; ``mot`` mode exports the report as a MOT record (declared components
    included, taken at their word as the MOT takes a publisher's) and classifies it exactly as the MOT would.
    Limits: a licence's openness comes from the MOT's lists (SPDX flags plus open-data ids); whether a
    component is complete (e.g. all datasets) is not judged.
    """

    id: ClassVar[str] = FRAMEWORK_ID
    name: ClassVar[str] = "Model Openness Framework"
    version: ClassVar[str] = FRAMEWORK_VERSION
    url: ClassVar[str] = "https://arxiv.org/abs/2403.13784"

    def assess(self, report: AuditReport, options: FrameworkOptions) -> Assessment:
        """Grade ``report`` in the mode ``options.mof_mode`` ("evidence" or "mot")."""
        if options.mof_mode == "mot":
            return evaluate_mot(report_to_mot_record(report, include_declared=True))
        return evaluate_evidence(report.components, options.strict)
