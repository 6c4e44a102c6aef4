"""The sandbox as integrators use it: the pytest plugin against a deployed sandbox, the admin
client, `running_sandbox()` outside pytest, `python -m harness`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import requests

from harness import running_sandbox
from harness.admin_client import AdminError, SandboxAdmin

INTEGRATOR_TEST = """
def test_on_the_deployed_sandbox(sandbox):
    assert sandbox.urls == {urls!r}
    assert sandbox.icare.faults() == []  # reset before the test
    sandbox.icare.add_fault("/api/v1/contracts", "status", status=503)
"""


def _pytest(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_plugin_runs_against_a_deployed_sandbox(tmp_path: Path) -> None:
    with running_sandbox() as deployed:
        deployed.icare.add_fault("/left/over", "status")
        (tmp_path / "test_integrator.py").write_text(
            INTEGRATOR_TEST.format(urls=deployed.urls), encoding="utf-8"
        )
        run = _pytest(tmp_path, *(f"--{name}-url={url}" for name, url in deployed.urls.items()))
        assert "1 passed" in run.stdout, run.stdout + run.stderr
        assert [fault["path"] for fault in deployed.icare.faults()] == ["/api/v1/contracts"]


def test_a_deployed_sandbox_is_given_whole(tmp_path: Path) -> None:
    (tmp_path / "test_integrator.py").write_text(INTEGRATOR_TEST.format(urls={}), encoding="utf-8")
    run = _pytest(tmp_path, "--icare-url=http://127.0.0.1:9")
    assert run.returncode != 0
    assert "il manque --centralisateur-url, --guidewire-url" in run.stderr


def test_the_admin_client_outside_pytest() -> None:
    with running_sandbox() as sandbox:
        assert {name: fake.health()["status"] for name, fake in sandbox.fakes.items()} == {
            "centralisateur": "ok",
            "icare": "ok",
            "guidewire": "ok",
            "pvo2": "ok",
        }
        sandbox.set_today("2031-02-03")
        sandbox.guidewire.add_fault("/job/v1/submissions", "status", status=502, times=1)
        answer = requests.post(f"{sandbox.urls['guidewire']}/job/v1/submissions", timeout=5)
        assert answer.status_code == 502
        assert sandbox.guidewire.journal(status=502)[0]["path"] == "/job/v1/submissions"
        assert sandbox.centralisateur.clock() == {"today": "2031-02-03", "fixed": True}
        with pytest.raises(AdminError, match="icare : l'API d'administration a répondu 422"):
            sandbox.icare.add_fault("/x", "explode")
        sandbox.reset()
        assert sandbox.guidewire.faults() == [] and sandbox.guidewire.journal() == []
        assert sandbox.centralisateur.clock()["fixed"] is False
    with pytest.raises(requests.ConnectionError):
        SandboxAdmin(sandbox.urls).centralisateur.health()


def test_python_dash_m_harness() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "harness", "--version"], capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0
    assert run.stdout.startswith("pvo-sandbox 0.")
