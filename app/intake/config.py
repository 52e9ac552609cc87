"""The intake server's data folder: its layout, its settings, and ``init``.

Everything the server owns lives under one folder (``--data DIR``)::

    intake.json             settings: platform name, host, bind address, port, limits
    devices.json            device names and SHA-256 hashes of their tokens (never tokens)
    trusted-signers         documenters' package-signing keys (allowed_signers format)
    keys/platform.agekey    the platform's age identity (0600): packages are sealed to it
    keys/receipt-signing.key  the Ed25519 key that signs receipts (0600)
    tls/                    CA certificate and key, server certificate and key (keys 0600)
    profiles/NAME.json      profile files for documenters (0600: they carry a token)
    uploads/                uploads in progress (tus data and .info sidecars)
    accepted/SHA256.evp     accepted packages, one file per distinct package
    rejected/UPLOAD_ID.*    refused packages and why
    receipts/UPLOAD_ID.json signed receipts, served to clients

Runs on the caller's thread (the CLI, or the server at start-up).
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import ipaddress
import json
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.errors import EvidenceVaultError, FormatError, StorageError, UnsupportedVersionError
from app.intake.keys import generate_platform_keys, load_receipt_signer
from app.intake.tls import issue_tls
from app.storage.fsutil import atomic_write_bytes, ensure_private_dir

CONFIG_FORMAT = "evidence-vault-intake-config"
DEVICES_FORMAT = "evidence-vault-intake-devices"
PROFILE_FORMAT = "evidence-vault-platform-profile"
FORMAT_VERSION = 1

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8443
DEFAULT_NAME = "Platform intake"
# A sealed package of a long testimony with video can be large; 8 GiB bounds the disk
# one device can fill with a single declaration.
DEFAULT_MAX_UPLOAD_SIZE = 8 * 1024**3
DEFAULT_DAYS_TO_KEEP = 7
MAX_SETTINGS_FILE = 64 * 1024
MAX_DEVICES_FILE = 4 * 1024 * 1024
_DEVICE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_HOST = re.compile(r"^[A-Za-z0-9.:-]{1,253}$")


class IntakeSetupError(EvidenceVaultError):
    """The data folder is missing, already set up, or a value given to ``init`` is invalid."""


@dataclass(frozen=True)
class IntakeLayout:
    """Paths inside the data folder; nothing here touches the disk."""

    root: Path

    @property
    def settings_file(self) -> Path:
        return self.root / "intake.json"

    @property
    def devices_file(self) -> Path:
        return self.root / "devices.json"

    @property
    def trusted_signers_file(self) -> Path:
        return self.root / "trusted-signers"

    @property
    def keys_dir(self) -> Path:
        return self.root / "keys"

    @property
    def platform_identity_file(self) -> Path:
        return self.keys_dir / "platform.agekey"

    @property
    def receipt_key_file(self) -> Path:
        return self.keys_dir / "receipt-signing.key"

    @property
    def tls_dir(self) -> Path:
        return self.root / "tls"

    @property
    def ca_certificate_file(self) -> Path:
        return self.tls_dir / "ca.pem"

    @property
    def ca_key_file(self) -> Path:
        return self.tls_dir / "ca.key"

    @property
    def server_certificate_file(self) -> Path:
        return self.tls_dir / "server.pem"

    @property
    def server_key_file(self) -> Path:
        return self.tls_dir / "server.key"

    @property
    def profiles_dir(self) -> Path:
        return self.root / "profiles"

    @property
    def uploads_dir(self) -> Path:
        return self.root / "uploads"

    @property
    def accepted_dir(self) -> Path:
        return self.root / "accepted"

    @property
    def rejected_dir(self) -> Path:
        return self.root / "rejected"

    @property
    def receipts_dir(self) -> Path:
        return self.root / "receipts"

    def make_store_dirs(self) -> None:
        for folder in (
            self.uploads_dir,
            self.accepted_dir,
            self.rejected_dir,
            self.receipts_dir,
            self.profiles_dir,
        ):
            ensure_private_dir(folder)


@dataclass(frozen=True)
class IntakeSettings:
    """What ``init`` decided: where the server listens and what it accepts."""

    name: str
    host: str
    bind: str
    port: int  # the port documenters dial (in the profile URL)
    listen_port: int  # the port the server listens on (differs behind a reverse proxy)
    max_upload_size: int
    days_to_keep: int

    @property
    def url(self) -> str:
        """The tus creation endpoint documenters dial."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"https://{host}:{self.port}/files/"

    def to_json(self) -> dict[str, Any]:
        return {
            "format": CONFIG_FORMAT,
            "version": FORMAT_VERSION,
            "name": self.name,
            "host": self.host,
            "bind": self.bind,
            "port": self.port,
            "listen_port": self.listen_port,
            "max_upload_size": self.max_upload_size,
            "days_to_keep": self.days_to_keep,
        }


