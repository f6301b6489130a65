"""Small shared views of a report used by the human-readable formats (Markdown, terminal, HTML)."""

from __future__ import annotations

from opengauge.record import Assessment, ComponentResult, ComponentStatus

STATUS_MARK = {
    ComponentStatus.PRESENT: "present",
    ComponentStatus.LINKED: "linked",
    ComponentStatus.DECLARED: "declared",
    ComponentStatus.ABSENT: "absent",
    ComponentStatus.UNKNOWN: "unknown",
}


def licence_cell(comp: ComponentResult) -> str:
    if comp.licence is None:
        return "-" if comp.status is ComponentStatus.ABSENT else "none found"
    return comp.licence.expression if comp.licence.known else f"{comp.licence.expression} (unidentified)"


def open_cell(comp: ComponentResult) -> str:
    if comp.status is ComponentStatus.ABSENT:
        return "-"
    if comp.open_licence is None:
        return "unknown"
    if not comp.open_licence:
        return "no"
    return "yes" if comp.licence_appropriate is not False else "yes (wrong type)"


def verdict_line(a: Assessment) -> str:
    if a.framework == "mof":
        progress = a.progress or {}
        parts = ", ".join(f"Class {k}: {progress[k]:.0f}%" for k in ("3", "2", "1") if k in progress)
        return f"{a.label} ({a.mode} mode; {parts})"
    score = f", score {a.score:.2f}" if a.score is not None else ""
    return f"{a.verdict}{score}" + (f" - {a.label}" if a.label and a.label != a.verdict else "")
