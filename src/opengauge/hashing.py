"""SHA-256 of release artifacts: streamed, in parallel across files, cached by (path, size, mtime_ns).

Hashing is opt-in (``audit --hash``) and always on for ``bom``. Files are read in 1 MiB chunks into one
reused buffer. Many files are spread over forked processes (``forkmap``): on small files, threads spend their
time handing the GIL to each other, and two are slower than one. Where forking is not possible (not Linux, or
other threads running) a thread pool does it; ``hashlib`` releases the GIL while it digests. A small
JSON cache under the user cache directory (``$OPENGAUGE_CACHE_DIR`` wins) remembers each digest with the
file's size and modification time, so a second run over unchanged files reads nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import struct
import tempfile
import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from opengauge.cachedir import user_cache_dir
from opengauge.forkmap import can_fork, fork_map

CHUNK = 1024 * 1024
#: From this many files on, they are hashed in forked processes when possible (a fork costs about 1 ms).
FORK_MIN_FILES = 64
CACHE_FILE = "sha256-cache.json"
CACHE_FORMAT = 1
_HEX = frozenset("0123456789abcdef")


@dataclass(frozen=True, slots=True)
class FileStamp:
    """What must be unchanged for a cached digest to stay valid."""

    size: int
    mtime_ns: int

    @staticmethod
    def of(st: os.stat_result) -> FileStamp:
        return FileStamp(size=st.st_size, mtime_ns=st.st_mtime_ns)


class HashCache:
    """Digests keyed by absolute path, valid while (size, mtime_ns) match. One JSON file; thread-safe.

    A damaged or foreign cache file is ignored (treated as empty) and rewritten on the next save.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._entries: dict[str, tuple[int, int, str]] = self._load(path)
        self._dirty = False

    @classmethod
    def default(cls) -> HashCache:
        return cls(user_cache_dir() / CACHE_FILE)

    @staticmethod
    def _load(path: Path) -> dict[str, tuple[int, int, str]]:
        try:
            raw = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(raw, dict) or raw.get("format") != CACHE_FORMAT:
            return {}
        entries = raw.get("entries")
        if not isinstance(entries, dict):
            return {}
        out: dict[str, tuple[int, int, str]] = {}
        for key, value in entries.items():
            if _valid_entry(value):
                out[str(key)] = (int(value[0]), int(value[1]), str(value[2]))
        return out

    def get(self, path: str, stamp: FileStamp) -> str | None:
        with self._lock:
            hit = self._entries.get(path)
        if hit is None or (hit[0], hit[1]) != (stamp.size, stamp.mtime_ns):
            return None
        return hit[2]

    def put(self, path: str, stamp: FileStamp, digest: str) -> None:
        with self._lock:
            self._entries[path] = (stamp.size, stamp.mtime_ns, digest)
            self._dirty = True

    def __len__(self) -> int:
        return len(self._entries)

    def save(self) -> None:
        """Write the cache atomically if anything changed; an unwritable cache folder is not an error."""
        with self._lock:
            if not self._dirty:
                return
            data = {"format": CACHE_FORMAT, "entries": {k: list(v) for k, v in self._entries.items()}}
            self._dirty = False
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".sha256-", dir=self.path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh, separators=(",", ":"))
            os.replace(tmp, self.path)
        except OSError:
            return


def _valid_entry(value: object) -> bool:
    return (
        isinstance(value, list)
        and len(value) == 3
        and isinstance(value[0], int)
        and isinstance(value[1], int)
        and isinstance(value[2], str)
        and len(value[2]) == 64
        and set(value[2]) <= _HEX
    )


_local = threading.local()
_HAS_READV = hasattr(os, "readv")
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def _buffer() -> memoryview:
    """One 1 MiB buffer per thread, reused for every file (allocating per file costs more than hashing)."""
    view: memoryview | None = getattr(_local, "view", None)
    if view is None:
        view = memoryview(bytearray(CHUNK))
        _local.view = view
    return view


def _fill(fd: int, view: memoryview) -> int:
    """Read up to ``len(view)`` bytes into ``view``; the count (0 at the end)."""
    if _HAS_READV:
        return os.readv(fd, [view])
    data = os.read(fd, len(view))  # Windows: no readv
    view[: len(data)] = data
    return len(data)


def _read_digest(path: str) -> tuple[bytes, int, int, int, int]:
    """(raw digest, size, mtime_ns before reading, size, mtime_ns after) of a regular file; ``OSError`` else.

    Opened non-blocking so that a FIFO cannot hang us; it is then refused as not a regular file. A file that
    fits in one chunk is read with one call and hashed in one step (the common case, and the one where per-file
    overhead matters); a size or mtime change while reading shows in the two stamps.
    """
    fd = os.open(path, _OPEN_FLAGS)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise OSError(f"not a regular file: {path}")
        view = _buffer()
        n = _fill(fd, view)
        if n == st.st_size and n < CHUNK:
            digest = hashlib.sha256(view[:n]).digest()
        else:
            running = hashlib.sha256(view[:n])
            while n := _fill(fd, view):
                running.update(view[:n])
            digest = running.digest()
        after = os.fstat(fd)
    finally:
        os.close(fd)
    return digest, st.st_size, st.st_mtime_ns, after.st_size, after.st_mtime_ns


