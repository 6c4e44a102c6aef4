"""Support's case files (format `pvo2-case/1`): what a dealer sent and what they reported.

A case holds the BDC as PVO² had it, the dealer's profile state, what the dealer typed over the
form, faults to inject, the date, and what the dealer reported (see the README).
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from harness.input_files import InputFileError, read_bytes
from pvo_client.bdc_file import writable
from pvo_client.domain import Garantisseur
from sandbox.dealers import AXILOG
from sandbox.faults import ACTIONS, FaultSchema

CASE_FORMAT = "pvo2-case/1"
# The examples of a source checkout; an installed package is given its folder (`--bdc-dir`).
SOURCE_BDC_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "bdc"
DEFAULT_PROFILE = {"icare_id": AXILOG.icare_id}
OBJECT, TEXT, LIST = "un objet JSON ({...})", "un texte", "une liste JSON ([...])"
# What each key of a case holds, as said to whoever wrote the file.
CASE_KEYS: dict[str, tuple[tuple[type, ...], str]] = {
    "format": ((str,), TEXT),
    "ticket": ((str,), TEXT),
    "title": ((str,), TEXT),
    "dealer": ((dict,), OBJECT),
    "profile": ((dict, type(None)), OBJECT + " ou null"),
    "bdc": ((str, dict), "un nom de fichier ou " + OBJECT),
    "bdc_changes": ((dict,), OBJECT),
    "form_changes": ((dict,), OBJECT),
    "faults": ((dict,), OBJECT),
    "today": ((str,), "une date AAAA-MM-JJ ou JJ/MM/AAAA"),
    "repeat": ((int,), "un nombre entier"),
    "garantisseur": ((str,), "« spoticar » ou « psa »"),
    "reported": ((dict,), OBJECT),
}
FAKE_NAMES = ("centralisateur", "icare", "guidewire")
PROFILE_KEYS = {"icare_id", "autogarantie", "cirano", "cirano_id"}
MAX_REPEAT = 10  # "sent twice" is the case met; a case is replayed, not a load test


class CaseError(Exception):
    """The case file itself is unusable; the message says what to fix."""


@dataclass
class Case:
    ticket: str
    title: str
    bdc: dict[str, Any]
    dealer: tuple[str, str]
    profile: dict[str, Any] | None
    form_changes: dict[str, Any]
    faults: dict[str, list[dict[str, Any]]]
    today: str | None
    repeat: int
    reported_stage: str
    reported_messages: list[str]
    source: Path | None = None
    garantisseur: str = "spoticar"

    @property
    def plugin(self) -> Garantisseur:
        """The PVO² plugin the dealer chose, as the Garantisseur list names it."""
        return Garantisseur.PSA_INSURANCE if self.garantisseur == "psa" else Garantisseur.SPOTICAR


def _read_json(path: Path, what: str) -> Any:
    """A JSON file (a regular file of bounded size, `harness.input_files`) whose texts can be
    written, or a CaseError saying in French why it cannot be read."""
    try:
        data = json.loads(read_bytes(path).decode("utf-8"))
        if writable(data):
            return data
        reason = "un texte contient une moitié de paire UTF-16 seule (comme \\ud800)"
    except InputFileError as error:
        raise CaseError(str(error)) from None
    except UnicodeDecodeError as error:
        reason = f"il n'est pas encodé en UTF-8 (octet {error.start})"
    except RecursionError:
        reason = "son JSON est trop imbriqué"
    except json.JSONDecodeError as error:
        reason = f"ce n'est pas du JSON valide ({error})"
    except ValueError:
        reason = "un nombre compte plus de 4 300 chiffres"
    except OSError as error:
        reason = error.strerror or str(error)
    raise CaseError(f"{path}: {what} illisible : {reason}")


def _bdc_file(case_file: Path, name: str, bdc_dirs: tuple[Path, ...]) -> Path:
    """A BDC named by a case: beside the case file first, then in the given folders."""
    folders = (case_file.parent, *bdc_dirs)
    for folder in folders:
        if (folder / name).is_file():
            return folder / name
    raise CaseError(
        f"{case_file}: bon de commande introuvable « {name} » (cherché dans "
        f"{', '.join(map(str, folders))} ; --bdc-dir en ajoute un)"
    )


def _set_path(case_file: Path, document: dict[str, Any], dotted: str, value: Any) -> None:
    *parents, last = dotted.split(".")
    target: Any = document
    for key in parents:
        target = target.get(key) if isinstance(target, dict) else None
    if not isinstance(target, dict):
        raise CaseError(
            f"{case_file}: bdc_changes « {dotted} » ne désigne pas un champ d'un objet du BDC"
        )
    if value is None:
        target.pop(last, None)
    else:
        target[last] = value


def _check_types(path: Path, raw: dict[str, Any]) -> None:
    for key, value in raw.items():
        types, expected = CASE_KEYS[key]
        if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
            raise CaseError(f"{path}: « {key} » doit être {expected}")
    for key in ("dealer", "reported"):
        for inner, value in raw.get(key, {}).items():
            if not isinstance(value, list if inner == "messages" else str):
                raise CaseError(
                    f"{path}: « {key}.{inner} » doit être {TEXT if inner != 'messages' else LIST}"
                )

    profile = raw.get("profile")
    if profile is not None and (set(profile) - PROFILE_KEYS or "icare_id" not in profile):
        raise CaseError(
            f"{path}: « profile » prend icare_id (obligatoire), autogarantie, cirano et cirano_id"
        )


def _today(path: Path, value: str | None) -> str | None:
    """The case's date as ISO; JJ/MM/AAAA, as a dealer writes it, is accepted too."""
    if value is None:
        return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, pattern).date().isoformat()
        except ValueError:
            continue
    raise CaseError(f"{path}: « today » n'est pas une date du calendrier : « {value} »")


