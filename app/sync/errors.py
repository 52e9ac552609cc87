"""Typed failures of a sync, each with a sentence the user can act on.

The split follows what the user can do about it: a network that is down (try later),
a connection that is blocked or times out (use the proxy), a certificate that is not
the platform's (stop: someone is in the middle), a refusal that will not change by
retrying (fix the token, the package or the profile). Messages never carry the token.
Each class has a stable ``code`` (``default_code``) the window translates and the
outbox keeps with a package's last failure.
"""

from __future__ import annotations

from collections.abc import Mapping

from app.errors import AuthenticationError, EvidenceVaultError


class SyncError(EvidenceVaultError):
    """Base of every sync failure."""

    default_code = "sync.failed"

    def __init__(
        self, *args: object, code: str = "", params: Mapping[str, str | int] | None = None
    ) -> None:
        super().__init__(*args, code=code or type(self).default_code, params=params)


class TransientSyncError(SyncError):
    """Worth retrying later: the connection dropped, timed out, or the server is busy.

    ``nothing_sent``: the failure came before any byte of the request left (the TCP,
    SOCKS or TLS set-up failed), so what the server holds did not change."""

    default_code = "sync.transient"
    nothing_sent: bool = False


class NetworkDownError(TransientSyncError):
    """No route to the platform or its name: the device seems to be offline."""

    default_code = "sync.network_down"


class ConnectionBlockedError(TransientSyncError):
    """The platform (or proxy) did not answer in time or the connection was reset."""

    default_code = "sync.blocked"


class ConnectionCutError(ConnectionBlockedError):
    """An open connection was cut in the middle of a request (reset, closed, broken
    off): what a dropped circuit or a moving phone looks like. Worth reconnecting at
    once."""


class ProxyUnavailableError(TransientSyncError):
    """The configured SOCKS5 proxy is not running or refused to connect onwards."""

    default_code = "sync.proxy"


class CertificateRejectedError(SyncError, AuthenticationError):
    """The server's certificate is not from the platform's CA: possibly an impostor."""

    default_code = "sync.certificate"


class UploadRefusedError(SyncError):
    """The platform refused this package or this device for good (401, 403, 413, 422)."""

    default_code = "sync.refused"

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message, params={"status": status} if status else None)
        self.status = status


class TokenRefusedError(UploadRefusedError):
    """The platform does not accept the device token (401/403)."""

    default_code = "sync.token_refused"


class UploadGoneError(SyncError):
    """The server no longer knows the upload (404/410): start it over."""

    default_code = "sync.upload_gone"


class ReceiptError(SyncError, AuthenticationError):
    """The platform's receipt is malformed, does not verify, or is for another package."""

    default_code = "sync.receipt"


class ProfileError(SyncError):
    """The platform profile is missing, malformed, or not usable."""

    default_code = "sync.profile"


class SyncCancelledError(SyncError):
    """The user cancelled the sync; what was confirmed by the server is kept."""

    default_code = "sync.cancelled"
