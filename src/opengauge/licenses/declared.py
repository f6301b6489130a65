"""Resolving a declared licence (card ``license`` tag with ``license_name``/``license_link``, an
SPDX-License-Identifier header, package metadata) to a Licence.
"""

from __future__ import annotations

from functools import cache

from opengauge.licenses import spdx
from opengauge.licenses.expression import Node, parse, render
from opengauge.licenses.families import NOASSERTION, IdFacts, facts
from opengauge.licenses.fingerprint import restrictions_from
from opengauge.licenses.kb import KbEntry, hf_tags, knowledge_base
from opengauge.licenses.normalize import normal
from opengauge.record import IdentifiedBy, Licence, LicenceFamily

# Names seen in package metadata (trove classifiers, setup.py `license=`) that are not SPDX names.
_COMMON_NAMES: dict[str, str] = {
    "apache": "Apache-2.0",
    "apache 2": "Apache-2.0",
    "apache 2 0": "Apache-2.0",
    "apache license": "Apache-2.0",
    "apache license version 2 0": "Apache-2.0",
    "apache software license": "Apache-2.0",
    "apache license 2": "Apache-2.0",
    "asl 2 0": "Apache-2.0",
    "mit": "MIT",
    "mit license": "MIT",
    "the mit license": "MIT",
    "expat": "MIT",
    "bsd": "LicenseRef-HF-bsd",
    "bsd license": "LicenseRef-HF-bsd",
    "new bsd": "BSD-3-Clause",
    "new bsd license": "BSD-3-Clause",
    "simplified bsd": "BSD-2-Clause",
    "isc license": "ISC",
    "isc license iscl": "ISC",
    "gplv2": "GPL-2.0-only",
    "gplv3": "GPL-3.0-only",
    "gpl v3": "GPL-3.0-only",
    "gnu general public license v3 gplv3": "GPL-3.0-only",
    "gnu general public license v2 gplv2": "GPL-2.0-only",
    "gnu general public license v3 or later gplv3": "GPL-3.0-or-later",
    "gnu general public license v2 or later gplv2": "GPL-2.0-or-later",
    "gnu lesser general public license v3 lgplv3": "LGPL-3.0-only",
    "gnu lesser general public license v2 or later lgplv2": "LGPL-2.1-or-later",
    "gnu affero general public license v3": "AGPL-3.0-only",
    "lgplv3": "LGPL-3.0-only",
    "agplv3": "AGPL-3.0-only",
    "mozilla public license 2 0 mpl 2 0": "MPL-2.0",
    "cc by 4 0": "CC-BY-4.0",
    "cc by sa 4 0": "CC-BY-SA-4.0",
    "cc by nc 4 0": "CC-BY-NC-4.0",
    "cc0": "CC0-1.0",
}


@cache
def _spdx_names() -> dict[str, str]:
    return {normal(info.name): info.id for info in spdx.catalog().values() if not info.deprecated}


def _how(how: str) -> IdentifiedBy:
    if how == "spdx-header":
        return IdentifiedBy.SPDX_HEADER
    if how == "manifest":
        return IdentifiedBy.MANIFEST
    return IdentifiedBy.DECLARED_TAG


def licence_for_id(
    f: IdFacts,
    *,
    how: IdentifiedBy,
    confidence: float,
    location: str | None,
    declared_as: str | None,
    text: str | None = None,
) -> Licence:
    """A Licence for one known id (restrictions quoted from ``text`` when given)."""
    return Licence(
        expression=f.id,
        identified_by=how,
        confidence=confidence,
        family=f.family,
        name=f.name,
        location=location,
        restrictions=restrictions_from(f.restrictions, text),
        declared_as=declared_as,
    )


def unknown(location: str | None, declared_as: str | None, name: str | None = None) -> Licence:
    """ "We could not tell": family UNKNOWN, never open."""
    return Licence(
        expression=NOASSERTION,
        identified_by=IdentifiedBy.NONE,
        confidence=0.0,
        family=LicenceFamily.UNKNOWN,
        name=name,
        location=location,
        declared_as=declared_as,
    )


def combine_family(node: Node) -> LicenceFamily:
    """Family of an expression: OR takes the most open branch, AND the least open."""
    if node.op is None:
        f = facts(node.key)
        return f.family if f is not None else LicenceFamily.UNKNOWN
    fams = [combine_family(c) for c in node.children]
    order = [
        LicenceFamily.RESTRICTED,
        LicenceFamily.UNKNOWN,
        LicenceFamily.OPEN_CONTENT,
        LicenceFamily.OPEN_DATA,
        LicenceFamily.OSI_CODE,
    ]
    ranked = sorted(fams, key=order.index)
    return ranked[-1] if node.op == "OR" else ranked[0]


def _canonical(node: Node) -> Node:
    if node.op is None:
        f = facts(node.key)
        return Node(None, key=f.id if f else node.key, exception=node.exception)
    return Node(node.op, children=tuple(_canonical(c) for c in node.children))


def _by_name(value: str) -> IdFacts | None:
    key = normal(value)
    if not key:
        return None
    entry: KbEntry | None = knowledge_base().by_alias(value)
    if entry is not None:
        return facts(entry.id)
    target = _COMMON_NAMES.get(key) or _spdx_names().get(key)
    return facts(target) if target else None


def _from_other(tag_value: str, location: str, how: IdentifiedBy, name: str | None, link: str | None) -> Licence:
    """HF ``other``/``unknown``: use ``license_name`` then ``license_link``; else unknown."""
    f = _by_name(name) if name else None
    if f is None and name:
        f = facts(name)
    if f is None and link:
        entry = knowledge_base().by_link(link)
        f = facts(entry.id) if entry else None
    if f is None:
        return unknown(location, tag_value, name=name)
    return licence_for_id(f, how=how, confidence=0.7, location=location, declared_as=tag_value)


def from_declared(value: str, location: str, how: str, name: str | None = None, link: str | None = None) -> Licence:
    """Resolve a declared id, HF tag or expression to a Licence (unknown when we cannot tell)."""
    raw = (value or "").strip()
    by = _how(how)
    if not raw:
        return unknown(location, value or None, name=name)
    tag = hf_tags()[1].get(raw.lower())
    if tag is not None:
        if tag.id == NOASSERTION:
            return _from_other(raw, location, by, name, link)
        f = facts(tag.id)
        if f is not None:
            return licence_for_id(f, how=by, confidence=0.95, location=location, declared_as=raw)
    f = facts(raw)
    if f is not None:
        return licence_for_id(f, how=by, confidence=0.95, location=location, declared_as=raw)
    node = parse(raw)
    if node is not None and (node.op is not None or node.exception):
        canon = _canonical(node)
        family = combine_family(canon)
        known = all(facts(leaf.key) is not None for leaf in canon.leaves())
        return Licence(
            expression=render(canon),
            identified_by=by,
            confidence=0.95 if known else 0.5,
            family=family,
            name=None,
            location=location,
            declared_as=raw,
        )
    f = _by_name(raw)
    if f is not None:
        return licence_for_id(f, how=by, confidence=0.75, location=location, declared_as=raw)
    return unknown(location, raw, name=name)
