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
from harness.admin_client import FakeAdmin


def test_on_the_deployed_sandbox(sandbox, sandbox_dealer, conformance):
    assert sandbox.urls == {urls!r}
    assert sandbox.dealer == sandbox_dealer.code_rrdi
    assert sandbox_dealer.code_rrdi not in ("953617Z", "751020A")
    assert conformance.dealer == sandbox_dealer.code_rrdi
    assert sandbox.icare.faults() == [LEFT_OVER]  # another suite's: not reset
    fault = sandbox.icare.add_fault("/api/v1/contracts", "status", status=503)
    assert fault["dealer"] == sandbox_dealer.code_rrdi
    sandbox.set_today("2031-02-03")
    assert sandbox.icare.clock() == {{"today": "2031-02-03", "fixed": True}}
    whole = FakeAdmin(sandbox.urls["icare"]).clock()  # the fake's own: the others keep theirs
    assert whole["fixed"] is False
"""
WORKER_TESTS = """
SEEN = []


def test_first(sandbox, sandbox_dealer):
    SEEN.append(sandbox_dealer.code_rrdi)
    sandbox.icare.add_fault("/api/v1/contracts", "status", status=503)


def test_second(sandbox, sandbox_dealer):
    assert SEEN == [sandbox_dealer.code_rrdi]  # the worker's dealer again
    assert [f["dealer"] for f in sandbox.icare.faults()] == ["953617Z"]  # its own reset
"""


def _pytest(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _deployed_args(urls: dict[str, str]) -> list[str]:
    return [f"--{name}-url={url}" for name, url in urls.items()]


def test_the_plugin_runs_against_a_deployed_sandbox(tmp_path: Path) -> None:
    """Each test has a dealer of its own there, deleted after it; the rest is left alone."""
    with running_sandbox() as deployed:
        left_over = deployed.icare.add_fault("/left/over", "status")
        (tmp_path / "test_integrator.py").write_text(
            f"LEFT_OVER = {left_over!r}\n" + INTEGRATOR_TEST.format(urls=deployed.urls),
            encoding="utf-8",
        )
        run = _pytest(tmp_path, *_deployed_args(deployed.urls))
        assert "1 passed" in run.stdout, run.stdout + run.stderr
        assert deployed.icare.faults() == [left_over]
        assert list(deployed.dealers()) == ["953617Z", "751020A"]


def test_one_dealer_per_worker_reset_before_each_test(tmp_path: Path) -> None:
    with running_sandbox() as deployed:
        deployed.icare.add_fault("/api/v1/contracts", "status", dealer="953617Z")
        (tmp_path / "test_worker.py").write_text(WORKER_TESTS, encoding="utf-8")
        run = _pytest(tmp_path, "--sandbox-dealer=worker", *_deployed_args(deployed.urls))
        assert "2 passed" in run.stdout, run.stdout + run.stderr
        assert list(deployed.dealers()) == ["953617Z", "751020A"]


def test_a_dealer_mode_other_than_test_or_worker_is_refused(tmp_path: Path) -> None:
    (tmp_path / "test_integrator.py").write_text("def test_nothing(): pass\n", encoding="utf-8")
    run = _pytest(tmp_path, "-o", "sandbox_dealer=suite")
    assert run.returncode == 4
    assert (
        "sandbox_dealer = « suite » : choisissez test (un distributeur par test) ou worker "
        "(un par worker)."
    ) in run.stderr


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
