# SPDX-License-Identifier: Apache-2.0
"""The model architecture: a two-layer perceptron, 2 inputs -> 8 tanh units -> 3 classes (softmax).

Forward pass::

    h = tanh(x @ W1 + b1)        # hidden layer, 8 units
    p = softmax(h @ W2 + b2)     # class probabilities over CLASSES

``backward`` returns the gradients of the mean cross-entropy loss for every parameter.
"""

from __future__ import annotations

import numpy as np

from tinyref import nn

HIDDEN = 8
N_FEATURES = 2
N_CLASSES = 3


class TinyMLP(nn.Module):
    """Two dense layers with a tanh between them; 51 parameters in all."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.hidden = nn.Linear("hidden", N_FEATURES, HIDDEN, rng)
        self.output = nn.Linear("output", HIDDEN, N_CLASSES, rng)

    def parameters(self) -> dict[str, np.ndarray]:
        return {**self.hidden.parameters(), **self.output.parameters()}

    def load(self, tensors: dict[str, np.ndarray]) -> None:
        """Set the parameters from named arrays (as read from a safetensors file)."""
        for name, value in self.parameters().items():
            value[...] = tensors[name]

    def forward(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(hidden activations, class probabilities) for a batch ``x`` of shape (n, 2)."""
        h = np.tanh(self.hidden(x))
        return h, nn.softmax(self.output(h))

    def backward(self, x: np.ndarray, y: np.ndarray) -> tuple[float, dict[str, np.ndarray]]:
        """Mean cross-entropy loss on (x, y) and its gradient for each parameter."""
        h, p = self.forward(x)
        n = x.shape[0]
        loss = float(-np.log(p[np.arange(n), y] + 1e-12).mean())
        d_logits = p.copy()
        d_logits[np.arange(n), y] -= 1.0
        d_logits /= n
        d_h = (d_logits @ self.output.weight.T) * (1.0 - h**2)
        grads = {
            "output.weight": h.T @ d_logits,
            "output.bias": d_logits.sum(axis=0),
            "hidden.weight": x.T @ d_h,
            "hidden.bias": d_h.sum(axis=0),
        }
        return loss, grads
