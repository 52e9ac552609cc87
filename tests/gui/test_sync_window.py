"""The sync window against a real platform: the project's intake server over real HTTPS
on loopback, with a certificate from the test PKI and the profile that pins its CA.

Everything that is not the subject is set up through core on the vault worker (a sealed
testimony, its package kept in the vault and queued in the outbox); the subject is the
sync dialog, opened from the window's menu and driven through its widgets: the profile
file is chosen in the (non-native) file dialog, Sync is pressed, the table and the
outcome line are read. What the server stored and the receipt the vault kept are then
checked independently (SHA-256 of the accepted file, ``ssh-keygen -Y verify``).

Failure cases a documenter meets: a certificate that is not the pinned CA's, a server
that is down (and a later sync once it is up), a server that stops mid-upload (and a
later sync that resumes from the server's offset).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel
from pytestqt.qtbot import QtBot

from app.core import cases, ingest
from app.core.export import keep_package
from app.core.records import parse_case_input, parse_testimony_input
from app.core.sealing import seal_testimony
from app.core.settings import PLATFORM_RECIPIENT, set_setting
from app.core.testimonies import add_testimony
from app.crypto.signing import NAMESPACE_RECEIPT
from app.gui.application import Gui
from app.gui.sync_dialog import SyncDialog
from app.sync import outbox
from app.sync.receipts import canonical_json
from app.sync.tus_client import MAX_CHUNK_SIZE
from tests.sync.pki import ServerPki, make_pki

from .conftest import create_vault
from .sync_platform import Platform, make_platform

ACTOR = "documenter"
MIB = 1024 * 1024
DELIVERED = "delivered (receipt verified)"
WAITING = "waiting"
TESTIMONY: dict[str, Any] = {
    "person": {"code": "W-204", "role": "witness", "full_name": "Тэст Сведка"},
    "interview": {"place": "Vilnius", "interviewer": "D-3", "language": "be"},
    "consent": {
        "interview": True, "audio_recording": True, "share_with_platform": True,
        "share_onward": False, "be_named": False, "recontact": True,
        "given_at": "2024-03-01T10:15:00Z", "method": "oral, at the start",
    },
    "incidents": [],
    "narrative": "Я бачыў затрыманне каля стэлы.",
}
# What must never reach the window: exception class names, traceback lines, the token.
TRACE_MARKERS = ("Traceback", 'File "', "Error(", "Exception", "ssl.", "httpx", "errno",
                 "SSLCertVerification", "CertificateRejectedError", "ConnectionBlockedError")


@pytest.fixture(scope="module")
def platform_pki(tmp_path_factory: pytest.TempPathFactory) -> ServerPki:
    return make_pki(tmp_path_factory.mktemp("platform-pki"), "Platform")


@pytest.fixture(scope="module")
def impostor_pki(tmp_path_factory: pytest.TempPathFactory) -> ServerPki:
    return make_pki(tmp_path_factory.mktemp("impostor-pki"), "Impostor")


@pytest.fixture(autouse=True)
def no_os_keyring() -> Iterator[None]:
    """The tester's own OS keyring stays untouched: keyring's "fail" backend means "no
    secure keyring here", so the imported token goes into the vault."""
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())  # type: ignore[no-untyped-call]  # keyring ships no annotations here
    yield
    keyring.set_keyring(previous)


@dataclass(frozen=True)
class Queued:
    package_id: str
    size: int
    sha256: str


def on_worker(qtbot: QtBot, gui: Gui, job: Callable[[Any], Any], timeout: int = 60_000) -> Any:
    """Run ``job(ctx)`` on the vault worker (core calls need its connection)."""
    with qtbot.waitCallback(timeout=timeout) as done:
        gui.client.submit(job, on_done=done)
    return done.args[0]


def device_key(qtbot: QtBot, gui: Gui) -> str:
    return str(on_worker(qtbot, gui, lambda ctx: ctx.vault.device.public_key.openssh()))


