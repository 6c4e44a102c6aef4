"""One name per thing across the fakes: the OpenAPI documents show the schemas' names, so a
request body is always `…In` and a successful response `…Out`; every template has the same
French filters."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

import fake_centralisateur
import fake_guidewire
import fake_icare
import fake_pvo2
from pvo_client.printing import environment
from sandbox.french import FILTERS

FAKES: dict[str, Callable[..., Flask]] = {
    "centralisateur": fake_centralisateur.create_app,
    "icare": fake_icare.create_app,
    "guidewire": fake_guidewire.create_app,
    "pvo2": fake_pvo2.create_app,
}


@pytest.fixture(params=list(FAKES))
def app(request: pytest.FixtureRequest, tmp_path: Path) -> Flask:
    name = request.param
    return FAKES[name]({"DATABASE_URL": f"sqlite:///{tmp_path}/{name}.db", "TESTING": True})


def test_request_bodies_are_in_and_responses_out(app: Flask) -> None:
    spec = app.test_client().get("/api/openapi.json").json
    bodies, responses = set(), set()
    for url, path in spec["paths"].items():
        if url.startswith("/__admin"):  # the sandbox's own admin API, not a fake's
            continue
        for operation in path.values():
            if not isinstance(operation, dict):
                continue
            for media in operation.get("requestBody", {}).get("content", {}).values():
                bodies.update(_named(media["schema"]))
            for status, response in operation.get("responses", {}).items():
                if status.startswith("2"):
                    for media in response.get("content", {}).values():
                        responses.update(_named(media["schema"]))
    assert bodies and responses
    assert {name for name in bodies if not name.endswith("In")} == set()
    assert {name for name in responses if not name.endswith("Out")} == set()


def _named(schema: dict[str, Any]) -> set[str]:
    """The component a body or response is, itself or as the items of a list."""
    ref = schema.get("items", schema).get("$ref")
    return {ref.rsplit("/", 1)[-1]} if ref else set()


@pytest.mark.parametrize("name", ["centralisateur", "icare", "pvo2"])
def test_every_template_gets_the_sandbox_filters(name: str, tmp_path: Path) -> None:
    app = FAKES[name]({"DATABASE_URL": f"sqlite:///{tmp_path}/{name}.db", "TESTING": True})
    for env in (app.jinja_env, environment()):
        assert {key: env.filters.get(key) for key in FILTERS} == FILTERS
