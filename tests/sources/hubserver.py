"""A small local Hub for tests: stdlib ``http.server`` in a thread, speaking enough of the Hugging Face Hub
protocol for the real huggingface_hub client.

It serves fixture repos the tests build (``FakeRepo``/``FakeFile``): ``/api/models/{repo}[/revision/{rev}]``,
``/api/datasets/...`` and ``/{repo}/resolve/{rev}/{path}`` (``/datasets/...`` too) with HEAD and GET, Range
requests (206), the ``X-Repo-Commit``/``ETag``/``X-Linked-Size``/``X-Linked-Etag`` headers, 401/403 for gated or
private repos, 404 with ``X-Error-Code`` RepoNotFound/RevisionNotFound/EntryNotFound, and injected failures
(e.g. one 429 with ``Retry-After``). It counts the body bytes it sent per file.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import socket
import threading
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from huggingface_hub import constants

from tests.inventory.weights_helpers import safetensors_head, safetensors_header

CHUNK = 64 * 1024


@dataclass(frozen=True)
class FakeFile:
    """A file: ``head`` bytes, then zeros up to ``size`` (so a 1 GB file costs nothing to build)."""

    head: bytes
    size: int
    lfs: bool
    sha256: str
    blob_id: str

    def chunk(self, start: int, end: int) -> bytes:
        """Bytes [start, end)."""
        out = self.head[start:end]
        return out + b"\0" * (end - start - len(out))


def fake_file(content: bytes = b"", *, size: int | None = None, lfs: bool | None = None) -> FakeFile:
    total = len(content) if size is None else size
    assert total >= len(content)
    is_lfs = lfs if lfs is not None else (total > 1024 * 1024 or content.startswith(b"\x00") or size is not None)
    if total == len(content):
        sha256 = hashlib.sha256(content).hexdigest()
    else:  # sparse: a declared oid (the server never hashes a 1 GB file)
        sha256 = hashlib.sha256(content + total.to_bytes(8, "little")).hexdigest()
    git = hashlib.sha1(b"blob %d\0" % total + content, usedforsecurity=False).hexdigest()
    return FakeFile(head=content, size=total, lfs=is_lfs, sha256=sha256, blob_id=git)


def safetensors_bytes(tensors: dict[str, tuple[str, list[int]]], *, sparse: bool = True) -> FakeFile:
    """A safetensors file whose data is all zeros; only the header is materialised when ``sparse``."""
    header, offset = safetensors_header(tensors, {"format": "pt"})
    head = safetensors_head(header)
    if sparse:
        return fake_file(head, size=len(head) + offset, lfs=True)
    return fake_file(head + b"\0" * offset, lfs=True)


@dataclass
class FakeRepo:
    """One repo at one commit (plus named refs pointing at it)."""

    repo_id: str
    files: dict[str, FakeFile]
    repo_type: str = "model"
    card_data: dict[str, Any] | None = None
    gated: str | None = None  # "auto" | "manual"
    private: bool = False
    tokens: frozenset[str] = frozenset()  # tokens with access (gated or private)
    tags: list[str] = field(default_factory=list)
    safetensors: dict[str, Any] | None = None
    refs: dict[str, str] = field(default_factory=dict)
    sha: str = ""

    def __post_init__(self) -> None:
        if not self.sha:
            digest = hashlib.sha1(usedforsecurity=False)
            digest.update(self.repo_id.encode())
            for path in sorted(self.files):
                digest.update(path.encode() + self.files[path].blob_id.encode())
            self.sha = digest.hexdigest()
        self.refs.setdefault("main", self.sha)

    def resolve(self, revision: str) -> str | None:
        if revision in self.refs:
            return self.refs[revision]
        return self.sha if revision == self.sha else None

    def info(self, blobs: bool, expand: list[str]) -> dict[str, Any]:
        full: dict[str, Any] = {
            "_id": self.sha[:24],
            "id": self.repo_id,
            "sha": self.sha,
            "private": self.private,
            "gated": self.gated or False,
            "disabled": False,
            "tags": self.tags,
            "lastModified": "2026-01-02T03:04:05.000Z",
            "cardData": self.card_data,
            "siblings": [self._sibling(p, blobs) for p in sorted(self.files)],
        }
        if self.safetensors is not None:
            full["safetensors"] = self.safetensors
        if expand:
            return {k: v for k, v in full.items() if k in {"_id", "id", *expand}}
        return full

    def _sibling(self, path: str, blobs: bool) -> dict[str, Any]:
        entry: dict[str, Any] = {"rfilename": path}
        if blobs:
            f = self.files[path]
            entry.update(size=f.size, blobId=f.blob_id)
            if f.lfs:
                entry["lfs"] = {"size": f.size, "sha256": f.sha256, "pointerSize": 134}
        return entry


@dataclass
class Failure:
    status: int
    headers: dict[str, str]
    remaining: int
    match: str  # substring of the request path


class _Server(ThreadingHTTPServer):
    """A threading server that can close its clients' kept-alive connections, so that no thread outlives it
    (a test process with stray threads may not fork, and the hashing tests check that it does)."""

    daemon_threads = False
    block_on_close = True

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler]) -> None:
        super().__init__(address, handler)
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._open_lock:
            self._open.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._open_lock:
            self._open.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        with self._open_lock:
            still_open = list(self._open)
        for conn in still_open:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)


class HubServer:
    """The fake Hub. Use as a context manager; ``url`` is its endpoint."""

    def __init__(self) -> None:
        self.repos: dict[tuple[str, str], FakeRepo] = {}
        self.bytes_sent: Counter[str] = Counter()  # "repo_id/path" -> body bytes sent
        self.requests: list[tuple[str, str, dict[str, str]]] = []  # (method, path, headers)
        self.failures: list[Failure] = []
        self._lock = threading.Lock()
        self._httpd = _Server(("127.0.0.1", 0), _handler(self))
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.02,), daemon=True)

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def add(self, repo: FakeRepo) -> FakeRepo:
        self.repos[(repo.repo_type, repo.repo_id)] = repo
        return repo

    def fail_next(self, status: int, *, times: int = 1, match: str = "", headers: dict[str, str] | None = None) -> None:
        self.failures.append(Failure(status, headers or {}, times, match))

    def paths(self, method: str | None = None) -> list[str]:
        return [p for m, p, _ in self.requests if method is None or m == method]

    def __enter__(self) -> HubServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.close_connections()
        self._httpd.server_close()  # joins the connection threads, now that their sockets are closed
        self._thread.join(timeout=5)

    # -- routing (called from handler threads) --------------------------------------------------------------

    def take_failure(self, path: str) -> Failure | None:
        with self._lock:
            for failure in self.failures:
                if failure.remaining > 0 and failure.match in path:
                    failure.remaining -= 1
                    return failure
        return None

    def find(self, repo_type: str, text: str) -> tuple[FakeRepo, str] | None:
        """The repo whose id starts ``text`` and the rest of ``text``."""
        for (kind, repo_id), repo in self.repos.items():
            if kind == repo_type and (text == repo_id or text.startswith(repo_id + "/")):
                return repo, text[len(repo_id) + 1 :]
        return None


def _handler(hub: HubServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            return None

        def do_HEAD(self) -> None:
            self._dispatch(body=False)

        def do_GET(self) -> None:
            self._dispatch(body=True)

        # -- plumbing ------------------------------------------------------------------------------------

        def _dispatch(self, body: bool) -> None:
            parts = urlsplit(self.path)
            headers = {k.lower(): v for k, v in self.headers.items()}
            with hub._lock:
                hub.requests.append((self.command, parts.path, headers))
            failure = hub.take_failure(parts.path)
            if failure is not None:
                self._send(failure.status, b'{"error": "injected"}', failure.headers, body)
                return
            query = parse_qs(parts.query)
            path = parts.path
            for prefix, kind in (("/api/models/", "model"), ("/api/datasets/", "dataset")):
                if path.startswith(prefix):
                    self._api(kind, path[len(prefix) :], query, body)
                    return
            if "/resolve/" in path:
                kind, rest = (
                    ("dataset", path[len("/datasets/") :]) if path.startswith("/datasets/") else ("model", path[1:])
                )
                self._resolve(kind, rest, body)
                return
            self._error(404, "NotFound", body)

        def _token(self) -> str | None:
            auth = self.headers.get("Authorization", "")
            return auth[7:] if auth.lower().startswith("bearer ") else None

        def _send(self, status: int, data: bytes, headers: dict[str, str], body: bool) -> None:
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if body:
                self.wfile.write(data)

        def _error(self, status: int, code: str, body: bool, extra: dict[str, str] | None = None) -> None:
            headers = {"X-Error-Code": code, "X-Error-Message": code, "Content-Type": "application/json"}
            headers.update(extra or {})
            self._send(status, json.dumps({"error": code}).encode(), headers, body)

        def _access(self, repo: FakeRepo, for_files: bool, body: bool) -> bool:
            token = self._token()
            if repo.private and token not in repo.tokens:
                self._error(401, "RepoNotFound", body)
                return False
            if for_files and repo.gated and token not in repo.tokens:
                self._error(401 if token is None else 403, "GatedRepo", body)
                return False
            return True

        # -- endpoints -----------------------------------------------------------------------------------

        def _api(self, kind: str, rest: str, query: dict[str, list[str]], body: bool) -> None:
            ident, _, revision = rest.partition("/revision/")
            found = hub.find(kind, unquote(ident).strip("/"))
            if found is None or found[1]:
                self._error(404, "RepoNotFound", body)
                return
            repo = found[0]
            if not self._access(repo, for_files=False, body=body):
                return
            if revision and repo.resolve(unquote(revision)) is None:
                self._error(404, "RevisionNotFound", body)
                return
            blobs = query.get("blobs", ["false"])[0].lower() in {"1", "true"}
            payload = repo.info(blobs, query.get("expand", []))
            self._send(200, json.dumps(payload).encode(), {"Content-Type": "application/json"}, body)

        def _resolve(self, kind: str, rest: str, body: bool) -> None:
            ident, _, tail = rest.partition("/resolve/")
            found = hub.find(kind, unquote(ident))
            if found is None or found[1]:
                self._error(404, "RepoNotFound", body)
                return
            repo = found[0]
            if not self._access(repo, for_files=True, body=body):
                return
            raw_rev, _, file_path = tail.partition("/")
            sha = repo.resolve(unquote(raw_rev))
            if sha is None:
                self._error(404, "RevisionNotFound", body)
                return
            fake = repo.files.get(unquote(file_path))
            if fake is None:
                self._error(404, "EntryNotFound", body, {"X-Repo-Commit": sha})
                return
            self._file(repo, unquote(file_path), fake, sha, body)

        def _file(self, repo: FakeRepo, path: str, fake: FakeFile, sha: str, body: bool) -> None:
            headers = {"X-Repo-Commit": sha, "Accept-Ranges": "bytes", "ETag": f'"{fake.blob_id}"'}
            if fake.lfs:
                headers.update({"X-Linked-Etag": f'"{fake.sha256}"', "X-Linked-Size": str(fake.size)})
            start, end, status = 0, fake.size, 200
            wanted = self.headers.get("Range")
            if wanted:
                parsed = _parse_range(wanted, fake.size)
                if parsed is None:
                    headers["Content-Range"] = f"bytes */{fake.size}"
                    self._send(416, b"", headers, body)
                    return
                start, end, status = parsed[0], parsed[1], 206
                headers["Content-Range"] = f"bytes {start}-{end - 1}/{fake.size}"
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(end - start))
            self.end_headers()
            if body:
                self._stream(f"{repo.repo_id}/{path}", fake, start, end)

        def _stream(self, key: str, fake: FakeFile, start: int, end: int) -> None:
            pos = start
            try:
                while pos < end:
                    data = fake.chunk(pos, min(end, pos + CHUNK))
                    self.wfile.write(data)
                    with hub._lock:
                        hub.bytes_sent[key] += len(data)
                    pos += len(data)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True

    return Handler


def _parse_range(value: str, size: int) -> tuple[int, int] | None:
    """``bytes=a-b`` / ``bytes=a-`` / ``bytes=-n`` -> [start, end) or None when not satisfiable."""
    unit, _, spec = value.partition("=")
    if unit.strip() != "bytes" or "," in spec:
        return None
    first, _, last = spec.strip().partition("-")
    if not first:
        n = int(last)
        return (max(0, size - n), size) if n > 0 and size > 0 else None
    start = int(first)
    end = min(size, int(last) + 1) if last else size
    return (start, end) if start < size and start < end else None


def point_hf_at(server: HubServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make huggingface_hub (and opengauge) talk to ``server`` and cache under ``tmp_path``; no real Hub."""
    monkeypatch.setenv("HF_ENDPOINT", server.url)
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.setenv("OPENGAUGE_CACHE_DIR", str(tmp_path / "og"))
    for var in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HF_HUB_CACHE"):
        monkeypatch.delenv(var, raising=False)
    # huggingface_hub reads these at import time: point them at the fake Hub / tmp (monkeypatch restores them).
    monkeypatch.setattr(constants, "ENDPOINT", server.url)
    monkeypatch.setattr(
        constants, "HUGGINGFACE_CO_URL_TEMPLATE", server.url + "/{repo_id}/resolve/{revision}/{filename}"
    )
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", False)
    monkeypatch.setattr(constants, "HF_TOKEN_PATH", str(tmp_path / "hf" / "token"))
    monkeypatch.setattr(constants, "AGENT_HARNESSES_PATH", str(tmp_path / "hf" / "agents.json"))
