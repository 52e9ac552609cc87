"""Load campaign: a real vault with many testimonies and attachments stays correct, and
the time of each everyday operation on it is printed (not asserted: the benchmark table
states the figures; a test on a shared machine cannot).

CI: 2,000 testimonies and 200 attachments. ``pytest --full``: 100,000 and 20,000, the
size the issue names. Measured: open (unlock), search (p50/p95 over varied queries),
listing (first page, and every page to the end), ``check`` of the whole vault, and a
seal + export + verify of one testimony in the full vault. Asserted: the counts, the
search hits, a clean check and a package that verifies.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import pytest
from load_vault import RARE_WORD, WORDS, fill_vault

from app.core.export import export_package
from app.core.sealing import seal_testimony
from app.core.search import search
from app.core.settings import PLATFORM_RECIPIENT, set_setting
from app.core.testimonies import list_testimonies
from app.crypto.age import X25519Identity
from app.crypto.kdf import FLOOR
from app.crypto.signing import NAMESPACE_CUSTODY, NAMESPACE_PACKAGE, parse_trusted_signers
from app.formats.package.verify import verify_package
from app.services.maintenance import check_vault
from app.storage.vault import Vault

PASSPHRASE = "load campaign passphrase"
SIZES = {False: (2_000, 200), True: (100_000, 20_000)}
PAGE = 500


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * 0.95) - 1)]


@pytest.mark.slow
@pytest.mark.timeout(4 * 3600)  # the --full size; the CI slice takes well under a minute
def test_a_loaded_vault_stays_correct(tmp_path: Path, full_run: bool) -> None:
    testimonies, attachments = SIZES[full_run]
    folder = tmp_path / "vault"
    vault, _ = Vault.create(folder, PASSPHRASE, params=FLOOR)
    platform = X25519Identity.generate()
    with vault:
        set_setting(vault.connection, vault.device, PLATFORM_RECIPIENT,
                    str(platform.recipient), "load")  # fmt: skip
        summary = fill_vault(vault, testimonies, attachments, tmp_path / "media")
        trusted = vault.device.public_key.allowed_signers_line(
            "documenter", [NAMESPACE_PACKAGE, NAMESPACE_CUSTODY]
        )
    figures: dict[str, str] = {
        "fill": f"{summary.seconds:.1f} s ({testimonies / summary.seconds:.0f} testimonies/s)"
    }

    began = time.perf_counter()
    vault = Vault.unlock(folder, PASSPHRASE)
    figures["open (unlock, Argon2id at the floor)"] = f"{time.perf_counter() - began:.2f} s"
    with vault:
        conn = vault.connection
        rows = conn.execute("SELECT count(*) FROM testimonies").fetchone()[0]
        assert rows == testimonies
        assert conn.execute("SELECT count(*) FROM attachments").fetchone()[0] == attachments

        # Search: the rare word is in exactly one testimony of every thousand.
        hits = search(conn, RARE_WORD, limit=1000)
        assert len(hits) == summary.rare_hits
        timings = []
        queries = [*WORDS, RARE_WORD, "затрым", "metro court", "плошча суд"]
        for query in queries * 3:
            began = time.perf_counter()
            found = search(conn, query)
            timings.append((time.perf_counter() - began) * 1000)
            if query in WORDS:
                assert found, query  # every vocabulary word occurs somewhere
        figures["search"] = (
            f"p50 {statistics.median(timings):.1f} ms, p95 {_p95(timings):.1f} ms "
            f"over {len(timings)} queries"
        )

        # Listing: the first page, then every page to the end.
        began = time.perf_counter()
        first = list_testimonies(conn, limit=50)
        figures["list first page (50)"] = f"{(time.perf_counter() - began) * 1000:.1f} ms"
        assert len(first) == 50
        began = time.perf_counter()
        seen: set[str] = set()
        offset = 0
        while page := list_testimonies(conn, limit=PAGE, offset=offset):
            seen.update(t.id for t in page)
            offset += len(page)
        figures[f"list all in pages of {PAGE}"] = f"{time.perf_counter() - began:.2f} s"
        assert len(seen) == testimonies

        began = time.perf_counter()
        report = check_vault(vault)
        figures["check (database, every blob, custody)"] = f"{time.perf_counter() - began:.1f} s"
        assert report.problems == []

        target = summary.with_attachments[-1]
        stick = tmp_path / "stick"
        stick.mkdir()
        began = time.perf_counter()
        seal_testimony(conn, vault.blobs, vault.device, target, "load")
        result = export_package(conn, vault.blobs, vault.device, target, stick, [], "load")
        figures["seal + export one testimony"] = f"{(time.perf_counter() - began) * 1000:.0f} ms"
    verified = verify_package(
        lambda: result.path.open("rb"), [platform], parse_trusted_signers(trusted)
    )
    assert verified.ok, verified.message

    print(f"\nload: {testimonies:,} testimonies, {attachments:,} attachments, "
          f"database {(folder / 'vault.db').stat().st_size / 2**20:.0f} MiB")  # fmt: skip
    for label, value in figures.items():
        print(f"  {label:40} {value}")
