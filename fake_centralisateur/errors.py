"""The Centralisateur's refusals, one class each, with the HTTP status and the stable `error_code`.

They are the sandbox's `SandboxError`s: the API answers them in the sandbox's JSON shape, the
portal shows them on its own French error page; the messages are read by a car dealer.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from sandbox.errors import SandboxError

if TYPE_CHECKING:
    from fake_centralisateur.schemas import FieldError


class CentralisateurError(SandboxError):
    """A refusal of the Centralisateur; subclasses fix the status, the code and the message."""


class Unauthorized(CentralisateurError):
    status = 401
    error_code = "UNAUTHORIZED"
    default_message = (
        "Identifiez-vous avec votre code RRDI Spoticar et votre mot de passe (HTTP Basic)."
    )
    default_headers: ClassVar[dict[str, str]] = {"WWW-Authenticate": 'Basic realm="Centralisateur"'}


class TooManyLoginFailures(CentralisateurError):
    """Credentials refused without being checked: this code failed too often lately."""

    status = 429
    error_code = "TOO_MANY_LOGIN_FAILURES"
    default_message = "Trop de tentatives de connexion infructueuses pour cet identifiant."

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message, headers={"Retry-After": str(retry_after)})


class DeclarationNotFound(CentralisateurError):
    """Also another dealer's declaration: its existence is not disclosed."""

    status = 404
    error_code = "DECLARATION_NOT_FOUND"
    default_message = "Aucune déclaration de votre point de vente ne porte cet identifiant."


class DeclarationGone(CentralisateurError):
    """A reset of the sandbox removed the declaration while Icare was being asked."""

    status = 404
    error_code = "DECLARATION_GONE"
    default_message = (
        "Cette déclaration n'existe plus : le sandbox a été réinitialisé pendant son envoi."
    )


class NotADraft(CentralisateurError):
    status = 409
    error_code = "NOT_A_DRAFT"
    default_message = "Cette déclaration est déjà enregistrée : elle ne peut plus être modifiée."


class AlreadyDeclared(NotADraft):
    """A submit of a declaration already declared (a second click, a retry): the number it was
    recorded under, so every caller learns the one stored number."""

    def __init__(self, number: str) -> None:
        super().__init__(
            f"Cette déclaration est déjà enregistrée sous le numéro {number} : elle ne peut "
            "plus être modifiée.",
            number=number,
        )


class ContractNotPending(CentralisateurError):
    status = 409
    error_code = "CONTRACT_NOT_PENDING"
    default_message = "Le contrat de cette déclaration n'est pas en attente."


class ProfileNotConfigured(CentralisateurError):
    status = 409
    error_code = "PROFILE_NOT_CONFIGURED"
    default_message = (
        "Votre profil n'est pas encore configuré : choisissez vos garantisseurs "
        "et renseignez votre identifiant Icare dans la page Profil."
    )


class FormRefused(CentralisateurError):
    """ "Déclarer et Garantir" refused the form: one line per problem, in the form's order."""

    status = 422
    error_code = "FORM_INVALID"
    default_message = "La déclaration n'a pas été enregistrée : corrigez les champs signalés."

    def __init__(self, field_errors: Iterable[FieldError]) -> None:
        lines = self.lines = list(field_errors)
        by_field: dict[str, list[str]] = {}
        for line in lines:
            by_field.setdefault(line.field, []).append(line.message)
        super().__init__(
            errors={"json": by_field},
            field_errors=[
                {"field": e.field, "label": e.label, "message": e.message} for e in lines
            ],
        )


class ProfileRefused(FormRefused):
    """Profil refused a value that passed its form's checks (another dealer's Icare
    identifier): one line per problem."""

    error_code = "PROFILE_INVALID"
    default_message = "Le profil n'a pas été enregistré : corrigez les champs signalés."


class DraftRefused(CentralisateurError):
    """What PVO² sent cannot be a draft: marshmallow's errors as they are, and one line per
    problem with the form's labels, in the form's order."""

    status = 422
    error_code = "DRAFT_INVALID"
    default_message = "Le brouillon n'a pas été enregistré : corrigez les champs signalés."

    def __init__(self, messages: dict[str, Any], field_errors: Iterable[FieldError]) -> None:
        super().__init__(
            errors={"json": messages},
            field_errors=[
                {"field": e.field, "label": e.label, "message": e.message} for e in field_errors
            ],
        )


class IcareRefused(CentralisateurError):
    """Icare refused the contract: its French message and its code, passed on as they are."""

    status = 422

    def __init__(self, message: str, code: str | None) -> None:
        self.error_code = code or "ICARE_REFUSAL"
        super().__init__(message)


class FormExpired(CentralisateurError):
    """A form posted without its CSRF token, or with one of another session."""

    status = 400
    error_code = "FORM_EXPIRED"
    default_message = (
        "Ce formulaire a expiré ou ne vient pas de cette page : rechargez la page et recommencez."
    )
