"""A session: an unlocked vault and who acts on it; creating, unlocking and locking.

Unlocking does the same for every front end: the vault opens, unfinished files of an
interrupted import are removed (storage), and recordings interrupted by a crash are turned
into the attachments they were (core). Creating records the vault's creation, and changing
the passphrase records the key change, in the custody log in the same transaction as the
change itself. Runs on the thread that owns the vault.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType

from app.core import custody, decoy, recording, search
from app.core.recording import RecordingFinished
from app.crypto.kdf import Argon2Params
from app.crypto.recovery import RecoveryKey
from app.crypto.signing import DeviceIdentity
from app.storage.blobs import BlobStore
from app.storage.database import Connection
from app.storage.locations import default_vault_folder
from app.storage.vault import Vault, holds_vault
from app.storage.vault_keys import SecretInput

Progress = Callable[[float], None]

__all__ = ["OpenReport", "Session", "default_vault_folder", "holds_vault"]


@dataclass(frozen=True)
class OpenReport:
    """What opening the vault tidied up, for the person to see."""

    cleaned: tuple[str, ...] = ()  # one line per unfinished import file removed
    recovered_recordings: tuple[RecordingFinished, ...] = ()


class Session:
    """An unlocked vault and the actor its custody events name."""

    def __init__(
        self, vault: Vault, *, actor: str = custody.DEFAULT_ACTOR, opened: OpenReport
    ) -> None:
        self.vault = vault
        self.actor = actor
        self.opened = opened
        # The program runs disguised (the window's --neutral): what it leaves outside the
        # vault under a name (the keyring entry of the device token) is named neutrally.
        self.disguised = False

    @classmethod
    def create(
        cls,
        folder: Path,
        passphrase: str,
        *,
        params: Argon2Params | None = None,
        progress: Progress | None = None,
        actor: str = custody.DEFAULT_ACTOR,
    ) -> tuple[Session, RecoveryKey]:
        """A new vault and its recovery key (shown once, never stored in clear)."""

        def record_creation(conn: Connection, device: DeviceIdentity) -> None:
            custody.append_event(
                conn,
                device,
                chain_id=custody.VAULT_CHAIN,
                action="creation",
                actor=actor,
                details={"device": device.fingerprint},
            )

        vault, recovery = Vault.create(
            folder, passphrase, params=params, progress=progress, record_creation=record_creation
        )
        return cls(vault, actor=actor, opened=OpenReport()), recovery

    @classmethod
    def unlock(
        cls, folder: Path, secret: SecretInput, *, actor: str = custody.DEFAULT_ACTOR
    ) -> Session:
        """Open the vault with the passphrase or the recovery key (or the secret recovery
        shares combine to), and finish what a crash interrupted (see the module
        docstring). When the database is older than its keys the session is read-only:
        :attr:`rollback` says why and every change raises ReadOnlyVaultError.

        The duress passphrase (see :func:`app.services.coercion.set_duress`) returns a
        session on the decoy that replaced the vault, like any other."""

        def fill_decoy(
            conn: Connection, device: DeviceIdentity, created: datetime, content: bytes | None
        ) -> None:
            decoy.fill(conn, device, created, content, actor)

        vault = Vault.unlock(folder, secret, decoy=fill_decoy)
        try:
            # Read-only (a database older than its keys): nothing is finished or changed.
            recovered = [] if vault.rollback is not None else recording.recover_interrupted(
                vault.connection, vault.blobs, vault.device, actor=actor
            )
            if vault.rollback is None:
                # Words listed by an earlier version get their spelling keys, once.
                search.ensure_spelling_keys(vault.connection)
        except BaseException:
            vault.lock()
            raise
        return cls(
            vault, actor=actor, opened=OpenReport(tuple(vault.cleaned), tuple(recovered))
        )

    # -- the vault's parts, for the use cases -------------------------------------------

    @property
    def connection(self) -> Connection:
        return self.vault.connection

    @property
    def blobs(self) -> BlobStore:
        return self.vault.blobs

    @property
    def device(self) -> DeviceIdentity:
        return self.vault.device

    @property
    def folder(self) -> Path:
        return self.vault.folder

    @property
    def is_locked(self) -> bool:
        return self.vault.is_locked

    @property
    def rollback(self) -> str | None:
        """Why the vault is open read-only (database older than its keys), or None."""
        return self.vault.rollback

    @property
    def device_fingerprint(self) -> str:
        """The short form people compare aloud; packages carry the full one."""
        return self.device.public_key.short_fingerprint()

    # -- keys ---------------------------------------------------------------------------

    def key_slot_kinds(self) -> list[str]:
        """Which secrets open this vault, one per slot in use, in a fixed order (the slots'
        places in the file are random). A duress slot is never named: someone made to
        unlock and show this screen must not learn that one exists."""
        order = ("passphrase", "recovery", "shares")
        kinds = [kind for kind in self.vault.slot_kinds() if kind in order]
        return sorted(kinds, key=order.index)

    def change_passphrase(self, current_secret: SecretInput, new_passphrase: str) -> None:
        """Re-wrap the master key under a new passphrase; logged as a key change."""

        def record_change(conn: Connection, device: DeviceIdentity) -> None:
            custody.append_event(
                conn,
                device,
                chain_id=custody.VAULT_CHAIN,
                action="key_changed",
                actor=self.actor,
                details={"slot": "passphrase"},
            )

        self.vault.change_passphrase(current_secret, new_passphrase, record_change=record_change)

    def lock(self) -> None:
        """Close the vault and drop its keys. Safe to call twice."""
        self.vault.lock()

    def __enter__(self) -> Session:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.lock()

    def __repr__(self) -> str:
        return "Session(locked)" if self.is_locked else "Session(unlocked)"
