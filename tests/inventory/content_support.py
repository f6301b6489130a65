"""Test helpers for the content classifiers: an in-memory reader and a one-call classify."""

from __future__ import annotations

from dataclasses import dataclass, field

from opengauge.inventory.content import CLASSIFIERS
from opengauge.inventory.interface import Classifier, Observation
from opengauge.inventory.run import Dispatch
from opengauge.record import Artifact, Evidence

HEAD = 4096


@dataclass
class MemoryReader:
    """Files held in memory; counts the bytes read so tests can check reads stay bounded."""

    files: dict[str, bytes] = field(default_factory=dict)
    bytes_read: int = 0

    def read(self, path: str, offset: int = 0, length: int = 16 * 1024 * 1024) -> bytes:
        assert 0 <= length <= 16 * 1024 * 1024, "a single read larger than the sources allow"
        data = self.files[path][offset : offset + length]
        self.bytes_read += len(data)
        return data


def artifact(path: str, content: bytes, source_id: str = "s1") -> Artifact:
    return Artifact(source_id=source_id, path=path, size=len(content))


def pick(path: str, content: bytes | str) -> str | None:
    """The name of the first content classifier that accepts the file (as the catalog would try them)."""
    found = _first(path, content.encode() if isinstance(content, str) else content)
    return found.name if found else None


def _first(path: str, data: bytes) -> Classifier | None:
    """As the inventory picks: by suffix (``considers``), then ``accepts`` in catalog order."""
    return Dispatch(CLASSIFIERS).first(artifact(path, data), data[:HEAD])


def classify(path: str, content: bytes | str) -> tuple[str, Observation]:
    """(classifier name, observation) for one file; exceptions propagate (the catalog would hide them)."""
    data = content.encode() if isinstance(content, str) else content
    art = artifact(path, data)
    reader = MemoryReader({path: data})
    classifier = _first(path, data)
    assert classifier is not None, f"no content classifier accepts {path}"
    return classifier.name, classifier.classify(art, data[:HEAD], reader)


def details(obs: Observation) -> dict[str, str]:
    return dict(obs.details)


def components(obs: Observation, level: str | None = None) -> set[str]:
    return {e.component for e in obs.evidence if level is None or e.level.value == level}


def linked_evidence(path: str, obs: Observation, release: str = "release") -> list[Evidence]:
    """What the linking stage makes of the links of one classified file (as the only file of a release)."""
    from opengauge.context.interface import release_context
    from opengauge.inventory.run import InventoryItem
    from opengauge.linking.interface import link_evidence

    items = [InventoryItem(artifact(path, b""), obs)]
    return list(link_evidence(items, release_context(items, release)))


def linked_components(path: str, obs: Observation, release: str = "release") -> set[str]:
    return {e.component for e in linked_evidence(path, obs, release)}
