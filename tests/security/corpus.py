"""The malicious corpus, written as raw bytes by us (never loaded), and its benign twins.

Each malicious sample names the rule ids the scanner must report; every one must fail the gate (exit != 0).
"""

from __future__ import annotations

import base64
import gzip
import io
import json
import pickle
import struct
import tarfile
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# -- pickle assembly --------------------------------------------------------------------------------------

PROTO2 = b"\x80\x02"
PROTO4 = b"\x80\x04"
STOP = b"."
MARK = b"("
REDUCE = b"R"
TUPLE = b"t"
TUPLE1 = b"\x85"
TUPLE2 = b"\x86"
EMPTY_DICT = b"}"
BUILD = b"b"
NEWOBJ = b"\x81"


def glob(module: str, name: str) -> bytes:
    return b"c" + module.encode() + b"\n" + name.encode() + b"\n"


def u(text: str) -> bytes:
    raw = text.encode()
    return b"\x8c" + bytes([len(raw)]) + raw


def stack_global(module: str, name: str) -> bytes:
    return u(module) + u(name) + b"\x93"


def binbytes(data: bytes) -> bytes:
    return b"B" + struct.pack("<I", len(data)) + data


def call1(callee: bytes, arg: bytes) -> bytes:
    return callee + arg + TUPLE1 + REDUCE


def os_system_p0() -> bytes:
    return b"cos\nsystem\n(S'echo pwned'\ntR."


def eval_stack_global() -> bytes:
    return PROTO4 + call1(stack_global("builtins", "eval"), u("print(1)")) + STOP


def inst_popen() -> bytes:
    return b"(S'id'\nisubprocess\nPopen\n."


def obj_exec() -> bytes:
    return PROTO2 + MARK + glob("builtins", "exec") + u("x=1") + b"o" + STOP


def import_module_vars() -> bytes:
    """picklescan grades these "suspicious" and exits 0: import_module('os') -> vars() -> ['system'] -> call."""
    mod = call1(glob("importlib", "import_module"), u("os"))
    namespace = call1(glob("builtins", "vars"), mod)
    func = glob("operator", "getitem") + namespace + u("system") + TUPLE2 + REDUCE
    return PROTO2 + func + u("echo pwned") + TUPLE1 + REDUCE + STOP


def dotted_name() -> bytes:
    """A dotted STACK_GLOBAL name that walks from an allowed module to os.system."""
    return PROTO4 + call1(stack_global("collections", "OrderedDict.__init__.__globals__"), u("x")) + STOP


def dotted_runstring() -> bytes:
    return PROTO4 + call1(stack_global("numpy", "testing._private.utils.runstring"), u("x")) + STOP


def computed_name() -> bytes:
    """The module name is the result of a call (builtins.str is allowed): a non-literal import."""
    module = call1(glob("builtins", "str"), u("os"))
    return PROTO4 + module + u("system") + b"\x93" + u("id") + TUPLE1 + REDUCE + STOP


def memo_computed_name() -> bytes:
    module = call1(glob("builtins", "str"), u("os")) + b"\x94"  # MEMOIZE
    return PROTO4 + module + b"0" + b"h\x00" + u("system") + b"\x93" + STOP


def nested_bytes() -> bytes:
    """A harmless-looking outer pickle whose bytes literal is a malicious pickle."""
    inner = PROTO2 + call1(glob("os", "system"), u("echo pwned")) + STOP
    return PROTO2 + call1(glob("torch.storage", "_load_from_bytes"), binbytes(inner)) + STOP


def nested_latin1() -> bytes:
    """Protocol 2 style: bytes as latin-1 text for _codecs.encode, carrying a pickle."""
    inner = PROTO2 + call1(glob("posix", "system"), u("id")) + STOP
    text = inner.decode("latin-1")
    raw = text.encode("utf-8")
    arg = b"X" + struct.pack("<I", len(raw)) + raw
    return PROTO2 + glob("_codecs", "encode") + arg + u("latin1") + TUPLE2 + REDUCE + STOP


def broken_after_payload() -> bytes:
    return PROTO2 + call1(glob("os", "system"), u("id")) + b"\xff\xfe garbage"


def second_stream() -> bytes:
    return pickle.dumps({"weights": [1, 2, 3]}, protocol=2) + PROTO2 + call1(glob("os", "system"), u("id")) + STOP


def ext_opcode() -> bytes:
    return PROTO2 + b"\x82\x01" + u("id") + TUPLE1 + REDUCE + STOP


