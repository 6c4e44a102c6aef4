"""Case files written by someone else: BDC beside the case, PSA Insurance, clear errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from harness.admin_client import SandboxAdmin
from harness.cases import CaseError, load_case
from harness.cli import main
from harness.replay import describe_replay, replay
from pvo_client.centralisateur import CentralisateurClient

BDC = Path(__file__).resolve().parents[2] / "fixtures" / "bdc"
CASES = BDC.parent / "cases"
PEUGEOT = "8120417-peugeot-208-puretech-allure.json"


def write_case(folder: Path, **case: object) -> Path:
    path = folder / "case.json"
    path.write_text(
        json.dumps(
            {"format": "pvo2-case/1", "ticket": "T-1", "title": "Cas", **case}, ensure_ascii=False
        ),
        encoding="utf-8",
    )
    return path


def test_bdc_beside_the_case_and_psa_insurance(tmp_path: Path, sandbox: SandboxAdmin) -> None:
    shutil.copy(BDC / PEUGEOT, tmp_path / "bdc-du-client.json")
    case = load_case(
        write_case(
            tmp_path,
            bdc="bdc-du-client.json",
            garantisseur="psa",
            bdc_changes={"client.nom": "REFUS", "client.email": "jean.dupond@example.fr"},
            reported={"stage": "psa", "messages": []},
        )
    )
    outcome = replay(case, sandbox)
    assert outcome.reproduced
    assert outcome.result.messages[0].startswith("PSA Assurance refuse d'assurer ce véhicule")
    assert "Déclaration PSA Insurance – BDC n°8120417" in describe_replay(outcome)


def test_a_report_copied_with_other_spaces_still_matches(
    tmp_path: Path, sandbox: SandboxAdmin
) -> None:
    case = load_case(
        write_case(
            tmp_path,
            bdc=PEUGEOT,
            form_changes={"vin": None},
            reported={"stage": "formulaire", "messages": ["Le champ  VIN est\nobligatoire "]},
        )
    )
    assert replay(case, sandbox).reproduced


def test_the_contract_number_of_a_report_is_any_contract_number(
    tmp_path: Path, sandbox: SandboxAdmin
) -> None:
    """The dealer's contract number was given out by production: a replay gets its own."""
    reported = json.loads((CASES / "sup-009-declare-deux-fois.json").read_text(encoding="utf-8"))
    messages = reported["reported"]["messages"]
    reported["reported"]["messages"] = [
        m.replace("IC2025-0000001", "IC2019-7654321") for m in messages
    ]
    shutil.copy(BDC / PEUGEOT, tmp_path / PEUGEOT)
    (tmp_path / "case.json").write_text(json.dumps(reported, ensure_ascii=False), encoding="utf-8")
    outcome = replay(load_case(tmp_path / "case.json"), sandbox)
    assert "IC2019-7654321" not in outcome.result.messages[0]
    assert outcome.reproduced


@pytest.mark.parametrize(
    ("case", "says"),
    [
        ({"bdc": "absent.json", "reported": {"stage": "pvo2"}}, "bon de commande introuvable"),
        ({"bdc": PEUGEOT, "reported": {"stage": "pvo2"}, "commentaire": "x"}, "champs inconnus"),
        ({"bdc": PEUGEOT, "reported": {"stage": "pvo2"}, "garantisseur": "axa"}, "garantisseur"),
        ({"bdc": PEUGEOT}, "cas incomplet"),
    ],
)
def test_a_bad_case_file_is_explained(tmp_path: Path, case: dict[str, object], says: str) -> None:
    with pytest.raises(CaseError, match=says):
        load_case(write_case(tmp_path, **case))


def test_replay_on_running_fakes_touches_only_the_cases_dealer(
    sandbox: SandboxAdmin, valid_form: dict[str, Any]
) -> None:
    other = CentralisateurClient(sandbox.urls["centralisateur"], "751020A", "spoticar")
    other.configure_profile("IC-751020")
    other.submit(other.create_declaration(valid_form, "spoticar").id)
    sandbox.icare.add_fault("/ailleurs", "delay", delay_ms=1)  # an integrator's own fault
    result = CliRunner().invoke(
        main,
        [
            "replay",
            str(CASES / "sup-008-icare-indisponible.json"),
            *(f"--{name}={url}" for name, url in sandbox.urls.items()),
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith(
        "Rejeu sur les fakes en service : seules les données du distributeur 953617Z sont "
        "remises à zéro, les autres distributeurs ne sont pas touchés.\n"
        "La date et les pannes du cas ne valent que pour 953617Z, le temps du rejeu (les pannes "
        "s'éteignent d'elles-mêmes après 15 min), puis sont retirées, même s'il est interrompu "
        "(Ctrl-C, SIGTERM).\nRejeu du cas SUP-008"
    )
    assert len(other.declarations()) == 1
    assert [f["path"] for f in sandbox.icare.faults()] == ["/ailleurs"]
    assert sandbox.centralisateur.clock()["fixed"] is False  # the real date again, as before
