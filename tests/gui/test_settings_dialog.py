"""Settings: the platform profile (shown sanitised, imported from a file, its proxy
edited through core's check) and the saved coordinators (checked, stored through core,
offered by the export dialog).

Real vault, real files; fingerprints are checked against ``openssl`` and ``ssh-keygen``,
and an export to a saved coordinator is opened with the ``age`` command line.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.core import custody
from app.core.settings import (
    COORDINATOR_RECIPIENTS,
    PLATFORM_RECIPIENT,
    get_coordinator_recipients,
    read_value,
)
from app.crypto.age import X25519Identity
from app.gui.application import Gui
from app.gui.settings_dialog import SettingsDialog
from app.sync.profile import SETTING_TOKEN_LOCATION, load_profile
from tests.sync.pki import ServerPki, make_pki
from tests.sync.vaults import profile_bytes

from .conftest import close_gui, create_vault, make_gui

TOKEN = "device-token-0123456789abcdef"


class MemoryKeyring:
    """A secure-looking keyring in memory: the tester's OS keyring is never touched."""

    priority = 5

    def __init__(self) -> None:
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.entries.pop((service, username), None)


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> ServerPki:
    return make_pki(tmp_path_factory.mktemp("platform-pki"), "Platform")


@pytest.fixture(scope="module")
def receipt_key(tmp_path_factory: pytest.TempPathFactory) -> Path:
    key = tmp_path_factory.mktemp("receipt") / "receipt_key"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
    return key


def profile_file(
    folder: Path, pki: ServerPki, receipt_key: Path, *, token: str | None = TOKEN,
    name: str = "Test platform", url: str = "https://platform.example:8443/files/",
) -> tuple[Path, str]:
    recipient = str(X25519Identity.generate().recipient)
    document = json.loads(profile_bytes(url=url, ca_pem=pki.ca_pem, recipient=recipient,
                                        receipt_key=receipt_key, token=token))
    document["name"] = name
    path = folder / "platform-profile.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path, recipient


def on_worker(qtbot: QtBot, gui: Gui, job: Callable[[Any], Any]) -> Any:
    with qtbot.waitCallback(timeout=20_000) as done:
        gui.client.submit(job, on_done=done)
    return done.args[0]


def open_settings(qtbot: QtBot, gui: Gui) -> SettingsDialog:
    dialog = gui.window.open_settings_dialog()
    assert isinstance(dialog, SettingsDialog)
    dialog.keyring_factory = MemoryKeyring
    with qtbot.waitSignal(dialog.platform_read, timeout=10_000):
        pass
    return dialog


def save(qtbot: QtBot, dialog: SettingsDialog) -> None:
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.save_button.click()


def openssl_fingerprint(pem: str) -> str:
    out = subprocess.run(["openssl", "x509", "-noout", "-fingerprint", "-sha256"],
                         input=pem, capture_output=True, text=True, check=True).stdout
    return out.strip().split("=", 1)[1]


