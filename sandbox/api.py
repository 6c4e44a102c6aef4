"""flask-smorest set up the same way on every fake: one error handler, OpenAPI and a docs page.

Every JSON error is `{"code", "status", "message", "error_code", "errors"?, "field_errors"?}`
(`sandbox.errors`): `error_code` is the fake's own stable code (e.g. `VEHICLE_NOT_ELIGIBLE`),
`errors` the per-field messages by location, `field_errors` the same lines in the order of the
form. Pages that are not under the API prefix get the fake's own French HTML error page, so a
dealer never sees JSON, nor Flask's English defaults.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any, NoReturn

import flask_smorest
from flask import Flask, request
from flask.typing import ResponseReturnValue
from flask_smorest import Api, abort
from flask_swagger_ui import get_swaggerui_blueprint
from marshmallow import Schema, ValidationError, missing
from webargs.flaskparser import FlaskParser
from werkzeug.exceptions import BadRequest, HTTPException

from sandbox.errors import SandboxError, SandboxErrorSchema, from_http_exception
from sandbox.openapi import document_operations
from sandbox.validation import UNKNOWN_FIELD

NOT_JSON = "Le corps de la requête doit être du JSON (en-tête Content-Type: application/json)."
INVALID_JSON = "Le corps de la requête n'est pas un JSON valide."
EMPTY_JSON = "Le corps de la requête est déclaré JSON mais il est vide : envoyez au moins {}."
MAX_JSON_DEPTH = 32
TOO_DEEP = (
    f"Le corps JSON est imbriqué trop profondément : au plus {MAX_JSON_DEPTH} niveaux "
    "d'objets et de listes."
)
# Why a body that parses is refused: (for developers, in English as the parser's own errors;
# for the caller, in French).
NOT_TEXT = (
    "The JSON body holds half of a UTF-16 surrogate pair.",
    "Le corps JSON contient un caractère impossible à écrire (une moitié de paire UTF-16 seule, "
    "comme \\ud800) : corrigez l'encodage du texte envoyé.",
)
NUMBER_TOO_LONG = (
    "A number of the JSON body has more than 4,300 digits.",
    "Le corps JSON contient un nombre de plus de 4 300 chiffres.",
)
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
# What only a full read can judge: a surrogate's escape, or a number Python will not read. A run
# of digits is tried only from its first digit: tried from each, runs of 4,299 digits filling a
# 256 KB body cost 1.7 s of CPU to scan, against 13 ms.
_SUSPECT = re.compile(rb"\\u[dD][89a-fA-F]|(?<!\d)\d{4300}")
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


def unwritable_json(body: bytes) -> tuple[str, str] | None:
    """Why a JSON body that parses cannot be taken, or None. Half of a UTF-16 pair
    (`"\\ud800"`) is valid JSON yet no character: stored, it would break every page, PDF and
    export that writes it. A number over 4,300 digits makes Python's parser give up. Both are
    rare, so the body is read in full only when a quick scan finds a candidate."""
    if not _SUSPECT.search(body):
        return None
    try:
        json.dumps(json.loads(body), ensure_ascii=False).encode()
    except UnicodeEncodeError:
        return NOT_TEXT
    except json.JSONDecodeError:
        return None  # the parser reports it in its place
    except ValueError:
        return NUMBER_TOO_LONG
    return None


def json_depth(body: bytes) -> int:
    """How deeply objects and lists nest in a JSON text, counted without parsing it (so a body
    nested thousands of levels never reaches the recursive parser)."""
    depth = deepest = 0
    for bracket in _JSON_STRING.sub(b"", body).translate(None, _NOT_BRACKETS):
        if bracket in b"[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def _refuse_body(description: str, message: str, error_code: str) -> NoReturn:
    refusal = BadRequest(description)
    refusal.data = {"message": message, "error_code": error_code}  # type: ignore[attr-defined]
    raise refusal


class FrenchParser(FlaskParser):
    """webargs' parser, with a French word for a body that is not JSON."""

    def _handle_invalid_json_error(self, error: Exception, *args: Any, **kwargs: Any) -> NoReturn:
        abort(400, message=INVALID_JSON, error_code="INVALID_JSON", errors={"json": [INVALID_JSON]})


MAX_PAGE = 1_000_000
PAGE_RANGE = f"Un numéro de page entre 1 et {MAX_PAGE} est attendu."
PAGE_SIZE_RANGE = "Une taille de page entre 1 et {max} est attendue."


