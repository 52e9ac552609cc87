"""The intake server's data folder: its layout and its settings.

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
    receipts/UPLOAD_ID.tsr  an RFC 3161 token over that receipt file, when an authority is set
    authority/ca.pem        the CA certificate(s) the receipt authority's tokens chain to

This module knows the layout and reads the settings; ``provision.py`` creates them and
``devices.py`` manages device tokens, profiles and trusted signers. Runs on the caller's
thread (the CLI, or the server at start-up).
"""

from __future__ import annotations

import ipaddress
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.errors import EvidenceVaultError, FormatError, StorageError, UnsupportedVersionError
from app.fsutil import ensure_private_dir

CONFIG_FORMAT = "evidence-vault-intake-config"
FORMAT_VERSION = 1

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8443
DEFAULT_NAME = "Platform intake"
# A sealed package of a long testimony with video can be large; 8 GiB bounds the disk
# one device can fill with a single declaration.
DEFAULT_MAX_UPLOAD_SIZE = 8 * 1024**3
DEFAULT_DAYS_TO_KEEP = 7
# The largest PATCH body the server takes, announced to clients (``Max-Patch-Body`` on
# OPTIONS). Bodies go to disk as they arrive, so memory does not grow with it; what it
# bounds is one request's time on a slow link and what a reverse proxy must let through.
DEFAULT_MAX_PATCH_BODY = 64 * 1024**2
MIN_PATCH_BODY = 64 * 1024
MAX_PATCH_BODY_LIMIT = 1024**3
# A receipt waits at most this long for its authority's token before it goes out alone.
DEFAULT_AUTHORITY_TIMEOUT = 5.0
MAX_AUTHORITY_TIMEOUT = 60.0
MAX_SETTINGS_FILE = 64 * 1024
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
    def authority_ca_file(self) -> Path:
        return self.root / "authority" / "ca.pem"

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
class ReceiptAuthority:
    """The RFC 3161 authority that stamps each receipt (``authority set``); its CA
    certificate(s) live in ``authority/ca.pem``."""

    url: str
    timeout: float = DEFAULT_AUTHORITY_TIMEOUT

    def to_json(self) -> dict[str, Any]:
        return {"url": self.url, "timeout": self.timeout}


def validate_authority_url(url: str) -> str:
    if not re.fullmatch(r"https?://[A-Za-z0-9.:\[\]-]{1,260}(/[\x21-\x7e]{0,1000})?", url) or (
        "@" in url or "#" in url
    ):
        raise IntakeSetupError(
            "The authority URL must be http:// or https://, without a user or fragment."
        )
    return url


def validate_authority_timeout(timeout: float) -> float:
    if not 0 < timeout <= MAX_AUTHORITY_TIMEOUT:
        raise IntakeSetupError(
            f"The authority timeout must be more than 0 and at most {MAX_AUTHORITY_TIMEOUT:g} s."
        )
    return timeout


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
    receipt_authority: ReceiptAuthority | None = None  # None: receipts go unstamped
    max_patch_body: int = DEFAULT_MAX_PATCH_BODY  # bytes in one PATCH, announced

    @property
    def url(self) -> str:
        """The tus creation endpoint documenters dial."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"https://{host}:{self.port}/files/"

    def to_json(self) -> dict[str, Any]:
        document: dict[str, Any] = {
            "format": CONFIG_FORMAT,
            "version": FORMAT_VERSION,
            "name": self.name,
            "host": self.host,
            "bind": self.bind,
            "port": self.port,
            "listen_port": self.listen_port,
            "max_upload_size": self.max_upload_size,
            "days_to_keep": self.days_to_keep,
            "max_patch_body": self.max_patch_body,
        }
        # Only when set, so a data folder without one reads the same to an older server.
        if self.receipt_authority is not None:
            document["receipt_authority"] = self.receipt_authority.to_json()
        return document


def read_json(path: Path, limit: int, expected_format: str) -> dict[str, Any]:
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
    data = read_json(layout.settings_file, MAX_SETTINGS_FILE, CONFIG_FORMAT)
    try:
        settings = IntakeSettings(
            name=str(data["name"]),
            host=str(data["host"]),
            bind=str(data["bind"]),
            port=int(data["port"]),
            listen_port=int(data.get("listen_port", data["port"])),
            max_upload_size=int(data["max_upload_size"]),
            days_to_keep=int(data["days_to_keep"]),
            receipt_authority=_read_authority(data.get("receipt_authority")),
            # Absent in folders set up before it existed: the default.
            max_patch_body=int(data.get("max_patch_body", DEFAULT_MAX_PATCH_BODY)),
        )
    except (KeyError, TypeError, ValueError, IntakeSetupError):
        raise FormatError("intake.json lacks a setting or has one of the wrong type.") from None
    ports_valid = 0 < settings.port < 65536 and 0 < settings.listen_port < 65536
    if not ports_valid or settings.max_upload_size <= 0:
        raise FormatError("intake.json has an out-of-range port or size limit.")
    try:
        validate_max_patch_body(settings.max_patch_body)
    except IntakeSetupError as error:
        raise FormatError(f"intake.json: {error}") from None
    return settings


def validate_max_patch_body(size: int) -> int:
    if not MIN_PATCH_BODY <= size <= MAX_PATCH_BODY_LIMIT:
        raise IntakeSetupError(
            f"The PATCH body limit must be {MIN_PATCH_BODY} to {MAX_PATCH_BODY_LIMIT} bytes."
        )
    return size


def _read_authority(untrusted: Any) -> ReceiptAuthority | None:
    if untrusted is None:
        return None
    if not isinstance(untrusted, dict) or set(untrusted) != {"url", "timeout"}:
        raise ValueError("receipt_authority")
    timeout = untrusted["timeout"]
    if type(timeout) not in (int, float):
        raise ValueError("receipt_authority")
    return ReceiptAuthority(
        url=validate_authority_url(str(untrusted["url"])),
        timeout=validate_authority_timeout(float(timeout)),
    )


def validate_host(host: str) -> str:
    if not _HOST.fullmatch(host):
        raise IntakeSetupError("The host must be a DNS name or an IP address.")
    return host


def default_bind(host: str) -> str:
    # A name may resolve to a public address the operator did not mean to expose;
    # listen on loopback (behind a reverse proxy) unless an address was given.
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        return "127.0.0.1"
