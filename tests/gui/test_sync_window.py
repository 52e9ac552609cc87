"""The sync window against a real platform: the project's intake server over real HTTPS
on loopback, with a certificate from the test PKI and the profile that pins its CA.

Everything that is not the subject is set up through core on the vault worker (a sealed
testimony, its package kept in the vault and queued in the outbox); the subject is the
sync dialog, opened from the window's menu and driven through its widgets: the profile
file is chosen in the (non-native) file dialog, Sync is pressed, the table and the
outcome line are read. What the server stored and the receipt the vault kept are then
checked independently (SHA-256 of the accepted file, ``ssh-keygen -Y verify``).

Failure cases a documenter meets: a wrong profile file; a certificate that is not the
pinned CA's; a server that is down (and a later sync once it is up); a server that stops
mid-upload (and a later sync that resumes from the server's offset); a quick-lock while a
sync waits; Cancel and quick-lock while the link stalls in the middle of a PATCH (the
vault worker is free within a second, not after the client's timeout); a revoked device
(and the new profile that replaces it); a receipt the profile's key does not verify.

An unreadable profile file is explained with core's reason; sizes in the "Sent" column
are written in KiB/MiB as the locale writes numbers.

Each kind of sync failure is told in the interface language (checked in Belarusian),
and while the client waits to try again the window says so.

The window imports a profile with the same job as Settings, and takes the OS keyring
from the same injectable factory: with a secure keyring the token goes there, and the
sync reads it back from there.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QLocale
from pytestqt.qtbot import QtBot

from app.gui.application import Gui
from app.gui.sync_dialog import SyncDialog
from app.sync import outbox, tus_client
from tests.sync.pki import ServerPki, make_pki
from tests.system_probes import unreadable_file

from .sync_platform import make_platform
from .sync_steps import (
    MIB,
    WAITING,
    MemoryKeyring,
    SentColumn,
    assert_delivered,
    assert_sanitised,
    cell,
    choose_in_next_file_dialog,
    import_profile,
    on_worker,
    open_sync_window,
    outbox_entry,
    press_sync_and_wait,
    ready_documenter,
    sent_text,
)

# The PATCH body limit the platforms of these tests announce.
PATCH = 8 * MIB


@pytest.fixture(autouse=True)
def full_size_first_patch(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests stall the link at a chunk boundary they choose (8 MiB in): the first
    PATCH is made full size here, and the platform takes at most 8 MiB in one, so on
    loopback every PATCH is 8 MiB. The client's own choice of a small first PATCH on an
    unmeasured link is tested in tests/sync."""
    monkeypatch.setattr(tus_client, "FIRST_CHUNK_SIZE", PATCH)


@pytest.fixture(scope="module")
def platform_pki(tmp_path_factory: pytest.TempPathFactory) -> ServerPki:
    return make_pki(tmp_path_factory.mktemp("platform-pki"), "Platform")


@pytest.fixture(scope="module")
def impostor_pki(tmp_path_factory: pytest.TempPathFactory) -> ServerPki:
    return make_pki(tmp_path_factory.mktemp("impostor-pki"), "Impostor")


