"""Licence rules: openwashing (open claims next to restricted licences, gated terms, split code/weights
licences, fine-tunes that drop their base model's terms), declared-vs-text disagreements and terms the
licensor can change. Each finding quotes the claim and the clause it rests on.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

import yaml

from opengauge.inventory.interface import LicenceDeclaration
from opengauge.licenses.compare import agrees
from opengauge.licenses.engine import default_engine
from opengauge.licenses.kb import knowledge_base
from opengauge.record import (
    ArtifactKind,
    ComponentId,
    ContentType,
    Finding,
    IdentifiedBy,
    Licence,
    LicenceFamily,
    Severity,
)
from opengauge.rules.interface import Rule, RuleContext, TextSnippet

_OPEN = (LicenceFamily.OSI_CODE, LicenceFamily.OPEN_DATA, LicenceFamily.OPEN_CONTENT)
_TEXT_METHODS = (IdentifiedBy.TEXT_EXACT, IdentifiedBy.TEXT_MATCH, IdentifiedBy.FINGERPRINT)
_MAX_QUOTE = 240
_MAX_FRONT_MATTER = 64 * 1024

_CLAIM = re.compile(
    r"(?<![\w/.@-])(?:(?:fully|truly|completely|100%)\s+)?"
    r"(?:open[- ]?sourced?|open[- ]weights?|open[- ]models?|open[- ]licen[cs]ed|openly[- ]licen[cs]ed|"
    r"open\s+llms?|open\s+release|open[- ]access\s+models?)"
    # not part of a longer word, name or domain ("opensource.org"), but a full stop may end the claim
    r"(?![\w-]|\.\w|\s+(?:initiative|definition|ai\s+definition)\b)",
    re.IGNORECASE,
)
_NEGATION = re.compile(
    r"\b(?:not|non|isn['\u2019]t|is\s+not|aren['\u2019]t|wasn['\u2019]t|never|no)[\s-]+(?:\w+\s+)?$", re.IGNORECASE
)
_WEIGHTS_LICENCE_NAME = re.compile(
    r"(?:licen[cs]e[-_. ]?(?:model|weights?)|(?:model|weights?)[-_. ]?licen[cs]e)", re.IGNORECASE
)
_ROOT_LICENCE_NAME = re.compile(r"^(?:licen[cs]e|copying)(?:\.(?:md|txt|rst))?$", re.IGNORECASE)


# ------------------------------------------------------------------------------------------------ helpers


def _split_location(location: str | None) -> tuple[str, str]:
    """``s1:dir/LICENSE:12`` -> (``s1``, ``dir/LICENSE``)."""
    if not location or ":" not in location:
        return "", location or ""
    source, _, rest = location.partition(":")
    path = re.sub(r":\d+$", "", rest)
    return source, path


def front_matter(text: str) -> dict[str, Any]:
    """The YAML front matter of a card (``---`` block at the top), or {} when absent or unreadable."""
    head = text[:_MAX_FRONT_MATTER].lstrip("\ufeff")
    if not head.startswith("---"):
        return {}
    end = head.find("\n---", 3)
    if end < 0:
        return {}
    try:
        data = yaml.safe_load(head[3:end])
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def _sentence(text: str, start: int, end: int) -> str:
    lo = max(0, start - _MAX_QUOTE)
    cut = max(text.rfind(". ", lo, start), text.rfind("\n\n", lo, start), text.rfind("\n#", lo, start))
    left = cut + 1 if cut >= 0 else lo
    hi = min(len(text), end + _MAX_QUOTE)
    stops = [i for i in (text.find(". ", end, hi), text.find("\n\n", end, hi)) if i >= 0]
    right = min(stops) + 1 if stops else hi
    quote = " ".join(text[left:right].split())
    return quote if len(quote) <= _MAX_QUOTE else quote[: _MAX_QUOTE - 3] + "..."


def _clause(lic: Licence) -> str:
    for r in lic.restrictions:
        if r.clause:
            return f'"{r.clause}"'
    notes = "; ".join(r.note for r in lic.restrictions if r.note)
    return notes or f"{lic.expression} is not an open licence"


def _body(text: str) -> tuple[str, int]:
    """The text after its front matter, and the offset where it starts."""
    if text.lstrip("\ufeff").startswith("---"):
        end = text.find("\n---", 3)
        if end >= 0:
            nl = text.find("\n", end + 4)
            start = nl + 1 if nl >= 0 else len(text)
            return text[start:], start
    return text, 0


@dataclass(frozen=True, slots=True)
class _Resolved:
    declaration: LicenceDeclaration
    licence: Licence


def _resolved(ctx: RuleContext) -> list[_Resolved]:
    eng = default_engine()
    return [
        _Resolved(d, eng.from_declared(d.value, d.location, d.how, name=d.name, link=d.link)) for d in ctx.declarations
    ]


def _all_licences(ctx: RuleContext) -> list[Licence]:
    """Every distinct licence the release shows: files, declarations, component licences."""
    seen: dict[str, Licence] = {}
    pool = list(ctx.licences) + [c.licence for c in ctx.components if c.licence is not None]
    pool += [r.licence for r in _resolved(ctx)]
    for lic in pool:
        seen.setdefault(lic.expression, lic)
    return list(seen.values())


def _restricted(ctx: RuleContext) -> list[Licence]:
    return [lic for lic in _all_licences(ctx) if lic.family is LicenceFamily.RESTRICTED]


def _text_licences(ctx: RuleContext) -> list[Licence]:
    return [lic for lic in ctx.licences if lic.identified_by in _TEXT_METHODS and lic.confidence >= 0.75]


def _claims(snippet: TextSnippet) -> Iterator[tuple[str, str]]:
    """(claim words, quoted sentence) for each open claim in the prose of ``snippet``."""
    body, _ = _body(snippet.text)
    for m in _CLAIM.finditer(body):
        before = body[max(0, m.start() - 24) : m.start()]
        if _NEGATION.search(before):
            continue
        yield m.group(0), _sentence(body, m.start(), m.end())


# ------------------------------------------------------------------------------------------------ rules


class OpenClaimRestrictedLicence:
    """OG-LIC-001: the card or README calls the release "open source" (or "open weights", "open model", ...),
    but it is under a licence that is not open.

    Llama, Gemma, the RAIL family, Qwen, Falcon and similar licences cap users, forbid uses or fields of use,
    or let the licensor change the rules; none meets the Open Source Definition or the OSAID. Calling such a
    release "open source" is openwashing: say "open weights under <licence>" or "source-available" instead.
    """

    id: ClassVar[str] = "OG-LIC-001"
    severity: ClassVar[Severity] = Severity.HIGH

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        restricted = _restricted(ctx)
        if not restricted:
            return
        lic = restricted[0]
        names = ", ".join(sorted({f"{r.expression} ({r.name})" if r.name else r.expression for r in restricted}))
        for snippet in ctx.texts:
            for claim, sentence in _claims(snippet):
                yield Finding(
                    rule_id=self.id,
                    severity=self.severity,
                    message=f'"{claim}" is claimed, but the release is under {names}, which is not open',
                    location=snippet.location,
                    evidence=f'claim: "{sentence}" | clause: {_clause(lic)}',
                    remediation='Describe it as "open weights under <licence>" or "source-available", or '
                    "release it under an OSI-approved / open data licence.",
                )
                break  # one finding per text


class GatedAccessExtraTerms:
    """OG-LIC-002: downloads are gated behind extra terms (Hugging Face ``extra_gated_*`` fields).

    A gate that asks for personal data or agreement to conditions adds terms on top of the licence: the
    release is not openly available even when its licence is open.
    """

    id: ClassVar[str] = "OG-LIC-002"
    severity: ClassVar[Severity] = Severity.MEDIUM

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        for snippet in ctx.texts:
            meta = front_matter(snippet.text)
            keys = sorted(k for k in meta if isinstance(k, str) and k.startswith("extra_gated"))
            gated = meta.get("gated")
            if not keys and gated in (None, False, "false"):
                continue
            prompt = meta.get("extra_gated_prompt") or meta.get("extra_gated_description")
            fields = meta.get("extra_gated_fields")
            detail = f"fields: {', '.join(map(str, fields))[:160]}" if isinstance(fields, dict) else ""
            quote = " ".join(str(prompt).split())[:_MAX_QUOTE] if prompt else ""
            yield Finding(
                rule_id=self.id,
                severity=self.severity,
                message="access is gated: users must accept extra terms or give personal data before download"
                + (f" ({', '.join(keys)})" if keys else ""),
                location=snippet.location,
                evidence="; ".join(x for x in (f'"{quote}"' if quote else "", detail) if x) or None,
                remediation="Remove the gate, or state plainly that access is conditional and on what terms.",
            )


class PermissiveRepoRestrictiveWeights:
    """OG-LIC-003: the repository carries a permissive licence, but the weights come under a separate,
    restrictive one (LICENSE-MODEL, or a licence file next to the weights).

    Readers who see "Apache-2.0" or "MIT" on the repository page may assume the model is open; the weights,
    the part that matters, are not.
    """

    id: ClassVar[str] = "OG-LIC-003"
    severity: ClassVar[Severity] = Severity.MEDIUM

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        weight_dirs = {
            (a.source_id, posixpath.dirname(a.path))
            for a in ctx.artifacts
            if a.kind in (ArtifactKind.WEIGHTS, ArtifactKind.WEIGHTS_INDEX, ArtifactKind.LFS_POINTER)
        }
        repo: Licence | None = None
        weights: list[Licence] = []
        for lic in ctx.licences:
            source, path = _split_location(lic.location)
            name, folder = posixpath.basename(path), posixpath.dirname(path)
            if _WEIGHTS_LICENCE_NAME.search(name) or (folder and (source, folder) in weight_dirs):
                if lic.family is LicenceFamily.RESTRICTED:
                    weights.append(lic)
            elif not folder and _ROOT_LICENCE_NAME.match(name) and lic.family in _OPEN and repo is None:
                repo = lic
        if repo is None:
            return
        for lic in weights:
            yield Finding(
                rule_id=self.id,
                severity=self.severity,
                message=f"the repository is under {repo.expression}, but the weights are under "
                f"{lic.expression} ({lic.name or 'restricted'}), which is not open",
                location=lic.location,
                evidence=f"repository licence: {repo.location} | weights clause: {_clause(lic)}",
                remediation="Say on the first line of the README that the weights are under a different, "
                "restrictive licence.",
                component=ComponentId.MODEL_PARAMETERS_FINAL.value,
            )


class BaseModelTermsDropped:
    """OG-LIC-004: a fine-tune declares an open licence, but its ``base_model`` is released under terms that
    bind derivatives (Llama, Gemma, RAIL, ...), and the release does not carry them.

    Community and RAIL licences pass through to fine-tunes: relabelling a derivative "apache-2.0" does not
    remove the base model's restrictions.
    """

    id: ClassVar[str] = "OG-LIC-004"
    severity: ClassVar[Severity] = Severity.HIGH

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        for base in _dropped_bases(ctx):
            yield Finding(
                rule_id=self.id,
                severity=self.severity,
                message=f"fine-tune of {base.model_id} ({base.entry_name}) is declared {base.declared!r}; "
                "the base model's terms apply to derivatives and the release drops them",
                location=base.location,
                evidence=f"base_model: {base.model_id} | license: {base.declared}",
                remediation=f"Declare {base.entry_id} (or an expression with it) and ship its licence text.",
            )


@dataclass(frozen=True, slots=True)
class _Dropped:
    model_id: str
    entry_id: str
    entry_name: str
    declared: str
    location: str


def _dropped_bases(ctx: RuleContext) -> Iterator[_Dropped]:
    """Base models with pass-through terms that a card relabels under an open licence (OG-LIC-004)."""
    kb = knowledge_base()
    present = {lic.expression.lower() for lic in _all_licences(ctx)}
    declared_open = [r for r in _resolved(ctx) if r.declaration.how == "card-tag" and r.licence.family in _OPEN]
    if not declared_open:
        return
    for snippet in ctx.texts:
        base = front_matter(snippet.text).get("base_model")
        bases = [base] if isinstance(base, str) else [b for b in base if isinstance(b, str)] if base else []
        for model_id in bases:
            entry = kb.by_base_model(model_id)
            if entry is None or entry.family in _OPEN or entry.id.lower() in present:
                continue
            value = declared_open[0].declaration.value
            yield _Dropped(model_id, entry.id, entry.name, value, snippet.location)


class DeclaredTextMismatch:
    """OG-LIC-005: the licence a card or package declares is not the licence its licence file contains.

    Hub pages, package indexes and tools read the tag; people and courts read the text. When they differ,
    users are told one thing and bound by another.
    """

    id: ClassVar[str] = "OG-LIC-005"
    severity: ClassVar[Severity] = Severity.MEDIUM

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        texts = _text_licences(ctx)
        for r in _resolved(ctx):
            d = r.declaration
            if d.how not in ("card-tag", "package-metadata") or not r.licence.known:
                continue
            in_scope = _texts_in_scope(texts, d)
            if not in_scope or any(agrees(r.licence, lic) for lic in in_scope):
                continue
            found = in_scope[0]
            yield Finding(
                rule_id=self.id,
                severity=self.severity,
                message=f"declared {d.value!r} ({r.licence.expression}) but the licence text says "
                f"{found.expression}" + (f" ({found.name})" if found.name else ""),
                location=d.location,
                evidence=f"declared in {d.location} | text in {found.location}",
                remediation="Make the tag and the licence file name the same licence (`license: other` "
                "with license_name/license_link for licences the Hub does not list).",
            )


def _scope(d: LicenceDeclaration) -> tuple[str, str]:
    """(source id, folder) that a declaration governs."""
    source, _ = _split_location(d.location)
    scope_source, _, scope_dir = d.scope.partition(":") if d.scope else (source, "", "")
    return scope_source or source, scope_dir


def _texts_in_scope(texts: list[Licence], d: LicenceDeclaration) -> list[Licence]:
    source, folder = _scope(d)
    return [lic for lic in texts if _within(lic.location, source, folder)]


def _within(location: str | None, source: str, folder: str) -> bool:
    src, path = _split_location(location)
    if source and src != source:
        return False
    return not folder or path == folder or path.startswith(folder.rstrip("/") + "/")


class ChangeableTerms:
    """OG-LIC-006: the licence lets the licensor change the terms (an acceptable-use policy incorporated by
    reference from a URL, a prohibited-use policy "updated from time to time") or restrict use remotely.

    Terms that can change after you accepted them are not a stable grant: what is allowed today may not be
    tomorrow.
    """

    id: ClassVar[str] = "OG-LIC-006"
    severity: ClassVar[Severity] = Severity.MEDIUM

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        for lic in _all_licences(ctx):
            flags = [r for r in lic.restrictions if r.flag in ("aup-changeable", "remote-restriction")]
            if not flags:
                continue
            quoted = next((r for r in flags if r.clause), flags[0])
            yield Finding(
                rule_id=self.id,
                severity=self.severity,
                message=f"{lic.expression} lets the licensor change or restrict the terms unilaterally: "
                + "; ".join(r.note or r.flag for r in flags),
                location=lic.location,
                evidence=f'"{quoted.clause}"' if quoted.clause else quoted.note,
                remediation="Treat the release as restricted; keep a copy of the policy version accepted.",
            )


class UnidentifiedDeclaredLicence:
    """OG-LIC-007: a licence is declared as ``other`` or ``unknown`` (or a name we cannot resolve) and no
    licence text in the release tells which it is.

    We cannot tell whether the release is open, so it is treated as unknown (never as open).
    """

    id: ClassVar[str] = "OG-LIC-007"
    severity: ClassVar[Severity] = Severity.LOW

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        if _text_licences(ctx):
            return
        for r in _resolved(ctx):
            if r.licence.known or r.declaration.how == "spdx-header":
                continue
            d = r.declaration
            extra = ", ".join(x for x in (d.name and f"license_name: {d.name}", d.link and f"link: {d.link}") if x)
            yield Finding(
                rule_id=self.id,
                severity=self.severity,
                message=f"declared licence {d.value!r} could not be identified, and no licence text in the release "
                "identifies it",
                location=d.location,
                evidence=extra or None,
                remediation="Ship the licence text in a LICENSE file, or declare an SPDX id or Hub tag.",
            )


_WEIGHT_KINDS = (ArtifactKind.WEIGHTS, ArtifactKind.WEIGHTS_INDEX, ArtifactKind.LFS_POINTER)


class CardTagWeightsLicence:
    """OG-LIC-008: a model card's ``license:`` tag names one licence, but the licence file that governs the
    weights the card describes (a model licence such as LICENSE-MODEL, else the nearest licence file up the
    tree from the weights) is another.

    The Hub and every tool that reads the card show the tag as the model's licence; the weights are bound by the
    file. (When no licence text in the card's folder agrees with the tag at all, OG-LIC-005 says so instead.)
    """

    id: ClassVar[str] = "OG-LIC-008"
    severity: ClassVar[Severity] = Severity.MEDIUM

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        index = ctx.licence_index
        if index is None:
            return
        texts = _text_licences(ctx)
        all_weights = [a for a in ctx.artifacts if a.kind in _WEIGHT_KINDS]
        for r in _resolved(ctx):
            d = r.declaration
            if d.how != "card-tag" or not r.licence.known:
                continue
            in_scope = _texts_in_scope(texts, d)
            if in_scope and not any(agrees(r.licence, lic) for lic in in_scope):
                continue  # OG-LIC-005: the tag disagrees with every licence text here
            source, folder = _scope(d)
            weights = [a for a in all_weights if _within(f"{a.source_id}:{a.path}", source, folder)]
            for art in weights:
                found = index.for_file(art.source_id, art.path, ContentType.DATA)
                if found is None or found.scope not in ("file", "folder") or not found.licence.known:
                    continue
                if agrees(r.licence, found.licence):
                    continue
                weights_lic = found.licence
                worse = r.licence.family in _OPEN and weights_lic.family not in _OPEN
                yield Finding(
                    rule_id=self.id,
                    severity=Severity.HIGH if worse else self.severity,
                    message=f"the card declares {d.value!r} ({r.licence.expression}), but the weights it describes "
                    f"are under {weights_lic.expression}"
                    + (f" ({weights_lic.name})" if weights_lic.name else "")
                    + (", which is not open" if worse else ""),
                    location=d.location,
                    evidence=f"card tag in {d.location} | weights {art.source_id}:{art.path} governed by "
                    f"{weights_lic.location} | clause: {_clause(weights_lic)}"
                    if weights_lic.restrictions
                    else f"card tag in {d.location} | weights {art.source_id}:{art.path} governed by "
                    f"{weights_lic.location}",
                    remediation="Make the card's `license:` name the weights' licence (`license: other` with "
                    "license_name/license_link when the Hub does not list it), or ship the weights under the "
                    "licence the card declares.",
                    component=ComponentId.MODEL_PARAMETERS_FINAL.value,
                )
                break  # one finding per card tag


@dataclass(frozen=True, slots=True)
class _Base:
    """A base model a card names and the licence its terms come from."""

    model_id: str
    licence: Licence
    how: str  # "the followed base model's card (s2:README.md)" or "known licence of meta-llama/..."
    location: str  # the card that names the base model


def _followed_base_licences(ctx: RuleContext) -> dict[str, tuple[Licence, str]]:
    """Base model id (lower case) -> its licence as its own card declares it, for repos opened by --follow."""
    by_source: dict[str, str] = {}
    for info in ctx.release.sources:
        if info.linked_from is not None and info.location.startswith("hf:"):
            by_source[info.id] = info.location.removeprefix("hf:").split("@", 1)[0].strip("/").lower()
    out: dict[str, tuple[Licence, str]] = {}
    for r in _resolved(ctx):
        source, _ = _split_location(r.declaration.location)
        if r.declaration.how == "card-tag" and source in by_source and r.licence.known:
            out.setdefault(by_source[source], (r.licence, r.declaration.location))
    return out


def _bases(ctx: RuleContext) -> Iterator[_Base]:
    """Every base model named by a card of the release itself, with the licence known for it."""
    kb = knowledge_base()
    eng = default_engine()
    followed = _followed_base_licences(ctx)
    linked = {info.id for info in ctx.release.sources if info.linked_from is not None}
    for snippet in ctx.texts:
        source, _ = _split_location(snippet.location)
        if source in linked:
            continue
        base = front_matter(snippet.text).get("base_model")
        names = (
            [base]
            if isinstance(base, str)
            else [b for b in base if isinstance(b, str)]
            if isinstance(base, list)
            else []
        )
        for model_id in names:
            key = model_id.strip().lower().removeprefix("https://huggingface.co/")
            if key in followed:
                lic, where = followed[key]
                yield _Base(model_id, lic, f"the base model's own card ({where})", snippet.location)
                continue
            entry = kb.by_base_model(model_id)
            if entry is not None:
                lic = eng.from_declared(entry.id, snippet.location, "base-model")
                yield _Base(model_id, lic, f"{model_id} is released under {entry.name}", snippet.location)


def _passes_on(lic: Licence) -> bool:
    return lic.family not in _OPEN or any(r.flag == "pass-through" for r in lic.restrictions)


class InheritedBaseModelTerms:
    """OG-LIC-009: the card's ``base_model`` is released under terms that bind derivatives (a Llama, Gemma,
    RAIL, Qwen ... base, known from the model id or from the base model's own card when ``--follow`` opened
    it): the release inherits them, whatever its own licence says.

    The finding lists the terms that pass on (user caps, use policies, naming and attribution duties, the
    obligation to pass the agreement on), each with its note or quoted clause. (A release that relabels such a
    fine-tune under an open licence is OG-LIC-004.)
    """

    id: ClassVar[str] = "OG-LIC-009"
    severity: ClassVar[Severity] = Severity.MEDIUM

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        dropped = {(b.location, b.model_id) for b in _dropped_bases(ctx)}
        seen: set[tuple[str, str]] = set()
        for base in _bases(ctx):
            key = (base.location, base.model_id.lower())
            if key in seen or (base.location, base.model_id) in dropped or not _passes_on(base.licence):
                continue
            seen.add(key)
            terms = _terms(base.licence)
            yield Finding(
                rule_id=self.id,
                severity=self.severity,
                message=f"fine-tune of {base.model_id}: the base model's terms ({base.licence.expression}"
                + (f", {base.licence.name}" if base.licence.name else "")
                + f") pass on to this release: {', '.join(r.flag for r in base.licence.restrictions) or 'not open'}",
                location=base.location,
                evidence=f"base_model: {base.model_id} ({base.how}) | terms: {terms}",
                remediation=f"Ship {base.licence.expression}'s text with the release, follow its terms (naming, "
                "attribution, use policy), and say on the card that they apply.",
            )


def _terms(lic: Licence) -> str:
    parts = [
        f'{r.flag}: "{r.clause}"' if r.clause else f"{r.flag}: {r.note}" for r in lic.restrictions if r.note or r.clause
    ]
    text = "; ".join(parts) or f"{lic.expression} is not an open licence"
    return text if len(text) <= 600 else text[:597] + "..."


RULES: tuple[Rule, ...] = (
    OpenClaimRestrictedLicence(),
    GatedAccessExtraTerms(),
    PermissiveRepoRestrictiveWeights(),
    BaseModelTermsDropped(),
    DeclaredTextMismatch(),
    ChangeableTerms(),
    UnidentifiedDeclaredLicence(),
    CardTagWeightsLicence(),
    InheritedBaseModelTerms(),
)
