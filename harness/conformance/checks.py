"""One check per rule: what the journal shows a DMS did, judged, with the calls that prove it.

Each check takes the dealer's calls (`DealerCalls`) and returns a `Finding`: réussi, échoué with
the calls that prove it, or non observé when the journal holds nothing the rule is about.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from fake_centralisateur.schemas import AMOUNT, DATE, FIELDS_BY_NAME, INTEGER
from harness.conformance.journal import Call
from harness.conformance.observed import (
    PENDING,
    DealerCalls,
    accepted,
    declaration_of,
    is_contract_retry,
    is_creation,
    is_submission,
    is_update,
    sent_fields,
    unanswered,
)
from pvo_client.mapping import MAPPING
from sandbox import formats

PASSED, FAILED, UNOBSERVED = "réussi", "échoué", "non observé"

# A closed, declarable BDC always holds these values (the others may be missing from PVO²):
# a draft that leaves one of them to the dealer did not carry what the BDC holds.
ALWAYS_HELD = (
    "vendeur",
    "origine_vente",
    "civilite",
    "nom",
    "prenom",
    "adresse",
    "code_postal",
    "ville",
    "type_vehicule",
    "energie",
    "puissance_fiscale",
    "immatriculation",
    "date_premiere_immat",
    "puissance_din",
    "km_vente",
    "date_livraison",
    "km_garantie_constructeur",
    "marque",
    "modele",
    "version",
    "garantie",
    "duree",
    "date_debut_garantie",
    "date_fin_garantie",
    "produit_fidelisation",
)
TOKEN_RENEWAL_MARGIN = 60  # seconds before expiry when renewing a token is fair
BURST_CALLS, BURST_SECONDS = 3, 2
DEFAULT_RETRY_AFTER = 1  # seconds, when the 503 carried no Retry-After the journal kept
CHECKSUM_HEADER, TRANSACTION_HEADER = "GW-Checksum", "GW-DBTransaction-ID"
_JJ_MM_AAAA = re.compile(r"^\d{2}/\d{2}/\d{4}$")
_FRENCH_AMOUNT = re.compile(r"^\d{1,3}(?:[ \u202f\xa0]\d{3})*,\d{2}$")
_JOB_ACTION = re.compile(r"^/job/v1/jobs/[^/]+/(?:quote|bind-and-issue)$")


@dataclass(frozen=True)
class Proof:
    """A call that proves a finding, and what it shows."""

    call: Call
    note: str

    def describe(self) -> str:
        return f"{self.call.describe()} : {self.note}"


@dataclass
class Finding:
    status: str
    summary: str
    proofs: list[Proof] = field(default_factory=list)


def _judge(proofs: list[Proof], failed: str, passed: str) -> Finding:
    if proofs:
        return Finding(FAILED, failed.format(n=len(proofs)), proofs)
    return Finding(PASSED, passed)


def _unobserved(what: str) -> Finding:
    return Finding(UNOBSERVED, f"Rien d'observé : {what}.")


def _seconds(earlier: datetime, later: datetime) -> float:
    return (later - earlier).total_seconds()


def _next(calls: list[Call], after: Call, same: Callable[[Call], bool]) -> Call | None:
    index = calls.index(after)
    return next((c for c in calls[index + 1 :] if same(c)), None)


# Authentication


def basic_auth(d: DealerCalls) -> Finding:
    if not d.api:
        return _unobserved(f"aucun appel à l'API du Centralisateur au nom de {d.dealer}")
    proofs = [
        Proof(c, "identifiants HTTP Basic refusés (code RRDI ou mot de passe)")
        for c in d.api
        if c.status == 401
    ]
    return _judge(
        proofs,
        "{n} appel(s) refusé(s) faute d'identifiants valides.",
        f"{len(d.api)} appel(s) identifié(s) en HTTP Basic avec le code RRDI {d.dealer}.",
    )


def icare_only_from_centralisateur(d: DealerCalls) -> Finding:
    if not d.icare:
        return _unobserved("aucun appel à Icare pour ce point de vente")
    proofs = [
        Proof(c, f"Icare appelé par « {c.who or 'inconnu'} », pas par le Centralisateur")
        for c in d.icare
        if c.who != d.icare_client
    ]
    return _judge(
        proofs,
        "{n} appel(s) à Icare hors du Centralisateur.",
        f"{len(d.icare)} appel(s) à Icare, tous faits par le Centralisateur.",
    )


def token_reused(d: DealerCalls) -> Finding:
    """Tokens and calls are all Guidewire's: its journal ids order them within a second."""
    if not d.tokens:
        return _unobserved("aucun jeton demandé à Guidewire")
    proofs: list[Proof] = []
    for previous, token in zip(d.tokens, d.tokens[1:], strict=False):
        if previous.status != 200 or token.status != 200:
            continue
        lifetime = int(previous.answered("expires_in") or 0)
        elapsed = _seconds(previous.time, token.time)
        refused = any(c.status == 401 and previous.id < c.id < token.id for c in d.guidewire)
        if not refused and elapsed < lifetime - TOKEN_RENEWAL_MARGIN:
            proofs.append(
                Proof(
                    token,
                    f"nouveau jeton alors que celui de {previous.time:%H:%M:%S} valait encore "
                    f"{lifetime - elapsed:.0f} s",
                )
            )
    for refused in (c for c in d.guidewire if c.status == 401):
        following = _next(d.guidewire, refused, lambda c: True)
        if following is None:
            continue
        renewed = any(refused.id < t.id < following.id and t.status == 200 for t in d.tokens)
        if not renewed:
            proofs.append(Proof(following, "appel relancé sans nouveau jeton après un 401"))
    calls = len(d.guidewire)
    return _judge(
        proofs,
        "{n} jeton(s) demandé(s) sans nécessité, ou non renouvelé(s) après un refus.",
        f"{len(d.tokens)} jeton(s) pour {calls} appel(s) à Guidewire : réutilisés tant qu'ils "
        "sont valides.",
    )