def _read_json(path: Path, limit: int, expected_format: str) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            raw = handle.read(limit + 1)
    except FileNotFoundError:
        raise IntakeSetupError(f"{path.name} is missing: run init first.") from None
    except OSError as error:
        raise StorageError(f"Cannot read {path.name}: {error.strerror}") from None
    if len(raw) > limit:
        raise FormatError(f"{path.name} is larger than {limit} bytes.")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise FormatError(f"{path.name} is not valid JSON.") from None
    if not isinstance(data, dict) or data.get("format") != expected_format:
        raise FormatError(f"{path.name} is not an {expected_format} file.")
    if data.get("version") != FORMAT_VERSION:
        raise UnsupportedVersionError(f"{path.name} has an unsupported version.")
    return data


def load_settings(layout: IntakeLayout) -> IntakeSettings:
    data = _read_json(layout.settings_file, MAX_SETTINGS_FILE, CONFIG_FORMAT)
    try:
        settings = IntakeSettings(
            name=str(data["name"]),
            host=str(data["host"]),
            bind=str(data["bind"]),
            port=int(data["port"]),
            listen_port=int(data.get("listen_port", data["port"])),
            max_upload_size=int(data["max_upload_size"]),
            days_to_keep=int(data["days_to_keep"]),
        )
    except (KeyError, TypeError, ValueError):
        raise FormatError("intake.json lacks a setting or has one of the wrong type.") from None
    ports_valid = 0 < settings.port < 65536 and 0 < settings.listen_port < 65536
    if not ports_valid or settings.max_upload_size <= 0:
        raise FormatError("intake.json has an out-of-range port or size limit.")
    return settings


def _validate_host(host: str) -> str:
    if not _HOST.fullmatch(host):
        raise IntakeSetupError("The host must be a DNS name or an IP address.")
    return host


def _default_bind(host: str) -> str:
    # A name may resolve to a public address the operator did not mean to expose;
    # listen on loopback (behind a reverse proxy) unless an address was given.
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        return "127.0.0.1"


# --- devices ----------------------------------------------------------------------


def hash_token(token: str) -> str:
    # Tokens carry 256 random bits, so a plain SHA-256 is enough: there is nothing to
    # guess that a slow hash would protect.
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _load_device_entries(layout: IntakeLayout) -> list[dict[str, Any]]:
    if not layout.devices_file.exists():
        return []
    data = _read_json(layout.devices_file, MAX_DEVICES_FILE, DEVICES_FORMAT)
    devices = data.get("devices")
    if not isinstance(devices, list):
        raise FormatError("devices.json has no device list.")
    return [entry for entry in devices if isinstance(entry, dict)]


@dataclass(frozen=True)
class DeviceEntry:
    name: str
    revoked: bool


def known_token_hashes(layout: IntakeLayout) -> dict[str, DeviceEntry]:
    """Map of token hash to its device, revoked ones included (they get 403, not 401)."""
    result: dict[str, DeviceEntry] = {}
    for entry in _load_device_entries(layout):
        digest, name = entry.get("token_sha256"), entry.get("name")
        if isinstance(digest, str) and isinstance(name, str):
            result[digest] = DeviceEntry(name, bool(entry.get("revoked")))
    return result


def token_matches(known: dict[str, DeviceEntry], untrusted_token: str) -> DeviceEntry | None:
    """The device the token belongs to, or None; compares with every entry in constant time."""
    digest = hash_token(untrusted_token)
    found: DeviceEntry | None = None
    for candidate, device in known.items():
        if hmac.compare_digest(candidate, digest):
            found = device
    return found


def _write_devices(layout: IntakeLayout, entries: list[dict[str, Any]]) -> None:
    document = {"format": DEVICES_FORMAT, "version": FORMAT_VERSION, "devices": entries}
    atomic_write_bytes(layout.devices_file, json.dumps(document, indent=2).encode("utf-8"))


def revoke_device(layout: IntakeLayout, name: str) -> None:
    """Refuse a device's token from now on (403); the running server notices at once."""
    load_settings(layout)
    entries = _load_device_entries(layout)
    matching = [entry for entry in entries if entry.get("name") == name]
    if not matching:
        raise IntakeSetupError("No device has this name.")
    for entry in matching:
        entry["revoked"] = True
        entry["revoked_at"] = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    _write_devices(layout, entries)


