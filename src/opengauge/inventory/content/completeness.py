"""How complete a model card or a data card is: each expected section is present (a heading with substance),
thin (a heading without substance, or only a "More information needed" placeholder) or missing.

Model cards are judged against the sections of the Hugging Face model card template; data cards against the
seven question groups of "Datasheets for Datasets" (motivation, composition, collection process,
preprocessing/cleaning/labelling, uses, distribution, maintenance), where Croissant Responsible-AI fields
(``rai:*`` keys in the front matter or in Croissant JSON) also count. Headings (Markdown ATX and setext) are
matched, case-insensitively, against our own synonym lists. Pure functions over text; nothing is rendered.
"""

from __future__ import annotations

import enum
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from opengauge.inventory.content.frontmatter import parse_front_matter

#: Text beyond this many characters is not looked at (a card is a few tens of KiB).
MAX_CARD_TEXT = 1_000_000
#: A section has substance when its text (placeholders removed) has at least this many words.
MIN_WORDS = 3
#: Share of sections that must be present for ``full``; present or thin for ``thin``.
FULL_SHARE = 0.8
THIN_SHARE = 0.4


class SectionState(enum.StrEnum):
    """Whether one expected section is in the card."""

    PRESENT = "present"
    THIN = "thin"
    MISSING = "missing"


class Grade(enum.StrEnum):
    """Overall completeness: ``full`` (nearly every section has substance), ``thin``, ``minimal``."""

    FULL = "full"
    THIN = "thin"
    MINIMAL = "minimal"


@dataclass(frozen=True, slots=True)
class SectionSpec:
    """An expected section: a stable key, a human name, heading synonyms and Croissant RAI keys."""

    key: str
    name: str
    synonyms: tuple[str, ...]
    rai_keys: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SectionResult:
    """One expected section and how the card has it (``heading``: the first matching heading, if any)."""

    key: str
    state: SectionState
    heading: str | None = None


@dataclass(frozen=True, slots=True)
class CardCompleteness:
    """Completeness of one card: per-section states and the overall grade."""

    kind: str  # "model" or "data"
    sections: tuple[SectionResult, ...]
    grade: Grade
    rai_fields: tuple[str, ...] = ()

    def keys(self, state: SectionState) -> tuple[str, ...]:
        """The keys of the sections in ``state``, in template order."""
        return tuple(s.key for s in self.sections if s.state is state)

    @property
    def present(self) -> tuple[str, ...]:
        return self.keys(SectionState.PRESENT)

    @property
    def thin(self) -> tuple[str, ...]:
        return self.keys(SectionState.THIN)

    @property
    def missing(self) -> tuple[str, ...]:
        return self.keys(SectionState.MISSING)


MODEL_SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec(
        "model_details",
        "Model details",
        ("model details", "model description", "model summary", "model overview", "model information"),
    ),
    SectionSpec(
        "uses",
        "Uses (direct, downstream, out-of-scope)",
        ("uses", "intended use", "direct use", "downstream use", "out of scope", "use cases", "intended purpose"),
    ),
    SectionSpec(
        "bias_risks_limitations",
        "Bias, risks and limitations",
        ("bias", "risks", "limitations", "ethical considerations", "caveats", "recommendations", "safety"),
    ),
    SectionSpec(
        "how_to_get_started",
        "How to get started",
        ("how to get started", "getting started", "get started", "quick start", "quickstart", "how to use", "usage"),
    ),
    SectionSpec(
        "training_details",
        "Training details",
        ("training details", "training data", "training procedure", "training", "fine tuning", "hyperparameters"),
    ),
    SectionSpec(
        "evaluation",
        "Evaluation (testing data, factors, metrics, results)",
        ("evaluation", "testing data", "factors", "metrics", "results", "benchmarks", "performance"),
    ),
    SectionSpec(
        "environmental_impact",
        "Environmental impact",
        ("environmental impact", "carbon", "emissions", "energy", "environmental"),
    ),
    SectionSpec(
        "technical_specifications",
        "Technical specifications",
        ("technical specifications", "model architecture", "architecture", "compute infrastructure", "hardware"),
    ),
    SectionSpec("citation", "Citation", ("citation", "cite", "bibtex", "references")),
    SectionSpec("contact", "Contact", ("contact", "questions", "feedback", "support")),
)