# The draft


def _drafts(d: DealerCalls) -> list[Call]:
    return [c for c in d.api if (is_creation(c) or is_update(c)) and "fields" in (c.body or {})]


def draft_coverage(d: DealerCalls) -> Finding:
    created = [c for c in d.api if is_creation(c) and c.status < 300]
    if not created:
        return _unobserved("aucun brouillon créé par l'API")
    table = [row.field for row in MAPPING]
    proofs: list[Proof] = []
    filled_counts: list[int] = []
    left: set[str] = set()
    for call in created:
        values = {k for k, v in sent_fields(call).items() if v not in (None, "", [])}
        filled_counts.append(len(values & set(table)))
        left |= set(table) - values
        missing = [name for name in ALWAYS_HELD if name not in values]
        if missing:
            proofs.append(
                Proof(call, f"laissés au vendeur alors que le BDC les porte : {', '.join(missing)}")
            )
    low, high = min(filled_counts), max(filled_counts)
    coverage = f"{low}/{len(table)}" + (f" à {high}/{len(table)}" if high != low else "")
    left_text = ", ".join(name for name in table if name in left) or "aucun"
    return _judge(
        proofs,
        "{n} brouillon(s) incomplet(s) ; champs de la table remplis : " + coverage + ".",
        f"{len(created)} brouillon(s) ; champs de la table remplis : {coverage} ; laissés au "
        f"vendeur : {left_text}.",
    )


def _format_problem(name: str, value: Any) -> str | None:
    """What is wrong with a value as the form reads it, or None."""
    spec = FIELDS_BY_NAME.get(name)
    if spec is None or value in (None, "") or not isinstance(value, str):
        return None
    if spec.kind == DATE and not _JJ_MM_AAAA.match(value):
        return "attendu JJ/MM/AAAA"
    if spec.kind == AMOUNT and not _FRENCH_AMOUNT.match(value):
        return "attendu un montant 15 000,00"
    if spec.kind == INTEGER and not value.isdigit():
        return "attendu un nombre entier"
    if spec.check == "is_plate" and not formats.is_plate(value):
        return "attendu AA-123-AA (ou 123 ABC 75)"
    if spec.check == "is_vin" and not formats.is_vin(value):
        return "attendu 17 caractères en majuscules, sans I, O ni Q"
    if spec.check and spec.check != "is_vin" and not getattr(formats, spec.check)(value):
        return "format refusé par le formulaire"
    return None


def formats_respected(d: DealerCalls) -> Finding:
    drafts = _drafts(d)
    if not drafts:
        return _unobserved("aucune valeur envoyée pour le formulaire")
    proofs = [
        Proof(call, f"{name} = « {value} » : {problem}")
        for call in drafts
        for name, value in sent_fields(call).items()
        if (problem := _format_problem(name, value))
    ]
    return _judge(
        proofs,
        "{n} valeur(s) dans un format que le formulaire n'affiche pas.",
        f"{len(drafts)} envoi(s) : dates JJ/MM/AAAA, immatriculation, VIN et montants au format "
        "du formulaire.",
    )


def no_unknown_fields(d: DealerCalls) -> Finding:
    drafts = _drafts(d)
    if not drafts:
        return _unobserved("aucune valeur envoyée pour le formulaire")
    proofs = [
        Proof(call, f"champ inconnu du formulaire : {', '.join(unknown)}")
        for call in drafts
        if (unknown := sorted(set(sent_fields(call)) - set(FIELDS_BY_NAME)))
    ]
    return _judge(
        proofs,
        "{n} envoi(s) avec des champs que le formulaire n'a pas.",
        f"{len(drafts)} envoi(s), tous avec des champs du formulaire.",
    )


