"""`phone verify` of a ProofMode-signed video versus `sha256sum` of the same file.

A fresh OpenPGP key signs a random "video" (and its CSV and JSON proofs) the way ProofMode
does; the page cache is warmed, then `sha256sum FILE` and `evidence-vault phone verify
FOLDER` run alternately, best of ``--runs`` each, both as child processes. The verifier
does more than sha256sum: it also checks three signatures, parses the proofs and asks the
C2PA SDK whether the file carries content credentials; the one SHA-256 pass over the media
serves both the content hash and the media signature.

    .venv/bin/python -m benchmarks.bench_phone_verify [--size-mib 1024] [--runs 3] [--dir DIR]

Goal: phone verify <= 1.5 x sha256sum's time; peak memory flat (VmHWM printed). Where
`openssl` is installed its SHA-256 of the same file is printed too: coreutils' sha256sum
may not use the CPU's SHA instructions, OpenSSL (which Python's hashlib uses) does.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MIB = 1024 * 1024

_CHILD = """
import sys, time
from pathlib import Path
start = time.perf_counter()
from app.cli import run
code = run(["phone", "verify", sys.argv[1], "--json"])
seconds = time.perf_counter() - start
hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM")][0].split()[1]
print(f"BENCH {seconds:.6f} {hwm} {code}", file=sys.stderr)
"""


def _timed(argv: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    result = subprocess.run(argv, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if result.returncode not in (0,):
        raise SystemExit(f"{argv[0]} failed: {result.stderr[-500:]}")
    return seconds, result.stderr


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mib", type=int, default=1024)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()))
    args = parser.parse_args(argv)
    sha256sum = shutil.which("sha256sum")
    if sha256sum is None:
        print("sha256sum is not installed: nothing to compare with")
        return 1
    from tests.phone.support import new_key, proofmode_folder

    work = Path(tempfile.mkdtemp(prefix="bench-phone-", dir=args.dir))
    try:
        raw = work / "raw.mp4"
        block = os.urandom(MIB)
        with raw.open("wb") as handle:
            for _ in range(args.size_mib):
                handle.write(block)
        bundle = proofmode_folder(work / "bundle", "VID_20240301.mp4", raw, new_key())
        _timed([sha256sum, str(bundle.media)])  # warm the page cache
        openssl = shutil.which("openssl")
        ours: list[float] = []
        reference: list[float] = []
        hashed: list[float] = []
        peaks: list[int] = []
        for _ in range(args.runs):
            seconds, _ = _timed([sha256sum, str(bundle.media)])
            reference.append(seconds)
            if openssl:  # the same SHA-256 code as ours (OpenSSL), without the checks
                hashed.append(_timed([openssl, "dgst", "-sha256", str(bundle.media)])[0])
            seconds, stderr = _timed([sys.executable, "-c", _CHILD, str(bundle.folder)])
            line = next(x for x in stderr.splitlines() if x.startswith("BENCH "))
            _, _inner, hwm, code = line.split()
            assert code == "0", "the bundle did not verify"
            ours.append(seconds)
            peaks.append(int(hwm))
        best_ours, best_ref = min(ours), min(reference)
        print(f"media:            {args.size_mib} MiB ProofMode-signed video (folder bundle)")
        print(f"sha256sum:        {best_ref:.2f} s (best of {args.runs})")
        print(f"phone verify:     {best_ours:.2f} s (best of {args.runs}, whole command)")
        print(f"ratio:            {best_ours / best_ref:.2f} x sha256sum (goal <= 1.5)")
        if hashed:
            print(
                f"openssl dgst:     {min(hashed):.2f} s; phone verify = "
                f"{best_ours / min(hashed):.2f} x openssl's SHA-256 of the same file"
            )
        print(
            f"throughput:       {args.size_mib / best_ours:.0f} MiB/s "
            f"vs {args.size_mib / best_ref:.0f} MiB/s"
        )
        print(f"peak RSS:         {max(peaks) / 1024:.0f} MiB (VmHWM of the verifying process)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
