"""flask-smorest set up the same way on every fake: one error shape, OpenAPI and a docs page.

Every JSON error is `{"code", "status", "message", "error_code"?, "errors"?, "field_errors"?}`:
`error_code` is the fake's own stable code (e.g. `VEHICLE_NOT_ELIGIBLE`), `errors` the per-field
messages by location, `field_errors` the same lines in the order of the form. Pages that
are not under the API prefix keep Flask's HTML errors, so a dealer never sees JSON.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, request
from flask_smorest import Api, abort
from flask_smorest.error_handler import ErrorSchema
from flask_swagger_ui import get_swaggerui_blueprint
from marshmallow import fields
from werkzeug.exceptions import HTTPException

from sandbox.openapi import document_operations
from sandbox.validation import flatten_messages


class SandboxErrorSchema(ErrorSchema):
    error_code = fields.String(metadata={"description": "Stable code of a business refusal"})
    field_errors = fields.List(
        fields.Dict(),
        metadata={
            "description": "One {field, label, message} per problem, in the order of the form"
        },
    )


NOT_JSON = "The body must be JSON (Content-Type: application/json)."


class SandboxApi(Api):
    """Api whose error handler adds `error_code` and leaves HTML pages to Flask."""

    ERROR_SCHEMA = SandboxErrorSchema

    def __init__(self, app: Flask, prefixes: tuple[str, ...] = ("/api", "/__admin")) -> None:
        self.json_prefixes = prefixes
        super().__init__(app)
        app.before_request(self.require_json_body)

    def require_json_body(self) -> None:
        """A body that is not declared JSON is refused (415), never read as an empty object."""
        if (
            request.path.startswith(self.json_prefixes)
            and request.content_length
            and not request.is_json
        ):
            abort(415, message=NOT_JSON, error_code="UNSUPPORTED_MEDIA_TYPE")

    def handle_http_exception(self, error: HTTPException) -> Any:
        if not request.path.startswith(self.json_prefixes):
            return error
        payload, status, headers = super().handle_http_exception(error)
        data = getattr(error, "data", None) or {}
        for key in ("error_code", "field_errors"):
            if key in data:
                payload[key] = data[key]
        if "field_errors" not in payload and isinstance(payload.get("errors"), dict):
            payload["field_errors"] = [
                {"field": name, "label": name, "message": message}
                for name, message in flatten_messages(payload["errors"].get("json", {}))
            ]
        return payload, status, headers


def init_api(app: Flask, title: str, description: str, port: int) -> SandboxApi:
    """Serve the OpenAPI document at `/api/openapi.json` and Swagger UI at `/api/docs`.

    Swagger UI comes from flask-swagger-ui, which ships its assets: the docs page works offline.
    `port` is the fake's default one, the server the document names.
    """
    app.config.setdefault("API_TITLE", title)
    app.config.setdefault("API_VERSION", "v1")
    app.config.setdefault("OPENAPI_VERSION", "3.0.3")
    app.config.setdefault("OPENAPI_URL_PREFIX", "/api")
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    app.config.setdefault("API_SPEC_OPTIONS", {"info": {"description": description}})
    api = SandboxApi(app)
    document_operations(api, port)
    docs = get_swaggerui_blueprint(
        "/api/docs", "/api/openapi.json", config={"app_name": title}, blueprint_name="api_docs"
    )
    app.register_blueprint(docs)
    return api
