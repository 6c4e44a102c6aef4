"""The BDC files an integrator gives the report (`--bdc DIR`): what each vehicle's BDC holds,
as the form's fields, so that `BROUILLON-COMPLET` judges a draft against the BDC it came from
rather than against an assumption."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pvo_client.bdc_file import BdcFileError, read_bdc
from pvo_client.mapping import build_prefill

NO_BDC = "Aucun fichier BDC (*.json) dans {directory}."


class BdcUnavailable(Exception):
    """The BDC directory or one of its files cannot be used; the message is in French."""


def bdc_fields(directory: Path) -> dict[str, dict[str, Any]]:
    """The form's values of every `*.json` BDC in `directory`, by VIN in capitals."""
    paths = sorted(directory.glob("*.json"))
    if not paths:
        raise BdcUnavailable(NO_BDC.format(directory=directory))
    held: dict[str, dict[str, Any]] = {}
    for path in paths:
        try:
            values = build_prefill(read_bdc(path))
        except (BdcFileError, OSError) as error:
            raise BdcUnavailable(str(error)) from error
        vin = str(values.get("vin") or "").strip().upper()
        if vin:
            held[vin] = values
    return held
