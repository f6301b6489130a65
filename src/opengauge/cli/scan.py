"""`opengauge scan`: the static artifact safety scanner (never loads anything). Exit 0 clean, 1 unsafe,
2 inconclusive (parse error, cap hit, unsupported format, nothing scanned) or usage error."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from opengauge import __version__
from opengauge.cli.common import fail, guarded, write_output
from opengauge.formats.sarif import findings_to_sarif
from opengauge.record import Severity
from opengauge.security import ScanOptions, ScanResult, scan_paths
from opengauge.security.suppress import load_suppressions

_FORMATS = ("text", "json", "sarif")
_STYLE = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "cyan", "info": "dim"}


def _json(result: ScanResult) -> str:
    doc = {
        "tool": {"name": "opengauge", "version": __version__},
        "exit_code": result.exit_code,
        "findings": [dataclasses.asdict(f) for f in result.findings],
        "suppressed": [dataclasses.asdict(f) for f in result.suppressed],
        "inconclusive": [dataclasses.asdict(i) for i in result.inconclusive],
        "files_scanned": list(result.files_scanned),
        "skipped": list(result.skipped),
    }
    return json.dumps(doc, indent=2, default=str) + "\n"


def _text(result: ScanResult, console: Console, verbose: bool) -> None:
    if result.findings:
        table = Table(show_header=True, header_style="bold", expand=False)
        for col in ("severity", "rule", "location", "message"):
            table.add_column(col, overflow="fold")
        for f in sorted(result.findings, key=lambda f: -f.severity.rank):
            msg = f.message + (f" [dim]({f.evidence})[/]" if f.evidence else "")
            table.add_row(f"[{_STYLE[f.severity.value]}]{f.severity.value}[/]", f.rule_id, f.location or "", msg)
        console.print(table)
    if verbose:
        for item in result.files_scanned:
            console.print(f"[dim]scanned[/] {item}")
        for item in result.skipped:
            console.print(f"[dim]skipped (not a model/code format)[/] {item}")
    verdict = {0: "[green]clean[/]", 1: "[bold red]UNSAFE[/]", 2: "[yellow]inconclusive[/]"}[result.exit_code]
    console.print(
        f"{verdict}: {len(result.files_scanned)} scanned, {len(result.unsafe)} failing the gate, "
        f"{len(result.inconclusive)} inconclusive, {len(result.suppressed)} suppressed"
    )


def scan_command(
    paths: list[Path] = typer.Argument(..., help="Files or folders to scan (formats are found by magic bytes)."),
    fmt: str = typer.Option("text", "--format", "-f", help="text, json or sarif."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write the report here instead of stdout."),
    fail_on: Severity = typer.Option(Severity.MEDIUM, "--fail-on", help="Lowest severity that fails the gate."),
    suppressions: Path | None = typer.Option(
        None, "--suppressions", help="YAML file of suppressions (rule, location glob, match, reason)."
    ),
    allow: list[str] = typer.Option([], "--allow", help="Also allow this pickle global (module.name)."),
    max_opcodes: int = typer.Option(ScanOptions().max_opcodes, "--max-opcodes", min=1),
    max_members: int = typer.Option(ScanOptions().max_members, "--max-members", min=1),
    max_depth: int = typer.Option(ScanOptions().max_depth, "--max-depth", min=0),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="List every file scanned or skipped."),
) -> None:
    """Scan model artifacts and release code for unsafe content, statically."""
    if fmt not in _FORMATS:
        fail(f"unknown --format {fmt!r}; use one of {', '.join(_FORMATS)}")
    sup = guarded(lambda: load_suppressions(suppressions)) if suppressions is not None else ()
    options = ScanOptions(
        fail_on=fail_on,
        max_opcodes=max_opcodes,
        max_members=max_members,
        max_depth=max_depth,
        extra_allow=tuple(allow),
        suppressions=sup,
    )
    result = guarded(lambda: scan_paths(list(paths), options))
    if fmt == "sarif":
        write_output(findings_to_sarif(result.findings, __version__), output)
    elif fmt == "json":
        write_output(_json(result), output)
    elif output is not None:
        with output.open("w", encoding="utf-8") as fh:
            _text(result, Console(file=fh, width=160, color_system=None), verbose)
    else:
        _text(result, Console(), verbose)
    raise typer.Exit(result.exit_code)


def register(app: typer.Typer) -> None:
    app.command("scan")(scan_command)
