"""The README's two commands on an offline laptop: ``scripts/run`` starts the installed
program without any network and prints nothing of its own when nothing is missing, and
``scripts/setup`` installs again only when ``.venv`` is incomplete or its stamp is stale.

The first test runs the real scripts against the real ``.venv`` with the package index
unreachable and ``apt-get``, ``apt`` and ``sudo`` replaced by stubs that fail and leave
a mark. The others run a copy of ``scripts/setup`` (and ``scripts/run``) beside a copy of
``pyproject.toml`` and a stand-in ``.venv`` whose ``python`` is a stub: they cover the
script's decisions (stamp missing, stale, matching; environment incomplete), the order
of installing and writing the stamp, the fallback of ``scripts/run`` when installing
fails, and the wait for another package installation. They do not run a real ``pip``
install: CI's ``scripts/test`` on a fresh machine does that.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import threading
import time
from pathlib import Path

import pytest

from app import __version__

ROOT = Path(__file__).resolve().parents[2]
STAMP = ".venv/.evidence-vault-setup-stamp"
TOOLS = ("evidence-vault", "evidence-vault-intake", "pytest", "ruff", "mypy")


def _write_script(path: Path, text: str) -> None:
    path.write_text("#!/usr/bin/env bash\n" + text, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


def _stubs(folder: Path, marks: Path, *, extra: dict[str, str] | None = None) -> Path:
    """A folder of failing stubs for the package tools; each leaves a line in ``marks``."""
    folder.mkdir()
    for name in ("apt-get", "apt", "sudo", "aptitude"):
        _write_script(folder / name, f'echo "{name} $*" >> "{marks}"\nexit 100\n')
    for name, body in (extra or {}).items():
        _write_script(folder / name, body)
    return folder


def _offline_env(stubs: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "VIRTUAL_ENV"))}
    env["PATH"] = f"{stubs}:{env.get('PATH', '/usr/bin:/bin')}"
    env["PIP_INDEX_URL"] = "http://127.0.0.1:9/"  # the discard port: nothing answers
    env["PIP_NO_INDEX"] = "1"
    env["PIP_FIND_LINKS"] = ""
    env["no_proxy"] = env["NO_PROXY"] = "*"
    return env


def _dry_run(root: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run([str(root / "scripts" / "setup"), "--dry-run"], capture_output=True,
                          text=True, timeout=60, env=env, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_run_starts_offline_without_installing_or_printing(tmp_path: Path) -> None:
    decision = _dry_run(ROOT)
    if "nothing missing" not in decision or "up to date" not in decision:
        pytest.fail(f"this test needs an environment scripts/setup completed: {decision!r}")
    marks = tmp_path / "marks"
    env = _offline_env(_stubs(tmp_path / "stubs", marks))
    started = time.monotonic()
    done = subprocess.run([str(ROOT / "scripts" / "run"), "--version"], capture_output=True,
                          text=True, timeout=60, env=env, cwd=tmp_path, check=False)
    elapsed = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert done.stdout == f"evidence-vault {__version__}\n"
    assert not marks.exists(), marks.read_text()
    assert elapsed < 10, f"scripts/run --version took {elapsed:.1f} s"


# A stand-in for .venv/bin/python: "-m pip install ... -e ..." creates the entry points
# (or fails when FAIL_PIP is set), the completeness check on stdin passes when the entry
# points exist. Every call is logged.
FAKE_PYTHON = r"""
log="$(dirname "$0")/../calls"
echo "python $*" >> "$log"
bin="$(dirname "$0")"
if [ "${1:-}" = "-m" ] && [ "${2:-}" = "pip" ]; then
  [ -z "${FAIL_PIP:-}" ] || { echo "pip: no network" >&2; exit 1; }
  case "$*" in *" -e "*)
    for t in TOOLS; do
      printf '#!/bin/sh\necho started "$@"\n' > "$bin/$t"; chmod +x "$bin/$t"
    done ;;
  esac
  exit 0
