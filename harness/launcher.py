"""`pvo-sandbox up` and `serve`: each fake in a process of its own, pre-forked into workers.

Where the platform can fork, each fake is a gunicorn arbiter with N workers
(`harness.workers`); elsewhere, or with `workers=None`, one process serves with threads
(`harness.servers.ServerThread`). Ctrl-C, SIGTERM or SIGHUP stops everything; any other death of
the launcher (`kill -9`) takes its processes with it (`harness.lifeline`).
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import signal
import socket
import sys
import time
from pathlib import Path

import click
import requests
from sqlalchemy.engine import make_url

from harness.fakes import DEMO_LOGINS, FAKES
from harness.lifeline import die_with_parent
from harness.servers import ServerThread
from sandbox.admin_guard import exposure_refusal
from sandbox.config import database_url
from sandbox.db import DatabaseNotReady

CONNECTION_LIMIT = int(os.environ.get("SANDBOX_CONNECTION_LIMIT", 1000))
CAN_FORK = hasattr(os, "fork")
# A fake on PostgreSQL waits for its database at start (`DB_WAIT_ATTEMPTS`, 2 s apart, each
# said in French): the launcher waits as long. A fake that fails stops the wait at once.
READY_WAIT = 90


def url(host: str, port: int) -> str:
    return f"http://{'127.0.0.1' if host == '0.0.0.0' else host}:{port}"


def fake_config(name: str, host: str, ports: dict[str, int]) -> dict[str, object]:
    """A fake's configuration: wired to the other fakes' URLs unless the environment says else."""
    config: dict[str, object] = {}
    if name == "centralisateur" and "CENTRALISATEUR_ICARE_URL" not in os.environ:
        config["ICARE_URL"] = url(host, ports["icare"])
    if name == "pvo2":  # the desk calls the Centralisateur and PSA Assurance
        for key in ("CENTRALISATEUR", "GUIDEWIRE"):
            if f"PVO2_{key}_URL" not in os.environ:
                config[f"{key}_URL"] = url(host, ports[key.lower()])
    return config


def _serve_one(
    name: str, host: str, ports: dict[str, int], workers: int | None, launcher: int
) -> None:
    """Body of a fake's own process: serve until terminated, or until the launcher dies (even
    by `kill -9`: the arbiter then stops its workers as on SIGTERM)."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    die_with_parent(launcher)
    try:
        _serve(name, host, ports, workers)
    except DatabaseNotReady as late:  # said per attempt already; no traceback
        click.echo(str(late), err=True)
        sys.exit(1)


def _serve(name: str, host: str, ports: dict[str, int], workers: int | None) -> None:
    if workers is None:
        app = FAKES[name].create_app(fake_config(name, host, ports))
        thread = ServerThread(app, host=host, port=ports[name], connection_limit=CONNECTION_LIMIT)
        thread.start()
        thread.join()
        return
    from harness.workers import FakeApplication

    FakeApplication(
        name, fake_config(name, host, ports), host, ports[name], workers, CONNECTION_LIMIT
    ).run()


def _wait_ready(
    names: list[str],
    host: str,
    ports: dict[str, int],
    processes: list[multiprocessing.process.BaseProcess],
) -> None:
    """Until every fake answers its health check; a fake that died is said plainly."""
    pending = dict(zip(names, processes, strict=True))
    deadline = time.monotonic() + READY_WAIT
    while pending and time.monotonic() < deadline:
        for name, process in list(pending.items()):
            if not process.is_alive():
                raise click.ClickException(
                    f"{FAKES[name].title} ne s'est pas lancé sur le port {ports[name]} : "
                    "voyez ses messages ci-dessus."
                )
            try:
                if requests.get(f"{url(host, ports[name])}/__admin/health", timeout=1).ok:
                    del pending[name]
            except requests.RequestException:
                time.sleep(0.02)
    if pending:
        raise click.ClickException(f"Pas prêt au bout de {READY_WAIT} s : {', '.join(pending)}")


