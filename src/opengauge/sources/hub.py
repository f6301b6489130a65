"""A Hugging Face Hub repository (model or dataset) as a source, audited as published without its weights.

Online: the file list, sizes and LFS sha256 come from the Hub API (``files_metadata=True``), cached by commit.
Small files (cards, configs, licences, code, index files, eval results; at most ``SMALL_FILE_LIMIT``) are
downloaded into the Hugging Face cache with ``hf_hub_download``; anything else is read with HTTP Range
requests on its resolve URL, so judging a weight file costs about its header. Offline (``offline=True`` or
``HF_HUB_OFFLINE=1``): the snapshot of the resolved revision in the local Hugging Face cache, with the cached
metadata when an earlier online audit left it. Gating is reported as a ``WalkProblem``; without access the
public metadata is still audited.
"""

from __future__ import annotations

import os
import re
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from huggingface_hub import (
    HfApi,
    constants,
    get_hf_file_metadata,
    hf_hub_download,
    hf_hub_url,
    snapshot_download,
    try_to_load_from_cache,
)
from huggingface_hub.utils.tqdm import silent_tqdm

from opengauge import __version__
from opengauge.errors import SourceError, UsageError
from opengauge.record import Artifact, Severity, SourceInfo, SourceKind
from opengauge.sources import hub_http
from opengauge.sources.hub_meta import (
    HubFile,
    HubMetadata,
    cached_ref,
    load_cached,
    metadata_from_files,
    metadata_from_info,
    store_cached,
    store_ref,
)
from opengauge.sources.interface import MAX_READ, WalkProblem
from opengauge.sources.locations import Location, LocationKind, check_repo_id

#: Files at most this large whose name says "small text" (cards, configs, code...) are downloaded whole.
SMALL_FILE_LIMIT = 5 * 1024 * 1024
#: The first Range request on a file fetches at least this much, so header parsers need one round trip.
HEAD_CHUNK = 64 * 1024
#: Most follow-up sources one repository may name.
MAX_LINKED = 32

_SMALL = ".md .markdown .txt .rst .json .yaml .yml .toml .cfg .ini .py .pyi .ipynb .sh .js .ts .c .cc .cpp"
_SMALL += " .h .hpp .cu .rs .go .java .jinja .j2 .csv .tsv .cff .bib .tex .html .xml .gitattributes .gitignore"
SMALL_SUFFIXES = frozenset(_SMALL.split())
SMALL_STEMS = (
    "readme", "license", "licence", "copying", "notice", "use_policy", "acceptable_use", "citation",
    "authors", "contributing", "model_card", "datasheet", "responsible_use", "terms",
)  # fmt: skip
CARD_STEMS = ("readme", "license", "licence", "copying", "notice", "use_policy", "acceptable_use", "terms")
_SHA = re.compile(r"[0-9a-f]{40}")
_RULE_GATED = "OG-SRC-010"
_RULE_NO_ACCESS = "OG-SRC-011"
_RULE_PARTIAL = "OG-SRC-012"
_RULE_HUB_STATE = "OG-SRC-013"
_RULE_LINK = "OG-SRC-014"


def is_small_file(path: str, size: int | None) -> bool:
    """Whether ``path`` is downloaded whole (by name and size) rather than read by Range requests."""
    if size is not None and size > SMALL_FILE_LIMIT:
        return False
    name = path.rsplit("/", 1)[-1].lower()
    suffix = name[name.rfind(".") :] if "." in name else ""
    return suffix in SMALL_SUFFIXES or name.startswith(SMALL_STEMS)


def is_card_file(path: str) -> bool:
    """Root-level cards and licence/policy files: what a linked (followed) repo contributes."""
    return "/" not in path and path.lower().startswith(CARD_STEMS)


@dataclass(frozen=True, slots=True)
class HubSettings:
    """Where and how to reach the Hub, read from the environment when the source is opened."""

    endpoint: str
    cache_dir: Path
    token: str | None
    offline: bool

    @classmethod
    def from_env(cls, offline: bool, token: str | None) -> HubSettings:
        endpoint = os.environ.get("HF_ENDPOINT", "").strip().rstrip("/") or constants.ENDPOINT
        return cls(endpoint=endpoint, cache_dir=hf_cache_dir(), token=token or None, offline=offline or env_offline())


