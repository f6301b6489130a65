"""Validation against the official SPDX 3.0.1 JSON schema (tests/data/spdx3/schema.json), fast enough for tests.

The schema's top level says: an object with ``@context`` (a constant) and ``@graph``, each graph item matching
``AnyClass`` (``anyOf`` over every class) with ``unevaluatedProperties: false``. jsonschema evaluates that
``anyOf`` + ``unevaluatedProperties`` pair very slowly (seconds per node). Every class in ``AnyClass`` requires
its own ``type`` constant, so an item matches ``AnyClass`` exactly when it matches ``$defs/<its type>``: we
validate each item against that definition of the same schema, with the same ``unevaluatedProperties: false``,
and check the top level ourselves. ``full_errors`` runs the schema as written, for a cross-check.

One more speed-up, exact in meaning: inside an ``anyOf``, an alternative that demands ``"type": "object"`` is
skipped when the instance is not an object (it cannot match). IRI references (plain strings) otherwise walk
every class definition before reaching ``BlankNodeOrIRI``.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import jsonschema
from jsonschema import ValidationError
from jsonschema.validators import extend

SCHEMA = Path(__file__).resolve().parents[1] / "data" / "spdx3" / "schema.json"
CONTEXT = "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"


@cache
def _schema() -> dict:
    return json.loads(SCHEMA.read_text("utf-8"))


def _any_of(validator, any_of, instance, schema):  # type: ignore[no-untyped-def]
    """``anyOf`` as in jsonschema, skipping object-only alternatives for non-objects (they cannot match)."""
    all_errors = []
    for index, subschema in enumerate(any_of):
        if not isinstance(instance, dict) and isinstance(subschema, dict) and subschema.get("type") == "object":
            continue
        errs = list(validator.descend(instance, subschema, schema_path=index))
        if not errs:
            return
        all_errors.extend(errs)
    yield ValidationError(f"{instance!r} is not valid under any of the given schemas", context=all_errors)


Validator = extend(jsonschema.Draft202012Validator, {"anyOf": _any_of})


@cache
def full_validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(_schema())


@cache
def _class_validator(kind: str) -> jsonschema.protocols.Validator:
    schema = _schema()
    sub = {
        "$schema": schema["$schema"],
        "$defs": schema["$defs"],
        "type": "object",
        "$ref": f"#/$defs/{kind}",
        "unevaluatedProperties": False,
    }
    return Validator(sub)


def errors(doc: object) -> list[str]:
    """Schema errors of an SPDX 3.0.1 JSON-LD document with a ``@graph`` (empty: valid)."""
    if not isinstance(doc, dict):
        return ["not an object"]
    out = [f"unexpected top-level key {k!r}" for k in doc if k not in ("@context", "@graph")]
    if doc.get("@context") != CONTEXT:
        out.append("wrong or missing @context")
    graph = doc.get("@graph")
    if not isinstance(graph, list):
        return [*out, "@graph is not a list"]
    defs = _schema()["$defs"]
    for i, node in enumerate(graph):
        kind = node.get("type") if isinstance(node, dict) else None
        if not isinstance(kind, str) or kind not in defs:
            out.append(f"@graph[{i}]: unknown type {kind!r}")
            continue
        first = next(iter(_class_validator(kind).iter_errors(node)), None)
        if first is not None:
            out.append(f"@graph[{i}] {kind}: {first.message[:300]}")
    return out


def full_errors(doc: object) -> list[str]:
    """The first error of the schema exactly as written (slow: seconds per document)."""
    first = next(iter(full_validator().iter_errors(doc)), None)
    return [] if first is None else [first.message[:300]]
