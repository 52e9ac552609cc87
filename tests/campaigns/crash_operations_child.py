"""Child process of the operations crash campaign: repeats one operation until killed.

Usage: ``python crash_operations_child.py OPERATION VAULT ARG...`` with the secret that
opens the vault on the first line of stdin. Prints ``ready`` once the vault is open,
then one line after each operation has committed (stdout flushed at once, so every
line the parent reads was printed after a commit that returned):

- ``seal VAULT CASE_ID MEDIA_DIR``: makes a draft with every file of MEDIA_DIR attached
  (``draft <id>``, ``attached <id> <attachment id> <name>``), then seals it
  (``sealed <id> <content sha256>``).
- ``export VAULT TESTIMONY_ID STICK``: exports the sealed testimony into STICK again and
  again (``exported <file name> <sha256>``).
- ``passwd VAULT GENERATION`` / ``recovery VAULT GENERATION``: changes the passphrase
  from ``passphrase(g)`` to ``passphrase(g + 1)`` (``changed <g + 1>``); ``recovery``
  gives the recovery key (stdin line) as the current secret every time, as a user who
  forgot the passphrase does.
"""

from __future__ import annotations

import sys
from pathlib import Path

from app.core.export import export_package
from app.core.ingest import import_attachment
from app.core.records import parse_testimony_input
from app.core.sealing import seal_testimony
from app.core.testimonies import add_testimony
from app.services.session import Session
from app.storage.vault import Vault

ACTOR = "crash-campaign"
ROUNDS = 100_000

TESTIMONY = {
    "person": {"code": "K-9", "role": "witness"},
    "interview": {"place": "Minsk", "interviewer": "D-2", "language": "be"},
    "consent": {
        "interview": True,
        "audio_recording": True,
        "share_with_platform": True,
        "share_onward": False,
        "be_named": False,
        "recontact": False,
        "given_at": "2024-03-01T10:00:00Z",
        "method": "oral",
    },
    "incidents": [],
    "narrative": "operations crash campaign",
}


def passphrase(generation: int) -> str:
    """The passphrase of generation ``generation``; the parent uses the same function."""
    return f"crash campaign passphrase {generation}"


def _seal(vault: Vault, case_id: str, media_dir: Path) -> None:
    files = sorted(media_dir.iterdir())
    for _ in range(ROUNDS):
        draft = add_testimony(
            vault.connection, vault.device, case_id, parse_testimony_input(TESTIMONY), ACTOR
        )
        print(f"draft {draft.id}", flush=True)
        for path in files:
            attachment = import_attachment(
                vault.connection, vault.blobs, vault.device, draft.id, path, actor=ACTOR,
            )
            print(f"attached {draft.id} {attachment.id} {path.name}", flush=True)
        result = seal_testimony(vault.connection, vault.blobs, vault.device, draft.id, ACTOR)
        print(f"sealed {draft.id} {result.content_sha256}", flush=True)


def _export(vault: Vault, testimony_id: str, stick: Path) -> None:
    for _ in range(ROUNDS):
        result = export_package(
            vault.connection, vault.blobs, vault.device, testimony_id, stick, [], ACTOR
        )
        print(f"exported {result.path.name} {result.sha256}", flush=True)


def _passwd(session: Session, generation: int, recovery_key: str | None) -> None:
    for _ in range(ROUNDS):
        current = recovery_key if recovery_key is not None else passphrase(generation)
        session.change_passphrase(current, passphrase(generation + 1))
        generation += 1
        print(f"changed {generation}", flush=True)


def main() -> int:
    operation, folder, *rest = sys.argv[1:]
    secret = sys.stdin.readline().rstrip("\n")
    # The session, as both front ends open it: key changes are logged by it.
    session = Session.unlock(Path(folder), secret, actor=ACTOR)
    vault = session.vault
    print("ready", flush=True)
    if operation == "seal":
        _seal(vault, rest[0], Path(rest[1]))
    elif operation == "export":
        _export(vault, rest[0], Path(rest[1]))
    elif operation in ("passwd", "recovery"):
        _passwd(session, int(rest[0]), secret if operation == "recovery" else None)
    else:
        raise SystemExit(f"unknown operation {operation}")
    session.lock()
    return 0


if __name__ == "__main__":
    sys.exit(main())
