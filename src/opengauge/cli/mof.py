"""`opengauge mof`: Model Openness Framework commands (classify MOT records as the MOT does)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from opengauge.cli.common import fail, guarded, renderable_text, write_output
from opengauge.record import Assessment

if TYPE_CHECKING:
    from opengauge.frameworks.mot_record import MotRecord

FORMATS = ("table", "json")

mof_app = typer.Typer(
    name="mof",
    help="Model Openness Framework: classify MOT records exactly as the Model Openness Tool does.",
    no_args_is_help=True,
)


def _evaluate_all(files: list[Path]) -> list[tuple[Path, MotRecord, Assessment]]:
    from opengauge.frameworks.mof import evaluate_mot  # here: at the top it would cost every command
    from opengauge.frameworks.mot_record import load_mot_record

    out: list[tuple[Path, MotRecord, Assessment]] = []
    for path in files:
        record = load_mot_record(path)
        out.append((path, record, evaluate_mot(record)))
    return out


def _as_api(path: Path, record: MotRecord, result: Assessment) -> dict[str, Any]:
    """One result shaped like a record of the MOT's REST API, plus the file it came from."""
    return {
        "file": str(path),
        "framework": {"name": record.framework.name, "version": record.framework.version},
        "release": {"name": record.release.name},
        "classification": {
            "class": result.mof_class,
            "label": result.label,
            "progress": dict(result.progress or {}),
        },
    }


def _percent(value: float) -> str:
    return f"{value:.0f}%" if value == int(value) else f"{value:.1f}%"


def _table(results: list[tuple[Path, MotRecord, Assessment]]) -> str:
    table = Table(title="Model Openness Framework (MOT rules)")
    for heading in ("Release", "Class", "Class III", "Class II", "Class I", "File"):
        table.add_column(heading, overflow="fold")
    for path, record, result in results:
        progress = result.progress or {}
        table.add_row(
            record.release.name,
            result.label or "",
            *(_percent(progress.get(key, 0.0)) for key in ("3", "2", "1")),
            path.name,
        )
    return renderable_text(table, width=140)


@mof_app.command("evaluate")
def evaluate_command(
    files: Annotated[list[Path], typer.Argument(help="MOT model records (YAML, as in the MOT's models/ folder).")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json (MOT API-shaped records).")] = "table",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
) -> None:
    """Classify MOT records: class, label and per-class progress, as the Model Openness Tool computes them."""
    if fmt not in FORMATS:
        fail(f"unknown format {fmt!r}; known: {', '.join(FORMATS)}")
    results = guarded(lambda: _evaluate_all(files))
    if fmt == "json":
        text = json.dumps([_as_api(*r) for r in results], indent=2, ensure_ascii=False) + "\n"
    else:
        text = _table(results)
    guarded(lambda: write_output(text, output))


def register(app: typer.Typer) -> None:
    """Add the ``mof`` command group to the main app."""
    app.add_typer(mof_app, name="mof")
