"""The platform profile: strict parsing of the coordinator's file, storage in the vault,
and where the device token lives.

A profile file comes from outside (a USB stick, a chat message), so every field is
checked before use and nothing unknown is accepted. The profile itself (URL, CA,
keys, proxy) is stored in the vault's encrypted ``settings``; the device token goes to
the OS keyring when a secure backend exists (the design allows the sync credential
there, never anything that unlocks the vault) and otherwise stays inside the vault. The
keyring backend is passed in by the caller, never looked up here, so tests and the GUI
decide which one is used. Runs on the vault worker thread (it uses the connection).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

from app import APP_ID
from app.core.custody import VAULT_CHAIN, Signer, append_event
from app.core.settings import PLATFORM_RECIPIENT, read_value, set_setting, write_value
from app.crypto.age.keys import X25519Recipient
from app.crypto.signing import SigningPublicKey
from app.errors import EvidenceVaultError, UnsupportedVersionError
from app.platform import secrets_store
from app.platform.text import TextEncodingError, decode_user_text
from app.storage.database import Connection, transaction
from app.sync.errors import ProfileError
from app.sync.tls import parse_ca_certificates

PROFILE_FORMAT = "evidence-vault-platform-profile"
PROFILE_VERSION = 1
MAX_PROFILE_BYTES = 64 * 1024
_REQUIRED = frozenset(
    {"format", "version", "name", "url", "ca_certificate_pem", "platform_recipient",
     "receipt_signing_key", "proxy"}
)
_OPTIONAL = frozenset({"device_token", "timestamp_authorities"})
# Time-stamping authorities: each names its URL, the CA certificate(s) its tokens must
# chain to, optionally the CA pinned for its TLS, and whether to go through the proxy.
_AUTHORITY_REQUIRED = frozenset({"name", "url", "certificate_pem", "use_proxy"})
_AUTHORITY_OPTIONAL = frozenset({"tls_ca_pem"})
MAX_AUTHORITIES = 8
_TOKEN = re.compile(r"[\x21-\x7e]{16,512}")
_HOST = re.compile(r"[A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\]")

SETTING_PROFILE = "sync.profile"
# Names of settings rows, not secrets.
SETTING_TOKEN = "sync.device_token"  # noqa: S105 -- a settings key name
SETTING_TOKEN_LOCATION = "sync.token_location"  # noqa: S105 -- a settings key name
SETTING_TOKEN_ACCOUNT = "sync.token_account"  # noqa: S105 -- a settings key name
SETTING_TOKEN_SERVICE = "sync.token_service"  # noqa: S105 -- a settings key name
KEYRING_SERVICE = f"{APP_ID}.sync"
# Under the disguise: a service name a notes program could use, which says nothing of
# this program or of sync (the account name is random already).
NEUTRAL_KEYRING_SERVICE = "notes"
# The vault's own "neutral window title" setting (app/services/settings.py) disguises
# the keyring entry too.
_SETTING_NEUTRAL_TITLE = "gui.neutral_title"
LOCATION_KEYRING = "os-keyring"
LOCATION_VAULT = "vault"


@dataclass(frozen=True)
class TimestampAuthority:
    """An RFC 3161 time-stamping authority the platform named (only digests go there)."""

    name: str
    url: str
    certificate_pem: str  # the CA certificate(s) its tokens must chain to
    use_proxy: bool
    tls_ca_pem: str | None = None  # pins an https URL to this CA; None: system store


@dataclass(frozen=True)
class PlatformProfile:
    """Where and to whom packages go; everything but the token."""

    name: str
    url: str
    ca_certificate_pem: str
    platform_recipient: str
    receipt_signing_key: str
    proxy: str | None
    timestamp_authorities: tuple[TimestampAuthority, ...] = ()

    def to_json(self) -> dict[str, Any]:
        document = {"format": PROFILE_FORMAT, "version": PROFILE_VERSION, **asdict(self)}
        # Absent rather than empty: a profile without authorities reads as it always did.
        if not self.timestamp_authorities:
            del document["timestamp_authorities"]
        else:
            for authority in document["timestamp_authorities"]:
                if authority["tls_ca_pem"] is None:
                    del authority["tls_ca_pem"]
        return document

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or ""

    @property
    def receipt_key_fingerprint(self) -> str:
        return SigningPublicKey.parse_openssh(self.receipt_signing_key).fingerprint


def _text(document: dict[str, Any], key: str, limit: int) -> str:
    value = document[key]
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        raise ProfileError(f"The profile's {key} is missing or too long.")
    return value


def _check_url(untrusted: str) -> str:
    try:
        parts = urlsplit(untrusted)
        port = parts.port
    except ValueError:
        raise ProfileError("The profile's url is not a valid address.") from None
    if parts.scheme != "https":
        raise ProfileError("The profile's url must start with https:// (the only safe way).")
    if parts.username or parts.password or parts.query or parts.fragment:
        raise ProfileError("The profile's url may not hold a user, a query or a fragment.")
    if not parts.netloc or not _HOST.fullmatch(parts.netloc.rsplit(":", 1)[0]
                                                if port else parts.netloc):
        raise ProfileError("The profile's url has no valid host name.")
    if not parts.path.startswith("/"):
        raise ProfileError("The profile's url has no upload path.")
    return untrusted


def _check_proxy(untrusted: Any) -> str | None:
    if untrusted is None:
        return None
    if not isinstance(untrusted, str) or len(untrusted) > 300:
        raise ProfileError("The profile's proxy must be null or a socks5h:// address.")
    try:
        parts = urlsplit(untrusted)
        port = parts.port
    except ValueError:
        raise ProfileError("The profile's proxy is not a valid address.") from None
    if parts.scheme == "socks5":
        raise ProfileError(
            "The profile's proxy uses socks5://, which looks names up on this device in "
            "view of the network; use socks5h:// so the proxy resolves them."
        )
    if parts.scheme != "socks5h" or not parts.hostname or port is None:
        raise ProfileError("The profile's proxy must look like socks5h://127.0.0.1:9050.")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ProfileError("The profile's proxy must look like socks5h://127.0.0.1:9050.")
    return untrusted


def _check_authorities(untrusted: Any) -> tuple[TimestampAuthority, ...]:
    from app.formats.timestamps import AUTHORITY_NAME

    if not isinstance(untrusted, list) or len(untrusted) > MAX_AUTHORITIES:
        raise ProfileError(
            f"The profile's timestamp_authorities must be a list of at most {MAX_AUTHORITIES}."
        )
    found: list[TimestampAuthority] = []
    for entry in untrusted:
        if not isinstance(entry, dict) or not (
            _AUTHORITY_REQUIRED <= set(entry) <= _AUTHORITY_REQUIRED | _AUTHORITY_OPTIONAL
        ):
            raise ProfileError("A timestamp authority does not have exactly the expected fields.")
        name = _text(entry, "name", 64)
        if not AUTHORITY_NAME.fullmatch(name) or any(a.name == name for a in found):
            raise ProfileError(
                "A timestamp authority's name must be unique letters, digits, '.', '_', '-'."
            )
        url = _text(entry, "url", 2000)
        try:
            parts = urlsplit(url)
            parts.port  # noqa: B018 -- raises for a malformed port
        except ValueError:
            raise ProfileError("A timestamp authority's url is not a valid address.") from None
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ProfileError("A timestamp authority's url must be an http(s) address.")
        if parts.username or parts.password or parts.fragment:
            raise ProfileError("A timestamp authority's url may not hold a user or a fragment.")
        certificate_pem = _text(entry, "certificate_pem", 48 * 1024)
        parse_ca_certificates(certificate_pem)
        tls_ca_pem = entry.get("tls_ca_pem")
        if tls_ca_pem is not None:
            tls_ca_pem = _text(entry, "tls_ca_pem", 48 * 1024)
            parse_ca_certificates(tls_ca_pem)
        if not isinstance(entry["use_proxy"], bool):
            raise ProfileError("A timestamp authority's use_proxy must be true or false.")
        found.append(TimestampAuthority(name, url, certificate_pem, entry["use_proxy"],
                                        tls_ca_pem))
    return tuple(found)


def parse_profile(untrusted_bytes: bytes) -> tuple[PlatformProfile, str | None]:
    """The profile and the device token it carries (if any); ProfileError otherwise."""
    if len(untrusted_bytes) > MAX_PROFILE_BYTES:
        raise ProfileError("The profile file is larger than a profile can be.")
    try:
        text = decode_user_text(untrusted_bytes, "The profile file")
    except TextEncodingError as error:
        raise ProfileError(str(error)) from None
    try:
        document = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        raise ProfileError("The profile file is not JSON text.") from None
    if not isinstance(document, dict) or document.get("format") != PROFILE_FORMAT:
        raise ProfileError("This file is not an Evidence Vault platform profile.")
    version = document.get("version")
    if type(version) is not int:
        raise ProfileError("The profile has no version number.")
    if version != PROFILE_VERSION:
        raise UnsupportedVersionError(
            f"The profile has version {version}; this program reads version {PROFILE_VERSION}."
        )
    keys = set(document)
    if not keys >= _REQUIRED or not keys <= _REQUIRED | _OPTIONAL:
        raise ProfileError("The profile does not have exactly the expected fields.")
    ca_pem = _text(document, "ca_certificate_pem", 48 * 1024)
    parse_ca_certificates(ca_pem)
    recipient = _text(document, "platform_recipient", 200).strip()
    signing_key = _text(document, "receipt_signing_key", 1000).strip()
    try:
        X25519Recipient.parse(recipient)
    except EvidenceVaultError:
        raise ProfileError("The profile's platform recipient is not an age key.") from None
    try:
        SigningPublicKey.parse_openssh(signing_key)
    except EvidenceVaultError:
        raise ProfileError("The profile's receipt signing key is not an Ed25519 key.") from None
    token = document.get("device_token")
    if token is not None and (not isinstance(token, str) or not _TOKEN.fullmatch(token)):
        raise ProfileError("The profile's device token is malformed.")
    profile = PlatformProfile(
        name=_text(document, "name", 100).strip(),
        url=_check_url(_text(document, "url", 2000)),
        ca_certificate_pem=ca_pem,
        platform_recipient=recipient,
        receipt_signing_key=signing_key,
        proxy=_check_proxy(document["proxy"]),
        timestamp_authorities=_check_authorities(document.get("timestamp_authorities", [])),
    )
    return profile, token


def read_profile_file(path: Path) -> tuple[PlatformProfile, str | None]:
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_PROFILE_BYTES + 1)
    except OSError as error:
        raise ProfileError(f"Cannot read the profile file: {error.strerror}") from None
    return parse_profile(data)


# -- vault settings --------------------------------------------------------------------


def load_profile(conn: Connection) -> PlatformProfile | None:
    """The stored profile (checked again: the vault may come from an older program)."""
    stored = read_value(conn, SETTING_PROFILE)
    if stored is None:
        return None
    profile, _token = parse_profile(stored.encode("utf-8"))
    return profile


def require_profile(conn: Connection) -> PlatformProfile:
    profile = load_profile(conn)
    if profile is None:
        raise ProfileError(
            "No platform profile yet: import the file your coordinator gave you "
            "(sync profile import FILE)."
        )
    return profile


# -- the device token --------------------------------------------------------------------


class KeyringBackendLike(Protocol):
    """The part of ``keyring.backend.KeyringBackend`` we use."""

    def get_password(self, service: str, username: str) -> str | None: ...

    def set_password(self, service: str, username: str, password: str) -> None: ...

    def delete_password(self, service: str, username: str) -> None: ...


def system_keyring() -> KeyringBackendLike | None:
    """The OS keyring backend, or None when the keyring install is broken (the vault then
    keeps the token). Some backends talk to D-Bus: call it off the GUI thread."""
    try:
        import keyring

        backend: KeyringBackendLike = keyring.get_keyring()
    except Exception:  # a broken keyring install must not stop an import or a sync
        return None
    return backend


def is_secure_backend(backend: object) -> bool:
    """True for a real OS secret store; false for fail, null, plaintext and file ones."""
    from keyring.backends import chainer, fail, null

    if isinstance(backend, chainer.ChainerBackend):
        members = list(backend.backends)
        return bool(members) and all(is_secure_backend(b) for b in members)
    if isinstance(backend, fail.Keyring | null.Keyring):
        return False
    module = type(backend).__module__
    # keyrings.alt holds plaintext and password-file stores: no better than our vault.
    if module.startswith("keyrings.alt") or "plaintext" in module.lower():
        return False
    try:
        priority = float(getattr(backend, "priority", 0))
    except (TypeError, ValueError):
        return False
    return priority >= 1


class TokenStore(Protocol):
    location: str

    def get(self) -> str | None: ...

    def put(self, token: str) -> None: ...

    def delete(self) -> None: ...


class VaultTokenStore:
    """The token in the vault's encrypted settings (when no secure keyring exists)."""

    location = LOCATION_VAULT

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def get(self) -> str | None:
        return read_value(self._conn, SETTING_TOKEN)

    def put(self, token: str) -> None:
        with transaction(self._conn):
            write_value(self._conn, SETTING_TOKEN, token)

    def delete(self) -> None:
        with transaction(self._conn):
            write_value(self._conn, SETTING_TOKEN, None)


