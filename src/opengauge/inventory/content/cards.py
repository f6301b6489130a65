"""Model cards and data cards: Hugging Face style READMEs with YAML front matter, named card files,
datasheets, and plain READMEs that read like a model card. The front matter is parsed twice: with
``yaml.safe_load`` (kept raw, because ``huggingface_hub`` silently drops a malformed ``model-index``) and with
``huggingface_hub``'s own ``ModelCard``/``DatasetCard``, whose verdict on the evaluation results is
compared with the raw one."""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from opengauge.inventory.content._shared import (
    clip,
    dir_parts,
    evidence,
    finding,
    folder_scope,
    location,
    read_text,
    roles_of,
    sorted_details,
    stem,
)
from opengauge.inventory.content.completeness import completeness_details, headings, model_card_completeness
from opengauge.inventory.content.frontmatter import (
    FrontMatter,
    get_list,
    get_str,
    keys_of,
    parse_front_matter,
)
from opengauge.inventory.content.links import classify_url, extract_links, hub_calls
from opengauge.inventory.content.prose_licences import prose_declarations, speaks_for_release
from opengauge.inventory.content.samples import sample_evidence
from opengauge.inventory.content.snippets import snippet_evidence
from opengauge.inventory.content.spdx_headers import spdx_declarations
from opengauge.inventory.content.tables import results_evidence
from opengauge.inventory.content.training_tokens import details as token_details
from opengauge.inventory.content.training_tokens import from_text as tokens_in_text
from opengauge.inventory.interface import LicenceDeclaration, Observation, Reader
from opengauge.record import (
    MIN_CREDIT_CONFIDENCE,
    Artifact,
    ArtifactKind,
    ComponentId,
    Evidence,
    EvidenceLevel,
    Finding,
    Link,
    LinkKind,
    LinkOrigin,
)

EXTRACTOR = "card"
FRONT_MATTER_RULE = "OG-INV-012"
MODEL_INDEX_RULE = "OG-INV-013"
MAX_RESULTS = 1000

MODEL_CARD_NAMES = frozenset({"model_card", "modelcard", "model-card", "model_card_en"})
DATA_CARD_NAMES = frozenset({"data_card", "datacard", "data-card", "dataset_card", "datasetcard", "dataset-card"})
README_SUFFIXES = frozenset({".md", ".markdown", ".mdx", "", ".rst", ".txt"})
CARD_SUFFIXES = frozenset({".md", ".markdown", ".mdx"})
DATASET_KEYS = frozenset(
    {
        "task_categories",
        "size_categories",
        "configs",
        "dataset_info",
        "task_ids",
        "annotations_creators",
        "language_creators",
        "source_datasets",
        "multilinguality",
        "paperswithcode_id",
        "train-eval-index",
    }
)
MODEL_KEYS = frozenset({"base_model", "pipeline_tag", "library_name", "model-index", "model_name", "inference"})
HF_CARD_KEYS = (
    frozenset(
        {
            "license",
            "license_name",
            "license_link",
            "tags",
            "language",
            "datasets",
            "metrics",
            "widget",
            "thumbnail",
            "co2_eq_emissions",
            "new_version",
            "quantized_by",
        }
    )
    | MODEL_KEYS
)
SPACE_KEYS = frozenset({"sdk", "app_file", "sdk_version", "emoji", "colorfrom", "colorto", "app_port"})
MODEL_CARD_HEADINGS = (
    "model details",
    "model description",
    "intended use",
    "training data",
    "limitations",
    "evaluation",
    "bias, risks",
    "out-of-scope",
    "how to get started",
    "training procedure",
    "model card",
    "ethical considerations",
)
_HEADING = re.compile(r"^(?:#{1,6}[ \t]+(.{1,200})|(.{1,200})\r?\n[=\-~^]{3,}[ \t]*)$", re.MULTILINE)
_CHECKPOINTS = re.compile(
    r"revision\s*=\s*[\"']?[\w.\-/]{0,40}(?:step|ckpt|checkpoint|iter|epoch)[\w.\-/]{0,40}|\bstep[-_]?\d{3,}\b|"
    r"\bcheckpoint[-_]\d{2,}\b",
    re.IGNORECASE,
)
_README_VARIANT = re.compile(r"^readme[_.\-]")
#: A Markdown file that opens with Hugging Face card metadata is a card, whatever its name
#: (``HUGGINGFACE_README.md``, ``MODEL_CARD_v2.md``).
_CARD_HEAD = re.compile(
    r"\A\ufeff?---[ \t]*\r?\n(?:.*\n){0,200}?(?:license|license_name|pipeline_tag|library_name|base_model|model-index|"
    r"tags|datasets|language)[ \t]*:",
    re.MULTILINE,
)
_PARAMETERS = re.compile(
    r"\b\d+(?:\.\d+)?\s*(?:[BMK]|billion|million)\s+(?:parameters?|params)\b|\b\d+(?:\.\d+)?\s*(?:亿|億)\s*参数",
    re.IGNORECASE,
)
#: Sections that describe a model (not how to install or run the code), and how many a README needs, with a
#: results table and a statement of the model's size or training data counting one each, to be a partial card.
_DESCRIBING = ("model_details", "uses", "bias_risks_limitations", "training_details")
MIN_README_POINTS = 2
_H1 = re.compile(r"^#[ \t]+(.{1,200})$", re.MULTILINE)
_TABLE_WORDS = re.compile(r"\b(?:checkpoints?|ckpts?|revisions?)\b", re.IGNORECASE)
_RAW_DATASET_KEY = re.compile(r"^(?:task_categories|size_categories|dataset_info|configs)\s*:", re.MULTILINE)


