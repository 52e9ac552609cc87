"""Exporting a sealed testimony with large media versus `age -r` on the same bytes, and
verifying the package versus `age -d`.

Export streams the media from the vault (decrypting the blob), hashes it, tars it and
age-encrypts it into a file, then fsyncs and reads the file back to compare its SHA-256;
`age -r` only encrypts. Verify decrypts, reads the tar strictly and checks every
checksum, the signature and the custody chain; `age -d` (to /dev/null) only decrypts.
Each side runs in its own child process so peak memory (ru_maxrss from wait4) is its own.

    .venv/bin/python -m benchmarks.bench_export [--size-mib 1024] [--runs 2] [--dir DIR]

Goals: export <= 1.0 x age -r; verify <= 1.0 x age -d; peak RSS of both <= 150 MiB.
Also printed: the export's read-back on its own, and `age -r` followed by `sync FILE`
(an export fsyncs its file, which ties it to the device's write speed).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

PASSPHRASE = "benchmark passphrase"
MIB = 1024 * 1024
ACTOR = "bench"


def _reset_peak() -> None:
    """Start a new peak-RSS measurement (Linux: writing 5 to clear_refs resets VmHWM)."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def _peak_kib() -> int:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _child_export(folder: str, testimony_id: str, out_dir: str) -> int:
    """In the child: unlock (not timed), export (timed), print seconds, file, peak."""
    import app.core.export as export_module
    from app.storage.vault import Vault

    # Time the read-back (the file re-read from the device after the page cache was
    # dropped) on its own: age -r does nothing like it, so the figures show both.
    read_back = export_module.read_back
    spent: list[float] = []

    def timed_read_back(*args: Any, **kwargs: Any) -> None:
        begin = time.perf_counter()
        read_back(*args, **kwargs)
        spent.append(time.perf_counter() - begin)

    export_module.read_back = timed_read_back  # type: ignore[assignment]  # measuring only
    export_package = export_module.export_package
    with Vault.unlock(Path(folder), PASSPHRASE) as vault:
        _reset_peak()  # Argon2id's 64 MiB during unlock are not the export's memory
        start = time.perf_counter()
        result = export_package(
            vault.connection, vault.blobs, vault.device, testimony_id, Path(out_dir), [], ACTOR
        )
        seconds = time.perf_counter() - start
    print(f"{seconds:.6f} {result.path} {_peak_kib()} {spent[0]:.6f}", flush=True)
    return 0


def _child_verify(package: str, key: str, allowed: str) -> int:
    from app.crypto.age import parse_identities
    from app.crypto.signing import parse_trusted_signers
    from app.formats.package.verify import verify_package

    identities = parse_identities(Path(key).read_text())
    trusted = parse_trusted_signers(Path(allowed).read_text())
    path = Path(package)
    _reset_peak()
    start = time.perf_counter()
    report = verify_package(lambda: path.open("rb"), identities, trusted)
    seconds = time.perf_counter() - start
    if not report.ok:
        raise SystemExit(f"verify failed: {report.failed_check}: {report.message}")
    print(f"{seconds:.6f} {_peak_kib()}", flush=True)
    return 0


