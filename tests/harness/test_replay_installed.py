"""`pvo-sandbox replay` as an installed package runs it: no pytest on its path, Playwright only
for screenshots, the BDC files found beside the case or in `--bdc-dir`, not next to the source."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from harness.cli import main

ROOT = Path(__file__).resolve().parents[2]
CASE = ROOT / "fixtures" / "cases" / "sup-002-vin-mal-forme.json"
REPLAY_THEN_LIST_MODULES = """
import sys
from harness.cli import main
try:
    main(sys.argv[1:], prog_name="pvo-sandbox")
except SystemExit as end:
    print("exit", end.code)
print(sorted({m.split(".")[0] for m in sys.modules} & {"pytest", "_pytest", "playwright"}))
"""


def test_replay_imports_neither_pytest_nor_playwright(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-c", REPLAY_THEN_LIST_MODULES, "replay", str(CASE)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    *_, verdict, modules = run.stdout.splitlines()
    assert verdict == "exit 0", run.stdout + run.stderr
    assert modules == "[]"


def test_the_bdc_of_a_case_is_found_in_bdc_dir(tmp_path: Path) -> None:
    case = json.loads(CASE.read_text(encoding="utf-8"))
    (tmp_path / "cases").mkdir()
    (tmp_path / "bdc").mkdir()
    shutil.copy(ROOT / "fixtures" / "bdc" / case["bdc"], tmp_path / "bdc" / "autre-nom.json")
    case["bdc"] = "autre-nom.json"
    (tmp_path / "cases" / CASE.name).write_text(json.dumps(case), encoding="utf-8")
    missing = CliRunner().invoke(main, ["replay", str(tmp_path / "cases" / CASE.name)])
    assert missing.exit_code == 2
    assert "bon de commande introuvable « autre-nom.json »" in missing.output
    assert "--bdc-dir en ajoute un" in missing.output
    found = CliRunner().invoke(
        main, ["replay", str(tmp_path / "cases" / CASE.name), "--bdc-dir", str(tmp_path / "bdc")]
    )
    assert found.exit_code == 0, found.output
    assert "✔ Reproduit" in found.output
