"""Helpers shared by the content classifiers: locations, bounded reads, path words, evidence builders."""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache

from opengauge.inventory.interface import Reader
from opengauge.record import Artifact, Evidence, EvidenceLevel, Finding, Severity

#: One read never asks for more than this (the sources' own cap).
READ_SLICE = 16 * 1024 * 1024
#: Text files (cards, documents, code) are read up to this many bytes.
MAX_TEXT = 1024 * 1024
#: Excerpts quoted in evidence are cut to this many characters.
MAX_EXCERPT = 200

_TOKEN_SPLIT = re.compile(r"[_\-.\s]+")


def location(artifact: Artifact) -> str:
    """``source_id:path``, the form every evidence and finding uses."""
    return f"{artifact.source_id}:{artifact.path}"


def folder(path: str) -> str:
    """The POSIX folder of ``path``; ``""`` for the source root."""
    return posixpath.dirname(path)


def folder_scope(artifact: Artifact) -> str:
    """``source_id:folder`` of an artifact (``s1:`` for the root)."""
    return f"{artifact.source_id}:{folder(artifact.path)}"


def lower_name(artifact: Artifact) -> str:
    return artifact.name.lower()


def stem(name: str) -> str:
    """File name without its last suffix (``train.py`` -> ``train``; ``.env`` stays ``.env``)."""
    dot = name.rfind(".")
    return name[:dot] if dot > 0 else name


@lru_cache(maxsize=4096)
def dir_parts(path: str) -> tuple[str, ...]:
    """The lower-case folder names of ``path`` (not the file name)."""
    parts = path.lower().split("/")
    return tuple(p for p in parts[:-1] if p)


def tokens(word: str) -> tuple[str, ...]:
    """``run_train-lora.v2`` -> ``("run", "train", "lora", "v2")`` (lower case)."""
    return tuple(t for t in _TOKEN_SPLIT.split(word.lower()) if t)


def read_upto(reader: Reader, artifact: Artifact, head: bytes, limit: int) -> bytes:
    """At most ``limit`` bytes of the artifact, in slices the sources accept (``head`` if it is all)."""
    if len(head) >= limit or 0 <= artifact.size <= len(head):
        return head[:limit]
    chunks: list[bytes] = []
    got = 0
    while got < limit:
        want = min(READ_SLICE, limit - got)
        data = reader.read(artifact.path, got, want)
        if not data:
            break
        chunks.append(data)
        got += len(data)
        if len(data) < want:
            break
    return b"".join(chunks)


def decode(data: bytes) -> str:
    """UTF-8 text with replacement characters; a byte-order mark is dropped."""
    text = data.decode("utf-8", errors="replace")
    return text[1:] if text.startswith("\ufeff") else text


def read_text(reader: Reader, artifact: Artifact, head: bytes, limit: int = MAX_TEXT) -> str:
    return decode(read_upto(reader, artifact, head, limit))


def clip(text: str, limit: int = MAX_EXCERPT) -> str:
    """One line, at most ``limit`` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def evidence(
    component: str,
    artifact: Artifact,
    extractor: str,
    excerpt: str,
    *,
    line: int | None = None,
    confidence: float = 0.9,
    level: EvidenceLevel = EvidenceLevel.VERIFIED,
) -> Evidence:
    """Evidence that this artifact supports ``component``."""
    return Evidence(
        component=component,
        level=level,
        location=location(artifact),
        extractor=extractor,
        excerpt=clip(excerpt),
        line=line,
        confidence=confidence,
    )


def finding(rule_id: str, artifact: Artifact, message: str, *, evidence_text: str | None = None) -> Finding:
    """A low-severity finding about bad input in one artifact."""
    return Finding(
        rule_id=rule_id,
        severity=Severity.LOW,
        message=clip(message, 300),
        location=location(artifact),
        evidence=clip(evidence_text, 300) if evidence_text else None,
    )


def roles_of(evidence_items: tuple[Evidence, ...]) -> tuple[str, ...]:
    """The components this artifact itself supports: those with verified evidence, in first-seen order."""
    seen: dict[str, None] = {}
    for ev in evidence_items:
        if ev.level is EvidenceLevel.VERIFIED:
            seen.setdefault(ev.component, None)
    return tuple(seen)


def sorted_details(pairs: dict[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((k, clip(v, 300)) for k, v in pairs.items() if v != ""))


#: Hyperparameters that describe a model's shape (its architecture's sizes), as config keys or keyword names.
_SHAPE_NAMES = frozenset(
    {
        "d_model",
        "d_ff",
        "d_kv",
        "dim",
        "n_embd",
        "n_ctx",
        "block_size",
        "vocab_size",
        "n_positions",
        "arch",
        "max_position_embeddings",
        "multiple_of",
        "intermediate_size",
        "patch_size",
        "head_dim",
        "rope_theta",
        "model_type",
        "architectures",
    }
)
_SHAPE_TOKENS = ("layer", "head", "hidden", "embd", "embed", "depth", "expert", "ffn")


def is_shape_key(key: str) -> bool:
    """Whether a config key (its last dotted part) names a model size: ``n_layer``, ``num_attention_heads``,
    ``hidden_size``, ``encoder.embed_dim``, ``d_model``, ``arch``."""
    last = key.rsplit(".", 1)[-1].lower()
    if last in _SHAPE_NAMES:
        return True
    parts = last.split("_")
    return any(p.startswith(_SHAPE_TOKENS) or p.endswith(("layers", "heads")) for p in parts) and not any(
        p in {"dropout", "drop", "act", "activation", "init", "prob", "eps", "norm", "type", "path", "name"}
        for p in parts
    )
