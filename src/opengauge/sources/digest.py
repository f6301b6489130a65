"""SHA-256 of artifacts, opt-in (``--hash``) and streamed; local files only (Hub files carry their LFS oid)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from opengauge.hashing import hash_files
from opengauge.record import Artifact
from opengauge.sources.interface import Source


def hash_artifacts(artifacts: Sequence[Artifact], sources: Sequence[Source]) -> list[Artifact]:
    by_id = {s.info.id: s for s in sources}
    paths = {}
    for a in artifacts:
        local = by_id[a.source_id].local_path(a.path)
        if local is not None:
            paths[a] = local
    digests = hash_files(list(paths.values()))
    out: list[Artifact] = []
    for a in artifacts:
        if a in paths and paths[a] in digests:
            out.append(replace(a, sha256=digests[paths[a]]))
        elif a.sha256 is None and a.lfs_oid:
            out.append(replace(a, sha256=a.lfs_oid))
        else:
            out.append(a)
    return out
