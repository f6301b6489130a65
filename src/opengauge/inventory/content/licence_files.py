"""Licence files (LICENSE, COPYING, NOTICE, use policies, model licences, REUSE ``LICENSES/``): marked as
licence text for the licences stage, which identifies them. Nothing is identified here."""

from __future__ import annotations

from opengauge.inventory.content._shared import dir_parts, sorted_details
from opengauge.inventory.interface import Observation, Reader
from opengauge.record import Artifact, ArtifactKind

PREFIXES = (
    "license",
    "licence",
    "copying",
    "notice",
    "use_policy",
    "use-policy",
    "model_license",
    "model-license",
    "model_licence",
    "acceptable_use_policy",
    "acceptable-use-policy",
)
#: Suffixes that make a ``license*`` name something else (a script, a config, data).
NOT_TEXT = frozenset(
    {
        ".py",
        ".sh",
        ".js",
        ".ts",
        ".json",
        ".yaml",
        ".yml",
        ".toml",
        ".cfg",
        ".ini",
        ".c",
        ".h",
        ".cpp",
        ".rs",
        ".go",
        ".java",
        ".ipynb",
        ".csv",
        ".tsv",
        ".jsonl",
        ".parquet",
        ".png",
        ".jpg",
        ".jpeg",
        ".gif",
        ".svg",
        ".html",
        ".css",
        ".jinja",
        ".j2",
    }
)
_POLICY = ("use_policy", "use-policy", "acceptable_use", "acceptable-use", "aup", "responsible_use")
_WEIGHTS = ("model", "weights")


def is_licence_file(artifact: Artifact) -> bool:
    name = artifact.name.lower()
    if artifact.suffix in NOT_TEXT:
        return False
    if name.endswith(".license") or "licenses" in dir_parts(artifact.path)[-1:]:
        return True
    return name.startswith(PREFIXES)


def role_hint(artifact: Artifact) -> str | None:
    """``weights`` for a model licence, ``policy`` for a use policy, ``notice`` for a NOTICE file."""
    name = artifact.name.lower()
    if any(p in name for p in _POLICY):
        return "policy"
    if name.startswith("notice"):
        return "notice"
    if any(w in name for w in _WEIGHTS):
        return "weights"
    return None


class LicenceFileClassifier:
    """Licence, notice and use-policy files."""

    name = "licence-file"

    def considers(self, suffix: str) -> bool:
        return suffix not in NOT_TEXT

    def accepts(self, artifact: Artifact, head: bytes) -> bool:
        return is_licence_file(artifact)

    def classify(self, artifact: Artifact, head: bytes, reader: Reader) -> Observation:
        hint = role_hint(artifact)
        details = {"role_hint": hint or ""}
        if b"\x00" in head[:4096]:
            details["binary"] = "true"
        fmt = artifact.suffix.lstrip(".") if artifact.suffix in {".md", ".txt", ".rst", ".pdf"} else "text"
        return Observation(
            kind=ArtifactKind.LICENSE,
            format=fmt,
            details=sorted_details(details),
            licence_text=True,
        )
