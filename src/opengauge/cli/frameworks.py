"""`opengauge frameworks`: list the openness frameworks, and grade MOT records under any of them."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from opengauge.cli.common import fail, guarded, renderable_text, write_output
from opengauge.formats.jsonable import to_jsonable
from opengauge.record import Assessment, AuditReport

# The frameworks are imported where they are used: at the top they would cost every command 0.1 s of start-up.

FORMATS = ("table", "json")

frameworks_app = typer.Typer(
    name="frameworks",
    help="Openness frameworks: list them, or grade MOT records under them (--from-mof).",
    invoke_without_command=True,
)

_FROM_MOF = typer.Option("--from-mof", help="MOT model records (YAML) to convert and grade.")
_FRAMEWORK = typer.Option("--framework", help="Framework id (repeatable; default: all).")
_FORMAT = typer.Option("--format", "-f", help="table or json.")
_OUTPUT = typer.Option("--output", "-o", help="Write here instead of stdout.")


def _first_line(doc: str | None) -> str:
    return (doc or "").strip().splitlines()[0] if doc and doc.strip() else ""


def _rows() -> list[dict[str, str]]:
    from opengauge.frameworks.catalog import FRAMEWORKS

    return [
        {"id": f.id, "name": f.name, "version": f.version, "url": f.url, "about": _first_line(f.__doc__)}
        for f in FRAMEWORKS
    ]


def _render(table: Table) -> str:
    return renderable_text(table)


def _list_table() -> str:
    table = Table(title="Openness frameworks")
    for heading in ("Id", "Name", "Version", "URL", "About"):
        table.add_column(heading, overflow="fold")
    for row in _rows():
        table.add_row(row["id"], row["name"], row["version"], row["url"], row["about"])
    return _render(table)


@frameworks_app.command("list")
def list_command(fmt: Annotated[str, _FORMAT] = "table") -> None:
    """List the frameworks: id, name, version, url and what each grades."""
    if fmt not in FORMATS:
        fail(f"unknown format {fmt!r}; known: {', '.join(FORMATS)}")
    text = json.dumps(_rows(), indent=2) + "\n" if fmt == "json" else _list_table()
    write_output(text, None)


def _assess(files: list[Path], ids: list[str]) -> list[tuple[Path, AuditReport]]:
    from opengauge.frameworks.catalog import select
    from opengauge.frameworks.from_mof import mot_record_to_report
    from opengauge.frameworks.interface import FrameworkOptions
    from opengauge.frameworks.mof import FRAMEWORK_ID as MOF_ID
    from opengauge.frameworks.mof import evaluate_mot
    from opengauge.frameworks.mot_record import load_mot_record

    frameworks = select(ids)
    options = FrameworkOptions(mof_mode="mot")
    out: list[tuple[Path, AuditReport]] = []
    for path in files:
        record = load_mot_record(path)
        report = mot_record_to_report(record)
        # MOF grades the record itself, exactly as the MOT does; the others grade its declared evidence.
        assessed = tuple(evaluate_mot(record) if fw.id == MOF_ID else fw.assess(report, options) for fw in frameworks)
        out.append((path, replace(report, assessments=assessed)))
    return out


def _verdict(a: Assessment) -> str:
    head = a.label or a.verdict
    return f"{head} (score {a.score:.2f})" if a.score is not None else head


def _assess_table(results: list[tuple[Path, AuditReport]]) -> str:
    parts: list[str] = []
    for path, report in results:
        table = Table(title=f"{report.release.name} ({path.name})", title_justify="left")
        for heading in ("Framework", "Criterion", "Grade", "By", "Reason"):
            table.add_column(heading, overflow="fold")
        for a in report.assessments:
            table.add_row(f"{a.framework} {a.framework_version}", "VERDICT", a.verdict, "", _verdict(a))
            for c in a.criteria:
                table.add_row("", c.name, c.grade.value, c.judged_by, c.reason)
        parts.append(_render(table))
    return "".join(parts)


def _assess_json(results: list[tuple[Path, AuditReport]]) -> str:
    items = [
        {
            "file": str(path),
            "release": {"name": report.release.name},
            "assessments": [to_jsonable(a) for a in report.assessments],
        }
        for path, report in results
    ]
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"


def _run_assess(files: list[Path], ids: list[str], fmt: str, output: Path | None) -> None:
    if fmt not in FORMATS:
        fail(f"unknown format {fmt!r}; known: {', '.join(FORMATS)}")
    if not files:
        fail("give at least one MOT record with --from-mof FILE.yml")
    results = guarded(lambda: _assess(files, ids))
    text = _assess_json(results) if fmt == "json" else _assess_table(results)
    guarded(lambda: write_output(text, output))


@frameworks_app.command("assess")
def assess_command(
    from_mof: Annotated[list[Path], _FROM_MOF],
    framework: Annotated[list[str] | None, _FRAMEWORK] = None,
    fmt: Annotated[str, _FORMAT] = "table",
    output: Annotated[Path | None, _OUTPUT] = None,
) -> None:
    """Grade MOT records (converted to audits of declared evidence) under the chosen frameworks."""
    _run_assess(from_mof, framework or [], fmt, output)


@frameworks_app.callback()
def frameworks_root(
    ctx: typer.Context,
    from_mof: Annotated[list[Path] | None, _FROM_MOF] = None,
    framework: Annotated[list[str] | None, _FRAMEWORK] = None,
    fmt: Annotated[str, _FORMAT] = "table",
    output: Annotated[Path | None, _OUTPUT] = None,
) -> None:
    """Openness frameworks. Without a sub-command: ``--from-mof FILE`` grades, nothing lists the frameworks."""
    if ctx.invoked_subcommand is not None:
        if from_mof:
            fail("--from-mof goes after the sub-command, or use it without one")
        return
    if from_mof:
        _run_assess(from_mof, framework or [], fmt, output)
    else:
        list_command(fmt)


def register(app: typer.Typer) -> None:
    """Add the ``frameworks`` command group to the main app."""
    app.add_typer(frameworks_app, name="frameworks")
