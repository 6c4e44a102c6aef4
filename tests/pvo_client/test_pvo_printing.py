"""The printed "Bon de commande à particulier": blocks, titles, escaping, and one PDF."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from harness.cli import main
from pvo_client.bdc_file import read_bdc
from pvo_client.domain import BonDeCommande
from pvo_client.printing import (
    PrintDocument,
    PrintOptions,
    choose_document,
    render_bdc_html,
    render_bdc_pdf,
)
from tests.page_text import page_lines
from tests.pvo_client.pvo_paths import ALFA, DS3, DS9, OPEN, PEUGEOT, SKODA

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


def _lines(html: str) -> list[str]:
    return page_lines(html, breaks=frozenset({"tr", "p", "h1", "h2", "br", "div"}))


def test_the_tutorial_print_of_the_skoda(skoda: BonDeCommande) -> None:
    """The printed BDC of M. TEST2 TEST2, line by line as the tutorial's page shows it."""
    assert _lines(render_bdc_html(skoda)) == [
        "SPOTiCAR",
        "Achat Location avec Option d'Achat",
        "Bon de commande d'un véhicule",
        "Spoticar-Premium 12 Mois",
        "Avec une garantie commerciale d'une durée de 12 mois - N°",
        "CONCESSIONNAIRE/REPARATEUR AGREE/AGENT (ci-après dénommé « Vendeur »)",
        "Dénomination : L'ARGUS",
        "11 RUE DES PETITS HOTELS",
        "75010 PARIS",
        "Cachet de l'Apporteur d'Affaires",
        "Numéro de proposition :",
        "Conseiller Commercial : Hakim AB",
        "Email : hakimab@axilog.com",
        "Code Vendeur : SP953617Z103833712",
        "Code Apporteur d'Affaires :",
        "CLIENT",
        "NOM/Prénom ou Raison Sociale : M. TEST2 TEST2 SIRET / SIREN :",
        "Conjoint/Co-emprunteur :",
        "Adresse : TEST Code ESA :",
        "75010 PARIS 10",
        "Téléphone fixe / portable / fax : 0101010101 / /",
        "E-mail : lionel@psg1.fr",
        "VEHICULE",
        "Marque / Modèle / Version : SKODA Karoq 1.6 TDI 116ch SCR Business DSG Euro6d-T "
        "Tarif du véhicule : 15 000,00 € T.T.C.",
        "Genre : VP",
        "N° de VIN : TMBUG7NU5M50143AA",
        "N° d'immatriculation : FY-544-EW",
        "Teinte Extérieure : Total Accessoires 0,00 € T.T.C.",
        "Date de 1re mise en circulation : 30/03/2021",
        "Kilométrage compteur : 12 222",
        "Puissance fiscale : 6 cv",
        "Boîte de vitesse : Robotisée",
        "Energie : Diesel",
        "Origine du véhicule (ex-loyer, ex-Auto-Ecole, ex-Taxi, ex-Véhicule sanitaire léger...) "
        ": Particulier",
        "Usage prévu du Véhicule : Sous Total 15 000,00 € T.T.C.",
        "N° Département souhaité :",
        "Date limite de livraison : 07/12/2021 Total Frais Annexes 0,00 € T.T.C.",
        "Lieu de livraison : DEMO CDDS SPOTICAR",
        "Début de Garantie Contractuelle :",
        "Fin de Garantie Contractuelle :",
        "Observations :",
        "AP Version 2020/12 - 1/5",
    ]


def test_the_page_is_self_contained(skoda: BonDeCommande) -> None:
    html = render_bdc_html(skoda)
    assert "<link" not in html and "http" not in html


