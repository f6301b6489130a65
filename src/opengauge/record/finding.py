"""Findings: things a user should act on (openwashing, licence conflicts, unsafe artifacts, bad input)."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from opengauge.record._pickling import pickled_by_fields


class Severity(enum.StrEnum):
    INFO = "info"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self.value]


_SEVERITY_RANK = {"info": 0, "low": 1, "medium": 2, "high": 3, "critical": 4}


@pickled_by_fields
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
