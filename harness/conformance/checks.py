"""One check per rule: what the journal shows a DMS did, judged, with the calls that prove it.

Each check takes the dealer's calls (`DealerCalls`) and returns a `Finding`: réussi, échoué with
the calls that prove it, or non observé when the journal holds nothing the rule is about. The
rules judge attempts, not only what the sandbox accepted: a sandbox that refuses a duplicate
must not hide that the DMS sent it. Times are arrivals, to the millisecond.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any

from fake_centralisateur.schemas import AMOUNT, DATE, FIELDS_BY_NAME, INTEGER
from harness.conformance.journal import Call, clock
from harness.conformance.observed import (
    COVERED,
    PENDING,
    DealerCalls,
    Subject,
    accepted,
    declaration_of,
    filled,
    is_contract_retry,
    is_creation,
    is_form_post,
    is_submission,
    is_update,
    refusal_lines,
    refused_fields,
    sent_fields,
    text,
    typed_fields,
    unanswered,
)
from pvo_client.mapping import MAPPING
from sandbox import formats

PASSED, FAILED, UNOBSERVED = "réussi", "échoué", "non observé"

# A closed, declarable BDC always holds these values (the others may be missing from PVO²): the
# dealer typing one of them on the form is a value the DMS had and did not pre-fill.
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
# What the tutorial's BDCs do not carry: the dealer asks the buyer, the DMS may leave it empty.
LEFT_TO_THE_DEALER = ("nom_naissance", "date_naissance", "lieu_naissance", "pays_naissance")
TOKEN_RENEWAL_MARGIN = 60  # seconds before expiry when renewing a token is fair
BURST_CALLS, BURST_SECONDS = 3, 2
DEFAULT_RETRY_AFTER = 1  # seconds, when the 503 carried no Retry-After the journal kept
CHECKSUM_HEADER, TRANSACTION_HEADER = "GW-Checksum", "GW-DBTransaction-ID"
NOT_DONE = (429, 503)  # answers that say the request was not carried out: come back later
_JJ_MM_AAAA = re.compile(r"^\d{2}/\d{2}/\d{4}$")
_FRENCH_AMOUNT = re.compile(r"^\d{1,3}(?:[ \u202f\xa0]\d{3})*,\d{2}$")
_JOB_ACTION = re.compile(r"^/job/v1/jobs/[^/]+/(?:quote|bind-and-issue)$")


@dataclass(frozen=True)
class Proof:
    """A call that proves a finding, and what it shows: the earlier call it answers to, the
    field and value at fault, the refusal's lines the DMS ignored, and (set by the verdict)
    the vehicle or declaration it is about."""

    call: Call
    note: str
    earlier: Call | None = None
    field_name: str | None = None
    value: Any = None
    field_errors: tuple[str, ...] = ()
    subject: Subject | None = None

    def describe(self) -> str:
        lines = [f"{self.call.describe()} : {self.note}"]
        if self.earlier is not None:
            lines.append(f"  après {self.earlier.describe()}")
        if self.field_errors:
            lines.append(f"  field_errors ignorés : {' ; '.join(self.field_errors)}")
        if self.subject is not None and self.subject.key:
            lines.append(f"  {self.subject.describe()}")
        return "\n".join(lines)


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
                    f"nouveau jeton alors que celui de {clock(previous.time)} valait encore "
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


def _hand_over(d: DealerCalls, declaration_id: str) -> Call | None:
    """When the draft reached the dealer or the Centralisateur: its first submission by the API
    or its first page opened on the portal; None while neither happened."""
    moments = [c for c in d.about(declaration_id) if is_submission(c)]
    moments += d.portal_visits(declaration_id)
    return min(moments, key=lambda c: c.received_at, default=None)


def _known_later(d: DealerCalls, declaration_id: str, after: Call | None) -> dict[str, Proof]:
    """Values the DMS sent by PATCH after the hand-over, but not in answer to a refusal: after a
    refusal, a PATCH of the fields it named (or of any, when it named none) is a correction the
    dealer may have given."""
    known: dict[str, Proof] = {}
    refusal: Call | None = None
    for call in d.about(declaration_id):
        if after is None or call.received_at < after.received_at:
            continue
        if call.status == 422 and is_submission(call):
            refusal = call
        if not (is_update(call) and call.status < 300):
            continue
        corrected = refused_fields(refusal) if refusal is not None else set()
        for name, value in sent_fields(call).items():
            if filled(value) and (refusal is None or (corrected and name not in corrected)):
                known.setdefault(
                    name, Proof(call, "envoyé par PATCH après la remise", None, name, value)
                )
    return known


def _typed_by_dealer(d: DealerCalls, declaration_id: str) -> dict[str, Proof]:
    known: dict[str, Proof] = {}
    for call in d.portal_visits(declaration_id):
        if is_form_post(call):
            for name, value in typed_fields(call).items():
                if name in ALWAYS_HELD and filled(value):
                    known.setdefault(name, Proof(call, "saisi par le vendeur", None, name, value))
    return known


def draft_coverage(d: DealerCalls) -> Finding:
    if not d.declaration_ids:
        return _unobserved("aucun brouillon créé par l'API")
    table = [row.field for row in MAPPING]
    proofs: list[Proof] = []
    filled_counts: list[int] = []
    left: set[str] = set()
    for declaration_id in d.declaration_ids:
        creation = d.about(declaration_id)[0]
        hand_over = _hand_over(d, declaration_id)
        state = (
            sent_fields(creation)
            if hand_over is creation  # created and submitted at once (?submit=true)
            else d.draft_state(declaration_id, hand_over)
        )
        present = {name for name, value in state.items() if filled(value)}
        filled_counts.append(len(present & set(table)))
        left |= set(table) - present
        vin = text(state.get("vin"))
        in_bdc = {
            name: Proof(creation, "porté par le BDC (--bdc)", None, name, value)
            for name, value in d.bdc_fields.get(vin, {}).items()
            if filled(value)
        }
        had = {
            **in_bdc,
            **_typed_by_dealer(d, declaration_id),
            **_known_later(d, declaration_id, hand_over),
        }
        missing = [
            name
            for name in FIELDS_BY_NAME
            if name in had and name not in present and name not in LEFT_TO_THE_DEALER
        ]
        for name in missing:
            source = had[name]
            proofs.append(
                Proof(
                    creation,
                    f"{name} laissé vide dans le brouillon remis, alors que le DMS l'avait : "
                    f"« {source.value} », {source.note}"
                    + ("" if source.call is creation else f" ({source.call.describe()})"),
                    source.call if source.call is not creation else None,
                    name,
                    source.value,
                )
            )
    low, high = min(filled_counts), max(filled_counts)
    coverage = f"{low}/{len(table)}" + (f" à {high}/{len(table)}" if high != low else "")
    left_text = ", ".join(name for name in table if name in left) or "aucun"
    return _judge(
        proofs,
        "{n} champ(s) laissé(s) au vendeur alors que le DMS les avait ; champs de la table "
        "remplis : " + coverage + ".",
        f"{len(d.declaration_ids)} brouillon(s) ; champs de la table remplis : {coverage} ; "
        f"laissés au vendeur : {left_text}.",
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
        Proof(call, f"{name} = « {value} » : {problem}", None, name, value)
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
        Proof(
            call,
            f"champ inconnu du formulaire : {name} = « {sent_fields(call)[name]} »",
            None,
            name,
            sent_fields(call)[name],
        )
        for call in drafts
        for name in sorted(set(sent_fields(call)) - set(FIELDS_BY_NAME))
    ]
    return _judge(
        proofs,
        "{n} champ(s) envoyé(s) que le formulaire n'a pas.",
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


def _submitted_content(d: DealerCalls, call: Call) -> dict[str, Any]:
    """What a submission asked to declare: the draft then, or the creation's own fields."""
    declaration_id = declaration_of(call)
    if is_creation(call) or not declaration_id:
        return sent_fields(call)
    return d.draft_state(declaration_id, call)


