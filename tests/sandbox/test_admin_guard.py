"""`/__admin` refuses what a web page can send (a form, another site's `Origin`, a rebound
`Host`), the first admin token comes only from the environment, and a fake does not listen
beyond loopback without one."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient

from harness.admin_client import FakeAdmin
from harness.cli import main
from harness.fakes import FAKES
from sandbox.admin import NO_ADMIN_TOKEN
from sandbox.admin_guard import OPEN_ENDPOINTS, exposure_refusal
from tests.conftest import ICARE_DOWN

CROSS_SITE = {"Origin": "http://attaquant.example", "Sec-Fetch-Site": "cross-site"}
FORM = {"token": "un-jeton-de-seize-caracteres", "today": "2031-01-01", "path": "/x"}


@pytest.fixture(params=list(FAKES))
def any_fake(request: pytest.FixtureRequest, tmp_path: Path) -> Flask:
    """Each fake on a fresh SQLite file, its neighbours down."""
    return FAKES[request.param].create_app(
        {
            "TESTING": True,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'fake.db'}",
            "WTF_CSRF_ENABLED": False,
            "ICARE_URL": ICARE_DOWN,
            "CENTRALISATEUR_URL": ICARE_DOWN,
            "GUIDEWIRE_URL": ICARE_DOWN,
        }
    )


def admin_calls(app: Flask) -> Iterator[tuple[str, str]]:
    """(method, path) of every guarded admin route, POST included (what a form sends)."""
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/__admin/"):
            continue
        if rule.endpoint.rpartition(".")[2] in OPEN_ENDPOINTS:
            continue
        path = re.sub(r"<[^>]+>", "953617Z", rule.rule)
        for method in sorted(((rule.methods or set()) - {"HEAD", "OPTIONS"}) | {"POST"}):
            yield method, path


def admin_state(client: FlaskClient) -> dict[str, Any]:
    """What a successful admin call would change: faults, clock, token (the journal would
    need it), and the data a reset empties (its faults go with it)."""
    return {
        "faults": client.get("/__admin/faults").json,
        "clock": client.get("/__admin/clock").json,
        "journal_open": client.get("/__admin/journal").status_code,
    }


def test_a_cross_site_form_post_to_any_admin_route_is_refused(any_fake: Flask) -> None:
    client = any_fake.test_client()
    client.post("/__admin/faults", json={"path": "/nulle-part", "action": "status"})
    client.put("/__admin/clock", json={"today": "2030-06-15"})
    before = admin_state(client)
    calls = list(admin_calls(any_fake))
    assert {path for _method, path in calls} >= {
        "/__admin/reset",
        "/__admin/journal",
        "/__admin/faults",
        "/__admin/clock",
        "/__admin/token",
    }
    for method, path in calls:
        for query in ("", "?dealer=953617Z"):
            response = client.open(path + query, method=method, data=FORM, headers=CROSS_SITE)
            assert response.status_code == 403, (method, path)
            assert response.json["error_code"] == "ADMIN_CROSS_SITE", (method, path)
    assert admin_state(client) == before


def test_a_form_without_origin_is_refused_unless_it_says_it_is_a_program(
    client: FlaskClient,
) -> None:
    """An old browser may omit `Origin`: the body's type alone gives a form away."""
    client.post("/__admin/faults", json={"path": "/nulle-part", "action": "status"})
    for content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "text/plain",
    ):
        refused = client.post("/__admin/reset", data=b"", content_type=content_type)
        assert refused.status_code == 403
        assert refused.json == {
            "code": 403,
            "status": "Forbidden",
            "error_code": "ADMIN_JSON_REQUIRED",
            "message": "API d'administration : un changement s'envoie en JSON (Content-Type: "
            "application/json) ou avec l'en-tête X-Sandbox-Admin, jamais comme un formulaire.",
        }
    assert len(client.get("/__admin/faults").json["faults"]) == 1
    program = client.post(
        "/__admin/reset", data=b"", content_type="text/plain", headers={"X-Sandbox-Admin": "1"}
    )
    assert program.status_code == 200
    assert client.get("/__admin/faults").json["faults"] == []


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"Origin": "http://localhost"}, 200),  # the fake's own page (Swagger UI)
        ({"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"}, 200),
        ({"Sec-Fetch-Site": "none"}, 200),  # typed in the address bar
        ({"Origin": "null"}, 403),
        ({"Origin": "http://localhost:8004"}, 403),  # the desk's page is another origin
        ({"Sec-Fetch-Site": "same-site"}, 403),
        ({"Sec-Fetch-Site": "cross-site"}, 403),
    ],
)
def test_origin_and_fetch_metadata(
    client: FlaskClient, headers: dict[str, str], status: int
) -> None:
    response = client.post("/__admin/reset", headers=headers)
    assert response.status_code == status
    if status == 403:
        assert response.json["error_code"] == "ADMIN_CROSS_SITE"
        assert response.json["message"] == (
            "API d'administration : une page d'un autre site ne peut pas l'appeler. Appelez-la "
            "depuis un programme (client d'administration, curl), pas depuis un navigateur."
        )


