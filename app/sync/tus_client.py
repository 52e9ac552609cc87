"""A small tus 1.0 client (core, creation, termination) over httpx with pinned TLS.

Why our own: the upload must use the platform-pinned ``ssl.SSLContext`` and an optional
SOCKS5 proxy with remote name resolution, and ``tuspy`` cannot take a custom context.
The client sends one PATCH per chunk (always with Content-Length, read from a seekable
reader) over one kept-alive connection; the chunk follows the measured throughput, so
that a PATCH lasts a bounded time on any link (``ChunkSizer``), and is at most what the
server announced on the probe (``Max-Patch-Body``), 8 MiB when it announced nothing, and
never more than the client's own 64 MiB. It asks HEAD for the server's offset only when
a request failed after bytes of it left (the server may have taken part of it),
reconnects at once after a cut (the first retry without waiting, offering the last TLS
session for resumption), and backs off with jitter only for repeated failures or a busy
server. Permanent refusals raise a typed error at once (a 413 that smaller PATCHes can
help is not one). Every request carries the device token; the token never appears in an
error message. Blocking; runs on the caller's (worker) thread, one client per thread.

Cancelling never waits for the network: the vault worker that runs a sync must be free
to lock the vault at once, even when a link stalls in the middle of a request (a full
send buffer, or an answer that never comes, would otherwise hold it for the whole
timeout). A PATCH body goes out in 128 KiB pieces with the cancel flag checked between
them, and while any request is on the wire (handshake included) the client's
connections are shut down as soon as the flag is set (``app.sync.cancellable``). What
the server confirmed stays confirmed; where a cut PATCH left the server, HEAD says next
time.
"""

from __future__ import annotations

import base64
import contextlib
import errno
import math
import random
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import BinaryIO

import httpx
import socksio

from app.errors import StorageError
from app.formats.timestamps import MAX_TOKEN_BYTES
from app.sync.cancellable import (
    SocketRegistry,
    TlsSessions,
    body_in_pieces,
    cancellable_transport,
    shut_on_cancel,
)
from app.sync.errors import (
    CertificateRejectedError,
    ConnectionBlockedError,
    ConnectionCutError,
    NetworkDownError,
    ProxyUnavailableError,
    SyncCancelledError,
    SyncError,
    TokenRefusedError,
    TransientSyncError,
    UploadGoneError,
    UploadRefusedError,
)

TUS_VERSION = "1.0.0"
# The largest PATCH body a server takes, when it says so: a header of the OPTIONS answer
# (and of a 413 to a PATCH).
PATCH_LIMIT_HEADER = "Max-Patch-Body"
# A server that announces nothing gets bodies of at most this (the limit of the wire
# contract before servers announced theirs; old servers hold a body in memory).
DEFAULT_PATCH_LIMIT = 8 * 1024 * 1024
# The client's own ceiling, whatever a server announces: it holds a PATCH body in memory.
MAX_CHUNK_SIZE = 64 * 1024 * 1024
MAX_RECEIPT_BYTES = 64 * 1024
_MAX_ERROR_BYTES = 4096
_MAX_OFFSET_DIGITS = 19  # below 2**63
# What one PATCH carries: the bytes the measured throughput moves in a bounded time.
MIN_CHUNK_SIZE = 64 * 1024
FIRST_CHUNK_SIZE = 256 * 1024  # before anything is measured
PATCH_SECONDS_MAX = 20.0  # well inside the 60 s timeouts; a progress report this often
PATCH_SECONDS_MIN = 0.5

ProgressCallback = Callable[[int, int], None]
# (attempt, most attempts): called before the client waits to try again after a failure.
RetryCallback = Callable[[int, int], None]


@dataclass(frozen=True)
class RetryPolicy:
    """Capped exponential back-off with jitter; gives up after ``max_attempts`` failures
    in a row without progress (any confirmed byte resets the count)."""

    base_delay: float = 1.0
    max_delay: float = 60.0
    max_attempts: int = 8

    def delay(self, failures: int, rng: random.Random) -> float:
        ceiling: float = min(self.max_delay, self.base_delay * 2.0 ** max(0, failures - 1))
        # "Equal jitter": never zero (a busy server gets a pause), never in lockstep.
        return float(ceiling / 2 + rng.uniform(0, ceiling / 2))

    def delay_after(self, error: BaseException, failures: int, rng: random.Random) -> float:
        """No wait for the first failure after progress when the link cut the
        connection (a new circuit or a new cell usually works at once); back-off with
        jitter for the following ones, and for every server error, timeout or refusal
        to connect (a busy or unreachable platform gets a pause)."""
        if isinstance(error, ConnectionCutError) and failures == 1:
            return 0.0
        cut_first = isinstance(error, ConnectionCutError)
        return self.delay(failures - 1 if cut_first else failures, rng)


