"""The sandbox's server answers its health check even when every request thread is held."""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections.abc import Iterator

import pytest
import requests
from flask import Flask

from harness.servers import ServerThread
from harness.wsgi_server import APP_FAILED, PARSER_REFUSALS


def test_health_is_answered_while_every_request_thread_is_held() -> None:
    app = Flask("held")
    release = threading.Event()
    entered = threading.Semaphore(0)

    @app.get("/slow")
    def slow() -> str:
        entered.release()
        release.wait(timeout=10)  # a request stuck on a slow Icare or a busy disk
        return "done"

    @app.get("/__admin/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    server = ServerThread(app, threads=2)
    server.start()
    held = [
        threading.Thread(target=requests.get, args=(f"{server.url}/slow",), kwargs={"timeout": 15})
        for _ in range(2)
    ]
    try:
        for thread in held:
            thread.start()
        for _ in held:  # both request threads now wait in /slow
            assert entered.acquire(timeout=10)
        started = time.perf_counter()
        answer = requests.get(f"{server.url}/__admin/health", timeout=2)
        assert answer.json() == {"status": "ok"}
        assert time.perf_counter() - started < 1
    finally:
        release.set()
        for thread in held:
            thread.join(timeout=15)
        server.stop()


def _connect(server: ServerThread) -> socket.socket:
    return socket.create_connection(server.server.getsockname()[:2], timeout=3)


def _raw(server: ServerThread, data: bytes) -> bytes:
    """What the server sends back to `data`, until it closes the connection."""
    with socket.create_connection(
        ("127.0.0.1", server.server.getsockname()[1]), timeout=3
    ) as connection:
        connection.sendall(data)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    return answer


@pytest.fixture
def health_server() -> Iterator[ServerThread]:
    app = Flask("plain")
    app.get("/__admin/health")(lambda: {"status": "ok"})
    server = ServerThread(app, threads=2)
    server.start()
    yield server
    server.stop()


@pytest.mark.parametrize(
    ("request_bytes", "status", "error_code"),
    [
        (b"HELLO\r\n\r\n", 400, "BAD_HTTP_REQUEST"),
        (b"GET / HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n", 400, "BAD_HTTP_REQUEST"),
        (
            b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
            400,
            "BAD_HTTP_REQUEST",
        ),
        (b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000\r\n\r\n", 413, "BODY_TOO_LARGE"),
        (
            b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n",
            501,
            "TRANSFER_CODING_UNSUPPORTED",
        ),
    ],
)
def test_a_request_the_parser_refuses_gets_a_french_answer_at_once(
    health_server: ServerThread, request_bytes: bytes, status: int, error_code: str
) -> None:
    head, _, body = _raw(health_server, request_bytes).partition(b"\r\n\r\n")
    assert re.match(rb"HTTP/1\.[01] %d " % status, head)
    assert b"X-Content-Type-Options: nosniff" in head
    answer = json.loads(body)
    assert answer["code"] == status
    assert PARSER_REFUSALS[status][1] == answer["message"]  # French, whatever waitress said
    assert answer["error_code"] == error_code


def test_connections_ending_with_a_malformed_request_never_wedge_the_server(
    health_server: ServerThread,
) -> None:
    """A valid request then a malformed one in one write, on connections kept open: each is
    answered twice and closed, and health still answers (they used to fill every slot)."""
    held = []
    try:
        for _ in range(50):
            connection = socket.create_connection(
                ("127.0.0.1", health_server.server.getsockname()[1]), timeout=3
            )
            connection.sendall(b"GET /__admin/health HTTP/1.1\r\nHost: x\r\n\r\nHELLO\r\n\r\n")
            held.append(connection)
        for connection in held:
            answer = b""
            while chunk := connection.recv(65536):
                answer += chunk
            assert re.findall(rb"HTTP/1\.[01] (\d+) ", answer) == [b"200", b"400"]
        assert len(health_server.server._map) <= 2  # the listener (and the trigger) only
        assert requests.get(f"{health_server.url}/__admin/health", timeout=1).ok
    finally:
        for connection in held:
            connection.close()


def test_an_app_that_fails_outside_its_handlers_is_answered_in_french() -> None:
    """An exception no handler answered (here after the answer was built) is a 500 that says
    the request may have been acted on, not that it could not be read."""
    app = Flask("fails_late")

    @app.get("/")
    def index() -> str:
        return "ok"

    @app.teardown_request
    def fail(_error: BaseException | None) -> None:
        raise RuntimeError("after the answer")

    server = ServerThread(app)
    server.start()
    try:
        answer = requests.get(server.url, timeout=5)
    finally:
        server.stop()
    assert answer.status_code == 500
    assert answer.json() == {
        "code": 500,
        "status": "Internal Server Error",
        "error_code": APP_FAILED[0],
        "message": APP_FAILED[1],
    }
