"""Short prose texts (cards, READMEs) collected once for the rules that check claims against licences."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from opengauge.inventory.interface import Reader
from opengauge.inventory.run import InventoryItem
from opengauge.record import ArtifactKind
from opengauge.rules.interface import TextSnippet

#: Per text and in all: claims are checked in the first part of each document only.
MAX_TEXT_BYTES = 256 * 1024
MAX_TEXTS = 64

_PROSE_KINDS = {ArtifactKind.MODEL_CARD, ArtifactKind.DATA_CARD, ArtifactKind.DOCUMENT}
_PROSE_SUFFIXES = {".md", ".markdown", ".rst", ".txt", ""}


def _is_prose(item: InventoryItem) -> bool:
    return item.observation.kind in _PROSE_KINDS and item.artifact.suffix in _PROSE_SUFFIXES


def _depth(item: InventoryItem) -> int:
    return item.artifact.path.count("/")


def collect_texts(items: Sequence[InventoryItem], readers: Mapping[str, Reader]) -> tuple[TextSnippet, ...]:
    """Cards and READMEs, shallowest first, bounded in number and size; unreadable ones are skipped."""
    chosen = sorted((i for i in items if _is_prose(i)), key=lambda i: (_depth(i), i.location))[:MAX_TEXTS]
    texts: list[TextSnippet] = []
    for item in chosen:
        try:
            data = readers[item.artifact.source_id].read(item.artifact.path, 0, MAX_TEXT_BYTES)
        except OSError:
            continue
        texts.append(TextSnippet(location=item.location, text=data.decode("utf-8", errors="replace")))
    return tuple(texts)
