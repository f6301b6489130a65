"""Last resort: a file whose name says "model parameters" (``model.bin``, ``*.caffemodel``, ``*.nemo``) but
whose header none of the format classifiers recognised. Weights by name, with lower confidence."""

from __future__ import annotations

from dataclasses import replace

from opengauge.inventory.interface import Observation, Reader
from opengauge.inventory.weights._common import Parsed, weights_observation
from opengauge.inventory.weights._paths import is_weights_name, might_be_weights_suffix
from opengauge.record import Artifact

CONFIDENCE = 0.6


class WeightsByNameClassifier:
    """Any remaining file with a weights name: format from the suffix, confidence 0.6, nothing read."""

    name: str = "weights.by-name"

    def considers(self, suffix: str) -> bool:
        return might_be_weights_suffix(suffix)

    def accepts(self, artifact: Artifact, head: bytes) -> bool:
        return artifact.size > 0 and is_weights_name(artifact.path)

    def classify(self, artifact: Artifact, head: bytes, reader: Reader) -> Observation:
        suffix = artifact.suffix.lstrip(".") or "unknown"
        details = (("recognised_by", "name"),)
        summary = f"{artifact.name[:80]}: weights by name ({suffix}); the header was not recognised"
        obs = weights_observation(artifact, Parsed(suffix, summary, details), self.name)
        return replace(obs, evidence=tuple(replace(e, confidence=CONFIDENCE) for e in obs.evidence))
