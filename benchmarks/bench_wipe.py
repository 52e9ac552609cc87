"""Wipe cost: the crypto-erase step against deleting the media, on a vault with 1 GiB.

Run as ``.venv/bin/python -m benchmarks.bench_wipe [--gib 1.0] [--repeat 3]``.

Builds a real vault holding ``--gib`` of media (64 MiB blobs, written through the blob
store), then wipes it: the erase step (keyslots overwritten in place, flushed, removed)
is timed apart from the whole wipe (database and blobs deleted too). The reference in the
same run is ``rm -rf`` of a copy-sized tree of the same files. Prints seconds and ratios.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from app.crypto.kdf import FLOOR
from app.storage.vault import Vault, wipe

BLOB = 64 * 1024 * 1024


def _build(folder: Path, total: int) -> None:
    vault, _ = Vault.create(folder, "benchmark passphrase", params=FLOOR)
    chunk = os.urandom(BLOB)
    written = 0
    while written < total:
        blob = vault.blobs.write(io.BytesIO(chunk[: min(BLOB, total - written)]))
        vault.blobs.release(blob.blob_id)
        written += BLOB
    vault.lock()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--gib", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    total = int(args.gib * (1 << 30))
    erase, whole, reference = [], [], []
    with tempfile.TemporaryDirectory(dir=Path.cwd()) as scratch:
        for _ in range(args.repeat):
            folder = Path(scratch) / "vault"
            _build(folder, total)
            copy = Path(scratch) / "copy"
            shutil.copytree(folder / "blobs", copy)
            os.sync()
            started = time.perf_counter()
            subprocess.run(["rm", "-rf", str(copy)], check=True)
            reference.append(time.perf_counter() - started)
            times = wipe(folder)
            erase.append(times.erase_seconds)
            whole.append(times.total_seconds)
            shutil.rmtree(folder, ignore_errors=True)
    e, w, r = (statistics.median(x) for x in (erase, whole, reference))
    print(f"media: {args.gib:g} GiB in {BLOB >> 20} MiB blobs, {args.repeat} runs (medians)")
    print(f"erase step (keyslots overwritten, fsync, removed): {e * 1000:.2f} ms")
    print(f"whole wipe (and database, blobs deleted):          {w * 1000:.2f} ms")
    print(f"reference rm -rf of the same blobs:                {r * 1000:.2f} ms")
    print(f"ratio erase / rm -rf: {e / r:.4f}   whole wipe / rm -rf: {w / r:.2f}")


if __name__ == "__main__":
    main()