def test_profile_is_imported_and_shown_sanitised(
    qtbot: QtBot, gui: Gui, tmp_path: Path, pki: ServerPki, receipt_key: Path
) -> None:
    create_vault(qtbot, gui)
    dialog = open_settings(qtbot, gui)
    assert "No platform profile yet" in dialog.profile_name.text()
    assert not dialog.proxy.isEnabled()

    path, recipient = profile_file(tmp_path, pki, receipt_key, name="Platform\u202eexe.txt")
    with qtbot.waitSignal(dialog.profile_imported, timeout=10_000):
        dialog.import_file(path)
    # The bidi override that would reverse the name on screen is shown as an escape.
    assert dialog.profile_name.text() == "Platform\\u202eexe.txt (platform.example)"
    assert dialog.profile_url.text() == "https://platform.example:8443/files/"
    assert dialog.certificate.text() == "SHA256:" + openssl_fingerprint(pki.ca_pem)
    ssh = subprocess.run(["ssh-keygen", "-l", "-E", "sha256", "-f", f"{receipt_key}.pub"],
                         capture_output=True, text=True, check=True).stdout.split()[1]
    assert dialog.receipt_key.text() == ssh
    assert dialog.proxy.isEnabled() and dialog.proxy.text() == ""
    assert "delete it now" in dialog.import_outcome.text()
    # Save must keep the profile's key as the platform key, not the field's old value.
    assert dialog.platform.text() == recipient
    save(qtbot, dialog)

    def stored(ctx: Any) -> tuple[Any, ...]:
        conn = ctx.session.connection
        chain = custody.events(conn, custody.VAULT_CHAIN)
        return (load_profile(conn), read_value(conn, PLATFORM_RECIPIENT),
                read_value(conn, SETTING_TOKEN_LOCATION),
                [e.details for e in chain if e.action == "key_changed"])

    profile, platform, location, changes = on_worker(qtbot, gui, stored)
    assert profile.name == "Platform\u202eexe.txt" and platform == recipient
    assert location == "os-keyring"  # the (secure-looking) injected keyring took it
    # The platform key changed: core logged it, once.
    assert changes == [{"setting": PLATFORM_RECIPIENT, "value": recipient}]


def test_proxy_is_checked_by_core_and_kept(
    qtbot: QtBot, gui: Gui, tmp_path: Path, pki: ServerPki, receipt_key: Path
) -> None:
    create_vault(qtbot, gui)
    dialog = open_settings(qtbot, gui)
    path, _recipient = profile_file(tmp_path, pki, receipt_key, token=None)
    with qtbot.waitSignal(dialog.profile_imported, timeout=10_000):
        dialog.import_file(path)
    assert "delete it now" not in dialog.import_outcome.text()

    # socks5:// would look names up on this device: refused, the dialog stays open.
    dialog.proxy.setText("socks5://127.0.0.1:9050")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.proxy_error.isVisibleTo(dialog), timeout=10_000)
    assert "socks5h://" in dialog.proxy_error.text()
    assert dialog.isVisible() and dialog.save_button.isEnabled()
    assert on_worker(qtbot, gui, lambda ctx: load_profile(ctx.session.connection)).proxy is None

    dialog.proxy.setText("socks5h://127.0.0.1:9050")
    save(qtbot, dialog)
    assert on_worker(qtbot, gui, lambda ctx: load_profile(ctx.session.connection)).proxy == (
        "socks5h://127.0.0.1:9050"
    )
    again = open_settings(qtbot, gui)
    qtbot.waitUntil(lambda: again.proxy.text() == "socks5h://127.0.0.1:9050", timeout=10_000)
    again.proxy.clear()
    save(qtbot, again)
    profile = on_worker(qtbot, gui, lambda ctx: load_profile(ctx.session.connection))
    assert profile.proxy is None and profile.name == "Test platform"


def test_a_bad_profile_file_changes_nothing(
    qtbot: QtBot, gui: Gui, tmp_path: Path, pki: ServerPki, receipt_key: Path
) -> None:
    create_vault(qtbot, gui)
    dialog = open_settings(qtbot, gui)
    path, _recipient = profile_file(tmp_path, pki, receipt_key, url="http://platform.example/f/")
    dialog.import_file(path)
    qtbot.waitUntil(lambda: "not a usable platform profile" in dialog.import_outcome.text(),
                    timeout=10_000)
    missing = tmp_path / "missing.json"
    dialog.import_file(missing)
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=10_000)
    assert "not a usable platform profile" in dialog.import_outcome.text()
    assert str(missing) not in dialog.import_outcome.text()
    assert on_worker(qtbot, gui, lambda ctx: load_profile(ctx.session.connection)) is None
    assert "No platform profile yet" in dialog.profile_name.text()


