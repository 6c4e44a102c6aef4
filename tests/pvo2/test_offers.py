"""Offres et bons de commande, the offer, its vehicle sheet, "Générer le bon de commande",
"Clôturer" and "Imprimer", as a salesperson goes through them in the tutorial."""

from __future__ import annotations

import io

from flask.testing import FlaskClient
from pypdf import PdfReader

from pvo_client.rules import FICHE_VEHICULE
from tests.pvo2.conftest import basic_auth
from tests.pvo2.test_deliveries import text

OFFER = "7414201"  # the seeded offer, created "today" (01/12/2021 here), no label yet


def test_offers_list_counters_and_search(desk: FlaskClient) -> None:
    page = text(desk.get("/offres"))
    assert "Particuliers" in page and "Lots à Marchand" in page
    assert "Créer une offre à particulier" in page
    for counter in (
        "<strong>0</strong> Offres à ajuster",
        "<strong>0</strong> Offres arrivant à expiration",
        "<strong>1</strong> Offres en cours",
        "<strong>1</strong> BDC en cours (non clos)",
    ):
        assert counter in page, counter
    assert '<label for="q">N°offre, N°BDC, Client, Immat</label>' in page
    assert "7 éléments" in page  # the 6 BDCs of fixtures/bdc/ and the seeded offer
    assert "Expire le 08/12/2021" in page
    assert "BDC n°7400056" in page
    found = text(desk.get("/offres", query_string={"q": "FY-544-EW"}))
    assert "1 élément" in found and "BDC n°7414502" in found
    assert "0 élément" in text(desk.get("/offres", query_string={"onglet": "marchand"}))


def test_the_offer_shows_its_recap_and_validity(desk: FlaskClient) -> None:
    page = text(desk.get(f"/offres/{OFFER}"))
    assert "Offre à particulier (vente)" in page
    assert f"N°{OFFER} - Crée le 01/12/2021 par Hakim AB - Site DEMO CDDS SPOTICAR" in page
    assert "Total HT : 12 500,00 €" in page
    assert "Validité de l'offre du 01/12/2021 au 08/12/2021" in page
    for button in ("Enregistrer", "Envoyer", "Imprimer", "Annuler l'offre"):
        assert f">{button}</button>" in page
    assert ">Générer le bon de commande</button>" in page


def test_generating_without_label_says_attention_and_stores_nothing(desk: FlaskClient) -> None:
    response = desk.post(f"/offres/{OFFER}/bon-de-commande")
    assert response.status_code == 422
    page = text(response)
    assert f"Attention : {FICHE_VEHICULE}" in page
    assert "Le véhicule CC-333-CC n'a pas de label constructeur" in page
    assert desk.get(f"/commandes/{OFFER}").status_code == 404


def test_sheet_then_generate_then_close_then_deliveries(desk: FlaskClient) -> None:
    sheet = text(desk.get(f"/offres/{OFFER}/vehicule"))
    assert f"L'offre n° {OFFER} rend certaines données du véhicule non éditables" in sheet
    assert "N° d'entrée ou de police *" in sheet and "Date de MEC *" in sheet
    saved = desk.post(
        f"/offres/{OFFER}/vehicule",
        data={"label": "SPOTICAR", "garantie": "Spoticar-Essential 6 mois"},
    )
    assert saved.status_code == 303
    generated = desk.post(f"/offres/{OFFER}/bon-de-commande")
    assert generated.status_code == 303 and generated.location == f"/commandes/{OFFER}"
    order = text(desk.get(f"/commandes/{OFFER}"))
    assert "BDC édité le 01/12/2021" in order and ">Clôturer</a>" in order
    assert f"Commande n°{OFFER}" not in text(desk.get("/livraisons"))

    closed = desk.post(f"/commandes/{OFFER}/livraison", data={"date": "07/12/2021"})
    assert closed.status_code == 303
    assert f"Commande n°{OFFER}" in text(desk.get("/livraisons"))
    assert "BDC clôturé le 01/12/2021" in text(desk.get(f"/commandes/{OFFER}"))


