"""What every CLI command shares: output (text or JSON), the passphrase source, and
the vault it opens. Runs on the main thread only."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from app.cli.pipes import discard_stdout, is_broken_pipe
from app.cli.secret_files import read_secret_file
from app.errors import EvidenceVaultError
from app.sanitize import for_display
from app.services.session import Session, default_vault_folder


@dataclass
class CliContext:
    vault_dir: Path | None
    passphrase_file: Path | None
    json_output: bool
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)
    _closers: list[Callable[[], None]] = field(default_factory=list)
    # True once the reader of stdout went away (``| head -1``): the rest is discarded.
    output_closed: bool = False

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> CliContext:
        return cls(
            vault_dir=Path(args.vault) if args.vault else None,
            passphrase_file=Path(args.passphrase_file) if args.passphrase_file else None,
            json_output=bool(args.json),
        )

    def read_secret(self, prompt: str, *, confirm: bool = False) -> str:
        """The passphrase, from ``--passphrase-file`` or the terminal; never argv or env."""
        if self.passphrase_file is not None:
            secret = read_secret_file(self.passphrase_file, "passphrase file")
        else:
            secret = getpass.getpass(prompt)
            if confirm and getpass.getpass("Repeat: ") != secret:
                raise EvidenceVaultError("The two passphrases differ.")
        if not secret:
            raise EvidenceVaultError("An empty passphrase is not accepted.")
        return secret

    @property
    def vault_folder(self) -> Path:
        return self.vault_dir or default_vault_folder()

    def open_session(self, secret: str | None = None) -> Session:
        """Unlock the vault of ``--vault`` (or the default folder) as every front end does
        (interrupted imports cleaned, interrupted recordings finished); locked on exit.
        A vault opened read-only (database older than its keys) is said on stderr."""
        if secret is None:
            secret = self.read_secret("Vault passphrase: ")
        session = Session.unlock(self.vault_folder, secret)
        self.on_close(session.lock)
        if session.rollback is not None:
            print(f"evidence-vault: {for_display(session.rollback)}", file=self.stderr)
        for line in session.opened.cleaned:
            print(f"evidence-vault: {for_display(line)}", file=self.stderr)
        for finished in session.opened.recovered_recordings:
            print(
                "evidence-vault: an interrupted recording was kept as attachment "
                f"{finished.attachment_id} ({finished.size} bytes).",
                file=self.stderr,
            )
        return session

    def on_close(self, closer: Callable[[], None]) -> None:
        self._closers.append(closer)

    def close(self) -> None:
        while self._closers:
            self._closers.pop()()

    def emit(self, data: Any, text: str | None = None) -> None:
        """Print one result: ``data`` as JSON with ``--json``, else ``text``.

        Flushed at once, so a reader that stopped early is noticed here: the command
        then goes on to its end and its status, with the rest of its output discarded.
        """
        if self.json_output:
            line: str | None = json.dumps(data, ensure_ascii=False, sort_keys=True)
        else:
            line = text
        if line is None or self.output_closed:
            return
        try:
            print(line, file=self.stdout)
            self.stdout.flush()
        except OSError as error:
            if not is_broken_pipe(error):
                raise
            self.discard_output()

    def flush_output(self) -> None:
        """Write out what is still buffered; a reader that went away is not an error."""
        if self.output_closed:
            return
        try:
            self.stdout.flush()
        except OSError as error:
            if not is_broken_pipe(error):
                raise
            self.discard_output()

    def discard_output(self) -> None:
        """The reader of stdout went away: discard everything written to it from now on."""
        self.output_closed = True
        discard_stdout()

    def fail(self, message: str, *, kind: str) -> None:
        if self.json_output:
            error = {"error": kind, "message": for_display(message)}
            print(json.dumps(error, ensure_ascii=False), file=self.stderr)
        else:
            print(f"evidence-vault: {for_display(message)}", file=self.stderr)

