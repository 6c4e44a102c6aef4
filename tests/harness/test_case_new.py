"""`pvo-sandbox case new`: a refused declaration in the journal of the Centralisateur (API or
portal) or of the PVO² desk (a BDC file) becomes a case that `pvo-sandbox replay` reproduces,
with or without the client's personal data; an entry that makes no case is said in French."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import requests
from click.testing import CliRunner, Result

from fake_pvo2.store import DEMO_PASSWORD, demo_login
from harness.admin_client import SandboxAdmin
from harness.anonymise import Anonymiser
from harness.cli import main
from pvo_client.bdc_file import read_bdc
from pvo_client.centralisateur import CentralisateurClient
from pvo_client.flow import declare, hand_over
from pvo_client.mapping import build_prefill
from sandbox.dealers import AXILOG
from sandbox.magic import ICARE_BLOCKED_VIN

BDC_FILE = (
    Path(__file__).resolve().parents[2]
    / "fixtures"
    / "bdc"
    / "8120417-peugeot-208-puretech-allure.json"
)
BDC = read_bdc(BDC_FILE)
BAD_VIN = "VR3UHZKXZPT5O2345"
VIN_MESSAGE = "Le VIN doit compter 17 caractères, chiffres et lettres sauf I, O et Q"
# The client of the BDC above, as the DMS sent it: none of it may stay in an anonymised case.
PERSONAL = ("Dupond", "Jean", "Rue Spoticar", "0102030405", "0607080910", "17/05/1960", "Tours")


@pytest.fixture
def dealer(sandbox: SandboxAdmin) -> CentralisateurClient:
    """AXILOG DEMO on the tutorial's day, its Profil filled, its journal empty."""
    sandbox.set_today("2025-11-30")
    client = CentralisateurClient(sandbox.urls["centralisateur"], *AXILOG.login)
    client.configure_profile(AXILOG.icare_id)
    return client


def case_new(sandbox: SandboxAdmin, *args: str) -> Result:
    return CliRunner().invoke(
        main, ["case", "new", "--centralisateur", sandbox.urls["centralisateur"], *args]
    )


def replay(sandbox: SandboxAdmin, case_file: Path) -> Result:
    urls = sandbox.urls
    return CliRunner().invoke(
        main,
        [
            "replay",
            str(case_file),
            *("--centralisateur", urls["centralisateur"]),
            *("--icare", urls["icare"]),
            *("--guidewire", urls["guidewire"]),
        ],
    )


def written(case_file: Path) -> dict[str, Any]:
    return json.loads(case_file.read_text(encoding="utf-8"))


def test_a_form_refused_by_the_api_is_reproduced(
    sandbox: SandboxAdmin, dealer: CentralisateurClient, tmp_path: Path
) -> None:
    refused = declare(BDC, dealer, form_changes={"vin": BAD_VIN, "immatriculation": None})
    assert refused.stage == "formulaire"

    made = case_new(sandbox, "--output", str(tmp_path / "ticket.json"))

    assert made.exit_code == 0, made.output
    case = written(tmp_path / "ticket.json")
    assert case["bdc"] == "ticket-bdc.json"
    assert (tmp_path / "ticket-bdc.json").is_file()
    assert case["dealer"]["code_rrdi"] == AXILOG.code_rrdi
    assert case["today"] == "2025-11-30"
    assert case["form_changes"]["vin"] == BAD_VIN
    bdc = written(tmp_path / "ticket-bdc.json")  # generated, saying who and what was declared
    assert (bdc["client"]["nom"], bdc["vehicule"]["marque"]) == ("Dupond", "PEUGEOT")
    assert case["reported"] == {
        "stage": "formulaire",
        "messages": ["Le champ immatriculation est obligatoire", VIN_MESSAGE],
    }
    replayed = replay(sandbox, tmp_path / "ticket.json")
    assert replayed.exit_code == 0, replayed.output
    assert "✔ Reproduit" in replayed.output


