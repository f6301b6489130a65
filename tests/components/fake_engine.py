"""A minimal LicenceEngine for unit tests of the components stage (independent of the real engine)."""

from __future__ import annotations

from opengauge.licenses.interface import Openness
from opengauge.record import ContentType, IdentifiedBy, Licence, LicenceFamily

FAMILIES = {
    "MIT": LicenceFamily.OSI_CODE,
    "Apache-2.0": LicenceFamily.OSI_CODE,
    "CC-BY-4.0": LicenceFamily.OPEN_CONTENT,
    "CDLA-Permissive-2.0": LicenceFamily.OPEN_DATA,
    "LicenseRef-llama": LicenceFamily.RESTRICTED,
}


class FakeEngine:
    data_version = "fake"

    def identify_text(self, text: str, location: str) -> list[Licence]:
        for key in FAMILIES:
            if key in text:
                return [Licence(key, IdentifiedBy.TEXT_EXACT, 1.0, FAMILIES[key], location=location)]
        return []

    def from_declared(
        self, value: str, location: str, how: str, name: str | None = None, link: str | None = None
    ) -> Licence:
        fam = FAMILIES.get(value, LicenceFamily.UNKNOWN)
        return Licence(value, IdentifiedBy.DECLARED_TAG, 0.9, fam, location=location, declared_as=value)

    def openness(self, licence: Licence, content_type: ContentType) -> Openness:
        fam = licence.family
        if fam is LicenceFamily.UNKNOWN:
            return Openness(None, None, "unknown")
        if fam is LicenceFamily.RESTRICTED:
            return Openness(False, False, "restricted")
        wanted = {
            ContentType.CODE: LicenceFamily.OSI_CODE,
            ContentType.DATA: LicenceFamily.OPEN_DATA,
            ContentType.DOCUMENT: LicenceFamily.OPEN_CONTENT,
        }[content_type]
        return Openness(True, fam is wanted, "open")
