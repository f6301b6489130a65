from __future__ import annotations

import os
from pathlib import Path

import pytest

from opengauge.errors import SourceError
from opengauge.record import Artifact
from opengauge.sources.interface import WalkProblem
from opengauge.sources.local import LocalSource


def _walk(root: Path) -> tuple[list[Artifact], list[WalkProblem]]:
    items = list(LocalSource(root, "s1").walk())
    return [i for i in items if isinstance(i, Artifact)], [i for i in items if isinstance(i, WalkProblem)]


def test_walk_lists_files_in_stable_order_and_skips_git(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("b")
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.py").write_text("x = 1")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config").write_text("[core]")
    arts, problems = _walk(tmp_path)
    assert [a.path for a in arts] == ["a/x.py", "b.txt"]
    assert arts[0].size == 5 and arts[0].source_id == "s1"
    assert problems == []


def test_symlink_out_of_the_folder_is_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("no")
    root = tmp_path / "root"
    root.mkdir()
    (root / "link").symlink_to(outside)
    (root / "filelink").symlink_to(outside / "secret.txt")
    arts, problems = _walk(root)
    assert arts == []
    assert {p.path for p in problems} == {"link", "filelink"}
    assert all("outside" in p.message for p in problems)


def test_symlink_inside_is_followed_once_and_loops_end(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "f.txt").write_text("f")
    (tmp_path / "d" / "loop").symlink_to(tmp_path / "d")
    (tmp_path / "alias.txt").symlink_to(tmp_path / "d" / "f.txt")
    arts, _ = _walk(tmp_path)
    assert sorted(a.path for a in arts) == ["alias.txt", "d/f.txt"]


def test_broken_link_and_fifo_become_problems(tmp_path: Path) -> None:
    (tmp_path / "gone").symlink_to(tmp_path / "nowhere")
    os.mkfifo(tmp_path / "pipe")
    arts, problems = _walk(tmp_path)
    assert arts == []
    assert {p.path: p.rule_id for p in problems} == {"gone": "OG-SRC-003", "pipe": "OG-SRC-005"}


def test_read_is_bounded_and_cannot_escape(tmp_path: Path) -> None:
    (tmp_path / "f.bin").write_bytes(b"0123456789")
    src = LocalSource(tmp_path, "s1")
    assert src.read("f.bin", 2, 3) == b"234"
    with pytest.raises(PermissionError):
        src.read("../etc/passwd", 0, 10)


def test_single_file_source(tmp_path: Path) -> None:
    f = tmp_path / "paper.pdf"
    f.write_bytes(b"%PDF-1.7")
    src = LocalSource(f, "s2")
    arts = [a for a in src.walk() if isinstance(a, Artifact)]
    assert [a.path for a in arts] == ["paper.pdf"]
    assert src.read("paper.pdf", 0, 4) == b"%PDF"


def test_missing_root_is_a_typed_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such file"):
        LocalSource(tmp_path / "missing", "s1")


def test_huge_sparse_file_is_listed_without_reading(tmp_path: Path) -> None:
    big = tmp_path / "huge.bin"
    with big.open("wb") as fh:
        fh.truncate(50 * 1024**3)
    arts, _ = _walk(tmp_path)
    assert arts[0].size == 50 * 1024**3
