"""Openness family and restrictions of one licence id (SPDX id, our knowledge-base id or an HF family tag)."""

from __future__ import annotations

from dataclasses import dataclass

from opengauge.licenses import spdx
from opengauge.licenses.kb import KbEntry, RestrictionSpec, hf_tags, knowledge_base, openness_tables
from opengauge.record import LicenceFamily

NOASSERTION = "NOASSERTION"

_NC = RestrictionSpec(
    flag="non-commercial",
    note="Commercial use is not allowed.",
    phrases=("commercial advantage", "commercial purposes", "noncommercial"),
)
_ND = RestrictionSpec(
    flag="no-derivatives",
    note="Adapted or derivative works may not be shared.",
    phrases=("adapted material", "derivative works"),
)
_NOT_OPEN = RestrictionSpec(
    flag="not-osi",
    note="Not OSI-approved, not FSF-libre and not an open data licence.",
    phrases=(),
)


@dataclass(frozen=True, slots=True)
class IdFacts:
    """What we know about one licence id."""

    id: str  # canonical spelling
    name: str | None
    family: LicenceFamily
    restrictions: tuple[RestrictionSpec, ...]
    osi_approved: bool = False
    fsf_libre: bool = False
    kb: KbEntry | None = None
    source: str = ""  # where the facts come from


def _has_prefix(licence_id: str, prefixes: tuple[str, ...]) -> bool:
    low = licence_id.lower()
    return any(low.startswith(p.lower()) for p in prefixes)


def _cc_flags(licence_id: str) -> tuple[RestrictionSpec, ...]:
    up = licence_id.upper()
    if not up.startswith("CC-BY"):
        return ()
    parts = up.split("-")
    flags: list[RestrictionSpec] = []
    if "NC" in parts:
        flags.append(_NC)
    if "ND" in parts:
        flags.append(_ND)
    return tuple(flags)


def spdx_family(info: spdx.SpdxInfo) -> tuple[LicenceFamily, tuple[RestrictionSpec, ...]]:
    """Family of an SPDX licence: open data / content lists first, then OSI or FSF, else restricted."""
    tables = openness_tables()
    cc = _cc_flags(info.id)
    if cc:
        return LicenceFamily.RESTRICTED, cc
    if info.id.startswith(("GFDL-", "FreeBSD-DOC")):
        return LicenceFamily.OPEN_CONTENT, ()
    if info.id in tables.open_data or _has_prefix(info.id, tables.open_data_prefixes):
        return LicenceFamily.OPEN_DATA, ()
    if info.osi_approved or info.fsf_libre:
        return LicenceFamily.OSI_CODE, ()
    return LicenceFamily.RESTRICTED, (_NOT_OPEN,)


def facts(licence_id: str) -> IdFacts | None:
    """Facts for one id, or None when we do not know it."""
    if licence_id.upper() == NOASSERTION:
        return None
    entry = knowledge_base().by_id(licence_id)
    if entry is not None:
        info = spdx.lookup(entry.id)
        return IdFacts(
            id=entry.id,
            name=entry.name,
            family=entry.family,
            restrictions=entry.restrictions,
            osi_approved=bool(info and info.osi_approved),
            fsf_libre=bool(info and info.fsf_libre),
            kb=entry,
            source=f"opengauge knowledge base {knowledge_base().version}",
        )
    info = spdx.lookup(licence_id)
    if info is not None:
        family, restrictions = spdx_family(info)
        return IdFacts(
            id=info.id,
            name=info.name,
            family=family,
            restrictions=restrictions,
            osi_approved=info.osi_approved,
            fsf_libre=info.fsf_libre,
            source=spdx.list_version(),
        )
    for tag in hf_tags()[1].values():
        if tag.id.lower() == licence_id.lower() and tag.family is not None and tag.id != NOASSERTION:
            return IdFacts(
                id=tag.id,
                name=tag.name,
                family=tag.family,
                restrictions=(),
                source=f"Hugging Face licence tag {tag.tag!r} ({hf_tags()[0]})",
            )
    return None
