"""Nothing lost, nothing duplicated: concurrent clients, Icare failing, a crash."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import create_engine, text

from harness.admin_client import FakeAdmin
from tests.postgres_faults import own_database, postgres_server
from tests.reliability.conftest import DEALER, ICARE, RunningSandbox, declaration, start_running

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1800)]  # bounded, but long
CLIENTS = 32


def _declare_all(
    central: str, bodies: list[dict[str, Any]], stop: threading.Event | None = None
) -> list[dict[str, Any]]:
    """Send the declarations from 32 clients; the answers acknowledged (201), in any order."""
    local = threading.local()

    def send(body: dict[str, Any]) -> dict[str, Any] | None:
        if stop is not None and stop.is_set():
            return None
        if not hasattr(local, "http"):
            local.http = requests.Session()
            local.http.auth = DEALER
        try:
            response = local.http.post(
                f"{central}/api/v1/declarations?submit=true", json=body, timeout=30
            )
        except requests.RequestException:
            return None
        return response.json() if response.status_code == 201 else None

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        return [answer for answer in pool.map(send, bodies) if answer is not None]


def _icare_contracts(icare: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    page = 1
    while True:
        response = requests.get(
            f"{icare}/api/v1/dealers/IC-953617/contracts",
            auth=ICARE,
            params={"page": page, "page_size": 100},
            timeout=30,
        )
        response.raise_for_status()
        if not response.json():
            return found
        found += response.json()
        page += 1


def test_a_thousand_declarations_from_32_clients(
    running: RunningSandbox, valid_form: dict[str, Any]
) -> None:
    central = running.url("centralisateur")
    started = time.perf_counter()
    answers = _declare_all(central, [declaration(valid_form, i) for i in range(1000)])
    print(f"1,000 declarations from {CLIENTS} clients in {time.perf_counter() - started:.1f} s")
    assert len(answers) == 1000
    numbers = {a["number"] for a in answers}
    contracts = {a["contract"]["number"] for a in answers}
    assert len(numbers) == 1000 and len(contracts) == 1000
    http = requests.Session()
    http.auth = DEALER
    for answer in answers:
        again = http.get(f"{central}/api/v1/declarations/{answer['id']}", timeout=10).json()
        assert again["number"] == answer["number"]
        assert again["contract"]["number"] == answer["contract"]["number"]
    assert {c["contract_number"] for c in _icare_contracts(running.url("icare"))} == contracts


def test_the_same_declaration_twice_at_once_gives_one_contract(
    running: RunningSandbox, valid_form: dict[str, Any]
) -> None:
    central = running.url("centralisateur")
    draft = requests.post(
        f"{central}/api/v1/declarations", json=declaration(valid_form, 1), auth=DEALER, timeout=10
    ).json()
    barrier = threading.Barrier(2)

    def click() -> int:
        barrier.wait()
        return requests.post(
            f"{central}/api/v1/declarations/{draft['id']}/submit", auth=DEALER, timeout=30
        ).status_code

    with ThreadPoolExecutor(max_workers=2) as pool:
        codes = sorted(pool.map(lambda _: click(), range(2)))
    assert codes[0] == 200 and codes[1] in (200, 409)
    same_bdc = _declare_all(central, [declaration(valid_form, 2)] * 2)
    assert len(same_bdc) == 1  # the second is refused by Icare: contract in force
    vins = [c["vehicle"]["vin"] for c in _icare_contracts(running.url("icare"))]
    assert sorted(vins) == ["VR300000000000001", "VR300000000000002"]


def test_icare_flapping_then_retries_lose_and_duplicate_nothing(
    running: RunningSandbox, valid_form: dict[str, Any]
) -> None:
    central, icare = running.url("centralisateur"), running.url("icare")
    icare_admin = FakeAdmin(icare)
    icare_admin.add_fault("/api/v1/contracts", "status", status=503, probability=0.3, seed=7)
    icare_admin.add_fault("/api/v1/contracts", "reset", probability=0.1, seed=8)
    icare_admin.add_fault(
        "/api/v1/contracts", "delay", delay_ms=50, delay_max_ms=400, probability=0.2, seed=9
    )
    answers = _declare_all(central, [declaration(valid_form, i) for i in range(300)])
    assert len(answers) == 300  # Icare's failures never cost a declaration
    pending = [a for a in answers if a["contract"]["status"] == "en attente"]
    assert pending, "the faults should have left some contracts pending"
    print(f"Icare flapping: 300 declarations acknowledged, {len(pending)} contracts pending")
    icare_admin.clear_faults()
    http = requests.Session()
    http.auth = DEALER
    for answer in pending:
        retried = http.post(f"{central}/api/v1/declarations/{answer['id']}/contract", timeout=30)
        assert retried.json()["contract"]["status"] == "créé"
    contracts = _icare_contracts(icare)
    assert len(contracts) == 300
    assert len({c["vehicle"]["vin"] for c in contracts}) == 300


def test_kill_9_loses_no_acknowledged_declaration(
    running: RunningSandbox, valid_form: dict[str, Any]
) -> None:
    central = running.url("centralisateur")
    stop = threading.Event()
    killer = threading.Timer(1.5, lambda: (running.kill(), stop.set()))
    killer.start()
    acknowledged = _declare_all(central, [declaration(valid_form, i) for i in range(2000)], stop)
    killer.join()
    assert 0 < len(acknowledged) < 2000, "the crash must happen in the middle of the load"
    print(f"kill -9 after {len(acknowledged)} acknowledged declarations")

    running.start()
    http = requests.Session()
    http.auth = DEALER
    for answer in acknowledged:
        again = http.get(f"{central}/api/v1/declarations/{answer['id']}", timeout=10).json()
        assert again["status"] == "déclarée" and again["number"] == answer["number"]
        assert again["fields"] == answer["fields"]
        if answer["contract"]["status"] == "créé":
            found = requests.get(
                f"{running.url('icare')}/api/v1/contracts/{answer['contract']['number']}",
                auth=ICARE,
                timeout=10,
            )
            assert found.status_code == 200
    _assert_nothing_half_written(running.data_dir / "centralisateur.db")


def _assert_nothing_half_written(database: Path) -> None:
    engine = create_engine(f"sqlite:///{database}")
    with engine.connect() as connection:
        broken = connection.execute(
            text(
                "SELECT count(*) FROM cz_declarations WHERE status = 'déclarée' AND (number IS "
                "NULL OR contract_status IS NULL OR json_extract(fields, '$.vin') IS NULL)"
            )
        ).scalar()
    engine.dispose()
    assert broken == 0


@pytest.fixture(params=["sqlite", "postgresql"])
def running_on(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[RunningSandbox]:
    """`pvo-sandbox up` on SQLite files, or with every fake on a PostgreSQL database of the
    test's own (SANDBOX_TEST_POSTGRES_URL)."""
    if request.param == "sqlite":
        sandbox = start_running(tmp_path)
        yield sandbox
        sandbox.stop()
        return
    postgres_server()
    with own_database() as database:
        sandbox = start_running(tmp_path, DATABASE_URL=database.url)
        yield sandbox
        sandbox.stop()


