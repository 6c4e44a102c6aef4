"""The kit against DMSs written without `pvo_client` nor the kit (tests/conformance/dms/): plain
Python `requests`, a shell script with `curl`, JavaScript with Node's `fetch`. Each lists its
known mistakes beside it (`<name>.erreurs.json`); the careful one has none.

A DMS runs as a program against the live fakes, then `pvo-sandbox conformance report` judges:
the careful one conforms; each mistake is named by the rule expected, whose evidence names its
vehicle; no other rule fails.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from harness.admin_client import SandboxAdmin
from harness.cli import main
from harness.fakes import BACK_OFFICES

DMS = Path(__file__).parent / "dms"
PROGRAMS = {
    "soigne": [sys.executable, "soigne.py"],
    "presse": ["bash", "presse.sh"],
    "hative": ["node", "hative.mjs"],
}
OPTIONS = {"hative": ["--bdc", str(DMS / "bdc")]}  # its BDC files: what its drafts should carry
DEALER, PASSWORD = "953617Z", "spoticar"
RUN_TIMEOUT = 90  # seconds: a DMS that hangs fails the test, it does not block the suite


def mistakes(name: str) -> list[dict[str, Any]]:
    return json.loads((DMS / f"{name}.erreurs.json").read_text(encoding="utf-8"))


def run_dms(name: str, sandbox: SandboxAdmin) -> None:
    program = PROGRAMS[name]
    if shutil.which(program[0]) is None:
        pytest.fail(f"{program[0]} is missing: `make system-deps` installs it")
    urls = {f"{fake.upper()}_URL": sandbox.urls[fake] for fake in BACK_OFFICES}
    done = subprocess.run(
        program,
        cwd=DMS,
        env={**os.environ, **urls, "DEALER": DEALER, "PASSWORD": PASSWORD},
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, f"{name} stopped:\n{done.stdout}\n{done.stderr}"


def report(sandbox: SandboxAdmin, *options: str) -> tuple[int, dict[str, Any], str]:
    """The report's exit code, its JSON and its text."""
    urls = [f"--{fake}={sandbox.urls[fake]}" for fake in BACK_OFFICES]
    command = ["conformance", "report", "--dealer", DEALER, *options, *urls]
    as_json = CliRunner().invoke(main, [*command, "--json"])
    as_text = CliRunner().invoke(main, command)
    assert as_json.exit_code == as_text.exit_code, as_text.output
    return as_json.exit_code, json.loads(as_json.output), as_text.output


def failed_rules(verdict: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    return {r["code"]: r["calls"] for r in verdict["rules"] if r["status"] == "échoué"}


def test_the_careful_dms_conforms_with_no_failed_rule(sandbox: SandboxAdmin) -> None:
    assert mistakes("soigne") == []
    run_dms("soigne", sandbox)
    code, verdict, text = report(sandbox)
    assert (code, failed_rules(verdict)) == (0, {}), text
    observed = {r["code"] for r in verdict["rules"] if r["status"] == "réussi"}
    assert {
        "AUTH-BASIC",
        "BROUILLON-COMPLET",
        "422-CORRIGE",
        "PAS-DE-RAFALE",
        "RETRY-AFTER",
        "CONTRAT-EN-ATTENTE",
        "BDC-UNIQUE",
        "GW-JETON",
        "PSA-COMPTE",
        "PSA-CHECKSUM",
        "PSA-TRANSACTION",
    } <= observed, text


@pytest.mark.parametrize("name", ["presse", "hative"])
def test_each_known_mistake_is_named_by_its_rule_with_its_vehicle_and_no_other(
    name: str, sandbox: SandboxAdmin
) -> None:
    run_dms(name, sandbox)
    code, verdict, text = report(sandbox, *OPTIONS.get(name, []))
    failed = failed_rules(verdict)
    expected = {rule for mistake in mistakes(name) for rule in mistake["regles"]}
    assert (code, set(failed)) == (1, expected), text
    for mistake in mistakes(name):
        for rule in mistake["regles"]:
            vehicles = [(c["vehicle"]["vin"], c["vehicle"]["plate"]) for c in failed[rule]]
            assert (mistake["vin"], mistake["immatriculation"]) in vehicles, (mistake, text)
            assert (
                f"véhicule VIN {mistake['vin']}, immatriculation {mistake['immatriculation']}"
                in text
            )


def test_the_mistakes_are_many_and_different() -> None:
    found = [m for name in PROGRAMS for m in mistakes(name)]
    assert len({m["erreur"] for m in found}) == len(found) >= 8
    assert len({rule for m in found for rule in m["regles"]}) >= 8


def test_an_empty_run_exits_2(sandbox: SandboxAdmin) -> None:
    code, verdict, text = report(sandbox)
    assert (code, verdict["empty"]) == (2, True)
    assert text.splitlines()[-1].startswith("Verdict : rien à juger, aucun appel du point de vente")
