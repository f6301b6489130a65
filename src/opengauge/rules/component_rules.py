"""Rules on the components as resolved: missing licences, missing documentation, licence of the wrong type."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from opengauge.record import ComponentId, ComponentStatus, EvidenceLevel, Finding, Severity
from opengauge.rules.interface import RuleContext


class NoReleaseLicence:
    """OG-CMP-001: nothing in the release carries a licence.

    Without a licence, the default is "all rights reserved": nobody may use, modify or redistribute the release,
    whatever its README says.
    """

    id: ClassVar[str] = "OG-CMP-001"
    severity: ClassVar[Severity] = Severity.HIGH

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        if ctx.licences:
            return
        yield Finding(
            rule_id=self.id,
            severity=self.severity,
            message="no licence file, licence tag or SPDX header was found anywhere in the release",
            remediation="Add a LICENSE file (and a licence for the weights if it differs) at the release root.",
        )


class UnlicensedComponent:
    """OG-CMP-002: a component is present but no licence governs it (so it is not open)."""

    id: ClassVar[str] = "OG-CMP-002"
    severity: ClassVar[Severity] = Severity.MEDIUM

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        if not ctx.licences:
            return  # OG-CMP-001 already says it for the whole release
        for comp in ctx.components:
            if comp.status is ComponentStatus.PRESENT and comp.licence is None:
                yield Finding(
                    rule_id=self.id,
                    severity=self.severity,
                    message=f"{comp.component} is included but no licence covers it",
                    location=comp.evidence[0].location,
                    component=comp.component,
                    remediation="Put a licence file next to it or name its licence in the card or manifest.",
                )


class InappropriateLicenceType:
    """OG-CMP-003: a component's licence is open but not of the type the MOF asks for.

    Code should be under an OSI-approved licence, data and weights under an open data licence, documents under an
    open content licence. ``--strict`` makes this a MOF failure; otherwise it is this warning.
    """

    id: ClassVar[str] = "OG-CMP-003"
    severity: ClassVar[Severity] = Severity.LOW

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        for comp in ctx.components:
            if comp.open_licence and comp.licence_appropriate is False and comp.licence:
                ctype = ComponentId(comp.component).spec.content_type.value
                yield Finding(
                    rule_id=self.id,
                    severity=self.severity,
                    message=f"{comp.component} is under {comp.licence.expression}, which is open but not a "
                    f"{ctype} licence",
                    location=comp.licence.location,
                    component=comp.component,
                    remediation=f"Use a licence made for {ctype} (see `opengauge license explain`).",
                )


class MissingModelCard:
    """OG-DOC-001: the release has no model card, the first thing a user reads."""

    id: ClassVar[str] = "OG-DOC-001"
    severity: ClassVar[Severity] = Severity.MEDIUM

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        for comp in ctx.components:
            if comp.component == ComponentId.MODEL_CARD.value and comp.status is ComponentStatus.ABSENT:
                yield Finding(
                    rule_id=self.id,
                    severity=self.severity,
                    message="no model card was found",
                    component=comp.component,
                    remediation="Add a README.md with Hugging Face card front matter (`opengauge card model`).",
                )


class UnsupportedManifestClaim:
    """OG-MAN-001: a manifest (mof.yaml) lists a component that nothing in the release supports."""

    id: ClassVar[str] = "OG-MAN-001"
    severity: ClassVar[Severity] = Severity.MEDIUM

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        for comp in ctx.components:
            declared = [e for e in comp.evidence if e.extractor == "manifest"]
            other = [e for e in comp.evidence if e.extractor != "manifest" and e.level is not EvidenceLevel.DECLARED]
            if declared and not other:
                yield Finding(
                    rule_id=self.id,
                    severity=self.severity,
                    message=f"the manifest lists {comp.component}, but no file or link in the release supports it",
                    location=declared[0].location,
                    evidence=declared[0].excerpt,
                    component=comp.component,
                    remediation="Publish the component, or remove it from the manifest.",
                )


class ManifestLicenceMismatch:
    """OG-MAN-002: a manifest names a licence for a component that differs from the licence its files carry."""

    id: ClassVar[str] = "OG-MAN-002"
    severity: ClassVar[Severity] = Severity.MEDIUM

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        claimed = {d.scope.removeprefix("component:"): d for d in ctx.declarations if d.how == "manifest" and d.scope}
        for comp in ctx.components:
            decl = claimed.get(comp.component)
            lic = comp.licence
            if decl is None or lic is None or comp.licence_scope == "manifest" or not lic.known:
                continue
            if decl.value.strip().lower() != lic.expression.lower():
                yield Finding(
                    rule_id=self.id,
                    severity=self.severity,
                    message=f"the manifest says {comp.component} is under {decl.value!r}, but its files are under "
                    f"{lic.expression}",
                    location=decl.location,
                    evidence=f"files: {lic.location}",
                    component=comp.component,
                    remediation="Make the manifest match the licence files (`opengauge init` regenerates it).",
                )


class ThinCard:
    """OG-DOC-002: a model card or data card has headings without substance, or misses required sections.

    A heading-only ("minimal") card gets no framework credit; a "thin" one counts but should be completed.
    """

    id: ClassVar[str] = "OG-DOC-002"
    severity: ClassVar[Severity] = Severity.LOW

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        for fact in ctx.artifacts:
            grade = fact.detail("completeness")
            if grade not in {"thin", "minimal"}:
                continue
            what = "data card" if fact.kind.value == "data-card" else "model card"
            missing = fact.detail("sections_missing") or ""
            thin = fact.detail("sections_thin") or ""
            gaps = ", ".join(x for x in (missing, thin) if x)
            yield Finding(
                rule_id=self.id,
                severity=Severity.MEDIUM if grade == "minimal" else self.severity,
                message=f"the {what} is {grade}" + (f": {gaps}" if gaps else ""),
                location=f"{fact.source_id}:{fact.path}",
                remediation="Fill in the missing sections (`opengauge card model|data` drafts them from the evidence).",
            )
