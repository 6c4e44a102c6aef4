"""`pvo-sandbox declare` end to end against the fakes on loopback: exit codes, French, JSON."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from harness.admin_client import SandboxAdmin
from harness.cli import main

BDC = Path(__file__).resolve().parents[2] / "fixtures" / "bdc"
PEUGEOT = str(BDC / "8120417-peugeot-208-puretech-allure.json")
OPEN_BDC = str(BDC / "7400056-ds3-crossback-puretech-ouvert.json")


def declare(sandbox: SandboxAdmin, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        main,
        [
            "declare",
            *args,
            "--centralisateur",
            sandbox.urls["centralisateur"],
            "--guidewire",
            sandbox.urls["guidewire"],
        ],
    )
    return result.exit_code, result.output


def test_first_connection_then_declared_with_its_contract(sandbox: SandboxAdmin) -> None:
    code, output = declare(sandbox, PEUGEOT)
    assert code == 1
    assert "Première connexion : le profil n'est pas configuré" in output
    code, output = declare(sandbox, PEUGEOT, "--configure-profile")
    assert code == 0, output
    assert "✔ Confirmation de la déclaration sur le centralisateur : n° DEC" in output
    assert "✔ Confirmation de la création du contrat Icare : n° IC" in output
    assert "Imprimer le relevé d'information : http" in output


def test_refusal_exits_1_with_the_dealers_message_and_json(sandbox: SandboxAdmin) -> None:
    code, output = declare(sandbox, OPEN_BDC, "--json")
    assert code == 1
    result = json.loads(output)
    assert result["accepted"] is False and result["stage"] == "pvo2"
    assert result["messages"][0].startswith("Le bon de commande n°7400056 n'est pas clôturé")


def test_psa_insurance_gives_a_policy(sandbox: SandboxAdmin) -> None:
    code, output = declare(sandbox, PEUGEOT, "--garantisseur", "psa")
    assert code == 0, output
    assert "✔ Contrat PSA Assurance émis : police n° PSAVO" in output


def test_declare_reuses_the_client_fixture(sandbox: SandboxAdmin, centralisateur_client) -> None:  # type: ignore[no-untyped-def]
    declare(sandbox, PEUGEOT, "--configure-profile")
    declared = centralisateur_client.declarations()
    assert [d.status for d in declared] == ["déclarée"]
    assert declared[0].contract_number
