"""Fuzzing the package reader and verifier: mutated tars and mutated age files give a
report or a declared error, never a crash. Hypothesis in CI (bounded); atheris in a
child process where it installs. ``--full`` runs both much longer."""

from __future__ import annotations

import importlib.util
import io
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.campaigns.package_fuzz_support import (
    Sample,
    check_ciphertext,
    check_plaintext,
    make_sample,
)

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def sample() -> Sample:
    return make_sample()


def _mutate(data: bytes, edits: list[tuple[int, int, int]]) -> bytes:
    buffer = bytearray(data)
    for kind, position, value in edits:
        if not buffer:
            break
        at = position % len(buffer)
        if kind == 0:
            buffer[at] ^= value or 1
        elif kind == 1:
            del buffer[at : at + value % 600 + 1]
        elif kind == 2:
            buffer[at:at] = bytes([value]) * (value % 40 + 1)
        else:
            del buffer[at:]
    return bytes(buffer)


EDITS = st.lists(
    st.tuples(st.integers(0, 3), st.integers(0, 1 << 20), st.integers(0, 255)),
    min_size=1,
    max_size=6,
)


def test_mutated_tars_only_raise_declared_errors(sample: Sample, full_run: bool) -> None:
    @settings(
        max_examples=3000 if full_run else 120,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(EDITS)
    def run(edits: list[tuple[int, int, int]]) -> None:
        check_plaintext(sample, _mutate(sample.plaintext, edits))

    run()


def test_mutated_age_files_only_raise_declared_errors(sample: Sample, full_run: bool) -> None:
    @settings(
        max_examples=2000 if full_run else 80,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(EDITS)
    def run(edits: list[tuple[int, int, int]]) -> None:
        check_ciphertext(sample, _mutate(sample.ciphertext, edits))

    run()


_NAMES = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), min_size=1, max_size=120)
_KINDS = st.sampled_from(
    [
        tarfile.REGTYPE,
        tarfile.DIRTYPE,
        tarfile.SYMTYPE,
        tarfile.LNKTYPE,
        tarfile.FIFOTYPE,
        tarfile.CHRTYPE,
    ]
)


def test_crafted_archives_only_raise_declared_errors(sample: Sample, full_run: bool) -> None:
    top = "0123456789abcdef0123456789abcdef/"

    @settings(
        max_examples=1500 if full_run else 60,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(
        st.lists(
            st.tuples(
                st.one_of(_NAMES, _NAMES.map(lambda n: top + n)), _KINDS, st.binary(max_size=700)
            ),
            max_size=8,
        )
    )
    def run(entries: list[tuple[str, bytes, bytes]]) -> None:
        out = io.BytesIO()
        with tarfile.open(fileobj=out, mode="w", format=tarfile.PAX_FORMAT) as archive:
            for name, kind, data in entries:
                info = tarfile.TarInfo(name)
                info.type = kind
                info.linkname = "../../x" if kind in (tarfile.SYMTYPE, tarfile.LNKTYPE) else ""
                info.size = len(data) if kind == tarfile.REGTYPE else 0
                archive.addfile(info, io.BytesIO(data) if kind == tarfile.REGTYPE else None)
        check_plaintext(sample, out.getvalue())

    run()


@pytest.mark.skipif(importlib.util.find_spec("atheris") is None, reason="atheris is not installed")
def test_atheris_campaign(tmp_path: Path, sample: Sample, full_run: bool) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "seed").write_bytes(sample.plaintext)
    runs = 50_000 if full_run else 1_500
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.campaigns.fuzz_package_atheris",
            f"-runs={runs}",
            "-max_len=65536",
            "-rss_limit_mb=1024",
            str(corpus),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=3600,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0, result.stderr[-4000:]
    assert "Done" in result.stderr