def build_on_global() -> bytes:
    state = EMPTY_DICT + u("__reduce__") + u("x") + b"s"
    return PROTO2 + glob("collections", "OrderedDict") + state + BUILD + STOP


def call_result_call() -> bytes:
    """REDUCE on an object produced at load time (allowed globals only)."""
    made = call1(glob("collections", "OrderedDict"), EMPTY_DICT)
    return PROTO2 + made + u("x") + TUPLE1 + REDUCE + STOP


def legacy_torch(payload_stream: int) -> bytes:
    """The five stacked pickles of a pre-zip torch file, with the payload in stream ``payload_stream``."""
    evil = PROTO2 + call1(glob("os", "system"), u("id")) + STOP
    streams = [
        pickle.dumps(0x1950A86A20F9469CFC6C, protocol=2),
        pickle.dumps(1001, protocol=2),
        pickle.dumps({"protocol_version": 1001, "little_endian": True}, protocol=2),
        pickle.dumps({"w": 1}, protocol=2),
        pickle.dumps(["0"], protocol=2),
    ]
    streams[payload_stream] = evil
    return b"".join(streams) + struct.pack("<q", 4) + b"\x00" * 16


def torch_zip(data_pkl: bytes, *, prefix: bytes = b"", extra: dict[str, bytes] | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("archive/data.pkl", data_pkl)
        zf.writestr("archive/data/0", b"\x00" * 64)
        zf.writestr("archive/version", b"3\n")
        zf.writestr("archive/byteorder", b"little")
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return prefix + buf.getvalue()


def evil_pickle() -> bytes:
    return PROTO2 + call1(glob("os", "system"), u("echo pwned")) + STOP


def zip_local_name_lie() -> bytes:
    """The local header says README.txt; the central directory (which torch reads) says data.pkl."""
    raw = bytearray(torch_zip(evil_pickle()))
    at = raw.find(b"archive/data.pkl")
    raw[at : at + 16] = b"archive/README.x"
    return bytes(raw)


def torch_tar(evil_in: str) -> bytes:
    evil = evil_pickle()
    record = PROTO2 + MARK + u("0") + u("cpu") + glob("torch", "FloatStorage") + TUPLE + STOP
    storages = pickle.dumps(1, protocol=2) + record + struct.pack("<q", 2) + b"\x00" * 8 + pickle.dumps([], 2)
    members = {
        "sys_info": pickle.dumps({"protocol_version": 1001}, protocol=2),
        "pickle": pickle.dumps({"w": 1}, protocol=2),
        "storages": storages,
        "tensors": pickle.dumps(0, protocol=2),
    }
    if evil_in == "tensors":
        members["tensors"] = pickle.dumps(1, protocol=2) + evil + struct.pack("<i", 0) + b"\x00" * 12
    elif evil_in in members:
        members[evil_in] = evil
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tf:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def zip_with(members: dict[str, bytes], method: int = zipfile.ZIP_STORED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def zip_bomb() -> bytes:
    return zip_with({"zeros.bin": b"\x00" * (8 << 20)}, zipfile.ZIP_DEFLATED)


def zip_traversal() -> bytes:
    return zip_with({"../../evil.pkl": b"hello"})


def zip_overlap() -> bytes:
    """Two central-directory entries pointing at the same local header (quoted overlap)."""
    raw = bytearray(zip_with({"a.txt": b"A" * 100, "b.txt": b"B" * 100}))
    eocd = raw.rfind(b"PK\x05\x06")
    (cd_off,) = struct.unpack_from("<I", raw, eocd + 16)
    second = raw.find(b"PK\x01\x02", cd_off + 4)
    struct.pack_into("<I", raw, second + 42, 0)  # b.txt -> a.txt's local header
    return bytes(raw)


def zip_flagged(data: bytes, *, central: bool) -> bytes:
    """A stored member with the encryption flag set in the central directory (which zipfile, numpy and torch read
    and then refuse the member) or only in the local header (which they ignore, reading the member as it is)."""
    raw = bytearray(zip_with({"x.pkl": data}))
    sig, off = (b"PK\x01\x02", 8) if central else (b"PK\x03\x04", 6)
    at = raw.find(sig)
    raw[at + off] |= 1
    return bytes(raw)


def zip_method(data: bytes, method: int) -> bytes:
    """A member whose central directory names compression ``method`` (no loader's reader has it)."""
    raw = bytearray(zip_with({"x.pkl": data}))
    at = raw.find(b"PK\x01\x02")
    struct.pack_into("<H", raw, at + 10, method)
    return bytes(raw)


def seven_zip() -> bytes:
    return b"7z\xbc\xaf\x27\x1c\x00\x04" + b"\x00" * 24


# -- Keras / TF / TorchScript -----------------------------------------------------------------------------


def keras_config(layer: dict[str, object]) -> dict[str, object]:
    dense = {"module": "keras.layers", "class_name": "Dense", "config": {"name": "d", "units": 2}}
    inner = {"module": "keras", "class_name": "Functional", "config": {"name": "inner", "layers": [dense, layer]}}
    return {"module": "keras", "class_name": "Sequential", "config": {"name": "outer", "layers": [inner]}}


def keras_zip(config: dict[str, object]) -> bytes:
    return zip_with(
        {
            "metadata.json": json.dumps({"keras_version": "3.6.0"}).encode(),
            "config.json": json.dumps(config).encode(),
            "model.weights.h5": b"\x89HDF\r\n\x1a\n" + b"\x00" * 64,
        },
        zipfile.ZIP_DEFLATED,
    )


LAMBDA_K3 = {
    "module": "keras.layers",
    "class_name": "Lambda",
    "config": {
        "name": "lam",
        "function": {
            "class_name": "__lambda__",
            "config": {"code": base64.b64encode(b"\xe3\x00\x00fake-marshal").decode()},
        },
    },
}
OS_MODULE = {"module": "os", "class_name": "system", "config": {"name": "x"}}
TFSM = {"module": "keras.layers", "class_name": "TFSMLayer", "config": {"name": "t", "filepath": "/tmp/sm"}}
DENSE = {"module": "keras.layers", "class_name": "Dense", "config": {"name": "d2", "units": 1}}


def h5_with_config(config: dict[str, object]) -> bytes:
    """Enough HDF5 to be recognised, with the model_config attribute as Keras 2 writes it."""
    text = json.dumps(config).encode()
    return b"\x89HDF\r\n\x1a\n" + b"\x00" * 200 + b"model_config\x00\x00" + text + b"\x00" * 300


KERAS2_LAMBDA = {
    "class_name": "Sequential",
    "config": {
        "name": "s",
        "layers": [
            {
                "class_name": "Lambda",
                "config": {
                    "name": "lambda",
                    "function": [base64.b64encode(b"\xe3marshal").decode(), None, None],
                    "function_type": "lambda",
                },
            }
        ],
    },
}
KERAS2_DENSE = {"class_name": "Sequential", "config": {"name": "s", "layers": [{"class_name": "Dense", "config": {}}]}}


def pb_string(field: int, value: bytes) -> bytes:
    return bytes([(field << 3) | 2, len(value)]) + value


def tf_graph(ops: list[str]) -> bytes:
    nodes = b"".join(
        pb_string(1, pb_string(1, f"n{i}".encode()) + pb_string(2, op.encode())) for i, op in enumerate(ops)
    )
    return pb_string(2, nodes)  # MetaGraphDef-like wrapper


def torchscript_zip() -> bytes:
    return zip_with(
        {
            "archive/data.pkl": PROTO2 + glob("__torch__", "Net") + b")" + NEWOBJ + STOP,
            "archive/code/__torch__.py": b"def forward(self, x):\n  return x\n",
            "archive/constants.pkl": pickle.dumps((), protocol=2),
            "archive/version": b"3\n",
        }
    )


# -- GGUF / safetensors / ONNX / templates ----------------------------------------------------------------

BENIGN_TEMPLATE = (
    "{% for message in messages %}{% if message['role'] == 'system' %}<<SYS>>{{ message['content'] }}<</SYS>>"
    "{% elif loop.index0 % 2 == 0 %}[INST] {{ message['content'] | trim }} [/INST]{% else %}"
    "{{ message['content'] }}{{ eos_token }}{% endif %}{% endfor %}"
    "{% if add_generation_prompt %}{{ messages[loop.index0 + 1] if false else '' }}{% endif %}"
)
EVIL_TEMPLATES = {
    "globals": "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "subclasses": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "computed-attr": "{% set n = '__cla' ~ 'ss__' %}{{ messages|attr(n) }}",
    "item-dunder": "{{ self['__init__']['__globals__'] }}",
}


def _gguf_str(s: str) -> bytes:
    raw = s.encode()
    return struct.pack("<Q", len(raw)) + raw


def gguf(template: str | None, *, tensor_offset: int = 0, n_elems: int = 8, data: int = 32) -> bytes:
    kvs = [(_gguf_str("general.architecture"), 8, _gguf_str("llama"))]
    kvs.append(
        (_gguf_str("tokenizer.ggml.tokens"), 9, struct.pack("<IQ", 8, 3) + b"".join(_gguf_str(t) for t in "abc"))
    )
    if template is not None:
        kvs.append((_gguf_str("tokenizer.chat_template"), 8, _gguf_str(template)))
    out = b"GGUF" + struct.pack("<IQQ", 3, 1, len(kvs))
    for key, vtype, value in kvs:
        out += key + struct.pack("<I", vtype) + value
    out += _gguf_str("w") + struct.pack("<I", 1) + struct.pack("<Q", n_elems) + struct.pack("<IQ", 0, tensor_offset)
    out += b"\x00" * ((-len(out)) % 32)
    return out + b"\x00" * data


def safetensors(header: dict[str, object], data: bytes) -> bytes:
    raw = json.dumps(header).encode()
    raw += b" " * ((-len(raw)) % 8)
    return struct.pack("<Q", len(raw)) + raw + data


def good_safetensors() -> bytes:
    header = {
        "__metadata__": {"format": "pt"},
        "a": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]},
        "b": {"dtype": "BF16", "shape": [4], "data_offsets": [16, 24]},
    }
    return safetensors(header, b"\x00" * 24)


