"""The sync window says when the authority attested a delivered package's receipt (in
local time, as the interface's locale writes it); a delivered package whose receipt
carries no timestamp reads as before. A real vault and outbox, a real token from the
local authority (OpenSSL ``ts``) over the kept receipt, checked and kept by core's own
``fetch_receipt_tokens``; the platform's answer to ``GET {upload}/receipt`` is the token
itself (the intake server's side is in test_receipt_stamps_sync.py)."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from pytestqt.qtbot import QtBot

from app.crypto.age import X25519Identity
from app.formats.timestamps import timestamp_request
from app.gui.vault_worker import JobContext, VaultClient
from app.storage.vault import Vault
from app.sync import outbox
from app.sync.profile import PlatformProfile, TimestampAuthority
from app.sync.receipt_tokens import fetch_receipt_tokens, stamp_of
from app.sync.tus_client import ReceiptAnswer
from tests.package.support import PASSPHRASE, create_vault

from .tsa import Authority, AuthorityServer

RECEIPT = '{"receipt": {"format": "evidence-vault-receipt"}, "signature": "x"}'


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


class _Platform:
    """The platform's answer to the receipt's token request: the token it holds."""

    def __init__(self, token: bytes) -> None:
        self.token = token

    def fetch_receipt_token(self, upload_url: str) -> ReceiptAnswer:
        return ReceiptAnswer(200, self.token)


def _delivered(vault: Vault, package_id: str) -> outbox.OutboxEntry:
    conn = vault.connection
    outbox.enqueue(conn, package_id, size=100, sha256="ab" * 32)
    outbox.record_upload_url(conn, package_id, f"https://platform.test/files/{package_id}")
    outbox.record_delivered(conn, package_id, RECEIPT)
    return outbox.require(conn, package_id)


def test_a_delivered_package_says_when_its_receipt_was_timestamped(
    qtbot: QtBot, client: VaultClient, vault: Vault, tsa: AuthorityServer,
    authority: Authority,
) -> None:
    from app.gui.locale_format import moment_text
    from app.gui.sync_dialog import SyncDialog
    from app.services.session import Session

    query = timestamp_request(hashlib.sha256(RECEIPT.encode()).digest(), 4242)
    token = httpx.post(tsa.url, content=query,
                       headers={"Content-Type": "application/timestamp-query"}).content
    profile = PlatformProfile(
        name="Test", url="https://platform.test/files/",
        ca_certificate_pem=authority.ca_pem.decode(),
        platform_recipient=str(X25519Identity.generate().recipient),
        receipt_signing_key="", proxy=None,
        timestamp_authorities=(
            TimestampAuthority("tsa-1", tsa.url, authority.ca_pem.decode(), False),
        ),
    )  # fmt: skip
    stamped = _delivered(vault, "a" * 32)
    _delivered(vault, "b" * 32)  # a receipt the platform stamped nothing over
    fetch_receipt_tokens(vault.connection, profile, _Platform(token),  # type: ignore[arg-type]
                         [stamped], threading.Event())  # fmt: skip
    stamp = stamp_of(vault.connection, stamped.package_id)
    assert stamp is not None and stamp.state == "stamped" and stamp.attested_at
    folder = vault.folder
    vault.lock()  # the worker opens the vault on its own thread
    opened: list[object] = []

    def unlock(ctx: JobContext) -> None:
        ctx.set_session(Session.unlock(folder, PASSPHRASE))

    client.submit(unlock, on_done=opened.append)
    qtbot.waitUntil(lambda: bool(opened), timeout=20_000)
    dialog = SyncDialog(client)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.state is not None
                    and dialog.table.rowCount() == 2, timeout=10_000)  # fmt: skip
    states = {dialog.table.item(row, 0).text()[:4]: dialog.table.item(row, 1).text()
              for row in range(2)}  # fmt: skip
    assert states["aaaa"] == (
        f"delivered, receipt timestamped at {moment_text(stamp.attested_at)}"
    )
    assert "T" not in moment_text(stamp.attested_at)  # local time, not ISO
    assert states["bbbb"] == "delivered (receipt verified)"
    [line] = [line for line in dialog.state.outbox if line.package_id == stamped.package_id]
    assert line.receipt_attested_at == stamp.attested_at
