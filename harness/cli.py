"""`pvo-sandbox`: run the fakes, and run PVO²'s side against them.

pvo-sandbox up                  the fakes on loopback, seeded, until Ctrl-C
pvo-sandbox serve centralisateur --port 9001
pvo-sandbox generate bdc --count 100 --seed 7     pvo2-bdc/1 files in var/bdc
pvo-sandbox case new --dealer 953617Z --anonymise  a case from the Centralisateur's journal
pvo-sandbox db current | upgrade [NAME]           the databases' schema revisions
pvo-sandbox dealers new [--json] | list | delete CODE   dealers of one's own on a sandbox
"""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from harness import launcher
from harness.cli_errors import FrenchGroup, fail, system_reason
from harness.conformance.cli import conformance
from harness.db_commands import db
from harness.dealer_commands import dealers
from harness.endpoints import PortOption, url_option
from harness.fakes import FAKES, MAX_PORT
from harness.input_files import InputFileError, read_bytes

if TYPE_CHECKING:
    from pvo_client.domain import BonDeCommande


MAX_WORKERS = 64
MAX_BDC_COUNT = 10_000  # `generate bdc`: a test set, not a disk filler
# `generate bdc --today`: the sandbox takes dates from 01/01/1900 to 31/12/2099; a BDC's client
# may be born 100 years before the day, and its warranty end 3 years after.
EARLIEST_TODAY, LATEST_TODAY = date(2000, 1, 1), date(2096, 12, 31)


def _workers(_ctx: click.Context, _param: click.Parameter, value: str | None) -> int | None:
    """`--workers`: a whole number from 1 to MAX_WORKERS (default: the number of cores)."""
    if value is None:
        return os.cpu_count() or 1
    if not (value.isascii() and value.isdigit() and 1 <= int(value) <= MAX_WORKERS):
        raise click.BadParameter(
            f"« {value} » n'est pas un nombre de workers : donnez un nombre entier de 1 à "
            f"{MAX_WORKERS}."
        )
    return int(value)


