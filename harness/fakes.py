"""The fakes the sandbox runs: name, module, default port, title. One table for the CLI,
the servers and the pytest plugin."""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass

import click
from flask import Flask

from fake_pvo2.store import DEMO_PASSWORD, demo_login
from sandbox.dealers import DEMO_DEALERS

MAX_PORT = 65535


@dataclass(frozen=True)
class Fake:
    name: str
    module: str
    port: int
    title: str

    @property
    def env_port(self) -> str:
        return f"{self.name.upper()}_PORT"

    def configured_port(self) -> int:
        """`<NAME>_PORT`, else the default port; ClickException when it is not a port."""
        value = os.environ.get(self.env_port)
        if value is None:
            return self.port
        if not (value.isascii() and value.isdigit() and 1 <= int(value) <= MAX_PORT):
            raise click.ClickException(
                f"{self.env_port}={value} : un numéro de port entre 1 et {MAX_PORT} est attendu."
            )
        return int(value)

    def create_app(self, config: dict[str, object] | None = None) -> Flask:
        return importlib.import_module(self.module).create_app(config)


FAKES = {
    fake.name: fake
    for fake in (
        Fake("centralisateur", "fake_centralisateur", 8001, "Centralisateur (portail)"),
        Fake("icare", "fake_icare", 8002, "Icare (contrats, MyIcare)"),
        Fake("guidewire", "fake_guidewire", 8003, "PSA Assurance (Guidewire)"),
        Fake("pvo2", "fake_pvo2", 8004, "PVO² (bureau du vendeur)"),
    )
}
# The back offices a DMS calls (the conformance kit watches them); the desk is PVO² itself.
BACK_OFFICES = ("centralisateur", "icare", "guidewire")
DEMO_LOGINS = (
    "Demo dealers (code RRDI Spoticar / password): "
    + ", ".join(f"{d.code_rrdi} / {d.password} ({d.name})" for d in DEMO_DEALERS)
    + "\nMyIcare (Icare identifier / password): "
    + ", ".join(f"{d.icare_id} / {d.password}" for d in DEMO_DEALERS)
    + "\nPVO² users (login / password): "
    + ", ".join(f"{demo_login(d.code_rrdi)} / {DEMO_PASSWORD} ({d.name})" for d in DEMO_DEALERS)
)
