"""Guidewire's errors, one class each, with the HTTP status and `errorCode` the Cloud API answers.

Every refusal on a Guidewire route has Guidewire's shape (`status`, `errorCode`, `userMessage`,
`developerMessage`, `details: [{message, properties}]`), whatever raised it. `errorCode` is the
fully qualified class name, as Guidewire's REST framework sets it. The token endpoint is an
OAuth2 server, not the Cloud API: its errors follow RFC 6749 (`error`, `error_description`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from marshmallow import INCLUDE, Schema, fields

from sandbox.errors import SandboxError


class GuidewireException(SandboxError):
    """A refusal of the Cloud API; subclasses fix the status and the errorCode. The sandbox's
    single handler answers it; `body()` is Guidewire's shape instead of the sandbox's."""

    status = 400
    error_code = "gw.api.rest.exceptions.BadInputException"
    default_user_message: ClassVar[str] = "The request is not valid"

    def __init__(
        self,
        developer_message: str,
        user_message: str | None = None,
        details: list[dict[str, Any]] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(developer_message, headers=headers)
        self.developer_message = developer_message
        self.user_message = user_message or self.default_user_message
        self.details = details or []

    def body(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "errorCode": self.error_code,
            "userMessage": self.user_message,
            "developerMessage": self.developer_message,
            "details": self.details,
        }


def detail(message: str, **properties: Any) -> dict[str, Any]:
    """One entry of `details`: a message and the properties that locate the problem."""
    return {"message": message, "properties": properties}


class BadInputException(GuidewireException):
    status = 400
    error_code = "gw.api.rest.exceptions.BadInputException"
    default_user_message = "The request is not valid"


class AlreadyExecutedException(GuidewireException):
    """Guidewire documents 400 for a replayed `GW-DBTransaction-ID`, in its webservice package."""

    status = 400
    error_code = "gw.api.webservice.exception.AlreadyExecutedException"
    default_user_message = "This transaction has already been executed"


class UnauthorizedException(GuidewireException):
    status = 401
    error_code = "gw.api.rest.exceptions.UnauthorizedException"
    default_user_message = "Authentication is required"
    default_headers: ClassVar[dict[str, str]] = {"WWW-Authenticate": 'Bearer realm="Guidewire"'}


class ForbiddenException(GuidewireException):
    status = 403
    error_code = "gw.api.rest.exceptions.ForbiddenException"
    default_user_message = "You do not have permission to perform this operation"


class NotFoundException(GuidewireException):
    """Also what a caller gets for another caller's resource: its existence is not disclosed."""

    status = 404
    error_code = "gw.api.rest.exceptions.NotFoundException"
    default_user_message = "The requested resource was not found"


class MethodNotAllowedException(GuidewireException):
    status = 405
    error_code = "gw.api.rest.exceptions.MethodNotAllowedException"
    default_user_message = "This method is not allowed on this resource"


class ChecksumMismatchException(GuidewireException):
    """A stale checksum: someone changed the resource since the caller read it."""

    status = 409
    error_code = "gw.api.rest.exceptions.ChecksumMismatchException"
    default_user_message = "The resource has been changed by another process; read it again"


class UnprocessableEntityException(GuidewireException):
    """The job cannot be rated: data the rating needs is missing."""

    status = 422
    error_code = "gw.api.rest.exceptions.UnprocessableEntityException"
    default_user_message = "The job cannot be quoted: rating data is missing"


class UWAuthorityBlocksProgressException(GuidewireException):
    """Underwriting issues block the quote (PolicyCenter's own exception for blocking UW issues)."""

    status = 422
    error_code = "gw.job.uw.UWAuthorityBlocksProgressException"
    default_user_message = "Underwriting issues block this job from being quoted"


class InternalServerErrorException(GuidewireException):
    status = 500
    error_code = "gw.api.rest.exceptions.InternalServerErrorException"
    default_user_message = "An internal error occurred"


