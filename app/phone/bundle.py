"""Reading a phone bundle (a zip, a folder or one file) as hostile input.

Every name is checked before any byte is read: no absolute paths, no ``..``, no
backslashes or drive letters, no control characters, no duplicates (also after case
folding and Unicode normalisation), no links, no nested archives, no encrypted members;
the member count, each member's size, the total and the compression ratio are capped.
A refusal raises :class:`BundleRefused` with a plain reason, before anything is written
anywhere. Members are read as streams, so memory stays flat whatever their size.
"""

from __future__ import annotations

import hashlib
import os
import stat
import unicodedata
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, BinaryIO

from app.errors import FormatError
from app.platform.files import binary_flags

MAX_MEMBERS = 2000
MAX_MEMBER_SIZE = 16 << 30  # one video
MAX_TOTAL_SIZE = 32 << 30
MAX_SIDECAR_SIZE = 4 << 20  # proofs, keys, CSV, JSON: read into memory
MAX_RATIO = 200  # uncompressed / compressed, for members above RATIO_FLOOR
RATIO_FLOOR = 1 << 20
MAX_DEPTH = 8
READ_SIZE = 1 << 20

_ARCHIVE_SUFFIXES = (".zip", ".jar", ".apk", ".tar", ".tgz", ".gz", ".bz2", ".xz", ".7z", ".rar")
_ARCHIVE_MAGICS = (b"PK\x03\x04", b"\x1f\x8b", b"7z\xbc\xaf\x27\x1c", b"Rar!", b"BZh", b"\xfd7zXZ")


class BundleRefused(FormatError):  # noqa: N818 - says what happened to the bundle
    """The bundle breaks a rule of safe reading; nothing was imported."""


@dataclass(frozen=True)
class Member:
    name: str  # POSIX relative path inside the bundle, checked
    size: int


def check_member_name(raw: str) -> str:
    """``raw`` as a safe relative POSIX path, or BundleRefused."""
    if not raw or len(raw) > 1024:
        raise BundleRefused("The bundle holds a file with an empty or overlong name.")
    if "\\" in raw:
        raise BundleRefused("The bundle holds a file name with a backslash.")
    if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in raw):
        raise BundleRefused("The bundle holds a file name with control characters.")
    if raw.startswith("/") or (len(raw) > 1 and raw[1] == ":"):
        raise BundleRefused("The bundle holds a file with an absolute path.")
    parts = raw.rstrip("/").split("/")
    if any(part in ("", ".", "..") for part in parts):
        raise BundleRefused("The bundle holds a file whose path leaves the bundle (..).")
    if len(parts) > MAX_DEPTH:
        raise BundleRefused("The bundle's folders are nested too deeply.")
    return "/".join(parts)


def _fold(name: str) -> str:
    return unicodedata.normalize("NFKC", name).casefold()


def _check_set(members: list[Member]) -> list[Member]:
    if len(members) > MAX_MEMBERS:
        raise BundleRefused(f"The bundle holds more than {MAX_MEMBERS} files.")
    seen: set[str] = set()
    total = 0
    for member in members:
        folded = _fold(member.name)
        if folded in seen:
            raise BundleRefused("The bundle holds two files of the same name.")
        seen.add(folded)
        if member.name.lower().endswith(_ARCHIVE_SUFFIXES):
            raise BundleRefused("The bundle holds another archive inside it; unpack it first.")
        if member.size > MAX_MEMBER_SIZE:
            raise BundleRefused("A file in the bundle is larger than the limit.")
        total += member.size
    if total > MAX_TOTAL_SIZE:
        raise BundleRefused("The bundle is larger than the limit.")
    return sorted(members, key=lambda m: m.name)