def onnx_model(location: str) -> bytes:
    entry = b"\x0a\x08location" + pb_string(2, location.encode())
    tensor = pb_string(1, b"w") + b"\x72" + bytes([len(entry)]) + entry + b"\x70\x01"
    return b"\x08\x08" + pb_string(7, pb_string(5, tensor))


# -- release code ----------------------------------------------------------------------------------------

EVIL_CODE = {
    "exec": "import base64\nexec(base64.b64decode('cHJpbnQoMSk='))\n",
    "process": "import subprocess as sp\nsp.run(['curl', 'x'])\n",
    "network": "import requests\nrequests.post('https://x.invalid', data={})\n",
    "token": "import os\nt = os.environ.get('HF_TOKEN')\n",
    "token-file": "from pathlib import Path\np = Path.home() / '.cache/huggingface/token'\n",
    "download": "from huggingface_hub import hf_hub_download\nhf_hub_download('org/repo', 'w.bin')\n",
    "torch-load": "import torch\nsd = torch.load('w.bin')\n",
    "dyn-import": "import importlib\nm = importlib.import_module(name)\n",
}
BENIGN_CODE = (
    "import math\nimport torch\nfrom torch import nn\nfrom transformers import PreTrainedModel, AutoModel\n\n"
    "class Net(PreTrainedModel):\n    def __init__(self, config):\n        super().__init__(config)\n"
    "        self.proj = nn.Linear(4, 4)\n"
    "        self.enc = AutoModel.from_pretrained('org/enc', revision='0123abc')\n\n"
    "    def forward(self, x):\n        return self.proj(x) * math.sqrt(4)\n\n"
    "def load(path):\n    return torch.load(path, weights_only=True, map_location='cpu')\n"
)


