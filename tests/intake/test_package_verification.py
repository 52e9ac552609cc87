"""Full package verification on the intake server (it holds the platform identity).

A real vault seals a testimony with media and exports a package to the intake's platform
recipient; the server decrypts and checks it on completion. A package from a signer the
platform does not trust, or one that is not a package at all, is rejected with a reason.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.export import ExportResult, export_package
from app.core.settings import PLATFORM_RECIPIENT, set_setting
from tests.intake.conftest import IntakeServer, make_server, run_intake
from tests.package.support import ACTOR, create_vault, sealed_testimony

pytestmark = pytest.mark.interop


@pytest.fixture(scope="module")
def verifying_intake(tmp_path_factory: pytest.TempPathFactory) -> Iterator[IntakeServer]:
    server = make_server(tmp_path_factory.mktemp("verifying"), holds_identity=True)
    server.start()
    yield server
    if server.process is not None:
        server.kill()


@pytest.fixture(scope="module")
def exported(
    tmp_path_factory: pytest.TempPathFactory, verifying_intake: IntakeServer
) -> tuple[ExportResult, str]:
    """A sealed package for the platform, and its device's public signing key."""
    folder = tmp_path_factory.mktemp("vault")
    vault = create_vault(folder / "vault")
    set_setting(
        vault.connection,
        vault.device,
        PLATFORM_RECIPIENT,
        str(verifying_intake.profile["platform_recipient"]),
        ACTOR,
    )
    testimony_id = sealed_testimony(vault, {"photo.jpg": os.urandom(200_000)})
    stick = folder / "stick"
    stick.mkdir()
    result = export_package(
        vault.connection, vault.blobs, vault.device, testimony_id, stick, [], ACTOR
    )
    return result, vault.device.public_key.openssh()


def test_a_package_from_an_untrusted_signer_is_rejected(
    verifying_intake: IntakeServer, exported: tuple[ExportResult, str]
) -> None:
    result, _ = exported
    payload = result.path.read_bytes()
    upload_url = verifying_intake.upload(payload)
    response = verifying_intake.receipt(upload_url)
    assert response.status_code == 422
    assert "verification failed: trust:" in response.json()["error"]
    assert verifying_intake.accepted() == []


def test_a_trusted_sealed_package_passes_full_verification(
    verifying_intake: IntakeServer, exported: tuple[ExportResult, str]
) -> None:
    result, signer_line = exported
    added = run_intake(verifying_intake.data, "trust", "add", signer_line, "--name", "doc-1")
    assert added.returncode == 0, added.stderr
    payload = result.path.read_bytes()
    upload_url = verifying_intake.upload(payload, chunk=64 * 1024)
    response = verifying_intake.receipt(upload_url)
    assert response.status_code == 200, response.text
    assert response.json()["receipt"]["package_sha256"] == result.sha256
    accepted = verifying_intake.data / "accepted" / f"{result.sha256}.evp"
    assert accepted.read_bytes() == payload


def test_bytes_that_are_not_a_package_fail_decryption(verifying_intake: IntakeServer) -> None:
    payload = os.urandom(50_000)
    upload_url = verifying_intake.upload(payload)
    response = verifying_intake.receipt(upload_url)
    assert response.status_code == 422
    assert "verification failed: decryption:" in response.json()["error"]
    assert not (
        verifying_intake.data / "accepted" / f"{hashlib.sha256(payload).hexdigest()}.evp"
    ).exists()


def test_trust_add_refuses_what_is_not_an_ed25519_key(tmp_path: Path) -> None:
    server = make_server(tmp_path)
    refused = run_intake(server.data, "trust", "add", "ssh-rsa AAAAB3NzaC1yc2E")
    assert refused.returncode == 1
    assert not (server.data / "trusted-signers").exists()
