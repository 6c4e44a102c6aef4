"""`pvo-sandbox`: run the fakes, and run PVO²'s side against them.

pvo-sandbox up                  the fakes on loopback, seeded, until Ctrl-C
pvo-sandbox serve centralisateur --port 9001
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import socket
import time
from pathlib import Path

import click
import requests

from harness.fakes import DEMO_LOGINS, FAKES
from harness.servers import ServerThread


def start_fakes(names: list[str], host: str, ports: dict[str, int]) -> list[ServerThread]:
    """Start the named fakes, each wired to the others' URLs unless the environment says else."""
    urls = {name: _url(host, port) for name, port in ports.items()}
    threads = []
    for name in names:
        config: dict[str, object] = {}
        if name == "centralisateur" and "CENTRALISATEUR_ICARE_URL" not in os.environ:
            config["ICARE_URL"] = urls["icare"]
        if name == "pvo2":  # the desk calls the Centralisateur and PSA Assurance
            for key in ("CENTRALISATEUR", "GUIDEWIRE"):
                if f"PVO2_{key}_URL" not in os.environ:
                    config[f"{key}_URL"] = urls[key.lower()]
        thread = ServerThread(FAKES[name].create_app(config), host=host, port=ports[name])
        thread.start()
        threads.append(thread)
    return threads


def _url(host: str, port: int) -> str:
    return f"http://{'127.0.0.1' if host == '0.0.0.0' else host}:{port}"


def _serve_one(name: str, host: str, ports: dict[str, int]) -> None:
    """Body of a fake's own process: serve until terminated."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    start_fakes([name], host, ports)[0].join()


def _wait_ready(
    names: list[str],
    host: str,
    ports: dict[str, int],
    processes: list[multiprocessing.process.BaseProcess],
) -> None:
    """Until every fake answers its health check; a fake that died is said plainly."""
    pending = dict(zip(names, processes, strict=True))
    deadline = time.monotonic() + 30
    while pending and time.monotonic() < deadline:
        for name, process in list(pending.items()):
            if not process.is_alive():
                raise click.ClickException(
                    f"{FAKES[name].title} did not start on port {ports[name]}: is the port "
                    f"already in use? Set {FAKES[name].env_port} to another one."
                )
            try:
                if requests.get(f"{_url(host, ports[name])}/__admin/health", timeout=1).ok:
                    del pending[name]
            except requests.RequestException:
                time.sleep(0.02)
    if pending:
        raise click.ClickException(f"Not ready after 30 s: {', '.join(pending)}")


def _announce(names: list[str], host: str, ports: dict[str, int], elapsed: float) -> None:
    for name in names:
        click.echo(f"{FAKES[name].title:<28} {_url(host, ports[name])}")
    if "centralisateur" in names:
        portal = _url(host, ports["centralisateur"])
        click.echo(f"  portal: {portal}/connexion   API docs: {portal}/api/docs")
    if "icare" in names:
        click.echo(f"  MyIcare: {_url(host, ports['icare'])}/myicare/")
    if "pvo2" in names:
        click.echo(f"  PVO² desk: {_url(host, ports['pvo2'])}/connexion")
    click.echo(DEMO_LOGINS)
    click.echo(f"Ready in {elapsed:.2f} s. Ctrl-C stops.")


def _check_port_free(name: str, host: str, port: int) -> None:
    """Say which port is taken before starting anything (another sandbox, often)."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as waitress does
        try:
            probe.bind((host, port))
        except OSError as error:
            raise click.ClickException(
                f"{FAKES[name].title} cannot listen on {host}:{port} ({error.strerror}): is "
                f"another sandbox running? Stop it, or set {FAKES[name].env_port}."
            ) from error