# The tester's own OS keyring stays untouched (see conftest.no_os_keyring).
pytestmark = pytest.mark.usefixtures("no_os_keyring")

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
        assert cell(dialog, 0, 2) == sent_text(dialog, 0, queued.size)
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
        # A file that cannot be read (on Linux the disk answers with an I/O error; see
        # tests/system_probes.py for the others): core's explanation, not "an unexpected
        # error", and not the path.
        unreadable = unreadable_file(tmp_path / "unreadable-profile.json")
        choose_in_next_file_dialog(unreadable)
        dialog.import_button.click()
        qtbot.waitUntil(lambda: "Cannot read the profile file" in dialog.outcome.text(),
                        timeout=10_000)
        assert dialog.outcome.text().startswith("The platform profile cannot be used.")
        assert str(tmp_path) not in dialog.outcome.text()
        import_profile(qtbot, dialog, platform.profile_file)
        assert "localhost" in dialog.profile.text()
        assert dialog.outcome.text() == ""  # the earlier refusal no longer stands

        # Sizes as the user's locale writes them, in KiB or MiB (here Ukrainian).
        dialog.setLocale(QLocale("uk_UA"))
        sent = SentColumn(dialog)
        press_sync_and_wait(qtbot, dialog)
        # Progress was shown for the package before the table was read back.
        assert sent_text(dialog, queued.size, queued.size) in sent.shown
        assert re.fullmatch(r"\d+,\d\d KiB / \d+,\d\d KiB", cell(dialog, 0, 2)), cell(dialog, 0, 2)
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
        assert cell(dialog, 0, 2) == sent_text(dialog, 0, queued.size)
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
    media.write_bytes(os.urandom(PATCH + 2 * MIB))
    platform = make_platform(tmp_path / "platform", platform_pki, with_relay=True,
                             max_patch_body=PATCH)
    relay = platform.relay
    assert relay is not None
    try:
        queued = ready_documenter(qtbot, gui, platform, media)
        assert queued.size > PATCH + MIB
        platform.start()
        dialog = open_sync_window(qtbot, gui)
        import_profile(qtbot, dialog, platform.profile_file)

        # The relay holds the second PATCH about 1 MiB in; the server waits for the rest.
        relay.reset_count()
        relay.stall_after = PATCH + MIB
        dialog.setLocale(QLocale("en_US"))
        sent = SentColumn(dialog)
        dialog.sync_button.click()
        first_chunk = sent_text(dialog, PATCH, queued.size)
        assert first_chunk.startswith("8.00 MiB / 10.0"), first_chunk
        qtbot.waitUntil(lambda: relay.stalled.is_set() and first_chunk in sent.shown,
                        timeout=30_000)
        assert cell(dialog, 0, 1) == "uploading"  # the row says what is happening now
        platform.kill()  # the server stops mid-upload
        qtbot.waitUntil(lambda: relay.resets_after_stall > 0, timeout=10_000)
        # The window says the client is at work, trying again, not stuck.
        qtbot.waitUntil(lambda: "trying again" in dialog.outcome.text(), timeout=10_000)
        # The first retry after a cut goes at once; the window counts the waits after it.
        assert re.search(r"\(attempt [1-8] of 8\)", dialog.outcome.text()), dialog.outcome.text()
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
        rest = queued.size - PATCH
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
    media.write_bytes(os.urandom(PATCH + 2 * MIB))
    platform = make_platform(tmp_path / "platform", platform_pki, with_relay=True,
                             max_patch_body=PATCH)
    relay = platform.relay
    assert relay is not None
    try:
        queued = ready_documenter(qtbot, gui, platform, media)
        platform.start()
        dialog = open_sync_window(qtbot, gui)
        import_profile(qtbot, dialog, platform.profile_file)
        relay.stall_after = relay.client_bytes + PATCH + MIB
        sent = SentColumn(dialog)
        dialog.sync_button.click()
        first_chunk = sent_text(dialog, PATCH, queued.size)
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


def test_cancel_and_lock_do_not_wait_for_a_stalled_link(
    qtbot: QtBot, gui: Gui, tmp_path: Path, platform_pki: ServerPki
) -> None:
    """The server is up but the link stalls in the middle of the second PATCH. Cancel
    frees the window at once; so does quick-lock, and the vault (keys and all) is locked
    within a second instead of after the client's 60 s write timeout. After unlocking, a
    sync resumes from what the server holds."""
    from .conftest import unlock

    media = tmp_path / "video.bin"
    media.write_bytes(os.urandom(PATCH + 2 * MIB))
    platform = make_platform(tmp_path / "platform", platform_pki, with_relay=True,
                             max_patch_body=PATCH)
    relay = platform.relay
    assert relay is not None
    try:
        queued = ready_documenter(qtbot, gui, platform, media)
        platform.start()
        dialog = open_sync_window(qtbot, gui)
        import_profile(qtbot, dialog, platform.profile_file)
        first_chunk = sent_text(dialog, PATCH, queued.size)

        def sync_into_the_stall(stall_after: int, shown: str | None) -> None:
            relay.release()
            relay.stall_after = stall_after
            sent = SentColumn(dialog)
            dialog.sync_button.click()
            qtbot.waitUntil(lambda: relay.stalled.is_set()
                            and (shown is None or shown in sent.shown), timeout=30_000)
            qtbot.wait(300)  # the client is now blocked on the stalled link

        # The second PATCH stalls 1 MiB in, after the first chunk was confirmed.
        sync_into_the_stall(PATCH + MIB, first_chunk)
        started = time.monotonic()
        dialog.close_button.click()  # "Cancel"
        qtbot.waitUntil(lambda: dialog.close_button.text() == "Close", timeout=10_000)
        cancel_latency = time.monotonic() - started
        assert cancel_latency < 2.0, cancel_latency
        assert "Cancelled" in dialog.outcome.text()
        # The client closed its connection: the relay passes that on to the server.
        qtbot.waitUntil(lambda: relay.open_connections == 0, timeout=5_000)

        # Resumed from the server's offset, the next PATCH stalls 256 KiB into the link.
        sync_into_the_stall(256 * 1024, None)
        started = time.monotonic()
        with qtbot.waitSignal(gui.window.vault_locked, timeout=10_000):
            gui.window.quick_lock_shortcut.activated.emit()
        lock_latency = time.monotonic() - started
        print(f"cancel {cancel_latency:.3f} s, quick-lock {lock_latency:.3f} s")
        assert lock_latency < 2.0, lock_latency
        qtbot.waitUntil(lambda: not shiboken6.isValid(dialog), timeout=5_000)
        qtbot.waitUntil(lambda: relay.open_connections == 0, timeout=5_000)

        unlock(qtbot, gui)
        relay.release()
        again = open_sync_window(qtbot, gui)
        press_sync_and_wait(qtbot, again)
        assert_delivered(qtbot, gui, again, platform, queued, tmp_path)
        assert relay.client_bytes < queued.size // 2  # the first chunk was not sent again
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
        # The device is named as Settings and the seal dialog name it.
        assert gui.window.device_fingerprint and gui.window.device_fingerprint in text, text
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
        state_item = dialog.table.item(0, 1)
        assert state_item is not None
        reason = state_item.toolTip()
        assert "receipt did not verify" in reason, reason
        assert_sanitised(dialog, platform)
        entry = outbox_entry(qtbot, gui, queued.package_id)
        assert entry.state == outbox.OutboxState.FAILED and entry.receipt_json is None
        assert len(platform.accepted()) == 1  # the platform has it; the vault does not say so
    finally:
        platform.kill()


