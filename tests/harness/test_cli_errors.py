"""What a careless caller gives the CLI: one French line, a non-zero exit, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from harness.cli import main

ROOT = Path(__file__).resolve().parents[2]
PEUGEOT = ROOT / "fixtures" / "bdc" / "8120417-peugeot-208-puretech-allure.json"
CASE = str(ROOT / "fixtures" / "cases" / "sup-001-champs-obligatoires.json")
DEEP = "[" * 100_000


def _case(**changes: Any) -> str:
    case = json.loads(Path(CASE).read_text(encoding="utf-8"))
    return json.dumps({**case, "bdc": str(PEUGEOT), **changes}, ensure_ascii=False)


def _bdc(**changes: Any) -> str:
    return json.dumps({**json.loads(PEUGEOT.read_text(encoding="utf-8")), **changes})


# (command line, content of the file named {file} in it, what the line says)
MISTAKES: dict[str, tuple[list[str], str | bytes | None, str]] = {
    "declare: not UTF-8": (["declare", "{file}"], b"\xff\xfe{", "n'est pas encodé en UTF-8"),
    "declare: nested JSON": (["declare", "{file}"], DEEP, "son JSON est trop imbriqué"),
    "declare: /proc/self/mem": (
        ["declare", "/proc/self/mem"],
        None,
        "Le fichier BDC /proc/self/mem ne peut pas être lu : erreur de lecture",
    ),
    "replay: nested JSON": (["replay", "{file}"], DEEP, "son JSON est trop imbriqué"),
    "replay: bdc_changes as a list": (
        ["replay", "{file}"],
        _case(bdc_changes=["vehicule.vin"]),
        "« bdc_changes » doit être un objet JSON",
    ),
    "replay: bdc_changes into a string": (
        ["replay", "{file}"],
        _case(bdc_changes={"vehicule.vin.x": 1}),
        "« vehicule.vin.x » ne désigne pas un champ d'un objet du BDC",
    ),
    "replay: dealer as a list": (
        ["replay", "{file}"],
        _case(dealer=["953617Z"]),
        "« dealer » doit être un objet JSON",
    ),
    "replay: form_changes as a list": (
        ["replay", "{file}"],
        _case(form_changes=["vin"]),
        "« form_changes » doit être un objet JSON",
    ),
    "replay: unknown fault action": (
        ["replay", "{file}"],
        _case(faults={"icare": [{"path": "/", "action": "explode"}]}),
        "action inconnue « explode » (au choix : status, delay, timeout, reset)",
    ),
    "replay: 31/02/2025": (
        ["replay", "{file}"],
        _case(today="31/02/2025"),
        "« today » n'est pas une date du calendrier : « 31/02/2025 »",
    ),
    "replay: screenshot under a file": (
        ["replay", CASE, "--screenshot", "{file}/captures"],
        "",
        "un fichier se trouve là où un dossier est attendu",
    ),
    "replay: screenshot in a folder nobody can write": (
        ["replay", CASE, "--screenshot", "/proc/captures"],
        None,
        "Les captures ne peuvent pas être enregistrées dans /proc/captures",
    ),
    "replay: --centralisateur without its value": (
        ["replay", CASE, "--centralisateur"],
        None,
        "L'option --centralisateur attend une valeur.",
    ),
    "no argument": (["declare"], None, "Il manque BDC_FILE. Aide : pvo-sandbox declare --help"),
    "no such file": (["declare", "absent.json"], None, "« absent.json » n'existe pas"),
    "unknown choice": (
        ["serve", "nulle-part"],
        None,
        "Valeur refusée pour NAME : « nulle-part » n'est pas une valeur possible",
    ),
    "unknown option": (["declare", "--nope"], None, "Option inconnue : --nope"),
    "unknown command": (["frobnicate"], None, "Commande inconnue : frobnicate."),
    "extra argument": (["mapping", "en-trop"], None, "Argument en trop : en-trop."),
}


@pytest.mark.parametrize("mistake", list(MISTAKES))
def test_each_mistake_gets_one_french_line(mistake: str, tmp_path: Path) -> None:
    args, content, says = MISTAKES[mistake]
    file = tmp_path / "fichier.json"
    if isinstance(content, bytes):
        file.write_bytes(content)
    elif content is not None:
        file.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(
        main, [arg.replace("{file}", str(file)) for arg in args], prog_name="pvo-sandbox"
    )
    assert isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code != 0
    lines = result.output.splitlines()
    assert len(lines) == 1 and lines[0].startswith("✘ "), result.output
    assert says in lines[0]


def test_another_bdc_format_is_named_with_the_one_expected(tmp_path: Path) -> None:
    file = tmp_path / "bdc.json"
    file.write_text(_bdc(format="pvo2-bdc/99", vehicule=None), encoding="utf-8")
    result = CliRunner().invoke(main, ["declare", str(file)])
    assert result.exit_code == 2
    assert result.output.splitlines()[1:] == [
        "- format : Ce fichier est au format « pvo2-bdc/99 », pas au format attendu « pvo2-bdc/1 »"
    ]


def test_version() -> None:
    result = CliRunner().invoke(main, ["--version"], prog_name="pvo-sandbox")
    assert result.exit_code == 0
    assert result.output.startswith("pvo-sandbox 0.")


def test_running_fakes_that_do_not_answer(tmp_path: Path) -> None:
    nowhere = "http://127.0.0.1:9"
    result = CliRunner().invoke(
        main,
        [
            "replay",
            CASE,
            *(f"--{fake}={nowhere}" for fake in ("centralisateur", "icare", "guidewire")),
        ],
    )
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == (
        f"✘ Impossible de joindre {nowhere}/__admin/lease : le sandbox est-il "
        "démarré (pvo-sandbox up) ?"
    )
