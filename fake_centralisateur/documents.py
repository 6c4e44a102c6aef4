"""The dealer's documents after a declaration: the relevé d'information and the certificat de
souscription, each as a printable HTML page and as a PDF made from that same page.

WeasyPrint turns the HTML into PDF: one template per document, so the page and the PDF cannot
differ. It is imported on first use only, as it is slow to import and most runs print nothing.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, current_app, g, render_template
from flask.typing import ResponseReturnValue

from fake_centralisateur import auth, errors, schemas, store, warranty_period
from sandbox.db import request_session
from sandbox.downloads import content_disposition

bp = Blueprint("documents", __name__)

DOCUMENTS = {
    "releve": ("centralisateur/releve.html", "releve-information"),
    "certificat": ("centralisateur/certificat.html", "certificat-souscription"),
}


@bp.before_request
def load_dealer() -> None:
    g.dealer = auth.logged_in_dealer(request_session())


def _declared(public_id: str) -> store.Declaration:
    declaration = store.dealer_declaration(request_session(), g.dealer, public_id)
    if declaration is None or not store.allows(declaration, store.READ_DOCUMENTS):
        raise errors.DeclarationNotFound()
    return declaration


def render_document(
    kind: str, declaration: store.Declaration, dealer: store.Dealer, pdf: bool = False
) -> str:
    template, _ = DOCUMENTS[kind]
    return render_template(
        template,
        d=declaration,
        v=declaration.fields,
        dealer=dealer,
        pdf=pdf,
        programme=schemas.programme(declaration.fields.get("garantie", "")),
        period=warranty_period.label(declaration, dealer),
    )


def to_pdf(html: str) -> bytes:
    """The page as a PDF; its stylesheet is handed over as a file (the PDF's HTML links none)."""
    from weasyprint import CSS, HTML

    stylesheet = CSS(filename=str(Path(current_app.static_folder or "") / "document.css"))
    return HTML(string=html).write_pdf(stylesheets=[stylesheet])


KINDS = "<any(releve, certificat):kind>"


@bp.get(f"/declarations/<public_id>/{KINDS}", defaults={"as_pdf": False})
@bp.get(
    f"/declarations/<public_id>/{KINDS}.pdf", defaults={"as_pdf": True}, endpoint="document_pdf"
)
@auth.login_required
def document(public_id: str, kind: str, as_pdf: bool) -> ResponseReturnValue:
    """A document as a printable page, or (`.pdf`) the same page as a PDF download."""
    declaration = _declared(public_id)
    html = render_document(kind, declaration, g.dealer, pdf=as_pdf)
    if not as_pdf:
        return html
    filename = f"{DOCUMENTS[kind][1]}-{declaration.number}.pdf"
    return Response(
        to_pdf(html),
        mimetype="application/pdf",
        headers={"Content-Disposition": content_disposition("inline", filename)},
    )
