"""The built one-folder bundle (dist/evidence-vault, made by packaging/build.sh).

Runs when the bundle exists, or fails when ``EVIDENCE_VAULT_BUNDLE_TEST=1`` asks for it
and it is missing (CI builds the bundle, then runs this file with that variable set).
It runs the frozen program as a user would, with no Python of ours around it: the
version, the self-test offscreen and under a real X server (Xvfb), the command line
from a new vault to an exported package that passes docs/verify-by-hand.md, and what
the bundle holds: no unused Qt module, every library it links resolvable as the system's
loader finds it (except the Wayland client libraries a Wayland desktop provides), the
resources and translations.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from app import __version__
from tests.packaging import linked_libraries

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "dist" / "evidence-vault"
INTERNAL = BUNDLE / "_internal"
# The console executable: Linux has only one, Windows and macOS a windowed twin as well.
EXE = BUNDLE / {"win32": "evidence-vault-console.exe", "darwin": "evidence-vault-console"}.get(
    sys.platform, "evidence-vault"
)
WINDOWED = BUNDLE / ("evidence-vault.exe" if sys.platform == "win32" else "evidence-vault")
ASKED = os.environ.get("EVIDENCE_VAULT_BUNDLE_TEST") == "1"

pytestmark = pytest.mark.skipif(
    not ASKED and not EXE.is_file(),
    reason="no bundle in dist/ (packaging/build.sh builds it; CI runs these after building)",
)

# Qt parts the program does not use: none may be in the bundle.
UNUSED_QT = re.compile(
    r"Qt6?(WebEngine|3D|Quick3D|Charts|DataVisualization|Pdf|Designer|Bluetooth|Nfc|"
    r"Positioning|Sensors|SerialPort|WebSockets|RemoteObjects|Scxml|StateMachine|"
    r"TextToSpeech|Help|Sql|Test|Location|VirtualKeyboard|Svg|Charts|Graphs|HttpServer)"
)
# Provided by a Wayland desktop, never bundled (PyInstaller leaves them to the system).
SYSTEM_PROVIDED = re.compile(r"libwayland-(client|cursor|egl)\.so")


def _clean_env(**extra: str) -> dict[str, str]:
    # No Python of the build environment may leak into the frozen program.
    drop = {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "DISPLAY", "WAYLAND_DISPLAY",
            "QT_QPA_PLATFORM"}  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k not in drop}
    return {**env, **extra}


def _run(argv: list[str], **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        argv, capture_output=True, text=True, env=_clean_env(**extra), timeout=180, check=False,
        cwd=BUNDLE.parent,
    )  # fmt: skip


def test_the_bundle_exists() -> None:
    assert EXE.is_file(), "packaging/build.sh did not produce the bundle"
    assert WINDOWED.is_file()


def test_version() -> None:
    for exe in {EXE, WINDOWED}:
        result = _run([str(exe), "--version"])
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == f"evidence-vault {__version__}"


def _selftest(**extra: str) -> dict[str, object]:
    result = _run([str(EXE), "--json", "self-test"], **extra)
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert isinstance(report, dict)
    return report


def test_selftest_offscreen(tmp_path: Path) -> None:
    report = _selftest(XDG_RUNTIME_DIR=str(tmp_path))
    assert report["ok"] is True and report["frozen"] is True and report["offscreen"] is True
    steps = {s["name"]: s for s in report["steps"]}  # type: ignore[attr-defined]
    assert "EXIF read" in steps["import file"]["detail"]  # the metadata child ran frozen
    assert "SecretService" in steps["keyring"]["detail"]  # keyring's metadata was copied
    assert "offscreen" in steps["main window"]["detail"]
    assert list((tmp_path / "evidence-vault").iterdir()) == []


@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="xvfb-run is not installed")
def test_selftest_on_an_x_server(tmp_path: Path) -> None:
    result = subprocess.run(
        ["xvfb-run", "-a", str(EXE), "--json", "self-test"],
        capture_output=True, text=True, timeout=180, check=False,
        env=_clean_env(XDG_RUNTIME_DIR=str(tmp_path)),
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    window = next(s for s in report["steps"] if s["name"] == "main window")
    assert "xcb" in window["detail"] and report["offscreen"] is False


def test_no_unused_qt_module_is_bundled() -> None:
    names = [p.name for p in INTERNAL.rglob("*")]
    assert not [n for n in names if UNUSED_QT.search(n)]
    assert any(n.startswith("libQt6Multimedia.") for n in names)  # audio recording
    assert any(n.startswith("libffmpegmediaplugin") for n in names)


def test_resources_and_translations_are_bundled() -> None:
    resources = INTERNAL / "resources"
    assert (resources / "vocabulary" / "violations.json").is_file()
    assert (resources / "style" / "app.qss").is_file()
    for ts in (ROOT / "resources" / "translations").glob("*.ts"):
        assert (resources / "translations" / f"{ts.stem}.qm").is_file()
    assert not list(resources.rglob("*.ts"))  # sources stay out
    # Qt's own catalogues for the interface languages Qt translates (standard buttons,
    # the file dialog), loaded by app/gui/i18n.py; Belarusian's are in ours.
    qt = INTERNAL / "PySide6" / "Qt" / "translations"
    assert sorted(p.name for p in qt.glob("qtbase_*.qm")) == ["qtbase_ru.qm", "qtbase_uk.qm"]


def test_every_linked_library_resolves() -> None:
    # Asked the way each system's loader looks (tests/packaging/linked_libraries.py): ldd
    # on Linux, otool and the rpaths on macOS, the PE import table on Windows.
    found = linked_libraries.binaries(INTERNAL)
    assert len(found) > 50
    missing = linked_libraries.missing_libraries(
        [*found, EXE], linked_libraries.bundle_folders(INTERNAL), executable=EXE,
        environ=_clean_env(),
    )  # fmt: skip
    assert {name for name in missing if not SYSTEM_PROVIDED.search(name)} == set()


def test_the_bundle_cli_makes_a_package_that_verifies_by_hand(tmp_path: Path) -> None:
    """What issue 7 calls done: with only the bundle, create a vault, record a testimony,
    attach a file, seal and export; the package then passes docs/verify-by-hand.md
    literally, its last step run by the bundle's own ``verify``."""
    from tests.docs.test_verify_by_hand import guide_script

    secret = tmp_path / "passphrase"
    secret.write_text("a long passphrase for the bundle test\n")
    vault = ["--vault", str(tmp_path / "vault"), "--passphrase-file", str(secret)]

    def cli(*argv: str) -> str:
        result = _run([str(EXE), *argv], XDG_RUNTIME_DIR=str(tmp_path))
        assert result.returncode == 0, result.stderr
        return result.stdout

    def cli_json(*argv: str) -> dict[str, object]:
        answer = json.loads(cli("--json", *argv))
        assert isinstance(answer, dict)
        return answer

    cli_json(*vault, "init", "--kdf-floor")
    check = tmp_path / "check"
    check.mkdir()
    key = cli_json("keys", "new-recipient", "--out", str(check / "key.txt"))
    cli_json(*vault, "settings", "set", "platform-recipient", str(key["public_key"]))
    case = cli_json(*vault, "case", "add", "--title", "Bundle test")
    record = {
        "person": {"code": "W-1", "role": "witness"},
        "interview": {"place": "Vilnius", "interviewer": "D-1", "language": "en"},
        "consent": {
            "interview": True, "audio_recording": False, "share_with_platform": True,
            "share_onward": False, "be_named": False, "recontact": False,
            "given_at": "2024-01-01T00:00:00Z", "method": "written",
        },
        "incidents": [],
        "narrative": "Recorded with the bundle only.",
    }  # fmt: skip
    (tmp_path / "record.json").write_text(json.dumps(record))
    testimony = cli_json(
        *vault, "testimony", "add", "--case", str(case["id"]), "--from-json",
        str(tmp_path / "record.json"),
    )  # fmt: skip
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0" + os.urandom(100_000) + b"\xff\xd9")
    cli_json(*vault, "attach", str(testimony["id"]), str(photo))
    cli_json(*vault, "seal", str(testimony["id"]))
    stick = tmp_path / "stick"
    stick.mkdir()
    cli(*vault, "export", str(testimony["id"]), "--to", str(stick))
    (package,) = stick.iterdir()
    shutil.copyfile(package, check / "package.age")
    (check / "allowed_signers").write_text(cli(*vault, "keys", "export-public"))

    # The guide's tools from the system; `evidence-vault` is the bundle, not the venv's.
    path = f"{BUNDLE}{os.pathsep}{_clean_env().get('PATH', '')}"
    path = os.pathsep.join(p for p in path.split(os.pathsep) if ".venv" not in p)
    result = subprocess.run(
        ["bash", "-c", guide_script()],
        cwd=check, env=_clean_env(PATH=path, LC_ALL="C"),
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Good \"evidence-vault-package@v1\" signature" in result.stdout
    assert "VALID: every check passed." in result.stdout  # the bundle's own verify


def _ask_metadata_reader(command: list[str], data: bytes) -> tuple[object, int]:
    """Speak the metadata reader's protocol (app/core/metadata.py) as the parent does:
    the media type and size, then each byte range the child asks for, then its answer."""
    child = subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env=_clean_env(),
    )  # fmt: skip
    assert child.stdin is not None and child.stdout is not None
    kind = b"image/jpeg"
    child.stdin.write(struct.pack(">B", len(kind)) + kind + struct.pack(">Q", len(data)))
    child.stdin.flush()
    answer: object = None
    try:
        while (tag := child.stdout.read(1)) == b"R":
            offset, length = struct.unpack(">QI", child.stdout.read(12))
            piece = data[offset : offset + length]
            child.stdin.write(struct.pack(">I", len(piece)) + piece)
            child.stdin.flush()
        if tag == b"A":
            (size,) = struct.unpack(">I", child.stdout.read(4))
            answer = json.loads(child.stdout.read(size))
    finally:
        child.stdin.close()
    return answer, child.wait(60)


def test_only_the_exif_reader_runs_as_a_child_module() -> None:
    # The frozen entry accepts ``-E -s -m NAME`` for the metadata reader only; any other
    # module name is an ordinary (refused) command line, so the bundle is no Python runner.
    answer, code = _ask_metadata_reader(
        [str(EXE), "-E", "-s", "-m", "app.core.metadata"], b"\xff\xd8\xff\xd9"
    )
    assert code == 0
    assert isinstance(answer, dict) and answer["note"] == "No EXIF metadata found."
    refused = _run([str(EXE), "-E", "-s", "-m", "app.selftest"])
    assert refused.returncode == 2 and "usage:" in refused.stderr
    assert "self-test" not in refused.stdout
