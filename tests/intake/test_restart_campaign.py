"""Campaign: the server is SIGKILLed at random moments while PATCH bodies stream in.

After every restart the upload's bytes on disk must be exactly the first ``offset`` bytes
of the package (never more, never different), and the resumed upload must complete
byte-identical with a receipt. CI runs a short slice; ``pytest --full`` runs 25 kills.
"""

from __future__ import annotations

import hashlib
import os
import random
import threading
import time

import pytest

from tests.intake.conftest import IntakeServer, raw_patch_start, upload_id_of

pytestmark = pytest.mark.slow

MIB = 1024 * 1024
PIECE = 64 * 1024


def _stream_slowly(server: IntakeServer, upload_url: str, offset: int, body: bytes) -> None:
    """Send one PATCH in small pieces until the server dies under it."""
    try:
        tls = raw_patch_start(server, upload_url, offset, len(body), b"")
        for start in range(0, len(body), PIECE):
            tls.sendall(body[start : start + PIECE])
            time.sleep(0.01)
        tls.recv(1024)
        tls.close()
    except OSError:
        pass  # the server was killed mid-request: that is the point


def test_random_kills_never_leave_bytes_the_offset_does_not_vouch_for(
    intake: IntakeServer, full_run: bool
) -> None:
    kills = 25 if full_run else 3
    rng = random.Random(os.urandom(8))
    payload = os.urandom(kills * 2 * MIB + 12345)
    upload_url = intake.create(payload)
    data_file = intake.data / "uploads" / upload_id_of(upload_url)
    for _ in range(kills):
        offset = intake.offset(upload_url)
        body = payload[offset : offset + 2 * MIB]
        sender = threading.Thread(target=_stream_slowly, args=(intake, upload_url, offset, body))
        sender.start()
        time.sleep(rng.uniform(0.0, 0.4))
        intake.kill()
        sender.join(30)
        intake.start()
        recorded = intake.offset(upload_url)
        on_disk = data_file.read_bytes()
        assert len(on_disk) == recorded
        assert on_disk == payload[:recorded]
    offset = intake.offset(upload_url)
    while offset < len(payload):
        response = intake.patch(upload_url, offset, payload[offset : offset + 8 * MIB])
        assert response.status_code == 204, response.text
        offset = int(response.headers["upload-offset"])
    receipt = intake.receipt(upload_url)
    assert receipt.status_code == 200, receipt.text
    accepted = intake.data / "accepted" / f"{hashlib.sha256(payload).hexdigest()}.evp"
    assert accepted.read_bytes() == payload
