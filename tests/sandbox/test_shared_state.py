"""Two processes of one fake on one database behave as one: faults and their counters, the
clock, the journal and a reset are shared (SQLite file, and PostgreSQL when CI provides it)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from harness.admin_client import AdminError, FakeAdmin
from tests.conftest import BACKENDS, fresh_database
from tests.processes import two_servers

ICARE = ("centralisateur", "centralisateur-secret")
# The first admin token comes from the environment, as on a shared deployment.
FIRST_TOKEN = "jeton-de-depart-0123456789"


@pytest.fixture(scope="module", params=BACKENDS)
def icare_processes(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str]]:
    """`pvo-sandbox serve icare` twice, started at the same moment on one database; once per
    backend for both tests of the module (a start takes seconds), each test from the seed."""
    folder = tmp_path_factory.mktemp("two_icares")
    with fresh_database(request.param, folder) as database_url:
        env = {
            **os.environ,
            "ICARE_DATABASE_URL": database_url,
            "SANDBOX_DATA_DIR": str(folder),
            "ICARE_ADMIN_TOKEN": FIRST_TOKEN,
        }
        with two_servers("icare", env) as urls:
            yield urls


@pytest.fixture
def two_icares(icare_processes: tuple[str, str]) -> tuple[str, str]:
    """The two processes, their shared database back to the seed (faults, clock, journal)."""
    FakeAdmin(icare_processes[0], FIRST_TOKEN).reset()
    return icare_processes


def test_two_processes_share_faults_clock_journal_and_reset(
    two_icares: tuple[str, str],
) -> None:
    first, second = two_icares
    one, other = FakeAdmin(first, FIRST_TOKEN), FakeAdmin(second, FIRST_TOKEN)
    one.add_fault("/api/v1/contracts/", "status", status=503, times=3)
    statuses = [
        requests.get(f"{url}/api/v1/contracts/IC2025-0000001", auth=ICARE, timeout=5).status_code
        for url in (first, second) * 4
    ]
    assert statuses == [503] * 3 + [404] * 5  # three failures, whichever process answered
    assert [(f["hits"], f["remaining"]) for f in other.faults()] == [(3, 0)]

    one.set_today("2031-02-03")
    assert other.clock() == {"today": "2031-02-03", "fixed": True}

    # the calls to both processes, in one journal
    assert len(other.journal(path="/api/v1/contracts/")) == 8

    one.reset()
    assert other.faults() == [] and other.journal() == []
    assert other.clock()["fixed"] is False


def test_the_admin_token_set_through_one_guards_the_other(two_icares: tuple[str, str]) -> None:
    first, second = two_icares
    token = "jeton-de-test-0123456789"
    FakeAdmin(first, FIRST_TOKEN).set_token(token)
    with pytest.raises(AdminError, match="Bearer"):
        FakeAdmin(second, FIRST_TOKEN).journal()
    not_bearer = requests.get(f"{second}/__admin/journal", headers={"Authorization": token})
    assert not_bearer.status_code == 401  # exactly "Bearer <token>"
    holder = FakeAdmin(second, token)
    assert holder.journal() == []
    assert FakeAdmin(second).health()["status"] == "ok"  # health stays open
    holder.set_token(FIRST_TOKEN)
    assert FakeAdmin(first, FIRST_TOKEN).journal() == []


def test_each_fake_has_a_session_cookie_of_its_own(tmp_path: Path) -> None:
    """Portal, MyIcare and the desk on one host: signing in to one keeps the others' sessions."""
    from harness.fakes import FAKES

    names = {
        fake.create_app({"DATABASE_URL": f"sqlite:///{tmp_path / name}.db"}).config[
            "SESSION_COOKIE_NAME"
        ]
        for name, fake in FAKES.items()
    }
    assert len(names) == len(FAKES)
