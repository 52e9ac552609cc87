"""Steps of the GUI sync tests: the vault set up through core on the vault worker, the
sync window driven through its widgets, and the independent checks of what the platform
holds and of the receipt the vault kept. GUI thread (core calls go to the worker)."""

from __future__ import annotations

import hashlib
import json
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
from app.gui.coercion_dialogs import ProfileSwapDialog
from app.gui.sync_dialog import SyncDialog
from app.sync import outbox
from app.sync.receipts import canonical_json

from .conftest import create_vault
from .sync_platform import Platform

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


class MemoryKeyring:
    """A secure-looking OS keyring in memory, injected where the window takes its
    keyring from: the tester's own keyring is never touched."""

    priority = 5

    def __init__(self) -> None:
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.entries.pop((service, username), None)


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
    return str(on_worker(qtbot, gui, lambda ctx: ctx.session.device.public_key.openssh()))


def queue_sealed_testimony(qtbot: QtBot, gui: Gui, recipient: str,
                           media: Path | None = None) -> Queued:
    """A sealed testimony (with ``media`` attached) whose package waits in the outbox."""

    def job(ctx: Any) -> Queued:
        vault = ctx.session.vault
        conn, device = vault.connection, vault.device
        set_setting(conn, device, PLATFORM_RECIPIENT, recipient, ACTOR)
        case = cases.add_case(conn, device, parse_case_input({"title": "Field work"}), ACTOR)
        testimony = add_testimony(conn, device, case.id, parse_testimony_input(TESTIMONY),
                                  ACTOR)
        if media is not None:
            ingest.import_attachment(
                vault.connection, vault.blobs, vault.device, testimony.id, media, actor=ACTOR,
            )
        seal_testimony(conn, vault.blobs, device, testimony.id, ACTOR)
        kept = keep_package(conn, vault.blobs, device, testimony.id, [], ACTOR)
        assert outbox.enqueue(conn, kept.package_id, size=kept.size, sha256=kept.sha256)
        return Queued(kept.package_id, kept.size, kept.sha256)

    return on_worker(qtbot, gui, job)  # type: ignore[no-any-return]


def package_bytes(qtbot: QtBot, gui: Gui, package_id: str) -> bytes:
    def job(ctx: Any) -> bytes:
        (blob_id,) = ctx.session.connection.execute(
            "SELECT blob_id FROM packages WHERE id = ?", (package_id,)).fetchone()
        reader = ctx.session.blobs.open(blob_id)
        try:
            return bytes(reader.read())
        finally:
            reader.close()

    return on_worker(qtbot, gui, job)  # type: ignore[no-any-return]


def outbox_entry(qtbot: QtBot, gui: Gui, package_id: str) -> outbox.OutboxEntry:
    return on_worker(qtbot, gui, lambda ctx: outbox.require(ctx.session.connection, package_id))  # type: ignore[no-any-return]


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


def import_profile(
    qtbot: QtBot, dialog: SyncDialog, profile_file: Path, *, replacing: bool = False
) -> None:
    """Import a profile file from the sync window; ``replacing`` confirms (after the
    comparison box is ticked) that it replaces a profile with other keys."""
    before = dialog.state
    choose_in_next_file_dialog(profile_file)
    dialog.import_button.click()
    if replacing:
        qtbot.waitUntil(lambda: dialog.findChild(ProfileSwapDialog) is not None, timeout=10_000)
        swap = dialog.findChild(ProfileSwapDialog)
        assert isinstance(swap, ProfileSwapDialog)
        qtbot.waitUntil(swap.isVisible, timeout=5_000)
        swap.compared.setChecked(True)
        swap.replace_button.click()
    # The outbox is read again once the import is done: a new state object.
    qtbot.waitUntil(lambda: dialog.state is not before and dialog.state is not None
                    and dialog.state.profile_name != "" and dialog.sync_button.isEnabled(),
                    timeout=10_000)  # fmt: skip
    assert dialog.profile.text().startswith("Platform: ")


def sent_text(dialog: SyncDialog, sent: int, size: int) -> str:
    """The "Sent" column as the window's locale writes it ("8.00 MiB / 10.03 MiB")."""
    locale = dialog.locale()
    return f"{locale.formattedDataSize(sent)} / {locale.formattedDataSize(size)}"


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
    assert cell(dialog, 0, 2) == sent_text(dialog, queued.size, queued.size)
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
