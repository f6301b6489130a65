"""Sample outputs shown in documents: a README or card that shows what the model answered holds (partial)
sample model outputs. Recognised, from the text alone:

- a transcript: a user's turn (``User:``, ``Human:``, ``Q:``, ``用户：``) followed by another speaker's turn;
- interpreter output: in a code block, a ``>>>`` call followed by what it printed;
- a prompt and a response: a heading or label ``prompt`` followed by ``response`` / ``output`` / ``completion``;
- a sentence introducing output (``... the model gives:``, ``Sampling this model ... gives:``) before a block;
- the output block of an example: a plain fenced block right after Python code that generates;
- a heading or ``<summary>`` that says ``Output``, ``Sample outputs``, ``Demo results``, ``Showcase``.
"""

from __future__ import annotations

import re

from opengauge.inventory.content._shared import evidence
from opengauge.record import Artifact, ComponentId, Evidence

EXTRACTOR = "samples"
SAMPLES = ComponentId.SAMPLE_OUTPUTS.value
MAX_TEXT = 1_000_000
CONFIDENCE = 0.5

_USER_TURN = re.compile(r"^[ \t>*_]*(?:user|human|you|用户)[ \t*_]*[:：]", re.IGNORECASE | re.MULTILINE)
_OTHER_TURN = re.compile(
    r"^[ \t>*_]*(?!user|human|you\b|用户|note|notes|source|example|http)([^\W\d_][\w .\-]{0,30})[ \t*_]*[:：]\s*\S",
    re.IGNORECASE | re.MULTILINE,
)
_REPL = re.compile(r"^>>> .*\(.*\)\s*\n(?:\s*\n)?(?!>>>|\.\.\.|```)\s*\S", re.MULTILINE)
_PROMPT_LABEL = re.compile(r"^[ \t#*_]*prompt\b[^\n]{0,40}$", re.IGNORECASE | re.MULTILINE)
_RESPONSE_LABEL = re.compile(
    r"^[ \t#*_]*(?:response|output|completion|answer|generation)s?\b[^\n]{0,40}$", re.IGNORECASE | re.MULTILINE
)
_INTRODUCES = re.compile(
    r"\b(?:model|sampl\w*|generat\w*|it|this)\b[^.\n]{0,80}\b(?:give|generate|output|produce|respond|answer|"
    r"return|repl(?:y|ie))s?(?:\s+with)?\s*:\s*\n\s*\n?\s*(?:```[^\n]*\n|~~~[^\n]*\n|>)",
    re.IGNORECASE,
)
_OUTPUT_AFTER_CODE = re.compile(
    r"```(?:python|py)\s*\n(?:(?!```).)*?(?:generate|pipeline)\((?:(?!```).)*?```\s*\n\s*```(?:text|plaintext)?\s*\n",
    re.IGNORECASE | re.DOTALL,
)
_OUTPUT_HEADING = re.compile(
    r"^(?:#{1,6}[ \t]+|[ \t]*<summary>(?:<[^>]{0,40}>)?[ \t]*)"
    r"(?:[^\n]{0,40}\b)?(?:sample outputs?|outputs?|demo results|showcase|example outputs?|completion examples?)\b",
    re.IGNORECASE | re.MULTILINE,
)


_LOG_LINE = re.compile(
    r"\b(?:tokens?|seconds?|ms|t/s|it/s|speed|latency|throughput|elapsed|memory|GiB|MiB)\b", re.IGNORECASE
)


_KEY_VALUE = re.compile(r"^\s*[\w .\-]{1,40}\s*[=:]\s*(?:[\d.,]+\s*%?)?\s*$")


def _log_like(block: str) -> bool:
    """The block a sentence introduces is timing or resource logs (``speed: 48 t/s``), not the model's output."""
    lines = [line for line in block.split("```", 1)[0].splitlines() if line.strip()][:10]
    logged = sum(1 for line in lines if _LOG_LINE.search(line) or _KEY_VALUE.match(line))
    return bool(lines) and logged * 2 >= len(lines)


def _transcript(text: str) -> bool:
    for m in _USER_TURN.finditer(text):
        window = text[m.end() : m.end() + 2000]
        if _OTHER_TURN.search(window):
            return True
    return False


def sample_kind(text: str) -> str | None:
    """What shows the model's outputs in a Markdown text, or None."""
    text = text[:MAX_TEXT]
    if _transcript(text):
        return "a conversation with the model"
    if ">>> " in text and _REPL.search(text):
        return "interpreter output of the model"
    prompt = _PROMPT_LABEL.search(text)
    if prompt and _RESPONSE_LABEL.search(text, prompt.end()):
        return "a prompt and the model's response"
    for m in _INTRODUCES.finditer(text):
        if not _log_like(text[m.end() : m.end() + 1500]):
            return "output the text introduces as the model's"
    if _OUTPUT_AFTER_CODE.search(text):
        return "the output of an example that generates"
    if _OUTPUT_HEADING.search(text):
        return "a section of outputs"
    return None


def sample_evidence(artifact: Artifact, text: str) -> tuple[Evidence, ...]:
    """Sample model outputs evidence for a Markdown text that shows some (see the module docstring)."""
    kind = sample_kind(text)
    if kind is None:
        return ()
    return (evidence(SAMPLES, artifact, EXTRACTOR, f"{artifact.name} shows {kind}", confidence=CONFIDENCE),)
