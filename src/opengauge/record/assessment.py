"""Assessments: what the evidence means under one openness framework."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Grade(enum.StrEnum):
    PASS = "pass"
    FAIL = "fail"
    OPEN = "open"
    PARTIAL = "partial"
    CLOSED = "closed"
    UNKNOWN = "unknown"  # evidence could not decide
    TO_CONFIRM = "to-confirm"  # needs a human answer
    NOT_APPLICABLE = "n/a"


@dataclass(frozen=True, slots=True)
class Criterion:
    """One graded requirement of a framework, with the reason and where the evidence is."""

    id: str
    name: str
    grade: Grade
    reason: str
    evidence: tuple[str, ...] = field(default=())
    judged_by: str = "evidence"  # "evidence" or "human"


@dataclass(frozen=True, slots=True)
class Assessment:
    """A framework's verdict on a report.

    For MOF, ``mof_class`` is 0 (Unclassified), 1, 2 or 3 and ``progress`` is keyed "1", "2", "3" as the MOT API
    does. Other frameworks use ``verdict`` and optionally ``score``.
    """

    framework: str  # "mof", "osaid", "osai-index", "eu-ai-act"
    framework_version: str
    verdict: str
    mode: str | None = None  # MOF: "evidence" or "mot"
    mof_class: int | None = None
    label: str | None = None
    progress: dict[str, float] | None = None
    score: float | None = None
    criteria: tuple[Criterion, ...] = field(default=())
    next_steps: tuple[str, ...] = field(default=())
