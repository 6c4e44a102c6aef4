"""Every JSON API of the three fakes fuzzed from its own OpenAPI document (schemathesis).

For each operation, a fixed number of generated requests, valid ones and invalid ones, with the
fake's credentials so they reach the real handlers. Every answer must be no 5xx, a documented
status code and content type, and a body that matches the documented schema. The runs are
derandomized (the same cases every time) and bounded: the whole file takes well under a minute.
The admin API is left out except `GET /__admin/health` (faults and delays would only slow it).
The cases run per fake are printed and written to `reports/fuzz.json`.
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


def _fuzz(
    operation: Any, mode: GenerationMode, authorization: str, statuses: Counter[int]
) -> tuple[int, list[str]]:
    """Run the operation's cases of one mode; the count and the distinct failures."""
    ran = 0
    failures: dict[str, str] = {}

    @given(case=operation.as_strategy(generation_mode=mode))
    @seed(SEED)
    @settings(
        max_examples=EXAMPLES,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
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
