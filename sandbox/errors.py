"""One error model for every fake, as moto's `RESTError`: a refusal is an exception that knows its
HTTP status, its stable code and its body, and one handler answers all of them.

The sandbox's own JSON shape is `{"code", "status", "message", "error_code", "errors"?,
"field_errors"?}`; a fake whose real service answers another shape overrides `body()` (Guidewire's
Cloud API, its OAuth2 token endpoint). Werkzeug's own errors (unknown route, wrong method, body
too large, a crash) become a `SandboxError` too, with a French message, so nothing a caller reads
is Flask's English default.
"""

from __future__ import annotations

from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from flask import Response, jsonify
from marshmallow import INCLUDE, Schema, fields
from werkzeug.exceptions import HTTPException

from sandbox.validation import flatten_messages

# What a caller reads when nothing more precise was said, by HTTP status.
GENERIC_MESSAGES = {
    400: "La requête est mal formée.",
    401: "Identifiez-vous pour accéder à cette ressource.",
    403: "Vous n'avez pas accès à cette ressource.",
    404: "Cette adresse n'existe pas.",
    405: "Cette méthode n'est pas acceptée à cette adresse.",
    409: "La demande est en conflit avec l'état de la ressource.",
    413: "La requête est trop volumineuse.",
    415: "Le format du corps de la requête n'est pas accepté.",
    422: "Les données envoyées ne sont pas valides : corrigez les champs signalés.",
    429: "Trop de requêtes : réessayez dans un instant.",
    500: "Une erreur interne est survenue : réessayez, ou signalez-la si elle persiste.",
    503: "Le service est momentanément indisponible : réessayez dans un instant.",
}
# The heading of a fake's HTML error page, by HTTP status.
PAGE_TITLES = {
    400: "Requête invalide",
    401: "Identification requise",
    403: "Accès refusé",
    404: "Page introuvable",
    405: "Méthode non autorisée",
    409: "Demande en conflit",
    413: "Requête trop volumineuse",
    415: "Format non accepté",
    422: "Données invalides",
    429: "Trop de requêtes",
    500: "Erreur interne",
    503: "Service indisponible",
}
GENERIC_CODES = {
    400: "BAD_REQUEST",
    401: "UNAUTHORIZED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    409: "CONFLICT",
    413: "PAYLOAD_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
    422: "VALIDATION_ERROR",
    429: "TOO_MANY_REQUESTS",
    500: "INTERNAL_ERROR",
    503: "UNAVAILABLE",
}


def generic_message(status: int) -> str:
    return GENERIC_MESSAGES.get(status, GENERIC_MESSAGES[500 if status >= 500 else 400])


class SandboxError(Exception):
    """A refusal: subclasses fix `status`, `error_code` and the default message; `body()` is the
    fake's error shape, `response()` what the single handler answers."""

    status: int = 400
    error_code: str = "BAD_REQUEST"
    default_message: str = GENERIC_MESSAGES[400]
    default_headers: Mapping[str, str] = {}

    def __init__(
        self, message: str | None = None, *, headers: Mapping[str, str] | None = None, **data: Any
    ) -> None:
        self.message = message or self.default_message
        self.data = data
        self.headers = {**self.default_headers, **(headers or {})}
        super().__init__(self.message)

    def body(self) -> dict[str, Any]:
        return {
            "code": self.status,
            "status": HTTPStatus(self.status).phrase,
            "message": self.message,
            "error_code": self.error_code,
            **self.data,
        }

    @property
    def title(self) -> str:
        """The heading of the HTML page that shows this error to a person."""
        return PAGE_TITLES.get(self.status, PAGE_TITLES[500 if self.status >= 500 else 400])

    def response(self) -> Response:
        response = jsonify(self.body())
        response.status_code = self.status
        response.headers.update(self.headers)
        return response