class ChunkSizer:
    """How many bytes the next PATCH carries.

    A cut loses the PATCH in flight (a server may keep none of an unfinished request),
    and each PATCH costs one idle round trip while its answer comes back: the target
    duration of a PATCH balances the two, ``sqrt(2 * rtt * time between cuts)``, between
    ``PATCH_SECONDS_MIN`` and ``PATCH_SECONDS_MAX`` (the maximum while no cut was seen),
    and the chunk is what the measured throughput moves in that time, between
    ``MIN_CHUNK_SIZE`` and the ceiling (the server's limit, at most the client's). A link
    that cuts every connection after a while is met the same way: after a cut the next
    PATCH carries at most half of what the link moved before the cut, and that cap
    doubles with each confirmed PATCH, so the upload moves on even if every long PATCH
    is cut.
    """

    def __init__(self, ceiling: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.ceiling = ceiling
        self.rate: float | None = None  # bytes per second, smoothed
        self.rtt: float | None = None  # seconds: the quickest answer to a bodiless request
        self.cuts = 0
        self.cap: int | None = None
        self._clock = clock
        self._since = clock()

    def answered(self, seconds: float) -> None:
        self.rtt = seconds if self.rtt is None else min(self.rtt, seconds)

    def confirmed(self, size: int, seconds: float) -> None:
        moving = max(seconds - (self.rtt or 0.0), seconds / 2, 1e-6)
        sample = size / moving
        self.rate = sample if self.rate is None else (self.rate + sample) / 2
        if self.cap is not None:
            self.cap = None if self.cap >= self.ceiling else self.cap * 2

    def cut(self, survived: float) -> None:
        """A PATCH was cut ``survived`` seconds after it started."""
        self.cuts += 1
        if self.rate is not None:
            self.cap = max(MIN_CHUNK_SIZE, int(self.rate * survived / 2))

    def seconds(self) -> float:
        if self.cuts == 0:
            return PATCH_SECONDS_MAX
        between = (self._clock() - self._since) / self.cuts
        best = math.sqrt(2 * max(self.rtt or 0.2, 0.01) * between)
        return min(PATCH_SECONDS_MAX, max(PATCH_SECONDS_MIN, best))

    def next_size(self) -> int:
        floor = min(MIN_CHUNK_SIZE, self.ceiling)
        ceiling = self.ceiling if self.cap is None else min(self.ceiling, self.cap)
        if self.rate is None:
            return min(FIRST_CHUNK_SIZE, ceiling)
        return min(ceiling, max(floor, int(self.rate * self.seconds())))


@dataclass
class UploadStats:
    """What one upload cost on the wire; the fault tests and the benchmark read it."""

    bytes_sent: int = 0  # PATCH bodies declared (a cut one counts whole)
    bytes_written: int = 0  # PATCH body bytes that left (a cut one: what was written)
    patches: int = 0
    failures: int = 0
    creations: int = 0
    heads: int = 0
    resumed_at: list[int] = field(default_factory=list)
    chunk_sizes: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class ReceiptAnswer:
    """The platform's answer to ``GET {upload}/receipt``: status and capped body."""

    status: int
    body: bytes


def _walk_causes(error: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def explain_transport_error(error: httpx.TransportError, *, proxy: str | None) -> SyncError:
    """Turn an httpx failure into the typed error that says what the user can do."""
    causes = list(_walk_causes(error))
    if any(isinstance(c, ssl.SSLCertVerificationError) for c in causes):
        return CertificateRejectedError(
            "The server's certificate is not signed by the platform's CA named in the "
            "profile. Nothing was sent. Someone may be intercepting the connection, or the "
            "profile is outdated: check it with your coordinator."
        )
    if isinstance(error, httpx.ProxyError):
        return ProxyUnavailableError(
            "The proxy could not reach the platform (it refused or failed to connect "
            "onwards). Check that the circumvention tool is connected."
        )
    if isinstance(error, httpx.TimeoutException):
        return ConnectionBlockedError(
            "The platform did not answer in time: the connection may be blocked or very "
            "slow. Try again later or through the proxy."
        )
    if any(isinstance(c, ssl.SSLError) for c in causes):
        # A cut in the handshake looks the same; the first retry is immediate.
        return ConnectionCutError(
            "The secure connection could not be set up (the handshake was broken off); "
            "the network may be interfering."
        )
    if isinstance(error, httpx.ConnectError):
        if proxy is not None:
            return ProxyUnavailableError(
                "The proxy does not answer. Start the circumvention tool (for example Tor) "
                "and try again."
            )
        if any(isinstance(c, socket.gaierror) for c in causes):
            return NetworkDownError(
                "The platform's name could not be looked up: the device seems offline, or "
                "names are blocked (use the proxy)."
            )
        codes = {getattr(c, "errno", None) for c in causes}
        if codes & {errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ENETDOWN}:
            return NetworkDownError("There is no network route to the platform: the device "
                                    "seems offline.")
        return ConnectionBlockedError(
            "The platform refused or dropped the connection: it may be down or blocked."
        )
    return ConnectionCutError(
        "The connection to the platform was cut; the upload resumes where it stopped."
    )


def parse_patch_limit(response: httpx.Response) -> int | None:
    """The PATCH body limit a server announced, or None (absent, or not a positive
    number of bytes: then the server is taken to have said nothing)."""
    value = response.headers.get(PATCH_LIMIT_HEADER)
    if value is None or not value.isascii() or not value.isdigit():
        return None
    if len(value) > _MAX_OFFSET_DIGITS or int(value) == 0:
        return None
    return int(value)


class PatchLimitLoweredError(TransientSyncError):
    """A PATCH was refused as too large (413) and the next ones will be smaller: the
    server announced a smaller limit, or a proxy in front of it takes less than the
    server announced (the default limit then). Tried again at once."""


def _parse_offset(value: str | None, what: str) -> int:
    if value is None or not value.isascii() or not value.isdigit():
        raise TransientSyncError(f"The server sent no valid {what}.")
    if len(value) > _MAX_OFFSET_DIGITS:
        raise SyncError(f"The server sent an impossible {what}.")
    return int(value)


def encode_metadata(metadata: Mapping[str, str]) -> str:
    """``Upload-Metadata``: comma-separated ``key base64(value)`` pairs."""
    parts = []
    for key, value in metadata.items():
        if not key.isascii() or not key or any(c in key for c in " ,"):
            raise ValueError(f"invalid tus metadata key {key!r}")
        parts.append(f"{key} {base64.b64encode(value.encode('utf-8')).decode('ascii')}")
    return ",".join(parts)


class TusClient:
    """One platform endpoint, one authenticated HTTP/1.1 connection pool."""

    def __init__(
        self,
        endpoint: str,
        *,
        token: str,
        ssl_context: ssl.SSLContext,
        proxy: str | None = None,
        chunk_size: int = MAX_CHUNK_SIZE,
        timeout: float = 60.0,
        retry: RetryPolicy | None = None,
        cancel: threading.Event | None = None,
        sleep: Callable[[float], None] | None = None,
        rng: random.Random | None = None,
    ) -> None:
        if not 0 < chunk_size <= MAX_CHUNK_SIZE:
            raise ValueError("chunk_size must be 1 byte .. 64 MiB")
        self.endpoint = httpx.URL(endpoint)
        if self.endpoint.scheme != "https":
            raise ValueError("the platform endpoint must be https")
        self.chunk_size = chunk_size
        self.proxy = proxy
        self.retry = retry or RetryPolicy()
        self.cancel = cancel or threading.Event()
        self._sleep = sleep
        self._rng = rng or random.Random()  # noqa: S311 -- jitter, not a secret
        self._sockets = SocketRegistry()
        self.tls_sessions = TlsSessions()
        self._written = [0]  # PATCH body bytes written to the connection, all uploads
        # Until the probe hears the server's limit: what any tus server takes.
        self.sizer = ChunkSizer(min(chunk_size, DEFAULT_PATCH_LIMIT))
        self._client = httpx.Client(
            transport=cancellable_transport(ssl_context, proxy, self._sockets,
                                            self.tls_sessions),
            # Never take proxies, CA bundles or .netrc from the environment: only the
            # profile decides where packages go and whom to trust.
            trust_env=False,
            follow_redirects=False,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 30.0)),
            headers={"Tus-Resumable": TUS_VERSION, "Authorization": f"Bearer {token}"},
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> TusClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- single requests -------------------------------------------------------------

    @contextlib.contextmanager
    def _watched(self) -> Iterator[None]:
        """A request that a cancel ends at once (see ``app.sync.cancellable``); a
        transport failure after a cancel is the cancel, not a network fault."""
        if self.cancel.is_set():
            raise SyncCancelledError("The sync was cancelled.")
        try:
            with shut_on_cancel(self.cancel, self._sockets):
                yield
        except socksio.ProtocolError:
            # The proxy closed the SOCKS exchange half-way (httpx lets this through).
            if self.cancel.is_set():
                raise SyncCancelledError("The sync was cancelled.") from None
            failure = ProxyUnavailableError(
                "The proxy broke off the connection to the platform. Check that the "
                "circumvention tool is connected.")
            failure.nothing_sent = True
            raise failure from None
        except httpx.TransportError as error:
            if self.cancel.is_set():
                raise SyncCancelledError("The sync was cancelled.") from None
            explained = explain_transport_error(error, proxy=self.proxy)
            if isinstance(explained, TransientSyncError):
                # Nothing of the request left when the connection could not be set up.
                explained.nothing_sent = isinstance(
                    error, httpx.ConnectError | httpx.ConnectTimeout | httpx.ProxyError)
            raise explained from None

    def _request(self, method: str, url: str | httpx.URL, **kwargs: object) -> httpx.Response:
        with self._watched():
            return self._client.request(method, url, **kwargs)  # type: ignore[arg-type]  # kwargs are httpx's own

    def _refuse(self, response: httpx.Response, what: str) -> SyncError:
        """The typed error for a non-success answer to ``what``."""
        status = response.status_code
        if status in (401, 403):
            return TokenRefusedError(
                f"The platform refused this device ({status}) while {what}: the device "
                "token is wrong or revoked. Ask your coordinator for a new profile.",
                status=status,
            )
        if status == 413:
            return UploadRefusedError(
                f"The platform refused the package as too large (413) while {what}.",
                status=status,
            )
        if status == 422:
            return UploadRefusedError(
                f"The platform rejected the package (422) while {what}.", status=status
            )
        if status in (404, 410):
            return UploadGoneError(f"The platform no longer knows this upload ({status}).")
        if status in (408, 409, 423, 425, 429) or status >= 500:
            return TransientSyncError(f"The platform is busy or failed ({status}) while {what}.")
        return UploadRefusedError(
            f"The platform answered {status} while {what}.", status=status
        )

    def probe(self, attempts: int = 3) -> None:
        """One OPTIONS request: proves the pinned platform answers and takes the token,
        and learns the largest PATCH body the server takes (``Max-Patch-Body``; PATCH
        bodies stay at 8 MiB when it says nothing).

        A connection cut by the link (not refused, not timed out) is tried again, at
        once and then after a short back-off, up to ``attempts`` times in all."""
        for attempt in range(1, attempts + 1):
            started = time.monotonic()
            try:
                response = self._request("OPTIONS", self.endpoint)
                break
            except ConnectionCutError as error:
                if attempt == attempts:
                    raise
                self._pause(self.retry.delay_after(error, attempt, self._rng))
        self.sizer.answered(time.monotonic() - started)
        if response.status_code in (401, 403):
            raise self._refuse(response, "checking the connection")
        if response.status_code >= 500:
            raise TransientSyncError(
                f"The platform answers but reports a failure ({response.status_code})."
            )
        announced = parse_patch_limit(response)
        if announced is not None and response.is_success:
            self.sizer.ceiling = min(self.chunk_size, announced)

    def resolve_location(self, location: str) -> str:
        """The upload URL; refuses one that points away from the pinned endpoint."""
        resolved = self.endpoint.join(location)
        if (resolved.host, resolved.port or 443) != (self.endpoint.host,
                                                     self.endpoint.port or 443):
            raise SyncError("The platform pointed the upload to another server; refused.")
        # Some tus servers behind TLS build Location with "http": never downgrade.
        return str(resolved.copy_with(scheme="https", port=self.endpoint.port))

    def create(self, length: int, metadata: Mapping[str, str]) -> str:
        response = self._request(
            "POST",
            self.endpoint,
            headers={
                "Upload-Length": str(length),
                "Upload-Metadata": encode_metadata(metadata),
                "Content-Length": "0",
            },
        )
        if response.status_code in (404, 405):
            raise UploadRefusedError(
                f"The platform has no upload service at the profile's address "
                f"({response.status_code}): the profile is wrong or outdated.",
                status=response.status_code,
            )
        if response.status_code != 201:
            raise self._refuse(response, "creating the upload")
        location = response.headers.get("Location")
        if not location or len(location) > 2048:
            raise TransientSyncError("The platform created the upload but sent no address.")
        return self.resolve_location(location)

    def offset(self, upload_url: str) -> tuple[int, int | None]:
        """HEAD: the server's offset and (when known) the upload's length."""
        started = time.monotonic()
        response = self._request("HEAD", upload_url)
        self.sizer.answered(time.monotonic() - started)
        if response.status_code not in (200, 204):
            raise self._refuse(response, "asking where the upload stopped")
        offset = _parse_offset(response.headers.get("Upload-Offset"), "Upload-Offset")
        length_header = response.headers.get("Upload-Length")
        length = _parse_offset(length_header, "Upload-Length") if length_header else None
        return offset, length

    def patch(self, upload_url: str, offset: int, data: bytes) -> int:
        response = self._request(
            "PATCH",
            upload_url,
            # In pieces, so a cancel is seen between them; the explicit Content-Length
            # keeps the body framed by length (tus servers need it; httpx would
            # otherwise send an iterator chunked).
            content=body_in_pieces(data, self.cancel, self._written),
            headers={
                "Upload-Offset": str(offset),
                "Content-Length": str(len(data)),
                "Content-Type": "application/offset+octet-stream",
            },
        )
        if response.status_code == 413:
            self._lower_patch_limit(response, len(data))
        if response.status_code != 204:
            raise self._refuse(response, "sending the package")
        new_offset = _parse_offset(response.headers.get("Upload-Offset"), "Upload-Offset")
        if not offset < new_offset <= offset + len(data) and len(data) > 0:
            # A server that claims more than we sent (or nothing) is asked again via HEAD.
            raise TransientSyncError("The platform confirmed an unexpected offset.")
        return new_offset

    def _lower_patch_limit(self, response: httpx.Response, sent: int) -> None:
        """After a 413 to a PATCH of ``sent`` bytes: smaller PATCHes from now on, when
        that can help (else the refusal stands, as for any 413)."""
        announced = parse_patch_limit(response)
        if announced is not None and announced < sent:
            ceiling = announced
        elif sent > DEFAULT_PATCH_LIMIT:
            ceiling = DEFAULT_PATCH_LIMIT  # a proxy in front takes less than announced
        else:
            return
        self.sizer.ceiling = min(self.sizer.ceiling, ceiling)
        raise PatchLimitLoweredError(
            f"The platform takes at most {ceiling} bytes in one request; sending less."
        )

    def terminate(self, upload_url: str) -> None:
        """tus termination: the server may discard the partial upload."""
        response = self._request("DELETE", upload_url)
        if response.status_code not in (204, 404, 410):
            raise self._refuse(response, "abandoning the upload")

    def fetch_receipt(self, upload_url: str) -> ReceiptAnswer:
        """``GET {upload}/receipt`` with the body capped at 64 KiB."""
        url = upload_url.rstrip("/") + "/receipt"
        with self._watched(), self._client.stream("GET", url) as response:
            body = bytearray()
            for piece in response.iter_bytes():
                body += piece
                if len(body) > MAX_RECEIPT_BYTES:
                    raise SyncError("The platform's receipt is larger than allowed.")
        return ReceiptAnswer(response.status_code, bytes(body))

    def fetch_receipt_token(self, upload_url: str) -> ReceiptAnswer:
        """``GET {upload}/receipt/timestamp``: the authority's token over the receipt,
        when the platform has its receipts stamped; the body capped like a token."""
        url = upload_url.rstrip("/") + "/receipt/timestamp"
        with self._watched(), self._client.stream("GET", url) as response:
            body = bytearray()
            for piece in response.iter_bytes():
                body += piece
                if len(body) > MAX_TOKEN_BYTES:
                    raise SyncError("The receipt's timestamp is larger than allowed.")
        return ReceiptAnswer(response.status_code, bytes(body))

    # -- the resumable upload --------------------------------------------------------

    def _wait(self, failures: int) -> None:
        self._pause(self.retry.delay(failures, self._rng))

    def _pause(self, delay: float) -> None:
        if delay <= 0:
            if self.cancel.is_set():
                raise SyncCancelledError("The sync was cancelled.")
            return
        if self._sleep is not None:
            self._sleep(delay)
        elif self.cancel.wait(delay):
            raise SyncCancelledError("The sync was cancelled.")
        if self.cancel.is_set():
            raise SyncCancelledError("The sync was cancelled.")

    def upload(
        self,
        reader: BinaryIO,
        length: int,
        *,
        metadata: Mapping[str, str],
        upload_url: str | None = None,
        on_created: Callable[[str], None] | None = None,
        on_progress: ProgressCallback | None = None,
        on_retry: RetryCallback | None = None,
        stats: UploadStats | None = None,
    ) -> str:
        """Send ``length`` bytes of ``reader``; resume ``upload_url`` when given.

        ``on_created`` runs right after the server created the upload (the caller
        commits the URL before a byte is sent), ``on_progress(offset, length)`` after
        every confirmed chunk, and ``on_retry(attempt, max_attempts)`` when a failure
        is to be tried again, before the wait. Returns the upload URL once the server
        holds every byte.
        """
        stats = stats if stats is not None else UploadStats()
        written_before = self._written[0]
        try:
            return self._upload(reader, length, metadata, upload_url, on_created, on_progress,
                                on_retry, stats)
        finally:
            stats.bytes_written += self._written[0] - written_before

    def _upload(
        self,
        reader: BinaryIO,
        length: int,
        metadata: Mapping[str, str],
        upload_url: str | None,
        on_created: Callable[[str], None] | None,
        on_progress: ProgressCallback | None,
        on_retry: RetryCallback | None,
        stats: UploadStats,
    ) -> str:
        url = upload_url
        offset: int | None = None
        failures = 0
        in_patch = False
        started = time.monotonic()
        while True:
            try:
                if url is None:
                    url = self.create(length, metadata)
                    stats.creations += 1
                    offset = 0
                    if on_created is not None:
                        on_created(url)
                elif offset is None:
                    try:
                        offset, server_length = self.offset(url)
                    except UploadGoneError:
                        url = None
                        continue
                    if server_length is not None and server_length != length:
                        # Not our upload (or a server that lost track): abandon it on the
                        # server (tus termination, best effort) and start over.
                        with contextlib.suppress(SyncError):
                            self.terminate(url)
                        url = None
                        continue
                    if offset > length:
                        raise SyncError("The platform holds more bytes than the package has.")
                    stats.heads += 1
                    stats.resumed_at.append(offset)
                if offset == length:
                    if on_progress is not None:
                        on_progress(offset, length)
                    return url
                reader.seek(offset)
                size = self.sizer.next_size()
                data = reader.read(min(size, length - offset))
                if not data:
                    raise StorageError("The package file is shorter than recorded.")
                stats.bytes_sent += len(data)
                stats.patches += 1
                stats.chunk_sizes.append(len(data))
                started = time.monotonic()
                in_patch = True
                offset = self.patch(url, offset, data)
                in_patch = False
                self.sizer.confirmed(len(data), time.monotonic() - started)
                failures = 0
                if on_progress is not None:
                    on_progress(offset, length)
            except PatchLimitLoweredError:
                # Refused before it was stored: go on at once from the same offset (a 409
                # would send us to HEAD). Counted, so a server that keeps lowering its
                # limit without taking a byte ends the run like any other failure.
                in_patch = False
                stats.failures += 1
                failures += 1
                if failures > self.retry.max_attempts:
                    raise
                continue
            except (TransientSyncError, UploadGoneError) as error:
                if isinstance(error, UploadGoneError) and offset is not None:
                    # The upload vanished mid-way (a PATCH answered 404): start over.
                    url = None
                stats.failures += 1
                failures += 1
                if failures > self.retry.max_attempts:
                    raise
                if in_patch and isinstance(error, ConnectionBlockedError):
                    self.sizer.cut(time.monotonic() - started)
                if in_patch and isinstance(error, TransientSyncError) and error.nothing_sent:
                    # Not a byte of that PATCH left: it was not sent, nor is it re-sent.
                    stats.bytes_sent -= stats.chunk_sizes.pop()
                    stats.patches -= 1
                if not (isinstance(error, TransientSyncError) and error.nothing_sent):
                    # Part of the request may have reached the server: ask where it
                    # stands before sending again. (A connection that could not be set
                    # up changed nothing: the offset is still known.)
                    offset = None
                in_patch = False
                if on_retry is not None:
                    on_retry(failures, self.retry.max_attempts)
                self._pause(self.retry.delay_after(error, failures, self._rng))

