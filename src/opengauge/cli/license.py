"""`opengauge license`: identify licences in files and explain what a licence allows."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from opengauge.cli.common import fail, guarded, renderable_text, write_output
from opengauge.licenses.files import FileStatus, LicenceFileText, read_licence_file
from opengauge.record import ContentType, Licence

if TYPE_CHECKING:
    from opengauge.licenses.explain import Explanation
    from opengauge.licenses.interface import LicenceEngine

FORMATS = ("table", "json")
MAX_FILES = 2000
_LICENCE_NAMES = ("license", "licence", "copying", "notice", "unlicense", "copyright")

license_app = typer.Typer(
    name="license",
    help="Identify licences from their text (AI licences included) and explain their restrictions.",
    no_args_is_help=True,
)


def _candidates(paths: list[Path]) -> list[Path]:
    """The files to look at: each file given, and licence-named files inside each folder given."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                if child.is_file() and any(n in child.name.lower() for n in _LICENCE_NAMES):
                    out.append(child)
                if len(out) >= MAX_FILES:
                    break
        elif p.exists():
            out.append(p)
        else:
            fail(f"no such file or folder: {p}")
    return out[:MAX_FILES]


def _engine() -> LicenceEngine:
    """The licence engine, imported on first use (at the top it would cost every command 60 ms)."""
    from opengauge.licenses.engine import default_engine

    return default_engine()


def _licence_json(lic: Licence) -> dict[str, Any]:
    eng = _engine()
    return {
        "expression": lic.expression,
        "name": lic.name,
        "identified_by": lic.identified_by.value,
        "confidence": lic.confidence,
        "family": lic.family.value,
        "location": lic.location,
        "restrictions": [{"flag": r.flag, "note": r.note, "clause": r.clause} for r in lic.restrictions],
        "openness": {
            ct.value: {"open": o.open, "appropriate": o.appropriate, "reason": o.reason}
            for ct in ContentType
            for o in (eng.openness(lic, ct),)
        },
    }


def _identify(paths: list[Path]) -> list[tuple[Path, LicenceFileText, list[Licence]]]:
    eng = _engine()
    out: list[tuple[Path, LicenceFileText, list[Licence]]] = []
    for path in _candidates(paths):
        read = read_licence_file(path)
        found = eng.identify_text(read.text, str(path)) if read.text else []
        out.append((path, read, found))
    return out


def _status(read: LicenceFileText) -> str:
    return read.status.value + (f" ({read.detail})" if read.detail else "")


def _identify_table(results: list[tuple[Path, LicenceFileText, list[Licence]]]) -> str:
    table = Table(title="Licences identified")
    for heading in ("File", "Read", "Licence", "Method", "Conf.", "Family", "Restrictions"):
        table.add_column(heading, overflow="fold", no_wrap=heading in ("Licence", "Method", "Conf.", "Family"))
    for path, read, found in results:
        if read.status not in (FileStatus.TEXT, FileStatus.NOT_UTF8):
            table.add_row(str(path), _status(read), "-", "", "", "", "")
            continue
        if not found:
            table.add_row(str(path), _status(read), "unidentified", "none", "0", "unknown", "")
        for i, lic in enumerate(found):
            table.add_row(
                str(path) if i == 0 else "",
                _status(read) if i == 0 else "",
                lic.expression,
                lic.identified_by.value,
                f"{lic.confidence:.2f}",
                lic.family.value,
                ", ".join(r.flag for r in lic.restrictions),
            )
    return renderable_text(table)


@license_app.command("identify")
def identify_command(
    paths: Annotated[list[Path], typer.Argument(help="Licence files, or folders to search for them.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
) -> None:
    """Identify the licence(s) in each file: SPDX texts, AI licences by fingerprint, SPDX headers."""
    if fmt not in FORMATS:
        fail(f"unknown format {fmt!r}; known: {', '.join(FORMATS)}")
    results = guarded(lambda: _identify(paths))
    if fmt == "json":
        doc = {
            "data_version": _engine().data_version,
            "files": [
                {
                    "path": str(path),
                    "status": read.status.value,
                    "detail": read.detail or None,
                    "size": read.size,
                    "truncated": read.truncated,
                    "licences": [_licence_json(lic) for lic in found],
                }
                for path, read, found in results
            ],
        }
        text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    else:
        text = _identify_table(results)
    guarded(lambda: write_output(text, output))


def _explain_text(ex: Explanation) -> str:
    lic = ex.licence
    lines = [
        f"{lic.expression}: {lic.name or ''}".rstrip(": "),
        f"  family:      {lic.family.value}",
        f"  source:      {ex.source}",
    ]
    if ex.url:
        lines.append(f"  url:         {ex.url}")
    if ex.hf_tags:
        lines.append(f"  HF tags:     {', '.join(ex.hf_tags)}")
    lines.append(f"  OSI:         {'yes' if ex.osi_approved else 'no'}; FSF-libre: {'yes' if ex.fsf_libre else 'no'}")
    lines.append("  restrictions:" + ("" if lic.restrictions else " none known"))
    lines.extend(f"    - {r.flag}: {r.note}" for r in lic.restrictions)
    lines.append("  openness:")
    for ct, o in ex.openness:
        verdict = {True: "open", False: "not open", None: "unknown"}[o.open]
        fit = "" if o.open is not True else (" (type-appropriate)" if o.appropriate else " (not type-appropriate)")
        lines.append(f"    {ct.value:<9} {verdict}{fit}: {o.reason}")
    return "\n".join(lines) + "\n"


@license_app.command("explain")
def explain_command(
    licence_id: Annotated[str, typer.Argument(metavar="ID", help="SPDX id, LicenseRef id, HF tag or expression.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
) -> None:
    """Explain a licence: restrictions, openness per content type, where the facts come from."""
    if fmt not in ("text", "json", "table"):
        fail(f"unknown format {fmt!r}; known: text, json")
    from opengauge.licenses.explain import explain

    ex = guarded(lambda: explain(licence_id))
    if ex is None:
        fail(f"unknown licence {licence_id!r}: not an SPDX id, a knowledge-base id or a Hugging Face tag")
    if fmt == "json":
        doc = {
            "query": ex.query,
            **_licence_json(ex.licence),
            "url": ex.url,
            "source": ex.source,
            "hf_tags": list(ex.hf_tags),
            "osi_approved": ex.osi_approved,
            "fsf_libre": ex.fsf_libre,
        }
        write_output(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", None)
    else:
        write_output(_explain_text(ex), None)


def register(app: typer.Typer) -> None:
    """Add the ``license`` command group to the main app."""
    app.add_typer(license_app, name="license")
