"""``evidence-vault-intake init``: a new data folder with keys, TLS files and a first profile.

Runs on the caller's thread (the CLI).
"""

from __future__ import annotations

import ipaddress
import json
from pathlib import Path

from app.fsutil import atomic_write_bytes, ensure_private_dir
from app.intake.config import (
    DEFAULT_DAYS_TO_KEEP,
    DEFAULT_HOST,
    DEFAULT_MAX_PATCH_BODY,
    DEFAULT_MAX_UPLOAD_SIZE,
    DEFAULT_NAME,
    DEFAULT_PORT,
    IntakeLayout,
    IntakeSettings,
    IntakeSetupError,
    default_bind,
    validate_host,
    validate_max_patch_body,
)
from app.intake.devices import add_device
from app.intake.keys import generate_platform_keys
from app.intake.tls import issue_tls


def _validate_bind(bind: str) -> str:
    try:
        return str(ipaddress.ip_address(bind))
    except ValueError:
        raise IntakeSetupError("--bind takes an IP address, such as 127.0.0.1.") from None


def init_data(
    layout: IntakeLayout,
    *,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    bind: str | None = None,
    listen_port: int | None = None,
    name: str = DEFAULT_NAME,
    max_upload_size: int = DEFAULT_MAX_UPLOAD_SIZE,
    max_patch_body: int = DEFAULT_MAX_PATCH_BODY,
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
        host=validate_host(host),
        bind=_validate_bind(bind) if bind else default_bind(host),
        port=port,
        listen_port=listen_port or port,
        max_upload_size=max_upload_size,
        days_to_keep=DEFAULT_DAYS_TO_KEEP,
        max_patch_body=validate_max_patch_body(max_patch_body),
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