def test_resets_during_a_load_answer_no_5xx(
    running_on: RunningSandbox, valid_form: dict[str, Any]
) -> None:
    """Whole and per-dealer resets while declarations are sent: every answer is a clear one."""
    running = running_on
    central = running.url("centralisateur")
    stop = threading.Event()
    reset_statuses: list[int] = []

    def reset_again_and_again() -> None:
        for turn in range(40):
            if stop.wait(0.1):
                return
            query = "" if turn % 3 == 0 else "?dealer=953617Z"
            for url in (central, running.url("icare")):
                reset_statuses.append(
                    requests.post(f"{url}/__admin/reset{query}", timeout=30).status_code
                )
            requests.put(
                f"{central}/api/v1/profile", auth=DEALER, json={"icare_id": "IC-953617"}, timeout=30
            )

    def send(index: int) -> int:
        return requests.post(
            f"{central}/api/v1/declarations?submit=true",
            json=declaration(valid_form, index),
            auth=DEALER,
            timeout=30,
        ).status_code

    resetter = threading.Thread(target=reset_again_and_again)
    resetter.start()
    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = list(pool.map(send, range(400)))
    stop.set()
    resetter.join()
    print(f"resets during load: {len(reset_statuses)} resets, submissions {sorted(set(statuses))}")
    assert reset_statuses and set(reset_statuses) == {200}
    assert all(status < 500 for status in statuses), sorted(set(statuses))
