"""Where each value of the form goes in the contract Icare receives (`declaring.contract_request`),
so that a refusal Icare words by its own path (`vehicle.make`) is shown on the form's field.

The form checks every length and format Icare checks before asking it (`schemas.FORM_FIELDS`),
so Icare refusing a value the form took means the two have drifted apart; the dealer still
reads which field to correct.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from fake_centralisateur.schemas import FIELDS_BY_NAME, FieldError

# Icare's path -> the form fields it is taken from, the first one filled being the one sent.
ICARE_PATHS: dict[str, tuple[str, ...]] = {
    "warranty.level": ("garantie",),
    "warranty.duration_months": ("duree",),
    "warranty.start_date": ("date_debut_garantie",),
    "warranty.end_date": ("date_fin_garantie",),
    "warranty.loyalty_product": ("produit_fidelisation",),
    "vehicle.vin": ("vin",),
    "vehicle.registration": ("immatriculation",),
    "vehicle.make": ("marque",),
    "vehicle.model": ("modele",),
    "vehicle.version": ("version",),
    "vehicle.vehicle_type": ("type_vehicule",),
    "vehicle.energy": ("energie",),
    "vehicle.first_registration_date": ("date_premiere_immat",),
    "vehicle.mileage": ("km_vente",),
    "vehicle.din_power": ("puissance_din",),
    "vehicle.displacement": ("cylindree",),
    "holder.civility": ("civilite",),
    "holder.last_name": ("nom",),
    "holder.first_name": ("prenom",),
    "holder.birth_date": ("date_naissance",),
    "holder.birth_place": ("lieu_naissance",),
    "holder.nationality": ("nationalite",),
    "holder.address": ("adresse",),
    "holder.address_complement": ("complement_adresse",),
    "holder.postal_code": ("code_postal",),
    "holder.city": ("ville",),
    "holder.email": ("email",),
    "holder.phone": ("tel_mobile", "tel_fixe"),
}
REFUSED = "Le champ {label} est refusé par Icare : {message}"


def form_errors(refused: Iterable[tuple[str, str]], values: Mapping[str, Any]) -> list[FieldError]:
    """Icare's (path, message) lines on the form's fields, in the form's order; a path that is
    no form field (the dealer's own data, from the profile) keeps Icare's path as its name."""
    lines = []
    for path, message in refused:
        names = ICARE_PATHS.get(path, ())
        name = next((n for n in names if values.get(n)), names[0] if names else None)
        if name is None:
            lines.append(FieldError(path, path, REFUSED.format(label=path, message=message)))
            continue
        spec = FIELDS_BY_NAME[name]
        text = REFUSED.format(label=spec.message_label, message=message)
        lines.append(FieldError(name, spec.label, text))
    order = list(FIELDS_BY_NAME)
    return sorted(lines, key=lambda e: order.index(e.field) if e.field in order else len(order))
