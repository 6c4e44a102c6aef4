"""The team deployment on one machine: two replicas of the Centralisateur and two of Icare, each
`pvo-sandbox serve NAME --workers 2` on its own PostgreSQL database per fake, behind a small
round-robin on loopback: Debian's nginx with the deployment's own `deploy/front.conf` when it is
installed (CI installs it), a Python one otherwise.

Every process listens on 127.0.0.1; the databases are made for the test and dropped after.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import count
from pathlib import Path

import requests

from tests.postgres_faults import OwnDatabase, own_database
from tests.processes import children, free_port

ROOT = Path(__file__).resolve().parents[2]
PVO_SANDBOX = str(Path(sys.executable).parent / "pvo-sandbox")
REPLICAS = 2
DEPLOYED_NGINX = ROOT / "deploy" / "nginx.conf"


@dataclass
class Replica:
    """One `pvo-sandbox serve` (launcher, gunicorn arbiter, 2 workers), in a process group of
    its own so that it can be killed whole."""

    name: str
    port: int
    env: dict[str, str]
    log: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [PVO_SANDBOX, "serve", self.name, "--port", str(self.port), "--workers", "2"],
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def ready(self) -> bool:
        try:
            return requests.get(f"{self.url}/__admin/ready", timeout=2).status_code == 200
        except requests.RequestException:
            return False

    def workers(self) -> list[int]:
        """The pids of the gunicorn workers (children of the arbiter, the launcher's child)."""
        assert self.process is not None
        (arbiter,) = children(self.process.pid)
        return children(arbiter)

    def kill(self) -> None:
        """kill -9 of the whole replica, as a crashed container."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


@dataclass
class Replicated:
    """The replicas of one fake, its database and the front's URL for it."""

    replicas: list[Replica]
    database: OwnDatabase
    url: str = ""


@dataclass
class Deployment:
    centralisateur: Replicated
    icare: Replicated
    folder: Path
    fronts: list[str] = field(default_factory=list)

    @property
    def replicas(self) -> list[Replica]:
        return self.centralisateur.replicas + self.icare.replicas

    def wait_ready(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        for replica in self.replicas:
            while not replica.ready():
                assert time.monotonic() < deadline, f"{replica.name}:{replica.port} not ready"
                time.sleep(0.1)

    def logs(self) -> str:
        return "".join(path.read_text(errors="replace") for path in self.folder.glob("*.log"))


def _env(folder: Path, databases: dict[str, OwnDatabase], icare_url: str) -> dict[str, str]:
    """What a team deployment gives every replica: the shared secrets and each fake's store."""
    return {
        **os.environ,
        "SANDBOX_DATA_DIR": str(folder),
        "CENTRALISATEUR_DATABASE_URL": databases["centralisateur"].url,
        "ICARE_DATABASE_URL": databases["icare"].url,
        "CENTRALISATEUR_ICARE_URL": icare_url,
        "CENTRALISATEUR_SECRET_KEY": "replicas-test-secret-key-centralisateur",
        "ICARE_SECRET_KEY": "replicas-test-secret-key-icare",
        "CENTRALISATEUR_ICARE_READ_TIMEOUT": "10",
    }


@contextmanager
def deployment(folder: Path) -> Iterator[Deployment]:
    """Start the replicas and the round-robin; stop and drop everything after."""
    with ExitStack() as stack:
        databases = {
            name: stack.enter_context(own_database()) for name in ("centralisateur", "icare")
        }
        fronts = {name: free_port() for name in databases}
        front_urls = {name: f"http://127.0.0.1:{port}" for name, port in fronts.items()}
        env = _env(folder, databases, front_urls["icare"])
        replicated = {
            name: Replicated(
                [
                    Replica(name, free_port(), env, folder / f"{name}-{index}.log")
                    for index in range(REPLICAS)
                ],
                databases[name],
                front_urls[name],
            )
            for name in databases
        }
        deployed = Deployment(replicated["centralisateur"], replicated["icare"], folder)
        for replica in deployed.replicas:
            stack.callback(replica.stop)
            replica.start()
        upstreams = {name: [r.port for r in replicated[name].replicas] for name in databases}
        stack.enter_context(round_robin(folder, fronts, upstreams))
        deployed.wait_ready()
        yield deployed


@contextmanager
def round_robin(
    folder: Path, fronts: dict[str, int], upstreams: dict[str, list[int]]
) -> Iterator[None]:
    """nginx with deploy/front.conf when installed, the Python round-robin otherwise."""
    if shutil.which("nginx") is None:
        with ExitStack() as stack:
            for name, port in fronts.items():
                stack.enter_context(python_round_robin(port, upstreams[name]))
            yield
        return
    with nginx(folder, fronts, upstreams):
        yield


@contextmanager
def nginx(folder: Path, fronts: dict[str, int], upstreams: dict[str, list[int]]) -> Iterator[None]:
    """Debian's nginx (it has no `resolve`: loopback addresses need none) with the deployment's
    front.conf and French gateway pages."""
    prefix = folder / "nginx"
    prefix.mkdir()
    (prefix / "front.conf").symlink_to(ROOT / "deploy" / "front.conf")
    (prefix / "gateway").symlink_to(ROOT / "deploy" / "gateway")
    # The deployment's own parameters for a replica (what follows `resolve`).
    parameters = re.search(r"resolve (max_fails=\S+ fail_timeout=\S+);", DEPLOYED_NGINX.read_text())
    assert parameters is not None
    blocks = []
    for name, port in fronts.items():
        servers = "".join(
            f"    server 127.0.0.1:{upstream} {parameters[1]};\n" for upstream in upstreams[name]
        )
        blocks.append(
            f"  upstream {name} {{\n{servers}    keepalive 32;\n  }}\n"
            f"  server {{\n    listen 127.0.0.1:{port};\n    include front.conf;\n"
            f"    location / {{ proxy_pass http://{name}; }}\n  }}\n"
        )
    temp = "".join(
        f"  {kind}_temp_path {prefix / kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    user = "user root;\n" if os.geteuid() == 0 else ""
    (prefix / "nginx.conf").write_text(
        f"{user}worker_processes 2;\npid {prefix / 'nginx.pid'};\n"
        f"error_log {prefix / 'error.log'} warn;\nevents {{ worker_connections 1024; }}\n"
        f"http {{\n  access_log off;\n{temp}{''.join(blocks)}}}\n"
    )
    command = ["nginx", "-p", f"{prefix}/", "-c", str(prefix / "nginx.conf")]
    subprocess.run([*command, "-t", "-q"], check=True)
    process = subprocess.Popen([*command, "-g", "daemon off;"], start_new_session=True)
    try:
        for port in fronts.values():
            _wait_listening(port)
        yield
    finally:
        process.terminate()
        process.wait(timeout=10)


def _wait_listening(port: int) -> None:
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            assert time.monotonic() < deadline, f"nothing listens on {port}"
            time.sleep(0.05)


@contextmanager
def python_round_robin(port: int, upstreams: list[int]) -> Iterator[None]:
    """Round-robin over the upstreams; one that refuses the connection is skipped (nothing was
    sent to it), any other failure is a 502 with Retry-After, as nginx's front.conf does."""
    turn = count()
    lock = threading.Lock()

    class Forward(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *_args: object) -> None:
            pass

        def _forward(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            with lock:
                first = next(turn)
            for attempt in range(len(upstreams)):
                upstream = upstreams[(first + attempt) % len(upstreams)]
                connection = http.client.HTTPConnection("127.0.0.1", upstream, timeout=30)
                try:
                    connection.connect()
                except ConnectionRefusedError:
                    continue
                try:
                    connection.request(self.command, self.path, body, dict(self.headers))
                    answer = connection.getresponse()
                    payload = answer.read()
                except (OSError, http.client.HTTPException):
                    break
                finally:
                    connection.close()
                self.send_response(answer.status)
                for key, value in answer.getheaders():
                    if key.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
                return
            gateway = (ROOT / "deploy" / "gateway" / "502.json").read_bytes()
            self.send_response(502)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Retry-After", "5")
            self.send_header("Content-Length", str(len(gateway)))
            self.end_headers()
            self.wfile.write(gateway)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _forward

    server = ThreadingHTTPServer(("127.0.0.1", port), Forward)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()
