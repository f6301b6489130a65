"""Where a release comes from (sources) and the files it is made of (artifacts)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from functools import lru_cache

from opengauge.record._pickling import pickled_by_fields


@lru_cache(maxsize=65536)
def suffix_of(path: str) -> str:
    """The lower-cased last suffix of a path's file name (``.safetensors``), or ""."""
    name = path.rpartition("/")[2]
    dot = name.rfind(".")
    return name[dot:].lower() if dot >= 0 else ""


class SourceKind(enum.StrEnum):
    LOCAL = "local"
    GIT = "git"
    HUB = "hub"
    ARCHIVE = "archive"
    MANIFEST = "manifest"


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """One place a release is published: a folder, a checkout, a Hub repo, an archive or a manifest."""

    id: str  # short, unique within a release, e.g. "s1"
    kind: SourceKind
    location: str  # path or URL as the user gave it
    revision: str | None = None  # resolved commit sha or None
    linked_from: str | None = None  # id of the source whose card linked to this one (``--follow``)


class ArtifactKind(enum.StrEnum):
    """What a file is, decided by the inventory stage (``unknown`` until then)."""

    WEIGHTS = "weights"
    WEIGHTS_INDEX = "weights-index"
    LFS_POINTER = "lfs-pointer"
    CODE = "code"
    NOTEBOOK = "notebook"
    CONFIG = "config"
    MODEL_CARD = "model-card"
    DATA_CARD = "data-card"
    PAPER = "paper"
    DOCUMENT = "document"
    LICENSE = "license"
    EVAL_RESULTS = "eval-results"
    SAMPLE_OUTPUTS = "sample-outputs"
    DATA = "data"
    TOKENIZER = "tokenizer"
    MANIFEST = "manifest"
    OTHER = "other"
    UNKNOWN = "unknown"


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Artifact:
    """One file of a release, as the source stage saw it. Nothing here requires reading content."""

    source_id: str
    path: str  # POSIX path relative to the source root
    size: int  # bytes as stored (an LFS pointer's own size; the pointed size is in inventory facts)
    sha256: str | None = None  # filled only when hashing is asked for
    mtime: float | None = None
    lfs_oid: str | None = None  # when the source already knows the LFS sha256 (Hub)
    lfs_size: int | None = None

    @property
    def name(self) -> str:
        return self.path.rpartition("/")[2]

    @property
    def suffix(self) -> str:
        """The lower-cased last suffix of the name (``.safetensors``), or ""; asked for by every classifier."""
        return suffix_of(self.path)


@dataclass(frozen=True, slots=True)
class Release:
    """One model's publication: its sources and every artifact found in them."""

    name: str
    sources: tuple[SourceInfo, ...]
    artifacts: tuple[Artifact, ...] = field(default=())