def test_a_warranty_not_sold_for_the_level_is_refused_on_the_sheet(desk: FlaskClient) -> None:
    response = desk.post(
        f"/offres/{OFFER}/vehicule", data={"label": "SPOTICAR", "garantie": "Spoticar-Premium 6"}
    )
    assert response.status_code == 422
    page = text(response)
    assert "La garantie Spoticar-Premium se vend pour 12 ou 24 mois, pas pour 6 mois" in page
    assert 'id="garantie" name="garantie" aria-invalid="true"' in page


def test_closing_dialog_refusals_keep_the_values(desk: FlaskClient) -> None:
    bad = desk.post("/commandes/7400056/livraison", data={"date": "32/12/2021", "heure": "10:30"})
    assert bad.status_code == 422
    page = text(bad)
    assert "Modification de la date de livraison" in page
    assert "Le 32/12/2021 n'existe pas dans le calendrier : vérifiez le jour et le mois" in page
    assert 'value="32/12/2021"' in page and 'value="10:30"' in page
    assert (
        'id="date" name="date" value="32/12/2021" placeholder="JJ/MM/AAAA" aria-invalid="true"'
        in page
    )
    missing = text(desk.post("/commandes/7400056/livraison", data={"heure": "10:30"}))
    assert "Renseignez la date de livraison du bon de commande n°7400056" in missing
    early = text(desk.post("/commandes/7400056/livraison", data={"date": "01/01/2020"}))
    assert "ne peut pas précéder la date du bon de commande n°7400056" in early
    assert "Commande n°7400056" not in text(desk.get("/livraisons"))


def test_print_dialog_gives_the_pdf(desk: FlaskClient) -> None:
    step1 = text(desk.get("/commandes/7414502/imprimer"))
    assert "1 bon de commande sélectionné" in step1
    assert 'value="DEMO CDDS SPOTICAR"' in step1
    assert 'value="Bon de commande à particulier SPOTICAR-PEUGEOT" checked' in step1
    form = {
        "nom_societe": "DEMO CDDS SPOTICAR",
        "document": "Bon de commande à particulier SPOTICAR-PEUGEOT",
    }
    step2 = text(desk.post("/commandes/7414502/imprimer", data={**form, "etape": "options"}))
    assert "Spoticar : Bon de Commande à Particulier" in step2 and "Code ESA" in step2
    bad = desk.post(
        "/commandes/7414502/imprimer", data={**form, "garantie_du": "demain", "etape": "imprimer"}
    )
    assert bad.status_code == 422
    assert "Ce champ doit être une date au format JJ/MM/AAAA" in text(bad)
    pdf = desk.post("/commandes/7414502/imprimer", data={**form, "etape": "imprimer"})
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.headers["Content-Disposition"] == (
        "attachment; filename=\"bdc-7414502.pdf\"; filename*=UTF-8''bdc-7414502.pdf"
    )
    reader = PdfReader(io.BytesIO(pdf.data))
    content = " ".join(p.extract_text() for p in reader.pages)
    # The printed BDC, as the tutorial's, shows no number: its title holds it.
    assert reader.metadata is not None and str(reader.metadata.title).endswith("N° 7414502")
    assert "M. TEST2 TEST2" in content and "FY-544-EW" in content


def test_print_without_a_document_is_refused(desk: FlaskClient) -> None:
    response = desk.post("/commandes/7414502/imprimer", data={"document": "", "etape": "options"})
    assert response.status_code == 422
    assert "Sélectionnez le document à imprimer." in text(response)


def test_the_api_lists_the_seeded_offer(client: FlaskClient) -> None:
    listed = {
        d["numero"]: d["statut"] for d in client.get("/api/v1/bdcs", headers=basic_auth()).json
    }
    assert listed[OFFER] == "Offre"


def test_an_offer_is_not_an_order_nor_the_other_way_round(desk: FlaskClient) -> None:
    assert desk.get(f"/commandes/{OFFER}").status_code == 404
    assert (
        desk.post(f"/commandes/{OFFER}/livraison", data={"date": "07/12/2021"}).status_code == 404
    )
    assert desk.post(f"/commandes/{OFFER}/declarer", data={"garantisseur": "x"}).status_code == 404
    assert desk.get("/offres/7400056").status_code == 404
    assert desk.post("/offres/7400056/bon-de-commande").status_code == 404
