"""HTTP for the Hub source: bounded retries, HTTP Range reads, and Hub errors turned into one-line messages.

Everything goes through huggingface_hub's configured session (``get_session``) with its headers
(``build_hf_headers``), so ``HF_TOKEN``, proxies and a custom ``HF_ENDPOINT`` behave as in huggingface_hub.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

import httpx2
from huggingface_hub import errors as hf_errors
from huggingface_hub import get_session, hf_raise_for_status
from huggingface_hub.utils._headers import build_hf_headers

T = TypeVar("T")

RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
MAX_RETRIES = 3
#: First wait between tries (doubled each time) when the Hub gives no Retry-After.
BACKOFF_BASE_S = 0.5
MAX_WAIT_S = 20.0
TIMEOUT_S = 30.0
#: A server that ignores Range answers 200 with the whole file: we skip at most this much to reach an offset.
MAX_SKIP = 1024 * 1024


class RateLimited(OSError):
    """The Hub kept answering 429 after the bounded retries."""


def with_retries(call: Callable[[], T], *, sleep: Callable[[float], None] = time.sleep) -> T:
    """Run ``call``; retry rate limits, 5xx and network errors a bounded number of times with backoff."""
    delay = BACKOFF_BASE_S
    for attempt in range(MAX_RETRIES + 1):
        try:
            return call()
        except hf_errors.HfHubHTTPError as exc:
            status = _status(exc)
            if status not in RETRY_STATUS or attempt == MAX_RETRIES:
                if status == 429:
                    raise RateLimited(f"rate limited by the Hub (HTTP 429) after {attempt + 1} tries") from None
                raise
            wait = _retry_after(exc) if status == 429 else None
        except (httpx2.TransportError, hf_errors.OfflineModeIsEnabled) as exc:
            if isinstance(exc, hf_errors.OfflineModeIsEnabled) or attempt == MAX_RETRIES:
                raise
            wait = None
        sleep(min(MAX_WAIT_S, wait if wait is not None else delay))
        delay *= 2
    raise AssertionError("unreachable")  # pragma: no cover


def _status(exc: hf_errors.HfHubHTTPError) -> int | None:
    response = getattr(exc, "response", None)
    return getattr(response, "status_code", None)


def _retry_after(exc: hf_errors.HfHubHTTPError) -> float | None:
    response = getattr(exc, "response", None)
    value = response.headers.get("Retry-After") if response is not None else None
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None


def range_read(url: str, token: str | bool | None, offset: int, length: int) -> bytes:
    """Bytes ``[offset, offset+length)`` of ``url`` with one Range request (retried); short at end of file."""
    if length <= 0:
        return b""

    def once() -> bytes:
        headers = build_hf_headers(token=token)
        headers["Range"] = f"bytes={offset}-{offset + length - 1}"
        headers["Accept-Encoding"] = "identity"
        with get_session().stream("GET", url, headers=headers, timeout=TIMEOUT_S) as response:
            if response.status_code == 416:
                return b""
            if response.status_code >= 400:
                response.read()
                hf_raise_for_status(response)
            skip = 0 if response.status_code == 206 else offset
            if skip > MAX_SKIP:
                raise OSError(f"the server ignored the Range request for {url}; refusing to download the file")
            return _take(response, skip, length)

    return with_retries(once)


def _take(response: httpx2.Response, skip: int, length: int) -> bytes:
    chunks: list[bytes] = []
    got = 0
    for raw in response.iter_bytes():
        dropped = min(skip, len(raw))
        skip -= dropped
        chunks.append(raw[dropped : dropped + length - got])
        got += len(chunks[-1])
        if got >= length:
            break
    return b"".join(chunks)


def describe(exc: BaseException, what: str) -> str:
    """One line for a Hub or network error about ``what`` (e.g. ``hf:org/name``)."""
    if isinstance(exc, hf_errors.GatedRepoError):
        return f"{what}: gated repository; request access on the Hub and set HF_TOKEN"
    if isinstance(exc, hf_errors.RepositoryNotFoundError):
        return f"{what}: repository not found (or private: set HF_TOKEN to a token with access)"
    if isinstance(exc, hf_errors.RevisionNotFoundError):
        return f"{what}: revision not found"
    if isinstance(exc, hf_errors.RemoteEntryNotFoundError | hf_errors.EntryNotFoundError):
        return f"{what}: file not found on the Hub"
    if isinstance(exc, hf_errors.DisabledRepoError):
        return f"{what}: the repository has been disabled on the Hub"
    if isinstance(exc, RateLimited):
        return f"{what}: {exc}; try again later or set HF_TOKEN for a higher limit"
    if isinstance(exc, hf_errors.OfflineModeIsEnabled):
        return f"{what}: offline mode is on (HF_HUB_OFFLINE) and this is not in the local cache"
    if isinstance(exc, hf_errors.HfHubHTTPError):
        status = _status(exc)
        if status in {401, 403}:
            return f"{what}: no access (HTTP {status}); check HF_TOKEN"
        return f"{what}: the Hub answered HTTP {status}"
    if isinstance(exc, httpx2.TimeoutException):
        return f"{what}: the Hub did not answer in time (network down? use --offline to audit the local cache)"
    if isinstance(exc, httpx2.TransportError):
        return f"{what}: cannot reach the Hub (network down? use --offline to audit the local cache)"
    text = str(exc).strip().splitlines()
    return f"{what}: {text[0] if text else type(exc).__name__}"


def as_os_error(exc: BaseException, path: str) -> OSError:
    """A clean ``OSError`` for a failed read of ``path`` (what the inventory turns into a finding)."""
    message = describe(exc, path)
    if isinstance(exc, hf_errors.GatedRepoError) or (
        isinstance(exc, hf_errors.HfHubHTTPError) and _status(exc) in {401, 403}
    ):
        return PermissionError(13, message.split(": ", 1)[-1], path)
    if isinstance(exc, hf_errors.RemoteEntryNotFoundError | hf_errors.EntryNotFoundError | FileNotFoundError):
        return FileNotFoundError(2, message.split(": ", 1)[-1], path)
    return OSError(message)


#: What the Hub source catches around huggingface_hub calls (all translated by ``describe``/``as_os_error``).
HUB_ERRORS: tuple[type[BaseException], ...] = (
    hf_errors.HfHubHTTPError,
    hf_errors.OfflineModeIsEnabled,
    hf_errors.EntryNotFoundError,
    httpx2.HTTPError,
    OSError,
    ValueError,
)
#: Errors that mean "the Hub cannot be reached" (the source may fall back to the local cache).
UNREACHABLE: tuple[type[BaseException], ...] = (hf_errors.OfflineModeIsEnabled, httpx2.TransportError)
#: Errors of an offline cache lookup.
CACHE_MISS: tuple[type[BaseException], ...] = (*HUB_ERRORS, hf_errors.LocalEntryNotFoundError)
