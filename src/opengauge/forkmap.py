"""Run a function over slices of work in forked children, each answering with bytes through its own pipe.

For work that is many small CPU-bound steps, where threads fight over the GIL (hashing thousands of small files
is slower on two threads than on one) and ``multiprocessing`` would cost more in start-up and pickling than
the work. Only on Linux, and only while this process runs a single thread: a child forked while another thread
holds a lock (logging, OpenSSL's) could wait for it forever.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")

_READ = 1 << 16


def can_fork() -> bool:
    """Whether ``fork_map`` may fork here and now."""
    return sys.platform.startswith("linux") and hasattr(os, "fork") and threading.active_count() == 1


def fork_map(work: Callable[[T], bytes], slices: Sequence[T]) -> list[bytes | None]:
    """``work(slice)`` for every slice: the first in this process, each other one in a forked child (so that
    ``n`` slices keep ``n`` cores busy). The answers in order; None for a child that failed (raised, was killed,
    or could not be started): the caller redoes those itself."""
    if not slices:
        return []
    children: list[tuple[int, int] | None] = [_start(work, part) for part in slices[1:]]
    try:
        mine: bytes | None = work(slices[0])
    finally:
        theirs = [_collect(child) if child is not None else None for child in children]
    return [mine, *theirs]


def _start(work: Callable[[T], bytes], part: T) -> tuple[int, int] | None:
    try:
        read_end, write_end = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return None
    if pid == 0:  # the child: never returns into the caller's code
        status = 1
        try:
            os.close(read_end)
            _write_all(write_end, work(part))
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    return pid, read_end


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _collect(child: tuple[int, int]) -> bytes | None:
    pid, fd = child
    chunks: list[bytes] = []
    try:
        while chunk := os.read(fd, _READ):
            chunks.append(chunk)
    except OSError:
        chunks = []
    finally:
        os.close(fd)
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:  # reaped elsewhere (SIGCHLD ignored): its exit status is unknown, so is its answer
        return None
    return b"".join(chunks) if status == 0 else None
