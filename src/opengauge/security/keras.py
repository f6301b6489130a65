"""Keras model configs (.keras zip ``config.json``; the ``model_config`` attribute of .h5 files) walked to any
depth for Lambda layers, marshalled code, TFSMLayer and modules outside Keras.

No HDF5 reader is used: the ``model_config`` JSON is found by a bounded byte search of the file."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from opengauge.security.blob import Blob
from opengauge.security.context import Where

if TYPE_CHECKING:
    from opengauge.security.engine import Engine

#: How much of an .h5 file is searched for the config, from the start and from the end.
H5_HEAD = 64 << 20
H5_TAIL = 16 << 20
_CHUNK = 4 << 20
_START = b'{"class_name"'
_RAW_MARKERS = (b'"Lambda"', b'"TFSMLayer"', b'"function_type"', b'"__lambda__"')


def walk_config(doc: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every mapping in a JSON document with its path; iterative, so any depth is fine."""
    stack: list[tuple[str, Any]] = [("$", doc)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, dict):
            yield path, node
            for key, value in node.items():
                if isinstance(value, dict | list):
                    stack.append((f"{path}.{key}", value))
        elif isinstance(node, list):
            for i, value in enumerate(node):
                if isinstance(value, dict | list):
                    stack.append((f"{path}[{i}]", value))


def _layer_name(node: dict[str, Any]) -> str:
    config = node.get("config")
    name = config.get("name") if isinstance(config, dict) else None
    return str(name) if name else "?"


def check_config(engine: Engine, doc: Any, where: Where) -> None:
    """Report dangerous constructs in a parsed Keras config."""
    ctx = engine.ctx
    roots = ctx.policy.graph.keras_modules
    for path, node in walk_config(doc):
        cls = node.get("class_name")
        if cls == "Lambda":
            ctx.report("OG-SEC-020", where, f"Lambda layer {_layer_name(node)!r}", evidence=path)
        elif cls == "TFSMLayer":
            ctx.report("OG-SEC-022", where, f"TFSMLayer {_layer_name(node)!r}", evidence=path)
        elif cls == "__lambda__" or node.get("function_type") == "lambda":
            ctx.report("OG-SEC-021", where, "marshalled Python bytecode in the config", evidence=path)
        function = node.get("function")
        if isinstance(function, list) and function and isinstance(function[0], str):
            ctx.report("OG-SEC-021", where, "marshalled Python bytecode in the config", evidence=f"{path}.function")
        module = node.get("module")
        if isinstance(module, str) and module and not any(module == r or module.startswith(r + ".") for r in roots):
            sev = ctx.policy.denied_module(module)
            ctx.report(
                "OG-SEC-023",
                where,
                f"config imports module {module!r} (class {cls!r})",
                evidence=path,
                severity=sev,
            )


def scan_keras_config(engine: Engine, data: bytes | None, where: Where) -> None:
    if data is None:
        return
    engine.ctx.scanned.append(f"{where.text()} (keras config)")
    try:
        doc = json.loads(data)
    except (ValueError, RecursionError) as exc:
        engine.ctx.broken(where, f"Keras config is not JSON: {exc}")
        return
    check_config(engine, doc, where)


def _windows(size: int) -> Iterator[tuple[int, int]]:
    if size <= H5_HEAD + H5_TAIL:
        yield 0, size
        return
    yield 0, H5_HEAD
    yield size - H5_TAIL, size


def scan_h5(engine: Engine, blob: Blob, where: Where) -> None:
    """Find ``model_config`` JSON in an HDF5 file by bounded search and check it."""
    ctx = engine.ctx
    found_attr = False
    parsed = 0
    markers: set[bytes] = set()
    skip_until = 0
    for begin, end in _windows(blob.size):
        pos = begin
        while pos < end:
            chunk = blob.read(pos, min(_CHUNK + 64, end - pos))
            found_attr = found_attr or b"model_config" in chunk
            markers.update(m for m in _RAW_MARKERS if m in chunk)
            idx = chunk.find(_START, max(0, skip_until - pos))
            while idx >= 0:
                length = _parse_at(engine, blob, pos + idx, where)
                if length:
                    parsed += 1
                    skip_until = pos + idx + length
                idx = chunk.find(_START, max(idx + 1, skip_until - pos))
            pos += _CHUNK
    if parsed == 0 and (found_attr or markers):
        ctx.broken(where, "HDF5 model_config attribute found but its JSON could not be read")
        for marker in sorted(markers):
            ctx.report("OG-SEC-020", where, "Keras config marker in the HDF5 bytes", evidence=marker.decode())


def _parse_at(engine: Engine, blob: Blob, offset: int, where: Where) -> int:
    """Parse the JSON at ``offset``; its length in bytes, or 0 when it is not JSON."""
    raw = blob.read(offset, engine.ctx.options.max_json)
    text = raw.decode("utf-8", "replace")
    try:
        doc, end = json.JSONDecoder().raw_decode(text)
    except (ValueError, RecursionError):
        return 0
    engine.ctx.scanned.append(f"{where.text()}@{offset} (keras config)")
    check_config(engine, doc, where.inside(f"model_config@{offset}"))
    return len(text[:end].encode("utf-8", "replace"))
