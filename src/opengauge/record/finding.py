"""Findings: things a user should act on (openwashing, licence conflicts, unsafe artifacts, bad input)."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Severity(enum.StrEnum):
    INFO = "info"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return list(Severity).index(self)


@dataclass(frozen=True, slots=True)
class Finding:
    """One finding of one rule. ``rule_id`` is stable (``OG-LIC-003``); ``location`` is source:path or URL."""

    rule_id: str
    severity: Severity
    message: str
    location: str | None = None
    evidence: str | None = None  # the quoted claim / clause / bytes description
    remediation: str | None = None
    component: str | None = None  # ComponentId value when the finding concerns one
