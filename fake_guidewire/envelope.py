"""Guidewire's JSON envelope and the request parsing that refuses what does not fit it.

Requests are `{"data": {"attributes": {...}}}` (plus `checksum` on business actions); a resource
comes back as `{"data": {"id", "type", "checksum", "links", "attributes"}}` and a list as
`{"count", "total"?, "data": [...], "links"}`. Unknown properties are refused at any depth, as the
Cloud API does by default, with one `details` entry per problem.

A body is read as JSON whatever its `Content-Type` (many clients send `application/json` on
every call, others none), and no body at all is no attributes: the job actions Guidewire
documents as taking no request body (quote, bind-and-issue, withdraw) accept none, an empty
one, `{}` or `{"data": {}}`. A body that is not JSON is a BadInputException.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from typing import Any, NoReturn
from urllib.parse import urlencode

import flask_smorest
from flask import Request
from marshmallow import Schema, ValidationError, fields
from webargs import core
from webargs.flaskparser import FlaskParser

from fake_guidewire import errors
from sandbox.api import MAX_JSON_DEPTH, json_depth, unwritable_json
from sandbox.validation import flatten_messages

UNKNOWN_FIELD = "Unknown field."


def bad_input(error: ValidationError) -> errors.BadInputException:
    """A marshmallow refusal as Guidewire words it: one detail per property."""
    details = []
    for path, message in flatten_messages(error.messages):
        location, _, name = path.partition(".")
        where = {"json": "body", "querystring": "query", "form": "body"}.get(location, location)
        if message == UNKNOWN_FIELD:
            message = f"The property '{name}' is not defined in the schema for this request"
        details.append(errors.detail(message, parameterLocation=where, parameterName=name))
    names = ", ".join(d["properties"]["parameterName"] for d in details)
    return errors.BadInputException(
        f"The request has invalid or unknown properties: {names}", details=details
    )


class GuidewireParser(FlaskParser):
    """webargs parser whose refusals are Guidewire's BadInputException, not webargs' 422."""

    def handle_error(  # type: ignore[override]
        self,
        error: ValidationError,
        req: Request,
        schema: Schema,
        *,
        error_status_code: int | None,
        error_headers: Mapping[str, str] | None,
    ) -> NoReturn:
        raise bad_input(error)

    def _raw_load_json(self, req: Request) -> Any:
        """The body as JSON whatever the Content-Type; `missing` when there is none (blank)."""
        body = req.get_data(cache=True)
        if not body.strip():
            return core.missing
        if not req.is_json:  # a JSON body was checked before any view (sandbox.api)
            _check_writable(body)
        return core.parse_json(body)

    def _handle_invalid_json_error(
        self, error: Exception, req: Request, *a: Any, **k: Any
    ) -> NoReturn:
        raise _malformed(f"The request body is not valid JSON: {error}")


def _malformed(message: str) -> errors.BadInputException:
    return errors.BadInputException(
        message, details=[errors.detail("Malformed JSON", parameterLocation="body")]
    )


def _check_writable(body: bytes) -> None:
    """What the sandbox refuses in a body declared JSON, refused in one that is not declared."""
    if json_depth(body) > MAX_JSON_DEPTH:
        raise _malformed(f"The JSON body is nested deeper than {MAX_JSON_DEPTH} levels.")
    refusal = unwritable_json(body)
    if refusal is not None:
        raise _malformed(refusal[0])


class Blueprint(flask_smorest.Blueprint):
    ARGUMENTS_PARSER = GuidewireParser()


# Schemas of the envelope, built around a resource's attributes schema.


def request_schema(attributes: type[Schema], name: str) -> type[Schema]:
    data = Schema.from_dict(
        {"attributes": fields.Nested(attributes, required=True)}, name=f"{name}DataIn"
    )
    return Schema.from_dict({"data": fields.Nested(data, required=True)}, name=f"{name}In")


class ActionAttributesInSchema(Schema):
    """Business actions take no attributes here; the object exists so `checksum` can be sent."""


class ActionDataInSchema(Schema):
    checksum = fields.String(
        metadata={
            "description": "La somme de contrôle du job lue en dernier ; 409 si elle a changé",
            "example": "5d41402abc4b2a76b9719d911017c592",
            "maxLength": 32,
        }
    )
    attributes = fields.Nested(ActionAttributesInSchema)


class ActionInSchema(Schema):
    data = fields.Nested(ActionDataInSchema)


class LinkOutSchema(Schema):
    href = fields.String()
    methods = fields.List(fields.String())


@cache
def _data_schema(attributes: type[Schema], name: str) -> type[Schema]:
    return Schema.from_dict(
        {
            "id": fields.String(),
            "type": fields.String(),
            "checksum": fields.String(),
            "links": fields.Dict(keys=fields.String(), values=fields.Nested(LinkOutSchema)),
            "attributes": fields.Nested(attributes),
        },
        name=f"{name}ResourceOut",
    )


def resource_schema(attributes: type[Schema], name: str) -> type[Schema]:
    return Schema.from_dict(
        {"data": fields.Nested(_data_schema(attributes, name))}, name=f"{name}Out"
    )


def collection_schema(attributes: type[Schema], name: str) -> type[Schema]:
    return Schema.from_dict(
        {
            "count": fields.Integer(metadata={"description": "Resources in this page"}),
            "total": fields.Integer(metadata={"description": "All resources (includeTotal=true)"}),
            "data": fields.List(fields.Nested(_data_schema(attributes, name))),
            "links": fields.Dict(keys=fields.String(), values=fields.Nested(LinkOutSchema)),
        },
        name=f"{name}ListOut",
    )


def link(href: str, *methods: str) -> dict[str, Any]:
    return {"href": href, "methods": list(methods)}


def resource(
    kind: str, public_id: str, checksum: str, links: dict[str, Any], attributes: dict[str, Any]
) -> dict[str, Any]:
    return {
        "data": {
            "id": public_id,
            "type": kind,
            "checksum": checksum,
            "links": links,
            "attributes": attributes,
        }
    }


def collection(
    path: str,
    items: list[dict[str, Any]],
    total: int,
    args: Mapping[str, Any],
) -> dict[str, Any]:
    """A page with its `self` and, when more remain, `next` link (Guidewire's pageOffset)."""

    def page_href(offset: int) -> str:
        query = {"pageSize": args["pageSize"]}
        if offset:
            query["pageOffset"] = offset
        if args["includeTotal"]:
            query["includeTotal"] = "true"
        return f"{path}?{urlencode(query)}"

    offset, size = args["pageOffset"], args["pageSize"]
    links = {"self": link(page_href(offset), "get", "post")}
    if offset + len(items) < total:
        links["next"] = link(page_href(offset + size), "get")
    if offset > 0:
        links["prev"] = link(page_href(max(offset - size, 0)), "get")
    body: dict[str, Any] = {"count": len(items)}
    if args["includeTotal"]:
        body["total"] = total
    body["data"] = [item["data"] for item in items]
    body["links"] = links
    return body


def to_json(value: Any) -> Any:
    """Loaded data (dates, decimals) back to what JSON stores."""
    return json.loads(json.dumps(value, default=str))
