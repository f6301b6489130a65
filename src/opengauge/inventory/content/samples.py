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
    r"\b(?:model|sampl\w*|generat\w*|it|this)\b[^.\n]{0,80}\b(?:gives|generates|outputs|produces|responds|answers|"
    r"returns|replies)(?:\s+with)?\s*:\s*\n\s*\n?\s*(?:```|~~~|>)",
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
    if _INTRODUCES.search(text):
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