def _http_basic(_ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """An identifier or a secret sent in HTTP Basic, which carries Latin-1 text only."""
    if value is not None and not _latin1(value):
        raise click.BadParameter(
            "seuls les caractères de l'alphabet latin (Latin-1, sans €) passent en HTTP Basic."
        )
    return value


def _latin1(text: str) -> bool:
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


WORKERS = click.option(
    "--workers",
    callback=_workers,
    metavar="N",
    help="Pre-forked workers per fake (gunicorn); default: the number of cores.",
)


ADMIN_TOKEN = click.option(
    "--admin-token",
    envvar="PVO_SANDBOX_ADMIN_TOKEN",
    help="The running fakes' admin token, when they have one.",
)


@click.group(cls=FrenchGroup)
@click.version_option(package_name="spoticar-sandbox", message="%(prog)s %(version)s")
def main() -> None:
    """Offline sandbox of the Spoticar / DS Certified warranty declaration."""


main.add_command(conformance)
main.add_command(db)
main.add_command(dealers)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@WORKERS
def up(host: str, workers: int) -> None:
    """Start the fakes (ports from CENTRALISATEUR_PORT, ICARE_PORT, GUIDEWIRE_PORT, PVO2_PORT)."""
    ports = {name: fake.configured_port() for name, fake in FAKES.items()}
    launcher.serve(list(FAKES), host, ports, workers)


@main.command()
@click.argument("name", type=click.Choice(list(FAKES)))
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option(
    "--port",
    cls=PortOption,
    type=click.IntRange(1, MAX_PORT),
    default=None,
    help="Default: the fake's own port (CENTRALISATEUR_PORT, ICARE_PORT…, else 8001-8004).",
)
@WORKERS
def serve(name: str, host: str, port: int | None, workers: int) -> None:
    """Start one fake."""
    ports = {n: f.configured_port() for n, f in FAKES.items()}
    if port is not None:
        ports[name] = port
    launcher.serve([name], host, ports, workers)


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


def _read_bdc_file(path: Path) -> BonDeCommande:
    """The BDC of a file (a regular file of bounded size), or the command ends with what is
    wrong with it, in French."""
    from pvo_client.bdc_file import BdcFileError, loads_bdc
    from pvo_client.bdc_file.messages import NOT_UTF8
    from pvo_client.rules import PvoError

    try:
        text = read_bytes(path).decode("utf-8")
        return loads_bdc(text, str(path))
    except UnicodeDecodeError as error:
        fail(BdcFileError([("", NOT_UTF8.format(position=error.start))], str(path)).message)
    except InputFileError as error:
        fail(str(error))
    except PvoError as error:
        fail(error.message)
    except OSError as error:
        fail(f"Le fichier BDC {path} ne peut pas être lu : {system_reason(error)}.", 1)


@main.command()
@click.argument("bdc_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--garantisseur",
    type=click.Choice(["spoticar", "psa"]),
    default="spoticar",
    show_default=True,
    help="Déclaration de garantie Spoticar, or PSA Insurance.",
)
@url_option("centralisateur", "--centralisateur", "url")
@click.option(
    "--code",
    envvar="PVO_CODE_RRDI",
    callback=_http_basic,
    help="Dealer code RRDI (default: the BDC's site).",
)
@click.option(
    "--password", envvar="PVO_PASSWORD", default="spoticar", show_default=True, callback=_http_basic
)
@click.option(
    "--configure-profile",
    is_flag=True,
    help="At the first connection, fill Profil from the BDC's site settings.",
)
@url_option("guidewire", "--guidewire", "guidewire_url")
@click.option(
    "--client-id",
    envvar="PVO_GUIDEWIRE_CLIENT_ID",
    default="pvo2",
    show_default=True,
    callback=_http_basic,
)
@click.option(
    "--client-secret",
    envvar="PVO_GUIDEWIRE_CLIENT_SECRET",
    default="pvo2-secret",
    callback=_http_basic,
)
@click.option("--json", "as_json", is_flag=True, help="The result as JSON, for programs.")
@click.option(
    "--browser",
    is_flag=True,
    help="Open the form in Chromium, as PVO²'s window, and leave the dealer to click (no "
    "display: headless, the tutorial's clicks played); each page saved as PNG.",
)
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
    browser: bool,
) -> None:
    """Declare a closed BDC (JSON file) as PVO² does; exit 1 when refused."""
    import json

    from pvo_client.report import describe, headline

    bdc = _read_bdc_file(bdc_file)
    if garantisseur == "psa":
        if browser:
            fail(
                "--browser ouvre la fenêtre du Centralisateur : il va avec --garantisseur spoticar."
            )
        from pvo_client.guidewire import GuidewireClient
        from pvo_client.psa import declare_psa

        with GuidewireClient(guidewire_url, client_id, client_secret) as guidewire:
            result = declare_psa(bdc, guidewire)
    else:
        from pvo_client.centralisateur import CentralisateurClient
        from pvo_client.flow import declare as declare_bdc

        client = CentralisateurClient(url, code or bdc.site.code_rrdi or "", password)
        if browser:
            from harness.window import declare_in_window

            result, shots = declare_in_window(bdc, client, configure_profile=configure_profile)
            if shots is not None:
                click.echo(f"Captures d'écran de la fenêtre : {shots}", err=as_json)
        else:
            result = declare_bdc(bdc, client, configure_profile=configure_profile)
    text = describe(headline(bdc, result.garantisseur), result)
    click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2) if as_json else text)
    raise SystemExit(0 if result.accepted else 1)


