"""pytest plugin (entry point `pytest11`): the fakes as live servers for any test suite.

    def test_my_dms(sandbox):            # the fakes, reset to their seeded state
        requests.get(sandbox.urls["centralisateur"] + "/api/v1/declarations", auth=...)
        sandbox.icare.add_fault("/api/v1/contracts", "status", status=503)
        sandbox.centralisateur.set_today("2026-01-31")
        assert sandbox.icare.journal(method="POST")

    def test_with_pvo_client(centralisateur_client, guidewire_client): ...

The servers start once per test session, and so once per pytest-xdist worker, on free loopback
ports with their own SQLite files; `sandbox` resets them before each test that asks for it.
They are the same waitress servers `pvo-sandbox up` runs.

With `--centralisateur-url`, `--icare-url`, `--guidewire-url` and `--pvo2-url` the same tests run
against a sandbox deployed elsewhere (`--sandbox-admin-token`, or each fake's `ICARE_ADMIN_TOKEN`…,
when its admin API is protected), which other suites may be using at the same time. There each
test gets a dealer of its own (`sandbox_dealer`), created before it and deleted after it; with
`--sandbox-dealer=worker` (ini `sandbox_dealer = worker`) one per xdist worker, reset before
each of its tests. `sandbox` is then scoped to that dealer: its reset, faults and clocks touch
that dealer only, never the other suites'. Locally, `sandbox_dealer` is AXILOG DEMO.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.util import find_spec

import pytest

from harness.admin_client import SandboxAdmin, tokens_from_environment
from harness.conformance.fixtures import conformance  # noqa: F401  (the fixture, registered)
from harness.fakes import FAKES
from harness.running import running_sandbox
from pvo_client.centralisateur import CentralisateurClient
from pvo_client.guidewire import GuidewireClient
from sandbox.dealers import AXILOG, DemoDealer

TOKEN_ENV = "PVO_SANDBOX_ADMIN_TOKEN"
DEALER_MODES = ("test", "worker")  # a deployed sandbox's dealer: one per test, or per worker
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
    group.addoption(
        "--sandbox-dealer",
        choices=DEALER_MODES,
        help="Sur un sandbox déployé : un distributeur à soi par test (test) ou par worker "
        "xdist (worker) ; par défaut l'option ini sandbox_dealer, sinon test.",
    )
    parser.addini(
        "sandbox_dealer",
        "Sur un sandbox déployé : un distributeur par test (test) ou par worker (worker).",
        default="test",
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


def dealer_mode(config: pytest.Config) -> str:
    """`test` or `worker`: how often a deployed sandbox gets a new dealer."""
    mode = config.getoption("--sandbox-dealer") or config.getini("sandbox_dealer")
    if mode not in DEALER_MODES:
        raise pytest.UsageError(
            f"sandbox_dealer = « {mode} » : choisissez test (un distributeur par test) ou "
            "worker (un par worker)."
        )
    return str(mode)


def pytest_configure(config: pytest.Config) -> None:
    deployed_urls(config)  # a sandbox given in part is a usage error, before anything runs
    dealer_mode(config)


@pytest.fixture(scope="session")
def sandbox_servers(
    pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SandboxAdmin]:
    """The fakes for the whole session (one set per xdist worker), or the deployed ones."""
    urls = deployed_urls(pytestconfig)
    if urls is not None:
        token = pytestconfig.getoption("--sandbox-admin-token")
        yield SandboxAdmin(urls, token, tokens_from_environment())
        return
    with running_sandbox(tmp_path_factory.mktemp("sandbox")) as running:
        yield running


@contextmanager
def own_dealer(servers: SandboxAdmin) -> Iterator[DemoDealer]:
    """A dealer created on every fake for the block, deleted after it."""
    dealer = servers.new_dealer()
    try:
        yield dealer
    finally:
        servers.delete_dealer(dealer.code_rrdi)


@pytest.fixture(scope="session")
def worker_dealer(
    sandbox_servers: SandboxAdmin, pytestconfig: pytest.Config
) -> Iterator[DemoDealer | None]:
    """On a deployed sandbox with `--sandbox-dealer=worker`: this worker's dealer."""
    if deployed_urls(pytestconfig) is None or dealer_mode(pytestconfig) != "worker":
        yield None
        return
    with own_dealer(sandbox_servers) as dealer:
        yield dealer


@pytest.fixture
def sandbox_dealer(
    sandbox_servers: SandboxAdmin, worker_dealer: DemoDealer | None, pytestconfig: pytest.Config
) -> Iterator[DemoDealer]:
    """The dealer this test declares as: AXILOG DEMO on the local sandbox; on a deployed one,
    a dealer of its own (or of its worker's), in the demo dealers' shapes."""
    if deployed_urls(pytestconfig) is None:
        yield AXILOG
    elif worker_dealer is not None:
        yield worker_dealer
    else:
        with own_dealer(sandbox_servers) as dealer:
            yield dealer


@pytest.fixture
def sandbox(
    sandbox_servers: SandboxAdmin, sandbox_dealer: DemoDealer, pytestconfig: pytest.Config
) -> SandboxAdmin:
    """The fakes for this test, their admin API as methods: the local ones reset to their seed;
    a deployed one scoped to the test's dealer (its data, faults and clock reset; the other
    suites' left alone)."""
    if deployed_urls(pytestconfig) is None:
        sandbox_servers.reset()
        return sandbox_servers
    scoped = sandbox_servers.for_dealer(sandbox_dealer.code_rrdi)
    if dealer_mode(pytestconfig) == "worker":
        scoped.reset()
    return scoped


@pytest.fixture
def centralisateur_client(
    sandbox: SandboxAdmin, sandbox_dealer: DemoDealer
) -> CentralisateurClient:
    """PVO²'s client of the Centralisateur, as the test's dealer (AXILOG DEMO locally)."""
    return CentralisateurClient(sandbox.urls["centralisateur"], *sandbox_dealer.login)


@pytest.fixture
def guidewire_client(sandbox: SandboxAdmin) -> Iterator[GuidewireClient]:
    """PVO²'s client of PSA Assurance's Guidewire, with the demo credentials."""
    with GuidewireClient(sandbox.urls["guidewire"], "pvo2", "pvo2-secret") as client:
        yield client
