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

# The printed BDC's version line and its page count, as the tutorial's page shows them
# ("AP Version 2020/12 - 1/5"). Pages 2 to 5 are not shown by the tutorial and not printed here;
# the numbering keeps PVO²'s.
AP_VERSION = "AP Version 2020/12"
PAGES = 5


class PrintDocument(StrEnum):
    """The documents of the print dialog, by their titles in PVO², in the dialog's order.

    The five first are the tutorial's, as written ("SPOTICARD'S" is the DS one); the Alfa Romeo
    Certified one is not in the tutorial's dialog: its title follows DS Certified's (assumption).
    """

    DS_CERTIFIED = "Bon de Commande à Particulier DS CERTIFIED"
    SPOTICAR_CITROEN = "Bon de commande à particulier SPOTICAR-CITROËN"
    SPOTICAR_DS = "Bon de commande à particulier SPOTICARD'S"
    SPOTICAR_OPEL = "Bon de commande à particulier SPOTICAR-OPEL"
    SPOTICAR_PEUGEOT = "Bon de commande à particulier SPOTICAR-PEUGEOT"
    ALFA_ROMEO_CERTIFIED = "Bon de Commande à Particulier ALFA ROMEO CERTIFIED"

    @property
    def brand(self) -> str:
        """ "SPOTICAR-PEUGEOT", ..., "DS CERTIFIED": the end of the title."""
        return self.value.rsplit("articulier ", 1)[-1]

    @property
    def is_ds(self) -> bool:
        return self in (PrintDocument.SPOTICAR_DS, PrintDocument.DS_CERTIFIED)

    @property
    def logo(self) -> str:
        return _LABEL_LOGOS.get(self, "SPOTiCAR")


_LABEL_LOGOS = {
    PrintDocument.DS_CERTIFIED: "DS CERTIFIED",
    PrintDocument.ALFA_ROMEO_CERTIFIED: "ALFA ROMEO CERTIFIED",
}
_LABEL_DOCUMENTS = {
    Label.DS_CERTIFIED: PrintDocument.DS_CERTIFIED,
    Label.ALFA_ROMEO_CERTIFIED: PrintDocument.ALFA_ROMEO_CERTIFIED,
}


def _brand_key(marque: str) -> str:
    decomposed = unicodedata.normalize("NFKD", marque)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).upper().strip()


def choose_document(bdc: BonDeCommande) -> PrintDocument:
    """A DS Certified or Alfa Romeo Certified label -> its own document; else by brand,
    SPOTICAR-PEUGEOT for the others.

    The tutorial prints a Skoda with SPOTICAR-PEUGEOT: Spoticar sells other brands too.
    """
    vehicle = bdc.vehicle
    if vehicle.label in _LABEL_DOCUMENTS:
        return _LABEL_DOCUMENTS[vehicle.label]
    return {
        "DS": PrintDocument.SPOTICAR_DS,
        "CITROEN": PrintDocument.SPOTICAR_CITROEN,
        "OPEL": PrintDocument.SPOTICAR_OPEL,
    }.get(_brand_key(vehicle.marque), PrintDocument.SPOTICAR_PEUGEOT)


@dataclass(frozen=True)
class PrintOptions:
    """The print dialog's fields: "Nom de la société pour l'impression" (step 1, the site's
    libellé by default), then step 2 ("Spoticar : Bon de Commande à Particulier"): Code ESA,
    Garantie du / au, N° garantie, "Usager prévu". Left empty, their lines print blank, as on
    the tutorial's page.
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
    seller_code = bdc.vendeur.centralisateur_code(bdc.site.code_rrdi) if bdc.site.code_rrdi else ""
    return (
        environment()
        .get_template("pvo/bdc.html")
        .render(
            bdc=bdc,
            document=document,
            options=options,
            company_name=options.nom_societe or bdc.site.libelle,
            seller_code=seller_code,
            version=AP_VERSION,
            pages=PAGES,
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
