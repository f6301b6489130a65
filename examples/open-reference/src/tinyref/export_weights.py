# SPDX-License-Identifier: Apache-2.0
"""Tool: convert the released safetensors weights to a NumPy ``.npz`` archive (same tensor names and values), for
users whose stack reads NumPy archives.

python -m tinyref.export_weights weights/model.safetensors model.npz
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from tinyref.safetensors_io import read_safetensors


def export(source: Path, target: Path) -> int:
    """Write every tensor of ``source`` into ``target`` (``.npz``); returns the number of tensors."""
    tensors = read_safetensors(source)
    np.savez(target, **tensors)
    return len(tensors)


def main(argv: list[str]) -> None:
    count = export(Path(argv[0]), Path(argv[1]))
    print(f"{count} tensors written to {argv[1]}")


if __name__ == "__main__":
    main(sys.argv[1:])
