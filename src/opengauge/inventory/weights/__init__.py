"""Weights inventory: classifiers that recognise model weight files by reading headers only.

``CLASSIFIERS`` is in the order they must be tried: LFS pointers first (any name), then index files (by name),
then formats with a magic or a suffix. Every classifier works with any object that has
``read(path, offset, length) -> bytes``; reads are bounded (see the caps in ``_common``) and nothing is
unpickled, executed or inflated. Parse failures come back as an Observation with a Finding
(``OG-INV-020`` .. ``OG-INV-024``).
"""

from __future__ import annotations

from opengauge.inventory.interface import Classifier
from opengauge.inventory.weights.byname import WeightsByNameClassifier
from opengauge.inventory.weights.flax import FlaxMsgpackClassifier
from opengauge.inventory.weights.ggml import GgmlClassifier
from opengauge.inventory.weights.gguf import GgufClassifier
from opengauge.inventory.weights.hdf5 import Hdf5Classifier
from opengauge.inventory.weights.index import WeightsIndexClassifier
from opengauge.inventory.weights.keras import KerasClassifier
from opengauge.inventory.weights.lfs import LfsPointerClassifier
from opengauge.inventory.weights.npy import NpyClassifier, NpzClassifier
from opengauge.inventory.weights.onnx import OnnxClassifier
from opengauge.inventory.weights.pytorch import PytorchClassifier
from opengauge.inventory.weights.safetensors import SafetensorsClassifier
from opengauge.inventory.weights.savedmodel import SavedModelClassifier
from opengauge.inventory.weights.tflite import TfliteClassifier

CLASSIFIERS: tuple[Classifier, ...] = (
    LfsPointerClassifier(),
    WeightsIndexClassifier(),
    SafetensorsClassifier(),
    GgufClassifier(),
    GgmlClassifier(),
    OnnxClassifier(),
    KerasClassifier(),
    NpzClassifier(),
    PytorchClassifier(),
    Hdf5Classifier(),
    NpyClassifier(),
    FlaxMsgpackClassifier(),
    TfliteClassifier(),
    SavedModelClassifier(),
    WeightsByNameClassifier(),
)

__all__ = ["CLASSIFIERS"]
