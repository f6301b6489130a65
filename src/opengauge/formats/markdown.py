"""The report as Markdown: verdicts, the 17 components, findings, and (verbose) the evidence."""

from __future__ import annotations

from typing import ClassVar

from opengauge.formats.interface import RenderOptions
from opengauge.formats.summary import STATUS_MARK, licence_cell, open_cell, verdict_line
from opengauge.record import AuditReport, ComponentResult


def _esc(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _verdicts(report: AuditReport) -> list[str]:
    lines = ["## Verdicts", "", "| Framework | Verdict |", "| --- | --- |"]
    lines += [f"| {a.framework} {a.framework_version} | {_esc(verdict_line(a))} |" for a in report.assessments]
    for a in report.assessments:
        if a.next_steps:
            lines += ["", f"**Next steps ({a.framework}):**", ""]
            lines += [f"- [ ] {_esc(step)}" for step in a.next_steps]
    return lines


def _components(report: AuditReport) -> list[str]:
    lines = [
        "## Components",
        "",
        "| Component | Status | Licence | Open | Why |",
        "| --- | --- | --- | --- | --- |",
    ]
    for c in report.components:
        lines.append(
            f"| {c.component} | {STATUS_MARK[c.status]} | {_esc(licence_cell(c))} | {open_cell(c)} | {_esc(c.reason)} |"
        )
    return lines


def _evidence(comp: ComponentResult) -> list[str]:
    lines = [f"### {comp.component}", ""]
    for ev in comp.evidence:
        excerpt = f": {_esc(ev.excerpt)}" if ev.excerpt else ""
        lines.append(f"- `{ev.level.value}` {ev.location} ({ev.extractor}){excerpt}")
    return [*lines, ""]


def _findings(report: AuditReport) -> list[str]:
    if not report.findings:
        return ["## Findings", "", "None."]
    lines = ["## Findings", "", "| Severity | Rule | Message | Where |", "| --- | --- | --- | --- |"]
    for f in report.findings:
        lines.append(f"| {f.severity.value} | {f.rule_id} | {_esc(f.message)} | {_esc(f.location or '')} |")
    return lines


class MarkdownFormatter:
    """Readable in a pull request, an issue or a model card appendix."""

    name: ClassVar[str] = "markdown"
    media_type: ClassVar[str] = "text/markdown"
    suffix: ClassVar[str] = ".md"

    def render(self, report: AuditReport, options: RenderOptions) -> str:
        sources = ", ".join(f"`{s.location}`" for s in report.release.sources)
        lines = [
            f"# Openness audit: {report.release.name}",
            "",
            f"Sources: {sources}  ",
            f"opengauge {report.tool_version}, {report.created}, {len(report.artifacts)} files",
        ]
        lines += ["", *_verdicts(report), "", *_components(report), "", *_findings(report), ""]
        if options.verbose:
            lines += ["## Evidence", ""]
            for comp in report.components:
                if comp.evidence:
                    lines += _evidence(comp)
        return "\n".join(lines)
