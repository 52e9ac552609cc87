"""Peak memory of `verify` and `package import` on hostile packages.

- amplification: the issue's 92 MiB package, every JSON document ``[{},{},…]`` (about
  18.4 MiB each), signed by an unknown key; verified without and with
  ``--trusted-signers`` (which do not hold that key), and imported by a coordinator;
- worst case: every document as large as the caps allow (bytes and JSON values) and a
  custody log validly signed by the unknown key, so the verifier parses the most it ever
  parses before failing at ``seal``.

Each command runs in its own child process; its peak RSS is ru_maxrss from wait4. The
packages are built in another child first, so this process stays small (Linux carries a
parent's peak over into a child's ru_maxrss across fork and exec).

    .venv/bin/python -m benchmarks.bench_hostile_package [--dir DIR]

Goal: every peak <= 150 MiB.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from app.crypto.age import X25519Identity
from app.crypto.signing import DeviceIdentity
from tests.package.hostile_packages import MIB, amplification_package, worst_case_package

PASSPHRASE = "benchmark passphrase"
GOAL_MIB = 150


def _peak(argv: list[str]) -> tuple[int, float]:
    """(exit code, peak RSS in MiB) of one child process."""
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    return child.returncode, usage.ru_maxrss / 1024


def _build(base: Path) -> None:
    recipient = X25519Identity.parse((base / "platform.key").read_text().strip()).recipient
    unknown = DeviceIdentity.generate()
    amplification_package(base / "amplify.age", recipient, unknown, int(18.4 * MIB))
    worst_case_package(base / "worst.age", recipient, unknown)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=None, help="work folder (default: a temp)")
    parser.add_argument("--build", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build is not None:
        _build(args.build)
        return 0
    with tempfile.TemporaryDirectory(dir=args.dir) as work:
        base = Path(work)
        platform = X25519Identity.generate()
        identity = base / "platform.key"
        identity.write_text(str(platform) + "\n")
        signers = base / "allowed_signers"
        known = DeviceIdentity.generate().public_key
        signers.write_text(known.allowed_signers_line("known") + "\n")
        amplify, worst = base / "amplify.age", base / "worst.age"
        subprocess.run(
            [sys.executable, "-m", "benchmarks.bench_hostile_package", "--build", str(base)],
            check=True,
        )
        secret = base / "secret"
        secret.write_text(PASSPHRASE + "\n")
        vault = ["--vault", str(base / "vault"), "--passphrase-file", str(secret)]
        app = [sys.executable, "-m", "app"]
        subprocess.run([*app, *vault, "init", "--kdf-floor"], check=True, capture_output=True)
        runs = {
            "verify amplification (no trusted signers)": [
                *app, "verify", str(amplify), "--identity", str(identity)
            ],
            "verify amplification (--trusted-signers)": [
                *app, "verify", str(amplify), "--identity", str(identity),
                "--trusted-signers", str(signers),
            ],
            "package import amplification": [
                *app, *vault, "package", "import", str(amplify), "--identity", str(identity)
            ],
            "verify worst case within the caps": [
                *app, "verify", str(worst), "--identity", str(identity)
            ],
            "package import worst case": [
                *app, *vault, "package", "import", str(worst), "--identity", str(identity)
            ],
        }  # fmt: skip
        print(f"amplification package: {amplify.stat().st_size / MIB:.1f} MiB")
        print(f"worst-case package:    {worst.stat().st_size / MIB:.1f} MiB")
        worst_peak = 0.0
        for name, argv in runs.items():
            code, peak = _peak(argv)
            worst_peak = max(worst_peak, peak)
            print(f"{name:45} exit {code}  peak RSS {peak:7.1f} MiB")
        verdict = "met" if worst_peak <= GOAL_MIB else "MISSED"
        print(f"goal <= {GOAL_MIB} MiB: {verdict} (highest {worst_peak:.1f} MiB)")
        return 0 if worst_peak <= GOAL_MIB else 1


if __name__ == "__main__":
    raise SystemExit(main())
