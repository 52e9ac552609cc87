"""The intake server under a large upload: ours (tuspyserver) versus ``@tus/server``.

Run as ``.venv/bin/python -m benchmarks.bench_intake [--size-mib 512] [--rounds 2]``.

The same client (our ``TusClient``: 8 MiB PATCHes, pinned TLS, token) uploads the same
random file over loopback TLS to

- ours: ``evidence-vault-intake serve`` (size and SHA-256 checks on completion; the
  platform identity file is removed, as random bytes are not a package), and
- reference: ``@tus/server`` + ``@tus/file-store`` on Node.js (the sync tests' server).

It prints MiB/s for each and their ratio, our time from the last PATCH to the signed
receipt (hashing, hard link, signing), and our server's peak resident memory (VmHWM).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from app.crypto.signing import NAMESPACE_RECEIPT
from app.sync.tls import platform_ssl_context
from app.sync.tus_client import TusClient
from tests.sync.pki import make_pki
from tests.sync.tus_node import TusNodeServer, install_tus_node

MIB = 1024 * 1024
REPO = Path(__file__).resolve().parents[1]


def _write_file(path: Path, size: int) -> str:
    digest = hashlib.sha256()
    block = os.urandom(MIB)
    with path.open("wb") as handle:
        for _ in range(size // MIB):
            handle.write(block)
            digest.update(block)
    return digest.hexdigest()


def _metadata(sha256: str) -> dict[str, str]:
    return {
        "filename": f"pkg-{secrets.token_hex(16)}.age",
        "filetype": "application/octet-stream",
        "sha256": sha256,
    }


def _upload(url: str, ca_pem: str, token: str, path: Path, sha256: str) -> tuple[float, str]:
    with (
        TusClient(url, token=token, ssl_context=platform_ssl_context(ca_pem), timeout=300) as c,
        path.open("rb") as reader,
    ):
        start = time.perf_counter()
        upload_url = c.upload(reader, path.stat().st_size, metadata=_metadata(sha256))
        return time.perf_counter() - start, upload_url


def _receipt_seconds(url: str, ca_pem: str, token: str, upload_url: str) -> float:
    with TusClient(url, token=token, ssl_context=platform_ssl_context(ca_pem)) as client:
        start = time.perf_counter()
        while (answer := client.fetch_receipt(upload_url)).status == 202:
            time.sleep(0.01)
        if answer.status != 200:
            raise SystemExit(f"no receipt: {answer.status} {answer.body[:200]!r}")
        return time.perf_counter() - start


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _peak_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _start_intake(data: Path) -> tuple[subprocess.Popen[bytes], dict[str, str]]:
    port = _free_port()
    intake = [sys.executable, "-m", "app.intake", "--data", str(data)]
    made = subprocess.run(
        [*intake, "init", "--port", str(port)], capture_output=True, text=True, check=True
    )
    profile = json.loads(Path(made.stdout.strip()).read_text())
    (data / "keys" / "platform.agekey").unlink()
    process = subprocess.Popen(
        [*intake, "serve"], cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    with TusClient(
        profile["url"],
        token=profile["device_token"],
        ssl_context=platform_ssl_context(profile["ca_certificate_pem"]),
    ) as client:
        deadline = time.monotonic() + 30
        while True:
            try:
                client.fetch_receipt(profile["url"] + "0" * 32)
                break
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
    return process, profile


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mib", type=int, default=512)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    size = args.size_mib * MIB
    with tempfile.TemporaryDirectory(prefix="bench-intake-") as temp:
        root = Path(temp)
        package = root / "package.age"
        print(f"writing a {args.size_mib} MiB file ...", flush=True)
        sha256 = _write_file(package, size)

        process, profile = _start_intake(root / "intake")
        install = install_tus_node(REPO / ".pytest_cache" / "d" / "evidence-vault-sync")
        pki = make_pki(root / "pki", "Bench")
        key = root / "receipt_key"
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
        token = secrets.token_urlsafe(24)
        node = TusNodeServer(
            install_dir=install,
            data_dir=root / "tus",
            cert_file=pki.cert_file,
            key_file=pki.key_file,
            token=token,
            receipt_key=key,
            namespace=NAMESPACE_RECEIPT,
        ).start()
        try:
            ours_rates, node_rates, receipt_times = [], [], []
            for round_number in range(1, args.rounds + 1):
                for stored in [*(root / "intake" / "accepted").glob("*"), *node.uploads()]:
                    stored.unlink()  # keep the disk from filling between rounds
                elapsed, upload_url = _upload(
                    profile["url"],
                    profile["ca_certificate_pem"],
                    profile["device_token"],
                    package,
                    sha256,
                )
                ours_rates.append(args.size_mib / elapsed)
                receipt_times.append(
                    _receipt_seconds(
                        profile["url"],
                        profile["ca_certificate_pem"],
                        profile["device_token"],
                        upload_url,
                    )
                )
                elapsed, _ = _upload(node.url, pki.ca_pem, token, package, sha256)
                node_rates.append(args.size_mib / elapsed)
                print(
                    f"round {round_number}: ours {ours_rates[-1]:7.1f} MiB/s   "
                    f"@tus/server {node_rates[-1]:7.1f} MiB/s   "
                    f"receipt after {receipt_times[-1]:.2f} s",
                    flush=True,
                )
            ours, reference = statistics.median(ours_rates), statistics.median(node_rates)
            print(
                f"\n{args.size_mib} MiB over loopback TLS, 8 MiB PATCHes (median of {args.rounds})"
            )
            print(f"  ours (tuspyserver + uvicorn): {ours:7.1f} MiB/s")
            print(f"  @tus/server (Node.js):        {reference:7.1f} MiB/s")
            print(f"  ratio ours/@tus/server:       {ours / reference:7.2f}")
            print(f"  last PATCH -> signed receipt: {statistics.median(receipt_times):7.2f} s")
            print(f"  our server's peak RSS:        {_peak_rss_mib(process.pid):7.1f} MiB")
        finally:
            node.kill()
            process.terminate()
            process.wait(30)


if __name__ == "__main__":
    main()
