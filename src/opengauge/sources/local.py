"""A local folder (or a single file) as a source.

The walk is safe: ``.git`` and other VCS folders are skipped, symbolic links are followed only when they resolve
inside the root (never out of it, never in a loop), and anything unreadable becomes a ``WalkProblem``.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from opengauge.errors import SourceError
from opengauge.record import Artifact, SourceInfo, SourceKind
from opengauge.sources.interface import MAX_READ, WalkProblem

SKIPPED_DIRS = frozenset({".git", ".hg", ".svn", "__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache"})

#: Hard cap on files listed from one source; more becomes a finding.
MAX_FILES = 1_000_000
#: Reads up to this size go through ``os.pread`` (no buffered file object); larger ones stream.
PREAD_MAX = 1024 * 1024


@dataclass(slots=True)
class LocalSource:
    """Files under ``root`` (a folder, or one file)."""

    root: Path
    source_id: str
    _info: SourceInfo = field(init=False)
    _real_root: Path = field(init=False)
    _known: dict[str, str] = field(init=False, default_factory=dict)  # walked paths: checked, no resolve needed

    def __post_init__(self) -> None:
        try:
            st = self.root.stat()
        except FileNotFoundError:
            raise SourceError(f"no such file or folder: {self.root}") from None
        except OSError as exc:
            raise SourceError(f"cannot open {self.root}: {exc.strerror or exc}") from None
        if not (stat.S_ISDIR(st.st_mode) or stat.S_ISREG(st.st_mode)):
            raise SourceError(f"not a folder or regular file: {self.root}")
        self._real_root = self.root.resolve()
        self._info = SourceInfo(id=self.source_id, kind=SourceKind.LOCAL, location=str(self.root))

    @property
    def info(self) -> SourceInfo:
        return self._info

    def walk(self) -> Iterator[Artifact | WalkProblem]:
        if self._real_root.is_file():
            yield from self._file_entry(self._real_root, self._real_root.name)
            return
        count = 0
        for item in self._walk_dir(self._real_root, "", {self._dir_key(self._real_root)}):
            if isinstance(item, Artifact):
                count += 1
                if count > MAX_FILES:
                    yield WalkProblem("", f"more than {MAX_FILES} files; the rest were not listed", "OG-SRC-004")
                    return
            yield item

    def read(self, path: str, offset: int = 0, length: int = MAX_READ) -> bytes:
        length = min(max(length, 0), MAX_READ)
        where = self._known.get(path) or self._resolve(path)
        if length <= PREAD_MAX:  # the common case (headers, small files): one syscall, no buffer object
            fd = os.open(where, os.O_RDONLY | os.O_CLOEXEC)
            try:
                return os.pread(fd, length, max(offset, 0))
            finally:
                os.close(fd)
        with open(where, "rb") as fh:
            fh.seek(offset)
            return fh.read(length)

    def local_path(self, path: str) -> Path | None:
        known = self._known.get(path)
        return Path(known) if known is not None else self._resolve(path)

    # -- internals -------------------------------------------------------------------------------------------

    def _resolve(self, path: str) -> Path:
        if self._real_root.is_file():
            if path != self._real_root.name:
                raise FileNotFoundError(2, "not in this source", path)
            return self._real_root
        full = (self._real_root / path).resolve()
        if not full.is_relative_to(self._real_root):
            raise PermissionError(13, "path escapes the source folder", path)
        return full

    @staticmethod
    def _dir_key(path: Path) -> tuple[int, int]:
        st = path.stat()
        return (st.st_dev, st.st_ino)

    def _walk_dir(self, folder: Path, rel: str, seen: set[tuple[int, int]]) -> Iterator[Artifact | WalkProblem]:
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            yield WalkProblem(rel or ".", f"cannot list folder: {exc.strerror or exc}", "OG-SRC-002")
            return
        for entry in entries:
            child_rel = f"{rel}/{entry.name}" if rel else entry.name
            yield from self._walk_entry(entry, child_rel, seen)

    def _walk_entry(
        self, entry: os.DirEntry[str], rel: str, seen: set[tuple[int, int]]
    ) -> Iterator[Artifact | WalkProblem]:
        try:
            if entry.is_symlink():
                target = Path(entry.path).resolve()
                if not target.is_relative_to(self._real_root):
                    yield WalkProblem(rel, "symbolic link points outside the source; not followed", "OG-SRC-003")
                    return
                if not target.exists():
                    yield WalkProblem(rel, "broken symbolic link", "OG-SRC-003")
                    return
            if entry.is_dir(follow_symlinks=True):
                if entry.name in SKIPPED_DIRS:
                    return
                path = Path(entry.path)
                key = self._dir_key(path)
                if key in seen:
                    return
                yield from self._walk_dir(path, rel, seen | {key})
                return
            if entry.is_file(follow_symlinks=True):
                st = entry.stat(follow_symlinks=True)
                self._known[rel] = entry.path
                yield Artifact(source_id=self.source_id, path=rel, size=st.st_size, mtime=st.st_mtime)
                return
        except OSError as exc:
            yield WalkProblem(rel, f"cannot read: {exc.strerror or exc}", "OG-SRC-002")
            return
        yield WalkProblem(rel, "not a regular file (device, socket or fifo); skipped", "OG-SRC-005")

    def _file_entry(self, path: Path, rel: str) -> Iterator[Artifact | WalkProblem]:
        try:
            st = path.stat()
        except OSError as exc:
            yield WalkProblem(rel, f"cannot stat: {exc.strerror or exc}", "OG-SRC-002")
            return
        self._known[rel] = str(path)
        yield Artifact(source_id=self.source_id, path=rel, size=st.st_size, mtime=st.st_mtime)
