"""A fake started before its database waits for it, a French line per attempt, bounded; then it
says in one French line why it stops, with no traceback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.postgres_faults import OwnDatabase, own_database

PVO_SANDBOX = str(Path(sys.executable).parent / "pvo-sandbox")


@pytest.fixture
def closed_database() -> Iterator[OwnDatabase]:
    with own_database() as database:
        database.refuse_connections()
        yield database


def serve_icare(database: OwnDatabase, attempts: int) -> subprocess.Popen[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "ICARE_DATABASE_URL": database.url,
        "ICARE_DB_WAIT_ATTEMPTS": str(attempts),
    }
    return subprocess.Popen(
        [PVO_SANDBOX, "serve", "icare", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def test_a_database_that_never_answers_stops_the_start_in_french(
    closed_database: OwnDatabase,
) -> None:
    process = serve_icare(closed_database, attempts=2)
    output, _ = process.communicate(timeout=60)
    assert process.returncode != 0
    lines = [line for line in output.splitlines() if line.startswith("icare")]
    assert [line.split(" ; ")[1] for line in lines[:2]] == [
        "essai 1/2, nouvel essai dans 2 s.",
        "essai 2/2, nouvel essai dans 2 s.",
    ]
    assert lines[0].startswith("icare : la base de données ne répond pas encore (")
    assert (
        "icare : la base de données n'a pas répondu après 2 essais : vérifiez qu'elle est "
        "démarrée et que ICARE_DATABASE_URL (ou DATABASE_URL) la désigne."
    ) in output
    assert "Traceback" not in output


def test_a_fake_waits_for_a_database_that_comes_up(closed_database: OwnDatabase) -> None:
    process = serve_icare(closed_database, attempts=30)
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert first.startswith("icare : la base de données ne répond pas encore ("), first
        closed_database.accept_connections()
        lines: list[str] = []
        while len(lines) < 30 and not (lines and lines[-1].startswith("Ready in")):
            lines.append(process.stdout.readline())
        assert lines[-1].startswith("Ready in"), lines
    finally:
        process.terminate()
        process.wait(timeout=20)
