"""HDF5 files (Keras ``.h5``, ``tf_model.h5``): the signature at 0, 512, 1024, 2048, ... and the superblock
version. Format and signature only; the object tree is not walked."""

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
from opengauge.inventory.weights._paths import is_weights_name
from opengauge.record import Artifact

SIGNATURE = b"\x89HDF\r\n\x1a\n"
#: The signature may follow a user block of 512 * 2^k bytes; we look up to 1 MiB in.
SEARCH_CAP = 1 << 20
_SUFFIXES = frozenset({".h5", ".hdf5", ".hdf", ".he5"})


def signature_offsets(limit: int) -> list[int]:
    offsets = [0]
    at = 512
    while at <= min(limit, SEARCH_CAP):
        offsets.append(at)
        at *= 2
    return offsets


def find_signature(fetch: Fetcher) -> tuple[int, int | None]:
    """(offset of the signature, superblock version) or a corrupt error."""
    for offset in signature_offsets(fetch.size - len(SIGNATURE)):
        data = fetch.read(offset, len(SIGNATURE) + 1)
        if data[:8] == SIGNATURE:
            return offset, data[8] if len(data) > 8 else None
    raise corrupt("no HDF5 signature at 0, 512, 1024, ... (not an HDF5 file)")


class Hdf5Classifier:
    """``.h5/.hdf5`` files, and files of any name whose first bytes are the HDF5 signature."""

    name: str = "weights.hdf5"

    def considers(self, suffix: str) -> bool:
        return suffix in _SUFFIXES or suffix in {"", ".weights", ".bin"}

    def accepts(self, artifact: Artifact, head: bytes) -> bool:
        if artifact.suffix in _SUFFIXES:
            return True
        return artifact.suffix in {"", ".weights", ".bin"} and head.startswith(SIGNATURE)

    def classify(self, artifact: Artifact, head: bytes, reader: Reader) -> Observation:
        fetch = Fetcher(reader, artifact, head, 64 * 1024)
        try:
            offset, version = find_signature(fetch)
        except WeightsFormatError as exc:
            return failed_observation(artifact, "hdf5", exc.problem)
        details = {"signature_offset": str(offset)}
        if version is not None:
            details["superblock_version"] = str(version)
        weights = is_weights_name(artifact.path)
        summary = f"hdf5, signature at {offset}, superblock v{version}"
        parsed = Parsed("hdf5", summary, tuple(details.items()), is_weights=weights)
        return weights_observation(artifact, parsed, self.name)
