# SPDX-License-Identifier: Apache-2.0
"""Data preparation: generate the synthetic dataset deterministically, then normalise it.

Three Gaussian clouds of 2-D points ("north", "east", "south"); 200 training and 60 test points per class.
The raw points are rounded to 4 decimals and written to CSV; ``normalise_data`` standardises features with
the training set's mean and standard deviation (stored with the weights, so inference applies the same).
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from tinyref import CLASSES, SEED

CENTRES = np.array([[0.0, 2.0], [2.0, 0.0], [0.0, -2.0]])
SPREAD = 0.9
TRAIN_PER_CLASS = 200
TEST_PER_CLASS = 60


def make_dataset(rng: np.random.Generator, per_class: int) -> tuple[np.ndarray, np.ndarray]:
    """``per_class`` points around each centre, shuffled; features rounded to 4 decimals."""
    xs = [rng.normal(CENTRES[k], SPREAD, size=(per_class, 2)) for k in range(len(CLASSES))]
    ys = [np.full(per_class, k) for k in range(len(CLASSES))]
    x = np.round(np.concatenate(xs), 4)
    y = np.concatenate(ys)
    order = rng.permutation(len(y))
    return x[order], y[order]


def write_csv(path: Path, x: np.ndarray, y: np.ndarray) -> None:
    """``x1,x2,label`` rows with fixed formatting (byte-identical on re-run)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("x1,x2,label\n")
        for (a, b), label in zip(x, y, strict=True):
            fh.write(f"{a:.4f},{b:.4f},{CLASSES[int(label)]}\n")


def read_csv(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """Read a dataset written by ``write_csv``."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    x = np.array([[float(r["x1"]), float(r["x2"])] for r in rows])
    y = np.array([CLASSES.index(r["label"]) for r in rows])
    return x, y


def normalise_data(x: np.ndarray, mean: np.ndarray, std: np.ndarray) -> np.ndarray:
    """Standardise features: subtract the training mean, divide by the training standard deviation."""
    return (x - mean) / std


def main(root: Path) -> None:
    """Write data/train.csv and data/test.csv under ``root``."""
    rng = np.random.default_rng(SEED)
    write_csv(root / "data" / "train.csv", *make_dataset(rng, TRAIN_PER_CLASS))
    write_csv(root / "data" / "test.csv", *make_dataset(rng, TEST_PER_CLASS))
