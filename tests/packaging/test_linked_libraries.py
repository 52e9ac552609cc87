"""The bundle's linked-library check on each system (tests/packaging/linked_libraries.py),
run here without a bundle: ``ldd`` for real on Linux against PySide6's own libraries, the
macOS branch with ``otool``'s answers imitated over a bundle laid out like PyInstaller's,
and the Windows branch reading PE import tables built here and Windows launchers that
pip ships."""

from __future__ import annotations

import struct
from collections.abc import Sequence
from pathlib import Path

import pytest

from tests.packaging.linked_libraries import (
    binaries,
    bundle_folders,
    missing_libraries,
    pe_imports,
)

MACHO = b"\xcf\xfa\xed\xfe"  # a 64-bit Mach-O file, as little-endian bytes begin


def test_linux_asks_ldd_with_the_bundles_folders() -> None:
    pyside = Path(pytest.importorskip("PySide6").__file__).parent
    modules = sorted(pyside.glob("QtCore*.so"))
    assert modules, "PySide6 has no QtCore module here"
    folders = [pyside, pyside / "Qt" / "lib"]
    assert missing_libraries(modules, folders, executable=modules[0], system="linux") == set()
    assert len(binaries(pyside, system="linux")) > 10

    seen: list[list[str]] = []

    def ldd(argv: list[str]) -> str:
        seen.append(argv)
        return "\tlibQt6Gone.so.6 => not found\n\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6\n"

    missing = missing_libraries(modules[:1], folders, executable=modules[0], system="linux",
                                run=ldd)  # fmt: skip
    assert missing == {"libQt6Gone.so.6"} and seen == [["ldd", str(modules[0])]]


def _otool(answers: dict[tuple[str, Path], str]) -> object:
    def run(argv: list[str]) -> str:
        assert argv[0] == "otool"
        return answers.get((argv[1], Path(argv[2])), f"{argv[2]}:\n")

    return run


def _rpath(path: str) -> str:
    return (
        "Load command 12\n          cmd LC_RPATH\n      cmdsize 32\n"
        f"         path {path} (offset 12)\n"
    )


def test_macos_resolves_rpath_loader_and_executable_paths_as_dyld_does(tmp_path: Path) -> None:
    bundle = tmp_path / "evidence-vault"
    internal = bundle / "_internal"
    exe = bundle / "evidence-vault-console"
    module = internal / "PySide6" / "QtCore.abi3.so"
    framework = internal / "PySide6" / "Qt" / "lib" / "QtCore.framework" / "Versions" / "A"
    pyside = internal / "libpyside6.abi3.6.11.dylib"
    python = internal / "libpython3.12.dylib"
    info = framework / "Resources" / "Info"  # not a library
    for path in (exe, module, framework / "QtCore", pyside, python, info):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"text" if path.name == "Info" else MACHO + b"\0" * 60)
    version = "(compatibility version 6.0.0, current version 6.11.0)"
    run = _otool({
        ("-l", exe): _rpath("@executable_path/_internal"),
        ("-L", exe): f"{exe}:\n\t@executable_path/_internal/libpython3.12.dylib {version}\n"
                     f"\t/usr/lib/libSystem.B.dylib {version}\n",
        ("-l", module): _rpath("@loader_path/Qt/lib"),
        ("-L", module): f"{module}:\n\t@rpath/libpyside6.abi3.6.11.dylib {version}\n"
                        f"\t@rpath/QtCore.framework/Versions/A/QtCore {version}\n"
                        f"\t@loader_path/libgone.dylib {version}\n"
                        f"\t/System/Library/Frameworks/Foundation.framework/Foundation {version}\n",
        ("-D", framework / "QtCore"): f"{framework / 'QtCore'}:\n"
                                      "@rpath/QtCore.framework/Versions/A/QtCore\n",
        ("-L", framework / "QtCore"): f"{framework / 'QtCore'} (architecture arm64):\n"
                                      f"\t@rpath/QtCore.framework/Versions/A/QtCore {version}\n"
                                      f"\t@rpath/QtDBus.framework/Versions/A/QtDBus {version}\n"
                                      f"\t/usr/lib/libc++.1.dylib {version}\n",
    })  # fmt: skip
    found = binaries(internal, system="darwin")
    assert found == sorted([module, framework / "QtCore", pyside, python])
    missing = missing_libraries([*found, exe], bundle_folders(internal, system="darwin"),
                                executable=exe, system="darwin", run=run)  # fmt: skip
    # Its own name is not a dependency; the system's libraries live in the shared cache.
    assert missing == {"@loader_path/libgone.dylib", "@rpath/QtDBus.framework/Versions/A/QtDBus"}


