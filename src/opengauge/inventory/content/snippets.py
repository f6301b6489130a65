"""Code examples in documents: a README or card that shows how to load and run the model, or how to evaluate it,
holds (a partial form of) inference or evaluation code. Fenced Python blocks are read with the syntax tree
(never run); a block under a heading about evaluation is evaluation code, under a heading about usage,
inference or generation it is inference code. Only inference and evaluation are taken from examples: a snippet
is not a training pipeline or a data pipeline."""

from __future__ import annotations

import re

from opengauge.inventory.content._shared import evidence
from opengauge.inventory.content.python_analysis import EVAL, INFER, analyse_python
from opengauge.record import Artifact, Evidence

EXTRACTOR = "snippet"
CONFIDENCE = 0.5
MAX_BLOCKS = 200
MAX_BLOCK = 20_000

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})[ \t]*([\w+-]*)[^\n]*\n(.*?)^ {0,3}\1[ \t]*$", re.MULTILINE | re.DOTALL)
_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.{1,200}?)[ \t#]*$", re.MULTILINE)
_PROMPT = re.compile(r"^(?:>>>|\.\.\.) ?", re.MULTILINE)
_PYTHON_LANGS = frozenset({"python", "py", "python3", "ipython", "pycon", ""})
_EVAL_HEADING = re.compile(r"evaluat|benchmark|评测|测评", re.IGNORECASE)
_INFER_HEADING = re.compile(
    r"inference|usage|how\s+to\s+use|quick\s*start|get(?:ting)?\s+started|generat|demo|example|load(?:ing)?\s+the|"
    r"推理|使用|快速",
    re.IGNORECASE,
)
_CODE_HINT = re.compile(r"^\s*(?:import |from \S+ import |\w+\s*=\s*\S)", re.MULTILINE)
_ROLES = (INFER, EVAL)


def snippet_evidence(artifact: Artifact, text: str) -> tuple[Evidence, ...]:
    """Inference and evaluation evidence from the Python examples of a Markdown text (one per role)."""
    if "```" not in text and "~~~" not in text:
        return ()
    headings = [(m.start(), m.group(1)) for m in _HEADING.finditer(text)]
    found: dict[str, Evidence] = {}
    for n, m in enumerate(_FENCE.finditer(text)):
        if n >= MAX_BLOCKS or len(found) == len(_ROLES):
            break
        lang, code = m.group(2).lower(), m.group(3)[:MAX_BLOCK]
        if lang not in _PYTHON_LANGS or (not lang and not _CODE_HINT.search(code)):
            continue
        heading = next((title for start, title in reversed(headings) if start < m.start()), "")
        line = text.count("\n", 0, m.start()) + 1
        facts = analyse_python(_PROMPT.sub("", code))
        if facts.error is not None:
            continue
        reasons = {s.component: s.reason for s in facts.signals if s.component in _ROLES}
        if _EVAL_HEADING.search(heading):
            reasons.setdefault(EVAL, f"under the heading {heading!r}")
        elif _INFER_HEADING.search(heading) and "from_pretrained" in code:
            reasons.setdefault(INFER, f"loads the model, under the heading {heading!r}")
        for component, why in reasons.items():
            if component not in found:
                found[component] = evidence(
                    component,
                    artifact,
                    EXTRACTOR,
                    f"code example in {artifact.name}: {why}",
                    line=line,
                    confidence=CONFIDENCE,
                )
    return tuple(found.values())
