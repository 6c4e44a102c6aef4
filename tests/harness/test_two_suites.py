"""Two test suites at once on one deployed sandbox (`pvo-sandbox up`, on PostgreSQL and on
SQLite): each declares with an Icare outage and a date of its own, and neither sees the
other's. The suites meet at each step (files in a shared folder), so that each one's fault and
clock are in force while the other declares."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from harness.admin_client import SandboxAdmin
from tests.reliability.conftest import RunningSandbox, free_port

SUITE = '''
import os
import time
from pathlib import Path

from harness.demo import DEMO_DECLARATION

SYNC = Path(os.environ["TWO_SUITES_SYNC"])
ROLE = os.environ["TWO_SUITES_ROLE"]
OTHER = {"a": "b", "b": "a"}[ROLE]
YEAR = {"a": 2031, "b": 2032}[ROLE]


def meet(step):
    """Wait until the other suite reached this step too."""
    (SYNC / f"{ROLE}-{step}").touch()
    deadline = time.monotonic() + 120
    while not (SYNC / f"{OTHER}-{step}").exists():
        assert time.monotonic() < deadline, f"the other suite never reached step {step}"
        time.sleep(0.05)


def declare(client, dealer, index):
    fields = {
        **DEMO_DECLARATION,
        "vin": f"VR3{ord(ROLE)}{index:012d}",
        "vendeur": f"SP{dealer.code_rrdi}103833712",
    }
    return client.submit(client.create_declaration(fields, "spoticar").id)


def test_declares_with_its_own_outage_and_date(sandbox, sandbox_dealer, centralisateur_client):
    assert sandbox_dealer.code_rrdi not in ("953617Z", "751020A")
    sandbox.set_today(f"{YEAR}-03-15")
    sandbox.icare.add_fault("/api/v1/contracts", "status", status=503)
    centralisateur_client.configure_profile(sandbox_dealer.icare_id)
    meet(1)
    first = declare(centralisateur_client, sandbox_dealer, 1)
    assert (first.contract_status, first.number[:8]) == ("en attente", f"DEC{YEAR}-")
    meet(2)
    if ROLE == "a":
        sandbox.icare.clear_faults()
        second = declare(centralisateur_client, sandbox_dealer, 2)
        assert (second.contract_status, second.contract_number[:7]) == ("créé", f"IC{YEAR}-")
        meet(3)
    else:
        meet(3)  # the other suite removed its own fault: this one's holds
        second = declare(centralisateur_client, sandbox_dealer, 2)
        assert second.contract_status == "en attente"
        sandbox.icare.clear_faults()
        third = declare(centralisateur_client, sandbox_dealer, 3)
        assert (third.contract_status, third.contract_number[:7]) == ("créé", f"IC{YEAR}-")
'''


@pytest.fixture
def deployed(tmp_path: Path, database_url: str) -> Iterator[RunningSandbox]:
    """`pvo-sandbox up` on free ports, its four fakes on the one database given."""
    env = {"DATABASE_URL": database_url} if database_url.startswith("postgresql") else {}
    running = RunningSandbox(
        tmp_path / "data",
        {name: free_port() for name in ("centralisateur", "icare", "guidewire", "pvo2")},
        args=("--workers", "1"),
        env=env,
    )
    running.start()
    yield running
    running.stop()


def test_two_suites_at_once_on_one_sandbox(deployed: RunningSandbox, tmp_path: Path) -> None:
    suite = tmp_path / "suite" / "test_shared.py"
    suite.parent.mkdir()
    suite.write_text(SUITE, encoding="utf-8")
    sync = tmp_path / "sync"
    sync.mkdir()
    urls = [f"--{name}-url={deployed.url(name)}" for name in deployed.ports]
    runs = {
        role: subprocess.Popen(
            [
                sys.executable,
                "-m",
                "pytest",
                str(suite),
                "-q",
                "-p",
                "no:cacheprovider",
                *urls,
                *mode,
            ],
            cwd=suite.parent,
            env={
                **{k: v for k, v in os.environ.items() if k != "PYTEST_ADDOPTS"},
                "TWO_SUITES_SYNC": str(sync),
                "TWO_SUITES_ROLE": role,
            },
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for role, mode in (("a", ()), ("b", ("--sandbox-dealer=worker",)))
    }
    outputs = {role: run.communicate(timeout=300)[0] for role, run in runs.items()}
    for role, run in runs.items():
        assert run.returncode == 0, f"suite {role}:\n{outputs[role]}"
        assert "1 passed" in outputs[role], outputs[role]
    admin = SandboxAdmin({name: deployed.url(name) for name in deployed.ports})
    assert list(admin.dealers()) == ["953617Z", "751020A"]  # each suite deleted its dealer
    assert admin.icare.faults() == []
    assert admin.centralisateur.clock()["fixed"] is False