def hf_cache_dir() -> Path:
    """The Hugging Face hub cache, honouring ``HF_HUB_CACHE``/``HF_HOME`` as set now (not at import)."""
    explicit = os.environ.get("HF_HUB_CACHE") or os.environ.get("HUGGINGFACE_HUB_CACHE")
    if explicit:
        return Path(explicit).expanduser()
    home = os.environ.get("HF_HOME")
    return Path(home).expanduser() / "hub" if home else Path(constants.HF_HUB_CACHE)


def env_offline() -> bool:
    value = os.environ.get("HF_HUB_OFFLINE") or os.environ.get("TRANSFORMERS_OFFLINE") or ""
    return value.strip().upper() in constants.ENV_VARS_TRUE_VALUES or constants.HF_HUB_OFFLINE


@dataclass(slots=True)
class HubSource:
    """One Hub repository at one commit. Build it with ``open_hub_source``."""

    location: Location
    source_id: str
    settings: HubSettings
    metadata: HubMetadata
    snapshot: Path | None = None  # the cache snapshot folder used offline (or found online)
    follow: bool = False
    no_access: bool = False
    problems: tuple[WalkProblem, ...] = field(default=())
    _chunks: OrderedDict[str, tuple[int, bytes]] = field(default_factory=OrderedDict)
    _local: dict[str, Path] = field(default_factory=dict)

    @property
    def info(self) -> SourceInfo:
        return SourceInfo(
            id=self.source_id,
            kind=SourceKind.HUB,
            location=self.location.text,
            revision=self.metadata.sha,
            linked_from=self.location.linked_from,
        )

    @property
    def label(self) -> str:
        return self.location.canonical()

    def facts(self) -> tuple[tuple[str, str], ...]:
        """The Hub's own facts about the repo (licence tag, gating, parameter counts...), sorted pairs."""
        return self.metadata.details()

    def linked_sources(self) -> list[Location]:
        """With ``follow``: the datasets and base models the card names, as Hub locations (one level only)."""
        if not self.follow or self.location.linked_from is not None:
            return []
        found: list[Location] = []
        seen = {(self.location.kind, self.location.repo_id)}
        candidates = [(LocationKind.HUB_MODEL, b) for b in self.metadata.base_models]
        candidates += [(LocationKind.HUB_DATASET, d) for d in self.metadata.datasets]
        for kind, raw_id in candidates:
            repo_id = raw_id.strip()
            try:
                check_repo_id(repo_id)
            except UsageError:
                continue
            if (kind, repo_id) in seen or len(found) >= MAX_LINKED:
                continue
            seen.add((kind, repo_id))
            prefix = "hf-dataset:" if kind is LocationKind.HUB_DATASET else "hf:"
            found.append(Location(kind, f"{prefix}{repo_id}", repo_id=repo_id, linked_from=self.source_id))
        return found

    # -- Source protocol -------------------------------------------------------------------------------------

    def walk(self) -> Iterator[Artifact | WalkProblem]:
        yield from self.problems
        missing = 0
        for f in self.metadata.files:
            rel = self._relative(f.path)
            if rel is None or (self.location.linked_from is not None and not is_card_file(f.path)):
                continue
            size = f.size if f.size is not None else self._local_size(f.path)
            if self.settings.offline and self._cached(f.path) is None:
                missing += 1
            yield Artifact(
                source_id=self.source_id,
                path=rel,
                size=size if size is not None else 0,
                lfs_oid=f.lfs_sha256,
                lfs_size=f.lfs_size,
            )
        if missing:
            yield WalkProblem(
                "",
                f"{missing} file(s) listed by the Hub are not in the local cache; their content was not read (offline)",
                _RULE_PARTIAL,
            )

    def read(self, path: str, offset: int = 0, length: int = MAX_READ) -> bytes:
        length = min(max(length, 0), MAX_READ)
        if offset < 0:
            raise OSError(f"negative offset for {path}")
        full = self._full(path)
        entry = self.metadata.file(full)
        if entry is None:
            raise FileNotFoundError(2, "not in this repository", path)
        local = self._cached(full)
        if local is None and not self.settings.offline and not self.no_access and is_small_file(full, entry.size):
            local = self._download(full)
        if local is not None:
            with open(local, "rb") as fh:
                fh.seek(offset)
                return fh.read(length)
        if self.settings.offline:
            raise FileNotFoundError(2, "not in the local Hugging Face cache (offline)", path)
        if self.no_access:
            raise PermissionError(13, "gated repository: no access with the current token", path)
        return self._remote(full, entry.size, offset, length)

    def local_path(self, path: str) -> Path | None:
        full = self._full(path)
        entry = self.metadata.file(full)
        if entry is None:
            return None
        local = self._cached(full)
        if local is None and not self.settings.offline and not self.no_access and is_small_file(full, entry.size):
            try:
                local = self._download(full)
            except OSError:
                return None
        return local

    # -- internals -------------------------------------------------------------------------------------------

    def _full(self, path: str) -> str:
        sub = self.location.path
        if not sub:
            return path
        if self.metadata.file(sub) is not None:  # the location names one file: a single-file source
            return sub if path == sub.rsplit("/", 1)[-1] else f"{sub}/\0"
        return f"{sub}/{path}"

    def _relative(self, full: str) -> str | None:
        sub = self.location.path
        if not sub:
            return full
        if full == sub:
            return full.rsplit("/", 1)[-1]
        return full[len(sub) + 1 :] if full.startswith(sub + "/") else None

    def _cached(self, full: str) -> Path | None:
        if full in self._local:
            return self._local[full]
        if self.snapshot is not None:
            candidate = self.snapshot / full
            return candidate if candidate.is_file() else None
        try:
            hit = try_to_load_from_cache(
                self.metadata.repo_id,
                full,
                cache_dir=self.settings.cache_dir,
                revision=self.metadata.sha,
                repo_type=self.metadata.repo_type,
            )
        except (OSError, ValueError):
            return None
        return Path(hit) if isinstance(hit, str) else None

    def _local_size(self, full: str) -> int | None:
        local = self._cached(full)
        try:
            return local.stat().st_size if local is not None else None
        except OSError:
            return None

    def _download(self, full: str) -> Path:
        try:
            got = hf_hub_download(
                self.metadata.repo_id,
                full,
                repo_type=self.metadata.repo_type,
                revision=self.metadata.sha,
                cache_dir=self.settings.cache_dir,
                endpoint=self.settings.endpoint,
                token=self.settings.token,
                library_name="opengauge",
                library_version=__version__,
                tqdm_class=cast(Any, silent_tqdm),
            )
        except hub_http.HUB_ERRORS as exc:
            raise hub_http.as_os_error(exc, full) from None
        local = Path(str(got))
        self._local[full] = local
        return local

    def _remote(self, full: str, size: int | None, offset: int, length: int) -> bytes:
        if size is not None:
            if offset >= size:
                return b""
            length = min(length, size - offset)
        chunk = self._chunks.get(full)
        if chunk is not None and chunk[0] <= offset and offset + length <= chunk[0] + len(chunk[1]):
            start = offset - chunk[0]
            return chunk[1][start : start + length]
        want = max(length, HEAD_CHUNK) if offset == 0 else length
        if size is not None:
            want = min(want, size - offset)
        url = hf_hub_url(
            self.metadata.repo_id,
            full,
            repo_type=self.metadata.repo_type,
            revision=self.metadata.sha,
            endpoint=self.settings.endpoint,
        )
        try:
            data = hub_http.range_read(url, self.settings.token, offset, want)
        except hub_http.HUB_ERRORS as exc:
            raise hub_http.as_os_error(exc, full) from None
        if offset == 0:  # keep the head: format sniffing and header parsing read it several times
            self._chunks[full] = (offset, data)
            while len(self._chunks) > 16:
                self._chunks.popitem(last=False)
        return data[:length]


