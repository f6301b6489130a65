"""`opengauge bom`: an AI bill of materials (CycloneDX 1.6 / 1.7 ML-BOM or SPDX 3.0.1) of one release."""

from __future__ import annotations

import os
from pathlib import Path

import typer

from opengauge.cli.common import EXIT_OK, fail, guarded, write_output
from opengauge.record import AuditReport

BOM_FORMATS = ("cyclonedx", "spdx3")
SPEC_VERSIONS = ("1.6", "1.7")  # kept equal to formats.cyclonedx.SPEC_VERSIONS (tested)


def _render(report: AuditReport, fmt: str, spec_version: str, reproducible: bool) -> str:
    # imported here: the BOM libraries take seconds to import, which other commands should not pay
    if fmt == "cyclonedx":
        from opengauge.formats.cyclonedx import render_cyclonedx

        return render_cyclonedx(report, spec_version, reproducible=reproducible)
    from opengauge.formats.spdx3 import render_spdx3

    return render_spdx3(report, reproducible=reproducible)


def bom_command(
    paths: list[str] = typer.Argument(
        ..., help="Folders, files, hf:ORG/NAME[@REV] or huggingface.co URLs that together make up one release."
    ),
    fmt: str = typer.Option("cyclonedx", "--format", "-f", help="cyclonedx (ML-BOM) or spdx3 (AI + Dataset)."),
    spec_version: str = typer.Option("1.6", "--spec-version", help="CycloneDX version: 1.6 or 1.7."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write the BOM here instead of stdout."),
    name: str | None = typer.Option(None, "--name", help="Release name (default: the first path's name)."),
    offline: bool = typer.Option(
        False, "--offline", help="Hub sources from the local Hugging Face cache only (also HF_HUB_OFFLINE=1)."
    ),
    reproducible: bool = typer.Option(
        False, "--reproducible", help="Derive timestamps, serial numbers and ids from the report (for diffs)."
    ),
) -> None:
    """Write an AI bill of materials of a release: model, datasets, weights with SHA-256, licences, lineage."""
    if fmt not in BOM_FORMATS:
        fail(f"unknown BOM format {fmt!r}; use {' or '.join(BOM_FORMATS)}")
    if spec_version not in SPEC_VERSIONS:
        fail(f"unknown CycloneDX version {spec_version!r}; use {' or '.join(SPEC_VERSIONS)}")
    from opengauge.pipeline import AuditOptions, audit  # here, not at the top: see cli/audit.py

    options = AuditOptions(
        hash=True,
        scan=False,
        name=name,
        offline=offline or os.environ.get("HF_HUB_OFFLINE", "") in {"1", "true", "TRUE", "yes"},
        token=os.environ.get("HF_TOKEN") or None,
    )
    report = guarded(lambda: audit(paths, options))
    write_output(guarded(lambda: _render(report, fmt, spec_version, reproducible)), output)
    raise typer.Exit(EXIT_OK)


def register(app: typer.Typer) -> None:
    app.command("bom")(bom_command)
