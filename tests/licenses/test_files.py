from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from opengauge.licenses.files import MAX_BYTES, FileStatus, decode, read_licence_file


def test_plain_utf8(tmp_path: Path) -> None:
    p = tmp_path / "LICENSE"
    p.write_text("MIT License\n\nCopyright \u00a9 us\n", encoding="utf-8")
    r = read_licence_file(p)
    assert r.status is FileStatus.TEXT and r.text is not None and "MIT" in r.text and not r.truncated


def test_binary_is_reported_not_decoded(tmp_path: Path) -> None:
    p = tmp_path / "LICENSE"
    p.write_bytes(b"\x7fELF\x00\x01\x02" + bytes(range(256)) * 10)
    r = read_licence_file(p)
    assert r.status is FileStatus.BINARY and r.text is None


def test_non_utf8_is_read_as_latin1(tmp_path: Path) -> None:
    p = tmp_path / "LICENSE"
    p.write_bytes("Licence accord\u00e9e \u00e0 tous".encode("latin-1"))
    r = read_licence_file(p)
    assert r.status is FileStatus.NOT_UTF8
    assert r.text == "Licence accord\u00e9e \u00e0 tous"


def test_utf16_with_bom(tmp_path: Path) -> None:
    p = tmp_path / "LICENSE"
    p.write_bytes("\ufeffMIT License".encode("utf-16-le"))
    r = read_licence_file(p)
    assert r.status is FileStatus.TEXT and r.text is not None and r.text.endswith("MIT License")


def test_huge_file_is_read_bounded(tmp_path: Path) -> None:
    p = tmp_path / "LICENSE"
    with p.open("wb") as fh:
        fh.write(b"Apache License Version 2.0 " * 10)
        fh.truncate(100 * 1024 * 1024)  # sparse: 100 MB without writing it
    r = read_licence_file(p)
    assert r.size == 100 * 1024 * 1024
    assert r.truncated
    # the sparse tail is NUL bytes from byte 270 on, inside the first 8 KiB: binary
    assert r.status is FileStatus.BINARY and r.text is None


def test_huge_text_file_is_truncated(tmp_path: Path) -> None:
    p = tmp_path / "LICENSE"
    p.write_bytes(b"word " * (MAX_BYTES // 5 + 1000))
    r = read_licence_file(p)
    assert r.status is FileStatus.TEXT and r.truncated and r.text is not None
    assert len(r.text) <= MAX_BYTES


def test_empty_and_missing(tmp_path: Path) -> None:
    p = tmp_path / "LICENSE"
    p.write_bytes(b"")
    assert read_licence_file(p).status is FileStatus.EMPTY
    assert read_licence_file(tmp_path / "nope").status is FileStatus.UNREADABLE
    assert read_licence_file(tmp_path).status is FileStatus.UNREADABLE


def test_utf8_cut_at_the_limit_is_still_utf8() -> None:
    data = ("x" * 10 + "\u00e9").encode("utf-8")[:-1]
    r = decode(data, size=100)
    assert r.status is FileStatus.TEXT and r.text == "x" * 10


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_decode_never_fails(data: bytes) -> None:
    r = decode(data)
    assert r.status in set(FileStatus)
    assert (r.text is None) == (r.status in (FileStatus.BINARY, FileStatus.EMPTY))
