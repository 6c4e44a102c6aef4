"""Where the committed BDC examples live (a module of its own: conftest is not importable)."""

from __future__ import annotations

from pathlib import Path

BDC_DIR = Path(__file__).resolve().parents[2] / "fixtures" / "bdc"
ALL = sorted(BDC_DIR.glob("*.json"))
DECLARABLE = [p for p in ALL if "ouvert" not in p.name]
OPEN = BDC_DIR / "7400056-ds3-crossback-puretech-ouvert.json"
DS3 = BDC_DIR / "7414134-ds3-crossback-e-tense.json"
SKODA = BDC_DIR / "7414502-skoda-karoq-tdi-dsg.json"
DS9 = BDC_DIR / "7413980-ds9-puretech-225-rivoli.json"
PEUGEOT = BDC_DIR / "8120417-peugeot-208-puretech-allure.json"
ALFA = BDC_DIR / "7415201-alfa-romeo-giulia-certified.json"
