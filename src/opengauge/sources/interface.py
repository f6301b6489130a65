"""Sources turn what the user named (a folder, a Hub id, an archive, a manifest) into Artifacts.

A source never executes anything and reads content only when asked, in bounded slices.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from opengauge.record import Artifact, Severity, SourceInfo

#: Largest slice any single read may ask for. Callers that need more must stream.
MAX_READ = 16 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class WalkProblem:
    """A file or folder the source could not list or read; it becomes a finding, not a crash."""

    path: str
    message: str
    rule_id: str = "OG-SRC-001"
    severity: Severity = Severity.LOW


class Source(Protocol):
    """One place a release is published."""

    @property
    def info(self) -> SourceInfo: ...

    def walk(self) -> Iterator[Artifact | WalkProblem]:
        """Every file of the source, in a stable order, with problems interleaved."""
        ...

    def read(self, path: str, offset: int = 0, length: int = MAX_READ) -> bytes:
        """Up to ``length`` bytes of ``path`` from ``offset``. Raises ``OSError`` on failure."""
        ...

    def local_path(self, path: str) -> Path | None:
        """A filesystem path for ``path`` if the content is on this machine, else None."""
        ...
