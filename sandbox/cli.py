"""`pvo-sandbox`: run the fakes, and run PVO²'s side against them.

pvo-sandbox up                  the three fakes on loopback, seeded, until Ctrl-C
pvo-sandbox serve centralisateur --port 9001
"""

from __future__ import annotations

import importlib
import os
import time
from dataclasses import dataclass
from pathlib import Path

import click
from flask import Flask

from sandbox.servers import ServerThread


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
        return int(os.environ.get(self.env_port, self.port))

    def create_app(self, config: dict[str, object] | None = None) -> Flask:
        return importlib.import_module(self.module).create_app(config)


FAKES = {
    fake.name: fake
    for fake in (
        Fake("centralisateur", "fake_centralisateur", 8001, "Centralisateur (portail)"),
        Fake("icare", "fake_icare", 8002, "Icare (contrats, MyIcare)"),
        Fake("guidewire", "fake_guidewire", 8003, "PSA Assurance (Guidewire)"),
    )
}
DEMO_LOGINS = (
    "Demo dealers (code RRDI Spoticar / password): 953617Z / spoticar (AXILOG DEMO), "
    "751020A / spoticar (GARAGE DU PARC TEST)"
)


def start_fakes(names: list[str], host: str, ports: dict[str, int]) -> list[ServerThread]:
    """Start the named fakes, each wired to the others' URLs unless the environment says else."""
    urls = {
        name: f"http://{'127.0.0.1' if host == '0.0.0.0' else host}:{port}"
        for name, port in ports.items()
    }
    threads = []
    for name in names:
        config: dict[str, object] = {}
        if name == "centralisateur" and "CENTRALISATEUR_ICARE_URL" not in os.environ:
            config["ICARE_URL"] = urls["icare"]
        thread = ServerThread(FAKES[name].create_app(config), host=host, port=ports[name])
        thread.start()
        threads.append(thread)
    return threads


def _serve(names: list[str], host: str, ports: dict[str, int]) -> None:
    started = time.perf_counter()
    threads = start_fakes(names, host, ports)
    elapsed = time.perf_counter() - started
    for name, thread in zip(names, threads, strict=True):
        click.echo(f"{FAKES[name].title:<28} {thread.url}")
    if "centralisateur" in names:
        click.echo(
            f"  portal: {threads[names.index('centralisateur')].url}/connexion   "
            f"API docs: {threads[names.index('centralisateur')].url}/api/docs"
        )
    click.echo(DEMO_LOGINS)
    click.echo(f"Ready in {elapsed:.2f} s. Ctrl-C stops.")
    try:
        while all(t.is_alive() for t in threads):
            time.sleep(0.5)
    except KeyboardInterrupt:
        click.echo("Stopping.")
    finally:
        for thread in threads:
            thread.stop()


@click.group()
def main() -> None:
    """Offline sandbox of the Spoticar / DS Certified warranty declaration."""


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
def up(host: str) -> None:
    """Start the three fakes (ports from CENTRALISATEUR_PORT, ICARE_PORT, GUIDEWIRE_PORT)."""
    ports = {name: fake.configured_port() for name, fake in FAKES.items()}
    _serve(list(FAKES), host, ports)


@main.command()
@click.argument("name", type=click.Choice(list(FAKES)))
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=None, help="Default: the fake's own (8001-8003).")
def serve(name: str, host: str, port: int | None) -> None:
    """Start one fake."""
    ports = {n: f.configured_port() for n, f in FAKES.items()}
    if port is not None:
        ports[name] = port
    _serve([name], host, ports)


@main.command()
@click.option("--markdown", is_flag=True, help="A Markdown table instead of plain text.")
@click.option(
    "--dir",
    "step_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=Path("step_defs"),
    show_default=True,
)
def steps(markdown: bool, step_dir: Path) -> None:
    """List the Gherkin steps a scenario can use (generated from the step definitions)."""
    from sandbox.catalogue import as_markdown, as_text, load_steps

    found = load_steps(step_dir)
    click.echo(as_markdown(found) if markdown else as_text(found), nl=False)
