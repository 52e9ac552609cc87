"""Child of the re-key crash campaign: re-keys the vault again and again until killed.

Usage: ``python crash_rekey_child.py VAULT GENERATION``; the vault opens with
``passphrase(GENERATION)``. Prints ``ready`` once open, then after each re-key has
committed ``rekeyed <g + 1> <recovery key>`` (the new passphrase is ``passphrase(g + 1)``).
"""

from __future__ import annotations

import sys
from pathlib import Path

from app.storage.vault import Vault


def passphrase(generation: int) -> str:
    return f"rekey campaign passphrase {generation}"


def main() -> None:
    folder = Path(sys.argv[1])
    generation = int(sys.argv[2])
    vault = Vault.unlock(folder, passphrase(generation))
    print("ready", flush=True)
    while True:
        recovery = vault.rekey(passphrase(generation), passphrase(generation + 1))
        generation += 1
        print(f"rekeyed {generation} {recovery.formatted()}", flush=True)


if __name__ == "__main__":
    main()
