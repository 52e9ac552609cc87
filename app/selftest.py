"""The self-test: the whole documenter's path run once, headless, on this installation.

It proves that an installed program (above all a frozen bundle, where a missing library
or data file shows only at run time) can do its work: create a vault, import a file
(with its EXIF read by the metadata child process), record one second of a generated tone
through the recorder's encoder and pipe (Qt Multimedia's FFmpeg backend, fed by
``QAudioBufferInput``: no microphone needed), seal, export a package, verify that
package with a recipient key made for the occasion, unlock the vault again, find the
keyring's backends, and build and show the main window. Each step is timed and
reported as it finishes.

Everything happens in a private folder the self-test creates itself (0700, a random
name, under the user's runtime folder or, failing that, cache folder), never in the
system temporary folder: the only plaintext written is the generated test image, the
rest is the encrypted vault and the encrypted package. The folder is removed at the
end whatever happened, and a failure to remove it is itself a failure. The vault's
passphrase is random and lives only in memory.

Runs on the main thread (the window step needs the GUI thread); the window is built
only when ``with_window`` is set, and the caller decides beforehand whether Qt must run
offscreen (:func:`needs_offscreen`), because that has to be set before Qt loads.

Qt's offscreen platform warns on stderr that it "does not support propagateSizeHints()"
whenever a window with size limits is shown: a known limit of that platform, not a fault
of the installation. While the window step runs, stderr (the file descriptor, where Qt
writes) goes through a filter that drops exactly the lines in ``KNOWN_QT_NOISE`` and
passes every other byte on at once, so a real warning still shows.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import struct
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.fsutil import atomic_write_bytes, ensure_private_dir

SELFTEST_ACTOR = "self-test"
CAMERA_MAKE = "EvidenceVaultSelfTest"
# Whole stderr lines Qt prints in the window step that say nothing about this
# installation (the offscreen platform cannot pass size hints to a window manager).
KNOWN_QT_NOISE = frozenset({b"This plugin does not support propagateSizeHints()"})
# The AAC encoder's closing summary, which FFmpeg prints itself (not through Qt's log).
ENCODER_NOISE = (re.compile(rb"\[aac @ 0x[0-9a-f]+\] Qavg: \S+"),)


@dataclass(frozen=True)
class StepResult:
    name: str
    ok: bool
    seconds: float
    detail: str = ""


@dataclass
class SelfTestReport:
    steps: list[StepResult] = field(default_factory=list)
    workspace: Path | None = None

    @property
    def ok(self) -> bool:
        return bool(self.steps) and all(step.ok for step in self.steps)

    @property
    def seconds(self) -> float:
        return sum(step.seconds for step in self.steps)


def needs_offscreen(environ: Mapping[str, str], platform: str) -> bool:
    """Whether Qt must be told to draw offscreen: a Unix session without any display."""
    if platform in ("win32", "darwin") or environ.get("QT_QPA_PLATFORM"):
        return False
    return not (environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"))


@contextmanager
def filtered_stderr(
    dropped: frozenset[bytes] = KNOWN_QT_NOISE, patterns: tuple[re.Pattern[bytes], ...] = ()
) -> Iterator[None]:
    """While inside, file descriptor 2 feeds a pipe whose reader passes every line on to
    the real stderr except those equal to one of ``dropped`` or matching one of
    ``patterns`` whole."""

    def kept(line: bytes) -> bool:
        line = line.rstrip(b"\r")
        return line not in dropped and not any(p.fullmatch(line) for p in patterns)

    with suppress(AttributeError, OSError, ValueError):
        sys.stderr.flush()
    try:
        saved = os.dup(2)
    except OSError:  # no stderr at all (a windowed bundle): nothing to filter
        yield
        return
    read_end, write_end = os.pipe()

    def forward() -> None:
        pending = b""
        with os.fdopen(read_end, "rb", buffering=0) as source:
            while chunk := source.read(65536):
                pending += chunk
                *lines, pending = pending.split(b"\n")
                _write_all(saved, b"".join(line + b"\n" for line in lines if kept(line)))
        if pending and kept(pending):
            _write_all(saved, pending)

    reader = threading.Thread(target=forward, name="stderr-filter", daemon=True)
    reader.start()
    os.dup2(write_end, 2)
    os.close(write_end)
    try:
        yield
    finally:
        with suppress(AttributeError, OSError, ValueError):
            sys.stderr.flush()
        os.dup2(saved, 2)  # the last writer of the pipe closes: the reader sees its end
        reader.join()
        os.close(saved)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        try:
            written = os.write(fd, view)
        except OSError:
            return  # stderr went away; nothing more can be shown
        view = view[written:]


def scratch_parent(
    environ: Mapping[str, str] | None = None, platform: str | None = None, home: Path | None = None
) -> Path:
    """Where the self-test's private folder goes: the per-user runtime folder (Linux:
    memory-backed, emptied at logout) if there is one, else the per-user cache folder."""
    environ = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    home = Path.home() if home is None else home
    runtime = environ.get("XDG_RUNTIME_DIR", "")
    unix = platform not in ("win32", "darwin")
    if unix and runtime and Path(runtime).is_absolute() and Path(runtime).is_dir():
        return Path(runtime) / "evidence-vault"
    if platform == "win32":
        local = environ.get("LOCALAPPDATA")
        base = Path(local) if local else home / "AppData" / "Local"
        return base / "Evidence Vault" / "Cache"
    if platform == "darwin":
        return home / "Library" / "Caches" / "Evidence Vault"
    cache = environ.get("XDG_CACHE_HOME", "")
    base = Path(cache) if cache and Path(cache).is_absolute() else home / ".cache"
    return base / "evidence-vault"


def make_workspace(parent: Path) -> Path:
    """A new folder with a random name that only this process created (0700)."""
    ensure_private_dir(parent)
    folder = parent / f"self-test-{secrets.token_hex(8)}"
    folder.mkdir(mode=0o700)  # no exist_ok: a folder already there is not ours
    folder.chmod(0o700)
    return folder


def generated_image() -> bytes:
    """A tiny JPEG whose EXIF names the camera maker ``CAMERA_MAKE``.

    JPEG start, an APP1 Exif segment (big-endian TIFF, IFD0 with one ASCII Make tag),
    then the end marker: enough for the media type sniffing and the EXIF reader, so
    the import exercises the metadata child process exactly as a photo would.
    """
    make = CAMERA_MAKE.encode("ascii") + b"\x00"
    ifd_offset = 8
    value_offset = ifd_offset + 2 + 12 + 4
    tiff = b"MM\x00\x2a" + struct.pack(">I", ifd_offset)
    tiff += struct.pack(">H", 1) + struct.pack(">HHII", 0x010F, 2, len(make), value_offset)
    tiff += struct.pack(">I", 0) + make
    app1 = b"Exif\x00\x00" + tiff
    return b"\xff\xd8" + b"\xff\xe1" + struct.pack(">H", len(app1) + 2) + app1 + b"\xff\xd9"


def _record() -> dict[str, Any]:
    return {
        "person": {"code": "SELFTEST-1", "role": "witness"},
        "interview": {"place": "self-test", "interviewer": "self-test", "language": "en"},
        "consent": {
            "interview": True,
            "audio_recording": True,  # the recording step needs it
            "share_with_platform": True,
            "share_onward": False,
            "be_named": False,
            "recontact": False,
            "given_at": "2024-01-01T00:00:00Z",
            "method": "self-test of the installation (no real person)",
        },
        "incidents": [],
        "narrative": "Self-test record: generated to check this installation.",
    }


TONE_SECONDS = 1.0
_ADTS_RATES = (96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000,
               11025, 8000, 7350)  # fmt: skip


def encoded_seconds(data: bytes, media_type: str) -> float | None:
    """The length in seconds of an encoded audio stream the recorder stores: ADTS AAC
    counted frame by frame (1024 samples per raw block), WAV from its PCM bytes; FLAC is
    only recognised (None: its length goes in a header a pipe cannot rewrite). Anything
    that is not such a stream raises ValueError."""
    if media_type == "audio/aac":
        samples, offset, rate = 0, 0, 0
        while offset < len(data):
            header = data[offset : offset + 7]
            if len(header) < 7 or header[0] != 0xFF or header[1] & 0xF6 != 0xF0:
                raise ValueError(f"no ADTS frame at byte {offset}")
            index = (header[2] >> 2) & 0x0F
            if index >= len(_ADTS_RATES) or rate not in (0, _ADTS_RATES[index]):
                raise ValueError(f"bad ADTS sampling rate at byte {offset}")
            rate = _ADTS_RATES[index]
            length = ((header[3] & 0x03) << 11) | (header[4] << 3) | (header[5] >> 5)
            if length < 7 or offset + length > len(data):
                raise ValueError(f"truncated ADTS frame at byte {offset}")
            samples += 1024 * ((header[6] & 0x03) + 1)
            offset += length
        if not rate:
            raise ValueError("no ADTS frames")
        return samples / rate
    if media_type == "audio/wav":
        if data[:4] != b"RIFF" or data[8:12] != b"WAVE" or len(data) < 44:
            raise ValueError("not a WAV stream")
        channels, rate = struct.unpack_from("<HI", data, 22)
        bits: int = struct.unpack_from("<H", data, 34)[0]
        return (len(data) - 44) / (int(rate) * int(channels) * max(1, bits // 8))
    if media_type == "audio/flac":
        if data[:4] != b"fLaC":
            raise ValueError("not a FLAC stream")
        return None
    raise ValueError(f"not a recorder format: {media_type}")


class _Run:
    """State carried from one step to the next."""

    def __init__(self, workspace: Path) -> None:
        self.workspace = workspace
        self.passphrase = secrets.token_urlsafe(24)
        self.session: Any = None
        self.identity: Any = None
        self.testimony_id = ""
        self.package: Path | None = None

    @property
    def vault_folder(self) -> Path:
        return self.workspace / "vault"

    def create_vault(self) -> str:
        from app.crypto.kdf import FLOOR
        from app.services.session import Session

        self.session, _recovery = Session.create(
            self.vault_folder, self.passphrase, params=FLOOR, actor=SELFTEST_ACTOR
        )
        return f"device {self.session.device_fingerprint}"

    def record_testimony(self) -> str:
        from app.core.settings import PLATFORM_RECIPIENT
        from app.crypto.age import X25519Identity
        from app.services import records, settings

        self.identity = X25519Identity.generate()
        settings.set_value(self.session, PLATFORM_RECIPIENT, str(self.identity.recipient))
        case = records.add_case(self.session, {"title": "Self-test"})
        testimony = records.add_testimony(self.session, case.id, _record())
        self.testimony_id = testimony.id
        return f"testimony {testimony.id}"

    def import_file(self) -> str:
        from app.services import attachments

        source = self.workspace / "self-test.jpg"
        atomic_write_bytes(source, generated_image())
        attachment = attachments.attach(self.session, self.testimony_id, source)
        source.unlink()
        metadata = attachment.metadata
        if metadata.get("camera_make") != CAMERA_MAKE:
            raise RuntimeError(f"EXIF not read: {attachment.metadata_note or 'no camera make'}")
        return f"{attachment.size} bytes, {attachment.media_type}, EXIF read"

    def record_audio(self) -> str:
        # The recorder's own path: Qt's encoder into a pipe, the pipe into encrypted
        # segments, the segments joined into an attachment; only the input is generated.
        from app.core.recording import SegmentStored, SegmentWriter
        from app.gui.audio_capture import quiet_media_log, record_generated_tone
        from app.services import attachments, recordings

        segments: list[SegmentStored] = []
        writers: list[tuple[str, SegmentWriter]] = []

        def open_sink(media_type: str) -> Callable[[bytes], None]:
            recording_id, blobs = recordings.begin(self.session, self.testimony_id, media_type)
            writer = SegmentWriter(blobs, recording_id, segments.append)
            writers.append((recording_id, writer))
            return writer.write

        # Qt Multimedia's and FFmpeg's informational lines are not the person's concern:
        # a self-test that passes says nothing on stderr.
        with filtered_stderr(KNOWN_QT_NOISE, ENCODER_NOISE), quiet_media_log():
            recorded = record_generated_tone(open_sink, TONE_SECONDS)
        if len(writers) != 1:
            raise RuntimeError(f"the encoder gave no stream ({recorded.media_type})")
        [(recording_id, writer)] = writers
        writer.flush()
        for segment in segments:
            recordings.add_segment(self.session, segment)
        finished = recordings.finish(self.session, recording_id)
        if finished is None:
            raise RuntimeError(f"the encoder wrote nothing ({recorded.media_type})")
        [stored] = [
            a for a in attachments.list_of(self.session, self.testimony_id)
            if a.id == finished.attachment_id
        ]
        data = attachments.read_small(self.session, stored.blob_id, 1024 * 1024)
        if data is None:
            raise RuntimeError(f"{stored.size} bytes stored for {TONE_SECONDS:g} s of audio")
        seconds = encoded_seconds(data, stored.media_type)
        if seconds is None:
            return f"a {stored.media_type} stream, {len(data)} bytes, in the vault"
        # AAC adds a frame of encoder delay and pads the last frame: a little over 1 s.
        if not TONE_SECONDS * 0.9 <= seconds <= TONE_SECONDS + 0.3:
            raise RuntimeError(
                f"{stored.media_type}: {seconds:.3f} s stored for {TONE_SECONDS:g} s sent"
            )
        return f"{seconds:.2f} s of {stored.media_type}, {len(data)} bytes, in the vault"

    def seal(self) -> str:
        from app.services import packages

        result = packages.seal(self.session, self.testimony_id)
        return f"version {result.version}, {result.attachments} attachment(s)"

    def export(self) -> str:
        from app.services import packages

        destination = self.workspace / "export"
        ensure_private_dir(destination)
        result = packages.export(self.session, self.testimony_id, destination)
        self.package = result.path
        return f"{result.size} bytes"

    def verify(self) -> str:
        from app.services import packages

        package = self.package
        if package is None:
            raise RuntimeError("no package was exported")
        trusted = [self.session.device.public_key]
        report = packages.verify_file(package, [self.identity], trusted)
        if not report.ok:
            raise RuntimeError(f"{report.failed_check}: {report.message}")
        return "every check passed, signer trusted"

    def phone_proofs(self) -> str:
        # The shipped samples, verified offline: the OpenPGP parser and the C2PA SDK with
        # its native library and the shipped trust list are all there and work.
        from app.core.phone_import import shipped_trust_list
        from app.core.resources import resource_path
        from app.phone.verify import verify_path

        anchors = shipped_trust_list()
        proofmode = verify_path(resource_path("selftest/proofmode-good.zip"), trust_anchors=anchors)
        if proofmode.verdict != "verified":
            raise RuntimeError(f"the ProofMode sample did not verify: {proofmode.reasons()}")
        c2pa = verify_path(resource_path("selftest/c2pa-C.jpg"), trust_anchors=anchors)
        summary = c2pa.items[0].c2pa if c2pa.items else None
        if not summary or summary.get("state") != "Valid":
            raise RuntimeError(f"the C2PA SDK did not validate its sample: {c2pa.reasons()}")
        sdk = proofmode.verifier.get("c2pa-rs", "?")
        return f"ProofMode sample verified; C2PA sample intact (SDK {sdk})"

    def unlock_again(self) -> str:
        from app.services.session import Session

        self.session.lock()
        self.session = Session.unlock(self.vault_folder, self.passphrase)
        self.session.lock()
        return "locked, unlocked with the passphrase, locked"

    def keyring_backends(self) -> str:
        # Only looks: keyring finds its backends through entry points in its package
        # metadata, which a frozen bundle has only if the build copied it. Nothing is
        # stored or read in the OS keyring.
        from importlib.metadata import entry_points

        import keyring

        names = sorted({point.name for point in entry_points(group="keyring.backends")})
        if not names:
            raise RuntimeError("keyring finds no backends (its package metadata is missing)")
        in_use = type(keyring.get_keyring()).__module__
        return f"{len(names)} known ({', '.join(names)}); in use: {in_use}"

    def open_window(self) -> str:
        # Only the GUI package touches Qt; its composition root builds the same window a
        # user gets (on the locked vault: the unlock page), shown and closed again.
        from app.gui.application import build_application

        with filtered_stderr():
            gui = build_application(
                ["evidence-vault"], folder=self.vault_folder, microphone=False
            )
            try:
                gui.window.show()
                gui.app.processEvents()
                if not gui.window.isVisible():
                    raise RuntimeError("the main window did not appear")
                title = gui.window.windowTitle()
                gui.window.close()
                gui.app.processEvents()
            finally:
                gui.client.shutdown()
        return f"shown and closed ({gui.app.platformName()}: {title})"

    def close(self) -> None:
        if self.session is not None:
            self.session.lock()
            self.session = None


def run_selftest(
    on_step: Callable[[StepResult], None] | None = None,
    *,
    with_window: bool = True,
    parent: Path | None = None,
) -> SelfTestReport:
    """Run every step in order, stopping at the first failure; always clean up."""
    report = SelfTestReport()

    def record(step: StepResult) -> None:
        report.steps.append(step)
        if on_step is not None:
            on_step(step)

    started = time.perf_counter()
    try:
        workspace = make_workspace(parent or scratch_parent())
    except Exception as error:  # reported as a failed step, never a traceback
        record(StepResult("private folder", False, time.perf_counter() - started, _why(error)))
        return report
    report.workspace = workspace
    record(StepResult("private folder", True, time.perf_counter() - started, str(workspace)))
    run = _Run(workspace)
    steps: list[tuple[str, Callable[[], str]]] = [
        ("create vault", run.create_vault),
        ("record testimony", run.record_testimony),
        ("import file", run.import_file),
        ("record audio", run.record_audio),
        ("seal", run.seal),
        ("export package", run.export),
        ("verify package", run.verify),
        ("phone proofs", run.phone_proofs),
        ("unlock again", run.unlock_again),
        ("keyring", run.keyring_backends),
    ]
    if with_window:
        steps.append(("main window", run.open_window))
    try:
        for name, step in steps:
            started = time.perf_counter()
            try:
                detail = step()
            except Exception as error:
                record(StepResult(name, False, time.perf_counter() - started, _why(error)))
                break
            record(StepResult(name, True, time.perf_counter() - started, detail))
    finally:
        started = time.perf_counter()
        try:
            run.close()
        finally:
            record(_remove(workspace, started))
    return report


def _remove(workspace: Path, started: float) -> StepResult:
    try:
        shutil.rmtree(workspace)
    except OSError as error:
        return StepResult("clean up", False, time.perf_counter() - started, _why(error))
    if workspace.exists():
        return StepResult("clean up", False, time.perf_counter() - started, "folder remains")
    return StepResult("clean up", True, time.perf_counter() - started, "removed")


def _why(error: BaseException) -> str:
    # The self-test handles only generated data, so the message can be shown as it is.
    text = str(error) or type(error).__name__
    return f"{type(error).__name__}: {text}"
