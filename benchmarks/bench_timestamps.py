"""Trusted timestamps: the request round trip and what tokens add to ``verify``.

- round trip: ``request_token`` (request built here, the cancellable pinned-policy
  client, the answer's signature and chain checked) against a local authority (OpenSSL
  ``ts -reply`` behind HTTP on loopback), beside a bare ``httpx.post`` of the same query
  with no check (the reference: what the authority and the loopback cost anyway);
- verify: the same sealed version (``--size-mib`` of media) exported before and after it
  was stamped, verified with the tokens checked against the authority's CA, beside the
  package without tokens (the reference), in the same run.

    .venv/bin/python -m benchmarks.bench_timestamps [--rounds 20] [--size-mib 16] [--runs 5]

Medians; ratios are ours / reference. No goal is asserted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx
from cryptography import x509

from app.core.export import export_package
from app.crypto.age import X25519Identity
from app.crypto.signing import parse_trusted_signers
from app.formats import timestamps as ts
from app.formats.package.verify import verify_package
from app.sync.profile import PlatformProfile, TimestampAuthority
from app.sync.timestamping import request_token, stamp_pending
from tests.package.support import (
    ACTOR,
    create_vault,
    sealed_testimony,
    set_platform,
    trusted_line,
)
from tests.timestamps.tsa import AuthorityServer, make_authority


def _median(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--size-mib", type=int, default=16)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-ts-") as scratch:
        base = Path(scratch)
        authority = make_authority(base / "tsa")
        root = ts.build_tree(["ab" * 32, "cd" * 32, "ef" * 32])[0]
        query = ts.timestamp_request(root, 12345)
        with AuthorityServer(authority) as server:
            entry = TimestampAuthority("bench-tsa", server.url, authority.ca_pem.decode(),
                                       False)
            cancel = threading.Event()
            ours = _median(lambda: request_token(entry, root, proxy=None, cancel=cancel),
                           args.rounds)
            bare = _median(lambda: httpx.post(
                server.url, content=query,
                headers={"Content-Type": "application/timestamp-query"}).raise_for_status(),
                args.rounds)
            print(f"round trip (ms): ours {ours * 1000:.1f}, bare POST {bare * 1000:.1f}, "
                  f"ratio {ours / bare:.2f}x (median of {args.rounds})")

            vault = create_vault(base / "vault")
            platform = X25519Identity.generate()
            set_platform(vault, platform)
            testimony = sealed_testimony(
                vault, {"clip.mp4": os.urandom(args.size_mib * 1024 * 1024)})
            for number in range(7):  # a tree of 8 leaves: a proof path of 3 steps
                sealed_testimony(vault, {f"n{number}.txt": b"x"})
            (base / "before").mkdir()
            (base / "after").mkdir()
            plain = export_package(vault.connection, vault.blobs, vault.device, testimony,
                                   base / "before", [], ACTOR).path
            profile = PlatformProfile("bench", "https://platform.test/",
                                      authority.ca_pem.decode(), str(platform.recipient), "",
                                      None, (entry,))
            stamp_pending(vault, profile, cancel=cancel, actor=ACTOR)
            stamped = export_package(vault.connection, vault.blobs, vault.device, testimony,
                                     base / "after", [], ACTOR).path
            signers = parse_trusted_signers(trusted_line(vault))
            vault.lock()
        anchors = x509.load_pem_x509_certificates(authority.ca_pem)

        def check(path: Path, authorities: list[x509.Certificate] | None) -> None:
            report = verify_package(lambda: path.open("rb"), [platform], signers,
                                    trusted_authorities=authorities)
            assert report.ok, report.message

        with_tokens = _median(lambda: check(stamped, anchors), args.runs)
        unchecked = _median(lambda: check(stamped, None), args.runs)
        without = _median(lambda: check(plain, anchors), args.runs)
        print(f"verify {args.size_mib} MiB (s): with a token checked {with_tokens:.3f}, "
              f"token read but not checked {unchecked:.3f}, without tokens {without:.3f}, "
              f"ratio {with_tokens / without:.3f}x (median of {args.runs})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
