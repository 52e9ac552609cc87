"""``--json`` prints exactly one JSON document per command, as the README's table says.

Every command of the parser is run with ``--json`` on a real vault, each in its own
process, and its stdout is checked against ``CONTRACT``, which must equal the table of
README.md's "JSON output" section (parsed here, so the two cannot drift apart), and the
table must list every command the parser has. Errors are one JSON object on stderr.
"""

from __future__ import annotations

import json
import re
import struct
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app.cli import build_parser
from tests.cli.support import CliVault, evidence_vault
from tests.cli.test_global_options import command_paths
from tests.sync.pki import make_pki
from tests.sync.vaults import profile_bytes

README = Path(__file__).resolve().parents[2] / "README.md"
OBJECT, ARRAY, LINES = "object", "array", "lines"
README_SHAPES = {
    "one object": OBJECT,
    "one array": ARRAY,
    "one object per line (JSON Lines)": LINES,
}

CONTRACT: dict[str, str] = {
    "init": OBJECT,
    "passwd": OBJECT,
    "rekey": OBJECT,
    "wipe": OBJECT,
    "recovery split": OBJECT,
    "duress set": OBJECT,
    "duress unset": OBJECT,
    "check": OBJECT,
    "case add": OBJECT,
    "case list": ARRAY,
    "person add": OBJECT,
    "person list": ARRAY,
    "testimony add": OBJECT,
    "testimony show": OBJECT,
    "testimony list": ARRAY,
    "testimony correct": OBJECT,
    "testimony withdraw": OBJECT,
    "testimony delete": OBJECT,
    "attach": LINES,
    "attachment remove": OBJECT,
    "attachment derive": OBJECT,
    "search": ARRAY,
    "custody": OBJECT,
    "seal": OBJECT,
    "export": ARRAY,
    "verify": OBJECT,
    "package import": ARRAY,
    "package list": ARRAY,
    "package create": ARRAY,
    "package verify": OBJECT,
    "package forward": ARRAY,
    "keys show": OBJECT,
    "keys new-recipient": OBJECT,
    "keys export-public": OBJECT,
    "settings list": OBJECT,
    "settings get": OBJECT,
    "settings set": OBJECT,
    "settings unset": OBJECT,
    "age keygen": OBJECT,
    "age encrypt": OBJECT,
    "age decrypt": OBJECT,
    "sync": OBJECT,
    "sync status": OBJECT,
    "sync profile import": OBJECT,
    "sync profile show": OBJECT,
    "sync retry": OBJECT,
    "sync delete-local": OBJECT,
    "sync policy": OBJECT,
    "timestamp": OBJECT,
    "self-test": OBJECT,
    "phone verify": OBJECT,
    "phone import": ARRAY,
    "phone keys list": ARRAY,
    "phone keys name": OBJECT,
    "phone keys forget": OBJECT,
    "phone trust show": OBJECT,
    "phone trust import": OBJECT,
    "phone trust reset": OBJECT,
}

# Their success needs a platform: an outbox entry exists only once `sync` has packaged
# for a real platform (tests/sync and tests/gui cover that with a tus server). Here
# they run with --json and must fail with the one error object (an unknown package).
NEEDS_A_PLATFORM = {"sync retry", "sync delete-local"}


def readme_table() -> dict[str, str]:
    """The table of README.md's "JSON output" section, command by command."""
    text = README.read_text(encoding="utf-8")
    assert "### JSON output" in text, "README.md has no 'JSON output' section"
    section = re.split(r"\n#{1,3} ", text.split("### JSON output", 1)[1], maxsplit=1)[0]
    table: dict[str, str] = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 2 or cells[0] not in README_SHAPES:
            continue
        for command in re.findall(r"`([^`]+)`", cells[1]):
            assert command not in table, f"{command} is in two rows of the README table"
            table[command] = README_SHAPES[cells[0]]
    return table


def test_the_readme_table_is_this_contract() -> None:
    assert readme_table() == CONTRACT


def test_the_contract_names_every_command_of_the_parser() -> None:
    assert {" ".join(path) for path, _ in command_paths(build_parser())} == set(CONTRACT)


def _profile_file(cli: CliVault, folder: Path) -> Path:
    # A profile as a coordinator hands it out, without a device token (no keyring). One
    # platform per vault: the commands that import it run in any order on the same
    # vault, and a profile with other keys is refused without --replace.
    made = cli.folder / "platform"
    if "profile" not in cli.made:
        pki = make_pki(made / "pki", "Platform")
        receipt = made / "receipt"
        receipt.with_suffix(".pub").write_text(cli.json("keys", "show")["public_key"] + "\n")
        cli.made["profile"] = profile_bytes(url="https://platform.test:8443/files/",
                                            ca_pem=pki.ca_pem, recipient=cli.made["recipient"],
                                            receipt_key=receipt, token=None).hex()  # fmt: skip
    profile = folder / "platform-profile.json"
    profile.write_bytes(bytes.fromhex(cli.made["profile"]))
    return profile


