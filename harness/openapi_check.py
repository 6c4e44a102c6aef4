"""`python -m harness.openapi_check docs/openapi/*.json`: the committed OpenAPI documents are
valid (openapi-spec-validator) and carry what client generators and linters ask for.

The rules are those of Redocly's recommended set that the documents used to break: every
operation has an `operationId` (unique: the validator checks it) and a `summary`, `servers` is
declared, every operation says its security (`[]` when open), and `nullable` never stands
without a `type`.
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


def _operations(spec: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for path, item in spec.get("paths", {}).items():
        for method in METHODS:
            if method in item:
                yield f"{method.upper()} {path}", item[method]


def _untyped_nullables(node: Any, where: str) -> Iterator[str]:
    if isinstance(node, dict):
        if node.get("nullable") and "type" not in node and "allOf" not in node:
            yield where
        for key, value in node.items():
            yield from _untyped_nullables(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _untyped_nullables(value, f"{where}/{index}")


def problems(spec: dict[str, Any]) -> list[str]:
    """Every rule the document breaks, one line each; empty when it is fine."""
    try:
        validate(spec)
    except OpenAPIValidationError as error:
        return [f"invalid OpenAPI: {error.message}"]
    found = [] if spec.get("servers") else ["no servers declared"]
    for name, operation in _operations(spec):  # unique operationIds: the validator checks
        found += [
            f"{name}: no {key}"
            for key in ("operationId", "summary", "security")
            if key not in operation
        ]
    found += [f"{where}: nullable without a type" for where in _untyped_nullables(spec, "#")]
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