def add_device(layout: IntakeLayout, name: str) -> Path:
    """Register a device with a fresh token and write its profile file; returns the path."""
    if not _DEVICE_NAME.fullmatch(name):
        raise IntakeSetupError(
            "A device name is 1-64 letters, digits, dots, dashes or underscores."
        )
    settings = load_settings(layout)
    entries = _load_device_entries(layout)
    if any(entry.get("name") == name for entry in entries):
        raise IntakeSetupError("A device with this name already exists.")
    token = secrets.token_urlsafe(32)
    entries.append(
        {
            "name": name,
            "token_sha256": hash_token(token),
            "added_at": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        }
    )
    _write_devices(layout, entries)
    return write_profile(layout, settings, name, token)


def add_trusted_signer(layout: IntakeLayout, untrusted_line: str, principal: str) -> str:
    """Trust a documenter's package-signing key; returns its fingerprint."""
    from app.crypto.signing import NAMESPACE_CUSTODY, NAMESPACE_PACKAGE, SigningPublicKey

    load_settings(layout)  # only in a folder that init set up
    key = SigningPublicKey.parse_openssh(untrusted_line.strip())
    try:
        line = key.allowed_signers_line(principal, [NAMESPACE_PACKAGE, NAMESPACE_CUSTODY])
    except ValueError as error:
        raise IntakeSetupError(str(error)) from None
    try:
        existing = layout.trusted_signers_file.read_bytes()
    except FileNotFoundError:
        existing = b""
    except OSError as error:
        raise StorageError(f"Cannot read trusted-signers: {error.strerror}") from None
    if existing and not existing.endswith(b"\n"):
        existing += b"\n"
    atomic_write_bytes(layout.trusted_signers_file, existing + line.encode("ascii") + b"\n")
    return key.fingerprint


def write_profile(layout: IntakeLayout, settings: IntakeSettings, device: str, token: str) -> Path:
    signer = load_receipt_signer(layout.receipt_key_file)
    recipient_file = layout.keys_dir / "platform.recipient"
    try:
        recipient = recipient_file.read_text(encoding="ascii").strip()
        ca_pem = layout.ca_certificate_file.read_text(encoding="ascii")
    except OSError as error:
        raise StorageError(f"Cannot read the platform keys: {error.strerror}") from None
    profile = {
        "format": PROFILE_FORMAT,
        "version": FORMAT_VERSION,
        "name": settings.name,
        "url": settings.url,
        "ca_certificate_pem": ca_pem,
        "platform_recipient": recipient,
        "receipt_signing_key": signer.public_key_openssh,
        "device_token": token,
        "proxy": None,
    }
    ensure_private_dir(layout.profiles_dir)
    path = layout.profiles_dir / f"{device}.json"
    atomic_write_bytes(path, (json.dumps(profile, indent=2) + "\n").encode("utf-8"))
    return path


# --- init -------------------------------------------------------------------------


def init_data(
    layout: IntakeLayout,
    *,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    bind: str | None = None,
    listen_port: int | None = None,
    name: str = DEFAULT_NAME,
    max_upload_size: int = DEFAULT_MAX_UPLOAD_SIZE,
    first_device: str = "documenter",
) -> Path:
    """Create keys, TLS files, settings and a first device profile; return the profile path."""
    if layout.settings_file.exists():
        raise IntakeSetupError("This data folder is already set up.")
    if not all(0 < p < 65536 for p in (port, listen_port or port)):
        raise IntakeSetupError("A port must be between 1 and 65535.")
    if not 1 <= len(name) <= 100:
        raise IntakeSetupError("The platform name must be 1-100 characters.")
    settings = IntakeSettings(
        name=name,
        host=_validate_host(host),
        bind=bind or _default_bind(host),
        port=port,
        listen_port=listen_port or port,
        max_upload_size=max_upload_size,
        days_to_keep=DEFAULT_DAYS_TO_KEEP,
    )
    ensure_private_dir(layout.root)
    ensure_private_dir(layout.keys_dir)
    ensure_private_dir(layout.tls_dir)
    layout.make_store_dirs()

    generate_platform_keys(
        identity_file=layout.platform_identity_file,
        recipient_file=layout.keys_dir / "platform.recipient",
        receipt_key_file=layout.receipt_key_file,
    )
    issued = issue_tls(host, platform_name=name)
    atomic_write_bytes(layout.ca_certificate_file, issued.ca_certificate_pem)
    atomic_write_bytes(layout.ca_key_file, issued.ca_key_pem)
    atomic_write_bytes(layout.server_certificate_file, issued.server_certificate_pem)
    atomic_write_bytes(layout.server_key_file, issued.server_key_pem)
    # Written last: its presence is what marks the folder as set up.
    atomic_write_bytes(
        layout.settings_file, json.dumps(settings.to_json(), indent=2).encode("utf-8")
    )
    return add_device(layout, first_device)