# What werkzeug's own HTTP errors (unknown route, wrong method, huge body...) become.
BY_STATUS: dict[int, type[GuidewireException]] = {
    400: BadInputException,
    401: UnauthorizedException,
    403: ForbiddenException,
    404: NotFoundException,
    405: MethodNotAllowedException,
    409: ChecksumMismatchException,
    413: BadInputException,
    415: BadInputException,
    422: UnprocessableEntityException,
}


class GuidewireErrorDetailSchema(Schema):
    """One entry of `details`."""

    class Meta:
        unknown = INCLUDE  # an error body may say more than it documents

    message = fields.String(
        metadata={
            "description": "Le problème, en anglais comme Guidewire l'écrit",
            "example": "The property 'vin' is not defined in the schema for this request",
            "maxLength": 1000,
        }
    )
    properties = fields.Dict(
        keys=fields.String(),
        values=fields.Raw(),
        metadata={
            "description": "Ce qui situe le problème : `parameterLocation`, `parameterName`, "
            "`property`, `issueType`, `uri`…",
            "example": {"parameterLocation": "body", "parameterName": "data"},
        },
    )


class GuidewireErrorSchema(Schema):
    """The error body of the Cloud API, for the OpenAPI document."""

    class Meta:
        unknown = INCLUDE  # an error body may say more than it documents

    status = fields.Integer(
        metadata={"description": "Le statut HTTP de la réponse", "example": 400}
    )
    errorCode = fields.String(
        metadata={
            "description": "La classe Java de l'exception, code stable du refus",
            "example": "gw.api.rest.exceptions.BadInputException",
            "maxLength": 200,
        }
    )
    userMessage = fields.String(
        metadata={
            "description": "Le refus, en anglais, pour un utilisateur",
            "example": "The request is not valid",
            "maxLength": 1000,
        }
    )
    developerMessage = fields.String(
        metadata={
            "description": "Le détail, en anglais, pour le développeur",
            "example": "The request has invalid or unknown properties: data",
            "maxLength": 2000,
        }
    )
    details = fields.List(
        fields.Nested(GuidewireErrorDetailSchema),
        metadata={"description": "Un élément par problème"},
    )


class OAuthErrorSchema(Schema):
    """The token endpoint's error body (RFC 6749, section 5.2), for the OpenAPI document."""

    class Meta:
        unknown = INCLUDE  # an error body may say more than it documents

    error = fields.String(
        metadata={
            "description": "Le code d'erreur OAuth2",
            "enum": [
                "invalid_request",
                "invalid_client",
                "unsupported_grant_type",
                "invalid_scope",
            ],
            "example": "invalid_client",
        }
    )
    error_description = fields.String(
        metadata={
            "description": "Le détail, en anglais",
            "example": "Client authentication failed",
            "maxLength": 1000,
        }
    )


class OAuthError(SandboxError):
    """An RFC 6749 error of the token endpoint, in its own shape (`error`, `error_description`)."""

    status = 400
    error: ClassVar[str] = "invalid_request"
    default_headers: ClassVar[dict[str, str]] = {"Cache-Control": "no-store"}

    def __init__(self, description: str) -> None:
        super().__init__(description)
        self.description = description

    def body(self) -> dict[str, Any]:
        return {"error": self.error, "error_description": self.description}


class InvalidRequest(OAuthError):
    error = "invalid_request"


class InvalidClient(OAuthError):
    status = 401
    error = "invalid_client"
    default_headers: ClassVar[dict[str, str]] = {
        **OAuthError.default_headers,
        "WWW-Authenticate": 'Basic realm="oauth2"',
    }


class UnsupportedGrantType(OAuthError):
    error = "unsupported_grant_type"


class InvalidScope(OAuthError):
    error = "invalid_scope"


class SlowDown(OAuthError):
    """Client authentication refused unchecked: this address failed too often for this client
    lately (the code RFC 8628 gives a client polling too fast)."""

    status = 429
    error = "slow_down"

    def __init__(self, description: str, retry_after: int) -> None:
        super().__init__(description)
        self.headers["Retry-After"] = str(retry_after)