def _submissions(d: DealerCalls) -> list[Call]:
    """Every submission, by the DMS through the API or by the dealer on the portal's form."""
    portal = [c for i in d.declaration_ids for c in d.portal_visits(i) if is_form_post(c)]
    return sorted((*(c for c in d.api if is_submission(c)), *portal), key=lambda c: c.received_at)


def _resubmission(d: DealerCalls, refusal: Call, submissions: list[Call]) -> Call | None:
    """The next submission of the same declaration or vehicle after a refusal, if any."""
    declaration_id = declaration_of(refusal) if not is_creation(refusal) else None
    return next(
        (
            c
            for c in submissions
            if c.received_at > refusal.received_at
            and (
                (declaration_id and declaration_of(c) == declaration_id)
                or d.same_vehicle(refusal, c)
            )
        ),
        None,
    )


def corrected_after_422(d: DealerCalls) -> Finding:
    refused = [
        c
        for c in d.api
        if c.status == 422 and is_submission(c) and c.answered("error_code") != COVERED
    ]
    refused_gw = [c for c in d.guidewire if c.status == 422 and c.method == "POST"]
    if not refused and not refused_gw:
        return _unobserved("aucune soumission refusée (422)")
    submissions = _submissions(d)
    proofs: list[Proof] = []
    for call in refused:
        ignored = tuple(refusal_lines(call))
        again = _resubmission(d, call, submissions)
        if again is None:
            proofs.append(
                Proof(
                    call,
                    f"refus abandonné : {call.answered('error_code') or 'refus'} jamais suivi "
                    "d'une soumission corrigée de cette déclaration ou de ce véhicule",
                    field_errors=ignored,
                )
            )
        elif not is_form_post(again) and _submitted_content(d, call) == _submitted_content(
            d, again
        ):
            proofs.append(
                Proof(again, "même contenu renvoyé après le refus", call, field_errors=ignored)
            )
    for call in refused_gw:
        again = _next(
            d.guidewire, call, lambda c, r=call: c.method == r.method and c.route == r.route
        )
        if again is not None and again.body == call.body:
            proofs.append(Proof(again, "même contenu renvoyé après le refus", call))
    return _judge(
        proofs,
        "{n} refus (422) renvoyé(s) sans correction ou abandonné(s).",
        f"{len(refused) + len(refused_gw)} refus (422) : chacun suivi d'une soumission corrigée.",
    )


