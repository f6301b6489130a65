"""Which licence governs a file: its own SPDX header, the nearest licence file up the tree, the card's
``license``, then the release licence. Licence files and declarations are identified once, here, through the
``LicenceEngine`` interface.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from opengauge.inventory.interface import LicenceDeclaration, ProseScope, Reader
from opengauge.inventory.run import InventoryItem
from opengauge.licenses.interface import LicenceEngine
from opengauge.record import ContentType, Finding, IdentifiedBy, Licence, LicenceFamily, Restriction, Severity

#: Licence texts are read up to this many bytes; a longer file is read in part and said so.
MAX_LICENCE_BYTES = 1024 * 1024

WEIGHTS_HINTS = ("model", "weights")


@dataclass(frozen=True, slots=True)
class LicenceFile:
    """A licence file of the release and what it was identified as."""

    source_id: str
    path: str
    folder: str  # POSIX folder relative to the source root, "" for the root
    hint: str | None  # "weights", "policy", "notice" or None
    licence: Licence


#: A restriction the release states in prose without naming a licence ("for research use only").
STATED_RESTRICTION_ID = "LicenseRef-opengauge-stated-restriction"


@dataclass(frozen=True, slots=True)
class ResolvedLicence:
    licence: Licence
    scope: str  # "file", "folder", "card", "release", "manifest"


def unknown_licence(location: str, note: str) -> Licence:
    """A licence we could not identify: never open, never absent."""
    return Licence(
        expression="NOASSERTION",
        identified_by=IdentifiedBy.NONE,
        confidence=0.0,
        family=LicenceFamily.UNKNOWN,
        name=note,
        location=location,
    )


def read_licence_text(reader: Reader, item: InventoryItem) -> tuple[str | None, Finding | None]:
    """The text of a licence file, bounded; binary files give a finding instead."""
    data = reader.read(item.artifact.path, 0, MAX_LICENCE_BYTES)
    if b"\x00" in data[:8192]:
        return None, Finding(
            rule_id="OG-LIC-900",
            severity=Severity.LOW,
            message="licence file is binary, not text; it could not be identified",
            location=item.location,
        )
    return data.decode("utf-8", errors="replace"), None


def identify_licence_files(
    items: Iterable[InventoryItem], reader_for: dict[str, Reader], engine: LicenceEngine
) -> tuple[tuple[LicenceFile, ...], tuple[Finding, ...]]:
    files: list[LicenceFile] = []
    findings: list[Finding] = []
    for item in items:
        if not item.observation.licence_text:
            continue
        try:
            text, problem = read_licence_text(reader_for[item.artifact.source_id], item)
        except OSError as exc:
            text, problem = (
                None,
                Finding("OG-LIC-901", Severity.LOW, f"licence file unreadable: {exc}", item.location),
            )
        if problem:
            findings.append(problem)
        found = engine.identify_text(text, item.location) if text is not None else []
        licence = found[0] if found else unknown_licence(item.location, "licence text not identified")
        files.append(
            LicenceFile(
                source_id=item.artifact.source_id,
                path=item.artifact.path,
                folder=posixpath.dirname(item.artifact.path),
                hint=dict(item.observation.details).get("role_hint"),
                licence=licence,
            )
        )
    return tuple(files), tuple(findings)


def resolve_declarations(
    declarations: Iterable[LicenceDeclaration], engine: LicenceEngine, files: Sequence[LicenceFile] = ()
) -> tuple[tuple[LicenceDeclaration, Licence], ...]:
    """Each declaration with the licence it names; a statement in prose that links a licence file of the release
    ("subject to the [Model License](MODEL_LICENSE)") names that file's licence."""
    by_path = {f"{f.source_id}:{f.path}": f.licence for f in files}
    out: list[tuple[LicenceDeclaration, Licence]] = []
    for d in declarations:
        lic = _resolve(d, engine)
        target = f"{_source_of(d.location)}:{d.link}" if d.how == "prose" and d.link else None
        if not lic.known and target in by_path:
            lic = by_path[target]
        out.append((d, lic))
    return tuple(out)


_STATED_ONLY = {
    "research": ("research-only", "Use is limited to research."),
    "non": ("non-commercial", "Commercial use is not allowed."),
}


