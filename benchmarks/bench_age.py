"""Benchmark: our age v1 encryption and decryption against the `age` command.

    .venv/bin/python -m benchmarks.bench_age [--size-mib 1024] [--dir DIR] [--repeat 3]

Makes a random file of the given size in a fresh folder under ``--dir`` (default: the
current folder), then, in the same run and alternating the order, times our
``encrypt``/``decrypt`` (in a child Python process, import time included) against
``age -r`` / ``age -d`` on the same input. Each run is a child process under GNU
``time``, which reports its peak RSS and CPU time. Prints best and median wall time, MB/s, CPU time,
peak memory, and our time as a fraction of age's; checks both outputs decrypt to the
original. The folder is removed afterwards.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MIB = 1024 * 1024
TIME = "/usr/bin/time"  # GNU time (Debian package "time")


@dataclass
class Runs:
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    peak_mib: list[float] = field(default_factory=list)


def _child(mode: str, src: str, dst: str, key: str) -> None:
    """Our side of one timed run: plain files, no fsync (age does none either)."""
    from app.crypto.age import X25519Recipient, decrypt, encrypt, parse_identities

    with open(src, "rb") as source, open(dst, "wb") as target:
        if mode == "encrypt":
            encrypt(source, target, [X25519Recipient.parse(key)])
        else:
            decrypt(source, target, parse_identities(Path(key).read_text()))


def _timed(command: list[str]) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak RSS MiB) of one child process.

    The child runs under GNU time: Linux carries a process's peak RSS across exec, so a
    child forked straight from this Python process would report at least our own size.
    """
    start = time.perf_counter()
    result = subprocess.run(
        [TIME, "-f", "BENCH %U %S %M", *command],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    wall = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{command[0]} failed: {result.stderr}")
    line = [x for x in result.stderr.splitlines() if x.startswith("BENCH ")][-1]
    user, system, peak_kib = line.split()[1:]
    return wall, float(user) + float(system), int(peak_kib) / 1024


def _make_input(path: Path, size: int) -> str:
    digest = hashlib.sha256()
    block = 8 * MIB
    with path.open("wb") as handle:
        remaining = size
        while remaining:
            data = os.urandom(min(block, remaining))
            digest.update(data)
            handle.write(data)
            remaining -= len(data)
    return digest.hexdigest()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while data := handle.read(4 * MIB):
            digest.update(data)
    return digest.hexdigest()


def _remove(*paths: Path) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size-mib", type=int, default=1024)
    parser.add_argument("--dir", type=Path, default=Path.cwd())
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--child", nargs=4, metavar=("MODE", "SRC", "DST", "KEY"), help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)
    if args.child:
        _child(*args.child)
        return 0
    for tool in ("age", "age-keygen", TIME):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is not installed")

    work = args.dir.resolve() / f"bench-age-{os.getpid()}"
    work.mkdir(mode=0o700)
    try:
        return _bench(work, args.size_mib * MIB, args.repeat)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _bench(work: Path, size: int, repeat: int) -> int:
    plain = work / "input.bin"
    key = work / "key.txt"
    print(f"Writing {size // MIB} MiB of random data to {work} ...", flush=True)
    expected = _make_input(plain, size)
    keygen = subprocess.run(
        ["age-keygen", "-o", str(key)], capture_output=True, text=True, check=True
    )
    recipient = keygen.stderr.strip().removeprefix("Public key: ")
    ours_age, their_age = work / "ours.age", work / "age.age"
    ours_out, their_out = work / "ours.out", work / "age.out"
    python = [sys.executable, "-m", "benchmarks.bench_age", "--child"]
    commands = {
        ("encrypt", "ours"): ([*python, "encrypt", str(plain), str(ours_age), recipient], ours_age),
        ("encrypt", "age"): (["age", "-r", recipient, "-o", str(their_age), str(plain)], their_age),
        # Both decrypt the same file, the one `age` wrote.
        ("decrypt", "ours"): (
            [*python, "decrypt", str(their_age), str(ours_out), str(key)],
            ours_out,
        ),
        ("decrypt", "age"): (
            ["age", "-d", "-i", str(key), "-o", str(their_out), str(their_age)],
            their_out,
        ),
    }
    results = {name: Runs() for name in commands}
    for round_number in range(repeat):
        for operation in ("encrypt", "decrypt"):
            order = ("ours", "age") if round_number % 2 == 0 else ("age", "ours")
            for tool in order:
                command, output = commands[(operation, tool)]
                if operation == "encrypt" or output != their_age:
                    _remove(output)
                wall, cpu, peak = _timed(command)
                runs = results[(operation, tool)]
                runs.wall.append(wall)
                runs.cpu.append(cpu)
                runs.peak_mib.append(peak)
                print(
                    f"  round {round_number + 1}: {operation:7} {tool:4} {wall:6.2f} s", flush=True
                )

    # Correctness: both plaintexts match, and age opens the file we wrote.
    assert _sha256(ours_out) == expected == _sha256(their_out), "decrypted output differs"
    _remove(their_out)
    subprocess.run(["age", "-d", "-i", str(key), "-o", str(their_out), str(ours_age)], check=True)
    assert _sha256(their_out) == expected, "age could not open our file"

    _print_table(results, size)
    return 0


def _print_table(results: dict[tuple[str, str], Runs], size: int) -> None:
    mb = size / 1e6
    print()
    print(
        f"{size // MIB} MiB, {len(next(iter(results.values())).wall)} rounds, "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    header = (
        f"{'operation':9} {'tool':5} {'best s':>7} {'median s':>9} {'MB/s':>7} "
        f"{'CPU s':>6} {'peak MiB':>9} {'ours/age':>9}"
    )
    print(header)
    print("-" * len(header))
    for operation in ("encrypt", "decrypt"):
        age_best = min(results[(operation, "age")].wall)
        age_median = statistics.median(results[(operation, "age")].wall)
        for tool in ("ours", "age"):
            runs = results[(operation, tool)]
            best, median = min(runs.wall), statistics.median(runs.wall)
            ratio = f"{best / age_best:.2f}/{median / age_median:.2f}" if tool == "ours" else ""
            print(
                f"{operation:9} {tool:5} {best:7.2f} {median:9.2f} {mb / best:7.0f} "
                f"{statistics.median(runs.cpu):6.2f} {max(runs.peak_mib):9.1f} {ratio:>9}"
            )
    print("ours/age: best/median wall time; our time includes starting Python and importing.")


if __name__ == "__main__":
    sys.exit(main())