def test_coordinators_are_checked_saved_and_logged(qtbot: QtBot, gui: Gui) -> None:
    create_vault(qtbot, gui)
    dialog = open_settings(qtbot, gui)
    qtbot.waitUntil(dialog.coordinator_name.isEnabled, timeout=10_000)
    first, second = (str(X25519Identity.generate().recipient) for _ in range(2))

    def add(name: str, key: str) -> bool:
        dialog.coordinator_name.setText(name)
        dialog.coordinator_key.setText(key)
        return dialog.add_coordinator()

    assert not add("Office", "age1notakey")
    assert "age1" in dialog.coordinator_error.text()
    assert dialog.coordinator_error.isVisibleTo(dialog)
    assert not add("  ", first)
    assert "visible characters" in dialog.coordinator_error.text()
    assert add("Алеся", first)
    assert not dialog.coordinator_error.isVisibleTo(dialog)
    assert not add("алеся", second)  # same name, other case
    assert "already saved" in dialog.coordinator_error.text()
    assert not add("Office", first)  # same key
    assert add("Office\u202e", second) is False  # a bidi control is not a visible name
    # Typed in but not added: Save adds it before storing.
    dialog.coordinator_name.setText("Office")
    dialog.coordinator_key.setText(second)
    save(qtbot, dialog)

    def stored(ctx: Any) -> tuple[Any, ...]:
        conn = ctx.session.connection
        chain = custody.events(conn, custody.VAULT_CHAIN)
        return get_coordinator_recipients(conn), [
            e.details["value"] for e in chain if e.details.get("setting") == COORDINATOR_RECIPIENTS
        ]

    saved, logged = on_worker(qtbot, gui, stored)
    assert [(c.name, c.recipient) for c in saved] == [("Алеся", first), ("Office", second)]
    assert len(logged) == 1 and json.loads(logged[0])[1]["name"] == "Office"

    again = open_settings(qtbot, gui)
    qtbot.waitUntil(lambda: again.coordinators.count() == 2, timeout=10_000)
    assert again.coordinators.item(0).text().startswith("Алеся — age1")
    assert again.coordinators.item(0).toolTip() == first
    again.coordinators.setCurrentRow(0)
    again.remove_coordinator_button.click()
    save(qtbot, again)
    saved, logged = on_worker(qtbot, gui, stored)
    assert [c.name for c in saved] == ["Office"] and len(logged) == 2
    # Saving with nothing changed stores and logs nothing.
    third = open_settings(qtbot, gui)
    qtbot.waitUntil(lambda: third.coordinators.count() == 1, timeout=10_000)
    save(qtbot, third)
    assert len(on_worker(qtbot, gui, stored)[1]) == 2


def test_interface_settings_still_apply_after_the_dialog(qtbot: QtBot, gui: Gui) -> None:
    create_vault(qtbot, gui)
    dialog = open_settings(qtbot, gui)
    assert dialog.windowModality() != Qt.WindowModality.NonModal
    dialog.neutral_title.setChecked(True)
    dialog.auto_lock.setValue(7)
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: gui.window.settings.auto_lock_minutes == 7, timeout=10_000)
    assert gui.window.windowTitle() == "Notes"


def _age_key(folder: Path, name: str) -> tuple[Path, str]:
    identity = folder / f"{name}.key"
    subprocess.run(["age-keygen", "-o", str(identity)], check=True, capture_output=True)
    recipient = subprocess.run(["age-keygen", "-y", str(identity)], check=True,
                               capture_output=True, text=True).stdout.strip()
    return identity, recipient


