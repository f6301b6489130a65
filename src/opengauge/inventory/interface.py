"""Inventory: what each file is. Classifiers look at one artifact (by name, then by bounded reads) and say
what it is, which MOF components it supports, which links and licence declarations it carries.

A classifier never executes content: formats are parsed from bytes, YAML with ``safe_load`` only, Python by AST.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Protocol

from opengauge.record import Artifact, ArtifactKind, Evidence, Finding, Link
from opengauge.record._pickling import pickled_by_fields


class Reader(Protocol):
    """Bounded reads of one source's files (see ``sources.interface.Source.read``)."""

    def read(self, path: str, offset: int = 0, length: int = ...) -> bytes: ...


class ProseScope(enum.StrEnum):
    """What a licence statement in prose covers."""

    CODE = "code"
    WEIGHTS = "weights"
    DATA = "data"
    EVERYTHING = "everything"


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class LicenceDeclaration:
    """A licence named (not shown in full) by a file: a card tag, an SPDX header, package metadata."""

    value: str  # the raw string: "apache-2.0", "llama3.1", "MIT OR Apache-2.0"
    how: str  # "card-tag", "spdx-header", "package-metadata", "manifest", "prose"
    location: str  # source_id:path[:line]
    scope: str  # folder (source_id:dir) the declaration governs; "" for the whole source
    name: str | None = None  # HF `license_name`
    link: str | None = None  # HF `license_link`
    covers: ProseScope | None = None  # a statement in prose: what it covers
    quote: str | None = None  # a statement in prose: the sentence


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Observation:
    """What one classifier learnt about one artifact."""

    kind: ArtifactKind
    format: str | None = None
    roles: tuple[str, ...] = field(default=())  # ComponentId values
    details: tuple[tuple[str, str], ...] = field(default=())
    evidence: tuple[Evidence, ...] = field(default=())
    links: tuple[Link, ...] = field(default=())
    declarations: tuple[LicenceDeclaration, ...] = field(default=())
    findings: tuple[Finding, ...] = field(default=())
    licence_text: bool = False  # the file is (or contains) a licence text for the licences stage


class Classifier(Protocol):
    """One kind of file (weights, code, documents, ...). Registered in ``inventory.catalog``."""

    name: str

    def considers(self, suffix: str) -> bool:
        """Whether ``accepts`` can be True for a file whose lower-cased last suffix is ``suffix`` (``.py``, "").

        Asked once per suffix: the inventory tries ``accepts`` only on the classifiers that consider the suffix.
        A classifier that recognises first bytes or names with any suffix says True.
        """
        ...

    def accepts(self, artifact: Artifact, head: bytes) -> bool:
        """Cheap test on the name and the first bytes (at most 4 KiB)."""
        ...

    def classify(self, artifact: Artifact, head: bytes, reader: Reader) -> Observation:
        """Full classification; may read more through ``reader`` (bounded)."""
        ...
