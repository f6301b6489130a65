"""What a BOM says, reduced to compare formats with each other and with the facts they were written from."""

from __future__ import annotations

from dataclasses import dataclass

from opengauge.formats.bom_facts import BomFacts
from opengauge.formats.bom_licences import BomLicence


@dataclass(frozen=True, slots=True, order=True)
class BomEntry:
    """One thing the BOM lists: its kind (model, dataset, file, base-model), name, licence and digest."""

    kind: str
    name: str
    licence: str | None = None  # the SPDX-valid expression (LicenseRefs allowed); None when the BOM has none
    sha256: str | None = None


@dataclass(frozen=True, slots=True)
class BomSummary:
    """The entries of a BOM, sorted."""

    entries: tuple[BomEntry, ...]

    @staticmethod
    def of(entries: list[BomEntry]) -> BomSummary:
        return BomSummary(tuple(sorted(set(entries))))

    def names(self, kind: str) -> list[str]:
        return [e.name for e in self.entries if e.kind == kind]


def licence_text(lic: BomLicence | None) -> str | None:
    """The licence as a summary states it: the expression, or None for none / NOASSERTION / NONE."""
    if lic is None or lic.expression in ("NOASSERTION", "NONE"):
        return None
    return lic.expression


def expected_summary(facts: BomFacts) -> BomSummary:
    """The summary any BOM written from ``facts`` must read back to."""
    entries = [BomEntry("model", facts.model.name, licence_text(facts.model.licence))]
    entries += [BomEntry("dataset", d.name, licence_text(d.licence)) for d in facts.datasets]
    entries += [BomEntry("file", f.path, None, f.sha256) for f in facts.files]
    entries += [BomEntry("base-model", b.name) for b in facts.model.base_models]
    return BomSummary.of(entries)
