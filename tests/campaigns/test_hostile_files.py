"""Hostile-file campaign: damaged and malicious media, and hostile file names.

Generated in the test (hostile_files.py): truncated and corrupt JPEG/PNG/HEIC/MP4
headers, EXIF offsets that point past 4 GiB or loop, a PNG declaring 2^31 x 2^31 pixels,
a zip bomb, a JPEG+ZIP polyglot, a 0-byte file, a file that grows while it is imported,
and names with terminal escapes and bidirectional overrides. For each:

- it is stored byte for byte: the bytes read back from the vault hash to the recorded
  SHA-256 and equal the source;
- parsing stays bounded: every import is timed (a 30 s bound only guards against a hang,
  it is not a performance assertion);
- ``attach`` and ``testimony show`` print no raw control or bidi character;
- nothing is written outside the vault: the session's HOME, TMPDIR and XDG folders and
  the source folder are the same before and after.

Policy for a file that grows while it is read: the import reads until end of file once
and stores exactly what it read; the recorded SHA-256 is of those stored bytes, which
are a prefix of what the file later became. (A later import would be a new attachment.)
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from campaign_cli import AREAS, CampaignCli, snapshot
from hostile_files import BUILDERS, HOSTILE_NAMES, jpeg_plain

from app.core.ingest import Attachment, import_attachment, list_attachments
from app.storage.vault import Vault


def attach(vault: Vault, testimony_id: str, source: Path, **options: Any) -> Attachment:
    """Import through core with the vault's parts, as the session's use case does."""
    return import_attachment(
        vault.connection, vault.blobs, vault.device, testimony_id, source, **options
    )


PASSPHRASE = "hostile files campaign passphrase"
HANG_GUARD = 30.0  # seconds; far above any normal import of these small files
TESTIMONY: dict[str, Any] = {
    "person": {"code": "H-1", "role": "witness"},
    "interview": {"place": "Vilnius", "interviewer": "D-1", "language": "en"},
    "consent": dict.fromkeys(["interview", "audio_recording", "share_with_platform"], True)
    | dict.fromkeys(["share_onward", "be_named", "recontact"], False)
    | {"given_at": "2024-03-01T10:00:00Z", "method": "written"},
    "incidents": [],
    "narrative": "hostile files",
}


def raw_controls(text: str) -> list[str]:
    """Control, format and bidi characters other than line breaks: what must never
    reach a terminal from an untrusted name."""
    return [
        f"U+{ord(c):04X}"
        for c in text
        if c != "\n" and unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co")
    ]


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[CampaignCli, str]]:
    cli = CampaignCli.prepare(tmp_path_factory.mktemp("hostile"), PASSPHRASE)
    cli.json("init", "--kdf-floor")
    case = cli.json("case", "add", "--title", "hostile")
    record = cli.root / "testimony.json"
    record.write_text(json.dumps(TESTIMONY), encoding="utf-8")
    testimony = cli.json("testimony", "add", "--case", case["id"], "--from-json", str(record))
    record.unlink()
    yield cli, testimony["id"]


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    files = {name: build() for name, build in BUILDERS.items()}
    for index, name in enumerate(HOSTILE_NAMES):
        files[name] = jpeg_plain() + bytes([index])
    return files


def _stored_bytes(vault: Vault, blob_id: str) -> bytes:
    with vault.blobs.open(blob_id) as reader:
        return reader.readall()


def test_hostile_files_through_the_cli(
    session: tuple[CampaignCli, str], sources: dict[str, bytes], tmp_path: Path
) -> None:
    cli, testimony_id = session
    folder = tmp_path / "from the stick"
    folder.mkdir()
    for name, data in sources.items():
        (folder / name).write_bytes(data)
    before = {area: snapshot(cli.root / area) for area in AREAS}
    sources_before = snapshot(folder)

    begin = time.perf_counter()
    attached = cli.run("attach", testimony_id, *(str(folder / name) for name in sources))
    elapsed = time.perf_counter() - begin
    assert elapsed < HANG_GUARD * len(sources)
    shown = cli.run("testimony", "show", testimony_id)
    shown_json = cli.run("--json", "testimony", "show", testimony_id)
    for label, output in (("attach", attached), ("show", shown), ("show --json", shown_json)):
        assert raw_controls(output.stdout) == [], f"{label} printed raw control characters"
        assert raw_controls(output.stderr) == [], f"{label} printed raw control characters"
    # The names are there, escaped: the override is visible as text, not obeyed.
    assert "\\u202e" in attached.stdout and "\\u202e" in shown.stdout

    assert {area: snapshot(cli.root / area) for area in AREAS} == before
    assert snapshot(folder) == sources_before

    with Vault.unlock(cli.vault, PASSPHRASE) as vault:
        stored = {a.original_name: a for a in list_attachments(vault.connection, testimony_id)}
        for name, data in sources.items():
            attachment = stored[name]  # the exact name as given, control characters and all
            back = _stored_bytes(vault, attachment.blob_id)
            assert back == data, name
            assert hashlib.sha256(back).hexdigest() == attachment.sha256, name
            assert attachment.size == len(data), name
    print(f"\n{len(sources)} hostile files attached by one CLI run in {elapsed:.1f} s")


def test_each_hostile_file_imports_in_bounded_time(
    session: tuple[CampaignCli, str], sources: dict[str, bytes], tmp_path: Path
) -> None:
    cli, testimony_id = session
    timings = []
    with Vault.unlock(cli.vault, PASSPHRASE) as vault:
        for index, (name, data) in enumerate(sources.items()):
            path = tmp_path / f"{index:02d}"
            path.mkdir()
            (path / name).write_bytes(data)
            begin = time.perf_counter()
            attachment = attach(vault, testimony_id, path / name)
            seconds = time.perf_counter() - begin
            assert seconds < HANG_GUARD, f"{name!r} took {seconds:.1f} s"
            assert _stored_bytes(vault, attachment.blob_id) == data
            timings.append((seconds, name, attachment.media_type, attachment.metadata_note))
    print()
    for seconds, name, media_type, note in sorted(timings, reverse=True):
        print(f"{seconds * 1000:8.0f} ms  {name!a:40} {media_type:24} {note or ''}")


def test_a_file_growing_while_it_is_imported(
    session: tuple[CampaignCli, str], tmp_path: Path
) -> None:
    cli, testimony_id = session
    path = tmp_path / "recording-in-progress.mp4"
    start = bytes(range(256)) * (32 * 1024)  # 8 MiB
    path.write_bytes(start)
    stop = threading.Event()
    appended = [0]

    def keep_writing() -> None:
        block = 0
        with path.open("ab", buffering=0) as handle:
            while not stop.is_set():
                handle.write(block.to_bytes(4, "big") * 16384)  # 64 KiB
                appended[0] += 65536
                block += 1
                time.sleep(0.001)

    writer = threading.Thread(target=keep_writing)
    with Vault.unlock(cli.vault, PASSPHRASE) as vault:
        writer.start()
        try:
            attachment = attach(vault, testimony_id, path)
        finally:
            stop.set()
            writer.join()
        stored = _stored_bytes(vault, attachment.blob_id)
    final = path.read_bytes()
    # The hash is of exactly the bytes stored, and those are what the file held.
    assert hashlib.sha256(stored).hexdigest() == attachment.sha256
    assert attachment.size == len(stored)
    assert len(stored) >= len(start)
    assert final[: len(stored)] == stored
    print(f"\nstored {len(stored)} bytes; the file had {len(final)} when the writer stopped "
          f"({appended[0]} appended during the import)")  # fmt: skip
