"""Shared pieces of the weights classifiers: rule ids, caps, problems, bounded reads, observation builders."""

from __future__ import annotations

from dataclasses import dataclass

from opengauge.inventory.interface import LicenceDeclaration, Observation, Reader
from opengauge.inventory.weights._paths import checkpoint_marks, role_for
from opengauge.record import Artifact, ArtifactKind, Evidence, EvidenceLevel, Finding, Severity
from opengauge.sources.interface import MAX_READ

RULE_UNREADABLE = "OG-INV-001"  # same meaning as the inventory runner's rule: a read failed
RULE_CORRUPT = "OG-INV-020"  # the header does not parse as the format the file claims
RULE_TRUNCATED = "OG-INV-021"  # the file is shorter than its own header says
RULE_CAP = "OG-INV-022"  # a header or listing is larger than our reading cap: partial result
RULE_INCONSISTENT = "OG-INV-023"  # the header parses but contradicts itself (offsets, spans, counts)
RULE_LFS = "OG-INV-024"  # a Git LFS pointer that does not follow the spec

#: Largest part of a file any weights classifier reads (headers, directories, metadata), per file.
SAFETENSORS_HEADER_CAP = 100_000_000
GGUF_METADATA_CAP = 32 * 1024 * 1024
ZIP_DIRECTORY_CAP = MAX_READ
ZIP_MEMBER_CAP = 65_536
INDEX_FILE_CAP = 32 * 1024 * 1024
NPY_HEADER_CAP = 65_536
PROTOBUF_READ_CAP = 4 * 1024 * 1024
PROTOBUF_FIELD_CAP = 4096
DETAIL_VALUE_CAP = 1000
CHUNK = 64 * 1024


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with a file, to become a Finding."""

    rule_id: str
    severity: Severity
    message: str


class WeightsFormatError(Exception):
    """A fatal problem: the header cannot be read further. Carries the problem to report."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def corrupt(message: str) -> WeightsFormatError:
    return WeightsFormatError(Problem(RULE_CORRUPT, Severity.MEDIUM, message))


def truncated(message: str) -> WeightsFormatError:
    return WeightsFormatError(Problem(RULE_TRUNCATED, Severity.MEDIUM, message))


def capped(message: str) -> Problem:
    return Problem(RULE_CAP, Severity.LOW, message)


class Fetcher:
    """Bounded reads of one artifact: serves what ``head`` holds, never asks more than ``MAX_READ`` per read,
    and never more than ``budget`` bytes in all (a cap problem is raised instead)."""

    def __init__(self, reader: Reader, artifact: Artifact, head: bytes, budget: int) -> None:
        self._reader = reader
        self._path = artifact.path
        self._head = head
        self.size = max(artifact.size, len(head))
        self.budget = budget
        self.used = 0

    @property
    def remaining(self) -> int:
        return self.budget - self.used

    def read(self, offset: int, length: int) -> bytes:
        """Up to ``length`` bytes from ``offset`` (fewer at the end of the file)."""
        if offset < 0 or length <= 0 or offset >= self.size:
            return b""
        length = min(length, self.size - offset)
        head = self._head
        if offset + length <= len(head):
            return head[offset : offset + length]
        prefix = head[offset:] if offset < len(head) else b""
        return prefix + self._fetch(offset + len(prefix), length - len(prefix))

    def _fetch(self, offset: int, length: int) -> bytes:
        out = bytearray()
        while length > 0:
            n = min(length, MAX_READ)
            if self.used + n > self.budget:
                raise WeightsFormatError(capped(f"reading stopped at the {human_bytes(self.budget)} cap"))
            try:
                chunk = self._reader.read(self._path, offset, n)
            except OSError as exc:
                message = f"file could not be read: {exc.strerror or exc}"[:200]
                raise WeightsFormatError(Problem(RULE_UNREADABLE, Severity.LOW, message)) from exc
            chunk = bytes(chunk[:n])
            self.used += len(chunk)
            out += chunk
            if len(chunk) < n:
                break
            offset += n
            length -= n
        return bytes(out)


