"""Turn what the user typed into a Source: a local folder or file, or a Hugging Face repo id / URL."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from opengauge.errors import UsageError
from opengauge.sources.interface import Source
from opengauge.sources.local import LocalSource

HUB_PREFIXES = ("hf:", "hf-model:", "hf-dataset:", "https://huggingface.co/", "https://hf.co/", "huggingface.co/")


class SourceOptions(Protocol):
    @property
    def offline(self) -> bool: ...

    @property
    def follow(self) -> bool: ...

    @property
    def token(self) -> str | None: ...


def is_hub_location(text: str) -> bool:
    """hf:, hf-model:, hf-dataset: ids and huggingface.co / hf.co / $HF_ENDPOINT URLs."""
    if text.lower().startswith(HUB_PREFIXES):
        return True
    if "://" not in text:
        return False
    from opengauge.sources.locations import parse_location

    try:
        return parse_location(text).is_hub
    except UsageError:
        return False


def open_source(location: str, source_id: str, options: SourceOptions) -> Source:
    """Open one source. Raises ``UsageError``/``SourceError`` with a one-line message when it cannot."""
    if is_hub_location(location):
        from opengauge.sources.hub import open_hub_source
        from opengauge.sources.locations import parse_location

        return open_hub_source(
            parse_location(location),
            source_id,
            offline=options.offline,
            follow=options.follow,
            token=options.token,
        )
    if "://" in location:
        raise UsageError(f"unsupported location {location!r}: give a local path, hf:ORG/NAME or a huggingface.co URL")
    path = Path(location).expanduser()
    if not path.exists():
        raise UsageError(f"no such file or folder: {location}")
    return LocalSource(path, source_id)
