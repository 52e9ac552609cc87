"""Running the independent tus server (``@tus/server`` + ``@tus/file-store`` from npm).

The npm packages are installed once per machine into pytest's cache folder with
``npm ci`` from the lock file next to this module, so CI needs only node and npm
(scripts/setup installs them). The server runs as a child process with its own data
folder and request log; tests stop it with SIGKILL and start it again on the same
port to play a crashed, restarted platform.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.campaigns.per_system import hard_kill

HERE = Path(__file__).resolve().parent / "tus_node"
_FILES = ("package.json", "package-lock.json", "server.mjs")


def install_tus_node(cache_root: Path) -> Path:
    """The folder holding node_modules and server.mjs; raises RuntimeError if npm fails."""
    digest = hashlib.sha256(b"".join((HERE / name).read_bytes() for name in _FILES)).hexdigest()
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        raise RuntimeError("node and npm are not installed (scripts/setup installs them)")
    version = subprocess.run(["node", "--version"], capture_output=True, text=True,
                             check=False).stdout.strip().lstrip("v")
    parts = tuple(int(p) for p in version.split(".")[:2] if p.isdigit())
    if parts < (20, 19):
        raise RuntimeError(f"@tus/server 2 needs Node.js >= 20.19, this machine has {version}")
    target = cache_root / "tus-node"
    stamp = target / ".installed"
    for name in _FILES:
        target.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(HERE / name, target / name)
    if stamp.exists() and stamp.read_text() == digest and (target / "node_modules").is_dir():
        return target
    result = subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=target, capture_output=True, text=True, timeout=300, check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"npm ci failed: {result.stderr.strip()[-500:]}")
    stamp.write_text(digest)
    return target


@dataclass
class TusNodeServer:
    """One @tus/server process; ``start`` again after ``kill`` reuses port and data."""

    install_dir: Path
    data_dir: Path
    cert_file: Path
    key_file: Path
    token: str
    receipt_key: Path
    namespace: str
    receipt_delay: int = 0
    port: int = 0
    log_file: Path = field(init=False)
    _process: subprocess.Popen[str] | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.log_file = self.data_dir.parent / f"{self.data_dir.name}-requests.jsonl"

    @property
    def url(self) -> str:
        return f"https://localhost:{self.port}/files/"

    def start(self) -> TusNodeServer:
        config = {
            "dir": str(self.data_dir),
            "certFile": str(self.cert_file),
            "keyFile": str(self.key_file),
            "token": self.token,
            "receiptKey": str(self.receipt_key),
            "namespace": self.namespace,
            "receiptDelay": self.receipt_delay,
            "log": str(self.log_file),
            "port": self.port,
        }
        env = {"PATH": os.environ.get("PATH", ""), "EV_TUS_CONFIG": json.dumps(config)}
        self._process = subprocess.Popen(
            ["node", str(self.install_dir / "server.mjs")],
            cwd=self.install_dir, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True,
        )
        assert self._process.stdout is not None
        line: list[str] = []
        reader = threading.Thread(target=lambda: line.append(self._process.stdout.readline()))  # type: ignore[union-attr]
        reader.start()
        reader.join(20)
        if not line or not line[0].startswith("LISTENING "):
            self.kill()
            raise RuntimeError("the tus server did not start")
        self.port = int(line[0].split()[1])
        return self

    def kill(self) -> None:
        if self._process is not None and self._process.poll() is None:
            hard_kill(self._process)
            self._process.wait(10)
        self._process = None

    def requests(self) -> list[dict[str, Any]]:
        if not self.log_file.exists():
            return []
        return [json.loads(line) for line in self.log_file.read_text().splitlines() if line]

    def stored_path(self, upload_url: str) -> Path:
        return self.data_dir / upload_url.rstrip("/").rsplit("/", 1)[-1]

    def stored(self, upload_url: str) -> bytes:
        return self.stored_path(upload_url).read_bytes()

    def uploads(self) -> list[Path]:
        return [p for p in self.data_dir.iterdir() if p.suffix != ".json"]
