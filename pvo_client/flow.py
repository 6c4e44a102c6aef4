"""The declaration flow of PVO², from a closed BDC to the Centralisateur's answer.

    bdc = read_bdc("fixtures/bdc/8120417-peugeot-208-puretech-allure.json")
    result = declare(bdc, CentralisateurClient(url, code_rrdi, password))

It stops where the dealer would be stopped and says so with the dealer's own French words:
in PVO² (a precondition of the tutorial), at the first connection (Profil not configured), on
the form (mandatory or badly formed fields), at Icare (a refusal, or the contract pending).
"""

from __future__ import annotations

from typing import Any

from pvo_client.centralisateur import (
    CentralisateurClient,
    CentralisateurError,
    CentralisateurUnavailable,
    Declaration,
)
from pvo_client.domain import BonDeCommande, Garantisseur
from pvo_client.mapping import build_prefill
from pvo_client.result import (
    DECLARED,
    FORM,
    ICARE,
    PROFILE,
    PVO2,
    UNREACHABLE,
    DeclarationResult,
)
from pvo_client.rules import PvoError, check_declarable

SPOTICAR = Garantisseur.SPOTICAR
PROFILE_FIRST = (
    "Lors de votre 1ère déclaration sur le centralisateur, vous êtes dirigé "
    "automatiquement sur la page Profil pour sélectionner vos garantisseurs : "
    "renseignez votre identifiant Icare puis cliquez sur Modifier."
)
ICARE_CODES = {
    "DEALER_UNKNOWN",
    "LEVEL_NOT_OFFERED",
    "VEHICLE_NOT_ELIGIBLE",
    "DURATION_NOT_OFFERED",
    "CONTRACT_IN_FORCE",
    "DATES_INCONSISTENT",
    "DECLARATION_REF_REUSED",
}


def declared(declaration: Declaration) -> DeclarationResult:
    """The submitted declaration as the dealer sees it; a pending contract keeps Icare's word."""
    pending = declaration.contract_status == "en attente"
    return DeclarationResult(
        garantisseur=SPOTICAR,
        accepted=True,
        stage=ICARE if pending else DECLARED,
        messages=[declaration.contract_message or ""] if pending else [],
        declaration_id=declaration.id,
        declaration_number=declaration.number,
        contract_number=declaration.contract_number,
        contract_status=declaration.contract_status,
        myicare_url=declaration.myicare_url,
        form_url=declaration.form_url,
        documents=declaration.documents,
    )


def configure_profile_from_bdc(bdc: BonDeCommande, client: CentralisateurClient) -> None:
    """Fill the Profil as the dealer would at the first connection, from the site's settings."""
    profil = bdc.site.profil
    if profil is None:
        raise CentralisateurError(PROFILE_FIRST, "PROFILE_NOT_CONFIGURED")
    client.configure_profile(
        profil.icare_id,
        autogarantie=profil.autogarantie,
        cirano=profil.cirano,
        cirano_id=profil.cirano_id,
    )


def declare(
    bdc: BonDeCommande,
    client: CentralisateurClient,
    *,
    configure_profile: bool = False,
    commercial_warranty: str = "spoticar",
    form_changes: dict[str, Any] | None = None,
) -> DeclarationResult:
    """ "Déclaration de garantie Spoticar" on a BDC, then "Déclarer et Garantir".

    `configure_profile` answers the first connection's Profil page from the BDC's site settings;
    `form_changes` are what the dealer typed over the pre-filled form (None or "" erases).
    """
    try:
        check_declarable(bdc, Garantisseur.SPOTICAR)
        prefill = build_prefill(bdc)
    except PvoError as refusal:
        return DeclarationResult.refused(SPOTICAR, PVO2, [refusal.message], refusal.code)
    draft: Declaration | None = None
    try:
        if not client.profile().profile_configured:
            if not configure_profile:
                return DeclarationResult.refused(
                    SPOTICAR, PROFILE, [PROFILE_FIRST], "PROFILE_NOT_CONFIGURED"
                )
            configure_profile_from_bdc(bdc, client)
        draft = client.create_declaration(prefill, commercial_warranty)
        if form_changes:
            draft = client.update_declaration(draft.id, dict(form_changes))
        return declared(client.submit(draft.id))
    except CentralisateurError as refusal:
        if isinstance(refusal, CentralisateurUnavailable):
            stage = UNREACHABLE
        elif refusal.error_code in ICARE_CODES:
            stage = ICARE
        else:
            stage = PROFILE if draft is None else FORM
        return DeclarationResult.refused(
            SPOTICAR,
            stage,
            refusal.lines,
            refusal.error_code,
            declaration_id=draft.id if draft else None,
            form_url=draft.form_url if draft else None,
            raw_error=refusal.raw,
        )
