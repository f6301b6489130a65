"""The audit scans every file a loader could deserialise, chosen by the scanner's magic on the first bytes the
inventory read, whatever the inventory called the file (a pickle in ``data/train.tar`` as much as in ``model.bin``)."""

from __future__ import annotations

import gzip
import io
import tarfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opengauge.inventory import parallel
from opengauge.pipeline import AuditOptions, audit
from opengauge.security.blob import BytesBlob
from opengauge.security.detect import identify, identify_head
from tests.security import corpus


def _tar(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tf:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return buf.getvalue()


#: Payloads under names the inventory takes for data, documents, configs and code, never for weights.
HIDDEN = {
    "data/train.tar": _tar({"shard0.pkl": corpus.evil_pickle()}),
    "data/rows.jsonl": corpus.evil_pickle(),
    "docs/notes.md.gz": gzip.compress(corpus.evil_pickle()),
    "configs/run.yaml": corpus.os_system_p0(),
    "README.md": corpus.zip_with({"x/data.pkl": corpus.evil_pickle()}),
}


def _release(root: Path) -> Path:
    root.mkdir()
    (root / "LICENSE").write_text("MIT License\n\nPermission is hereby granted, free of charge, ...\n")
    (root / "train.py").write_text("import torch\n\ndef main():\n    return 1\n")
    for name, data in HIDDEN.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root


@pytest.mark.parametrize("jobs", [1, 2])
def test_audit_finds_payloads_whatever_the_inventory_called_the_file(
    jobs: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "PARALLEL_MIN_FILES", 2)  # jobs=2: the hint must cross the worker boundary
    report = audit([str(_release(tmp_path / "rel"))], AuditOptions(jobs=jobs))
    flagged = {f.location.split(":", 1)[1].split("!")[0].split("@")[0] for f in report.findings if f.location and
               f.rule_id == "OG-SEC-001"}  # fmt: skip
    assert flagged == set(HIDDEN)
    kinds = {a.path: a.kind.value for a in report.artifacts}
    assert kinds["data/train.tar"] == "data"  # the inventory's name for it did not decide


def test_plain_text_files_are_not_scanned(tmp_path: Path) -> None:
    root = tmp_path / "rel"
    root.mkdir()
    (root / "README.md").write_text("---\nlicense: mit\n---\n# Model\n\nIt is small.\n")
    (root / "data.csv").write_text("Name,Age\nada,36\n")
    (root / "class.txt").write_text("class Foo:\n    pass\n")  # starts like a protocol-0 GLOBAL; not a pickle
    report = audit([str(root)], AuditOptions(jobs=1))
    assert not [f for f in report.findings if f.rule_id.startswith("OG-SEC")]


SAMPLES = [(s.name, s.data()) for s in (*corpus.MALICIOUS, *corpus.BENIGN_RAW)]


@pytest.mark.parametrize(("name", "data"), SAMPLES, ids=[n for n, _ in SAMPLES])
def test_head_identification_agrees_with_the_scanner(name: str, data: bytes) -> None:
    head = data[:4096]
    assert identify_head(head, len(data), name) is identify(BytesBlob(data), name, probe_tail=False)


@settings(max_examples=300, deadline=None)
@given(
    st.binary(max_size=600).map(lambda b: b.ljust(600, b"\x00") if b[:1] == b"\x00" else b),
    st.sampled_from(["x.bin", "tokenizer_config.json", "m.py", "g.pb", ""]),
    st.integers(0, 1 << 40),
)
def test_head_identification_agrees_with_the_scanner_on_any_bytes(data: bytes, name: str, extra: int) -> None:
    class Sized(BytesBlob):
        @property
        def size(self) -> int:
            return len(data) + extra

    assert identify_head(data, len(data) + extra, name) is identify(Sized(data), name, probe_tail=False)
