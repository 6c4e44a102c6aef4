"""Data the steps share: the demo dealers, the tutorial's BDCs as PVO² hands them over, and the
form's values as a dealer reads them on screen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fake_centralisateur.schemas import CHECKBOX, CHOICES, FIELDS_BY_NAME
from pvo_client.bdc_file import read_bdc
from pvo_client.mapping import build_prefill
from sandbox.dealers import DEMO_DEALERS

BDC_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "bdc"
# The demo dealers by the name a scenario calls them, as the Centralisateur seeds them.
DEALERS = {dealer.name: dealer.login for dealer in DEMO_DEALERS}


def bdc_path(name: str) -> Path:
    """The BDC file whose name contains `name` ("peugeot-208", "7414134"...)."""
    (found,) = BDC_DIR.glob(f"*{name}*.json")
    return found


def bdc_prefill(name: str) -> dict[str, Any]:
    """The pre-fill PVO² sends for one of the tutorial's BDCs."""
    return build_prefill(read_bdc(bdc_path(name)))


def displayed(fields: dict[str, Any]) -> dict[str, str]:
    """Label -> value shown in the input, for the fields typed as text or chosen in a list."""
    return {
        FIELDS_BY_NAME[name].label: str(value)
        for name, value in fields.items()
        if name in FIELDS_BY_NAME
        and FIELDS_BY_NAME[name].kind not in (CHECKBOX, CHOICES)
        and value not in (None, "")
    }
