"""Classify every MOT model record (../shared/anchors/mot/models) and time it against the YAML-load floor.

Run: ``.venv/bin/python bench/mot_classes.py [FOLDER]``. Prints the class counts and, per record, the time to
load + evaluate next to the time to ``yaml.safe_load`` the same files (what no evaluator can beat).
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import yaml

from opengauge.frameworks.mof import evaluate_mot
from opengauge.frameworks.mot_record import load_mot_record
from opengauge.record import CLASS_LABELS

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "anchors" / "mot" / "models"


def class_counts(paths: Sequence[Path]) -> Counter[int]:
    """How many records land in each MOF class (0 = Unclassified)."""
    return Counter(evaluate_mot(load_mot_record(p)).mof_class or 0 for p in paths)


def _yaml_floor(paths: Sequence[Path]) -> float:
    start = time.perf_counter()
    for p in paths:
        yaml.safe_load(p.read_text("utf-8"))
    return time.perf_counter() - start


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else DEFAULT
    paths = sorted(folder.glob("*.yml"))
    if not paths:
        print(f"no *.yml records in {folder}", file=sys.stderr)
        return 2
    for p in paths:  # warm the file cache so both timings read from memory
        p.read_bytes()
    floor = _yaml_floor(paths)
    start = time.perf_counter()
    counts = class_counts(paths)
    total = time.perf_counter() - start
    print(f"{len(paths)} MOT records in {folder}")
    for cls in (3, 2, 1, 0):
        print(f"  {CLASS_LABELS[cls]:<32} {counts.get(cls, 0):>4}")
    print(f"  {'total':<32} {sum(counts.values()):>4}")
    n = len(paths)
    per_record, per_load = total / n * 1e3, floor / n * 1e3
    print(f"load+evaluate: {per_record:.2f} ms/record   yaml.safe_load alone (floor): {per_load:.2f} ms/record")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
