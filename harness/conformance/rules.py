"""The rules a DMS must follow to declare as the contract requires: one table, and the verdict.

Each rule has a code, a French title, why it matters (for the integrator reading the report),
how its evidence is found in the journals, and the check that finds it (`checks.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from harness.conformance import checks
from harness.conformance.checks import FAILED, PASSED, UNOBSERVED, Finding, Proof
from harness.conformance.journal import Journal
from harness.conformance.observed import DealerCalls


@dataclass(frozen=True)
class Rule:
    code: str
    title: str
    why: str
    evidence: str
    check: Callable[[DealerCalls], Finding]


RULES: tuple[Rule, ...] = (
    Rule(
        "AUTH-BASIC",
        "Authentification HTTP Basic avec le code RRDI du point de vente",
        "Le Centralisateur identifie le point de vente par son code RRDI Spoticar ; un appel "
        "refusé est une déclaration qui n'arrive pas. Échoue sur chaque appel à l'API du "
        "Centralisateur au nom du code RRDI répondu 401.",
        "Appels à l'API du Centralisateur au nom du code RRDI.",
        checks.basic_auth,
    ),
    Rule(
        "ICARE-VIA-CENTRALISATEUR",
        "Icare n'est appelé que par le Centralisateur",
        "Le contrat Icare naît de la déclaration : un DMS qui appelle Icare lui-même crée des "
        "contrats sans déclaration. Échoue sur chaque appel à l'API d'Icare fait au nom du point "
        "de vente, ou pour lui, par un autre appelant que le Centralisateur.",
        "Appels à l'API d'Icare (appelant, ou selling_dealer du contrat).",
        checks.icare_only_from_centralisateur,
    ),
    Rule(
        "GW-JETON",
        "Jeton Guidewire réutilisé jusqu'à son expiration",
        "Un jeton par appel double la charge de PSA Assurance et fait échouer le DMS quand le "
        "serveur de jetons ralentit. Échoue sur un nouveau jeton demandé plus de "
        f"{checks.TOKEN_RENEWAL_MARGIN} s avant l'expiration du précédent sans 401 entre-temps, "
        "et sur un appel relancé après un 401 sans nouveau jeton.",
        "POST /oauth2/token des clients OAuth2 qui ont travaillé pour le point de vente.",
        checks.token_reused,
    ),
    Rule(
        "BROUILLON-COMPLET",
        "Le brouillon reprend ce que le DMS sait du BDC",
        "Chaque champ que le DMS laisse vide, le vendeur doit le ressaisir : erreurs de frappe et "
        "temps perdu. Le brouillon est jugé tel qu'il est remis (première soumission par l'API "
        "ou première page ouverte sur le portail). Échoue sur chaque champ vide à la remise que "
        "le DMS avait : envoyé ensuite par PATCH sans qu'un refus le demande (un PATCH après un "
        "refus corrige les champs nommés par ses field_errors, ou tous s'il n'en nomme aucun), "
        "saisi par le vendeur sur le formulaire alors que tout BDC clôturé le porte, ou porté "
        "par le BDC du même VIN donné par --bdc. Les données de naissance (nom, date, lieu, pays) "
        "sont laissées au vendeur : les BDC du tutoriel ne les portent pas.",
        "Création et PATCH des brouillons, pages du portail, fichiers BDC de --bdc.",
        checks.draft_coverage,
    ),
    Rule(
        "FORMATS",
        "Formats du formulaire : dates JJ/MM/AAAA, immatriculation, VIN en majuscules, montants",
        "Le vendeur relit le formulaire pré-rempli : il doit y voir les formats du tutoriel, "
        "pas ceux d'une base de données. Échoue sur chaque valeur envoyée (création ou PATCH) "
        "qui n'a pas le format du champ dans le formulaire.",
        "Valeurs envoyées à la création et par PATCH, champ par champ.",
        checks.formats_respected,
    ),
    Rule(
        "CHAMPS-CONNUS",
        "Aucun champ inconnu du formulaire",
        "Un champ inconnu est refusé (422) : la déclaration ne part pas. Échoue sur chaque champ "
        "envoyé (création ou PATCH) que le formulaire du Centralisateur n'a pas.",
        "Noms des champs envoyés.",
        checks.no_unknown_fields,
    ),
    Rule(
        "FORM-URL",
        "La fenêtre du vendeur s'ouvre sur form_url",
        "Le tutoriel fait relire et valider le formulaire par le vendeur : le soumettre dans son "
        "dos le prive de ce contrôle. Jugé seulement quand le DMS dit suivre le tutoriel "
        "(--hand-off) : échoue sur un brouillon soumis par l'API ou jamais ouvert sur le portail.",
        "Pages du portail ouvertes sur chaque brouillon (GET /declarations/<id>).",
        checks.form_url_opened,
    ),
    Rule(
        "422-CORRIGE",
        "Après un refus (422), une soumission corrigée",
        "Renvoyer tel quel ce qui a été refusé donne le même refus ; ne jamais corriger laisse "
        "le véhicule sans garantie et le vendeur sans nouvelles. Pour chaque soumission refusée "
        "(422, sauf CONTRACT_IN_FORCE, jugé par BDC-UNIQUE), la soumission suivante de la même "
        "déclaration ou du même véhicule (VIN ou immatriculation), par l'API ou par le vendeur "
        "sur le portail : échoue quand son contenu est le même, et quand il n'y en a aucune avant "
        "la fin de la période (« refus abandonné »). Chez Guidewire : échoue quand l'action "
        "refusée est renvoyée avec le même corps.",
        "Soumissions refusées, leurs field_errors, et les soumissions qui suivent.",
        checks.corrected_after_422,
    ),
    Rule(
        "PAS-DE-RAFALE",
        "Pas de rafale de relances identiques",
        "Une rafale sature le service au moment où il peine déjà, et multiplie les risques de "
        f"doublon. Échoue sur {checks.BURST_CALLS} écritures identiques (méthode, chemin, corps) "
        f"arrivées en {checks.BURST_SECONDS} s ou moins ; un PUT ou un PATCH identique à un "
        "autre déjà accepté, ou un POST qui reprend l'Idempotency-Key d'un autre déjà accepté, "
        "ne change rien et n'est pas compté.",
        "Appels d'écriture au Centralisateur et à Guidewire, à leur heure d'arrivée.",
        checks.no_burst,
    ),
    Rule(
        "RETRY-AFTER",
        "Retry-After respecté après un 503",
        "Un service saturé dit quand revenir ; revenir plus tôt prolonge la saturation. Échoue "
        "sur chaque appel de même méthode et même route arrivé moins de Retry-After secondes "
        f"après l'heure de la réponse 503 ({checks.DEFAULT_RETRY_AFTER} s quand elle n'en donne "
        "pas), au millième de seconde.",
        "Réponses 503 et heures d'arrivée des appels suivants.",
        checks.retry_after_respected,
    ),
    Rule(
        "CONTRAT-EN-ATTENTE",
        "Contrat en attente complété par la route de relance",
        "La déclaration est enregistrée même quand Icare est indisponible : la déclarer de "
        "nouveau crée un doublon au lieu du contrat. Échoue sur une déclaration acceptée avec un "
        "contrat « en attente » suivie d'une soumission du même véhicule sous une autre "
        "déclaration, ou jamais relancée par POST …/contract (ou le bouton du portail).",
        "Soumissions acceptées au contrat « en attente », relances …/contract.",
        checks.pending_completed,
    ),
    Rule(
        "BDC-UNIQUE",
        "Un même véhicule n'est jamais déclaré deux fois",
        "Deux déclarations d'un même véhicule, ce sont deux garanties et deux factures ; un "
        "Centralisateur qui ne refuserait pas le second envoi les enregistrerait. Jugé sur les "
        "envois, acceptés ou non (soumissions, et brouillons jamais soumis par l'API), du même "
        "VIN ou de la même immatriculation sous une autre déclaration : échoue sur un envoi qui "
        "suit une déclaration acceptée de ce véhicule, un refus CONTRACT_IN_FORCE (véhicule déjà "
        "couvert), ou un envoi dont la réponse n'était pas encore arrivée ou était un échec "
        "incertain (5xx autre que 503, réponse coupée), sauf s'il porte la même Idempotency-Key. "
        "Les deux appels sont cités.",
        "Créations et soumissions de l'API, par véhicule, à leur heure d'arrivée.",
        checks.declared_once,
    ),
    Rule(
        "PSA-COMPTE",
        "Compte PSA Assurance réutilisé pour le même client",
        "Un client, un compte : ses contrats se retrouvent ensemble chez PSA Assurance. Échoue "
        "sur un second compte créé pour le même titulaire (nom, prénom, date de naissance).",
        "POST /account/v1/accounts acceptés.",
        checks.account_reused,
    ),
    Rule(
        "PSA-CHECKSUM",
        "Checksum renvoyé sur les mises à jour",
        "Le checksum empêche d'écraser un dossier modifié entre-temps par quelqu'un d'autre. "
        "Échoue sur un quote, un bind-and-issue ou un PATCH sans data.checksum ni GW-Checksum.",
        "Actions et PATCH envoyés à Guidewire.",
        checks.checksum_sent,
    ),
    Rule(
        "PSA-TRANSACTION",
        "GW-DBTransaction-ID sur chaque action, réutilisé à la relance",
        "Sans lui, une relance après une réponse perdue assure le véhicule deux fois. Échoue sur "
        "un POST sans GW-DBTransaction-ID, et sur la relance (même route, même corps) d'un "
        "appel resté sans réponse (5xx, 401, coupure) avec un autre.",
        "POST à Guidewire et leurs en-têtes.",
        checks.transaction_id_reused,
    ),
)


@dataclass(frozen=True)
class Judged:
    rule: Rule
    finding: Finding

    @property
    def status(self) -> str:
        return self.finding.status


EXIT_CONFORMS, EXIT_FAILED, EXIT_NOTHING = 0, 1, 2


@dataclass
class Verdict:
    """Every rule judged for one dealer, and the score: passed out of observed, and coverage.

    `calls` is how many calls of the dealer the journals show: none is no verdict at all (a DMS
    pointed at another URL or dealer), not a pass, unless `allow_empty`.
    """

    dealer: str
    results: list[Judged]
    since: datetime | None = None
    judged_at: datetime = field(default_factory=lambda: datetime.now().astimezone())
    calls: int = 0
    allow_empty: bool = False

    @property
    def empty(self) -> bool:
        return self.calls == 0

    def with_status(self, status: str) -> list[Judged]:
        return [r for r in self.results if r.status == status]

    @property
    def passed(self) -> list[Judged]:
        return self.with_status(PASSED)

    @property
    def failed(self) -> list[Judged]:
        return self.with_status(FAILED)

    @property
    def observed(self) -> list[Judged]:
        return [r for r in self.results if r.status != UNOBSERVED]

    @property
    def score(self) -> float:
        """Rules passed out of rules observed (0 when nothing was observed: nothing passed)."""
        return len(self.passed) / len(self.observed) if self.observed else 0.0

    @property
    def coverage(self) -> float:
        return len(self.observed) / len(self.results) if self.results else 0.0

    @property
    def conforms(self) -> bool:
        return not self.failed and (not self.empty or self.allow_empty)

    @property
    def exit_code(self) -> int:
        """0 conforms, 1 a rule failed, 2 nothing of the dealer to judge."""
        if self.failed:
            return EXIT_FAILED
        return EXIT_NOTHING if self.empty and not self.allow_empty else EXIT_CONFORMS

    def by_vehicle(self) -> dict[str, list[tuple[Judged, Proof]]]:
        """The failed rules' proofs, per vehicle (or declaration, or buyer) they name."""
        sections: dict[str, list[tuple[Judged, Proof]]] = {}
        for result in self.failed:
            for proof in result.finding.proofs:
                key = proof.subject.key if proof.subject and proof.subject.key else ""
                sections.setdefault(key, []).append((result, proof))
        return sections

    def status_of(self, code: str) -> str:
        return next(r.status for r in self.results if r.rule.code == code)


def _named(calls: DealerCalls, finding: Finding) -> Finding:
    """The finding with each proof naming its vehicle, declaration or buyer."""
    proofs = [replace(p, subject=calls.subject(p.call)) for p in finding.proofs]
    return replace(finding, proofs=proofs)


def judge(
    journal: Journal,
    dealer: str,
    *,
    hand_off: bool = False,
    since: datetime | None = None,
    bdc_fields: Mapping[str, Mapping[str, Any]] | None = None,
    allow_empty: bool = False,
) -> Verdict:
    """Judge every rule on what the journals show of `dealer`'s DMS.

    `hand_off`: the DMS says it opens form_url for the dealer, as the tutorial does;
    `bdc_fields`: the form's values each BDC holds, by VIN (`--bdc`).
    """
    calls = DealerCalls(dealer, journal, hand_off=hand_off, bdc_fields=bdc_fields or {})
    results = [Judged(rule, _named(calls, rule.check(calls))) for rule in RULES]
    return Verdict(dealer, results, since, calls=calls.seen, allow_empty=allow_empty)
