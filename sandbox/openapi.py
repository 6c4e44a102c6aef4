"""What the OpenAPI documents need for client generators, Prism and Postman, added in one place.

Every operation gets an `operationId` derived from its Flask endpoint (`create_contract` ->
`createContract`; a MethodView's `Declarations.get` -> `getDeclarations`), a `summary` (its
docstring's first line, else its method and path), and its security said even when open: `[]`
for the public routes, the optional bearer `adminToken` for `/__admin/`. The document names its
server. A field that accepts null but has no type (`fields.Raw(allow_none=True)`) loses
`nullable`, which OpenAPI 3.0 ignores without a `type` and linters refuse.
"""

from __future__ import annotations

import re
from typing import Any

from apispec import BasePlugin
from flask_smorest import Api
from marshmallow import fields

ADMIN_PREFIX = "/__admin"
ADMIN_TOKEN_SCHEME = {
    "type": "http",
    "scheme": "bearer",
    "description": "Only when the fake is started with `<FAKE>_ADMIN_TOKEN` (a shared sandbox).",
}
OPTIONAL_ADMIN_TOKEN: list[dict[str, list[str]]] = [{}, {"adminToken": []}]


def operation_id(endpoint: str, method: str, methods_of_view: int) -> str:
    """camelCase from the endpoint's view: its name when it is a verb phrase (a function with
    one method), else the HTTP method then the view (a MethodView class)."""
    view = endpoint.rpartition(".")[2]
    words = [w for w in re.split(r"_|(?<=[a-z0-9])(?=[A-Z])", view) if w]
    if view[:1].isupper() or methods_of_view > 1:
        words.insert(0, method)
    return words[0].lower() + "".join(w[:1].upper() + w[1:] for w in words[1:])


class OperationDocs(BasePlugin):
    """apispec plugin: fills what the views do not say, never overriding what they do."""

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


def _no_untyped_nullable(
    _converter: Any, field: fields.Field, ret: dict[str, Any], **_kwargs: Any
) -> dict[str, Any]:
    if ret.get("nullable") and "type" not in ret and "allOf" not in ret:
        del ret["nullable"]
    return {}


def document_operations(api: Api, port: int) -> None:
    """Install on `api` (before its blueprints are registered) and name the default server."""
    plugin = OperationDocs()
    plugin.init_spec(api.spec)
    api.spec.plugins.append(plugin)
    api.ma_plugin.converter.add_attribute_function(_no_untyped_nullable)
    api.spec.components.security_scheme("adminToken", ADMIN_TOKEN_SCHEME)
    api.spec.options.setdefault(
        "servers", [{"url": f"http://127.0.0.1:{port}", "description": "pvo-sandbox up"}]
    )
