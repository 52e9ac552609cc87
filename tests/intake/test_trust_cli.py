"""``evidence-vault-intake trust add`` takes exactly what ``evidence-vault keys
export-public`` prints, as the README writes it (``"$(... keys export-public)"`` in a
shell), keeps the principal that output names, lists a key only once, and ``serve``
without the ``intake`` extra says what to install instead of a traceback.

Real processes of the installed commands (beside this interpreter, as ``scripts/setup``
installs them), a real vault made by ``evidence-vault init`` and a real intake data
folder made by ``evidence-vault-intake init``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest

from app.crypto.signing import NAMESPACE_CUSTODY, NAMESPACE_PACKAGE, SigningPublicKey
from app.intake.keys import load_trusted_signers

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PASSPHRASE = "correct horse battery staple for trust"


def _run(*argv: str, cwd: Path, ok: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": f"{BIN}:{os.environ.get('PATH', '/usr/bin:/bin')}"}
    done = subprocess.run(list(argv), capture_output=True, text=True, cwd=cwd, env=env,
                          timeout=120, check=False)
    if ok:
        assert done.returncode == 0, done.stdout + done.stderr
    return done


class Platform:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.data = folder / "intake"
        _run("evidence-vault-intake", "--data", str(self.data), "init", cwd=folder)

    def trust(self, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
        return _run("evidence-vault-intake", "--data", str(self.data), "trust", "add", *args,
                    cwd=self.folder, ok=ok)

    @property
    def file(self) -> Path:
        return self.data / "trusted-signers"


class Documenter:
    def __init__(self, folder: Path) -> None:
        folder.mkdir()
        self.folder = folder
        self.vault = folder / "vault"
        self.passphrase_file = folder / "passphrase"
        self.passphrase_file.write_text(PASSPHRASE + "\n", encoding="utf-8")
        self.cli("init", "--kdf-floor")

    def cli(self, *args: str) -> str:
        return _run("evidence-vault", "--vault", str(self.vault), "--passphrase-file",
                    str(self.passphrase_file), *args, cwd=self.folder).stdout

    @property
    def export_command(self) -> str:
        """The README's ``evidence-vault keys export-public``, with this vault."""
        return (f"evidence-vault --vault '{self.vault}' --passphrase-file "
                f"'{self.passphrase_file}' keys export-public")

    def public(self) -> dict[str, str]:
        return dict(json.loads(self.cli("--json", "keys", "export-public")))


@pytest.fixture
def platform(tmp_path: Path) -> Platform:
    return Platform(tmp_path)


def test_trust_add_takes_what_export_public_prints_once(
    tmp_path: Path, platform: Platform
) -> None:
    documenter = Documenter(tmp_path / "documenter")
    public = documenter.public()
    printed = documenter.cli("keys", "export-public")
    assert printed.startswith("# ") and public["allowed_signers"] in printed

    # As the README writes it, in a shell.
    script = (f'evidence-vault-intake --data "{platform.data}" trust add '
              f'"$({documenter.export_command})"')
    added = _run("bash", "-c", script, cwd=tmp_path)
    assert added.stdout == f"Trusted: {public['principal']} {public['fingerprint']}\n"
    first = platform.file.read_bytes()
    (key,) = load_trusted_signers(platform.file)
    assert key.principal == public["principal"] and key.principal.startswith("device-")
    assert key.fingerprint == public["fingerprint"]
    assert key.namespaces == (NAMESPACE_PACKAGE, NAMESPACE_CUSTODY)

    # Again, and again with another name: already trusted, nothing appended.
    again = _run("bash", "-c", script, cwd=tmp_path)
    assert again.stdout == f"Already trusted: {public['principal']} {public['fingerprint']}\n"
    renamed = platform.trust(printed, "--name", "someone-else")
    assert renamed.stdout.startswith(f"Already trusted: {public['principal']} ")
    bare = platform.trust(SigningPublicKey.parse_openssh(public["allowed_signers"]).openssh())
    assert bare.stdout.startswith("Already trusted: ")
    assert platform.file.read_bytes() == first


def test_the_principal_comes_from_name_else_the_line_else_the_key(
    tmp_path: Path, platform: Platform
) -> None:
    named, bare = Documenter(tmp_path / "a"), Documenter(tmp_path / "b")
    named_public, bare_public = named.public(), bare.public()
    assert platform.trust(named.cli("keys", "export-public"), "--name", "doc-1").stdout \
        == f"Trusted: doc-1 {named_public['fingerprint']}\n"
    key_only = SigningPublicKey.parse_openssh(bare_public["allowed_signers"]).openssh()
    assert platform.trust(key_only).stdout \
        == f"Trusted: {bare_public['principal']} {bare_public['fingerprint']}\n"
    keys = load_trusted_signers(platform.file)
    assert [(k.principal, k.fingerprint) for k in keys] == [
        ("doc-1", named_public["fingerprint"]),
        (bare_public["principal"], bare_public["fingerprint"]),
    ]
    assert "documenter" not in platform.file.read_text(encoding="ascii")


def test_what_holds_no_key_is_refused_and_nothing_is_written(platform: Platform) -> None:
    for text in ("# Evidence Vault device SHA256:abc\n", "", "ssh-rsa AAAAB3NzaC1yc2E"):
        refused = platform.trust(text, ok=False)
        assert refused.returncode == 1
        assert refused.stderr.startswith("evidence-vault-intake: ")
        assert "Traceback" not in refused.stderr
    assert not platform.file.exists()


# A fresh interpreter where the intake extra's packages cannot be imported, as where
# only the application (no [intake]) was installed.
WITHOUT_EXTRA = textwrap.dedent("""
    import sys
    BLOCKED = {"fastapi", "starlette", "uvicorn", "tuspyserver"}
    class Block:
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in BLOCKED:
                raise ModuleNotFoundError(f"No module named {name!r}", name=name)
    sys.meta_path.insert(0, Block())
    from app.intake.__main__ import main
    sys.exit(main(sys.argv[1:]))
""")


def test_serve_without_the_intake_extra_says_what_to_install(platform: Platform) -> None:
    done = subprocess.run(
        [sys.executable, "-c", WITHOUT_EXTRA, "--data", str(platform.data), "serve"],
        capture_output=True, text=True, cwd=ROOT, timeout=60, check=False,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("evidence-vault-intake: serve needs the intake server's")
    assert 'pip install -e ".[intake]"' in done.stderr


def test_the_extra_named_holds_the_server_packages() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    extra = project["project"]["optional-dependencies"]["intake"]
    names = {requirement.split(">")[0].split("<")[0].split(";")[0].strip()
             for requirement in extra}
    assert {"fastapi", "uvicorn", "tuspyserver"} <= names
