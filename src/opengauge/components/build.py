"""Evidence -> the 17 MOF components, each with its status, governing licence and a one-line reason."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from opengauge.components.licensing import LicenceIndex, ResolvedLicence, unknown_licence
from opengauge.inventory.interface import ProseScope
from opengauge.licenses.interface import LicenceEngine
from opengauge.record import (
    ComponentId,
    ComponentResult,
    ComponentStatus,
    ContentType,
    Evidence,
    EvidenceLevel,
    Licence,
    LicenceFamily,
)

_STATUS = {
    EvidenceLevel.VERIFIED: ComponentStatus.PRESENT,
    EvidenceLevel.LINKED: ComponentStatus.LINKED,
    EvidenceLevel.DECLARED: ComponentStatus.DECLARED,
}


@dataclass(frozen=True, slots=True)
class DeclaredComponent:
    """A component a manifest says is there, with the licence it names (if any)."""

    component: ComponentId
    location: str  # the manifest file, source:path
    licence: Licence | None
    component_path: str | None = None


def dedupe(evidence: Iterable[Evidence]) -> tuple[Evidence, ...]:
    seen: dict[tuple[str, str, str], Evidence] = {}
    for ev in evidence:
        key = (ev.component, ev.level.value, ev.location)
        if key not in seen or ev.confidence > seen[key].confidence:
            seen[key] = ev
    return tuple(sorted(seen.values(), key=lambda e: (-e.level.rank, -e.confidence, e.location)))


def _split(location: str) -> tuple[str, str] | None:
    """``source:path[:line]`` -> (source, path); URLs give None."""
    if "://" in location:
        return None
    parts = location.split(":", 2)
    return (parts[0], parts[1]) if len(parts) >= 2 else None


#: What a licence statement in prose must cover to govern a component.
_STATED = {
    ComponentId.MODEL_PARAMETERS_FINAL: ProseScope.WEIGHTS,
    ComponentId.MODEL_PARAMETERS_INTERMEDIATE: ProseScope.WEIGHTS,
    ComponentId.MODEL_METADATA: ProseScope.WEIGHTS,
    ComponentId.DATASETS: ProseScope.DATA,
    ComponentId.EVALUATION_DATA: ProseScope.DATA,
}


def _licence_for(
    evidence: Sequence[Evidence],
    ctype: ContentType,
    index: LicenceIndex,
    declared: DeclaredComponent | None,
    cid: ComponentId | None = None,
) -> ResolvedLicence | None:
    stated = (
        index.stated(_STATED.get(cid, ProseScope.CODE))
        if cid is not None and ctype is not ContentType.DOCUMENT
        else None
    )
    for ev in evidence:
        if ev.level is EvidenceLevel.DECLARED:
            continue
        where = _split(ev.location)  # files in the release, or in a followed linked repo
        if where:
            found = index.for_file(where[0], where[1], ctype)
            if found and stated and stated.licence.family is LicenceFamily.RESTRICTED and found.scope == "release":
                return stated  # the release says these are under restrictive terms, whatever its root licence
            if found:
                return found
    if declared and declared.licence:
        return ResolvedLicence(declared.licence, "manifest")
    linked = next((ev for ev in evidence if ev.level is EvidenceLevel.LINKED), None)
    if linked is not None and stated is not None:
        return stated  # published elsewhere, under the terms the release states for it
    if linked is not None:
        # A resource published elsewhere is under its own terms, not the release's: we could not tell.
        return ResolvedLicence(unknown_licence(linked.location, "licence of a linked resource, not fetched"), "link")
    return None


def _reason(status: ComponentStatus, evidence: Sequence[Evidence], resolved: ResolvedLicence | None) -> str:
    if status is ComponentStatus.ABSENT:
        return "no file, link or declaration for this component was found"
    if status is ComponentStatus.UNKNOWN:
        return "not found, but parts of the release could not be read; it may be there"
    best = evidence[0]
    what = {
        ComponentStatus.PRESENT: "found in the release",
        ComponentStatus.LINKED: "only linked from the release, not included",
        ComponentStatus.DECLARED: "only declared by a manifest or card, not verified",
    }[status]
    more = f" (+{len(evidence) - 1} more)" if len(evidence) > 1 else ""
    lic = f"; licence {resolved.licence.expression} ({resolved.scope})" if resolved else "; no licence found"
    return f"{what}: {best.location}{more}{lic}"


def build_component(
    cid: ComponentId,
    evidence: Sequence[Evidence],
    index: LicenceIndex,
    engine: LicenceEngine,
    declared: DeclaredComponent | None,
    incomplete: bool,
) -> ComponentResult:
    ev = dedupe(evidence)
    missing = ComponentStatus.UNKNOWN if incomplete else ComponentStatus.ABSENT
    status = _STATUS[ev[0].level] if ev else missing
    resolved = _licence_for(ev, cid.spec.content_type, index, declared, cid) if ev else None
    open_licence: bool | None = None
    appropriate: bool | None = None
    if resolved:
        verdict = engine.openness(resolved.licence, cid.spec.content_type)
        open_licence, appropriate = verdict.open, verdict.appropriate
    elif ev:
        open_licence, appropriate = False, False
    return ComponentResult(
        component=cid.value,
        status=status,
        evidence=ev,
        licence=resolved.licence if resolved else None,
        licence_scope=resolved.scope if resolved else None,
        reason=_reason(status, ev, resolved),
        open_licence=open_licence,
        licence_appropriate=appropriate,
    )


def build_components(
    evidence: Iterable[Evidence],
    index: LicenceIndex,
    engine: LicenceEngine,
    declared: Sequence[DeclaredComponent] = (),
    incomplete: bool = False,
) -> tuple[ComponentResult, ...]:
    """All 17 components in MOF table order. ``incomplete``: some artifacts could not be read."""
    by_component: dict[str, list[Evidence]] = {c.value: [] for c in ComponentId}
    for ev in evidence:
        if ev.component in by_component:
            by_component[ev.component].append(ev)
    for d in declared:
        by_component[d.component.value].append(
            Evidence(
                component=d.component.value,
                level=EvidenceLevel.DECLARED,
                location=d.location,
                extractor="manifest",
                excerpt=f"component_path: {d.component_path}" if d.component_path else "listed in the manifest",
            )
        )
    declared_by = {d.component: d for d in declared}
    return tuple(
        build_component(cid, by_component[cid.value], index, engine, declared_by.get(cid), incomplete)
        for cid in ComponentId
    )
