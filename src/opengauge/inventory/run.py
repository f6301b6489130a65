"""Run the classifiers over a source's artifacts: one ``InventoryItem`` per file, problems as findings."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from opengauge.inventory.interface import Classifier, Observation, Reader
from opengauge.record import Artifact, ArtifactFacts, ArtifactKind, Finding, Severity

HEAD_SIZE = 4096


@dataclass(frozen=True, slots=True)
class InventoryItem:
    """One artifact and what the inventory learnt about it."""

    artifact: Artifact
    observation: Observation

    @property
    def location(self) -> str:
        return f"{self.artifact.source_id}:{self.artifact.path}"

    def facts(self) -> ArtifactFacts:
        obs = self.observation
        return ArtifactFacts(
            source_id=self.artifact.source_id,
            path=self.artifact.path,
            size=self.artifact.size,
            kind=obs.kind,
            format=obs.format,
            roles=tuple(sorted(set(obs.roles))),
            details=tuple(sorted(obs.details)),
            sha256=self.artifact.sha256,
        )


def _unreadable(artifact: Artifact, exc: OSError) -> Observation:
    finding = Finding(
        rule_id="OG-INV-001",
        severity=Severity.LOW,
        message=f"file could not be read: {exc.strerror or exc}",
        location=f"{artifact.source_id}:{artifact.path}",
        remediation="Check the file's permissions; it was left out of the audit.",
    )
    return Observation(kind=ArtifactKind.UNKNOWN, findings=(finding,))


def _crashed(artifact: Artifact, classifier: Classifier, exc: Exception) -> Observation:
    finding = Finding(
        rule_id="OG-INV-002",
        severity=Severity.LOW,
        message=f"classifier {classifier.name} could not parse the file ({type(exc).__name__}: {exc})"[:300],
        location=f"{artifact.source_id}:{artifact.path}",
        remediation="Please report this: the file was kept as 'unknown' and the rest of the audit went on.",
    )
    return Observation(kind=ArtifactKind.UNKNOWN, findings=(finding,))


def classify(artifact: Artifact, reader: Reader, classifiers: Sequence[Classifier]) -> InventoryItem:
    """Classify one artifact. Never raises: a failure becomes a finding on an ``unknown`` artifact."""
    try:
        head = reader.read(artifact.path, 0, HEAD_SIZE) if artifact.size else b""
    except OSError as exc:
        return InventoryItem(artifact, _unreadable(artifact, exc))
    for classifier in classifiers:
        try:
            if classifier.accepts(artifact, head):
                return InventoryItem(artifact, classifier.classify(artifact, head, reader))
        except OSError as exc:
            return InventoryItem(artifact, _unreadable(artifact, exc))
        except Exception as exc:  # a bug in one classifier must not stop the audit (house rule)
            return InventoryItem(artifact, _crashed(artifact, classifier, exc))
    return InventoryItem(artifact, Observation(kind=ArtifactKind.OTHER))


def run_inventory(
    artifacts: Iterable[Artifact], reader: Reader, classifiers: Sequence[Classifier]
) -> tuple[InventoryItem, ...]:
    return tuple(classify(a, reader, classifiers) for a in artifacts)
