# SPDX-License-Identifier: Apache-2.0
"""A minimal neural-network toolkit in NumPy: parameter containers, a dense layer and the softmax.

Only what ``model.py`` needs. Every array is float64 while training; weights are stored as float32.
"""

from __future__ import annotations

import numpy as np


class Module:
    """A container of named parameters (NumPy arrays), in a fixed order."""

    def parameters(self) -> dict[str, np.ndarray]:
        """The trainable arrays by name; subclasses list their own."""
        raise NotImplementedError


class Linear(Module):
    """A dense layer ``y = x @ weight + bias``, initialised with a scaled normal draw."""

    def __init__(self, name: str, n_in: int, n_out: int, rng: np.random.Generator) -> None:
        self.name = name
        self.weight = rng.normal(0.0, 1.0 / np.sqrt(n_in), size=(n_in, n_out))
        self.bias = np.zeros(n_out)

    def parameters(self) -> dict[str, np.ndarray]:
        return {f"{self.name}.weight": self.weight, f"{self.name}.bias": self.bias}

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return x @ self.weight + self.bias


def softmax(logits: np.ndarray) -> np.ndarray:
    """Row-wise softmax, shifted by the row maximum for numerical stability."""
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)
