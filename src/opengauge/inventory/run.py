"""Run the classifiers over a source's artifacts: one ``InventoryItem`` per file, problems as findings."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from opengauge.inventory.interface import Classifier, Observation, Reader
from opengauge.record import Artifact, ArtifactFacts, ArtifactKind, Finding, Severity
from opengauge.record._pickling import pickled_by_fields
from opengauge.security.detect import LOADABLE, Kind, identify_head

HEAD_SIZE = 4096


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class InventoryItem:
    """One artifact and what the inventory learnt about it. ``loadable`` is the format the security scanner's magic
    finds in the file's first bytes when a loader could deserialise it (``security.detect.LOADABLE``), else None:
    the audit scans such files whatever the classifiers called them."""

    artifact: Artifact
    observation: Observation
    loadable: str | None = None

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


class Dispatch:
    """The classifiers worth trying on a file, by its suffix, in catalog order.

    Trying every classifier's ``accepts`` on every file was a quarter of the inventory's time; each classifier
    says once per suffix whether it could accept such a file (``considers``), and only those are tried.
    """

    __slots__ = ("_all", "_by_suffix")

    #: Distinct suffixes remembered (names like ``run.20240101`` make suffixes without end).
    MAX_SUFFIXES = 4096

    def __init__(self, classifiers: Sequence[Classifier]) -> None:
        self._all = tuple(classifiers)
        self._by_suffix: dict[str, tuple[Classifier, ...]] = {}

    def candidates(self, suffix: str) -> tuple[Classifier, ...]:
        found = self._by_suffix.get(suffix)
        if found is None:
            found = tuple(c for c in self._all if c.considers(suffix))
            if len(self._by_suffix) < self.MAX_SUFFIXES:
                self._by_suffix[suffix] = found
        return found

    def first(self, artifact: Artifact, head: bytes) -> Classifier | None:
        """The first classifier (in catalog order) that accepts the artifact; exceptions propagate."""
        return next((c for c in self.candidates(artifact.suffix) if c.accepts(artifact, head)), None)


def loadable(artifact: Artifact, head: bytes) -> str | None:
    """The scanner's format for ``head`` when a loader could deserialise it (see ``InventoryItem.loadable``)."""
    if not head:
        return None
    kind = identify_head(head, artifact.size)
    return None if kind is Kind.UNKNOWN or kind not in LOADABLE else kind.value


def classify(artifact: Artifact, reader: Reader, classifiers: Sequence[Classifier] | Dispatch) -> InventoryItem:
    """Classify one artifact. Never raises: a failure becomes a finding on an ``unknown`` artifact."""
    dispatch = classifiers if isinstance(classifiers, Dispatch) else Dispatch(classifiers)
    try:
        head = reader.read(artifact.path, 0, HEAD_SIZE) if artifact.size else b""
    except OSError as exc:
        return InventoryItem(artifact, _unreadable(artifact, exc))
    fmt = loadable(artifact, head)
    for classifier in dispatch.candidates(artifact.suffix):
        try:
            if classifier.accepts(artifact, head):
                return InventoryItem(artifact, classifier.classify(artifact, head, reader), fmt)
        except OSError as exc:
            return InventoryItem(artifact, _unreadable(artifact, exc), fmt)
        except Exception as exc:  # a bug in one classifier must not stop the audit (house rule)
            return InventoryItem(artifact, _crashed(artifact, classifier, exc), fmt)
    return InventoryItem(artifact, Observation(kind=ArtifactKind.OTHER), fmt)


def run_inventory(
    artifacts: Iterable[Artifact], reader: Reader, classifiers: Sequence[Classifier] | Dispatch
) -> tuple[InventoryItem, ...]:
    dispatch = classifiers if isinstance(classifiers, Dispatch) else Dispatch(classifiers)
    return tuple(classify(a, reader, dispatch) for a in artifacts)
