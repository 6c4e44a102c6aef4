"""`replay` on running fakes leaves nothing behind: its faults are tagged, scoped to the case's
dealer and end by themselves; a second replay is refused while one holds the lease; SIGINT and
SIGTERM put back what it changed; every fake's admin access, each with its own token, is
checked before anything changes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from harness import replay as replay_module
from harness.admin_client import SandboxAdmin
from harness.cases import Case, load_case
from harness.cli import main
from harness.replay import ReplayRefused, replay
from pvo_client.centralisateur import CentralisateurClient
from sandbox.dealers import AXILOG

CASE = (
    Path(__file__).resolve().parents[2] / "fixtures" / "cases" / "sup-008-icare-indisponible.json"
)


@pytest.fixture
def case() -> Case:
    return load_case(CASE)


@pytest.fixture
def others_state(sandbox: SandboxAdmin) -> dict[str, Any]:
    """What other users of the sandbox set: a fault, a clock for their dealer."""
    fault = sandbox.icare.add_fault("/api/v1/contracts", "delay", delay_ms=1, dealer="751020A")
    sandbox.icare.set_today("2030-05-06", dealer="751020A")
    return fault


def _left_as_before(sandbox: SandboxAdmin, others_fault: dict[str, Any]) -> None:
    assert sandbox.icare.faults() == [others_fault]
    assert sandbox.icare.clock("751020A") == {"today": "2030-05-06", "fixed": True}
    assert sandbox.icare.clock(AXILOG.code_rrdi)["fixed"] is False
    assert sandbox.centralisateur.clock(AXILOG.code_rrdi)["fixed"] is False
    assert {fake.lease()["holder"] for fake in sandbox.fakes.values()} == {None}


def test_its_faults_are_tagged_scoped_ending_and_removed_alone(
    sandbox: SandboxAdmin, case: Case, others_state: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, Any] = {}
    play = replay_module.run_case

    def watched(case: Case, urls: dict[str, str]) -> Any:
        seen["faults"] = sandbox.icare.faults()
        seen["clock"] = sandbox.icare.clock(AXILOG.code_rrdi)
        seen["leases"] = [fake.lease()["holder"] for fake in sandbox.fakes.values()]
        return play(case, urls)

    monkeypatch.setattr(replay_module, "run_case", watched)
    outcome = replay(case, sandbox)

    assert outcome.reproduced
    others, mine = seen["faults"]
    assert others == others_state
    assert mine["dealer"] == AXILOG.code_rrdi
    assert mine["tag"].startswith("rejeu-") and len(mine["tag"]) == len("rejeu-") + 12
    assert mine["expires_at"] > time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 840))
    assert mine["expires_at"] <= time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 900))
    assert seen["clock"] == {"today": "2025-11-30", "fixed": True}
    assert len(set(seen["leases"])) == 1 and seen["leases"][0].startswith("rejeu SUP-008 (")
    _left_as_before(sandbox, others_state)


def test_a_second_replay_is_refused_while_one_holds_the_lease(
    sandbox: SandboxAdmin, case: Case, others_state: dict[str, Any]
) -> None:
    client = CentralisateurClient(sandbox.urls["centralisateur"], *AXILOG.login)
    client.configure_profile(AXILOG.icare_id)
    holder = "rejeu SUP-001 (lea@poste-2 pid 42)"
    until = sandbox.guidewire.take_lease(holder, 60)["until"]
    try:
        with pytest.raises(ReplayRefused) as refused:
            replay(case, sandbox)
        leases = {name: fake.lease()["holder"] for name, fake in sandbox.fakes.items()}
    finally:
        sandbox.guidewire.give_back_lease(holder)

    assert str(refused.value) == (
        f"Rejeu refusé (il n'attend pas son tour) : Le sandbox est déjà tenu par « {holder} » "
        f"jusqu'à {until} (UTC) : attendez qu'il le rende. Relancez-le ensuite."
    )
    assert client.profile().profile_configured is True  # its dealer was not reset
    assert leases == {"centralisateur": None, "icare": None, "guidewire": holder, "pvo2": None}
    _left_as_before(sandbox, others_state)


def test_a_lease_ends_by_itself_and_is_given_back_by_its_holder_only(
    sandbox: SandboxAdmin,
) -> None:
    sandbox.icare.take_lease("a", 1)
    with pytest.raises(Exception) as held:
        sandbox.icare.give_back_lease("b")
    assert getattr(held.value, "error_code", None) == "LEASE_HELD"
    assert sandbox.icare.take_lease("a", 60)["holder"] == "a"  # renewed by its holder
    sandbox.icare.give_back_lease("a")
    sandbox.icare.take_lease("a", 1)
    time.sleep(2.1)
    assert sandbox.icare.lease() == {"holder": None, "until": None}
    assert sandbox.icare.take_lease("b", 60)["holder"] == "b"
    sandbox.icare.give_back_lease("b")


@pytest.fixture
def slow_case(tmp_path: Path) -> Path:
    """SUP-008 with a Centralisateur that takes 20 s to take the declaration: the replay is
    caught in the middle, its faults and date in force."""
    case = json.loads(CASE.read_text(encoding="utf-8"))
    case["faults"]["centralisateur"] = [
        {"path": "/api/v1/declarations", "method": "POST", "action": "delay", "delay_ms": 20_000}
    ]
    case["bdc"] = str(CASE.parents[1] / "bdc" / case["bdc"])
    path = tmp_path / "lent.json"
    path.write_text(json.dumps(case), encoding="utf-8")
    return path


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_stopped_it_puts_back_what_it_changed(
    sandbox: SandboxAdmin, others_state: dict[str, Any], slow_case: Path, stop: signal.Signals
) -> None:
    run = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "pvo-sandbox"),
            "replay",
            str(slow_case),
            *(f"--{name}={url}" for name, url in sandbox.urls.items()),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={k: v for k, v in os.environ.items() if not k.endswith("ADMIN_TOKEN")},
    )
    deadline = time.monotonic() + 30
    while not any(f.get("tag") for f in sandbox.centralisateur.faults()):
        assert time.monotonic() < deadline and run.poll() is None, run.communicate()
        time.sleep(0.05)
    time.sleep(1)  # the declaration is under way, held by the delay
    assert run.poll() is None
    run.send_signal(stop)
    _, err = run.communicate(timeout=15)
    assert (run.returncode, err) == (1, "\n✘ Interrompu.\n")  # after the ^C, on its line
    assert sandbox.centralisateur.faults() == []
    _left_as_before(sandbox, others_state)


def test_every_fakes_access_is_checked_first_with_its_own_token(
    one_token_per_fake: SandboxAdmin, monkeypatch: pytest.MonkeyPatch
) -> None:
    sandbox = one_token_per_fake
    tokens = {name: fake.token or "" for name, fake in sandbox.fakes.items()}
    client = CentralisateurClient(sandbox.urls["centralisateur"], *AXILOG.login)
    client.configure_profile(AXILOG.icare_id)
    monkeypatch.delenv("PVO_SANDBOX_ADMIN_TOKEN", raising=False)
    for name, token in tokens.items():
        monkeypatch.setenv(f"{name.upper()}_ADMIN_TOKEN", token)
    monkeypatch.setenv("PVO2_ADMIN_TOKEN", "pas-le-bon-jeton-0123456789")
    where = [f"--{name}={url}" for name, url in sandbox.urls.items()]

    refused = CliRunner().invoke(main, ["replay", str(CASE), *where])

    assert refused.exit_code == 1
    assert refused.stderr.splitlines()[-1] == (
        "✘ pvo2 : l'API d'administration a répondu 401 (API d'administration : l'en-tête "
        "« Authorization: Bearer <jeton d'administration> » est requis.)"
    )
    assert client.profile().profile_configured is True  # nothing was reset
    assert sandbox.centralisateur.faults() == []

    monkeypatch.setenv("PVO2_ADMIN_TOKEN", tokens["pvo2"])
    played = CliRunner().invoke(main, ["replay", str(CASE), *where])
    assert played.exit_code == 0, played.output
    assert sandbox.icare.faults() == []


def test_through_a_client_scoped_to_another_dealer_it_still_cleans_up(
    sandbox: SandboxAdmin, case: Case, others_state: dict[str, Any]
) -> None:
    """The plugin's `sandbox` on a deployed sandbox is scoped to the test's dealer; the case
    names its own."""
    assert replay(case, sandbox.for_dealer("123456B")).reproduced
    _left_as_before(sandbox, others_state)
