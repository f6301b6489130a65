"""The command line: thin. Parse options, call the library, render, exit 0 (clean), 1 (policy), 2 (error).

Each command group lives in its own module with a ``register(app)`` function, listed in ``COMMAND_MODULES``.
"""

from __future__ import annotations

import importlib

import typer

from opengauge import __version__

COMMAND_MODULES: tuple[str, ...] = ("audit", "mof", "license", "scan", "frameworks", "release_kit", "bom")

app = typer.Typer(
    name="opengauge",
    help="Audit how open an AI model release really is (MOF, OSAID, OSAI-Index, EU AI Act).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"opengauge {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Audit how open an AI model release really is."""


for _name in COMMAND_MODULES:
    importlib.import_module(f"opengauge.cli.{_name}").register(app)


def main() -> None:
    """Console entry point."""
    app()
