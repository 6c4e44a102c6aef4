"""`pvo-sandbox dealers`: dealers of one's own on a running sandbox, on its four fakes at once.

pvo-sandbox dealers new [--code 123456B] [--json]   a dealer, as on its first connection
pvo-sandbox dealers list [--json]                   every dealer, and the fakes that know it
pvo-sandbox dealers delete 123456B                  gone, with its data, faults and clock

The fakes are the local ones (ports from CENTRALISATEUR_PORT…) unless `--centralisateur`,
`--icare`, `--guidewire` and `--pvo2` (or PVO_CENTRALISATEUR_URL…) say where; the admin token is
`--admin-token` (PVO_SANDBOX_ADMIN_TOKEN), or each fake's own (`ICARE_ADMIN_TOKEN`…).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TypeVar

import click

from harness.admin_client import AdminError, SandboxAdmin, tokens_from_environment
from harness.cli_errors import fail
from harness.endpoints import url_option
from harness.fakes import FAKES
from sandbox.dealers import DemoDealer

FC = TypeVar("FC", bound=Callable[..., object])


def _where(command: FC) -> FC:
    """The four fakes' URLs and the admin token, as options."""
    for name in reversed(FAKES):
        command = url_option(name, f"--{name}", f"{name}_url")(command)
    return click.option(
        "--admin-token",
        envvar="PVO_SANDBOX_ADMIN_TOKEN",
        help="The fakes' admin token (else each fake's own: ICARE_ADMIN_TOKEN…).",
    )(command)


def _sandbox(urls: dict[str, str], admin_token: str | None) -> SandboxAdmin:
    given = {name: urls[f"{name}_url"] for name in FAKES}
    return SandboxAdmin(given, admin_token, tokens_from_environment())


def describe(dealer: DemoDealer) -> str:
    """What a person needs to sign in as the new dealer everywhere, in French."""
    client_id, secret = dealer.guidewire_client or ("", "")
    return "\n".join(
        [
            f"Distributeur {dealer.code_rrdi} ({dealer.name}) créé sur les quatre fakes, "
            "comme à sa première connexion.",
            f"  Centralisateur : code RRDI {dealer.code_rrdi}, mot de passe {dealer.password}",
            f"  Icare : identifiant {dealer.icare_id} ; MyIcare : {dealer.icare_id} / "
            f"{dealer.password}",
            f"  PVO² : site {dealer.desk_site}, vendeur {dealer.desk_user} / "
            f"{dealer.desk_password}",
            f"  PSA Assurance (Guidewire) : code producteur {dealer.code_rrdi}, client "
            f"{client_id} / {secret}",
            f"Supprimez-le quand vous avez fini : pvo-sandbox dealers delete {dealer.code_rrdi}",
        ]
    )


@click.group()
def dealers() -> None:
    """Dealers of one's own on a running sandbox: new, list, delete."""


@dealers.command()
@click.option("--code", help="Its code RRDI (six digits and a letter); default: a free one.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object, for programs.")
@_where
def new(code: str | None, as_json: bool, admin_token: str | None, **urls: str) -> None:
    """Create a dealer on the four fakes, as on its first connection."""
    try:
        dealer = _sandbox(urls, admin_token).new_dealer(code)
    except AdminError as error:
        fail(str(error), 1)
    if as_json:
        click.echo(json.dumps(dealer.credentials(), ensure_ascii=False, indent=2))
    else:
        click.echo(describe(dealer))


@dealers.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON object, for programs.")
@_where
def list_dealers(as_json: bool, admin_token: str | None, **urls: str) -> None:
    """Every dealer of the sandbox, and the fakes that know it."""
    try:
        known = _sandbox(urls, admin_token).dealers()
    except AdminError as error:
        fail(str(error), 1)
    if as_json:
        click.echo(json.dumps(known, indent=2))
        return
    for code, fakes in known.items():
        where = "tous les fakes" if len(fakes) == len(FAKES) else ", ".join(fakes)
        click.echo(f"{code}  ({where})")


@dealers.command()
@click.argument("code")
@_where
def delete(code: str, admin_token: str | None, **urls: str) -> None:
    """Delete a dealer created on demand from every fake, with its data."""
    try:
        _sandbox(urls, admin_token).delete_dealer(code.strip().upper())
    except AdminError as error:
        fail(str(error), 1)
    click.echo(f"Distributeur {code.strip().upper()} supprimé de tous les fakes.")