def queue_sealed_testimony(qtbot: QtBot, gui: Gui, recipient: str,
                           media: Path | None = None) -> Queued:
    """A sealed testimony (with ``media`` attached) whose package waits in the outbox."""

    def job(ctx: Any) -> Queued:
        vault = ctx.vault
        conn, device = vault.connection, vault.device
        set_setting(conn, device, PLATFORM_RECIPIENT, recipient, ACTOR)
        case = cases.add_case(conn, device, parse_case_input({"title": "Field work"}), ACTOR)
        testimony = add_testimony(conn, device, case.id, parse_testimony_input(TESTIMONY),
                                  ACTOR)
        if media is not None:
            ingest.import_attachment(vault, testimony.id, media, actor=ACTOR)
        seal_testimony(conn, vault.blobs, device, testimony.id, ACTOR)
        kept = keep_package(conn, vault.blobs, device, testimony.id, [], ACTOR)
        assert outbox.enqueue(conn, kept.package_id, size=kept.size, sha256=kept.sha256)
        return Queued(kept.package_id, kept.size, kept.sha256)

    return on_worker(qtbot, gui, job)  # type: ignore[no-any-return]


def package_bytes(qtbot: QtBot, gui: Gui, package_id: str) -> bytes:
    def job(ctx: Any) -> bytes:
        (blob_id,) = ctx.vault.connection.execute(
            "SELECT blob_id FROM packages WHERE id = ?", (package_id,)).fetchone()
        reader = ctx.vault.blobs.open(blob_id)
        try:
            return bytes(reader.read())
        finally:
            reader.close()

    return on_worker(qtbot, gui, job)  # type: ignore[no-any-return]


def outbox_entry(qtbot: QtBot, gui: Gui, package_id: str) -> outbox.OutboxEntry:
    return on_worker(qtbot, gui, lambda ctx: outbox.require(ctx.vault.connection, package_id))  # type: ignore[no-any-return]


# -- the window --------------------------------------------------------------------


def open_sync_window(qtbot: QtBot, gui: Gui) -> SyncDialog:
    """Vault menu → "Sync with the platform…", as a user opens it."""
    before = set(gui.window.findChildren(SyncDialog))
    assert gui.window.sync_action.isEnabled()
    gui.window.sync_action.trigger()
    (dialog,) = set(gui.window.findChildren(SyncDialog)) - before
    qtbot.waitUntil(lambda: dialog.isVisible() and dialog.state is not None, timeout=10_000)
    return dialog


def choose_in_next_file_dialog(path: Path) -> None:
    """Pick ``path`` in the file dialog that comes up next and accept it, as a user
    would (the dialog is Qt's own, not the platform's, so it is a real widget here)."""

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(10, act)  # not shown yet
            return
        dialog.selectFile(str(path))
        dialog.accept()

    QTimer.singleShot(0, act)


def import_profile(qtbot: QtBot, dialog: SyncDialog, profile_file: Path) -> None:
    before = dialog.state
    choose_in_next_file_dialog(profile_file)
    dialog.import_button.click()
    # The outbox is read again once the import is done: a new state object.
    qtbot.waitUntil(lambda: dialog.state is not before and dialog.state is not None
                    and dialog.state.profile_name != "" and dialog.sync_button.isEnabled(),
                    timeout=10_000)  # fmt: skip
    assert dialog.profile.text().startswith("Platform: ")


def cell(dialog: SyncDialog, row: int, column: int) -> str:
    item = dialog.table.item(row, column)
    return "" if item is None else item.text()


class SentColumn:
    """Every text the "Sent" and "State" columns showed, in order (the per-package
    progress as the user saw it)."""

    def __init__(self, dialog: SyncDialog) -> None:
        self.shown: list[str] = []
        self.states: list[str] = []
        self._dialog = dialog
        dialog.table.model().dataChanged.connect(self._on_changed)

    def _on_changed(self, *_args: object) -> None:
        for row in range(self._dialog.table.rowCount()):
            for column, seen in ((2, self.shown), (1, self.states)):
                text = cell(self._dialog, row, column)
                if text and (not seen or seen[-1] != text):
                    seen.append(text)


