"""A pickle virtual machine that never loads: it decodes opcodes from a stream, tracks the real stack and memo
values, and reports every import, call and build the real unpickler would perform.

Values are stand-ins (``Global``, ``Made``, capped containers); nothing from the stream is ever imported or called.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from typing import Any

from opengauge.record import Severity
from opengauge.security.blob import Blob, BlobStream, BytesBlob, SliceBlob, Stream
from opengauge.security.context import ScanContext, Where
from opengauge.security.detect import sniff

#: Contents kept per container and per tuple; the rest is counted, not stored.
KEEP_ITEMS = 64
#: Longest str / bytes literal kept as a value.
KEEP_TEXT = 4096
#: Longest text line (protocol 0 arguments).
MAX_LINE = 16 << 20
#: Globals whose call results keep their arguments (needed to step over joblib's raw array buffers).
KEEP_ARGS = frozenset({("numpy", "dtype")})
JOBLIB_WRAPPERS = frozenset({("joblib.numpy_pickle", "NumpyArrayWrapper")})
#: The first value of a legacy (pre-zip) torch file.
TORCH_LEGACY_MAGIC = 0x1950A86A20F9469CFC6C

NestedFn = Callable[[Blob, Where, int], None]


class Broken(Exception):
    """The stream is not a valid pickle (or ends early: ``eof``)."""

    def __init__(self, message: str, *, eof: bool = False) -> None:
        super().__init__(message)
        self.eof = eof


class CapHit(Exception):
    """A cap was hit."""

    def __init__(self, what: str, limit: int) -> None:
        super().__init__(what)
        self.what = what
        self.limit = limit


class Global:
    """A global the unpickler would import."""

    __slots__ = ("module", "name")

    def __init__(self, module: str, name: str) -> None:
        self.module = module
        self.name = name

    def __repr__(self) -> str:
        return f"{self.module}.{self.name}"


class Made:
    """An object produced at load time by calling ``origin`` (a class, function or persistent loader)."""

    __slots__ = ("args", "origin", "state")

    def __init__(self, origin: object, args: object = None) -> None:
        self.origin = origin
        self.args = args
        self.state: object = None

    def __repr__(self) -> str:
        return f"<result of {self.origin!r}>"


class Opaque:
    """A value we do not track (persistent ids, out-of-band buffers, oversized literals)."""

    __slots__ = ("what",)

    def __init__(self, what: str) -> None:
        self.what = what

    def __repr__(self) -> str:
        return f"<{self.what}>"


class PList:
    __slots__ = ("items", "n")

    def __init__(self, items: list[object] | None = None) -> None:
        self.items: list[object] = items[:KEEP_ITEMS] if items else []
        self.n = len(items) if items else 0

    def add(self, values: list[object]) -> None:
        room = KEEP_ITEMS - len(self.items)
        if room > 0:
            self.items.extend(values[:room])
        self.n += len(values)


class PDict:
    __slots__ = ("items", "n")

    def __init__(self) -> None:
        self.items: list[tuple[object, object]] = []
        self.n = 0

    def add(self, flat: list[object]) -> None:
        for i in range(0, len(flat) - 1, 2):
            if len(self.items) < KEEP_ITEMS:
                self.items.append((flat[i], flat[i + 1]))
            self.n += 1

    def get(self, key: str) -> object:
        for k, v in self.items:
            if k == key:
                return v
        return None


class _Mark:
    __slots__ = ()


MARK = _Mark()
BIG_TEXT = Opaque("long text")
BIG_BYTES = Opaque("large bytes")
BIG_INT = Opaque("large int")
PERSISTENT = Opaque("persistent object")
BUFFER = Opaque("out-of-band buffer")


def _describe(value: object) -> str:
    if isinstance(value, str | bytes):
        return repr(value[:60])
    return type(value).__name__ if not isinstance(value, Global | Made | Opaque) else repr(value)


TEXT = Opaque("text")
_INTERN_MAX = 200_000


def _importable(text: str) -> bool:
    """Could this string name a module or attribute (``a.b.c`` of identifiers)?"""
    return len(text) <= 256 and all(part.isidentifier() for part in text.split("."))


def compact(value: object, intern: dict[object, object]) -> object:
    """The memo keeps what later opcodes can need: strings that could name an import, and small values.

    Other strings become ``TEXT`` (an import through one is then "computed", never missed), and equal tuples
    share one copy: this bounds the memo of a 200,000-tensor checkpoint."""
    if type(value) is str:
        return value if _importable(value) else TEXT
    if type(value) is tuple:
        value = tuple(TEXT if type(v) is str and not _importable(v) else v for v in value)
        try:
            shared = intern.get(value)
        except TypeError:  # pragma: no cover - all our values hash
            return value
        if shared is not None:
            return shared
        if len(intern) >= _INTERN_MAX:
            intern.clear()
        intern[value] = value
    return value


class Memo:
    """The memo: a list while indices are dense (the common case), a dict for the rest."""

    __slots__ = ("dense", "intern", "limit", "sparse")

    def __init__(self, limit: int) -> None:
        self.dense: list[object] = []
        self.sparse: dict[int, object] = {}
        self.limit = limit
        self.intern: dict[object, object] = {}

    def put(self, idx: int, value: object) -> None:
        if idx < 0:
            raise Broken("negative memo index")
        value = compact(value, self.intern)
        dense = self.dense
        if idx == len(dense):
            if idx >= self.limit:
                raise CapHit("pickle memo entries", self.limit)
            dense.append(value)
            self.sparse.pop(idx, None)  # keeps len() equal to the real memo's size
        elif 0 <= idx < len(dense):
            dense[idx] = value
        else:
            if len(self.sparse) >= self.limit:
                raise CapHit("pickle memo entries", self.limit)
            self.sparse[idx] = value

    def get(self, idx: int) -> object:
        if 0 <= idx < len(self.dense):
            return self.dense[idx]
        try:
            return self.sparse[idx]
        except KeyError:
            raise Broken(f"memo key {idx} was never stored") from None

    def __len__(self) -> int:
        return len(self.dense) + len(self.sparse)


class Budget:
    """Opcodes left for one top-level file (shared by nested streams)."""

    __slots__ = ("left", "limit")

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.left = limit


_u32 = struct.Struct("<I").unpack
_i32 = struct.Struct("<i").unpack
_u64 = struct.Struct("<Q").unpack
_u16 = struct.Struct("<H").unpack
_f64 = struct.Struct(">d").unpack


class PickleVM:
    """Emulates one pickle stream (up to its STOP) on ``stream``; reports through ``ctx``."""

    def __init__(
        self,
        stream: Stream,
        where: Where,
        ctx: ScanContext,
        *,
        depth: int,
        budget: Budget,
        nested: NestedFn,
    ) -> None:
        self.s = stream
        self.where = where
        self.ctx = ctx
        self.depth = depth
        self.budget = budget
        self.nested = nested
        self.stack: list[Any] = []
        self.metastack: list[list[Any]] = []
        self.memo = Memo(ctx.options.max_memo)
        self.proto = 0
        self.op_index = 0
        self.op_offset = 0
        self.result: object = None
        self.at_eof = False
        self.globals_seen: list[str] = []
        self._reported: set[tuple[str, str]] = set()
        self._globals: dict[tuple[str, str], Global] = {}
        self._made: dict[int, Made] = {}
        self._table: list[Callable[[], bool | None] | None] = [None] * 256
        for code, name in _OPS.items():
            self._table[code] = getattr(self, "op_" + name)

    # -- driver -------------------------------------------------------------------------------------------

    def run(self) -> bool:
        """Decode up to STOP. Returns True when the stream ended with STOP; problems are reported."""
        try:
            return self._loop()
        except Broken as exc:
            self.at_eof = exc.eof or self.s.peek(1) == b""
            self._report_broken(str(exc))
        except IndexError:
            self._report_broken("stack underflow")
        except CapHit as exc:
            self.ctx.cap(self.where, exc.what, exc.limit, offset=self.op_offset)
        except (struct.error, UnicodeDecodeError, ValueError, OverflowError) as exc:
            self._report_broken(f"bad argument ({exc})")
        return False

    def _report_broken(self, why: str) -> None:
        seen = f"; globals before the error: {', '.join(self.globals_seen[:20])}" if self.globals_seen else ""
        self.ctx.broken(self.where, f"pickle: {why}{seen}", offset=self.op_offset, op_index=self.op_index)

    def _loop(self) -> bool:  # noqa: PLR0915 - one flat loop: the hot path of the scanner
        """The opcode loop. Frequent opcodes are decoded inline on local state (the buffer, position and
        stack); the rest go through ``op_*`` handlers, with the state synced around the call."""
        s, table, budget, memo = self.s, self._table, self.budget, self.memo
        dense = memo.dense
        intern = memo.intern
        sparse = memo.sparse
        memo_limit = memo.limit
        max_stack = self.ctx.options.max_stack
        idx = self.op_index
        stack, metastack = self.stack, self.metastack
        buf, pos, base = s._buf, s._pos, s._base
        start = idx
        end_of_ops = idx + budget.left
        in_handler = False
        try:
            while True:
                if idx >= end_of_ops:
                    raise CapHit("pickle opcodes", budget.limit)
                nbuf = len(buf)
                if pos + 6 <= nbuf:  # inline fast path: opcode and a short argument are buffered
                    code = buf[pos]
                    if code == 0x72:  # LONG_BINPUT
                        i = int.from_bytes(buf[pos + 1 : pos + 5], "little")
                        if i == len(dense) and i < memo_limit and not sparse:
                            v = stack[-1]
                            tv = type(v)
                            dense.append(compact(v, intern) if tv is str or tv is tuple else v)
                            pos += 5
                            idx += 1
                            continue
                    elif code == 0x68:  # BINGET
                        i = buf[pos + 1]
                        if i < len(dense):
                            stack.append(dense[i])
                            pos += 2
                            idx += 1
                            continue
                    elif code == 0x4B:  # BININT1
                        stack.append(buf[pos + 1])
                        pos += 2
                        idx += 1
                        continue
                    elif code == 0x28:  # MARK
                        metastack.append(stack)
                        stack = []
                        pos += 1
                        idx += 1
                        continue
                    elif code == 0x58:  # BINUNICODE
                        n = int.from_bytes(buf[pos + 1 : pos + 5], "little")
                        if n <= KEEP_TEXT and pos + 5 + n <= nbuf and buf[pos + 5 : pos + 7] != b"\xc2\x80":
                            stack.append(buf[pos + 5 : pos + 5 + n].decode("utf-8", "surrogatepass"))
                            pos += 5 + n
                            idx += 1
                            continue
                    elif code == 0x74:  # TUPLE
                        if metastack:
                            items = stack
                            stack = metastack.pop()
                            stack.append(tuple(items[:KEEP_ITEMS]))
                            pos += 1
                            idx += 1
                            continue
                    elif code == 0x85:  # TUPLE1
                        stack[-1] = (stack[-1],)
                        pos += 1
                        idx += 1
                        continue
                    elif code == 0x52:  # REDUCE
                        callee = stack[-2]
                        if type(callee) is Global and (callee.module, callee.name) not in KEEP_ARGS:
                            made = self._made.get(id(callee))
                            if made is not None and made.origin is callee:
                                stack.pop()
                                stack[-1] = made
                                pos += 1
                                idx += 1
                                continue
                    elif code in (0x88, 0x89):  # NEWFALSE / NEWTRUE
                        stack.append(code == 0x88)
                        pos += 1
                        idx += 1
                        continue
                    elif code == 0x29:  # EMPTY_TUPLE
                        stack.append(())
                        pos += 1
                        idx += 1
                        continue
                    elif code == 0x8C:  # SHORT_BINUNICODE
                        n = buf[pos + 1]
                        if pos + 2 + n <= nbuf and buf[pos + 2 : pos + 4] != b"\xc2\x80":
                            stack.append(buf[pos + 2 : pos + 2 + n].decode("utf-8", "surrogatepass"))
                            pos += 2 + n
                            idx += 1
                            continue
                    elif code == 0x71:  # BINPUT
                        i = buf[pos + 1]
                        if i == len(dense) and i < memo_limit and not sparse:
                            v = stack[-1]
                            tv = type(v)
                            dense.append(compact(v, intern) if tv is str or tv is tuple else v)
                            pos += 2
                            idx += 1
                            continue
                    elif code == 0x94:  # MEMOIZE
                        if not sparse and len(dense) < memo_limit:
                            v = stack[-1]
                            tv = type(v)
                            dense.append(compact(v, intern) if tv is str or tv is tuple else v)
                            pos += 1
                            idx += 1
                            continue
                    elif code == 0x6A:  # LONG_BINGET
                        i = int.from_bytes(buf[pos + 1 : pos + 5], "little")
                        if i < len(dense):
                            stack.append(dense[i])
                            pos += 5
                            idx += 1
                            continue
                    elif code == 0x4A:  # BININT
                        stack.append(int.from_bytes(buf[pos + 1 : pos + 5], "little", signed=True))
                        pos += 5
                        idx += 1
                        continue
                    elif code == 0x86:  # TUPLE2
                        b = stack.pop()
                        stack[-1] = (stack[-1], b)
                        pos += 1
                        idx += 1
                        continue
                # slow path: a handler, with the state synced
                self.op_offset = base + pos
                self.op_index = idx
                s._pos = pos
                if pos < nbuf:
                    code = buf[pos]
                    s._pos = pos + 1
                else:
                    code = s.read_byte()
                    if code < 0:
                        raise Broken("stream ends before STOP", eof=True)
                handler = table[code]
                if handler is None:
                    raise Broken(f"unknown opcode 0x{code:02x}")
                self.stack = stack
                in_handler = True
                done = handler()
                in_handler = False
                stack, metastack = self.stack, self.metastack
                buf, pos, base = s._buf, s._pos, s._base
                if done:
                    return True
                idx += 1
                if not idx & 0xFFF and len(stack) + len(metastack) > max_stack:
                    raise CapHit("pickle stack depth", max_stack)
        finally:
            if not in_handler:
                s._pos = pos
                self.op_offset = base + pos
            self.stack = stack
            budget.left -= idx - start
            self.op_index = idx

    # -- helpers ------------------------------------------------------------------------------------------

    def _read(self, n: int) -> bytes:
        s = self.s
        pos = s._pos
        end = pos + n
        if end <= len(s._buf):
            s._pos = end
            return s._buf[pos:end]
        data = s.read(n)
        if len(data) != n:
            raise Broken("stream ends inside an opcode argument", eof=True)
        return data

    def _line(self) -> bytes:
        line = self.s.readline(MAX_LINE)
        if line is None:
            raise Broken("text argument without end of line", eof=self.s.exhausted)
        return line

    def _pop(self) -> Any:
        try:
            return self.stack.pop()
        except IndexError:
            raise Broken("stack underflow") from None

    def _pop_mark(self) -> list[Any]:
        items = self.stack
        try:
            self.stack = self.metastack.pop()
        except IndexError:
            raise Broken("no MARK on the stack") from None
        return items

    def _top(self) -> Any:
        if not self.stack:
            raise Broken("stack underflow")
        return self.stack[-1]

    def _finding(self, rule: str, message: str, evidence: str, severity: Severity | None = None) -> None:
        self.ctx.report(
            rule,
            self.where,
            message,
            evidence=evidence,
            severity=severity,
            offset=self.op_offset,
            op_index=self.op_index,
        )

    def _import(self, module: str, name: str, opname: str) -> Global:
        key = (module, name)
        glob = self._globals.get(key)
        if glob is None:
            glob = Global(module, name)
            if len(self._globals) < 100_000:
                self._globals[key] = glob
            if len(self.globals_seen) < 1000:
                self.globals_seen.append(f"{module}.{name}")
        if key not in self._reported:
            verdict = self.ctx.policy.grade(module, name)
            if verdict is not None:
                self._reported.add(key)
                self._finding(verdict.rule_id, verdict.reason, f"{opname} {module} {name}", verdict.severity)
        return glob

    def _call(self, callee: object, args: object, opname: str) -> Made:
        if not isinstance(callee, Global):
            self._finding(
                "OG-SEC-004",
                f"{opname} calls an object produced at load time ({_describe(callee)})",
                f"{opname} on {_describe(callee)}",
            )
            return Made(callee)
        key = (callee.module, callee.name)
        if key in KEEP_ARGS:
            return Made(callee, args)
        made = self._made.get(id(callee))
        if made is None or made.origin is not callee:
            made = Made(callee)
            self._made[id(callee)] = made
        return made

    def _text(self, raw: bytes, encoding: str) -> object:
        if raw[:2] == b"\xc2\x80" and encoding == "utf-8":
            self._latin1_payload(raw.decode("utf-8", "surrogatepass"))
        if len(raw) > KEEP_TEXT:
            return BIG_TEXT
        return raw.decode(encoding, "surrogatepass") if encoding == "utf-8" else raw.decode(encoding)

    def _latin1_payload(self, text: str) -> None:
        """Protocol 2 pickles bytes as latin-1 text for ``_codecs.encode``: scan a nested pickle there too."""
        try:
            data = text.encode("latin-1")
        except UnicodeEncodeError:
            return
        kind = sniff(data[:16])
        if kind is not None and self.depth + 1 <= self.ctx.options.max_depth:
            where = self.where.inside(f"<{kind} in text literal @{self.op_offset}>")
            self.nested(BytesBlob(data), where, self.depth + 1)

    def _bytes(self, n: int) -> object:
        """A bytes literal of length ``n``: nested payloads are scanned, big data skipped."""
        if n <= 16:
            data = self._read(n)
            kind = sniff(data)
            if kind is not None and self.depth + 1 <= self.ctx.options.max_depth:
                where = self.where.inside(f"<{kind} in bytes literal @{self.s.tell() - n}>")
                self.nested(BytesBlob(data), where, self.depth + 1)
            return data
        head = self.s.peek(16)
        kind = sniff(head)
        if kind is not None:
            self._nested_bytes(n, kind)
            return BIG_BYTES
        if n <= KEEP_TEXT:
            return self._read(n)
        if self.s.skip(n) != n:
            raise Broken("stream ends inside a bytes literal")
        return BIG_BYTES

    def _nested_bytes(self, n: int, kind: str) -> None:
        where = self.where.inside(f"<{kind} in bytes literal @{self.s.tell()}>")
        if self.depth + 1 > self.ctx.options.max_depth:
            self.ctx.cap(where, "nesting depth", self.ctx.options.max_depth)
            self.s.skip(n)
            return
        s = self.s
        if isinstance(s, BlobStream):
            start = s.tell()
            self.nested(SliceBlob(s.blob, start, n), where, self.depth + 1)
            if s.skip(n) != n:
                raise Broken("stream ends inside a bytes literal")
            return
        if n > self.ctx.options.max_nested_bytes:
            self.ctx.cap(where, "nested payload bytes", self.ctx.options.max_nested_bytes)
            s.skip(n)
            return
        self.nested(BytesBlob(self._read(n)), where, self.depth + 1)

    # -- opcodes ------------------------------------------------------------------------------------------
    # Each returns True only for STOP.

    def op_proto(self) -> None:
        self.proto = self.s.read_byte()
        if not 0 <= self.proto <= 5:
            raise Broken(f"unsupported protocol {self.proto}")

    def op_frame(self) -> None:
        self._read(8)

    def op_stop(self) -> bool:
        self.result = self.stack[-1] if self.stack else None
        return True

    def op_mark(self) -> None:
        self.metastack.append(self.stack)
        self.stack = []

    def op_pop(self) -> None:
        if self.stack:
            self.stack.pop()
        else:
            self._pop_mark()

    def op_pop_mark(self) -> None:
        self._pop_mark()

    def op_dup(self) -> None:
        self.stack.append(self._top())

    # literals
    def op_none(self) -> None:
        self.stack.append(None)

    def op_newtrue(self) -> None:
        self.stack.append(True)

    def op_newfalse(self) -> None:
        self.stack.append(False)

    def op_int(self) -> None:
        line = self._line()
        if line == b"00":
            self.stack.append(False)
        elif line == b"01":
            self.stack.append(True)
        else:
            self.stack.append(int(line) if len(line) <= 4300 else BIG_INT)

    def op_long(self) -> None:
        line = self._line().rstrip(b"L")
        self.stack.append(int(line) if len(line) <= 4300 else BIG_INT)

    def op_binint(self) -> None:
        self.stack.append(_i32(self._read(4))[0])

    def op_binint1(self) -> None:
        b = self.s.read_byte()
        if b < 0:
            raise Broken("stream ends inside an opcode argument")
        self.stack.append(b)

    def op_binint2(self) -> None:
        self.stack.append(_u16(self._read(2))[0])

    def op_long1(self) -> None:
        n = self.s.read_byte()
        if n < 0:
            raise Broken("stream ends inside an opcode argument")
        self.stack.append(int.from_bytes(self._read(n), "little", signed=True))

    def op_long4(self) -> None:
        n = _i32(self._read(4))[0]
        if n < 0:
            raise Broken("LONG4 with negative length")
        if n > 256:
            if self.s.skip(n) != n:
                raise Broken("stream ends inside LONG4")
            self.stack.append(BIG_INT)
            return
        self.stack.append(int.from_bytes(self._read(n), "little", signed=True))

    def op_float(self) -> None:
        self.stack.append(float(self._line()))

    def op_binfloat(self) -> None:
        self.stack.append(_f64(self._read(8))[0])

    def op_string(self) -> None:
        line = self._line().rstrip()
        if len(line) < 2 or line[0] != line[-1] or line[:1] not in (b"'", b'"'):
            raise Broken("STRING argument is not quoted")
        raw = line[1:-1]
        self.stack.append(self._text(raw, "latin-1") if b"\\" not in raw else BIG_TEXT)

    def op_binstring(self) -> None:
        n = _i32(self._read(4))[0]
        if n < 0:
            raise Broken("BINSTRING with negative length")
        self._push_text_or_bytes(n, "latin-1")

    def op_short_binstring(self) -> None:
        self._push_text_or_bytes(self._len1(), "latin-1")

    def _len1(self) -> int:
        s = self.s
        pos = s._pos
        if pos < len(s._buf):
            s._pos = pos + 1
            return s._buf[pos]
        n = s.read_byte()
        if n < 0:
            raise Broken("stream ends inside an opcode argument")
        return n

    def _push_text_or_bytes(self, n: int, encoding: str) -> None:
        if n <= KEEP_TEXT:
            self.stack.append(self._text(self._read(n), encoding))
            return
        value = self._bytes(n)  # long py2 strings may carry nested payloads too
        self.stack.append(BIG_TEXT if value is BIG_BYTES else value)

    def op_unicode(self) -> None:
        line = self._line()
        self.stack.append(self._text(line, "raw-unicode-escape"))

    def op_short_binunicode(self) -> None:
        raw = self._read(self._len1())
        if raw[:2] == b"\xc2\x80":
            self.stack.append(self._text(raw, "utf-8"))
        else:
            self.stack.append(raw.decode("utf-8", "surrogatepass"))

    def op_binunicode(self) -> None:
        self._unicode_n(_u32(self._read(4))[0])

    def op_binunicode8(self) -> None:
        self._unicode_n(_u64(self._read(8))[0])

    def _unicode_n(self, n: int) -> None:
        if n <= KEEP_TEXT or (self.s.peek(2) == b"\xc2\x80" and n <= self.ctx.options.max_nested_bytes):
            self.stack.append(self._text(self._read(n), "utf-8"))
        else:
            if self.s.skip(n) != n:
                raise Broken("stream ends inside a string literal")
            self.stack.append(BIG_TEXT)

    def op_short_binbytes(self) -> None:
        self.stack.append(self._bytes(self._len1()))

    def op_binbytes(self) -> None:
        self.stack.append(self._bytes(_u32(self._read(4))[0]))

    def op_binbytes8(self) -> None:
        self.stack.append(self._bytes(_u64(self._read(8))[0]))

    def op_bytearray8(self) -> None:
        self.stack.append(self._bytes(_u64(self._read(8))[0]))

    def op_next_buffer(self) -> None:
        self.stack.append(BUFFER)

    def op_readonly_buffer(self) -> None:
        self._top()

    # containers
    def op_empty_list(self) -> None:
        self.stack.append(PList())

    def op_empty_tuple(self) -> None:
        self.stack.append(())

    def op_empty_dict(self) -> None:
        self.stack.append(PDict())

    def op_empty_set(self) -> None:
        self.stack.append(PList())

    def op_list(self) -> None:
        items = self._pop_mark()  # (pop first: it replaces self.stack)
        self.stack.append(PList(items))

    def op_tuple(self) -> None:
        items = self._pop_mark()
        self.stack.append(tuple(items[:KEEP_ITEMS]))

    def op_tuple1(self) -> None:
        self.stack.append((self._pop(),))

    def op_tuple2(self) -> None:
        b = self._pop()
        a = self._pop()
        self.stack.append((a, b))

    def op_tuple3(self) -> None:
        c = self._pop()
        b = self._pop()
        a = self._pop()
        self.stack.append((a, b, c))

    def op_dict(self) -> None:
        items = self._pop_mark()
        d = PDict()
        d.add(items)
        self.stack.append(d)

    def op_frozenset(self) -> None:
        items = self._pop_mark()
        self.stack.append(PList(items))

    def op_append(self) -> None:
        value = self._pop()
        self._extend(self._top(), [value])

    def op_appends(self) -> None:
        items = self._pop_mark()
        self._extend(self._top(), items)

    def op_additems(self) -> None:
        items = self._pop_mark()
        self._extend(self._top(), items)

    def _extend(self, target: object, items: list[object]) -> None:
        self._mutate(target, items, PList, "appends to", "APPEND")

    def _mutate(self, target: object, items: list[object], container: type[PList | PDict], verb: str, op: str) -> None:
        """APPEND(S) / SETITEM(S): fill our container, flag mutation of a module-level object."""
        if isinstance(target, container):
            target.add(items)
        elif isinstance(target, Global):
            self._finding("OG-SEC-004", f"{verb} the module-level object {target!r}", f"{op}(S) on {target!r}")
        elif not isinstance(target, Made | Opaque):
            raise Broken(f"{op} on {type(target).__name__}")

    def op_setitem(self) -> None:
        value = self._pop()
        key = self._pop()
        self._setitems(self._top(), [key, value])

    def op_setitems(self) -> None:
        items = self._pop_mark()
        self._setitems(self._top(), items)

    def _setitems(self, target: object, flat: list[object]) -> None:
        self._mutate(target, flat, PDict, "sets items on", "SETITEM")

    # memo
    def op_put(self) -> None:
        self.memo.put(int(self._line()), self._top())

    def op_binput(self) -> None:
        self.memo.put(self._len1(), self._top())

    def op_long_binput(self) -> None:
        self.memo.put(_u32(self._read(4))[0], self._top())

    def op_memoize(self) -> None:
        self.memo.put(len(self.memo), self._top())

    def op_get(self) -> None:
        self.stack.append(self.memo.get(int(self._line())))

    def op_binget(self) -> None:
        self.stack.append(self.memo.get(self._len1()))

    def op_long_binget(self) -> None:
        self.stack.append(self.memo.get(_u32(self._read(4))[0]))

    # imports
    def op_global(self) -> None:
        module = self._line().decode("utf-8")
        name = self._line().decode("utf-8")
        self.stack.append(self._import(module, name, "GLOBAL"))

    def op_stack_global(self) -> None:
        name = self._pop()
        module = self._pop()
        if not isinstance(module, str) or not isinstance(name, str):
            self._finding(
                "OG-SEC-002",
                "STACK_GLOBAL with a module or name computed at load time",
                f"STACK_GLOBAL module={_describe(module)} name={_describe(name)}",
            )
            self.stack.append(Opaque("computed global"))
            return
        self.stack.append(self._import(module, name, "STACK_GLOBAL"))

    def op_inst(self) -> None:
        module = self._line().decode("utf-8")
        name = self._line().decode("utf-8")
        cls = self._import(module, name, "INST")
        args = self._pop_mark()
        self.stack.append(self._call(cls, tuple(args[:KEEP_ITEMS]), "INST"))

    def op_obj(self) -> None:
        items = self._pop_mark()
        if not items:
            raise Broken("OBJ without a class")
        self.stack.append(self._call(items[0], tuple(items[1:KEEP_ITEMS]), "OBJ"))

    def _ext(self, code: int) -> None:
        self._finding(
            "OG-SEC-006",
            f"extension code {code} resolves a global through copyreg's registry (not visible in the file)",
            f"EXT {code}",
        )
        self.stack.append(Global("<copyreg extension>", str(code)))

    def op_ext1(self) -> None:
        self._ext(self._len1())

    def op_ext2(self) -> None:
        self._ext(_u16(self._read(2))[0])

    def op_ext4(self) -> None:
        self._ext(_i32(self._read(4))[0])

    # calls
    def op_reduce(self) -> None:
        args = self._pop()
        callee = self._pop()
        self.stack.append(self._call(callee, args, "REDUCE"))

    def op_newobj(self) -> None:
        args = self._pop()
        cls = self._pop()
        self.stack.append(self._call(cls, args, "NEWOBJ"))

    def op_newobj_ex(self) -> None:
        self._pop()
        args = self._pop()
        cls = self._pop()
        self.stack.append(self._call(cls, args, "NEWOBJ_EX"))

    def op_build(self) -> None:
        state = self._pop()
        target = self._top()
        if isinstance(target, Global):
            self._finding(
                "OG-SEC-004",
                f"BUILD sets state on the module-level object {target!r}",
                f"BUILD on {target!r}",
            )
            return
        if not isinstance(target, Made):
            return
        if target.args is not None:
            target.state = state
        origin = target.origin
        if isinstance(origin, Global) and (origin.module, origin.name) in JOBLIB_WRAPPERS:
            self._joblib_array(state)

    def op_persid(self) -> None:
        self._line()
        self.stack.append(PERSISTENT)

    def op_binpersid(self) -> None:
        pid = self._pop()
        # legacy torch: ("module", <class>, source file, source) loads as the class itself
        if isinstance(pid, tuple) and len(pid) >= 2 and pid[0] == "module" and isinstance(pid[1], Global):
            self.stack.append(pid[1])
            return
        self.stack.append(PERSISTENT)

    # joblib: raw array buffers follow the wrapper's BUILD in the stream
    def _joblib_array(self, state: object) -> None:
        layout = joblib_layout(state)
        if layout is None:
            raise Broken("joblib array wrapper with an unknown layout (cannot step over its buffer)")
        count, itemsize, hasobject, aligned = layout
        if hasobject:
            inner = PickleVM(
                self.s,
                self.where.inside(f"<joblib object array @{self.s.tell()}>"),
                self.ctx,
                depth=self.depth + 1,
                budget=self.budget,
                nested=self.nested,
            )
            if not inner.run():
                raise Broken("joblib object array pickle is broken")
            return
        if aligned:
            pad = self._len1()
            if pad > 64:
                raise Broken(f"joblib alignment padding {pad} is too long")
            self._read(pad)
        n = count * itemsize
        if self.s.skip(n) != n:
            raise Broken("stream ends inside a joblib array buffer")


def joblib_layout(state: object) -> tuple[int, int, bool, bool] | None:
    """(element count, item size, has objects, aligned) from a NumpyArrayWrapper state, or None."""
    if not isinstance(state, PDict):
        return None
    shape, dtype = state.get("shape"), state.get("dtype")
    if not isinstance(shape, tuple) or not all(isinstance(d, int) and d >= 0 for d in shape):
        return None
    if not isinstance(dtype, Made) or not isinstance(dtype.args, tuple) or not dtype.args:
        return None
    code = dtype.args[0]
    if not isinstance(code, str) or not code:
        return None
    st = dtype.state
    flags = st[-1] if isinstance(st, tuple) and st and isinstance(st[-1], int) else 0
    elsize = st[5] if isinstance(st, tuple) and len(st) > 5 and isinstance(st[5], int) else -1
    hasobject = code[0] == "O" or bool(flags & 1)
    if elsize <= 0:
        digits = code.lstrip("<>|=").lstrip("?bBhHiIlLqQpPefdgFDGSUVOMmcua")
        if not digits.isdigit():
            return None
        elsize = int(digits) * (4 if code.lstrip("<>|=")[:1] == "U" else 1)
    count = 1
    for d in shape:
        count *= d
    aligned = any(k == "numpy_array_alignment_bytes" and v is not None for k, v in state.items)
    return count, elsize, hasobject, aligned


_OPS: dict[int, str] = {
    ord("("): "mark",
    ord("."): "stop",
    ord("0"): "pop",
    ord("1"): "pop_mark",
    ord("2"): "dup",
    ord("F"): "float",
    ord("I"): "int",
    ord("J"): "binint",
    ord("K"): "binint1",
    ord("L"): "long",
    ord("M"): "binint2",
    ord("N"): "none",
    ord("P"): "persid",
    ord("Q"): "binpersid",
    ord("R"): "reduce",
    ord("S"): "string",
    ord("T"): "binstring",
    ord("U"): "short_binstring",
    ord("V"): "unicode",
    ord("X"): "binunicode",
    ord("a"): "append",
    ord("b"): "build",
    ord("c"): "global",
    ord("d"): "dict",
    ord("}"): "empty_dict",
    ord("e"): "appends",
    ord("g"): "get",
    ord("h"): "binget",
    ord("i"): "inst",
    ord("j"): "long_binget",
    ord("l"): "list",
    ord("]"): "empty_list",
    ord("o"): "obj",
    ord("p"): "put",
    ord("q"): "binput",
    ord("r"): "long_binput",
    ord("s"): "setitem",
    ord("t"): "tuple",
    ord(")"): "empty_tuple",
    ord("u"): "setitems",
    ord("G"): "binfloat",
    0x80: "proto",
    0x81: "newobj",
    0x82: "ext1",
    0x83: "ext2",
    0x84: "ext4",
    0x85: "tuple1",
    0x86: "tuple2",
    0x87: "tuple3",
    0x88: "newtrue",
    0x89: "newfalse",
    0x8A: "long1",
    0x8B: "long4",
    ord("B"): "binbytes",
    ord("C"): "short_binbytes",
    0x8C: "short_binunicode",
    0x8D: "binunicode8",
    0x8E: "binbytes8",
    0x8F: "empty_set",
    0x90: "additems",
    0x91: "frozenset",
    0x92: "newobj_ex",
    0x93: "stack_global",
    0x94: "memoize",
    0x95: "frame",
    0x96: "bytearray8",
    0x97: "next_buffer",
    0x98: "readonly_buffer",
}

#: Bytes that can start a pickle stream (protocol 0/1 pickles have no magic).
PICKLE_FIRST = frozenset(_OPS)
