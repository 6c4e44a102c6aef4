"""Steps after "Déclarer et Garantir": confirmations, Icare and MyIcare, the documents, and the
magic values that make Icare fail."""

from __future__ import annotations

import io
from datetime import date, timedelta

import requests
from playwright.sync_api import Page, expect
from pypdf import PdfReader
from pytest_bdd import given, parsers, then, when

from fake_icare.store import NUMBER_PATTERN
from harness.admin_client import SandboxAdmin
from harness.pages import MyIcare
from pvo_client.centralisateur import CentralisateurError, Declaration
from sandbox.dealers import DemoDealer
from step_defs.portal import Dealer
from step_defs.support import bdc_prefill

ICARE_AUTH = ("centralisateur", "centralisateur-secret")


@given("Icare ne répond plus")
def icare_down(sandbox: SandboxAdmin) -> None:
    sandbox.icare.add_fault("/api/v1/contracts", "status", status=503)


@when("Icare répond de nouveau")
def icare_back(sandbox: SandboxAdmin) -> None:
    sandbox.icare.clear_faults()


@given("le distributeur a déclaré et garanti la vente dans le navigateur")
def declared_in_browser(page: Page, draft: Declaration) -> None:
    page.goto(draft.form_url)  # the window PVO² opens signs the dealer in
    page.get_by_label("Garantie SPOTiCAR Stellantis").check()
    page.get_by_role("button", name="Page Suivante").click()
    page.get_by_role("button", name="Déclarer et Garantir").click()
    expect(page.get_by_role("status").filter(has_text="contrat Icare")).to_contain_text(
        NUMBER_PATTERN
    )


def _contract_number(page: Page) -> str:
    text = page.get_by_role("status").filter(has_text="contrat Icare").inner_text()
    return NUMBER_PATTERN.search(text)[0]


@when("il recherche le contrat sur le portail Myicare par son numéro", target_fixture="contract")
def search_myicare(page: Page, sandbox: SandboxAdmin, dealer: Dealer) -> str:
    number = _contract_number(page)
    page.goto(f"{sandbox.urls['icare']}/myicare/")
    myicare = MyIcare(page)
    myicare.sign_in(dealer.centralisateur.profile().icare_id or "", dealer.password)
    myicare.search(number)
    return number


@then("Myicare affiche le contrat avec le VIN et le nom du client du bon de commande")
def myicare_shows(page: Page, contract: str, draft: Declaration) -> None:
    expect(page.get_by_role("heading", level=1)).to_contain_text(contract)
    expect(page.locator("main")).to_contain_text(draft.fields["vin"])
    expect(page.locator("main")).to_contain_text(draft.fields["nom"])


@then("Icare a exactement un contrat pour le véhicule du bon de commande")
def one_contract(sandbox: SandboxAdmin, sandbox_dealer: DemoDealer, draft: Declaration) -> None:
    response = requests.get(
        f"{sandbox.urls['icare']}/api/v1/dealers/{sandbox_dealer.icare_id}/contracts",
        auth=ICARE_AUTH,
        timeout=5,
    )
    vins = [c["vehicle"]["vin"] for c in response.json()]
    assert vins.count(draft.fields["vin"]) == 1, vins


@then(parsers.parse('le bloc "{bloc}" montre "{texte}"'))
def block_shows(page: Page, bloc: str, texte: str) -> None:
    expect(page.get_by_role("region", name=bloc)).to_contain_text(texte)


@then(parsers.parse('le bloc "{bloc}" montre le nom et l\'adresse du client du bon de commande'))
def block_shows_client(page: Page, bloc: str, draft: Declaration) -> None:
    region = page.get_by_role("region", name=bloc)
    for name in ("nom", "prenom", "adresse", "code_postal", "ville"):
        expect(region).to_contain_text(str(draft.fields[name]))


