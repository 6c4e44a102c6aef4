"""What the dealer typed on page 2, kept in the draft when "Déclarer et Garantir" refuses it, so
that leaving and coming back shows it again (not PVO²'s pre-fill, nor an empty form).

A draft's `fields` hold only values a draft may hold (`DraftFieldsInSchema`: dates, numbers and
amounts that read as such), so the API's view of a draft stays well-formed. Text that does not
read in its field's format ("31/02/2026") is kept as typed in `typed`, apart, and given back to
the form over `fields`.
"""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError
from sqlalchemy.orm import Session

from fake_centralisateur import schemas, store
from sandbox.db import begin_write

_DRAFT_FIELDS = schemas.DraftFieldsInSchema()


def split(typed: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """(the values a draft may hold, the text of the others as typed, cut to the longest text a
    draft keeps)."""
    try:
        return _DRAFT_FIELDS.load(typed), {}
    except ValidationError as error:
        refused = error.messages if isinstance(error.messages, dict) else {}
        unreadable = {
            name: str(typed[name])[: schemas.MAX_DRAFT_TEXT] for name in refused if name in typed
        }
        return error.valid_data or {}, unreadable


def keep(session: Session, declaration: store.Declaration, typed: dict[str, Any]) -> None:
    """Store what was typed in the draft, committed here: the request's transaction is rolled
    back when its answer is a refusal. Read-then-write at READ COMMITTED with the row held
    (`hold_declaration`): a second click that declared it meanwhile is seen, and its values
    are not overwritten."""
    readable, unreadable = split(typed)
    begin_write(session)
    held = store.hold_declaration(session, declaration)
    if held is not None and store.allows(held, store.EDIT):
        kept = {k: v for k, v in held.fields.items() if k not in unreadable}
        held.fields = {**kept, **readable}
        held.typed = unreadable
    session.commit()


def as_typed(declaration: store.Declaration) -> dict[str, Any]:
    """The draft's values, then what was typed that no value could hold: what "Déclarer et
    Garantir" checks, whence the draft came."""
    return {**declaration.fields, **(declaration.typed or {})}


def form_values(declaration: store.Declaration) -> dict[str, Any]:
    """The values page 2 shows: the form's defaults under the draft's values as typed."""
    return {**schemas.defaults(), **as_typed(declaration)}


# What the answers say of `typed` (`DeclarationOut.typed_fields`), for the OpenAPI document.
TYPED_DOCS: dict[str, Any] = {
    "description": "Ce que le vendeur a saisi sur la page 2 d'un brouillon et qui ne se lit pas "
    "dans le format de son champ (une date qui n'existe pas : « 31/02/2026 ») : gardé tel "
    "quel, par nom de champ, à part de `fields` (qui n'a alors pas ce champ), et remontré sur "
    "le formulaire. « Déclarer et Garantir » le vérifie comme une saisie ; une valeur donnée "
    "par `PATCH` au même champ le remplace. Vide pour une déclaration enregistrée.",
    "example": {"date_livraison": "31/02/2026"},
}
