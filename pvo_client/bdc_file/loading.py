"""BDC files in and out: decoded JSON, text and files to a BonDeCommande, and back; every problem
of a file comes out as one BdcFileError naming each bad field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from marshmallow import ValidationError

from pvo_client.bdc_file.messages import (
    FORMAT,
    INVALID_JSON,
    NOT_TEXT,
    NOT_UTF8,
    NUMBER_TOO_LONG,
    OTHER_FORMAT,
    TOO_NESTED,
)
from pvo_client.bdc_file.schema import BdcSchema
from pvo_client.domain import BonDeCommande
from pvo_client.rules import PvoError
from sandbox.validation import flatten_messages


class BdcFileError(PvoError):
    """A BDC file that cannot be used: `errors` lists (field path, French message)."""

    code = "FICHIER_BDC_INVALIDE"

    def __init__(self, errors: list[tuple[str, str]], source: str = "") -> None:
        what = f"Le fichier BDC {source}" if source else "Le BDC"
        if len(errors) == 1 and not errors[0][0]:  # about the whole file: one line says it
            super().__init__(f"{what} est invalide : {errors[0][1]}")
        else:
            lines = "\n".join(
                f"- {path} : {message}" if path else f"- {message}" for path, message in errors
            )
            super().__init__(f"{what} est invalide :\n{lines}")
        self.errors = errors
        self.source = source


def _bdc_view(bdc: BonDeCommande) -> dict[str, Any]:
    """The file's layout of a BDC: the offer's parts become siblings, the status is written."""
    return {
        "format": FORMAT,
        "numero": bdc.numero,
        "date": bdc.date,
        "statut": bdc.status,
        "annule": bdc.annule or None,
        "date_cloture": bdc.date_cloture,
        "site": bdc.site,
        "vendeur": bdc.vendeur,
        "client": bdc.client,
        "vehicule": bdc.vehicle,
        "offre": bdc.offer,
        "livraison": bdc.livraison,
    }


def load_bdc(data: Any, source: str = "") -> BonDeCommande:
    """A BDC from decoded JSON. Raises BdcFileError naming each bad field in French."""
    given = data.get("format") if isinstance(data, dict) else None
    if isinstance(given, str) and given != FORMAT:  # another format's fields would not help
        raise BdcFileError([("format", OTHER_FORMAT.format(given=given))], source)
    try:
        return BdcSchema().load(data)
    except ValidationError as error:
        raise BdcFileError(flatten_messages(error.messages), source) from None
    except ValueError as error:  # a domain invariant the schema could not see field by field
        raise BdcFileError([("", str(error))], source) from None


def loads_bdc(text: str, source: str = "") -> BonDeCommande:
    """A BDC from JSON text. Raises BdcFileError (also for text that is not JSON)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        message = INVALID_JSON.format(line=error.lineno, column=error.colno, reason=error.msg)
        raise BdcFileError([("", message)], source) from None
    except RecursionError:
        raise BdcFileError([("", TOO_NESTED)], source) from None
    except ValueError:  # a number of more than 4,300 digits, which Python will not read
        raise BdcFileError([("", NUMBER_TOO_LONG)], source) from None
    if not writable(data):
        raise BdcFileError([("", NOT_TEXT)], source)
    return load_bdc(data, source)


def writable(data: Any) -> bool:
    """False when a text of decoded JSON holds half of a UTF-16 surrogate pair: `"\\ud800"` is
    valid JSON yet no character, and every page, PDF and terminal that writes it breaks."""
    try:
        json.dumps(data, ensure_ascii=False).encode()
    except UnicodeEncodeError:
        return False
    return True


def read_bdc(path: str | Path) -> BonDeCommande:
    """A BDC from a `pvo2-bdc/1` file. Raises BdcFileError, OSError when unreadable."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise BdcFileError([("", NOT_UTF8.format(position=error.start))], str(path)) from None
    return loads_bdc(text, str(path))


def dump_bdc(bdc: BonDeCommande) -> dict[str, Any]:
    """The BDC as JSON-ready data; `load_bdc(dump_bdc(bdc)) == bdc`."""
    return BdcSchema().dump(_bdc_view(bdc))


def dumps_bdc(bdc: BonDeCommande) -> str:
    return json.dumps(dump_bdc(bdc), ensure_ascii=False, indent=2) + "\n"


def write_bdc(bdc: BonDeCommande, path: str | Path) -> None:
    Path(path).write_text(dumps_bdc(bdc), encoding="utf-8")
