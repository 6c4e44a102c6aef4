"""Pre-forked workers for `pvo-sandbox up --workers N` and `serve NAME --workers N`.

gunicorn's arbiter forks the workers, replaces one that dies (even by `kill -9`) and stops them
on SIGTERM; inside each worker the sandbox's own server (`harness.wsgi_server`) does the serving,
so that a worker never goes deaf under idle or churning connections. All state lives in the
fake's database, so the workers of a fake, and its replicas, behave as one.
"""

from __future__ import annotations

import os
from typing import Any

from gunicorn.app.base import BaseApplication
from gunicorn.workers.base import Worker

from harness.fakes import FAKES
from harness.lifeline import die_with_parent
from harness.wsgi_server import make_server, serve_until

THREADS = 8


class SandboxWorker(Worker):
    """One pre-forked worker: the listening sockets the arbiter bound, served by our server."""

    def run(self) -> None:
        socket_map: dict[int, Any] = {}
        self.servers = servers = [
            make_server(
                self.wsgi,
                socket_map,
                sock=listener.sock,
                threads=self.cfg.threads,
                connection_limit=self.cfg.worker_connections,
            )
            for listener in self.sockets
        ]
        serve_until(servers[0], self._still_running)
        for server in servers[1:]:
            server.shutdown_threads(timeout=5)

    def handle_exit(self, sig: int, frame: Any) -> None:
        """SIGTERM (the arbiter stopping, `docker stop`): the loop stops at once instead of at
        its next one-second poll. The handler runs in the loop's own thread, between two of its
        steps, so the trigger is still open."""
        super().handle_exit(sig, frame)
        for server in getattr(self, "servers", []):
            server.pull_trigger()

    def _still_running(self) -> bool:
        self.notify()  # the arbiter's heartbeat: a stuck loop is killed and replaced
        return self.alive and self.ppid == os.getppid()


def _after_fork(arbiter: Any, worker: Worker) -> None:
    """After the fork: die with the arbiter, even one killed by `kill -9` (it would otherwise
    serve on, orphaned, for a second); drop the connections inherited from the arbiter, never
    share them."""
    die_with_parent(arbiter.pid)
    worker.app.callable.extensions["sandbox.db"].engine.dispose(close=False)


class FakeApplication(BaseApplication):
    """One fake under gunicorn: the app is built in the arbiter, then served by its workers."""

    def __init__(
        self,
        name: str,
        config: dict[str, object],
        host: str,
        port: int,
        workers: int,
        connection_limit: int,
    ) -> None:
        self.fake = FAKES[name]
        self.app_config = config
        self.options = {
            "bind": f"{host}:{port}",
            "workers": workers,
            "worker_class": f"{__name__}.SandboxWorker",
            "threads": THREADS,
            "worker_connections": connection_limit,
            "graceful_timeout": 5,
            "timeout": 30,
            "loglevel": "warning",
            "proc_name": f"pvo-sandbox-{name}",
            "control_socket_disable": True,
            # The app is built once, in the arbiter (tables created and seeded there, once),
            # and every worker inherits it; each then opens its own database connections.
            "preload_app": True,
            "post_fork": _after_fork,
        }
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        app = self.fake.create_app(self.app_config)
        # The arbiter serves nothing: it keeps no connection (a deployment counts only the
        # workers' pools against PostgreSQL's max_connections).
        app.extensions["sandbox.db"].engine.dispose()
        return app
