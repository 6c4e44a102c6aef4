"""Fixtures shared by the test folders."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import create_engine, text

from fake_centralisateur import create_app
from harness.demo import DEMO_DECLARATION as VALID_FORM
from harness.servers import ServerThread


@pytest.fixture
def valid_form() -> dict[str, Any]:
    return {k: list(v) if isinstance(v, list) else v for k, v in VALID_FORM.items()}


BACKENDS = ["sqlite", "postgresql"]


@contextmanager
def fresh_database(backend: str, folder: Path) -> Iterator[str]:
    """The URL of an empty store: a SQLite file in `folder`, or a PostgreSQL schema of its own
    when SANDBOX_TEST_POSTGRES_URL points at a server (CI starts one on loopback), dropped
    after; without it the PostgreSQL variant is skipped."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'store.db'}"
        return
    server = os.environ.get("SANDBOX_TEST_POSTGRES_URL")
    if not server:
        pytest.skip("SANDBOX_TEST_POSTGRES_URL is not set: no PostgreSQL to test against")
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


@pytest.fixture
def make_centralisateur(tmp_path: Path) -> Callable[..., Flask]:
    """A Centralisateur on a fresh SQLite file, Icare down, CSRF off, "today" 30/11/2025;
    keyword arguments override that configuration."""

    def make(**config: Any) -> Flask:
        return create_app(
            {
                "TESTING": True,
                "DATABASE_URL": f"sqlite:///{tmp_path / 'centralisateur.db'}",
                "WTF_CSRF_ENABLED": False,
                "ICARE_URL": ICARE_DOWN,
                "TODAY": "2025-11-30",
                **config,
            }
        )

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
