from __future__ import annotations

import io
import pickle
import struct
import zipfile

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from opengauge.inventory.weights._common import ZIP_DIRECTORY_CAP, Fetcher, WeightsFormatError
from opengauge.inventory.weights._zip import ZIP_READ_BUDGET, read_listing
from opengauge.record import ArtifactKind, ComponentId
from opengauge.sources.interface import MAX_READ

from .weights_helpers import CountingReader, artifact, classify, details, rules

FINAL = ComponentId.MODEL_PARAMETERS_FINAL.value
INTERMEDIATE = ComponentId.MODEL_PARAMETERS_INTERMEDIATE.value


def make_zip(members: dict[str, bytes], compression: int = zipfile.ZIP_STORED, comment: bytes = b"") -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
        zf.comment = comment
    return buf.getvalue()


def torch_zip(root: str = "archive", storages: int = 3, extra: dict[str, bytes] | None = None) -> bytes:
    members = {
        f"{root}/data.pkl": b"\x80\x02}q\x00.",  # a tiny pickle, never loaded
        f"{root}/byteorder": b"little",
        **{f"{root}/data/{i}": b"\0" * 64 for i in range(storages)},
        f"{root}/version": b"3\n",
        f"{root}/.data/serialization_id": b"1234",
    }
    members.update(extra or {})
    return make_zip(members)


def to_zip64(data: bytes) -> bytes:
    """Rewrite the end records of a small zip as zip64 (EOCD fields 0xFFFF.., a zip64 record and locator)."""
    pos = data.rfind(b"PK\x05\x06")
    _, _, _, _, total, cd_size, cd_offset, _ = struct.unpack("<4sHHHHIIH", data[pos : pos + 22])
    record = struct.pack("<4sQHHIIQQQQ", b"PK\x06\x06", 44, 45, 45, 0, 0, total, total, cd_size, cd_offset)
    locator = struct.pack("<4sIQI", b"PK\x06\x07", 0, pos, 1)
    eocd = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    return data[:pos] + record + locator + eocd


def test_pytorch_zip_checkpoint() -> None:
    obs, _reader, name = classify("pytorch_model.bin", torch_zip(storages=5))
    assert name == "weights.pytorch"
    assert obs.kind is ArtifactKind.WEIGHTS
    assert obs.format == "pytorch-zip"
    assert obs.roles == (FINAL,)
    d = details(obs)
    assert d["members"] == "9"
    assert d["data_members"] == "5"
    assert d["storage_bytes"] == "320"
    assert d["pickle"] == "true"
    assert d["pickle_protocol"] == "2"
    assert d["serialization_version"] == "3"
    assert d["archive_root"] == "archive"
    assert "pickle-based" in (obs.evidence[0].excerpt or "")
    assert obs.findings == ()


class TailReader:
    """A file of ``pad`` zero bytes followed by ``tail`` (a large sparse file whose end is an archive)."""

    def __init__(self, tail: bytes, pad: int) -> None:
        self.tail, self.pad, self.bytes_read = tail, pad, 0

    def read(self, path: str, offset: int = 0, length: int = MAX_READ) -> bytes:
        assert 0 < length <= MAX_READ
        end = min(offset + length, self.pad + len(self.tail))
        zeros = b"\0" * max(0, min(end, self.pad) - offset)
        out = zeros + self.tail[max(0, offset - self.pad) : max(0, end - self.pad)]
        self.bytes_read += len(out)
        return out


def test_zip_listing_reads_only_tail_and_directory() -> None:
    data = torch_zip(storages=2)
    # the archive's directory behind 5 GB of (sparse) bytes: only the tail and the directory are read
    pad = 5 * 1024**3
    shifted = TailReader(data, pad)
    art = artifact("m.pt", pad + len(data))
    listing = read_listing(Fetcher(shifted, art, b"", ZIP_READ_BUDGET))
    assert len(listing.members) == 6
    assert {m.name for m in listing.members} >= {"archive/data.pkl", "archive/version"}
    assert shifted.bytes_read <= 4096 + len(data)


def test_torchscript_archive() -> None:
    data = torch_zip(extra={"archive/code/__torch__.py": b"# code", "archive/constants.pkl": b"\x80\x02)."})
    obs, _, _ = classify("traced.pt", data)
    assert obs.format == "torchscript"
    assert details(obs)["pickle"] == "true"


def test_zip64_directory() -> None:
    obs, _, _ = classify("model.pth", to_zip64(torch_zip()))
    assert obs.format == "pytorch-zip"
    assert details(obs)["members"] == "7"
    assert obs.findings == ()


def test_legacy_pickle_checkpoint_is_never_unpickled() -> None:
    data = pickle.dumps(0x1950A86A20F9469CFC6C, protocol=2) + pickle.dumps({"a": 1}, protocol=2)
    obs, _, name = classify("model.pth", data)
    assert name == "weights.pytorch"
    assert obs.format == "pytorch-legacy"
    d = details(obs)
    assert d["torch_legacy_magic"] == "true"
    assert d["pickle"] == "true"
    assert obs.roles == (FINAL,)


