from __future__ import annotations

import contextlib
import io
import struct

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from opengauge.inventory.weights._common import NPY_HEADER_CAP, Fetcher, WeightsFormatError
from opengauge.inventory.weights.npy import parse_npy
from opengauge.record import ArtifactKind, ComponentId
from opengauge.sources.interface import MAX_READ

from .weights_helpers import CountingReader, artifact, classify, details, rules

FINAL = ComponentId.MODEL_PARAMETERS_FINAL.value


def npy(array: np.ndarray, version: tuple[int, int] | None = None) -> bytes:
    buf = io.BytesIO()
    if version is None:
        np.save(buf, array, allow_pickle=True)
    else:
        np.lib.format.write_array(buf, array, version=version, allow_pickle=True)
    return buf.getvalue()


def test_npy_weights_header() -> None:
    obs, _reader, name = classify("weights/embedding.npy", npy(np.zeros((100, 16), dtype="<f4")))
    assert name == "weights.npy"
    assert obs.kind is ArtifactKind.WEIGHTS
    assert obs.roles == (FINAL,)
    d = details(obs)
    assert d["shape"] == "[100, 16]"
    assert d["dtype"] == "<f4"
    assert d["fortran_order"] == "false"
    assert d["parameters"] == "1600"
    assert d["npy_version"] == "1.0"
    assert obs.findings == ()
    assert obs.evidence[0].excerpt == "npy, shape [100, 16], 1.6K values, <f4"


def test_npy_fortran_and_version_2() -> None:
    obs, _, _ = classify("model_w.npy", npy(np.asfortranarray(np.ones((3, 5))), version=(2, 0)))
    d = details(obs)
    assert d["fortran_order"] == "true"
    assert d["npy_version"] == "2.0"


def test_npy_not_weight_named_is_other() -> None:
    obs, _, _ = classify("stats/mean.npy", npy(np.zeros(3)))
    assert obs.kind is ArtifactKind.OTHER
    assert obs.roles == ()
    assert obs.format == "npy"


def test_npy_object_array_is_flagged_pickle() -> None:
    obs, _, _ = classify("model_meta.npy", npy(np.array([{"a": 1}], dtype=object)))
    assert details(obs)["pickle"] == "true"


def test_npy_truncated_and_corrupt() -> None:
    data = npy(np.zeros((100, 16), dtype="<f4"))
    obs, _, _ = classify("model.npy", data[:-100])
    assert rules(obs) == ["OG-INV-021"]
    assert obs.roles == (FINAL,)
    obs, _, _ = classify("model.npy", data[:50])
    assert rules(obs) == ["OG-INV-021"]
    assert obs.roles == ()
    bad = b"\x93NUMPY\x01\x00" + struct.pack("<H", 20) + b"{'descr': __import__}"[:20]
    obs, _, _ = classify("model.npy", bad)
    assert rules(obs) == ["OG-INV-020"]
    obs, _, _ = classify("model.npy", b"\x93NUMPY\x09\x00" + b"\0" * 20)
    assert rules(obs) == ["OG-INV-020"]
    obs, _, _ = classify("model.npy", b"just text")
    assert rules(obs) == ["OG-INV-020"]


def test_npy_header_cap() -> None:
    data = b"\x93NUMPY\x02\x00" + struct.pack("<I", NPY_HEADER_CAP + 1) + b"{" * 100
    obs, reader, _ = classify("model.npy", data, size=10**9)
    assert rules(obs) == ["OG-INV-022"]
    assert reader.bytes_read <= 4096


@settings(max_examples=100, deadline=None)
@given(
    version=st.sampled_from([b"\x01\x00", b"\x02\x00", b"\x03\x00", b"\x07\x01"]),
    length=st.one_of(st.just(-1), st.integers(0, 2**32 - 1)),  # -1: the body's own length
    body=st.one_of(
        st.binary(max_size=300),
        st.text(max_size=300).map(str.encode),
        st.builds(
            lambda d, f, shape: repr({"descr": d, "fortran_order": f, "shape": shape}).encode(),
            st.sampled_from(["<f4", "|b1", "<U3", "|O", "<M8[ns]", "x"]),
            st.sampled_from([True, False, 1]),
            st.lists(st.integers(-1, 2**70), max_size=4).map(tuple),
        ),
    ),
    sparse=st.integers(0, 10**10),
)
def test_fuzz_npy(version: bytes, length: int, body: bytes, sparse: int) -> None:
    width = "<H" if version[0] == 1 else "<I"
    length = len(body) if length < 0 else length
    length = length & 0xFFFF if version[0] == 1 else length
    if length > len(body) and sparse == 0:
        length = len(body)
    data = b"\x93NUMPY" + version + struct.pack(width, length) + body
    path = "model.npy"
    reader = CountingReader({path: data}, {path: len(data) + sparse})
    art = artifact(path, reader.size(path))
    with contextlib.suppress(WeightsFormatError):
        parse_npy(Fetcher(reader, art, b"", NPY_HEADER_CAP + 16))
    assert reader.bytes_read <= NPY_HEADER_CAP + 16
    assert reader.largest <= MAX_READ
    obs, _, _ = classify(path, data, size=len(data) + sparse)
    assert obs.kind in (ArtifactKind.WEIGHTS, ArtifactKind.OTHER)
