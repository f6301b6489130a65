"""The mutable state of one scan: findings, inconclusive notes, nesting depth and budgets."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from opengauge.record import Finding, Severity
from opengauge.security.options import ScanOptions
from opengauge.security.rules import RULES

if TYPE_CHECKING:
    from opengauge.security.policy import Policy


@dataclass(frozen=True, slots=True)
class Inconclusive:
    """Something the scanner could not judge (parse error, cap hit, unsupported format)."""

    location: str
    reason: str
    rule_id: str


@dataclass(frozen=True, slots=True)
class Where:
    """Where the bytes under scan come from: file, then container members outermost first."""

    file: str
    members: tuple[str, ...] = ()

    def inside(self, member: str) -> Where:
        return Where(self.file, (*self.members, member))

    def text(self, offset: int | None = None, op_index: int | None = None) -> str:
        out = self.file + "".join(f"!{m}" for m in self.members)
        if offset is not None:
            out += f"@{offset}"
        if op_index is not None:
            out += f"#op{op_index}"
        return out


@dataclass
class ScanContext:
    """Collects what one scan finds; every handler reports through it."""

    options: ScanOptions
    policy: Policy
    findings: list[Finding] = field(default_factory=list)
    inconclusive: list[Inconclusive] = field(default_factory=list)
    scanned: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    _seen: set[tuple[str, str, str]] = field(default_factory=set)

    def report(
        self,
        rule_id: str,
        where: Where,
        message: str,
        *,
        evidence: str | None = None,
        severity: Severity | None = None,
        offset: int | None = None,
        op_index: int | None = None,
        line: int | None = None,
    ) -> None:
        rule = RULES[rule_id]
        location = where.text(offset, op_index) + (f":{line}" if line is not None else "")
        key = (rule_id, location, message)
        if key in self._seen or len(self.findings) >= self.options.max_findings:
            return
        self._seen.add(key)
        self.findings.append(
            Finding(
                rule_id=rule_id,
                severity=severity or rule.severity,
                message=message,
                location=location,
                evidence=evidence,
                remediation=rule.remediation,
            )
        )
        if rule.inconclusive:
            self.inconclusive.append(Inconclusive(location, message, rule_id))

    def cap(self, where: Where, what: str, limit: int, offset: int | None = None) -> None:
        """A cap was hit: report it so that the gate says "inconclusive"."""
        self.report("OG-SEC-090", where, f"{what} cap ({limit}) hit; the rest was not scanned", offset=offset)

    def broken(self, where: Where, why: str, offset: int | None = None, op_index: int | None = None) -> None:
        self.report("OG-SEC-092", where, why, offset=offset, op_index=op_index)
