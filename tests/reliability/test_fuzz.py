"""Every JSON API of the three fakes fuzzed from its own OpenAPI document (schemathesis).

For each operation, a fixed number of generated requests, valid ones and invalid ones, with the
fake's credentials so they reach the real handlers. Every answer must be no 5xx, a documented
status code and content type, and a body that matches the documented schema. The runs are
derandomized (the same cases every time) and bounded: the whole file takes well under a minute.
The admin API is left out except `GET /__admin/health` (faults and delays would only slow it).
The cases run per fake are printed and written to `reports/fuzz.json`.

schemathesis generates only what JSON Schema describes: never NaN or Infinity (not JSON, yet
Python's parser reads them), nor bodies nested thousands deep. `test_hostile_json` takes a body
schemathesis generated for every JSON route, admin included, and sends it again with one value
at a time replaced by each of those: the answer is a 4xx in the fake's shape, never a 5xx.
"""

from __future__ import annotations

import base64
import json
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

import fake_centralisateur
import fake_guidewire
import fake_icare
from sandbox.dealers import AXILOG

EXAMPLES = 25  # per operation and per generation mode (valid, invalid)
SEED = 20251130  # the same cases on every run
MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
REPORT = Path(__file__).resolve().parents[2] / "reports" / "fuzz.json"
SUMMARY: dict[str, dict[str, Any]] = {}


def _basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def _centralisateur(database_url: str) -> tuple[Flask, str]:
    app = fake_centralisateur.create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "WTF_CSRF_ENABLED": False,
            "ICARE_URL": "http://127.0.0.1:9",  # nothing listens: Icare is down
            "TODAY": "2025-11-30",
        }
    )
    return app, _basic(*AXILOG.login)


def _icare(database_url: str) -> tuple[Flask, str]:
    app = fake_icare.create_app(
        {"TESTING": True, "DATABASE_URL": database_url, "TODAY": "2025-11-30"}
    )
    return app, _basic("centralisateur", "centralisateur-secret")


def _guidewire(database_url: str) -> tuple[Flask, str]:
    app = fake_guidewire.create_app(
        {"TESTING": True, "DATABASE_URL": database_url, "TODAY": "2025-11-30"}
    )
    answer = app.test_client().post(
        "/oauth2/token",
        data={"grant_type": "client_credentials"},
        headers={"Authorization": _basic("pvo2", "pvo2-secret")},
    )
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return app, f"Bearer {answer.get_json()['access_token']}"


FAKES: dict[str, Callable[[str], tuple[Flask, str]]] = {
    "centralisateur": _centralisateur,
    "icare": _icare,
    "guidewire": _guidewire,
}


@pytest.fixture(scope="module", autouse=True)
def summary() -> Iterator[None]:
    yield
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(json.dumps(SUMMARY, indent=2, sort_keys=True) + "\n")


def for_each_case(operation: Any, mode: GenerationMode) -> Callable[..., Any]:
    """Run the decorated function on EXAMPLES cases of the operation, the same on every run."""

    def decorate(function: Callable[..., Any]) -> Callable[..., Any]:
        return given(case=operation.as_strategy(generation_mode=mode))(
            seed(SEED)(
                settings(
                    max_examples=EXAMPLES,
                    database=None,
                    deadline=None,
                    phases=[Phase.explicit, Phase.generate],
                    suppress_health_check=list(HealthCheck),
                )(function)
            )
        )

    return decorate


def _fuzz(
    operation: Any, mode: GenerationMode, authorization: str, statuses: Counter[int]
) -> tuple[int, list[str]]:
    """Run the operation's cases of one mode; the count and the distinct failures."""
    ran = 0
    failures: dict[str, str] = {}

    @for_each_case(operation, mode)
    def run(case: Any) -> None:
        nonlocal ran
        ran += 1
        headers = {"Authorization": authorization}
        try:
            response = case.call(headers=headers)
        except Exception as crash:  # TESTING propagates a handler's exception: a 500
            key = f"500 {type(crash).__name__}: {crash}"
            failures.setdefault(key, f"{key}\n  {case.as_curl_command()}")
            return
        statuses[response.status_code] += 1
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except (AssertionError, FailureGroup) as error:
            found = error.exceptions if isinstance(error, FailureGroup) else [error]
            for failure in found:
                title = getattr(failure, "title", type(failure).__name__)
                detail = str(getattr(failure, "message", failure)).strip().splitlines()[:2]
                key = f"{response.status_code} {title}: {' / '.join(detail)}"
                body = response.text[:300]
                failures.setdefault(key, f"{key}\n  {case.as_curl_command()}\n  -> {body}")

    try:
        run()
    except Unsatisfiable:  # nothing in the operation can be made invalid
        assert mode is GenerationMode.NEGATIVE, operation.label
    return ran, list(failures.values())


