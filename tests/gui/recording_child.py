"""Child process for the crash-safe recording test: records into the vault until killed.

Reads the vault folder, passphrase and testimony id from stdin (never argv), starts a
recording, and feeds numbered chunks through a SegmentWriter that stores a segment per
chunk; after each segment is registered it prints ``stored N``. The parent kills it with
SIGKILL in the middle.
"""

from __future__ import annotations

import sys
from pathlib import Path

from app.core import recording
from app.storage.vault import Vault

CHUNK = 4096


def chunk(index: int) -> bytes:
    return bytes([(index * 7 + offset) % 251 for offset in range(CHUNK)])


def main() -> None:
    folder, passphrase, testimony_id = sys.stdin.read().split("\n")[:3]
    vault = Vault.unlock(Path(folder), passphrase)
    conn = vault.connection
    recording_id = recording.begin(conn, testimony_id, media_type="audio/aac")

    def on_segment(segment: recording.SegmentStored) -> None:
        recording.add_segment(conn, vault.blobs, segment)
        print(f"stored {segment.position + 1}", flush=True)

    writer = recording.SegmentWriter(vault.blobs, recording_id, on_segment, flush_seconds=0.0)
    index = 0
    while True:  # until SIGKILL
        writer.write(chunk(index))
        index += 1


if __name__ == "__main__":
    main()
