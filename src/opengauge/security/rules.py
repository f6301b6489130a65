"""The scanner's stable rule ids (``OG-SEC-xxx``), their default severity and remediation."""

from __future__ import annotations

from dataclasses import dataclass

from opengauge.record import Severity


@dataclass(frozen=True, slots=True)
class SecRule:
    """One rule of the artifact scanner; ``inconclusive`` rules mean "could not tell", not "unsafe"."""

    id: str
    title: str
    severity: Severity
    remediation: str
    inconclusive: bool = False


_C, _H, _M, _L, _I = Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO
_PICKLE_FIX = "Do not load this file with pickle; ship weights as safetensors, or review and suppress."

RULES: dict[str, SecRule] = {
    r.id: r
    for r in (
        SecRule("OG-SEC-001", "pickle imports a known-dangerous callable", _C, _PICKLE_FIX),
        SecRule("OG-SEC-002", "pickle import with a name computed at load time", _C, _PICKLE_FIX),
        SecRule("OG-SEC-003", "pickle imports a global that is not on the allow-list", _H, _PICKLE_FIX),
        SecRule("OG-SEC-004", "pickle calls or builds on a load-time-produced object", _C, _PICKLE_FIX),
        SecRule("OG-SEC-005", "pickle resolver trick: dotted or dunder attribute path", _C, _PICKLE_FIX),
        SecRule("OG-SEC-006", "pickle uses the copyreg extension registry", _H, _PICKLE_FIX),
        SecRule("OG-SEC-007", "numpy object array: loading requires allow_pickle", _L, _PICKLE_FIX),
        SecRule("OG-SEC-010", "archive member path escapes the extraction folder", _H, "Remove the member."),
        SecRule("OG-SEC-011", "archive is a decompression bomb", _H, "Do not extract this archive."),
        SecRule("OG-SEC-012", "archive has duplicate or inconsistent member names", _M, "Rebuild the archive."),
        SecRule("OG-SEC-013", "archive link or special member", _H, "Remove links and device members."),
        SecRule("OG-SEC-020", "Keras Lambda layer (arbitrary Python at load)", _C, "Rebuild without Lambda."),
        SecRule("OG-SEC-021", "Keras config carries marshalled or pickled code", _C, "Rebuild without it."),
        SecRule("OG-SEC-022", "Keras TFSMLayer loads an external SavedModel", _H, "Inline the layer."),
        SecRule("OG-SEC-023", "Keras config imports a module outside Keras", _H, "Review the custom module."),
        SecRule("OG-SEC-030", "TensorFlow graph uses a file-system or Python op", _H, "Remove the op."),
        SecRule("OG-SEC-031", "TorchScript archive carries code", _H, "Prefer safetensors weights."),
        SecRule("OG-SEC-040", "chat template reaches Python internals (sandbox escape)", _C, "Fix the template."),
        SecRule("OG-SEC-050", "ONNX external data path escapes the model folder", _H, "Use relative paths."),
        SecRule("OG-SEC-060", "safetensors header is malformed", _H, "Re-export the file."),
        SecRule("OG-SEC-061", "GGUF header is malformed", _H, "Re-export the file."),
        SecRule("OG-SEC-070", "release code runs built strings (exec/eval/compile)", _H, "Remove dynamic code."),
        SecRule("OG-SEC-071", "release code imports modules by computed name", _M, "Import statically."),
        SecRule("OG-SEC-072", "release code starts processes", _H, "Remove process calls."),
        SecRule("OG-SEC-073", "release code opens network connections", _M, "Remove network calls."),
        SecRule("OG-SEC-074", "release code reads Hugging Face credentials", _C, "Remove token access."),
        SecRule("OG-SEC-075", "release code downloads without a pinned revision", _M, "Pin a revision/hash."),
        SecRule("OG-SEC-076", "release code deserialises unsafely (torch.load, pickle)", _M, "weights_only=True"),
        SecRule(
            "OG-SEC-093",
            "container or member the scanner cannot open: unsafe until shown otherwise",
            _M,
            "Ship it as zip, tar or gzip/bz2/xz, or unpack it and scan what is inside.",
        ),
        SecRule("OG-SEC-090", "scan budget or cap hit: the rest was not scanned", _L, "Raise the cap.", True),
        SecRule("OG-SEC-092", "file could not be parsed", _L, "Check the file; payloads may hide.", True),
    )
}