@main.command()
@click.argument("case_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--screenshot",
    "screenshot_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Save a screenshot of what the dealer saw in this folder (needs the [browser] extra).",
)
@click.option(
    "--centralisateur",
    help="Replay on running fakes instead of a fresh sandbox (with --icare and --guidewire); "
    "only the case's dealer is reset there.",
)
@click.option("--icare")
@click.option("--guidewire")
@click.option(
    "--pvo2",
    help="The running PVO² desk (optional): a case stopped in PVO² is shown on it.",
)
@ADMIN_TOKEN
@click.option(
    "--bdc-dir",
    "bdc_dirs",
    multiple=True,
    envvar="PVO_BDC_DIR",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Where the BDC files a case names are (besides the case's folder); repeatable.",
)
@click.option("--json", "as_json", is_flag=True)
def replay(
    case_file: Path,
    screenshot_dir: Path | None,
    centralisateur: str | None,
    icare: str | None,
    guidewire: str | None,
    pvo2: str | None,
    admin_token: str | None,
    bdc_dirs: tuple[Path, ...],
    as_json: bool,
) -> None:
    """Replay a support case; exit 0 when what the dealer reported is reproduced."""
    import json

    from harness.admin_client import AdminError, SandboxAdmin, tokens_from_environment
    from harness.cases import SOURCE_BDC_DIR, CaseError, load_case
    from harness.replay import ReplayRefused, announce, describe_replay
    from harness.replay import replay as replay_case

    running = None
    if centralisateur:
        if not (icare and guidewire):
            fail("--centralisateur va avec --icare et --guidewire.")
        urls = {"centralisateur": centralisateur, "icare": icare, "guidewire": guidewire}
        urls |= {"pvo2": pvo2} if pvo2 else {}
        running = SandboxAdmin(urls, admin_token, tokens_from_environment())
    try:
        case = load_case(case_file, (*bdc_dirs, SOURCE_BDC_DIR))
    except CaseError as error:
        fail(str(error))
    if screenshot_dir is not None:
        _check_screenshots_possible(screenshot_dir)
    if running is not None:  # on stderr with --json, whose stdout is for programs
        click.echo(announce(case), err=as_json)
    if not as_json:
        click.echo(f"Rejeu du cas {case.ticket} : {case.title}…")
    try:
        outcome = replay_case(case, running, screenshot_dir)
    except (AdminError, ReplayRefused) as error:
        fail(str(error), 1)
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


@main.group()
def case() -> None:
    """Support's case files (format pvo2-case/1)."""


@case.command("new")
@url_option(
    "centralisateur",
    "--centralisateur",
    "url",
    help="The running Centralisateur whose request journal holds the declaration.",
)
@click.option(
    "--pvo2",
    "desk_url",
    help="Read the running PVO² desk's journal instead: a BDC file a DMS imported, refused.",
)
@click.option(
    "--entry",
    "entry_id",
    type=int,
    help="The journal entry (default: the latest refused declaration).",
)
@click.option("--dealer", help="The latest refused declaration of this dealer (code RRDI).")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The case file (default: cas-TICKET.json); its BDC is written beside it.",
)
@click.option("--ticket", help="The ticket number (default: JOURNAL-ENTRY).")
@click.option("--title", help="What the dealer reported, in a line.")
@click.option(
    "--anonymise",
    is_flag=True,
    help="Replace the client's and the vehicle's personal data by generated data.",
)
@click.option(
    "--seed", type=int, help="The same seed, the same generated data (BDC, anonymised values)."
)
@click.option("--force", is_flag=True, help="Replace the files if they exist.")
@ADMIN_TOKEN
def case_new(
    url: str,
    desk_url: str | None,
    entry_id: int | None,
    dealer: str | None,
    output: Path | None,
    ticket: str | None,
    title: str | None,
    anonymise: bool,
    seed: int | None,
    force: bool,
    admin_token: str | None,
) -> None:
    """Write a case from a declaration a fake refused, as its request journal kept it."""
    from harness.admin_client import AdminError, FakeAdmin
    from harness.journal_case import bdc_path, new_case, write_case
    from harness.journal_reading import NewCaseError
    from pvo_client.bdc_file import writable

    if entry_id is not None and dealer is not None:
        fail(
            "--entry désigne l'entrée, --dealer la dernière refusée d'un distributeur : l'un ou "
            "l'autre."
        )
    name, where = ("pvo2", desk_url) if desk_url else ("centralisateur", url)
    journal = FakeAdmin(where.rstrip("/"), admin_token, name)
    try:
        found, bdc = new_case(
            journal,
            entry_id=entry_id,
            dealer=dealer,
            anonymise=anonymise,
            seed=seed,
            ticket=ticket,
            title=title,
        )
    except (NewCaseError, AdminError) as error:
        fail(str(error), 1)
    if not (writable(found) and writable(bdc)):
        fail(
            "Le cas ne peut pas être écrit : un texte de l'entrée du journal ou des options "
            "contient une moitié de paire UTF-16 seule (comme \\ud800).",
            1,
        )
    path = output or Path(f"cas-{found['ticket'].lower()}.json")
    if not force:
        for taken in (path, bdc_path(path)):
            if taken.exists():
                fail(f"« {taken} » existe déjà : --force pour le remplacer.", 1)
    write_case(path, found, bdc)
    click.echo(f"Cas {found['ticket']} écrit : {path} (bon de commande : {bdc_path(path)})")
    click.echo(f"Rejouez-le : pvo-sandbox replay {path}")


