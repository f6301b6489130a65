"""PyTorch checkpoints: zip archives (``*/data.pkl``, ``*/data/*``) and legacy pickles. Never unpickled."""

from __future__ import annotations

from opengauge.inventory.interface import Observation, Reader
from opengauge.inventory.weights._common import (
    Fetcher,
    Parsed,
    WeightsFormatError,
    failed_observation,
    human_bytes,
    join_bounded,
    weights_observation,
)
from opengauge.inventory.weights._paths import is_not_parameters, is_weights_name
from opengauge.inventory.weights._zip import ZIP_MAGIC, ZIP_READ_BUDGET, ZipListing, read_listing, read_stored
from opengauge.record import Artifact

SUFFIXES = frozenset({".bin", ".pt", ".pth", ".ckpt", ".tar", ".pkl", ".pickle", ".joblib"})
_TORCH_SUFFIXES = frozenset({".bin", ".pt", ".pth", ".ckpt", ".tar"})
#: Legacy ``torch.save``: a protocol-2 pickle of the magic number 0x1950a86a20f9469cfc6c comes first.
TORCH_LEGACY_MAGIC = bytes.fromhex("80028a0a6cfc9c46f9206aa850192e")


def is_pickle(head: bytes) -> bool:
    """Pickle protocol 2-5 (``0x80 n``): what ``torch.save`` (legacy) and joblib/pickle write."""
    return len(head) >= 2 and head[0] == 0x80 and 2 <= head[1] <= 5


def zip_facts(listing: ZipListing, fetch: Fetcher) -> Parsed:
    """What a zip says about being a PyTorch (or TorchScript) archive."""
    names = listing.names
    pickles = [n for n in names if n == "data.pkl" or n.endswith("/data.pkl")]
    details = {"members": str(listing.declared), "pickle": "true" if pickles else "false"}
    if not pickles:
        details["member_names"] = join_bounded(sorted(names)[:50])
        return Parsed(
            "zip",
            f"zip archive, {listing.declared} members, no data.pkl",
            tuple(details.items()),
            listing.problems,
        )
    root = pickles[0][: -len("data.pkl")]
    torchscript = any(n.startswith(root + "code/") for n in names) or root + "constants.pkl" in names
    fmt = "torchscript" if torchscript else "pytorch-zip"
    details["archive_root"] = root.rstrip("/")[:200]
    storages = [m for m in listing.members if m.name.startswith(root + "data/")]
    details["data_members"] = str(len(storages))
    storage_bytes = sum(m.size for m in storages)
    details["storage_bytes"] = str(storage_bytes)
    members = {m.name: m for m in listing.members}
    if (version := members.get(root + "version")) is not None:
        raw = read_stored(fetch, version, 16)
        if raw and raw.strip().isdigit():
            details["serialization_version"] = raw.strip().decode("ascii")
    raw_pickle = read_stored(fetch, members[pickles[0]], 2)
    if raw_pickle and is_pickle(raw_pickle):
        details["pickle_protocol"] = str(raw_pickle[1])
    summary = (
        f"{fmt} (pickle-based), {listing.declared} members, "
        f"{len(storages)} tensor storages ({human_bytes(storage_bytes)})"
    )
    return Parsed(fmt, summary, tuple(details.items()), listing.problems)


def pickle_facts(head: bytes, suffix: str) -> Parsed:
    details = {"pickle": "true", "pickle_protocol": str(head[1])}
    if head.startswith(TORCH_LEGACY_MAGIC):
        details["torch_legacy_magic"] = "true"
        return Parsed("pytorch-legacy", "pytorch legacy checkpoint (pickle, never unpickled)", tuple(details.items()))
    fmt = "pytorch-legacy" if suffix in _TORCH_SUFFIXES else "pickle"
    return Parsed(fmt, f"{fmt} (pickle protocol {head[1]}, never unpickled)", tuple(details.items()))


class PytorchClassifier:
    """``.bin/.pt/.pth/.ckpt`` (and ``.pkl``/``.joblib``) files that are zips or pickles."""

    name: str = "weights.pytorch"

    def considers(self, suffix: str) -> bool:
        return suffix in SUFFIXES

    def accepts(self, artifact: Artifact, head: bytes) -> bool:
        return artifact.suffix in SUFFIXES and (head.startswith(ZIP_MAGIC) or is_pickle(head))

    def classify(self, artifact: Artifact, head: bytes, reader: Reader) -> Observation:
        if is_pickle(head):
            parsed = pickle_facts(head, artifact.suffix)
        else:
            fetch = Fetcher(reader, artifact, head, ZIP_READ_BUDGET)
            try:
                parsed = zip_facts(read_listing(fetch), fetch)
            except WeightsFormatError as exc:
                return failed_observation(artifact, "pytorch-zip", exc.problem)
        weights = not is_not_parameters(artifact.path) and (
            is_weights_name(artifact.path) or parsed.format not in {"pickle", "zip"}
        )
        if not weights:
            parsed = Parsed(parsed.format, parsed.summary, parsed.details, parsed.problems, is_weights=False)
        return weights_observation(artifact, parsed, self.name)
