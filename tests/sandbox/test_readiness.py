"""An answer tells the truth: a database that cannot be used is a 503 with Retry-After on every
route (and readiness says so), never a 500; a journal entry that cannot be kept is counted, never
the caller's error."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

import pytest
from flask import Flask
from sqlalchemy.exc import OperationalError

from sandbox.db import DatabaseUnavailable
from sandbox.dealers import AXILOG
from sandbox.group_commit import GroupCommit
from tests.page_text import page_lines
from tests.postgres_faults import OwnDatabase, own_database

DEALER = AXILOG.login
UNAVAILABLE = {
    "code": 503,
    "status": "Service Unavailable",
    "error_code": "DATABASE_UNAVAILABLE",
    "message": (
        "La base de données du service est momentanément indisponible : rien n'a été "
        "enregistré, réessayez dans quelques secondes."
    ),
}


def test_a_journal_entry_that_cannot_be_kept_is_counted_not_answered(
    make_centralisateur: Callable[..., Flask], database_url: str
) -> None:
    app = make_centralisateur(DATABASE_URL=database_url)

    def database_gone(_entries: Sequence[dict[str, Any]]) -> None:
        raise OperationalError("INSERT INTO journal", {}, Exception("server closed the connection"))

    app.extensions["sandbox.journal"] = GroupCommit(database_gone)
    client = app.test_client()
    assert client.get("/__admin/health").json["journal_failed_writes"] == 0
    answer = client.put("/api/v1/profile", json={"icare_id": AXILOG.icare_id}, auth=DEALER)
    assert answer.status_code == 200
    assert client.get("/api/v1/profile", auth=DEALER).json["profile_configured"] is True
    assert client.get("/__admin/health").json == {
        "status": "ok",
        "service": "fake_centralisateur",
        "journal_failed_writes": 2,
    }


@pytest.fixture
def postgres() -> Iterator[OwnDatabase]:
    with own_database() as database:
        yield database


def test_a_database_that_cannot_be_used_is_a_503_with_retry_after_everywhere(
    make_centralisateur: Callable[..., Flask], postgres: OwnDatabase
) -> None:
    app = make_centralisateur(DATABASE_URL=postgres.url, DB_POOL_TIMEOUT=2)
    client = app.test_client()
    assert client.get("/__admin/ready").json == {
        "status": "ready",
        "service": "fake_centralisateur",
    }
    assert client.get("/api/v1/profile", auth=DEALER).status_code == 200

    postgres.refuse_connections()
    for method, path in (
        ("GET", "/__admin/ready"),
        ("GET", "/api/v1/declarations"),
        ("POST", "/api/v1/declarations"),
        ("GET", "/__admin/journal"),
    ):
        answer = client.open(path, method=method, auth=DEALER, json={"fields": {}})
        assert (answer.status_code, answer.json) == (503, UNAVAILABLE), path
        assert answer.headers["Retry-After"] == "5"
    page = client.get("/connexion")
    assert page.status_code == 503 and page.mimetype == "text/html"
    assert page.headers["Retry-After"] == "5"
    assert DatabaseUnavailable.default_message in page_lines(page.get_data(as_text=True))
    assert client.get("/__admin/health").status_code == 200  # alive: no restart needed

    postgres.accept_connections()
    assert client.get("/__admin/ready").status_code == 200
    assert client.get("/api/v1/profile", auth=DEALER).status_code == 200
