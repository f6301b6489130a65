"""Comparing licences: is a declared licence the same as the one a text shows?"""

from __future__ import annotations

from opengauge.licenses.expression import parse
from opengauge.licenses.families import NOASSERTION
from opengauge.record import Licence

# Ids whose texts are the same: the text of a licence file cannot tell them apart.
_SUFFIXES = ("-only", "-or-later", "+")
# Family tags (HF `bsd`, `gpl`, ...) and the id prefixes they cover.
_FAMILY_PREFIXES: dict[str, tuple[str, ...]] = {
    "licenseref-hf-bsd": ("bsd-", "0bsd"),
    "licenseref-hf-gpl": ("gpl-",),
    "licenseref-hf-lgpl": ("lgpl-",),
    "licenseref-hf-gfdl": ("gfdl-",),
    "licenseref-hf-cc": ("cc-", "cc0-"),
    "licenseref-openrail": (
        "licenseref-bigscience-",
        "licenseref-creativeml-",
        "licenseref-openrail-",
        "licenseref-bigcode-",
    ),
}
_EQUIVALENT = {
    "cal-1.0-combined-work-exception": "cal-1.0",
    "mpl-2.0-no-copyleft-exception": "mpl-2.0",
    "standardml-nj": "smlnj",
}


def base_id(licence_id: str) -> str:
    """An id reduced to what its text can show (``GPL-3.0-or-later`` -> ``gpl-3.0``)."""
    low = licence_id.lower()
    low = _EQUIVALENT.get(low, low)
    if low.startswith(("gfdl-", "ofl-")):
        return "-".join(low.split("-")[:2])
    for suffix in _SUFFIXES:
        if low.endswith(suffix):
            return low[: -len(suffix)]
    return low


def _ids_match(a: str, b: str) -> bool:
    ba, bb = base_id(a), base_id(b)
    if ba == bb:
        return True
    for fam, prefixes in _FAMILY_PREFIXES.items():
        if (ba == fam and bb.startswith(prefixes)) or (bb == fam and ba.startswith(prefixes)):
            return True
    return False


def leaf_ids(licence: Licence) -> list[str]:
    """The licence ids an expression names (empty when it is NOASSERTION or unreadable)."""
    if licence.expression.upper() == NOASSERTION:
        return []
    node = parse(licence.expression)
    return [leaf.key for leaf in node.leaves()] if node is not None else []


def agrees(declared: Licence, found: Licence) -> bool:
    """Whether a declared licence and one identified from a text can be the same licence.

    True when any id of one matches any id of the other (``MIT OR Apache-2.0`` declared agrees with an MIT
    text), counting ids whose texts are identical and family tags as matches.
    """
    ids_d, ids_f = leaf_ids(declared), leaf_ids(found)
    if not ids_d or not ids_f:
        return True  # nothing to compare: not a disagreement
    return any(_ids_match(a, b) for a in ids_d for b in ids_f)
