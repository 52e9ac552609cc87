"""Duress unlock against a real unlock: from the secret to the first screen's data.

Run as ``.venv/bin/python -m benchmarks.bench_duress [--runs 20] [--floor]``.

Argon2id is calibrated once to this machine (as ``init`` does) and both vaults use those
parameters (``--floor`` uses the minimum instead, where the decoy's fixed cost weighs
most). Each run builds a real vault holding a few cases and a media file with a duress
passphrase and a prepared decoy, then times ``Session.unlock`` plus the case list (what
the window's first screen reads) with the real passphrase, and on a copy with the duress
passphrase (the real vault erased, the decoy made). Runs alternate so that load from
other programs falls on both. Prints medians and the ratio duress / real.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from app.crypto.kdf import FLOOR, Argon2Params, calibrate
from app.services import coercion, records
from app.services.session import Session

PASS = "the real passphrase for the benchmark"
DURESS = "the duress passphrase for the benchmark"
DECOY = {"cases": [{"title": f"Decoy case {n}", "region": "North"} for n in range(3)]}


def _build(folder: Path, params: Argon2Params) -> None:
    session, _ = Session.create(folder, PASS, params=params)
    for number in range(5):
        records.add_case(session, {"title": f"Real case {number}"})
    written = session.blobs.write(io.BytesIO(os.urandom(2 << 20)))
    session.blobs.release(written.blob_id)
    coercion.set_duress(session, DURESS, json.dumps(DECOY).encode("utf-8"))
    session.lock()


def _time_unlock(folder: Path, secret: str) -> float:
    started = time.perf_counter()
    session = Session.unlock(folder, secret)
    records.list_cases(session)
    elapsed = time.perf_counter() - started
    session.lock()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--floor", action="store_true")
    args = parser.parse_args()
    params = FLOOR if args.floor else calibrate()
    real: list[float] = []
    duress: list[float] = []
    with tempfile.TemporaryDirectory(dir=Path.cwd()) as scratch:
        template = Path(scratch) / "template"
        _build(template, params)
        for run in range(args.runs):
            a, b = Path(scratch) / "a", Path(scratch) / "b"
            shutil.copytree(template, a)
            shutil.copytree(template, b)
            os.sync()
            if run % 2:
                duress.append(_time_unlock(b, DURESS))
                real.append(_time_unlock(a, PASS))
            else:
                real.append(_time_unlock(a, PASS))
                duress.append(_time_unlock(b, DURESS))
            shutil.rmtree(a)
            shutil.rmtree(b)
    r, d = statistics.median(real), statistics.median(duress)
    print(
        f"Argon2id {params.memory_kib // 1024} MiB, {params.iterations} passes, "
        f"{params.lanes} lanes; {args.runs} runs each (medians)"
    )
    print(f"real unlock + case list:   {r * 1000:.1f} ms  (min {min(real) * 1000:.1f})")
    print(f"duress unlock + case list: {d * 1000:.1f} ms  (min {min(duress) * 1000:.1f})")
    print(f"ratio duress / real: median {d / r:.3f}   min/min {min(duress) / min(real):.3f}")


if __name__ == "__main__":
    main()
