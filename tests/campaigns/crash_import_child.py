"""Child process of the crash campaign: imports files into a vault until it is killed.

Usage: ``python crash_import_child.py VAULT TESTIMONY_ID FILES_DIR SEED`` with the
passphrase on stdin. Prints ``ready`` once the vault is open, then, after each import
has committed, ``committed <attachment id> <file name>``; stdout is flushed at once,
so every line the parent reads was printed after a commit that returned.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from app.core.ingest import import_attachment
from app.storage.vault import Vault

BIG_FILE_CHANCE = 0.3


def main() -> int:
    folder, testimony_id, files_dir, seed = sys.argv[1:5]
    passphrase = sys.stdin.readline().rstrip("\n")
    rng = random.Random(int(seed))
    files = sorted(Path(files_dir).iterdir())
    small = [f for f in files if not f.name.startswith("big")]
    big = [f for f in files if f.name.startswith("big")]
    vault = Vault.unlock(Path(folder), passphrase)
    print("ready", flush=True)
    for _ in range(10_000):
        batch = small + (big if rng.random() < BIG_FILE_CHANCE else [])
        rng.shuffle(batch)
        for path in batch:
            attachment = import_attachment(
                vault.connection, vault.blobs, vault.device, testimony_id, path,
            )
            print(f"committed {attachment.id} {path.name}", flush=True)
    vault.lock()
    return 0


if __name__ == "__main__":
    sys.exit(main())
