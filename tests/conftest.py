"""Fixtures shared by the test folders."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import create_engine, text

from fake_centralisateur import create_app
from harness.admin_client import SandboxAdmin
from harness.demo import DEMO_DECLARATION as VALID_FORM
from harness.fakes import FAKES
from harness.servers import ServerThread
from tests.private_postgres import private_cluster, server_binaries

POSTGRES_URL = "SANDBOX_TEST_POSTGRES_URL"
NO_POSTGRES = (
    "no PostgreSQL: SANDBOX_TEST_POSTGRES_URL is unset and PostgreSQL's server binaries "
    "(initdb, pg_ctl) are not installed"
)
_cluster: list[ExitStack] = []


def pytest_configure(config: pytest.Config) -> None:
    """Without SANDBOX_TEST_POSTGRES_URL, start a private PostgreSQL for the whole run when its
    binaries are here (once, in the main process: xdist's workers inherit the URL)."""
    if os.environ.get(POSTGRES_URL) or hasattr(config, "workerinput"):
        return
    binaries = server_binaries()
    if binaries is None:
        return
    stack = ExitStack()
    os.environ[POSTGRES_URL] = stack.enter_context(private_cluster(binaries))
    _cluster.append(stack)
    config.stash[_PRIVATE] = f"a private cluster ({binaries}), {os.environ[POSTGRES_URL]}"


def pytest_unconfigure(config: pytest.Config) -> None:
    while _cluster:
        os.environ.pop(POSTGRES_URL, None)
        _cluster.pop().close()


def pytest_report_header(config: pytest.Config) -> str:
    if _PRIVATE in config.stash:
        return f"PostgreSQL variants: {config.stash[_PRIVATE]}"
    if os.environ.get(POSTGRES_URL):
        return f"PostgreSQL variants: {POSTGRES_URL}"
    return f"PostgreSQL variants: skipped, {NO_POSTGRES}"


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    if not os.environ.get(POSTGRES_URL) and not hasattr(config, "workerinput"):
        terminalreporter.write_line(f"PostgreSQL variants skipped: {NO_POSTGRES}", yellow=True)


_PRIVATE = pytest.StashKey[str]()


@pytest.fixture
def valid_form() -> dict[str, Any]:
    return {k: list(v) if isinstance(v, list) else v for k, v in VALID_FORM.items()}


BACKENDS = ["sqlite", "postgresql"]


@contextmanager
def fresh_database(backend: str, folder: Path) -> Iterator[str]:
    """The URL of an empty store: a SQLite file in `folder`, or a PostgreSQL schema of its own
    on the server of SANDBOX_TEST_POSTGRES_URL (set, or a private cluster started by
    `pytest_configure`), dropped after; skipped only where there is no PostgreSQL at all."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'store.db'}"
        return
    server = os.environ.get(POSTGRES_URL)
    if not server:
        pytest.skip(NO_POSTGRES)
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{server}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh store on each backend (see `fresh_database`)."""
    with fresh_database(request.param, tmp_path) as url:
        yield url


# Nothing listens on port 9 (discard): Icare is "down" unless a test starts one.
ICARE_DOWN = "http://127.0.0.1:9"


def centralisateur_config(folder: Path) -> dict[str, Any]:
    """A Centralisateur for tests: a SQLite file in `folder`, Icare down, "today" 30/11/2025."""
    return {
        "TESTING": True,
        "DATABASE_URL": f"sqlite:///{folder / 'centralisateur.db'}",
        "ICARE_URL": ICARE_DOWN,
        "TODAY": "2025-11-30",
    }


@pytest.fixture
def make_centralisateur(tmp_path: Path) -> Callable[..., Flask]:
    """A Centralisateur on a fresh SQLite file, Icare down, CSRF off, "today" 30/11/2025;
    keyword arguments override that configuration."""

    def make(**config: Any) -> Flask:
        return create_app({**centralisateur_config(tmp_path), "WTF_CSRF_ENABLED": False, **config})

    return make


@pytest.fixture
def serve() -> Iterator[Callable[..., ServerThread]]:
    """Serve an app with waitress on a free loopback port, for this test only."""
    servers: list[ServerThread] = []

    def start(app: Flask, threads: int = 4) -> ServerThread:
        server = ServerThread(app, threads=threads)
        server.start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def one_token_per_fake(tmp_path: Path) -> Iterator[SandboxAdmin]:
    """A sandbox of its own whose fakes each start with their own admin token, as a shared
    deployment's environment gives them (the first token cannot be set through the API); its
    admin client holds them (`.fakes[name].token`)."""
    from harness.running import running_sandbox

    tokens = {name: f"jeton-de-{name}-0123456789" for name in FAKES}
    config: dict[str, dict[str, object]] = {
        name: {"ADMIN_TOKEN": token} for name, token in tokens.items()
    }
    with running_sandbox(tmp_path / "closed", config) as closed:
        for name, fake in closed.fakes.items():
            fake.token = tokens[name]
        yield closed