DATA_SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec(
        "motivation",
        "Motivation",
        ("motivation", "curation rationale", "purpose", "why was the dataset created", "dataset summary"),
    ),
    SectionSpec(
        "composition",
        "Composition",
        ("composition", "dataset structure", "data instances", "data fields", "data splits", "data description"),
        ("personalSensitiveInformation",),
    ),
    SectionSpec(
        "collection_process",
        "Collection process",
        ("collection", "source data", "data sources", "data collection", "curation", "provenance"),
        (
            "dataCollection",
            "dataCollectionType",
            "dataCollectionMissingData",
            "dataCollectionRawData",
            "dataCollectionTimeframe",
        ),
    ),
    SectionSpec(
        "preprocessing",
        "Preprocessing, cleaning and labelling",
        ("preprocessing", "cleaning", "labelling", "labeling", "annotation", "annotations", "processing", "filtering"),
        (
            "dataPreprocessingProtocol",
            "dataImputationProtocol",
            "dataManipulationProtocol",
            "dataAnnotationProtocol",
            "dataAnnotationPlatform",
            "dataAnnotationAnalysis",
            "annotationsPerItem",
            "annotatorDemographics",
            "machineAnnotationTools",
        ),
    ),
    SectionSpec(
        "uses",
        "Uses",
        ("uses", "intended use", "use cases", "considerations for using the data", "out of scope", "direct use"),
        ("dataUseCases", "dataLimitations", "dataBiases", "dataSocialImpact"),
    ),
    SectionSpec(
        "distribution",
        "Distribution",
        ("distribution", "licensing", "license", "licence", "access", "availability"),
    ),
    SectionSpec(
        "maintenance",
        "Maintenance",
        ("maintenance", "maintainers", "maintained", "updates", "versioning", "errata", "contact"),
        ("dataReleaseMaintenancePlan",),
    ),
)

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*#*[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_PLACEHOLDER = re.compile(
    r"\[?\s*more\s+information\s+needed\s*\]?|\[?\s*more\s+info(?:rmation)?\s+(?:needed|required|to\s+come)\s*\]?|"
    r"\{\{.*?\}\}|\[\s*optional\s*\]|\bTODO\b|\bTBD\b|\bN/?A\b|\bcoming\s+soon\b|\bto\s+be\s+(?:added|announced)\b",
    re.IGNORECASE | re.DOTALL,
)
_WORD = re.compile(r"[^\W\d_]{2,}|\d+(?:\.\d+)?")
_NORMALISE = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True, slots=True)
class _Heading:
    level: int
    title: str
    body: str  # text up to the next heading of the same or a higher level (subsections included)


def _normal(text: str) -> str:
    return " " + _NORMALISE.sub(" ", text.lower().replace("&", " and ")).strip() + " "


def _fenced(lines: list[str]) -> list[bool]:
    """For each line, whether it is inside (or opens or closes) a fenced code block."""
    out: list[bool] = []
    fence: str | None = None
    for line in lines:
        m = _FENCE.match(line)
        if m and fence is None:
            fence = m.group(1)
            out.append(True)
        elif m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence or ""):  # type: ignore[index]
            fence = None
            out.append(True)
        else:
            out.append(fence is not None)
    return out


def _is_paragraph(line: str) -> bool:
    return bool(line.strip()) and not line.startswith(("    ", "\t")) and not _ATX.match(line)


def _heading_marks(lines: list[str]) -> dict[int, tuple[int, str, bool]]:
    """Line index -> (level, title, setext) for every heading line outside fenced code."""
    fenced = _fenced(lines)
    marks: dict[int, tuple[int, str, bool]] = {}
    for i, line in enumerate(lines):
        if fenced[i] or i in marks or (i > 0 and marks.get(i - 1, (0, "", False))[2]):
            continue
        atx = _ATX.match(line)
        if atx:
            marks[i] = (len(atx.group(1)), (atx.group(2) or "").strip(), False)
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        under = _SETEXT.match(nxt) if i + 1 < len(lines) and not fenced[i + 1] else None
        starts_block = i == 0 or not lines[i - 1].strip()
        if under and _is_paragraph(line) and starts_block and (under.group(1)[0] == "=" or len(under.group(1)) >= 3):
            marks[i] = (1 if under.group(1)[0] == "=" else 2, line.strip(), True)
    return marks


def headings(body: str) -> tuple[_Heading, ...]:
    """The headings of a Markdown body with the text under each (subsections included, heading lines not)."""
    lines = body.splitlines()
    marks = _heading_marks(lines)
    skip = set(marks) | {i + 1 for i, (_, _, setext) in marks.items() if setext}
    order = sorted(marks)
    found: list[_Heading] = []
    for n, start in enumerate(order):
        level, title, _ = marks[start]
        end = next((i for i in order[n + 1 :] if marks[i][0] <= level), len(lines))
        text = "\n".join(lines[i] for i in range(start + 1, end) if i not in skip)
        found.append(_Heading(level, title, text))
    return tuple(found)