def _changes_nothing(call: Call, earlier: list[Call]) -> bool:
    """A PUT or PATCH identical to one already accepted sets what is already set; a POST with
    the Idempotency-Key of one already accepted is answered again, not done again."""
    key = call.idempotency_key()
    return any(
        e.status < 300
        and (call.method in ("PUT", "PATCH") or (key is not None and e.idempotency_key() == key))
        for e in earlier
    )


def no_burst(d: DealerCalls) -> Finding:
    writes = [c for c in (*d.api, *d.guidewire) if c.method != "GET"]
    if not writes:
        return _unobserved("aucun appel d'écriture du DMS")
    groups: dict[tuple[str, str | None, str, str, str], list[Call]] = defaultdict(list)
    for call in sorted(writes, key=lambda c: c.received_at):
        key = (call.fake, call.who, call.method, call.path, repr(call.body))
        if not _changes_nothing(call, groups[key]):
            groups[key].append(call)
    proofs: list[Proof] = []
    for same in groups.values():
        for start, end in zip(same, same[BURST_CALLS - 1 :], strict=False):
            elapsed = _seconds(start.received_at, end.received_at)
            if elapsed <= BURST_SECONDS:
                proofs.append(
                    Proof(
                        end,
                        f"{BURST_CALLS} appels identiques en {elapsed:.3f} s "
                        f"(au plus {BURST_SECONDS} s)",
                        start,
                    )
                )
                break
    return _judge(
        proofs,
        "{n} rafale(s) d'appels identiques.",
        f"{len(writes)} appel(s) d'écriture, sans rafale d'appels identiques qui changent "
        "quelque chose.",
    )


def _retry_after(call: Call) -> float:
    """Retry-After in seconds: a number, or an HTTP date counted from the answer."""
    given = call.answer_header("Retry-After")
    if given is None:
        return DEFAULT_RETRY_AFTER
    if given.strip().isdigit():
        return int(given)
    try:
        return max(_seconds(call.answered_at, parsedate_to_datetime(given)), 0)
    except (TypeError, ValueError):
        return DEFAULT_RETRY_AFTER


