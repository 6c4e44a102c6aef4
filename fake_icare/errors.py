"""Icare's refusals, one class each, with the HTTP status and the stable `error_code`.

Their messages are shown to a car dealer as they are (the Centralisateur puts them on the form),
so each one is French, complete, and names the value that was refused. They are the sandbox's
`SandboxError`s: its single handler answers them in its JSON shape (`{"code", "status",
"message", "error_code"}`).
"""

from __future__ import annotations

from typing import Any, ClassVar

from sandbox.errors import SandboxError


class IcareError(SandboxError):
    """A refusal of Icare; subclasses fix the status, the code and the message template."""

    status = 422
    error_code = "ICARE_REFUSAL"
    template: ClassVar[str] = "Icare a refusé la demande."

    def __init__(self, **values: Any) -> None:
        self.values = values
        super().__init__(self.template.format(**values))


class Unauthorized(IcareError):
    status = 401
    error_code = "UNAUTHORIZED"
    template = (
        "Identifiants du client Icare absents ou invalides : authentifiez-vous en HTTP Basic "
        "avec l'identifiant et le secret fournis par Icare."
    )
    default_headers: ClassVar[dict[str, str]] = {"WWW-Authenticate": 'Basic realm="Icare"'}


class DealerUnknown(IcareError):
    status = 422
    error_code = "DEALER_UNKNOWN"
    template = (
        "L'identifiant Icare « {icare_id} » n'est pas connu d'Icare. Vérifiez l'identifiant "
        "Icare renseigné dans votre profil."
    )


class DealerNotFound(IcareError):
    """The read side of DEALER_UNKNOWN: a list asked for a dealer Icare does not know."""

    status = 404
    error_code = "DEALER_NOT_FOUND"
    template = "Aucun distributeur ne porte l'identifiant Icare « {icare_id} »."


class LevelNotOffered(IcareError):
    status = 422
    error_code = "LEVEL_NOT_OFFERED"
    template = (
        "Le niveau de garantie « {level} » n'est pas proposé par Icare. "
        "Niveaux proposés : {levels}."
    )


class DurationNotOffered(IcareError):
    status = 422
    error_code = "DURATION_NOT_OFFERED"
    template = (
        "La durée de {duration} mois n'est pas proposée pour la garantie {level}. "
        "Durée(s) proposée(s) : {durations} mois."
    )


class DatesInconsistent(IcareError):
    status = 422
    error_code = "DATES_INCONSISTENT"
    template = (
        "La date de fin de garantie ({end}) ne correspond pas à la durée : une garantie de "
        "{duration} mois qui commence le {start} se termine le {expected_end}."
    )


class RegistrationAfterStart(DatesInconsistent):
    """Same code as DATES_INCONSISTENT: for the dealer, it is one more date that does not fit."""

    template = (
        "La date de première immatriculation ({first_registration}) est postérieure à la date "
        "de début de garantie ({start})."
    )


class VehicleTooOld(IcareError):
    status = 422
    error_code = "VEHICLE_NOT_ELIGIBLE"
    template = (
        "Véhicule non éligible à la garantie {level} : mis en circulation le "
        "{first_registration}, il a plus de {limit} au début de la garantie ({start}). "
        "La limite d'âge est de {limit}."
    )


class VehicleMileageTooHigh(IcareError):
    status = 422
    error_code = "VEHICLE_NOT_ELIGIBLE"
    template = (
        "Véhicule non éligible à la garantie {level} : {mileage} km au jour de la vente, "
        "la limite de kilométrage est de {limit} km."
    )


class VehicleBlocked(IcareError):
    """The magic VIN of `sandbox.magic` that Icare always refuses."""

    status = 422
    error_code = "VEHICLE_NOT_ELIGIBLE"
    template = (
        "Véhicule non éligible à la garantie {level} : le VIN {vin} est bloqué chez Icare "
        "(valeur de test du sandbox)."
    )


class Unavailable(IcareError):
    """The magic VIN of `sandbox.magic` for which Icare answers as if it were down."""

    status = 503
    error_code = "ICARE_UNAVAILABLE"
    template = "Icare est momentanément indisponible (valeur de test du sandbox : VIN {vin})."


class ContractInForce(IcareError):
    status = 409
    error_code = "CONTRACT_IN_FORCE"
    template = (
        "Le véhicule VIN {vin} a déjà un contrat en vigueur du {start} au {end} "
        "(contrat {number}) : un second contrat ne peut pas couvrir la même période."
    )


class DeclarationRefReused(IcareError):
    status = 409
    error_code = "DECLARATION_REF_REUSED"
    template = (
        "La référence de déclaration « {ref} » a déjà servi à créer le contrat {number} "
        "avec d'autres données : une même déclaration ne peut pas donner deux contrats "
        "différents."
    )


class ContractNotFound(IcareError):
    status = 404
    error_code = "CONTRACT_NOT_FOUND"
    template = "Aucun contrat ne porte le numéro « {number} »."