class _Capped:
    """A stream that refuses to yield more than ``limit`` bytes, and nested archives."""

    def __init__(self, raw: BinaryIO, limit: int) -> None:
        self._raw = raw
        self._limit = limit
        self._done = 0

    def read(self, size: int = -1) -> bytes:
        want = READ_SIZE if size is None or size < 0 else size
        try:
            chunk = self._raw.read(min(want, self._limit - self._done + 1))
        except (zipfile.BadZipFile, EOFError, OSError) as error:
            raise BundleRefused(f"A file in the bundle is damaged ({error}).") from None
        if self._done == 0 and chunk.startswith(_ARCHIVE_MAGICS[:1]):
            raise BundleRefused("The bundle holds another archive inside it; unpack it first.")
        self._done += len(chunk)
        if self._done > self._limit:
            raise BundleRefused("A file in the bundle is larger than it said.")
        return chunk

    def readinto(self, buffer: bytearray | memoryview) -> int:
        view = memoryview(buffer)
        chunk = self.read(len(view))
        view[: len(chunk)] = chunk
        return len(chunk)

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        self._raw.close()

    def __enter__(self) -> _Capped:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Bundle:
    """A checked bundle; ``members`` sorted by name. Use as a context manager."""

    kind: str  # "zip", "folder" or "file"
    path: Path
    members: list[Member]
    size: int  # bytes of the zip or file; for a folder the sum of its files

    def open(self, name: str) -> BinaryIO:  # pragma: no cover - overridden
        raise NotImplementedError

    def read_small(self, name: str, limit: int | None = None) -> bytes:
        limit = MAX_SIDECAR_SIZE if limit is None else limit
        member = self.member(name)
        if member.size > limit:
            raise BundleRefused(f"The proof file {name} is larger than {limit} bytes.")
        with self.open(name) as stream:
            data = stream.read(limit + 1)
        if len(data) > limit:
            raise BundleRefused(f"The proof file {name} is larger than {limit} bytes.")
        return data

    def member(self, name: str) -> Member:
        for member in self.members:
            if member.name == name:
                return member
        raise KeyError(name)

    def close(self) -> None:
        pass

    def __enter__(self) -> Bundle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class ZipBundle(Bundle):
    def __init__(self, path: Path) -> None:
        self.kind = "zip"
        self.path = path
        self.size = path.stat().st_size
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError) as error:
            raise BundleRefused(f"The bundle is not a readable zip file ({error}).") from None
        try:
            infos = self._zip.infolist()
            if len(infos) > MAX_MEMBERS:
                raise BundleRefused(f"The bundle holds more than {MAX_MEMBERS} files.")
            members: list[Member] = []
            self._infos: dict[str, zipfile.ZipInfo] = {}
            raw_names: set[str] = set()
            for info in infos:
                if info.filename in raw_names:
                    raise BundleRefused("The bundle holds two files of the same name.")
                raw_names.add(info.filename)
                name = check_member_name(info.filename)
                mode = info.external_attr >> 16
                if stat.S_ISLNK(mode):
                    raise BundleRefused("The bundle holds a symbolic link.")
                if info.is_dir():
                    continue
                if info.flag_bits & 0x1:
                    raise BundleRefused("The bundle holds an encrypted file.")
                if (
                    info.file_size > RATIO_FLOOR
                    and info.file_size > MAX_RATIO * max(info.compress_size, 1)
                ):
                    raise BundleRefused("A file in the bundle is compressed suspiciously well.")
                members.append(Member(name, info.file_size))
                self._infos[name] = info
            self.members = _check_set(members)
        except BaseException:
            self._zip.close()
            raise

    def open(self, name: str) -> BinaryIO:
        info = self._infos[name]
        try:
            raw = self._zip.open(info)
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError) as error:
            raise BundleRefused(f"A file in the bundle cannot be read ({error}).") from None
        return _Capped(raw, info.file_size)  # type: ignore[arg-type, return-value]

    def open_seekable(self, name: str) -> IO[bytes]:
        """The member as a seekable stream, decompressed as it is read (a seek back starts
        the member again): for readers that seek, with no copy of it anywhere, on disk or
        in memory. Stops at the member's declared size and checks its CRC at the end."""
        try:
            return self._zip.open(self._infos[name])
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError) as error:
            raise BundleRefused(f"A file in the bundle cannot be read ({error}).") from None

    def close(self) -> None:
        self._zip.close()


class FolderBundle(Bundle):
    def __init__(self, path: Path) -> None:
        self.kind = "folder"
        self.path = path
        members: list[Member] = []
        count = 0
        for root, dirs, files in os.walk(path, followlinks=False):
            for entry in (*dirs, *files):
                count += 1
                if count > MAX_MEMBERS:
                    raise BundleRefused(f"The bundle holds more than {MAX_MEMBERS} files.")
                full = Path(root) / entry
                info = full.lstat()
                if stat.S_ISLNK(info.st_mode):
                    raise BundleRefused("The bundle holds a symbolic link.")
                if stat.S_ISDIR(info.st_mode):
                    continue
                if not stat.S_ISREG(info.st_mode):
                    raise BundleRefused("The bundle holds something that is not a file.")
                relative = full.relative_to(path).as_posix()
                members.append(Member(check_member_name(relative), info.st_size))
        self.members = _check_set(members)
        self.size = sum(m.size for m in self.members)

    def open(self, name: str) -> BinaryIO:
        member = self.member(name)
        full = self.path.joinpath(*PurePosixPath(name).parts)
        flags = os.O_RDONLY | binary_flags() | getattr(os, "O_NOFOLLOW", 0)
        handle = os.fdopen(os.open(full, flags), "rb", buffering=0)
        return _Capped(handle, member.size)  # type: ignore[return-value]


class FileBundle(Bundle):
    def __init__(self, path: Path) -> None:
        self.kind = "file"
        self.path = path
        info = path.lstat()
        if not stat.S_ISREG(info.st_mode):
            raise BundleRefused("Only a regular file, a zip or a folder can be verified.")
        name = check_member_name(path.name)
        self.members = _check_set([Member(name, info.st_size)])
        self.size = info.st_size

    def open(self, name: str) -> BinaryIO:
        self.member(name)
        flags = os.O_RDONLY | binary_flags() | getattr(os, "O_NOFOLLOW", 0)
        return os.fdopen(os.open(self.path, flags), "rb", buffering=0)


def _is_zip(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(4) in (b"PK\x03\x04", b"PK\x05\x06")


def open_bundle(path: Path) -> Bundle:
    """The bundle at ``path``, checked; raises BundleRefused or FormatError."""
    path = Path(path)
    try:
        info = path.lstat()
    except FileNotFoundError:
        raise FormatError("There is no file or folder at that path.") from None
    if stat.S_ISLNK(info.st_mode):
        raise BundleRefused("The bundle path is a symbolic link; give the file it points to.")
    if stat.S_ISDIR(info.st_mode):
        return FolderBundle(path)
    if stat.S_ISREG(info.st_mode) and _is_zip(path):
        return ZipBundle(path)
    return FileBundle(path)


def file_sha256(path: Path) -> str:
    """SHA-256 of a whole file, streamed."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(READ_SIZE):
            digest.update(chunk)
    return digest.hexdigest()


@contextmanager
def opened(path: Path) -> Iterator[Bundle]:
    bundle = open_bundle(path)
    try:
        yield bundle
    finally:
        bundle.close()
