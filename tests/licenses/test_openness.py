from __future__ import annotations

import json
from pathlib import Path

import pytest

from opengauge.licenses.engine import default_engine
from opengauge.licenses.kb import openness_tables
from opengauge.record import ContentType, IdentifiedBy, Licence, LicenceFamily

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
MOF_TABLE = SHARED / "anchors" / "mot" / "licenses" / "mof-licenses.json"


def _lic(value: str) -> Licence:
    return default_engine().from_declared(value, "x", "card-tag")


def _open(value: str, ct: ContentType) -> tuple[bool | None, bool | None]:
    o = default_engine().openness(_lic(value), ct)
    assert o.reason
    return o.open, o.appropriate


def test_code_needs_osi() -> None:
    assert _open("MIT", ContentType.CODE) == (True, True)
    assert _open("GPL-3.0-only", ContentType.CODE) == (True, True)
    assert _open("CC-BY-4.0", ContentType.CODE) == (True, False)


def test_data_needs_open_data_licence_and_osi_is_open_but_not_appropriate() -> None:
    for lic in ("CDLA-Permissive-2.0", "CC0-1.0", "CC-BY-4.0", "CC-BY-SA-4.0", "ODC-By-1.0", "ODbL-1.0", "PDDL-1.0"):
        assert _open(lic, ContentType.DATA) == (True, True), lic
    assert _open("OpenMDW-1.0", ContentType.DATA) == (True, True)
    assert _open("Apache-2.0", ContentType.DATA) == (True, False)
    assert _open("MIT", ContentType.DATA) == (True, False)


def test_documents_need_open_content() -> None:
    assert _open("CC-BY-4.0", ContentType.DOCUMENT) == (True, True)
    assert _open("LicenseRef-HF-gfdl", ContentType.DOCUMENT) == (True, True)
    assert _open("Apache-2.0", ContentType.DOCUMENT) == (True, True)  # the MOF table lists it for documents
    assert _open("MIT", ContentType.DOCUMENT) == (True, False)


def test_expressions() -> None:
    assert _open("MIT OR LicenseRef-Llama-3.1-Community", ContentType.CODE) == (True, True)
    assert _open("MIT AND LicenseRef-Llama-3.1-Community", ContentType.CODE)[0] is False
    assert _open("MIT AND Apache-2.0", ContentType.CODE) == (True, True)
    assert _open("GPL-2.0-or-later WITH Classpath-exception-2.0", ContentType.CODE) == (True, True)
    assert _open("MIT AND LicenseRef-somebody-else", ContentType.CODE)[0] is None
    assert _open("MIT OR LicenseRef-somebody-else", ContentType.CODE)[0] is True


def test_unknown_is_never_open() -> None:
    for value in ("unknown", "other", "", "LicenseRef-mystery", "cc"):
        for ct in ContentType:
            assert _open(value, ct) == (None, None), value
    raw = Licence("NOASSERTION", IdentifiedBy.NONE, 0.0, LicenceFamily.UNKNOWN)
    assert default_engine().openness(raw, ContentType.DATA).open is None


@pytest.mark.parametrize("ct", list(ContentType))
def test_follows_the_mof_content_type_table(ct: ContentType) -> None:
    for lic_id, types in openness_tables().content_types.items():
        if lic_id in ("C-UDA-1.0", "MulanPSL-1.0"):
            # listed by the MOF table, but neither OSI/FSF nor on the MOT's open list: the MOT counts them
            # not open, and so do we
            assert default_engine().openness(_lic(lic_id), ct).open is False
            continue
        o = default_engine().openness(_lic(lic_id), ct)
        assert o.open is True, lic_id
        if ct.value in types:
            assert o.appropriate is True, (lic_id, ct)


def test_table_copy_matches_the_mot_anchor() -> None:
    if not MOF_TABLE.exists():
        pytest.skip(f"MOT anchors not found at {MOF_TABLE} (fresh clone without ../shared)")
    raw = json.loads(MOF_TABLE.read_text("utf-8"))
    expected: dict[str, set[str]] = {}
    for row in raw["licenses"]:
        types = row["ContentType"]
        # CC0-1.0 and CC-PDDC are listed twice (data, then document): we keep both types
        expected.setdefault(row["licenseId"], set()).update({types} if isinstance(types, str) else types)
    ours = {k: set(v) for k, v in openness_tables().content_types.items()}
    assert ours == expected