def _template_json(template: str) -> Callable[[], bytes]:
    return lambda: json.dumps({"chat_template": template}).encode()


@dataclass(frozen=True)
class Sample:
    """One file of the corpus."""

    name: str
    data: Callable[[], bytes]
    rules: tuple[str, ...]  # rule ids that must be reported (empty for benign)
    exit_code: int = 1


MALICIOUS: tuple[Sample, ...] = (
    Sample("p0_system.pkl", os_system_p0, ("OG-SEC-001",)),
    Sample("weights.bin", eval_stack_global, ("OG-SEC-001",)),
    Sample("inst.dat", inst_popen, ("OG-SEC-001",)),
    Sample("obj.pt", obj_exec, ("OG-SEC-001",)),
    Sample("resolver.pkl", import_module_vars, ("OG-SEC-001", "OG-SEC-004")),
    Sample("dotted.pkl", dotted_name, ("OG-SEC-005",)),
    Sample("dotted2.pkl", dotted_runstring, ("OG-SEC-001",)),
    Sample("computed.pkl", computed_name, ("OG-SEC-002",)),
    Sample("memo_computed.pkl", memo_computed_name, ("OG-SEC-002",)),
    Sample("nested.pkl", nested_bytes, ("OG-SEC-001",)),
    Sample("nested_latin1.pkl", nested_latin1, ("OG-SEC-001",)),
    Sample("broken.pkl", broken_after_payload, ("OG-SEC-001", "OG-SEC-092")),
    Sample("second.pkl", second_stream, ("OG-SEC-001",)),
    Sample("ext.pkl", ext_opcode, ("OG-SEC-006",)),
    Sample("build_global.pkl", build_on_global, ("OG-SEC-004",)),
    Sample("call_result.pkl", call_result_call, ("OG-SEC-004",)),
    Sample("legacy_main.pt", lambda: legacy_torch(3), ("OG-SEC-001",)),
    Sample("legacy_sysinfo.pt", lambda: legacy_torch(2), ("OG-SEC-001",)),
    Sample("legacy_keys.pt", lambda: legacy_torch(4), ("OG-SEC-001",)),
    Sample("model.png", lambda: torch_zip(evil_pickle()), ("OG-SEC-001",)),
    Sample("prefixed.txt", lambda: torch_zip(evil_pickle(), prefix=b"junk" * 100), ("OG-SEC-001",)),
    Sample("lie.pt", zip_local_name_lie, ("OG-SEC-001",)),
    Sample("extra.pt", lambda: torch_zip(b"}.", extra={"archive/extra/x": evil_pickle()}), ("OG-SEC-001",)),
    Sample("tar_pickle.pt", lambda: torch_tar("pickle"), ("OG-SEC-001",)),
    Sample("tar_sysinfo.pt", lambda: torch_tar("sys_info"), ("OG-SEC-001",)),
    Sample("tar_tensors.pt", lambda: torch_tar("tensors"), ("OG-SEC-001",)),
    Sample("pickle.gz", lambda: gzip.compress(evil_pickle()), ("OG-SEC-001",)),
    Sample("model.joblib.z", lambda: zlib.compress(evil_pickle()), ("OG-SEC-001",)),
    Sample("deflated.zip", lambda: zip_with({"w.pkl": evil_pickle() * 3}, zipfile.ZIP_DEFLATED), ("OG-SEC-001",)),
    Sample("archive.7z", seven_zip, ("OG-SEC-093",)),
    Sample("rows.jsonl.zst", lambda: b"\x28\xb5\x2f\xfd" + b"\x00" * 16, ("OG-SEC-093",)),
    Sample("encrypted.zip", lambda: zip_flagged(evil_pickle(), central=True), ("OG-SEC-093",)),
    Sample("local-flag.npz", lambda: zip_flagged(evil_pickle(), central=False), ("OG-SEC-001",)),
    Sample("lzma.npz", lambda: zip_with({"w.pkl": evil_pickle()}, zipfile.ZIP_LZMA), ("OG-SEC-001",)),
    Sample("method9.zip", lambda: zip_method(evil_pickle(), 9), ("OG-SEC-093",)),
    Sample("bomb.zip", zip_bomb, ("OG-SEC-011",)),
    Sample("traversal.zip", zip_traversal, ("OG-SEC-010",)),
    Sample("overlap.zip", zip_overlap, ("OG-SEC-011",)),
    Sample("lambda.keras", lambda: keras_zip(keras_config(LAMBDA_K3)), ("OG-SEC-020", "OG-SEC-021")),
    Sample("module.keras", lambda: keras_zip(keras_config(OS_MODULE)), ("OG-SEC-023",)),
    Sample("tfsm.keras", lambda: keras_zip(keras_config(TFSM)), ("OG-SEC-022",)),
    Sample("lambda.h5", lambda: h5_with_config(KERAS2_LAMBDA), ("OG-SEC-020", "OG-SEC-021")),
    Sample("saved_model.pb", lambda: tf_graph(["Const", "ReadFile", "MatMul"]), ("OG-SEC-030",)),
    Sample("script.pt", torchscript_zip, ("OG-SEC-031", "OG-SEC-003")),
    Sample("evil.gguf", lambda: gguf(EVIL_TEMPLATES["globals"]), ("OG-SEC-040",)),
    Sample("oob.gguf", lambda: gguf(None, tensor_offset=4096), ("OG-SEC-061",)),
    Sample("trunc.gguf", lambda: gguf(None)[:40], ("OG-SEC-061",)),
    Sample("model.onnx", lambda: onnx_model("../../etc/passwd"), ("OG-SEC-050",)),
    Sample("abs.onnx", lambda: onnx_model("/etc/passwd"), ("OG-SEC-050",)),
    Sample(
        "span.safetensors",
        lambda: safetensors({"a": {"dtype": "F32", "shape": [4], "data_offsets": [0, 8]}}, b"\x00" * 8),
        ("OG-SEC-060",),
    ),
    Sample(
        "overlap.safetensors",
        lambda: safetensors(
            {
                "a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]},
                "b": {"dtype": "F32", "shape": [2], "data_offsets": [4, 12]},
            },
            b"\x00" * 12,
        ),
        ("OG-SEC-060",),
    ),
    Sample(
        "oob.safetensors",
        lambda: safetensors({"a": {"dtype": "F32", "shape": [64], "data_offsets": [0, 256]}}, b"\x00" * 8),
        ("OG-SEC-060",),
    ),
    Sample("huge.safetensors", lambda: struct.pack("<Q", 1 << 40) + b'{"a":1}', ("OG-SEC-060",)),
    *(
        Sample(f"tpl-{k}/tokenizer_config.json", _template_json(t), ("OG-SEC-040",))
        for k, t in EVIL_TEMPLATES.items()
    ),
    *(Sample(f"code-{k}/modeling_x.py", (lambda c=c: c.encode()), (rule,)) for (k, c), rule in zip(
        EVIL_CODE.items(),
        ("OG-SEC-070", "OG-SEC-072", "OG-SEC-073", "OG-SEC-074", "OG-SEC-074", "OG-SEC-075", "OG-SEC-076",
         "OG-SEC-071"),
        strict=True,
    )),
)  # fmt: skip