def press_sync_and_wait(qtbot: QtBot, dialog: SyncDialog, timeout: int = 60_000) -> None:
    assert dialog.sync_button.isEnabled()
    dialog.sync_button.click()
    assert dialog.close_button.text() == "Cancel"  # a running sync can be stopped
    qtbot.waitUntil(lambda: dialog.close_button.text() == "Close"
                    and dialog.sync_button.isEnabled(), timeout=timeout)  # fmt: skip


def shown_texts(dialog: SyncDialog) -> list[str]:
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    items = [dialog.table.item(r, c) for r in range(dialog.table.rowCount()) for c in range(3)]
    texts += [t for i in items if i is not None for t in (i.text(), i.toolTip())]
    return texts


def assert_sanitised(dialog: SyncDialog, platform: Platform) -> None:
    token = str(platform.server.profile["device_token"])
    for text in shown_texts(dialog):
        assert token not in text
        assert str(platform.data) not in text
        for marker in TRACE_MARKERS:
            assert marker not in text, text


def ready_documenter(qtbot: QtBot, gui: Gui, platform: Platform,
                     media: Path | None = None) -> Queued:
    create_vault(qtbot, gui)
    platform.trust_signer(device_key(qtbot, gui))
    recipient = str(platform.server.profile["platform_recipient"])
    return queue_sealed_testimony(qtbot, gui, recipient, media)


# -- checks of what the platform holds -------------------------------------------------


def assert_delivered(qtbot: QtBot, gui: Gui, dialog: SyncDialog, platform: Platform,
                     queued: Queued, tmp_path: Path) -> None:
    assert cell(dialog, 0, 1) == DELIVERED
    assert cell(dialog, 0, 2) == f"{queued.size} / {queued.size}"
    assert dialog.outcome.text() == "Delivered with a verified receipt: 1."
    # The server holds exactly the package the vault sealed.
    original = package_bytes(qtbot, gui, queued.package_id)
    assert hashlib.sha256(original).hexdigest() == queued.sha256
    (accepted,) = platform.accepted()
    assert accepted.name == f"{queued.sha256}.evp"
    assert hashlib.sha256(accepted.read_bytes()).hexdigest() == queued.sha256
    assert accepted.stat().st_size == queued.size
    # The receipt the vault kept verifies on its own with ssh-keygen, for this package.
    entry = outbox_entry(qtbot, gui, queued.package_id)
    assert entry.state == outbox.OutboxState.DELIVERED and entry.receipt_json
    document = json.loads(entry.receipt_json)
    receipt = document["receipt"]
    assert (receipt["package_sha256"], receipt["size"]) == (queued.sha256, queued.size)
    assert [p.stem for p in platform.receipts()] == [receipt["upload_id"]]
    allowed = tmp_path / "allowed_signers"
    allowed.write_text(f'platform namespaces="{NAMESPACE_RECEIPT}" '
                       f"{platform.receipt_public_key}\n")
    signature = tmp_path / "receipt.sig"
    signature.write_text(document["signature"])
    check = subprocess.run(
        ["ssh-keygen", "-Y", "verify", "-f", str(allowed), "-I", "platform",
         "-n", NAMESPACE_RECEIPT, "-s", str(signature)],
        input=canonical_json(receipt), capture_output=True, check=False,
    )
    assert check.returncode == 0, check.stderr


# -- the tests ---------------------------------------------------------------------


