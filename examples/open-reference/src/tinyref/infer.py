# SPDX-License-Identifier: Apache-2.0
"""Inference: load the released weights and predict the class of 2-D points.

python -m tinyref.infer weights/model.safetensors 0.1 2.0  1.9 -0.2
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from tinyref import CLASSES
from tinyref.model import TinyMLP
from tinyref.preprocess import normalise_data
from tinyref.safetensors_io import read_safetensors


def load_model(path: Path) -> tuple[TinyMLP, np.ndarray, np.ndarray]:
    """The model and its input normalisation, from a safetensors file."""
    tensors = read_safetensors(path)
    model = TinyMLP(np.random.default_rng(0))
    model.load(tensors)
    return model, tensors["input.mean"], tensors["input.std"]


def predict(path: Path, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(class indices, probabilities) for raw (un-normalised) points of shape (n, 2)."""
    model, mean, std = load_model(path)
    _, probs = model.forward(normalise_data(points, mean, std))
    return probs.argmax(axis=1), probs


def main(argv: list[str]) -> None:
    path, numbers = Path(argv[0]), [float(v) for v in argv[1:]]
    points = np.array(numbers).reshape(-1, 2)
    labels, probs = predict(path, points)
    for point, label, p in zip(points, labels, probs, strict=True):
        print(f"{point[0]:+.3f} {point[1]:+.3f} -> {CLASSES[int(label)]} ({p[label]:.3f})")


if __name__ == "__main__":
    main(sys.argv[1:])
