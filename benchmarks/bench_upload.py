"""Upload of a large package over loopback TLS: our tus client versus curl.

The server is the independent ``@tus/server`` + ``@tus/file-store`` (the one the sync
tests use, installed from npm into pytest's cache folder), over HTTPS with a fresh CA.

- ours: ``TusClient.upload`` with 8 MiB PATCH requests (what the client sends to a server
  that announces no PATCH body limit, as ``@tus/server`` does) read from the file,
  pinned TLS context, token header;
- reference: ``curl`` sending the same file to the same server in one PATCH request
  (``-T FILE -X PATCH``, streamed from disk), after a creation POST;
- resilience: our upload through a relay that cuts the connection N times at random
  byte counts; bytes re-sent per interruption versus the chunk size.

    .venv/bin/python -m benchmarks.bench_upload [--size-mib 1024] [--rounds 2] [--cuts 5]

Goal: ours >= 0.7 x curl's rate.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import secrets
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from app.crypto.signing import NAMESPACE_RECEIPT
from app.sync.tls import platform_ssl_context
from app.sync.tus_client import DEFAULT_PATCH_LIMIT, RetryPolicy, TusClient, UploadStats
from tests.sync.netfaults import CuttingProxy
from tests.sync.pki import make_pki
from tests.sync.tus_node import TusNodeServer, install_tus_node

MIB = 1024 * 1024


def _write_file(path: Path, size: int) -> str:
    digest = hashlib.sha256()
    block = os.urandom(MIB)
    with path.open("wb") as handle:
        left = size
        while left:
            piece = block[: min(MIB, left)]
            handle.write(piece)
            digest.update(piece)
            left -= len(piece)
    return digest.hexdigest()


def _metadata(sha256: str) -> dict[str, str]:
    return {"filename": f"pkg-{secrets.token_hex(16)}.age",
            "filetype": "application/octet-stream", "sha256": sha256}


def _ours(url: str, ca_pem: str, token: str, path: Path, sha256: str,
          stats: UploadStats | None = None) -> tuple[float, str]:
    size = path.stat().st_size
    with TusClient(url, token=token, ssl_context=platform_ssl_context(ca_pem),
                   retry=RetryPolicy(base_delay=0.05, max_delay=0.5, max_attempts=20),
                   timeout=120.0) as client, path.open("rb") as reader:
        start = time.perf_counter()
        upload_url = client.upload(reader, size, metadata=_metadata(sha256), stats=stats)
        return time.perf_counter() - start, upload_url


def _curl(url: str, ca_file: Path, token: str, path: Path, sha256: str) -> float:
    size = path.stat().st_size
    # The creation POST is not timed: curl's share is the one big PATCH.
    with TusClient(url, token=token, ssl_context=platform_ssl_context(ca_file.read_text()),
                   timeout=120.0) as client:
        upload_url = client.create(size, _metadata(sha256))
    headers = tempfile.NamedTemporaryFile("w", suffix=".headers", delete=False)  # noqa: SIM115 -- closed below
    with headers:
        # Headers from a file keep the token out of curl's argv (visible in ps).
        headers.write(f"Authorization: Bearer {token}\nTus-Resumable: 1.0.0\n"
                      "Upload-Offset: 0\nContent-Type: application/offset+octet-stream\n"
                      "Expect:\n")
    try:
        start = time.perf_counter()
        result = subprocess.run(
            ["curl", "--silent", "--show-error", "--fail", "--cacert", str(ca_file),
             "-X", "PATCH", "-T", str(path), "-H", f"@{headers.name}", "-o", os.devnull,
             "-w", "%{http_code}", upload_url],
            capture_output=True, text=True, check=False,
        )
        elapsed = time.perf_counter() - start
    finally:
        os.unlink(headers.name)
    if result.returncode != 0 or result.stdout.strip() != "204":
        raise SystemExit(f"curl failed: {result.stdout} {result.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mib", type=int, default=1024)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--cuts", type=int, default=5)
    args = parser.parse_args()
    if shutil.which("curl") is None:
        raise SystemExit("curl is not installed (scripts/setup installs it)")
    size = args.size_mib * MIB
    with tempfile.TemporaryDirectory(prefix="bench-upload-") as temp:
        root = Path(temp)
        install = install_tus_node(Path(".pytest_cache/d/evidence-vault-sync").resolve())
        pki = make_pki(root / "pki", "Bench")
        ca_file = root / "ca.pem"
        ca_file.write_text(pki.ca_pem)
        key = root / "receipt_key"
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)],
                       check=True)
        token = secrets.token_urlsafe(24)
        server = TusNodeServer(install_dir=install, data_dir=root / "tus", cert_file=pki.cert_file,
                               key_file=pki.key_file, token=token, receipt_key=key,
                               namespace=NAMESPACE_RECEIPT).start()
        try:
            package = root / "package.age"
            print(f"writing a {args.size_mib} MiB file ...", flush=True)
            sha256 = _write_file(package, size)
            ours_rates, curl_rates = [], []
            for round_number in range(1, args.rounds + 1):
                for upload in list(server.uploads()):
                    upload.unlink()  # keep the disk from filling between rounds
                elapsed, upload_url = _ours(server.url, pki.ca_pem, token, package, sha256)
                assert server.stored(upload_url)[:16] == package.read_bytes()[:16]
                ours_rates.append(size / MIB / elapsed)
                curl_rates.append(size / MIB / _curl(server.url, ca_file, token, package,
                                                     sha256))
                print(f"round {round_number}: ours {ours_rates[-1]:7.1f} MiB/s   "
                      f"curl {curl_rates[-1]:7.1f} MiB/s", flush=True)
            ours, curl = statistics.median(ours_rates), statistics.median(curl_rates)
            print(f"\nupload {args.size_mib} MiB over loopback TLS to @tus/server "
                  f"(median of {args.rounds})")
            print(f"  ours (8 MiB PATCHes): {ours:7.1f} MiB/s")
            print(f"  curl (one PATCH):     {curl:7.1f} MiB/s")
            print(f"  ratio ours/curl:      {ours / curl:7.2f}  (goal >= 0.70)")

            for upload in list(server.uploads()):
                upload.unlink()
            rng = random.Random()
            cuts = sorted(rng.randrange(MIB, size // max(1, args.cuts)) for _ in range(args.cuts))
            proxy = CuttingProxy(server.port, cuts=list(cuts))
            stats = UploadStats()
            try:
                elapsed, upload_url = _ours(f"https://localhost:{proxy.port}/files/",
                                            pki.ca_pem, token, package, sha256, stats)
            finally:
                proxy.close()
            with server.stored_path(upload_url).open("rb") as stored:
                same = hashlib.file_digest(stored, "sha256").hexdigest() == sha256
            resent = stats.bytes_sent - size
            print(f"\n{proxy.cuts_done} interruptions (connection cut at random offsets):")
            print(f"  byte-identical on the server: {same}")
            print(f"  bytes re-sent in total: {resent} ({resent / MIB:.2f} MiB)")
            print(f"  per interruption: {resent / max(1, proxy.cuts_done) / MIB:.2f} MiB "
                  f"(chunk {DEFAULT_PATCH_LIMIT // MIB} MiB; bound: one chunk)")
            print(f"  resumed at offsets: {stats.resumed_at}")
            print(f"  rate with interruptions: {size / MIB / elapsed:.1f} MiB/s")
        finally:
            server.kill()


if __name__ == "__main__":
    main()