def _draft(cli: CliVault) -> str:
    case = cli.made["case"]
    return str(cli.json("testimony", "add", "--case", case, "--from-json",
                        cli.made["testimony_file"])["id"])  # fmt: skip


def _sealed(cli: CliVault) -> str:
    testimony = _draft(cli)
    cli.run("seal", testimony)
    return testimony


def _kept_package(cli: CliVault) -> str:
    return str(cli.json("package", "create", _sealed(cli))[0]["package_id"])


def _attachment_in_a_draft(cli: CliVault) -> str:
    lines = cli.run("attach", _draft(cli), cli.made["note"], "--json").stdout.splitlines()
    return str(json.loads(lines[0])["id"])


def _sealed_photo(cli: CliVault, tmp: Path) -> str:
    """A 1x1 PNG with a text chunk, attached to a draft that is then sealed."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    photo = tmp / "photo.png"
    header = chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + header + chunk(b"tEXt", b"Comment\x00near")
                      + chunk(b"IDAT", zlib.compress(b"\x00\x80")) + chunk(b"IEND", b""))
    testimony = _draft(cli)
    attached = json.loads(cli.run("attach", testimony, str(photo), "--json").stdout)
    cli.run("seal", testimony)
    return str(attached["id"])


def _fresh_vault_init(cli: CliVault, tmp: Path) -> list[str]:
    return ["init", "--kdf-floor", "--vault", str(tmp / "new-vault")]


def _passwd(cli: CliVault, tmp: Path) -> list[str]:
    same = tmp / "same"
    same.write_text(cli.passphrase_file.read_text(encoding="utf-8"), encoding="utf-8")
    return ["passwd", "--new-passphrase-file", str(same)]


def _other_vault(cli: CliVault, tmp: Path) -> list[str]:
    """A fresh vault of its own (these commands would change the shared one's keys or
    remove it); its --vault, given after the command, wins."""
    folder = tmp / "other-vault"
    made = evidence_vault(*cli.globals(), "init", "--kdf-floor", "--vault", str(folder))
    assert made.returncode == 0, made.stderr
    return ["--vault", str(folder)]


def _duress_set(cli: CliVault, tmp: Path) -> list[str]:
    duress = tmp / "duress"
    duress.write_text("a duress passphrase for the contract\n", encoding="utf-8")
    return ["duress", "set", "--duress-passphrase-file", str(duress), *_other_vault(cli, tmp)]


def _age_encrypt(cli: CliVault, tmp: Path) -> list[str]:
    (tmp / "plain.txt").write_text("plain text\n", encoding="utf-8")
    return ["age", "encrypt", "-r", cli.made["recipient"], "-o", str(tmp / "out.age"),
            str(tmp / "plain.txt")]  # fmt: skip


def _age_decrypt(cli: CliVault, tmp: Path) -> list[str]:
    evidence_vault(*_age_encrypt(cli, tmp))
    return ["age", "decrypt", "-i", cli.made["identity"], "-o", str(tmp / "back.txt"),
            str(tmp / "out.age")]  # fmt: skip


def _sync_auto(cli: CliVault, tmp: Path) -> list[str]:
    # With the vault's automatic-sync rule off (the default) it answers without a network.
    cli.run("sync", "profile", "import", str(_profile_file(cli, tmp)))
    return ["sync", "--auto"]


def _timestamp(cli: CliVault, tmp: Path) -> list[str]:
    # A profile that names no time-stamping authority: answered without a network.
    cli.run("sync", "profile", "import", str(_profile_file(cli, tmp)))
    return ["timestamp"]


def _sync_profile_show(cli: CliVault, tmp: Path) -> list[str]:
    cli.run("sync", "profile", "import", str(_profile_file(cli, tmp)))
    return ["sync", "profile", "show"]


def _settings_unset(cli: CliVault, tmp: Path) -> list[str]:
    coordinators = [{"name": "Coordinator", "recipient": cli.made["recipient"]}]
    cli.run("settings", "set", "coordinator-recipients", json.dumps(coordinators))
    return ["settings", "unset", "coordinator-recipients"]


PHONE_BUNDLE = Path(__file__).resolve().parents[1] / "fixtures/phone/proofmode/good.zip"
PHONE_ROOTS = Path(__file__).resolve().parents[1] / "fixtures/phone/c2pa/test_cert_root_bundle.pem"


def _phone_key(cli: CliVault) -> str:
    """Imports a ProofMode bundle into a new draft; returns the phone key it brought."""
    done = cli.json("phone", "import", _draft(cli), str(PHONE_BUNDLE))
    return str(done[0]["key_fingerprint"])


def _stick(tmp: Path) -> str:
    (tmp / "stick").mkdir()
    return str(tmp / "stick")


ARGS: dict[str, Callable[[CliVault, Path], list[str]]] = {
    "init": _fresh_vault_init,
    "passwd": _passwd,
    "rekey": lambda cli, tmp: ["rekey", *_other_vault(cli, tmp)],
    "wipe": lambda cli, tmp: ["wipe", "--yes", *_other_vault(cli, tmp)],
    "recovery split": lambda cli, tmp: ["recovery", "split", "--threshold", "2", "--shares",
                                        "3", "--out", str(tmp / "shares")],
    "duress set": _duress_set,
    "duress unset": lambda cli, tmp: ["duress", "unset", *_other_vault(cli, tmp)],
    "check": lambda cli, tmp: ["check"],
    "case add": lambda cli, tmp: ["case", "add", "--title", "Another case"],
    "case list": lambda cli, tmp: ["case", "list"],
    "person add": lambda cli, tmp: ["person", "add", "--code", "W-900", "--role", "witness"],
    "person list": lambda cli, tmp: ["person", "list"],
    "testimony add": lambda cli, tmp: ["testimony", "add", "--case", cli.made["case"],
                                       "--from-json", cli.made["testimony_file"]],
    "testimony show": lambda cli, tmp: ["testimony", "show", cli.made["testimony"]],
    "testimony list": lambda cli, tmp: ["testimony", "list"],
    "testimony correct": lambda cli, tmp: ["testimony", "correct", _sealed(cli)],
    "testimony withdraw": lambda cli, tmp: ["testimony", "withdraw", _sealed(cli)],
    "testimony delete": lambda cli, tmp: ["testimony", "delete", _draft(cli)],
    "attachment remove": lambda cli, tmp: ["attachment", "remove", _attachment_in_a_draft(cli)],
    "attachment derive": lambda cli, tmp: ["attachment", "derive", _sealed_photo(cli, tmp),
                                           "--strip-location", "--strip-device"],
    "attach": lambda cli, tmp: ["attach", _draft(cli), cli.made["note"],
                                cli.made["testimony_file"]],
    "search": lambda cli, tmp: ["search", "метро"],
    "custody": lambda cli, tmp: ["custody", cli.made["testimony"]],
    "seal": lambda cli, tmp: ["seal", _draft(cli)],
    "export": lambda cli, tmp: ["export", _sealed(cli), "--to", _stick(tmp)],
    "verify": lambda cli, tmp: ["verify", cli.made["package_file"], "--identity",
                                cli.made["identity"], "--trusted-signers",
                                cli.made["allowed_signers"]],
    "package import": lambda cli, tmp: ["package", "import", cli.made["package_file"]],
    "package list": lambda cli, tmp: ["package", "list"],
    "package create": lambda cli, tmp: ["package", "create", _sealed(cli)],
    "package verify": lambda cli, tmp: ["package", "verify", _kept_package(cli), "--identity",
                                        cli.made["identity"], "--trusted-signers",
                                        cli.made["allowed_signers"]],
    "package forward": lambda cli, tmp: ["package", "forward", _kept_package(cli),
                                         "--to", _stick(tmp)],
    "keys show": lambda cli, tmp: ["keys", "show"],
    "keys new-recipient": lambda cli, tmp: ["keys", "new-recipient", "--out",
                                            str(tmp / "coordinator.key")],
    "keys export-public": lambda cli, tmp: ["keys", "export-public"],
    "settings list": lambda cli, tmp: ["settings", "list"],
    "settings get": lambda cli, tmp: ["settings", "get", "platform-recipient"],
    "settings set": lambda cli, tmp: ["settings", "set", "platform-recipient",
                                      cli.made["recipient"]],
    "settings unset": _settings_unset,
    "age keygen": lambda cli, tmp: ["age", "keygen"],
    "age encrypt": _age_encrypt,
    "age decrypt": _age_decrypt,
    "sync": _sync_auto,
    "sync status": lambda cli, tmp: ["sync", "status"],
    "sync profile import": lambda cli, tmp: ["sync", "profile", "import",
                                             str(_profile_file(cli, tmp))],
    "sync profile show": _sync_profile_show,
    "sync retry": lambda cli, tmp: ["sync", "retry", "0" * 32],
    "sync delete-local": lambda cli, tmp: ["sync", "delete-local", "0" * 32],
    "sync policy": lambda cli, tmp: ["sync", "policy"],
    "timestamp": _timestamp,
    "self-test": lambda cli, tmp: ["self-test", "--no-window"],
    "phone verify": lambda cli, tmp: ["phone", "verify", str(PHONE_BUNDLE)],
    "phone import": lambda cli, tmp: ["phone", "import", _draft(cli), str(PHONE_BUNDLE)],
    "phone keys list": lambda cli, tmp: ["phone", "keys", "list"] if _phone_key(cli) else [],
    "phone keys name": lambda cli, tmp: ["phone", "keys", "name", _phone_key(cli), "Phone A"],
    "phone keys forget": lambda cli, tmp: ["phone", "keys", "forget", _phone_key(cli)],
    "phone trust show": lambda cli, tmp: ["phone", "trust", "show"],
    "phone trust import": lambda cli, tmp: ["phone", "trust", "import", str(PHONE_ROOTS)],
    "phone trust reset": lambda cli, tmp: ["phone", "trust", "reset"],
}


def test_every_command_of_the_contract_is_run_here() -> None:
    assert set(ARGS) == set(CONTRACT)


def error_object(stderr: str) -> dict[str, Any]:
    """stderr holds exactly one JSON object, an error: {"error": KIND, "message": TEXT}."""
    error = json.loads(stderr)
    assert isinstance(error, dict) and set(error) == {"error", "message"}, stderr
    assert isinstance(error["error"], str) and isinstance(error["message"], str)
    return error


@pytest.mark.parametrize("command", list(CONTRACT))
def test_json_output_of(command: str, sealed_vault: CliVault, tmp_path: Path) -> None:
    args = ARGS[command](sealed_vault, tmp_path)
    # The vault's options before the command, so one given after it (init's) wins.
    result = evidence_vault(*sealed_vault.globals(), *args, "--json")
    if command in NEEDS_A_PLATFORM:
        assert result.returncode == 1 and result.stdout == ""
        assert error_object(result.stderr)["error"] == "NotFoundError"
        return
    assert result.returncode == 0, result.stderr
    assert '"error"' not in result.stderr
    shape = CONTRACT[command]
    if shape == LINES:
        lines = result.stdout.splitlines()
        assert len(lines) == 2  # two files imported
        assert all(isinstance(json.loads(line), dict) for line in lines)
        return
    # json.loads refuses anything after the first document: exactly one was printed.
    document = json.loads(result.stdout)
    assert isinstance(document, dict if shape == OBJECT else list), result.stdout
    if shape == ARRAY:
        assert document, f"{command} printed an empty array here; the check proves less"


def test_an_error_is_one_object_on_stderr(sealed_vault: CliVault, tmp_path: Path) -> None:
    wrong = tmp_path / "wrong"
    wrong.write_text("not the passphrase at all\n", encoding="utf-8")
    result = evidence_vault("case", "list", "--json", "--vault", str(sealed_vault.vault),
                            "--passphrase-file", str(wrong))  # fmt: skip
    assert result.returncode == 1 and result.stdout == ""
    assert error_object(result.stderr)["error"] == "WrongPassphraseError"
    missing = sealed_vault.run("testimony", "show", "f" * 32, "--json", ok=False)
    assert missing.returncode == 1 and missing.stdout == ""
    assert error_object(missing.stderr)["error"] == "NotFoundError"


def test_attach_reports_each_refused_file_on_its_own_line(
    sealed_vault: CliVault, tmp_path: Path
) -> None:
    args = ["attach", _draft(sealed_vault), str(tmp_path / "gone.jpg"),
            sealed_vault.made["note"], str(tmp_path / "gone-too.pdf")]  # fmt: skip
    result = sealed_vault.run(*args, "--json", ok=False)
    assert result.returncode == 1
    assert [json.loads(line)["name"] for line in result.stdout.splitlines()] == ["note.txt"]
    errors = [error_object(line) for line in result.stderr.splitlines()]
    assert len(errors) == 2 and "gone.jpg" in errors[0]["message"]


@pytest.mark.parametrize(
    "args",
    [["case", "frobnicate"], ["settings", "set", "only-a-name"], ["verify", "--bogus"]],
    ids=["unknown command", "missing argument", "unknown option"],
)
def test_a_usage_mistake_is_one_object_on_stderr(args: list[str]) -> None:
    for argv in (["--json", *args], [*args, "--json"]):
        result = evidence_vault(*argv)
        assert result.returncode == 2 and result.stdout == "", result.stderr
        assert error_object(result.stderr)["error"] == "UsageError"
    plain = evidence_vault(*args)
    assert plain.returncode == 2
    assert plain.stderr.startswith("usage: evidence-vault")


def test_no_command_with_json_is_a_usage_mistake() -> None:
    result = evidence_vault("--json")
    assert result.returncode == 2 and result.stdout == ""
    assert error_object(result.stderr)["error"] == "UsageError"
