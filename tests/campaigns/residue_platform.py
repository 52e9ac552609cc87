"""The platform side of the residue campaign: the reference intake server, for real.

``evidence-vault-intake init`` makes the data folder (its own CA and a server
certificate for ``localhost``, the platform's age and receipt keys, a first device
profile that carries a device token), ``trust add`` takes the documenter's signing key,
and ``serve`` runs it over HTTPS on a free loopback port, exactly as the sync
end-to-end tests do. The server process gets home, temp and XDG folders of its own
next to its data folder, so nothing of the platform lands in the documenter's folders
that the campaign scans. Runs on the test's thread.
"""

from __future__ import annotations

import contextlib
import json
import signal
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from campaign_cli import isolated_env

START_TIMEOUT = 30.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class IntakePlatform:
    root: Path  # the platform's own area: data folder, its home/temp/XDG folders, log
    port: int
    profile_file: Path  # written by init under data/profiles; it carries the device token

    @property
    def data(self) -> Path:
        return self.root / "intake"

    @property
    def identity_file(self) -> Path:
        return self.data / "keys" / "platform.agekey"

    @property
    def profile(self) -> dict[str, Any]:
        loaded: dict[str, Any] = json.loads(self.profile_file.read_text(encoding="utf-8"))
        return loaded

    @property
    def env(self) -> dict[str, str]:
        return isolated_env(self.root)

    @classmethod
    def init(cls, root: Path) -> IntakePlatform:
        root.mkdir(parents=True, exist_ok=True)
        port = _free_port()
        platform = cls(root, port, Path())
        printed = platform.intake("init", "--host", "localhost", "--port", str(port))
        platform.profile_file = Path(printed)
        return platform

    def intake(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "app.intake", "--data", str(self.data), *args],
            capture_output=True, text=True, timeout=60, env=self.env, cwd=self.root / "home",
            check=False,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    def trust(self, allowed_signers_line: str) -> None:
        """Trust the device key of one ``keys export-public`` line (its last two fields)."""
        key = " ".join(allowed_signers_line.split()[-2:])
        self.intake("trust", "add", key, "--name", "documenter")

    def _answers(self, context: ssl.SSLContext) -> bool:
        """True once a TLS handshake with the server's certificate for localhost succeeds."""
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=2) as raw:
                context.wrap_socket(raw, server_hostname="localhost").close()
        except OSError:  # ssl.SSLError is an OSError too: not listening, or not yet TLS
            return False
        return True

    @contextlib.contextmanager
    def serving(self) -> Iterator[None]:
        log_path = self.root / "server.log"
        with log_path.open("wb") as log:
            server = subprocess.Popen(
                [sys.executable, "-m", "app.intake", "--data", str(self.data), "serve"],
                stdout=log, stderr=subprocess.STDOUT, env=self.env, cwd=self.root / "home",
            )  # fmt: skip
        try:
            context = ssl.create_default_context(cafile=str(self.data / "tls" / "ca.pem"))
            deadline = time.monotonic() + START_TIMEOUT
            while not self._answers(context):
                assert server.poll() is None, log_path.read_text()
                assert time.monotonic() < deadline, log_path.read_text()
                time.sleep(0.1)
            yield
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(30)

    def accepted(self) -> list[Path]:
        return sorted((self.data / "accepted").glob("*.evp"))
