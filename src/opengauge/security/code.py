"""Release code (trust_remote_code modeling/config/tokenizer files, dataset scripts): an AST lane. The code is
parsed, never imported; calls are resolved through the file's own import aliases."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import TYPE_CHECKING

from opengauge.record import Severity
from opengauge.security.blob import Blob
from opengauge.security.context import Where

if TYPE_CHECKING:
    from opengauge.security.engine import Engine

EXEC_CALLS = frozenset({"exec", "eval", "compile", "builtins.exec", "builtins.eval", "builtins.compile"})
DYNAMIC_IMPORT = frozenset(
    {"__import__", "importlib.import_module", "importlib.__import__", "imp.load_source", "imp.load_module",
     "importlib.util.spec_from_file_location", "importlib.machinery.SourceFileLoader", "runpy.run_path",
     "runpy.run_module"}
)  # fmt: skip
PROCESS_CALLS = frozenset(
    {"subprocess.run", "subprocess.call", "subprocess.check_call", "subprocess.check_output", "subprocess.Popen",
     "subprocess.getoutput", "subprocess.getstatusoutput", "os.system", "os.popen", "os.execv", "os.execve",
     "os.execl", "os.execle", "os.execlp", "os.execvp", "os.execvpe", "os.spawnl", "os.spawnv", "os.spawnve",
     "os.posix_spawn", "os.posix_spawnp", "os.fork", "os.forkpty", "pty.spawn", "commands.getoutput",
     "asyncio.create_subprocess_exec", "asyncio.create_subprocess_shell"}
)  # fmt: skip
NETWORK_PREFIXES = (
    "requests.", "httpx.", "urllib.request.", "urllib3.", "http.client.", "socket.", "aiohttp.", "ftplib.",
    "smtplib.", "paramiko.", "websocket.", "websockets.", "telnetlib.", "wget.",
)  # fmt: skip
TOKEN_STRINGS = ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HUGGINGFACE_TOKEN", "HF_API_TOKEN", "huggingface/token")
TOKEN_CALLS = frozenset(
    {"huggingface_hub.get_token", "huggingface_hub.HfFolder.get_token", "huggingface_hub.utils.get_token",
     "HfFolder.get_token", "huggingface_hub.constants.HF_TOKEN_PATH"}
)  # fmt: skip
DOWNLOAD_CALLS = frozenset(
    {"huggingface_hub.hf_hub_download", "huggingface_hub.snapshot_download", "huggingface_hub.cached_download",
     "transformers.utils.cached_file", "datasets.load_dataset", "torch.hub.load", "torch.hub.download_url_to_file",
     "torch.hub.load_state_dict_from_url", "urllib.request.urlretrieve"}
)  # fmt: skip
UNSAFE_LOADS = frozenset(
    {"pickle.load", "pickle.loads", "pickle.Unpickler", "cPickle.load", "cPickle.loads", "dill.load", "dill.loads",
     "joblib.load", "marshal.load", "marshal.loads", "yaml.unsafe_load", "cloudpickle.load", "cloudpickle.loads",
     "shelve.open", "pandas.read_pickle"}
)  # fmt: skip


def _aliases(tree: ast.AST) -> dict[str, str]:
    out: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.asname:
                    out[a.asname] = a.name
                else:
                    out[a.name.split(".")[0]] = a.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for a in node.names:
                out[a.asname or a.name] = f"{node.module}.{a.name}"
    return out


def _qualname(node: ast.expr, aliases: dict[str, str]) -> str | None:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(aliases.get(node.id, node.id))
    return ".".join(reversed(parts))


def _is_const_str(node: ast.expr | None) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _kw(call: ast.Call, name: str) -> ast.expr | None:
    for kw in call.keywords:
        if kw.arg == name:
            return kw.value
    return None


Hit = tuple[str, int, str, Severity | None]


def _call_hits(call: ast.Call, name: str) -> Iterator[Hit]:
    line = call.lineno
    first = call.args[0] if call.args else None
    if name in EXEC_CALLS:
        if _is_const_str(first):
            yield "OG-SEC-070", line, f"{name}() of a literal string", Severity.MEDIUM
        else:
            yield "OG-SEC-070", line, f"{name}() of a string built at run time", None
    elif name in DYNAMIC_IMPORT and not _is_const_str(first):
        yield "OG-SEC-071", line, f"{name}() with a computed module name", None
    elif name in PROCESS_CALLS:
        yield "OG-SEC-072", line, f"{name}()", None
    elif name.startswith(NETWORK_PREFIXES):
        yield "OG-SEC-073", line, f"{name}()", None
    if name in TOKEN_CALLS:
        yield "OG-SEC-074", line, f"{name}() reads the Hugging Face token", None
    if name in DOWNLOAD_CALLS or name.endswith(".from_pretrained"):
        repo = first if first is not None else _kw(call, "repo_id")
        pinned = _kw(call, "revision") is not None or _kw(call, "hash_prefix") is not None
        if not pinned and (name in DOWNLOAD_CALLS or (_is_const_str(repo) and "/" in str(getattr(repo, "value", "")))):
            yield "OG-SEC-075", line, f"{name}() without a pinned revision", None
    if name == "torch.load":
        wo = _kw(call, "weights_only")
        if isinstance(wo, ast.Constant) and wo.value is False:
            yield "OG-SEC-076", line, "torch.load(weights_only=False) unpickles arbitrary objects", Severity.HIGH
        elif not (isinstance(wo, ast.Constant) and wo.value is True):
            yield "OG-SEC-076", line, "torch.load() without weights_only=True", None
    elif name in UNSAFE_LOADS:
        yield "OG-SEC-076", line, f"{name}() deserialises arbitrary objects", None
    elif name == "yaml.load" and _kw(call, "Loader") is None and len(call.args) < 2:
        yield "OG-SEC-076", line, "yaml.load() without a safe Loader", None
    elif name in ("numpy.load", "np.load"):
        ap = _kw(call, "allow_pickle")
        if isinstance(ap, ast.Constant) and ap.value is True:
            yield "OG-SEC-076", line, "numpy.load(allow_pickle=True)", None


def code_hits(source: str) -> Iterator[Hit]:
    """(rule id, line, message, severity override) for one Python source; raises SyntaxError."""
    tree = ast.parse(source)
    aliases = _aliases(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = _qualname(node.func, aliases)
            if name is not None:
                yield from _call_hits(node, name)
            if name == "getattr" and len(node.args) >= 2 and not _is_const_str(node.args[1]):
                target = _qualname(node.args[0], aliases) if isinstance(node.args[0], ast.expr) else None
                if target in ("os", "subprocess", "builtins", "__builtins__", "sys", "importlib"):
                    yield "OG-SEC-070", node.lineno, f"getattr({target}, <computed>)", None
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if any(t in node.value for t in TOKEN_STRINGS):
                yield "OG-SEC-074", getattr(node, "lineno", 0), f"mentions {node.value[:60]!r}", None
        elif isinstance(node, ast.Attribute) and node.attr == "HF_TOKEN_PATH":
            yield "OG-SEC-074", node.lineno, "reads HF_TOKEN_PATH", None


def scan_python(engine: Engine, blob: Blob, where: Where) -> None:
    ctx = engine.ctx
    if blob.size > ctx.options.max_code:
        ctx.cap(where, "Python source bytes", ctx.options.max_code)
        return
    source = blob.read(0, blob.size).decode("utf-8", "replace")
    try:
        hits = list(code_hits(source))
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        ctx.broken(where, f"Python source does not parse: {exc}")
        return
    for rule, line, message, severity in hits[:200]:
        ctx.report(rule, where, message, severity=severity, line=line)
