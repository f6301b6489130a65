"""SHA-256 of artifacts: streamed, parallel, cached by (path, size, mtime_ns) under $OPENGAUGE_CACHE_DIR."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opengauge import hashing
from opengauge.hashing import CACHE_FILE, CHUNK, HashCache, hash_files, sha256_file


@pytest.fixture(autouse=True)
def _cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    cache = tmp_path / "cache"
    monkeypatch.setenv("OPENGAUGE_CACHE_DIR", str(cache))
    return cache


def _files(root: Path) -> list[Path]:
    root.mkdir(exist_ok=True)
    sizes = [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 17]
    paths = []
    for i, size in enumerate(sizes):
        p = root / f"f{i}.bin"
        p.write_bytes(os.urandom(size))
        paths.append(p)
    return paths


def _expected(paths: list[Path]) -> dict[Path, str]:
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


@pytest.mark.parametrize("workers", [1, 2, 4])
def test_digests_match_hashlib_at_chunk_edges(tmp_path: Path, workers: int) -> None:
    paths = _files(tmp_path / "d")
    assert hash_files(paths, workers=workers, cache=False) == _expected(paths)


def test_second_run_reads_nothing(tmp_path: Path, _cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = _files(tmp_path / "d")
    first = hash_files(paths)
    assert (_cache_dir / CACHE_FILE).is_file()

    def boom(path: Path) -> str:
        raise AssertionError(f"read {path} although it is cached")

    monkeypatch.setattr(hashing, "_digest", boom)
    assert hash_files(paths) == first == _expected(paths)


def test_changed_file_is_hashed_again(tmp_path: Path) -> None:
    (p,) = _files(tmp_path / "d")[1:2]
    before = hash_files([p])[p]
    p.write_bytes(b"changed content")
    st_ = p.stat()
    os.utime(p, ns=(st_.st_atime_ns, st_.st_mtime_ns + 5_000_000_000))
    after = hash_files([p])[p]
    assert after != before
    assert after == hashlib.sha256(b"changed content").hexdigest()


def test_same_size_same_mtime_is_trusted_different_mtime_is_not(tmp_path: Path) -> None:
    p = tmp_path / "x.bin"
    p.write_bytes(b"aaaa")
    st_ = p.stat()
    cache = HashCache(tmp_path / "c.json")
    hash_files([p], cache=cache)
    p.write_bytes(b"bbbb")
    os.utime(p, ns=(st_.st_atime_ns, st_.st_mtime_ns))
    assert hash_files([p], cache=cache)[p] == hashlib.sha256(b"aaaa").hexdigest()  # the documented trade-off
    os.utime(p, ns=(st_.st_atime_ns, st_.st_mtime_ns + 1))
    assert hash_files([p], cache=cache)[p] == hashlib.sha256(b"bbbb").hexdigest()


def test_unreadable_and_missing_files_are_left_out(tmp_path: Path) -> None:
    good = tmp_path / "good"
    good.write_bytes(b"ok")
    paths = [good, tmp_path / "missing", tmp_path]
    assert hash_files(paths, workers=2) == {good: hashlib.sha256(b"ok").hexdigest()}


def test_keys_are_the_paths_as_given_and_duplicates_collapse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = tmp_path / "a.bin"
    p.write_bytes(b"abc")
    monkeypatch.chdir(tmp_path)
    rel = Path("a.bin")
    result = hash_files([rel, rel, p])
    assert set(result) == {rel, p}
    assert result[rel] == result[p] == hashlib.sha256(b"abc").hexdigest()


def test_cache_file_is_plain_json_and_atomic(tmp_path: Path, _cache_dir: Path) -> None:
    paths = _files(tmp_path / "d")
    hash_files(paths)
    data = json.loads((_cache_dir / CACHE_FILE).read_text("utf-8"))
    assert data["format"] == 1
    assert set(data["entries"]) == {str(p.resolve()) for p in paths}
    assert [p.name for p in _cache_dir.iterdir()] == [CACHE_FILE]  # no temp files left behind


def test_unwritable_cache_is_not_an_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    cache = HashCache(blocker / "sub" / CACHE_FILE)
    p = tmp_path / "a"
    p.write_bytes(b"1")
    assert hash_files([p], cache=cache) == {p: hashlib.sha256(b"1").hexdigest()}


def test_sha256_file_streams(tmp_path: Path) -> None:
    p = tmp_path / "big"
    p.write_bytes(b"\x5a" * (2 * CHUNK + 3))
    assert sha256_file(p) == hashlib.sha256(p.read_bytes()).hexdigest()


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=600) | st.text(max_size=200).map(str.encode))
def test_damaged_cache_files_are_ignored(tmp_path_factory: pytest.TempPathFactory, raw: bytes) -> None:
    root = tmp_path_factory.mktemp("fuzz")
    (root / CACHE_FILE).write_bytes(raw)
    p = root / "data"
    p.write_bytes(b"payload")
    cache = HashCache(root / CACHE_FILE)
    assert hash_files([p], cache=cache) == {p: hashlib.sha256(b"payload").hexdigest()}


_entry = st.lists(
    st.integers(-5, 10**12) | st.text("0123456789abcdef", min_size=63, max_size=65) | st.none(), max_size=4
)


def _well_formed(v: object) -> bool:
    return (
        isinstance(v, list)
        and len(v) == 3
        and all(isinstance(x, int) for x in v[:2])
        and isinstance(v[2], str)
        and len(v[2]) == 64
    )


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.text(max_size=20), _entry | st.integers(), max_size=5), st.sampled_from([1, 2, "1"]))
def test_foreign_cache_entries_are_dropped(
    tmp_path_factory: pytest.TempPathFactory, entries: dict[str, object], fmt: object
) -> None:
    root = tmp_path_factory.mktemp("fuzz")
    entries = {**entries, "/og/valid": [3, 7, "c" * 64]}
    (root / CACHE_FILE).write_text(json.dumps({"format": fmt, "entries": entries}))
    cache = HashCache(root / CACHE_FILE)
    if fmt != 1:
        assert len(cache) == 0
        return
    assert len(cache) == sum(_well_formed(v) for v in entries.values())
    assert cache.get("/og/valid", hashing.FileStamp(3, 7)) == "c" * 64
    assert cache.get("/og/valid", hashing.FileStamp(3, 8)) is None


# -- many files: forked processes ------------------------------------------------------------------------------


def _many(root: Path, count: int = hashing.FORK_MIN_FILES + 9) -> list[Path]:
    root.mkdir(exist_ok=True)
    paths = []
    for i in range(count):
        p = root / f"m{i:04d}.bin"
        p.write_bytes(os.urandom(i * 37 % 5000))
        paths.append(p)
    paths.append(root / "missing.bin")  # left out, wherever it lands
    return paths


def _forking_expected() -> None:
    """Skip off Linux; on Linux a stray thread left by another test would silently turn forking off: fail."""
    import sys
    import threading

    if not sys.platform.startswith("linux"):
        pytest.skip("forking is used on Linux only")
    assert hashing.can_fork(), f"threads left running: {threading.enumerate()}"


def _forks_counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = hashing.fork_map

    def counting(work, slices):  # type: ignore[no-untyped-def]
        calls.append(len(slices))
        return real(work, slices)

    monkeypatch.setattr(hashing, "fork_map", counting)
    return calls


def test_many_files_are_hashed_in_forked_processes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _forking_expected()
    paths = _many(tmp_path / "d")
    forks = _forks_counted(monkeypatch)
    cache = HashCache(tmp_path / "c.json")
    assert hash_files(paths, workers=3, cache=cache) == _expected(paths[:-1])
    assert forks == [3]
    assert len(cache) == len(paths) - 1, "the parent records what the children hashed"


def test_a_failing_child_has_its_share_redone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _forking_expected()
    paths = _many(tmp_path / "d")
    parent = os.getpid()
    real = hashing._hash_records

    def flaky(part: list[tuple[int, str]]) -> bytes:
        if os.getpid() != parent:
            if part[0][0] == 1:
                raise RuntimeError("a child dies")
            return b"\x00" * 7  # and another answers nonsense
        return real(part)

    monkeypatch.setattr(hashing, "_hash_records", flaky)
    assert hash_files(paths, workers=3, cache=False) == _expected(paths[:-1])


def test_with_other_threads_running_threads_do_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    paths = _many(tmp_path / "d")
    forks = _forks_counted(monkeypatch)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not hashing.can_fork()
        assert hash_files(paths, workers=2, cache=False) == _expected(paths[:-1])
    finally:
        stop.set()
        other.join()
    assert forks == []


def test_fork_map_order_failures_and_the_callers_own_slice() -> None:
    from opengauge.forkmap import fork_map

    _forking_expected()
    parent = os.getpid()

    def work(n: int) -> bytes:
        if n == 2:
            raise ValueError("only the child that got 2 fails")
        return f"{n}:{os.getpid() == parent}".encode()

    assert fork_map(work, [0, 1, 2, 3]) == [b"0:True", b"1:False", None, b"3:False"]
    assert fork_map(work, []) == []
    with pytest.raises(ValueError):
        fork_map(work, [2, 1])  # the caller's own slice raises; the child is still reaped
