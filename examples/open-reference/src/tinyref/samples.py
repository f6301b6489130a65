# SPDX-License-Identifier: Apache-2.0
"""Sample model outputs: predictions of the final weights on a fixed set of points, as a Markdown table."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from tinyref import CLASSES
from tinyref.infer import predict

POINTS = ((0.0, 2.0), (2.0, 0.0), (0.0, -2.0), (1.0, 1.0), (1.0, -1.0), (-2.0, 0.0), (0.0, 0.0), (3.0, 3.0))


def main(root: Path) -> None:
    """Write samples/sample_outputs.md under ``root`` from weights/model.safetensors."""
    labels, probs = predict(root / "weights" / "model.safetensors", np.array(POINTS))
    lines = [
        "# Sample model outputs",
        "",
        "Predictions of `weights/model.safetensors` on fixed points (written by `build.py`).",
        "",
        "| x1 | x2 | predicted class | probability |",
        "| --- | --- | --- | --- |",
    ]
    for (a, b), label, p in zip(POINTS, labels, probs, strict=True):
        lines.append(f"| {a:+.1f} | {b:+.1f} | {CLASSES[int(label)]} | {p[label]:.2f} |")
    out = root / "samples" / "sample_outputs.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