def test_the_window_imports_with_the_settings_job_and_its_keyring(
    qtbot: QtBot, gui: Gui, tmp_path: Path, platform_pki: ServerPki
) -> None:
    from app.core.settings import read_value
    from app.sync.profile import SETTING_TOKEN_LOCATION

    platform = make_platform(tmp_path / "platform", platform_pki)
    try:
        queued = ready_documenter(qtbot, gui, platform)
        platform.start()
        dialog = open_sync_window(qtbot, gui)
        keyring = MemoryKeyring()
        dialog.keyring_factory = lambda: keyring
        import_profile(qtbot, dialog, platform.profile_file)
        token = str(platform.server.profile["device_token"])
        assert list(keyring.entries.values()) == [token]  # the OS keyring took it
        location = on_worker(qtbot, gui,
                             lambda ctx: read_value(ctx.session.connection, SETTING_TOKEN_LOCATION))
        assert location == "os-keyring"
        press_sync_and_wait(qtbot, dialog)  # the token is read back from that keyring
        assert_delivered(qtbot, gui, dialog, platform, queued, tmp_path)
    finally:
        platform.kill()


SYNC_FAILURES = [
    ("CertificateRejectedError", "The server's certificate is not from the platform"),
    ("NetworkDownError", "the device seems to be offline"),
    ("ConnectionBlockedError", "it may be down, or the connection is blocked"),
    ("ProxyUnavailableError", "The proxy does not answer"),
    ("TokenRefusedError", "The platform refused this device"),
    ("ReceiptError", "The platform's receipt did not verify"),
    ("ProfileError", "The platform profile cannot be used."),
]


@pytest.mark.parametrize(("kind", "english"), SYNC_FAILURES)
def test_each_sync_failure_is_told_in_the_interface_language(
    qapp: Any, kind: str, english: str
) -> None:
    from app.gui.i18n import Translations
    from app.gui.messages import sync_failure_text
    from app.gui.vault_worker import JobFailure
    from app.sync import errors

    core = "Core's English sentence \u202e with a bidi override."
    failure = JobFailure(getattr(errors, kind), core)
    assert english in sync_failure_text(failure)
    translations = Translations(qapp)
    try:
        assert translations.install("be")
        text = sync_failure_text(failure)
    finally:
        translations.install("en")
    assert english not in text
    assert any("\u0400" <= char <= "\u04ff" for char in text), text  # Cyrillic
    if kind == "ProfileError":
        # Core's explanation follows the translated lead, made safe to show.
        assert "Core's English sentence" in text and "\u202e" not in text
    else:
        assert "Core's English sentence" not in text


def test_other_sync_failures_show_cores_sentence_made_safe(qapp: Any) -> None:
    from app.gui.messages import sync_failure_text
    from app.gui.vault_worker import JobFailure
    from app.sync.errors import UploadRefusedError

    text = sync_failure_text(JobFailure(UploadRefusedError, "Refused (413)\u202e\x1b[2J"))
    assert text.startswith("Refused (413)") and "\u202e" not in text and "\x1b" not in text
    # An unexpected error's message is never shown.
    assert "secret" not in sync_failure_text(JobFailure(ValueError, "secret path"))
