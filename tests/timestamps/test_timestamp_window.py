"""The window shows trusted timestamps: the verify dialog puts each token's attested time
(in the interface's locale, local time) beside the sealing time the device claims, and
says whether the authority was checked against a trusted one. A real vault, a real
authority on loopback (OpenSSL ``ts``), a real package and the real dialog."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.core.export import export_package
from app.crypto.age import X25519Identity
from app.gui.vault_worker import VaultClient
from app.storage.vault import Vault
from app.sync.profile import PlatformProfile, TimestampAuthority
from app.sync.timestamping import stamp_pending
from tests.package.support import ACTOR, create_vault, sealed_testimony, set_platform, trusted_line

from .tsa import Authority, AuthorityServer


@pytest.fixture
def vault(tmp_path: Path) -> Iterator[Vault]:
    opened = create_vault(tmp_path / "vault")
    yield opened
    opened.lock()


@pytest.fixture
def client(qtbot: QtBot) -> Iterator[VaultClient]:
    worker = VaultClient()
    yield worker
    worker.shutdown()


def _stamped_package(vault: Vault, url: str, authority: Authority, folder: Path) -> Path:
    platform = X25519Identity.generate()
    set_platform(vault, platform)
    testimony = sealed_testimony(vault, {"a.jpg": os.urandom(300)})
    profile = PlatformProfile(
        name="Test", url="https://platform.test/files/",
        ca_certificate_pem=authority.ca_pem.decode(),
        platform_recipient=str(platform.recipient), receipt_signing_key="", proxy=None,
        timestamp_authorities=(
            TimestampAuthority("tsa-1", url, authority.ca_pem.decode(), False),
        ),
    )  # fmt: skip
    outcomes = stamp_pending(vault, profile, cancel=threading.Event(), actor=ACTOR, timeout=5.0)
    assert [o.state for o in outcomes] == ["stamped"]
    folder.mkdir()
    (folder / "key.txt").write_text(str(platform) + "\n")
    (folder / "allowed_signers").write_text(trusted_line(vault) + "\n")
    (folder / "tsa-ca.pem").write_bytes(authority.ca_pem)
    return export_package(vault.connection, vault.blobs, vault.device, testimony, folder,
                          [], ACTOR).path  # fmt: skip


def test_the_verify_dialog_shows_the_attested_time_beside_the_claimed_sealing_time(
    qtbot: QtBot, client: VaultClient, vault: Vault, tsa: AuthorityServer,
    authority: Authority, tmp_path: Path,
) -> None:
    from app.gui.locale_format import moment_text
    from app.gui.verify_dialog import VerifyDialog

    folder = tmp_path / "checker"
    package = _stamped_package(vault, tsa.url, authority, folder)
    dialog = VerifyDialog(client)
    qtbot.addWidget(dialog)
    dialog.package.setText(str(package))
    dialog.identity.setText(str(folder / "key.txt"))
    dialog.trusted.setText(str(folder / "allowed_signers"))

    def verified() -> list[str]:
        dialog.verify_button.click()
        qtbot.waitUntil(lambda: dialog.verify_button.isEnabled(), timeout=30_000)
        assert dialog.verified_ok, dialog.summary.text()
        return [dialog.checks.item(row).text() for row in range(dialog.checks.count())]

    unchecked = verified()
    [stamp] = [line for line in unchecked if line.startswith("Timestamped by")]
    assert stamp.startswith("Timestamped by tsa-1 at ")
    assert stamp.endswith("(not checked against a trusted authority)")
    [sealed] = [line for line in unchecked if line.startswith("Sealed at")]
    assert "device's clock" in sealed

    dialog.authorities.setText(str(folder / "tsa-ca.pem"))
    checked = verified()
    [stamp] = [line for line in checked if line.startswith("Timestamped by")]
    assert stamp.endswith("(a trusted authority)")
    # The attested time as the interface's locale writes it, in local time (not ISO).
    attested = stamp.removeprefix("Timestamped by tsa-1 at ").removesuffix(
        " (a trusted authority)"
    )
    assert "T" not in attested and "Z" not in attested
    assert attested == moment_text(_attested_time(package, folder))


def _attested_time(package: Path, folder: Path) -> str:
    from cryptography import x509

    from app.crypto.age import parse_identities
    from app.formats.package.verify import verify_package

    identities = parse_identities((folder / "key.txt").read_text())
    report = verify_package(lambda: package.open("rb"), identities, None,
                            trusted_authorities=x509.load_pem_x509_certificates(
                                (folder / "tsa-ca.pem").read_bytes()))  # fmt: skip
    [stamp] = report.timestamps
    return str(stamp["attested_time"])


def test_the_custody_log_says_who_timestamped_a_sealed_version_and_when(
    qtbot: QtBot, client: VaultClient, vault: Vault, tsa: AuthorityServer,
    authority: Authority, tmp_path: Path,
) -> None:
    from app.core import custody
    from app.gui.custody_dialog import CustodyDialog
    from app.gui.locale_format import moment_text
    from app.gui.vault_worker import JobContext
    from app.services.session import Session
    from tests.package.support import PASSPHRASE

    _stamped_package(vault, tsa.url, authority, tmp_path / "checker")
    [testimony] = [row[0] for row in vault.connection.execute("SELECT id FROM testimonies")]
    [event] = [e for e in custody.events(vault.connection, testimony)
               if e.action == "timestamped"]  # fmt: skip
    folder = vault.folder
    vault.lock()  # the worker opens the vault on its own thread
    opened: list[object] = []

    def unlock(ctx: JobContext) -> None:
        ctx.set_session(Session.unlock(folder, PASSPHRASE))

    client.submit(unlock, on_done=opened.append)
    qtbot.waitUntil(lambda: bool(opened), timeout=20_000)
    dialog = CustodyDialog(client, testimony)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.table.rowCount() > 0, timeout=10_000)
    events = [dialog.table.item(row, 2).text() for row in range(dialog.table.rowCount())]
    expected = f"Timestamped by tsa-1 at {moment_text(str(event.details['attested_at']))}"
    assert expected in events
    assert "Sealed" in events  # the other events keep their names
