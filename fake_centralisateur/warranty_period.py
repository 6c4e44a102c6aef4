"""Where a declaration's contract stands today: "à venir", "en vigueur" or "expiré".

Read from the declaration's recorded period (`date_debut_garantie`, `date_fin_garantie`, sent
to Icare as its half-open period) on the day of the dealer's sandbox clock, each time it is
shown: the confirmation, the relevé and the API say the same as MyIcare.
"""

from __future__ import annotations

from datetime import date

from fake_centralisateur import store
from sandbox import coverage

# The API's words (the Centralisateur's lower-case vocabulary: "brouillon", "déclarée").
API_STATES = {
    coverage.UPCOMING: "à venir",
    coverage.IN_FORCE: "en vigueur",
    coverage.EXPIRED: "expiré",
}
API_DOCS = {
    "type": "string",
    "nullable": True,
    "enum": list(API_STATES.values()),
    "example": "en vigueur",
    "description": "La période du contrat au jour de l'horloge du distributeur : à venir avant "
    "la date de début de garantie, en vigueur de la date de début à la veille de la date de "
    "fin, expiré à partir de la date de fin (comme MyIcare) ; null tant que le contrat est en "
    "attente.",
}


def state(declaration: store.Declaration, dealer: store.Dealer) -> str | None:
    """`sandbox.coverage`'s state of the contract's period; None for a draft or while the
    contract is pending."""
    if declaration.status != store.DECLARED or declaration.contract_number is None:
        return None
    fields = declaration.fields
    start = date.fromisoformat(fields["date_debut_garantie"])
    end = date.fromisoformat(fields["date_fin_garantie"])
    return coverage.state_for(dealer.code_rrdi, start, end, end_covered=False)


def label(declaration: store.Declaration, dealer: store.Dealer) -> str | None:
    """What the dealer reads: "À venir", "En vigueur", "Expiré"."""
    found = state(declaration, dealer)
    return coverage.LABELS[found] if found else None
