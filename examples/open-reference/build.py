# SPDX-License-Identifier: Apache-2.0
"""Rebuild the whole reference release: data, weights (final and intermediate) and evaluation results.

    python build.py [OUTPUT_ROOT]      (default: this folder; ``make`` runs it)

Deterministic: fixed seeds and fixed formatting, so a re-run writes byte-identical files.
Needs only Python 3.10+ and NumPy.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.dont_write_bytecode = True
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "src"))

from tinyref import evaluate, preprocess, samples, train  # noqa: E402

OUTPUTS = (
    "data/train.csv",
    "data/test.csv",
    "weights/checkpoints/step-0100.safetensors",
    "weights/checkpoints/step-0200.safetensors",
    "weights/model.safetensors",
    "weights/config.json",
    "results/eval_results.json",
    "samples/sample_outputs.md",
)


def build(root: Path) -> dict[str, object]:
    """Write every generated file of the release under ``root``; return the evaluation results."""
    preprocess.main(root)
    train.main(root)
    results = evaluate.main(root)
    samples.main(root)
    return results


def main(argv: list[str]) -> None:
    root = Path(argv[0]).resolve() if argv else HERE
    results = build(root)
    final = results["results"]["final"]  # type: ignore[index]
    print(f"built {len(OUTPUTS)} files under {root}; test accuracy {final['accuracy']}")  # type: ignore[index]


if __name__ == "__main__":
    main(sys.argv[1:])
