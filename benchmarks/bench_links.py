"""Delivery over emulated slow, far links that are cut, against the ideal and curl.

The server is the real intake server (``evidence-vault-intake serve`` over HTTPS, size
and SHA-256 checked, receipt signed); the link is ``tests.sync.linkemu.LinkEmulator``, a
SOCKS5 proxy on loopback with the named profile's rate each way, round trip and cuts.

- ours: the probe (OPTIONS, where the server announces its PATCH body limit), then
  ``TusClient.upload`` through the link, then the receipt fetched (delivery ends when
  the signed receipt is in hand); where the time went: until the upload was created
  (connection, probe, POST), the PATCHes, and the receipt;
- ideal: size / rate;
- reference: ``curl`` sending the file in one PATCH (after a creation POST that is not
  timed) over the same link without cuts (one request cannot survive a cut); the
  intake server takes at most its PATCH body limit (64 MiB) in one request, so for a
  larger file curl sends that much and its time is scaled to the whole size;
- per cut: PATCH body bytes the client wrote beyond the package size, and bytes that
  crossed the link upwards beyond it (TLS and HTTP overhead included).

    .venv/bin/python -m benchmarks.bench_links [--profiles tor-good,flaky] [--size-mib 50]
        [--seed 1] [--no-curl]

Goals: <= 1.10 x ideal on tor-good, <= 1.25 x on tor-bad, mobile-throttled and flaky;
<= 64 KiB re-sent per cut.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import secrets
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from app.intake.config import DEFAULT_MAX_PATCH_BODY
from app.sync.tls import platform_ssl_context
from app.sync.tus_client import RetryPolicy, TusClient, UploadStats
from tests.intake.conftest import IntakeServer, make_server
from tests.sync.linkemu import KIB, MIB, PROFILES, LinkEmulator, LinkProfile


def _write_file(path: Path, size: int) -> str:
    digest = hashlib.sha256()
    with path.open("wb") as handle:
        left = size
        while left:
            piece = os.urandom(min(MIB, left))
            handle.write(piece)
            digest.update(piece)
            left -= len(piece)
    return digest.hexdigest()


def _metadata(sha256: str) -> dict[str, str]:
    return {"filename": f"pkg-{secrets.token_hex(16)}.age",
            "filetype": "application/octet-stream", "sha256": sha256}


def _client(server: IntakeServer, proxy: str) -> TusClient:
    return TusClient(server.url, token=server.token,
                     ssl_context=platform_ssl_context(server.ca_file.read_text()),
                     proxy=proxy, timeout=60.0, retry=RetryPolicy())


def _ours(server: IntakeServer, profile: LinkProfile, path: Path, sha256: str,
          seed: int) -> dict[str, float]:
    size = path.stat().st_size
    stats = UploadStats()
    with LinkEmulator(profile, seed=seed) as link, _client(server, link.proxy_url) as client, \
            path.open("rb") as reader:
        start = time.perf_counter()
        created: list[float] = []
        client.probe()
        url = client.upload(reader, size, metadata=_metadata(sha256), stats=stats,
                            on_created=lambda _url: created.append(time.perf_counter()))
        uploaded = time.perf_counter()
        while True:
            answer = client.fetch_receipt(url)
            if answer.status == 200:
                break
            if answer.status not in (202, 425):
                raise SystemExit(f"receipt answered {answer.status}: {answer.body!r}")
            time.sleep(0.2)
        elapsed = time.perf_counter() - start
        cuts, up = link.cuts, link.up_bytes
        resumed, handshakes = client.tls_sessions.resumed, client.tls_sessions.handshakes
    return {"seconds": elapsed, "cuts": cuts, "written_again": stats.bytes_written - size,
            "link_extra": up - size, "patches": stats.patches, "heads": stats.heads,
            "resumed": resumed, "handshakes": handshakes,
            "until_created": created[0] - start, "patching": uploaded - created[0],
            "receipt": start + elapsed - uploaded, "largest_patch": max(stats.chunk_sizes)}


CURL_CAP = DEFAULT_MAX_PATCH_BODY  # the most the intake server takes in one PATCH


def _curl(server: IntakeServer, profile: LinkProfile, path: Path, sha256: str,
          ca_file: Path) -> float:
    """Seconds for the whole file at the rate curl reaches with one PATCH of at most
    the server's PATCH body limit, scaled to the file's size."""
    size = path.stat().st_size
    if size > CURL_CAP:
        part = path.with_suffix(".part")
        with path.open("rb") as whole:
            part.write_bytes(whole.read(CURL_CAP))
        sha = hashlib.sha256(part.read_bytes()).hexdigest()
        return _curl(server, profile, part, sha, ca_file) * size / CURL_CAP
    quiet = LinkProfile(profile.name, profile.rate, profile.rtt, None)
    with LinkEmulator(quiet) as link:
        with _client(server, link.proxy_url) as client:
            upload_url = client.create(size, _metadata(sha256))
        headers = tempfile.NamedTemporaryFile("w", suffix=".headers", delete=False)  # noqa: SIM115 -- closed below
        with headers:
            headers.write(f"Authorization: Bearer {server.token}\nTus-Resumable: 1.0.0\n"
                          "Upload-Offset: 0\nContent-Type: application/offset+octet-stream\n"
                          "Expect:\n")
        try:
            start = time.perf_counter()
            result = subprocess.run(
                ["curl", "--silent", "--show-error", "--fail", "--cacert", str(ca_file),
                 "--proxy", link.proxy_url, "-X", "PATCH", "-T", str(path),
                 "-H", f"@{headers.name}", "-o", os.devnull, "-w", "%{http_code}",
                 upload_url],
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
    parser.add_argument("--profiles", default=",".join(PROFILES))
    parser.add_argument("--size-mib", type=float, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-curl", action="store_true")
    args = parser.parse_args()
    if not args.no_curl and shutil.which("curl") is None:
        raise SystemExit("curl is not installed")
    size = int(args.size_mib * MIB)
    with tempfile.TemporaryDirectory(prefix="bench-links-") as temp:
        root = Path(temp)
        server = make_server(root, host="localhost")
        server.start()
        try:
            package = root / "package.age"
            sha256 = _write_file(package, size)
            print(f"{'profile':17} {'MiB':>5} {'ideal s':>8} {'ours s':>8} {'x ideal':>8} "
                  f"{'curl s':>8} {'cuts':>5} {'resent/cut KiB':>15} {'link/cut KiB':>13}"
                  f" {'TLS resumed':>11}", flush=True)
            for name in args.profiles.split(","):
                profile = PROFILES[name]
                ideal = size / profile.rate
                ours = _ours(server, profile, package, sha256, args.seed)
                print(f"  ours: {ours}", flush=True)
                curl = None if args.no_curl else _curl(server, profile, package, sha256,
                                                       server.ca_file)
                cuts = max(1, int(ours["cuts"]))
                print(f"{name:17} {size / MIB:5.0f} {ideal:8.1f} {ours['seconds']:8.1f} "
                      f"{ours['seconds'] / ideal:7.2f}x "
                      f"{'n/a' if curl is None else f'{curl:.1f}':>8} {int(ours['cuts']):5d} "
                      f"{ours['written_again'] / cuts / KIB:15.1f} "
                      f"{ours['link_extra'] / cuts / KIB:13.1f} "
                      f"{int(ours['resumed']):5d}/{int(ours['handshakes'])}", flush=True)
        finally:
            if server.process is not None:
                server.kill()


if __name__ == "__main__":
    main()
