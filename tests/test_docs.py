"""The CLI reference in docs/ is generated from the CLI; this fails when someone changes one without the other."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_cli_reference_is_current() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_cli_docs.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr + " (run: .venv/bin/python scripts/gen_cli_docs.py)"


def test_readme_commands_name_files_that_exist() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "bash scripts/test" in readme and (ROOT / "scripts" / "test").exists()
    for example in ("examples/open-reference", "examples/open-weights-only"):
        assert example in readme and (ROOT / example).is_dir()
    assert "scripts/test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