def _check_screenshots_possible(folder: Path) -> None:
    """Before replaying: the browser is installed and the folder can take the PNG."""
    import importlib.util
    import tempfile

    if importlib.util.find_spec("playwright") is None:
        fail("Les captures d'écran demandent Playwright : pip install 'spoticar-sandbox[browser]'.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tempfile.TemporaryFile(dir=folder).close()
    except OSError as error:
        fail(
            f"Les captures ne peuvent pas être enregistrées dans {folder} : {system_reason(error)}."
        )


def _jj_mm_aaaa(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    """A date typed as the print dialog takes it (JJ/MM/AAAA)."""
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%d/%m/%Y").date()
    except ValueError:
        raise click.BadParameter(f"« {value} » n'est pas une date JJ/MM/AAAA") from None


def _declaration_day(
    _ctx: click.Context, _param: click.Parameter, value: str | None
) -> date | None:
    """`--today`: an ISO date in the years a generated BDC can be declared."""
    if value is None:
        return None
    try:
        day = date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        day = None
    if day is None or not EARLIEST_TODAY <= day <= LATEST_TODAY:
        raise click.BadParameter(
            f"« {value} » n'est pas une date AAAA-MM-JJ du {EARLIEST_TODAY:%d/%m/%Y} au "
            f"{LATEST_TODAY:%d/%m/%Y}"
        )
    return day


@main.command("print-bdc")
@click.argument("bdc_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--html", "html_out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--pdf", "pdf_out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--nom-societe", help="Nom de la société pour l'impression (the site's libellé).")
@click.option("--code-esa", default="", help="Code ESA of the client.")
@click.option("--du", "garantie_du", callback=_jj_mm_aaaa, help="Garantie du JJ/MM/AAAA.")
@click.option("--au", "garantie_au", callback=_jj_mm_aaaa, help="Garantie au JJ/MM/AAAA.")
@click.option("--numero-garantie", default="", help="N° garantie.")
@click.option("--usager-prevu", default="", help="Usager prévu (printed as Usage prévu).")
def print_bdc(
    bdc_file: Path,
    html_out: Path | None,
    pdf_out: Path | None,
    nom_societe: str | None,
    code_esa: str,
    garantie_du: date | None,
    garantie_au: date | None,
    numero_garantie: str,
    usager_prevu: str,
) -> None:
    """Print the "Bon de commande à particulier" of a BDC, as PVO²'s Imprimer does.

    The options are those of the print dialog; left out, their lines print blank.
    """
    from pvo_client.printing import PrintOptions, choose_document, render_bdc_html, render_bdc_pdf

    bdc = _read_bdc_file(bdc_file)
    options = PrintOptions(
        nom_societe=nom_societe,
        code_esa=code_esa,
        garantie_du=garantie_du,
        garantie_au=garantie_au,
        numero_garantie=numero_garantie,
        usage_prevu=usager_prevu,
    )
    click.echo(f"Document : {choose_document(bdc).value}")
    if html_out:
        html_out.write_text(render_bdc_html(bdc, options=options), encoding="utf-8")
        click.echo(f"HTML : {html_out}")
    if pdf_out:
        pdf_out.write_bytes(render_bdc_pdf(bdc, options=options))
        click.echo(f"PDF : {pdf_out}")


@main.command()
def mapping() -> None:
    """The table of which PVO² field fills which Centralisateur form field (Markdown)."""
    from pvo_client.mapping import mapping_markdown

    click.echo(mapping_markdown(), nl=False)


@main.group()
def generate() -> None:
    """Generate test data with Faker (fr_FR), valid by the sandbox's own format checks."""


@generate.command("bdc")
@click.option("--count", type=click.IntRange(1, MAX_BDC_COUNT), default=10, show_default=True)
@click.option("--seed", type=int, default=None, help="The same seed writes the same BDCs.")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("var/bdc"),
    show_default=True,
)
@click.option(
    "--today",
    callback=_declaration_day,
    metavar="AAAA-MM-JJ",
    help=f"The day the BDCs are declared on (the sandbox clock's; default: today), "
    f"{EARLIEST_TODAY} to {LATEST_TODAY}.",
)
def generate_bdc(count: int, seed: int | None, out_dir: Path, today: date | None) -> None:
    """Closed `pvo2-bdc/1` files of the demo dealers, each declarable on `--today`."""
    from harness.generate import write_bdcs

    paths = write_bdcs(out_dir, count, seed, today or date.today())
    click.echo(f"{len(paths)} BDC écrits dans {out_dir}")
