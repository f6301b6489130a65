"""Files written by the real libraries (numpy, scikit-learn, pandas, joblib, torch) never fail the gate."""

from __future__ import annotations

import collections
import os
import pickle
from pathlib import Path

import numpy as np
import pytest

from opengauge.security import ScanOptions, scan_path


def _assert_clean(path: Path) -> None:
    result = scan_path(path, ScanOptions())
    assert result.findings == (), [(f.rule_id, f.message, f.location) for f in result.findings]
    assert result.exit_code == 0, result.inconclusive


def _numpy_objects() -> dict[str, object]:
    return {
        "arrays": {"a": np.arange(10), "f": np.zeros((3, 3), dtype=np.float32), "s": np.array(["x", "yy"])},
        "struct": np.zeros(2, dtype=[("a", "f4"), ("b", "i8")]),
        "rng": {"r": np.random.RandomState(0), "g": np.random.default_rng(1)},
        "scalars": [np.float64(1.5), np.int32(3)],
        "py": collections.OrderedDict(a={1, 2}, b=frozenset([3]), c=bytearray(b"x"), d=complex(1, 2), e=slice(1, 2)),
    }


@pytest.mark.parametrize("proto", [0, 2, 4, 5])
def test_numpy_and_builtin_pickles(proto: int, tmp_path: Path) -> None:
    for name, obj in _numpy_objects().items():
        path = tmp_path / f"{name}.p{proto}"
        path.write_bytes(pickle.dumps(obj, protocol=proto))
        _assert_clean(path)


def test_numpy_files(tmp_path: Path) -> None:
    np.save(tmp_path / "a.npy", np.arange(100))
    np.savez(tmp_path / "a.npz", a=np.arange(3), b=np.ones(4))
    np.savez_compressed(tmp_path / "c.npz", a=np.arange(3000))
    for p in tmp_path.iterdir():
        _assert_clean(p)


def test_numpy_object_array_is_low_and_payload_is_caught(tmp_path: Path) -> None:
    np.save(tmp_path / "obj.npy", np.array([{"a": 1}, None], dtype=object), allow_pickle=True)
    result = scan_path(tmp_path / "obj.npy", ScanOptions())
    assert {f.rule_id for f in result.findings} == {"OG-SEC-007"}
    assert result.exit_code == 0

    class Evil:
        def __reduce__(self) -> tuple[object, ...]:
            return (os.system, ("echo pwned",))

    np.save(tmp_path / "evil.npy", np.array([Evil()], dtype=object), allow_pickle=True)
    np.savez(tmp_path / "evil.npz", x=np.array([Evil()], dtype=object), y=np.arange(3))
    for name in ("evil.npy", "evil.npz"):
        result = scan_path(tmp_path / name, ScanOptions())
        assert "OG-SEC-001" in {f.rule_id for f in result.findings}, name
        assert result.exit_code == 1


def test_sklearn_pandas_joblib(tmp_path: Path) -> None:
    joblib = pytest.importorskip("joblib")
    pytest.importorskip("sklearn")
    pd = pytest.importorskip("pandas")
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler

    x = np.random.default_rng(0).random((30, 3))
    y = (x[:, 0] > 0.5).astype(int)
    objs = {
        "pipe": Pipeline([("s", StandardScaler()), ("m", LogisticRegression())]).fit(x, y),
        "rf": RandomForestClassifier(n_estimators=2).fit(x, y),
        "knn": KNeighborsClassifier(2).fit(x, y),
        "tfidf": TfidfVectorizer().fit(["hello world", "foo bar"]),
        "df": pd.DataFrame({"a": [1, 2], "b": ["x", "y"], "c": pd.to_datetime(["2020-01-01", "2020-01-02"])}),
    }
    for name, obj in objs.items():
        joblib.dump(obj, tmp_path / f"{name}.joblib")
        joblib.dump(obj, tmp_path / f"{name}.z.joblib", compress=3)
        joblib.dump(obj, tmp_path / f"{name}.xz.joblib", compress=("xz", 1))
        (tmp_path / f"{name}.pkl").write_bytes(pickle.dumps(obj, protocol=5))
    objs["df"].to_pickle(tmp_path / "df.pandas.pkl")
    for p in sorted(tmp_path.iterdir()):
        _assert_clean(p)


def test_joblib_payload_after_raw_array_buffer(tmp_path: Path) -> None:
    """Scanners that do not step over joblib's raw buffers lose the stream and miss what follows."""
    joblib = pytest.importorskip("joblib")

    class Evil:
        def __reduce__(self) -> tuple[object, ...]:
            return (os.system, ("echo pwned",))

    joblib.dump({"arr": np.arange(1000, dtype=np.float64), "evil": Evil()}, tmp_path / "m.joblib")
    joblib.dump({"arr": np.array([1, Evil()], dtype=object)}, tmp_path / "o.joblib")
    for name in ("m.joblib", "o.joblib"):
        result = scan_path(tmp_path / name, ScanOptions())
        assert "OG-SEC-001" in {f.rule_id for f in result.findings}, name
        assert not result.inconclusive, result.inconclusive


