"""The terminal rendering of a report (rich lives here, in the CLI, never in the library)."""

from __future__ import annotations

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from opengauge.formats.summary import STATUS_MARK, licence_cell, open_cell, verdict_line
from opengauge.record import AuditReport, ComponentStatus, Severity

_STATUS_STYLE = {
    ComponentStatus.PRESENT: "green",
    ComponentStatus.LINKED: "cyan",
    ComponentStatus.DECLARED: "yellow",
    ComponentStatus.ABSENT: "red",
    ComponentStatus.UNKNOWN: "magenta",
}
_SEVERITY_STYLE = {
    Severity.CRITICAL: "bold red",
    Severity.HIGH: "red",
    Severity.MEDIUM: "yellow",
    Severity.LOW: "cyan",
    Severity.INFO: "dim",
}


def _components(report: AuditReport, verbose: bool) -> Table:
    table = Table(title="MOF components", box=box.SIMPLE_HEAVY, title_justify="left", expand=False)
    for name in ("Component", "Status", "Licence", "Open", "Why"):
        table.add_column(name, overflow="fold")
    for c in report.components:
        why = c.reason
        if verbose and c.evidence:
            why += "".join(
                f"\n  [{ev.level.value}] {ev.location}" + (f" - {ev.excerpt}" if ev.excerpt else "")
                for ev in c.evidence[:10]
            )
        table.add_row(
            c.component,
            Text(STATUS_MARK[c.status], style=_STATUS_STYLE[c.status]),
            licence_cell(c),
            open_cell(c),
            why,
        )
    return table


def _verdicts(report: AuditReport) -> Table:
    table = Table(title="Verdicts", box=box.SIMPLE_HEAVY, title_justify="left")
    table.add_column("Framework")
    table.add_column("Verdict", overflow="fold")
    for a in report.assessments:
        table.add_row(f"{a.framework} {a.framework_version}", verdict_line(a))
        for step in a.next_steps[:8]:
            table.add_row("", Text(f"  next: {step}", style="dim"))
    return table


def _findings(report: AuditReport) -> RenderableType:
    if not report.findings:
        return Text("No findings.", style="green")
    table = Table(title=f"Findings ({len(report.findings)})", box=box.SIMPLE_HEAVY, title_justify="left")
    for name in ("Severity", "Rule", "Message", "Where"):
        table.add_column(name, overflow="fold")
    for f in report.findings:
        table.add_row(Text(f.severity.value, style=_SEVERITY_STYLE[f.severity]), f.rule_id, f.message, f.location or "")
    return table


def render_terminal(report: AuditReport, verbose: bool, console: Console) -> None:
    sources = ", ".join(s.location for s in report.release.sources)
    head = Text.assemble(
        ("Openness audit: ", "bold"),
        (report.release.name, "bold cyan"),
        f"  ({sources}; {len(report.artifacts)} files)",
    )
    console.print(Group(head, _verdicts(report), _components(report, verbose), _findings(report)))