def _digest(path: str) -> tuple[str, FileStamp, FileStamp]:
    """(hex digest, stamp before, stamp after); see ``_read_digest``."""
    digest, size1, mtime1, size2, mtime2 = _read_digest(path)
    return digest.hex(), FileStamp(size1, mtime1), FileStamp(size2, mtime2)


def sha256_file(path: Path) -> str:
    """SHA-256 of one file, streamed in 1 MiB chunks through a reused buffer."""
    return _digest(os.fspath(path))[0]


def _hash_batch(batch: list[tuple[Path, str]], cache: HashCache | None) -> list[tuple[Path, str]]:
    out: list[tuple[Path, str]] = []
    for path, key in batch:
        try:
            digest, before, after = _digest(key)
        except OSError:
            continue
        if cache is not None and before == after:  # unchanged while we read it
            cache.put(key, before, digest)
        out.append((path, digest))
    return out


#: A forked child's answer per file: its index, the raw digest, and size and mtime_ns before and after reading.
_RECORD = struct.Struct("<I32sqqqq")


def _hash_records(part: list[tuple[int, str]]) -> bytes:
    """In a forked child: one ``_RECORD`` per readable file of ``part``."""
    out = bytearray()
    pack = _RECORD.pack
    for index, key in part:
        try:
            out += pack(index, *_read_digest(key))
        except OSError:
            continue
    return bytes(out)


def _hash_forked(todo: list[tuple[Path, str]], workers: int, cache: HashCache | None) -> list[tuple[Path, str]]:
    """``_hash_batch`` over ``workers`` forked children; a child that fails has its share redone here."""
    numbered = list(enumerate(key for _, key in todo))
    slices = [numbered[i::workers] for i in range(workers)]
    out: list[tuple[Path, str]] = []
    for part, raw in zip(slices, fork_map(_hash_records, slices), strict=True):
        if raw is None or len(raw) % _RECORD.size or not _indexes_ok(raw, len(todo)):
            out.extend(_hash_batch([todo[i] for i, _ in part], cache))
            continue
        for index, digest, size1, mtime1, size2, mtime2 in _RECORD.iter_unpack(raw):
            path, key = todo[index]
            hexdigest = digest.hex()
            if cache is not None and (size1, mtime1) == (size2, mtime2):
                cache.put(key, FileStamp(size1, mtime1), hexdigest)
            out.append((path, hexdigest))
    return out


def _indexes_ok(raw: bytes, count: int) -> bool:
    return all(0 <= record[0] < count for record in _RECORD.iter_unpack(raw))


def _cached(todo: list[tuple[Path, str]], cache: HashCache) -> tuple[dict[Path, str], list[tuple[Path, str]]]:
    """Split into (digests the cache already holds, files still to hash)."""
    hits: dict[Path, str] = {}
    misses: list[tuple[Path, str]] = []
    for path, key in todo:
        try:
            stamp = FileStamp.of(os.stat(key))
        except OSError:
            continue
        hit = cache.get(key, stamp)
        if hit is None:
            misses.append((path, key))
        else:
            hits[path] = hit
    return hits, misses


def _resolve_cache(cache: HashCache | bool | None) -> HashCache | None:
    if cache is True:
        return HashCache.default()
    if cache is False or cache is None:
        return None
    return cache


def hash_files(
    paths: Iterable[Path], workers: int | None = None, cache: HashCache | bool | None = True
) -> dict[Path, str]:
    """SHA-256 (lower-case hex) of every file in ``paths``, keyed by the path as given.

    ``workers``: processes or threads (default: the number of CPUs, at most 32). ``cache``: True for the default cache
    (``opengauge.cachedir.user_cache_dir()``), a ``HashCache`` for another, False or None for none; entries are keyed by
    absolute path and trusted while size and mtime_ns are unchanged. A file that cannot be read (missing,
    unreadable, not a regular file) is left out of the result rather than stopping the others.
    """
    unique = dict.fromkeys(p if isinstance(p, Path) else Path(p) for p in paths)
    store = _resolve_cache(cache)
    # the cache is keyed by absolute path; without it any spelling of the path reads the same file
    todo = [(p, os.path.abspath(p) if store is not None else os.fspath(p)) for p in unique]
    results: dict[Path, str] = {}
    if store is not None:
        results, todo = _cached(todo, store)
    count = max(1, min(workers if workers is not None else min(32, os.cpu_count() or 1), len(todo)))
    try:
        if count == 1:
            results.update(_hash_batch(todo, store))
        elif len(todo) >= FORK_MIN_FILES and can_fork():
            results.update(_hash_forked(todo, count, store))
        else:
            batches = [todo[i :: count * 4] for i in range(min(len(todo), count * 4))]
            with ThreadPoolExecutor(max_workers=count, thread_name_prefix="og-hash") as pool:
                for part in pool.map(lambda b: _hash_batch(b, store), batches):
                    results.update(part)
    finally:
        if store is not None:
            store.save()
    return results