def substance(text: str) -> int:
    """Words of real content in ``text``: comments, placeholders and heading lines do not count."""
    text = _COMMENT.sub(" ", text)
    text = "\n".join(line for line in text.splitlines() if not _ATX.match(line) and not _SETEXT.match(line))
    text = _PLACEHOLDER.sub(" ", text)
    return len(_WORD.findall(text))


def _matches(spec: SectionSpec, title: str) -> bool:
    norm = _normal(title)
    return any(_normal(s) in norm for s in spec.synonyms)


def _rai_values(data: object, depth: int = 0) -> Iterator[tuple[str, object]]:
    """Croissant Responsible-AI keys (``rai:x`` or bare ``x`` of the RAI vocabulary) anywhere in ``data``."""
    if depth > 6:
        return
    if isinstance(data, Mapping):
        for key, value in list(data.items())[:500]:
            if isinstance(key, str):
                yield key.split(":", 1)[-1], value
            yield from _rai_values(value, depth + 1)
    elif isinstance(data, list):
        for item in data[:500]:
            yield from _rai_values(item, depth + 1)


def _has_value(value: object) -> bool:
    if isinstance(value, str):
        return substance(value) >= 1
    if isinstance(value, list | Mapping):
        return bool(value)
    return value is not None and value is not False


def _structured(text: str) -> tuple[object, str]:
    """(parsed metadata: front matter or a JSON document, the Markdown body)."""
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith("{"):
        try:
            return json.loads(stripped), ""
        except (ValueError, RecursionError):
            return None, text
    fm = parse_front_matter(text)
    return fm.data, fm.body


def _state(spec: SectionSpec, found: tuple[_Heading, ...]) -> SectionResult:
    matching = [h for h in found if _matches(spec, h.title)]
    for h in matching:
        if substance(h.body) >= MIN_WORDS:
            return SectionResult(spec.key, SectionState.PRESENT, h.title)
    if matching:
        return SectionResult(spec.key, SectionState.THIN, matching[0].title)
    return SectionResult(spec.key, SectionState.MISSING)


def _grade(sections: tuple[SectionResult, ...]) -> Grade:
    total = len(sections)
    present = sum(s.state is SectionState.PRESENT for s in sections)
    seen = sum(s.state is not SectionState.MISSING for s in sections)
    if present >= FULL_SHARE * total:
        return Grade.FULL
    if present >= THIN_SHARE * total or seen >= THIN_SHARE * total:
        return Grade.THIN
    return Grade.MINIMAL


def _judge(kind: str, specs: tuple[SectionSpec, ...], text: str, use_rai: bool) -> CardCompleteness:
    text = text[:MAX_CARD_TEXT]
    data, body = _structured(text)
    found = headings(body)
    rai: dict[str, None] = {}
    if use_rai:
        for key, value in _rai_values(data):
            if any(key in spec.rai_keys for spec in specs) and _has_value(value):
                rai.setdefault(key, None)
    results: list[SectionResult] = []
    for spec in specs:
        result = _state(spec, found)
        if result.state is not SectionState.PRESENT and any(k in rai for k in spec.rai_keys):
            result = SectionResult(spec.key, SectionState.PRESENT, result.heading)
        results.append(result)
    sections = tuple(results)
    return CardCompleteness(kind, sections, _grade(sections), tuple(rai))


def model_card_completeness(text: str) -> CardCompleteness:
    """Completeness of a model card against the Hugging Face model card sections."""
    return _judge("model", MODEL_SECTIONS, text, use_rai=False)


def data_card_completeness(text: str) -> CardCompleteness:
    """Completeness of a data card against the Datasheets-for-Datasets groups and Croissant RAI fields."""
    return _judge("data", DATA_SECTIONS, text, use_rai=True)


def completeness_details(kind: str, text: str) -> tuple[tuple[str, str], ...]:
    """Details pairs for an artifact's facts: ``completeness`` (full/thin/minimal) and the section lists.

    ``kind`` is ``model`` or ``data`` (``dataset`` also accepted); any other kind gives no details.
    """
    if kind == "model":
        result = model_card_completeness(text)
    elif kind in {"data", "dataset"}:
        result = data_card_completeness(text)
    else:
        return ()
    pairs = [
        ("completeness", result.grade.value),
        ("sections_missing", ",".join(result.missing)),
        ("sections_present", ",".join(result.present)),
        ("sections_thin", ",".join(result.thin)),
    ]
    if result.rai_fields:
        pairs.append(("rai_fields", ",".join(result.rai_fields)))
    return tuple(sorted(pairs))
