# SPDX-License-Identifier: Apache-2.0
"""Training: full-batch gradient descent with momentum on the normalised training set.

300 steps at learning rate 0.01, momentum 0.9, seed ``tinyref.SEED``. Intermediate checkpoints are written at
steps 100 and 200 (weights/checkpoints/), the final weights at step 300 (weights/model.safetensors).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from tinyref import SEED
from tinyref.model import HIDDEN, N_CLASSES, N_FEATURES, TinyMLP
from tinyref.preprocess import normalise_data, read_csv
from tinyref.safetensors_io import write_safetensors

STEPS = 300
CHECKPOINTS = (100, 200)
LEARNING_RATE = 0.01
MOMENTUM = 0.9


class MomentumOptimizer:
    """Gradient descent with (heavy-ball) momentum, updating the model's arrays in place."""

    def __init__(self, parameters: dict[str, np.ndarray], lr: float, momentum: float) -> None:
        self.parameters = parameters
        self.lr = lr
        self.momentum = momentum
        self.velocity = {name: np.zeros_like(value) for name, value in parameters.items()}

    def step(self, grads: dict[str, np.ndarray]) -> None:
        for name, value in self.parameters.items():
            self.velocity[name] = self.momentum * self.velocity[name] - self.lr * grads[name]
            np.add(value, self.velocity[name], out=value)


def snapshot(model: TinyMLP, mean: np.ndarray, std: np.ndarray) -> dict[str, np.ndarray]:
    """The arrays to store: the parameters plus the input normalisation."""
    return {**model.parameters(), "input.mean": mean, "input.std": std}


def main(root: Path) -> list[float]:
    """Train on data/train.csv under ``root``; write weights and weights/config.json. Returns the losses."""
    x_raw, y = read_csv(root / "data" / "train.csv")
    mean, std = x_raw.mean(axis=0), x_raw.std(axis=0)
    x = normalise_data(x_raw, mean, std)
    model = TinyMLP(np.random.default_rng(SEED))
    optimizer = MomentumOptimizer(model.parameters(), LEARNING_RATE, MOMENTUM)
    losses: list[float] = []
    for step in range(1, STEPS + 1):
        loss, grads = model.backward(x, y)
        optimizer.step(grads)
        losses.append(loss)
        if step in CHECKPOINTS:
            path = root / "weights" / "checkpoints" / f"step-{step:04d}.safetensors"
            write_safetensors(path, snapshot(model, mean, std), {"format": "np", "step": str(step)})
    write_safetensors(
        root / "weights" / "model.safetensors", snapshot(model, mean, std), {"format": "np", "step": str(STEPS)}
    )
    config = {
        "model_type": "tinyref-mlp",
        "architecture": "TinyMLP",
        "n_features": N_FEATURES,
        "hidden_size": HIDDEN,
        "n_classes": N_CLASSES,
        "training": {
            "seed": SEED,
            "steps": STEPS,
            "learning_rate": LEARNING_RATE,
            "momentum": MOMENTUM,
            "checkpoints": list(CHECKPOINTS),
            "final_loss": round(losses[-1], 6),
        },
    }
    (root / "weights" / "config.json").write_text(json.dumps(config, indent=2, sort_keys=True) + "\n")
    return losses
