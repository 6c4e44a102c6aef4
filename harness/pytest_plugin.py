"""pytest plugin (entry point `pytest11`): the fakes as live servers for any test suite.

    def test_my_dms(sandbox):            # the fakes, reset to their seeded state
        requests.get(sandbox.urls["centralisateur"] + "/api/v1/declarations", auth=...)

    def test_with_pvo_client(centralisateur_client, guidewire_client): ...

The servers start once per test session, and so once per pytest-xdist worker, on free loopback
ports with their own SQLite files; `sandbox` resets them before each test that asks for it.
They are the same waitress servers `pvo-sandbox up` runs.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from harness.servers import Sandbox, start_sandbox
from pvo_client.centralisateur import CentralisateurClient
from pvo_client.guidewire import GuidewireClient


@pytest.fixture(scope="session")
def sandbox_servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    """The fakes for the whole session (one set per xdist worker)."""
    running = start_sandbox(tmp_path_factory.mktemp("sandbox"))
    yield running
    for server in running.servers.values():
        server.stop()


@pytest.fixture
def sandbox(sandbox_servers: Sandbox) -> Sandbox:
    """The fakes, reset to their seeded state for this test."""
    sandbox_servers.reset()
    return sandbox_servers


@pytest.fixture
def centralisateur_client(sandbox: Sandbox) -> CentralisateurClient:
    """PVO²'s client of the Centralisateur, as the demo dealer AXILOG DEMO (953617Z)."""
    return CentralisateurClient(sandbox.urls["centralisateur"], "953617Z", "spoticar")


@pytest.fixture
def guidewire_client(sandbox: Sandbox) -> Iterator[GuidewireClient]:
    """PVO²'s client of PSA Assurance's Guidewire, with the demo credentials."""
    with GuidewireClient(sandbox.urls["guidewire"], "pvo2", "pvo2-secret") as client:
        yield client