class _HubLogCapture(logging.Filter):
    """Keeps ``huggingface_hub``'s card warnings off the terminal while we parse, and hands them to us."""

    def __init__(self) -> None:
        super().__init__()
        self._local = threading.local()

    def start(self) -> None:
        self._local.messages = []

    def stop(self) -> list[str]:
        messages: list[str] = getattr(self._local, "messages", None) or []
        self._local.messages = None
        return messages

    def filter(self, record: logging.LogRecord) -> bool:
        messages = getattr(self._local, "messages", None)
        if messages is None:
            return True
        if len(messages) < 10:
            messages.append(record.getMessage()[:300])
        return False


_CAPTURE = _HubLogCapture()
logging.getLogger("huggingface_hub.repocard_data").addFilter(_CAPTURE)
logging.getLogger("huggingface_hub.repocard").addFilter(_CAPTURE)


@dataclass(frozen=True, slots=True)
class HubVerdict:
    """What ``huggingface_hub`` made of the card: how many evaluation results it kept, and its complaints."""

    parsed: bool
    eval_results: int | None  # None: it kept none (absent or dropped)
    messages: tuple[str, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class RawResults:
    """The raw ``model-index``: result and metric counts, evaluation dataset ids, and what is wrong."""

    results: int = 0
    metrics: int = 0
    datasets: tuple[str, ...] = field(default=())
    problems: tuple[str, ...] = field(default=())


def hub_verdict(text: str, dataset: bool) -> HubVerdict:
    """Parse with ``huggingface_hub`` (offline: it only reads the string); its errors become messages."""
    from huggingface_hub import DatasetCard, ModelCard

    _CAPTURE.start()
    try:
        card = (
            DatasetCard(text, ignore_metadata_errors=True) if dataset else ModelCard(text, ignore_metadata_errors=True)
        )
        results = getattr(card.data, "eval_results", None)
        count = len(results) if isinstance(results, list) and results else None
        return HubVerdict(True, count, tuple(_CAPTURE.stop()))
    except Exception as exc:  # third-party parser: any failure is a verdict, not a crash
        return HubVerdict(False, None, (*_CAPTURE.stop(), f"{type(exc).__name__}: {str(exc)[:200]}"))
    finally:
        _CAPTURE.stop()


def _dataset_id(value: object) -> str | None:
    if isinstance(value, str) and re.fullmatch(r"[\w.\-]{1,100}(?:/[\w.\-]{1,100})?", value):
        return value
    return None


def raw_results(model_index: object) -> RawResults:
    """Count results without trusting the structure; note what a strict parser would reject."""
    if not isinstance(model_index, list):
        return RawResults(problems=(f"model-index is a {type(model_index).__name__}, not a list",))
    results = metrics = 0
    datasets: dict[str, None] = {}
    problems: list[str] = []
    for i, entry in enumerate(model_index[:100]):
        entry_results = entry.get("results") if isinstance(entry, dict) else None
        if not isinstance(entry_results, list):
            problems.append(f"entry {i} has no results list")
            continue
        for result in entry_results[:MAX_RESULTS]:
            if not isinstance(result, dict):
                problems.append(f"entry {i}: a result is not a mapping")
                continue
            results += 1
            ds = result.get("dataset")
            ident = _dataset_id(ds.get("type")) if isinstance(ds, dict) else None
            if ident:
                datasets.setdefault(ident, None)
            else:
                problems.append(f"entry {i}: a result has no dataset type")
            found = result.get("metrics")
            if isinstance(found, list):
                metrics += len(found)
            else:
                problems.append(f"entry {i}: a result has no metrics list")
            if not isinstance(result.get("task"), dict):
                problems.append(f"entry {i}: a result has no task")
    return RawResults(results, metrics, tuple(datasets)[:50], tuple(dict.fromkeys(problems))[:5])


MAX_METRIC_DETAILS = 20


def _metric_pairs(result: dict[object, object]) -> Iterator[tuple[str, str]]:
    ds = result.get("dataset")
    where = (ds.get("name") or ds.get("type")) if isinstance(ds, dict) else None
    found = result.get("metrics")
    for metric in found if isinstance(found, list) else []:
        if isinstance(metric, dict) and metric.get("type") and metric.get("value") is not None:
            key = f"metric:{str(metric['type'])[:60]}" + (f"@{str(where)[:60]}" if where else "")
            yield key, str(metric["value"])[:60]


def metric_details(model_index: object) -> dict[str, str]:
    """``metric:TYPE@DATASET`` -> value for the first results of a ``model-index`` (bounded; for BOMs)."""
    out: dict[str, str] = {}
    entries = model_index if isinstance(model_index, list) else []
    for entry in entries[:100]:
        results = entry.get("results") if isinstance(entry, dict) else None
        for result in results[:MAX_RESULTS] if isinstance(results, list) else []:
            if isinstance(result, dict):
                for key, value in _metric_pairs(result):
                    out.setdefault(key, value)
            if len(out) >= MAX_METRIC_DETAILS:
                return out
    return out


def card_type(artifact: Artifact, fm: FrontMatter) -> str:
    """``model``, ``dataset``, ``space``, or ``document`` (a README that is no card)."""
    name = stem(artifact.name).lower()
    if name in DATA_CARD_NAMES or name.startswith("datasheet"):
        return "dataset"
    if name in MODEL_CARD_NAMES:
        return "model"
    if not fm.present:
        return "document"
    keys = {k.lower() for k in keys_of(fm.data)}
    if fm.data is None:
        return "dataset" if fm.raw and _RAW_DATASET_KEY.search(fm.raw) else "model"
    if keys & SPACE_KEYS and not keys & MODEL_KEYS:
        return "space"
    if keys & DATASET_KEYS and not keys & MODEL_KEYS:
        return "dataset"
    if keys & HF_CARD_KEYS or any(k.startswith("extra_gated") for k in keys):
        return "model"
    return "document"  # front matter of some other tool (a static site generator, ...)


def model_card_headings(body: str) -> tuple[str, ...]:
    """The model-card-like headings of a text (``Intended Use``, ``Limitations``, ...)."""
    found: dict[str, None] = {}
    for m in _HEADING.finditer(body[:500_000]):
        heading = (m.group(1) or m.group(2) or "").strip().lower()
        for known in MODEL_CARD_HEADINGS:
            if known in heading:
                found.setdefault(known, None)
    return tuple(found)


def _checkpoint_offset(text: str) -> int | None:
    """Offset of the first checkpoint mention: a step/revision name, or a table row about checkpoints."""
    match = _CHECKPOINTS.search(text)
    best = match.start() if match else None
    offset = 0
    for count, line in enumerate(text.splitlines(keepends=True)):
        if count > 20_000 or (best is not None and offset >= best):
            break
        if line.lstrip().startswith("|") and _TABLE_WORDS.search(line[:1000]):
            best = offset
            break
        offset += len(line)
    return best


def checkpoint_evidence(artifact: Artifact, text: str, first_line: int = 1) -> tuple[Evidence, ...]:
    """A card that lists intermediate checkpoints (revisions, ``step1000`` branches) declares them."""
    text = text[:1_000_000]
    start = _checkpoint_offset(text)
    if start is None:
        return ()
    line_start = text.rfind("\n", 0, start) + 1
    end = text.find("\n", start)
    line_text = text[line_start : end if end >= 0 else len(text)]
    line = first_line + text.count("\n", 0, start)
    return (
        evidence(
            ComponentId.MODEL_PARAMETERS_INTERMEDIATE.value,
            artifact,
            EXTRACTOR,
            f"checkpoints mentioned: {clip(line_text, 150)}",
            line=line,
            confidence=0.6,
            level=EvidenceLevel.DECLARED,
        ),
    )


def _declarations(artifact: Artifact, data: dict[object, object] | None) -> tuple[LicenceDeclaration, ...]:
    name = get_str(data, "license_name")
    link = get_str(data, "license_link")
    return tuple(
        LicenceDeclaration(value, "card-tag", location(artifact), folder_scope(artifact), name=name, link=link)
        for value in get_list(data, "license")[:10]
    )


def _metadata_links(data: dict[object, object] | None, where: str) -> tuple[Link, ...]:
    """``datasets:`` (HF datasets) and ``base_model:`` (HF models) of the front matter, as links."""
    links: list[Link] = []
    for ident in get_list(data, "datasets")[:100]:
        if ident.startswith("http"):
            links.append(
                Link(
                    ident, classify_url(ident), where, None, "datasets (card metadata)", origin=LinkOrigin.CARD_DATASETS
                )
            )
        elif _dataset_id(ident):
            url = f"https://huggingface.co/datasets/{ident}"
            links.append(
                Link(url, LinkKind.HF_DATASET, where, None, "datasets (card metadata)", origin=LinkOrigin.CARD_DATASETS)
            )
    for ident in get_list(data, "base_model")[:20]:
        if _dataset_id(ident):
            url = f"https://huggingface.co/{ident}"
            links.append(Link(url, LinkKind.HF_MODEL, where, None, "base model", origin=LinkOrigin.BASE_MODEL))
    return tuple(links)


def _metadata_details(data: dict[object, object] | None, kind: str) -> dict[str, str]:
    details = {"card_type": kind}
    for key in (
        "license",
        "license_name",
        "license_link",
        "base_model",
        "base_model_relation",
        "datasets",
        "language",
        "pipeline_tag",
        "library_name",
        "tags",
        "model_name",
        "task_categories",
        "size_categories",
        "pretty_name",
        "sdk",
    ):
        details[key] = ",".join(get_list(data, key)[:30])
    gated = sorted(k for k in keys_of(data) if k.startswith("extra_gated"))
    if gated or get_str(data, "gated") not in {None, "false"}:
        details["gated"] = "true"
        details["gated_fields"] = ",".join(gated)
    co2 = data.get("co2_eq_emissions") if data else None
    if isinstance(co2, dict):
        details["co2_eq_emissions"] = str(co2.get("emissions", ""))[:50]
    elif co2 is not None:
        details["co2_eq_emissions"] = str(co2)[:50] if isinstance(co2, str | int | float) else ""
    return details


def _evaluation(
    artifact: Artifact, data: dict[object, object] | None, hub: HubVerdict, where: str
) -> tuple[tuple[Evidence, ...], tuple[Link, ...], tuple[Finding, ...], dict[str, str]]:
    """Evaluation results and data of ``model-index``, checked against huggingface_hub's verdict."""
    if not data or "model-index" not in data:
        return (), (), (), {}
    raw = raw_results(data["model-index"])
    findings: list[Finding] = []
    if raw.problems or (raw.results and hub.eval_results is None):
        what = "; ".join(raw.problems) or "; ".join(hub.messages) or "rejected by huggingface_hub"
        findings.append(
            finding(
                MODEL_INDEX_RULE,
                artifact,
                f"model-index is malformed ({what}); huggingface_hub keeps "
                f"{hub.eval_results or 0} of {raw.metrics or raw.results} results",
            )
        )
    details = {
        "model_index_results": str(raw.metrics or raw.results),
        "hub_eval_results": str(hub.eval_results or 0),
        **metric_details(data["model-index"]),
    }
    found: list[Evidence] = []
    if raw.results:
        confidence = 0.9 if not raw.problems else 0.6
        found.append(
            evidence(
                ComponentId.EVALUATION_RESULTS.value,
                artifact,
                EXTRACTOR,
                f"model-index: {raw.metrics or raw.results} results",
                confidence=confidence,
            )
        )
    links = tuple(
        Link(
            f"https://huggingface.co/datasets/{ident}",
            LinkKind.HF_DATASET,
            where,
            None,
            "model-index dataset",
            origin=LinkOrigin.MODEL_INDEX,
        )
        for ident in raw.datasets
    )
    return tuple(found), links, tuple(findings), details


def _card_evidence(artifact: Artifact, kind: str, fm: FrontMatter, headings: tuple[str, ...]) -> tuple[Evidence, ...]:
    if kind == "dataset":
        return (
            evidence(
                ComponentId.DATA_CARD.value,
                artifact,
                EXTRACTOR,
                "dataset card" + (" with metadata" if fm.data else ""),
                confidence=0.9,
            ),
        )
    if kind != "model":
        return ()
    if fm.data is not None:
        why, confidence = f"model card with metadata ({len(keys_of(fm.data))} keys)", 0.9
    elif fm.present:
        why, confidence = "model card (front matter malformed)", 0.8
    elif stem(artifact.name).lower() in MODEL_CARD_NAMES:
        why, confidence = f"model card file {artifact.name}", 0.8
    else:
        why, confidence = f"README with model card headings: {', '.join(headings[:5])}", 0.6
    return (evidence(ComponentId.MODEL_CARD.value, artifact, EXTRACTOR, why, confidence=confidence),)


#: Confidence of a card's evidence by completeness. A card with no section of substance (headings only) gets
#: no framework credit; a thin one counts, with a finding (OG-DOC-002).
GRADED_CONFIDENCE = {"thin": 0.6, "minimal": 0.5}


def _graded(found: tuple[Evidence, ...], completeness: dict[str, str]) -> tuple[Evidence, ...]:
    """Lower a card's evidence confidence (and say why) when its sections are thin or missing."""
    grade = completeness.get("completeness")
    if grade not in GRADED_CONFIDENCE:
        return found
    empty = not completeness.get("sections_present")
    cap = MIN_CREDIT_CONFIDENCE / 2 if empty else GRADED_CONFIDENCE[grade]
    note = "headings without substance" if empty else f"{grade}: sections missing or without substance"
    return tuple(
        replace(ev, confidence=min(ev.confidence, cap), excerpt=f"{ev.excerpt or 'card'}; {note}") for ev in found
    )


_EVAL_SECTION = re.compile(r"evaluat|results|metrics|performance|benchmarks?", re.IGNORECASE)
_STATED_RESULT = re.compile(
    r"\d+(?:\.\d+)?\s*%|\b(?:accuracy|pass@\d+|win[\s-]?rate|f1|bleu|rouge|exact match|score|perplexity)\b[^.\n]{0,60}"
    r"\d+(?:\.\d+)?",
    re.IGNORECASE,
)


def stated_results(artifact: Artifact, body: str) -> tuple[Evidence, ...]:
    """A model card whose evaluation section states results in prose ("a win rate around 50%")."""
    for h in headings(body[:500_000]):
        if _EVAL_SECTION.search(h.title):
            m = _STATED_RESULT.search(h.body)
            if m:
                why = f"the card's {h.title!r} section states results: {clip(m.group(0), 80)!r}"
                return (evidence(ComponentId.EVALUATION_RESULTS.value, artifact, EXTRACTOR, why, confidence=0.5),)
    return ()


def readme_card_points(body: str, results_table: bool) -> tuple[str, ...]:
    """What in a README describes the model the way a card would (see ``MIN_README_POINTS``)."""
    found = model_card_completeness(body)
    points = [key.replace("_", " ") for key in _DESCRIBING if key in found.present]
    if results_table:
        points.append("results table")
    if _PARAMETERS.search(body[:200_000]) or tokens_in_text(body[:200_000]) is not None:
        points.append("size or training data of the model")
    return tuple(points)


def data_doc_evidence(artifact: Artifact) -> tuple[Evidence, ...]:
    """A Markdown document in a data or benchmark folder documents that data: a (partial) data card."""
    if artifact.suffix not in CARD_SUFFIXES or not any(_DATA_DOC_FOLDER.match(d) for d in dir_parts(artifact.path)):
        return ()
    return (
        evidence(
            ComponentId.DATA_CARD.value,
            artifact,
            EXTRACTOR,
            f"{artifact.name} documents the data of its folder (a partial data card)",
            confidence=0.5,
        ),
    )


_DATA_DOC_FOLDER = re.compile(r"^(?:data|datasets?|corpus|corpora|benchmarks?|\w+_data|data_\w+)$")


def is_readme(artifact: Artifact) -> bool:
    """``README``, ``README.md``, and its translations and variants (``README_EN.md``, ``README.zh-CN.md``)."""
    name = stem(artifact.name).lower()
    return artifact.suffix in README_SUFFIXES and (name == "readme" or bool(_README_VARIANT.match(name)))


def is_card_name(artifact: Artifact) -> bool:
    name = stem(artifact.name).lower()
    suffix = artifact.suffix
    if is_readme(artifact):
        return True
    if suffix not in CARD_SUFFIXES:
        return False
    return name in MODEL_CARD_NAMES or name in DATA_CARD_NAMES or name.startswith("datasheet")


class CardClassifier:
    """READMEs, model cards and data cards."""

    name = "card"

    def considers(self, suffix: str) -> bool:
        return suffix in README_SUFFIXES or suffix in CARD_SUFFIXES

    def accepts(self, artifact: Artifact, head: bytes) -> bool:
        if is_card_name(artifact):
            return True
        return (
            artifact.suffix in CARD_SUFFIXES
            and head.startswith((b"---", b"\xef\xbb\xbf---"))
            and bool(_CARD_HEAD.match(head.decode("utf-8", "replace")))
        )

    def classify(self, artifact: Artifact, head: bytes, reader: Reader) -> Observation:
        text = read_text(reader, artifact, head)
        where = location(artifact)
        fm = parse_front_matter(text)
        kind = card_type(artifact, fm)
        headings = model_card_headings(fm.body) if kind == "document" else ()
        if kind == "document" and len(headings) >= 2:
            kind = "model"
        table_found, table_details = results_evidence(artifact, fm.body)
        describes = (
            readme_card_points(fm.body, bool(table_found))
            if kind == "document" and "/" not in artifact.path and stem(artifact.name).lower() == "readme"
            else ()
        )
        findings: list[Finding] = []
        if fm.present and fm.error:
            findings.append(finding(FRONT_MATTER_RULE, artifact, f"card metadata unusable: {fm.error}"))
        card_found = _card_evidence(artifact, kind, fm, headings)
        if len(describes) >= MIN_README_POINTS:
            card_found = (
                evidence(
                    ComponentId.MODEL_CARD.value,
                    artifact,
                    EXTRACTOR,
                    f"README that describes the model (a partial model card): {', '.join(describes)}",
                    confidence=0.5,
                ),
            )
        carded = fm.data is not None and kind in {"model", "dataset"}
        hub = hub_verdict(text, dataset=kind == "dataset") if carded else None
        if hub is not None and not hub.parsed:
            findings.append(
                finding(FRONT_MATTER_RULE, artifact, "huggingface_hub rejects the card: " + "; ".join(hub.messages))
            )
        eval_found, eval_links, eval_findings, eval_details = (
            _evaluation(artifact, fm.data, hub, where) if kind == "model" and hub is not None else ((), (), (), {})
        )
        findings.extend(eval_findings)
        if hub is not None:
            eval_details["hub_card"] = "parsed" if hub.parsed else "rejected"
        meta_links = _metadata_links(fm.data, where)
        body_links = extract_links(text, where) + hub_calls(text, where)
        links = _unique(meta_links + eval_links + body_links)
        completeness: dict[str, str] = dict(completeness_details(kind, text)) if kind in {"model", "dataset"} else {}
        card_found = _graded(card_found, completeness)
        found = (
            card_found
            + eval_found
            + checkpoint_evidence(artifact, fm.body, fm.body_line)
            + snippet_evidence(artifact, fm.body)
            + table_found
            + sample_evidence(artifact, fm.body)
            + data_doc_evidence(artifact)
            + (stated_results(artifact, fm.body) if kind == "model" and not table_found and not eval_found else ())
        )
        details = _metadata_details(fm.data, kind)
        title = _H1.search(fm.body)
        details["title"] = clip(title.group(1), 200) if title else ""
        details.update(completeness)
        details.update(eval_details)
        details.update(table_details)
        details["front_matter"] = "absent" if not fm.present else ("malformed" if fm.error else "ok")
        details.update(token_details(tokens_in_text(fm.body, fm.body_line)))
        if headings:
            details["card_headings"] = ",".join(headings)
        obs_kind = {"model": ArtifactKind.MODEL_CARD, "dataset": ArtifactKind.DATA_CARD}.get(
            kind, ArtifactKind.DOCUMENT
        )
        return Observation(
            kind=obs_kind,
            format="markdown" if artifact.suffix in {".md", ".markdown", ".mdx", ""} else artifact.suffix.lstrip("."),
            roles=roles_of(found),
            details=sorted_details(details),
            evidence=found,
            links=links,
            declarations=(_declarations(artifact, fm.data) if kind in {"model", "dataset"} else ())
            + spdx_declarations(artifact, head)
            + (prose_declarations(artifact, fm.body, where) if speaks_for_release(artifact, obs_kind) else ()),
            findings=tuple(findings),
        )


def _unique(links: tuple[Link, ...]) -> tuple[Link, ...]:
    seen: dict[tuple[str, str, str], Link] = {}
    for link in links:
        seen.setdefault((link.url, link.origin.value, link.context or ""), link)
    return tuple(seen.values())
