"""Git LFS pointer files: the weights (or data) live on an LFS server, not in this source."""

from __future__ import annotations

import re
from dataclasses import dataclass

from opengauge.inventory.interface import Observation, Reader
from opengauge.inventory.weights._common import (
    RULE_LFS,
    Problem,
    human_bytes,
    location,
    to_finding,
)
from opengauge.inventory.weights._paths import checkpoint_marks, pointee_kind, role_for
from opengauge.record import Artifact, ArtifactKind, Evidence, EvidenceLevel, Finding, Severity

_PREFIXES = (b"version https://git-lfs.github.com/spec/", b"version https://hawser.github.com/spec/")
#: The LFS spec keeps pointers under 1024 bytes; we look at no more than the head.
POINTER_CAP = 4096
_OID = re.compile(r"sha256:[0-9a-f]{64}")


@dataclass(frozen=True, slots=True)
class LfsPointer:
    """The fields of a pointer file."""

    version: str
    oid: str | None
    size: int | None


def parse_pointer(data: bytes) -> LfsPointer:
    """Parse ``key value`` lines; unknown keys are ignored."""
    text = data.decode("utf-8", errors="replace")
    fields: dict[str, str] = {}
    for line in text.splitlines():
        key, _, value = line.strip().partition(" ")
        if key and key not in fields:
            fields[key] = value.strip()
    raw_size = fields.get("size", "")
    size = int(raw_size) if raw_size.isascii() and raw_size.isdigit() and len(raw_size) < 20 else None
    oid = fields.get("oid")
    return LfsPointer(
        version=fields.get("version", ""),
        oid=oid if oid is not None and _OID.fullmatch(oid) else None,
        size=size,
    )


def _suffix_format(path: str) -> str:
    name = path.rsplit("/", 1)[-1].lower()
    return name[name.rfind(".") + 1 :] if "." in name else ""


class LfsPointerClassifier:
    """A Git LFS pointer (any name): LINKED evidence for weights, the pointed size and oid in details."""

    name: str = "weights.lfs-pointer"

    def considers(self, suffix: str) -> bool:
        return True  # a pointer can stand for any file

    def accepts(self, artifact: Artifact, head: bytes) -> bool:
        return artifact.size <= POINTER_CAP and head.startswith(_PREFIXES)

    def classify(self, artifact: Artifact, head: bytes, reader: Reader) -> Observation:
        pointer = parse_pointer(head[:POINTER_CAP])
        kind = pointee_kind(artifact.path)
        marks = checkpoint_marks(artifact.path) if kind == "weights" else {}
        details = {"pointee_kind": kind, "lfs_version": pointer.version[:200]}
        details.update(marks)
        if fmt := _suffix_format(artifact.path):
            details["pointee_format"] = fmt[:40]
        if pointer.oid:
            details["oid"] = pointer.oid
        if pointer.size is not None:
            details["size"] = str(pointer.size)
        findings: tuple[Finding, ...] = ()
        if pointer.oid is None or pointer.size is None:
            missing = " and ".join(k for k, v in (("oid", pointer.oid), ("size", pointer.size)) if v is None)
            problem = Problem(RULE_LFS, Severity.LOW, f"Git LFS pointer without a valid {missing}")
            findings = (to_finding(artifact, problem),)
        if kind != "weights" or findings:
            return Observation(
                kind=ArtifactKind.LFS_POINTER,
                format="git-lfs-pointer",
                details=tuple(sorted(details.items())),
                findings=findings,
            )
        role = role_for(marks)
        size_text = human_bytes(pointer.size) if pointer.size is not None else "unknown-size"
        excerpt = f"Git LFS pointer to a {size_text} {fmt or 'weights'} file; the content is not in this source"
        evidence = Evidence(
            component=role,
            level=EvidenceLevel.LINKED,
            location=location(artifact),
            extractor=self.name,
            excerpt=excerpt,
        )
        return Observation(
            kind=ArtifactKind.LFS_POINTER,
            format="git-lfs-pointer",
            roles=(role,),
            details=tuple(sorted(details.items())),
            evidence=(evidence,),
            findings=findings,
        )
