"""What a hostile or careless caller gives `pvo-sandbox`: one French line and a non-zero exit,
never a traceback; files read bounded (regular files of at most 1 Mo); counts bounded;
screenshots written inside the folder given, whatever the case's ticket."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from harness.admin_client import SandboxAdmin
from harness.cases import CaseError, load_case
from harness.cli import main
from harness.input_files import MAX_BYTES
from harness.screenshots import screenshot_path
from pvo_client.bdc_file import read_bdc
from pvo_client.centralisateur import CentralisateurClient
from pvo_client.flow import declare
from sandbox.dealers import AXILOG

ROOT = Path(__file__).resolve().parents[2]
PEUGEOT = ROOT / "fixtures" / "bdc" / "8120417-peugeot-208-puretech-allure.json"
CASE = ROOT / "fixtures" / "cases" / "sup-001-champs-obligatoires.json"
SURROGATE = (
    "Le fichier contient un caractère impossible à écrire (une moitié de paire UTF-16 seule, "
    "comme \\ud800) : corrigez l'encodage du texte"
)


def run(*args: str) -> Result:
    """The command, in a thread that must end within 20 s (a FIFO read whole would block)."""
    results: list[Result] = []
    worker = threading.Thread(
        target=lambda: results.append(
            CliRunner().invoke(main, list(args), prog_name="pvo-sandbox")
        ),
        daemon=True,
    )
    worker.start()
    worker.join(timeout=20)
    assert results, f"pvo-sandbox {' '.join(args)} did not end"
    return results[0]


def one_french_line(result: Result, exit_code: int = 2) -> str:
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == exit_code, result.output
    lines = result.output.splitlines()
    assert len(lines) == 1 and lines[0].startswith("✘ "), result.output
    return lines[0]


def bdc_text(**changes: Any) -> str:
    return json.dumps({**json.loads(PEUGEOT.read_text(encoding="utf-8")), **changes})


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        (bdc_text(numero=0).replace('"numero": 0', '"numero": ' + "9" * 5000),
         "Le fichier contient un nombre de plus "
         "de 4 300 chiffres"),
        (bdc_text(numero="\ud800"), SURROGATE),
        (bdc_text(vehicule="x").replace('"x"', '{"marque": "\\udfff"}'), SURROGATE),
    ],
)  # fmt: skip
@pytest.mark.parametrize("command", ["declare", "print-bdc"])
def test_a_bdc_that_cannot_be_read_or_written(
    tmp_path: Path, raw: str, says: str, command: str
) -> None:
    file = tmp_path / "bdc.json"
    file.write_text(raw, encoding="utf-8", errors="surrogatepass")
    line = one_french_line(run(command, str(file)))
    assert line == f"✘ Le fichier BDC {file} est invalide : {says}"


@pytest.mark.parametrize("command", ["declare", "print-bdc", "replay"])
def test_a_device_or_a_pipe_is_refused_without_reading_it(tmp_path: Path, command: str) -> None:
    fifo = tmp_path / "tube"
    os.mkfifo(fifo)
    for path in ("/dev/null", str(fifo)):
        assert one_french_line(run(command, path)) == (
            f"✘ « {path} » n'est pas un fichier ordinaire (périphérique, tube ou socket) : "
            "donnez le chemin d'un fichier."
        )


@pytest.mark.parametrize("command", ["declare", "print-bdc", "replay"])
def test_a_file_over_1_mo_is_refused(tmp_path: Path, command: str) -> None:
    big = tmp_path / "gros.json"
    big.write_bytes(b" " * MAX_BYTES + b"{}")
    assert one_french_line(run(command, str(big))) == (
        f"✘ « {big} » dépasse 1 Mo : ce n'est pas un bon de commande ni un cas."
    )
    at_the_limit = tmp_path / "juste.json"
    at_the_limit.write_bytes(b" " * (MAX_BYTES - 2) + b"{}")
    assert "dépasse" not in run(command, str(at_the_limit)).output


@pytest.mark.parametrize(
    "option",
    [["--password", "é€"], ["--code", "Ω53617Z"], ["--client-id", "\udcff"],
     ["--client-secret", "秘密"]],
)  # fmt: skip
def test_http_basic_credentials_are_latin_1(option: list[str]) -> None:
    assert one_french_line(run("declare", str(PEUGEOT), *option)) == (
        f"✘ Valeur refusée pour {option[0]} : seuls les caractères de l'alphabet latin (Latin-1, "
        "sans €) passent en HTTP Basic. Aide : pvo-sandbox declare --help"
    )


@pytest.mark.parametrize("day", ["0001-01-01", "1999-12-31", "2097-01-01", "2025-02-30", "demain"])
def test_generate_bdc_today_is_bounded(day: str, tmp_path: Path) -> None:
    assert one_french_line(run("generate", "bdc", "--today", day, "--out", str(tmp_path))) == (
        f"✘ Valeur refusée pour --today : « {day} » n'est pas une date AAAA-MM-JJ du 01/01/2000 "
        "au 31/12/2096. Aide : pvo-sandbox generate bdc --help"
    )


@pytest.mark.parametrize("day", ["2000-01-01", "2096-12-31"])
def test_generate_bdc_at_both_ends_of_its_days(day: str, tmp_path: Path) -> None:
    result = run("generate", "bdc", "--count", "20", "--seed", "5", "--today", day, "--out",
                 str(tmp_path))  # fmt: skip
    assert result.exit_code == 0, result.output
    assert len(list(tmp_path.glob("*.json"))) == 20


@pytest.mark.parametrize("count", ["0", "10001", "1000000000"])
def test_generate_bdc_count_is_bounded(count: str, tmp_path: Path) -> None:
    assert one_french_line(run("generate", "bdc", "--count", count, "--out", str(tmp_path))) == (
        f"✘ Valeur refusée pour --count : {count} n'est pas dans l'intervalle 1<=x<=10000. "
        "Aide : pvo-sandbox generate bdc --help"
    )


@pytest.mark.parametrize("port", ["70000", "-1", "0", "65536"])
def test_serve_port_is_bounded(port: str) -> None:
    assert one_french_line(run("serve", "centralisateur", "--port", port)) == (
        f"✘ Valeur refusée pour --port : {port} n'est pas dans l'intervalle 1<=x<=65535. "
        "Aide : pvo-sandbox serve --help"
    )


@pytest.mark.parametrize("workers", ["0", "65", "²", "٣", "-1"])
def test_workers_are_bounded(workers: str) -> None:
    assert one_french_line(run("serve", "icare", "--workers", workers)) == (
        f"✘ Valeur refusée pour --workers : « {workers} » n'est pas un nombre de workers : "
        "donnez un nombre entier de 1 à 64. Aide : pvo-sandbox serve --help"
    )


def _case(tmp_path: Path, **changes: Any) -> Path:
    case = json.loads(CASE.read_text(encoding="utf-8"))
    file = tmp_path / "cas.json"
    file.write_text(json.dumps({**case, "bdc": str(PEUGEOT), **changes}), encoding="utf-8")
    return file


@pytest.mark.parametrize(("repeat", "ok"), [(0, False), (1, True), (10, True), (11, False),
                                              (1_000_000_000, False)])  # fmt: skip
def test_a_case_repeats_at_most_10_times(tmp_path: Path, repeat: int, ok: bool) -> None:
    file = _case(tmp_path, repeat=repeat)
    if ok:
        assert load_case(file).repeat == repeat
        return
    with pytest.raises(CaseError) as refused:
        load_case(file)
    assert str(refused.value) == f"{file}: « repeat » doit être un nombre entier de 1 à 10"
    assert one_french_line(run("replay", str(file))) == f"✘ {refused.value}"


def test_a_case_with_a_surrogate_or_a_huge_number_is_unreadable(tmp_path: Path) -> None:
    file = _case(tmp_path, ticket="\ud800")
    with pytest.raises(CaseError, match="une moitié de paire UTF-16 seule"):
        load_case(file)
    file.write_text('{"format": ' + "1" * 5000 + "}", encoding="utf-8")
    with pytest.raises(CaseError) as refused:
        load_case(file)
    assert str(refused.value) == (
        f"{file}: fichier de cas illisible : un nombre compte plus de 4 300 chiffres"
    )


@pytest.mark.parametrize(
    ("ticket", "name"),
    [
        ("SUP-001", "SUP-001.png"),
        ("/abs/x", "abs_x.png"),
        ("../../x", "x.png"),
        ("..", "capture.png"),
        ("", "capture.png"),
        ("a/b\\c", "a_b_c.png"),
        ("ticket\x00nul", "ticket_nul.png"),
        ("été \ud800", "t.png"),
        ("A" * 300, "A" * 100 + ".png"),
    ],
)
def test_a_screenshot_stays_in_its_folder(tmp_path: Path, ticket: str, name: str) -> None:
    shots = tmp_path / "shots"
    path = screenshot_path(shots, ticket)
    assert path == shots / name
    assert path.resolve().parent == shots.resolve()


@pytest.mark.browser
@pytest.mark.parametrize("ticket", ["../../evasion", "/tmp/evasion-absolue"])
def test_replay_writes_its_screenshot_inside_the_folder_given(tmp_path: Path, ticket: str) -> None:
    case = _case(tmp_path, ticket=ticket)
    shots = tmp_path / "a" / "b" / "shots"
    # In its own process: Playwright's sync API refuses to start beside the browser that the
    # test worker's own browser tests may hold open.
    result = subprocess.run(
        [sys.executable, "-m", "harness", "replay", str(case), "--screenshot", str(shots)],
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert [p.relative_to(shots) for p in shots.rglob("*") if p.is_file()] == [
        Path(screenshot_path(shots, ticket).name)
    ]
    assert [p for p in tmp_path.rglob("*.png") if shots not in p.parents] == []
    assert not Path("/tmp/evasion-absolue.png").exists()


def test_case_new_with_half_a_utf16_pair(sandbox: SandboxAdmin, tmp_path: Path) -> None:
    """A ticket typed with bytes that are not UTF-8 (`\\udcff` once decoded), or a desk URL
    holding one: one French line each, no file written."""
    sandbox.set_today("2025-11-30")
    client = CentralisateurClient(sandbox.urls["centralisateur"], *AXILOG.login)
    client.configure_profile(AXILOG.icare_id)
    refused = declare(read_bdc(PEUGEOT), client, form_changes={"vin": "VR3UHZKXZPT5O2345"})
    assert refused.stage == "formulaire"
    output = tmp_path / "cas.json"
    centralisateur = ["--centralisateur", sandbox.urls["centralisateur"]]
    typed = run("case", "new", *centralisateur, "--ticket", "T-\udcff", "--output", str(output))
    assert one_french_line(typed, 1) == (
        "✘ Le cas ne peut pas être écrit : un texte de l'entrée du journal ou des options "
        "contient une moitié de paire UTF-16 seule (comme \\ud800)."
    )
    assert list(tmp_path.iterdir()) == []
    desk = run("case", "new", "--pvo2", "http://127.0.0.1:9/\udcff", "--output", str(output))
    assert one_french_line(desk, 1) == (
        "✘ Impossible de joindre http://127.0.0.1:9/%ED%B3%BF/__admin/journal?limit=10000 : le "
        "sandbox est-il démarré (pvo-sandbox up) ?"
    )
