# SPDX-License-Identifier: Apache-2.0
"""tinyref: a tiny, fully open reference model (a two-layer perceptron in NumPy) and everything that made it."""

SEED = 20261123
CLASSES = ("north", "east", "south")