def _admin_but_health(ctx: Any) -> bool:
    path = ctx.operation.path
    return path.startswith("/__admin/") and path != "/__admin/health"


@pytest.mark.timeout(900)  # bounded by its examples; a shared machine may be slow
@pytest.mark.parametrize("fake", list(FAKES))
def test_fuzz(fake: str, tmp_path: Path) -> None:
    app, authorization = FAKES[fake](f"sqlite:///{tmp_path / 'x.db'}")
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    schema = schema.exclude(func=_admin_but_health)
    started = time.monotonic()
    cases, failures, statuses = 0, [], Counter[int]()
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        for mode in MODES:
            ran, found = _fuzz(operation, mode, authorization, statuses)
            cases += ran
            failures += [f"{operation.label} [{mode.value}] {f}" for f in found]
    seconds = round(time.monotonic() - started, 1)
    SUMMARY[fake] = {
        "operations": operations,
        "cases": cases,
        "seconds": seconds,
        "failures": len(failures),
        "statuses": {str(status): n for status, n in sorted(statuses.items())},
    }
    print(f"\nfuzz {fake}: {operations} operations, {cases} cases, {seconds} s, {SUMMARY[fake]}")
    assert not failures, "\n\n".join(failures)


# JSON literals no schema describes: non-finite numbers (Python's json reads them), numbers no
# field holds, and nesting deeper than any recursive parser goes.
DEEP_LIST = "[" * 3000 + "]" * 3000
DEEP_OBJECT = '{"a":' * 3000 + "1" + "}" * 3000
HOSTILE = ("NaN", "-Infinity", "1e999", "9" * 50, DEEP_LIST, DEEP_OBJECT)
PATHS_PER_BODY = 6  # values replaced in each body: the first ones, and the deepest
_MARK = "\u0000hostile\u0000"


def _leaves(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(value, dict) and value:
        return [leaf for key, item in value.items() for leaf in _leaves(item, (*path, key))]
    if isinstance(value, list) and value:
        return [leaf for i, item in enumerate(value) for leaf in _leaves(item, (*path, i))]
    return [path]


def _replaced(value: Any, path: tuple[Any, ...]) -> Any:
    if not path:
        return _MARK
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[path[0]] = _replaced(value[path[0]], path[1:])
    return copy


def hostile_bodies(body: Any) -> list[str]:
    """`body` as JSON text, with one value at a time replaced by each HOSTILE literal."""
    leaves = _leaves(body)
    chosen = list(dict.fromkeys([*leaves[: PATHS_PER_BODY // 2], *sorted(leaves, key=len)[-3:]]))
    marked = [json.dumps(_replaced(body, path)) for path in chosen]
    return [text.replace(json.dumps(_MARK), literal) for text in marked for literal in HOSTILE]


def _valid_case(operation: Any) -> Any:
    """The richest of the requests schemathesis generates as valid for the operation (seeded):
    hypothesis starts from minimal bodies, whose only value is the whole body."""
    found: list[Any] = []

    @for_each_case(operation, GenerationMode.POSITIVE)
    def keep(case: Any) -> None:
        found.append(case)

    keep()
    return max(found, key=lambda case: len(_leaves(case.body)))


@pytest.mark.parametrize("fake", list(FAKES))
def test_hostile_json(fake: str, tmp_path: Path) -> None:
    app, authorization = FAKES[fake](f"sqlite:///{tmp_path / 'x.db'}")
    client = app.test_client()
    sent, failures, statuses = 0, [], Counter[int]()
    for result in schemathesis.openapi.from_wsgi("/api/openapi.json", app).get_all_operations():
        operation = result.ok()
        if not any(body.media_type == "application/json" for body in operation.body):
            continue
        case = _valid_case(operation)
        for body in hostile_bodies(case.body if case.body is not None else {}):
            response = client.open(
                case.formatted_path,
                method=operation.method.upper(),
                query_string=case.query,
                data=body,
                content_type="application/json",
                headers={"Authorization": authorization},
            )
            sent += 1
            statuses[response.status_code] += 1
            if response.status_code >= 500 or response.get_json(silent=True) is None:
                failures.append(f"{operation.label} {response.status_code} {body[:120]}")
    SUMMARY[f"{fake} (hostile JSON)"] = {
        "requests": sent,
        "failures": len(failures),
        "statuses": {str(status): n for status, n in sorted(statuses.items())},
    }
    print(f"\nhostile JSON {fake}: {sent} requests, {dict(statuses)}")
    assert sent and not failures, "\n".join(failures)