class HttpError(SandboxError):
    """Any status, for what werkzeug raised or `abort()` was called with."""

    def __init__(self, status: int, message: str | None = None, **kwargs: Any) -> None:
        self.status = status
        self.error_code = GENERIC_CODES.get(status, "HTTP_ERROR")
        super().__init__(message or generic_message(status), **kwargs)


def from_http_exception(error: HTTPException) -> HttpError:
    """Werkzeug's error (or flask-smorest's `abort`) with its status, headers and data kept; the
    English description is replaced by a French message."""
    status = error.code or 500
    data = dict(getattr(error, "data", None) or {})
    headers = {k: v for k, v in error.get_headers() if k.lower() != "content-type"}
    headers.update(data.pop("headers", None) or {})
    message = data.pop("message", None)
    if "messages" in data and "errors" not in data:  # webargs' name for the per-field errors
        data["errors"] = data["messages"]
    if "field_errors" not in data and isinstance(data.get("errors"), dict):
        data["field_errors"] = [
            {"field": name, "label": name, "message": text}
            for name, text in flatten_messages(data["errors"].get("json", {}))
        ]
    built = HttpError(
        status,
        message,
        headers=headers,
        **{k: v for k, v in data.items() if k in ("errors", "field_errors")},
    )
    if "error_code" in data:
        built.error_code = data["error_code"]
    return built


class FieldErrorSchema(Schema):
    """One problem of a refused body, for the OpenAPI document: what a DMS shows the dealer."""

    class Meta:
        unknown = INCLUDE  # an error body may say more than it documents

    field = fields.String(
        required=True,
        metadata={
            "description": "Le champ refusé : son nom dans le corps envoyé (`marque`), ou son "
            "chemin (`vehicule.vin`, `offre.produits_additionnels[0].prix_ttc`)",
            "example": "immatriculation",
            "maxLength": 200,
        },
    )
    label = fields.String(
        required=True,
        metadata={
            "description": "Son libellé, tel que le formulaire le montre",
            "example": "Immatriculation",
            "maxLength": 200,
        },
    )
    message = fields.String(
        required=True,
        metadata={
            "description": "Ce qui ne va pas, en français, à montrer tel quel au vendeur",
            "example": "L'immatriculation doit être au format AA-123-AA (ou 123 ABC 75 pour une "
            "immatriculation d'avant 2009)",
            "maxLength": 1000,
        },
    )


class SandboxErrorSchema(Schema):
    """Every refusal of the sandbox's own APIs, for the OpenAPI document (see `SandboxError`)."""

    class Meta:
        unknown = INCLUDE  # an error body may say more than it documents

    code = fields.Integer(
        required=True,
        metadata={"description": "Le statut HTTP de la réponse", "example": 422},
    )
    status = fields.String(
        required=True,
        metadata={
            "description": "Le nom du statut HTTP, en anglais (RFC 9110)",
            "example": "Unprocessable Entity",
            "maxLength": 60,
        },
    )
    message = fields.String(
        required=True,
        metadata={
            "description": "Le refus, en français, pour le vendeur",
            "example": GENERIC_MESSAGES[422],
            "maxLength": 2000,
        },
    )
    error_code = fields.String(
        required=True,
        metadata={
            "description": "Le code stable du refus, à tester par programme",
            "example": "FORM_INVALID",
            "pattern": "^[A-Z][A-Z0-9_]*$",
            "maxLength": 60,
        },
    )
    errors = fields.Dict(
        keys=fields.String(),
        values=fields.Raw(),
        metadata={
            "description": "Les messages par emplacement (`json`, `query`) puis par champ, tels "
            "que la validation les donne",
            "example": {"json": {"immatriculation": ["L'immatriculation doit être au format …"]}},
        },
    )
    field_errors = fields.List(
        fields.Nested(FieldErrorSchema),
        metadata={
            "description": "Un problème par ligne, dans l'ordre du formulaire : ce que le DMS "
            "affiche au vendeur",
        },
    )
