"""Architecture rules that must not rot: the Qt-free packages never import PySide6."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

APP = Path(__file__).resolve().parents[1] / "app"
QT_FREE = [
    "app.crypto",
    "app.formats",
    "app.storage",
    "app.core",
    "app.services",
    "app.sync",
    "app.intake",
    "app.cli",
    "app.phone",
]


def _modules_of(package: str) -> list[str]:
    root = APP.parent
    folder = root / package.replace(".", "/")
    return [
        ".".join(path.relative_to(root).with_suffix("").parts).removesuffix(".__init__")
        for path in sorted(folder.rglob("*.py"))
    ]


def test_qt_free_packages_import_without_pyside6() -> None:
    modules = [m for package in QT_FREE for m in _modules_of(package)]
    assert "app.formats.package.verify" in modules  # the walk found real modules
    # A fresh interpreter where any PySide6 import fails loudly.
    program = (
        "import sys, importlib\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'PySide6' or name.startswith('PySide6.'):\n"
        "            raise ImportError('PySide6 is blocked: ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        f"for m in {modules!r}:\n"
        "    importlib.import_module(m)\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, cwd=APP.parent
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_only_gui_mentions_pyside6() -> None:
    offenders = [
        str(path.relative_to(APP))
        for path in APP.rglob("*.py")
        if "gui" not in path.relative_to(APP).parts
        and "PySide6" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