def _faults(path: Path, faults: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The faults per fake, each rule checked as the fakes' admin API would."""
    for name, rules in faults.items():
        if name not in FAKE_NAMES:
            raise CaseError(
                f"{path}: faults « {name} » : fake inconnu (au choix : {', '.join(FAKE_NAMES)})"
            )
        if not isinstance(rules, list) or not all(isinstance(r, dict) for r in rules):
            raise CaseError(f"{path}: faults « {name} » doit être une liste de règles ({{...}})")
        for rule in rules:
            if rule.get("action") not in ACTIONS:
                raise CaseError(
                    f"{path}: faults « {name} » : action inconnue « {rule.get('action')} » "
                    f"(au choix : {', '.join(ACTIONS)})"
                )
            refused = FaultSchema().validate(rule)
            if refused:
                raise CaseError(
                    f"{path}: faults « {name} » : règle refusée sur {', '.join(sorted(refused))}"
                )
    return faults


def load_case(path: Path, bdc_dirs: tuple[Path, ...] = (SOURCE_BDC_DIR,)) -> Case:
    """Read a case file; the BDC may be inline or the name of a file beside the case or in one
    of `bdc_dirs`. Raises CaseError, in French, for anything that would stop the replay."""
    raw = _read_json(path, "fichier de cas")
    if not isinstance(raw, dict) or raw.get("format") != CASE_FORMAT:
        raise CaseError(f"{path}: le champ format doit valoir {CASE_FORMAT}")
    unknown = sorted(set(raw) - set(CASE_KEYS))
    if unknown:
        raise CaseError(
            f"{path}: champs inconnus : {', '.join(unknown)} (attendus : "
            f"{', '.join(sorted(CASE_KEYS))})"
        )
    _check_types(path, raw)
    if raw.get("garantisseur", "spoticar") not in ("spoticar", "psa"):
        raise CaseError(f"{path}: garantisseur vaut « spoticar » ou « psa »")
    missing = [key for key in ("ticket", "title", "bdc", "reported") if key not in raw]
    if missing or "stage" not in raw["reported"]:
        raise CaseError(
            f"{path}: cas incomplet : il manque {', '.join(missing or ['reported.stage'])}"
        )
    repeat = raw.get("repeat", 1)
    if not 1 <= repeat <= MAX_REPEAT:
        raise CaseError(f"{path}: « repeat » doit être un nombre entier de 1 à {MAX_REPEAT}")
    bdc = raw["bdc"]
    if isinstance(bdc, str):
        bdc = _read_json(_bdc_file(path, bdc, bdc_dirs), "bon de commande")
    bdc = copy.deepcopy(bdc)
    for dotted, value in raw.get("bdc_changes", {}).items():
        _set_path(path, bdc, dotted, value)
    dealer = raw.get("dealer", {})
    return Case(
        ticket=raw["ticket"],
        title=raw["title"],
        bdc=bdc,
        dealer=(
            dealer.get("code_rrdi", AXILOG.code_rrdi),
            dealer.get("password", AXILOG.password),
        ),
        profile=raw.get("profile", DEFAULT_PROFILE),
        form_changes=raw.get("form_changes", {}),
        faults=_faults(path, raw.get("faults", {})),
        today=_today(path, raw.get("today")),
        repeat=repeat,
        reported_stage=raw["reported"]["stage"],
        reported_messages=raw["reported"].get("messages", []),
        source=path,
        garantisseur=raw.get("garantisseur", "spoticar"),
    )
