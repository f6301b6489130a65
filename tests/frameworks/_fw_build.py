"""Hand-built AuditReports for the OSAID, OSAI-Index and EU AI Act tests (all text written by us)."""

from __future__ import annotations

from dataclasses import replace

from opengauge.record import (
    ArtifactFacts,
    ArtifactKind,
    AuditReport,
    ComponentId,
    ComponentResult,
    ComponentStatus,
    ContentType,
    Criterion,
    Evidence,
    EvidenceLevel,
    Finding,
    IdentifiedBy,
    Licence,
    LicenceFamily,
    Link,
    Release,
    Restriction,
    Severity,
    SourceInfo,
    SourceKind,
)

OPEN_BY_TYPE: dict[ContentType, tuple[str, LicenceFamily]] = {
    ContentType.CODE: ("Apache-2.0", LicenceFamily.OSI_CODE),
    ContentType.DATA: ("CDLA-Permissive-2.0", LicenceFamily.OPEN_DATA),
    ContentType.DOCUMENT: ("CC-BY-4.0", LicenceFamily.OPEN_CONTENT),
}
_LEVEL = {
    ComponentStatus.PRESENT: EvidenceLevel.VERIFIED,
    ComponentStatus.LINKED: EvidenceLevel.LINKED,
    ComponentStatus.DECLARED: EvidenceLevel.DECLARED,
}


def lic(expression: str, family: LicenceFamily, flags: tuple[str, ...] = (), location: str | None = None) -> Licence:
    restrictions = tuple(Restriction(flag) for flag in flags)
    return Licence(expression, IdentifiedBy.DECLARED_TAG, 0.9, family, location=location, restrictions=restrictions)


RESTRICTED_WEIGHTS = lic(
    "LicenseRef-Example-Community",
    LicenceFamily.RESTRICTED,
    ("user-cap", "use-restrictions", "aup-changeable", "pass-through"),
)
NON_COMMERCIAL = lic("CC-BY-NC-4.0", LicenceFamily.RESTRICTED, ("non-commercial",))
USE_ONLY = lic("LicenseRef-Example-RAIL", LicenceFamily.RESTRICTED, ("use-restrictions",))
UNIDENTIFIED = lic("NOASSERTION", LicenceFamily.UNKNOWN)
NAMING_ONLY = lic("LicenseRef-Example-Naming", LicenceFamily.OSI_CODE, ("naming", "pass-through"))


def comp(
    cid: ComponentId,
    status: ComponentStatus = ComponentStatus.PRESENT,
    licence: Licence | str | None = "open",
    open_licence: bool | None = None,
    location: str | None = None,
) -> ComponentResult:
    """One component; ``licence="open"`` gives the type's open licence, None with open_licence False: none."""
    if licence == "open":
        name, family = OPEN_BY_TYPE[cid.spec.content_type]
        licence = lic(name, family)
    assert not isinstance(licence, str)
    level = _LEVEL.get(status)
    where = location or f"s1:{cid.slug}.txt"
    evidence = (Evidence(cid.value, level, where, "test"),) if level else ()
    if open_licence is None and licence is not None and licence.known:
        open_licence = licence.family is not LicenceFamily.RESTRICTED
    return ComponentResult(cid.value, status, evidence, licence, "component", "test", open_licence)


def absent(cid: ComponentId) -> ComponentResult:
    return ComponentResult(cid.value, ComponentStatus.ABSENT, (), None, None, "looked, not there")


def unknown(cid: ComponentId) -> ComponentResult:
    return ComponentResult(cid.value, ComponentStatus.UNKNOWN, (), None, None, "source unreadable")


def no_licence(cid: ComponentId, status: ComponentStatus = ComponentStatus.PRESENT) -> ComponentResult:
    return comp(cid, status, licence=None, open_licence=False)


def report(
    overrides: dict[ComponentId, ComponentResult | None] | None = None,
    artifacts: tuple[ArtifactFacts, ...] = (),
    links: tuple[Link, ...] = (),
    findings: tuple[Finding, ...] = (),
) -> AuditReport:
    """A fully open release (all 17 components present under open licences) with ``overrides`` applied.

    An override of None makes the component absent.
    """
    components = []
    for cid in ComponentId:
        given = (overrides or {}).get(cid, comp(cid))
        components.append(given if given is not None else absent(cid))
    return AuditReport(
        release=Release("example", (SourceInfo("s1", SourceKind.LOCAL, "/tmp/example"),)),
        artifacts=artifacts,
        components=tuple(components),
        licences=(),
        links=links,
        findings=findings,
        assessments=(),
        tool_version="test",
        created="2026-11-23T09:00:00Z",
    )


def only(*cids: ComponentId, **kw: object) -> AuditReport:
    """A release with only ``cids`` present (open licences), everything else absent."""
    overrides: dict[ComponentId, ComponentResult | None] = {c: None for c in ComponentId if c not in cids}
    return report(overrides, **kw)  # type: ignore[arg-type]


def weights_file(
    path: str, parameters: int, fmt: str = "safetensors", key: str = "parameters", roles: tuple[str, ...] = ()
) -> ArtifactFacts:
    return ArtifactFacts("s1", path, 1000, ArtifactKind.WEIGHTS, fmt, roles, details=((key, str(parameters)),))


def card_file(path: str = "README.md", size: int = 5000, **details: str) -> ArtifactFacts:
    pairs = tuple(sorted(details.items()))
    return ArtifactFacts("s1", path, size, ArtifactKind.MODEL_CARD, "markdown", details=pairs)


def gate_finding() -> Finding:
    return Finding("OG-LIC-002", Severity.MEDIUM, "access is gated", location="s1:README.md")


def with_component(rep: AuditReport, res: ComponentResult) -> AuditReport:
    return replace(rep, components=tuple(res if c.component == res.component else c for c in rep.components))


def crit(assessment_criteria: tuple[Criterion, ...], cid: str) -> Criterion:
    found = [c for c in assessment_criteria if c.id == cid]
    assert len(found) == 1, f"{cid} not found once in {[c.id for c in assessment_criteria]}"
    return found[0]
