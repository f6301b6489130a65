"""Keras v3 ``.keras`` archives: a zip with ``config.json``, ``metadata.json`` and ``model.weights.h5``."""

from __future__ import annotations

from opengauge.inventory.interface import Observation, Reader
from opengauge.inventory.weights._common import (
    Fetcher,
    Parsed,
    WeightsFormatError,
    corrupt,
    failed_observation,
    weights_observation,
)
from opengauge.inventory.weights._zip import ZIP_MAGIC, ZIP_READ_BUDGET, ZipListing, read_listing
from opengauge.record import Artifact

_WEIGHTS_MEMBERS = ("model.weights.h5", "model.weights.npz")


def keras_facts(listing: ZipListing) -> Parsed:
    names = set(listing.names)
    if "config.json" not in names:
        raise corrupt("a .keras archive without config.json")
    details = {
        "members": str(listing.declared),
        "has_config": "true",
        "has_metadata": "true" if "metadata.json" in names else "false",
    }
    weights = next((m for m in _WEIGHTS_MEMBERS if m in names), None)
    details["weights_member"] = weights or "none"
    summary = f"keras v3 archive, {listing.declared} members, weights in {weights or 'no member'}"
    return Parsed("keras", summary, tuple(details.items()), listing.problems)


class KerasClassifier:
    """``*.keras`` zip archives (format and signature only; the HDF5 member is not opened)."""

    name: str = "weights.keras"

    def considers(self, suffix: str) -> bool:
        return suffix == ".keras"

    def accepts(self, artifact: Artifact, head: bytes) -> bool:
        return artifact.suffix == ".keras"

    def classify(self, artifact: Artifact, head: bytes, reader: Reader) -> Observation:
        if not head.startswith(ZIP_MAGIC):
            problem = corrupt("a .keras file that is not a zip archive").problem
            return failed_observation(artifact, "keras", problem)
        fetch = Fetcher(reader, artifact, head, ZIP_READ_BUDGET)
        try:
            parsed = keras_facts(read_listing(fetch))
        except WeightsFormatError as exc:
            return failed_observation(artifact, "keras", exc.problem)
        return weights_observation(artifact, parsed, self.name)