@pytest.mark.parametrize(
    ("host", "config", "status"),
    [
        ("localhost", {}, 200),
        ("127.0.0.1:8001", {}, 200),
        ("127.9.9.9", {}, 200),
        ("[::1]:8001", {}, 200),
        ("rebind.attaquant.example", {}, 403),
        ("sandbox.example:8443", {"PUBLIC_URL": "https://sandbox.example:8443/"}, 200),
        ("autre.example", {"PUBLIC_URL": "https://sandbox.example/"}, 403),
        ("ci.interne", {"ADMIN_HOSTS": "sandbox.example, CI.interne"}, 200),
        (
            "sandbox.example",
            {"ADMIN_HOSTS": "ci.interne", "PUBLIC_URL": "https://sandbox.example"},
            403,
        ),
    ],
)
def test_the_host_must_be_one_of_the_fake_s_names(
    make_centralisateur: Callable[..., Flask], host: str, config: dict[str, str], status: int
) -> None:
    """A page whose name a DNS trick points at 127.0.0.1 reaches the fake under its own name."""
    client = make_centralisateur(**config).test_client()
    journal = client.get("/__admin/journal", headers={"Host": host})
    assert journal.status_code == status
    if status == 403:
        assert journal.json["error_code"] == "ADMIN_HOST_REFUSED"
    assert client.get("/__admin/health", headers={"Host": host}).status_code == 200


@pytest.fixture
def client(make_centralisateur: Callable[..., Flask]) -> FlaskClient:
    return make_centralisateur().test_client()


def test_the_first_token_cannot_be_set_through_the_api(client: FlaskClient) -> None:
    for call in (client.put, client.delete):
        response = call("/__admin/token", json={"token": "un-jeton-de-seize-caracteres"})
        assert response.status_code == 401
        assert response.json["error_code"] == "ADMIN_TOKEN_NOT_SET"
        assert response.json["message"] == NO_ADMIN_TOKEN.format("CENTRALISATEUR")
    assert client.get("/__admin/journal").status_code == 200  # still no token


def test_the_token_changes_only_with_the_current_one(
    make_centralisateur: Callable[..., Flask],
) -> None:
    client = make_centralisateur(ADMIN_TOKEN="le-jeton-de-depart-01").test_client()
    new = {"token": "le-nouveau-jeton-0123"}
    refused = client.put("/__admin/token", json=new)
    assert refused.status_code == 401 and refused.json["error_code"] == "ADMIN_TOKEN_REQUIRED"
    journal = client.get("/__admin/journal")  # every dealer's bodies: the token is needed
    assert journal.status_code == 401 and journal.json["error_code"] == "ADMIN_TOKEN_REQUIRED"
    current = {"Authorization": "Bearer le-jeton-de-depart-01"}
    assert client.put("/__admin/token", json=new, headers=current).status_code == 204
    assert client.get("/__admin/journal", headers=current).status_code == 401
    now = {"Authorization": "Bearer le-nouveau-jeton-0123"}
    assert client.get("/__admin/journal", headers=now).status_code == 200


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.10"])
def test_a_fake_does_not_listen_beyond_loopback_without_a_token(
    host: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SANDBOX_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("ICARE_ADMIN_TOKEN", raising=False)
    result = CliRunner().invoke(main, ["serve", "icare", "--host", host, "--port", "9502"])
    assert result.exit_code == 1
    assert result.output == (
        f"✘ Icare (contrats, MyIcare) refuse d'écouter sur {host} sans jeton "
        "d'administration : hors de cette machine, n'importe qui pourrait réinitialiser le "
        "sandbox ou lire ses journaux. Définissez ICARE_ADMIN_TOKEN (16 à 200 caractères ASCII "
        "visibles, par exemple « openssl rand -hex 24 »), ou écoutez sur 127.0.0.1.\n"
    )
    monkeypatch.setenv("ICARE_ADMIN_TOKEN", "x" * 15)
    short = CliRunner().invoke(main, ["serve", "icare", "--host", host, "--port", "9502"])
    assert short.exit_code == 1
    assert short.output == (
        "✘ Icare (contrats, MyIcare) : le jeton d'administration de ICARE_ADMIN_TOKEN doit "
        "compter 16 à 200 caractères ASCII visibles (par exemple « openssl rand -hex 24 »).\n"
    )


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_loopback_needs_no_token(host: str) -> None:
    assert exposure_refusal("Icare", host, "ICARE_ADMIN_TOKEN", None) is None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_fake_on_every_interface_with_its_token(tmp_path: Path) -> None:
    """Started on 0.0.0.0 for real; every request goes to 127.0.0.1."""
    port, token = _free_port(), "jeton-du-partage-0123456789"
    env = {**os.environ, "SANDBOX_DATA_DIR": str(tmp_path), "ICARE_ADMIN_TOKEN": token}
    command = [str(Path(sys.executable).parent / "pvo-sandbox"), "serve", "icare"]
    process = subprocess.Popen(
        [*command, "--host", "0.0.0.0", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        assert process.stdout is not None
        lines: list[str] = []
        while len(lines) < 10 and not (lines and lines[-1].startswith("Ready in")):
            lines.append(process.stdout.readline())
        assert lines[-1].startswith("Ready in"), lines
        url = f"http://127.0.0.1:{port}"
        assert requests.get(f"{url}/__admin/health", timeout=5).status_code == 200
        assert requests.get(f"{url}/__admin/journal", timeout=5).status_code == 401
        refused = requests.post(f"{url}/__admin/reset", data=FORM, headers=CROSS_SITE, timeout=5)
        assert refused.status_code == 403
        assert refused.json()["error_code"] == "ADMIN_CROSS_SITE"
        FakeAdmin(url, token, "icare").reset()
        assert FakeAdmin(url, token, "icare").journal() == []
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
