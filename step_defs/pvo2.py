"""Steps of PVO²'s side: the site's settings, the offer, the BDC, its closing and its printing.

A scenario starts from one of the tutorial's BDCs (fixtures/bdc/) as a JSON document, changes
what the scenario says, then acts with `pvo_client`'s rules as the salesperson would.
"""

from __future__ import annotations

import copy
import io
import json
from dataclasses import dataclass, field
from typing import Any

from pypdf import PdfReader
from pytest_bdd import given, parsers, then, when

from pvo_client.bdc_file import load_bdc
from pvo_client.domain import BonDeCommande, Garantisseur, livraisons
from pvo_client.printing import choose_document, render_bdc_html, render_bdc_pdf
from pvo_client.rules import PvoError, check_declarable, close_bdc, generate_bdc
from sandbox.french import format_amount, format_date, parse_date
from step_defs.support import bdc_path


@dataclass
class PvoOutcome:
    """What PVO² did with the salesperson's click: a BDC, or a refusal with its message."""

    bdc: BonDeCommande | None = None
    refusal: PvoError | None = None
    printed: dict[str, Any] = field(default_factory=dict)


@given(parsers.parse('le bon de commande "{bdc}" de PVO²'), target_fixture="bdc_document")
def bdc_document(bdc: str) -> dict[str, Any]:
    """A BDC of fixtures/bdc/, by number or part of its file name."""
    return json.loads(bdc_path(bdc).read_text(encoding="utf-8"))


def _bdc(document: dict[str, Any]) -> BonDeCommande:
    return load_bdc(copy.deepcopy(document), source="scénario")


@given("le code RRDI Spoticar du site n'est pas renseigné")
def no_rrdi(bdc_document: dict[str, Any]) -> None:
    bdc_document["site"].pop("code_rrdi", None)


@given(parsers.parse('la liste Garantisseur du site ne contient que "{garantisseur}"'))
def only_plugin(bdc_document: dict[str, Any], garantisseur: str) -> None:
    bdc_document["site"]["garantisseurs"] = [garantisseur]


@given("le véhicule n'a pas de label constructeur")
def no_label(bdc_document: dict[str, Any]) -> None:
    bdc_document["vehicule"].pop("label", None)


@given("le véhicule n'a pas de niveau de garantie")
def no_warranty(bdc_document: dict[str, Any]) -> None:
    bdc_document["vehicule"].pop("garantie", None)


@given(parsers.parse('la marque du véhicule est "{marque}"'))
def brand(bdc_document: dict[str, Any], marque: str) -> None:
    bdc_document["vehicule"]["marque"] = marque


@when(
    parsers.parse('le vendeur choisit le garantisseur "{garantisseur}" et clique sur "Déclarer"'),
    target_fixture="outcome",
)
def choose_plugin(bdc_document: dict[str, Any], garantisseur: str) -> PvoOutcome:
    bdc = _bdc(bdc_document)
    try:
        check_declarable(bdc, Garantisseur.parse(garantisseur))
    except PvoError as refusal:
        return PvoOutcome(refusal=refusal)
    return PvoOutcome(bdc=bdc)


@when('le vendeur clique sur "Générer le bon de commande"', target_fixture="outcome")
def generate(bdc_document: dict[str, Any]) -> PvoOutcome:
    offer = _bdc(bdc_document).offer
    try:
        return PvoOutcome(bdc=generate_bdc(offer, on=offer.date_creation))
    except PvoError as refusal:
        return PvoOutcome(refusal=refusal)


@when(
    parsers.parse('le vendeur renseigne la date de livraison "{jour}" et clique sur "Clôturer"'),
    target_fixture="outcome",
)
def close(bdc_document: dict[str, Any], jour: str) -> PvoOutcome:
    bdc = _bdc(bdc_document)
    delivery = parse_date(jour)
    try:
        return PvoOutcome(bdc=close_bdc(bdc, delivery, on=bdc.date))
    except PvoError as refusal:
        return PvoOutcome(refusal=refusal)


