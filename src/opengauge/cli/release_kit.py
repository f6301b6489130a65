"""`opengauge init` (write a MOF manifest for a release) and `opengauge card` (draft a model or data card)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from opengauge.cli.common import err_console, fail, guarded, write_output
from opengauge.record import AuditReport

MANIFEST_NAME = "mof.yaml"

PathsArg = Annotated[list[str], typer.Argument(help="Folders (or hf: ids) that together make up one release.")]


def _audit(paths: list[str], name: str | None) -> AuditReport:
    from opengauge.pipeline import AuditOptions, audit  # here, not at the top: see cli/audit.py

    return guarded(lambda: audit(paths, AuditOptions(scan=False, name=name)))


def _default_manifest_path(paths: list[str]) -> Path:
    first = Path(paths[0])
    if not first.is_dir():
        fail(f"{paths[0]} is not a local folder; choose where to write the manifest with --output")
    return first / MANIFEST_NAME


def _check_writable(path: Path, force: bool) -> None:
    if path.exists() and not force:
        fail(f"{path} exists; use --force to overwrite it")
    if path.is_dir():
        fail(f"{path} is a directory")


def init_command(
    paths: PathsArg,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Where to write (default: PATH/mof.yaml).")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing manifest.")] = False,
    name: Annotated[str | None, typer.Option("--name", help="Release name (default: the first path's name).")] = None,
) -> None:
    """Write a MOF manifest (mof.yaml, MOT schema) listing the components the files show, with their licences."""
    target = output or _default_manifest_path(paths)
    _check_writable(target, force)
    report = _audit(paths, name)
    from opengauge.cards.manifest import manifest_yaml

    text = guarded(lambda: manifest_yaml(report))
    guarded(lambda: write_output(text, target))
    err_console.print(f"wrote {target}; `opengauge audit` checks it against the files")


def card_command(
    kind: Annotated[str, typer.Argument(help="model or data.")],
    paths: PathsArg,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    name: Annotated[str | None, typer.Option("--name", help="Release name (default: the first path's name).")] = None,
) -> None:
    """Draft a model or data card (Hugging Face format) from the release; unknowns are marked TODO."""
    from opengauge.cards import draft_card  # Jinja2: only for this command
    from opengauge.cards.draft import KINDS

    if kind not in KINDS:
        fail(f"unknown card kind {kind!r}; use model or data")
    if output is not None:
        _check_writable(output, force)
    report = _audit(paths, name)
    text = guarded(lambda: draft_card(report, kind))
    guarded(lambda: write_output(text, output))


def register(app: typer.Typer) -> None:
    app.command("init")(init_command)
    app.command("card")(card_command)
