# SPDX-License-Identifier: Apache-2.0
"""Evaluation: accuracy and confusion matrix of the final and intermediate weights on data/test.csv.

Writes results/eval_results.json; the model card's model-index repeats the final accuracy.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from tinyref import CLASSES
from tinyref.infer import predict
from tinyref.preprocess import read_csv


def accuracy_score(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    """Share of correct predictions."""
    return float((y_true == y_pred).mean())


def confusion_matrix(y_true: np.ndarray, y_pred: np.ndarray, n_classes: int) -> list[list[int]]:
    """Rows: true class; columns: predicted class."""
    matrix = np.zeros((n_classes, n_classes), dtype=int)
    for t, p in zip(y_true, y_pred, strict=True):
        matrix[t, p] += 1
    return matrix.tolist()


def evaluate_weights(path: Path, x: np.ndarray, y: np.ndarray) -> dict[str, object]:
    pred, _ = predict(path, x)
    return {
        "accuracy": round(accuracy_score(y, pred), 4),
        "confusion_matrix": confusion_matrix(y, pred, len(CLASSES)),
    }


def main(root: Path) -> dict[str, object]:
    """Evaluate every checkpoint under ``root``/weights on the test split; write results/eval_results.json."""
    x, y = read_csv(root / "data" / "test.csv")
    weights = root / "weights"
    checkpoints = sorted((weights / "checkpoints").glob("step-*.safetensors"))
    results: dict[str, object] = {
        "model": "tinyref-mlp",
        "dataset": "data/test.csv",
        "n_examples": len(y),
        "classes": list(CLASSES),
        "metric": "accuracy",
        "results": {
            "final": evaluate_weights(weights / "model.safetensors", x, y),
            **{p.stem: evaluate_weights(p, x, y) for p in checkpoints},
        },
    }
    out = root / "results" / "eval_results.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    return results
