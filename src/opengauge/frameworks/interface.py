"""Frameworks: one small class each, registered in ``frameworks.catalog``. Each turns a report into a verdict."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Protocol

from opengauge.record import Assessment, AuditReport


@dataclass(frozen=True, slots=True)
class FrameworkOptions:
    strict: bool = False  # type-appropriate licences are failures, not warnings
    mof_mode: str = "evidence"  # "evidence" (default) or "mot"


class Framework(Protocol):
    """An openness framework. The docstring of each implementation says what it grades and its limits."""

    id: ClassVar[str]
    name: ClassVar[str]
    version: ClassVar[str]
    url: ClassVar[str]

    def assess(self, report: AuditReport, options: FrameworkOptions) -> Assessment:
        """Grade ``report`` (whose ``assessments`` may still be empty)."""
        ...
