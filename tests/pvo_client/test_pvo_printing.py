"""The printed "Bon de commande à particulier": blocks, titles, escaping, and one PDF."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from pathlib import Path

import pypdf
import pytest

from pvo_client.bdc_file import read_bdc
from pvo_client.domain import BonDeCommande
from pvo_client.printing import (
    PrintDocument,
    PrintOptions,
    choose_document,
    render_bdc_html,
    render_bdc_pdf,
)
from tests.pvo_client.pvo_paths import DS3, DS9, OPEN, PEUGEOT, SKODA

BLOCKS = (
    "Bon de commande d'un véhicule",
    "CONCESSIONNAIRE/REPARATEUR AGREE/AGENT (ci-après dénommé « Vendeur »)",
    "Cachet de l'Apporteur d'Affaires",
    "Conseiller Commercial :",
    "CLIENT",
    "NOM/Prénom ou Raison Sociale :",
    "VEHICULE",
    "Marque / Modèle / Version",
    "N° de VIN",
    "Tarif du véhicule :",
    "Total Accessoires",
    "Sous Total",
    "Total Frais Annexes",
    "Date limite de livraison",
    "Lieu de livraison",
    "Début de Garantie Contractuelle",
    "Fin de Garantie Contractuelle",
    "Observations :",
)


@pytest.fixture(scope="module")
def skoda() -> BonDeCommande:
    return read_bdc(SKODA)


@pytest.fixture(scope="module")
def skoda_pdf_text(skoda: BonDeCommande) -> tuple[bytes, str]:
    """The one PDF of this module: WeasyPrint takes about half a second per page."""
    pdf = render_bdc_pdf(skoda)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return pdf, "\n".join(page.extract_text() for page in reader.pages)


def test_the_tutorial_print_of_the_skoda(skoda: BonDeCommande) -> None:
    html = render_bdc_html(skoda)
    for block in BLOCKS:
        assert block in html, block
    assert "Bon de commande à particulier SPOTICAR-PEUGEOT" in html
    assert "Spoticar-Premium 12 Mois" in html
    assert "Avec une garantie commerciale d'une durée de <strong>12 mois</strong>" in html
    assert "Dénomination : AXILOG DEMO" in html
    assert "Hakim AB" in html
    assert "SP953617Z103833712" in html
    assert "M. BERNARD Antoine" in html
    assert "SKODA Karoq 1.6 TDI 116ch SCR Business DSG Euro6d-T" in html
    assert "FY-544-EW" in html
    assert "12 222" in html
    assert "15 000,00 € T.T.C." in html
    assert "12 500,00 € H.T." in html
    assert "07/12/2021" in html  # Date limite de livraison, Début de Garantie Contractuelle
    assert "07/12/2022" in html  # Fin de Garantie Contractuelle
    assert "Robotisée" in html
    assert "<link" not in html and "http" not in html  # self-contained


@pytest.mark.parametrize(
    ("path", "marque", "document"),
    [
        (SKODA, None, PrintDocument.SPOTICAR_PEUGEOT),
        (PEUGEOT, None, PrintDocument.SPOTICAR_PEUGEOT),
        (DS3, None, PrintDocument.SPOTICAR_DS),
        (DS9, None, PrintDocument.DS_CERTIFIED),
        (PEUGEOT, "Citroën", PrintDocument.SPOTICAR_CITROEN),
        (PEUGEOT, "OPEL", PrintDocument.SPOTICAR_OPEL),
    ],
)
def test_document_by_label_and_brand(
    path: Path, marque: str | None, document: PrintDocument
) -> None:
    bdc = read_bdc(path)
    if marque:
        bdc = replace(bdc, offer=replace(bdc.offer, vehicle=replace(bdc.vehicle, marque=marque)))
    assert choose_document(bdc) is document
    html = render_bdc_html(bdc)
    assert document.value in html
    assert f"<title>{document.value} - N° {bdc.numero}</title>" in html


def test_the_five_documents() -> None:
    assert [d.brand for d in PrintDocument] == [
        "SPOTICAR-PEUGEOT",
        "SPOTICAR-CITROËN",
        "SPOTICAR DS",
        "SPOTICAR-OPEL",
        "DS CERTIFIED",
    ]


def test_print_options(skoda: BonDeCommande) -> None:
    options = PrintOptions(
        nom_societe="AXILOG IMPRESSION",
        code_esa="ESA42",
        garantie_du=date(2021, 12, 8),
        garantie_au=date(2022, 12, 8),
        numero_garantie="G-123",
        usage_prevu="Personnel",
    )
    html = render_bdc_html(skoda, PrintDocument.SPOTICAR_OPEL, options)
    for text in ("AXILOG IMPRESSION", "ESA42", "08/12/2021", "08/12/2022", "N° G-123", "Personnel"):
        assert text in html
    assert "SPOTICAR-OPEL" in html


def test_open_bdc_prints_without_delivery() -> None:
    html = render_bdc_html(read_bdc(OPEN))
    assert "Spoticar-Advanced 12 Mois" in html
    assert "Date limite de livraison" in html


def test_dealer_data_is_escaped(skoda: BonDeCommande) -> None:
    client = replace(skoda.client, nom="<script>alert(1)</script>", prenom="<b>Jo</b>")
    offer = replace(skoda.offer, client=client, commentaire="<img src=x onerror=alert(1)>")
    html = render_bdc_html(replace(skoda, offer=offer))
    assert "<script>alert(1)</script>" not in html.lower()
    assert "&lt;SCRIPT&gt;ALERT(1)&lt;/SCRIPT&gt;" in html  # the name is printed in capitals
    assert "&lt;b&gt;Jo&lt;/b&gt;" in html
    assert "<img" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_pdf(skoda: BonDeCommande, skoda_pdf_text: tuple[bytes, str]) -> None:
    pdf, text = skoda_pdf_text
    assert pdf.startswith(b"%PDF")
    assert skoda.numero in text
    assert "TMBJG7NU9M50143AA" in text
    assert "Spoticar-Premium 12 Mois" in text
    assert "Bon de commande à particulier SPOTICAR-PEUGEOT" in text