def test_pickles_that_are_not_parameters() -> None:
    data = pickle.dumps({"lr": 0.1}, protocol=4)
    obs, _, _ = classify("checkpoint-100/training_args.bin", data)
    assert obs.kind is ArtifactKind.OTHER
    assert obs.roles == ()
    assert obs.format == "pytorch-legacy"
    obs, _, _ = classify("checkpoint-100/optimizer.pt", torch_zip())
    assert obs.kind is ArtifactKind.OTHER
    assert obs.format == "pytorch-zip"
    obs, _, _ = classify("checkpoint-100/pytorch_model.bin", torch_zip())
    assert obs.roles == (INTERMEDIATE,)
    assert details(obs)["step"] == "100"
    obs, _, _ = classify("stats.pkl", data)
    assert obs.kind is ArtifactKind.OTHER
    assert obs.format == "pickle"
    obs, _, _ = classify("sklearn_model.joblib", data)
    assert obs.kind is ArtifactKind.WEIGHTS


def test_broken_zips() -> None:
    data = torch_zip()
    obs, _, _ = classify("model.pt", data[: len(data) // 2])
    assert obs.kind is ArtifactKind.WEIGHTS
    assert rules(obs) == ["OG-INV-020"]
    assert obs.roles == ()
    pos = data.rfind(b"PK\x05\x06")
    damaged = data[: pos + 12] + struct.pack("<I", 10**6) + data[pos + 16 :]  # directory size too big
    obs, _, _ = classify("model.pt", damaged)
    assert rules(obs) == ["OG-INV-020"]
    damaged = data[: pos + 10] + struct.pack("<H", 500) + data[pos + 12 :]  # more entries than listed
    obs, _, _ = classify("model.pt", damaged)
    assert rules(obs) == ["OG-INV-021"]
    assert details(obs)["members"] == "500"
    plain = make_zip({"readme.txt": b"hello"})
    obs, _, _ = classify("model.bin", plain)
    assert obs.format == "zip"
    assert details(obs)["pickle"] == "false"


def test_member_cap() -> None:
    data = make_zip({f"archive/data/{i}": b"" for i in range(50)} | {"archive/data.pkl": b"\x80\x02."})
    reader = CountingReader({"m.pt": data})
    listing = read_listing(Fetcher(reader, artifact("m.pt", len(data)), b"", ZIP_READ_BUDGET), member_cap=10)
    assert len(listing.members) == 10
    assert listing.declared == 51
    assert [p.rule_id for p in listing.problems] == ["OG-INV-022"]


def test_keras_archive() -> None:
    data = make_zip({"metadata.json": b"{}", "config.json": b"{}", "model.weights.h5": b"\x89HDF\r\n\x1a\n"})
    obs, _, name = classify("model.keras", data)
    assert name == "weights.keras"
    assert obs.format == "keras"
    d = details(obs)
    assert d["weights_member"] == "model.weights.h5"
    assert d["has_metadata"] == "true"
    assert obs.roles == (FINAL,)
    obs, _, _ = classify("model.keras", make_zip({"other.txt": b""}))
    assert rules(obs) == ["OG-INV-020"]
    obs, _, _ = classify("model.keras", b"not a zip at all")
    assert rules(obs) == ["OG-INV-020"]


def test_npz_archive() -> None:
    buf = io.BytesIO()
    np.savez_compressed(buf, w=np.zeros((3, 4), dtype=np.float32), b=np.zeros(4))
    obs, _, name = classify("ViT-B_16.npz", buf.getvalue())
    assert name == "weights.npz"
    assert obs.format == "npz"
    d = details(obs)
    assert d["arrays"] == "2"
    assert d["array_names"] == "b.npy,w.npy"
    assert d["compressed"] == "true"
    assert obs.roles == (FINAL,)
    obs, _, _ = classify("x.npz", b"garbage that is long enough to not be a tiny file")
    assert rules(obs) == ["OG-INV-020"]


@st.composite
def zip_like(draw: st.DrawFn) -> tuple[bytes, int]:
    body = draw(st.binary(max_size=300))
    fields = draw(
        st.tuples(
            st.integers(0, 0xFFFF),
            st.integers(0, 0xFFFFFFFF),
            st.integers(0, 0xFFFFFFFF),
            st.integers(0, 0xFFFF),
        )
    )
    eocd = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, fields[0], fields[0], fields[1], fields[2], fields[3])
    if draw(st.booleans()):
        locator = struct.pack("<4sIQI", b"PK\x06\x07", 0, draw(st.integers(0, 2**64 - 1)), 1)
        body += locator
    if draw(st.booleans()):
        body = b"PK\x01\x02" + body
    sparse = draw(st.sampled_from([0, 0, 100, 10**12]))
    return body + eocd + draw(st.binary(max_size=30)), sparse


@settings(max_examples=100, deadline=None)
@given(zip_like() | st.tuples(st.binary(max_size=400), st.just(0)))
def test_fuzz_zip_directory(case: tuple[bytes, int]) -> None:
    data, sparse = case
    path = "m.pt"
    # sparse > 0: the bytes sit at the end of a much larger virtual file
    reader = TailReader(data, sparse)
    art = artifact(path, sparse + len(data))
    fetch = Fetcher(reader, art, b"", ZIP_READ_BUDGET)
    try:
        listing = read_listing(fetch)
        assert len(listing.members) <= listing.declared
    except WeightsFormatError:
        pass
    assert reader.bytes_read <= ZIP_READ_BUDGET
    assert fetch.used <= 4096 + 65_535 + 22 + 20 + 56 + 4 + ZIP_DIRECTORY_CAP


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_fuzz_pytorch_classifier(data: bytes) -> None:
    obs, _, _ = classify("model.pt", b"PK\x03\x04" + data)
    assert obs.kind in (ArtifactKind.WEIGHTS, ArtifactKind.OTHER)
