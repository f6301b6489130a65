"""The command line starts without importing what only some commands need (`--help` and the small commands
should not pay for the pipeline, the frameworks, the licence engine or Jinja2)."""

from __future__ import annotations

import subprocess
import sys

HEAVY = (
    "opengauge.pipeline",
    "opengauge.inventory.content",
    "opengauge.frameworks.catalog",
    "opengauge.frameworks.mof",
    "opengauge.licenses.engine",
    "opengauge.cards",
    "jinja2",
    "cyclonedx",
    "jsonschema",
)


def test_importing_the_cli_leaves_the_heavy_modules_alone() -> None:
    code = f"import sys, opengauge.cli; print(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == []


def test_help_and_every_command_help_still_work() -> None:
    from typer.testing import CliRunner

    from opengauge.cli import app

    runner = CliRunner()
    for args in (
        ["--help"],
        ["audit", "--help"],
        ["bom", "--help"],
        ["license", "identify", "--help"],
        ["mof", "evaluate", "--help"],
        ["frameworks", "list", "--help"],
        ["init", "--help"],
        ["card", "--help"],
        ["scan", "--help"],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, (args, result.output)


def test_python_dash_m_runs_the_cli() -> None:
    from opengauge import __version__

    out = subprocess.run(
        [sys.executable, "-m", "opengauge", "--version"], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == f"opengauge {__version__}"
