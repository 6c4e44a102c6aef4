"""A throwaway PostgreSQL cluster for one test run, so that `make test` on any machine with
PostgreSQL's server binaries runs the PostgreSQL variants, as CI does.

initdb in a temporary folder, a free loopback port, fsync off (nothing here must survive), then
removed. PostgreSQL refuses to run as root: as root, the server runs as `postgres` (or `nobody`)
through runuser, in a folder that user owns.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text

from tests.processes import free_port

DATABASE = "sandbox_test"
ROLE = "sandbox"
START_TIMEOUT_S = 60


def server_binaries() -> Path | None:
    """The folder holding initdb and pg_ctl: Debian's newest /usr/lib/postgresql/*/bin, else
    the PATH's; None when PostgreSQL's server is not installed."""
    debian = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name))
    for folder in reversed(debian):
        if (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if initdb and pg_ctl:
        return Path(os.path.realpath(initdb)).parent
    return None


def _server_user() -> str | None:
    """Who runs the server: None for the current user, unless that is root."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return name
    raise RuntimeError(
        "running as root, and neither `postgres` nor `nobody` exists to run PostgreSQL"
    )


def _run(user: str | None, *command: str | Path) -> None:
    prefix = ["runuser", "-u", user, "--"] if user else []
    subprocess.run(
        [*prefix, *map(str, command)], check=True, capture_output=True, timeout=START_TIMEOUT_S
    )


@contextmanager
def private_cluster(binaries: Path) -> Iterator[str]:
    """Start a cluster, yield its SQLAlchemy URL (database `sandbox_test`, role `sandbox`), then
    stop it and remove its folder."""
    user = _server_user()
    folder = Path(tempfile.mkdtemp(prefix="sandbox-postgres-"))
    data = folder / "data"
    if user:
        entry = pwd.getpwnam(user)
        os.chown(folder, entry.pw_uid, entry.pw_gid)
    port = free_port()
    try:
        _run(user, binaries / "initdb", "-D", data, "-U", ROLE, "--auth=trust", "-N", "-E", "UTF8")
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={folder} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=300"
        )
        _run(
            user,
            binaries / "pg_ctl",
            "-D",
            data,
            "-o",
            options,
            "-l",
            folder / "log",
            "-w",
            "-t",
            str(START_TIMEOUT_S),
            "start",
        )
        try:
            _create_database(port)
            yield f"postgresql+psycopg://{ROLE}:{ROLE}@127.0.0.1:{port}/{DATABASE}"
        finally:
            _run(user, binaries / "pg_ctl", "-D", data, "-m", "immediate", "stop")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _create_database(port: int) -> None:
    engine = create_engine(
        f"postgresql+psycopg://{ROLE}@127.0.0.1:{port}/postgres", isolation_level="AUTOCOMMIT"
    )
    with engine.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {DATABASE}"))
    engine.dispose()
