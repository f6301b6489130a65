"""The licence engine: identification from text (SPDX headers, knowledge-base fingerprints, SPDX text
similarity), resolution of declared tags, and openness by content type. ``default_engine()`` gives the engine.
"""

from __future__ import annotations

import re
from functools import cache

from opengauge.licenses import spdx
from opengauge.licenses.custom import custom_restrictive
from opengauge.licenses.declared import from_declared as _from_declared
from opengauge.licenses.declared import licence_for_id
from opengauge.licenses.derived import derived_licence
from opengauge.licenses.families import facts
from opengauge.licenses.fingerprint import kb_hits
from opengauge.licenses.interface import LicenceEngine, Openness
from opengauge.licenses.kb import hf_tags, knowledge_base, openness_tables
from opengauge.licenses.normalize import words
from opengauge.licenses.openness import openness as _openness
from opengauge.licenses.textmatch import EXACT_DICE, text_index
from opengauge.record import ContentType, IdentifiedBy, Licence, LicenceFamily

MAX_TEXT = 1_000_000  # characters of one text looked at
KB_OVERRIDES_DICE = 0.9  # an AI licence found by fingerprint hides SPDX texts matching less than this
RESTRICTIVE_GOVERNS = 0.45  # a restricted identification at least this sure comes first
_SPDX_HEADER = re.compile(r"SPDX-License-Identifier:\s*([^\n\r*#]{1,300})", re.IGNORECASE)


class Engine:
    """The default LicenceEngine (stateless; indexes are process-wide and built lazily)."""

    @property
    def data_version(self) -> str:
        return (
            f"{spdx.list_version()}; texts {spdx.texts_version()}; kb {knowledge_base().version}; "
            f"hf-tags {hf_tags()[0]}; openness {openness_tables().version}"
        )

    def identify_text(self, text: str, location: str) -> list[Licence]:
        """Licences a text is or contains, best first: SPDX headers, AI licences, SPDX texts."""
        text = text[:MAX_TEXT]
        found: list[Licence] = []
        found.extend(self._headers(text, location))
        seq = words(text)
        normalised = " ".join(seq)
        kb_found = self._fingerprints(text, normalised, set(seq), location)
        found.extend(kb_found)
        strong_kb = any(lic.confidence >= 0.8 for lic in kb_found)
        for m in text_index().identify(seq):
            if strong_kb and m.dice < KB_OVERRIDES_DICE:
                continue
            f = facts(m.id)
            if f is None:
                continue
            exact = not m.contained and not m.header and m.dice >= EXACT_DICE
            if m.near:
                confidence = round(m.containment * 0.8, 3)
            elif m.header:
                confidence = round(min(m.containment, m.dice if not m.contained else 1.0) * 0.9, 3)
            elif m.contained:
                confidence = round(m.containment * 0.95, 3)
            else:
                confidence = round(m.dice, 3)
            lic = licence_for_id(
                f,
                how=IdentifiedBy.TEXT_EXACT if exact else IdentifiedBy.TEXT_MATCH,
                confidence=confidence,
                location=location,
                declared_as=None,
                text=text,
            )
            found.append(lic)
            if not m.contained and not m.header:
                derived = derived_licence(text, lic, normalised)
                if derived is not None:
                    found.append(derived)
        if not found:
            custom = custom_restrictive(text, location)
            found = [custom] if custom else []
        return _dedupe(found)

    def _headers(self, text: str, location: str) -> list[Licence]:
        out: list[Licence] = []
        for m in _SPDX_HEADER.finditer(text, 0, min(len(text), 200_000)):
            line = text.count("\n", 0, m.start()) + 1
            value = m.group(1).strip().rstrip("-*/ ").strip()
            if value:
                out.append(_from_declared(value, f"{location}:{line}", "spdx-header"))
            if len(out) >= 20:
                break
        return out

    def _fingerprints(self, text: str, normalised: str, vocab: set[str], location: str) -> list[Licence]:
        out: list[Licence] = []
        for hit in kb_hits(knowledge_base(), normalised, vocab):
            f = facts(hit.entry.id)
            if f is None:
                continue
            out.append(
                licence_for_id(
                    f,
                    how=IdentifiedBy.FINGERPRINT,
                    confidence=hit.confidence,
                    location=location,
                    declared_as=None,
                    text=text,
                )
            )
        return out

    def from_declared(
        self, value: str, location: str, how: str, name: str | None = None, link: str | None = None
    ) -> Licence:
        """Resolve a declared id or tag (card ``license``, SPDX header, manifest) to a Licence."""
        return _from_declared(value, location, how, name=name, link=link)

    def openness(self, licence: Licence, content_type: ContentType) -> Openness:
        """Is ``licence`` open for ``content_type``?"""
        return _openness(licence, content_type)


def _dedupe(found: list[Licence]) -> list[Licence]:
    best: dict[str, Licence] = {}
    order: list[str] = []
    for lic in found:
        prev = best.get(lic.expression)
        if prev is None:
            order.append(lic.expression)
            best[lic.expression] = lic
        elif lic.confidence > prev.confidence:
            best[lic.expression] = lic
    out = [best[k] for k in order]
    # A restrictive identification governs the file (a text that is an open licence plus restrictive terms is
    # not that open licence): restricted first, then by confidence; unknown last.
    out.sort(
        key=lambda lic: (
            not (lic.family is LicenceFamily.RESTRICTED and lic.confidence >= RESTRICTIVE_GOVERNS),
            -lic.confidence,
            lic.family is LicenceFamily.UNKNOWN,
        )
    )
    return out


@cache
def default_engine() -> LicenceEngine:
    """The engine in use (one per process)."""
    return Engine()


def load_data() -> None:
    """Load the data and the text index (from the user cache, or built) now rather than on first use."""
    knowledge_base()
    hf_tags()
    openness_tables()
    text_index()


def warm_up() -> None:
    """``load_data`` and also make what the first queries would (every bigram set, the postings: ~0.1 s), so
    that each identification costs the same: for long runs over many files, and for timing them."""
    load_data()
    text_index().warm()
