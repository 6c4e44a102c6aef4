"""pytest plugin (entry point `pytest11`): the fakes as live servers for any test suite.

    def test_my_dms(sandbox):            # the fakes, reset to their seeded state
        requests.get(sandbox.urls["centralisateur"] + "/api/v1/declarations", auth=...)
        sandbox.icare.add_fault("/api/v1/contracts", "status", status=503)
        sandbox.centralisateur.set_today("2026-01-31")
        assert sandbox.icare.journal(method="POST")

    def test_with_pvo_client(centralisateur_client, guidewire_client): ...

The servers start once per test session, and so once per pytest-xdist worker, on free loopback
ports with their own SQLite files; `sandbox` resets them before each test that asks for it.
They are the same waitress servers `pvo-sandbox up` runs. With `--centralisateur-url`,
`--icare-url`, `--guidewire-url` and `--pvo2-url` the same tests run against a sandbox deployed
elsewhere (`--sandbox-admin-token` when its admin API is protected); each test still resets it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from importlib.util import find_spec

import pytest

from harness.admin_client import SandboxAdmin
from harness.conformance.fixtures import conformance  # noqa: F401  (the fixture, registered)
from harness.fakes import FAKES
from harness.running import running_sandbox
from pvo_client.centralisateur import CentralisateurClient
from pvo_client.guidewire import GuidewireClient
from sandbox.dealers import AXILOG

TOKEN_ENV = "PVO_SANDBOX_ADMIN_TOKEN"
# Reports named by feature and scenario, failure screenshots (where pytest-bdd is installed).
pytest_plugins = ["harness.reports"] if find_spec("pytest_bdd") else []


def _url_option(name: str) -> str:
    return f"--{name}-url"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("spoticar-sandbox", "Spoticar sandbox (the fakes under test)")
    for name, fake in FAKES.items():
        group.addoption(
            _url_option(name),
            metavar="URL",
            help=f"{fake.title} déjà démarré, au lieu d'un sandbox local.",
        )
    group.addoption(
        "--sandbox-admin-token",
        default=os.environ.get(TOKEN_ENV),
        help=f"Jeton de l'API d'administration du sandbox déployé (variable {TOKEN_ENV}).",
    )


def deployed_urls(config: pytest.Config) -> dict[str, str] | None:
    """The URLs given on the command line: every fake's, or none (a local sandbox)."""
    given = {name: config.getoption(_url_option(name)) for name in FAKES}
    if not any(given.values()):
        return None
    missing = [_url_option(name) for name, url in given.items() if not url]
    if missing:
        raise pytest.UsageError(
            f"Un sandbox déployé se donne en entier : il manque {', '.join(missing)}."
        )
    return given


def pytest_configure(config: pytest.Config) -> None:
    deployed_urls(config)  # a sandbox given in part is a usage error, before anything runs


@pytest.fixture(scope="session")
def sandbox_servers(
    pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SandboxAdmin]:
    """The fakes for the whole session (one set per xdist worker), or the deployed ones."""
    urls = deployed_urls(pytestconfig)
    if urls is not None:
        yield SandboxAdmin(urls, pytestconfig.getoption("--sandbox-admin-token"))
        return
    with running_sandbox(tmp_path_factory.mktemp("sandbox")) as running:
        yield running


@pytest.fixture
def sandbox(sandbox_servers: SandboxAdmin) -> SandboxAdmin:
    """The fakes, reset to their seeded state for this test; their admin API as methods."""
    sandbox_servers.reset()
    return sandbox_servers


@pytest.fixture
def centralisateur_client(sandbox: SandboxAdmin) -> CentralisateurClient:
    """PVO²'s client of the Centralisateur, as the demo dealer AXILOG DEMO."""
    return CentralisateurClient(sandbox.urls["centralisateur"], *AXILOG.login)


@pytest.fixture
def guidewire_client(sandbox: SandboxAdmin) -> Iterator[GuidewireClient]:
    """PVO²'s client of PSA Assurance's Guidewire, with the demo credentials."""
    with GuidewireClient(sandbox.urls["guidewire"], "pvo2", "pvo2-secret") as client:
        yield client
