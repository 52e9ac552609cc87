"""Documenters' devices on the intake server: tokens, profile files, trusted signers.

A device is enrolled by ``device add``: a random token goes into its profile file (which
a coordinator hands over) and only the token's SHA-256 stays in ``devices.json``.
``device revoke`` marks the entry; the running server re-reads the file when it changes.
``trust add`` lists a documenter's package-signing key in ``trusted-signers`` (once). Runs on
the caller's thread (the CLI), and ``token_matches`` on the server's event loop.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.errors import FormatError, StorageError
from app.fsutil import atomic_write_bytes, ensure_private_dir
from app.intake.config import (
    FORMAT_VERSION,
    IntakeLayout,
    IntakeSettings,
    IntakeSetupError,
    load_settings,
    read_json,
)
from app.intake.keys import load_receipt_signer

DEVICES_FORMAT = "evidence-vault-intake-devices"
PROFILE_FORMAT = "evidence-vault-platform-profile"
MAX_DEVICES_FILE = 4 * 1024 * 1024
_DEVICE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


def hash_token(token: str) -> str:
    # Tokens carry 256 random bits, so a plain SHA-256 is enough: there is nothing to
    # guess that a slow hash would protect.
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _load_device_entries(layout: IntakeLayout) -> list[dict[str, Any]]:
    if not layout.devices_file.exists():
        return []
    data = read_json(layout.devices_file, MAX_DEVICES_FILE, DEVICES_FORMAT)
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


@dataclass(frozen=True)
class TrustedSigner:
    """One key ``trust add`` was given: the principal it is listed under, its
    fingerprint, and whether it was added now (False: it was trusted already)."""

    principal: str
    fingerprint: str
    added: bool


def add_trusted_signers(
    layout: IntakeLayout, untrusted_text: str, name: str | None = None
) -> list[TrustedSigner]:
    """Trust documenters' package-signing keys, for packages and custody logs.

    ``untrusted_text`` is what ``evidence-vault keys export-public`` prints (a comment
    line, then an allowed_signers line naming the device's principal) or bare
    ``ssh-ed25519 AAAA...`` lines; comment and blank lines are skipped. A key is listed
    under ``name`` when given, else under the principal its line names, else as
    ``device-`` and its short fingerprint (the principal ``export-public`` gives it). A
    key listed already is not added again, whatever principal it was given.
    """
    from app.crypto.signing import NAMESPACE_CUSTODY, NAMESPACE_PACKAGE, parse_trusted_signers

    load_settings(layout)  # only in a folder that init set up
    keys = parse_trusted_signers(untrusted_text)
    if not keys:
        raise IntakeSetupError(
            'No public key found: give an "ssh-ed25519 AAAA..." line, or what '
            "evidence-vault keys export-public prints."
        )
    if name is not None and len(keys) > 1:
        raise IntakeSetupError("--name names one key; give the keys one at a time.")
    try:
        existing = layout.trusted_signers_file.read_bytes()
    except FileNotFoundError:
        existing = b""
    except OSError as error:
        raise StorageError(f"Cannot read trusted-signers: {error.strerror}") from None
    try:
        listed = parse_trusted_signers(existing.decode("utf-8"))
    except UnicodeDecodeError:
        raise FormatError("The trusted signers file is not UTF-8 text.") from None
    known = {key.raw: key.principal or "" for key in listed}
    results: list[TrustedSigner] = []
    lines: list[str] = []
    for key in keys:
        if key.raw in known:
            results.append(TrustedSigner(known[key.raw], key.fingerprint, added=False))
            continue
        principal = name or key.principal or "device-" + key.short_fingerprint()
        try:
            line = key.allowed_signers_line(principal, [NAMESPACE_PACKAGE, NAMESPACE_CUSTODY])
        except ValueError as error:
            raise IntakeSetupError(str(error)) from None
        known[key.raw] = principal
        lines.append(line)
        results.append(TrustedSigner(principal, key.fingerprint, added=True))
    if lines:
        if existing and not existing.endswith(b"\n"):
            existing += b"\n"
        added = "".join(line + "\n" for line in lines).encode("ascii")
        atomic_write_bytes(layout.trusted_signers_file, existing + added)
    return results


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