def test_an_icare_refusal_sent_at_once_is_reproduced(
    sandbox: SandboxAdmin, dealer: CentralisateurClient, tmp_path: Path
) -> None:
    sent = {**build_prefill(BDC), "vin": ICARE_BLOCKED_VIN}
    answer = requests.post(
        f"{sandbox.urls['centralisateur']}/api/v1/declarations?submit=true",
        json={"fields": sent, "commercial_warranty": "spoticar"},
        auth=AXILOG.login,
        timeout=10,
    )
    assert answer.status_code == 422
    # A later entry, not a refusal: the latest refused declaration is the one taken.
    requests.get(f"{sandbox.urls['centralisateur']}/api/v1/profile", auth=AXILOG.login, timeout=10)

    made = case_new(sandbox, "--dealer", AXILOG.code_rrdi, "--output", str(tmp_path / "c.json"))

    assert made.exit_code == 0, made.output
    reported = written(tmp_path / "c.json")["reported"]
    assert reported == {"stage": "icare", "messages": [answer.json()["message"]]}
    assert "✔ Reproduit" in replay(sandbox, tmp_path / "c.json").output


def _refused_on_the_portal(
    base: str, dealer: CentralisateurClient, changes: dict[str, str]
) -> None:
    """The dealer opens PVO²'s window, chooses Spoticar and posts the form with `changes`."""
    draft = hand_over(BDC, dealer)
    browser = requests.Session()

    def csrf(page: requests.Response) -> str:
        found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert found, page.text
        return found[1]

    page_one = browser.get(draft.form_url, timeout=10)
    browser.post(
        f"{base}/declarations/{draft.id}",
        data={"garantisseur": "spoticar", "csrf_token": csrf(page_one)},
        timeout=10,
    )
    form = browser.get(f"{base}/declarations/{draft.id}/formulaire", timeout=10)
    typed = {**draft.fields, **changes, "csrf_token": csrf(form)}
    refused = browser.post(f"{base}/declarations/{draft.id}/formulaire", data=typed, timeout=10)
    assert refused.status_code == 422


BLOCKED = "Véhicule non éligible à la garantie SPOTICAR PREMIUM : le VIN {} est bloqué chez Icare"


@pytest.mark.parametrize(
    ("typed", "stage", "said"),
    [
        (
            {"nom": "", "vin": BAD_VIN},
            "formulaire",
            ["Le champ nom est obligatoire", VIN_MESSAGE],
        ),
        ({"vin": ICARE_BLOCKED_VIN}, "icare", [BLOCKED.format(ICARE_BLOCKED_VIN)]),
    ],
)
def test_a_form_refused_on_the_portal_is_reproduced(
    sandbox: SandboxAdmin,
    dealer: CentralisateurClient,
    tmp_path: Path,
    typed: dict[str, str],
    stage: str,
    said: list[str],
) -> None:
    _refused_on_the_portal(sandbox.urls["centralisateur"], dealer, typed)

    made = case_new(sandbox, "--output", str(tmp_path / "portail.json"))

    assert made.exit_code == 0, made.output
    reported = written(tmp_path / "portail.json")["reported"]
    assert reported["stage"] == stage
    assert [line[: len(s)] for line, s in zip(reported["messages"], said, strict=True)] == said
    assert "✔ Reproduit" in replay(sandbox, tmp_path / "portail.json").output


