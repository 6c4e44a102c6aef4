"""The team deployment on PostgreSQL (`tests.reliability.replicas`): two replicas of the
Centralisateur and of Icare behind a round-robin, faulted while 16 clients declare.

What every test checks at its end: no acknowledged declaration lost (each 201 is stored, with the
number it was told), no number given twice, no traceback in any replica's output. Bounded in
declarations and time, loopback only; skipped without SANDBOX_TEST_POSTGRES_URL.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.postgres_faults import postgres_server
from tests.reliability.conftest import DEALER, ICARE, declaration
from tests.reliability.replicas import Deployment, deployment

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]
WRITERS = 16


@pytest.fixture
def deployed(tmp_path: Path) -> Iterator[Deployment]:
    postgres_server()  # skips without a server
    with deployment(tmp_path) as running:
        configure_profile(running)
        yield running
        assert "Traceback" not in running.logs()


def configure_profile(running: Deployment) -> None:
    requests.put(
        f"{running.centralisateur.url}/api/v1/profile",
        auth=DEALER,
        json={"icare_id": "IC-953617"},
        timeout=30,
    ).raise_for_status()


Answer = tuple[int, dict[str, Any], dict[str, str]]


def declare_all(
    running: Deployment, valid_form: dict[str, Any], count: int, first: int = 0
) -> list[Answer]:
    """`count` declarations from 16 clients through the front: (status, body, headers) each."""
    local = threading.local()

    def send(index: int) -> Answer:
        if not hasattr(local, "http"):
            local.http = requests.Session()
            local.http.auth = DEALER
        response = local.http.post(
            f"{running.centralisateur.url}/api/v1/declarations?submit=true",
            json=declaration(valid_form, index),
            timeout=60,
        )
        try:
            body = response.json()
        except ValueError:
            body = {"text": response.text}
        return response.status_code, body, dict(response.headers)

    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        return list(pool.map(send, range(first, first + count)))


def assert_nothing_lost(running: Deployment, answers: list[Answer]) -> int:
    """Every acknowledged declaration is stored as told, every created contract is at Icare;
    how many were acknowledged."""
    acknowledged = [body for status, body, _ in answers if status == 201]
    numbers = Counter(body["number"] for body in acknowledged)
    assert [number for number, times in numbers.items() if times > 1] == []
    local = threading.local()

    def check(body: dict[str, Any]) -> None:
        if not hasattr(local, "http"):
            local.http = requests.Session()
        again = local.http.get(
            f"{running.centralisateur.url}/api/v1/declarations/{body['id']}",
            auth=DEALER,
            timeout=30,
        ).json()
        assert (again["status"], again["number"]) == ("déclarée", body["number"])
        if body["contract"]["status"] == "créé":
            contract = local.http.get(
                f"{running.icare.url}/api/v1/contracts/{body['contract']['number']}",
                auth=ICARE,
                timeout=30,
            )
            assert contract.status_code == 200, body["contract"]

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(check, acknowledged))
    return len(acknowledged)


def assert_recovers(running: Deployment, valid_form: dict[str, Any], index: int) -> None:
    deadline = time.monotonic() + 30
    while not all(replica.ready() for replica in running.replicas):
        assert time.monotonic() < deadline, "not ready again"
        time.sleep(0.2)
    ((status, body, _),) = declare_all(running, valid_form, 1, first=index)
    assert status == 201, body


def statuses(answers: list[Answer]) -> Counter[tuple[int, str | None]]:
    return Counter((status, body.get("error_code")) for status, body, _ in answers)


def during(
    load: Callable[[], list[Answer]], *events: tuple[float, Callable[[], None]]
) -> list[Answer]:
    """Run the load while each event fires at its time (seconds from the start)."""
    timers = [threading.Timer(at, event) for at, event in events]
    for timer in timers:
        timer.start()
    try:
        return load()
    finally:
        for timer in timers:
            timer.join()


def test_same_draft_submitted_at_once_everyone_is_told_the_stored_number(
    deployed: Deployment, valid_form: dict[str, Any]
) -> None:
    """50 drafts, each submitted by 2 clients at once through the round-robin (so most often on
    both replicas): every 200 and every 409 names the one number stored."""
    central = deployed.centralisateur.url
    told_wrong, outcomes = 0, Counter[int]()
    for attempt in range(50):
        draft = requests.post(
            f"{central}/api/v1/declarations",
            json=declaration(valid_form, attempt),
            auth=DEALER,
            timeout=30,
        ).json()
        barrier = threading.Barrier(2)

        def click(
            _: int, public_id: str = draft["id"], gate: threading.Barrier = barrier
        ) -> Answer:
            gate.wait()
            answer = requests.post(
                f"{central}/api/v1/declarations/{public_id}/submit", auth=DEALER, timeout=30
            )
            return answer.status_code, answer.json(), dict(answer.headers)

        with ThreadPoolExecutor(max_workers=2) as pool:
            answers = list(pool.map(click, range(2)))
        stored = requests.get(
            f"{central}/api/v1/declarations/{draft['id']}", auth=DEALER, timeout=30
        ).json()["number"]
        for status, body, _ in answers:
            outcomes[status] += 1
            assert status in (200, 409), body
            told_wrong += body["number"] != stored
    print(f"same draft twice at once, 50 tries: answers {dict(outcomes)}, {told_wrong} told wrong")
    assert told_wrong == 0


def test_resets_every_half_second_under_16_writers_answer_no_5xx(
    deployed: Deployment, valid_form: dict[str, Any]
) -> None:
    stop = threading.Event()
    resets: list[int] = []

    def reset_every_half_second() -> None:
        for turn in range(60):
            if stop.wait(0.5):
                return
            query = "" if turn % 3 == 0 else "?dealer=953617Z"
            for fake in (deployed.centralisateur, deployed.icare):
                resets.append(
                    requests.post(f"{fake.url}/__admin/reset{query}", timeout=30).status_code
                )
            configure_profile(deployed)

    resetter = threading.Thread(target=reset_every_half_second)
    resetter.start()
    try:
        answers = declare_all(deployed, valid_form, 600)
    finally:
        stop.set()
        resetter.join()
    found = statuses(answers)
    print(f"resets every 0.5 s under 16 writers: {len(resets)} resets, answers {dict(found)}")
    assert resets and set(resets) == {200}
    assert set(found) <= {(201, None), (404, "DECLARATION_GONE"), (409, "PROFILE_NOT_CONFIGURED")}
    assert found[(201, None)] > 0


def test_every_connection_terminated_mid_load_only_503s_nothing_lost(
    deployed: Deployment, valid_form: dict[str, Any]
) -> None:
    killed: list[int] = []

    def terminate_all() -> None:
        for fake in (deployed.centralisateur, deployed.icare):
            killed.append(fake.database.terminate_connections())

    answers = during(
        lambda: declare_all(deployed, valid_form, 800),
        (1.5, terminate_all),
        (3.0, terminate_all),
    )
    found = statuses(answers)
    acknowledged = assert_nothing_lost(deployed, answers)
    print(f"pg_terminate_backend of {killed} connections: answers {dict(found)}, 0 lost")
    assert sum(killed) > 0
    assert set(found) <= {(201, None), (503, "DATABASE_UNAVAILABLE")}
    assert all(headers.get("Retry-After") == "5" for status, _, headers in answers if status == 503)
    assert acknowledged > 0
    assert_recovers(deployed, valid_form, 5000)


def test_the_database_unusable_for_5_s_readiness_503_only_503s_then_recovers(
    deployed: Deployment, valid_form: dict[str, Any]
) -> None:
    readiness: list[int] = []

    def outage() -> None:
        for fake in (deployed.centralisateur, deployed.icare):
            fake.database.refuse_connections()
        time.sleep(1)
        readiness.extend(
            requests.get(f"{replica.url}/__admin/ready", timeout=10).status_code
            for replica in deployed.replicas
        )
        time.sleep(4)
        for fake in (deployed.centralisateur, deployed.icare):
            fake.database.accept_connections()

    answers = during(lambda: declare_all(deployed, valid_form, 1500), (1.0, outage))
    found = statuses(answers)
    acknowledged = assert_nothing_lost(deployed, answers)
    print(f"database refused for 5 s: readiness {readiness}, answers {dict(found)}, 0 lost")
    assert readiness == [503] * len(deployed.replicas)
    assert set(found) <= {(201, None), (503, "DATABASE_UNAVAILABLE")}
    assert found[(503, "DATABASE_UNAVAILABLE")] > 0
    assert all(headers.get("Retry-After") == "5" for status, _, headers in answers if status == 503)
    assert acknowledged > 0
    assert_recovers(deployed, valid_form, 5000)


def test_a_worker_then_a_whole_replica_killed_lose_nothing(
    deployed: Deployment, valid_form: dict[str, Any]
) -> None:
    first, second = deployed.centralisateur.replicas
    icare = deployed.icare.replicas[0]

    def kill_a_worker() -> None:
        os.kill(first.workers()[0], signal.SIGKILL)

    def kill_replicas() -> None:
        second.kill()
        icare.kill()

    def restart_replicas() -> None:
        second.start()
        icare.start()

    answers = during(
        lambda: declare_all(deployed, valid_form, 1500),
        (1.0, kill_a_worker),
        (2.5, kill_replicas),
        (4.0, restart_replicas),
    )
    found = statuses(answers)
    acknowledged = assert_nothing_lost(deployed, answers)
    print(f"a worker, then a Centralisateur and an Icare replica killed: {dict(found)}, 0 lost")
    assert acknowledged > 0
    assert all(status in (201, 502, 503) for status, _, _ in answers), found
    assert_recovers(deployed, valid_form, 5000)