def retry_after_respected(d: DealerCalls) -> Finding:
    unavailable = [(calls, c) for calls in (d.api, d.guidewire) for c in calls if c.status == 503]
    if not unavailable:
        return _unobserved("aucune réponse 503")
    proofs: dict[int, Proof] = {}
    for calls, call in unavailable:
        wait = _retry_after(call)
        for again in calls:
            elapsed = _seconds(call.answered_at, again.received_at)
            same = (
                again.method == call.method
                and again.route == call.route
                and (again.body == call.body or d.same_vehicle(call, again))
            )
            if same and again is not call and 0 <= elapsed < wait and id(again) not in proofs:
                proofs[id(again)] = Proof(
                    again,
                    f"relancé {elapsed:.3f} s après le 503 répondu à {clock(call.answered_at)} "
                    f"(Retry-After : {wait:g} s)",
                    call,
                )
    return _judge(
        list(proofs.values()),
        "{n} relance(s) avant le délai Retry-After.",
        f"{len(unavailable)} réponse(s) 503 : aucune relance avant le délai Retry-After.",
    )


def pending_completed(d: DealerCalls) -> Finding:
    pending = [c for c in d.api if accepted(c) and c.answered("contract", "status") == PENDING]
    if not pending:
        return _unobserved("aucun contrat resté en attente (Icare indisponible)")
    proofs: list[Proof] = []
    for call in pending:
        declaration_id = declaration_of(call)
        again = [
            c
            for c in d.api
            if c.received_at > call.received_at
            and is_submission(c)
            and declaration_of(c) != declaration_id
            and d.same_vehicle(call, c)
        ]
        retried = [
            c
            for c in (*d.api, *d.portal_visits(declaration_id or ""))
            if is_contract_retry(c)
            and declaration_of(c) == declaration_id
            and c.received_at >= call.received_at
        ]
        if again:
            proofs.append(Proof(again[0], "véhicule déclaré de nouveau au lieu de relancer", call))
        elif not retried:
            proofs.append(Proof(call, "contrat en attente jamais relancé par …/contract"))
    return _judge(
        proofs,
        "{n} contrat(s) en attente non complété(s) par la route de relance.",
        f"{len(pending)} contrat(s) en attente, complété(s) par la route de relance.",
    )


def _attempts(d: DealerCalls) -> list[Call]:
    """Every time the DMS handed a vehicle over, whatever the answer: its submissions, and the
    drafts it created but never submitted itself (left to the dealer, or a creation refused)."""
    submitted = {declaration_of(c) for c in d.api if is_submission(c)} - {None}
    return [
        c
        for c in d.api
        if is_submission(c) or (is_creation(c) and declaration_of(c) not in submitted)
    ]


def _why_duplicate(first: Call, again: Call) -> str | None:
    """Why `again` sends once more a vehicle `first` already took care of, or None."""
    if first.idempotency_key() and first.idempotency_key() == again.idempotency_key():
        return None  # the same request again: the Centralisateur answers it once
    first_id, again_id = declaration_of(first), declaration_of(again)
    if first_id and first_id == again_id:
        return None  # the same declaration: it cannot be recorded twice
    if first.answered_at > again.received_at and first.status not in NOT_DONE:
        return "renvoyé sans la même Idempotency-Key avant d'avoir la réponse du premier envoi"
    if accepted(first) and is_submission(first):
        number = first.answered("number")
        return f"véhicule déjà déclaré ({f'n° {number}' if number else f'id {first_id}'})"
    if first.answered("error_code") == COVERED:
        return "le refus précédent disait le véhicule déjà couvert (CONTRACT_IN_FORCE)"
    if first.status >= 500 and first.status not in NOT_DONE:
        return f"renvoyé sans la même Idempotency-Key après un {first.status} du premier envoi"
    return None


def declared_once(d: DealerCalls) -> Finding:
    attempts = _attempts(d)
    if not attempts:
        return _unobserved("aucun véhicule envoyé au Centralisateur")
    proofs: list[Proof] = []
    sent: dict[tuple[str, str], list[Call]] = defaultdict(list)  # earlier sends, by VIN or plate
    for again in attempts:
        keys = d.vehicle_keys(again)
        earlier = sorted({id(c): c for key in keys for c in sent[key]}.values(), key=attempts.index)
        for first in earlier:
            if why := _why_duplicate(first, again):
                proofs.append(Proof(again, f"envoyé de nouveau : {why}", first))
                break
        for key in keys:
            sent[key].append(again)
    vehicles = {d.subject(c).key for c in attempts}
    return _judge(
        proofs,
        "{n} envoi(s) d'un véhicule déjà déclaré ou déjà en cours.",
        f"{len(attempts)} envoi(s) pour {len(vehicles)} véhicule(s), chacun déclaré une seule "
        "fois.",
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