def test_an_anonymised_case_holds_no_personal_data_and_still_reproduces(
    sandbox: SandboxAdmin, dealer: CentralisateurClient, tmp_path: Path
) -> None:
    declare(BDC, dealer, form_changes={"vin": BAD_VIN, "immatriculation": "AB-123-CD"})
    case_file = tmp_path / "anonyme.json"

    made = case_new(sandbox, "--anonymise", "--seed", "7", "--output", str(case_file))

    assert made.exit_code == 0, made.output
    files = case_file.read_text(encoding="utf-8") + (tmp_path / "anonyme-bdc.json").read_text(
        encoding="utf-8"
    )
    for value in (*PERSONAL, BAD_VIN, "AB-123-CD"):
        assert value not in files
    changes = written(case_file)["form_changes"]
    vehicle = written(tmp_path / "anonyme-bdc.json")["vehicule"]
    assert re.fullmatch(r"[A-Z]{2}-\d{3}-[A-Z]{2}", vehicle["immatriculation"])
    assert "O" in changes["vin"] and len(changes["vin"]) == len(BAD_VIN)  # still refused
    assert "✔ Reproduit" in replay(sandbox, case_file).output

    again = case_new(sandbox, "--anonymise", "--seed", "7", "--output", str(tmp_path / "b.json"))
    assert again.exit_code == 0, again.output
    assert written(tmp_path / "b.json")["form_changes"] == changes


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--entry", "{accepted}"), "a été acceptée (200) : il n'y a pas de refus à reproduire"),
        (("--entry", "{profile}"), "n'est pas une déclaration"),
        (("--entry", "99999"), "L'entrée n° 99999 n'est pas dans le journal du Centralisateur"),
        (("--dealer", "751020A"), "Aucune déclaration refusée du distributeur 751020A"),
    ],
)
def test_an_entry_that_makes_no_case_is_said_and_nothing_is_written(
    sandbox: SandboxAdmin,
    dealer: CentralisateurClient,
    tmp_path: Path,
    args: tuple[str, ...],
    said: str,
) -> None:
    draft = hand_over(BDC, dealer)
    dealer.update_declaration(draft.id, {"km_vente": "12500"})
    entries = {e["method"]: e["id"] for e in sandbox.centralisateur.journal()}
    given = [a.format(accepted=entries["PATCH"], profile=entries["PUT"]) for a in args]

    made = case_new(sandbox, *given, "--output", str(tmp_path / "cas.json"))

    assert made.exit_code == 1
    assert made.output.startswith("✘ ") and said in made.output
    assert made.output.count("\n") == 1 and "Traceback" not in made.output
    assert list(tmp_path.iterdir()) == []


def test_an_existing_case_is_not_replaced_without_force(
    sandbox: SandboxAdmin, dealer: CentralisateurClient, tmp_path: Path
) -> None:
    declare(BDC, dealer, form_changes={"vin": BAD_VIN})
    (tmp_path / "cas.json").write_text("{}", encoding="utf-8")

    kept = case_new(sandbox, "--output", str(tmp_path / "cas.json"))

    assert kept.exit_code == 1
    assert "existe déjà : --force pour le remplacer" in kept.output
    assert (tmp_path / "cas.json").read_text(encoding="utf-8") == "{}"
    assert case_new(sandbox, "--output", str(tmp_path / "cas.json"), "--force").exit_code == 0


def test_anonymised_messages_say_the_new_values() -> None:
    anonymiser = Anonymiser(seed=3, today=date(2025, 11, 30))
    values = anonymiser.values({"immatriculation": "AB-123-CD", "nom": "Dupond", "vin": "VF3X"})

    assert values["immatriculation"] != "AB-123-CD" and values["nom"] != "Dupond"
    assert values["vin"] != "VF3X" and len(values["vin"]) == 4  # refused, and still refused
    assert anonymiser.text("Le véhicule AB-123-CD de M. Dupond") == (
        f"Le véhicule {values['immatriculation']} de M. {values['nom']}"
    )
    assert Anonymiser(seed=3, today=date(2025, 11, 30)).values({"vin": ICARE_BLOCKED_VIN}) == {
        "vin": ICARE_BLOCKED_VIN
    }


