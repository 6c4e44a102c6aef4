"""The declaration workflow, the same for the portal's "Déclarer et Garantir" and for the API.

Order matters for "nothing lost, nothing duplicated": the form is checked first, then Icare is
asked for the contract under the declaration's stable reference (Icare answers the same contract
to a retry), and only then is the declaration recorded. An Icare refusal stores nothing; Icare
unreachable records the declaration with its contract pending, and a retry completes it.

One outcome per declaration: the recording reads the declaration again holding its row
(`SELECT … FOR UPDATE` on PostgreSQL, the write lock of `BEGIN IMMEDIATE` on SQLite) until the
commit. Of two submits at once (a double click, two replicas) the second waits for the first's
commit, then finds the declaration declared and records nothing: both callers are answered the
one stored number. A plain re-read is not enough on PostgreSQL, where both read "brouillon" and
each recorded its own number, the last commit winning over the number the first was told.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from fake_centralisateur import icare_client, icare_fields, store
from fake_centralisateur.errors import DeclarationGone
from fake_centralisateur.schemas import (
    GARANTISSEUR_REQUIRED,
    FieldError,
    validate_declaration,
)
from sandbox.db import begin_write

GARANTISSEUR_NOT_IN_PROFILE = (
    "La garantie commerciale choisie ne fait pas partie de vos "
    "garantisseurs. Le choix des garantisseurs se fait par la page "
    "Profil"
)


@dataclass
class Outcome:
    """What the dealer is told after "Déclarer et Garantir"."""

    errors: list[FieldError] = field(default_factory=list)
    refusal: str | None = None  # Icare's own French message
    refusal_code: str | None = None

    @property
    def accepted(self) -> bool:
        return not self.errors and self.refusal is None


def _json_ready(values: dict[str, Any]) -> dict[str, Any]:
    """Clean values as they are stored and sent: dates ISO, amounts as strings."""
    ready: dict[str, Any] = {}
    for name, value in values.items():
        if isinstance(value, date):
            ready[name] = value.isoformat()
        elif isinstance(value, Decimal):
            ready[name] = str(value)
        else:
            ready[name] = value
    return ready


def contract_request(dealer: store.Dealer, reference: str, v: dict[str, Any]) -> dict[str, Any]:
    """The body Icare receives, built from clean, JSON-ready values of the form."""
    return {
        "declaration_ref": reference,
        "dealer_icare_id": dealer.icare_id,
        "selling_dealer": {
            "name": dealer.name,
            "code_rrdi": dealer.code_rrdi,
            "address": dealer.address,
            "address_complement": None,
            "postal_code": dealer.postal_code,
            "city": dealer.city,
            "phone": dealer.phone or None,
            "email": dealer.email or None,
        },
        "warranty": {
            "level": v["garantie"],
            "duration_months": int(v["duree"]),
            "start_date": v["date_debut_garantie"],
            "end_date": v["date_fin_garantie"],
            "loyalty_product": v["produit_fidelisation"],
        },
        "vehicle": {
            "vin": v["vin"],
            "registration": v["immatriculation"],
            "make": v["marque"],
            "model": v["modele"],
            "version": v["version"],
            "vehicle_type": v["type_vehicule"],
            "energy": v["energie"],
            "first_registration_date": v["date_premiere_immat"],
            "mileage": v["km_vente"],
            "din_power": v["puissance_din"],
            "displacement": v.get("cylindree"),
        },
        "holder": {
            "civility": v["civilite"],
            "last_name": v["nom"],
            "first_name": v["prenom"],
            "birth_date": v["date_naissance"],
            "birth_place": v["lieu_naissance"],
            "nationality": v["nationalite"],
            "address": v["adresse"],
            "address_complement": v.get("complement_adresse"),
            "postal_code": v["code_postal"],
            "city": v["ville"],
            "email": v.get("email"),
            "phone": v.get("tel_mobile") or v.get("tel_fixe"),
        },
    }


def _ask_icare(
    dealer: store.Dealer, reference: str, values: dict[str, Any]
) -> dict[str, Any] | None:
    """Icare's contract, or None when Icare is unavailable; IcareRefusal propagates."""
    try:
        contract = icare_client.icare_client().create_contract(
            contract_request(dealer, reference, values)
        )
    except icare_client.IcareUnavailable:
        return None
    return {"contract_number": contract.number, "myicare_url": contract.myicare_url}


def _reread(session: Session, declaration: store.Declaration) -> None:
    """Read the declaration again, its row held to the commit, after Icare answered: a second
    click may have declared it meanwhile, or a reset of the sandbox removed it. The writer's
    transaction also holds the reset lock (`begin_write`), so no reset removes it before the
    commit.

    Raises DeclarationGone (404) when it no longer exists.
    """
    begin_write(session)
    if store.hold_declaration(session, declaration) is None:
        raise DeclarationGone()


def submit(
    session: Session,
    dealer: store.Dealer,
    declaration: store.Declaration,
    raw_values: dict[str, Any],
) -> Outcome:
    """Check the form, obtain the contract, record the declaration; see the module docstring."""
    values, errors = validate_declaration(raw_values)
    if declaration.garantisseur is None:
        errors.insert(0, FieldError("garantisseur", "Garantie commerciale", GARANTISSEUR_REQUIRED))
    elif declaration.garantisseur not in dealer.garantisseurs:
        errors.insert(
            0, FieldError("garantisseur", "Garantie commerciale", GARANTISSEUR_NOT_IN_PROFILE)
        )
    if errors:
        return Outcome(errors=errors)
    ready = _json_ready(values)
    session.commit()  # nothing written yet: no lock is held while Icare works
    try:
        contract = _ask_icare(dealer, declaration.public_id, ready)
    except icare_client.IcareRefusal as refusal:
        if refusal.fields:  # on the form's fields, as the form's own refusals
            return Outcome(errors=icare_fields.form_errors(refusal.fields, ready))
        return Outcome(refusal=refusal.message, refusal_code=refusal.code)
    _reread(session, declaration)
    if store.allows(declaration, store.DECLARE):  # not declared meanwhile by a second click
        store.record_declaration(session, declaration, ready, contract)
    return Outcome()


def retry_contract(
    session: Session, dealer: store.Dealer, declaration: store.Declaration
) -> Outcome:
    """Ask Icare again for a declaration whose contract is pending: recorded holding the row,
    as `submit` records, so two retries at once keep one contract (Icare answers the same one
    to the same reference)."""
    if not store.allows(declaration, store.RETRY_CONTRACT):
        return Outcome()
    session.commit()
    try:
        contract = _ask_icare(dealer, declaration.public_id, declaration.fields)
    except icare_client.IcareRefusal as refusal:
        lines = icare_fields.form_errors(refusal.fields, declaration.fields)
        message = " ".join(line.message for line in lines) or refusal.message
        return Outcome(refusal=message, refusal_code=refusal.code)
    _reread(session, declaration)
    if store.allows(declaration, store.RETRY_CONTRACT):
        store.record_contract(declaration, contract)
    return Outcome()