def _stop_on_sigterm(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def _serve(names: list[str], host: str, ports: dict[str, int]) -> None:
    """Each fake in a process of its own, so that they use every core; Ctrl-C stops them."""
    for name in names:
        _check_port_free(name, host, ports[name])
    started = time.perf_counter()
    signal.signal(signal.SIGTERM, _stop_on_sigterm)  # `docker stop`, `kill`: stop the fakes too
    context = multiprocessing.get_context("fork")
    processes = [
        context.Process(target=_serve_one, args=(name, host, ports), daemon=True, name=name)
        for name in names
    ]
    for process in processes:
        process.start()
    try:
        _wait_ready(names, host, ports, processes)
        _announce(names, host, ports, time.perf_counter() - started)
        while all(p.is_alive() for p in processes):
            time.sleep(0.5)
        raise click.ClickException("A fake stopped; see its messages above.")
    except KeyboardInterrupt:
        click.echo("Stopping.")
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.join(timeout=5)


@click.group()
def main() -> None:
    """Offline sandbox of the Spoticar / DS Certified warranty declaration."""


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
def up(host: str) -> None:
    """Start the fakes (ports from CENTRALISATEUR_PORT, ICARE_PORT, GUIDEWIRE_PORT, PVO2_PORT)."""
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
    from harness.catalogue import as_markdown, as_text, load_steps

    found = load_steps(step_dir)
    click.echo(as_markdown(found) if markdown else as_text(found), nl=False)


def _fail(message: str) -> None:
    click.echo(f"✘ {message}", err=True)
    raise SystemExit(2)


@main.command()
@click.argument("bdc_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--garantisseur",
    type=click.Choice(["spoticar", "psa"]),
    default="spoticar",
    show_default=True,
    help="Déclaration de garantie Spoticar, or PSA Insurance.",
)
@click.option(
    "--centralisateur",
    "url",
    envvar="PVO_CENTRALISATEUR_URL",
    default="http://127.0.0.1:8001",
    show_default=True,
)
@click.option("--code", envvar="PVO_CODE_RRDI", help="Dealer code RRDI (default: the BDC's site).")
@click.option("--password", envvar="PVO_PASSWORD", default="spoticar", show_default=True)
@click.option(
    "--configure-profile",
    is_flag=True,
    help="At the first connection, fill Profil from the BDC's site settings.",
)
@click.option(
    "--guidewire",
    "guidewire_url",
    envvar="PVO_GUIDEWIRE_URL",
    default="http://127.0.0.1:8003",
    show_default=True,
)
@click.option("--client-id", envvar="PVO_GUIDEWIRE_CLIENT_ID", default="pvo2", show_default=True)
@click.option("--client-secret", envvar="PVO_GUIDEWIRE_CLIENT_SECRET", default="pvo2-secret")
@click.option("--json", "as_json", is_flag=True, help="The result as JSON, for programs.")
def declare(
    bdc_file: Path,
    garantisseur: str,
    url: str,
    code: str | None,
    password: str,
    configure_profile: bool,
    guidewire_url: str,
    client_id: str,
    client_secret: str,
    as_json: bool,
) -> None:
    """Declare a closed BDC (JSON file) as PVO² does; exit 1 when refused."""
    import json

    from pvo_client.bdc_file import read_bdc
    from pvo_client.report import describe, describe_psa, headline
    from pvo_client.rules import PvoError

    try:
        bdc = read_bdc(bdc_file)
    except PvoError as error:
        _fail(error.message)
    if garantisseur == "psa":
        from pvo_client.guidewire import GuidewireClient
        from pvo_client.psa import declare_psa

        with GuidewireClient(guidewire_url, client_id, client_secret) as guidewire:
            result = declare_psa(bdc, guidewire)
        text = describe_psa(headline(bdc, "Déclaration PSA Insurance"), result)
    else:
        from pvo_client.centralisateur import CentralisateurClient
        from pvo_client.flow import declare as declare_bdc

        client = CentralisateurClient(url, code or bdc.site.code_rrdi or "", password)
        result = declare_bdc(bdc, client, configure_profile=configure_profile)
        text = describe(headline(bdc), result)
    click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2) if as_json else text)
    raise SystemExit(0 if result.accepted else 1)


@main.command()
@click.argument("case_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--screenshot",
    "screenshot_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Save a screenshot of what the dealer saw in this folder.",
)
@click.option(
    "--centralisateur",
    help="Replay on running fakes instead of a fresh sandbox (with --icare and --guidewire).",
)
@click.option("--icare")
@click.option("--guidewire")
@click.option("--json", "as_json", is_flag=True)
def replay(
    case_file: Path,
    screenshot_dir: Path | None,
    centralisateur: str | None,
    icare: str | None,
    guidewire: str | None,
    as_json: bool,
) -> None:
    """Replay a support case; exit 0 when what the dealer reported is reproduced."""
    import json

    from harness.cases import CaseError, load_case
    from harness.replay import describe_replay
    from harness.replay import replay as replay_case

    urls = None
    if centralisateur:
        if not (icare and guidewire):
            _fail("--centralisateur va avec --icare et --guidewire.")
        urls = {"centralisateur": centralisateur, "icare": icare, "guidewire": guidewire}
    try:
        case = load_case(case_file)
    except CaseError as error:
        _fail(str(error))
    if not as_json:
        click.echo(f"Rejeu du cas {case.ticket} : {case.title}…")
    outcome = replay_case(case, urls, screenshot_dir)
    if as_json:
        click.echo(
            json.dumps(
                {
                    "ticket": case.ticket,
                    "reproduced": outcome.reproduced,
                    "screenshot": str(outcome.screenshot or ""),
                    "seen_on_screen": outcome.seen_messages,
                    "result": outcome.result.to_json(),
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        click.echo(describe_replay(outcome))
    raise SystemExit(0 if outcome.reproduced else 1)


@main.command("print-bdc")
@click.argument("bdc_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--html", "html_out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--pdf", "pdf_out", type=click.Path(dir_okay=False, path_type=Path))
def print_bdc(bdc_file: Path, html_out: Path | None, pdf_out: Path | None) -> None:
    """Print the "Bon de commande à particulier" of a BDC, as PVO²'s Imprimer does."""
    from pvo_client.bdc_file import read_bdc
    from pvo_client.printing import choose_document, render_bdc_html, render_bdc_pdf
    from pvo_client.rules import PvoError

    try:
        bdc = read_bdc(bdc_file)
    except PvoError as error:
        _fail(error.message)
    click.echo(f"Document : {choose_document(bdc).value}")
    if html_out:
        html_out.write_text(render_bdc_html(bdc), encoding="utf-8")
        click.echo(f"HTML : {html_out}")
    if pdf_out:
        pdf_out.write_bytes(render_bdc_pdf(bdc))
        click.echo(f"PDF : {pdf_out}")


@main.command()
def mapping() -> None:
    """The table of which PVO² field fills which Centralisateur form field (Markdown)."""
    from pvo_client.mapping import mapping_markdown

    click.echo(mapping_markdown(), nl=False)
