"""`pvo-sandbox conformance` on the live fakes: the scenario sets the faults and says what to do,
the report judges, writes its files and exits 1 when a rule fails."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree

import requests
from click.testing import CliRunner, Result

from harness.admin_client import SandboxAdmin
from harness.cli import main
from harness.conformance.rules import RULES
from harness.fakes import BACK_OFFICES
from pvo_client.bdc_file import read_bdc, write_bdc
from pvo_client.centralisateur import CentralisateurClient
from pvo_client.guidewire import GuidewireClient
from pvo_client.mapping import build_prefill
from tests.conformance import plays
from tests.pvo_client.pvo_paths import PEUGEOT


def run(sandbox: SandboxAdmin, *args: str) -> Result:
    urls = [f"--{name}={sandbox.urls[name]}" for name in BACK_OFFICES]
    return CliRunner().invoke(main, ["conformance", *args, *urls])


def test_scenario_list_names_every_situation_and_its_rules(sandbox: SandboxAdmin) -> None:
    result = run(sandbox, "scenario", "--list")
    assert result.exit_code == 0
    assert "icare-indisponible      Icare indisponible pour le prochain contrat" in result.output
    assert "CONTRAT-EN-ATTENTE" in result.output


def test_a_scenario_sets_its_faults_and_says_what_the_dms_must_do(sandbox: SandboxAdmin) -> None:
    requests.post(
        f"{sandbox.urls['guidewire']}/__admin/faults",
        json={"path": "/job", "action": "status"},
        timeout=5,
    ).raise_for_status()
    result = run(sandbox, "scenario", "icare-indisponible")
    assert result.exit_code == 0, result.output
    assert "Scénario « Icare indisponible pour le prochain contrat » prêt." in result.output
    assert "icare : POST /api/v1/contracts… répond 503 (1 fois)" in result.output
    assert "ne déclarez jamais le véhicule une seconde fois" in result.output
    assert "Puis : pvo-sandbox conformance report --dealer 953617Z --since 20" in result.output
    faults = requests.get(f"{sandbox.urls['icare']}/__admin/faults", timeout=5).json()["faults"]
    assert [(f["path"], f["status"], f["remaining"]) for f in faults] == [
        ("/api/v1/contracts", 503, 1)
    ]
    left = requests.get(f"{sandbox.urls['guidewire']}/__admin/faults", timeout=5).json()
    assert left["faults"] == []  # the previous situation's faults are gone


def test_an_unknown_scenario_is_refused_in_french(sandbox: SandboxAdmin) -> None:
    result = run(sandbox, "scenario", "panne-totale")
    assert result.exit_code == 2
    assert "scénario inconnu" in result.output


def test_report_exits_1_on_a_failed_rule_and_writes_html_and_junit(
    sandbox: SandboxAdmin,
    centralisateur_client: CentralisateurClient,
    tmp_path: Path,
) -> None:
    with plays.TokenPerCall(sandbox.urls["guidewire"], "pvo2", "pvo2-secret") as guidewire:
        plays.nominal(centralisateur_client, guidewire)
    html, junit = tmp_path / "conformite.html", tmp_path / "junit.xml"
    result = run(
        sandbox, "report", "--dealer", "953617Z", "--html", str(html), "--junit", str(junit)
    )
    assert result.exit_code == 1, result.output
    assert "✘ échoué      GW-JETON" in result.output
    assert "✔ réussi      BDC-UNIQUE" in result.output
    assert "Verdict : NON CONFORME (1 règle(s) échouée(s))." in result.output
    assert "nouveau jeton alors que" in html.read_text(encoding="utf-8")
    assert ElementTree.parse(junit).getroot().get("failures") == "1"


def test_report_exits_0_for_pvo_client_and_since_leaves_out_older_calls(
    sandbox: SandboxAdmin,
    centralisateur_client: CentralisateurClient,
    guidewire_client: GuidewireClient,
) -> None:
    plays.nominal(centralisateur_client, guidewire_client)
    result = run(sandbox, "report", "--json")
    assert result.exit_code == 0, result.output
    assert '"conforms": true' in result.output
    later = run(sandbox, "report", "--since", "2999-01-01T00:00")
    assert later.exit_code == 2
    assert f"couverture : 0/{len(RULES)} règles observées" in later.output
    assert later.output.splitlines()[-1] == (
        "Verdict : rien à juger, aucun appel du point de vente 953617Z au journal depuis le "
        "01/01/2999 00:00:00 : vérifiez l'URL du sandbox, le code RRDI et la période (--since) ; "
        "aucun verdict n'est rendu."
    )
    allowed = run(sandbox, "report", "--since", "2999-01-01T00:00", "--allow-empty", "--json")
    assert allowed.exit_code == 0
    assert json.loads(allowed.output)["empty"] is True


def test_an_empty_run_exits_2_and_its_junit_and_json_say_so(
    sandbox: SandboxAdmin, tmp_path: Path
) -> None:
    junit = tmp_path / "junit.xml"
    result = run(sandbox, "report", "--dealer", "751020A", "--json", "--junit", str(junit))
    assert result.exit_code == 2
    data = json.loads(result.output)
    assert (data["empty"], data["conforms"], data["exit_code"]) == (True, False, 2)
    suite = ElementTree.parse(junit).getroot()
    assert suite.get("errors") == "1"
    assert suite.find("testcase/error").get("message") == data["verdict"]


def test_report_judges_drafts_against_the_bdc_files_given(
    sandbox: SandboxAdmin, centralisateur_client: CentralisateurClient, tmp_path: Path
) -> None:
    bdc = read_bdc(PEUGEOT)
    centralisateur_client.create_declaration(
        {k: v for k, v in build_prefill(bdc).items() if k != "km_vente"}, "spoticar"
    )
    write_bdc(bdc, tmp_path / "8120417.json")
    judged = run(sandbox, "report", "--bdc", str(tmp_path))
    assert judged.exit_code == 1, judged.output
    assert "km_vente laissé vide dans le brouillon remis, alors que le DMS l'avait : « 12000 »" in (
        judged.output
    )
    assert run(sandbox, "report").exit_code == 0
    empty = tmp_path / "vide"
    empty.mkdir()
    refused = run(sandbox, "report", "--bdc", str(empty))
    assert refused.exit_code == 2
    assert f"Aucun fichier BDC (*.json) dans {empty}." in refused.output


def test_report_says_which_journal_it_cannot_read() -> None:
    result = CliRunner().invoke(
        main, ["conformance", "report", "--centralisateur", "http://127.0.0.1:9"]
    )
    assert result.exit_code == 2
    assert "Le journal de centralisateur (http://127.0.0.1:9) est illisible" in result.output
