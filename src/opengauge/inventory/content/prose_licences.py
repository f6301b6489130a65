"""Licences stated in prose: "The model weights are released under the Apache 2.0 license", "All code in this
repository is licensed under MIT", "StableLM-Tuned-Alpha is licensed under CC BY-NC-SA-4.0". Each statement is a
``declared`` licence of what it names (code, weights, data, or all of them), with the sentence quoted; the licence
name is resolved later, like a card tag. Nothing here is a licence text: it is what the release says."""

from __future__ import annotations

import re

from opengauge.inventory.content._shared import clip
from opengauge.inventory.interface import LicenceDeclaration, ProseScope
from opengauge.record import Artifact, ArtifactKind

MAX_TEXT = 500_000
MAX_STATEMENTS = 20
MAX_SUBJECT = 160
HOW = "prose"

#: "<subject> ... (is|are) (licensed|released|distributed|available|made available) under (the)? <licence>"
_STATEMENT = re.compile(
    r"\b(?:is|are|were|was|be|been)\s+(?:also\s+|both\s+|fully\s+|all\s+|permissively\s+)?"
    r"(?:(?:licen[cs]ed|released|distributed|available|made\s+available|provided|published|open[- ]?sourced)"
    r"(?:\s+\w+){0,2}?\s+under|subject\s+to)\s+(?:the\s+(?:terms\s+of\s+(?:the\s+)?)?)?"
    r"(?P<licence>(?:[^.,;:\n()\[\]。]|\.(?=\d)){2,80}?)"
    r"(?=\s*(?:\.(?!\d)|[,;:\n()\[\]。]|\s+(?:and|for|with|which|that|unless|except|while|but|in-line)\b|$))",
    re.IGNORECASE,
)
#: "<subject> is (also) CC BY NC 4.0": a licence id said to be what something is.
_IS_LICENCE = re.compile(
    r"\b(?:is|are)\s+(?:also\s+)?(?:licen[cs]ed\s+)?"
    r"(?P<licence>(?:CC[- ]BY|CC0|Apache|MIT\b|BSD|GPL|LGPL|AGPL|MPL|OpenRAIL|Llama\s*\d)"
    r"(?:[\w\-]|\s(?=[\w\-])|\.(?=\d)){0,30})",
)
#: "<subject> is (intended and licensed) for research use only": a restriction stated without naming a licence.
_RESEARCH_ONLY = re.compile(
    r"\b(?:is|are)\s+(?:intended\s+(?:and\s+licen[cs]ed\s+)?|licen[cs]ed\s+|solely\s+)?"
    r"for\s+(?P<licence>(?:non-?commercial|research)\s+(?:use|purposes)\s+only)",
    re.IGNORECASE,
)
_WEIGHTS = re.compile(r"\b(?:weights?|models?|checkpoints?|parameters|variants?)\b", re.IGNORECASE)
_CODE = re.compile(r"\b(?:code|source|repository|repo|software|scripts?|codebase|framework)\b", re.IGNORECASE)
_DATA = re.compile(r"\b(?:data|datasets?|corpus|corpora)\b", re.IGNORECASE)
_ALL = re.compile(
    r"\b(?:all\s+(?:materials|artifacts|assets|content)|everything|this\s+(?:work|project|release))\b", re.IGNORECASE
)
_LICENCE_WORD = re.compile(
    r"\b(?:licen[cs]e|agreement|terms|apache|mit|bsd|gpl|cc[- ]by|openrail|cc0|only)\b", re.IGNORECASE
)
_NOT_STATEMENT = re.compile(r"\b(?:if|whether|unless|may\s+not|should|could|would|will)\b", re.IGNORECASE)
_NAMED_LICENCE = re.compile(r"\b(?:licen[cs]e|apache|mit|bsd|gpl|cc[- ]by|openrail|cc0)\b", re.IGNORECASE)
_PARENTHESIS = re.compile(r"\s*\(\s*([^()\n]{2,60}?)\s*\)")
_LICENCE_ID = re.compile(r"\d|[A-Za-z]+-[A-Za-z0-9]")
_MODEL_SIZE = re.compile(r"\b\d+(?:\.\d+)?[BM]\b")
_MD_LINK = re.compile(r"\[([^\]\n]{1,120})\]\(\s*<?([^)\s>]{1,500})>?(?:\s+\"[^\"]*\")?\s*\)")
_HTML_LINK = re.compile(r"<a\s[^>]{0,300}?href=[\"']([^\"']{1,500})[\"'][^>]{0,300}>([^<]{1,120})</a>", re.IGNORECASE)


