"""Print the "Bon de commande à particulier": HTML, and PDF from that same HTML.

The five documents of PVO²'s "Imprimer des documents" dialog share one template; the
document chosen by the vehicle's label and brand gives the title and logo. Dealer data may
contain markup, so the Jinja environment escapes everything. WeasyPrint is imported only in
`render_bdc_pdf`: it is slow to import and only the PDF needs it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined

from pvo_client.domain import BonDeCommande, Label
from sandbox.french import register_filters


class PrintDocument(StrEnum):
    """The documents of the print dialog, by their titles in PVO²."""

    SPOTICAR_PEUGEOT = "Bon de commande à particulier SPOTICAR-PEUGEOT"
    SPOTICAR_CITROEN = "Bon de commande à particulier SPOTICAR-CITROËN"
    SPOTICAR_DS = "Bon de commande à particulier SPOTICAR DS"
    SPOTICAR_OPEL = "Bon de commande à particulier SPOTICAR-OPEL"
    DS_CERTIFIED = "Bon de Commande à Particulier DS CERTIFIED"

    @property
    def brand(self) -> str:
        """ "SPOTICAR-PEUGEOT", ..., "DS CERTIFIED": the end of the title."""
        return self.value.rsplit("articulier ", 1)[-1]

    @property
    def is_ds(self) -> bool:
        return self in (PrintDocument.SPOTICAR_DS, PrintDocument.DS_CERTIFIED)

    @property
    def logo(self) -> str:
        return "DS CERTIFIED" if self is PrintDocument.DS_CERTIFIED else "SPOTiCAR"


def _brand_key(marque: str) -> str:
    decomposed = unicodedata.normalize("NFKD", marque)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).upper().strip()


def choose_document(bdc: BonDeCommande) -> PrintDocument:
    """DS CERTIFIED label -> its own document; else by brand, SPOTICAR-PEUGEOT for the others.

    The tutorial prints a Skoda with SPOTICAR-PEUGEOT: Spoticar sells other brands too.
    """
    vehicle = bdc.vehicle
    if vehicle.label is Label.DS_CERTIFIED:
        return PrintDocument.DS_CERTIFIED
    return {
        "DS": PrintDocument.SPOTICAR_DS,
        "CITROEN": PrintDocument.SPOTICAR_CITROEN,
        "OPEL": PrintDocument.SPOTICAR_OPEL,
    }.get(_brand_key(vehicle.marque), PrintDocument.SPOTICAR_PEUGEOT)


@dataclass(frozen=True)
class PrintOptions:
    """The second step of the print dialog ("Spoticar : Bon de Commande à Particulier").

    `nom_societe` is "Nom de la société pour l'impression" (the site's libellé by default);
    the warranty period defaults to the BDC's delivery date and the warranty's end.
    """

    nom_societe: str | None = None
    code_esa: str = ""
    garantie_du: date | None = None
    garantie_au: date | None = None
    numero_garantie: str = ""
    usage_prevu: str = ""


@lru_cache(maxsize=1)
def environment() -> Environment:
    """Autoescape on for every template: a customer named <script> stays text."""
    env = Environment(
        loader=PackageLoader("pvo_client", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    register_filters(env)
    return env


def render_bdc_html(
    bdc: BonDeCommande,
    document: PrintDocument | None = None,
    options: PrintOptions | None = None,
) -> str:
    """The printed BDC as a standalone HTML page (inline CSS, no external asset)."""
    document = document or choose_document(bdc)
    options = options or PrintOptions()
    options = PrintOptions(
        nom_societe=options.nom_societe or bdc.site.libelle,
        code_esa=options.code_esa,
        garantie_du=options.garantie_du or bdc.debut_garantie,
        garantie_au=options.garantie_au or bdc.fin_garantie,
        numero_garantie=options.numero_garantie,
        usage_prevu=options.usage_prevu,
    )
    seller_code = bdc.vendeur.centralisateur_code(bdc.site.code_rrdi) if bdc.site.code_rrdi else ""
    return (
        environment()
        .get_template("pvo/bdc.html")
        .render(
            bdc=bdc,
            document=document,
            options=options,
            company_name=options.nom_societe,
            seller_code=seller_code,
        )
    )


def render_bdc_pdf(
    bdc: BonDeCommande,
    document: PrintDocument | None = None,
    options: PrintOptions | None = None,
) -> bytes:
    """The same page as PDF bytes (WeasyPrint; needs Pango, see `make system-deps`)."""
    from weasyprint import HTML  # slow import, kept to the one function that needs it

    return HTML(string=render_bdc_html(bdc, document, options)).write_pdf()