def test_a_declaration_before_the_profile_is_configured_is_reproduced(
    sandbox: SandboxAdmin, tmp_path: Path
) -> None:
    answer = requests.post(
        f"{sandbox.urls['centralisateur']}/api/v1/declarations?submit=true",
        json={"fields": build_prefill(BDC)},
        auth=AXILOG.login,
        timeout=10,
    )
    assert answer.json()["error_code"] == "PROFILE_NOT_CONFIGURED"

    made = case_new(sandbox, "--output", str(tmp_path / "profil.json"))

    assert made.exit_code == 0, made.output
    case = written(tmp_path / "profil.json")
    assert (case["profile"], case["reported"]["stage"]) == (None, "profil")
    assert "✔ Reproduit" in replay(sandbox, tmp_path / "profil.json").output


@pytest.mark.parametrize("anonymised", [False, True])
def test_a_bdc_file_refused_by_the_desk_is_the_case_s_bdc(
    sandbox: SandboxAdmin, tmp_path: Path, anonymised: bool
) -> None:
    sent = json.loads(BDC_FILE.read_text(encoding="utf-8"))
    sent["vehicule"]["vin"] = BAD_VIN
    sent["client"]["email"] = "jean.dupond-chez-lui"
    refused = requests.post(
        f"{sandbox.urls['pvo2']}/api/v1/bdcs",
        json=sent,
        auth=(demo_login(AXILOG.code_rrdi), DEMO_PASSWORD),
        timeout=10,
    )
    assert refused.status_code == 422
    case_file = tmp_path / "import.json"

    made = case_new(
        sandbox,
        "--pvo2",
        sandbox.urls["pvo2"],
        "--dealer",
        AXILOG.code_rrdi,
        "--ticket",
        "SUP-77",
        "--output",
        str(case_file),
        *(["--anonymise", "--seed", "11"] if anonymised else []),
    )

    assert made.exit_code == 0, made.output
    case, bdc = written(case_file), written(tmp_path / "import-bdc.json")
    assert case["reported"]["stage"] == "pvo2"
    assert case["reported"]["messages"][0].startswith("Le fichier BDC SUP-77 est invalide")
    if anonymised:
        files = case_file.read_text(encoding="utf-8") + json.dumps(bdc, ensure_ascii=False)
        for value in (*PERSONAL, BAD_VIN, "jean.dupond-chez-lui", "AA-000-AA"):
            assert value not in files
        assert "@" not in bdc["client"]["email"]  # refused, and still refused
    else:
        assert bdc == sent
    replayed = replay(sandbox, case_file)
    assert "✔ Reproduit" in replayed.output, replayed.output


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ("--centralisateur", "http://127.0.0.1:9"),
            "Impossible de joindre http://127.0.0.1:9/__admin/journal",
        ),
        (("--entry", "3", "--dealer", AXILOG.code_rrdi), "l'un ou l'autre"),
    ],
)
def test_a_command_that_cannot_start_says_why(
    tmp_path: Path, args: tuple[str, ...], said: str
) -> None:
    made = CliRunner().invoke(main, ["case", "new", *args, "--output", str(tmp_path / "c.json")])

    assert made.exit_code != 0
    assert made.output.startswith("✘ ") and said in made.output and made.output.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_a_contract_already_in_force_is_declared_twice_in_the_case(
    sandbox: SandboxAdmin, dealer: CentralisateurClient, tmp_path: Path
) -> None:
    assert declare(BDC, dealer).accepted
    second = declare(BDC, dealer)
    assert second.error_code == "CONTRACT_IN_FORCE"

    made = case_new(sandbox, "--output", str(tmp_path / "deux-fois.json"))

    assert made.exit_code == 0, made.output
    case = written(tmp_path / "deux-fois.json")
    assert (case["repeat"], case["reported"]) == (2, {"stage": "icare", "messages": []})
    assert second.messages[0] in case["title"]  # its contract number is the first replay's own
    assert "✔ Reproduit" in replay(sandbox, tmp_path / "deux-fois.json").output
