"""A working copy of a large video (location atoms removed) versus `cp` of the same file.

The video is a real MP4 from ffmpeg carrying a location, with a second media data box
of random bytes appended to reach the size asked for. It is imported and sealed (not
timed); then, in the same run, `cp` copies the plaintext file on the same disk and
`attachment derive` makes working copies. The copy keeps every byte offset (its
metadata boxes are blanked in place), so it is stored as an overlay over the sealed
original (blob format version 2): the original's blob is decrypted once and hashed
twice on two helper threads, as itself (checked against its record) and as the copy
(the SHA-256 the custody event names); then a blob of a few hundred bytes is written
and fsynced, read again by the metadata reader, and recorded with its signed event.
`cp` neither decrypts nor hashes nor fsyncs. Printed beside it: `cp` followed by
`sync`; SHA-256 of the plaintext file once, in this process (hashlib, as the vault
uses: less than any copy whose hash is recorded can cost); and importing the same
file (a full encrypted blob written and fsynced: what a working copy cost before
overlays, and what copies that move bytes, JPEG, PNG, WebP or PDF, still cost).

    .venv/bin/python -m benchmarks.bench_working_copy [--size-mib 1024] [--runs 2] [--dir DIR]
        [--layout start|end]

``--layout end`` puts the movie header last, as many recorders write it: the copy
then differs from the original only in its last bytes, and its hash is forked from the
original's there (one hash over the rest instead of two).

Goal: working copy <= 1.5 x cp. Prints the ratio; asserts nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MIB = 1024 * 1024
PASSPHRASE = "benchmark passphrase"


def _video(folder: Path, size_mib: int, layout: str) -> Path:
    """The sample: with ``layout`` "start" (ffmpeg's +faststart) the movie header comes
    first and a second media data box of random bytes is appended; with "end" the random
    bytes extend the one media data box, after the frames its chunk offsets point to,
    and the movie header comes last."""
    small = folder / "small.mp4"
    flags = ["-movflags", "+faststart"] if layout == "start" else []
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=s=320x240:d=2",
         "-metadata", "location=+53.9000+027.5667/", *flags, str(small)],
        check=True, timeout=120,
    )  # fmt: skip
    data = small.read_bytes()
    path = folder / "video.mp4"
    extra = max(0, size_mib * MIB - len(data) - 16)
    with path.open("wb") as out:
        if layout == "start":
            out.write(data)
            # A second media data box: valid ISO BMFF, bytes no track points to.
            out.write((1).to_bytes(4, "big") + b"mdat" + (16 + extra).to_bytes(8, "big"))
        else:
            # ffmpeg writes ftyp, an 8-byte free box, mdat, moov: the free box and the
            # mdat header become one 16-byte mdat header, so the frames stay in place.
            ftyp = int.from_bytes(data[:4], "big")
            mdat = ftyp + 8
            if data[ftyp + 4 : ftyp + 8] != b"free" or data[mdat + 4 : mdat + 8] != b"mdat":
                raise RuntimeError("ffmpeg wrote an unexpected layout")
            frames = int.from_bytes(data[mdat : mdat + 4], "big") - 8
            out.write(data[:ftyp])
            out.write((1).to_bytes(4, "big") + b"mdat" + (16 + frames + extra).to_bytes(8, "big"))
            out.write(data[mdat + 8 : mdat + 8 + frames])
        left = extra
        while left:
            chunk = os.urandom(min(left, 16 * MIB))
            out.write(chunk)
            left -= len(chunk)
        if layout == "end":
            out.write(data[mdat + 8 + frames :])  # the movie header, last
    return path


def _best(runs: int, action: object) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return min(times)


def _load() -> str:
    """The 1-minute load average (the machine may be busy with other work), if known."""
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except (AttributeError, OSError):  # Windows has none
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mib", type=int, default=1024)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()))
    parser.add_argument(
        "--layout",
        choices=("start", "end"),
        default="start",
        help="where the movie header is: start (+faststart, the default) or end (as many"
        " recorders write it; the copy's hash then shares the original's until the last bytes)",
    )
    args = parser.parse_args(argv)
    if shutil.which("ffmpeg") is None:
        print("ffmpeg is needed to make the sample video", file=sys.stderr)
        return 2

    from app.crypto.kdf import FLOOR
    from app.services import attachments, packages, records
    from app.services.session import Session

    with tempfile.TemporaryDirectory(dir=args.dir, prefix="bench-working-copy-") as scratch:
        folder = Path(scratch)
        video = _video(folder, args.size_mib, args.layout)
        size = video.stat().st_size
        session, _ = Session.create(folder / "vault", PASSPHRASE, params=FLOOR)
        try:
            case = records.add_case(session, {"title": "Bench"})
            consent = {
                "interview": True, "audio_recording": False, "share_with_platform": True,
                "share_onward": True, "be_named": False, "recontact": False,
                "given_at": "2026-11-01T10:00:00Z", "method": "oral",
            }  # fmt: skip
            values = {"person": {"code": "B-1", "role": "witness"}, "consent": consent,
                      "narrative": ""}  # fmt: skip
            testimony = records.add_testimony(session, case.id, values).id
            original = attachments.attach(session, testimony, video)
            packages.seal(session, testimony)
            target = folder / "copy.mp4"

            def copy_file() -> None:
                target.unlink(missing_ok=True)
                subprocess.run(["cp", str(video), str(target)], check=True)

            def copy_and_sync() -> None:
                copy_file()
                subprocess.run(["sync", str(target)], check=True)

            removed: list[str] = []
            stored: list[str] = []

            def derive() -> None:
                made = attachments.derive(
                    session, original.id, strip_location=True, strip_device=True
                )
                removed[:] = made.transformation["removed"]
                blob = made.copy.blob_id
                kind = "overlay" if session.blobs.overlay_of(blob) is not None else "whole blob"
                stored[:] = [f"{kind}, {session.blobs.path_of(blob).stat().st_size:,} bytes"]

            def import_again() -> None:
                attachments.attach(session, draft, video)

            def hash_file() -> None:
                digest, buffer = hashlib.sha256(), bytearray(MIB)
                with video.open("rb", buffering=0) as plain:
                    while count := plain.readinto(buffer):
                        digest.update(memoryview(buffer)[:count])

            draft = records.add_testimony(session, case.id, values).id
            copy_file()  # warm the page cache for both sides alike
            load_before = _load()
            cp_seconds = _best(args.runs, copy_file)
            cp_sync_seconds = _best(args.runs, copy_and_sync)
            hash_seconds = _best(args.runs, hash_file)
            derive_seconds = _best(args.runs, derive)
            import_seconds = _best(args.runs, import_again)
            load_after = _load()
        finally:
            session.lock()
    ratio = derive_seconds / cp_seconds
    print(
        f"file: {size / MIB:.0f} MiB MP4 (location atom, random media data, movie header at"
        f" the {args.layout}), runs: {args.runs}"
    )
    print(f"removed: {', '.join(removed)}; the copy is stored as: {stored[0]}")
    print(f"load average (1 min) before / after the timed runs: {load_before} / {load_after}")
    print(f"cp:            {cp_seconds:7.2f} s  ({size / MIB / cp_seconds:7.0f} MiB/s)")
    print(f"cp + sync:     {cp_sync_seconds:7.2f} s  ({size / MIB / cp_sync_seconds:7.0f} MiB/s)")
    print(f"sha256 once:   {hash_seconds:7.2f} s  ({size / MIB / hash_seconds:7.0f} MiB/s)")
    print(f"import:        {import_seconds:7.2f} s  ({size / MIB / import_seconds:7.0f} MiB/s)")
    print(f"working copy:  {derive_seconds:7.2f} s  ({size / MIB / derive_seconds:7.0f} MiB/s)")
    print(f"ratio working copy / cp:        {ratio:.2f} x (goal <= 1.5 x)")
    print(f"ratio working copy / cp + sync: {derive_seconds / cp_sync_seconds:.2f} x")
    print(f"ratio working copy / sha256:    {derive_seconds / hash_seconds:.2f} x")
    print(f"ratio working copy / import:    {derive_seconds / import_seconds:.2f} x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