@when("le vendeur imprime le bon de commande", target_fixture="outcome")
def print_bdc(bdc_document: dict[str, Any]) -> PvoOutcome:
    bdc = _bdc(bdc_document)
    return PvoOutcome(
        bdc=bdc, printed={"document": choose_document(bdc), "html": render_bdc_html(bdc)}
    )


@then("PVO² accepte la déclaration")
def accepted(outcome: PvoOutcome) -> None:
    assert outcome.refusal is None, outcome.refusal.message if outcome.refusal else ""


@then(parsers.parse('PVO² refuse avec le message "{message}"'))
def refused_with(outcome: PvoOutcome, message: str) -> None:
    assert outcome.refusal is not None, "PVO² did not refuse"
    assert outcome.refusal.message == message


@then(parsers.parse('PVO² refuse avec un message contenant "{extrait}"'))
def refused_containing(outcome: PvoOutcome, extrait: str) -> None:
    assert outcome.refusal is not None, "PVO² did not refuse"
    assert extrait in outcome.refusal.message, outcome.refusal.message


@then(parsers.parse('la liste Garantisseur propose "{garantisseur}"'))
def plugin_listed(bdc_document: dict[str, Any], garantisseur: str) -> None:
    assert Garantisseur.parse(garantisseur) in _bdc(bdc_document).site.garantisseurs


@then(parsers.parse('le prix total du véhicule est "{montant}" TTC'))
def total_ttc(bdc_document: dict[str, Any], montant: str) -> None:
    assert format_amount(_bdc(bdc_document).offer.total_ttc) == montant


@then(parsers.parse('le total HT est "{montant}"'))
def total_ht(bdc_document: dict[str, Any], montant: str) -> None:
    assert format_amount(_bdc(bdc_document).offer.total_ht) == montant


@then(parsers.parse('l\'offre est valable du "{debut}" au "{fin}"'))
def validity(bdc_document: dict[str, Any], debut: str, fin: str) -> None:
    offer = _bdc(bdc_document).offer
    assert (format_date(offer.date_creation), format_date(offer.date_fin_validite)) == (debut, fin)


@then("le bon de commande est généré, non clôturé")
def generated(outcome: PvoOutcome) -> None:
    assert outcome.refusal is None, outcome.refusal.message if outcome.refusal else ""
    assert outcome.bdc is not None and not outcome.bdc.is_closed


@then("le bon de commande n'apparaît pas dans les Livraisons")
def not_in_deliveries(bdc_document: dict[str, Any]) -> None:
    assert livraisons([_bdc(bdc_document)]) == ()


@then("le bon de commande est clôturé")
def closed(outcome: PvoOutcome) -> None:
    assert outcome.refusal is None, outcome.refusal.message if outcome.refusal else ""
    assert outcome.bdc is not None and outcome.bdc.is_closed


@then("il apparaît dans les Livraisons")
def in_deliveries(outcome: PvoOutcome) -> None:
    assert outcome.bdc is not None
    assert [b.numero for b in livraisons([outcome.bdc])] == [outcome.bdc.numero]


@then(parsers.parse('le document "{document}" est sélectionné'))
def document_chosen(outcome: PvoOutcome, document: str) -> None:
    assert outcome.printed["document"].value == document


@then(
    parsers.parse(
        'le bon de commande imprimé contient les blocs "{premier}", "{deuxieme}" et "{troisieme}"'
    )
)
def printed_blocks(outcome: PvoOutcome, premier: str, deuxieme: str, troisieme: str) -> None:
    for block in (premier, deuxieme, troisieme):
        assert block in outcome.printed["html"], block


@then("le PDF du bon de commande contient son numéro et le VIN")
def pdf_has_number_and_vin(outcome: PvoOutcome) -> None:
    assert outcome.bdc is not None
    reader = PdfReader(io.BytesIO(render_bdc_pdf(outcome.bdc)))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert outcome.bdc.numero in text
    assert outcome.bdc.vehicle.vin in text