@then(parsers.parse('le bloc "{bloc}" montre le VIN et l\'immatriculation du bon de commande'))
def block_shows_vehicle(page: Page, bloc: str, draft: Declaration) -> None:
    region = page.get_by_role("region", name=bloc)
    expect(region).to_contain_text(draft.fields["vin"])
    expect(region).to_contain_text(draft.fields["immatriculation"])


@then("le PDF du document contient le numéro du contrat Icare et le VIN")
def pdf_contains(page: Page, dealer: Dealer, draft: Declaration) -> None:
    declared = dealer.centralisateur.declaration(draft.id)
    response = page.request.get(f"{page.url.split('?')[0]}.pdf")
    assert response.headers["content-type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
    assert declared.contract_number and declared.contract_number in text
    assert draft.fields["vin"] in text


@when(
    parsers.parse('PVO² déclare le bon de commande "{bdc}" avec le VIN "{vin}"'),
    target_fixture="api_outcome",
)
def declare_with_vin(dealer: Dealer, bdc: str, vin: str) -> Declaration | CentralisateurError:
    client = dealer.centralisateur
    draft = client.create_declaration({**bdc_prefill(bdc), "vin": vin}, "spoticar")
    try:
        return client.submit(draft.id)
    except CentralisateurError as refusal:
        return refusal


@then("la déclaration est enregistrée avec son numéro")
def recorded(api_outcome: Declaration | CentralisateurError) -> None:
    assert isinstance(api_outcome, Declaration), api_outcome
    assert api_outcome.number and api_outcome.number.startswith("DEC")


@then(parsers.parse('le contrat Icare est "{statut}"'))
def contract_status(api_outcome: Declaration, statut: str) -> None:
    assert api_outcome.contract_status == statut


@then(parsers.parse('la déclaration est refusée par Icare avec le code "{code}"'))
def refused_by_icare(api_outcome: Declaration | CentralisateurError, code: str) -> None:
    assert isinstance(api_outcome, CentralisateurError), api_outcome
    assert api_outcome.error_code == code


@then(parsers.parse('le distributeur lit "{message}"'))
def dealer_reads(api_outcome: CentralisateurError, message: str) -> None:
    assert api_outcome.lines == [message]


def _covered_days(dealer: Dealer, draft: Declaration) -> dict[str, date]:
    """The days around the declared warranty's period (half-open: its end date is the first
    day it no longer covers), by the words a scenario says them with."""
    fields = dealer.centralisateur.declaration(draft.id).fields
    start = date.fromisoformat(fields["date_debut_garantie"])
    end = date.fromisoformat(fields["date_fin_garantie"])
    return {
        "la veille du début de garantie": start - timedelta(days=1),
        "le premier jour de garantie": start,
        "le dernier jour couvert": end - timedelta(days=1),
        "le lendemain du dernier jour couvert": end,
    }


@when(parsers.parse('l\'horloge du distributeur marque "{moment}"'))
def clock_moves(
    sandbox: SandboxAdmin,
    sandbox_dealer: DemoDealer,
    dealer: Dealer,
    draft: Declaration,
    moment: str,
) -> None:
    """The dealer's own clock on the Centralisateur and Icare, which show the contract: the
    other dealers' days do not move."""
    day = _covered_days(dealer, draft)[moment]
    for fake in (sandbox.centralisateur, sandbox.icare):
        fake.set_today(day, dealer=sandbox_dealer.code_rrdi)


@when("il rouvre la déclaration sur le Centralisateur")
def reopen_declaration(page: Page, sandbox: SandboxAdmin, draft: Declaration) -> None:
    page.goto(f"{sandbox.urls['centralisateur']}/declarations/{draft.id}")


@then(parsers.parse('la confirmation du contrat Icare montre "{statut}"'))
def confirmation_period(page: Page, statut: str) -> None:
    confirmation = page.get_by_role("status").filter(has_text="contrat Icare")
    expect(confirmation.locator(".period")).to_have_text(statut)


@then(parsers.parse('Myicare montre le contrat "{statut}"'))
def myicare_status(page: Page, statut: str) -> None:
    expect(page.locator("main .status")).to_have_text(statut)
