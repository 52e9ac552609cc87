"""What differs between systems stays in ``app/platform``, held by a test.

Read with ``ast`` over every module of ``app/`` outside ``app/platform``:

- every ``os.open`` adds ``binary_flags()`` to its flags (directly, or through a name the
  same function assigned from an expression that calls it): without ``O_BINARY`` Windows
  opens in text mode and turns each 0x0A written into 0x0D 0x0A;
- no module imports a POSIX-only module (``fcntl``, ``resource``, ``pwd``...) or touches
  a POSIX-only name of ``os`` or ``signal`` directly (``os.geteuid``, ``os.O_NOFOLLOW``,
  ``signal.SIGKILL``...): on Windows each is an ImportError or AttributeError at first
  use. ``getattr(os, "O_NOFOLLOW", 0)`` is the portable spelling and passes;
- no module syncs or renames a file itself (``os.fsync``, ``os.replace``, ``os.rename``,
  ``path.replace(target)``, ``path.rename(target)``): ``files.fsync_file`` reaches the
  medium on macOS (``F_FULLFSYNC``) and ``files.replace`` writes the rename through on
  Windows, so a file synced or renamed any other way is durable on Linux only. (A
  ``.replace`` or ``.rename`` with one argument and no keywords is a rename: ``str`` and
  ``bytes`` take two, ``datetime`` keywords.)

The checker is shown to fail on synthetic sources, so this test can fail.
"""

from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[1] / "app"

POSIX_MODULES = frozenset(
    {"fcntl", "resource", "pwd", "grp", "termios", "tty", "pty", "posix", "syslog", "crypt"}
)
POSIX_NAMES = {
    "os": frozenset(
        {
            "geteuid", "getuid", "getegid", "getgid", "getgroups", "setuid", "setgid",
            "seteuid", "setsid", "setpgid", "getpgid", "killpg", "fork", "forkpty", "fchown",
            "chown", "lchown", "mkfifo", "mknod", "statvfs", "fstatvfs", "sync", "uname",
            "nice", "getloadavg", "sched_getaffinity", "pipe2", "openpty", "posix_fadvise",
            "posix_fallocate", "O_NOFOLLOW", "O_DIRECTORY", "O_NONBLOCK", "O_CLOEXEC",
            "O_NOCTTY", "O_SYNC", "O_DSYNC", "WNOHANG", "pread", "pwrite", "preadv", "pwritev",
        }
    ),
    "signal": frozenset(
        {
            "SIGKILL", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGALRM", "SIGCHLD",
            "SIGPIPE", "SIGSTOP", "SIGCONT", "alarm", "setitimer", "pthread_kill",
            "pthread_sigmask", "siginterrupt",
        }
    ),
}


def _calls_binary_flags(node: ast.AST) -> bool:
    for inner in ast.walk(node):
        if isinstance(inner, ast.Call):
            func = inner.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name == "binary_flags":
                return True
    return False


def _names_with_binary_flags(scope: ast.AST) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(scope):
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if node.value is not None and _calls_binary_flags(node.value):
                found.update(t.id for t in targets if isinstance(t, ast.Name))
    return found


def _is_os_open(node: ast.Call) -> bool:
    func = node.func
    return (
        isinstance(func, ast.Attribute)
        and func.attr == "open"
        and isinstance(func.value, ast.Name)
        and func.value.id == "os"
    )


# Done through app.platform.files (fsync_file, replace), never directly.
DURABILITY_CALLS = frozenset({"fsync", "fdatasync", "replace", "rename"})


def _durability_breach(node: ast.Call) -> str | None:
    func = node.func
    if not isinstance(func, ast.Attribute) or func.attr not in DURABILITY_CALLS:
        return None
    if isinstance(func.value, ast.Name) and func.value.id == "os":
        return f"os.{func.attr}"
    if func.attr in ("replace", "rename") and len(node.args) == 1 and not node.keywords:
        return f".{func.attr}(target)"
    return None


