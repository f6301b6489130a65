"""Openness of a licence for one content type (code, data/weights, documents).

A licence is open when SPDX marks it OSI-approved or FSF-libre, or it is an open data / content licence
(the MOT's list, see ``data/licenses/openness.yaml``). It is *appropriate* for a content type when the MOF's
content-type table lists it for that type, or by kind: OSI/FSF software licences for code, open data licences
for data and weights, open content licences for documents. An open licence of the wrong kind stays open, with
``appropriate=False`` (the MOT warns but counts it). Restricted licences are never open; unknown ones are
``open=None``. Expressions: OR is open if any branch is, AND only if all are.
"""

from __future__ import annotations

from opengauge.licenses.expression import Node, parse
from opengauge.licenses.families import NOASSERTION, IdFacts, facts
from opengauge.licenses.interface import Openness
from opengauge.licenses.kb import openness_tables
from opengauge.record import ContentType, Licence, LicenceFamily

_OPEN_FAMILIES = (LicenceFamily.OSI_CODE, LicenceFamily.OPEN_DATA, LicenceFamily.OPEN_CONTENT)


def appropriate_types(f: IdFacts) -> set[ContentType]:
    """The content types an open licence suits."""
    tables = openness_tables()
    types = {ContentType(t) for t in tables.content_types.get(f.id, ())}
    low = f.id.lower()
    if f.family is LicenceFamily.OSI_CODE:
        types.add(ContentType.CODE)
    if f.family is LicenceFamily.OPEN_DATA or any(low.startswith(p.lower()) for p in tables.open_data_prefixes):
        types.add(ContentType.DATA)
    if f.family is LicenceFamily.OPEN_CONTENT or any(low.startswith(p.lower()) for p in tables.open_content_prefixes):
        types.add(ContentType.DOCUMENT)
    return types


def leaf_openness(key: str, content_type: ContentType) -> Openness:
    """Openness of one licence id."""
    f = facts(key)
    if f is None:
        what = "no licence asserted" if key.upper() == NOASSERTION else f"{key!r} is not a licence we know"
        return Openness(open=None, appropriate=None, reason=f"{what}: openness unknown")
    if f.family is LicenceFamily.UNKNOWN:
        return Openness(open=None, appropriate=None, reason=f"{f.id} ({f.name}) does not say which licence")
    if f.family not in _OPEN_FAMILIES:
        notes = "; ".join(r.note for r in f.restrictions[:3]) or "not an open licence"
        return Openness(open=False, appropriate=False, reason=f"{f.id} is not open: {notes}")
    types = appropriate_types(f)
    ok = content_type in types
    kind = {
        LicenceFamily.OSI_CODE: "OSI-approved" if f.osi_approved else "FSF-libre",
        LicenceFamily.OPEN_DATA: "an open data licence",
        LicenceFamily.OPEN_CONTENT: "an open content licence",
    }[f.family]
    suits = ", ".join(sorted(t.value for t in types)) or "no listed type"
    if ok:
        return Openness(open=True, appropriate=True, reason=f"{f.id} is {kind} and suits {content_type.value}")
    return Openness(
        open=True,
        appropriate=False,
        reason=f"{f.id} is {kind} but suits {suits}, not {content_type.value} (MOF content-type table)",
    )


def _combine(node: Node, content_type: ContentType) -> Openness:
    if node.op is None:
        return leaf_openness(node.key, content_type)
    parts = [_combine(c, content_type) for c in node.children]
    if node.op == "OR":
        pick = _best(parts)
        return Openness(pick.open, pick.appropriate, f"any of: {pick.reason}")
    worst = _worst(parts)
    return Openness(
        worst.open,
        worst.appropriate,
        f"all of: {worst.reason}" if worst.open is not True else "all of: " + "; ".join(p.reason for p in parts),
    )


def _rank(o: Openness) -> tuple[int, int]:
    open_rank = {True: 2, None: 1, False: 0}[o.open]
    appr_rank = {True: 2, None: 1, False: 0}[o.appropriate]
    return (open_rank, appr_rank)


def _best(parts: list[Openness]) -> Openness:
    return max(parts, key=_rank)


def _worst(parts: list[Openness]) -> Openness:
    return min(parts, key=_rank)


def openness(licence: Licence, content_type: ContentType) -> Openness:
    """Is ``licence`` open for ``content_type``, and why."""
    if licence.family is LicenceFamily.UNKNOWN and facts(licence.expression) is None:
        node = parse(licence.expression)
        if node is None or all(facts(leaf.key) is None for leaf in node.leaves()):
            return Openness(None, None, f"licence unknown ({licence.declared_as or licence.expression})")
    node = parse(licence.expression)
    if node is None:
        return Openness(None, None, f"cannot read the licence expression {licence.expression!r}")
    result = _combine(node, content_type)
    if licence.family is LicenceFamily.RESTRICTED and result.open is not False:
        return Openness(False, False, f"{licence.expression} is restricted")
    return result
