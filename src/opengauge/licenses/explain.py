"""What we know about one licence id or tag: family, restrictions, openness per content type, provenance."""

from __future__ import annotations

from dataclasses import dataclass

from opengauge.licenses.engine import default_engine
from opengauge.licenses.families import facts
from opengauge.licenses.interface import Openness
from opengauge.licenses.kb import hf_tags
from opengauge.record import ContentType, Licence


@dataclass(frozen=True, slots=True)
class Explanation:
    """Everything ``opengauge license explain`` shows."""

    query: str
    licence: Licence
    url: str | None
    source: str  # where the facts come from (SPDX list version, knowledge-base version, HF tag table)
    hf_tags: tuple[str, ...]
    osi_approved: bool
    fsf_libre: bool
    openness: tuple[tuple[ContentType, Openness], ...]


def explain(query: str) -> Explanation | None:
    """Explain ``query`` (SPDX id, our LicenseRef id, HF tag, expression or common name); None if unknown."""
    eng = default_engine()
    lic = eng.from_declared(query, "query", "card-tag")
    if not lic.known:
        return None
    f = facts(lic.expression)
    tags = tuple(sorted(t.tag for t in hf_tags()[1].values() if t.id.lower() == lic.expression.lower()))
    url = f.kb.url if f is not None and f.kb is not None else None
    if url is None and f is not None and f.kb is None and f.source.startswith("spdx"):
        url = f"https://spdx.org/licenses/{f.id}.html"
    return Explanation(
        query=query,
        licence=lic,
        url=url,
        source=f.source if f is not None else "SPDX expression of known ids",
        hf_tags=tags,
        osi_approved=bool(f and f.osi_approved),
        fsf_libre=bool(f and f.fsf_libre),
        openness=tuple((ct, eng.openness(lic, ct)) for ct in ContentType),
    )
