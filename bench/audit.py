"""Benchmark: audit a synthetic release of 10,000 files plus a 2 GB sparse safetensors file.

Prints wall time, peak RSS and bytes read per weight file, side by side with the physical floor measured in the
same run: walking and stat-ing the same tree (``os.walk`` + ``stat``) and reading every file's first 4 KiB.
Goals (issue 2): whole audit < 2 s, < 1 MB read per weight file, peak RSS < 300 MB.

The audit is timed three ways: in this process (the first audit here, so every lazy import and the licence index
load count), and as the ``opengauge audit --format json`` command (Python start-up, imports and writing the report
included), once with an empty cache folder (the first run after installing: the licence index is built and
saved) and once more (every later run).

    .venv/bin/python bench/audit.py [--files 10000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from opengauge.pipeline import AuditOptions, audit_sources
from opengauge.sources.local import LocalSource

GB = 1024**3


def sparse_safetensors(path: Path, size: int) -> None:
    """A header describing ~size bytes of F16 tensors, then a hole up to ``size``."""
    n_tensors = 200
    per = (size - 1_000_000) // n_tensors // 2  # elements per tensor (F16)
    header: dict[str, object] = {"__metadata__": {"format": "pt"}}
    off = 0
    for i in range(n_tensors):
        header[f"layer.{i}.weight"] = {"dtype": "F16", "shape": [per], "data_offsets": [off, off + per * 2]}
        off += per * 2
    raw = json.dumps(header).encode()
    raw += b" " * (-len(raw) % 8)
    with path.open("wb") as fh:
        fh.write(struct.pack("<Q", len(raw)) + raw)
        fh.truncate(8 + len(raw) + off)


def build(root: Path, files: int) -> None:
    (root / "LICENSE").write_text("MIT License\n\nPermission is hereby granted, free of charge, ...\n")
    (root / "README.md").write_text("---\nlicense: mit\n---\n# Synthetic\n\n## Model Details\n\nSynthetic.\n")
    kinds = [
        ("src/pkg{0}/module{1}.py", "import torch\n\ndef f{1}(x):\n    return x * {1}\n"),
        ("data/shard{0}/part{1}.jsonl", '{{"text": "row {1}"}}\n'),
        ("docs/section{0}/page{1}.md", "# Page {1}\n\nSee https://arxiv.org/abs/2401.{1:05d}\n"),
        ("configs/exp{0}/run{1}.yaml", "learning_rate: 0.001\nseed: {1}\n"),
    ]
    for i in range(files):
        pattern, body = kinds[i % len(kinds)]
        p = root / pattern.format(i % 50, i)
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(body.format(i % 50, i))
    sparse_safetensors(root / "model.safetensors", 2 * GB)


class CountingSource(LocalSource):
    """A local source that counts bytes read per path."""

    counts: dict[str, int]

    def read(self, path: str, offset: int = 0, length: int = 16 * 1024 * 1024) -> bytes:
        data = LocalSource.read(self, path, offset, length)
        self.counts[path] = self.counts.get(path, 0) + len(data)
        return data


def floor(root: Path) -> tuple[float, float]:
    t0 = time.perf_counter()
    paths = []
    for dirpath, _dirs, names in os.walk(root):
        for n in names:
            p = os.path.join(dirpath, n)
            os.stat(p)
            paths.append(p)
    walk = time.perf_counter() - t0
    t0 = time.perf_counter()
    for p in paths:
        with open(p, "rb") as fh:
            fh.read(4096)
    return walk, walk + time.perf_counter() - t0


def cli_seconds(root: Path, cache: Path) -> float:
    """Wall time of the ``opengauge audit`` command on ``root`` with ``cache`` as its cache folder."""
    env = {**os.environ, "OPENGAUGE_CACHE_DIR": str(cache)}
    command = [sys.executable, "-m", "opengauge", "audit", str(root), "--format", "json", "-o", os.devnull]
    t0 = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=10_000)
    ap.add_argument("--keep", type=Path, default=None, help="build the release here and keep it")
    args = ap.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="og-bench-"))
    try:
        root.mkdir(parents=True, exist_ok=True)
        if not (root / "model.safetensors").exists():
            build(root, args.files)
        walk_floor, head_floor = floor(root)
        t0 = time.perf_counter()
        report = audit_sources([LocalSource(root, "s1")], AuditOptions(scan=True))
        wall = time.perf_counter() - t0
        # a second, single-process run counts the bytes read per file (worker processes' reads are not seen)
        counts: dict[str, int] = {}
        source = CountingSource(root, "s1")
        source.counts = counts
        t0 = time.perf_counter()
        audit_sources([source], AuditOptions(scan=True, jobs=1))
        serial = time.perf_counter() - t0
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        weights = [a.path for a in report.artifacts if a.kind.value in {"weights", "lfs-pointer"}]
        per_weight = {p: counts.get(p, 0) for p in weights}
        mof = report.assessment("mof")
        print(f"files audited            {len(report.artifacts):>10,}")
        print(f"audit wall time          {wall:>10.3f} s   (goal < 2 s)")
        print(f"  single process         {serial:>10.3f} s")
        print(f"  floor: os.walk+stat    {walk_floor:>10.3f} s   ratio {wall / walk_floor:5.1f}x")
        print(f"  floor: + read 4 KiB    {head_floor:>10.3f} s   ratio {wall / head_floor:5.1f}x")
        for stage in ("walk_s", "inventory_s", "licences_s", "components_s", "rules_s", "frameworks_s"):
            print(f"  stage {stage[:-2]:<18}{getattr(report.timings, stage):>10.3f} s")
        print(f"peak RSS                 {peak_mb:>10.1f} MB  (goal < 300 MB)")
        for p, n in per_weight.items():
            print(f"bytes read {p:<22}{n:>10,} B of {(root / p).stat().st_size:,} (goal < 1 MB)")
        if mof is not None:
            print(f"MOF verdict              {mof.label}")
        with tempfile.TemporaryDirectory(prefix="og-bench-cache-") as cache:
            first = cli_seconds(root, Path(cache))
            later = min(cli_seconds(root, Path(cache)) for _ in range(3))
        print(f"command, first run ever  {first:>10.3f} s   (builds and saves the licence index)")
        print(f"command, later runs      {later:>10.3f} s   (best of 3; start-up, imports and JSON output included)")
        return 0
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
