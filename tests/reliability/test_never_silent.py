"""A fake never stops answering: idle connections past its limit, a burst of new connections,
saturation (503 with Retry-After), a worker killed with kill -9."""

from __future__ import annotations

import os
import signal
import socket
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import requests
from flask import Flask

from harness.servers import ServerThread
from harness.wsgi_server import SATURATED
from tests.processes import children
from tests.reliability.conftest import (
    DEALER,
    RunningSandbox,
    declaration,
    start_running,
)

pytestmark = pytest.mark.slow
LIMIT = 50  # connections per worker, set low so that the test stays small


@pytest.fixture
def low_limit(tmp_path: Path) -> Iterator[RunningSandbox]:
    """`pvo-sandbox up --workers 2` whose workers accept LIMIT connections each."""
    sandbox = start_running(tmp_path, "--workers", "2", SANDBOX_CONNECTION_LIMIT=str(LIMIT))
    yield sandbox
    sandbox.stop()


class HealthWatch:
    """Asks for health every quarter of a second; counts the answers slower than 1 s."""

    def __init__(self, url: str) -> None:
        self.url = f"{url}/__admin/health"
        self.asked = 0
        self.late: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self) -> None:
        while not self._stop.wait(0.25):
            self.asked += 1
            try:
                requests.get(self.url, timeout=1).raise_for_status()
            except requests.RequestException as error:
                self.late.append(type(error).__name__)

    def __enter__(self) -> HealthWatch:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _open_idle(url: str, count: int) -> list[socket.socket]:
    """Connections that send nothing and stay open, as forgotten keep-alives do."""
    host, port = url.removeprefix("http://").split(":")
    return [socket.create_connection((host, int(port)), timeout=5) for _ in range(count)]


def test_idle_connections_past_the_limit_leave_the_fake_answering(
    low_limit: RunningSandbox,
) -> None:
    central = low_limit.url("centralisateur")
    idle = _open_idle(central, 2 * LIMIT + 30)  # more than both workers together accept
    try:
        with HealthWatch(central) as watch:
            time.sleep(3)
            answered = requests.get(f"{central}/api/v1/profile", auth=DEALER, timeout=2)
        assert answered.status_code == 200
        assert watch.asked >= 8 and watch.late == []
    finally:
        for connection in idle:
            connection.close()


def test_a_burst_on_new_connections_is_answered_throughout(
    low_limit: RunningSandbox, valid_form: dict[str, Any]
) -> None:
    """400 declarations from 32 clients, each on a new connection (requests.post)."""
    central = low_limit.url("centralisateur")
    idle = _open_idle(central, LIMIT)  # and forgotten connections besides

    def send(index: int) -> requests.Response | str:
        try:
            return requests.post(
                f"{central}/api/v1/declarations?submit=true",
                json=declaration(valid_form, index),
                auth=DEALER,
                timeout=10,
            )
        except requests.RequestException as error:
            return type(error).__name__

    try:
        with HealthWatch(central) as watch, ThreadPoolExecutor(max_workers=32) as pool:
            answers = list(pool.map(send, range(400)))
    finally:
        for connection in idle:
            connection.close()
    unanswered = [a for a in answers if isinstance(a, str)]
    assert unanswered == []
    statuses = {a.status_code for a in answers if not isinstance(a, str)}
    assert statuses <= {201, 503}
    for busy in (a for a in answers if not isinstance(a, str) and a.status_code == 503):
        assert busy.headers["Retry-After"] and busy.json()["message"] == SATURATED
    print(f"burst: {sum(1 for a in answers if a.status_code == 201)} of 400 declared")
    assert watch.late == []


@pytest.fixture
def slow_app(make_centralisateur: Callable[..., Flask]) -> Iterator[ServerThread]:
    """A Centralisateur with 2 threads and room for 4 waiting requests, every API call slow."""
    server = ServerThread(make_centralisateur(), threads=2, max_queue=4)
    server.start()
    requests.post(
        f"{server.url}/__admin/faults",
        json={"path": "/api/v1/profile", "action": "delay", "delay_ms": 300},
        timeout=5,
    ).raise_for_status()
    yield server
    server.stop()


def test_a_saturated_fake_says_so_at_once(slow_app: ServerThread) -> None:
    def ask(_: int) -> tuple[int, str | None, float, str]:
        started = time.perf_counter()
        answer = requests.get(f"{slow_app.url}/api/v1/profile", auth=DEALER, timeout=30)
        message = answer.json().get("message", "") if answer.status_code == 503 else ""
        return (
            answer.status_code,
            answer.headers.get("Retry-After"),
            time.perf_counter() - started,
            message,
        )

    with ThreadPoolExecutor(max_workers=30) as pool:
        answers = list(pool.map(ask, range(30)))
    refused = [a for a in answers if a[0] == 503]
    assert refused, "30 slow calls on 2 threads and 4 places in the queue: some must be refused"
    assert all(retry == "1" and message == SATURATED for _, retry, _, message in refused)
    assert max(seconds for _, _, seconds, _ in refused) < 3  # said at once, not after the wait
    assert {a[0] for a in answers} == {200, 503}


def test_a_worker_killed_is_replaced_and_loses_nothing_acknowledged(
    low_limit: RunningSandbox, valid_form: dict[str, Any]
) -> None:
    central = low_limit.url("centralisateur")
    assert low_limit.process is not None
    arbiters = children(low_limit.process.pid)
    central_arbiter = next(a for a in arbiters if _listens(a, low_limit.ports["centralisateur"]))
    workers = children(central_arbiter)
    assert len(workers) == 2
    acknowledged: list[dict[str, Any]] = []
    http = requests.Session()
    http.auth = DEALER

    def send(index: int) -> None:
        try:
            answer = requests.post(
                f"{central}/api/v1/declarations?submit=true",
                json=declaration(valid_form, index),
                auth=DEALER,
                timeout=10,
            )
        except requests.RequestException:
            return  # the killed worker's connection: not acknowledged
        if answer.status_code == 201:
            acknowledged.append(answer.json())

    killer = threading.Timer(1.0, os.kill, (workers[0], signal.SIGKILL))
    killer.start()
    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(send, range(300)))
    killer.join()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        replaced = children(central_arbiter)
        if len(replaced) == 2 and workers[0] not in replaced:
            break
        time.sleep(0.2)
    assert len(replaced) == 2 and workers[0] not in replaced
    assert len(acknowledged) > 100
    for answer in acknowledged:
        again = http.get(f"{central}/api/v1/declarations/{answer['id']}", timeout=10).json()
        assert again["number"] == answer["number"] and again["status"] == "déclarée"


def _listens(pid: int, port: int) -> bool:
    """Whether the process `pid` holds the socket listening on `port` (Linux)."""
    inodes = {
        os.readlink(f"/proc/{pid}/fd/{fd}").removeprefix("socket:[").rstrip("]")
        for fd in os.listdir(f"/proc/{pid}/fd")
        if os.readlink(f"/proc/{pid}/fd/{fd}").startswith("socket:")
    }
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if int(fields[1].split(":")[1], 16) == port and fields[3] == "0A":
            return fields[9] in inodes
    return False