@dataclass(frozen=True, slots=True)
class UnreachableLink:
    """A linked Hub repo that could not be opened: a source with no files and one problem saying why."""

    location: Location
    source_id: str
    message: str

    @property
    def info(self) -> SourceInfo:
        return SourceInfo(
            id=self.source_id,
            kind=SourceKind.HUB,
            location=self.location.text,
            revision=None,
            linked_from=self.location.linked_from,
        )

    def walk(self) -> Iterator[Artifact | WalkProblem]:
        yield WalkProblem("", self.message, _RULE_LINK)

    def read(self, path: str, offset: int = 0, length: int = MAX_READ) -> bytes:
        raise FileNotFoundError(2, "linked repository could not be opened", path)

    def local_path(self, path: str) -> Path | None:
        return None


def follow_links(
    sources: Sequence[object], offline: bool, token: str | None, first_number: int
) -> list[HubSource | UnreachableLink]:
    """Open (one level) the repos that the Hub sources among ``sources`` link to, numbered ``s<first_number>``
    on. A link that cannot be opened becomes an ``UnreachableLink`` (a finding), never an error."""
    opened: list[HubSource | UnreachableLink] = []
    hubs = [s for s in sources if isinstance(s, HubSource)]
    seen = {(s.location.kind, s.location.repo_id) for s in hubs}
    for source in hubs:
        for loc in source.linked_sources():
            if (loc.kind, loc.repo_id) in seen:
                continue
            seen.add((loc.kind, loc.repo_id))
            source_id = f"s{first_number + len(opened)}"
            try:
                opened.append(open_hub_source(loc, source_id, offline, True, token))
            except SourceError as exc:
                message = f"linked from {source.source_id} ({source.label}): {exc}"
                opened.append(UnreachableLink(loc, source_id, message))
    return opened


