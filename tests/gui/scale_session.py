"""A window at a given scale, measured: for the screen-fit test.

    python -m tests.gui.scale_session LANGUAGE VAULT_DIR

Run with QT_SCALE_FACTOR and an offscreen screen the test chooses. Creates a vault, opens
a case and a testimony, then Settings, and prints as JSON what each screen asked for
(minimum size), what the window got, the room the screen has, and every button narrower
than its own label needs.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QToolButton, QWidget

from app.crypto.kdf import FLOOR
from app.gui.application import build_application

from .flow_steps import answer_next_dialog
from .screenshot_run import PASSPHRASE, settle, spin


def _rect(rect: QRect) -> list[int]:
    return [rect.x(), rect.y(), rect.width(), rect.height()]


def _clipped(top: QWidget) -> list[str]:
    """Visible buttons given less width than their text needs."""
    return [
        button.text()
        for button in top.findChildren(QAbstractButton)
        if button.isVisible() and button.text()
        # An icon-only button (a field's calendar) shows no text to clip.
        and not (isinstance(button, QToolButton)
                 and button.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly)
        and button.width() < button.minimumSizeHint().width()
    ]


def _measure(window: QWidget) -> dict[str, object]:
    settle()
    return {
        "minimum": [window.minimumSizeHint().width(), window.minimumSizeHint().height()],
        "frame": _rect(window.frameGeometry()),
        "clipped": _clipped(window),
    }


def main() -> None:
    language, folder = sys.argv[1], Path(sys.argv[2])
    gui = build_application(
        ["evidence-vault"], folder=folder, kdf_params=FLOOR, language=language, microphone=False
    )
    window = gui.window
    window.show()
    screen = window.screen() or QApplication.primaryScreen()
    report: dict[str, object] = {"screen": _rect(screen.availableGeometry())}
    report["create"] = _measure(window)
    page = window.create_page
    assert page is not None
    page.passphrase.setText(PASSPHRASE)
    page.confirmation.setText(PASSPHRASE)
    page.create_button.click()
    spin(lambda: page.steps.currentIndex() == 2)
    report["recovery"] = _measure(window)
    page.last_group.setText(page.recovery_text.text().rsplit("-", 1)[1])
    page.done_button.click()
    spin(lambda: window.workspace is not None)
    workspace = window.workspace
    assert workspace is not None

    def case(dialog: QDialog) -> None:
        dialog.title.setText("Акрэсціна, жнівень")  # type: ignore[attr-defined]
        dialog.ok_button.click()  # type: ignore[attr-defined]

    answer_next_dialog(case)
    workspace.cases.new_button.click()
    spin(lambda: workspace.cases.current_case_id() is not None)
    report["list"] = _measure(window)

    def testimony(dialog: QDialog) -> None:
        dialog.code.setText("A-1")  # type: ignore[attr-defined]
        dialog.ok_button.click()  # type: ignore[attr-defined]

    spin(workspace.testimonies.new_button.isEnabled)
    answer_next_dialog(testimony)
    workspace.testimonies.new_button.click()
    spin(lambda: workspace.editor.opened is not None)
    report["editor"] = _measure(window)

    settings = window.open_settings_dialog()
    settle()
    report["settings"] = {
        "frame": _rect(settings.frameGeometry()),
        "minimum": [settings.minimumSizeHint().width(), settings.minimumSizeHint().height()],
        "clipped": _clipped(settings),
    }
    settings.close()
    print(json.dumps(report))
    window.close()
    gui.client.shutdown()


if __name__ == "__main__":
    main()