def make_pe(names: Sequence[str], *, plus: bool = True) -> bytes:
    """A minimal PE file whose import table names ``names``: a DOS header, the PE header,
    one section holding the import descriptors and the names."""
    section_rva, section_at = 0x2000, 0x400
    descriptors = 20 * (len(names) + 1)
    strings = b""
    table = b""
    for name in names:
        table += struct.pack("<5I", 0, 0, 0, section_rva + descriptors + len(strings), 0)
        strings += name.encode("ascii") + b"\0"
    table += b"\0" * 20
    body = table + strings
    directories = 112 if plus else 96
    optional = struct.pack("<H", 0x20B if plus else 0x10B).ljust(directories, b"\0")
    optional += struct.pack("<II", 0, 0) + struct.pack("<II", section_rva, descriptors)
    optional += b"\0" * (8 * 14)
    coff = struct.pack("<HHIIIHH", 0x8664 if plus else 0x14C, 1, 0, 0, 0, len(optional), 0x22)
    section = b".idata\0\0" + struct.pack("<IIII", len(body), section_rva, len(body), section_at)
    header = b"MZ".ljust(0x3C, b"\0") + struct.pack("<I", 0x40)
    head = header + b"PE\0\0" + coff + optional + section.ljust(40, b"\0")
    return head.ljust(section_at, b"\0") + body


def test_pe_import_tables_are_read() -> None:
    names = ["python3.dll", "Qt6Core.dll", "KERNEL32.dll"]
    assert pe_imports(make_pe(names)) == names
    assert pe_imports(make_pe(names, plus=False)) == names
    with pytest.raises(ValueError):
        pe_imports(b"\x7fELF" + b"\0" * 100)
    # Windows programs as built by a Windows toolchain: pip's launchers, 32 and 64 bits.
    pip = Path(pytest.importorskip("pip").__file__).parent / "_vendor" / "distlib"
    for launcher in sorted(pip.glob("[tw]*.exe")):
        assert "KERNEL32.dll" in pe_imports(launcher.read_bytes()), launcher.name


def test_windows_finds_dlls_beside_in_the_bundle_or_in_system32(tmp_path: Path) -> None:
    internal = tmp_path / "evidence-vault" / "_internal"
    system32 = tmp_path / "Windows" / "System32"
    for folder in (internal / "PySide6", system32):
        folder.mkdir(parents=True)
    module = internal / "PySide6" / "QtCore.pyd"
    module.write_bytes(make_pe(["python3.dll", "Qt6Core.dll", "KERNEL32.dll", "MSVCP140.dll",
                                "api-ms-win-crt-runtime-l1-1-0.dll", "gone.dll"]))  # fmt: skip
    (internal / "python3.dll").write_bytes(make_pe(["KERNEL32.dll"]))
    (internal / "PySide6" / "qt6core.dll").write_bytes(make_pe([]))  # names ignore case
    (internal / "MSVCP140.dll").write_bytes(make_pe(["VCRUNTIME140.dll"]))
    (system32 / "kernel32.dll").write_bytes(b"")
    exe = internal.parent / "evidence-vault-console.exe"
    exe.write_bytes(make_pe(["python312.dll"], plus=True))
    found = binaries(internal, system="win32")
    assert found == sorted([internal / "MSVCP140.dll", module, internal / "PySide6" / "qt6core.dll",
                            internal / "python3.dll"])  # fmt: skip
    missing = missing_libraries(
        [*found, exe], bundle_folders(internal, system="win32"), executable=exe,
        system="win32", environ={"SystemRoot": str(tmp_path / "Windows")},
    )  # fmt: skip
    assert missing == {"gone.dll", "VCRUNTIME140.dll", "python312.dll"}


def test_ldd_is_run_for_real_with_the_folders_in_its_library_path(tmp_path: Path) -> None:
    """The Linux runner passes the bundle's folders to ldd through LD_LIBRARY_PATH."""
    script = tmp_path / "ldd"
    script.write_text('#!/bin/sh\necho "\\tlib$LD_LIBRARY_PATH.so => not found"\n')
    script.chmod(0o755)
    environ = {"PATH": f"{tmp_path}:/usr/bin:/bin"}
    missing = missing_libraries([tmp_path], [Path("/a"), Path("/b")], executable=tmp_path,
                                system="linux", environ=environ)  # fmt: skip
    assert missing == {"lib/a:/b.so"}