def form_url_opened(d: DealerCalls) -> Finding:
    if not d.hand_off:
        return _unobserved("le DMS ne déclare pas passer la main au vendeur (option --hand-off)")
    if not d.declaration_ids:
        return _unobserved("aucun brouillon créé par l'API")
    proofs: list[Proof] = []
    for declaration_id in d.declaration_ids:
        behind = [c for c in d.about(declaration_id) if is_submission(c)]
        creation = d.about(declaration_id)[0]
        if behind:
            proofs.append(Proof(behind[0], "soumis par l'API, dans le dos du vendeur"))
        elif not d.portal_visits(declaration_id):
            proofs.append(Proof(creation, "form_url jamais ouvert dans le navigateur"))
    return _judge(
        proofs,
        "{n} brouillon(s) non remis au vendeur sur form_url.",
        f"{len(d.declaration_ids)} brouillon(s), chacun ouvert sur form_url par le vendeur.",
    )


# Refusals, retries, failures


def _same_content(d: DealerCalls, first: Call, second: Call) -> bool:
    if first.route.endswith("/submit") and second.route == first.route:
        declaration_id = declaration_of(first) or ""
        return d.draft_state(declaration_id, first) == d.draft_state(declaration_id, second)
    return first.body == second.body


def corrected_after_422(d: DealerCalls) -> Finding:
    refused = [
        (calls, c)
        for calls in (d.api, d.guidewire)
        for c in calls
        if c.status == 422 and c.method == "POST" and (is_submission(c) or c.fake == "guidewire")
    ]
    if not refused:
        return _unobserved("aucune soumission refusée (422)")
    proofs: list[Proof] = []
    for calls, call in refused:
        again = _next(calls, call, lambda c, r=call: c.method == r.method and c.route == r.route)
        if again is not None and _same_content(d, call, again):
            proofs.append(
                Proof(again, f"même contenu renvoyé après le refus de {call.time:%H:%M:%S}")
            )
    return _judge(
        proofs,
        "{n} soumission(s) refusée(s) renvoyée(s) sans correction.",
        f"{len(refused)} refus (422) : chaque nouvelle soumission était corrigée.",
    )


def _writes(d: DealerCalls) -> list[Call]:
    return [c for c in (*d.api, *d.guidewire) if c.method != "GET"]


def no_burst(d: DealerCalls) -> Finding:
    writes = _writes(d)
    if not writes:
        return _unobserved("aucun appel d'écriture du DMS")
    groups: dict[tuple[str, str | None, str, str, str], list[Call]] = defaultdict(list)
    for call in writes:
        groups[(call.fake, call.who, call.method, call.path, repr(call.body))].append(call)
    proofs: list[Proof] = []
    for same in groups.values():
        for start, end in zip(same, same[BURST_CALLS - 1 :], strict=False):
            if _seconds(start.time, end.time) <= BURST_SECONDS:
                proofs.append(
                    Proof(end, f"{BURST_CALLS} appels identiques en {BURST_SECONDS} s ou moins")
                )
                break
    return _judge(
        proofs,
        "{n} rafale(s) d'appels identiques.",
        f"{len(writes)} appel(s) d'écriture, sans rafale d'appels identiques.",
    )


def retry_after_respected(d: DealerCalls) -> Finding:
    unavailable = [(calls, c) for calls in (d.api, d.guidewire) for c in calls if c.status == 503]
    if not unavailable:
        return _unobserved("aucune réponse 503")
    proofs: list[Proof] = []
    for calls, call in unavailable:
        wait = int(call.answer_header("Retry-After") or DEFAULT_RETRY_AFTER)
        again = _next(calls, call, lambda c, r=call: c.method == r.method and c.route == r.route)
        if again is not None and _seconds(call.time, again.time) < wait:
            proofs.append(
                Proof(
                    again,
                    f"relancé {_seconds(call.time, again.time):.0f} s après le 503 de "
                    f"{call.time:%H:%M:%S} (Retry-After : {wait} s)",
                )
            )
    return _judge(
        proofs,
        "{n} relance(s) avant le délai Retry-After.",
        f"{len(unavailable)} réponse(s) 503 : aucune relance avant le délai Retry-After.",
    )


def _vin(fields: dict[str, Any]) -> str:
    return str(fields.get("vin") or "").strip().upper()