@pytest.mark.parametrize(
    ("path", "marque", "document"),
    [
        (SKODA, None, PrintDocument.SPOTICAR_PEUGEOT),
        (PEUGEOT, None, PrintDocument.SPOTICAR_PEUGEOT),
        (DS3, None, PrintDocument.SPOTICAR_DS),
        (DS9, None, PrintDocument.DS_CERTIFIED),
        (ALFA, None, PrintDocument.ALFA_ROMEO_CERTIFIED),
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
    title = f"<title>{document.value} - DEMO CDDS SPOTICAR - N° {bdc.numero}</title>"
    assert title.replace("'", "&#39;") in html


def test_the_documents_of_the_print_dialog() -> None:
    """The tutorial's five, in its order and spelling, then Alfa Romeo Certified's."""
    assert [d.value for d in PrintDocument] == [
        "Bon de Commande à Particulier DS CERTIFIED",
        "Bon de commande à particulier SPOTICAR-CITROËN",
        "Bon de commande à particulier SPOTICARD'S",
        "Bon de commande à particulier SPOTICAR-OPEL",
        "Bon de commande à particulier SPOTICAR-PEUGEOT",
        "Bon de Commande à Particulier ALFA ROMEO CERTIFIED",
    ]


def test_alfa_romeo_certified_prints_its_label() -> None:
    lines = _lines(render_bdc_html(read_bdc(ALFA)))
    assert lines[:4] == [
        "ALFA ROMEO CERTIFIED",
        "Achat Location avec Option d'Achat",
        "Bon de commande d'un véhicule",
        "Alfa Romeo Certified 12 Mois",
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
    lines = _lines(render_bdc_html(skoda, PrintDocument.SPOTICAR_OPEL, options))
    for line in (
        "Avec une garantie commerciale d'une durée de 12 mois - N° G-123",
        "Adresse : TEST Code ESA : ESA42",
        "Usage prévu du Véhicule : Personnel Sous Total 15 000,00 € T.T.C.",
        "Début de Garantie Contractuelle : 08/12/2021",
        "Fin de Garantie Contractuelle : 08/12/2022",
    ):
        assert line in lines
    html = render_bdc_html(skoda, PrintDocument.SPOTICAR_OPEL, options)
    assert "<title>Bon de commande à particulier SPOTICAR-OPEL - AXILOG IMPRESSION" in html


def test_print_bdc_takes_the_dialogs_options(tmp_path: Path) -> None:
    out = tmp_path / "bdc.html"
    result = CliRunner().invoke(
        main,
        [
            "print-bdc",
            str(SKODA),
            "--html",
            str(out),
            "--code-esa",
            "ESA42",
            "--du",
            "07/12/2021",
            "--au",
            "07/12/2022",
            "--numero-garantie",
            "G-123",
            "--usager-prevu",
            "Personnel",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Document : Bon de commande à particulier SPOTICAR-PEUGEOT" in result.output
    lines = _lines(out.read_text(encoding="utf-8"))
    assert "Adresse : TEST Code ESA : ESA42" in lines
    assert "Début de Garantie Contractuelle : 07/12/2021" in lines
    assert "Fin de Garantie Contractuelle : 07/12/2022" in lines
    bad = CliRunner().invoke(main, ["print-bdc", str(SKODA), "--du", "2021-12-07"])
    assert bad.exit_code == 2
    assert "« 2021-12-07 » n'est pas une date JJ/MM/AAAA" in bad.output


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
    metadata = pypdf.PdfReader(io.BytesIO(pdf)).metadata
    assert metadata is not None and metadata.title
    assert metadata.title.endswith(f"N° {skoda.numero}")
    assert "TMBUG7NU5M50143AA" in text
    assert "Spoticar-Premium 12 Mois" in text
    assert "AP Version 2020/12 - 1/5" in text


def test_each_printed_page_ends_with_the_version_line(skoda: BonDeCommande) -> None:
    long_comment = "\n".join(f"Observation {n}" for n in range(80))
    bdc = replace(skoda, offer=replace(skoda.offer, commentaire=long_comment))
    reader = pypdf.PdfReader(io.BytesIO(render_bdc_pdf(bdc)))
    assert len(reader.pages) >= 2
    for number, page in enumerate(reader.pages, start=1):
        assert page.extract_text().rstrip().endswith(f"AP Version 2020/12 - {number}/5")
