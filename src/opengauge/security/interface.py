"""The artifact safety scanner's public interface.

``scan_path`` scans files and folders on disk; ``scan_file`` scans one artifact through a bounded reader (the
audit pipeline's ``Source.read``). Nothing is ever loaded, imported, unpickled or rendered.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from opengauge.errors import UsageError
from opengauge.record import Finding
from opengauge.security.blob import FileBlob, FnBlob
from opengauge.security.context import Inconclusive, ScanContext, Where
from opengauge.security.engine import Engine
from opengauge.security.options import ScanOptions
from opengauge.security.policy import default_policy
from opengauge.security.rules import RULES

__all__ = ["Inconclusive", "ScanOptions", "ScanResult", "scan_file", "scan_path"]

EXIT_CLEAN = 0
EXIT_UNSAFE = 1
EXIT_INCONCLUSIVE = 2


@dataclass(frozen=True, slots=True)
class ScanResult:
    """What a scan found. ``files_scanned`` lists every file/member a format scanner parsed."""

    findings: tuple[Finding, ...]
    files_scanned: tuple[str, ...]
    inconclusive: tuple[Inconclusive, ...]
    suppressed: tuple[Finding, ...] = field(default=())
    skipped: tuple[str, ...] = field(default=())
    options: ScanOptions = field(default_factory=ScanOptions)

    @property
    def unsafe(self) -> tuple[Finding, ...]:
        """Findings that fail the gate (at or above ``options.fail_on``, not "could not tell")."""
        floor = self.options.fail_on.rank
        return tuple(f for f in self.findings if f.severity.rank >= floor and not RULES[f.rule_id].inconclusive)

    @property
    def exit_code(self) -> int:
        """0 clean, 1 unsafe, 2 inconclusive (parse error, cap hit, unsupported) or nothing scanned."""
        if self.unsafe:
            return EXIT_UNSAFE
        if self.inconclusive or not self.files_scanned:
            return EXIT_INCONCLUSIVE
        return EXIT_CLEAN


def _context(options: ScanOptions) -> ScanContext:
    policy = default_policy()
    if options.extra_allow:
        policy = policy.with_extra(options.extra_allow)
    return ScanContext(options=options, policy=policy)


def _result(ctx: ScanContext) -> ScanResult:
    kept: list[Finding] = []
    dropped: list[Finding] = []
    for f in ctx.findings:
        (dropped if any(s.applies(f) for s in ctx.options.suppressions) else kept).append(f)
    dropped_locs = {(f.rule_id, f.location) for f in dropped}
    inconclusive = tuple(i for i in ctx.inconclusive if (i.rule_id, i.location) not in dropped_locs)
    return ScanResult(
        findings=tuple(kept),
        files_scanned=tuple(ctx.scanned),
        inconclusive=inconclusive,
        suppressed=tuple(dropped),
        skipped=tuple(ctx.skipped),
        options=ctx.options,
    )


def _guarded(engine: Engine, where: Where, run: Callable[[], None]) -> None:
    try:
        run()
    except OSError as exc:
        engine.ctx.broken(where, f"read error: {exc}")
    except Exception as exc:  # a scanner bug must not stop the scan nor hide the file
        engine.ctx.broken(where, f"internal scanner error: {type(exc).__name__}: {exc}")


def scan_file(read: Callable[[int, int], bytes], size: int, name: str, options: ScanOptions) -> ScanResult:
    """Scan one artifact through ``read(offset, length)`` (bounded reads); ``name`` is for display/format."""
    ctx = _context(options)
    engine = Engine(ctx)
    where = Where(name)
    _guarded(engine, where, lambda: engine.scan_file(FnBlob(read, size), where))
    return _result(ctx)


def _walk(root: Path, engine: Engine) -> list[Path]:
    files: list[Path] = []
    real_root = root.resolve()
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d != ".git")
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if path.is_symlink():
                target = path.resolve()
                if target != real_root and real_root not in target.parents:
                    engine.ctx.report("OG-SEC-013", Where(str(path)), f"symlink points outside: {target}")
                    continue
            if path.is_file():
                files.append(path)
            if len(files) >= engine.ctx.options.max_files:
                engine.ctx.cap(Where(str(root)), "files", engine.ctx.options.max_files)
                return files
    return files


def scan_path(path: Path, options: ScanOptions) -> ScanResult:
    """Scan a file or every file under a folder."""
    return scan_paths([path], options)


def scan_paths(paths: list[Path], options: ScanOptions) -> ScanResult:
    """Scan several files or folders into one result."""
    ctx = _context(options)
    engine = Engine(ctx)
    for path in paths:
        if not path.exists():
            raise UsageError(f"no such file or folder: {path}")
        for file in _walk(path, engine) if path.is_dir() else [path]:
            where = Where(str(file))
            _guarded(engine, where, lambda f=file, w=where: _scan_one(engine, f, w))  # type: ignore[misc]
    return _result(ctx)


def _scan_one(engine: Engine, path: Path, where: Where) -> None:
    blob = FileBlob(path)
    try:
        engine.scan_file(blob, where)
    finally:
        blob.close()