def pending_completed(d: DealerCalls) -> Finding:
    pending = [c for c in d.api if accepted(c) and c.answered("contract", "status") == PENDING]
    if not pending:
        return _unobserved("aucun contrat resté en attente (Icare indisponible)")
    proofs: list[Proof] = []
    for call in pending:
        declaration_id, vin = declaration_of(call), _vin(call.answered("fields") or {})
        later = d.api[d.api.index(call) + 1 :]
        again = [
            c
            for c in later
            if is_submission(c)
            and declaration_of(c) != declaration_id
            and vin
            and _vin(d.draft_state(declaration_of(c) or "", c) or sent_fields(c)) == vin
        ]
        retried = [
            c
            for c in (*later, *d.portal_visits(declaration_id or ""))
            if is_contract_retry(c) and declaration_of(c) == declaration_id and c.time >= call.time
        ]
        if again:
            proofs.append(Proof(again[0], f"véhicule {vin} déclaré de nouveau au lieu de relancer"))
        elif not retried:
            proofs.append(Proof(call, "contrat en attente jamais relancé par …/contract"))
    return _judge(
        proofs,
        "{n} contrat(s) en attente non complété(s) par la route de relance.",
        f"{len(pending)} contrat(s) en attente, complété(s) par la route de relance.",
    )


def declared_once(d: DealerCalls) -> Finding:
    declared = [c for c in d.api if is_submission(c) and accepted(c)]
    if not declared:
        return _unobserved("aucune déclaration enregistrée")
    first_by_vin: dict[str, Call] = {}
    proofs: list[Proof] = []
    for call in declared:
        vin = _vin(call.answered("fields") or {})
        if vin in first_by_vin:
            first = first_by_vin[vin]
            proofs.append(
                Proof(
                    call,
                    f"VIN {vin} déjà déclaré à {first.time:%H:%M:%S} "
                    f"(n° {first.answered('number')})",
                )
            )
        elif vin:
            first_by_vin[vin] = call
    return _judge(
        proofs,
        "{n} déclaration(s) en double.",
        f"{len(declared)} déclaration(s), chaque véhicule une seule fois.",
    )


# PSA Insurance (Guidewire)


def _holder(call: Call) -> tuple[str, ...]:
    person = call.sent("data", "attributes", "initialAccountHolder") or {}
    return tuple(
        str(person.get(key, "")).strip().lower() for key in ("lastName", "firstName", "dateOfBirth")
    )


def account_reused(d: DealerCalls) -> Finding:
    created = [
        c
        for c in d.guidewire
        if c.method == "POST" and c.route == "/account/v1/accounts" and c.status < 300
    ]
    if not created:
        return _unobserved("aucun compte créé chez PSA Assurance")
    first: dict[tuple[str, ...], Call] = {}
    proofs: list[Proof] = []
    for call in created:
        holder = _holder(call)
        if holder in first:
            proofs.append(
                Proof(
                    call,
                    f"second compte pour {holder[1].title()} {holder[0].upper()} (déjà "
                    f"{first[holder].answered('data', 'id')})",
                )
            )
        else:
            first[holder] = call
    return _judge(
        proofs,
        "{n} compte(s) créé(s) en double pour le même client.",
        f"{len(created)} compte(s), un par client.",
    )


def checksum_sent(d: DealerCalls) -> Finding:
    updates = [
        c
        for c in d.guidewire
        if (c.method == "POST" and _JOB_ACTION.match(c.route)) or c.method == "PATCH"
    ]
    if not updates:
        return _unobserved("aucune mise à jour d'un dossier PSA Assurance")
    proofs = [
        Proof(c, "ni data.checksum ni GW-Checksum")
        for c in updates
        if not c.sent("data", "checksum") and not c.header(CHECKSUM_HEADER)
    ]
    return _judge(
        proofs,
        "{n} mise(s) à jour sans le checksum du dossier.",
        f"{len(updates)} mise(s) à jour, chacune avec le checksum lu.",
    )


def transaction_id_reused(d: DealerCalls) -> Finding:
    posts = [c for c in d.guidewire if c.method == "POST"]
    if not posts:
        return _unobserved("aucune action envoyée à PSA Assurance")
    proofs = [
        Proof(c, f"sans {TRANSACTION_HEADER}") for c in posts if not c.header(TRANSACTION_HEADER)
    ]
    for call in (c for c in posts if unanswered(c)):
        again = _next(posts, call, lambda c, r=call: c.route == r.route and c.body == r.body)
        if again is not None and again.header(TRANSACTION_HEADER) != call.header(
            TRANSACTION_HEADER
        ):
            proofs.append(
                Proof(
                    again,
                    f"relance de l'appel de {call.time:%H:%M:%S} avec un autre "
                    f"{TRANSACTION_HEADER}",
                )
            )
    return _judge(
        proofs,
        "{n} action(s) sans " + TRANSACTION_HEADER + " ou relancée(s) avec un nouveau.",
        f"{len(posts)} action(s), chacune avec son {TRANSACTION_HEADER}, réutilisé à la relance.",
    )
