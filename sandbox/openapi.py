"""What the OpenAPI documents need for client generators, Prism and Postman, added in one place.

Every operation gets an `operationId` derived from its Flask endpoint (`create_contract` ->
`createContract`; a MethodView's `Declarations.get` -> `getDeclarations`), a `summary` (its
docstring's first line, else its method and path), and its security said even when open: `[]`
for the public routes, the optional bearer `adminToken` for `/__admin/`. A field that accepts
null but has no type (`fields.Raw(allow_none=True)`) loses `nullable`, which OpenAPI 3.0 ignores
without a `type` and linters refuse.

Every refusal an operation can give is listed with its body's schema, so that a generated client
reads `field_errors` instead of dropping the body: the ones its shape implies (a body: 400, 415,
422; an `Idempotency-Key`: 400, 409, 422; credentials: 401; a path parameter: 404; any route but
the admin API: 429 and 503, which an injected fault answers), and the ones its view declares
(409...). The body is the sandbox's `SandboxError` unless the path's `ErrorShape` says otherwise
(Guidewire's own). A field class may say its own OpenAPI form (`openapi_properties()`, or
`FIELD_PROPERTIES` for a class that cannot), a schema class its description and `x-` extensions
(`openapi_extra`); an object that may be null is `allOf` its reference, `nullable`.

The document names as its server the address it is served from (`PUBLIC_URL` when set), never a
fixed port; written to a file (`make openapi`), it names `/`, the host that serves it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from apispec import BasePlugin
from flask import Response, current_app, json, request
from flask_smorest import Api
from marshmallow import fields

ADMIN_PREFIX = "/__admin"
ADMIN_TOKEN_SCHEME = {
    "type": "http",
    "scheme": "bearer",
    "description": "Only when the fake is started with `<FAKE>_ADMIN_TOKEN` (a shared sandbox).",
}
OPTIONAL_ADMIN_TOKEN: list[dict[str, list[str]]] = [{}, {"adminToken": []}]
# The server a written document names: relative, so the host that serves the file is the one.
WRITTEN_SERVERS = [{"url": "/", "description": "Le sandbox qui sert ce document"}]
SERVED_SERVER = "Ce sandbox (PUBLIC_URL, sinon l'adresse appelée)"

# What each refusal means, for the operations whose shape implies it.
REFUSALS = {
    400: "Corps illisible : JSON invalide, vide, trop imbriqué ou intranscriptible "
    "(`INVALID_JSON`, `JSON_TOO_DEEP`).",
    401: "Identifiants absents ou refusés (`UNAUTHORIZED`).",
    404: "Aucune ressource à cette adresse pour cet appelant (`…_NOT_FOUND`).",
    409: "La demande est en conflit avec l'état de la ressource (ou sa clé d'idempotence sert "
    "à une requête en cours : `IDEMPOTENCY_KEY_IN_USE`).",
    415: "Le corps n'est pas déclaré JSON (`Content-Type: application/json`).",
    422: "Données refusées : `field_errors` nomme chaque champ et dit pourquoi, en français (ou "
    "clé d'idempotence déjà servie pour un autre corps : `IDEMPOTENCY_KEY_REUSED`).",
    429: "Trop de requêtes : réessayez après `Retry-After` secondes (identifiants trop souvent "
    "refusés, ou panne simulée par `/__admin/faults`).",
    503: "Service momentanément indisponible : réessayez après `Retry-After` secondes (panne "
    "simulée par `/__admin/faults`, ou service en aval injoignable).",
}
RETRY_AFTER = {
    "Retry-After": {
        "description": "Secondes à attendre avant de réessayer",
        "schema": {"type": "integer", "minimum": 1, "example": 1},
    }
}
JSON = "application/json"
IDEMPOTENCY_KEY = "Idempotency-Key"


@dataclass(frozen=True)
class ErrorShape:
    """The body of the refusals on a group of paths: a component of the document."""

    schema: str = "SandboxError"
    # What a body or query that does not fit gets: the sandbox says 400 for unreadable JSON and
    # 422 for invalid values, Guidewire says 400 for both.
    input_statuses: tuple[int, ...] = (400, 415, 422)
    fault_schema: str | None = None  # an injected fault's body, when it is not `schema`

    def content(self, status: int) -> dict[str, Any]:
        name = self.fault_schema if status in (429, 503) and self.fault_schema else self.schema
        return {JSON: {"schema": {"$ref": f"#/components/schemas/{name}"}}}


def operation_id(endpoint: str, method: str, methods_of_view: int) -> str:
    """camelCase from the endpoint's view: its name when it is a verb phrase (a function with
    one method), else the HTTP method then the view (a MethodView class)."""
    view = endpoint.rpartition(".")[2]
    words = [w for w in re.split(r"_|(?<=[a-z0-9])(?=[A-Z])", view) if w]
    if view[:1].isupper() or methods_of_view > 1:
        words.insert(0, method)
    return words[0].lower() + "".join(w[:1].upper() + w[1:] for w in words[1:])


def implied_refusals(path: str, operation: Mapping[str, Any], shape: ErrorShape) -> tuple[int, ...]:
    """The refusals an operation can give by its shape alone (see the module docstring)."""
    statuses: set[int] = set()
    parameters = operation.get("parameters", [])
    query = any(p.get("in") == "query" for p in parameters)
    if any(p.get("in") == "header" and p.get("name") == IDEMPOTENCY_KEY for p in parameters):
        statuses.update((400, 409, 422))  # a key malformed, in use, or reused for another body
    if "requestBody" in operation:
        statuses.update(shape.input_statuses)
    elif query:
        statuses.update(s for s in shape.input_statuses if s != 415)
    if any(requirement for requirement in operation.get("security", [])):
        statuses.add(401)
    if "{" in path:
        statuses.add(404)
    if not path.startswith(ADMIN_PREFIX):
        statuses.update((429, 503))
    return tuple(sorted(statuses))


class OperationDocs(BasePlugin):
    """apispec plugin: fills what the views do not say, never overriding what they do."""

    def __init__(self) -> None:
        # Error shapes by path prefix; the longest prefix that matches wins.
        self.shapes: dict[str, ErrorShape] = {"": ErrorShape()}

    def shape(self, path: str) -> ErrorShape:
        prefix = max((p for p in self.shapes if path.startswith(p)), key=len)
        return self.shapes[prefix]

    def document_refusals(self, path: str, operation: dict[str, Any]) -> None:
        """Each refusal with its schema, inline (generators read inline responses best); a
        generic reference flask-smorest added for a status the shape never gives is dropped."""
        shape = self.shape(path)
        responses = {str(k): v for k, v in operation.get("responses", {}).items()}
        for status in implied_refusals(path, operation, shape):
            responses.setdefault(str(status), {"description": REFUSALS[status]})
        for status in list(responses):
            response = responses[status]
            generic = isinstance(response, str) or "$ref" in response
            code = int(status) if status.isdigit() else None
            if code is not None and code < 400:
                continue
            never = code not in REFUSALS or (code == 422 and 422 not in shape.input_statuses)
            if generic and code is not None and never:
                del responses[status]
                continue
            if generic:
                text = REFUSALS[code] if code else "Toute autre erreur, dans la même forme"
                response = responses[status] = {"description": text}
            response.setdefault("content", shape.content(code or 400))
            if code in (429, 503):
                response.setdefault("headers", RETRY_AFTER)
        operation["responses"] = dict(sorted(responses.items(), key=lambda item: item[0]))

    def schema_helper(
        self, name: str, definition: dict[str, Any], **kwargs: Any
    ) -> dict[str, Any] | None:
        """A schema class's own words for the document (`openapi_extra`: its description,
        `x-` extensions), added to what its fields say."""
        schema = kwargs.get("schema")
        extra = getattr(schema, "openapi_extra", None)
        return dict(extra) if extra else None

    def operation_helper(
        self,
        path: str | None = None,
        operations: dict[str, dict[str, Any]] | None = None,
        **kwargs: Any,
    ) -> None:
        rule = kwargs.get("rule")
        if not operations or rule is None or path is None:
            return
        for method, operation in operations.items():
            operation.setdefault(
                "operationId", operation_id(rule.endpoint, method, len(operations))
            )
            operation.setdefault("summary", f"{method.upper()} {path}")
            open_route = [] if not path.startswith(ADMIN_PREFIX) else OPTIONAL_ADMIN_TOKEN
            operation.setdefault("security", open_route)
            self.document_refusals(path, operation)


def _no_untyped_nullable(
    _converter: Any, field: fields.Field, ret: dict[str, Any], **_kwargs: Any
) -> dict[str, Any]:
    if ret.get("nullable") and "type" not in ret and "allOf" not in ret:
        del ret["nullable"]
    return {}


def _nullable_reference(
    _converter: Any, field: fields.Field, ret: dict[str, Any], **_kwargs: Any
) -> dict[str, Any]:
    """An object that may be null as `{"allOf": [ref], "nullable": true}`: apispec's `anyOf` of
    an untyped object and the reference makes generators pick the untyped one first."""
    alternatives = ret.get("anyOf", [])
    refs = [a for a in alternatives if "$ref" in a]
    if (
        len(alternatives) == 2
        and len(refs) == 1
        and {"type": "object", "nullable": True} in (alternatives)
    ):
        del ret["anyOf"]
        ret.update(allOf=refs, nullable=True)
    return {}


# What OpenAPI says of a field class that cannot say it itself (`openapi_properties()`), by
# class: registered by the fake whose schemas use it (the desk's BDC file).
FIELD_PROPERTIES: dict[type[fields.Field], Callable[[Any], dict[str, Any]]] = {}


def _custom_properties(
    _converter: Any, field: fields.Field, ret: dict[str, Any], **_kwargs: Any
) -> dict[str, Any]:
    """A field class's own OpenAPI form: the French formats of the form, the desk's dates and
    amounts. Metadata given where the field is declared wins."""
    describe = getattr(field, "openapi_properties", None)
    if callable(describe):
        said = describe()
    else:
        known = (FIELD_PROPERTIES[k] for k in type(field).__mro__ if k in FIELD_PROPERTIES)
        describe_class = next(known, None)
        said = describe_class(field) if describe_class else {}
    return {k: v for k, v in said.items() if k not in field.metadata}


def document_operations(api: Api) -> OperationDocs:
    """Install on `api` (before its blueprints are registered); serve the document with its
    server named."""
    plugin = OperationDocs()
    plugin.init_spec(api.spec)
    api.spec.plugins.append(plugin)
    api.ma_plugin.converter.add_attribute_function(_custom_properties)
    api.ma_plugin.converter.add_attribute_function(_no_untyped_nullable)
    api.ma_plugin.converter.add_attribute_function(_nullable_reference)
    api.spec.components.security_scheme("adminToken", ADMIN_TOKEN_SCHEME)
    api.spec.options.setdefault("servers", WRITTEN_SERVERS)
    whole = api.spec.to_dict
    api.spec.to_dict = lambda: without_unused_schemas(whole())  # type: ignore[method-assign]
    views = api._app.view_functions  # type: ignore[attr-defined]
    views[f"{api._make_doc_blueprint_name()}.openapi_json"] = lambda: served_document(api)
    return plugin


def without_unused_schemas(spec: dict[str, Any]) -> dict[str, Any]:
    """The document less the schemas nothing refers to: flask-smorest declares its pagination
    header's schema on every API, paginated or not."""
    schemas = spec.get("components", {}).get("schemas", {})
    text = json.dumps(spec)
    unused = [n for n in schemas if f'"#/components/schemas/{n}"' not in text]
    while unused:
        for name in unused:
            del schemas[name]
        text = json.dumps(spec)
        unused = [n for n in schemas if f'"#/components/schemas/{n}"' not in text]
    return spec


def served_url() -> str:
    """Where this fake is reached: `PUBLIC_URL` when set, else the address the request came to."""
    public = current_app.config.get("PUBLIC_URL")
    return str(public or request.host_url).rstrip("/")


def served_document(api: Api) -> Response:
    """The document as `make openapi` writes it, its server being this fake's address."""
    spec = {**api.spec.to_dict(), "servers": [{"url": served_url(), "description": SERVED_SERVER}]}
    return current_app.response_class(json.dumps(spec, indent=2, sort_keys=False), mimetype=JSON)


def refusal_shapes(api: Api) -> dict[str, ErrorShape]:
    """The error shapes by path prefix, for a fake whose routes answer another shape; set them
    before the blueprints are registered."""
    for plugin in api.spec.plugins:
        if isinstance(plugin, OperationDocs):
            return plugin.shapes
    raise LookupError("document_operations was not called on this Api")
