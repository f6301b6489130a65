"""Helpers shared by CLI commands: error handling, output writing, exit codes."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn, TypeVar

import typer
from rich.console import Console, RenderableType

from opengauge.errors import OpenGaugeError

EXIT_OK = 0
EXIT_POLICY = 1
EXIT_ERROR = 2

T = TypeVar("T")

err_console = Console(stderr=True, highlight=False, soft_wrap=True)


def fail(message: str, code: int = EXIT_ERROR) -> NoReturn:
    """Print one line to stderr and exit."""
    err_console.print(f"[bold red]error:[/] {message}", markup=True)
    raise typer.Exit(code)


def guarded(fn: Callable[[], T]) -> T:
    """Run ``fn``; turn our typed errors (and OS errors) into a one-line message and exit 2."""
    try:
        return fn()
    except OpenGaugeError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"{exc.strerror or exc}: {exc.filename}" if exc.filename else str(exc))


def renderable_text(renderable: RenderableType, width: int = 160) -> str:
    """A rich table (or any renderable) as plain text, for stdout or a file."""
    buffer = io.StringIO()
    Console(file=buffer, width=width, color_system=None, soft_wrap=False).print(renderable)
    return buffer.getvalue()


def write_output(text: str | bytes, output: Path | None) -> None:
    """Write to ``output`` or stdout."""
    if output is None:
        if isinstance(text, bytes):
            sys.stdout.buffer.write(text)
        else:
            sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        output.write_bytes(text)
    else:
        output.write_text(text, encoding="utf-8")