fi
if [ "${1:-}" = "-" ]; then cat >/dev/null; exit 0; fi
exit 0
""".replace("TOOLS", " ".join(TOOLS))


def _fake_checkout(tmp_path: Path, *, complete: bool = True) -> Path:
    root = tmp_path / "checkout"
    (root / "scripts").mkdir(parents=True)
    for name in ("setup", "run"):
        shutil.copy2(ROOT / "scripts" / name, root / "scripts" / name)
    shutil.copy2(ROOT / "pyproject.toml", root / "pyproject.toml")
    bin_dir = root / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    _write_script(bin_dir / "python", FAKE_PYTHON)
    if complete:
        for tool in TOOLS:
            _write_script(bin_dir / tool, 'echo started "$@"\n')
    return root


def _stamp_of(root: Path) -> str:
    """What scripts/setup writes after a successful install: found by letting it install."""
    done = subprocess.run([str(root / "scripts" / "setup")], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return (root / STAMP).read_text(encoding="ascii")


def _calls(root: Path) -> list[str]:
    log = root / ".venv" / "calls"
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


def _skip_unless_system_complete() -> None:
    if "nothing missing" not in _dry_run(ROOT):
        pytest.skip("system packages are missing here; scripts/setup would install them first")


def test_setup_decides_by_the_stamp_and_writes_it_only_after_installing(tmp_path: Path) -> None:
    _skip_unless_system_complete()
    root = _fake_checkout(tmp_path)
    assert "python packages: would install (no stamp)" in _dry_run(root)
    assert _calls(root) == []  # a dry run installs nothing

    stamp = _stamp_of(root)
    installs = [c for c in _calls(root) if c.startswith("python -m pip install")]
    assert installs == ["python -m pip install -q --upgrade pip",
                        'python -m pip install -q -e .[dev]']
    assert len(stamp.strip()) == 64
    assert "python packages: up to date" in _dry_run(root)

    # Nothing changed: setup is silent and does not call pip.
    (root / ".venv" / "calls").unlink()
    done = subprocess.run([str(root / "scripts" / "setup")], capture_output=True, text=True,
                          timeout=60, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    assert not any("pip" in c for c in _calls(root))

    # A changed pyproject.toml makes the stamp stale.
    with (root / "pyproject.toml").open("a", encoding="utf-8") as handle:
        handle.write("\n# a new dependency would be here\n")
    assert "would install (pyproject.toml or scripts/setup changed)" in _dry_run(root)
    assert _stamp_of(root) != stamp
    assert "python packages: up to date" in _dry_run(root)

    # So does a changed scripts/setup.
    with (root / "scripts" / "setup").open("a", encoding="utf-8") as handle:
        handle.write("\n# changed\n")
    assert "would install (pyproject.toml or scripts/setup changed)" in _dry_run(root)


def test_an_incomplete_environment_is_installed_again(tmp_path: Path) -> None:
    _skip_unless_system_complete()
    root = _fake_checkout(tmp_path)
    _stamp_of(root)
    (root / ".venv" / "bin" / "evidence-vault").unlink()
    assert "would install (.venv is incomplete)" in _dry_run(root)
    _stamp_of(root)
    assert (root / ".venv" / "bin" / "evidence-vault").exists()


def test_a_failed_install_writes_no_stamp_and_run_falls_back(tmp_path: Path) -> None:
    _skip_unless_system_complete()
    root = _fake_checkout(tmp_path)
    marks = tmp_path / "marks"
    env = _offline_env(_stubs(tmp_path / "stubs", marks))
    env["FAIL_PIP"] = "1"
    done = subprocess.run([str(root / "scripts" / "setup")], capture_output=True, text=True,
                          timeout=60, env=env, check=False)
    assert done.returncode != 0 and "pip: no network" in done.stderr
    assert not (root / STAMP).exists()

    # scripts/run says so and starts what is installed.
    done = subprocess.run([str(root / "scripts" / "run"), "--version"], capture_output=True,
                          text=True, timeout=60, env=env, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "started --version\n"
    assert "could not be updated" in done.stderr
    assert not marks.exists()

    # With nothing installed there is nothing to fall back to.
    root_empty = _fake_checkout(tmp_path / "empty", complete=False)
    done = subprocess.run([str(root_empty / "scripts" / "run"), "--version"],
                          capture_output=True, text=True, timeout=60, env=env, check=False)
    assert done.returncode != 0 and "started" not in done.stdout


def test_setup_waits_for_another_package_installation(tmp_path: Path) -> None:
    """A process named dpkg is running and every system package looks missing (a stub
    dpkg-query answers nothing): setup says it waits, and calls apt-get only after that
    process ended, with apt's own lock timeout."""
    _skip_unless_system_complete()
    root = _fake_checkout(tmp_path)
    marks = tmp_path / "marks"
    calls = tmp_path / "apt-calls"
    stubs = _stubs(tmp_path / "stubs", marks, extra={
        "dpkg-query": "exit 1\n",
        "apt-get": f'echo "$(date +%s.%N) $*" >> "{calls}"\nexit 0\n',
        "sudo": 'exec "$@"\n',
    })
    busy = tmp_path / "dpkg"
    shutil.copy2(shutil.which("sleep") or "/bin/sleep", busy)
    holder = subprocess.Popen([str(busy), "3"])
    # Reaped as soon as it ends: a zombie would still be named dpkg in /proc.
    reaper = threading.Thread(target=holder.wait)
    reaper.start()
    try:
        started = time.time()
        done = subprocess.run([str(root / "scripts" / "setup")], capture_output=True, text=True,
                              timeout=60, env=_offline_env(stubs), check=False)
    finally:
        holder.kill()
        reaper.join()
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Another package installation is running; waiting" in done.stdout
    lines = calls.read_text(encoding="utf-8").splitlines()
    assert [line.split()[3] for line in lines] == ["update", "install"]
    assert all("-o DPkg::Lock::Timeout=300" in line for line in lines)
    assert float(lines[0].split()[0]) - started >= 2.5
