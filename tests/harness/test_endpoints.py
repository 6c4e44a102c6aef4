"""The client commands follow the sandbox they were started with: with only `CENTRALISATEUR_PORT`,
`ICARE_PORT` and `GUIDEWIRE_PORT` set (no `PVO_*_URL`), `declare`, `conformance` and `case new`
call the fakes on those ports, as their journals show; `--help` says which URL is used."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner, Result

from harness.admin_client import SandboxAdmin
from harness.cli import main
from harness.endpoints import default_url, url_variable
from harness.fakes import FAKES
from pvo_client.bdc_file import read_bdc
from pvo_client.centralisateur import CentralisateurClient
from pvo_client.flow import declare
from sandbox.dealers import AXILOG

BDC_FILE = Path(__file__).resolve().parents[2] / "fixtures" / "bdc"
PEUGEOT = BDC_FILE / "8120417-peugeot-208-puretech-allure.json"
TODAY = "2025-11-30"


def ports_only(sandbox: SandboxAdmin) -> dict[str, str | None]:
    """The environment of a shell where only the fakes' ports were exported."""
    env: dict[str, str | None] = {url_variable(name): None for name in FAKES}
    for name, fake in FAKES.items():
        env[fake.env_port] = (
            str(urlsplit(sandbox.urls[name]).port) if name in sandbox.urls else None
        )
    return env


def run(sandbox: SandboxAdmin, *args: str) -> Result:
    return CliRunner().invoke(main, list(args), env=ports_only(sandbox))


def paths(sandbox: SandboxAdmin, fake: str) -> list[tuple[str, str]]:
    return [(e["method"], e["path"]) for e in getattr(sandbox, fake).journal()]


@pytest.fixture
def fresh(sandbox: SandboxAdmin) -> SandboxAdmin:
    sandbox.set_today(TODAY)
    for fake in ("centralisateur", "icare", "guidewire"):
        getattr(sandbox, fake).clear_journal()
    return sandbox


def test_declare_calls_the_centralisateur_and_guidewire_on_their_ports(
    fresh: SandboxAdmin, tmp_path: Path
) -> None:
    declared = run(fresh, "declare", str(PEUGEOT), "--configure-profile")
    assert "Impossible de joindre" not in declared.output, declared.output
    assert ("POST", "/api/v1/declarations") in paths(fresh, "centralisateur")

    generated = run(fresh, "generate", "bdc", "--count", "1", "--seed", "3", "--out",
                    str(tmp_path), "--today", TODAY)  # fmt: skip
    assert generated.exit_code == 0, generated.output
    (bdc,) = tmp_path.glob("*.json")
    insured = run(fresh, "declare", str(bdc), "--garantisseur", "psa")
    assert "Impossible de joindre" not in insured.output, insured.output
    assert ("POST", "/oauth2/token") in paths(fresh, "guidewire")


def test_conformance_prepares_the_fakes_on_their_ports(fresh: SandboxAdmin) -> None:
    result = run(fresh, "conformance", "scenario", "icare-indisponible")
    assert result.exit_code == 0, result.output
    assert [f["path"] for f in fresh.icare.faults()] == ["/api/v1/contracts"]
    report = run(fresh, "conformance", "report", "--dealer", AXILOG.code_rrdi)
    assert "Impossible de joindre" not in report.output, report.output


def test_case_new_reads_the_journal_of_the_centralisateur_on_its_port(
    fresh: SandboxAdmin, tmp_path: Path
) -> None:
    client = CentralisateurClient(fresh.urls["centralisateur"], *AXILOG.login)
    client.configure_profile(AXILOG.icare_id)
    refused = declare(read_bdc(PEUGEOT), client, form_changes={"vin": "VR3UHZKXZPT5O2345"})
    assert refused.stage == "formulaire"
    (entry,) = [
        e for e in fresh.centralisateur.journal(method="POST") if e["path"].endswith("/submit")
    ]
    result = run(fresh, "case", "new", "--output", str(tmp_path / "cas.json"))
    assert result.exit_code == 0, result.output
    case = json.loads((tmp_path / "cas.json").read_text(encoding="utf-8"))
    assert case["ticket"] == f"JOURNAL-{entry['id']}"


def test_help_shows_the_url_the_command_uses(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PVO_CENTRALISATEUR_URL", raising=False)
    monkeypatch.setenv("CENTRALISATEUR_PORT", "9201")
    assert default_url("centralisateur") == "http://127.0.0.1:9201"
    shown = CliRunner().invoke(main, ["declare", "--help"], terminal_width=200).output
    assert "[env var: PVO_CENTRALISATEUR_URL; default: http://127.0.0.1:9201]" in shown
    monkeypatch.setenv("PVO_CENTRALISATEUR_URL", "http://sandbox.example:8080")
    shown = CliRunner().invoke(main, ["case", "new", "--help"], terminal_width=200).output
    assert "default: http://sandbox.example:8080]" in shown


@pytest.mark.parametrize("value", ["70000", "0", "-1", "huit", "８００１"])
def test_a_port_that_is_no_port_is_said_in_french(
    value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PVO_ICARE_URL", raising=False)
    result = CliRunner().invoke(
        main, ["conformance", "scenario", "icare-indisponible"], env={"ICARE_PORT": value}
    )
    assert result.exit_code == 1
    assert result.output == (
        f"✘ ICARE_PORT={value} : un numéro de port entre 1 et 65535 est attendu.\n"
    )


def test_serve_help_shows_each_fake_s_port(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GUIDEWIRE_PORT", "9203")
    monkeypatch.setenv("ICARE_PORT", "x")
    shown = " ".join(
        CliRunner().invoke(main, ["serve", "--help"], terminal_width=400).output.split()
    )
    assert (
        "[default: centralisateur 8001, icare ICARE_PORT invalide, guidewire 9203, pvo2 8004; "
        "1<=x<=65535]"
    ) in shown


def test_dealers_finds_the_four_fakes_on_their_ports(fresh: SandboxAdmin) -> None:
    result = run(fresh, "dealers", "list", "--json")
    assert result.exit_code == 0, result.output
    assert AXILOG.code_rrdi in result.output
