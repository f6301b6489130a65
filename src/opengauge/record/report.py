"""The one immutable audit report. Every output format is a rendering of it."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from opengauge.record.artifact import ArtifactKind, Release
from opengauge.record.assessment import Assessment
from opengauge.record.evidence import Evidence, Link
from opengauge.record.finding import Finding
from opengauge.record.licence import Licence

REPORT_SCHEMA_VERSION = "1.0"


class ComponentStatus(enum.StrEnum):
    """Whether a component is in the release. ``unknown`` (could not tell) is not ``absent`` (looked, not there)."""

    PRESENT = "present"  # verified evidence
    LINKED = "linked"  # only linked evidence
    DECLARED = "declared"  # only declared evidence
    ABSENT = "absent"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class ArtifactFacts:
    """What the inventory stage learnt about one artifact. ``details`` holds format-specific scalar facts."""

    source_id: str
    path: str
    size: int
    kind: ArtifactKind
    format: str | None = None  # "safetensors", "gguf", "python", "markdown", ...
    roles: tuple[str, ...] = field(default=())  # ComponentId values this file supports
    details: tuple[tuple[str, str], ...] = field(default=())  # sorted (key, value) pairs
    sha256: str | None = None

    def detail(self, key: str) -> str | None:
        for k, v in self.details:
            if k == key:
                return v
        return None


@dataclass(frozen=True, slots=True)
class ComponentResult:
    """One of the 17 MOF components: its evidence, the licence that governs it and why."""

    component: str  # ComponentId value (MOT spelling)
    status: ComponentStatus
    evidence: tuple[Evidence, ...]
    licence: Licence | None  # None: no licence could be attached
    licence_scope: str | None  # "component", "folder", "card", "release", "manifest"
    reason: str
    open_licence: bool | None = None  # None: unknown
    licence_appropriate: bool | None = None  # type-appropriate (code: OSI; data: open data; doc: open content)


@dataclass(frozen=True, slots=True)
class Timings:
    walk_s: float = 0.0
    inventory_s: float = 0.0
    licences_s: float = 0.0
    components_s: float = 0.0
    rules_s: float = 0.0
    frameworks_s: float = 0.0
    total_s: float = 0.0


@dataclass(frozen=True, slots=True)
class AuditReport:
    """Release, components, findings, assessments, tool version and timings; serialised by formats/json."""

    release: Release
    artifacts: tuple[ArtifactFacts, ...]
    components: tuple[ComponentResult, ...]
    licences: tuple[Licence, ...]
    links: tuple[Link, ...]
    findings: tuple[Finding, ...]
    assessments: tuple[Assessment, ...]
    tool_version: str
    created: str  # ISO 8601 UTC
    timings: Timings = field(default_factory=Timings)
    schema_version: str = REPORT_SCHEMA_VERSION

    def component(self, name: str) -> ComponentResult:
        for c in self.components:
            if c.component == name:
                return c
        raise KeyError(name)

    def assessment(self, framework: str) -> Assessment | None:
        for a in self.assessments:
            if a.framework == framework:
                return a
        return None
