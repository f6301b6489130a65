"""What the user named on the command line: a local path, a Hugging Face model or a Hugging Face dataset.

Recognised forms::

    ./some/folder                                  local (anything that is not one of the forms below)
    hf:org/name  hf:name  hf:org/name@revision     Hub model (``hf-model:`` is a synonym)
    hf:org/name/sub/folder@revision                a folder of a Hub model
    hf-dataset:org/name[@revision]                 Hub dataset (``hf:datasets/org/name`` too)
    https://huggingface.co/org/name[/tree/<rev>[/path]]          (also hf.co, /blob/, /resolve/, /commit/)
    https://huggingface.co/datasets/org/name[/tree/<rev>[/path]]

A malformed id is a ``UsageError`` with a one-line message, never a guess.
"""

from __future__ import annotations

import enum
import os
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from opengauge.errors import UsageError


class LocationKind(enum.StrEnum):
    LOCAL = "local"
    HUB_MODEL = "hub-model"
    HUB_DATASET = "hub-dataset"


@dataclass(frozen=True, slots=True)
class Location:
    """One parsed location. ``repo_id``/``revision`` are set for Hub kinds; ``path`` is a folder path (local)
    or a sub-path inside the Hub repo. ``linked_from`` names the source whose card linked to it."""

    kind: LocationKind
    text: str  # as the user gave it
    repo_id: str | None = None
    revision: str | None = None
    path: str | None = None
    linked_from: str | None = None

    @property
    def is_hub(self) -> bool:
        return self.kind is not LocationKind.LOCAL

    @property
    def repo_type(self) -> str:
        """``model`` or ``dataset`` (huggingface_hub's spelling); ``local`` for a local path."""
        return {LocationKind.HUB_MODEL: "model", LocationKind.HUB_DATASET: "dataset"}.get(self.kind, "local")

    def canonical(self) -> str:
        """A stable spelling: ``hf:org/name@rev`` / ``hf-dataset:org/name``; the path for a local one."""
        if not self.is_hub:
            return self.path or self.text
        prefix = "hf-dataset:" if self.kind is LocationKind.HUB_DATASET else "hf:"
        sub = f"/{self.path}" if self.path else ""
        rev = f"@{self.revision}" if self.revision else ""
        return f"{prefix}{self.repo_id}{sub}{rev}"


HUB_HOSTS = frozenset({"huggingface.co", "www.huggingface.co", "hf.co"})
_SEGMENT = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.\-]{0,94}[A-Za-z0-9_])?")
_URL_ACTIONS = frozenset({"tree", "blob", "resolve", "raw", "commit", "edit"})
_UNSUPPORTED_TYPES = frozenset({"spaces", "kernels", "buckets", "collections", "papers"})
_HINT = "give a folder, hf:org/name[@revision], hf-dataset:org/name or a https://huggingface.co/ URL"


def parse_location(text: str) -> Location:
    """Parse what the user typed. Raises ``UsageError`` for a malformed Hub id or an unsupported URL."""
    raw = text.strip()
    if not raw:
        raise UsageError(f"empty location: {_HINT}")
    lowered = raw.lower()
    if lowered.startswith("hf://"):
        raise UsageError(f"hf:// URIs are not supported in {raw!r}: write hf:org/name[@revision] instead")
    for prefix, kind in (
        ("hf-dataset:", LocationKind.HUB_DATASET),
        ("hf-model:", LocationKind.HUB_MODEL),
        ("hf:", LocationKind.HUB_MODEL),
    ):
        if lowered.startswith(prefix):
            return _parse_prefixed(text, raw[len(prefix) :], kind)
    if re.match(r"^[A-Za-z][A-Za-z0-9+.\-]+://", raw):
        return _parse_url(text, raw)
    return Location(kind=LocationKind.LOCAL, text=text, path=raw)


def hub_hosts() -> frozenset[str]:
    """Hosts whose URLs are Hub URLs: huggingface.co, hf.co and the host of ``HF_ENDPOINT`` when set."""
    endpoint = os.environ.get("HF_ENDPOINT", "").strip()
    host = urlsplit(endpoint).netloc.lower() if endpoint else ""
    return HUB_HOSTS | {host} if host else HUB_HOSTS