def _make_vault(folder: Path, media: Path, recipient: str) -> tuple[str, str]:
    """A vault with one sealed testimony carrying ``media``; returns (id, allowed line)."""
    from app.core.cases import add_case
    from app.core.ids import new_id, utc_timestamp
    from app.core.records import parse_case_input, parse_testimony_input
    from app.core.sealing import seal_testimony
    from app.core.settings import PLATFORM_RECIPIENT, set_setting
    from app.core.testimonies import add_testimony
    from app.crypto.kdf import FLOOR
    from app.crypto.signing import NAMESPACE_CUSTODY, NAMESPACE_PACKAGE
    from app.storage.database import transaction
    from app.storage.vault import Vault

    testimony = {
        "person": {"code": "B-1", "role": "witness"},
        "interview": {"started_at": "2024-01-01T00:00:00Z", "place": "x", "interviewer": "x",
                      "language": "en", "interpreter": ""},
        "consent": {"interview": True, "audio_recording": True, "share_with_platform": True,
                    "share_onward": False, "be_named": False, "recontact": False,
                    "given_at": "2024-01-01T00:00:00Z", "method": "oral"},
        "incidents": [],
        "narrative": "benchmark",
    }  # fmt: skip
    vault, _ = Vault.create(folder, PASSPHRASE, params=FLOOR)
    with vault:
        conn, device = vault.connection, vault.device
        case = add_case(conn, device, parse_case_input({"title": "b"}), ACTOR)
        testimony_id = add_testimony(
            conn, device, case.id, parse_testimony_input(testimony), ACTOR
        ).id
        with media.open("rb") as source:
            written = vault.blobs.write(source)
        with transaction(conn):
            conn.execute(
                "INSERT INTO attachments (id, testimony_id, blob_id, original_name, size,"
                " sha256, media_type, imported_at, metadata_json, has_location)"
                " VALUES (?, ?, ?, 'video.mp4', ?, ?, 'video/mp4', ?, '{}', 0)",
                (new_id(), testimony_id, written.blob_id, written.size, written.sha256,
                 utc_timestamp()),
            )  # fmt: skip
        vault.blobs.release(written.blob_id)
        seal_testimony(conn, vault.blobs, device, testimony_id, ACTOR)
        set_setting(conn, device, PLATFORM_RECIPIENT, recipient, ACTOR)
        allowed = device.public_key.allowed_signers_line(
            "bench", [NAMESPACE_PACKAGE, NAMESPACE_CUSTODY]
        )
    return testimony_id, allowed


