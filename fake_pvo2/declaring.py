""" "Déclarer" in the order's "Déclaration de garantie": what PVO² does with the chosen plugin,
and what it remembers of it.

"Déclaration de garantie Spoticar" hands the BDC over to the Centralisateur (its API, through
`pvo_client`'s client) and opens the window it answers with (`form_url`): the dealer goes on
there, Profil first at the first connection. "Déclaration PSA Insurance" runs PSA Assurance's
declaration on Guidewire at once. Both check `pvo_client.rules` first and stop on its refusal.

Each order keeps, per garantisseur, what happened (`store.Declaration`), and "Déclarer" does
what its state allows (`store.TRANSITIONS`): a declared order shows its declaration, an open
draft is reopened, PSA Assurance's policy is issued once. What became of a draft the desk
learns from the Centralisateur (`learn`), whenever the order is shown: the dealer's browser
only tells it to look again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy.orm import Session

from fake_pvo2 import schemas, store
from pvo_client.centralisateur import (
    CentralisateurClient,
    CentralisateurError,
    CentralisateurUnavailable,
    Declaration,
)
from pvo_client.domain import BonDeCommande, Garantisseur
from pvo_client.guidewire import GuidewireClient
from pvo_client.mapping import build_prefill
from pvo_client.psa import declare_psa
from pvo_client.report import describe, headline
from pvo_client.result import PVO2
from pvo_client.rules import PvoError, check_declarable
from sandbox.db import current_database
from sandbox.french import parse_date

SPOTICAR = Garantisseur.SPOTICAR.value


@dataclass
class Outcome:
    """Where the dealer goes next (`window`), or what they read (`messages`, `refused`).

    `kept`: the refusal came from the garantisseur and is recorded, though the page that says it
    is an error page.
    """

    window: str | None = None
    refused: bool = False
    kept: bool = False
    messages: list[str] = field(default_factory=list)


def declare(
    session: Session, site: store.Site, dossier: store.Dossier, bdc: BonDeCommande, chosen: str
) -> Outcome:
    """ "Déclarer" with the chosen plugin on a BDC of this site; never raises for a refusal.

    Two at once on the same order run one after the other (`store.lock_declaration`): the
    second reopens the first one's draft, or shows its policy.
    """
    recorded = store.lock_declaration(session, dossier, chosen)
    action = store.TRANSITIONS[recorded.state if recorded else None]
    if recorded is not None and action == store.SHOW:
        return Outcome(messages=[already_done(recorded)])
    if recorded is not None and action == store.REOPEN:
        reopened = _reopen(session, site, dossier, recorded)
        if reopened is not None:
            return reopened
    try:
        plugin = check_declarable(bdc, chosen)
        if plugin is Garantisseur.PSA_INSURANCE:
            return _psa(session, dossier, bdc)
        prefill = build_prefill(bdc)
    except PvoError as refusal:
        return Outcome(refused=True, messages=[refusal.message])
    try:
        draft = centralisateur(site).create_declaration(prefill)
    except CentralisateurUnavailable as refusal:
        return Outcome(refused=True, messages=refusal.lines)
    except CentralisateurError as refusal:
        store.record_declaration(session, dossier, SPOTICAR, store.REFUSED, messages=refusal.lines)
        return Outcome(refused=True, kept=True, messages=refusal.lines)
    store.record_declaration(
        session, dossier, SPOTICAR, store.DRAFT, declaration_id=draft.id, form_url=draft.form_url
    )
    return Outcome(window=_public(draft.form_url))


def already_done(declaration: store.Declaration) -> str:
    """What "Déclarer" says on an order whose declaration is done."""
    if declaration.state == store.INSURED:
        return schemas.POLICY_ALREADY_ISSUED.format(number=declaration.policy_number)
    return schemas.ALREADY_DECLARED.format(number=declaration.number)


def centralisateur(site: store.Site) -> CentralisateurClient:
    """The Centralisateur's API as this site's dealer (its code RRDI and password)."""
    return CentralisateurClient(
        current_app.config["CENTRALISATEUR_URL"],
        site.centralisateur_login,
        site.centralisateur_password,
    )


def _reopen(
    session: Session, site: store.Site, dossier: store.Dossier, draft: store.Declaration
) -> Outcome | None:
    """The open draft in the window again (its link served once: the Centralisateur gives a
    new one with each answer), or what it became; None when the Centralisateur no longer has
    it (a reset), so that a new one is made."""
    try:
        current = centralisateur(site).declaration(str(draft.declaration_id))
    except CentralisateurUnavailable as refusal:
        return Outcome(refused=True, messages=refusal.lines)
    except CentralisateurError:
        return None
    learned = _apply(session, dossier, current)
    if learned.state != store.DRAFT:
        return Outcome(messages=[already_done(learned)])
    return Outcome(window=_public(current.form_url))


def _apply(session: Session, dossier: store.Dossier, current: Declaration) -> store.Declaration:
    """Record the Centralisateur's declaration as it stands: a draft, or declared."""
    if current.number is None:
        return store.record_declaration(
            session,
            dossier,
            SPOTICAR,
            store.DRAFT,
            declaration_id=current.id,
            form_url=current.form_url,
        )
    start, end = (current.fields.get(name) for name in ("date_debut_garantie", "date_fin_garantie"))
    return store.record_declaration(
        session,
        dossier,
        SPOTICAR,
        store.PENDING if current.contract_status == "en attente" else store.DECLARED,
        on=current.declared_on,
        declaration_id=current.id,
        number=current.number,
        contract_number=current.contract_number,
        myicare_url=current.myicare_url,
        period_start=parse_date(start) if start else None,
        period_end=parse_date(end) if end else None,
    )