def human_count(n: int) -> str:
    """124412160 -> '124.4M'."""
    for factor, unit in ((10**12, "T"), (10**9, "B"), (10**6, "M"), (10**3, "K")):
        if n >= factor:
            return f"{n / factor:.1f}{unit}"
    return str(n)


def human_bytes(n: int) -> str:
    """4_900_000_000 -> '4.9 GB' (decimal units)."""
    for factor, unit in ((10**12, "TB"), (10**9, "GB"), (10**6, "MB"), (10**3, "kB")):
        if n >= factor:
            return f"{n / factor:.1f} {unit}"
    return f"{n} B"


def bounded(text: str, cap: int = DETAIL_VALUE_CAP) -> str:
    """One line, at most ``cap`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= cap else text[: cap - 1] + "…"


def join_bounded(items: list[str], cap: int = DETAIL_VALUE_CAP) -> str:
    """Comma-joined items, cut at ``cap`` characters with a count of what was left out."""
    joined = ",".join(items)
    if len(joined) <= cap:
        return joined
    out: list[str] = []
    length = 0
    room = cap - 24  # what the "…(+N more)" tail needs
    for i, item in enumerate(items):
        if length + len(item) + 1 > room:
            out.append(f"…(+{len(items) - i} more)")
            break
        out.append(item)
        length += len(item) + 1
    return ",".join(out)


def location(artifact: Artifact) -> str:
    return f"{artifact.source_id}:{artifact.path}"


def to_finding(artifact: Artifact, problem: Problem) -> Finding:
    return Finding(
        rule_id=problem.rule_id,
        severity=problem.severity,
        message=bounded(problem.message, 300),
        location=location(artifact),
    )


@dataclass(frozen=True, slots=True)
class Parsed:
    """What a weights parser found, before it becomes an Observation."""

    format: str
    summary: str  # the Evidence excerpt, e.g. "safetensors, 124 tensors, 124.4M params, F16"
    details: tuple[tuple[str, str], ...] = ()
    problems: tuple[Problem, ...] = ()
    is_weights: bool = True  # False: recognised, but not model parameters (optimizer state, a data array)
    declarations: tuple[LicenceDeclaration, ...] = ()


def weights_observation(artifact: Artifact, parsed: Parsed, name: str) -> Observation:
    """The Observation of a parsed weights file: role Final or Intermediate (by path), VERIFIED evidence."""
    marks = checkpoint_marks(artifact.path)
    details = dict(parsed.details)
    details.update(marks)
    if not parsed.is_weights:
        return Observation(
            kind=ArtifactKind.OTHER,
            format=parsed.format,
            details=tuple(sorted(details.items())),
            declarations=parsed.declarations,
            findings=tuple(to_finding(artifact, p) for p in parsed.problems),
        )
    role = role_for(marks)
    evidence = Evidence(
        component=role,
        level=EvidenceLevel.VERIFIED,
        location=location(artifact),
        extractor=name,
        excerpt=bounded(parsed.summary, 200),
    )
    return Observation(
        kind=ArtifactKind.WEIGHTS,
        format=parsed.format,
        roles=(role,),
        details=tuple(sorted(details.items())),
        evidence=(evidence,),
        declarations=parsed.declarations,
        findings=tuple(to_finding(artifact, p) for p in parsed.problems),
    )


def failed_observation(
    artifact: Artifact, fmt: str, problem: Problem, kind: ArtifactKind = ArtifactKind.WEIGHTS
) -> Observation:
    """A file that claims a weights format but whose header could not be parsed: no role, one finding."""
    details = dict(checkpoint_marks(artifact.path))
    return Observation(
        kind=kind,
        format=fmt,
        details=tuple(sorted(details.items())),
        findings=(to_finding(artifact, problem),),
    )
