"""What counts as the release's own evidence: unit tests and their fixtures are no component; usage examples
and toy files are no data, weights or configuration of the release; a bundled
third-party project (see ``context.interface``) is a supporting library of the release, and nothing else of it
counts (its training scripts, evaluation tasks, data samples and docs are the bundled project's, not the
release's), unless its path names the release."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from opengauge.context.interface import ReleaseContext
from opengauge.record import ComponentId, Evidence, EvidenceLevel

LIBS = ComponentId.SUPPORTING_LIBRARIES.value
#: What a usage example or toy file cannot be: the release's own data, weights or configuration.
NOT_FROM_EXAMPLES = frozenset(
    {
        ComponentId.DATASETS.value,
        ComponentId.EVALUATION_DATA.value,
        ComponentId.MODEL_METADATA.value,
        ComponentId.MODEL_PARAMETERS_FINAL.value,
        ComponentId.MODEL_PARAMETERS_INTERMEDIATE.value,
    }
)


def scoped(evidence: Iterable[Evidence], ctx: ReleaseContext) -> Iterator[Evidence]:
    """The evidence that speaks for the release itself, plus one supporting-library evidence per bundled project."""
    for ev in evidence:
        location = ev.location
        if "://" in location or ev.level is EvidenceLevel.DECLARED:
            yield ev
        elif ctx.is_test(location) or (ev.component in NOT_FROM_EXAMPLES and ctx.is_example(location)):
            continue
        elif not ctx.bundled(location) or ev.component == LIBS:
            yield ev
    for project in ctx.bundled_projects:
        yield Evidence(
            component=LIBS,
            level=EvidenceLevel.VERIFIED,
            location=project,
            extractor="scope",
            excerpt="a third-party project bundled with the release (its own licence and package metadata)",
            confidence=0.8,
        )