def _run(argv: list[str]) -> tuple[float, int, str]:
    """Wall-clock seconds, peak RSS in KiB (this child only) and stdout of ``argv``."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    out = child.stdout.read().decode() if child.stdout else ""
    err = child.stderr.read().decode() if child.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{argv[0]} failed: {err}")
    return seconds, usage.ru_maxrss, out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size-mib", type=int, default=1024)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument("--child-export", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--child-verify", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--child-prepare", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_export:
        return _child_export(*args.child_export)
    if args.child_verify:
        return _child_verify(*args.child_verify)
    if args.child_prepare:
        folder, media_path, recipient = args.child_prepare
        print(json.dumps(_make_vault(Path(folder), Path(media_path), recipient)))
        return 0

    if shutil.which("age") is None or shutil.which("age-keygen") is None:
        raise SystemExit("age and age-keygen must be installed")
    work = Path(tempfile.mkdtemp(prefix="bench-export-", dir=args.dir))
    me = [sys.executable, "-m", "benchmarks.bench_export"]
    try:
        media = work / "media.bin"
        with media.open("wb") as handle:
            for _ in range(args.size_mib):
                handle.write(os.urandom(MIB))
        key = work / "key.txt"
        subprocess.run(["age-keygen", "-o", str(key)], check=True, capture_output=True)
        recipient = subprocess.run(
            ["age-keygen", "-y", str(key)], check=True, capture_output=True, text=True
        ).stdout.strip()
        print("preparing the vault (import and seal, not timed) ...", flush=True)
        # In a child, so this process stays small: a child's peak RSS counts the memory
        # of the parent it was forked from.
        _, _, out = _run([*me, "--child-prepare", str(work / "vault"), str(media), recipient])
        testimony_id, allowed_line = json.loads(out)
        allowed = work / "allowed_signers"
        allowed.write_text(allowed_line + "\n")
        with media.open("rb") as handle:  # warm the page cache for age's side
            while handle.read(16 * MIB):
                pass

        best = {"age -r": 1e9, "age+sync": 1e9, "export": 1e9, "age -d": 1e9, "verify": 1e9}
        read_back_best = 1e9
        rss = dict.fromkeys(best, 0)
        own = {"export": 0, "verify": 0}  # peak RSS of the timed part alone (VmHWM)
        for run in range(args.runs):
            out_dir = work / f"stick{run}"
            out_dir.mkdir()
            age_out = work / f"age{run}.age"
            timings: dict[str, float] = {}
            wall, rss_kib, _ = _run(["age", "-r", recipient, "-o", str(age_out), str(media)])
            timings["age -r"], rss["age -r"] = wall, max(rss["age -r"], rss_kib)
            age_out.unlink()
            # The same, made durable like an export (which fsyncs before its rename).
            begin = time.perf_counter()
            _run(["age", "-r", recipient, "-o", str(age_out), str(media)])
            _run(["sync", str(age_out)])
            timings["age+sync"] = time.perf_counter() - begin
            _, rss_kib, out = _run(
                [*me, "--child-export", str(work / "vault"), testimony_id, str(out_dir)]
            )
            seconds, package, peak, read_back = out.split()
            read_back_best = min(read_back_best, float(read_back))
            timings["export"], rss["export"] = float(seconds), max(rss["export"], rss_kib)
            own["export"] = max(own["export"], int(peak))
            wall, rss_kib, _ = _run(["age", "-d", "-i", str(key), "-o", os.devnull, package])
            timings["age -d"], rss["age -d"] = wall, max(rss["age -d"], rss_kib)
            _, rss_kib, out = _run([*me, "--child-verify", package, str(key), str(allowed)])
            seconds, peak = out.split()
            timings["verify"], rss["verify"] = float(seconds), max(rss["verify"], rss_kib)
            own["verify"] = max(own["verify"], int(peak))
            print(f"run {run + 1}: " + ", ".join(f"{k} {v:.2f} s" for k, v in timings.items()))
            for name, value in timings.items():
                best[name] = min(best[name], value)
            age_out.unlink()
            shutil.rmtree(out_dir)

        size = media.stat().st_size
        print(f"\nmedia: {size / MIB:.0f} MiB, best of {args.runs} runs")
        print(f"{'':10}{'seconds':>10}{'MB/s':>10}{'peak RSS MiB':>15}{'of the step':>13}")
        for name in best:
            if name == "age+sync":
                print(f"{name:10}{best[name]:10.2f}{size / 1e6 / best[name]:10.0f}")
                continue
            step = f"{own[name] / 1024:13.1f}" if name in own else ""
            print(f"{name:10}{best[name]:10.2f}{size / 1e6 / best[name]:10.0f}"
                  f"{rss[name] / 1024:15.1f}{step}")  # fmt: skip
        export_ratio = best["export"] / best["age -r"]
        without = (best["export"] - read_back_best) / best["age -r"]
        durable = (best["export"] - read_back_best) / best["age+sync"]
        print(
            f"\nexport's read-back from the device: {read_back_best:.2f} s; export without it "
            f"/ age -r: {without:.2f}; without it / (age -r + sync): {durable:.2f}"
        )
        verify_ratio = best["verify"] / best["age -d"]
        peak = max(rss["export"], rss["verify"]) / 1024
        step_peak = max(own.values()) / 1024
        summary = {
            "export_over_age_r": round(export_ratio, 2),
            "export_without_read_back_over_age_r": round(without, 2),
            "export_without_read_back_over_age_r_sync": round(durable, 2),
            "verify_over_age_d": round(verify_ratio, 2),
            "peak_rss_mib": round(peak, 1),
            "peak_rss_of_step_mib": round(step_peak, 1),
        }
        print(
            f"\nexport / age -r: {export_ratio:.2f} (goal <= 1.0: "
            f"{'met' if export_ratio <= 1.0 else 'NOT met'})"
        )
        print(
            f"verify / age -d: {verify_ratio:.2f} (goal <= 1.0: "
            f"{'met' if verify_ratio <= 1.0 else 'NOT met'})"
        )
        print(f"peak RSS of export and verify processes: {peak:.1f} MiB, of the steps alone "
              f"{step_peak:.1f} MiB (goal <= 150 MiB: "
              f"{'met' if peak <= 150 else 'NOT met'})")  # fmt: skip
        print(json.dumps(summary))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