def _parse_prefixed(text: str, body: str, kind: LocationKind) -> Location:
    ident, at, revision = body.partition("@")
    if at and not revision:
        raise UsageError(f"empty revision after '@' in {text.strip()!r}")
    ident = ident.strip("/")
    segments = ident.split("/") if ident else []
    if segments and segments[0] == "datasets":
        kind, segments = LocationKind.HUB_DATASET, segments[1:]
    elif segments and segments[0] in _UNSUPPORTED_TYPES | {"models"}:
        if segments[0] == "models":
            segments = segments[1:]
        else:
            raise UsageError(f"Hugging Face {segments[0]} are not supported: {text.strip()!r}")
    if not segments:
        raise UsageError(f"missing repository id in {text.strip()!r}: {_HINT}")
    repo_id, rest = ("/".join(segments[:2]), segments[2:]) if len(segments) >= 2 else (segments[0], [])
    return _location(text, kind, repo_id, revision or None, "/".join(rest) or None)


def _parse_url(text: str, raw: str) -> Location:
    parts = urlsplit(raw)
    host = parts.netloc.lower().rsplit("@", 1)[-1]
    if parts.scheme.lower() not in {"http", "https"} or host not in hub_hosts():
        raise UsageError(f"unsupported location {raw!r}: {_HINT}")
    segments = [s for s in parts.path.split("/") if s]
    kind = LocationKind.HUB_MODEL
    if segments and segments[0] in {"datasets", "models"}:
        kind = LocationKind.HUB_DATASET if segments[0] == "datasets" else kind
        segments = segments[1:]
    elif segments and segments[0] in _UNSUPPORTED_TYPES:
        raise UsageError(f"Hugging Face {segments[0]} are not supported: {raw!r}")
    if not segments:
        raise UsageError(f"no repository in URL {raw!r}: {_HINT}")
    n_id = 1 if len(segments) == 1 or segments[1] in _URL_ACTIONS else 2
    repo_id = "/".join(unquote(s) for s in segments[:n_id])
    revision, path = _url_tail(raw, segments[n_id:])
    return _location(text, kind, repo_id, revision, path)


def _url_tail(raw: str, tail: list[str]) -> tuple[str | None, str | None]:
    if not tail:
        return None, None
    action = tail[0]
    if action not in _URL_ACTIONS:
        raise UsageError(f"unsupported Hugging Face URL {raw!r}: expected /tree/<revision>[/path] after the id")
    if len(tail) < 2:
        raise UsageError(f"missing revision after /{action}/ in {raw!r}")
    revision = unquote(tail[1])
    if action == "commit":
        return revision, None
    path = "/".join(unquote(s) for s in tail[2:])
    return revision, path or None


def _location(text: str, kind: LocationKind, repo_id: str, revision: str | None, path: str | None) -> Location:
    check_repo_id(repo_id)
    if revision is not None:
        check_revision(revision)
    if path is not None:
        path = _clean_path(path, text)
    return Location(kind=kind, text=text, repo_id=repo_id, revision=revision, path=path)


def check_repo_id(repo_id: str) -> None:
    """Hub rules: ``name`` or ``namespace/name``; letters, digits, ``-_.``; no ``--``/``..``; max 96 each."""
    segments = repo_id.split("/")
    if len(segments) > 2:
        raise UsageError(f"invalid Hugging Face repo id {repo_id!r}: expected 'name' or 'namespace/name'")
    for seg in segments:
        if not _SEGMENT.fullmatch(seg):
            raise UsageError(
                f"invalid Hugging Face repo id {repo_id!r}: use letters, digits, '-', '_' or '.', "
                "not starting or ending with '-' or '.', at most 96 characters per part"
            )
    if "--" in repo_id or ".." in repo_id:
        raise UsageError(f"invalid Hugging Face repo id {repo_id!r}: '--' and '..' are not allowed")
    if repo_id.endswith(".git"):
        raise UsageError(f"invalid Hugging Face repo id {repo_id!r}: drop the '.git' suffix")


def check_revision(revision: str) -> None:
    """A branch, tag or commit: printable, no spaces, no ``..``, at most 255 characters."""
    if len(revision) > 255 or not revision.isprintable() or any(c.isspace() for c in revision):
        raise UsageError(f"invalid revision {revision!r}: no spaces or control characters, at most 255 chars")
    if ".." in revision or revision.startswith("/") or revision.endswith("/"):
        raise UsageError(f"invalid revision {revision!r}")


def _clean_path(path: str, text: str) -> str | None:
    parts = [p for p in path.split("/") if p]
    if any(p in {".", ".."} for p in parts) or any(not p.isprintable() for p in parts):
        raise UsageError(f"invalid path inside the repository in {text.strip()!r}")
    return "/".join(parts) or None
