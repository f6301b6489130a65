"""The one record: frozen dataclasses that flow one way through the pipeline."""

from opengauge.record.artifact import Artifact, ArtifactKind, Release, SourceInfo, SourceKind
from opengauge.record.assessment import Assessment, Criterion, Grade
from opengauge.record.evidence import MIN_CREDIT_CONFIDENCE, Evidence, EvidenceLevel, Link, LinkKind, LinkOrigin
from opengauge.record.finding import Finding, Severity
from opengauge.record.licence import IdentifiedBy, Licence, LicenceFamily, Restriction
from opengauge.record.mof import CLASS_LABELS, ComponentId, ComponentSpec, ContentType, component_specs
from opengauge.record.report import (
    REPORT_SCHEMA_VERSION,
    ArtifactFacts,
    AuditReport,
    ComponentResult,
    ComponentStatus,
    Timings,
)

__all__ = [
    "CLASS_LABELS",
    "MIN_CREDIT_CONFIDENCE",
    "REPORT_SCHEMA_VERSION",
    "Artifact",
    "ArtifactFacts",
    "ArtifactKind",
    "Assessment",
    "AuditReport",
    "ComponentId",
    "ComponentResult",
    "ComponentSpec",
    "ComponentStatus",
    "ContentType",
    "Criterion",
    "Evidence",
    "EvidenceLevel",
    "Finding",
    "Grade",
    "IdentifiedBy",
    "Licence",
    "LicenceFamily",
    "Link",
    "LinkKind",
    "LinkOrigin",
    "Release",
    "Restriction",
    "Severity",
    "SourceInfo",
    "SourceKind",
    "Timings",
    "component_specs",
]