class KeyringTokenStore:
    """The token in the OS keyring, under a random account name that says nothing."""

    location = LOCATION_KEYRING

    def __init__(
        self, backend: KeyringBackendLike, account: str, service: str = KEYRING_SERVICE
    ) -> None:
        # Windows: local-machine persistence, never roamed with a domain profile.
        self._backend = secrets_store.keep_local(backend)
        self._account = account
        self.service = service

    def get(self) -> str | None:
        try:
            return self._backend.get_password(self.service, self._account)
        except Exception as error:  # keyring backends raise their own error types
            raise ProfileError(
                f"The OS keyring did not give the device token ({type(error).__name__})."
            ) from None

    def put(self, token: str) -> None:
        try:
            self._backend.set_password(self.service, self._account, token)
        except Exception as error:  # keyring backends raise their own error types
            raise ProfileError(
                f"The OS keyring did not store the device token ({type(error).__name__})."
            ) from None

    def delete(self) -> None:
        # Already gone is fine; keyring backends raise their own error types.
        with contextlib.suppress(Exception):
            self._backend.delete_password(self.service, self._account)


def keyring_service(conn: Connection, *, neutral: bool = False) -> str:
    """The keyring service name this vault's token belongs under: the neutral one when
    the program runs disguised (``neutral``, the launch option) or the vault's neutral
    title is on, and once there it stays (a later plain launch does not name the program
    again); otherwise the program's own."""
    stored = read_value(conn, SETTING_TOKEN_SERVICE) or KEYRING_SERVICE
    if neutral or read_value(conn, _SETTING_NEUTRAL_TITLE) == "1":
        return NEUTRAL_KEYRING_SERVICE
    return stored


