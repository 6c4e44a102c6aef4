"""The "Déclaration PSA Insurance" of PVO²: from a closed BDC to a PSA Assurance policy.

Token, account (the buyer), submission (the vehicle and its cover), quote, bind and issue, on
PSA Assurance's Guidewire; the policy number and premium, or Guidewire's refusal in French with
the raw error kept for integrators.
"""

from __future__ import annotations

from decimal import Decimal

from pvo_client import psa_checks
from pvo_client.domain import BonDeCommande, Garantisseur
from pvo_client.guidewire import (
    AccountHolder,
    Address,
    GuidewireClient,
    GuidewireError,
    Vehicle,
)
from pvo_client.result import INSURED, PSA, PVO2, DeclarationResult
from pvo_client.rules import PvoError, check_declarable

PSA_INSURANCE = Garantisseur.PSA_INSURANCE
MISSING_BIRTH_DATE = (
    "La date de naissance du client est nécessaire à PSA Assurance : "
    "complétez la fiche client dans PVO²."
)
MISSING_EMAIL = (
    "L'email du client est nécessaire à PSA Assurance : complétez la fiche client dans PVO²."
)


def cover_for(bdc: BonDeCommande) -> str:
    """PSA Assurance covers 12 or 24 months: the BDC's warranty rounded up to one of them."""
    months = bdc.vehicle.garantie.months if bdc.vehicle.garantie else 12
    return "PANNE_MECANIQUE_24" if months > 12 else "PANNE_MECANIQUE_12"


def declare_psa(bdc: BonDeCommande, client: GuidewireClient) -> DeclarationResult:
    """Insure the vehicle of a closed BDC with PSA Assurance, under the dealer's producer code."""
    try:
        check_declarable(bdc, PSA_INSURANCE)
    except PvoError as refusal:
        return DeclarationResult.refused(PSA_INSURANCE, PVO2, [refusal.message], refusal.code)
    buyer, vehicle = bdc.client, bdc.vehicle
    if buyer.date_naissance is None:
        return DeclarationResult.refused(
            PSA_INSURANCE, PVO2, [MISSING_BIRTH_DATE], "DATE_NAISSANCE_MANQUANTE"
        )
    if not buyer.email:
        return DeclarationResult.refused(PSA_INSURANCE, PVO2, [MISSING_EMAIL], "EMAIL_MANQUANT")
    problems = psa_checks.problems(bdc)
    if problems:  # what Guidewire would refuse, named as the BDC names it
        return DeclarationResult.refused(PSA_INSURANCE, PVO2, problems, "DONNEES_PSA_INVALIDES")
    producer = bdc.site.code_rrdi or ""
    holder = AccountHolder(
        first_name=buyer.prenom,
        last_name=buyer.nom,
        date_of_birth=buyer.date_naissance,
        email=buyer.email,
        phone=buyer.telephone_mobile or buyer.telephone_fixe or "",
        address=Address(buyer.adresse.ligne, buyer.adresse.code_postal, buyer.adresse.ville),
    )
    insured = Vehicle(
        vin=vehicle.vin or "",
        plate=vehicle.immatriculation,
        make=vehicle.marque,
        model=vehicle.modele,
        first_registration_date=vehicle.date_mec,
        mileage=vehicle.km,
        price=bdc.offer.total_ttc,
    )
    try:
        account = client.create_account(holder, producer)
        job = client.create_submission(
            account.id, producer, insured, cover_for(bdc), bdc.debut_garantie or bdc.date
        )
        quoted = client.quote(job.id, job.checksum)
        bound = client.bind_and_issue(job.id, quoted.checksum)
    except GuidewireError as refusal:
        return DeclarationResult.refused(
            PSA_INSURANCE,
            PSA,
            [str(refusal)],
            refusal.error_code,
            raw_error=dict(refusal.raw or {}),
        )
    premium = bound.total_premium if bound.total_premium is not None else Decimal("0")
    return DeclarationResult(
        PSA_INSURANCE,
        True,
        INSURED,
        policy_number=bound.policy_number,
        policy_id=bound.policy_id,
        job_number=bound.job_number,
        premium=f"{premium:.2f}",
    )
