"""The fakes served by waitress (see `harness.wsgi_server`), each in a thread of its own.

One code path for `pvo-sandbox up`, `serve NAME` and the pytest plugin's live servers, as moto's
ThreadedMotoServer does: what the tests talk to is exactly what integrators run.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from flask import Flask

from harness.fakes import FAKES
from harness.wsgi_server import make_server, serve_until


class ServerThread(threading.Thread):
    """Serve one app on host:port (port 0 picks a free one) until `stop()`."""

    def __init__(
        self,
        app: Flask,
        host: str = "127.0.0.1",
        port: int = 0,
        threads: int = 8,
        connection_limit: int = 1000,
        max_queue: int | None = None,
    ) -> None:
        super().__init__(daemon=True, name=f"waitress-{app.name}")
        self.app = app
        self._running = True
        self._stopping = threading.Lock()
        self.server = make_server(
            app,
            {},
            host=host,
            port=port,
            threads=threads,
            connection_limit=connection_limit,
            max_queue=max_queue,
        )

    @property
    def url(self) -> str:
        host, port = self.server.getsockname()[:2]
        return f"http://{host}:{port}"

    def run(self) -> None:
        serve_until(self.server, self._still_running)

    def _still_running(self) -> bool:
        with self._stopping:
            return self._running

    def stop(self) -> None:
        """Finish the requests under way, close every socket (kept-alive clients too) and end
        the thread. The loop cannot see the flag down before the trigger is pulled: it would
        close the trigger, and the pull would write to a closed (or reused) descriptor."""
        with self._stopping:
            self._running = False
            self.server.pull_trigger()
        self.join(timeout=10)


@dataclass
class Sandbox:
    """The running fakes and their URLs (`harness.admin_client.SandboxAdmin` drives them)."""

    servers: dict[str, ServerThread]

    @property
    def urls(self) -> dict[str, str]:
        return {name: server.url for name, server in self.servers.items()}


def start_sandbox(data_dir: Path, config: dict[str, dict[str, object]] | None = None) -> Sandbox:
    """Start every fake on a free port, wired to each other (Centralisateur to Icare, PVO² to
    the Centralisateur and Guidewire)."""
    config = config or {}
    servers: dict[str, ServerThread] = {}
    for name in ("icare", "guidewire", "centralisateur", "pvo2"):
        settings: dict[str, object] = {"DATABASE_URL": f"sqlite:///{data_dir / f'{name}.db'}"}
        if name == "centralisateur":
            settings["ICARE_URL"] = servers["icare"].url
        if name == "pvo2":
            settings["CENTRALISATEUR_URL"] = servers["centralisateur"].url
            settings["GUIDEWIRE_URL"] = servers["guidewire"].url
        settings.update(config.get(name, {}))
        servers[name] = ServerThread(FAKES[name].create_app(settings))
        servers[name].start()
    return Sandbox(servers)