def token_store(
    conn: Connection, keyring_backend: KeyringBackendLike | None, *, neutral: bool = False
) -> TokenStore:
    """Where this vault's token is kept now. A token in the keyring under another service
    name than :func:`keyring_service` wants is moved there first (read the old entry,
    write the new one, record the name in the vault, delete the old one), so sync keeps
    working when the disguise is turned on; should the move fail, the old entry stays
    and is used."""
    account = read_value(conn, SETTING_TOKEN_ACCOUNT)
    if read_value(conn, SETTING_TOKEN_LOCATION) == LOCATION_KEYRING and account:
        if keyring_backend is None:
            raise ProfileError(
                "The device token is kept in the OS keyring, which is not available now."
            )
        stored = KeyringTokenStore(
            keyring_backend, account, read_value(conn, SETTING_TOKEN_SERVICE) or KEYRING_SERVICE
        )
        wanted = keyring_service(conn, neutral=neutral)
        if wanted == stored.service:
            return stored
        moved = KeyringTokenStore(keyring_backend, account, wanted)
        try:
            token = stored.get()
            if token is not None:
                moved.put(token)
        except ProfileError:
            return stored
        with transaction(conn):
            write_value(conn, SETTING_TOKEN_SERVICE, wanted)
        stored.delete()
        return moved
    return VaultTokenStore(conn)


