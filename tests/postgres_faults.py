"""A PostgreSQL database of a test's own, and the faults a deployment meets: every connection
killed (`pg_terminate_backend`), the database refusing connections for a while.

The server is SANDBOX_TEST_POSTGRES_URL's (CI starts one on loopback); its role needs only
CREATEDB: it owns the database it makes, so it may close it to connections and end the
sessions on it (its own). Nothing outside that database is touched.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url


def postgres_server() -> str:
    server = os.environ.get("SANDBOX_TEST_POSTGRES_URL")
    if not server:
        pytest.skip("SANDBOX_TEST_POSTGRES_URL is not set: no PostgreSQL to test against")
    return server


class OwnDatabase:
    """A database made for one test, dropped after; `url` is what the fakes are given."""

    def __init__(self, server: str) -> None:
        self.name = f"sbx_{uuid.uuid4().hex[:12]}"
        self.url = make_url(server).set(database=self.name).render_as_string(hide_password=False)
        self.admin: Engine = create_engine(server, isolation_level="AUTOCOMMIT")

    def execute(self, statement: str) -> None:
        with self.admin.connect() as connection:
            connection.execute(text(statement))

    def terminate_connections(self) -> int:
        """End every session on the database (as an administrator or a failover would); how
        many there were."""
        with self.admin.connect() as connection:
            return len(
                connection.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = :name AND pid <> pg_backend_pid()"
                    ),
                    {"name": self.name},
                ).all()
            )

    def refuse_connections(self) -> None:
        """The database cannot be used: no new connection, and the open ones ended."""
        self.execute(f'ALTER DATABASE "{self.name}" WITH ALLOW_CONNECTIONS false')
        self.terminate_connections()

    def accept_connections(self) -> None:
        self.execute(f'ALTER DATABASE "{self.name}" WITH ALLOW_CONNECTIONS true')


@contextmanager
def own_database() -> Iterator[OwnDatabase]:
    """A fresh database on the test server, dropped (its sessions ended first) after."""
    database = OwnDatabase(postgres_server())
    database.execute(f'CREATE DATABASE "{database.name}"')
    try:
        yield database
    finally:
        database.accept_connections()
        database.execute(f'DROP DATABASE "{database.name}" WITH (FORCE)')
        database.admin.dispose()
