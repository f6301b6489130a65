"""What the Hub says about a repository at one commit: files (sizes, LFS sha256), card data, gating, tags
and safetensors parameter counts. Built from huggingface_hub's ``ModelInfo``/``DatasetInfo``, from a README's
front matter when offline, and stored as small JSON files keyed by repo and commit for repeated audits.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from opengauge.cachedir import user_cache_dir
from opengauge.safeyaml import safe_load

#: Bump when the cached JSON layout changes; older files are then ignored.
CACHE_SCHEMA = 1
_SHA = re.compile(r"[0-9a-f]{40}")


@dataclass(frozen=True, slots=True)
class HubFile:
    """One file of a Hub repo as listed by the API (``size`` is the real size, LFS files included)."""

    path: str
    size: int | None = None
    blob_id: str | None = None
    lfs_sha256: str | None = None
    lfs_size: int | None = None


@dataclass(frozen=True, slots=True)
class HubMetadata:
    """A repository at one commit, as the Hub API (or a cached copy of it) describes it."""

    repo_id: str
    repo_type: str  # "model" | "dataset"
    sha: str
    files: tuple[HubFile, ...]
    gated: str | None = None  # "auto" | "manual" | None (not gated)
    private: bool | None = None
    disabled: bool | None = None
    tags: tuple[str, ...] = field(default=())
    license: tuple[str, ...] = field(default=())  # card `license` (a list on some cards)
    license_name: str | None = None
    license_link: str | None = None
    datasets: tuple[str, ...] = field(default=())
    base_models: tuple[str, ...] = field(default=())
    library_name: str | None = None
    pipeline_tag: str | None = None
    parameters: tuple[tuple[str, int], ...] = field(default=())  # safetensors dtype -> count
    total_parameters: int | None = None
    gated_prompt: str | None = None  # card `extra_gated_prompt`, shortened
    gated_fields: tuple[str, ...] = field(default=())  # card `extra_gated_fields` names
    last_modified: str | None = None
    from_api: bool = True  # False: built from local files only (offline without cached metadata)

    def file(self, path: str) -> HubFile | None:
        for f in self.files:
            if f.path == path:
                return f
        return None

    def details(self) -> tuple[tuple[str, str], ...]:
        """Scalar facts as sorted (key, value) pairs, in the style of ``ArtifactFacts.details``."""
        pairs: list[tuple[str, str]] = [("hub.repo_id", self.repo_id), ("hub.repo_type", self.repo_type)]
        pairs.append(("hub.sha", self.sha))
        optional = {
            "hub.gated": self.gated,
            "hub.private": None if self.private is None else str(self.private).lower(),
            "hub.license": ", ".join(self.license) or None,
            "hub.license_name": self.license_name,
            "hub.license_link": self.license_link,
            "hub.datasets": ", ".join(self.datasets) or None,
            "hub.base_models": ", ".join(self.base_models) or None,
            "hub.library_name": self.library_name,
            "hub.pipeline_tag": self.pipeline_tag,
            "hub.total_parameters": None if self.total_parameters is None else str(self.total_parameters),
            "hub.tags": ", ".join(self.tags) or None,
        }
        pairs.extend((k, v) for k, v in optional.items() if v)
        pairs.extend((f"hub.parameters.{dtype}", str(n)) for dtype, n in self.parameters)
        return tuple(sorted(pairs))

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["schema"] = CACHE_SCHEMA
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> HubMetadata:
        """Rebuild from ``to_json`` output. Raises ``ValueError`` on anything unexpected."""
        if data.get("schema") != CACHE_SCHEMA:
            raise ValueError("cached metadata has another schema version")
        try:
            files = tuple(HubFile(**f) for f in data["files"])
            kwargs = {k: v for k, v in data.items() if k not in {"schema", "files"}}
            for key in ("tags", "license", "datasets", "base_models", "gated_fields"):
                kwargs[key] = tuple(kwargs.get(key, ()))
            kwargs["parameters"] = tuple((str(d), int(n)) for d, n in kwargs.get("parameters", ()))
            return cls(files=files, **kwargs)
        except (KeyError, TypeError) as exc:
            raise ValueError(f"malformed cached metadata: {exc}") from None


# -- building from the API ------------------------------------------------------------------------------


def metadata_from_info(info: Any, repo_type: str) -> HubMetadata:
    """Normalise a huggingface_hub ``ModelInfo``/``DatasetInfo`` into ``HubMetadata``."""
    card = _card_dict(getattr(info, "card_data", None))
    files = tuple(
        sorted(
            (
                HubFile(
                    path=str(s.rfilename),
                    size=_int(s.size),
                    blob_id=s.blob_id,
                    lfs_sha256=str(s.lfs.sha256) if s.lfs else None,
                    lfs_size=_int(s.lfs.size) if s.lfs else None,
                )
                for s in (getattr(info, "siblings", None) or ())
            ),
            key=lambda f: f.path,
        )
    )
    safetensors = getattr(info, "safetensors", None)
    params = tuple(sorted((str(k), int(v)) for k, v in (safetensors.parameters if safetensors else {}).items()))
    base = _strings(card.get("base_model")) or _strings(getattr(info, "base_models", None))
    last_modified = getattr(info, "last_modified", None)
    return HubMetadata(
        repo_id=str(info.id),
        repo_type=repo_type,
        sha=str(info.sha or ""),
        files=files,
        gated=_gated(getattr(info, "gated", None)),
        private=getattr(info, "private", None),
        disabled=getattr(info, "disabled", None),
        tags=_strings(getattr(info, "tags", None)),
        library_name=_str(getattr(info, "library_name", None)) or _str(card.get("library_name")),
        pipeline_tag=_str(getattr(info, "pipeline_tag", None)) or _str(card.get("pipeline_tag")),
        parameters=params,
        total_parameters=_int(safetensors.total) if safetensors else None,
        last_modified=last_modified.isoformat() if last_modified is not None else None,
        base_models=base,
        **_card_fields(card),
    )


def metadata_from_files(repo_id: str, repo_type: str, sha: str, root: Path, files: Iterable[HubFile]) -> HubMetadata:
    """Offline without cached metadata: files as found on disk, card fields from README front matter."""
    card = front_matter(root / "README.md")
    return HubMetadata(
        repo_id=repo_id,
        repo_type=repo_type,
        sha=sha,
        files=tuple(sorted(files, key=lambda f: f.path)),
        tags=_strings(card.get("tags")),
        library_name=_str(card.get("library_name")),
        pipeline_tag=_str(card.get("pipeline_tag")),
        base_models=_strings(card.get("base_model")),
        from_api=False,
        **_card_fields(card),
    )


def front_matter(path: Path, limit: int = 1_000_000) -> dict[str, Any]:
    """The YAML front matter of a card (``safe_load`` only); {} when absent or malformed."""
    try:
        with open(path, "rb") as fh:
            text = fh.read(limit).decode("utf-8", errors="replace")
    except OSError:
        return {}
    match = re.match(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(\r?\n|\Z)", text, re.DOTALL)
    if not match:
        return {}
    try:
        data = safe_load(match.group(1))
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def _card_dict(card: Any) -> dict[str, Any]:
    if card is None:
        return {}
    if isinstance(card, Mapping):
        return dict(card)
    to_dict = getattr(card, "to_dict", None)
    if callable(to_dict):
        try:
            data = to_dict()
        except Exception:  # a malformed card must not stop the audit; the inventory reads README itself
            return {}
        return dict(data) if isinstance(data, Mapping) else {}
    return {}


def _card_fields(card: Mapping[str, Any]) -> dict[str, Any]:
    prompt = _str(card.get("extra_gated_prompt"))
    fields = card.get("extra_gated_fields")
    return {
        "license": _strings(card.get("license")),
        "license_name": _str(card.get("license_name")),
        "license_link": _str(card.get("license_link")),
        "datasets": _strings(card.get("datasets")),
        "gated_prompt": prompt[:500] if prompt else None,
        "gated_fields": tuple(str(k) for k in fields) if isinstance(fields, Mapping) else (),
    }


def _gated(value: object) -> str | None:
    if value is None or value is False:
        return None
    if value is True:
        return "auto"
    return str(value)


def _strings(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,) if value.strip() else ()
    if isinstance(value, list | tuple):
        return tuple(str(v) for v in value if isinstance(v, str | int | float) and str(v).strip())
    return ()


def _str(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


# -- the metadata cache ---------------------------------------------------------------------------------


def _repo_dir(repo_type: str, repo_id: str) -> Path:
    return user_cache_dir() / "hub" / f"{repo_type}s" / repo_id.replace("/", "--")


def load_cached(repo_type: str, repo_id: str, sha: str) -> HubMetadata | None:
    """Cached metadata for this exact commit, or None (absent, unreadable or stale schema)."""
    if not _SHA.fullmatch(sha):
        return None
    try:
        data = json.loads((_repo_dir(repo_type, repo_id) / f"{sha}.json").read_text(encoding="utf-8"))
        meta = HubMetadata.from_json(data)
    except (OSError, ValueError):
        return None
    return meta if meta.sha == sha and meta.repo_id == repo_id else None


def store_cached(meta: HubMetadata) -> None:
    """Best effort: a cache that cannot be written only costs a later API call."""
    if not _SHA.fullmatch(meta.sha) or not meta.from_api:
        return
    folder = _repo_dir(meta.repo_type, meta.repo_id)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{meta.sha}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps(meta.to_json(), sort_keys=True), encoding="utf-8")
        tmp.replace(folder / f"{meta.sha}.json")
    except OSError:
        return


def cached_ref(repo_type: str, repo_id: str, ref: str) -> str | None:
    """The commit a branch/tag pointed to when it was last audited online."""
    try:
        sha = (_repo_dir(repo_type, repo_id) / "refs" / ref.replace("/", "%2F")).read_text().strip()
    except (OSError, UnicodeDecodeError):
        return None
    return sha if _SHA.fullmatch(sha) else None


def store_ref(repo_type: str, repo_id: str, ref: str, sha: str) -> None:
    if not _SHA.fullmatch(sha) or ref == sha:
        return
    folder = _repo_dir(repo_type, repo_id) / "refs"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / ref.replace("/", "%2F")).write_text(sha)
    except OSError:
        return
