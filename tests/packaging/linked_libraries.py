"""Which libraries a bundled binary needs that the system's loader would not find, asked
the way each system loads them (used by test_bundle.py; every branch runs on Linux in
test_linked_libraries.py, macOS and Windows imitated).

- Linux: ``ldd`` with ``LD_LIBRARY_PATH`` set to the bundle's folders; its "not found"
  lines.
- macOS: ``otool -L`` lists the install names a binary loads, ``otool -l`` its
  ``LC_RPATH`` entries and ``otool -D`` a library's own name; ``@rpath``,
  ``@loader_path`` and ``@executable_path`` are resolved as dyld resolves them. What is
  under /usr/lib and /System/Library is the system's (since macOS 11 it lives in the
  dyld shared cache, not as files).
- Windows: the PE import table, read here (Windows ships no tool that prints it); a DLL
  is found next to the binary, in one of the bundle's folders or in System32, and the
  ``api-ms-win-*`` and ``ext-ms-*`` API sets are the loader's own.
"""

from __future__ import annotations

import os
import struct
import subprocess
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

# Runs a command, returns what it printed.
Run = Callable[[list[str]], str]
_MACHO_MAGICS = {
    b"\xfe\xed\xfa\xce", b"\xce\xfa\xed\xfe", b"\xfe\xed\xfa\xcf", b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe", b"\xbe\xba\xfe\xca",  # universal (fat) binaries
}  # fmt: skip
_MACOS_SYSTEM = ("/usr/lib/", "/System/Library/")
_API_SETS = ("api-ms-win-", "ext-ms-")


def _system(system: str | None) -> str:
    return sys.platform if system is None else system


def _starts_with(path: Path, magics: set[bytes]) -> bool:
    with path.open("rb") as handle:
        return handle.read(4) in magics


def binaries(internal: Path, *, system: str | None = None) -> list[Path]:
    """The shared libraries and extension modules in the bundle's ``_internal`` folder."""
    current = _system(system)
    found = []
    for path in sorted(internal.rglob("*")):
        if not path.is_file() or path.is_symlink():
            continue
        if current == "win32":
            wanted = path.suffix.lower() in (".dll", ".pyd")
        elif current == "darwin":
            # Qt's frameworks hold their library under a name without a suffix.
            wanted = path.suffix in (".so", ".dylib") or (
                ".framework" in str(path) and not path.suffix and _starts_with(path, _MACHO_MAGICS)
            )
        else:
            wanted = ".so" in path.name
        if wanted:
            found.append(path)
    return found


def bundle_folders(internal: Path, *, system: str | None = None) -> list[Path]:
    """Where the bundle keeps libraries the loader is pointed at (Linux, Windows)."""
    current = _system(system)
    if current == "win32":
        return [internal, internal / "PySide6"]
    if current == "darwin":
        return [internal]  # found through each binary's rpaths instead
    return [internal, internal / "PySide6" / "Qt" / "lib"]


def missing_libraries(
    paths: Iterable[Path],
    folders: Sequence[Path],
    *,
    executable: Path,
    system: str | None = None,
    run: Run | None = None,
    environ: Mapping[str, str] | None = None,
    system_folders: Sequence[Path] | None = None,
) -> set[str]:
    """The names of libraries that ``paths`` load and the loader would not find."""
    current = _system(system)
    environ = dict(os.environ if environ is None else environ)
    if current == "win32":
        return _windows_missing(paths, folders, environ, system_folders)
    if current == "darwin":
        return _macos_missing(paths, executable, run or _runner(environ))
    environ["LD_LIBRARY_PATH"] = os.pathsep.join(str(folder) for folder in folders)
    ldd = run or _runner(environ)
    missing: set[str] = set()
    for path in paths:
        listed = ldd(["ldd", str(path)])
        missing |= {line.split()[0] for line in listed.splitlines() if "not found" in line}
    return missing


def _runner(environ: Mapping[str, str]) -> Run:
    def run(argv: list[str]) -> str:
        done = subprocess.run(argv, capture_output=True, text=True, env=dict(environ), check=False)
        return done.stdout

    return run


# -- macOS -------------------------------------------------------------------------------