def violations_in(source: str, where: str) -> list[str]:
    tree = ast.parse(source)
    found: list[str] = []
    scopes: list[ast.AST] = [tree]
    scopes += [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    checked: set[int] = set()
    # Innermost scope first: a function's own assignments decide for its calls.
    for scope in reversed(scopes):
        named = _names_with_binary_flags(scope)
        for node in ast.walk(scope):
            if not isinstance(node, ast.Call) or not _is_os_open(node) or id(node) in checked:
                continue
            checked.add(id(node))
            flags = node.args[1] if len(node.args) > 1 else None
            flags = next((k.value for k in node.keywords if k.arg == "flags"), flags)
            ok = flags is not None and (
                _calls_binary_flags(flags)
                or any(isinstance(n, ast.Name) and n.id in named for n in ast.walk(flags))
            )
            if not ok:
                found.append(f"{where}:{node.lineno}: os.open without binary_flags()")
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and (breach := _durability_breach(node)) is not None:
            found.append(f"{where}:{node.lineno}: {breach} outside app/platform/files.py")
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in POSIX_MODULES:
                    found.append(f"{where}:{node.lineno}: imports {alias.name} (POSIX only)")
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            top = node.module.split(".")[0]
            if top in POSIX_MODULES:
                found.append(f"{where}:{node.lineno}: imports {node.module} (POSIX only)")
            for alias in node.names:
                if alias.name in POSIX_NAMES.get(top, ()):
                    found.append(f"{where}:{node.lineno}: {top}.{alias.name} is POSIX only")
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.attr in POSIX_NAMES.get(node.value.id, ())
        ):
            found.append(f"{where}:{node.lineno}: {node.value.id}.{node.attr} is POSIX only")
    return sorted(found, key=lambda line: int(line.split(":")[1]))


def program_violations(root: Path = APP) -> list[str]:
    found: list[str] = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root.parent)
        if relative.parts[:2] == ("app", "platform"):
            continue
        found += violations_in(path.read_text(encoding="utf-8"), relative.as_posix())
    return found


def test_no_system_specific_call_outside_the_platform_layer() -> None:
    assert program_violations() == []


def test_the_checker_finds_each_kind_of_breach() -> None:
    source = '''
import os, signal
import fcntl
from resource import setrlimit
from os import geteuid
from app.platform.files import binary_flags

def bad(path):
    return os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))

def good(path):
    flags = os.O_RDONLY
    flags |= binary_flags()
    return os.open(path, flags) + os.open(path, os.O_WRONLY | binary_flags(), 0o600)

def bad_name(path):
    flags = os.O_RDONLY
    return os.open(path, flags)

def posix_names():
    os.kill(1, signal.SIGKILL)
    return os.O_NOFOLLOW, os.geteuid(), getattr(os, "O_DIRECTORY", 0)

def durability(fd, partial, final, when):
    os.fsync(fd); partial.replace(final); os.replace(partial, final)
    partial.rename(final); "a-b".replace("-", "_"); when.replace(tzinfo=None)
'''
    assert violations_in(source, "m.py") == [
        "m.py:3: imports fcntl (POSIX only)",
        "m.py:4: imports resource (POSIX only)",
        "m.py:5: os.geteuid is POSIX only",
        "m.py:9: os.open without binary_flags()",
        "m.py:18: os.open without binary_flags()",
        "m.py:21: signal.SIGKILL is POSIX only",
        "m.py:22: os.O_NOFOLLOW is POSIX only",
        "m.py:22: os.geteuid is POSIX only",
        "m.py:25: os.fsync outside app/platform/files.py",
        "m.py:25: .replace(target) outside app/platform/files.py",
        "m.py:25: os.replace outside app/platform/files.py",
        "m.py:26: .rename(target) outside app/platform/files.py",
    ]


def test_the_platform_layer_itself_is_exempt(tmp_path: Path) -> None:
    (tmp_path / "app" / "platform").mkdir(parents=True)
    (tmp_path / "app" / "platform" / "files.py").write_text("import fcntl\n")
    (tmp_path / "app" / "other.py").write_text("import fcntl\n")
    assert program_violations(tmp_path / "app") == ["app/other.py:1: imports fcntl (POSIX only)"]
