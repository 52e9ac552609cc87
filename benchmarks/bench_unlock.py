"""Vault unlock cost: our key slots against the Argon2 reference implementation.

Run as ``.venv/bin/python -m benchmarks.bench_unlock [--target 1.0] [--repeat 5]``.

For the floor parameters (m=64 MiB, t=3, p=4) and for the parameters ``calibrate`` picks
on this machine, it times ``unlock`` with the passphrase and with the recovery key (one
Argon2id derivation plus an AEAD open each), and the ``argon2`` command line of the
Argon2 authors (Debian package ``argon2``) deriving with the same parameters. Peak memory
of each is measured in a child process with ``resource.getrusage``. Secrets reach the
child processes on stdin, never in argv.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from app.crypto.kdf import FLOOR, Argon2Params, calibrate
from app.crypto.keyslots import create_keyslots, new_master_key, unlock
from app.crypto.recovery import RecoveryKey
from app.storage.keyslot_file import write_keyslots

PASSPHRASE = "a benchmark passphrase, long enough"
SALT_TEXT = "benchmarksalt16b"


def _median_seconds(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _reference_command(params: Argon2Params) -> list[str]:
    return [
        "argon2", SALT_TEXT, "-id", "-t", str(params.iterations),
        "-k", str(params.memory_kib), "-p", str(params.lanes), "-l", "32", "-r",
    ]  # fmt: skip


def _peak_mib(command: list[str], stdin: bytes) -> float:
    """Peak resident memory of ``command``, measured by a fresh wrapper process."""
    wrapper = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], input=sys.stdin.buffer.read(), check=True,"
        " stdout=subprocess.DEVNULL)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", wrapper, *command], input=stdin, capture_output=True, check=True
    )
    return int(result.stdout) / 1024  # Linux reports KiB


def _child_unlock(path: Path) -> None:
    from app.storage.keyslot_file import read_keyslots

    secret = sys.stdin.read()
    unlock(read_keyslots(path), secret)


def _measure(label: str, params: Argon2Params, folder: Path, repeat: int) -> None:
    master_key = new_master_key()
    recovery = RecoveryKey.generate()
    slots = create_keyslots(master_key, PASSPHRASE, recovery, params)
    path = folder / f"keyslots-{params.memory_kib}-{params.iterations}"
    write_keyslots(path, slots)

    passphrase_s = _median_seconds(lambda: unlock(slots, PASSPHRASE), repeat)
    recovery_s = _median_seconds(lambda: unlock(slots, recovery.formatted()), repeat)
    ours_peak = _peak_mib(
        [sys.executable, "-m", "benchmarks.bench_unlock", "--child-unlock", str(path)],
        PASSPHRASE.encode(),
    )
    print(f"\n{label}: {params.describe()}")
    print(f"  unlock, passphrase     {passphrase_s * 1000:8.0f} ms   peak {ours_peak:6.0f} MiB")
    print(f"  unlock, recovery key   {recovery_s * 1000:8.0f} ms")
    if shutil.which("argon2") is None:
        print("  argon2 reference CLI not installed (apt-get install argon2): no comparison")
        return
    command = _reference_command(params)
    reference_s = _median_seconds(
        lambda: subprocess.run(
            command, input=PASSPHRASE.encode(), check=True, stdout=subprocess.DEVNULL
        ),
        repeat,
    )
    reference_peak = _peak_mib(command, PASSPHRASE.encode())
    print(
        f"  argon2 reference CLI   {reference_s * 1000:8.0f} ms   peak {reference_peak:6.0f} MiB"
        f"   (ours / reference: {passphrase_s / reference_s:.2f}x)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--target", type=float, default=1.0, help="calibration target, seconds")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--child-unlock", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_unlock is not None:
        _child_unlock(args.child_unlock)
        return 0

    import tempfile  # the benchmark, not the app, keeps its keyslot files in a temp folder

    print(f"Python {sys.version.split()[0]}, {resource.getpagesize()} B pages")
    with tempfile.TemporaryDirectory() as folder:
        _measure("Floor", FLOOR, Path(folder), args.repeat)

        fractions: list[float] = []
        started = time.perf_counter()
        calibrated = calibrate(args.target, progress=fractions.append)
        took = time.perf_counter() - started
        print(
            f"\nCalibration for {args.target:.1f} s took {took:.1f} s "
            f"({len(fractions)} progress reports) and chose {calibrated.describe()}"
        )
        _measure("Calibrated", calibrated, Path(folder), args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
