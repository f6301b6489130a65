"""Dispatch: identify each blob by magic and hand it to the format's scanner; recurse into containers."""

from __future__ import annotations

from opengauge.security import pickles
from opengauge.security.blob import Blob, BlobStream, BytesBlob, DecompressedStream, Stream
from opengauge.security.context import ScanContext, Where
from opengauge.security.detect import UNSUPPORTED, Kind, identify
from opengauge.security.pickle_vm import Budget

_COMPRESSED = {Kind.GZIP: "gzip", Kind.BZ2: "bz2", Kind.XZ: "xz", Kind.ZLIB: "zlib"}


class Engine:
    """One scan: a context plus the opcode budget of the current top-level file."""

    def __init__(self, ctx: ScanContext) -> None:
        self.ctx = ctx
        self.budget = Budget(ctx.options.max_opcodes)

    def scan_file(self, blob: Blob, where: Where) -> None:
        """A top-level file: fresh opcode budget, then :meth:`scan_blob`."""
        self.budget = Budget(self.ctx.options.max_opcodes)
        before = len(self.ctx.scanned)
        self.scan_blob(blob, where, 0, where.file)
        if len(self.ctx.scanned) == before:
            self.ctx.skipped.append(where.text())

    def nested(self, blob: Blob, where: Where, depth: int) -> None:
        """Callback for payloads found inside other formats (byte literals, members)."""
        self.scan_blob(blob, where, depth, where.members[-1] if where.members else where.file)

    def scan_blob(self, blob: Blob, where: Where, depth: int, name: str) -> None:
        if depth > self.ctx.options.max_depth:
            self.ctx.cap(where, "nesting depth", self.ctx.options.max_depth)
            return
        kind = identify(blob, name, probe_tail=depth == 0)
        if kind is Kind.PICKLE and not pickles.confirm(blob, self.ctx):
            kind = Kind.UNKNOWN
        if kind is Kind.UNKNOWN:
            return
        self.ctx.scanned.append(f"{where.text()} ({kind.value})")
        self._dispatch(kind, blob, where, depth, name)

    def _dispatch(self, kind: Kind, blob: Blob, where: Where, depth: int, name: str) -> None:
        # format modules are imported on first use: a pickle-only scan starts faster
        from opengauge.security import archives, code, graphs, headers, keras, templates

        if kind is Kind.PICKLE:
            pickles.scan_blob(self, blob, where, depth)
        elif kind is Kind.ZIP:
            archives.scan_zip(self, blob, where, depth)
        elif kind is Kind.TAR:
            archives.scan_tar(self, blob, where, depth)
        elif kind in _COMPRESSED:
            self.scan_compressed(blob, where, depth, _COMPRESSED[kind], name)
        elif kind in UNSUPPORTED:
            why = f"{kind.value} container: the scanner has no reader for it, so what it holds is unknown"
            self.ctx.report("OG-SEC-093", where, why)
        elif kind is Kind.NPY:
            headers.scan_npy(self, blob, where, depth)
        elif kind is Kind.SAFETENSORS:
            headers.scan_safetensors(self, blob, where)
        elif kind is Kind.GGUF:
            headers.scan_gguf(self, blob, where)
        elif kind is Kind.HDF5:
            keras.scan_h5(self, blob, where)
        elif kind is Kind.PYTHON:
            code.scan_python(self, blob, where)
        elif kind is Kind.TEMPLATE:
            templates.scan_template_file(self, blob, where, name)
        elif kind is Kind.TF_GRAPH:
            graphs.scan_tf_graph(self, blob, where)
        elif kind is Kind.ONNX:
            graphs.scan_onnx(self, blob, where)

    def scan_compressed(self, blob: Blob, where: Where, depth: int, method: str, name: str) -> None:
        stream = DecompressedStream(BlobStream(blob), method, self.ctx.options.max_inflate)
        inner = where.inside(f"<{method}>")
        self.scan_stream(stream, inner, depth + 1, name.rsplit(".", 1)[0], None)

    def scan_stream(self, stream: Stream, where: Where, depth: int, name: str, size: int | None) -> None:
        """Content only available as a stream (decompressed): pickles stream, the rest is materialised."""
        if depth > self.ctx.options.max_depth:
            self.ctx.cap(where, "nesting depth", self.ctx.options.max_depth)
            return
        head = stream.peek(4096)
        kind = identify(BytesBlob(head), name)
        if kind is Kind.PICKLE and not pickles.confirm(BytesBlob(head), self.ctx, partial=True):
            kind = Kind.UNKNOWN
        if kind is Kind.UNKNOWN:
            return
        if kind is Kind.PICKLE:
            self.ctx.scanned.append(f"{where.text()} (pickle)")
            pickles.scan_stream(self, stream, where, depth)
            return
        limit = self.ctx.options.max_nested_bytes
        if size is not None and size > limit:
            self.ctx.cap(where, "compressed member materialised bytes", limit)
            return
        data = stream.read(limit + 1)
        if len(data) > limit:
            self.ctx.cap(where, "compressed member materialised bytes", limit)
            return
        self.scan_blob(BytesBlob(data), where, depth, name)
