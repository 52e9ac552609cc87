"""Asking the platform's time-stamping authorities (RFC 3161) for tokens over what was
sealed since the last time, under the same connection policy as a sync.

Per authority named in the profile: the sealed versions it has not stamped yet become
the leaves of one hash tree, and only its root (32 bytes) goes to the authority, with a
random nonce. The answer is checked before anything is kept: granted, the exact root
and nonce, signed by a certificate that chains to the CA the profile names for that
authority. Then the token, each version's proof path and a custody event per version
commit together (app/core/timestamps.py).

The connection: through the profile's SOCKS5 proxy when the authority says so (refused
when no proxy is set, never silently direct), TLS pinned to the authority's own CA when
the profile gives one, nothing taken from the environment, no redirects, and a cancel
(or lock) shuts the socket at once (app/sync/cancellable.py). An authority that cannot
be reached, or answers badly, is deferred: nothing is stored, the versions stay pending
and the next sync asks again; delivery never waits on it. Runs on the vault thread.
"""

from __future__ import annotations

import secrets
import ssl
import threading
from dataclasses import dataclass

import httpx
import socksio

from app.core import timestamps as stamps
from app.core.ids import Clock
from app.formats.timestamps import (
    MAX_TOKEN_BYTES,
    TimestampError,
    build_tree,
    check_token,
    timestamp_request,
)
from app.sanitize import for_display
from app.storage.vault import Vault
from app.sync.cancellable import SocketRegistry, cancellable_transport, shut_on_cancel
from app.sync.errors import (
    ConnectionBlockedError,
    SyncCancelledError,
    SyncError,
    TransientSyncError,
)
from app.sync.profile import PlatformProfile, TimestampAuthority
from app.sync.tls import parse_ca_certificates, platform_ssl_context

QUERY_TYPE = "application/timestamp-query"
REPLY_TYPE = "application/timestamp-reply"
DEFAULT_TIMEOUT = 20.0


class AuthorityAnswerError(SyncError):
    """The authority answered, but not with a token we can keep (refused, malformed,
    not for our request, or not signed by the CA the profile names)."""


@dataclass(frozen=True)
class Granted:
    token: bytes
    attested_at: str  # ISO 8601 UTC, as the authority signed it


def _context(authority: TimestampAuthority) -> ssl.SSLContext:
    if authority.tls_ca_pem is not None:
        return platform_ssl_context(authority.tls_ca_pem)
    # No CA pinned for this authority: the system's store (the token's own signature,
    # checked against the profile's CA, is what makes it trustworthy either way).
    context = ssl.create_default_context()
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


def request_token(
    authority: TimestampAuthority,
    root: bytes,
    *,
    proxy: str | None,
    cancel: threading.Event,
    timeout: float = DEFAULT_TIMEOUT,
) -> Granted:
    """One request for ``root``; the checked token. Raises TransientSyncError (try again
    later), AuthorityAnswerError (the answer cannot be kept), SyncCancelledError."""
    if authority.use_proxy and proxy is None:
        raise ConnectionBlockedError(
            f"The authority {authority.name} is to be reached through the proxy, and the "
            "profile sets none."
        )
    nonce = secrets.randbits(63) | 1
    registry = SocketRegistry()
    transport = cancellable_transport(
        _context(authority), proxy if authority.use_proxy else None, registry
    )
    if cancel.is_set():
        raise SyncCancelledError("The sync was cancelled.")
    try:
        with httpx.Client(
            transport=transport, trust_env=False, follow_redirects=False,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 30.0)),
        ) as client, shut_on_cancel(cancel, registry), client.stream(
            "POST", authority.url, content=timestamp_request(root, nonce),
            headers={"Content-Type": QUERY_TYPE, "Accept": REPLY_TYPE},
        ) as response:
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > MAX_TOKEN_BYTES:
                    raise AuthorityAnswerError(
                        f"The authority {authority.name} answered more than a token.")
    except (httpx.TransportError, socksio.ProtocolError) as error:
        if cancel.is_set():
            raise SyncCancelledError("The sync was cancelled.") from None
        if isinstance(error, httpx.ConnectError | httpx.ConnectTimeout | httpx.ProxyError):
            failure: TransientSyncError = ConnectionBlockedError(
                f"The authority {authority.name} could not be reached.")
        else:
            failure = ConnectionBlockedError(
                f"The connection to the authority {authority.name} failed or timed out.")
        raise failure from None
    if response.status_code in (429, 502, 503, 504) or response.status_code >= 500:
        raise ConnectionBlockedError(
            f"The authority {authority.name} is busy ({response.status_code}).")
    if response.status_code != 200:
        raise AuthorityAnswerError(
            f"The authority {authority.name} refused the request ({response.status_code}).")
    if response.headers.get("content-type", "").split(";")[0].strip() != REPLY_TYPE:
        raise AuthorityAnswerError(f"The authority {authority.name} did not answer a token.")
    try:
        facts = check_token(
            bytes(body), root, parse_ca_certificates(authority.certificate_pem), nonce=nonce
        )
    except TimestampError as error:
        raise AuthorityAnswerError(
            f"The authority {authority.name}'s token was not kept: {error}") from None
    return Granted(bytes(body), facts.gen_time.strftime("%Y-%m-%dT%H:%M:%SZ"))


@dataclass(frozen=True)
class StampOutcome:
    authority: str
    state: str  # "stamped", "nothing-new", "deferred"
    versions: int
    message: str
    attested_at: str | None = None

    def to_json(self) -> dict[str, object]:
        return {"authority": self.authority, "state": self.state, "versions": self.versions,
                "message": self.message, "attested_at": self.attested_at}


def stamp_pending(
    vault: Vault,
    profile: PlatformProfile,
    *,
    cancel: threading.Event,
    actor: str,
    clock: Clock | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> list[StampOutcome]:
    """Ask every authority of the profile for a token over its pending versions.

    Never raises for an authority that fails (the outcome says "deferred" and why);
    raises SyncCancelledError when cancelled."""
    outcomes = []
    conn = vault.connection
    for authority in profile.timestamp_authorities:
        leaves = stamps.pending_leaves(conn, authority.name)
        if not leaves:
            outcomes.append(StampOutcome(authority.name, "nothing-new", 0,
                                         "Every sealed version has its timestamp."))
            continue
        root, paths = build_tree([leaf.content_sha256 for leaf in leaves])
        try:
            granted = request_token(authority, root, proxy=profile.proxy, cancel=cancel,
                                    timeout=timeout)
        except SyncCancelledError:
            raise
        except SyncError as error:
            outcomes.append(StampOutcome(
                authority.name, "deferred", len(leaves),
                for_display(str(error), limit=300) + " It is asked again at the next sync."))
            continue
        stamps.record_token(
            conn, vault.device, authority=authority.name, root=root, token=granted.token,
            attested_at=granted.attested_at, leaves=leaves, paths=paths, actor=actor,
            clock=clock,
        )
        outcomes.append(StampOutcome(
            authority.name, "stamped", len(leaves),
            f"{len(leaves)} sealed version(s) stamped at {granted.attested_at}.",
            granted.attested_at))
    return outcomes