def require_token(
    conn: Connection, keyring_backend: KeyringBackendLike | None, *, neutral: bool = False
) -> str:
    token = token_store(conn, keyring_backend, neutral=neutral).get()
    if not token:
        raise ProfileError(
            "No device token is stored: import a profile that carries one from your "
            "coordinator."
        )
    return token


@dataclass(frozen=True)
class ProfileImported:
    profile: PlatformProfile
    token_location: str | None  # None: the file carried no token (the old one is kept)
    replaced: tuple[ProfileChange, ...] = ()  # what a confirmed replacement changed


def fingerprint(text: str) -> str:
    """A short SHA-256 fingerprint of a key or certificate, in groups people read aloud."""
    digest = hashlib.sha256(text.strip().encode("utf-8")).hexdigest()[:32].upper()
    return "-".join(digest[i : i + 4] for i in range(0, 32, 4))


@dataclass(frozen=True)
class ProfileChange:
    """One field that decides where packages go, as stored and as the new file has it
    (fingerprints for keys and the certificate, the address itself for the URL)."""

    field: str
    old: str
    new: str


class ProfileSwapError(ProfileError):
    """A profile whose platform key, CA, URL or receipt key differs from the stored one
    was not imported: replacing needs an explicit confirmation (``--replace``)."""

    def __init__(self, changes: tuple[ProfileChange, ...]) -> None:
        # Fingerprints first and the URL (any length) last, and few words before them:
        # the CLI cuts an error message at 512 characters, and every fingerprint must
        # be shown when all four change.
        ordered = sorted(changes, key=lambda c: c.field == "URL")
        lines = "; ".join(f"{c.field}: {c.old} -> {c.new}" for c in ordered)
        super().__init__(
            "Not imported: this profile sends packages elsewhere. Compare these "
            f"fingerprints with the platform by voice, then use --replace. {lines}"
        )
        self.changes = changes