def test_sync_window_delivers_to_the_platform(
    qtbot: QtBot, gui: Gui, tmp_path: Path, platform_pki: ServerPki
) -> None:
    platform = make_platform(tmp_path / "platform", platform_pki)
    try:
        queued = ready_documenter(qtbot, gui, platform)
        platform.start()
        dialog = open_sync_window(qtbot, gui)
        assert not dialog.sync_button.isEnabled()  # no profile yet
        assert dialog.table.rowCount() == 1 and cell(dialog, 0, 1) == WAITING
        assert cell(dialog, 0, 2) == f"0 / {queued.size}"
        # A wrong file first (a plain-http address): refused with the reason, nothing kept.
        wrong = json.loads(platform.profile_file.read_text())
        wrong["url"] = wrong["url"].replace("https://", "http://")
        wrong_file = tmp_path / "wrong-profile.json"
        wrong_file.write_text(json.dumps(wrong))
        choose_in_next_file_dialog(wrong_file)
        dialog.import_button.click()
        qtbot.waitUntil(lambda: "https://" in dialog.outcome.text(), timeout=10_000)
        assert_sanitised(dialog, platform)
        assert not dialog.sync_button.isEnabled()
        import_profile(qtbot, dialog, platform.profile_file)
        assert "localhost" in dialog.profile.text()
        assert dialog.outcome.text() == ""  # the earlier refusal no longer stands

        sent = SentColumn(dialog)
        press_sync_and_wait(qtbot, dialog)
        # Progress was shown for the package before the table was read back.
        assert f"{queued.size} / {queued.size}" in sent.shown
        assert "awaiting the receipt" in sent.states  # all bytes out, receipt not yet in
        assert_delivered(qtbot, gui, dialog, platform, queued, tmp_path)
        assert_sanitised(dialog, platform)
        dialog.close_button.click()
        assert not dialog.isVisible()
    finally:
        platform.kill()


def test_a_certificate_that_is_not_the_pinned_one_stops_the_sync(
    qtbot: QtBot, gui: Gui, tmp_path: Path, platform_pki: ServerPki, impostor_pki: ServerPki
) -> None:
    platform = make_platform(tmp_path / "platform", platform_pki)
    try:
        queued = ready_documenter(qtbot, gui, platform)
        platform.present_certificate(impostor_pki)  # same name, another CA
        platform.start()
        dialog = open_sync_window(qtbot, gui)
        import_profile(qtbot, dialog, platform.profile_file)

        press_sync_and_wait(qtbot, dialog)
        text = dialog.outcome.text()
        assert "certificate" in text and "Nothing was sent" in text, text
        assert cell(dialog, 0, 1) == WAITING
        assert cell(dialog, 0, 2) == f"0 / {queued.size}"
        assert_sanitised(dialog, platform)
        entry = outbox_entry(qtbot, gui, queued.package_id)
        assert entry.state == outbox.OutboxState.QUEUED and entry.receipt_json is None
        assert entry.upload_url is None  # no upload was even created
        # The impostor received no upload and no byte of the package.
        assert platform.uploads_in_progress() == [] and platform.accepted() == []
    finally:
        platform.kill()


def test_a_server_that_is_down_then_up(
    qtbot: QtBot, gui: Gui, tmp_path: Path, platform_pki: ServerPki
) -> None:
    platform = make_platform(tmp_path / "platform", platform_pki)
    try:
        queued = ready_documenter(qtbot, gui, platform)
        dialog = open_sync_window(qtbot, gui)
        import_profile(qtbot, dialog, platform.profile_file)

        press_sync_and_wait(qtbot, dialog)  # nothing listens on the port
        text = dialog.outcome.text()
        assert "down" in text, text
        assert cell(dialog, 0, 1) == WAITING
        assert_sanitised(dialog, platform)
        assert outbox_entry(qtbot, gui, queued.package_id).state == outbox.OutboxState.QUEUED

        platform.start()  # later, the platform is back
        press_sync_and_wait(qtbot, dialog)
        assert_delivered(qtbot, gui, dialog, platform, queued, tmp_path)
        assert_sanitised(dialog, platform)
    finally:
        platform.kill()


