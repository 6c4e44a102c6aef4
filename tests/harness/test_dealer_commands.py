"""`pvo-sandbox dealers new | list | delete` against running fakes."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from harness.admin_client import SandboxAdmin
from harness.cli import main
from pvo_client.centralisateur import CentralisateurClient

EVERY_FAKE = ["centralisateur", "icare", "guidewire", "pvo2"]
DEMO_ONLY = {"953617Z": EVERY_FAKE, "751020A": EVERY_FAKE}


def _run(sandbox: SandboxAdmin, *args: str) -> tuple[int, str, str]:
    where = [f"--{name}={url}" for name, url in sandbox.urls.items()]
    result = CliRunner().invoke(main, ["dealers", *args, *where])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def closed(one_token_per_fake: SandboxAdmin, monkeypatch: pytest.MonkeyPatch) -> SandboxAdmin:
    """Every fake's admin API closed, each with its own token, given as the fakes read them."""
    monkeypatch.delenv("PVO_SANDBOX_ADMIN_TOKEN", raising=False)
    for name, fake in one_token_per_fake.fakes.items():
        monkeypatch.setenv(f"{name.upper()}_ADMIN_TOKEN", fake.token or "")
    return one_token_per_fake


def test_new_list_and_delete_across_the_four_fakes(closed: SandboxAdmin) -> None:
    sandbox = closed
    code, out, err = _run(sandbox, "new", "--json")
    assert (code, err) == (0, "")
    made = json.loads(out)
    assert re.fullmatch(r"[0-9]{6}[A-Z]", made["code_rrdi"])
    assert made["icare_id"] == f"IC-{made['code_rrdi'][:6]}"
    assert made["myicare_login"] == made["icare_id"]
    assert made["desk_user"] == f"vendeur.{made['code_rrdi'].lower()}"
    assert made["guidewire_producer_code"] == made["code_rrdi"]
    assert made["guidewire_client_id"] == f"dms-{made['code_rrdi'].lower()}"
    assert made["password"] == made["guidewire_client_secret"] == made["desk_password"]
    client = CentralisateurClient(
        sandbox.urls["centralisateur"], made["code_rrdi"], made["password"]
    )
    assert client.profile().profile_configured is False

    code, out, err = _run(sandbox, "list")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "953617Z  (tous les fakes)",
        "751020A  (tous les fakes)",
        f"{made['code_rrdi']}  (tous les fakes)",
    ]

    code, out, err = _run(sandbox, "delete", made["code_rrdi"].lower())
    assert (code, out, err) == (
        0,
        f"Distributeur {made['code_rrdi']} supprimé de tous les fakes.\n",
        "",
    )
    assert json.loads(_run(sandbox, "list", "--json")[1]) == DEMO_ONLY


def test_new_says_how_to_sign_in_in_french(sandbox: SandboxAdmin) -> None:
    code, out, _ = _run(sandbox, "new", "--code", "123456B")
    lines = out.splitlines()
    password = lines[1].rsplit(" ", 1)[1]
    assert code == 0
    assert lines == [
        "Distributeur 123456B (CONCESSION 123456B) créé sur les quatre fakes, comme à sa "
        "première connexion.",
        f"  Centralisateur : code RRDI 123456B, mot de passe {password}",
        f"  Icare : identifiant IC-123456 ; MyIcare : IC-123456 / {password}",
        f"  PVO² : site S123456B, vendeur vendeur.123456b / {password}",
        f"  PSA Assurance (Guidewire) : code producteur 123456B, client dms-123456b / {password}",
        "Supprimez-le quand vous avez fini : pvo-sandbox dealers delete 123456B",
    ]
    again = _run(sandbox, "new", "--code", "123456B")
    assert again[0] == 1
    assert again[2] == (
        "✘ centralisateur : l'API d'administration a répondu 409 (Le distributeur 123456B "
        "(IC-123456) existe déjà : choisissez un code RRDI dont les six chiffres sont libres.)\n"
    )
    assert _run(sandbox, "delete", "123456B")[0] == 0


def test_refusals_are_one_french_line(sandbox: SandboxAdmin) -> None:
    assert _run(sandbox, "delete", "953617Z") == (
        1,
        "",
        "✘ centralisateur : l'API d'administration a répondu 409 (Les distributeurs de "
        "démonstration ne se suppriment pas : réinitialisez-les (POST /__admin/reset?dealer=…).)\n",
    )
    assert _run(sandbox, "delete", "999999Z") == (
        1,
        "",
        "✘ pvo2 : l'API d'administration a répondu 404 (Aucun distributeur n'a le code RRDI "
        "999999Z.)\n",
    )
    code, out, err = _run(sandbox, "new", "--code", "12345")
    assert (code, out) == (1, "")
    assert err.startswith("✘ centralisateur : l'API d'administration a répondu 422 (")
    assert json.loads(_run(sandbox, "list", "--json")[1]) == DEMO_ONLY