BENIGN_RAW: tuple[Sample, ...] = (
    Sample("ok.safetensors", good_safetensors, ()),
    Sample("ok.gguf", lambda: gguf(BENIGN_TEMPLATE), ()),
    Sample("ok.keras", lambda: keras_zip(keras_config(DENSE)), ()),
    Sample("ok.h5", lambda: h5_with_config(KERAS2_DENSE), ()),
    Sample("ok/saved_model.pb", lambda: tf_graph(["Const", "MatMul", "SaveV2", "RestoreV2", "Identity"]), ()),
    Sample("ok.onnx", lambda: onnx_model("weights/w.bin"), ()),
    Sample("okt/tokenizer_config.json", lambda: json.dumps({"chat_template": BENIGN_TEMPLATE}).encode(), ()),
    Sample("okc/modeling_ok.py", BENIGN_CODE.encode, ()),
    Sample("ok.zip", lambda: zip_with({"a.txt": b"hello", "b/c.json": b"{}"}, zipfile.ZIP_DEFLATED), ()),
    Sample("ok-lzma.zip", lambda: zip_with({"a.pkl": pickle.dumps({"a": [1, 2]}, 2)}, zipfile.ZIP_LZMA), ()),
    Sample("legacy_ok.pt", lambda: _benign_legacy(), ()),  # noqa: PLW0108 - defined below
    Sample("torch_ok.pt", lambda: torch_zip(_benign_state_pickle()), ()),
    Sample("tar_ok.pt", lambda: torch_tar("none"), ()),
)


