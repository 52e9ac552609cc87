"""One benchmark table: every figure of the project beside its reference, in one run.

    .venv/bin/python -m benchmarks.run_all [--size-mib N] [--testimonies N] [--quick] [--json]

Runs each benchmark script as its own process (so each measures its own peak memory and
none inherits another's), keeps its full output in the log folder given by ``--log``
(default: nothing kept), reads the figures from what it printed, and prints one table:
import vs ``age -r``, the window's import vs the command line's, export vs ``age -r``,
verify vs ``age -d``, our age vs ``age``, unlock vs the argon2 reference, search p95 and
listing at N testimonies vs stock SQLite, GUI cold start vs a bare PySide6 window, upload
MiB/s vs ``curl``, the intake server vs @tus/server, and bytes re-sent after
interruptions. ``--quick`` uses small sizes to prove the pipeline works; the published
figures come from the default sizes (1 GiB media, 100,000 testimonies), which take about
11 minutes on a 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

NUMBER = r"([0-9]+(?:\.[0-9]+)?)"


@dataclass
class Row:
    figure: str
    ours: str
    reference: str
    ratio: str
    goal: str
    peak_mib: str


def _find(pattern: str, text: str, group: int = 1) -> float | None:
    match = re.search(pattern, text, re.MULTILINE)
    return float(match.group(group)) if match else None


def _fmt(value: float | None, unit: str = "", digits: int = 2) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}{unit}"


def _ratio(ours: float | None, reference: float | None) -> str:
    if ours is None or reference is None or reference == 0:
        return "n/a"
    return f"{ours / reference:.2f}x"


def _table_row(label: str, text: str) -> tuple[float | None, float | None, float | None]:
    """Seconds, MB/s and peak MiB from a ``label  seconds  MB/s ... peak`` table line."""
    match = re.search(rf"^{re.escape(label)}\s+{NUMBER}\s+{NUMBER}((?:\s+{NUMBER})*)\s*$",
                      text, re.MULTILINE)  # fmt: skip
    if match is None:
        return None, None, None
    rest = match.group(3).split()
    return float(match.group(1)), float(match.group(2)), float(rest[-1]) if rest else None


def parse_import(text: str) -> list[Row]:
    age, _, age_peak = _table_row("age", text)
    ours, _, peak = _table_row("import", text)
    return [Row("import vs age -r (s)", _fmt(ours), _fmt(age), _ratio(ours, age), "<= 0.6x",
                f"{_fmt(peak, digits=0)} / age {_fmt(age_peak, digits=0)}")]  # fmt: skip


def parse_gui_import(text: str) -> list[Row]:
    size = _find(r"^file: (\d+) MiB", text)
    label = "?" if size is None else (
        f"{size / 1024:g} GiB" if size >= 1024 else f"{size:.0f} MiB")  # fmt: skip
    gui, _, gui_peak = _table_row("GUI import", text)
    cli, _, cli_peak = _table_row("CLI import", text)
    stall = _find(rf"^longest event-loop stall during the GUI import: {NUMBER} ms", text)
    import_peak = _find(rf"^GUI peak RSS during the import: {NUMBER} MiB", text)
    # The script's own ratio is the median of per-run ratios (each run's sides back to back).
    ratio = _find(rf"^GUI / CLI import: {NUMBER}", text)
    return [
        Row(f"import {label}, GUI vs CLI (s, unlock excluded)", _fmt(gui), _fmt(cli),
            _ratio(gui, cli) if ratio is None else f"{ratio:.2f}x", "<= 1.10x",
            f"{_fmt(gui_peak, digits=0)} (import {_fmt(import_peak, digits=0)}) / CLI "
            f"{_fmt(cli_peak, digits=0)}"),
        Row(f"longest GUI event-loop stall, import {label} (ms)", _fmt(stall, digits=0), "-",
            "-", "-", "-"),
    ]  # fmt: skip


def parse_export(text: str) -> list[Row]:
    age_r, _, age_r_peak = _table_row("age -r", text)
    export_s, _, _ = _table_row("export", text)
    age_d, _, age_d_peak = _table_row("age -d", text)
    verify_s, _, _ = _table_row("verify", text)
    export_peak = _find(rf"^export\s+{NUMBER}\s+{NUMBER}\s+{NUMBER}", text, 3)
    verify_peak = _find(rf"^verify\s+{NUMBER}\s+{NUMBER}\s+{NUMBER}", text, 3)
    return [
        Row("export vs age -r (s)", _fmt(export_s), _fmt(age_r), _ratio(export_s, age_r),
            "<= 1.0x", f"{_fmt(export_peak, digits=0)} / age {_fmt(age_r_peak, digits=0)}"),
        Row("verify vs age -d (s)", _fmt(verify_s), _fmt(age_d), _ratio(verify_s, age_d),
            "<= 1.0x", f"{_fmt(verify_peak, digits=0)} / age {_fmt(age_d_peak, digits=0)}"),
    ]  # fmt: skip


def parse_age(text: str) -> list[Row]:
    rows = []
    for operation in ("encrypt", "decrypt"):
        pattern = rf"^{operation}\s+%s\s+{NUMBER}\s+{NUMBER}\s+{NUMBER}\s+{NUMBER}\s+{NUMBER}"
        ours = _find(pattern % "ours", text)
        theirs = _find(pattern % "age", text)
        peak = _find(pattern % "ours", text, 5)
        their_peak = _find(pattern % "age", text, 5)
        rows.append(Row(f"our age {operation} vs age (s)", _fmt(ours), _fmt(theirs),
                        _ratio(ours, theirs), "-",
                        f"{_fmt(peak, digits=0)} / age {_fmt(their_peak, digits=0)}"))  # fmt: skip
    return rows


def parse_unlock(text: str) -> list[Row]:
    ours = _find(rf"unlock, passphrase\s+{NUMBER} ms", text)
    peak = _find(rf"unlock, passphrase\s+{NUMBER} ms\s+peak\s+{NUMBER} MiB", text, 2)
    reference = _find(rf"argon2 reference CLI\s+{NUMBER} ms", text)
    ref_peak = _find(rf"argon2 reference CLI\s+{NUMBER} ms\s+peak\s+{NUMBER} MiB", text, 2)
    return [Row("unlock at the floor vs argon2 CLI (ms)", _fmt(ours, digits=0),
                _fmt(reference, digits=0), _ratio(ours, reference), "~1x",
                f"{_fmt(peak, digits=0)} / argon2 {_fmt(ref_peak, digits=0)}")]  # fmt: skip


def parse_search(text: str) -> list[Row]:
    count = _find(r"^testimonies: (\d+)", text)
    label = f"{int(count):,}" if count is not None else "?"
    peak = _fmt(_find(rf"peak memory \(this process\): {NUMBER} MiB", text), digits=0)
    p95 = rf"p95\s+{NUMBER} ms"
    rows = []
    # The query kinds are the benchmark's own ("word", "two words", ...): take each printed.
    for match in re.finditer(rf"^search (.+?)\s+vault\s+p50\s+{NUMBER} ms\s+{p95}",
                             text, re.MULTILINE):  # fmt: skip
        kind = match.group(1)
        theirs = _find(rf"^search {re.escape(kind)}\s+sqlite3\s+p50\s+{NUMBER} ms\s+{p95}",
                       text, 2)  # fmt: skip
        ours = float(match.group(3))
        rows.append(Row(f"search p95 '{kind}' at {label} vs SQLite (ms)", _fmt(ours),
                        _fmt(theirs), _ratio(ours, theirs), "<= 20 ms", peak))  # fmt: skip
    first = _find(rf"open vault \+ first listing page: {NUMBER} ms", text)
    rows.append(Row(f"open + first listing page at {label} (ms)", _fmt(first, digits=1),
                    "-", "-", "-", peak))  # fmt: skip
    for listing in ("list first page (50)", "list at offset 50,000"):
        value = _find(rf"^{re.escape(listing)}\s+p50\s+{NUMBER} ms\s+{p95}", text, 2)
        if value is not None:
            rows.append(Row(f"{listing} at {label}, p95 (ms)", _fmt(value), "-", "-", "-", peak))
    return rows


def parse_gui(text: str) -> list[Row]:
    match = re.search(r"^\{.*?^\}", text, re.MULTILINE | re.DOTALL)
    if match is None:
        return [Row("GUI cold start (ms)", "n/a", "n/a", "n/a", "<= 1000 ms", "n/a")]
    data = json.loads(match.group(0))
    app_ms = data.get("app_s", 0) * 1000
    bare_ms = data.get("bare_qt_s", 0) * 1000
    count = data.get("testimonies", 0)
    peak = data.get("peak_rss_mib") or data.get("app_peak_mib")
    return [
        Row("GUI cold start vs bare PySide6 (ms)", f"{app_ms:.0f}", f"{bare_ms:.0f}",
            _ratio(app_ms, bare_ms), "<= 1000 ms", _fmt(peak, digits=0)),
        Row(f"GUI listing {count:,}: first page (ms)", _fmt(data.get("open_case_ms"), digits=1),
            _fmt(data.get("core_first_page_ms"), digits=1),
            _ratio(data.get("open_case_ms"), data.get("core_first_page_ms")), "<= 300 ms",
            _fmt(peak, digits=0)),
    ]  # fmt: skip


def parse_upload(text: str) -> list[Row]:
    ours = _find(rf"ours \(8 MiB PATCHes\):\s+{NUMBER}", text)
    curl = _find(rf"curl \(one PATCH\):\s+{NUMBER}", text)
    cuts = _find(r"^(\d+) interruptions", text)
    resent = _find(rf"bytes re-sent in total: \d+ \({NUMBER} MiB\)", text)
    per_cut = _find(rf"per interruption: {NUMBER} MiB", text)
    return [
        Row("upload vs curl (MiB/s)", _fmt(ours, digits=1), _fmt(curl, digits=1),
            _ratio(ours, curl), ">= 0.7x", "-"),
        Row(f"bytes re-sent after {_fmt(cuts, digits=0)} cuts (MiB)", _fmt(resent),
            f"{_fmt(per_cut)}/cut", "-", "<= 1 chunk/cut", "-"),
    ]  # fmt: skip


def parse_intake(text: str) -> list[Row]:
    ours = _find(rf"ours \(tuspyserver \+ uvicorn\):\s+{NUMBER}", text)
    node = _find(rf"@tus/server \(Node\.js\):\s+{NUMBER}", text)
    peak = _find(rf"our server's peak RSS:\s+{NUMBER}", text)
    return [Row("intake server vs @tus/server (MiB/s)", _fmt(ours, digits=1),
                _fmt(node, digits=1), _ratio(ours, node), "-", _fmt(peak, digits=0))]  # fmt: skip


@dataclass(frozen=True)
class Bench:
    module: str
    args: Callable[[argparse.Namespace], list[str]]
    parse: Callable[[str], list[Row]]


BENCHES = [
    Bench("bench_import", lambda a: ["--size-mib", str(a.size_mib), "--runs", str(a.runs)],
          parse_import),
    Bench("bench_gui_import", lambda a: ["--size-mib", str(a.size_mib), "--runs", str(a.runs)],
          parse_gui_import),
    Bench("bench_gui_stalls", lambda a: ["--size-mib", str(min(a.size_mib, 256)), "--runs",
          str(a.runs)], lambda t: [Row(f"longest GUI stall, {m[1]} (ms)", m[2], "-", "-",
          "<= 50 ms", "-") for m in re.finditer(rf"^longest .* during (\w+): {NUMBER}", t, re.M)]),
    Bench("bench_export", lambda a: ["--size-mib", str(a.size_mib), "--runs", str(a.runs)],
          parse_export),
    Bench("bench_age", lambda a: ["--size-mib", str(a.size_mib), "--repeat", str(a.runs),
                                  "--dir", str(a.work)], parse_age),
    Bench("bench_unlock", lambda a: ["--repeat", str(max(2, a.runs))], parse_unlock),
    Bench("bench_search", lambda a: ["--count", str(a.testimonies)], parse_search),
    Bench("bench_gui", lambda a: ["--testimonies", str(a.testimonies), "--runs", str(a.runs)],
          parse_gui),
    Bench("bench_upload", lambda a: ["--size-mib", str(a.size_mib), "--rounds", str(a.runs)],
          parse_upload),
    Bench("bench_intake", lambda a: ["--size-mib", str(min(a.size_mib, 512)),
                                     "--rounds", str(a.runs)], parse_intake),
]  # fmt: skip


def run_bench(bench: Bench, args: argparse.Namespace) -> tuple[list[Row], float, str]:
    command = [sys.executable, "-m", f"benchmarks.{bench.module}", *bench.args(args)]
    began = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=args.timeout)
        output = done.stdout + done.stderr
        failed = done.returncode != 0
    except subprocess.TimeoutExpired as timeout:
        partial = timeout.stdout or ""
        if isinstance(partial, bytes):
            partial = partial.decode(errors="replace")
        output = f"timed out after {args.timeout} s\n{partial}"
        failed = True
    seconds = time.perf_counter() - began
    if args.log is not None:
        (args.log / f"{bench.module}.txt").write_text(output, encoding="utf-8")
    rows = bench.parse(output)
    if failed:
        tail = output.strip().splitlines()[-1:] or ["(no output)"]
        rows.append(Row(f"{bench.module} FAILED", tail[0][:60], "", "", "", ""))
    return rows, seconds, output


def print_table(rows: list[Row]) -> None:
    headers = Row("figure", "ours", "reference", "ratio", "goal", "peak MiB (ours / ref)")
    table = [headers, *rows]
    widths = [max(len(getattr(r, f)) for r in table) for f in asdict(headers)]
    for index, row in enumerate(table):
        cells = [getattr(row, f) for f in asdict(headers)]
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                        for i, (c, w) in enumerate(zip(cells, widths, strict=True))))  # fmt: skip
        if index == 0:
            print("  ".join("-" * w for w in widths))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mib", type=int, default=1024, help="media size (default 1 GiB)")
    parser.add_argument("--testimonies", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument(
        "--quick", action="store_true", help="small sizes (16 MiB, 2,000 testimonies, one run)"
    )
    parser.add_argument("--only", nargs="*", help="run only these benchmarks (e.g. bench_age)")
    parser.add_argument("--log", type=Path, default=None, help="keep each benchmark's output here")
    parser.add_argument("--timeout", type=int, default=4 * 3600, help="per benchmark, seconds")
    parser.add_argument("--json", action="store_true", help="also print the rows as JSON")
    args = parser.parse_args(argv)
    if args.quick:
        args.size_mib, args.testimonies, args.runs = min(args.size_mib, 16), 2000, 1
    args.work = Path(tempfile.gettempdir())  # where bench_age writes its scratch file
    if args.log is not None:
        args.log.mkdir(parents=True, exist_ok=True)
    rows: list[Row] = []
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; media "
          f"{args.size_mib} MiB, {args.testimonies:,} testimonies, {args.runs} run(s)")  # fmt: skip
    for bench in BENCHES:
        if args.only and bench.module not in args.only:
            continue
        print(f"running {bench.module} ...", end=" ", flush=True)
        found, seconds, _ = run_bench(bench, args)
        print(f"{seconds:.0f} s", flush=True)
        rows += found
    print()
    print_table(rows)
    print(f"\nload average at the end {os.getloadavg()[0]:.1f} (figures on a busy machine "
          "are slower than on an idle one; compare ratios taken in the same run)")  # fmt: skip
    if args.json:
        print(json.dumps([asdict(r) for r in rows], ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
