"""The built bundle: size, start-up time and self-test time, against plain Python.

Run as ``.venv/bin/python -m benchmarks.bench_bundle [--repeat 5]`` after
``packaging/build.sh``. Prints the bundle's size (total and the ten largest files), then
times ``--version`` cold (the bundle's pages evicted from the page cache first with
``posix_fadvise(DONTNEED)``, which touches only these files) and warm, for the frozen
program and, as references, for the same program run from source by the project's
interpreter (``python -m app --version``) and for a bare interpreter start
(``python -c pass``). Then one self-test run of the bundle, offscreen, with its own
step timings, and the largest child's peak memory (``resource.getrusage``).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUNDLE = ROOT / "dist" / "evidence-vault"
EXE = BUNDLE / "evidence-vault"  # Linux: the one executable, console and windowed


def evict(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            fd = os.open(path, os.O_RDONLY)
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and the child's peak RSS in MiB (ru_maxrss of children so far)."""
    started = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True, env=env)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return seconds, peak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if not EXE.is_file():
        print("No bundle: run packaging/build.sh first.", file=sys.stderr)
        return 1
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}

    files = [p for p in BUNDLE.rglob("*") if p.is_file() and not p.is_symlink()]
    total = sum(p.stat().st_size for p in files)
    print(f"bundle: {total / 2**20:.1f} MiB in {len(files)} files ({BUNDLE})")
    for path in sorted(files, key=lambda p: p.stat().st_size, reverse=True)[:10]:
        print(f"  {path.stat().st_size / 2**20:6.1f} MiB  {path.relative_to(BUNDLE)}")

    python = sys.executable
    subjects = {
        "bundle --version": [str(EXE), "--version"],
        "source python -m app --version": [python, "-m", "app", "--version"],
        "bare python -c pass": [python, "-c", "pass"],
    }
    print(f"\nstart-up, median of {args.repeat} (cold = bundle evicted from page cache):")
    cold: list[float] = []
    for _ in range(args.repeat):
        evict(BUNDLE)
        cold.append(timed(subjects["bundle --version"], env)[0])
    print(f"  {'bundle --version (cold)':34} {statistics.median(cold):6.3f} s")
    results = {}
    for name, argv in subjects.items():
        timed(argv, env)  # warm the cache
        runs = [timed(argv, env)[0] for _ in range(args.repeat)]
        results[name] = statistics.median(runs)
        print(f"  {name + ' (warm)':34} {results[name]:6.3f} s")
    ratio = results["bundle --version"] / results["source python -m app --version"]
    print(f"  bundle / source: {ratio:.2f}x")

    started = time.perf_counter()
    done = subprocess.run(
        [str(EXE), "--json", "self-test"], capture_output=True, text=True, env=env, check=False
    )
    wall = time.perf_counter() - started
    report = json.loads(done.stdout)
    print(f"\nself-test (bundle, offscreen): {'PASSED' if report['ok'] else 'FAILED'}, "
          f"{wall:.2f} s wall, {report['seconds']:.2f} s in steps")
    for step in report["steps"]:
        print(f"  {step['name']:17} {step['seconds']:6.3f} s")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak RSS of the largest child (the self-test): {peak:.0f} MiB")
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