def _resolve(d: LicenceDeclaration, engine: LicenceEngine) -> Licence:
    if d.how != "prose":
        return engine.from_declared(d.value, d.location, d.how, name=d.name, link=d.link)
    value = d.value.lower()
    if value.endswith(" only") and value.split()[0][:3] in {"res", "non"}:
        flag, note = _STATED_ONLY["research" if value.startswith("research") else "non"]
        return Licence(
            expression=STATED_RESTRICTION_ID,
            identified_by=IdentifiedBy.DECLARED_TAG,
            confidence=0.7,
            family=LicenceFamily.RESTRICTED,
            name=f"terms stated in the release: {d.value}",
            location=d.location,
            restrictions=(Restriction(flag=flag, clause=d.quote, note=note),),
            declared_as=d.quote,
        )
    # a licence named in a sentence: "the Apache 2.0 license", "CC BY-NC-SA-4.0", "our Model License"
    words = d.value.split()
    if words and words[0].lower() in {"the", "a", "an", "our", "its", "their"}:
        words = words[1:]
    tries = [" ".join(words)]
    if len(words) > 1 and words[-1].lower() in {"license", "licence", "licenses", "licences"}:
        tries.append(" ".join(words[:-1]))
    tries += [t.replace(" ", "-") for t in tries if " " in t]  # "CC BY-NC-SA-4.0" is CC-BY-NC-SA-4.0
    best = None
    for value in tries:
        lic = engine.from_declared(value, d.location, d.how)
        if lic.known:
            return lic
        best = best or lic
    assert best is not None
    return replace(best, name=d.value)


def _within(folder: str, path: str) -> bool:
    return folder in ("", path) or path.startswith(folder + "/")


def _source_of(location: str) -> str:
    return location.split(":", 1)[0]


@dataclass(frozen=True, slots=True)
class LicenceIndex:
    """Answers "which licence governs this file?" for the components stage."""

    files: tuple[LicenceFile, ...]
    declared: tuple[tuple[LicenceDeclaration, Licence], ...]
    release: ResolvedLicence | None

    def for_file(self, source_id: str, path: str, content_type: ContentType) -> ResolvedLicence | None:
        own = self._own_header(source_id, path)
        if own:
            return own
        nearest = self._nearest_file(source_id, path, content_type)
        if nearest:
            return nearest
        card = self._card(source_id, path)
        if card:
            return card
        return self.release

    def stated(self, covers: ProseScope) -> ResolvedLicence | None:
        """What the release's documents say covers ``covers`` ("the weights are released under ..."): a
        restrictive statement first (one restricted model among open ones makes the release's terms restricted),
        else the first statement that names a known licence."""
        said = [
            (decl, lic)
            for decl, lic in self.declared
            if decl.how == "prose" and decl.covers in (covers, ProseScope.EVERYTHING)
        ]
        for wanted in (LicenceFamily.RESTRICTED, None):
            for decl, lic in said:
                if (wanted is None and lic.known) or lic.family is wanted:
                    quoted = replace(lic, location=decl.location, declared_as=decl.quote)
                    return ResolvedLicence(quoted, "declared")
        return None

    def _own_header(self, source_id: str, path: str) -> ResolvedLicence | None:
        location = f"{source_id}:{path}"
        for decl, lic in self.declared:
            if decl.how == "spdx-header" and (decl.location == location or decl.location.startswith(location + ":")):
                return ResolvedLicence(lic, "file")
        return None

    def _nearest_file(self, source_id: str, path: str, content_type: ContentType) -> ResolvedLicence | None:
        candidates = [
            f
            for f in self.files
            if f.source_id == source_id and f.hint not in {"policy", "notice"} and _within(f.folder, path)
        ]
        if not candidates:
            return None
        deepest = max(len(f.folder) for f in candidates)
        level = [f for f in candidates if len(f.folder) == deepest]
        return ResolvedLicence(_prefer(level, content_type).licence, "folder")

    def _card(self, source_id: str, path: str) -> ResolvedLicence | None:
        best: tuple[int, Licence] | None = None
        for decl, lic in self.declared:
            if decl.how != "card-tag" or _source_of(decl.location) != source_id:
                continue
            scope = decl.scope.split(":", 1)[1] if ":" in decl.scope else decl.scope
            if _within(scope, path) and (best is None or len(scope) > best[0]):
                best = (len(scope), lic)
        return ResolvedLicence(best[1], "card") if best else None


def _prefer(files: Sequence[LicenceFile], content_type: ContentType) -> LicenceFile:
    """Among licence files in one folder: a model licence for data (weights), the plain licence otherwise."""
    weights = [f for f in files if f.hint == "weights"]
    plain = [f for f in files if f.hint != "weights"]
    if content_type is ContentType.DATA and weights:
        return sorted(weights, key=lambda f: f.path)[0]
    return sorted(plain or weights, key=lambda f: f.path)[0]


def release_licence(
    files: Sequence[LicenceFile],
    declared: Sequence[tuple[LicenceDeclaration, Licence]],
    source_ids: Sequence[str],
) -> ResolvedLicence | None:
    """The release-wide licence: the first source's root licence file, else a manifest's distribution licence,
    else a root card's licence tag. Files outweigh what a manifest says."""
    for sid in source_ids:
        root = [f for f in files if f.source_id == sid and f.folder == "" and f.hint not in {"policy", "notice"}]
        if root:
            return ResolvedLicence(_prefer(root, ContentType.CODE).licence, "release")
    for decl, lic in declared:
        if decl.how == "manifest" and decl.scope == "":
            return ResolvedLicence(lic, "manifest")
    for decl, lic in declared:
        if decl.how == "card-tag" and decl.scope.split(":", 1)[-1] == "":
            return ResolvedLicence(lic, "release")
    return None
