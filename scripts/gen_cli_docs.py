"""Generate docs/cli.md from the CLI itself, so the reference never drifts.

.venv/bin/python scripts/gen_cli_docs.py          # rewrite docs/cli.md
.venv/bin/python scripts/gen_cli_docs.py --check  # exit 1 if docs/cli.md is stale (the tests do this)
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import typer

DOC = Path(__file__).resolve().parents[1] / "docs" / "cli.md"


def _walk(cmd: Any, path: list[str]) -> list[tuple[list[str], Any]]:
    out = [(path, cmd)]
    commands = getattr(cmd, "commands", None)
    if commands:
        for name in sorted(commands):
            out.extend(_walk(cmd.commands[name], [*path, name]))
    return out


def render() -> str:
    os.environ["COLUMNS"] = "100"
    os.environ["NO_COLOR"] = "1"
    os.environ["TERM"] = "dumb"
    os.environ["TYPER_USE_RICH"] = "0"  # plain click help text: stable across terminals
    from opengauge.cli import app

    root = typer.main.get_command(app)
    parts = [
        "# CLI reference",
        "",
        "Generated from the CLI by `scripts/gen_cli_docs.py`; do not edit by hand.",
        "",
    ]
    for path, cmd in _walk(root, ["opengauge"]):
        with cmd.make_context(" ".join(path), [], resilient_parsing=True) as ctx:
            ctx.terminal_width = ctx.max_content_width = 100
            text = cmd.get_help(ctx)
        parts += [f"## `{' '.join(path)}`", "", "```text", text.rstrip(), "```", ""]
    return "\n".join(parts)


def main() -> int:
    if os.environ.get("TYPER_USE_RICH") != "0":
        # typer reads the switch at import time: re-run this script with it set
        env = {**os.environ, "TYPER_USE_RICH": "0"}
        return subprocess.call([sys.executable, __file__, *sys.argv[1:]], env=env)
    text = render()
    if "--check" in sys.argv:
        current = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
        if current != text:
            print("docs/cli.md is stale: run .venv/bin/python scripts/gen_cli_docs.py", file=sys.stderr)
            return 1
        return 0
    DOC.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
