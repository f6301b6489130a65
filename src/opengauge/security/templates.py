"""Chat templates (tokenizer_config.json, chat_template.json/.jinja, GGUF ``tokenizer.chat_template``): parsed
to a Jinja AST with ``Environment().parse`` (never rendered) and searched for sandbox escapes. Without jinja2
installed, a lexical scan of the same patterns is used."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from opengauge.security.blob import Blob
from opengauge.security.context import Where

if TYPE_CHECKING:
    from opengauge.security.engine import Engine

#: Attributes that lead from a template value to Python internals.
DANGER_ATTRS = frozenset(
    {
        "mro",
        "func_globals",
        "func_code",
        "f_globals",
        "f_locals",
        "f_back",
        "f_builtins",
        "gi_frame",
        "gi_code",
        "cr_frame",
        "ag_frame",
        "tb_frame",
        "im_func",
        "popen",
        "import_module",
    }
)
_LEXICAL = re.compile(
    r"__\w+__|\|\s*attr\b|\.\s*(?:" + "|".join(sorted(DANGER_ATTRS)) + r")\b|\{%-?\s*(?:import|include|extends|from)\b"
)


def _bad_attr(attr: str) -> bool:
    return attr.startswith("_") or attr in DANGER_ATTRS


def _const_str(node: Any) -> str | None:
    from jinja2 import nodes

    return node.value if isinstance(node, nodes.Const) and isinstance(node.value, str) else None


def _built_string(node: Any) -> bool:
    """Whether an expression builds a string at render time (``'__cl' ~ 'ass__'``, ``'a' + x``, ``|join``)."""
    from jinja2 import nodes

    for sub in [node, *node.find_all(nodes.Expr)]:
        if isinstance(sub, nodes.Concat):
            return True
        if isinstance(sub, nodes.Add) and (_const_str(sub.left) is not None or _const_str(sub.right) is not None):
            return True
        if isinstance(sub, nodes.Filter) and sub.name in ("join", "format", "replace", "reverse", "string"):
            return True
    return False


def _walk(node: Any) -> Iterator[tuple[str, str]]:
    """(problem, evidence) for every dangerous construct in a parsed template."""
    from jinja2 import nodes

    for sub in node.find_all((nodes.Getattr, nodes.Getitem, nodes.Filter, nodes.Const, nodes.Import,
                              nodes.FromImport, nodes.Include, nodes.Extends)):  # fmt: skip
        if isinstance(sub, nodes.Getattr) and _bad_attr(sub.attr):
            yield "attribute access to Python internals", f".{sub.attr}"
        elif isinstance(sub, nodes.Getitem):
            key = _const_str(sub.arg)
            if key is not None and _bad_attr(key):
                yield "item access to Python internals", f"[{key!r}]"
            elif key is None and _built_string(sub.arg):
                yield "item access with a key built at render time", "[<computed>]"
        elif isinstance(sub, nodes.Filter) and sub.name == "attr":
            arg = _const_str(sub.args[0]) if sub.args else None
            if arg is None or _bad_attr(arg):
                yield "attr filter reaches Python internals", f"|attr({arg!r})"
        elif isinstance(sub, nodes.Const) and isinstance(sub.value, str) and "__" in sub.value:
            yield "dunder name in a string literal", repr(sub.value[:80])
        elif isinstance(sub, nodes.Import | nodes.FromImport | nodes.Include | nodes.Extends):
            yield "template loads other templates", type(sub).__name__


def scan_template(engine: Engine, text: str, where: Where) -> None:
    """Report sandbox escapes in one template source."""
    ctx = engine.ctx
    ctx.scanned.append(f"{where.text()} (chat template)")
    try:
        import jinja2
    except ImportError:  # pragma: no cover - jinja2 is a dev dependency
        for m in list(_LEXICAL.finditer(text))[:20]:
            ctx.report("OG-SEC-040", where, "template reaches Python internals (lexical scan)", evidence=m.group(0))
        return
    try:
        tree = jinja2.Environment().parse(text)  # noqa: S701 - parsed to an AST, never rendered
    except (jinja2.TemplateSyntaxError, RecursionError) as exc:
        ctx.broken(where, f"chat template does not parse: {exc}")
        hits = list(_LEXICAL.finditer(text))[:20]
        for m in hits:
            ctx.report("OG-SEC-040", where, "template reaches Python internals (lexical scan)", evidence=m.group(0))
        return
    for problem, evidence in list(_walk(tree))[:50]:
        ctx.report("OG-SEC-040", where, f"chat template: {problem}", evidence=evidence)


def templates_in_json(doc: Any) -> Iterator[tuple[str, str]]:
    """(key, template) pairs of a tokenizer/processor config or chat_template.json."""
    if not isinstance(doc, dict):
        return
    value = doc.get("chat_template")
    if isinstance(value, str):
        yield "chat_template", value
    elif isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, dict) and isinstance(item.get("template"), str):
                yield f"chat_template[{item.get('name', i)}]", item["template"]


def scan_template_file(engine: Engine, blob: Blob, where: Where, name: str) -> None:
    ctx = engine.ctx
    if blob.size > ctx.options.max_json:
        ctx.cap(where, "template file bytes", ctx.options.max_json)
        return
    raw = blob.read(0, blob.size)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        ctx.broken(where, "template file is not UTF-8")
        return
    if not name.lower().endswith(".json"):
        scan_template(engine, text, where)
        return
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError) as exc:
        ctx.broken(where, f"JSON does not parse: {exc}")
        return
    found = False
    for key, template in templates_in_json(doc):
        found = True
        scan_template(engine, template, where.inside(key))
    if not found:
        ctx.scanned.append(f"{where.text()} (config without chat template)")
