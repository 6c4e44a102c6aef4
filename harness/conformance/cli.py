"""`pvo-sandbox conformance`: judge what a DMS did, and prepare the fakes for a situation.

pvo-sandbox conformance report --dealer 953617Z [--since 2026-01-31T09:00] [--html F] [--junit F]
pvo-sandbox conformance scenario icare-indisponible      (--list for every situation)

The report exits 0 when the DMS conforms, 1 when a rule failed, 2 when there is nothing to
judge (no call of the dealer in the journals, a journal or a BDC directory unreadable).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import click

from harness.endpoints import url_option
from harness.fakes import BACK_OFFICES

DEALER_DEFAULT = "953617Z"


def _fake_urls(command: Callable[..., None]) -> Callable[..., None]:
    """--centralisateur, --icare, --guidewire: the back offices' URLs, by default on their
    ports."""
    for name in reversed(BACK_OFFICES):
        command = url_option(name)(command)
    return command


def _since(_ctx: click.Context, _param: click.Parameter, value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError as error:
        raise click.BadParameter("date ISO attendue, ex. 2026-01-31T09:00") from error


@click.group()
def conformance() -> None:
    """Certify a DMS: the verdict of the rules on what it sent, and situations to try."""


@conformance.command()
@click.option("--dealer", default=DEALER_DEFAULT, show_default=True, help="Code RRDI Spoticar.")
@click.option("--since", callback=_since, help="Only the calls from then on (ISO date-time).")
@click.option("--hand-off", is_flag=True, help="The DMS opens form_url for the dealer.")
@click.option("--html", "html_out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--junit", "junit_out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="The verdict as JSON instead of text.")
@click.option(
    "--bdc",
    "bdc_dir",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Directory of the BDC files (pvo2-bdc/1) the DMS declared: BROUILLON-COMPLET judges "
    "each draft against its BDC.",
)
@click.option(
    "--allow-empty",
    is_flag=True,
    help="No call of the dealer in the journals exits 0 instead of 2.",
)
@_fake_urls
def report(
    dealer: str,
    since: datetime | None,
    hand_off: bool,
    html_out: Path | None,
    junit_out: Path | None,
    as_json: bool,
    bdc_dir: Path | None,
    allow_empty: bool,
    centralisateur: str,
    icare: str,
    guidewire: str,
) -> None:
    """Judge the dealer's DMS rule by rule from the fakes' journals: exit 0 when it conforms, 1
    when a rule fails, 2 when there is nothing to judge."""
    from harness.conformance.bdc import BdcUnavailable, bdc_fields
    from harness.conformance.journal import JournalUnavailable, read_journals
    from harness.conformance.report import as_html, as_json_text, as_junit, as_text, printable
    from harness.conformance.rules import EXIT_NOTHING, judge

    urls = {"centralisateur": centralisateur, "icare": icare, "guidewire": guidewire}
    try:
        held = bdc_fields(bdc_dir) if bdc_dir else {}
        journal = read_journals(urls, since)
    except (JournalUnavailable, BdcUnavailable) as error:
        click.echo(printable(f"✘ {error}"), err=True)
        raise SystemExit(EXIT_NOTHING) from error
    verdict = judge(
        journal, dealer, hand_off=hand_off, since=since, bdc_fields=held, allow_empty=allow_empty
    )
    click.echo(as_json_text(verdict) if as_json else as_text(verdict), nl=False)
    if html_out:
        html_out.write_text(as_html(verdict), encoding="utf-8")
    if junit_out:
        junit_out.write_text(as_junit(verdict), encoding="utf-8")
    raise SystemExit(verdict.exit_code)


@conformance.command()
@click.argument("name", required=False)
@click.option("--list", "listing", is_flag=True, help="Every scenario, and what it tests.")
@click.option("--dealer", default=DEALER_DEFAULT, show_default=True)
@click.option("--reset", is_flag=True, help="Reset the fakes whole first (data and journals).")
@_fake_urls
def scenario(
    name: str | None,
    listing: bool,
    dealer: str,
    reset: bool,
    centralisateur: str,
    icare: str,
    guidewire: str,
) -> None:
    """Prepare the fakes for a situation, and say what the DMS must do."""
    from harness.conformance.scenarios import SCENARIOS, ScenarioError, prepare

    if listing or name is None:
        for known in SCENARIOS.values():
            click.echo(f"{known.name:<24}{known.title} (règles : {', '.join(known.rules)})")
        return
    if name not in SCENARIOS:
        raise click.BadParameter(f"scénario inconnu ; voir --list ({', '.join(SCENARIOS)})")
    chosen = SCENARIOS[name]
    urls = {"centralisateur": centralisateur, "icare": icare, "guidewire": guidewire}
    started = datetime.now().astimezone().replace(microsecond=0)
    try:
        done = prepare(chosen, urls, reset=reset)
    except ScenarioError as error:
        click.echo(f"✘ {error}", err=True)
        raise SystemExit(2) from error
    click.echo(f"Scénario « {chosen.title} » prêt.")
    for line in done:
        click.echo(f"  {line}")
    click.echo("Ce que votre DMS doit faire :")
    for number, step in enumerate(chosen.steps, 1):
        click.echo(f"  {number}. {step}")
    click.echo(
        "Puis : pvo-sandbox conformance report "
        f"--dealer {dealer} --since {started.isoformat(timespec='seconds')}"
    )