def test_torch_files(tmp_path: Path) -> None:
    torch = pytest.importorskip("torch")
    model = torch.nn.Sequential(torch.nn.Linear(4, 4), torch.nn.LayerNorm(4))
    objs = {
        "sd": model.state_dict(),
        "mixed": {"a": torch.arange(5), "b": torch.zeros(2, dtype=torch.bfloat16), "n": [1, "x"]},
        "sparse": {"s": torch.eye(3).to_sparse()},
        "model": model,
    }
    for name, obj in objs.items():
        torch.save(obj, tmp_path / f"{name}.pt")
        torch.save(obj, tmp_path / f"{name}.legacy.pt", _use_new_zipfile_serialization=False)
    for p in sorted(tmp_path.iterdir()):
        _assert_clean(p)


def test_torch_payloads(tmp_path: Path) -> None:
    torch = pytest.importorskip("torch")

    class Evil:
        def __reduce__(self) -> tuple[object, ...]:
            return (os.system, ("echo pwned",))

    torch.save({"w": torch.ones(2), "x": Evil()}, tmp_path / "a.pt")
    torch.save({"w": torch.ones(2), "x": Evil()}, tmp_path / "b.pt", _use_new_zipfile_serialization=False)
    for name in ("a.pt", "b.pt"):
        result = scan_path(tmp_path / name, ScanOptions())
        assert "OG-SEC-001" in {f.rule_id for f in result.findings}, name


def _flag_encrypted(raw: bytes, signature: bytes, flags_at: int) -> bytes:
    out = bytearray(raw)
    at = out.find(signature)
    while at >= 0:
        out[at + flags_at] |= 1
        at = out.find(signature, at + 4)
    return bytes(out)


def test_zip_members_are_scanned_the_way_numpy_reads_them(tmp_path: Path) -> None:
    """numpy (through zipfile) reads an npz member whose encryption flag is set in the local header only, and
    refuses one flagged in the central directory; it reads LZMA members. The scanner follows it: the first is
    scanned, the second cannot be read (unsafe-unknown), LZMA members are decompressed and scanned."""
    import io
    import zipfile

    benign = io.BytesIO()
    np.savez(benign, a=np.array([{"k": 1}, None], dtype=object))
    local_only = _flag_encrypted(benign.getvalue(), b"PK\x03\x04", 6)
    assert np.load(io.BytesIO(local_only), allow_pickle=True)["a"][0] == {"k": 1}
    central = _flag_encrypted(benign.getvalue(), b"PK\x01\x02", 8)
    with pytest.raises(RuntimeError, match="encrypted"):
        np.load(io.BytesIO(central), allow_pickle=True)["a"]
    lzma_npz = io.BytesIO()
    with zipfile.ZipFile(lzma_npz, "w", zipfile.ZIP_LZMA) as zf:
        zf.writestr("a.npy", _npy_bytes(np.array([{"k": 1}, None], dtype=object)))
    assert np.load(io.BytesIO(lzma_npz.getvalue()), allow_pickle=True)["a"][0] == {"k": 1}

    class Evil:
        def __reduce__(self) -> tuple[object, ...]:
            return (os.system, ("echo pwned",))

    evil = io.BytesIO()
    np.savez(evil, a=np.array([Evil()], dtype=object))
    evil_lzma = io.BytesIO()
    with zipfile.ZipFile(evil_lzma, "w", zipfile.ZIP_LZMA) as zf:
        zf.writestr("a.npy", _npy_bytes(np.array([Evil()], dtype=object)))
    cases = {
        "local.npz": (_flag_encrypted(evil.getvalue(), b"PK\x03\x04", 6), "OG-SEC-001"),
        "central.npz": (_flag_encrypted(evil.getvalue(), b"PK\x01\x02", 8), "OG-SEC-093"),
        "lzma.npz": (evil_lzma.getvalue(), "OG-SEC-001"),
    }
    for name, (data, rule) in cases.items():
        (tmp_path / name).write_bytes(data)
        result = scan_path(tmp_path / name, ScanOptions())
        assert rule in {f.rule_id for f in result.findings}, name
        assert result.exit_code == 1, name


def _npy_bytes(array: np.ndarray) -> bytes:
    import io

    buf = io.BytesIO()
    np.save(buf, array, allow_pickle=True)
    return buf.getvalue()