def _otool_names(listing: str) -> list[str]:
    """The install names ``otool -L`` lists (every architecture of a universal binary)."""
    return [
        line.strip().rsplit(" (compatibility version", 1)[0]
        for line in listing.splitlines()
        if line.startswith(("\t", " ")) and "(compatibility version" in line
    ]


def _otool_rpaths(commands: str) -> list[str]:
    """The ``LC_RPATH`` entries ``otool -l`` prints."""
    rpaths = []
    lines = commands.splitlines()
    for number, line in enumerate(lines):
        if line.strip() == "cmd LC_RPATH":
            for following in lines[number + 1 : number + 4]:
                words = following.strip()
                if words.startswith("path "):
                    rpaths.append(words[len("path ") :].rsplit(" (offset", 1)[0])
                    break
    return rpaths


def _macos_missing(paths: Iterable[Path], executable: Path, run: Run) -> set[str]:
    def expand(name: str, loader: Path) -> str:
        return name.replace("@loader_path", str(loader.parent)).replace(
            "@executable_path", str(executable.parent)
        )

    commands = run(["otool", "-l", str(executable)])
    root_rpaths = [expand(r, executable) for r in _otool_rpaths(commands)]
    missing: set[str] = set()
    for path in paths:
        own = run(["otool", "-D", str(path)]).splitlines()[1:]  # a library's own name
        rpaths = [expand(r, path) for r in _otool_rpaths(run(["otool", "-l", str(path)]))]
        for name in _otool_names(run(["otool", "-L", str(path)])):
            if name in own or name.startswith(_MACOS_SYSTEM):
                continue
            if name.startswith("@rpath/"):
                rest = name[len("@rpath/") :]
                candidates = [Path(r) / rest for r in [*rpaths, *root_rpaths]]
            else:
                candidates = [Path(expand(name, path))]
            if not any(candidate.exists() for candidate in candidates):
                missing.add(name)
    return missing


# -- Windows -----------------------------------------------------------------------------


def pe_imports(data: bytes) -> list[str]:
    """The DLL names in a PE file's import table (PE32 and PE32+)."""
    if data[:2] != b"MZ":
        raise ValueError("not a PE file (no MZ header)")
    (header,) = struct.unpack_from("<I", data, 0x3C)
    if data[header : header + 4] != b"PE\0\0":
        raise ValueError("not a PE file (no PE signature)")
    sections, optional_size = struct.unpack_from("<2xH12xH", data, header + 4)
    optional = header + 24
    (magic,) = struct.unpack_from("<H", data, optional)
    directories = optional + {0x10B: 96, 0x20B: 112}[magic]
    import_rva, _size = struct.unpack_from("<II", data, directories + 8)  # the 2nd entry
    table = optional + optional_size
    spans = [struct.unpack_from("<IIII", data, table + 40 * i + 8) for i in range(sections)]

    def offset(rva: int) -> int:
        for virtual_size, address, raw_size, raw in spans:
            if address <= rva < address + max(virtual_size, raw_size):
                return raw + rva - address
        raise ValueError(f"address {rva:#x} is in no section")

    names: list[str] = []
    if import_rva == 0:
        return names
    at = offset(import_rva)
    while any(descriptor := struct.unpack_from("<5I", data, at)):
        start = offset(descriptor[3])  # Name
        names.append(data[start : data.index(b"\0", start)].decode("ascii"))
        at += 20
    return names


def _windows_missing(
    paths: Iterable[Path],
    folders: Sequence[Path],
    environ: Mapping[str, str],
    system_folders: Sequence[Path] | None,
) -> set[str]:
    if system_folders is None:
        system_folders = [Path(environ.get("SystemRoot", r"C:\Windows")) / "System32"]
    listed: dict[Path, set[str]] = {}

    def names_in(folder: Path) -> set[str]:
        if folder not in listed:
            listed[folder] = (
                {p.name.lower() for p in folder.iterdir()} if folder.is_dir() else set()
            )
        return listed[folder]

    missing: set[str] = set()
    for path in paths:
        for name in pe_imports(path.read_bytes()):
            lower = name.lower()
            if lower.startswith(_API_SETS):
                continue
            if not any(lower in names_in(f) for f in [path.parent, *folders, *system_folders]):
                missing.add(name)
    return missing