# -- opening -------------------------------------------------------------------------------------------------


def open_hub_source(loc: Location, source_id: str, offline: bool, follow: bool, token: str | None) -> HubSource:
    """Open a Hub location: resolve its revision to a commit, get its metadata, check gating.

    Raises ``SourceError`` with a one-line message for an unknown repo or revision, no access, the network
    down (with nothing cached), or persistent rate limiting.
    """
    if not loc.is_hub or not loc.repo_id:
        raise SourceError(f"not a Hugging Face location: {loc.text}")
    settings = HubSettings.from_env(offline, token)
    source = (
        _open_offline(loc, source_id, settings, follow, ())
        if settings.offline
        else _open_any(loc, source_id, settings, follow)
    )
    meta, sub = source.metadata, loc.path
    if sub and meta.file(sub) is None and not any(f.path.startswith(sub + "/") for f in meta.files):
        raise SourceError(f"{loc.canonical()}: no file or folder {sub!r} in the repository")
    return source


def _open_any(loc: Location, source_id: str, settings: HubSettings, follow: bool) -> HubSource:
    """Online, falling back to the local cache (with a note) when the Hub cannot be reached."""
    try:
        return _open_online(loc, source_id, settings, follow)
    except _Unreachable as exc:
        note = WalkProblem(
            "", f"the Hub could not be reached ({exc}); audited from the local cache instead", _RULE_PARTIAL
        )
        try:
            offline_settings = HubSettings(settings.endpoint, settings.cache_dir, settings.token, offline=True)
            return _open_offline(loc, source_id, offline_settings, follow, (note,))
        except SourceError:
            raise SourceError(str(exc)) from None


class _Unreachable(Exception):
    """Network down or Hub unreachable: the caller may fall back to the local cache."""


def _open_online(loc: Location, source_id: str, settings: HubSettings, follow: bool) -> HubSource:
    repo_id, repo_type = cast(str, loc.repo_id), loc.repo_type
    api = HfApi(endpoint=settings.endpoint, token=settings.token, library_name="opengauge")
    label = loc.canonical()
    try:
        requested = loc.revision
        sha = requested if requested and _SHA.fullmatch(requested) else None
        if sha is None:
            sha = str(hub_http.with_retries(lambda: _repo_info(api, loc, requested, light=True)).sha or "")
        meta = load_cached(repo_type, repo_id, sha)
        if meta is None:
            pinned = sha or requested
            info = hub_http.with_retries(lambda: _repo_info(api, loc, pinned, light=False))
            meta = metadata_from_info(info, repo_type)
            store_cached(meta)
        store_ref(repo_type, repo_id, requested or "main", meta.sha)
    except hub_http.UNREACHABLE as exc:
        raise _Unreachable(hub_http.describe(exc, label)) from None
    except hub_http.HUB_ERRORS as exc:
        raise SourceError(hub_http.describe(exc, label)) from None
    problems, no_access = _gating(meta, settings, label)
    return HubSource(loc, source_id, settings, meta, None, follow, no_access, problems + _state(meta, label))