def profile_changes(
    stored: PlatformProfile | None, stored_recipient: str | None, new: PlatformProfile
) -> tuple[ProfileChange, ...]:
    """What differs between the stored destination and ``new`` (empty: nothing that
    matters, e.g. only the proxy or the name)."""
    changes: list[ProfileChange] = []
    old_recipient = stored.platform_recipient if stored is not None else stored_recipient
    if old_recipient and old_recipient != new.platform_recipient:
        changes.append(
            ProfileChange(
                "platform key", fingerprint(old_recipient), fingerprint(new.platform_recipient)
            )
        )
    if stored is not None:
        if stored.ca_certificate_pem.strip() != new.ca_certificate_pem.strip():
            changes.append(
                ProfileChange(
                    "CA certificate",
                    fingerprint(stored.ca_certificate_pem),
                    fingerprint(new.ca_certificate_pem),
                )
            )
        if stored.url != new.url:
            changes.append(ProfileChange("URL", stored.url, new.url))
        if stored.receipt_signing_key.strip() != new.receipt_signing_key.strip():
            changes.append(
                ProfileChange(
                    "receipt key", stored.receipt_key_fingerprint, new.receipt_key_fingerprint
                )
            )
    return tuple(changes)


def import_profile(
    conn: Connection,
    untrusted_bytes: bytes,
    *,
    keyring_backend: KeyringBackendLike | None,
    signer: Signer | None = None,
    actor: str = "documenter",
    replace: bool = False,
    neutral: bool = False,
) -> ProfileImported:
    """Check and store a profile; move its token to the keyring or into the vault (under
    the neutral service name when ``neutral`` or the vault's neutral title says so).

    With ``signer``, the profile's recipient also becomes the vault's platform
    recipient (sealed packages are encrypted to it), a custody event of its own.

    A profile whose platform key, CA certificate, URL or receipt key differs from the
    stored profile (or from a platform key set by hand) raises ProfileSwapError, unless
    ``replace``; a replacement is recorded as a "profile_replaced" custody event naming
    the old and new fingerprints (``signer`` required).
    """
    profile, token = parse_profile(untrusted_bytes)
    changes = profile_changes(load_profile(conn), read_value(conn, PLATFORM_RECIPIENT), profile)
    if changes and not replace:
        raise ProfileSwapError(changes)
    if changes and signer is None:
        raise ProfileError("Replacing the platform profile needs the vault's signing key.")
    location: str | None = None
    if token is not None:
        previous = (
            token_store(conn, keyring_backend, neutral=neutral) if keyring_backend else None
        )
        account = read_value(conn, SETTING_TOKEN_ACCOUNT) or secrets.token_hex(16)
        service = keyring_service(conn, neutral=neutral)
        if keyring_backend is not None and is_secure_backend(keyring_backend):
            KeyringTokenStore(keyring_backend, account, service).put(token)
            location = LOCATION_KEYRING
        else:
            location = LOCATION_VAULT
        with transaction(conn):
            write_value(conn, SETTING_PROFILE, json.dumps(profile.to_json(), sort_keys=True))
            write_value(conn, SETTING_TOKEN_ACCOUNT, account)
            write_value(conn, SETTING_TOKEN_LOCATION, location)
            in_keyring = location == LOCATION_KEYRING
            write_value(conn, SETTING_TOKEN_SERVICE, service if in_keyring else None)
            write_value(conn, SETTING_TOKEN, token if location == LOCATION_VAULT else None)
        if previous is not None and previous.location != location:
            previous.delete()
    else:
        with transaction(conn):
            write_value(conn, SETTING_PROFILE, json.dumps(profile.to_json(), sort_keys=True))
    if signer is not None and read_value(conn, PLATFORM_RECIPIENT) != profile.platform_recipient:
        set_setting(conn, signer, PLATFORM_RECIPIENT, profile.platform_recipient, actor)
    if changes and signer is not None:
        with transaction(conn):
            append_event(
                conn,
                signer,
                chain_id=VAULT_CHAIN,
                action="profile_replaced",
                actor=actor,
                details={
                    "changes": [
                        {"field": c.field, "old": c.old, "new": c.new} for c in changes
                    ]
                },
            )
    return ProfileImported(profile, location, changes)
