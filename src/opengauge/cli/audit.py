"""`opengauge audit`: audit one release made of one or more folders, files or Hub repos."""

from __future__ import annotations

import os
from pathlib import Path

import typer
from rich.console import Console

from opengauge.cli.common import EXIT_OK, EXIT_POLICY, err_console, fail, guarded, write_output
from opengauge.cli.render import render_terminal
from opengauge.formats.catalog import FORMATTERS, formatter
from opengauge.formats.interface import RenderOptions
from opengauge.record import AuditReport, Severity


class StderrObserver:
    """Shows pipeline stages on stderr when asked (-v)."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def stage(self, name: str) -> None:
        if self.enabled:
            err_console.print(f"[dim]... {name}[/]")

    def note(self, message: str) -> None:
        if self.enabled:
            err_console.print(f"[dim]{message}[/]")


def _exit_code(report: AuditReport, fail_under_class: int | None, fail_on: Severity | None) -> int:
    if fail_under_class is not None:
        mof = report.assessment("mof")
        if mof is None or (mof.mof_class or 0) == 0 or (mof.mof_class or 0) > fail_under_class:
            return EXIT_POLICY
    if fail_on is not None and any(f.severity.rank >= fail_on.rank for f in report.findings):
        return EXIT_POLICY
    return EXIT_OK


def audit_command(
    paths: list[str] = typer.Argument(
        ...,
        help="Folders, files, hf:ORG/NAME[@REV], hf-dataset:ORG/NAME or "
        "huggingface.co URLs that together make up one release.",
    ),
    fmt: str = typer.Option("table", "--format", "-f", help="table, " + ", ".join(FORMATTERS) + "."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write the report here instead of stdout."),
    framework: list[str] = typer.Option(
        [],
        "--framework",
        help="Framework(s) to grade (repeatable; default: all). See `opengauge frameworks list`.",
    ),
    mode: str = typer.Option("evidence", "--mode", help="MOF mode: evidence (files decide) or mot (MOT rules)."),
    strict: bool = typer.Option(False, "--strict", help="A licence of the wrong type fails the MOF, not warns."),
    fail_under_class: int | None = typer.Option(
        None,
        "--fail-under-class",
        min=1,
        max=3,
        help="Exit 1 unless the MOF class is this good (1 is best, 3 is the entry class).",
    ),
    fail_on: Severity | None = typer.Option(None, "--fail-on", help="Exit 1 when a finding is this severe or worse."),
    hash_files: bool = typer.Option(False, "--hash", help="Compute SHA-256 of every file (streamed, cached)."),
    offline: bool = typer.Option(
        False, "--offline", help="Hub sources from the local Hugging Face cache only (also HF_HUB_OFFLINE=1)."
    ),
    follow: bool = typer.Option(False, "--follow", help="Also fetch the Hub repos the card links to (one level)."),
    no_scan: bool = typer.Option(False, "--no-scan", help="Skip the artifact safety scan."),
    name: str | None = typer.Option(None, "--name", help="Release name (default: the first path's name)."),
    manifest: list[Path] = typer.Option(
        [],
        "--manifest",
        help="A MOF manifest (MOT YAML) to check against the files (mof.yaml at a root is always read).",
    ),
    jobs: int = typer.Option(0, "--jobs", "-j", min=0, help="Worker processes for large folders (0: one per core)."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Show evidence and pipeline stages."),
) -> None:
    """Audit a release: find each of the 17 MOF components, its licence, and grade it."""
    if mode not in {"evidence", "mot"}:
        fail(f"unknown --mode {mode!r}; use evidence or mot")
    from opengauge.pipeline import AuditOptions, audit  # here: importing it costs every other command 0.2 s

    render = None if fmt == "table" else guarded(lambda: formatter(fmt))
    options = AuditOptions(
        frameworks=tuple(framework),
        strict=strict,
        mof_mode=mode,
        hash=hash_files,
        offline=offline or os.environ.get("HF_HUB_OFFLINE", "") in {"1", "true", "TRUE", "yes"},
        follow=follow,
        token=os.environ.get("HF_TOKEN") or None,
        scan=not no_scan,
        name=name,
        manifests=tuple(manifest),
        jobs=jobs,
    )
    report = guarded(lambda: audit(paths, options, StderrObserver(verbose)))
    if render is None:
        if output is not None:
            with output.open("w", encoding="utf-8") as fh:
                render_terminal(report, verbose, Console(file=fh, width=140, color_system=None))
        else:
            render_terminal(report, verbose, Console())
    else:
        write_output(render.render(report, RenderOptions(verbose=verbose)), output)
    raise typer.Exit(_exit_code(report, fail_under_class, fail_on))


def register(app: typer.Typer) -> None:
    app.command("audit")(audit_command)
