"""Typed failures of a sync, each with a sentence the user can act on.

The split follows what the user can do about it: a network that is down (try later),
a connection that is blocked or times out (use the proxy), a certificate that is not
the platform's (stop: someone is in the middle), a refusal that will not change by
retrying (fix the token, the package or the profile). Messages never carry the token.
"""

from __future__ import annotations

from app.errors import AuthenticationError, EvidenceVaultError


class SyncError(EvidenceVaultError):
    """Base of every sync failure."""


class TransientSyncError(SyncError):
    """Worth retrying later: the connection dropped, timed out, or the server is busy.

    ``nothing_sent``: the failure came before any byte of the request left (the TCP,
    SOCKS or TLS set-up failed), so what the server holds did not change."""

    nothing_sent: bool = False


class NetworkDownError(TransientSyncError):
    """No route to the platform or its name: the device seems to be offline."""


class ConnectionBlockedError(TransientSyncError):
    """The platform (or proxy) did not answer in time or the connection was reset."""


class ConnectionCutError(ConnectionBlockedError):
    """An open connection was cut in the middle of a request (reset, closed, broken
    off): what a dropped circuit or a moving phone looks like. Worth reconnecting at
    once."""


class ProxyUnavailableError(TransientSyncError):
    """The configured SOCKS5 proxy is not running or refused to connect onwards."""


class CertificateRejectedError(SyncError, AuthenticationError):
    """The server's certificate is not from the platform's CA: possibly an impostor."""


class UploadRefusedError(SyncError):
    """The platform refused this package or this device for good (401, 403, 413, 422)."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class TokenRefusedError(UploadRefusedError):
    """The platform does not accept the device token (401/403)."""


class UploadGoneError(SyncError):
    """The server no longer knows the upload (404/410): start it over."""


class ReceiptError(SyncError, AuthenticationError):
    """The platform's receipt is malformed, does not verify, or is for another package."""


class ProfileError(SyncError):
    """The platform profile is missing, malformed, or not usable."""


class SyncCancelledError(SyncError):
    """The user cancelled the sync; what was confirmed by the server is kept."""
