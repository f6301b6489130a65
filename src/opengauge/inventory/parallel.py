"""Classify a large local source on every core.

Classification is CPU-bound Python (AST, YAML, JSON), so threads do not help; forked worker processes inherit the
already imported classifiers and the source, and send back only the small frozen ``Observation``s (with each file's
``loadable`` format). Used only for
local sources (plain files, nothing to share but a path) and only when there are enough files to pay for the fork.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Sequence

from opengauge.inventory.catalog import dispatch
from opengauge.inventory.interface import Observation, Reader
from opengauge.inventory.run import InventoryItem, run_inventory
from opengauge.record import Artifact

#: Below this many files, one process is faster than forking.
PARALLEL_MIN_FILES = 2000
CHUNK = 250

#: The reader, set in the parent just before the fork and inherited by the workers (no pickling of sources).
_SHARED: dict[str, Reader] = {}


def _classify_chunk(chunk: Sequence[Artifact]) -> tuple[tuple[Observation, str | None], ...]:
    """The observations (and loadable formats) only: the parent has the artifacts already, and pickling them back
    costs time."""
    return tuple((item.observation, item.loadable) for item in run_inventory(chunk, _SHARED["reader"], dispatch()))


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def run_inventory_parallel(
    artifacts: Sequence[Artifact],
    reader: Reader,
    workers: int,
    meanwhile: Callable[[], object] | None = None,
) -> tuple[InventoryItem, ...]:
    """Like ``run_inventory`` (same order, same items), spread over ``workers`` processes when worth it.

    ``meanwhile`` runs in this process while the workers classify (e.g. building the licence index).
    """
    if workers <= 1 or len(artifacts) < PARALLEL_MIN_FILES or not sys.platform.startswith("linux"):
        return run_inventory(artifacts, reader, dispatch())
    dispatch()  # import every classifier before forking, once
    chunks = [artifacts[i : i + CHUNK] for i in range(0, len(artifacts), CHUNK)]
    _SHARED["reader"] = reader
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            pending = pool.map_async(_classify_chunk, chunks, chunksize=1)
            if meanwhile is not None:
                meanwhile()
            parts = pending.get()
    finally:
        _SHARED.clear()
    observations = (pair for part in parts for pair in part)
    return tuple(InventoryItem(a, obs, fmt) for a, (obs, fmt) in zip(artifacts, observations, strict=True))