def _repo_info(api: HfApi, loc: Location, revision: str | None, light: bool) -> Any:
    """``model_info``/``dataset_info``: only the commit sha (light), or everything with file metadata."""
    repo_id = cast(str, loc.repo_id)
    if loc.kind is LocationKind.HUB_DATASET:
        if light:
            return api.dataset_info(repo_id, revision=revision, expand=["sha"])
        return api.dataset_info(repo_id, revision=revision, files_metadata=True)
    if light:
        return api.model_info(repo_id, revision=revision, expand=["sha"])
    return api.model_info(repo_id, revision=revision, files_metadata=True)


def _gating(meta: HubMetadata, settings: HubSettings, label: str) -> tuple[tuple[WalkProblem, ...], bool]:
    if meta.gated is None:
        return (), False
    terms = f" ({len(meta.gated_fields)} form field(s) to fill)" if meta.gated_fields else ""
    how = "approval by the authors" if meta.gated == "manual" else "accepting the authors' conditions"
    gated = WalkProblem(
        "",
        f"{label} is gated: downloading it requires {how}{terms}; gating with extra terms restricts openness",
        _RULE_GATED,
        Severity.MEDIUM,
    )
    probe = next((f for f in meta.files if f.path.lower().startswith("readme")), None) or next(iter(meta.files), None)
    if probe is None:
        return (gated,), False
    url = hf_hub_url(meta.repo_id, probe.path, repo_type=meta.repo_type, revision=meta.sha, endpoint=settings.endpoint)
    try:
        hub_http.with_retries(lambda: get_hf_file_metadata(url, token=settings.token, endpoint=settings.endpoint))
    except hub_http.HUB_ERRORS as exc:
        message = hub_http.describe(exc, label)
        problem = WalkProblem(
            "",
            f"{message}; only the public metadata was audited (file contents were not read)",
            _RULE_NO_ACCESS,
        )
        return (gated, problem), True
    return (gated,), False


def _state(meta: HubMetadata, label: str) -> tuple[WalkProblem, ...]:
    if meta.disabled:
        return (WalkProblem("", f"{label} is disabled on the Hub", _RULE_HUB_STATE),)
    return ()


def _open_offline(
    loc: Location, source_id: str, settings: HubSettings, follow: bool, notes: tuple[WalkProblem, ...]
) -> HubSource:
    repo_id, repo_type = cast(str, loc.repo_id), loc.repo_type
    label = loc.canonical()
    requested = loc.revision or "main"
    snapshot: Path | None = None
    try:
        folder = snapshot_download(
            repo_id,
            repo_type=repo_type,
            revision=requested,
            cache_dir=settings.cache_dir,
            local_files_only=True,
            tqdm_class=cast(Any, silent_tqdm),
        )
        snapshot = Path(str(folder))
    except hub_http.CACHE_MISS:
        snapshot = None
    sha = (
        snapshot.name
        if snapshot is not None
        else (requested if _SHA.fullmatch(requested) else cached_ref(repo_type, repo_id, requested))
    )
    meta = load_cached(repo_type, repo_id, sha) if sha else None
    if meta is None and (snapshot is None or sha is None):
        raise SourceError(f"{label}: not in the local Hugging Face cache ({settings.cache_dir}); offline mode is on")
    if meta is None:
        meta = metadata_from_files(
            repo_id, repo_type, cast(str, sha), cast(Path, snapshot), _scan(cast(Path, snapshot))
        )
        notes += (
            WalkProblem(
                "",
                f"{label}: no cached Hub metadata; gating, LFS hashes and API facts are unknown (offline)",
                _RULE_PARTIAL,
            ),
        )
    if snapshot is None:
        notes += (WalkProblem("", f"{label}: no snapshot in the local cache; metadata only (offline)", _RULE_PARTIAL),)
    gated = _gating_offline(meta, label)
    return HubSource(loc, source_id, settings, meta, snapshot, follow, False, notes + gated)


def _gating_offline(meta: HubMetadata, label: str) -> tuple[WalkProblem, ...]:
    if meta.gated is None:
        return ()
    return (
        WalkProblem(
            "",
            f"{label} is gated ({meta.gated}); gating with extra terms restricts openness",
            _RULE_GATED,
            Severity.MEDIUM,
        ),
    )


def _scan(root: Path) -> list[HubFile]:
    files: list[HubFile] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if d != ".git")
        for name in sorted(filenames):
            full = Path(dirpath) / name
            try:
                size = full.stat().st_size
            except OSError:
                continue
            files.append(HubFile(path=full.relative_to(root).as_posix(), size=size))
    return files