def test_a_server_that_stops_mid_upload_and_a_later_sync_resumes(
    qtbot: QtBot, gui: Gui, tmp_path: Path, platform_pki: ServerPki
) -> None:
    """Two chunks: the first is confirmed, the server dies in the second; the next sync
    sends only what the server does not hold."""
    media = tmp_path / "video.bin"
    media.write_bytes(os.urandom(MAX_CHUNK_SIZE + 2 * MIB))
    platform = make_platform(tmp_path / "platform", platform_pki, with_relay=True)
    relay = platform.relay
    assert relay is not None
    try:
        queued = ready_documenter(qtbot, gui, platform, media)
        assert queued.size > MAX_CHUNK_SIZE + MIB
        platform.start()
        dialog = open_sync_window(qtbot, gui)
        import_profile(qtbot, dialog, platform.profile_file)

        # The relay holds the second PATCH about 1 MiB in; the server waits for the rest.
        relay.reset_count()
        relay.stall_after = MAX_CHUNK_SIZE + MIB
        sent = SentColumn(dialog)
        dialog.sync_button.click()
        first_chunk = f"{MAX_CHUNK_SIZE} / {queued.size}"
        qtbot.waitUntil(lambda: relay.stalled.is_set() and first_chunk in sent.shown,
                        timeout=30_000)
        assert cell(dialog, 0, 1) == "uploading"  # the row says what is happening now
        platform.kill()  # the server stops mid-upload
        qtbot.waitUntil(lambda: relay.resets_after_stall > 0, timeout=10_000)
        dialog.close_button.click()  # "Cancel": the documenter gives up for now
        qtbot.waitUntil(lambda: dialog.close_button.text() == "Close"
                        and dialog.sync_button.isEnabled(), timeout=30_000)  # fmt: skip
        assert "Stopped" in dialog.outcome.text() and "Cancelled" in dialog.outcome.text()
        assert cell(dialog, 0, 1) == "uploading"
        assert cell(dialog, 0, 2) == first_chunk
        assert platform.accepted() == []
        assert_sanitised(dialog, platform)

        relay.release()
        platform.start()
        relay.reset_count()  # from here on: what the resumed sync sends
        press_sync_and_wait(qtbot, dialog)
        assert_delivered(qtbot, gui, dialog, platform, queued, tmp_path)
        # Only the part the server did not confirm went again (plus TLS and HTTP framing).
        rest = queued.size - MAX_CHUNK_SIZE
        assert rest <= relay.client_bytes < rest + 256 * 1024, relay.client_bytes
        assert relay.client_bytes < queued.size // 2
    finally:
        platform.kill()
        relay.close()


def test_quick_lock_during_a_sync_closes_the_window_and_a_later_sync_resumes(
    qtbot: QtBot, gui: Gui, tmp_path: Path, platform_pki: ServerPki
) -> None:
    """Someone comes in while the client waits to retry a dead server: quick-lock takes
    the sync window off the screen with the rest, the sync stops where the server
    confirmed, and after unlocking a new sync sends only the rest."""
    from .conftest import unlock

    media = tmp_path / "video.bin"
    media.write_bytes(os.urandom(MAX_CHUNK_SIZE + 2 * MIB))
    platform = make_platform(tmp_path / "platform", platform_pki, with_relay=True)
    relay = platform.relay
    assert relay is not None
    try:
        queued = ready_documenter(qtbot, gui, platform, media)
        platform.start()
        dialog = open_sync_window(qtbot, gui)
        import_profile(qtbot, dialog, platform.profile_file)
        relay.stall_after = relay.client_bytes + MAX_CHUNK_SIZE + MIB
        sent = SentColumn(dialog)
        dialog.sync_button.click()
        first_chunk = f"{MAX_CHUNK_SIZE} / {queued.size}"
        qtbot.waitUntil(lambda: relay.stalled.is_set() and first_chunk in sent.shown,
                        timeout=30_000)
        platform.kill()
        qtbot.waitUntil(lambda: relay.resets_after_stall > 0, timeout=10_000)

        with qtbot.waitSignal(gui.window.vault_locked, timeout=15_000):
            gui.window.quick_lock_shortcut.activated.emit()
        # Nothing of the vault stays on the screen, nor in the window's widgets: the
        # sync window (platform, outbox) is closed and deleted with the rest.
        assert not shiboken6.isValid(dialog) or not dialog.isVisible()
        qtbot.waitUntil(lambda: not shiboken6.isValid(dialog), timeout=5_000)
        assert not [d for d in gui.window.findChildren(SyncDialog) if d.isVisible()]

        unlock(qtbot, gui)
        relay.release()
        platform.start()
        relay.reset_count()
        again = open_sync_window(qtbot, gui)
        assert cell(again, 0, 1) == "uploading" and cell(again, 0, 2) == first_chunk
        press_sync_and_wait(qtbot, again)
        assert_delivered(qtbot, gui, again, platform, queued, tmp_path)
        assert relay.client_bytes < queued.size // 2
    finally:
        platform.kill()
        relay.close()


