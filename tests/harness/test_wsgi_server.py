"""The sandbox's server answers its health check even when every request thread is held."""

from __future__ import annotations

import threading
import time

import requests
from flask import Flask

from harness.servers import ServerThread


def test_health_is_answered_while_every_request_thread_is_held() -> None:
    app = Flask("held")
    release = threading.Event()

    @app.get("/slow")
    def slow() -> str:
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
        time.sleep(0.3)  # both request threads now wait in /slow
        started = time.perf_counter()
        answer = requests.get(f"{server.url}/__admin/health", timeout=2)
        assert answer.json() == {"status": "ok"}
        assert time.perf_counter() - started < 1
    finally:
        release.set()
        for thread in held:
            thread.join(timeout=15)
        server.stop()