def _scopes(subject: str) -> tuple[ProseScope, ...]:
    found: list[ProseScope] = []
    if _ALL.search(subject):
        return (ProseScope.EVERYTHING,)
    if _CODE.search(subject):
        found.append(ProseScope.CODE)
    if _WEIGHTS.search(subject) or _MODEL_SIZE.search(subject):
        found.append(ProseScope.WEIGHTS)
    if _DATA.search(subject):
        found.append(ProseScope.DATA)
    return tuple(found)


_DOC_FOLDERS = frozenset({"docs", "doc", "documentation"})


def speaks_for_release(artifact: Artifact, kind: ArtifactKind) -> bool:
    """Statements that speak for the release: in a model or data card, or a document at the root or in ``docs/``."""
    if kind in {ArtifactKind.MODEL_CARD, ArtifactKind.DATA_CARD}:
        return True
    folder = artifact.path.rpartition("/")[0]
    return not folder or folder.split("/", 1)[0].lower() in _DOC_FOLDERS


_SUBJECT_END = re.compile(r"[.\n|](?!\d)")


def _subject(text: str, start: int) -> str:
    """The words before a statement's verb, back to the start of its sentence (at most ``MAX_SUBJECT``)."""
    window = text[max(0, start - MAX_SUBJECT) : start]
    ends = [m.end() for m in _SUBJECT_END.finditer(window)]
    return window[ends[-1] :] if ends else window


def _local_target(artifact: Artifact, target: str | None) -> str | None:
    """A link from a statement to a file of the release (``./LICENSE``, ``MODEL_LICENSE``), as a release path."""
    if not target or "://" in target or target.startswith(("#", "mailto:")):
        return None
    from posixpath import join, normpath
    from urllib.parse import unquote

    path = normpath(join(artifact.path.rpartition("/")[0], unquote(target.split("#", 1)[0])))
    return None if path.startswith("..") else path


def prose_declarations(artifact: Artifact, text: str, where: str) -> tuple[LicenceDeclaration, ...]:
    """The licence statements of a document (at most ``MAX_STATEMENTS``), each with what it covers and the
    sentence it stands in."""
    raw = text[:MAX_TEXT]
    if "licen" not in raw.lower() and " only" not in raw:
        return ()
    targets: dict[str, str] = {}

    def anchor(m: re.Match[str], text_group: int, url_group: int) -> str:
        targets.setdefault(" ".join(m.group(text_group).split()).lower(), m.group(url_group))
        return m.group(text_group)

    # links read as their text ("under the [Model License](MODEL_LICENSE)"), their targets kept
    text = _MD_LINK.sub(lambda m: anchor(m, 1, 2), raw)
    text = _HTML_LINK.sub(lambda m: anchor(m, 2, 1), text)
    out: list[LicenceDeclaration] = []
    matches = sorted(
        [*_STATEMENT.finditer(text), *_IS_LICENCE.finditer(text), *_RESEARCH_ONLY.finditer(text)],
        key=lambda m: m.start(),
    )
    for m in matches:
        licence = " ".join(m.group("licence").split()).strip(" *_`'\"")
        named = _PARENTHESIS.match(text, m.end())
        if named and _LICENCE_ID.search(named.group(1)) and _NAMED_LICENCE.search(named.group(1)):
            licence = named.group(1).strip()  # "the Creative Commons license (CC BY-SA-4.0)": the id says which
        subject = _subject(text, m.start())
        scopes = _scopes(subject)
        if not scopes and m.re is _RESEARCH_ONLY:
            scopes = (ProseScope.WEIGHTS,)  # "Alpaca is licensed for research use only": the model
        if not scopes or not _LICENCE_WORD.search(licence) or _NOT_STATEMENT.search(subject):
            continue
        line = text.count("\n", 0, m.start()) + 1
        quote = clip(text[m.start() - len(subject) : m.end()].strip(" .-*\n"), 240)
        for scope in scopes:
            out.append(
                LicenceDeclaration(
                    value=licence,
                    how=HOW,
                    location=f"{where}:{line}",
                    scope="",
                    covers=scope,
                    quote=quote,
                    link=_local_target(artifact, targets.get(licence.lower())),
                )
            )
        if len(out) >= MAX_STATEMENTS:
            break
    return tuple(out)