def learn(site: store.Site, dossiers: Iterable[store.Dossier], session: Session) -> bool:
    """Ask the Centralisateur what became of these dossiers' open declarations (a draft in the
    window, a contract pending) and record it; whether anything changed.

    The request's own transaction (`session`) only reads: each change is written in a writer's
    transaction of its own, the dossier locked, and only if the declaration is still the one
    asked about (a "Déclarer" at the same time may have replaced it).
    """
    found = store.declarations_of(session, list(dossiers))
    asked = [
        (declaration.dossier_id, declaration.declaration_id, declaration.state)
        for declarations in found.values()
        for declaration in declarations
        if declaration.state in store.OPEN_STATES and declaration.declaration_id
    ]
    changed = False
    for dossier_id, declaration_id, state in asked:
        try:
            current = centralisateur(site).declaration(str(declaration_id))
        except CentralisateurError:
            continue  # unreachable or gone: what the desk knows stays as it is
        if not _changed(current, state):
            continue
        with current_database().session() as writer:
            dossier = writer.get(store.Dossier, dossier_id)
            kept = dossier and store.lock_declaration(writer, dossier, SPOTICAR)
            if dossier and kept and (kept.declaration_id, kept.state) == (declaration_id, state):
                _apply(writer, dossier, current)
                changed = True
    return changed


def _changed(current: Declaration, state: str) -> bool:
    if current.number is None:
        return False
    return (store.PENDING if current.contract_status == "en attente" else store.DECLARED) != state


def print_period(session: Session, dossier: store.Dossier) -> dict[str, str]:
    """The print dialog's "Garantie du / au" once the order is declared: the contract's period,
    printed as "Début / Fin de Garantie Contractuelle"."""
    for declaration in store.declarations_of(session, [dossier])[dossier.id]:
        if declaration.number and declaration.period_start and declaration.period_end:
            return {
                "garantie_du": declaration.period_start.strftime("%d/%m/%Y"),
                "garantie_au": declaration.period_end.strftime("%d/%m/%Y"),
            }
    return {}


def _public(url: str) -> str:
    """The window's address as the dealer's browser reaches the Centralisateur (a proxy, in
    docker compose, answers the desk under another name than the browser knows)."""
    public = current_app.config.get("CENTRALISATEUR_PUBLIC_URL")
    if not public:
        return url
    parts = urlsplit(url)
    return str(public).rstrip("/") + parts.path + (f"?{parts.query}" if parts.query else "")


def window_origin(config: Mapping[str, Any]) -> str:
    """The origin the window opens at: "Déclarer"'s form lands there, so pages allow it."""
    parts = urlsplit(str(config.get("CENTRALISATEUR_PUBLIC_URL") or config["CENTRALISATEUR_URL"]))
    return f"{parts.scheme}://{parts.netloc}"


def _psa(session: Session, dossier: store.Dossier, bdc: BonDeCommande) -> Outcome:
    """PSA Assurance's policy, recorded; its refusal too, unless PVO² stopped it first."""
    config = current_app.config
    with GuidewireClient(
        config["GUIDEWIRE_URL"], config["GUIDEWIRE_CLIENT_ID"], config["GUIDEWIRE_CLIENT_SECRET"]
    ) as client:
        result = declare_psa(bdc, client)
    # The report's lines without its headline; its marks (✔, ✘, ⚠, •) stay out of the page.
    text = describe(headline(bdc, Garantisseur.PSA_INSURANCE.value), result)
    lines = [line.strip().lstrip("✔✘⚠•").strip() for line in text.splitlines()[1:]]
    messages = [line for line in lines if line]
    plugin = Garantisseur.PSA_INSURANCE.value
    if result.accepted:
        store.record_declaration(
            session,
            dossier,
            plugin,
            store.INSURED,
            policy_number=result.policy_number,
            premium=result.premium,
        )
        return Outcome(messages=messages)
    kept = result.stage != PVO2
    if kept:
        store.record_declaration(session, dossier, plugin, store.REFUSED, messages=messages)
    return Outcome(refused=True, kept=kept, messages=messages)