def _benign_state_pickle() -> bytes:
    """What torch writes for {'w': tensor} (hand-assembled: persistent id + _rebuild_tensor_v2)."""
    pid = MARK + u("storage") + glob("torch", "FloatStorage") + u("0") + u("cpu") + b"K\x04" + TUPLE + b"Q"
    args = MARK + pid + b"K\x00" + b"K\x04" + TUPLE1 + b"K\x01" + TUPLE1 + b"\x89" + glob("collections", "OrderedDict")
    args += b")" + REDUCE + TUPLE
    tensor = glob("torch._utils", "_rebuild_tensor_v2") + args + REDUCE
    return PROTO2 + glob("collections", "OrderedDict") + b")" + REDUCE + u("w") + tensor + b"s" + STOP


def _benign_legacy() -> bytes:
    streams = [
        pickle.dumps(0x1950A86A20F9469CFC6C, protocol=2),
        pickle.dumps(1001, protocol=2),
        pickle.dumps({"protocol_version": 1001, "little_endian": True}, protocol=2),
        _benign_state_pickle(),
        pickle.dumps(["0"], protocol=2),
    ]
    return b"".join(streams) + struct.pack("<q", 4) + b"(\x80\x02" + b"\x00" * 13


def write(samples: tuple[Sample, ...], root: Path) -> list[Path]:
    out = []
    for s in samples:
        path = root / s.name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(s.data())
        out.append(path)
    return out