def test_a_revoked_device_is_told_to_ask_for_a_new_profile_and_the_new_one_delivers(
    qtbot: QtBot, gui: Gui, tmp_path: Path, platform_pki: ServerPki
) -> None:
    platform = make_platform(tmp_path / "platform", platform_pki)
    try:
        queued = ready_documenter(qtbot, gui, platform)
        platform.start()
        dialog = open_sync_window(qtbot, gui)
        import_profile(qtbot, dialog, platform.profile_file)
        platform.revoke_device("documenter")  # the coordinator revoked this device

        press_sync_and_wait(qtbot, dialog)
        text = dialog.outcome.text()
        assert "refused this device" in text and "new profile" in text, text
        assert cell(dialog, 0, 1) == WAITING
        assert_sanitised(dialog, platform)
        assert platform.uploads_in_progress() == []

        renewed = platform.new_device_profile("documenter-2", platform_pki, tmp_path)
        import_profile(qtbot, dialog, renewed)
        assert dialog.outcome.text() == ""
        press_sync_and_wait(qtbot, dialog)
        assert_delivered(qtbot, gui, dialog, platform, queued, tmp_path)
    finally:
        platform.kill()


def test_a_receipt_the_profile_key_does_not_verify_leaves_the_package_undelivered(
    qtbot: QtBot, gui: Gui, tmp_path: Path, platform_pki: ServerPki
) -> None:
    """The profile names another receipt key (an outdated profile, or a platform that is
    not the one the coordinator meant): the bytes arrive, but nothing is marked
    delivered, and the row says why."""
    other = tmp_path / "other_receipt_key"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(other)],
                   check=True)
    platform = make_platform(tmp_path / "platform", platform_pki)
    try:
        queued = ready_documenter(qtbot, gui, platform)
        document = json.loads(platform.profile_file.read_text())
        document["receipt_signing_key"] = other.with_suffix(".pub").read_text().strip()
        platform.profile_file.write_text(json.dumps(document))
        platform.start()
        dialog = open_sync_window(qtbot, gui)
        import_profile(qtbot, dialog, platform.profile_file)

        press_sync_and_wait(qtbot, dialog)
        assert dialog.outcome.text() == "Delivered with a verified receipt: 0."
        assert cell(dialog, 0, 1) == "failed"
        reason = dialog.table.item(0, 1).toolTip()
        assert "receipt did not verify" in reason, reason
        assert_sanitised(dialog, platform)
        entry = outbox_entry(qtbot, gui, queued.package_id)
        assert entry.state == outbox.OutboxState.FAILED and entry.receipt_json is None
        assert len(platform.accepted()) == 1  # the platform has it; the vault does not say so
    finally:
        platform.kill()
