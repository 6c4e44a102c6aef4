"""`python -m harness.openapi_check docs/openapi/*.json`: the committed OpenAPI documents are
valid (openapi-spec-validator) and carry what client generators and linters ask for.

The rules are those of Redocly's recommended set that the documents used to break (every
operation has an `operationId`, unique, and a `summary`, says its security, `[]` when open;
`nullable` never stands without a `type`), and what a generated client needs to be typed: every
refusal (4xx, 5xx, `default`) has a JSON schema, every property of a schema has a type, and
every property of what a caller sends (the request bodies of the fakes' APIs, the admin API
aside) has a French description and an example, and each text a longest length (or an `enum`,
or a date's `format`). The document names a relative server: it is served from any address.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
ADMIN_PREFIX = "/__admin"
TYPED = ("type", "$ref", "allOf", "anyOf", "oneOf")
SCHEMAS = "#/components/schemas/"


def _operations(spec: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in spec.get("paths", {}).items():
        for method in METHODS:
            if method in item:
                yield path, f"{method.upper()} {path}", item[method]


def _untyped_nullables(node: Any, where: str) -> Iterator[str]:
    if isinstance(node, dict):
        if node.get("nullable") and "type" not in node and "allOf" not in node:
            yield where
        for key, value in node.items():
            if key != "example":
                yield from _untyped_nullables(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _untyped_nullables(value, f"{where}/{index}")


def _refusals_without_schema(name: str, operation: dict[str, Any]) -> Iterator[str]:
    for status, response in operation.get("responses", {}).items():
        if status != "default" and int(status) < 400:
            continue
        schema = response.get("content", {}).get("application/json", {}).get("schema")
        if not schema:
            yield f"{name}: refusal {status} has no schema"


def _properties(schema: dict[str, Any], where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every property of a schema, those of its inline objects and list items included."""
    for key, prop in schema.get("properties", {}).items():
        yield f"{where}/properties/{key}", prop
        yield from _properties(prop, f"{where}/properties/{key}")
        if isinstance(prop.get("items"), dict):
            yield from _properties(prop["items"], f"{where}/properties/{key}/items")


def _untyped_properties(spec: dict[str, Any]) -> Iterator[str]:
    for name, schema in spec.get("components", {}).get("schemas", {}).items():
        for where, prop in _properties(schema, f"{SCHEMAS}{name}"):
            if not any(key in prop for key in TYPED):
                yield f"{where}: no type"


def _referenced(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        ref = node.get("$ref", "")
        if isinstance(ref, str) and ref.startswith(SCHEMAS):
            yield ref.removeprefix(SCHEMAS)
        for key, value in node.items():
            if key != "example":
                yield from _referenced(value)
    elif isinstance(node, list):
        for value in node:
            yield from _referenced(value)


def request_schemas(spec: dict[str, Any]) -> list[str]:
    """The schemas a caller of the fake's own API sends, nested ones included."""
    schemas = spec.get("components", {}).get("schemas", {})
    todo = [
        name
        for path, _name, operation in _operations(spec)
        if not path.startswith(ADMIN_PREFIX)
        for name in _referenced([operation.get("requestBody", {}), operation.get("parameters", [])])
    ]
    found: list[str] = []
    while todo:
        name = todo.pop()
        if name not in found and name in schemas:
            found.append(name)
            todo.extend(_referenced(schemas[name]))
    return sorted(found)


def _undocumented_inputs(spec: dict[str, Any]) -> Iterator[str]:
    schemas = spec.get("components", {}).get("schemas", {})
    for name in request_schemas(spec):
        for where, prop in _properties(schemas[name], f"{SCHEMAS}{name}"):
            if {"$ref", "allOf", "anyOf"} & set(prop):
                continue
            missing = [key for key in ("description", "example") if key not in prop]
            if prop.get("type") == "string" and not (
                {"maxLength", "enum"} & set(prop) or prop.get("format") in ("date", "date-time")
            ):
                missing.append("maxLength")
            if missing:
                yield f"{where}: no {', '.join(missing)}"


def problems(spec: dict[str, Any]) -> list[str]:
    """Every rule the document breaks, one line each; empty when it is fine."""
    try:
        validate(spec)
    except OpenAPIValidationError as error:
        return [f"invalid OpenAPI: {error.message}"]
    servers = spec.get("servers")
    found = [] if servers else ["no servers declared"]
    found += [
        f"server {s['url']}: a fixed address (write `/`: served, it names its own)"
        for s in servers or []
        if "://" in s.get("url", "")
    ]
    for _path, name, operation in _operations(spec):  # unique operationIds: the validator checks
        found += [
            f"{name}: no {key}"
            for key in ("operationId", "summary", "security")
            if key not in operation
        ]
        found += _refusals_without_schema(name, operation)
    found += [f"{where}: nullable without a type" for where in _untyped_nullables(spec, "#")]
    found += _untyped_properties(spec)
    found += _undocumented_inputs(spec)
    return found


def main(paths: list[str]) -> int:
    failed = 0
    for path in paths:
        found = problems(json.loads(Path(path).read_text(encoding="utf-8")))
        for line in found:
            print(f"{path}: {line}")
        failed += bool(found)
    if not failed:
        print(f"{len(paths)} OpenAPI documents: valid, no lint error")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