class PaginationParser(FrenchParser):
    """`page` and `page_size` refused in French; a page beyond MAX_PAGE is refused before it
    becomes an offset that no database integer holds."""

    def parse(self, *args: Any, **kwargs: Any) -> Any:
        params = super().parse(*args, **kwargs)
        if params.page > MAX_PAGE:
            self._refuse({"page": [PAGE_RANGE]})
        return params

    def handle_error(
        self, error: ValidationError, req: Any, schema: Any, **kwargs: Any
    ) -> NoReturn:
        largest = max(v.max for v in schema.fields["page_size"].validators)
        bounds = {"page": PAGE_RANGE, "page_size": PAGE_SIZE_RANGE.format(max=largest)}
        refused = error.normalized_messages().get("query", {})
        self._refuse({name: [bounds.get(name, UNKNOWN_FIELD)] for name in refused})

    @staticmethod
    def _refuse(messages: dict[str, list[str]]) -> NoReturn:
        abort(422, errors={"query": messages}, error_code="INVALID_PAGE")


class Blueprint(flask_smorest.Blueprint):
    """The fakes' blueprint: arguments and pagination parsed with the French parsers."""

    ARGUMENTS_PARSER = FrenchParser()
    PAGINATION_ARGUMENTS_PARSER = PaginationParser()

    def arguments(self, schema: Any, *args: Any, **kwargs: Any) -> Any:
        """As flask-smorest's, with the schema built once here: given a class, webargs builds
        a new schema, nested schemas included, on every request (with Icare's schemas built
        once too, a declaration's marshmallow time went from 6.5 to 2.2 ms, bench/cpu.py)."""
        if isinstance(schema, type):
            schema = schema()
        return super().arguments(schema, *args, **kwargs)


def json_body() -> Any:
    """The request's JSON body (None when there is none), read by the parser of every
    `@bp.arguments`: strict UTF-8, so a lone surrogate's bytes (`ED A0 80`) or a UTF-16/32 body
    is 400 INVALID_JSON in French. For a view that checks the body with its own schema."""
    body = Blueprint.ARGUMENTS_PARSER.load_json(request, Schema())
    return None if body is missing else body


ErrorPage = Callable[[SandboxError], ResponseReturnValue]


class SandboxApi(Api):
    """Api whose single error handler answers every `SandboxError`, in JSON under the API
    prefixes and as the fake's own French HTML page elsewhere (when it has pages)."""

    ERROR_SCHEMA = SandboxErrorSchema

    def __init__(
        self,
        app: Flask,
        prefixes: tuple[str, ...] = ("/api", "/__admin"),
        error_page: ErrorPage | None = None,
    ) -> None:
        self.json_prefixes = prefixes
        self.error_page = error_page
        super().__init__(app)
        app.before_request(self.refuse_unreadable_body)
        app.register_error_handler(SandboxError, self.handle_error)

    def refuse_unreadable_body(self) -> None:
        """A body that is not declared JSON is refused (415), never read as an empty object; a
        JSON body that is nested too deeply, or that cannot be written back (`unwritable_json`)
        is refused (400) on every route, before anything parses it; an empty one under the
        sandbox's own prefixes (Guidewire's job actions take none, whatever the Content-Type)."""
        if (
            request.path.startswith(self.json_prefixes)
            and request.content_length
            and not request.is_json
        ):
            abort(415, message=NOT_JSON, error_code="UNSUPPORTED_MEDIA_TYPE")
        if not request.is_json:
            return
        body = request.get_data(cache=True)
        if (
            not body.strip()
            and request.method in ("POST", "PUT", "PATCH")
            and request.path.startswith(self.json_prefixes)
        ):
            _refuse_body("The JSON body is empty.", EMPTY_JSON, "INVALID_JSON")
        if json_depth(body) > MAX_JSON_DEPTH:
            too_deep = f"The JSON body is nested deeper than {MAX_JSON_DEPTH} levels."
            _refuse_body(too_deep, TOO_DEEP, "JSON_TOO_DEEP")
        refusal = unwritable_json(body)
        if refusal is not None:
            _refuse_body(*refusal, "INVALID_JSON")

    def handle_http_exception(self, error: HTTPException) -> Any:
        return self.handle_error(from_http_exception(error))

    def handle_error(self, error: SandboxError) -> ResponseReturnValue:
        if self.error_page is not None and not request.path.startswith(self.json_prefixes):
            return self.error_page(error)
        return error.response()


def init_api(
    app: Flask, title: str, description: str, error_page: ErrorPage | None = None
) -> SandboxApi:
    """Serve the OpenAPI document at `/api/openapi.json` and Swagger UI at `/api/docs`.

    Swagger UI comes from flask-swagger-ui, which ships its assets: the docs page works offline.
    """
    app.config.setdefault("API_TITLE", title)
    app.config.setdefault("API_VERSION", "v1")
    app.config.setdefault("OPENAPI_VERSION", "3.0.3")
    app.config.setdefault("OPENAPI_URL_PREFIX", "/api")
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    app.config.setdefault("API_SPEC_OPTIONS", {"info": {"description": description}})
    api = SandboxApi(app, error_page=error_page)
    document_operations(api)
    docs = get_swaggerui_blueprint(
        "/api/docs", "/api/openapi.json", config={"app_name": title}, blueprint_name="api_docs"
    )
    app.register_blueprint(docs)
    return api
