"""Fill a real vault quickly with N testimonies and M attachments, for the load campaign.

Every record goes through the real repository functions (``add_case``, ``add_testimony``
with its search indexing and signed custody event, ``import_attachment`` with its
encrypted blob); only the commits are batched: the calls run inside one outer
transaction per batch, where each function's own transaction becomes a savepoint, so
the disk syncs once per batch instead of once per record.

Usage as a script: ``python tests/campaigns/load_vault.py FOLDER N M`` (passphrase on
stdin) builds a vault for manual runs of the benchmarks.
"""

from __future__ import annotations

import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from app.core.cases import add_case
from app.core.ingest import import_attachment
from app.core.records import parse_case_input, parse_testimony_input
from app.core.testimonies import add_testimony
from app.storage.database import transaction
from app.storage.vault import Vault

ACTOR = "load-generator"
RARE_WORD = "рэдкаеслова"  # in one testimony of every RARE_EVERY, to count search hits
RARE_EVERY = 1000
PER_CASE = 1000
BATCH = 2000
_VOCABULARY = (
    "затрымалі метро стэла плошча аўтазак пратакол суд штраф біццё лякарня сведка ноч "
    "detained metro square van protocol court fine beating hospital witness night "
    "задержали площадь автозак протокол избиение больница свидетель"
)
WORDS = _VOCABULARY.split()

CONSENT = dict.fromkeys(["interview", "audio_recording", "share_with_platform"], True) | {
    "share_onward": False,
    "be_named": False,
    "recontact": False,
    "given_at": "2024-03-01T10:00:00Z",
    "method": "oral",
}


@dataclass(frozen=True)
class LoadSummary:
    testimonies: int
    attachments: int
    rare_hits: int  # testimonies whose narrative holds RARE_WORD
    with_attachments: list[str]  # ids of the testimonies that got attachments
    seconds: float


def _record(rng: random.Random, index: int) -> dict[str, object]:
    words = rng.choices(WORDS, k=rng.randint(40, 120))
    if index % RARE_EVERY == 0:
        words.insert(rng.randint(0, len(words)), RARE_WORD)
    return {
        "person": {"code": f"L-{index}", "role": rng.choice(["survivor", "witness", "relative"])},
        "interview": {
            "place": rng.choice(["Minsk", "Гродна", "Брест", "Vilnius"]),
            "interviewer": "D-1",
            "language": "be",
        },
        "consent": CONSENT,
        "incidents": [],
        "narrative": " ".join(words),
    }


def fill_vault(
    vault: Vault, testimonies: int, attachments: int, media_dir: Path, *, seed: int = 1
) -> LoadSummary:
    """Add ``testimonies`` drafts and ``attachments`` small media files (spread over the
    first testimonies, one to each) to ``vault``; ``media_dir`` receives the sources."""
    began = time.perf_counter()
    rng = random.Random(seed)
    conn, device = vault.connection, vault.device
    media_dir.mkdir(parents=True, exist_ok=True)
    sources = []
    for index in range(8):
        path = media_dir / f"recording-{index}.bin"
        path.write_bytes(rng.randbytes(1024 + 512 * index))
        sources.append(path)
    case_id = ""
    ids: list[str] = []
    rare = 0
    for start in range(0, testimonies, BATCH):
        with transaction(conn):
            for index in range(start, min(start + BATCH, testimonies)):
                if index % PER_CASE == 0:
                    case = parse_case_input({"title": f"Case {index // PER_CASE}"})
                    case_id = add_case(conn, device, case, ACTOR).id
                data = parse_testimony_input(_record(rng, index))
                testimony = add_testimony(conn, device, case_id, data, ACTOR)
                rare += index % RARE_EVERY == 0
                if index < attachments:
                    ids.append(testimony.id)
    for start in range(0, len(ids), BATCH):
        with transaction(conn):
            for testimony_id in ids[start : start + BATCH]:
                import_attachment(
                    vault.connection,
                    vault.blobs,
                    vault.device,
                    testimony_id,
                    rng.choice(sources),
                    actor=ACTOR,
                )
    return LoadSummary(testimonies, len(ids), rare, ids, time.perf_counter() - began)


def main() -> int:
    folder, count, media = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    passphrase = sys.stdin.readline().rstrip("\n")
    from app.crypto.kdf import FLOOR

    vault, _ = Vault.create(folder, passphrase, params=FLOOR)
    with vault:
        summary = fill_vault(vault, count, media, folder.with_name(folder.name + "-media"))
    print(f"{summary.testimonies} testimonies, {summary.attachments} attachments "
          f"in {summary.seconds:.0f} s")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