def _announce(
    names: list[str], host: str, ports: dict[str, int], workers: int | None, elapsed: float
) -> None:
    for name in names:
        click.echo(f"{FAKES[name].title:<28} {url(host, ports[name])}")
    if "centralisateur" in names:
        portal = url(host, ports["centralisateur"])
        click.echo(f"  portal: {portal}/connexion   API docs: {portal}/api/docs")
    if "icare" in names:
        click.echo(f"  MyIcare: {url(host, ports['icare'])}/myicare/")
    if "pvo2" in names:
        click.echo(f"  PVO² desk: {url(host, ports['pvo2'])}/connexion")
    click.echo(DEMO_LOGINS)
    how = f"{workers} workers per fake" if workers else "one process per fake, threads"
    click.echo(f"Ready in {elapsed:.2f} s ({how}). Ctrl-C stops.")


PORT_WAIT = 3.0  # seconds: the processes of a sandbox just killed are still letting go


def _check_port_free(name: str, host: str, port: int) -> None:
    """Say which port is taken before starting anything (another sandbox, often). A port held
    a moment longer by a sandbox just stopped or killed (its processes die with it) is waited
    for, briefly."""
    deadline = time.monotonic() + PORT_WAIT
    while True:
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the servers do
            try:
                probe.bind((host, port))
                return
            except OSError as error:
                if time.monotonic() < deadline:
                    time.sleep(0.1)
                    continue
                raise click.ClickException(
                    f"{FAKES[name].title} ne peut pas écouter sur {host}:{port} "
                    f"({error.strerror}) : un autre sandbox tourne-t-il ? Arrêtez-le, ou "
                    f"choisissez un autre port avec {FAKES[name].env_port}."
                ) from error


def _check_admin_token(name: str, host: str) -> None:
    """Beyond loopback, a fake starts only with its admin token in the environment."""
    variable = f"{name.upper()}_ADMIN_TOKEN"
    refusal = exposure_refusal(FAKES[name].title, host, variable, os.environ.get(variable))
    if refusal is not None:
        raise click.ClickException(refusal)


def _stop_on_sigterm(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def _new_database(name: str) -> bool:
    """Whether the fake's database is a SQLite file not made yet (its schema is made at start)."""
    url = make_url(database_url(name.upper()))
    return url.get_backend_name() == "sqlite" and not Path(url.database or "").exists()


def serve(names: list[str], host: str, ports: dict[str, int], workers: int | None) -> None:
    """Each fake in a process of its own (so that they use every core); Ctrl-C stops them.

    `workers`: pre-forked workers per fake, or None for one threaded process per fake.
    """
    if not CAN_FORK:
        workers = None
    for name in names:
        _check_admin_token(name, host)
        _check_port_free(name, host, ports[name])
    started = time.perf_counter()
    for name in names:  # imported once here, shared by every forked process
        importlib.import_module(FAKES[name].module)
    if any(_new_database(name) for name in names):  # Alembic too, when a schema is to be made
        importlib.import_module("sandbox.migrations.runner")
    for stop in (signal.SIGTERM, signal.SIGHUP):  # `docker stop`, `kill`, a closed terminal
        signal.signal(stop, _stop_on_sigterm)  # stop the fakes too, letting answers finish
    context = multiprocessing.get_context("fork" if CAN_FORK else "spawn")
    processes = [
        context.Process(
            target=_serve_one,
            args=(name, host, ports, workers, os.getpid()),
            daemon=True,
            name=name,
        )
        for name in names
    ]
    for process in processes:
        process.start()
    try:
        _wait_ready(names, host, ports, processes)
        _announce(names, host, ports, workers, time.perf_counter() - started)
        while all(p.is_alive() for p in processes):
            time.sleep(0.5)
        raise click.ClickException("Un faux service s'est arrêté : voyez ses messages ci-dessus.")
    except KeyboardInterrupt:
        click.echo("Arrêt.")
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.join(timeout=10)