def test_export_offers_saved_coordinators_to_tick(
    qtbot: QtBot, gui: Gui, tmp_path: Path
) -> None:
    from app.gui.export_dialog import ExportDialog
    from app.gui.profile_jobs import SavedCoordinator, save_coordinators
    from tests.package.support import sealed_testimony

    create_vault(qtbot, gui)
    # Consent to sharing beyond the platform: coordinators are "beyond".
    testimony_id = on_worker(
        qtbot, gui, lambda ctx: sealed_testimony(ctx.session.vault, {}, share_onward=True)
    )
    before = ExportDialog(gui.client, testimony_id, gui.window)
    qtbot.waitUntil(lambda: before.no_coordinators.isVisibleTo(before), timeout=10_000)
    assert not before.coordinators.isVisibleTo(before) and before.chosen_recipients() == ()
    before.reject()

    alesia_key, alesia = _age_key(tmp_path, "alesia")
    office_key, office = _age_key(tmp_path, "office")
    typed_key, typed = _age_key(tmp_path, "typed")
    on_worker(qtbot, gui, save_coordinators(
        (SavedCoordinator("Алеся", alesia), SavedCoordinator("Office", office))
    ))
    dialog = ExportDialog(gui.client, testimony_id, gui.window)
    qtbot.waitUntil(lambda: dialog.coordinators.count() == 2, timeout=10_000)
    assert dialog.coordinators.isVisibleTo(dialog)
    assert not dialog.no_coordinators.isVisibleTo(dialog)
    items = [dialog.coordinators.item(row) for row in range(2)]
    assert items[0].text().startswith("Алеся — age1") and items[1].toolTip() == office
    # Nothing is ticked until the documenter ticks it.
    assert all(item.checkState() == Qt.CheckState.Unchecked for item in items)
    items[0].setCheckState(Qt.CheckState.Checked)
    dialog.recipients.setPlainText(f"{typed}\n{alesia}\n")
    assert dialog.chosen_recipients() == (alesia, typed)

    stick = tmp_path / "usb"
    stick.mkdir()
    dialog.destination.setText(str(stick))
    with qtbot.waitSignal(dialog.package_exported, timeout=60_000) as exported:
        dialog.export_button.click()
    package = stick / exported.args[0].file_name
    assert sorted(exported.args[0].recipients) == sorted([alesia, typed])

    def age_decrypts(identity: Path) -> bool:
        result = subprocess.run(["age", "-d", "-i", str(identity), "-o", os.devnull,
                                 str(package)], capture_output=True, check=False)
        return result.returncode == 0

    assert age_decrypts(alesia_key) and age_decrypts(typed_key)
    assert not age_decrypts(office_key)  # saved but not ticked
    dialog.accept()


def test_a_platform_key_changed_elsewhere_is_not_put_back(
    qtbot: QtBot, gui: Gui, tmp_path: Path, pki: ServerPki, receipt_key: Path
) -> None:
    """The sync screen imports profiles too; Settings shows the key stored now."""
    from app.gui.profile_jobs import import_profile_file

    create_vault(qtbot, gui)
    old = gui.window.settings.platform_recipient
    path, recipient = profile_file(tmp_path, pki, receipt_key, token=None)
    on_worker(qtbot, gui, import_profile_file(path))
    assert gui.window.settings.platform_recipient == old != recipient  # the window's copy
    dialog = open_settings(qtbot, gui)
    assert dialog.platform.text() == recipient
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: gui.window.settings.platform_recipient == recipient, timeout=10_000)
    stored = on_worker(qtbot, gui, lambda ctx: read_value(ctx.session.connection,
                                                          PLATFORM_RECIPIENT))
    assert stored == recipient


def test_the_language_in_use_is_shown_until_one_is_stored(qtbot: QtBot, tmp_path: Path) -> None:
    # The window runs in Belarusian (chosen at start) and the vault stores no language
    # yet: the dialog must show Belarusian, so saving other settings keeps it.
    gui = make_gui(tmp_path / "vault", language="be")
    qtbot.addWidget(gui.window)
    gui.window.show()
    try:
        create_vault(qtbot, gui)
        dialog = open_settings(qtbot, gui)
        assert dialog.language.currentData() == "be"
        dialog.auto_lock.setValue(9)
        save(qtbot, dialog)
        qtbot.waitUntil(lambda: gui.window.settings.auto_lock_minutes == 9, timeout=10_000)
        assert gui.translations.language == "be"
    finally:
        close_gui(gui)
